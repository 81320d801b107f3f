import { readAbout } from "../core/skills/parse.js";
import type { MemberId } from "../core/ids.js";
import type { Embedder } from "../core/ports/embedder.port.js";
import type { Logger } from "../core/ports/logger.port.js";
import type { CommunityIndex } from "./community-index.js";
import type { IndexedMember } from "./indexed-member.js";
import { quantiseInto } from "./vectors.js";

/** Cosine below this says nothing (dense models put unrelated texts around 0.1–0.3). */
const FLOOR = 0.3;
/** After a failure, don't call the endpoint again for this long (every /ask would otherwise wait for it). */
const BACKOFF_MS = 60_000;

/** The text a member is embedded from: helper skills, about line (without what they are learning or say they are not), questions they helped with. */
export function profileText(m: IndexedMember): string {
  const skills = m.skills.filter((s) => s.level !== "learning").map((s) => (s.level === "expert" ? `${s.label} (expert)` : s.label));
  const helped = m.helpedWith.slice(0, 5);
  return [`Skills: ${skills.join(", ")}`, readAbout(m.about).offered, ...helped].filter((s) => s.trim().length > 0).join("\n").slice(0, 2000);
}

/** Profiles embedded inside a question's own request: a small community is complete after its first question. */
export const SYNC_PROFILES = 256;
/** Profiles per background request while a large community's vectors are filled in. */
const FILL_BATCH = 512;

/**
 * Dense-embedding similarity between a question and a community's members. Member vectors are computed
 * lazily and dropped when the member changes; the embedder caches by content hash. A question waits for at
 * most SYNC_PROFILES missing profiles (embedded in the same request as the question); the rest are filled in
 * the background, one request at a time, and members without a vector yet are ranked offline meanwhile — so
 * the first `/ask` in a community of 100k members does not wait for 100k embeddings. Any embedder failure
 * returns null (offline ranking only) with one warning log line, and pauses calls for BACKOFF_MS.
 */
export class EmbeddingScores {
  /** Member vectors, 8-bit with one scale each (a quarter of float32: 100k members × 1536 dims is 154 MB, not 614). */
  private readonly vectors = new Map<MemberId, Quantised>();
  /** The size of the vectors held (null: none yet). */
  private dims: number | null = null;
  private failedAt = -Infinity;
  private filling: Promise<void> | null = null;

  constructor(private readonly embedder: Embedder, private readonly now: () => number = Date.now) {}

  invalidate(id: MemberId): void {
    this.vectors.delete(id);
  }

  /** How many members have a vector (for tests and logs). */
  get size(): number {
    return this.vectors.size;
  }

  /** Resolves when no background fill is running. */
  async idle(): Promise<void> {
    while (this.filling) await this.filling;
  }

  /** slot → similarity in [0, 1] for members above the floor; null when the embedder is unavailable. */
  async scores(question: string, index: CommunityIndex, log: Logger): Promise<Map<number, number> | null> {
    if (this.unavailable()) return null;
    const missing = this.missing(index, SYNC_PROFILES + 1);
    const now = missing.slice(0, SYNC_PROFILES);
    let q: Float32Array | undefined;
    let refill = false;
    try {
      const out = await this.embedder.embed([question, ...now.map((m) => m.text)]);
      q = out[0];
      if (q && this.dims !== null && q.length !== this.dims) {
        // Another model answers now (the one served at OPENAI_BASE_URL was swapped): the profiles' vectors score
        // nothing against its questions, so they are embedded again (in the background, as at start).
        log.warn({ embedder: this.embedder.id, was: this.dims, now: q.length }, "embedding size changed; embedding the profiles again");
        this.vectors.clear();
        refill = true;
      }
      if (q) this.dims = q.length;
      this.keep(now, out.slice(1));
    } catch (err) {
      this.failed(err, log);
      return null;
    }
    if (refill || missing.length > now.length) this.fill(index, log);
    if (!q) return null;
    const res = new Map<number, number>();
    for (let slot = 0; slot < index.capacity; slot++) {
      const e = index.entry(slot);
      const v = e ? this.vectors.get(e.member.id) : undefined;
      if (!v || v.codes.length !== q.length) continue;
      const codes = v.codes;
      let s = 0;
      for (let i = 0; i < codes.length; i++) s += (codes[i] ?? 0) * (q[i] ?? 0);
      s *= v.scale;
      if (s > FLOOR) res.set(slot, (s - FLOOR) / (1 - FLOOR));
    }
    return res;
  }

  private unavailable(): boolean {
    return this.now() - this.failedAt < BACKOFF_MS;
  }

  /** Up to `limit` members of the index without a vector, with the text to embed. */
  private missing(index: CommunityIndex, limit: number): Array<{ id: MemberId; text: string }> {
    const out: Array<{ id: MemberId; text: string }> = [];
    for (let slot = 0; slot < index.capacity && out.length < limit; slot++) {
      const e = index.entry(slot);
      if (e && !this.vectors.has(e.member.id)) out.push({ id: e.member.id, text: profileText(e.member) });
    }
    return out;
  }

  /** Stores the vectors (those of the size held; the first sets it); returns how many were kept. */
  private keep(members: ReadonlyArray<{ id: MemberId }>, vectors: readonly Float32Array[]): number {
    let kept = 0;
    members.forEach((m, i) => {
      const v = vectors[i];
      if (!v || v.length === 0 || (this.dims !== null && v.length !== this.dims)) return;
      this.dims ??= v.length;
      this.vectors.set(m.id, quantise(v));
      kept++;
    });
    return kept;
  }

  private failed(err: unknown, log: Logger): void {
    this.failedAt = this.now();
    log.warn({ err: err instanceof Error ? err.message : String(err), embedder: this.embedder.id }, "embeddings unavailable; ranking offline");
  }

  /** Embeds the remaining profiles in the background (one fill at a time; stops on the first failure). */
  private fill(index: CommunityIndex, log: Logger): void {
    if (this.filling) return;
    const run = async () => {
      for (let batch = this.missing(index, FILL_BATCH); batch.length > 0 && !this.unavailable(); batch = this.missing(index, FILL_BATCH)) {
        // An embedder that returns fewer vectors than asked breaks its contract: stop rather than loop.
        if (this.keep(batch, await this.embedder.embed(batch.map((m) => m.text))) === 0) break;
      }
    };
    this.filling = run()
      .catch((err: unknown) => this.failed(err, log))
      .finally(() => {
        this.filling = null;
      });
  }
}

interface Quantised {
  codes: Int8Array;
  /** codes × scale ≈ the vector (cosines within about 0.01). */
  scale: number;
}

function quantise(v: Float32Array): Quantised {
  const codes = new Int8Array(v.length);
  return { codes, scale: quantiseInto(v, codes) };
}
