import { createHash } from "node:crypto";
import OpenAI from "openai";
import type { Embedder } from "../core/ports/embedder.port.js";
import type { Logger } from "../core/ports/logger.port.js";

export interface OpenAIEmbedderOptions {
  apiKey: string;
  baseUrl: string | null;
  model: string;
  /**
   * Shorter vectors from models that can return them (text-embedding-3: `dimensions`); null = the model's own.
   * Scoring is O(members × dimensions) per question, so 256–512 keeps a 100k-member community fast.
   */
  dimensions?: number | null;
  /** Deadline of each request, retries and reading the response included. */
  timeoutMs: number;
  /**
   * SDK retries on 408/409/429/5xx (default 0: /ask waits for the request, and the SDK sleeps for whatever
   * Retry-After says before a retry; a failure instead starts the matcher's back-off, which ranks offline).
   */
  maxRetries?: number;
  /** Texts per request (default 96). */
  batchSize?: number;
  /** Cached vectors kept (default 5,000, about 30 MB at 1536 dimensions; least recently used dropped first). */
  cacheSize?: number;
  logger: Logger;
}

/**
 * Embeddings from an OpenAI-compatible endpoint (`OPENAI_BASE_URL` may point at a local model server).
 * Asks for `float` vectors, batches, caches by content hash (model + text), normalises to unit length, and
 * rejects as a whole when a request fails (the matcher then ranks offline). Each request has one deadline,
 * `timeoutMs`, covering the response body too (the SDK's own timeout stops at the headers).
 */
export class OpenAIEmbedder implements Embedder {
  readonly id: string;
  private readonly client: OpenAI;
  private readonly cache = new Map<string, Float32Array>();
  private readonly batchSize: number;
  private readonly cacheSize: number;
  private readonly log: Logger;

  constructor(private readonly opts: OpenAIEmbedderOptions) {
    this.id = `openai:${opts.model}${opts.dimensions ? `:${opts.dimensions}` : ""}`;
    this.client = new OpenAI({ apiKey: opts.apiKey, baseURL: opts.baseUrl ?? undefined, timeout: opts.timeoutMs, maxRetries: opts.maxRetries ?? 0 });
    this.batchSize = opts.batchSize ?? 96;
    this.cacheSize = opts.cacheSize ?? 5_000;
    this.log = opts.logger.child({ component: "embedder" });
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const keys = texts.map((t) => this.key(t));
    // This call's vectors, held here: filling the cache below may evict an entry this call hit.
    const found = new Map<string, Float32Array>();
    const byKey = new Map<string, string>();
    keys.forEach((k, i) => {
      const hit = this.cache.get(k);
      if (hit) {
        found.set(k, hit);
        // Least recently used goes first: a hit moves to the back.
        this.cache.delete(k);
        this.cache.set(k, hit);
      } else byKey.set(k, (texts[i] ?? "").slice(0, 8000) || " ");
    });
    const missing = [...byKey.keys()];
    for (let start = 0; start < missing.length; start += this.batchSize) {
      const batch = missing.slice(start, start + this.batchSize);
      const t0 = Date.now();
      const res = await this.client.embeddings.create({
        model: this.opts.model,
        input: batch.map((k) => byKey.get(k) ?? " "),
        encoding_format: "float",
        ...(this.opts.dimensions ? { dimensions: this.opts.dimensions } : {}),
      }, { signal: AbortSignal.timeout(this.opts.timeoutMs) });
      if (!Array.isArray(res.data) || res.data.length !== batch.length) throw new Error(`embeddings: asked for ${batch.length} vectors, got ${Array.isArray(res.data) ? res.data.length : "none"}`);
      // Checked as a whole before anything is kept: one vector of another size, or holding something other than
      // numbers, would score nobody (or everybody NaN) without a word.
      const first: unknown = res.data[0]?.embedding;
      const size = Array.isArray(first) ? first.length : 0;
      for (const d of res.data) {
        if (batch[d.index] === undefined || !Array.isArray(d.embedding)) throw new Error("embeddings: malformed response");
        if (d.embedding.length === 0 || d.embedding.length !== size) throw new Error(`embeddings: vectors of different sizes in one response (${size} and ${d.embedding.length})`);
        if (!d.embedding.every((x) => typeof x === "number" && Number.isFinite(x))) throw new Error("embeddings: a vector holds something other than numbers");
      }
      for (const d of res.data) {
        const k = batch[d.index] ?? "";
        const v = unitVector(d.embedding);
        found.set(k, v);
        this.remember(k, v);
      }
      this.log.debug({ texts: batch.length, ms: Date.now() - t0 }, "embedded");
    }
    return keys.map((k) => {
      const v = found.get(k);
      if (!v) throw new Error("embeddings: vector missing after request");
      return v;
    });
  }

  private key(text: string): string {
    return createHash("sha256").update(this.id).update("\u0000").update(text).digest("base64url");
  }

  private remember(k: string, v: Float32Array): void {
    if (this.cache.size >= this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(k, v);
  }
}

function unitVector(xs: readonly number[]): Float32Array {
  const v = Float32Array.from(xs);
  let n = 0;
  for (const x of v) n += x * x;
  const inv = n > 0 ? 1 / Math.sqrt(n) : 0;
  for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) * inv;
  return v;
}
