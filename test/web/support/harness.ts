import type { Server } from "node:http";
import express from "express";
import type { SweepCounts } from "../../../adapters/web/context.js";
import { createWebAdapter, type WebAdapter, type WebMode } from "../../../adapters/web/index.js";
import { MessengerRouter } from "../../../src/app/messenger-router.js";
import { createCore, type Core } from "../../../src/core/index.js";
import { ManualClock } from "../../../src/core/ports/clock.port.js";
import { silentLogger, type Logger } from "../../../src/core/ports/logger.port.js";
import type { Store } from "../../../src/core/ports/store.port.js";
import { openStore } from "../../../src/store/open.js";
import { KeywordMatcher } from "./fake-matcher.js";

export interface Harness {
  baseUrl: string;
  core: Core;
  clock: ManualClock;
  store: Store;
  adapter: WebAdapter;
  /** The core's messenger: register a platform's (e.g. a RecordingMessenger for `slack`) to reach its members. */
  messenger: MessengerRouter;
  sweeps: Date[];
  /** The HTTP server, to watch requests arrive. */
  server: Server;
  close(): Promise<void>;
}

export interface HarnessOptions {
  mode?: WebMode;
  adminToken?: string | null;
  /** TRUST_PROXY: reverse proxies in front whose X-Forwarded-For / X-Forwarded-Proto are believed (default 0). */
  trustedProxies?: number;
  seedDemo?: boolean;
  /** Inject a fake jobs sweep that records its calls (default: none, so the core's runDue is used). */
  withSweep?: boolean;
  /** What the fake sweep does at `now` (e.g. send a nudge through the core's messenger). */
  onSweep?: (core: Core, now: Date) => Promise<SweepCounts>;
  /** An embedded store file (default: in memory) and a playground state file, to restart on the same data. */
  storeFile?: string;
  stateFile?: string;
  clock?: ManualClock;
  /** The web adapter's logger (default: silent), to assert what it logs. */
  logger?: Logger;
}

/**
 * The web adapter wired as the app wires it — embedded SQLite store in memory, a MessengerRouter with
 * the web messenger registered, a ManualClock — listening on 127.0.0.1 on a free port.
 */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const clock = opts.clock ?? new ManualClock("2026-03-02T10:00:00Z");
  const store = await openStore({ kind: "sqlite", file: opts.storeFile ?? ":memory:" }, silentLogger);
  const messenger = new MessengerRouter();
  let n = 0;
  const run = Date.now().toString(36);
  const newId = opts.storeFile ? () => `id${run}-${++n}` : () => `id${++n}`;
  const core = createCore({ store, matcher: new KeywordMatcher(store), messenger, clock, logger: silentLogger, newId });
  const app = express();
  app.set("trust proxy", opts.trustedProxies ?? 0);
  const router = express.Router();
  app.use(router);
  const sweeps: Date[] = [];
  const adapter = createWebAdapter({
    core, logger: opts.logger ?? silentLogger, http: router, clock, adminToken: opts.adminToken ?? null, mode: opts.mode ?? "playground", seedDemo: opts.seedDemo ?? false,
    ...(opts.stateFile ? { stateFile: opts.stateFile } : {}),
    ...(opts.withSweep ? { runSweep: async (now: Date) => { sweeps.push(now); return opts.onSweep ? opts.onSweep(core, now) : { widened: 0, followUps: 0, welcomed: 0, nudged: 0, digests: 0 }; } } : {}),
  });
  messenger.register("web", adapter.messenger);
  await adapter.start();
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, "127.0.0.1", (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    core, clock, store, adapter, sweeps, messenger, server,
    async close() {
      await adapter.stop();
      // Requests still in flight (a test's unfinished bodies) are cut off rather than waited for.
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
      await store.close();
    },
  };
}

/** JSON request helper: returns status and parsed body (typed loosely: tests assert on its shape). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    redirect: "manual",
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (HTML pages, plain text)
  }
  return { status: res.status, body: parsed, headers: res.headers };
}
