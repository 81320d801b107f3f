import { ChangeFeed } from "./change-feed.js";
import { ConfigError, type Config } from "./config.js";
import type { Logger } from "../core/ports/logger.port.js";
import { platformOf, type CommunityId } from "../core/ids.js";
import { OffsetClock, systemClock } from "../core/ports/clock.port.js";
import { createScheduler } from "../jobs/scheduler.js";
import { createAdapters } from "./adapters.js";
import { createHttpServer } from "./http.js";
import type { PlatformAdapter } from "./platform.js";
import { createRuntime, type Runtime } from "./runtime.js";

export const SHUTDOWN_TIMEOUT_MS = 10_000;

/** Sweeps the playground runs when its simulated clock moves: every scheduled job, the weekly digest too. */
const SWEEPS = ["followups", "onboarding", "nudge", "digest"] as const;

export interface Service {
  runtime: Runtime;
  port: number;
  adapters: PlatformAdapter[];
  /** Applies what other processes write to the store to this one's matching (null when CHANGES_POLL_SECONDS=0). */
  changes: ChangeFeed | null;
  /** Stops intake, finishes in-flight work and closes the store, within SHUTDOWN_TIMEOUT_MS. */
  stop(): Promise<void>;
}

/** Starts the whole service: store, HTTP (health + adapters' routes), platform adapters, jobs. */
export async function startService(config: Config, logger: Logger): Promise<Service> {
  // The playground's clock can be moved forward to see follow-ups and nudges; platforms run on real time.
  for (const w of config.warnings) logger.warn({}, w);
  const runtime = await createRuntime(config, logger, { clock: config.playground ? new OffsetClock() : systemClock });
  const http = createHttpServer(runtime.store, logger.child({ component: "http" }), { trustedProxies: config.trustedProxies });
  const scheduler = config.jobs
    ? await createScheduler({
      store: config.store, logger: logger.child({ component: "jobs" }), core: runtime.core, clock: runtime.clock,
      communities: reachableCommunities(runtime, logger),
    })
    : null;
  // The playground's "run sweep" control runs every sweep at the simulated time, for the playground's own (web:)
  // communities only: a simulated month must never nudge a real Slack or Discord workspace running beside it.
  const runSweep = scheduler
    ? async (now: Date) => {
        const counts = { widened: 0, followUps: 0, welcomed: 0, nudged: 0, digests: 0 };
        const communityIds = (await runtime.store.listCommunityIds()).filter((id) => platformOf(id) === "web");
        for (const job of SWEEPS) {
          const r = await scheduler.run(job, { now, communityIds });
          if (r.job === "followups") {
            for (const c of r.report.communities) {
              counts.widened += c.widened.length;
              counts.followUps += c.followedUp.length;
            }
          } else if (r.job === "onboarding" || r.job === "nudge") {
            const sent = r.report.communities.reduce((n, c) => n + c.sent.length, 0);
            if (r.job === "onboarding") counts.welcomed += sent;
            else counts.nudged += sent;
          } else if (r.job === "digest") {
            counts.digests += r.report.communities.reduce((n, c) => n + c.sentTo.length, 0);
          }
        }
        return counts;
      }
    : undefined;
  const adapters = await createAdapters(config, runtime, { core: runtime.core, logger, http: http.router }, runSweep ? { runSweep } : {});
  for (const a of adapters) runtime.messenger.register(a.platform, a.messenger);

  const { port } = await http.listen(config.http.port, config.http.host).catch((e: unknown) => {
    // A taken port is the commonest start failure (a playground already running, another dev server): say what to do,
    // not Node's bare "listen EADDRINUSE".
    if ((e as NodeJS.ErrnoException).code !== "EADDRINUSE") throw e;
    const { port: p, host } = config.http;
    throw new ConfigError([`PORT: ${p} on ${host} is already in use (another Knowhow, or another program): stop that, or set PORT to a free port (PORT=${p < 65535 ? p + 1 : 3000} npm start; see .env.example)`]);
  });
  logger.info({ port, host: config.http.host, store: config.store.kind }, `HTTP server on http://${config.http.host === "0.0.0.0" ? "localhost" : config.http.host}:${port} (GET /healthz, /readyz)`);
  for (const a of adapters) {
    await a.start();
    logger.info({ platform: a.platform }, `${a.platform} adapter started`);
  }
  // Started before the indexes are built, so that what other processes write meanwhile is applied after.
  const changes = config.changesPollMs > 0
    ? new ChangeFeed({
      store: runtime.store, matcher: runtime.matcher, logger: logger.child({ component: "changes" }), intervalMs: config.changesPollMs,
      onRemoved: (ids) => { for (const a of adapters) a.membersRemoved?.(ids); },
    })
    : null;
  await changes?.start();
  // In the background: skills stored before this version's aliases existed get today's keys, then every
  // community's match index is built, so that no community's first question waits for it.
  // Stopping does not wait for an index build (the store closes under it, and it ends quietly).
  let stopping: Promise<void> | null = null;
  const keysRefreshed = refreshSkillKeys(runtime, logger);
  void keysRefreshed.then(() => prepareMatching(runtime, logger, () => stopping !== null));
  if (scheduler) {
    await scheduler.start();
    logger.info({ backend: scheduler.backendName }, "scheduled jobs started");
  }
  if (config.playground) {
    logger.info({ port }, "playground ready");
    // The one line a newcomer needs, readable without a log viewer.
    process.stdout.write(`\n  Knowhow playground: http://${config.http.host}:${port}  (Ctrl-C to stop)\n\n`);
  }
  if (!config.slack) logger.info({}, "Slack not connected: set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) — see docs/slack.md");
  if (!config.discord) logger.info({}, "Discord not connected: set DISCORD_TOKEN — see docs/discord.md");

  const stop = () => {
    stopping ??= (async () => {
      http.setDraining();
      const work = (async () => {
        await changes?.stop();
        for (const a of [...adapters].reverse()) {
          await a.stop().catch((e: unknown) => logger.error({ err: e, platform: a.platform }, "adapter stop failed"));
        }
        await http.close();
        await scheduler?.stop().catch((e: unknown) => logger.error({ err: e }, "scheduler stop failed"));
        await keysRefreshed;
      })();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        work.then(() => false),
        new Promise<boolean>((r) => { timer = setTimeout(() => r(true), SHUTDOWN_TIMEOUT_MS - 1_000); }),
      ]);
      clearTimeout(timer);
      if (timedOut) logger.warn({}, "in-flight work did not finish in time; closing anyway");
      await runtime.close();
      logger.info({}, "stopped");
    })();
    return stopping;
  };
  return { runtime, port, adapters, changes, stop };
}

/**
 * Builds every community's match index (one at a time; the build lets other work run between pages). A failure
 * is logged and costs nothing but time: the community's first question builds the index instead.
 */
async function prepareMatching(runtime: Runtime, logger: Logger, stopped: () => boolean): Promise<void> {
  const prepare = runtime.matcher.prepare?.bind(runtime.matcher);
  if (!prepare) return;
  try {
    for (const id of await runtime.store.listCommunityIds()) {
      if (stopped()) return;
      await prepare(id);
    }
  } catch (e: unknown) {
    if (!stopped()) logger.warn({ err: e }, "could not build the match indexes at start; each community's first question will build its own");
  }
}

/**
 * Brings every community's stored skill keys up to date with the built-in aliases (a skill saved as "deutsch"
 * before "deutsch" → "german" shipped). Failures are logged and retried at the next start; matching does not
 * depend on it (it reads labels afresh), only counts and reports do.
 */
async function refreshSkillKeys(runtime: Runtime, logger: Logger): Promise<void> {
  try {
    for (const id of await runtime.store.listCommunityIds()) {
      const changed = await runtime.core.communities.refreshSkillKeys(id);
      if (changed > 0) logger.info({ communityId: id, members: changed }, "skill keys brought up to date with the built-in aliases");
    }
  } catch (e: unknown) {
    logger.warn({ err: e }, "could not bring skill keys up to date; will retry at the next start");
  }
}

/**
 * The communities scheduled jobs sweep: those of a platform this process is connected to (a Slack workspace kept in
 * the store while SLACK_BOT_TOKEN is unset is left alone, and said so once).
 */
function reachableCommunities(runtime: Runtime, logger: Logger): () => Promise<CommunityId[]> {
  let told = "";
  return async () => {
    const ids = await runtime.store.listCommunityIds();
    const unreachable = ids.filter((id) => !runtime.messenger.reaches(id));
    const key = unreachable.join(",");
    if (key !== "" && key !== told) logger.warn({ communityIds: unreachable }, "scheduled jobs skip these communities: their platform is not connected here (see SLACK_BOT_TOKEN / DISCORD_TOKEN)");
    told = key;
    return ids.filter((id) => !unreachable.includes(id));
  };
}
