import type { Request } from "express";
import { afterEach, describe, expect, it } from "vitest";
import { cameOverHttps, clientAddress } from "../../adapters/web/client-address.js";
import { RecordingLogger } from "../discord/support/logger.js";
import { startHarness, type Harness } from "./support/harness.js";

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

// Requests arrive from 127.0.0.1, standing for a reverse proxy that appends the address it was reached from.
const login = (token: string, forwardedFor: string, extra: Record<string, string> = {}) =>
  fetch(`${h!.baseUrl}/admin/login`, { method: "POST", body: new URLSearchParams({ token }), redirect: "manual", headers: { "x-forwarded-for": forwardedFor, ...extra } });

describe("admin sign-in behind a reverse proxy", () => {
  it("given no TRUST_PROXY, then X-Forwarded-For is ignored: one visitor's wrong tokens lock out everyone behind the proxy", async () => {
    h = await startHarness({ mode: "admin-only", adminToken: "s3cret-token" });
    for (let i = 0; i < 10; i++) expect((await login(`guess-${i}`, "203.0.113.7")).status).toBe(401);
    expect((await login("s3cret-token", "198.51.100.9")).status).toBe(429);
  });

  it("given TRUST_PROXY=1, then each visitor has their own allowance, keyed on the address the proxy appended", async () => {
    const log = new RecordingLogger();
    h = await startHarness({ mode: "admin-only", adminToken: "s3cret-token", trustedProxies: 1, logger: log });
    for (let i = 0; i < 10; i++) expect((await login(`guess-${i}`, "203.0.113.7")).status).toBe(401);
    expect((await login("guess-10", "203.0.113.7")).status).toBe(429);
    // Another visitor is not refused.
    expect((await login("s3cret-token", "198.51.100.9")).status).toBe(303);
    expect((await login("guess-x", "198.51.100.9")).status).toBe(401);
    // The guesser cannot get a new allowance by writing an address of their own: the proxy appends the real one.
    expect((await login("s3cret-token", "192.0.2.44, 203.0.113.7")).status).toBe(429);
    expect(log.lines.find((l) => l.msg === "wrong admin token")?.obj).toMatchObject({ ip: "203.0.113.7", kind: "login" });
  });

  it("given TRUST_PROXY=2, then the address the outer proxy saw counts, not the inner proxy's", async () => {
    h = await startHarness({ mode: "admin-only", adminToken: "s3cret-token", trustedProxies: 2 });
    for (let i = 0; i < 10; i++) expect((await login(`guess-${i}`, `192.0.2.${i}, 203.0.113.7, 10.0.0.2`)).status).toBe(401);
    expect((await login("s3cret-token", "203.0.113.7, 10.0.0.2")).status).toBe(429);
    expect((await login("s3cret-token", "198.51.100.9, 10.0.0.2")).status).toBe(303);
  });

  it("marks the login cookie Secure when a trusted proxy says the visitor came over HTTPS, and only then", async () => {
    const cookieOf = async (headers: Record<string, string>) => (await login("s3cret-token", "198.51.100.9", headers)).headers.get("set-cookie") ?? "";
    h = await startHarness({ mode: "admin-only", adminToken: "s3cret-token" });
    expect(await cookieOf({ "x-forwarded-proto": "https" })).not.toContain("Secure");
    await h.close();
    h = await startHarness({ mode: "admin-only", adminToken: "s3cret-token", trustedProxies: 1 });
    expect(await cookieOf({ "x-forwarded-proto": "https" })).toMatch(/; Secure$/);
    expect(await cookieOf({ "x-forwarded-proto": "http" })).not.toContain("Secure");
    expect(await cookieOf({})).toMatch(/^knowhow_admin=v1\./);
    expect(await cookieOf({})).not.toContain("Secure");
  });
});

describe("clientAddress", () => {
  const req = (forwardedFor: string | string[] | undefined, remoteAddress = "10.0.0.1") =>
    ({ headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor }, socket: { remoteAddress } }) as unknown as Request;

  it("takes the socket's address when no proxy is trusted, whatever the header says", () => {
    expect(clientAddress(req("203.0.113.7"), 0)).toBe("10.0.0.1");
  });

  it("counts trusted proxies from the right of X-Forwarded-For", () => {
    expect(clientAddress(req("192.0.2.1, 203.0.113.7"), 1)).toBe("203.0.113.7");
    expect(clientAddress(req("192.0.2.1, 203.0.113.7"), 2)).toBe("192.0.2.1");
    expect(clientAddress(req(["192.0.2.1", "203.0.113.7, 2001:db8::1"]), 1)).toBe("2001:db8::1");
  });

  it("takes the leftmost entry when there are fewer than the trusted proxies, and the socket's without a header", () => {
    expect(clientAddress(req("203.0.113.7"), 3)).toBe("203.0.113.7");
    expect(clientAddress(req(undefined), 1)).toBe("10.0.0.1");
    expect(clientAddress(req(" , "), 1)).toBe("10.0.0.1");
  });

  it("falls back to the socket's address for an entry that is not an IP address (no fresh allowance per port or word)", () => {
    expect(clientAddress(req("203.0.113.7:51234"), 1)).toBe("10.0.0.1");
    expect(clientAddress(req("unknown"), 1)).toBe("10.0.0.1");
  });

  it("reads X-Forwarded-Proto only from trusted proxies, the nearest one's value last", () => {
    const r = (proto: string, secure = false) => ({ headers: { "x-forwarded-proto": proto }, secure }) as unknown as Request;
    expect(cameOverHttps(r("https"), 0)).toBe(false);
    expect(cameOverHttps(r("https"), 1)).toBe(true);
    expect(cameOverHttps(r("https, http"), 1)).toBe(false);
    expect(cameOverHttps(r("http", true), 0)).toBe(true);
  });
});
