import type { Member } from "../core/domain/member.js";
import type { MemberId } from "../core/ids.js";
import type { Embedder } from "../core/ports/embedder.port.js";
import type { Logger } from "../core/ports/logger.port.js";
import type { CommunityIndex } from "./community-index.js";

/** Cosine below this says nothing (dense models put unrelated texts around 0.1–0.3). */
const FLOOR = 0.3;
/** After a failure, don't call the endpoint again for this long (every /ask would otherwise wait for it). */
const BACKOFF_MS = 60_000;

/** The text a member is embedded from: helper skills, about line, questions they helped with. */
export function profileText(m: Member): string {
  const skills = m.skills.filter((s) => s.level !== "learning").map((s) => (s.level === "expert" ? `${s.label} (expert)` : s.label));
  const helped = m.evidence.filter((e) => e.kind === "helped" || e.kind === "accepted").slice(0, 5).map((e) => e.question);
  return [`Skills: ${skills.join(", ")}`, m.about, ...helped].filter((s) => s.trim().length > 0).join("\n").slice(0, 2000);
}

/**
 * Dense-embedding similarity between a question and a community's members. Member vectors are computed
 * lazily (in the same batch as the question) and dropped when the member changes; the embedder caches by
 * content hash. Any embedder failure returns null (offline ranking only) with one warning log line.
 */
export class EmbeddingScores {
  private readonly vectors = new Map<MemberId, Float32Array>();
  private failedAt = -Infinity;

  constructor(private readonly embedder: Embedder, private readonly now: () => number = Date.now) {}

  invalidate(id: MemberId): void {
    this.vectors.delete(id);
  }

  /** slot → similarity in [0, 1] for members above the floor; null when the embedder is unavailable. */
  async scores(question: string, index: CommunityIndex, log: Logger): Promise<Map<number, number> | null> {
    if (this.now() - this.failedAt < BACKOFF_MS) return null;
    const missing: Array<{ id: MemberId; text: string }> = [];
    for (let slot = 0; slot < index.capacity; slot++) {
      const e = index.entry(slot);
      if (e && !this.vectors.has(e.member.id)) missing.push({ id: e.member.id, text: profileText(e.member) });
    }
    let q: Float32Array | undefined;
    try {
      const out = await this.embedder.embed([question, ...missing.map((m) => m.text)]);
      q = out[0];
      missing.forEach((m, i) => {
        const v = out[i + 1];
        if (v) this.vectors.set(m.id, v);
      });
    } catch (err) {
      this.failedAt = this.now();
      log.warn({ err: err instanceof Error ? err.message : String(err), embedder: this.embedder.id }, "embeddings unavailable; ranking offline");
      return null;
    }
    if (!q) return null;
    const res = new Map<number, number>();
    for (let slot = 0; slot < index.capacity; slot++) {
      const e = index.entry(slot);
      const v = e ? this.vectors.get(e.member.id) : undefined;
      if (!v || v.length !== q.length) continue;
      let s = 0;
      for (let i = 0; i < v.length; i++) s += (v[i] ?? 0) * (q[i] ?? 0);
      if (s > FLOOR) res.set(slot, (s - FLOOR) / (1 - FLOOR));
    }
    return res;
  }
}
