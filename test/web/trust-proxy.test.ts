import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { clientAddress } from "../../adapters/web/auth.js";
import { loadConfig } from "../../src/app/config.js";
import { startService } from "../../src/app/service.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
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

describe("TRUST_PROXY through the composition root", () => {
  it("npm start with ADMIN_TOKEN and TRUST_PROXY=1 counts wrong tokens per visitor and marks the cookie Secure behind HTTPS", async () => {
    const dir = mkdtempSync(join(tmpdir(), "knowhow-proxy-"));
    const config = loadConfig({ DATA_DIR: dir, PORT: "0", HOST: "127.0.0.1", PLAYGROUND: "off", JOBS: "off", WORD_VECTORS: "off", ADMIN_TOKEN: "s3cret-token-0123456789", TRUST_PROXY: "1" });
    const service = await startService(config, silentLogger);
    try {
      const post = (token: string, forwardedFor: string, proto = "http") =>
        fetch(`http://127.0.0.1:${service.port}/admin/login`, { method: "POST", body: new URLSearchParams({ token }), redirect: "manual", headers: { "x-forwarded-for": forwardedFor, "x-forwarded-proto": proto } });
      for (let i = 0; i < 10; i++) expect((await post(`guess-${i}`, "203.0.113.7")).status).toBe(401);
      expect((await post("s3cret-token-0123456789", "203.0.113.7")).status).toBe(429);
      const other = await post("s3cret-token-0123456789", "198.51.100.9", "https");
      expect(other.status).toBe(303);
      expect(other.headers.get("set-cookie")).toMatch(/; Secure$/);
    } finally {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("clientAddress under the server's trust proxy setting", () => {
  // A bare Express app set up as src/app/http.ts sets it up; requests come from 127.0.0.1 (the socket's address).
  let server: Server | null = null;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));
  const serve = async (trustedProxies: number) => {
    const app = express();
    app.set("trust proxy", trustedProxies);
    app.get("/", (req, res) => {
      res.json({ address: clientAddress(req), secure: req.secure });
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    const port = (server.address() as AddressInfo).port;
    return async (headers: Record<string, string>) => (await fetch(`http://127.0.0.1:${port}/`, { headers })).json() as Promise<{ address: string; secure: boolean }>;
  };
  const from = (forwardedFor: string) => ({ "x-forwarded-for": forwardedFor });

  it("takes the socket's address when no proxy is trusted, whatever the header says", async () => {
    const get = await serve(0);
    expect((await get(from("203.0.113.7"))).address).toBe("127.0.0.1");
  });

  it("counts trusted proxies from the right of X-Forwarded-For", async () => {
    const one = await serve(1);
    expect((await one(from("192.0.2.1, 203.0.113.7"))).address).toBe("203.0.113.7");
    expect((await one(from("192.0.2.1, 203.0.113.7, 2001:db8::1"))).address).toBe("2001:db8::1");
    server!.close();
    const two = await serve(2);
    expect((await two(from("192.0.2.1, 203.0.113.7"))).address).toBe("192.0.2.1");
  });

  it("takes the leftmost entry when there are fewer than the trusted proxies, and the socket's without a header", async () => {
    const three = await serve(3);
    expect((await three(from("203.0.113.7"))).address).toBe("203.0.113.7");
    expect((await three({})).address).toBe("127.0.0.1");
  });

  it("falls back to the socket's address for an entry that is not an IP address (no fresh allowance per port or word)", async () => {
    const get = await serve(1);
    expect((await get(from("203.0.113.7:51234"))).address).toBe("127.0.0.1");
    expect((await get(from("unknown"))).address).toBe("127.0.0.1");
    expect((await get(from(" , "))).address).toBe("127.0.0.1");
  });

  it("reads X-Forwarded-Proto only from trusted proxies", async () => {
    const untrusted = await serve(0);
    expect((await untrusted({ "x-forwarded-proto": "https" })).secure).toBe(false);
    server!.close();
    const trusted = await serve(1);
    expect((await trusted({ "x-forwarded-proto": "https" })).secure).toBe(true);
    expect((await trusted({ "x-forwarded-proto": "http" })).secure).toBe(false);
    expect((await trusted({})).secure).toBe(false);
  });
});
