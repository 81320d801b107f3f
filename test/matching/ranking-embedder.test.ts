import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OpenAIEmbedder } from "../../src/ai/openai-embedder.js";
import type { Embedder } from "../../src/core/ports/embedder.port.js";
import type { Logger } from "../../src/core/ports/logger.port.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { CommunityIndex } from "../../src/ranking/community-index.js";
import { EmbeddingScores, SYNC_PROFILES } from "../../src/ranking/embedding-scores.js";
import { startFakeOpenAI, type FakeOpenAI } from "../fakes/openai/server.js";
import type { WordVectors } from "../../src/ranking/vectors.js";
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

  it("returns every vector of a call even when filling a small cache evicts one it hit; keeps recently used ones", async () => {
    const e = new OpenAIEmbedder({ apiKey: "sk-test", baseUrl: fake.url, model: "text-embedding-3-small", cacheSize: 4, timeoutMs: 2000, maxRetries: 0, logger: silentLogger });
    await e.embed(["kiln a", "kiln b", "kiln c", "kiln d"]);
    const out = await e.embed(["kiln a", "vat x"]);
    expect(out).toHaveLength(2);
    expect(fake.requests.at(-1)).toEqual(["vat x"]);
    // "kiln a" was used again, so "kiln b" (now the least recently used) was the one dropped.
    await e.embed(["kiln a"]);
    expect(fake.requests).toHaveLength(2);
    await e.embed(["kiln b"]);
    expect(fake.requests.at(-1)).toEqual(["kiln b"]);
  });

  it("asks for shorter vectors when configured", async () => {
    const short = new OpenAIEmbedder({ apiKey: "sk-test", baseUrl: fake.url, model: "text-embedding-3-small", dimensions: 4, timeoutMs: 2000, maxRetries: 0, logger: silentLogger });
    const [v] = await short.embed(["kiln and clay"]);
    expect(v).toHaveLength(4);
    expect(Math.hypot(...(v ?? []))).toBeCloseTo(1, 5);
    const [full] = await embedder().embed(["kiln and clay"]);
    expect(full).toHaveLength(8);
    expect(fake.dimensions).toEqual([4, undefined]);
  });

  it.each([
    ["vectors of different sizes in one answer", (vs: number[][]) => vs.map((v, i) => (i === 0 ? v : v.slice(0, 4)))],
    ["numbers that are not numbers", (vs: number[][]) => vs.map((v) => v.map((x, i) => (i === 0 ? "0.5" : x)))],
    ["empty vectors", (vs: number[][]) => vs.map(() => [])],
  ])("rejects an answer with %s (the matcher then ranks offline)", async (_name, mangle) => {
    fake.mangle = mangle;
    // One embedder for both calls: a new one would start with an empty cache whatever the first call left in it.
    const e = embedder();
    await expect(e.embed(["kiln and clay", "vat invoice"])).rejects.toThrow(/embeddings:/);
    // Nothing of it was cached: a good answer later is asked for again.
    fake.mangle = null;
    const asked = fake.requests.length;
    const vectors = await e.embed(["kiln and clay", "vat invoice"]);
    expect(vectors).toHaveLength(2);
    expect(fake.requests.slice(asked)).toEqual([["kiln and clay", "vat invoice"]]);
    for (const v of vectors) expect(v).toHaveLength(8);
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

describe("dense similarity and incidental ties", () => {
  it("a member tied by a common about word but close in meaning as a whole is still offered", async () => {
    const embedder: Embedder = {
      id: "fake",
      async embed(texts) {
        return texts.map((t) => Float32Array.from(/clay|handmade/i.test(t) ? [1, 0] : [0, 1]));
      },
    };
    const common = new Set(["running", "run", "keeps", "small"]);
    const vectors: WordVectors = { dims: 1, get: () => null, rank: (w) => (common.has(w) ? 500 : undefined) };
    const people = [member("jade", ["clay"]), member("tom", ["Etsy SEO"], "I run a small shop, all handmade"), member("bo", ["SEO"], "I run a small bike shop")];
    const r = await ask(matcherFor(people, { embedder, vectors }), "my clay keeps running off the wheel");
    expect(ids(r)).toContain("jade");
    expect(ids(r)).toContain("tom");
    expect(ids(r)).not.toContain("bo");
  });
});

describe("dense scores in a large community", () => {
  /** A fake Embedder (the port): unit vectors along one axis per topic word, and a log of each request's size. */
  const fakeEmbedder = (fail: () => boolean = () => false) => {
    const calls: number[] = [];
    const embedder: Embedder = {
      id: "fake",
      async embed(texts) {
        calls.push(texts.length);
        if (fail()) throw new Error("endpoint down");
        return texts.map((t) => Float32Array.from([/kiln|clay/.test(t) ? 1 : 0, /kiln|clay/.test(t) ? 0 : 1]));
      },
    };
    return { embedder, calls };
  };
  const bigIndex = (n: number) => {
    const index = new CommunityIndex({});
    for (let i = 0; i < n; i++) index.put(member(`m${String(i).padStart(4, "0")}`, [i % 100 === 0 ? "kiln firing" : "bookkeeping"]));
    return index;
  };

  it("a question waits for at most SYNC_PROFILES profiles; the rest are filled in the background, then scored", async () => {
    const { embedder, calls } = fakeEmbedder();
    const index = bigIndex(1300);
    const dense = new EmbeddingScores(embedder);
    const first = await dense.scores("my clay cracks", index, silentLogger);
    expect(calls[0]).toBe(1 + SYNC_PROFILES);
    expect(first?.size).toBe(Math.ceil(SYNC_PROFILES / 100));
    await dense.idle();
    expect(dense.size).toBe(1300);
    expect(calls.slice(1).every((n) => n <= 512)).toBe(true);
    const later = await dense.scores("my clay cracks", index, silentLogger);
    expect(calls[calls.length - 1]).toBe(1);
    expect(later?.size).toBe(13);
  });

  it("vectors that change size (another model behind the URL) get the profiles embedded again, with one log line, not nobody scored", async () => {
    let dims = 2;
    const embedder: Embedder = {
      id: "fake",
      async embed(texts) {
        return texts.map((t) => {
          const v = new Float32Array(dims);
          v[/kiln|clay/.test(t) ? 0 : 1] = 1;
          return v;
        });
      },
    };
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (_o, msg) => void warnings.push(msg ?? "") };
    const dense = new EmbeddingScores(embedder);
    const index = bigIndex(300);
    await dense.scores("clay", index, logger);
    await dense.idle();
    expect((await dense.scores("clay", index, logger))?.size).toBe(3);
    dims = 3;
    await dense.scores("clay", index, logger);
    await dense.idle();
    expect((await dense.scores("clay", index, logger))?.size).toBe(3);
    expect(dense.size).toBe(300);
    expect(warnings).toEqual(["embedding size changed; embedding the profiles again"]);
  });

  it("a failing background fill logs once, pauses the endpoint and leaves ranking offline", async () => {
    // The question's request and the first background batch succeed; then the endpoint goes down.
    let requests = 0;
    const { embedder, calls } = fakeEmbedder(() => ++requests > 2);
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (_o, msg) => void warnings.push(msg ?? "") };
    const dense = new EmbeddingScores(embedder);
    const index = bigIndex(1000);
    expect(await dense.scores("clay", index, logger)).not.toBeNull();
    await dense.idle();
    expect(dense.size).toBe(SYNC_PROFILES + 512);
    expect(warnings).toEqual(["embeddings unavailable; ranking offline"]);
    const before = calls.length;
    expect(await dense.scores("clay", index, logger)).toBeNull();
    expect(calls.length).toBe(before);
  });
});
