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
 * Picks the abstain threshold from data: over the pooled questions of the given datasets, the highest
 * threshold whose false-abstain rate (answerable questions left unanswered) stays within `maxFalse`;
 * ties go to the lower threshold. Returns the abstain rate it reaches on unanswerable questions.
 */
export function calibrateThreshold(points: ReadonlyArray<{ top: number; hasGold: boolean }>, maxFalse = 0.05): Calibration {
  const pos = points.filter((p) => p.hasGold).map((p) => p.top).sort((a, b) => a - b);
  const neg = points.filter((p) => !p.hasGold).map((p) => p.top);
  let best: Calibration = { threshold: 0, abstainRate: 0, falseAbstainRate: 0, answerable: pos.length, unanswerable: neg.length };
  const grid = [...new Set([...pos, ...neg].map((x) => Math.round(x * 1000) / 1000))].sort((a, b) => a - b);
  for (const t of grid) {
    const fa = pos.filter((x) => x < t).length / Math.max(1, pos.length);
    if (fa > maxFalse) break;
    const ab = neg.filter((x) => x < t).length / Math.max(1, neg.length);
    if (ab > best.abstainRate || (ab === best.abstainRate && best.threshold === 0)) best = { threshold: t, abstainRate: ab, falseAbstainRate: fa, answerable: pos.length, unanswerable: neg.length };
  }
  return best;
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
