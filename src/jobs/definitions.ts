import type { Core } from "../core/index.js";
import type { CommunityId } from "../core/ids.js";
import type { Logger } from "../core/ports/logger.port.js";
import type { Messenger } from "../core/ports/messenger.port.js";
import type { DueReport } from "../core/usecases/asks.js";
import type { DigestReport } from "../core/usecases/digest.js";
import type { NudgeSweepReport } from "../core/usecases/nudges.js";

/**
 * Every scheduled job, in one place. Each handler translates (which communities, which "now") and calls ONE
 * core use case; all of them are idempotent, so a job that runs twice (two workers, a retry after a crash,
 * an operator's `knowhow jobs run`) sends nothing twice.
 */
export const JOB_NAMES = ["onboarding", "nudge", "followups", "digest"] as const;
export type JobName = (typeof JOB_NAMES)[number];

export function isJobName(s: string): s is JobName {
  return (JOB_NAMES as readonly string[]).includes(s);
}

export interface JobContext {
  core: Core;
  /** The rate-limited queue sweeps send through. */
  messenger: Messenger;
  logger: Logger;
  now: Date;
  /** Only these communities (operators); every community when absent. */
  communityIds?: readonly CommunityId[];
  /** How many skipped members to list by id in the result (the CLI prints them). */
  detailLimit?: number;
}

export interface FollowUpsReport {
  now: Date;
  /** `error`: the fault that stopped this community's sweep (the next sweep retries it). */
  communities: Array<DueReport & { communityId: CommunityId; error: string | null }>;
}

export type JobResult =
  | { job: "onboarding" | "nudge"; report: NudgeSweepReport }
  | { job: "followups"; report: FollowUpsReport }
  | { job: "digest"; report: DigestReport };

export interface JobSpec {
  name: JobName;
  description: string;
  /** Repeat interval: milliseconds (never a human-interval string: "200 milliseconds" parses as 200 s) or a cron expression. */
  every: number;
  run(ctx: JobContext): Promise<JobResult>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const JOBS: Record<JobName, JobSpec> = {
  onboarding: {
    name: "onboarding",
    description: "Welcome DM to members who joined and declared no skills, after the community's onboarding delay",
    every: 15 * MINUTE,
    run: async (c) => ({ job: "onboarding", report: await c.core.nudges.runOnboarding(sweepOpts(c)) }),
  },
  nudge: {
    name: "nudge",
    description: "Inactivity nudge to members whose skills went unconfirmed (evidence first), in their daytime, within daily caps",
    // Hourly, so that every timezone's daytime is visited.
    every: HOUR,
    run: async (c) => ({ job: "nudge", report: await c.core.nudges.runInactivity(sweepOpts(c)) }),
  },
  followups: {
    name: "followups",
    description: "Offers without a reply widen to the next candidates; askers are asked \"did you get help?\" after an intro",
    every: 5 * MINUTE,
    run: async (c) => {
      const ids = c.communityIds ?? (await c.core.deps.store.listCommunityIds());
      const communities: FollowUpsReport["communities"] = [];
      for (const communityId of ids) {
        // One community's fault (its requests cannot be read) must not stop the others' sweeps.
        try {
          communities.push({ communityId, ...(await c.core.asks.runDue(communityId, c.now, c.messenger)), error: null });
        } catch (e) {
          c.logger.error({ err: e, job: "followups", communityId }, "follow-ups sweep failed in this community; the next sweep retries");
          communities.push({ communityId, widened: [], followedUp: [], failed: [], stopped: null, error: e instanceof Error ? e.message : String(e) });
        }
      }
      return { job: "followups", report: { now: c.now, communities } };
    },
  },
  digest: {
    name: "digest",
    description: "Weekly admin digest (opt-in): unmatched questions by topic, busiest helpers, skills with one expert",
    // Hourly, so each admin gets the week's digest in their own morning; once per ISO week per admin.
    every: HOUR,
    run: async (c) => ({ job: "digest", report: await c.core.digest.sendWeekly({ now: c.now, messenger: c.messenger, ...(c.communityIds ? { communityIds: c.communityIds } : {}) }) }),
  },
};

/** Members and communities a run failed for (0 when everything went through): shown by `jobs run` and the job's log line. */
export function jobFailures(r: JobResult): number {
  // Every job's report lists its communities the same way (what failed, and the community's own error).
  const communities: ReadonlyArray<{ failed: readonly unknown[]; error: unknown }> = r.report.communities;
  return communities.reduce((n, c) => n + c.failed.length + (c.error === null ? 0 : 1), 0);
}

function sweepOpts(c: JobContext) {
  return { now: c.now, messenger: c.messenger, detailLimit: c.detailLimit ?? 0, ...(c.communityIds ? { communityIds: c.communityIds } : {}) };
}
