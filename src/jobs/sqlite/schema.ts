import type BetterSqlite3 from "better-sqlite3";

/**
 * Numbered, append-only migrations of the embedded agenda backend's own tables. Never edit one that has
 * shipped: add the next number. Dates are INTEGER milliseconds since the epoch; `data`, `repeat_interval` and
 * `skip_days` are JSON text. Like the Mongo backend, `unique`/`uniqueOpts` are query options, never stored.
 * `disabled` keeps Mongo's three states (null = never touched, 0 = enabled, 1 = disabled) so enable/disable counts match the Mongo backend.
 */
const MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE agenda_jobs (
        id                    TEXT PRIMARY KEY NOT NULL,
        name                  TEXT NOT NULL,
        priority              INTEGER NOT NULL DEFAULT 0,
        next_run_at           INTEGER,
        type                  TEXT NOT NULL CHECK (type IN ('normal', 'single')),
        locked_at             INTEGER,
        last_run_at           INTEGER,
        last_finished_at      INTEGER,
        failed_at             INTEGER,
        fail_count            INTEGER,
        fail_reason           TEXT,
        repeat_interval       TEXT,
        repeat_timezone       TEXT,
        repeat_at             TEXT,
        disabled              INTEGER,
        progress              REAL,
        data                  TEXT,
        debounce_started_at   INTEGER,
        last_modified_by      TEXT,
        fork                  INTEGER,
        start_date            INTEGER,
        end_date              INTEGER,
        skip_days             TEXT
      ) STRICT;
      -- getNextJobToRun: per name, unlocked and due, or locked long ago.
      CREATE INDEX agenda_jobs_next ON agenda_jobs (name, locked_at, next_run_at);
      CREATE INDEX agenda_jobs_due ON agenda_jobs (next_run_at);
      -- At most one 'single' (every()) job per name, enforced by the database itself.
      CREATE UNIQUE INDEX agenda_jobs_single ON agenda_jobs (name) WHERE type = 'single';
    `,
  },
];

/** Applies pending migrations in one IMMEDIATE transaction (safe when two processes open the file at once). */
export function migrateJobsSchema(db: BetterSqlite3.Database): number {
  db.exec("CREATE TABLE IF NOT EXISTS agenda_schema (version INTEGER PRIMARY KEY NOT NULL) STRICT");
  const apply = db.transaction(() => {
    const row = db.prepare("SELECT MAX(version) AS v FROM agenda_schema").get() as { v: number | null };
    let current = row.v ?? 0;
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.prepare("INSERT INTO agenda_schema (version) VALUES (?)").run(m.version);
      current = m.version;
    }
    return current;
  });
  return apply.immediate();
}
