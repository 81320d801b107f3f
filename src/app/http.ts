import express, { type Express, type Router } from "express";
import type { Server } from "node:http";
import type { Logger } from "../core/ports/logger.port.js";
import type { Store } from "../core/ports/store.port.js";

export interface HttpServer {
  app: Express;
  /** Adapters mount their routes here (Slack events, the playground). */
  router: Router;
  listen(port: number, host: string): Promise<{ port: number }>;
  /** Stops accepting connections and waits for in-flight requests (bounded by the caller). */
  close(): Promise<void>;
  /** Flips /readyz to 503 while shutting down. */
  setDraining(): void;
}

export interface HttpServerOptions {
  /**
   * TRUST_PROXY: how many reverse proxies in front are trusted (Express's `trust proxy` hop count). With n, `req.ip` is
   * the n-th entry of X-Forwarded-For from the right (each proxy appends the address it was reached from; whatever a
   * client wrote before them is ignored) and `req.secure` follows X-Forwarded-Proto. 0 (default): the socket's address
   * and scheme, headers ignored, as any client can write them.
   */
  trustedProxies?: number;
}

/** The process's one HTTP server: health, readiness, and whatever adapters mount. */
export function createHttpServer(store: Store, logger: Logger, opts: HttpServerOptions = {}): HttpServer {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", opts.trustedProxies ?? 0);
  let draining = false;
  let server: Server | null = null;

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    if (draining) {
      res.status(503).json({ status: "shutting_down" });
      return;
    }
    try {
      await store.ping();
      res.json({ status: "ready", store: "ok" });
    } catch (e) {
      logger.warn({ err: e }, "readiness check failed");
      res.status(503).json({ status: "unavailable", store: "unreachable" });
    }
  });
  const router = express.Router();
  app.use(router);

  return {
    app,
    router,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        const s = app.listen(port, host, (err?: Error) => {
          if (err) return reject(err);
          const addr = s.address();
          resolve({ port: typeof addr === "object" && addr ? addr.port : port });
        });
        s.on("error", reject);
        server = s;
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server) return resolve();
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
    setDraining() {
      draining = true;
    },
  };
}
