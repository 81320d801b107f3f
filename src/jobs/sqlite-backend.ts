import { dirname } from "node:path";
import Database from "better-sqlite3";
import type BetterSqlite3 from "better-sqlite3";
import type { AgendaBackend } from "agenda";
import { makeDir } from "../store/make-dir.js";
import { SqliteJobRepository } from "./sqlite-repository.js";

export interface SqliteBackendOptions {
  /** How long a worker waits for another process's write lock before failing (ms). */
  busyTimeoutMs?: number;
}

/**
 * The embedded agenda backend: `SqliteJobRepository` on its own SQLite file (WAL), no notification
 * channel (agenda polls every `processEvery`). Opening is synchronous and migrates immediately, so a bad
 * path fails here with a clear error rather than as an unhandled rejection inside `new Agenda()`.
 */
export class SqliteBackend implements AgendaBackend {
  readonly name = "SQLite";
  readonly repository: SqliteJobRepository;
  readonly ownsConnection = true;
  private closed = false;

  private constructor(private readonly db: BetterSqlite3.Database) {
    this.repository = new SqliteJobRepository(db);
  }

  /** Opens (creating directory and file if needed) the jobs database at `file`; ":memory:" for tests. */
  static async open(file: string, opts: SqliteBackendOptions = {}): Promise<SqliteBackend> {
    let db: BetterSqlite3.Database;
    try {
      if (file !== ":memory:") makeDir(dirname(file));
      db = new Database(file);
    } catch (e) {
      throw new Error(`Cannot open the jobs database at ${file}: ${(e as Error).message}`, { cause: e });
    }
    try {
      db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 5000))}`);
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      const backend = new SqliteBackend(db);
      await backend.repository.connect();
      return backend;
    } catch (e) {
      db.close();
      throw new Error(`Cannot prepare the jobs database at ${file}: ${(e as Error).message}`, { cause: e });
    }
  }

  async connect(): Promise<void> {
    if (this.closed) throw new Error("The jobs database is closed");
    await this.repository.connect();
  }

  async disconnect(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
