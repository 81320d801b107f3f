import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { Agenda, type AgendaBackend, type Job } from "agenda";
import type { Core } from "../core/index.js";
import type { CommunityId } from "../core/ids.js";
import type { Clock } from "../core/ports/clock.port.js";
import type { Logger } from "../core/ports/logger.port.js";
import type { Messenger } from "../core/ports/messenger.port.js";
import { JOB_NAMES, JOBS, jobFailures, type JobName, type JobResult } from "./definitions.js";
import { QueuedMessenger, type SendQueueOptions } from "./send-queue.js";
import { SqliteBackend } from "./sqlite-backend.js";

/** Where jobs are stored: the same choice as the Store (Config["store"]). */
export type JobStoreConfig = { kind: "sqlite"; file: string } | { kind: "mongo"; uri: string };

export interface SchedulerOptions {
  /** The store configuration; with SQLite, jobs live in their own file next to the store's (see jobsFileFor). */
  store: JobStoreConfig;
  logger: Logger;
  core: Core;
  clock: Clock;
  /** Where sweeps' DMs go before queueing; defaults to the core's messenger. */
  messenger?: Messenger;
  /** How often agenda looks for due jobs (ms). */
  processEveryMs?: number;
  /** A job whose worker stops touching it for this long is retaken by another worker (ms). */
  lockLifetimeMs?: number;
  /** Override repeat intervals (ms), e.g. in tests. */
  every?: Partial<Record<JobName, number>>;
  /** Send-queue tuning (per-community rate and 429 back-off). */
  sendQueue?: Omit<SendQueueOptions, "logger">;
  /** How long stop() waits for running jobs before giving up on them (their locks then expire). */
  drainTimeoutMs?: number;
  /**
   * The communities scheduled runs sweep (default: every community in the store). The service leaves out those of
   * platforms it has no connection to: each of their DMs would only fail.
   */
  communities?: () => Promise<readonly CommunityId[]>;
}

export interface JobListing {
  name: JobName;
  description: string;
  /** Repeat interval in ms (null if the job is not scheduled yet). */
  every: number | null;
  lastRunAt: Date | null;
  lastFinishedAt: Date | null;
  nextRunAt: Date | null;
  running: boolean;
  disabled: boolean;
  failedAt: Date | null;
  failReason: string | null;
}

export interface RunOptions {
  /** Only these communities; every community when absent. */
  communityIds?: readonly CommunityId[];
  now?: Date;
  detailLimit?: number;
}

export interface Scheduler {
  readonly backendName: string;
  /** Schedules every job (idempotent across workers: one repeating job per name) and starts processing. */
  start(): Promise<void>;
  /** Stops taking jobs, waits (bounded) for running ones, closes the queue and the jobs database. Idempotent. */
  stop(): Promise<void>;
  /** Runs a job's handler now, in this process (operators, tests), through the same send queue. */
  run(name: JobName, opts?: RunOptions): Promise<JobResult>;
  /** What is scheduled: last and next run of each job. */
  list(): Promise<JobListing[]>;
}

/**
 * Touches a running job's lock every quarter of its lifetime until stopped; `stop` waits for a touch in flight, so
 * that none lands after agenda has saved the finished run (it would leave the job looking locked).
 */
function keepAlive(job: Job, lockLifetimeMs: number, log: Logger): { stop(): Promise<void> } {
  let pending: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    pending = pending.then(() => job.touch()).catch((e: unknown) => log.warn({ err: e, job: job.attrs.name }, "could not renew a running job's lock"));
  }, Math.max(10, Math.floor(lockLifetimeMs / 4)));
  return {
    async stop() {
      clearInterval(timer);
      await pending;
    },
  };
}

/** The embedded jobs database lives next to the store's file (":memory:" stays in memory). */
export function jobsFileFor(storeFile: string): string {
  return storeFile === ":memory:" || storeFile === "" ? ":memory:" : join(dirname(storeFile), "jobs.sqlite");
}

async function openBackend(cfg: JobStoreConfig): Promise<AgendaBackend> {
  if (cfg.kind === "sqlite") return SqliteBackend.open(jobsFileFor(cfg.file));
  const { MongoBackend } = await import("@agendajs/mongo-backend");
  return new MongoBackend({ address: cfg.uri, collection: "agendaJobs" });
}

/** Builds agenda v6 on the configured backend (Mongo when a URI is set, else the embedded SQLite one). */
export async function createScheduler(opts: SchedulerOptions): Promise<Scheduler> {
  const log = opts.logger.child({ component: "jobs" });
  const backend = await openBackend(opts.store);
  const queue = new QueuedMessenger(opts.messenger ?? opts.core.deps.messenger, { ...opts.sendQueue, logger: opts.logger });
  const agenda = new Agenda({
    backend,
    name: `${hostname()}:${process.pid}`,
    processEvery: opts.processEveryMs ?? 30_000,
    defaultLockLifetime: opts.lockLifetimeMs ?? 10 * 60_000,
    defaultConcurrency: 1,
  });
  agenda.on("error", (e: Error) => log.error({ err: e }, "agenda error"));
  agenda.on("fail", (e: Error, job: Job) => log.error({ err: e, job: job.attrs.name }, "job failed; it runs again at its next interval"));

  const run = async (name: JobName, ro: RunOptions = {}): Promise<JobResult> => {
    const now = ro.now ?? opts.clock.now();
    const started = Date.now();
    const result = await JOBS[name].run({
      core: opts.core, messenger: queue, logger: log, now,
      ...(ro.communityIds ? { communityIds: ro.communityIds } : {}),
      ...(ro.detailLimit !== undefined ? { detailLimit: ro.detailLimit } : {}),
    });
    // A job whose members or communities failed still finishes (the rest was served); the count says it was not all.
    const failed = jobFailures(result);
    if (failed > 0) log.warn({ job: name, ms: Date.now() - started, communityIds: ro.communityIds, failed }, "job done with failures; the next run retries them");
    else log.info({ job: name, ms: Date.now() - started, communityIds: ro.communityIds }, "job done");
    return result;
  };
  const lockLifetime = opts.lockLifetimeMs ?? 10 * 60_000;
  for (const name of JOB_NAMES) {
    agenda.define(name, async (job: Job) => {
      // A sweep may outlast the lock (many communities at a DM a second, 429 back-offs): agenda would then fail it as
      // expired while it goes on, and start the job again beside it. Touching the lock says it is still running.
      const alive = keepAlive(job, lockLifetime, log);
      try {
        const communityIds = await opts.communities?.();
        await run(name, communityIds ? { communityIds } : {});
      } finally {
        await alive.stop();
      }
    }, { concurrency: 1, lockLifetime });
  }

  let started = false;
  let stopping: Promise<void> | null = null;
  return {
    backendName: backend.name,
    async start() {
      await agenda.ready;
      for (const name of JOB_NAMES) await agenda.every(opts.every?.[name] ?? JOBS[name].every, name);
      await agenda.start();
      started = true;
      log.info({ backend: backend.name, jobs: JOB_NAMES }, "scheduler started");
    },
    stop() {
      stopping ??= (async () => {
        if (started) {
          const r = await agenda.drain({ timeout: opts.drainTimeoutMs ?? 8_000 });
          if (r.timedOut) log.warn({ running: r.running }, "jobs still running at shutdown; their locks will expire and another worker retakes them");
        } else {
          await backend.disconnect();
        }
        await queue.close();
        log.info({}, "scheduler stopped");
      })();
      return stopping;
    },
    run,
    async list() {
      await agenda.ready;
      const { jobs } = await agenda.queryJobs({ names: [...JOB_NAMES] });
      return JOB_NAMES.map((name) => {
        const j = jobs.find((x) => x.name === name);
        const every = j?.repeatInterval;
        return {
          name,
          description: JOBS[name].description,
          every: typeof every === "number" ? every : every !== undefined && Number.isFinite(Number(every)) ? Number(every) : null,
          lastRunAt: j?.lastRunAt ?? null,
          lastFinishedAt: j?.lastFinishedAt ?? null,
          nextRunAt: j?.nextRunAt ?? null,
          running: j?.state === "running",
          disabled: j?.disabled === true,
          failedAt: j?.failedAt ?? null,
          failReason: j?.failReason ?? null,
        };
      });
    },
  };
}
