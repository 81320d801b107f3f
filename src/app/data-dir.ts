import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeDir, whyNot } from "../store/make-dir.js";
import { ConfigError } from "./config.js";

/**
 * Makes sure DATA_DIR is a directory this process can write, before anything opens a database in it: a bad
 * DATA_DIR (a file, /proc/…, no permission, a read-only disk) fails at start with what to do, as a ConfigError.
 * A real write is tried because permission bits say nothing to root, nor about a read-only mount.
 */
export function prepareDataDir(dir: string): void {
  try {
    makeDir(dir);
    const probe = join(dir, `.write-test-${process.pid}`);
    try {
      writeFileSync(probe, "");
    } catch (e) {
      throw new Error(`cannot write in it (${whyNot((e as NodeJS.ErrnoException).code)})`, { cause: e });
    }
    rmSync(probe, { force: true });
  } catch (e) {
    throw new ConfigError([`DATA_DIR: ${dir} cannot hold the database: ${(e as Error).message}. Set DATA_DIR to a directory this process can create and write (the default is ./data), or set MONGODB_URI`]);
  }
}
