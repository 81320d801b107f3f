import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/cli/bench/ranking/metrics.js";
import { bestThreshold, sweepThreshold } from "../../src/cli/bench/ranking/quality.js";

describe("quality metrics (hand-checked)", () => {
  it("computes MRR@10, P@1, P@3, R@5, nDCG@10 and abstention exactly", () => {
    const m = computeMetrics([
      { ranked: ["a", "b", "c"], gold: ["a"] }, // rank 1
      { ranked: ["x", "y", "b"], gold: ["b", "z"] }, // rank 3, 1 of 2 gold in top 5
      { ranked: [], gold: ["q"] }, // false abstain
      { ranked: [], gold: [] }, // right abstain
      { ranked: ["a"], gold: [] }, // needless suggestion
    ]);
    expect(m.mrr10).toBeCloseTo((1 + 1 / 3 + 0) / 3, 10);
    expect(m.p1).toBeCloseTo(1 / 3, 10);
    expect(m.p3).toBeCloseTo(2 / 3, 10);
    expect(m.r5).toBeCloseTo((1 + 0.5 + 0) / 3, 10);
    const ndcg2 = 1 / Math.log2(4) / (1 + 1 / Math.log2(3));
    expect(m.ndcg10).toBeCloseTo((1 + ndcg2 + 0) / 3, 10);
    expect(m.abstainRate).toBe(0.5);
    expect(m.falseAbstainRate).toBeCloseTo(1 / 3, 10);
    expect(m.questions).toBe(5);
  });
  it("calibration picks the threshold that separates answerable from unanswerable", () => {
    const best = bestThreshold(sweepThreshold([
      { confidence: 0.9, hasGold: true }, { confidence: 0.6, hasGold: true }, { confidence: 0.2, hasGold: false }, { confidence: 0.3, hasGold: false },
    ]));
    expect(best.abstainRate).toBe(1);
    expect(best.falseAbstainRate).toBe(0);
    expect(best.threshold).toBeGreaterThan(0.3);
    expect(best.threshold).toBeLessThanOrEqual(0.6);
  });
});
