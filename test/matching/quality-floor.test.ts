import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadDataset } from "../../src/cli/bench/ranking/dataset.js";
import { buildSystem, evaluate } from "../../src/cli/bench/ranking/quality.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { loadWinkVectors } from "../../src/ranking/wink-vectors.js";

/**
 * A floor under matching quality on the six hand-made communities, with the real word vectors (trimmed into a
 * temporary folder: ~3 s). The floors sit about one question below the figures in BENCHMARKS.md (2026-11-26), so
 * a change that makes matching worse fails here before anyone reads a benchmark. They are not the issue's
 * targets: three of these communities do not meet those yet.
 */
const FLOORS: Record<string, { p3: number; abstain: number; falseAbstain: number }> = {
  "ranking-village": { p3: 0.91, abstain: 0.8, falseAbstain: 0.09 },
  "makers-guild": { p3: 0.85, abstain: 0.66, falseAbstain: 0.08 },
  "mixed-community": { p3: 0.9, abstain: 0.9, falseAbstain: 0.07 },
  creators: { p3: 0.79, abstain: 0.35, falseAbstain: 0.06 },
  neighbourhood: { p3: 0.78, abstain: 0, falseAbstain: 0.14 },
  "tech-meetup": { p3: 0.67, abstain: 0.5, falseAbstain: 0.1 },
};

describe("matching quality floor (hand-made communities, offline)", () => {
  const dir = mkdtempSync(join(tmpdir(), "knowhow-floor-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("stays at or above what BENCHMARKS.md records", { timeout: 120_000 }, async () => {
    const vectors = await loadWinkVectors({ cacheDir: dir, logger: silentLogger });
    for (const [name, floor] of Object.entries(FLOORS)) {
      const ds = loadDataset(join("test/fixtures/bench", name));
      const m = (await evaluate(ds, buildSystem("full", ds, vectors), "full")).metrics;
      expect(m.p3, `${name} P@3`).toBeGreaterThanOrEqual(floor.p3);
      expect(m.abstainRate ?? 0, `${name} abstain`).toBeGreaterThanOrEqual(floor.abstain);
      expect(m.falseAbstainRate ?? 0, `${name} false abstain`).toBeLessThanOrEqual(floor.falseAbstain);
    }
  });
});
