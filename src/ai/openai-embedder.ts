import { createHash } from "node:crypto";
import OpenAI from "openai";
import type { Embedder } from "../core/ports/embedder.port.js";
import type { Logger } from "../core/ports/logger.port.js";

export interface OpenAIEmbedderOptions {
  apiKey: string;
  /** Any OpenAI-compatible endpoint (OPENAI_BASE_URL); default: the SDK's. */
  baseURL?: string;
  model?: string;
  /** Inputs per request. */
  batchSize?: number;
  /** Per-request timeout (ms). */
  timeoutMs?: number;
  /** SDK retries on 408/409/429/5xx. */
  maxRetries?: number;
  /** Most cached vectors kept (LRU by insertion). */
  cacheSize?: number;
  logger: Logger;
}

/**
 * Embeddings from an OpenAI-compatible endpoint: batched, cached by content hash (model + text), with an
 * explicit timeout and retry count, asking for `float` vectors (the SDK's default is base64). Returned
 * vectors are unit length. `embed` rejects when the endpoint fails; the matcher then falls back to
 * offline similarity (it never fails a ranking).
 */
export class OpenAIEmbedder implements Embedder {
  readonly id: string;
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly batchSize: number;
  private readonly cacheSize: number;
  private readonly cache = new Map<string, Float32Array>();
  private readonly log: Logger;

  constructor(opts: OpenAIEmbedderOptions) {
    this.model = opts.model ?? "text-embedding-3-small";
    this.id = `openai:${this.model}`;
    this.batchSize = Math.max(1, opts.batchSize ?? 64);
    this.cacheSize = opts.cacheSize ?? 20_000;
    this.log = opts.logger.child({ component: "embedder", model: this.model });
    this.client = new OpenAI({ apiKey: opts.apiKey, baseURL: opts.baseURL, maxRetries: opts.maxRetries ?? 1, timeout: opts.timeoutMs ?? 3000 });
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const keys = texts.map((t) => this.key(t));
    const missing = [...new Set(texts.filter((_, i) => !this.cache.has(keys[i]!)))];
    for (let i = 0; i < missing.length; i += this.batchSize) {
      const batch = missing.slice(i, i + this.batchSize);
      const t0 = Date.now();
      const res = await this.client.embeddings.create({ model: this.model, input: batch, encoding_format: "float" });
      if (res.data.length !== batch.length) throw new Error(`embeddings: asked for ${batch.length} vectors, got ${res.data.length}`);
      for (const d of res.data) {
        const text = batch[d.index];
        if (text === undefined) throw new Error(`embeddings: unexpected index ${d.index}`);
        this.remember(this.key(text), unit(d.embedding));
      }
      this.log.debug({ inputs: batch.length, ms: Date.now() - t0 }, "embedded batch");
    }
    return keys.map((k, i) => {
      const v = this.cache.get(k);
      if (!v) throw new Error(`embeddings: no vector for input ${i}`);
      return v;
    });
  }

  private key(text: string): string {
    return createHash("sha256").update(this.model).update("\0").update(text).digest("base64url");
  }

  private remember(key: string, v: Float32Array): void {
    if (this.cache.size >= this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, v);
  }
}

function unit(values: readonly number[]): Float32Array {
  const v = Float32Array.from(values);
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / n;
  return v;
}
