import { randomBytes } from "node:crypto";
import type BetterSqlite3 from "better-sqlite3";
import {
  computeJobState,
  type JobParameters,
  type JobRepository,
  type JobRepositoryOptions,
  type JobsOverview,
  type JobsQueryOptions,
  type JobsResult,
  type JobsSort,
  type JobWithState,
  type RemoveJobsOptions,
} from "agenda";
import { assertSafeQuery, dataQuery, matchesQuery } from "./sqlite/filters.js";
import { jobToColumns, ms, rowToDoc, rowToJob, type JobColumns, type JobRow } from "./sqlite/rows.js";
import { migrateJobsSchema } from "./sqlite/schema.js";

/** Fields the job processor owns: `saveJob` keeps their stored values unless the caller passes them. */
const PROCESSOR_FIELDS: ReadonlyArray<[keyof JobParameters, keyof JobColumns]> = [
  ["lockedAt", "locked_at"], ["lastRunAt", "last_run_at"], ["lastFinishedAt", "last_finished_at"], ["failedAt", "failed_at"],
  ["failCount", "fail_count"], ["failReason", "fail_reason"], ["progress", "progress"],
];
const COLUMNS = Object.keys(jobToColumns({ name: "", priority: 0, nextRunAt: null, type: "normal", data: null }, null)) as Array<keyof JobColumns>;
const SORT_COLUMNS: Array<[keyof JobsSort, string]> = [
  ["nextRunAt", "next_run_at"], ["lastRunAt", "last_run_at"], ["lastFinishedAt", "last_finished_at"], ["priority", "priority"], ["name", "name"], ["data", "data"],
];
const NOT_DISABLED = "(disabled IS NULL OR disabled <> 1)";
const CHUNK = 500;

const newId = (): string => randomBytes(12).toString("hex");

/**
 * agenda 6's `JobRepository` on better-sqlite3: a port of `@agendajs/mongo-backend`'s MongoJobRepository
 * (same filters, sort order, locking and upsert rules) for the embedded store.
 *
 * Atomicity: better-sqlite3 is synchronous, so within one process each method runs to completion before
 * another starts; every read-then-write runs in an IMMEDIATE transaction, so another process (a second
 * worker on the same file) waits on SQLite's write lock instead of interleaving. This gives
 * `getNextJobToRun`/`lockJob` the same find-one-and-update guarantee as Mongo's `findOneAndUpdate`.
 *
 * One deliberate difference: when `saveJob` updates an existing job, processor-managed fields (lockedAt,
 * lastRunAt, failCount…) that the caller did not pass keep their stored values, where the Mongo backend
 * resets them to null. Agenda's `Job.save()` omits exactly these fields "to prevent race conditions"; a
 * second worker calling `every()` at start-up must not clear the lock of a job another worker is running.
 */
export class SqliteJobRepository implements JobRepository {
  private readonly stmts = new Map<string, BetterSqlite3.Statement>();
  private migrated = false;

  constructor(private readonly db: BetterSqlite3.Database, private readonly clock: () => Date = () => new Date()) {}

  /** Creates or migrates the `agenda_jobs` table (idempotent; also safe when two processes start at once). */
  async connect(): Promise<void> {
    if (this.migrated) return;
    migrateJobsSchema(this.db);
    this.migrated = true;
  }

  // ── reads ──────────────────────────────────────────────────────────────────────────────────────

  async getJobById(id: string): Promise<JobParameters | null> {
    const row = this.stmt("SELECT * FROM agenda_jobs WHERE id = ?").get(String(id)) as JobRow | undefined;
    return row ? rowToJob(row) : null;
  }

  async queryJobs(options: JobsQueryOptions = {}): Promise<JobsResult> {
    const { name, names, state, id, ids, search, data, includeDisabled = true, sort, skip = 0, limit = 0 } = options;
    const now = this.clock();
    const where: string[] = [];
    const params: unknown[] = [];
    if (search && typeof search === "string") {
      where.push("name LIKE ? ESCAPE '\\' COLLATE NOCASE");
      params.push(`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    } else if (name && typeof name === "string") {
      where.push("name = ?");
      params.push(name);
    } else if (Array.isArray(names) && names.some((n) => typeof n === "string")) {
      const valid = names.filter((n) => typeof n === "string");
      where.push(`name IN (${valid.map(() => "?").join(",")})`);
      params.push(...valid);
    }
    if (id && typeof id === "string") {
      where.push("id = ?");
      params.push(id);
    } else if (Array.isArray(ids) && ids.some((i) => typeof i === "string")) {
      const valid = ids.filter((i) => typeof i === "string");
      where.push(`id IN (${valid.map(() => "?").join(",")})`);
      params.push(...valid);
    }
    if (!includeDisabled) where.push(NOT_DISABLED);
    const sql = `SELECT * FROM agenda_jobs${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY ${this.orderBy(sort)}`;
    const rows = this.db.prepare(sql).all(...params) as JobRow[];
    const filter = data === undefined ? null : dataQuery(data);
    let jobs: Array<JobWithState> = [];
    for (const row of rows) {
      if (filter && !matchesQuery(rowToDoc(row), filter)) continue;
      const job = rowToJob(row) as JobParameters & { _id: JobWithState["_id"] };
      const jobState = computeJobState(job, now);
      if (state && (state === "paused" ? job.disabled !== true : jobState !== state)) continue;
      jobs.push({ ...job, state: jobState });
    }
    const total = jobs.length;
    if (limit > 0) jobs = jobs.slice(skip, skip + limit);
    else if (skip > 0) jobs = jobs.slice(skip);
    return { jobs, total };
  }

  async getJobsOverview(): Promise<JobsOverview[]> {
    const now = this.clock();
    const byName = new Map<string, JobsOverview>();
    for (const row of this.stmt("SELECT * FROM agenda_jobs ORDER BY name").iterate() as IterableIterator<JobRow>) {
      const o = byName.get(row.name) ?? { name: row.name, total: 0, running: 0, scheduled: 0, queued: 0, completed: 0, failed: 0, repeating: 0, paused: 0 };
      const job = rowToJob(row);
      o.total++;
      o[computeJobState(job, now)]++;
      if (job.disabled === true) o.paused++;
      byName.set(row.name, o);
    }
    return [...byName.values()];
  }

  async getDistinctJobNames(): Promise<string[]> {
    return (this.stmt("SELECT DISTINCT name FROM agenda_jobs ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
  }

  /** Jobs whose nextRunAt is before now (locked or not, as in the Mongo backend). */
  async getQueueSize(): Promise<number> {
    return (this.stmt("SELECT COUNT(*) AS n FROM agenda_jobs WHERE next_run_at < ?").get(this.clock().getTime()) as { n: number }).n;
  }

  // ── bulk changes ───────────────────────────────────────────────────────────────────────────────

  async removeJobs(options: RemoveJobsOptions): Promise<number> {
    return this.db.transaction(() => {
      const ids = this.matchingIds(options);
      return ids ? this.byIds("DELETE FROM agenda_jobs WHERE", ids, "") : 0;
    }).immediate();
  }

  async disableJobs(options: RemoveJobsOptions): Promise<number> {
    return this.db.transaction(() => {
      const ids = this.matchingIds(options);
      return ids ? this.byIds("UPDATE agenda_jobs SET disabled = 1 WHERE", ids, " AND disabled IS NOT 1") : 0;
    }).immediate();
  }

  async enableJobs(options: RemoveJobsOptions): Promise<number> {
    return this.db.transaction(() => {
      const ids = this.matchingIds(options);
      return ids ? this.byIds("UPDATE agenda_jobs SET disabled = 0 WHERE", ids, " AND disabled IS NOT 0") : 0;
    }).immediate();
  }

  async purgeAllJobs(): Promise<number> {
    return this.stmt("DELETE FROM agenda_jobs").run().changes;
  }

  // ── saving ─────────────────────────────────────────────────────────────────────────────────────

  /**
   * Insert or update, with the Mongo backend's rules: an `_id` updates that job (or returns the input
   * unchanged if it was removed); type "single" upserts by name, keeping a stored nextRunAt when the new one
   * is already due; `unique` upserts by the query (`insertOnly` leaves an existing job untouched;
   * `debounce` pushes nextRunAt out, bounded by maxWait); otherwise a plain insert.
   */
  async saveJob<DATA = unknown>(job: JobParameters<DATA>, options: JobRepositoryOptions | undefined): Promise<JobParameters<DATA>> {
    const { _id, unique, uniqueOpts, ...props } = job;
    const cols = jobToColumns(props as JobParameters, options?.lastModifiedBy ?? null);
    const supplied = new Set(Object.keys(props).filter((k) => (props as Record<string, unknown>)[k] !== undefined));
    const now = this.clock();
    if (unique) assertSafeQuery(unique);
    return this.db.transaction((): JobParameters<DATA> => {
      if (_id) {
        const existing = this.stmt("SELECT * FROM agenda_jobs WHERE id = ? AND name = ?").get(String(_id), props.name) as JobRow | undefined;
        return existing ? this.update(existing, cols, supplied) as JobParameters<DATA> : job;
      }
      if (props.type === "single") {
        const existing = this.stmt("SELECT * FROM agenda_jobs WHERE name = ? AND type = 'single'").get(props.name) as JobRow | undefined;
        if (!existing) return this.insert(cols) as JobParameters<DATA>;
        // A due nextRunAt does not overwrite the stored one ($setOnInsert in the Mongo backend).
        if (props.nextRunAt && props.nextRunAt.getTime() <= now.getTime()) cols.next_run_at = existing.next_run_at;
        return this.update(existing, cols, supplied) as JobParameters<DATA>;
      }
      if (unique) {
        const query = { ...unique, name: props.name };
        const existing = this.findOne(props.name, query);
        const debounce = uniqueOpts?.debounce;
        if (debounce) {
          if (existing) {
            const startedAt = existing.debounce_started_at ?? now.getTime();
            if (debounce.strategy === "leading") {
              return this.update(existing, { ...cols, next_run_at: existing.next_run_at, debounce_started_at: startedAt }, supplied) as JobParameters<DATA>;
            }
            if (debounce.maxWait && now.getTime() - startedAt >= debounce.maxWait) {
              return this.update(existing, { ...cols, next_run_at: now.getTime(), debounce_started_at: null }, supplied) as JobParameters<DATA>;
            }
            return this.update(existing, { ...cols, next_run_at: now.getTime() + debounce.delay, debounce_started_at: startedAt }, supplied) as JobParameters<DATA>;
          }
          if (debounce.strategy === "leading") cols.debounce_started_at = now.getTime();
          else {
            cols.next_run_at = now.getTime() + debounce.delay;
            cols.debounce_started_at = now.getTime();
          }
          return this.insert(cols) as JobParameters<DATA>;
        }
        if (existing) return (uniqueOpts?.insertOnly ? rowToJob(existing) : this.update(existing, cols, supplied)) as JobParameters<DATA>;
        return this.insert(cols) as JobParameters<DATA>;
      }
      return this.insert(cols) as JobParameters<DATA>;
    }).immediate();
  }

  /** Writes the processor's view of a run (lock, schedule, outcome). Throws if the job no longer exists. */
  async saveJobState(job: JobParameters, options: JobRepositoryOptions | undefined): Promise<void> {
    if (!job._id) throw new Error("Cannot save job state without job ID");
    const res = this.stmt(`UPDATE agenda_jobs SET locked_at = ?, next_run_at = ?, last_run_at = ?, progress = ?, fail_reason = ?, fail_count = ?,
      failed_at = ?, last_finished_at = ?, last_modified_by = ? WHERE id = ? AND name = ?`).run(
      ms(job.lockedAt), ms(job.nextRunAt), ms(job.lastRunAt), job.progress ?? null, job.failReason ?? null, job.failCount ?? null,
      ms(job.failedAt), ms(job.lastFinishedAt), options?.lastModifiedBy ?? null, String(job._id), job.name,
    );
    if (res.changes !== 1) throw new Error(`job ${String(job._id)} (name: ${job.name}) cannot be updated in the database, maybe it does not exist anymore?`);
  }

  // ── locking ────────────────────────────────────────────────────────────────────────────────────

  /** Locks this exact job if it is unlocked, enabled and still scheduled at `job.nextRunAt`; undefined otherwise. */
  async lockJob(job: JobParameters, options: JobRepositoryOptions | undefined): Promise<JobParameters | undefined> {
    if (!job._id) return undefined;
    const row = this.stmt(`UPDATE agenda_jobs SET locked_at = ?, last_modified_by = ?
      WHERE id = ? AND name = ? AND locked_at IS NULL AND next_run_at IS ? AND ${NOT_DISABLED} RETURNING *`)
      .get(this.clock().getTime(), options?.lastModifiedBy ?? null, String(job._id), job.name, ms(job.nextRunAt)) as JobRow | undefined;
    return row ? rowToJob(row) : undefined;
  }

  /** Unlocks a job unless it is a one-time job being processed (nextRunAt null). */
  async unlockJob(job: JobParameters): Promise<void> {
    if (!job._id) return;
    this.stmt("UPDATE agenda_jobs SET locked_at = NULL WHERE id = ? AND next_run_at IS NOT NULL").run(String(job._id));
  }

  /** Unlocks jobs by id whatever their nextRunAt (agenda.stop() releases everything it held). */
  async unlockJobs(jobIds: string[]): Promise<void> {
    if (jobIds.length === 0) return;
    this.db.transaction(() => this.byIds("UPDATE agenda_jobs SET locked_at = NULL WHERE", jobIds.map(String), "")).immediate();
  }

  /**
   * Finds ONE job of `jobName` that is enabled and either unlocked and due by `nextScanAt`, or locked at or
   * before `lockDeadline` (its worker died), and locks it — atomically, so two workers never get the same
   * job. Order: nextRunAt ascending (nulls first, as Mongo sorts them), then priority descending.
   */
  async getNextJobToRun(jobName: string, nextScanAt: Date, lockDeadline: Date, now: Date | undefined, options: JobRepositoryOptions | undefined): Promise<JobParameters | undefined> {
    const lockTime = (now ?? this.clock()).getTime();
    const row = this.db.transaction(() => {
      const found = this.stmt(`SELECT id FROM agenda_jobs WHERE name = ? AND ${NOT_DISABLED}
        AND ((locked_at IS NULL AND next_run_at <= ?) OR locked_at <= ?)
        ORDER BY next_run_at ASC, priority DESC, rowid ASC LIMIT 1`).get(jobName, nextScanAt.getTime(), lockDeadline.getTime()) as { id: string } | undefined;
      if (!found) return undefined;
      return this.stmt("UPDATE agenda_jobs SET locked_at = ?, last_modified_by = ? WHERE id = ? RETURNING *")
        .get(lockTime, options?.lastModifiedBy ?? null, found.id) as JobRow | undefined;
    }).immediate();
    return row ? rowToJob(row) : undefined;
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────────

  private stmt(sql: string): BetterSqlite3.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  private insert(cols: JobColumns): JobParameters {
    const row = this.stmt(`INSERT INTO agenda_jobs (id, ${COLUMNS.join(", ")}) VALUES (?, ${COLUMNS.map(() => "?").join(", ")}) RETURNING *`)
      .get(newId(), ...COLUMNS.map((c) => cols[c])) as JobRow;
    return rowToJob(row);
  }

  private update(existing: JobRow, cols: JobColumns, supplied: Set<string>): JobParameters {
    const next: JobColumns = { ...cols };
    for (const [field, col] of PROCESSOR_FIELDS) {
      if (!supplied.has(field)) (next as Record<string, unknown>)[col] = existing[col];
    }
    const row = this.stmt(`UPDATE agenda_jobs SET ${COLUMNS.map((c) => `${c} = ?`).join(", ")} WHERE id = ? RETURNING *`)
      .get(...COLUMNS.map((c) => next[c]), existing.id) as JobRow;
    return rowToJob(row);
  }

  /** The first job (insertion order) of that name matching a Mongo-style query. */
  private findOne(name: string, query: Record<string, unknown>): JobRow | undefined {
    for (const row of this.stmt("SELECT * FROM agenda_jobs WHERE name = ? ORDER BY rowid").iterate(name) as IterableIterator<JobRow>) {
      if (matchesQuery(rowToDoc(row), query)) return row;
    }
    return undefined;
  }

  /** Ids of jobs matching remove/disable/enable options; null when no criterion was given (nothing matches). */
  private matchingIds(o: RemoveJobsOptions): string[] | null {
    const where: string[] = [];
    const params: unknown[] = [];
    if (o.id) {
      where.push("id = ?");
      params.push(String(o.id));
    } else if (Array.isArray(o.ids) && o.ids.length > 0) {
      where.push(`id IN (${o.ids.map(() => "?").join(",")})`);
      params.push(...o.ids.map(String));
    }
    const names = (xs: unknown) => (Array.isArray(xs) ? xs.filter((n): n is string => typeof n === "string") : []);
    if (o.name && typeof o.name === "string") {
      where.push("name = ?");
      params.push(o.name);
    } else if (names(o.names).length > 0) {
      where.push(`name IN (${names(o.names).map(() => "?").join(",")})`);
      params.push(...names(o.names));
    } else if (names(o.notNames).length > 0) {
      where.push(`name NOT IN (${names(o.notNames).map(() => "?").join(",")})`);
      params.push(...names(o.notNames));
    }
    if (where.length === 0 && o.data === undefined) return null;
    const rows = this.db.prepare(`SELECT * FROM agenda_jobs${where.length ? ` WHERE ${where.join(" AND ")}` : ""}`).all(...params) as JobRow[];
    const filter = o.data === undefined ? null : dataQuery(o.data);
    return rows.filter((r) => !filter || matchesQuery(rowToDoc(r), filter)).map((r) => r.id);
  }

  /** Runs `<prefix> id IN (…)<suffix>` over ids in chunks; returns the number of rows changed. */
  private byIds(prefix: string, ids: string[], suffix: string): number {
    let changes = 0;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const part = ids.slice(i, i + CHUNK);
      changes += this.db.prepare(`${prefix} id IN (${part.map(() => "?").join(",")})${suffix}`).run(...part).changes;
    }
    return changes;
  }

  private orderBy(sort: JobsSort | undefined): string {
    const parts = SORT_COLUMNS.filter(([k]) => sort?.[k] !== undefined).map(([k, col]) => `${col} ${sort?.[k] === "asc" ? "ASC" : "DESC"}`);
    return [...(parts.length ? parts : ["next_run_at DESC", "last_run_at DESC"]), "rowid ASC"].join(", ");
  }
}
