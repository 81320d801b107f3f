import { StoreError } from "../errors.js";

/** Maps a better-sqlite3 error to a coded StoreError (other errors pass through unchanged). */
export function translateSqliteError(e: unknown, what: string): unknown {
  if (e instanceof StoreError || !(e instanceof Error)) return e;
  const code = (e as Error & { code?: unknown }).code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return e;
  if (code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "SQLITE_CONSTRAINT_UNIQUE") {
    return new StoreError("store_duplicate", `${what}: a record with this id already exists`, { cause: e });
  }
  if (code.startsWith("SQLITE_CONSTRAINT")) {
    return new StoreError("store_invalid_data", `${what}: ${e.message}`, { cause: e });
  }
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED") || code.startsWith("SQLITE_CANTOPEN") || code.startsWith("SQLITE_READONLY") || code.startsWith("SQLITE_IOERR") || code === "SQLITE_FULL") {
    return new StoreError("store_unavailable", `${what}: the SQLite database is not usable right now (${code}: ${e.message})`, { cause: e });
  }
  return e;
}
