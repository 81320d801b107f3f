import { OverlapMatcher } from "../../../core/matching/overlap-matcher.js";
import { silentLogger } from "../../../core/ports/logger.port.js";
import type { Matcher, MatchQuery } from "../../../core/ports/matcher.port.js";
import type { Store } from "../../../core/ports/store.port.js";
import { DEFAULT_WEIGHTS, HybridMatcher, type HybridWeights } from "../../../ranking/hybrid-matcher.js";
import type { WordVectors } from "../../../ranking/vectors.js";
import { MemoryMatcherStore, toMember, toMemberId, type Dataset } from "./dataset.js";
import { computeMetrics, type Judged, type QualityMetrics } from "./metrics.js";

export type Protocol = "full" | "candidates";
export type System = "overlap" | "bm25" | "vectors" | "priors" | "full";
export const SYSTEMS: readonly System[] = ["overlap", "bm25", "vectors", "priors", "full"];

export const BENCH_COMMUNITY = "web:bench";
/** A fixed instant (a weekday, 12:00 UTC) so that timezone priors are reproducible. */
export const BENCH_NOW = new Date("2026-03-04T12:00:00Z");

export interface Evaluation {
  metrics: QualityMetrics;
  /** Per question: the best candidate's fit confidence before the abstain cut, and whether it has gold. */
  confidences: Array<{ id: string; confidence: number; hasGold: boolean }>;
}

/**
 * The ablation ladder: overlap = the first matcher (term overlap); bm25 = BM25 fields + aliases, no
 * taxonomy/typos/vectors/priors; vectors = + word vectors, taxonomy and typo tolerance; priors = + priors
 * (track record, load, responsiveness, recency, timezone); full = + calibrated abstention.
 */
export function buildSystem(system: System, ds: Dataset, vectors: WordVectors | null, weights: Partial<HybridWeights> = {}): Matcher {
  const store = new MemoryMatcherStore(BENCH_COMMUNITY, ds.members.map((m) => toMember(m, BENCH_COMMUNITY, BENCH_NOW)));
  if (system === "overlap") return new OverlapMatcher(store as unknown as Store);
  const neutralPriors = { activity: 0, load: 0, responsiveness: 0, recency: 0, timezone: 0 };
  const base: Partial<HybridWeights> = {
    bm25: { ...weights, priors: neutralPriors, abstainThreshold: 0, query: { ...DEFAULT_WEIGHTS.query, relatedWordWeight: 0, typoWeight: 0, taxonomy: false } },
    vectors: { ...weights, priors: neutralPriors, abstainThreshold: 0 },
    priors: { ...weights, abstainThreshold: 0 },
    full: weights,
  }[system];
  return new HybridMatcher({ store, logger: silentLogger, vectors: system === "bm25" ? null : vectors, weights: base });
}

/** Ranks every question (top 10) and scores the rankings. Candidates protocol: non-candidates are excluded. */
export async function evaluate(ds: Dataset, matcher: Matcher, protocol: Protocol): Promise<Evaluation> {
  const judged: Judged[] = [];
  const confidences: Evaluation["confidences"] = [];
  const all = ds.members.map((m) => toMemberId(BENCH_COMMUNITY, m.id));
  for (const q of ds.questions) {
    const cands = protocol === "candidates" && q.candidates ? new Set(q.candidates.map((c) => toMemberId(BENCH_COMMUNITY, c))) : null;
    const query: MatchQuery = {
      communityId: BENCH_COMMUNITY,
      question: q.text,
      askerId: q.asker ? toMemberId(BENCH_COMMUNITY, q.asker) : null,
      exclude: cands ? all.filter((id) => !cands.has(id)) : [],
      limit: 10,
      now: BENCH_NOW,
    };
    const gold = q.gold.map((g) => toMemberId(BENCH_COMMUNITY, g));
    if (matcher instanceof HybridMatcher) {
      const res = await matcher.rankWithConfidence(query);
      confidences.push({ id: q.id, confidence: res.confidence, hasGold: gold.length > 0 });
      judged.push({ ranked: res.suggestions.map((s) => s.memberId), gold });
    } else {
      const res = await matcher.rank(query);
      judged.push({ ranked: res.suggestions.map((s) => s.memberId), gold });
    }
  }
  return { metrics: computeMetrics(judged), confidences };
}

export interface ThresholdPoint {
  threshold: number;
  abstainRate: number;
  falseAbstainRate: number;
  /** abstainRate − 2 × falseAbstainRate: a wrongful "nobody fits" costs twice a needless suggestion. */
  objective: number;
}

/** Sweeps the abstain threshold over 0…1 (step 0.025) on pooled (confidence, has-gold) points. */
export function sweepThreshold(points: ReadonlyArray<{ confidence: number; hasGold: boolean }>): ThresholdPoint[] {
  const pos = points.filter((p) => p.hasGold).map((p) => p.confidence);
  const neg = points.filter((p) => !p.hasGold).map((p) => p.confidence);
  const out: ThresholdPoint[] = [];
  for (let i = 0; i <= 40; i++) {
    const t = i / 40;
    const abstainRate = neg.filter((c) => c < t).length / Math.max(1, neg.length);
    const falseAbstainRate = pos.filter((c) => c < t).length / Math.max(1, pos.length);
    out.push({ threshold: t, abstainRate, falseAbstainRate, objective: abstainRate - 2 * falseAbstainRate });
  }
  return out;
}

/** The threshold with the best objective (the middle of the best plateau, so it does not sit on an edge). */
export function bestThreshold(sweep: readonly ThresholdPoint[]): ThresholdPoint {
  const top = Math.max(...sweep.map((p) => p.objective));
  const plateau = sweep.filter((p) => p.objective >= top - 1e-9);
  return plateau[Math.floor((plateau.length - 1) / 2)] ?? sweep[0]!;
}
