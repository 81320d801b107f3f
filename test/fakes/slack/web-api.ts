/**
 * A local fake of the Slack Web API (plus response_url catcher, file upload target and Socket Mode
 * WebSocket) on 127.0.0.1 and a random port. Every call is recorded with its parsed params and token.
 * Point Bolt / WebClient at it with `clientOptions.slackApiUrl = fake.apiUrl`.
 */
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeSocketMode } from "./socket-mode.js";
import { FakeSlackState } from "./state.js";
import { handleMethod } from "./methods.js";

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  token: string | null;
  /** HTTP status the fake answered. */
  status: number;
}

export interface RecordedResponse {
  id: string;
  body: Record<string, unknown>;
}

/** A fault injected for the next call(s) of a method. */
export type Fault =
  | { kind: "rate_limited"; retryAfterSeconds: number }
  | { kind: "error"; error: string }
  | { kind: "http"; status: number };

/** JSON keys that the Web API client sends as JSON strings inside form bodies. */
const JSON_KEYS = new Set(["blocks", "view", "files", "attachments", "metadata", "users_list"]);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function parseParams(contentType: string, raw: Buffer): Record<string, unknown> {
  if (contentType.startsWith("application/json")) return raw.length ? (JSON.parse(raw.toString("utf8")) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw.toString("utf8"))) {
    if (JSON_KEYS.has(k)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        /* keep the raw string: the test will see what was sent */
      }
    }
    out[k] = v;
  }
  return out;
}

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  readonly state: FakeSlackState;
  readonly socket: FakeSocketMode;
  private readonly faults = new Map<string, Fault[]>();
  private readonly events = new EventEmitter();
  private server: Server | null = null;
  private port = 0;
  private respSeq = 0;

  constructor(state = new FakeSlackState(), readonly validTokens: string[] = ["xoxb-test-token"], readonly appToken = "xapp-test-token") {
    this.state = state;
    this.socket = new FakeSocketMode();
    this.events.setMaxListeners(100);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What to give WebClient as `slackApiUrl` (ends with a slash). */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.route(req, res));
    server.on("upgrade", (req, socket, head) => this.socket.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await this.socket.close();
    const s = this.server;
    this.server = null;
    if (s) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  }

  /** Makes the next `times` calls of `method` fail with `fault`. */
  failNext(method: string, fault: Fault, times = 1): void {
    const list = this.faults.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(fault);
    this.faults.set(method, list);
  }

  /** A fresh response_url whose POSTs are recorded under `id`. */
  newResponseUrl(): { id: string; url: string } {
    const id = `r${++this.respSeq}`;
    return { id, url: `${this.baseUrl}/respond/${id}` };
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  responsesTo(id: string): Array<Record<string, unknown>> {
    return this.responses.filter((r) => r.id === id).map((r) => r.body);
  }

  /**
   * Resolves with the first recorded call (already made or future) matching `pred`. Fails after
   * `safetyMs` so a broken test reports what was missing instead of hanging.
   */
  waitForCall(pred: (c: RecordedCall) => boolean, what = "a matching Web API call", safetyMs = 5000): Promise<RecordedCall> {
    return this.waitFor(() => this.calls.find(pred) ?? null, what, safetyMs);
  }

  waitForResponse(id: string, count = 1, safetyMs = 5000): Promise<Array<Record<string, unknown>>> {
    return this.waitFor(() => (this.responsesTo(id).length >= count ? this.responsesTo(id) : null), `${count} response(s) to ${id}`, safetyMs);
  }

  /** Generic: resolves when `probe` returns non-null, re-checked after every recorded call or response. */
  waitFor<T>(probe: () => T | null, what: string, safetyMs = 5000): Promise<T> {
    const now = probe();
    if (now !== null) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const v = probe();
        if (v !== null) {
          cleanup();
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake Slack: gave up waiting for ${what}; calls so far: ${this.calls.map((c) => c.method).join(", ")}`));
      }, safetyMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off("change", check);
      };
      this.events.on("change", check);
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? "/", this.baseUrl);
      const raw = await readBody(req);
      if (url.pathname.startsWith("/respond/")) {
        const body = raw.length ? (JSON.parse(raw.toString("utf8")) as Record<string, unknown>) : {};
        this.responses.push({ id: url.pathname.slice("/respond/".length), body });
        this.send(res, 200, "ok", "text/plain");
        this.events.emit("change");
        return;
      }
      if (url.pathname.startsWith("/upload/")) {
        const id = url.pathname.slice("/upload/".length);
        const f = this.state.files.get(id);
        if (!f) return this.send(res, 404, "no such upload", "text/plain");
        f.content = extractUploadContent(raw, String(req.headers["content-type"] ?? ""));
        this.send(res, 200, "OK - " + raw.length, "text/plain");
        this.events.emit("change");
        return;
      }
      if (!url.pathname.startsWith("/api/") || req.method !== "POST") return this.send(res, 404, { ok: false, error: "unknown_method" });
      const method = url.pathname.slice("/api/".length);
      const params = parseParams(String(req.headers["content-type"] ?? ""), raw);
      const auth = String(req.headers.authorization ?? "");
      const token = auth.startsWith("Bearer ") ? auth.slice(7) : typeof params.token === "string" ? params.token : null;
      const call: RecordedCall = { method, params, token, status: 200 };
      this.calls.push(call);

      const fault = this.faults.get(method)?.shift();
      if (fault) {
        call.status = fault.kind === "rate_limited" ? 429 : fault.kind === "http" ? fault.status : 200;
        this.events.emit("change");
        if (fault.kind === "rate_limited") return this.send(res, 429, { ok: false, error: "ratelimited" }, "application/json", { "retry-after": String(fault.retryAfterSeconds) });
        if (fault.kind === "http") return this.send(res, fault.status, { ok: false, error: "internal_error" });
        return this.send(res, 200, { ok: false, error: fault.error });
      }
      const expected = method === "apps.connections.open" ? [this.appToken] : this.validTokens;
      if (!token || !expected.includes(token)) {
        this.events.emit("change");
        return this.send(res, 200, { ok: false, error: token ? "invalid_auth" : "not_authed" });
      }
      const body = handleMethod(this, method, params);
      this.events.emit("change");
      this.send(res, 200, body);
    } catch (e) {
      this.send(res, 500, { ok: false, error: "fake_crashed", detail: String(e) });
    }
  }

  private send(res: ServerResponse, status: number, body: unknown, type = "application/json", headers: Record<string, string> = {}): void {
    res.writeHead(status, { "content-type": type, ...headers });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  }
}

/** The file part of a multipart upload (or the raw body when it is not multipart). */
function extractUploadContent(raw: Buffer, contentType: string): string {
  const m = contentType.match(/boundary=(?:"([^"]+)"|([^;]+))/);
  const boundary = m?.[1] ?? m?.[2];
  const text = raw.toString("utf8");
  if (!boundary) return text;
  for (const part of text.split(`--${boundary}`)) {
    const sep = part.indexOf("\r\n\r\n");
    if (sep < 0) continue;
    const head = part.slice(0, sep);
    if (/filename=/i.test(head)) return part.slice(sep + 4).replace(/\r\n$/, "");
  }
  return text;
}
