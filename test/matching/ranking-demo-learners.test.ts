import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_MEMBERS } from "../../adapters/web/demo-data.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { loadWinkVectors } from "../../src/ranking/wink-vectors.js";
import { ask, ids, matcherFor, member } from "./ranking-support.js";

/**
 * The playground's demo community with the real word vectors (trimmed into a temporary folder: ~3 s), where an
 * exploratory session found learners offered as helpers with what they are learning, through a neighbouring word.
 */
describe("the demo community: members learning what is asked about", () => {
  const dir = mkdtempSync(join(tmpdir(), "knowhow-demo-vectors-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const people = () => DEMO_MEMBERS.map((d) => member(d.slug, d.skills.map(([label, level]) => `${label}:${level}`), d.about));

  it("are not offered as helpers through a neighbouring skill, and are found as fellow learners", { timeout: 60_000 }, async () => {
    const m = matcherFor(people(), { vectors: await loadWinkVectors({ cacheDir: dir, logger: silentLogger }) });
    // Tom is learning Shopify; his *product photography* is close in meaning to "store".
    expect(ids(await ask(m, "who can help me set up a Shopify store?"))).not.toContain("tom");
    // Sam is learning JavaScript; his *HTML* is close to it.
    expect(ids(await ask(m, "anyone know javascript?"))).not.toContain("sam");
    expect(ids(await ask(m, "anyone else learning javascript?"))).toContain("sam");
  });
});
