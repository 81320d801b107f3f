/**
 * Benchmarks of the src/ranking engine: `npx tsx src/ranking/bench/cli.ts quality --data DIR [--protocol
 * full|candidates] [--json] [--ablation] [--calibrate]` and `… speed --members N [--json]`. Same options
 * and JSON keys as the issue's `npm run bench -- quality|speed`.
 */
import { Command } from "commander";
import { silentLogger } from "../../../core/ports/logger.port.js";
import type { HybridWeights } from "../../../ranking/hybrid-matcher.js";
import type { WordVectors } from "../../../ranking/vectors.js";
import { loadWinkVectors } from "../../../ranking/wink-vectors.js";
import { loadDataset } from "./dataset.js";
import type { QualityMetrics } from "./metrics.js";
import { bestThreshold, buildSystem, evaluate, roundBuckets, SYSTEMS, sweepThreshold, type Evaluation, type Protocol, type System } from "./quality.js";
import { runSpeed } from "./speed.js";

const fmt = (x: number | null) => (x === null ? "—" : x.toFixed(3));
const row = (label: string, m: QualityMetrics) =>
  `| ${label} | ${fmt(m.mrr10)} | ${fmt(m.p1)} | ${fmt(m.p3)} | ${fmt(m.r5)} | ${fmt(m.ndcg10)} | ${fmt(m.abstainRate)} | ${fmt(m.falseAbstainRate)} | ${m.questions} |`;
const HEADER = "| system | MRR@10 | P@1 | P@3 | R@5 | nDCG@10 | abstain | false abstain | questions |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |";

async function vectorsFor(on: boolean, dir: string): Promise<WordVectors | null> {
  return on ? loadWinkVectors({ cacheDir: dir, logger: silentLogger }) : null;
}

function failureLines(ev: Evaluation): string[] {
  return ev.perQuestion
    .filter((q) => q.verdict !== "hit" && q.verdict !== "abstained")
    .flatMap((q) => [
      `${q.verdict.toUpperCase()} ${q.id} gold=${q.gold.join(",") || "none"} · ${q.text.replace(/\s+/g, " ").slice(0, 100)}`,
      ...q.shown.map((s) => `    ${s.memberId}: ${s.reason}`),
    ]);
}

export function registerRankingBenches(program: Command): void {
  program
    .command("quality")
    .description("matching quality on an expert-finding dataset")
    .requiredOption("--data <dir...>", "dataset folder(s) with members.json and questions.json")
    .option("--protocol <p>", "full | candidates", "full")
    .option("--system <name>", SYSTEMS.join(" | "), "full")
    .option("--ablation", "every system of the ablation ladder")
    .option("--calibrate", "sweep the abstain threshold over the pooled datasets")
    .option("--rounds", "over the pooled datasets: how often suggestions 2–5 are right, by their score as a share of the first's, alone and after everyone above was wrong")
    .option("--replay", "rank questions in date order, feeding each day's outcomes back after it is ranked (needs question dates)")
    .option("--replay-asks", "as --replay, recording each outcome as an accepted ask too (load spreading and weekly caps apply)")
    .option("--no-vectors", "without offline word vectors")
    .option("--vectors-dir <dir>", "trimmed word-vector cache", "./data/vectors")
    .option("--weights <json>", "override HybridWeights (tuning)")
    .option("--json", "print one JSON object")
    .option("--failures", "also list each miss, false abstention and wrongly answered question with the suggestions' reasons")
    .action(async (o: { data: string[]; protocol: string; system: string; ablation?: boolean; calibrate?: boolean; rounds?: boolean; replay?: boolean; replayAsks?: boolean; failures?: boolean; vectors: boolean; vectorsDir: string; weights?: string; json?: boolean }) => {
      if (o.protocol !== "full" && o.protocol !== "candidates") throw new Error(`--protocol must be full or candidates, not ${o.protocol}`);
      const vectors = await vectorsFor(o.vectors, o.vectorsDir);
      const weights = o.weights ? (JSON.parse(o.weights) as Partial<HybridWeights>) : {};
      const replay = { replay: o.replay === true || o.replayAsks === true, asks: o.replayAsks === true };
      if (o.calibrate) {
        const points = [];
        for (const dir of o.data) {
          const ds = loadDataset(dir);
          const ev = await evaluate(ds, buildSystem("full", ds, vectors, { ...weights, abstainThreshold: 0 }, replay), o.protocol as Protocol, replay);
          const sweep = sweepThreshold(ev.confidences);
          console.log(`${ds.name}: best ${JSON.stringify(bestThreshold(sweep))}`);
          points.push(...ev.confidences);
        }
        const sweep = sweepThreshold(points);
        console.log(o.json ? JSON.stringify({ best: bestThreshold(sweep), sweep }) : sweep.map((p) => `${p.threshold.toFixed(3)}  abstain ${p.abstainRate.toFixed(2)}  false ${p.falseAbstainRate.toFixed(2)}  objective ${p.objective.toFixed(2)}`).join("\n"));
        console.log(`pooled best: ${JSON.stringify(bestThreshold(sweep))}`);
        return;
      }
      if (o.rounds) {
        const evaluations = [];
        for (const dir of o.data) {
          const ds = loadDataset(dir);
          evaluations.push(await evaluate(ds, buildSystem("full", ds, vectors, weights, replay), o.protocol as Protocol, replay));
        }
        const buckets = roundBuckets(evaluations);
        if (o.json) console.log(JSON.stringify(buckets));
        else {
          console.log("| rank | score / first's | questions | right | all above wrong | right then |\n| --- | --- | --- | --- | --- | --- |");
          for (const b of buckets) {
            console.log(`| ${b.rank} | ${b.weak ? "under 0.4" : "0.4 or more"} | ${b.questions} | ${fmt(b.right / b.questions)} | ${b.afterMisses} | ${fmt(b.afterMisses ? b.rightAfterMisses / b.afterMisses : null)} |`);
          }
        }
        return;
      }
      for (const dir of o.data) {
        const ds = loadDataset(dir);
        const systems = o.ablation ? SYSTEMS : [o.system as System];
        const rows: Array<[System, QualityMetrics]> = [];
        const failures: string[] = [];
        for (const s of systems) {
          const ev = await evaluate(ds, buildSystem(s, ds, vectors, weights, replay), o.protocol as Protocol, replay);
          rows.push([s, ev.metrics]);
          if (o.failures && s === systems[systems.length - 1]) failures.push(...failureLines(ev));
        }
        if (o.json) {
          console.log(JSON.stringify(o.ablation ? Object.fromEntries(rows) : rows[0]?.[1]));
          continue;
        }
        console.log(`${ds.name} · ${o.protocol} protocol${o.replayAsks ? " · replay with asks" : o.replay ? " · replay" : ""} · ${ds.members.length} members · ${ds.questions.length} questions`);
        console.log(HEADER);
        for (const [s, m] of rows) console.log(row(s, m));
        if (failures.length > 0) console.log(`\n${failures.join("\n")}`);
      }
    });
  program
    .command("speed")
    .description("index build time, p50/p99 single-question latency and peak RSS on a synthetic community")
    .requiredOption("--members <n>", "community size")
    .option("--questions <n>", "timed questions", "400")
    .option("--no-vectors", "without offline word vectors")
    .option("--vectors-dir <dir>", "trimmed word-vector cache", "./data/vectors")
    .option("--json", "print one JSON object")
    .action(async (o: { members: string; questions: string; vectors: boolean; vectorsDir: string; json?: boolean }) => {
      const n = Number.parseInt(o.members, 10);
      if (!Number.isInteger(n) || n <= 0) throw new Error("--members must be a positive integer");
      const r = await runSpeed(n, await vectorsFor(o.vectors, o.vectorsDir), Number.parseInt(o.questions, 10) || 400);
      console.log(o.json ? JSON.stringify(r) : `${r.members} members · index build ${r.buildMs} ms · p50 ${r.p50Ms} ms · p99 ${r.p99Ms} ms · peak RSS ${r.rssMb} MB · event loop blocked ≤ ${r.buildBlockMs} ms during the build · vectors ${r.vectors ? "on" : "off"}`);
    });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const program = new Command("ranking-bench").showHelpAfterError();
  registerRankingBenches(program);
  await program.parseAsync(process.argv.slice(2), { from: "user" });
}
