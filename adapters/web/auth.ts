import { createHash, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { readCookie } from "./http-utils.js";

export const ADMIN_COOKIE = "knowhow_admin";

/**
 * Who may see the admin dashboard:
 * - playground mode: everyone (the app listens on loopback only);
 * - admin-only mode without a token: nobody (the dashboard is off: 404);
 * - with a token: requests carrying it as `Authorization: Bearer <token>` or the login cookie.
 */
export type AdminAccess = { kind: "open" } | { kind: "off" } | { kind: "token"; token: string };

export function adminAccess(mode: "playground" | "admin-only", token: string | null): AdminAccess {
  if (token) return { kind: "token", token };
  return mode === "playground" ? { kind: "open" } : { kind: "off" };
}

/** Constant-time comparison of a presented secret with the expected one. */
export function sameSecret(presented: string, expected: string): boolean {
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The token the request presents (Bearer header first, then the login cookie), or null. */
export function presentedToken(req: Request): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith("Bearer ")) return auth.slice(7).trim();
  return readCookie(req, ADMIN_COOKIE);
}

export function isAdmin(access: AdminAccess, req: Request): boolean {
  if (access.kind === "open") return true;
  if (access.kind === "off") return false;
  const t = presentedToken(req);
  return t !== null && sameSecret(t, access.token);
}

/**
 * Guards the admin API: 404 when the dashboard is off (it does not exist), 401 without the token.
 * Pages redirect to the login form instead (see admin.routes.ts).
 */
export function requireAdminApi(access: AdminAccess) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (access.kind === "off") {
      res.status(404).json({ error: { code: "not_found", message: "The admin dashboard is off. Set ADMIN_TOKEN to turn it on.", field: null } });
      return;
    }
    if (!isAdmin(access, req)) {
      res.status(401).set("WWW-Authenticate", "Bearer").json({ error: { code: "not_allowed", message: "Sign in with the admin token first.", field: null } });
      return;
    }
    next();
  };
}

/** The Set-Cookie header value for a signed-in admin (the token itself, HttpOnly, same-site only). */
export function adminCookie(token: string, secure: boolean): string {
  return `${ADMIN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200${secure ? "; Secure" : ""}`;
}
