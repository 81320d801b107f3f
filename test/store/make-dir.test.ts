import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeDir } from "../../src/store/make-dir.js";

const dir = mkdtempSync(join(tmpdir(), "knowhow-mkdir-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("makeDir", () => {
  it("creates a directory and its missing parents, and accepts one that exists", () => {
    const deep = join(dir, "a", "b", "c");
    makeDir(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    makeDir(deep);
    makeDir(`${deep}/`);
  });

  it("names a file in the way", () => {
    const file = join(dir, "file");
    writeFileSync(file, "");
    expect(() => makeDir(file)).toThrow(`${file} is a file, not a directory`);
    expect(() => makeDir(join(file, "x", "y"))).toThrow(`${file} is a file, not a directory`);
  });

  // Node's recursive mkdir never returns here (see make-dir.ts); run in-process only once that is fixed.
  it.skipIf(!existsSync("/proc/self"))("fails at once where a parent exists but cannot hold directories (/proc)", () => {
    expect(() => makeDir("/proc/knowhow-x/y")).toThrow("cannot create the directory /proc/knowhow-x (that file system does not allow new files there)");
  });
});
