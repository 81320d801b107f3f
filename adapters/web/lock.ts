import { linkSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { makeDir } from "../../src/store/make-dir.js";
import { dirname } from "node:path";

/** Lock files this process holds (a second playground in the same process is refused too). */
const held = new Set<string>();

/**
 * One playground per state file: two `npm start` on the same DATA_DIR would each keep inboxes in memory and overwrite
 * the other's playground.json. The lock is a file holding the owner's pid, created all at once (written aside, then
 * hard-linked into place, which fails if it exists); a lock whose process is gone (a crash, `kill -9`, a container
 * restarted with the same pid) is taken over. Two playgrounds taking over the same stale lock at the same instant is
 * not guarded against.
 */
export class PlaygroundLock {
  private released = false;

  private constructor(readonly path: string) {}

  /** Takes the lock at `path`, or throws an Error whose message names `dataDir` and the process holding it. */
  static acquire(path: string, dataDir: string): PlaygroundLock {
    makeDir(dirname(path));
    for (let attempt = 0; attempt < 3; attempt++) {
      if (tryCreate(path)) {
        held.add(path);
        return new PlaygroundLock(path);
      }
      const owner = ownerOf(path);
      if (owner === undefined) continue; // released meanwhile: try again
      if (owner !== null && isAlive(owner, path)) {
        throw new Error(`Another playground (pid ${owner}) is already running on DATA_DIR ${dataDir}: stop it, or give this one another DATA_DIR (if none is running, delete ${path}).`);
      }
      rmSync(path, { force: true }); // its process is gone (or it holds no pid): stale
    }
    throw new Error(`Could not take the playground lock ${path} in DATA_DIR ${dataDir}: delete it if no playground is running.`);
  }

  /** Gives the lock up (on stop). Idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this.path);
    if (ownerOf(this.path) === process.pid) rmSync(this.path, { force: true });
  }
}

function tryCreate(path: string): boolean {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${process.pid}\n`);
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** The pid in the lock file; null when it holds none; undefined when the file is gone. */
function ownerOf(path: string): number | null | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

/** Whether the process that wrote the lock still runs. Our own pid counts only if this process took the lock. */
function isAlive(pid: number, path: string): boolean {
  if (pid === process.pid) return held.has(path);
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // alive, but another user's
  }
}
