import { mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * Creates `dir` and its missing parents, one level at a time, or throws an Error naming the path at fault.
 * Not `mkdirSync(dir, { recursive: true })`: Node's recursive mode spins forever (100 % CPU, the event loop stuck)
 * when a parent exists but cannot hold a new directory, as under /proc — mkdir of the child says ENOENT, so it makes
 * the parent, which exists, and tries the child again.
 */
export function makeDir(dir: string): void {
  const missing: string[] = [];
  for (let p = resolve(dir); ; p = dirname(p)) {
    const found = statOrNull(p);
    if (found?.isDirectory()) break;
    if (found) throw new Error(`${p} is a file, not a directory`);
    if (dirname(p) === p) break;
    missing.unshift(p);
  }
  for (const p of missing) {
    try {
      mkdirSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EEXIST" && statOrNull(p)?.isDirectory()) continue;
      throw new Error(`cannot create the directory ${p} (${whyNot(code)})`, { cause: e });
    }
  }
}

/** Plain words for why a directory cannot be created or written. */
export function whyNot(code: string | undefined): string {
  switch (code) {
    case "EACCES":
    case "EPERM":
      return "no permission";
    case "EROFS":
      return "the file system is read-only";
    case "ENOENT":
      return "that file system does not allow new files there";
    case "EEXIST":
      return "something that is not a directory is in the way";
    case "ENOSPC":
      return "the disk is full";
    default:
      return code ?? "unknown error";
  }
}

/** The path's status; null when nothing is there (or a parent is a file, which the walk up then finds). */
function statOrNull(p: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw new Error(`cannot look at ${p} (${whyNot(code)})`, { cause: e });
  }
}
