import { toJobId, type JobParameters } from "agenda";

/** One row of `agenda_jobs` as better-sqlite3 returns it. */
export interface JobRow {
  id: string;
  name: string;
  priority: number;
  next_run_at: number | null;
  type: string;
  locked_at: number | null;
  last_run_at: number | null;
  last_finished_at: number | null;
  failed_at: number | null;
  fail_count: number | null;
  fail_reason: string | null;
  repeat_interval: string | null;
  repeat_timezone: string | null;
  repeat_at: string | null;
  disabled: number | null;
  progress: number | null;
  data: string | null;
  debounce_started_at: number | null;
  last_modified_by: string | null;
  fork: number | null;
  start_date: number | null;
  end_date: number | null;
  skip_days: string | null;
}

export type JobColumns = Omit<JobRow, "id">;

/**
 * JSON that keeps Dates: a Date anywhere in job data is stored as `{"$date": ms}` and comes back as a Date
 * (the Mongo backend keeps BSON dates, so handlers see the same types on both backends).
 */
export function encodeJson(value: unknown): string | null {
  if (value === undefined) return null;
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.getTime() } : v;
  });
}

export function decodeJson(text: string | null): unknown {
  if (text === null) return undefined;
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const ms = (v as { $date?: unknown }).$date;
      if (keys.length === 1 && typeof ms === "number") return new Date(ms);
    }
    return v;
  });
}

export const ms = (d: Date | string | null | undefined): number | null => {
  if (d === null || d === undefined) return null;
  const t = new Date(d).getTime();
  return Number.isNaN(t) ? null : t;
};
const date = (n: number | null): Date | undefined => (n === null ? undefined : new Date(n));
const bool = (n: number | null): boolean | undefined => (n === null ? undefined : n === 1);
const boolInt = (b: boolean | null | undefined): number | null => (b === null || b === undefined ? null : b ? 1 : 0);

/** The columns a saveJob writes (everything but the id), with absent optional fields as NULL, like Mongo's `?? null`. */
export function jobToColumns(job: JobParameters, lastModifiedBy: string | null): JobColumns {
  return {
    name: job.name,
    priority: job.priority ?? 0,
    next_run_at: ms(job.nextRunAt),
    type: job.type ?? "normal",
    locked_at: ms(job.lockedAt),
    last_run_at: ms(job.lastRunAt),
    last_finished_at: ms(job.lastFinishedAt),
    failed_at: ms(job.failedAt),
    fail_count: job.failCount ?? null,
    fail_reason: job.failReason ?? null,
    repeat_interval: job.repeatInterval === undefined || job.repeatInterval === null ? null : JSON.stringify(job.repeatInterval),
    repeat_timezone: job.repeatTimezone ?? null,
    repeat_at: job.repeatAt ?? null,
    disabled: boolInt(job.disabled),
    progress: job.progress ?? null,
    data: encodeJson(job.data),
    debounce_started_at: ms(job.debounceStartedAt),
    last_modified_by: lastModifiedBy,
    fork: boolInt(job.fork),
    start_date: ms(job.startDate),
    end_date: ms(job.endDate),
    skip_days: job.skipDays ? JSON.stringify(job.skipDays) : null,
  };
}

/** A row as agenda's JobParameters (absent values are undefined, as the Mongo backend returns them). */
export function rowToJob(r: JobRow): JobParameters {
  const job: JobParameters = {
    _id: toJobId(r.id),
    name: r.name,
    priority: r.priority,
    nextRunAt: r.next_run_at === null ? null : new Date(r.next_run_at),
    type: r.type === "single" ? "single" : "normal",
    data: decodeJson(r.data),
    lockedAt: date(r.locked_at),
    lastFinishedAt: date(r.last_finished_at),
    failedAt: date(r.failed_at),
    failCount: r.fail_count ?? undefined,
    failReason: r.fail_reason ?? undefined,
    repeatTimezone: r.repeat_timezone ?? undefined,
    lastRunAt: date(r.last_run_at),
    repeatInterval: r.repeat_interval === null ? undefined : (JSON.parse(r.repeat_interval) as string | number),
    repeatAt: r.repeat_at ?? undefined,
    disabled: bool(r.disabled),
    progress: r.progress ?? undefined,
    lastModifiedBy: r.last_modified_by ?? undefined,
    fork: bool(r.fork),
    debounceStartedAt: date(r.debounce_started_at),
    startDate: date(r.start_date),
    endDate: date(r.end_date),
    skipDays: r.skip_days === null ? undefined : (JSON.parse(r.skip_days) as number[]),
  };
  return job;
}

/** The document view used to evaluate `unique` and `data` filters on dot paths ("data.userId"). */
export function rowToDoc(r: JobRow): Record<string, unknown> {
  const j = rowToJob(r);
  return { ...j, _id: r.id };
}
