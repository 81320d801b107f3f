/**
 * Transport: builds the Bolt App on the right receiver.
 * - Socket Mode when an app-level token is configured (no public URL needed);
 * - otherwise HTTP mode: Bolt's ExpressReceiver mounted at `/slack/events` on the app's shared HTTP
 *   router, signatures verified with the signing secret.
 * Nothing is read from the environment; the Web API base URL comes from config.
 */
import { App, ExpressReceiver, LogLevel, SocketModeReceiver, type Logger as BoltLogger, type Middleware, type AnyMiddlewareArgs } from "@slack/bolt";
import express, { type Router } from "express";
import type { Config } from "../../src/app/config.js";
import type { Logger } from "../../src/core/ports/logger.port.js";

export type SlackConfig = NonNullable<Config["slack"]>;

export const EVENTS_PATH = "/slack/events";

export interface TransportOptions {
  config: SlackConfig;
  /** The shared HTTP server's router (HTTP mode). */
  router: Router;
  logger: Logger;
  /** From auth.test, so Bolt does not call it again. */
  botUserId: string;
  botId: string;
  /** Wait for listeners before answering HTTP requests (deterministic tests). Default false: ack first. */
  processBeforeResponse?: boolean;
  /** Socket Mode client tuning (tests turn reconnection off). */
  socket?: { autoReconnect?: boolean; clientPingTimeoutMs?: number };
}

export interface Transport {
  app: App;
  mode: "socket" | "http";
  /** Starts receiving (Socket Mode: connects; HTTP: opens the route). */
  start(): Promise<void>;
  /** Stops receiving and waits for listeners in flight. */
  stop(): Promise<void>;
}

/** Bolt's logger interface on top of ours (structured, component "bolt"). */
export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: "bolt" });
  let level = LogLevel.INFO;
  const line = (msg: unknown[]) => ({ msg: msg.map((m) => (typeof m === "string" ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(" ") });
  return {
    debug: (...m: unknown[]) => log.debug(line(m)),
    info: (...m: unknown[]) => log.info(line(m)),
    warn: (...m: unknown[]) => log.warn(line(m)),
    error: (...m: unknown[]) => log.error(line(m)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

export function createTransport(o: TransportOptions): Transport {
  const c = o.config;
  const logger = boltLogger(o.logger);
  const apiUrl = c.apiUrl ? (c.apiUrl.endsWith("/") ? c.apiUrl : `${c.apiUrl}/`) : undefined;
  const clientOptions = { ...(apiUrl ? { slackApiUrl: apiUrl } : {}), retryConfig: { retries: 0 } };
  let inFlight = 0;
  let drained: (() => void) | null = null;
  const track: Middleware<AnyMiddlewareArgs> = async ({ next }) => {
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
      if (inFlight === 0) drained?.();
    }
  };
  const waitForIdle = () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (drained = resolve)));

  if (c.mode === "socket") {
    if (!c.appToken) throw new Error("Slack Socket Mode needs SLACK_APP_TOKEN");
    const receiver = new SocketModeReceiver({
      appToken: c.appToken,
      logger,
      autoReconnectEnabled: o.socket?.autoReconnect ?? true,
      ...(o.socket?.clientPingTimeoutMs ? { clientPingTimeout: o.socket.clientPingTimeoutMs } : {}),
      installerOptions: { clientOptions: { ...(apiUrl ? { slackApiUrl: apiUrl } : {}), ...(o.socket?.autoReconnect === false ? { retryConfig: { retries: 0 } } : {}) } },
    });
    const app = new App({ token: c.botToken, botUserId: o.botUserId, botId: o.botId, receiver, logger, clientOptions });
    app.use(track);
    return {
      app,
      mode: "socket",
      start: async () => {
        try {
          await app.start();
        } catch (e) {
          // The bot token passed auth.test already: when Slack refuses the connection, say which token and the usual reasons.
          const why = (e as { data?: { error?: unknown } }).data?.error;
          if (typeof why !== "string") throw e;
          throw new Error(
            `Slack refused SLACK_APP_TOKEN (apps.connections.open: ${why}). It must be an app-level token (xapp-…) with the connections:write scope, and Socket Mode must be enabled for the app.`,
            { cause: e },
          );
        }
      },
      stop: async () => {
        await app.stop();
        await waitForIdle();
      },
    };
  }

  if (!c.signingSecret) throw new Error("Slack HTTP mode needs SLACK_SIGNING_SECRET");
  // Our own sub-router so that stop() can close the route (express cannot unmount).
  const sub = express.Router();
  let open = false;
  o.router.use((req, res, next) => {
    if (!req.path.startsWith(EVENTS_PATH)) return next();
    if (!open) {
      res.status(503).json({ error: "slack_adapter_stopped" });
      return;
    }
    sub(req, res, next);
  });
  const receiver = new ExpressReceiver({
    signingSecret: c.signingSecret,
    router: sub,
    endpoints: EVENTS_PATH,
    processBeforeResponse: o.processBeforeResponse ?? false,
    logger,
  });
  const app = new App({ token: c.botToken, botUserId: o.botUserId, botId: o.botId, receiver, logger, clientOptions });
  app.use(track);
  return {
    app,
    mode: "http",
    start: async () => {
      open = true;
    },
    stop: async () => {
      open = false;
      await waitForIdle();
    },
  };
}
