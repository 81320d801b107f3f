import { createHash } from "node:crypto";
import type { Embedder } from "../core/ports/embedder.port.js";
import type { Logger } from "../core/ports/logger.port.js";
import type { CommunityIndex } from "./community-index.js";
import { dot } from "./vectors.js";

/** API cosines below this are unrelated text for typical embedding models. */
const EMB_FLOOR = 0.3;
const EMB_SPAN = 0.45;

/**
 * Semantic fit from an Embedder (OpenAI-compatible): skill phrases are embedded once (memoised by the
 * phrase's content hash), the question once per query. Any failure degrades to offline matching with a
 * warning: it never fails a ranking.
 */
export class EmbeddingSimilarity {
  private readonly phraseVecs = new Map<string, Float32Array>();

  constructor(
    private readonly embedder: Embedder,
    private readonly log: Logger,
  ) {}

  /** phrase → fit in [0, 1]; empty when the embedder fails. */
  async phraseFits(idx: CommunityIndex, question: string): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (question.trim().length === 0) return out;
    const phrases = [...idx.phrases.entries()].map(([p, e]) => ({ p, text: e.words.join(" ") || p, key: hash(e.words.join(" ") || p) }));
    const missing = [...new Set(phrases.filter((x) => !this.phraseVecs.has(x.key)).map((x) => x.text))];
    try {
      const vecs = await this.embedder.embed([question, ...missing]);
      const qv = vecs[0];
      if (!qv) return out;
      missing.forEach((text, i) => {
        const v = vecs[i + 1];
        if (v) this.phraseVecs.set(hash(text), v);
      });
      for (const { p, key } of phrases) {
        const v = this.phraseVecs.get(key);
        if (!v || v.length !== qv.length) continue;
        const fit = (dot(qv, v) - EMB_FLOOR) / EMB_SPAN;
        if (fit > 0) out.set(p, Math.min(1, fit));
      }
    } catch (err) {
      this.log.warn({ err: err instanceof Error ? err.message : String(err), embedder: this.embedder.id }, "embeddings failed; matching offline");
      out.clear();
    }
    return out;
  }
}

function hash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}
