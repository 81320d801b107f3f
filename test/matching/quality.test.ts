import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { calibrateThreshold } from "../../src/cli/bench/calibrate.js";
import { loadDataset } from "../../src/cli/bench/dataset.js";
import { computeMetrics } from "../../src/cli/bench/metrics.js";
import { buildSystem, evaluate } from "../../src/cli/bench/quality.js";
import { extractTop, loadWinkVectors } from "../../src/matching/wink-vectors.js";
import { dot } from "../../src/matching/vectors.js";

describe("quality harness", () => {
  it("computes the README metrics on a hand-checkable case", () => {
    const m = computeMetrics([
      { ranked: ["x", "g1", "y"], gold: ["g1"] }, // rank 2: MRR 1/2, P@1 0, P@3 1, R@5 1, nDCG 1/log2(3)
      { ranked: ["g2", "g3"], gold: ["g2", "g3"] }, // perfect
      { ranked: [], gold: ["g4"] }, // false abstain: all zero
      { ranked: [], gold: [] }, // right abstention
      { ranked: ["z"], gold: [] }, // wrong suggestion
    ]);
    expect(m.mrr10).toBeCloseTo((0.5 + 1 + 0) / 3, 10);
    expect(m.p1).toBeCloseTo(1 / 3, 10);
    expect(m.p3).toBeCloseTo(2 / 3, 10);
    expect(m.r5).toBeCloseTo(2 / 3, 10);
    expect(m.ndcg10).toBeCloseTo((1 / Math.log2(3) + 1 + 0) / 3, 10);
    expect(m.abstainRate).toBe(0.5);
    expect(m.falseAbstainRate).toBeCloseTo(1 / 3, 10);
    expect(m.questions).toBe(5);
  });

  it("runs the hybrid matcher on the tiny fixture: right first everywhere, asker never suggested, abstains on the piano", async () => {
    const ds = await loadDataset("test/fixtures/bench/tiny");
    const out = await evaluate(ds, buildSystem("full", ds, null), "full");
    const { metrics } = out;
    expect(metrics.questions).toBe(4);
    expect(metrics.abstainRate).toBe(1);
    // q3 must abstain (the asker is the only knitter), which is a false abstention by the dataset's gold
    expect(metrics.falseAbstainRate).toBeCloseTo(1 / 3, 10);
    // q1: Ana first (RR 1); q2: Cai (SEO + PPC) before Ben (RR 1/2); q3: abstained (0)
    expect(metrics.mrr10).toBeCloseTo((1 + 0.5 + 0) / 3, 10);
    expect(metrics.p1).toBeCloseTo(1 / 3, 10);
    expect(metrics.p3).toBeCloseTo(2 / 3, 10);
    expect(metrics.r5).toBeCloseTo(2 / 3, 10);
    expect(metrics.ndcg10).toBeCloseTo((1 + 1 / Math.log2(3) + 0) / 3, 10);
  });

  it("picks the abstain threshold in the middle of the gap between unanswerable and answerable questions", () => {
    const c = calibrateThreshold([
      { top: 0.05, hasGold: false },
      { top: 0.1, hasGold: false },
      { top: 0.3, hasGold: true },
      { top: 0.6, hasGold: true },
    ]);
    expect(c.threshold).toBeCloseTo(0.2, 10);
    expect(c.abstainRate).toBe(1);
    expect(c.falseAbstainRate).toBe(0);
  });

  it("scores the hand-made mixed community within the issue's targets (offline, no vectors)", async () => {
    const ds = await loadDataset("test/fixtures/bench/mixed-community");
    const { metrics } = await evaluate(ds, buildSystem("full", ds, null), "full");
    expect(metrics.p3).toBeGreaterThanOrEqual(0.85);
    expect(metrics.abstainRate).toBeGreaterThanOrEqual(0.75);
    expect(metrics.falseAbstainRate).toBeLessThanOrEqual(0.1);
  });
});

describe("wink word-vector loader", () => {
  it("streams the package format, keeps the first N alphabetic words, caches a binary file and loads it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "khvec-"));
    const vec = (i: number) => Array.from({ length: 100 }, (_, k) => (k === i ? 1 : 0.01));
    const vectors: Record<string, number[]> = { the: vec(0), ",": vec(1), writing: vec(2), editing: [...vec(2).slice(0, 3), 0.5, ...vec(2).slice(4)], football: vec(5) };
    const src = join(dir, "fake.json");
    writeFileSync(src, JSON.stringify({ precision: 8, l2NormIndex: 100, wordIndex: 101, size: 5, dimensions: 100, words: Object.keys(vectors), vectors: Object.fromEntries(Object.entries(vectors).map(([w, v], i) => [w, [...v, 1, i]])) }));
    const top = await extractTop(src, 3);
    expect(top.words).toEqual(["the", "writing", "editing"]);
    const v = await loadWinkVectors({ cacheDir: join(dir, "cache"), topWords: 3, sourceFile: src, logger: silentLogger });
    expect(v.get("football")).toBeNull();
    expect(dot(v.get("writing")!, v.get("editing")!)).toBeGreaterThan(0.8);
    expect(dot(v.get("writing")!, v.get("the")!)).toBeLessThan(0.2);
  });
});
