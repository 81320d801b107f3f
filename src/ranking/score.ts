import { F, type CommunityIndex } from "./community-index.js";
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
 * BM25 over the member fields, summed with field weights (BM25F-style, saturation per field). Returns the
 * relevance per slot (0 = no match). Learning skills count only when the question asks for a fellow
 * learner; a term a member is *learning* never makes them a helper through their about line either.
 */
export function lexicalScores(index: CommunityIndex, q: ParsedQuestion, w: FieldWeights): { scores: Float64Array; touched: number[] } {
  const scores = new Float64Array(index.capacity);
  const touched: number[] = [];
  const n = index.size;
  const avg = [index.avgLen(F.skill), index.avgLen(F.about), index.avgLen(F.evidence), index.avgLen(F.learning), index.avgLen(F.notMyArea)];
  const sat = (tf: number, len: number, avgLen: number, b: number) => (tf * (w.k1 + 1)) / (tf + w.k1 * (1 - b + (b * len) / avgLen));
  for (const term of q.terms.values()) {
    for (const [tok, factor] of variants(term.token)) {
      const postings = index.postings.get(tok);
      if (!postings) continue;
      const df = postings.size;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      const qw = term.weight * factor * idf;
      for (const [slot, tf] of postings) {
        const e = index.entry(slot);
        if (!e) continue;
        const learning = tf[F.learning] ?? 0;
        let s = 0;
        if (q.wantsLearner) {
          if (learning > 0) s += w.skill * sat(learning, e.len[F.learning] ?? 0, avg[F.learning] ?? 1, w.bSkill);
        } else if (learning > 0) continue;
        const ts = tf[F.skill] ?? 0;
        const ta = tf[F.about] ?? 0;
        const te = tf[F.evidence] ?? 0;
        const tn = tf[F.notMyArea] ?? 0;
        if (ts > 0) s += w.skill * sat(ts, e.len[F.skill] ?? 0, avg[F.skill] ?? 1, w.bSkill);
        if (ta > 0) s += w.about * sat(ta, e.len[F.about] ?? 0, avg[F.about] ?? 1, w.bText);
        if (te > 0) s += w.evidence * sat(te, e.len[F.evidence] ?? 0, avg[F.evidence] ?? 1, w.bText);
        if (tn > 0) s -= w.notMyArea * sat(tn, e.len[F.notMyArea] ?? 0, avg[F.notMyArea] ?? 1, w.bText);
        if (s === 0) continue;
        if (scores[slot] === 0) touched.push(slot);
        scores[slot] = (scores[slot] ?? 0) + qw * s || Number.MIN_VALUE;
      }
    }
  }
  return { scores, touched };
}
