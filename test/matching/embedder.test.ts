import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OpenAIEmbedder } from "../../src/ai/openai-embedder.js";
import type { Logger } from "../../src/core/ports/logger.port.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { HybridMatcher } from "../../src/matching/hybrid-matcher.js";
import { startFakeOpenAI, type FakeOpenAI } from "../fakes/openai/server.js";
import { ask, ids, member, source } from "./members.js";

function recordingLogger(lines: Array<{ level: string; msg?: string }>): Logger {
  const l: Logger = {
    debug: (_o, msg) => void lines.push({ level: "debug", msg }),
    info: (_o, msg) => void lines.push({ level: "info", msg }),
    warn: (_o, msg) => void lines.push({ level: "warn", msg }),
    error: (_o, msg) => void lines.push({ level: "error", msg }),
    child: () => l,
  };
  return l;
}

describe("OpenAI-compatible embeddings in the hybrid matcher (fake server on 127.0.0.1)", () => {
  let fake: FakeOpenAI;
  beforeEach(async () => {
    fake = await startFakeOpenAI();
  });
  afterEach(async () => {
    await fake.close();
  });

  const embedder = (logger: Logger = silentLogger) => new OpenAIEmbedder({ apiKey: "sk-test", baseUrl: fake.url, model: "text-embedding-3-small", timeoutMs: 2000, maxRetries: 0, batchSize: 2, logger });

  it("batches, returns unit vectors in order, and caches by content", async () => {
    const e = embedder();
    const v = await e.embed(["kiln glaze", "vat invoice", "kiln glaze", "react code"]);
    expect(v).toHaveLength(4);
    expect(fake.requests.map((r) => r.length)).toEqual([2, 1]);
    expect(Math.hypot(...v[0]!)).toBeCloseTo(1, 5);
    expect(v[0]).toEqual(v[2]);
    await e.embed(["vat invoice"]);
    expect(fake.requests).toHaveLength(2);
  });

  it("lets dense similarity find a paraphrase the words miss", async () => {
    // "clay" is only related to "pottery" through the (fake) embedding space; no word vectors here
    const m = new HybridMatcher({ store: source([member("bo", ["pottery"]), member("ben", ["SEO"])]), vectors: null, embedder: embedder(), logger: silentLogger });
    const r = await m.rank(ask("my clay cracks in the kiln"));
    expect(ids(r)[0]).toBe("bo");
    expect(fake.requests.length).toBeGreaterThan(0);
  });

  it("falls back to offline matching with a warning when the endpoint fails", async () => {
    fake.failWith = 500;
    const lines: Array<{ level: string; msg?: string }> = [];
    const log = recordingLogger(lines);
    const m = new HybridMatcher({ store: source([member("bo", ["pottery"]), member("ben", ["SEO"])]), vectors: null, embedder: embedder(log), logger: log });
    const r = await m.rank(ask("who knows SEO?"));
    expect(ids(r)).toEqual(["ben"]);
    expect(lines.some((l) => l.level === "warn" && /offline/.test(l.msg ?? ""))).toBe(true);
  });
});
