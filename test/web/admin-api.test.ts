import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DashboardCache } from "../../adapters/web/dashboard/cache.js";
import { PRIVATE_SERIES } from "../../adapters/web/dashboard/data.js";
import { RejectionLog, sessionCookieValue } from "../../adapters/web/auth.js";
import { RecordingLogger } from "../discord/support/logger.js";
import { RecordingMessenger } from "../support/recording-messenger.js";
import { call, startHarness, type Harness } from "./support/harness.js";

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe("admin dashboard access", () => {
  it("with ADMIN_TOKEN set, the playground is behind the same sign-in as the dashboard", async () => {
    h = await startHarness({ mode: "playground", adminToken: "s3cret-token" });
    expect((await call(h.baseUrl, "GET", "/api/playground/members")).status).toBe(401);
    expect((await call(h.baseUrl, "POST", "/api/playground/clock/advance", { hours: 1 })).status).toBe(401);
    const page = await call(h.baseUrl, "GET", "/");
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/admin/login?next=/");
    // Signed in from there, one is back at the playground, not at the dashboard; no other address is gone to.
    const form = await (await fetch(`${h.baseUrl}/admin/login?next=/`)).text();
    expect(form).toContain('<input type="hidden" name="next" value="/">');
    const login = (body: Record<string, string>) => fetch(`${h!.baseUrl}/admin/login`, { method: "POST", body: new URLSearchParams(body), redirect: "manual" });
    expect((await login({ token: "s3cret-token", next: "/" })).headers.get("location")).toBe("/");
    expect((await login({ token: "s3cret-token", next: "https://elsewhere.example/" })).headers.get("location")).toBe("/admin");
    expect((await login({ token: "s3cret-token" })).headers.get("location")).toBe("/admin");
    expect(await (await login({ token: "wrong", next: "/" })).text()).toContain('<input type="hidden" name="next" value="/">');
    const auth = { authorization: "Bearer s3cret-token" };
    expect((await call(h.baseUrl, "GET", "/api/playground/members", undefined, auth)).status).toBe(200);
    expect((await call(h.baseUrl, "GET", "/", undefined, auth)).status).toBe(200);
    // The playground, signed in, has the dashboard's sign-out too.
    expect(await (await fetch(`${h.baseUrl}/`, { headers: auth })).text()).toMatch(/<form method="post" action="\/admin\/logout"[^>]*>\s*<button type="submit"[^>]*>Sign out<\/button>/);
  });

  it("with no ADMIN_TOKEN (the local playground), the dashboard offers no sign-out: there is nothing to sign out of", async () => {
    h = await startHarness({ mode: "playground", adminToken: null });
    const html = await (await fetch(`${h.baseUrl}/admin`)).text();
    expect(html).toContain("Knowhow admin dashboard");
    expect(html).not.toContain("Sign out");
    const playground = await (await fetch(`${h.baseUrl}/`)).text();
    expect(playground).toContain("Knowhow playground");
    expect(playground).not.toContain("Sign out");
  });

  it("given admin-only mode without ADMIN_TOKEN, then the dashboard and the playground do not exist", async () => {
    h = await startHarness({ mode: "admin-only", adminToken: null });
    expect((await call(h.baseUrl, "GET", "/admin")).status).toBe(404);
    expect((await call(h.baseUrl, "GET", "/api/admin/communities")).status).toBe(404);
    expect((await call(h.baseUrl, "GET", "/api/playground/members")).status).toBe(404);
    expect((await call(h.baseUrl, "GET", "/")).status).toBe(404);
  });

  it("given ADMIN_TOKEN, then the API needs the Bearer token and the page redirects to the login form", async () => {
    h = await startHarness({ mode: "admin-only", adminToken: "s3cret-token" });
    expect((await call(h.baseUrl, "GET", "/api/admin/communities")).status).toBe(401);
    expect((await call(h.baseUrl, "GET", "/api/admin/communities", undefined, { authorization: "Bearer wrong" })).status).toBe(401);
    const ok = await call(h.baseUrl, "GET", "/api/admin/communities", undefined, { authorization: "Bearer s3cret-token" });
    expect(ok.status).toBe(200);
    const page = await call(h.baseUrl, "GET", "/admin");
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/admin/login");
  });

  it("given the login form, a wrong token is answered next to the field and the right one sets an HttpOnly cookie that does not hold the token", async () => {
    h = await startHarness({ mode: "admin-only", adminToken: "s3cret-token" });
    const post = (token: string) => fetch(`${h!.baseUrl}/admin/login`, { method: "POST", body: new URLSearchParams({ token }), redirect: "manual" });
    const bad = await post("nope");
    expect(bad.status).toBe(401);
    expect(await bad.text()).toMatch(/id="token-error"[^>]*>That token is not right/);
    const good = await post("s3cret-token");
    expect(good.status).toBe(303);
    const cookie = good.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^knowhow_admin=v1\.\d+\.[\w-]{43};.*HttpOnly.*SameSite=Strict.*Max-Age=43200/);
    expect(cookie).not.toContain("s3cret");
    expect(cookie).not.toContain("Secure"); // plain HTTP here
    const page = await fetch(`${h.baseUrl}/admin`, { headers: { cookie: cookie.split(";")[0]! }, redirect: "manual" });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Knowhow admin dashboard");
    // Signed in, one can sign out from the page: the form clears the cookie and goes back to the login form.
    expect(html).toMatch(/<form method="post" action="\/admin\/logout"[^>]*>\s*<button type="submit"[^>]*>Sign out<\/button>/);
    const out = await fetch(`${h.baseUrl}/admin/logout`, { method: "POST", headers: { cookie: cookie.split(";")[0]! }, redirect: "manual" });
    expect([out.status, out.headers.get("location")]).toEqual([303, "/admin/login"]);
    expect(out.headers.get("set-cookie")).toMatch(/^knowhow_admin=;.*Max-Age=0/);
    // The token itself is no cookie: only the Bearer header takes it.
    expect((await fetch(`${h.baseUrl}/admin`, { headers: { cookie: "knowhow_admin=s3cret-token" }, redirect: "manual" })).status).toBe(303);
  });

  it("a login cookie lasts 12 hours: an old one or one dated ahead is sent to the form uncounted, a forged date is a wrong token", async () => {
    h = await startHarness({ mode: "admin-only", adminToken: "s3cret-token" });
    const page = (cookie: string) => fetch(`${h!.baseUrl}/admin`, { headers: { cookie: `knowhow_admin=${cookie}` }, redirect: "manual" });
    const nowS = Math.floor(Date.now() / 1000);
    expect((await page(sessionCookieValue("s3cret-token", nowS - 60))).status).toBe(200);
    expect((await page(sessionCookieValue("s3cret-token", nowS - 11 * 3600))).status).toBe(200);
    for (let i = 0; i < 12; i++) {
      expect((await page(sessionCookieValue("s3cret-token", nowS - 12 * 3600 - 60))).status).toBe(303);
      expect((await page(sessionCookieValue("s3cret-token", nowS + 600))).status).toBe(303);
      // A cookie from before this format (it held the token itself) is an old session too.
      expect((await page("s3cret-token")).status).toBe(303);
    }
    // A fresh cookie's signature under another date, or a cookie signed with another token, is a guess.
    const fresh = sessionCookieValue("s3cret-token", nowS);
    const forged = fresh.replace(`v1.${nowS}.`, `v1.${nowS + 3600}.`);
    expect((await page(forged)).status).toBe(303);
    expect((await page(sessionCookieValue("other-token", nowS))).status).toBe(303);
    expect((await page(fresh)).status).toBe(200);
    for (let i = 0; i < 8; i++) await page(`v1.${nowS}.${"A".repeat(43)}`);
    expect((await page(fresh)).status).toBe(429);
  });

  it("a login form over the size limit shows the form again with “That's too long”, not a fault", async () => {
    h = await startHarness({ mode: "admin-only", adminToken: "s3cret-token" });
    const res = await fetch(`${h.baseUrl}/admin/login`, { method: "POST", body: new URLSearchParams({ token: "x".repeat(10_000) }), redirect: "manual" });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toMatch(/html/);
    expect(await res.text()).toMatch(/id="token-error"[^>]*>That&#39;s too long: a request can carry at most 4 KB/);
  });

  it("takes the Bearer scheme in any case, as HTTP does", async () => {
    h = await startHarness({ mode: "admin-only", adminToken: "s3cret-token" });
    for (const scheme of ["Bearer", "bearer", "BEARER"]) {
      expect((await call(h.baseUrl, "GET", "/api/admin/communities", undefined, { authorization: `${scheme} s3cret-token` })).status, scheme).toBe(200);
    }
    expect((await call(h.baseUrl, "GET", "/api/admin/communities", undefined, { authorization: "Basic s3cret-token" })).status).toBe(401);
  });

  it("the dashboard page does not link to a playground that does not exist in this mode", async () => {
    h = await startHarness({ mode: "admin-only", adminToken: "s3cret-token" });
    const page = await call(h.baseUrl, "GET", "/admin", undefined, { authorization: "Bearer s3cret-token" });
    expect(page.status).toBe(200);
    expect((await call(h.baseUrl, "GET", "/", undefined, { authorization: "Bearer s3cret-token" })).status).toBe(404);
    expect(String(page.body)).not.toMatch(/<a href="\/">Playground<\/a>/);
    expect(String(page.body)).not.toContain('href="/"');
    expect(String(page.body)).toContain('<a href="/admin" aria-current="page">Admin dashboard</a>');
    await h.close();
    // With the playground, it is there.
    h = await startHarness({ mode: "playground", adminToken: "s3cret-token" });
    expect(String((await call(h.baseUrl, "GET", "/admin", undefined, { authorization: "Bearer s3cret-token" })).body)).toMatch(/<a href="\/"[^>]*>Playground<\/a>/);
  });

  it("in playground mode without a token the dashboard is open, and chart.js is served locally", async () => {
    h = await startHarness();
    expect((await call(h.baseUrl, "GET", "/api/admin/communities")).status).toBe(200);
    const chart = await fetch(`${h.baseUrl}/vendor/chart.umd.js`);
    expect(chart.status).toBe(200);
    expect(chart.headers.get("content-type")).toMatch(/javascript/);
    expect((await chart.text()).length).toBeGreaterThan(100_000);
  });
});

describe("admin sign-in against guessing (ADMIN_TOKEN set, listening on 0.0.0.0 by default)", () => {
  const login = (token: string) => fetch(`${h!.baseUrl}/admin/login`, { method: "POST", body: new URLSearchParams({ token }), redirect: "manual" });

  it("refuses a burst of wrong tokens on the login form with 429, Retry-After and a message on the form, even the right token then", async () => {
    h = await startHarness({ mode: "admin-only", adminToken: "s3cret-token" });
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) statuses.push((await login(`guess-${i}`)).status);
    expect(statuses).toContain(429);
    expect(statuses.slice(0, 10)).toEqual(new Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(new Array(40).fill(429));
    const refused = await login("s3cret-token");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(800);
    expect(refused.headers.get("set-cookie")).toBeNull();
    expect(await refused.text()).toMatch(/id="token-error"[^>]*>Too many wrong tokens from your address\. Try again in 15 minutes\./);
    // So is the API from that address: it no longer checks any token.
    expect((await call(h.baseUrl, "GET", "/api/admin/communities", undefined, { authorization: "Bearer s3cret-token" })).status).toBe(429);
  });

  it("the 429 form keeps where a sign-in from the playground goes (next=/), on the login form and on the playground's own page", async () => {
    h = await startHarness({ mode: "playground", adminToken: "s3cret-token" });
    // The form from the playground's redirect posts where the 429 answer can still read next, before the body is read.
    const form = await (await fetch(`${h.baseUrl}/admin/login?next=/`)).text();
    expect(form).toContain('action="/admin/login?next=/"');
    const loginFromPlayground = (token: string) => fetch(`${h!.baseUrl}/admin/login?next=/`, { method: "POST", body: new URLSearchParams({ token, next: "/" }), redirect: "manual" });
    for (let i = 0; i < 10; i++) expect((await loginFromPlayground(`guess-${i}`)).status).toBe(401);
    const refused = await loginFromPlayground("s3cret-token");
    expect(refused.status).toBe(429);
    const page = await refused.text();
    expect(page).toMatch(/Too many wrong tokens/);
    expect(page).toContain('<input type="hidden" name="next" value="/">');
    const playground = await fetch(`${h.baseUrl}/`, { headers: { cookie: `knowhow_admin=v1.${Math.floor(Date.now() / 1000)}.${"A".repeat(43)}` }, redirect: "manual" });
    expect(playground.status).toBe(429);
    expect(await playground.text()).toContain('<input type="hidden" name="next" value="/">');
  });

  it("the login form sends someone already signed in on to where they were going; a wrong cookie there counts, and is cleared", async () => {
    h = await startHarness({ mode: "playground", adminToken: "s3cret-token" });
    const signedIn = (await fetch(`${h.baseUrl}/admin/login`, { method: "POST", body: new URLSearchParams({ token: "s3cret-token", next: "/" }), redirect: "manual" })).headers.get("set-cookie")!.split(";")[0]!;
    const visit = (path: string, cookie: string) => fetch(`${h!.baseUrl}${path}`, { headers: { cookie }, redirect: "manual" });
    let r = await visit("/admin/login?next=/", signedIn);
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe("/");
    r = await visit("/admin/login", signedIn);
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe("/admin");
    // A guessed cookie is not told apart there for free: it is counted, and the form it gets clears it.
    const guess = `knowhow_admin=v1.${Math.floor(Date.now() / 1000)}.${"B".repeat(43)}`;
    r = await visit("/admin/login?next=/", guess);
    expect(r.status).toBe(200);
    expect(r.headers.get("set-cookie")).toMatch(/^knowhow_admin=; .*Max-Age=0/);
    for (let i = 0; i < 9; i++) await visit("/admin/login", guess);
    expect((await visit("/admin/login", guess)).status).toBe(429);
  });

  it("counts only wrong tokens: successful sign-ins and admins' requests do not use up the allowance", async () => {
    h = await startHarness({ mode: "admin-only", adminToken: "s3cret-token" });
    for (let i = 0; i < 20; i++) expect((await login("s3cret-token")).status).toBe(303);
    for (let i = 0; i < 20; i++) expect((await call(h.baseUrl, "GET", "/api/admin/communities", undefined, { authorization: "Bearer s3cret-token" })).status).toBe(200);
    expect((await login("")).status).toBe(401); // an empty form guesses nothing
    for (let i = 0; i < 10; i++) expect((await login(`guess-${i}`)).status).toBe(401);
    expect((await login("guess-10")).status).toBe(429);
  });

  it("counts only tokens found wrong: many admin requests in flight at once, some cut off, are never refused; ten wrong tokens still are", async () => {
    h = await startHarness({ mode: "playground", adminToken: "s3cret-token" });
    const { port } = new URL(h.baseUrl);
    let arrived = 0;
    h.server.on("request", () => arrived++);
    // An admin's POST whose body never ends: it passed the sign-in check and stays in flight until cut off.
    const hanging = () => {
      const req = httpRequest({ host: "127.0.0.1", port, method: "POST", path: "/api/playground/members", headers: { authorization: "Bearer s3cret-token", "content-type": "application/json", "content-length": "1000" } });
      req.on("error", () => {});
      req.write("{");
      return req;
    };
    const inFlight = async (n: number) => {
      const before = arrived;
      const reqs = Array.from({ length: n }, hanging);
      await vi.waitFor(() => expect(arrived - before).toBe(n));
      return reqs;
    };
    const stuck = await inFlight(15);
    const ok = (path: string) => call(h!.baseUrl, "GET", path, undefined, { authorization: "Bearer s3cret-token" });
    expect(new Set((await Promise.all(Array.from({ length: 15 }, (_, i) => ok(i % 2 ? "/api/playground/members" : "/")))).map((r) => r.status))).toEqual(new Set([200]));
    for (const r of stuck) r.destroy();
    for (const r of await inFlight(15)) r.destroy();
    expect((await ok("/api/admin/communities")).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await call(h.baseUrl, "GET", "/api/playground/members", undefined, { authorization: `Bearer guess-${i}` })).status).toBe(401);
    expect((await ok("/api/playground/members")).status).toBe(429);
  });

  it("ten wrong tokens sent at once use up the allowance: the eleventh is refused", async () => {
    h = await startHarness({ mode: "admin-only", adminToken: "s3cret-token" });
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => login(`guess-${i}`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });

  it("refuses a burst of wrong Bearer tokens on the API with 429, and logs them aggregated: not one warn line each", async () => {
    const log = new RecordingLogger();
    h = await startHarness({ mode: "admin-only", adminToken: "s3cret-token", logger: log });
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) statuses.push((await call(h.baseUrl, "GET", "/api/admin/communities", undefined, { authorization: `Bearer guess-${i}` })).status);
    expect(statuses).toContain(429);
    const last = await call(h.baseUrl, "GET", "/api/admin/communities", undefined, { authorization: "Bearer guess-x" });
    expect(last.body.error).toEqual({ code: "rate_limited", message: "Too many wrong tokens from your address. Try again in 15 minutes.", field: null });
    expect(last.headers.get("retry-after")).toMatch(/^\d+$/);
    for (let i = 0; i < 50; i++) await login(`guess-${i}`);
    // The first wrong token is logged at once with its address; the rest are summed once a minute.
    const warns = log.lines.filter((l) => l.level === "warn");
    expect(warns).toHaveLength(1);
    expect(warns[0]).toMatchObject({ msg: "wrong admin token", obj: { kind: "bearer", ip: expect.stringMatching(/127\.0\.0\.1/) } });
    expect(JSON.stringify(log.lines)).not.toContain("guess-");
  });

  it("a wrong login cookie counts as a wrong token too (pages and the playground's API check it)", async () => {
    h = await startHarness({ mode: "playground", adminToken: "s3cret-token" });
    const statuses: number[] = [];
    // Guesses in the cookie's format (one in another format can never be valid: it is only sent to sign in again).
    const guess = (i: number) => `v1.${Math.floor(Date.now() / 1000)}.${String(i).padStart(43, "A")}`;
    for (let i = 0; i < 12; i++) statuses.push((await call(h.baseUrl, "GET", i % 2 ? "/" : "/api/playground/members", undefined, { cookie: `knowhow_admin=${guess(i)}` })).status);
    expect(statuses).toEqual([401, 303, 401, 303, 401, 303, 401, 303, 401, 303, 429, 429]);
    // Visiting without any token guesses nothing: it is sent to the form, not refused.
    expect((await call(h.baseUrl, "GET", "/admin")).status).toBe(303);
  });

  it("sums the rejections held back into one line a minute", () => {
    vi.useFakeTimers();
    try {
      const log = new RecordingLogger();
      let now = 0;
      const r = new RejectionLog(log, 60_000, () => now);
      r.note("10.0.0.1", "login");
      for (let i = 0; i < 30; i++) r.note(`10.0.0.${i % 3}`, i < 20 ? "bearer" : "refused");
      expect(log.lines).toHaveLength(1);
      now = 60_000;
      vi.advanceTimersByTime(60_000);
      expect(log.lines.map((l) => [l.msg, l.obj])).toEqual([
        ["wrong admin token", { ip: "10.0.0.1", kind: "login" }],
        ["more wrong admin tokens since the last such line", { wrongTokens: 20, byKind: { bearer: 20 }, refused: 10, addresses: 3, sample: ["10.0.0.0", "10.0.0.1", "10.0.0.2"] }],
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("admin dashboard data", () => {
  it("is per community: another community's questions and members never show up", async () => {
    h = await startHarness();
    const api = (m: string, p: string, b?: unknown) => call(h!.baseUrl, m, `/api/playground${p}`, b);
    await api("POST", "/members", { displayName: "Maya" });
    await api("POST", "/members/maya/skills", { skills: "bookkeeping (expert), SEO" });
    await api("POST", "/members", { displayName: "Sam" });
    await api("POST", "/members/sam/ask", { question: "Who knows bookkeeping?" });
    await api("POST", "/members/sam/ask", { question: "Anyone good at pottery glazes?" });
    // Another community in the same store, through the core.
    const other = { memberId: "slack:T1:U1", communityId: "slack:T1", displayName: "Elsewhere" };
    await h.core.skills.add(other, "bookkeeping (expert)");
    await h.core.asks.ask({ memberId: "slack:T1:U2", communityId: "slack:T1" }, "Who knows bookkeeping here?", { surface: "command", channelId: "C1", threadId: null, isPrivate: false });

    const d = (await call(h.baseUrl, "GET", "/api/admin/dashboard?community=web:demo")).body;
    expect(d.totals).toMatchObject({ members: 2, membersWithSkills: 1, questions: 2, unmatched: 1 });
    const bookkeeping = d.skillMap.find((r: { key: string }) => r.key === "bookkeeping");
    expect(bookkeeping).toMatchObject({ helpers: 1, experts: 1, demand: 1 });
    expect(d.unmatchedByTopic).toHaveLength(1);
    expect(d.unmatchedByTopic[0].count).toBe(1);
    expect(d.unmatchedByTopic[0].examples[0]).toContain("pottery");
    expect(d.questions.map((q: { question: string }) => q.question).sort()).toEqual(["Anyone good at pottery glazes?", "Who knows bookkeeping?"]);

    const slack = (await call(h.baseUrl, "GET", "/api/admin/dashboard?community=slack:T1")).body;
    expect(slack.totals).toMatchObject({ members: 2, questions: 1 });

    const webQuestion = d.questions.find((q: { question: string }) => q.question.includes("bookkeeping"));
    const cands = await call(h.baseUrl, "GET", `/api/admin/questions/${webQuestion.id}/candidates?community=web:demo`);
    expect(cands.body.now.suggestions[0]).toMatchObject({ memberId: "web:demo:maya", signals: [{ kind: "skill", detail: "declared *bookkeeping* (expert)" }] });
    // A question id from another community is not found in this one.
    expect((await call(h.baseUrl, "GET", `/api/admin/questions/${slack.questions[0].id}/candidates?community=web:demo`)).status).toBe(404);
    expect((await call(h.baseUrl, "GET", "/api/admin/dashboard?community=nope")).body.error.field).toBe("community");
    // Said as the field next to which it shows is labelled (“Period (days)”), not as the query's name.
    const message = "The period is a whole number of days from 1 to 365.";
    for (const days of ["abc", "1.5", "0", "400"]) {
      expect((await call(h.baseUrl, "GET", `/api/admin/dashboard?community=web:demo&days=${days}`)).body.error).toEqual({ code: "invalid_input", message, field: "days" });
    }
  });

  it("never shows a question asked in a private channel or by DM, nor its topics, nor who it went to and why: it is only counted", async () => {
    h = await startHarness();
    const helper = { memberId: "slack:T9:U1", communityId: "slack:T9", displayName: "Helper" };
    await h.core.skills.add(helper, "divorce law (expert)");
    const asked = await h.core.asks.ask({ memberId: "slack:T9:U2", communityId: "slack:T9" }, "Who knows divorce law? My marriage is ending", { surface: "command", channelId: "G1", threadId: null, isPrivate: true });
    await h.core.asks.ask({ memberId: "slack:T9:U3", communityId: "slack:T9" }, "Anyone been through a bankruptcy filing?", { surface: "dm", channelId: null, threadId: null, isPrivate: true });
    const d = (await call(h.baseUrl, "GET", "/api/admin/dashboard?community=slack:T9")).body;
    expect(JSON.stringify(d)).not.toMatch(/marriage|bankruptcy/);
    // Not listed at all (not even who asked and when): counted in the totals and `askedPrivately`.
    expect(d.questions).toEqual([]);
    expect(d.askedPrivately).toBe(2);
    expect(d.totals).toMatchObject({ questions: 2, unmatched: 1 });
    expect(d.unmatchedByTopic).toEqual([]);
    expect(d.unmatchedPrivately).toBe(1);
    // The helper's skill is on the map; the private question about it adds no demand.
    expect(d.skillMap).toEqual([expect.objectContaining({ label: "divorce law", helpers: 1, demand: 0 })]);
    const cands = await call(h.baseUrl, "GET", `/api/admin/questions/${asked.request.id}/candidates?community=slack:T9`);
    expect(cands.status).toBe(200);
    expect(JSON.stringify(cands.body)).not.toMatch(/marriage|divorce|U1/);
    expect(cands.body).toMatchObject({ request: { question: "(asked privately)", topics: [], private: true }, atAskTime: [], now: null });
  });

  it("a question asked privately is only counted: the dashboard does not name who asked it, nor who it was offered to", async () => {
    h = await startHarness({ mode: "admin-only", adminToken: "s3cret-token" });
    h.messenger.register("slack", new RecordingMessenger());
    const lawyer = { memberId: "slack:T9:U1", communityId: "slack:T9", displayName: "Lee Lawyer" };
    await h.core.skills.add(lawyer, "divorce law (expert)");
    await h.core.skills.add({ memberId: "slack:T9:U3", communityId: "slack:T9", displayName: "Ana" }, "SEO");
    const asked = await h.core.asks.ask({ memberId: "slack:T9:U2", communityId: "slack:T9", displayName: "Priya Shah" }, "Who knows divorce law? My marriage is ending", { surface: "dm", channelId: null, threadId: null, isPrivate: true });
    await h.core.asks.ask({ memberId: "slack:T9:U4", communityId: "slack:T9", displayName: "Sam" }, "Who can help with SEO?", { surface: "command", channelId: "C1", threadId: null, isPrivate: false });
    await h.core.asks.offer({ memberId: "slack:T9:U2", communityId: "slack:T9" }, asked.request.id);
    expect((await h.store.listOffers({ communityId: "slack:T9", candidateId: "slack:T9:U1" })).length).toBe(1);
    const d = (await call(h.baseUrl, "GET", "/api/admin/dashboard?community=slack:T9", undefined, { authorization: "Bearer s3cret-token" })).body;
    expect(JSON.stringify(d)).not.toContain("Priya Shah");
    expect(d.questions.map((q: { question: string }) => q.question)).toEqual(["Who can help with SEO?"]);
    expect(d.askedPrivately).toBe(1);
    expect(d.totals.questions).toBe(2);
    // The offer is in the helper load, in one row without a name.
    expect(JSON.stringify(d.helperLoad)).not.toMatch(/Lee Lawyer|slack:T9:U1/);
    expect(d.helperLoad.series).toEqual([expect.objectContaining({ memberId: null, name: PRIVATE_SERIES })]);
    expect(d.helperLoad.series[0].offers.reduce((a: number, b: number) => a + b, 0)).toBe(1);
  });

  it("reads the community's members once per dashboard, and /knowhow report's figures stay the same", async () => {
    h = await startHarness({ mode: "admin-only", adminToken: "s3cret-token" });
    for (const [id, skills] of [["U1", "divorce law (expert)"], ["U2", "SEO, tax (expert)"], ["U3", "learning SEO"]] as const) {
      await h.core.skills.add({ memberId: `slack:T9:${id}`, communityId: "slack:T9", displayName: id }, skills);
    }
    const pages = vi.spyOn(h.store, "listMembers");
    const d = (await call(h.baseUrl, "GET", "/api/admin/dashboard?community=slack:T9", undefined, { authorization: "Bearer s3cret-token" })).body;
    expect(pages).toHaveBeenCalledTimes(1);
    const report = await h.core.communities.report("slack:T9");
    expect(d.totals).toMatchObject({ members: report.members, membersWithSkills: report.membersWithSkills });
    expect(report).toMatchObject({ members: 3, membersWithSkills: 3, singleExpertSkills: [{ skill: "divorce law", memberId: "slack:T9:U1" }, { skill: "tax", memberId: "slack:T9:U2" }] });
    const counts = await h.core.communities.skillCounts("slack:T9");
    expect(counts).toHaveLength(3);
    expect(d.skillMap.map((r: { label: string; helpers: number; learners: number }) => [r.label, r.helpers, r.learners])).toEqual(counts.map((c) => [c.label, c.expert + c.canHelp, c.learning]));
  });
});

describe("dashboard cache", () => {
  const slow = () => {
    let now = 0;
    const cache = new DashboardCache<number>({ now: () => now, ttlMs: 60_000, keepIfSlowerThanMs: 100 });
    return { cache, advance: (ms: number) => (now += ms) };
  };

  it("lets loads that arrive during a computation share it", async () => {
    const { cache } = slow();
    let runs = 0;
    let finish: (n: number) => void = () => {};
    const compute = () => { runs++; return new Promise<number>((r) => (finish = r)); };
    const loads = Array.from({ length: 6 }, () => cache.get("c|30|8", compute));
    finish(42);
    expect(await Promise.all(loads)).toEqual([42, 42, 42, 42, 42, 42]);
    expect(runs).toBe(1);
  });

  it("keeps a slow dashboard for a minute, a fast one not at all, and never a failed one", async () => {
    const { cache, advance } = slow();
    let runs = 0;
    const slowCompute = async () => { runs++; advance(500); return runs; };
    expect(await cache.get("big", slowCompute)).toBe(1);
    advance(59_000);
    expect(await cache.get("big", slowCompute)).toBe(1);
    expect(await cache.get("big|7", slowCompute)).toBe(2); // another period is another dashboard
    advance(2_000);
    expect(await cache.get("big", slowCompute)).toBe(3);
    const fast = async () => ++runs;
    expect(await cache.get("small", fast)).toBe(4);
    expect(await cache.get("small", fast)).toBe(5);
    await expect(cache.get("broken", async () => { advance(500); throw new Error("store down"); })).rejects.toThrow("store down");
    expect(await cache.get("broken", fast)).toBe(6);
  });
});
