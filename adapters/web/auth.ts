import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { ipKeyGenerator } from "express-rate-limit";
import type { Logger } from "../../src/core/ports/logger.port.js";
import { readCookie } from "./http-utils.js";
import { afterSignIn, loginPage } from "./pages.js";

export const ADMIN_COOKIE = "knowhow_admin";

/**
 * Who may see the admin dashboard:
 * - playground mode: everyone (the app listens on loopback only);
 * - admin-only mode without a token: nobody (the dashboard is off: 404);
 * - with a token: requests carrying it as `Authorization: Bearer <token>`, or a login cookie signed with it.
 */
export type AdminAccess = { kind: "open" } | { kind: "off" } | { kind: "token"; token: string };

export function adminAccess(mode: "playground" | "admin-only", token: string | null): AdminAccess {
  if (token) return { kind: "token", token };
  return mode === "playground" ? { kind: "open" } : { kind: "off" };
}

/** How long a login cookie lasts (the browser drops it then too), and how far ahead of our clock one may be dated. */
export const SESSION_MAX_AGE_S = 12 * 3600;
const CLOCK_SKEW_S = 60;

/**
 * What the login cookie holds: `v1.<issued at, Unix seconds>.<HMAC of "v1|<issued at>" keyed by the token>`. It never
 * carries the token itself (a cookie copied from a browser or a proxy's log does not give the API token); a copied
 * cookie works for SESSION_MAX_AGE_S at most; a new ADMIN_TOKEN signs everyone out.
 */
export function sessionCookieValue(token: string, issuedAtS: number): string {
  return `v1.${issuedAtS}.${sessionMac(token, String(issuedAtS))}`;
}

function sessionMac(token: string, issuedAt: string): string {
  return createHmac("sha256", token).update(`v1|${issuedAt}`).digest("base64url");
}

/**
 * What a login cookie is worth at `nowS`: "valid"; "expired" when signed with the token but too old or dated in the
 * future (an earlier session, not a guess); "wrong" when not signed with the token (a guess or a forged date).
 */
export function readSessionCookie(token: string, value: string, nowS: number): "valid" | "expired" | "wrong" {
  const m = /^v1\.(\d{1,12})\.([\w-]{43})$/.exec(value);
  // Not in this format (a cookie from before it, which held the token itself): it can never be valid, so it is an old
  // session to sign in again from, not a guess to count.
  if (!m?.[1] || !m[2]) return "expired";
  if (!sameSecret(m[2], sessionMac(token, m[1]))) return "wrong";
  const age = nowS - Number(m[1]);
  return age <= SESSION_MAX_AGE_S && age >= -CLOCK_SKEW_S ? "valid" : "expired";
}

/** Constant-time comparison of a presented secret with the expected one. */
export function sameSecret(presented: string, expected: string): boolean {
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer …` header (the scheme in any case, as HTTP says), or null. */
export function bearerToken(req: Request): string | null {
  const m = /^bearer[ \t]+(\S.*)$/i.exec(req.headers.authorization ?? "");
  return m?.[1] ? m[1].trim() : null;
}

/** What the request presents to sign in: its Bearer token first, then the login cookie; null when neither. */
function credential(req: Request): { kind: "bearer" | "cookie"; value: string } | null {
  const bearer = bearerToken(req);
  if (bearer !== null) return { kind: "bearer", value: bearer };
  const cookie = readCookie(req, ADMIN_COOKIE);
  return cookie ? { kind: "cookie", value: cookie } : null;
}

/** What a credential is worth (see readSessionCookie; a Bearer token is valid or wrong). */
function verdict(access: Extract<AdminAccess, { kind: "token" }>, c: { kind: "bearer" | "cookie"; value: string }, nowS: number): "valid" | "expired" | "wrong" {
  if (c.kind === "cookie") return readSessionCookie(access.token, c.value, nowS);
  return sameSecret(c.value, access.token) ? "valid" : "wrong";
}

/** Failed sign-ins a client (one IP address, see clientAddress) may make before it is refused, and over how long. */
export const SIGN_IN_LIMIT = { failures: 10, windowMs: 15 * 60_000 };

const ATTEMPT = "knowhowSignInAttempt";

/** What a check of the admin token found: an admin; not one (no token, or a wrong one); or a client refused with 429 (answered). */
export type GateVerdict = "admin" | "denied" | "refused";

/**
 * Every check of the admin token goes through here, so that guessing it is slow: a client that presented
 * `SIGN_IN_LIMIT.failures` wrong tokens (login form, Bearer header or cookie) is refused with 429 and `Retry-After`
 * until its window ends, before its token is even looked at (else a right guess would still show). Only wrong tokens
 * count, when they are found wrong: right ones, requests with none and requests still running or cut off do not.
 * The count is read and raised in the same synchronous step as the token check, so parallel guesses cannot overrun it.
 * Wrong tokens are logged aggregated (see RejectionLog), not one line each.
 */
export interface AdminGate {
  readonly access: AdminAccess;
  /** Goes before every route that checks the token (pages and API): refuses a client over the limit before its body is read. */
  readonly limit: RequestHandler;
  /** Goes before `limit` on the login form's POST: it is refused over the limit even with no credential in its headers. */
  readonly signInAttempt: RequestHandler;
  /** Checks the request's Bearer token or login cookie; on "refused" the 429 is sent and the caller answers nothing. */
  check(req: Request, res: Response): GateVerdict;
  /** Checks a token typed in the login form, as `check` does (an empty form guesses nothing: denied, not counted). */
  signIn(req: Request, res: Response, token: string): GateVerdict;
  /**
   * Whether the request came over HTTPS (to Knowhow, or to a trusted proxy that says so in X-Forwarded-Proto: Express's
   * `req.secure` under the server's `trust proxy`): the login cookie is then Secure.
   */
  secure(req: Request): boolean;
  /** Logs what the rejection log still holds (at shutdown). */
  close(): void;
}

export interface AdminGateOptions {
  windowMs?: number;
  failures?: number;
}

/**
 * The client's address: `req.ip`, which the HTTP server's `trust proxy` setting (TRUST_PROXY, see src/app/http.ts)
 * takes from X-Forwarded-For behind trusted proxies. An entry that is not an IP address (a proxy that writes `unknown`,
 * or adds a port) gives the socket's address: such requests share one allowance rather than each getting a new one.
 */
export function clientAddress(req: Pick<Request, "ip" | "socket">): string {
  const socket = req.socket.remoteAddress ?? "unknown";
  return req.ip !== undefined && isIP(req.ip) ? req.ip : socket;
}

export function createAdminGate(access: AdminAccess, logger: Logger, opts: AdminGateOptions = {}): AdminGate {
  const log = new RejectionLog(logger);
  const failures = opts.failures ?? SIGN_IN_LIMIT.failures;
  const counter = new FailureCounter(opts.windowMs ?? SIGN_IN_LIMIT.windowMs);
  // Per address, an IPv6 client per /56 (what one subscriber gets), as express-rate-limit does. Behind a reverse proxy
  // without TRUST_PROXY every client has the proxy's address: the limit is then shared by all of them.
  const address = (req: Request) => clientAddress(req);
  const clientKey = (req: Request) => ipKeyGenerator(address(req));

  /** Answers 429 when the client is over the limit; whether it did. */
  const refused = (req: Request, res: Response): boolean => {
    const c = counter.get(clientKey(req));
    if (!c || c.count < failures) return false;
    log.note(address(req), "refused");
    const seconds = Math.max(1, Math.ceil((c.resetAt - Date.now()) / 1000));
    const minutes = Math.ceil(seconds / 60);
    const message = `Too many wrong tokens from your address. Try again in ${minutes === 1 ? "a minute" : `${minutes} minutes`}.`;
    res.status(429).set("Retry-After", String(seconds));
    if (req.originalUrl.startsWith("/api/")) res.json({ error: { code: "rate_limited", message, field: null } });
    // The form shown keeps where a sign-in was going: the playground's page itself, or the login form's `next` (in its
    // address: the refusal comes before the body is read).
    else res.type("html").send(loginPage(message, req.originalUrl.split("?")[0] === "/" ? "/" : afterSignIn(req.query.next)));
    return true;
  };
  const wrong = (req: Request, kind: "login" | "bearer" | "cookie"): GateVerdict => {
    counter.add(clientKey(req));
    log.note(address(req), kind);
    return "denied";
  };

  return {
    access,
    limit: access.kind !== "token" ? (_req, _res, next) => next() : (req, res, next) => {
      // A request that presents no token guesses nothing (pages send it to the form); the login form's has it in its body.
      if (res.locals[ATTEMPT] !== true && credential(req) === null) return next();
      if (!refused(req, res)) next();
    },
    signInAttempt: (_req, res, next) => {
      res.locals[ATTEMPT] = true;
      next();
    },
    check(req, res) {
      if (access.kind !== "token") return access.kind === "open" ? "admin" : "denied";
      const c = credential(req);
      if (!c) return "denied";
      if (refused(req, res)) return "refused";
      const v = verdict(access, c, Math.floor(Date.now() / 1000));
      // An expired cookie was signed with the token: an earlier session, not a guess. It is sent to the form uncounted.
      if (v === "wrong") return wrong(req, c.kind);
      return v === "valid" ? "admin" : "denied";
    },
    signIn(req, res, token) {
      if (access.kind !== "token") return access.kind === "open" ? "admin" : "denied";
      if (refused(req, res)) return "refused";
      if (!token) return "denied";
      return sameSecret(token, access.token) ? "admin" : wrong(req, "login");
    },
    secure: (req) => req.secure,
    close: () => log.flush(),
  };
}

/**
 * Wrong tokens per client, in fixed windows that start at the client's first wrong token. Ended windows are dropped
 * at most once a window, when a wrong token comes: memory follows the clients that guessed lately.
 */
class FailureCounter {
  /** Addresses kept at most: past that, the longest-kept ones go first (a flood from many addresses stays bounded). */
  private static readonly MAX_CLIENTS = 50_000;
  private readonly clients = new Map<string, { count: number; resetAt: number }>();
  private sweepAt = 0;

  constructor(private readonly windowMs: number, private readonly now: () => number = Date.now) {}

  /** The client's wrong tokens in its current window and when that ends; null when it has none. */
  get(key: string): { count: number; resetAt: number } | null {
    const c = this.clients.get(key);
    return c && c.resetAt > this.now() ? c : null;
  }

  add(key: string): void {
    const t = this.now();
    if (t >= this.sweepAt) {
      for (const [k, c] of this.clients) if (c.resetAt <= t) this.clients.delete(k);
      this.sweepAt = t + this.windowMs;
    }
    const c = this.get(key);
    if (c) c.count++;
    else {
      this.clients.delete(key);
      this.clients.set(key, { count: 1, resetAt: t + this.windowMs });
      for (const k of this.clients.keys()) {
        if (this.clients.size <= FailureCounter.MAX_CLIENTS) break;
        this.clients.delete(k);
      }
    }
  }
}

/**
 * Wrong admin tokens and refused clients, at warn: the first at once, then at most one line a minute summing the rest
 * (how many, from how many addresses), so that a guessing run cannot flood the log.
 */
export class RejectionLog {
  private pending: { counts: Record<string, number>; addresses: Set<string> } | null = null;
  private quietUntil = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly logger: Logger, private readonly intervalMs = 60_000, private readonly now: () => number = Date.now) {}

  note(ip: string | undefined, kind: "login" | "bearer" | "cookie" | "refused"): void {
    const t = this.now();
    if (t >= this.quietUntil) {
      this.quietUntil = t + this.intervalMs;
      this.logger.warn({ ip, kind }, kind === "refused" ? "admin sign-in refused: too many wrong tokens from this address" : "wrong admin token");
      return;
    }
    this.pending ??= { counts: {}, addresses: new Set() };
    this.pending.counts[kind] = (this.pending.counts[kind] ?? 0) + 1;
    if (this.pending.addresses.size < 1000) this.pending.addresses.add(ip ?? "unknown");
    this.timer ??= setTimeout(() => this.flush(), this.quietUntil - t);
    this.timer.unref?.();
  }

  /** Logs the sum held back, if any, and starts a new quiet minute. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    this.quietUntil = this.now() + this.intervalMs;
    const { refused = 0, ...wrong } = p.counts;
    this.logger.warn(
      { wrongTokens: Object.values(wrong).reduce((a, b) => a + b, 0), byKind: wrong, refused, addresses: p.addresses.size, sample: [...p.addresses].slice(0, 5) },
      "more wrong admin tokens since the last such line",
    );
  }
}

/**
 * Guards the admin API: 404 when the dashboard is off (it does not exist), 401 without the token.
 * Pages redirect to the login form instead (see admin.routes.ts). Put `gate.limit` before it.
 */
export function requireAdminApi(gate: AdminGate) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (gate.access.kind === "off") {
      res.status(404).json({ error: { code: "not_found", message: "The admin dashboard is off. Set ADMIN_TOKEN to turn it on.", field: null } });
      return;
    }
    const v = gate.check(req, res);
    if (v === "refused") return;
    if (v === "denied") {
      res.status(401).set("WWW-Authenticate", "Bearer").json({ error: { code: "not_allowed", message: "Sign in with the admin token first.", field: null } });
      return;
    }
    next();
  };
}

/**
 * The Set-Cookie header value for an admin signed in at `nowMs` (`sessionCookieValue`, never the token; HttpOnly,
 * same-site only, Secure when the request came over HTTPS).
 */
export function adminCookie(access: Extract<AdminAccess, { kind: "token" }>, secure: boolean, nowMs: number): string {
  const value = sessionCookieValue(access.token, Math.floor(nowMs / 1000));
  return `${ADMIN_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MAX_AGE_S}${secure ? "; Secure" : ""}`;
}
