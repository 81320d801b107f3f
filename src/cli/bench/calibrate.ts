import type { Command } from "commander";
import { silentLogger } from "../../core/ports/logger.port.js";
import { loadWinkVectors } from "../../matching/wink-vectors.js";
import { loadDataset } from "./dataset.js";
import { buildSystem, evaluate } from "./quality.js";

export interface Calibration {
  threshold: number;
  abstainRate: number;
  falseAbstainRate: number;
  answerable: number;
  unanswerable: number;
}

/**
 * Picks the abstain threshold from data. Candidate thresholds are the midpoints between consecutive
 * observed best-candidate relevances (pooled over the datasets); each is scored as abstain rate on
 * unanswerable questions minus twice the false-abstain rate on answerable ones, among those whose
 * false-abstain rate stays within `maxFalse`. Ties resolve to the middle of the tied range, i.e. the
 * widest margin on both sides, so that the threshold generalises instead of hugging one data point.
 */
export function calibrateThreshold(points: ReadonlyArray<{ top: number; hasGold: boolean }>, maxFalse = 0.05): Calibration {
  const pos = points.filter((p) => p.hasGold).map((p) => p.top);
  const neg = points.filter((p) => !p.hasGold).map((p) => p.top);
  const values = [...new Set(points.map((p) => p.top))].sort((a, b) => a - b);
  const cands = [0, ...values.slice(1).map((v, i) => (v + values[i]!) / 2)];
  const rate = (xs: number[], t: number): number => xs.filter((x) => x < t).length / Math.max(1, xs.length);
  let bestObj = -Infinity;
  let tied: number[] = [];
  for (const t of cands) {
    const fa = rate(pos, t);
    if (fa > maxFalse) continue;
    const obj = rate(neg, t) - 2 * fa;
    if (obj > bestObj + 1e-12) {
      bestObj = obj;
      tied = [t];
    } else if (Math.abs(obj - bestObj) <= 1e-12) tied.push(t);
  }
  const threshold = tied.length === 0 ? 0 : (tied[0]! + tied[tied.length - 1]!) / 2;
  return { threshold, abstainRate: rate(neg, threshold), falseAbstainRate: rate(pos, threshold), answerable: pos.length, unanswerable: neg.length };
}

/** `npm run bench -- calibrate --data DIR [--data DIR…]`: the abstain threshold the data supports. */
export function registerCalibrateBench(program: Command): void {
  program
    .command("calibrate")
    .description("calibrate the abstain threshold on datasets with unanswerable questions")
    .requiredOption("--data <dir...>", "dataset folders (pooled)")
    .option("--max-false <rate>", "largest false-abstain rate allowed on answerable questions", "0.05")
    .option("--vectors-dir <dir>", "where the trimmed word-vector cache lives", "./data/vectors")
    .action(async (o: { data: string[]; maxFalse: string; vectorsDir: string }) => {
      const vectors = await loadWinkVectors({ cacheDir: o.vectorsDir, logger: silentLogger });
      const points: Array<{ top: number; hasGold: boolean }> = [];
      for (const dir of o.data) {
        const ds = await loadDataset(dir);
        const out = await evaluate(ds, buildSystem("full", ds, vectors, { weights: { abstain: 0 } }), "full");
        points.push(...out.relevances);
      }
      console.log(JSON.stringify(calibrateThreshold(points, Number(o.maxFalse)), null, 2));
    });
}
