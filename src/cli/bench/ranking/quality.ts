import type { CommunityId, RequestId } from "../../../core/ids.js";
import { OverlapMatcher } from "../../../core/matching/overlap-matcher.js";
import { silentLogger } from "../../../core/ports/logger.port.js";
import type { Matcher, MatchQuery, MatchResult } from "../../../core/ports/matcher.port.js";
import type { Store } from "../../../core/ports/store.port.js";
import { DEFAULT_WEIGHTS, HybridMatcher, type HybridWeights } from "../../../ranking/hybrid-matcher.js";
import type { WordVectors } from "../../../ranking/vectors.js";
import { addEvidence, ROUND_SCORE_SHARE } from "../../../core/usecases/asks.js";
import { MemoryMatcherStore, toMember, toMemberId, type BenchQuestion, type Dataset } from "./dataset.js";
import { computeMetrics, type Judged, type QualityMetrics } from "./metrics.js";

export type Protocol = "full" | "candidates";
export type System = "overlap" | "bm25" | "vectors" | "priors" | "full";
export const SYSTEMS: readonly System[] = ["overlap", "bm25", "vectors", "priors", "full"];

export const BENCH_COMMUNITY: CommunityId = "web:bench";
/** A fixed instant (a weekday, 12:00 UTC) so that timezone priors are reproducible. */
export const BENCH_NOW = new Date("2026-03-04T12:00:00Z");

export interface Evaluation {
  metrics: QualityMetrics;
  /** Per question: the suggestions shown (up to 3, with their reasons) and the verdict, for reading failures. */
  perQuestion: Array<{
    id: string; text: string; gold: string[];
    shown: Array<{ memberId: string; reason: string; score: number }>;
    /** The first five suggestions' members and scores (what rounds of asks would go through). */
    top: Array<{ memberId: string; score: number }>;
    verdict: "hit" | "miss" | "false abstain" | "abstained" | "answered";
  }>;
  /** Per question: the best candidate's fit confidence before the abstain cut, and whether it has gold. */
  confidences: Array<{ id: string; confidence: number; hasGold: boolean }>;
}

/**
 * The ablation ladder: overlap = the first matcher (term overlap); bm25 = BM25 fields + aliases, no
 * taxonomy/typos/vectors/priors; vectors = + word vectors, taxonomy and typo tolerance; priors = + priors
 * (track record, load, responsiveness, recency, timezone); full = + calibrated abstention.
 */
export interface BenchSystem {
  matcher: Matcher;
  /** The members the matcher reads (the replay protocol writes outcomes to it). */
  store: MemoryMatcherStore;
}

export function buildSystem(system: System, ds: Dataset, vectors: WordVectors | null, weights: Partial<HybridWeights> = {}, opts: { replay?: boolean } = {}): BenchSystem {
  // Replay: profiles exist from before the first question (skills confirmed then), so time runs forward from there.
  const since = opts.replay ? replayStart(ds) : BENCH_NOW;
  const store = new MemoryMatcherStore(BENCH_COMMUNITY, ds.members.map((m) => toMember(m, BENCH_COMMUNITY, since)));
  if (system === "overlap") return { matcher: new OverlapMatcher(store as unknown as Store), store };
  const neutralPriors = { activity: 0, load: 0, responsiveness: 0, recency: 0, timezone: 0, recentHelp: 0 };
  const base: Partial<HybridWeights> = {
    bm25: { ...weights, priors: neutralPriors, abstainThreshold: 0, fitShare: 0, query: { ...DEFAULT_WEIGHTS.query, relatedWordWeight: 0, typoWeight: 0, taxonomy: false } },
    vectors: { ...weights, priors: neutralPriors, abstainThreshold: 0, fitShare: 0 },
    priors: { ...weights, abstainThreshold: 0, fitShare: 0 },
    full: weights,
  }[system];
  return { matcher: new HybridMatcher({ store, logger: silentLogger, vectors: system === "bm25" ? null : vectors, weights: base }), store };
}

export interface ReplayOptions {
  replay?: boolean;
  /** Replay only: record each outcome as an accepted ask too (load spreading and weekly caps then apply). */
  asks?: boolean;
}

/** Noon UTC of a question's day: the replay clock. */
const dayOf = (q: BenchQuestion): Date => {
  const at = new Date(`${q.date ?? ""}T12:00:00Z`);
  if (Number.isNaN(at.getTime())) throw new Error(`question ${q.id}: the replay protocol needs a "date" (YYYY-MM-DD), got ${JSON.stringify(q.date)}`);
  return at;
};

/** One day before the dataset's first question. */
function replayStart(ds: Dataset): Date {
  const first = Math.min(...ds.questions.map((q) => dayOf(q).getTime()));
  return new Date((Number.isFinite(first) ? first : BENCH_NOW.getTime()) - 24 * 3600_000);
}

/**
 * Ranks every question (top 10) and scores the rankings. Candidates protocol: non-candidates are excluded.
 *
 * Static (default): every question is ranked on the profiles alone, at one fixed instant.
 * Replay (`replay: true`): questions are ranked in date order with the clock at each question's day, and
 * only after a whole day has been ranked are that day's outcomes fed back as the product records them when
 * an asker says "this helped" (the helper's `helped` count + 1, the question as `helped` evidence, active
 * that day) and askers marked active. A question is always ranked before its own outcome, or any outcome of
 * its day, is known: this is prequential (test-then-train) evaluation of the product's feedback loop.
 * With `asks`, each outcome is also recorded as an accepted ask that day (offers, replies, `recentOffers`),
 * so load spreading and the weekly cap apply to helpers as they would if Knowhow had asked them.
 */
export async function evaluate(ds: Dataset, sys: BenchSystem, protocol: Protocol, opts: ReplayOptions = {}): Promise<Evaluation> {
  const { matcher, store } = sys;
  const judged: Judged[] = [];
  const confidences: Evaluation["confidences"] = [];
  const perQuestion: Evaluation["perQuestion"] = [];
  const all = ds.members.map((m) => toMemberId(BENCH_COMMUNITY, m.id));
  const days = opts.replay ? replayDays(ds.questions) : [{ at: BENCH_NOW, questions: ds.questions }];
  for (const day of days) {
    for (const q of day.questions) {
      const cands = protocol === "candidates" && q.candidates ? new Set(q.candidates.map((c) => toMemberId(BENCH_COMMUNITY, c))) : null;
      const query: MatchQuery = {
        communityId: BENCH_COMMUNITY,
        question: q.text,
        askerId: q.asker ? toMemberId(BENCH_COMMUNITY, q.asker) : null,
        exclude: cands ? all.filter((id) => !cands.has(id)) : [],
        limit: 10,
        now: day.at,
      };
      const gold = q.gold.map((g) => toMemberId(BENCH_COMMUNITY, g));
      let res: MatchResult;
      if (matcher instanceof HybridMatcher) {
        const ranked = await matcher.rankWithConfidence(query);
        confidences.push({ id: q.id, confidence: ranked.confidence, hasGold: gold.length > 0 });
        res = ranked;
      } else {
        res = await matcher.rank(query);
      }
      const ranked = res.suggestions.map((s) => s.memberId);
      judged.push({ ranked, gold });
      const top3 = ranked.slice(0, 3);
      const verdict = gold.length === 0 ? (ranked.length === 0 ? "abstained" : "answered") : ranked.length === 0 ? "false abstain" : top3.some((m) => gold.includes(m)) ? "hit" : "miss";
      const local = (id: string) => id.slice(BENCH_COMMUNITY.length + 1);
      perQuestion.push({
        id: q.id, text: q.text, gold: q.gold, verdict,
        shown: res.suggestions.slice(0, 3).map((s) => ({ memberId: local(s.memberId), reason: s.reason, score: s.score })),
        top: res.suggestions.slice(0, 5).map((s) => ({ memberId: local(s.memberId), score: s.score })),
      });
    }
    if (opts.replay) await feedBack(day.questions, day.at, store, matcher, opts.asks === true);
  }
  return { metrics: computeMetrics(judged), confidences, perQuestion };
}

/** Questions grouped by day, oldest first (ties kept in file order). */
function replayDays(questions: readonly BenchQuestion[]): Array<{ at: Date; questions: BenchQuestion[] }> {
  const byDay = new Map<number, BenchQuestion[]>();
  for (const q of questions) {
    const t = dayOf(q).getTime();
    byDay.set(t, [...(byDay.get(t) ?? []), q]);
  }
  return [...byDay.entries()].sort((a, b) => a[0] - b[0]).map(([t, qs]) => ({ at: new Date(t), questions: qs }));
}

/** A day's outcomes, recorded as the product records them (`AskService.closeLoop` for "this helped"). */
async function feedBack(questions: readonly BenchQuestion[], at: Date, store: MemoryMatcherStore, matcher: Matcher, asks: boolean): Promise<void> {
  const touched = new Map<string, ReturnType<MemoryMatcherStore["get"]>>();
  const load = (id: string) => {
    const mid = toMemberId(BENCH_COMMUNITY, id);
    if (!touched.has(mid)) touched.set(mid, store.get(mid));
    return mid;
  };
  for (const q of questions) {
    for (const g of q.gold) {
      const mid = load(g);
      const m = touched.get(mid);
      if (!m) continue;
      const stats = { ...m.stats, helped: m.stats.helped + 1 };
      if (asks) {
        const week = m.stats.recentOffers.filter((d) => at.getTime() - d.getTime() < 7 * 24 * 3600_000);
        Object.assign(stats, { offers: stats.offers + 1, accepted: stats.accepted + 1, replies: stats.replies + 1, recentOffers: [...week, at] });
      }
      const helped = { ...m, stats, lastActiveAt: at };
      touched.set(mid, addEvidence(helped, { requestId: `bench:${q.id}` as RequestId, kind: "helped", question: q.text, topics: [], at }));
    }
    if (q.asker) {
      const mid = load(q.asker);
      const m = touched.get(mid);
      if (m) touched.set(mid, { ...m, lastActiveAt: at });
    }
  }
  for (const m of touched.values()) {
    if (!m) continue;
    store.replace(m);
    await matcher.upsert(m);
  }
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

export interface ShareBucket {
  /** Rank of the suggestion (2–5). */
  rank: number;
  /** Its score as a share of the first's: under 0.4 (`ROUND_SCORE_SHARE`) or not. */
  weak: boolean;
  /** Answerable questions with a suggestion at this rank, and how often it was a right helper. */
  questions: number;
  right: number;
  /** The same, counting only questions where every suggestion above it was wrong (it would be asked in a later round). */
  afterMisses: number;
  rightAfterMisses: number;
}

/**
 * Who rounds of asks should reach (`ROUND_SCORE_SHARE` in src/core/usecases/asks.ts): over answerable questions, how
 * often the suggestions at ranks 2–5 are right helpers, split by whether their score is under 0.4 of the first's —
 * unconditionally (asked beside the first) and when everyone above was wrong (asked after they declined).
 */
export function roundBuckets(evaluations: readonly Evaluation[]): ShareBucket[] {
  const buckets = new Map<string, ShareBucket>();
  for (const q of evaluations.flatMap((e) => e.perQuestion)) {
    const first = q.top[0];
    if (q.gold.length === 0 || !first || first.score <= 0) continue;
    q.top.forEach((s, i) => {
      if (i === 0) return;
      const weak = s.score < ROUND_SCORE_SHARE * first.score;
      const key = `${i + 1}:${weak}`;
      const b = buckets.get(key) ?? { rank: i + 1, weak, questions: 0, right: 0, afterMisses: 0, rightAfterMisses: 0 };
      const right = q.gold.includes(s.memberId);
      b.questions++;
      if (right) b.right++;
      if (!q.top.slice(0, i).some((above) => q.gold.includes(above.memberId))) {
        b.afterMisses++;
        if (right) b.rightAfterMisses++;
      }
      buckets.set(key, b);
    });
  }
  return [...buckets.values()].sort((a, b) => a.rank - b.rank || Number(b.weak) - Number(a.weak));
}
