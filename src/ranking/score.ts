import { F, FIELD_COUNT, type CommunityIndex } from "./community-index.js";
import { TF_UNIT, type Posting } from "./postings.js";
import { variants } from "./explain.js";
import type { ParsedQuestion } from "./query.js";

export interface FieldWeights {
  skill: number;
  about: number;
  evidence: number;
  /** Subtracted: "not my area" on questions with these terms. */
  notMyArea: number;
  k1: number;
  /** Length normalisation of the skill and the text fields. */
  bSkill: number;
  bText: number;
}

export const DEFAULT_FIELDS: FieldWeights = { skill: 1, about: 0.45, evidence: 0.6, notMyArea: 0.8, k1: 1.2, bSkill: 0.3, bText: 0.75 };

/**
 * Per-community scratch space for one ranking: a score per slot and the list of slots touched, reused from
 * query to query (only touched slots are reset), so a ranking allocates nothing proportional to the
 * community. Used synchronously: fill with `lexicalScores`, read, then `reset` before any await.
 */
export class ScoreBuffer {
  scores = new Float64Array(0);
  touched = new Int32Array(0);
  count = 0;

  /** Clears the previous ranking's scores and makes room for `capacity` slots. */
  reset(capacity: number): void {
    if (this.scores.length < capacity) {
      const cap = Math.max(64, capacity * 2);
      this.scores = new Float64Array(cap);
      this.touched = new Int32Array(cap);
    } else {
      for (let i = 0; i < this.count; i++) this.scores[this.touched[i] ?? 0] = 0;
    }
    this.count = 0;
  }

  /** Adds to a slot's score, recording the slot the first time (a touched slot never reads as exactly 0). */
  add(slot: number, by: number): void {
    const prev = this.scores[slot] ?? 0;
    if (prev === 0) this.touched[this.count++] = slot;
    this.scores[slot] = prev + by || Number.MIN_VALUE;
  }
}

/** BM25 length normalisation per field, K = k1·(1 − b + b·len/avg) = normA + normB·len, and field weights. */
interface Norms {
  stamp: number;
  normA: Float64Array;
  normB: Float64Array;
  /** Field weights (learning counts as a skill; "not my area" subtracts). */
  weight: Float64Array;
}

function norms(index: CommunityIndex, w: FieldWeights): Norms {
  const { avg, stamp } = index.norms();
  const normA = new Float64Array(FIELD_COUNT);
  const normB = new Float64Array(FIELD_COUNT);
  for (let f = 0; f < FIELD_COUNT; f++) {
    const b = f === F.skill || f === F.learning ? w.bSkill : w.bText;
    normA[f] = w.k1 * (1 - b);
    normB[f] = (w.k1 * b) / (avg[f] ?? 1);
  }
  return { stamp, normA, normB, weight: Float64Array.of(w.skill, w.about, w.evidence, w.skill, -w.notMyArea) };
}

/** One entry's field-weighted saturation Σ_f weight_f · tf / (tf + K_f) (the (k1 + 1) factor is in the query weight). */
function entryScore(tf: Uint16Array, at: number, lens: Float32Array, lat: number, nm: Norms, from: number, to: number): number {
  let s = 0;
  for (let f = from; f < to; f++) {
    const t = (tf[at + f] ?? 0) / TF_UNIT;
    if (t > 0) s += ((nm.weight[f] ?? 0) * t) / (t + (nm.normA[f] ?? 0) + (nm.normB[f] ?? 0) * (lens[lat + f] ?? 0));
  }
  return s;
}

/**
 * Precomputes a posting's helper-question impacts (every field but learning; NaN for members learning the
 * token) for the current norms and weights; a no-op while they are still valid.
 */
function refreshImpacts(p: Posting, lens: Float32Array, nm: Norms, w: FieldWeights): void {
  if (p.impactStamp === nm.stamp && p.impactOwner === w) return;
  const { tf, slots, impact } = p;
  for (let i = 0; i < p.size; i++) {
    const at = i * FIELD_COUNT;
    impact[i] = (tf[at + F.learning] ?? 0) > 0 ? Number.NaN : entryScore(tf, at, lens, (slots[i] ?? 0) * FIELD_COUNT, nm, 0, FIELD_COUNT);
  }
  p.impactStamp = nm.stamp;
  p.impactOwner = w;
}

/**
 * BM25 over the member fields, summed with field weights (BM25F-style, saturation per field), walking only
 * the postings of the question's terms with their precomputed impacts. Fills `buf` (reset first) with the
 * relevance per slot. Learning skills count only when the question asks for a fellow learner; a term a
 * member is *learning* never makes them a helper through their about line either.
 */
export function lexicalScores(index: CommunityIndex, q: ParsedQuestion, w: FieldWeights, buf: ScoreBuffer): void {
  buf.reset(index.capacity);
  const n = index.size;
  const lens = index.lens.data;
  const nm = norms(index, w);
  // A fellow-learner question wants people learning it first: learning counts double, helpers' skills half.
  const learner = q.wantsLearner ? { ...nm, weight: Float64Array.of(w.skill * 0.5, w.about, w.evidence, w.skill * 2, -w.notMyArea) } : nm;
  for (const term of q.terms.values()) {
    for (const [tok, factor] of variants(term.token)) {
      const p = index.postings.get(tok);
      if (!p) continue;
      const df = p.size;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      const qw = term.weight * factor * idf * (w.k1 + 1);
      const slots = p.slots;
      if (!q.wantsLearner) {
        refreshImpacts(p, lens, nm, w);
        const impact = p.impact;
        for (let i = 0; i < df; i++) {
          const x = impact[i] ?? 0;
          // NaN (learning) fails this test too.
          if (x > 0 || x < 0) buf.add(slots[i] ?? 0, qw * x);
        }
        continue;
      }
      const tf = p.tf;
      for (let i = 0; i < df; i++) {
        const slot = slots[i] ?? 0;
        const s = entryScore(tf, i * FIELD_COUNT, lens, slot * FIELD_COUNT, learner, 0, FIELD_COUNT);
        if (s !== 0) buf.add(slot, qw * s);
      }
    }
  }
}
