import type { Command } from "commander";
import { silentLogger } from "../../core/ports/logger.port.js";
import type { Matcher, MatchQuery } from "../../core/ports/matcher.port.js";
import { OverlapMatcher } from "../../core/matching/overlap-matcher.js";
import type { Store } from "../../core/ports/store.port.js";
import { HybridMatcher, type HybridMatcherOptions, type HybridWeights } from "../../matching/hybrid-matcher.js";
import { loadWinkVectors } from "../../matching/wink-vectors.js";
import type { WordVectors } from "../../matching/vectors.js";
import { BENCH_NOW, benchMemberId, loadDataset, MemoryMemberSource, type BenchDataset } from "./dataset.js";
import { computeMetrics, type Judged, type QualityMetrics } from "./metrics.js";

export type Protocol = "full" | "candidates";

export interface EvalOutput {
  metrics: QualityMetrics;
  /** Per question: best relevance before the abstain cut (HybridMatcher only) and whether it has gold. */
  relevances: Array<{ id: string; top: number; hasGold: boolean }>;
}

/** Ranks every question of the dataset with a matcher and scores the rankings. */
export async function evaluate(ds: BenchDataset, matcher: Matcher, protocol: Protocol): Promise<EvalOutput> {
  const judged: Judged[] = [];
  const relevances: EvalOutput["relevances"] = [];
  const allIds = ds.members.map((m) => m.id);
  for (const q of ds.questions) {
    const cands = protocol === "candidates" && q.candidates ? new Set(q.candidates.map((c) => benchMemberId(ds.communityId, c))) : null;
    const query: MatchQuery = {
      communityId: ds.communityId,
      question: q.text,
      askerId: q.asker ? benchMemberId(ds.communityId, q.asker) : null,
      exclude: cands ? allIds.filter((id) => !cands.has(id)) : [],
      limit: 10,
      now: BENCH_NOW,
    };
    const res = matcher instanceof HybridMatcher ? await matcher.rankDetailed(query) : await matcher.rank(query);
    if ("topRelevance" in res) relevances.push({ id: q.id, top: res.topRelevance as number, hasGold: q.gold.length > 0 });
    judged.push({ ranked: res.suggestions.map((s) => s.memberId), gold: q.gold.map((g) => benchMemberId(ds.communityId, g)) });
  }
  return { metrics: computeMetrics(judged), relevances };
}

export type SystemName = "overlap" | "bm25" | "vectors" | "priors" | "full";

/** The ablation ladder of BENCHMARKS.md: each system adds one family of signals to the previous one. */
export function buildSystem(name: SystemName, ds: BenchDataset, vectors: WordVectors | null, extra: Partial<HybridMatcherOptions> = {}): Matcher {
  const source = new MemoryMemberSource(ds.members);
  if (name === "overlap") return new OverlapMatcher(source as unknown as Store);
  const features = {
    bm25: true,
    semantic: name !== "bm25",
    priors: name === "priors" || name === "full",
    taxonomy: name === "full",
    typos: name === "full",
  };
  return new HybridMatcher({ store: source, vectors: name === "bm25" ? null : vectors, logger: silentLogger, features, ...extra });
}

function fmt(x: number | null): string {
  return x === null ? "—" : x.toFixed(3);
}

export function metricsRow(label: string, m: QualityMetrics): string {
  return `| ${label} | ${fmt(m.mrr10)} | ${fmt(m.p1)} | ${fmt(m.p3)} | ${fmt(m.r5)} | ${fmt(m.ndcg10)} | ${fmt(m.abstainRate)} | ${fmt(m.falseAbstainRate)} | ${m.questions} |`;
}

export const METRICS_HEADER = "| system | MRR@10 | P@1 | P@3 | R@5 | nDCG@10 | abstain | false abstain | questions |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |";

/** `npm run bench -- quality --data DIR [--protocol full|candidates] [--json]` */
export function registerQualityBench(program: Command): void {
  program
    .command("quality")
    .description("matching quality on an expert-finding dataset (MRR@10, P@1, P@3, R@5, nDCG@10, abstention)")
    .requiredOption("--data <dir>", "dataset folder with members.json and questions.json")
    .option("--protocol <protocol>", "full (rank every member) or candidates (rank the question's candidates)", "full")
    .option("--system <name>", "overlap | bm25 | vectors | priors | full", "full")
    .option("--ablation", "run every system of the ablation ladder and print a table")
    .option("--no-vectors", "do not load offline word vectors")
    .option("--vectors-dir <dir>", "where the trimmed word-vector cache lives", "./data/vectors")
    .option("--weights <json>", "override HybridWeights (tuning), e.g. '{\"fit\":0.5}'")
    .option("--json", "print one JSON object")
    .action(async (o: { data: string; protocol: string; system: string; ablation?: boolean; vectors: boolean; vectorsDir: string; weights?: string; json?: boolean }) => {
      if (o.protocol !== "full" && o.protocol !== "candidates") throw new Error(`--protocol must be full or candidates, not ${o.protocol}`);
      const ds = await loadDataset(o.data);
      const vectors = o.vectors ? await loadWinkVectors({ cacheDir: o.vectorsDir, logger: silentLogger }) : null;
      const systems: SystemName[] = o.ablation ? ["overlap", "bm25", "vectors", "priors", "full"] : [o.system as SystemName];
      const rows: Array<[SystemName, QualityMetrics]> = [];
      for (const s of systems) rows.push([s, (await evaluate(ds, buildSystem(s, ds, vectors, o.weights ? { weights: JSON.parse(o.weights) as Partial<HybridWeights> } : {}), o.protocol)).metrics]);
      if (o.json) {
        console.log(JSON.stringify(o.ablation ? Object.fromEntries(rows) : rows[0]![1]));
        return;
      }
      console.log(`${ds.name} · ${o.protocol} protocol · ${ds.members.length} members · ${ds.questions.length} questions`);
      console.log(METRICS_HEADER);
      for (const [s, m] of rows) console.log(metricsRow(s, m));
    });
}
