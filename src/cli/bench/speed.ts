import type { Command } from "commander";
import { silentLogger } from "../../core/ports/logger.port.js";
import { HybridMatcher } from "../../matching/hybrid-matcher.js";
import { loadWinkVectors } from "../../matching/wink-vectors.js";
import { MemoryMemberSource } from "./dataset.js";
import { syntheticMembers, syntheticQuestions } from "./synthetic.js";

export interface SpeedResult {
  members: number;
  vectorsMs: number;
  buildMs: number;
  p50Ms: number;
  p99Ms: number;
  rssMb: number;
  questions: number;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** Builds the index for a synthetic community and times single questions one after another. */
export async function runSpeed(n: number, questions: number, vectorsDir: string | null): Promise<SpeedResult> {
  const t0 = performance.now();
  const vectors = vectorsDir ? await loadWinkVectors({ cacheDir: vectorsDir, logger: silentLogger }) : null;
  const vectorsMs = performance.now() - t0;
  const community = "web:speed";
  const source = new MemoryMemberSource(syntheticMembers(community, n));
  const matcher = new HybridMatcher({ store: source, vectors, logger: silentLogger });
  const t1 = performance.now();
  await matcher.warm(community);
  const buildMs = performance.now() - t1;
  const qs = syntheticQuestions(questions + 50);
  const times: number[] = [];
  const now = new Date("2026-01-07T12:00:00Z");
  for (let i = 0; i < qs.length; i++) {
    const s = performance.now();
    await matcher.rank({ communityId: community, question: qs[i]!, askerId: null, limit: 5, now });
    if (i >= 50) times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  return { members: n, vectorsMs, buildMs, p50Ms: quantile(times, 0.5), p99Ms: quantile(times, 0.99), rssMb: process.resourceUsage().maxRSS / 1024, questions };
}

/** `npm run bench -- speed --members N [--json]` */
export function registerSpeedBench(program: Command): void {
  program
    .command("speed")
    .description("matching speed on a synthetic community: index build, p50/p99 per question, peak RSS")
    .requiredOption("--members <n>", "community size")
    .option("--questions <n>", "questions to time", "1000")
    .option("--no-vectors", "do not load offline word vectors")
    .option("--vectors-dir <dir>", "where the trimmed word-vector cache lives", "./data/vectors")
    .option("--json", "print one JSON object")
    .action(async (o: { members: string; questions: string; vectors: boolean; vectorsDir: string; json?: boolean }) => {
      const r = await runSpeed(Number(o.members), Number(o.questions), o.vectors ? o.vectorsDir : null);
      const out = { buildMs: +r.buildMs.toFixed(0), p50Ms: +r.p50Ms.toFixed(2), p99Ms: +r.p99Ms.toFixed(2), rssMb: +r.rssMb.toFixed(0), vectorsMs: +r.vectorsMs.toFixed(0), members: r.members, questions: r.questions };
      if (o.json) console.log(JSON.stringify(out));
      else console.log(`members ${out.members} · vectors ${out.vectorsMs} ms · index build ${out.buildMs} ms · p50 ${out.p50Ms} ms · p99 ${out.p99Ms} ms · peak RSS ${out.rssMb} MB (${out.questions} questions)`);
    });
}
