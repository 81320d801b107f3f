import type { Command } from "commander";
import type { Runtime } from "../../app/runtime.js";
import type { CommunityNudgeReport, SkipReason } from "../../core/usecases/nudges.js";
import { platformOf, type CommunityId } from "../../core/ids.js";
import { isJobName, JOB_NAMES, jobFailures, type JobName, type JobResult } from "../../jobs/definitions.js";
import type { JobListing, Scheduler } from "../../jobs/scheduler.js";
import { communityArg } from "../runtime.js";
import { CliError, requireCommunity, withRuntime } from "./members.js";

const SKIP_TEXT: Record<SkipReason, string> = {
  departed: "left the community",
  reminders_off: "chose \"don't remind me\"",
  opted_out: "opted out of suggestions",
  paused: "paused",
  dm_closed: "does not accept DMs from the bot",
  not_due: "not due",
  recently_nudged: "nudged recently",
  unanswered: "let the last nudges pass: none until they next use Knowhow",
  quiet_hours: "night or quiet hours where they are",
  daily_cap: "community's daily DM cap reached",
  already_sent: "already sent (another run or worker)",
  deferred: "platform rate limit: next run",
};

/**
 * `knowhow jobs list` and `knowhow jobs run <name> [--community ID] [--now ISO-TIME]`: the scheduled jobs,
 * with the same configuration as the service (store, jobs database, platforms), so a `run` sends its DMs
 * through the configured platforms, rate-limited and idempotent exactly as the scheduled job does.
 */
export function registerJobsCommands(program: Command, getRuntime: () => Promise<Runtime>): void {
  const jobs = program.command("jobs").description("Scheduled jobs: onboarding, nudges, follow-ups, admin digest");

  jobs
    .command("list")
    .description("What is scheduled: each job's interval, last and next run")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      await withRuntime(getRuntime, async (rt) =>
        withScheduler(rt, async (s) => {
          const listing = await s.list();
          if (opts.json) return console.log(JSON.stringify(listing, null, 2));
          console.log(`Jobs (${s.backendName} backend):`);
          for (const j of listing) console.log(formatListing(j));
        }),
      );
    });

  jobs
    .command("run")
    .description(`Run a job now and print what it did. Jobs: ${JOB_NAMES.join(", ")}`)
    .argument("<name>", JOB_NAMES.join(" | "))
    .option("-c, --community <id>", "only this community (default: all)")
    .option("--now <iso-time>", "pretend it is this time (e.g. 2026-03-02T10:00:00Z)")
    .option("--json", "print the full report as JSON")
    .action(async (name: string, opts: { community?: string; now?: string; json?: boolean }) => {
      if (!isJobName(name)) throw new CliError(`Unknown job “${name}”. Jobs: ${JOB_NAMES.join(", ")}.`);
      const now = opts.now === undefined ? undefined : parseNow(opts.now);
      const communityId = opts.community ? communityArg(opts.community) : undefined;
      if (communityId && isPlayground(communityId)) throw new CliError(`${communityId} is a playground community: ${playgroundHint(name)}`);
      await withRuntime(getRuntime, async (rt) => {
        if (communityId) await requireCommunity(rt, communityId);
        await connectPlatformSenders(rt);
        // A platform this process cannot reach: every DM would fail, one a second through the send queue.
        const unreachable = (id: CommunityId) => !isPlayground(id) && !rt.messenger.reaches(id);
        if (communityId && unreachable(communityId)) throw new CliError(notConnected([communityId]));
        // The playground's inboxes live in its own process: its communities are left to it, not failed here.
        const all = communityId ? [communityId] : await rt.store.listCommunityIds();
        const skipped = all.filter(isPlayground);
        const cut = all.filter(unreachable);
        const communityIds = all.filter((id) => !isPlayground(id) && !unreachable(id));
        // One line each, never a failure; on stderr with --json so that stdout stays JSON.
        const say = opts.json ? console.error : console.log;
        if (skipped.length > 0) say(`Skipped ${skipped.join(", ")} (playground): ${playgroundHint(name)}`);
        if (cut.length > 0) say(`Skipped ${notConnected(cut)}`);
        await withScheduler(rt, async (s) => {
          const result = await s.run(name, { communityIds, ...(now ? { now } : {}), detailLimit: 1000 });
          if (opts.json) console.log(JSON.stringify(result, null, 2));
          else printResult(result, skipped.length > 0);
          if (jobFailures(result) > 0) process.exitCode = 1;
        });
      });
    });
}

/** "slack:T1 (Slack is not configured here: set SLACK_BOT_TOKEN)", for communities of platforms without credentials. */
function notConnected(ids: readonly CommunityId[]): string {
  const setting = { slack: "Slack is not configured here: set SLACK_BOT_TOKEN", discord: "Discord is not configured here: set DISCORD_TOKEN" } as const;
  const platforms = [...new Set(ids.map((id) => platformOf(id)))].filter((p): p is "slack" | "discord" => p === "slack" || p === "discord");
  return `${ids.join(", ")} (${platforms.map((p) => setting[p]).join("; ")}).`;
}

/** The playground's communities (`web:…`): their inboxes live in the `npm start` process, out of the CLI's reach. */
const isPlayground = (id: CommunityId) => platformOf(id) === "web";

function playgroundHint(job: JobName): string {
  const instead = job === "digest"
    ? "the playground sends its digests itself, hourly and when its Simulated clock runs the sweeps (“Run sweep now”, or a move)"
    : "use the playground's Simulated clock (“Run sweep now”) instead";
  return `playground inboxes live in the npm start process, out of the CLI's reach — ${instead}.`;
}

/** A calendar date, or a date and time with its zone ("Z" or "+02:00"): a time without one would be read in the machine's zone. */
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

function parseNow(raw: string): Date {
  const m = ISO_TIME.exec(raw.trim());
  const d = new Date(raw.trim());
  const [y, mo, day] = [Number(m?.[1]), Number(m?.[2]), Number(m?.[3])];
  // A day the calendar has (not 2026-02-30, which Date would roll over to 2 March), in a year jobs could run.
  const real = m !== null && new Date(Date.UTC(y, mo - 1, day)).getUTCDate() === day && mo >= 1 && mo <= 12 && y >= 2000 && y <= 2100;
  if (!real || Number.isNaN(d.getTime())) throw new CliError(`--now must be a real date, or a date and time with its zone, such as 2026-03-02T10:00:00Z (got “${raw}”).`);
  return d;
}

async function withScheduler(rt: Runtime, fn: (s: Scheduler) => Promise<void>): Promise<void> {
  // Agenda is loaded by the jobs commands only.
  const { createScheduler } = await import("../../jobs/scheduler.js");
  const s = await createScheduler({ store: rt.config.store, logger: rt.logger, core: rt.core, clock: rt.clock });
  try {
    await fn(s);
  } finally {
    await s.stop();
  }
}

/**
 * Registers the configured platforms' messengers (without starting their event intake), so DMs from a CLI
 * run go out through Slack / Discord like the service's. Platforms already registered are left alone.
 */
async function connectPlatformSenders(rt: Runtime): Promise<void> {
  if (!rt.config.slack && !rt.config.discord) return;
  const [{ createAdapters }, { Router }] = await Promise.all([import("../../app/adapters.js"), import("express")]);
  const adapters = await createAdapters({ ...rt.config, playground: false, adminToken: null }, rt, { core: rt.core, logger: rt.logger, http: Router() });
  for (const a of adapters) {
    if (a.platform !== "web" && !rt.messenger.has(a.platform)) rt.messenger.register(a.platform, a.messenger);
  }
}

const when = (d: Date | null) => (d ? d.toISOString().replace(".000Z", "Z") : "—");
const every = (ms: number | null) => (ms === null ? "not scheduled yet" : ms % 3_600_000 === 0 ? `every ${ms / 3_600_000} h` : `every ${Math.round(ms / 60_000)} min`);

function formatListing(j: JobListing): string {
  const state = j.disabled ? "disabled" : j.running ? "running" : j.failedAt && (!j.lastFinishedAt || j.failedAt >= j.lastFinishedAt) ? `failed: ${j.failReason ?? "?"}` : "ok";
  return `  ${j.name.padEnd(11)} ${every(j.every).padEnd(17)} last ${when(j.lastRunAt).padEnd(21)} next ${when(j.nextRunAt).padEnd(21)} ${state}\n  ${" ".repeat(11)} ${j.description}`;
}

function printResult(r: JobResult, skippedSome: boolean): void {
  console.log(`${r.job} at ${when(r.report.now)}`);
  if (r.report.communities.length === 0) console.log(skippedSome ? "  no other communities" : "  no communities yet");
  switch (r.job) {
    case "onboarding":
    case "nudge":
      for (const c of r.report.communities) printNudges(c);
      break;
    case "followups":
      for (const c of r.report.communities) {
        console.log(`${c.communityId}: widened ${c.widened.length}, asked "did you get help?" ${c.followedUp.length}${c.stopped ? " (stopped early: platform rate limit; the next sweep sends the rest)" : ""}`);
        if (c.error) console.log(`  FAILED  ${c.error} (the next sweep retries)`);
        for (const f of c.failed) console.log(`  FAILED  request ${f.requestId}: ${f.reason.replace(/_/g, " ")} (the next sweep retries)`);
        for (const id of c.widened) console.log(`  widened    request ${id}`);
        for (const id of c.followedUp) console.log(`  followed up request ${id}`);
      }
      break;
    case "digest":
      console.log(`  week ${r.report.week}`);
      for (const c of r.report.communities) {
        console.log(`${c.communityId}: ${c.status === "ok" ? `sent to ${c.sentTo.length}` : c.status.replace(/_/g, " ")}`);
        for (const id of c.sentTo) console.log(`  sent    ${id}`);
        for (const s of c.skipped) console.log(`  skipped ${s.memberId}: ${s.reason.replace(/_/g, " ")}`);
        for (const f of c.failed) console.log(`  FAILED  ${f.memberId}: ${f.reason}`);
        if (c.error) console.log(`  FAILED  ${c.error} (the next run retries)`);
      }
      break;
  }
}

function printNudges(c: CommunityNudgeReport): void {
  const skipped = Object.values(c.skipped).reduce((a, b) => a + (b ?? 0), 0);
  console.log(`${c.communityId}: scanned ${c.scanned}, sent ${c.sent.length}, skipped ${skipped}, failed ${c.failed.length}${c.stopped ? ` (stopped early: ${c.stopped.replace(/_/g, " ")})` : ""}`);
  for (const s of c.sent) console.log(`  sent    ${s.memberId}${s.suggested.length ? ` (suggested: ${s.suggested.join(", ")})` : ""}`);
  for (const f of c.failed) console.log(`  FAILED  ${f.memberId}: ${f.reason.replace(/_/g, " ")}`);
  if (c.error) console.log(`  FAILED  ${c.error} (stopped here; the next sweep picks up the rest)`);
  for (const s of c.skippedMembers) console.log(`  skipped ${s.memberId}: ${SKIP_TEXT[s.reason]}`);
  const listed = c.skippedMembers.length;
  if (skipped > listed) console.log(`  … and ${skipped - listed} more skipped (${Object.entries(c.skipped).map(([k, n]) => `${k.replace(/_/g, " ")}: ${n}`).join(", ")})`);
}
