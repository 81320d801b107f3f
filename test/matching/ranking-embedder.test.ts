import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OpenAIEmbedder } from "../../src/ai/openai-embedder.js";
import type { Logger } from "../../src/core/ports/logger.port.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { startFakeOpenAI, type FakeOpenAI } from "../fakes/openai/server.js";
import { ask, ids, matcherFor, member } from "./ranking-support.js";

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  await fake.close();
});

const embedder = (logger: Logger = silentLogger, batchSize = 96) =>
  new OpenAIEmbedder({ apiKey: "sk-test", baseUrl: fake.url, model: "text-embedding-3-small", timeoutMs: 2000, maxRetries: 0, batchSize, logger });

describe("OpenAI-compatible embedder", () => {
  it("batches, returns unit vectors in input order and caches by content", async () => {
    const e = embedder(silentLogger, 2);
    const out = await e.embed(["kiln and clay", "vat invoice", "kiln and clay", "react code"]);
    expect(out).toHaveLength(4);
    expect(out[0]).toEqual(out[2]);
    expect(Math.hypot(...(out[1] ?? []))).toBeCloseTo(1, 5);
    expect(fake.requests).toEqual([["kiln and clay", "vat invoice"], ["react code"]]);
    await e.embed(["vat invoice"]);
    expect(fake.requests).toHaveLength(2);
  });

  it("rejects as a whole when the endpoint fails", async () => {
    fake.failWith = 500;
    await expect(embedder().embed(["anything"])).rejects.toThrow();
  });

  it("adds dense similarity to ranking, and falls back to offline ranking with a log line on failure", async () => {
    const members = [member("jade", ["ceramics studio"], "wheel throwing, kiln firing"), member("dan", ["bookkeeping"])];
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (_o, msg) => void warnings.push(msg ?? ""), child: () => logger };
    const m = matcherFor(members, { embedder: embedder(), logger });
    const dense = await ask(m, "my clay cracks in the kiln");
    expect(ids(dense)[0]).toBe("jade");
    expect(fake.requests.length).toBeGreaterThan(0);

    fake.failWith = 503;
    const m2 = matcherFor(members, { embedder: embedder(), logger });
    const offline = await ask(m2, "bookkeeping software advice");
    expect(ids(offline)).toEqual(["dan"]);
    expect(warnings).toContain("embeddings unavailable; ranking offline");
  });
});
