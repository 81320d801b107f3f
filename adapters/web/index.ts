import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Router } from "express";
import type { PlatformAdapter } from "../../src/app/platform.js";
import type { Core } from "../../src/core/index.js";
import { OffsetClock, type Clock } from "../../src/core/ports/clock.port.js";
import type { Logger } from "../../src/core/ports/logger.port.js";
import { mountAdminRoutes } from "./api/admin.routes.js";
import { mountAskRoutes } from "./api/asks.routes.js";
import { mountClockRoutes } from "./api/clock.routes.js";
import { mountMemberRoutes } from "./api/members.routes.js";
import { adminAccess, createAdminGate, requireAdminApi } from "./auth.js";
import type { RunSweep, WebContext } from "./context.js";
import { seedDemoCommunity, type SeedReport } from "./demo.js";
import { DEMO_COMMUNITY } from "./identity.js";
import { errorHandler } from "./http-utils.js";
import { PlaygroundLock } from "./lock.js";
import { dashboardPage, playgroundPage } from "./pages.js";
import { WebMessenger } from "./messenger.js";
import { PlaygroundStateFile } from "./state-file.js";

export type WebMode = "playground" | "admin-only";

export interface WebAdapterOptions {
  core: Core;
  logger: Logger;
  /** The shared HTTP server's router (mounted at `/`). */
  http: Router;
  /** The core's clock; a ManualClock in playground mode makes the simulated-clock controls work. */
  clock: Clock;
  /** ADMIN_TOKEN: required for the dashboard when set; in admin-only mode the dashboard is off without it. */
  adminToken: string | null;
  /** "playground": the whole app, no accounts (loopback only). "admin-only": just the token-guarded dashboard. */
  mode: WebMode;
  /** The jobs module's sweep (nudges, follow-ups, widening, the admin digest) at `now`, for the "run sweep" control. */
  runSweep?: RunSweep;
  /** Seed the demo community on start when it has no members (default: true in playground mode). */
  seedDemo?: boolean;
  /**
   * Playground mode: where inboxes, channel feeds and the simulated clock's lead are kept across restarts
   * (`DATA_DIR/playground.json`). None: they live in memory only.
   */
  stateFile?: string;
}

export interface WebAdapter extends PlatformAdapter {
  readonly platform: "web";
  readonly messenger: WebMessenger;
  /** Result of seeding on start (null when seeding was off or the community already had members). */
  readonly seeded: SeedReport | null;
}

const here = dirname(fileURLToPath(import.meta.url));
export const PUBLIC_DIR = join(here, "public");

/** chart.js's UMD build, served from the installed package (no CDN). */
function chartJsFile(): string {
  const main = createRequire(import.meta.url).resolve("chart.js");
  return join(dirname(main), "chart.umd.min.js");
}

/**
 * The third platform adapter: a local web app where anyone can act as members of a demo community
 * (playground) plus the admin dashboard. Everything a member does goes through the same core use cases
 * as Slack and Discord; messages the core sends to `web:` members land in in-memory inboxes.
 */
export function createWebAdapter(opts: WebAdapterOptions): WebAdapter {
  const logger = opts.logger.child({ component: "web" });
  const messenger = new WebMessenger(opts.clock, logger.child({ component: "web-messenger" }));
  const stateFile = opts.mode === "playground" && opts.stateFile ? opts.stateFile : null;
  // Taken before the file is read: a second playground on the same DATA_DIR would overwrite the first's.
  const lock = stateFile ? PlaygroundLock.acquire(stateFile.replace(/\.json$/, "") + ".lock", dirname(stateFile)) : null;
  const state = stateFile ? restoreState(stateFile, messenger, opts.clock, logger) : null;
  const ctx: WebContext = { core: opts.core, messenger, clock: opts.clock, logger, runSweep: opts.runSweep ?? null, stateChanged: () => state?.changed() };
  const gate = createAdminGate(adminAccess(opts.mode, opts.adminToken), logger.child({ component: "admin-auth" }));
  const access = gate.access;
  const r = opts.http;

  r.use("/assets", express.static(PUBLIC_DIR, { index: false, maxAge: "1h" }));
  r.get("/vendor/chart.umd.js", (_req, res) => {
    res.type("application/javascript").sendFile(chartJsFile(), { maxAge: "1d" });
  });
  mountAdminRoutes(r, ctx, gate, dashboardPage(join(PUBLIC_DIR, "admin.html"), opts.mode === "playground", access.kind === "token"));

  if (opts.mode === "playground") {
    const page = playgroundPage(join(PUBLIC_DIR, "index.html"), access.kind === "token");
    // With ADMIN_TOKEN set (required to listen beyond loopback), the playground is behind the same sign-in as the
    // dashboard: anyone reaching it can act as any member and read their messages.
    r.get("/", gate.limit, (req, res) => {
      const v = gate.check(req, res);
      if (v === "refused") return;
      if (v === "denied") {
        // Back to the playground once signed in.
        res.redirect(303, "/admin/login?next=/");
        return;
      }
      res.type("html").send(page);
    });
    const api = express.Router();
    api.use(gate.limit, requireAdminApi(gate));
    api.use(express.json({ limit: "64kb" }));
    mountMemberRoutes(api, ctx);
    mountAskRoutes(api, ctx);
    mountClockRoutes(api, ctx);
    r.use("/api/playground", api);
  }
  // An API path nothing answers gets a JSON error like every other API answer, not the HTML 404 page.
  r.use(["/api/playground", "/api/admin"], (req, res) => {
    res.status(404).json({ error: { code: "not_found", message: `Nothing at ${req.method} ${req.originalUrl.split("?")[0]}.`, field: null } });
  });
  r.use(["/api/playground", "/api/admin", "/admin"], errorHandler(logger));

  const seed = opts.seedDemo ?? opts.mode === "playground";
  let seeded: SeedReport | null = null;
  return {
    platform: "web",
    messenger,
    membersRemoved: (ids) => { for (const id of ids) messenger.forget(id); },
    get seeded() {
      return seeded;
    },
    async start() {
      // Inboxes saved beside a store that is gone (the data file deleted, DATA_DIR pointed elsewhere) name requests that
      // no longer exist: an empty demo community means a fresh store, so they are dropped.
      if (state && (await opts.core.deps.store.countMembers(DEMO_COMMUNITY)) === 0) messenger.clear();
      if (state) await catchUpClock(opts.core, opts.clock, logger, () => state.changed());
      if (seed) {
        seeded = await seedDemoCommunity(opts.core, { clock: opts.clock, logger, onHistoryClock: (c) => messenger.stampWith(c) });
        // The history's settled offers show as answered when an inbox is read (see settleInbox).
        if (seeded) logger.info({ members: seeded.members, questions: seeded.questions }, "demo community seeded");
      }
      logger.info({ mode: opts.mode, dashboard: access.kind }, opts.mode === "playground" ? "playground ready" : "admin dashboard mounted");
    },
    async stop() {
      // Requests are handled by the shared HTTP server, which the app closes; every change is saved as it happens.
      lock?.release();
      gate.close();
    },
  };
}

/**
 * Brings back what the playground delivered before a restart, and moves the simulated clock as far ahead of real time
 * as it was (the store's requests and nudges were stamped with it); then saves every change.
 */
function restoreState(file: string, messenger: WebMessenger, clock: Clock, logger: Logger): PlaygroundStateFile {
  const state = new PlaygroundStateFile(file, () => ({ ...messenger.snapshot(), clockOffsetMs: clock instanceof OffsetClock ? clock.now().getTime() - Date.now() : 0 }), logger);
  const saved = state.load();
  if (saved) {
    messenger.restore(saved);
    if (clock instanceof OffsetClock && saved.clockOffsetMs > 0) clock.advance(saved.clockOffsetMs);
    logger.info({ inboxes: Object.keys(saved.inboxes).length, clockAheadHours: Math.round(saved.clockOffsetMs / 3600_000) }, "playground inboxes restored");
  }
  messenger.onChange = () => state.changed();
  return state;
}

/**
 * The simulated clock is never behind what the store holds. When playground.json could not be read (moved aside as
 * unreadable, deleted) its lead is lost, but the demo community's requests and members were stamped with it: on real
 * time they would lie in the future (offers not due for weeks, questions "asked" later than now). So at every start
 * the clock is brought forward to the newest of those dates if it is behind it.
 */
async function catchUpClock(core: Core, clock: Clock, logger: Logger, saved: () => void): Promise<void> {
  if (!(clock instanceof OffsetClock)) return;
  const { store } = core.deps;
  let newest = 0;
  for (const r of await store.listRequests({ communityId: DEMO_COMMUNITY })) newest = Math.max(newest, r.createdAt.getTime(), r.updatedAt.getTime());
  let after: string | null = null;
  do {
    const page = await store.listMembers(DEMO_COMMUNITY, { after, limit: 500 });
    for (const m of page.members) newest = Math.max(newest, m.lastActiveAt.getTime(), m.updatedAt.getTime());
    after = page.next;
  } while (after);
  const from = clock.now();
  if (newest <= from.getTime()) return;
  clock.set(new Date(newest));
  saved();
  logger.warn({ from: from.toISOString(), to: clock.now().toISOString() }, "the demo community holds dates ahead of the simulated clock (its saved lead was lost): clock brought forward to the newest");
}

export { WebMessenger } from "./messenger.js";
export { seedDemoCommunity } from "./demo.js";
export { DEMO_COMMUNITY } from "./identity.js";
