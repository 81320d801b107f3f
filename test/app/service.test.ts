import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { newMember } from "../../src/core/usecases/members.js";
import { openStore } from "../../src/store/open.js";

const ROOT = join(import.meta.dirname, "../..");

function start(env: Record<string, string>, args = ["src/app/main.ts"]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let out = "";
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "info", WORD_VECTORS: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return { child, output: () => out, exited };
}

async function waitFor(pred: () => RegExpMatchArray | null, ms = 15_000): Promise<RegExpMatchArray> {
  const end = Date.now() + ms;
  for (;;) {
    const m = pred();
    if (m) return m;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("npm start (the composition root)", () => {
  const dir = mkdtempSync(join(tmpdir(), "knowhow-svc-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("with no environment: serves /healthz and /readyz on the embedded store, then exits cleanly on SIGTERM", async () => {
    const svc = start({ PORT: "0", DATA_DIR: join(dir, "data") });
    const m = await waitFor(() => svc.output().match(/Knowhow playground: (http:\/\/127\.0\.0\.1:\d+)/));
    const base = m[1]!;
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: "ready", store: "ok" });
    expect(svc.output()).toMatch(/Slack not connected: set SLACK_BOT_TOKEN/);
    const t0 = Date.now();
    svc.child.kill("SIGTERM");
    expect(await svc.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(svc.output()).toMatch(/"msg":"stopped"/);
  });

  it("the playground's clock moved ninety days runs the real jobs along the way: a new member is welcomed, not skipped; a Slack workspace in the same store is left alone", { timeout: 60_000 }, async () => {
    // A Slack member whose skills went stale long ago: real time's nudge, never the playground's simulated one.
    mkdirSync(join(dir, "data-clock"), { recursive: true });
    const store = await openStore({ kind: "sqlite", file: join(dir, "data-clock", "knowhow.sqlite") }, silentLogger);
    const old = new Date(Date.now() - 400 * 86_400_000);
    await store.upsertCommunity("slack:T7", "Real workspace", old);
    await store.insertMember({ ...newMember("slack:T7:U1", "slack:T7", "Uma", null, old), skills: [{ label: "SEO", key: "seo", level: "expert", source: "declared", addedAt: old, confirmedAt: old }] }, old);
    await store.close();
    const svc = start({ PORT: "0", DATA_DIR: join(dir, "data-clock"), LOG_LEVEL: "warn" });
    try {
      const base = (await waitFor(() => svc.output().match(/Knowhow playground: (http:\/\/127\.0\.0\.1:\d+)/)))[1]!;
      const post = async (path: string, body: unknown) => (await fetch(`${base}/api/playground${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).json() as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      const zed = (await post("/members", { displayName: "Zed Newcomer" })).member.slug as string;
      const moved = await post("/clock/advance", { hours: 24 * 90, sweep: true });
      expect(moved.sweep.ran).toBe("jobs");
      expect(moved.sweep.sweeps).toBe(48);
      expect(moved.sweep.counts.welcomed).toBeGreaterThanOrEqual(1);
      const inbox = await (await fetch(`${base}/api/playground/members/${zed}/inbox`)).json() as { items: Array<{ message: { kind: string } }> };
      expect(inbox.items.map((i) => i.message.kind)).toContain("onboarding");
      // The Slack member is the real-time jobs' business (they try at start, and fail: Slack isn't connected here);
      // the 48 simulated sweeps try nothing on them.
      expect((svc.output().match(/"memberId":"slack:T7:U1"/g) ?? []).length).toBeLessThanOrEqual(1);
    } finally {
      svc.child.kill("SIGTERM");
      await svc.exited;
    }
  });

  it("the playground's clock moved a week sends the weekly admin digest, on the admin's Monday, to an admin added from the CLI", { timeout: 60_000 }, async () => {
    const env = { PORT: "0", DATA_DIR: join(dir, "data-digest"), LOG_LEVEL: "warn" };
    const svc = start(env);
    try {
      const base = (await waitFor(() => svc.output().match(/Knowhow playground: (http:\/\/127\.0\.0\.1:\d+)/)))[1]!;
      // The operator CLI works on the same DATA_DIR while the playground runs.
      for (const args of [["settings", "--community", "demo", "digest", "on"], ["admins", "--community", "demo", "add", "grace"]]) {
        const cli = start(env, ["src/cli/main.ts", ...args]);
        expect(await cli.exited, cli.output()).toBe(0);
      }
      // Someone asks something this week (a quiet week sends no digest); the week's move then passes one Monday.
      const asked = await fetch(`${base}/api/playground/members/sam/ask`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question: "Who can help with bookkeeping?" }) });
      expect(asked.status).toBe(200);
      const moved = await (await fetch(`${base}/api/playground/clock/advance`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ hours: 168, sweep: true }) })).json() as { sweep: { counts: { digests: number } } };
      // One Monday at least (two when the move starts and ends on Grace's Monday daytime).
      expect(moved.sweep.counts.digests).toBeGreaterThanOrEqual(1);
      const inbox = await (await fetch(`${base}/api/playground/members/grace/inbox`)).json() as { items: Array<{ message: { kind: string; title?: string } }> };
      const digests = inbox.items.filter((i) => i.message.kind === "digest");
      expect(digests.map((i) => i.message.title)).toEqual(Array(moved.sweep.counts.digests).fill("Knowhow weekly digest"));
    } finally {
      svc.child.kill("SIGTERM");
      await svc.exited;
    }
  });

  it("a second playground on the same DATA_DIR is refused in one line naming it and the first one's pid; the CLI still works beside it", { timeout: 60_000 }, async () => {
    const dataDir = join(dir, "data-two");
    const env = { PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "warn" };
    const first = start(env);
    try {
      await waitFor(() => first.output().match(/Knowhow playground: (http:\/\/127\.0\.0\.1:\d+)/));
      const second = start(env);
      const timer = setTimeout(() => second.child.kill("SIGKILL"), 20_000);
      const code = await second.exited;
      clearTimeout(timer);
      expect(code, second.output()).toBe(1);
      expect(second.output().trim()).toBe(`Knowhow failed to start: Another playground (pid ${first.child.pid}) is already running on DATA_DIR ${dataDir}: stop it, or give this one another DATA_DIR (if none is running, delete ${join(dataDir, "playground.lock")}).`);
      const cli = start(env, ["src/cli/main.ts", "members", "--community", "demo"]);
      expect(await cli.exited, cli.output()).toBe(0);
      expect(cli.output()).toContain("Maya");
    } finally {
      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);
    }
    expect(existsSync(join(dataDir, "playground.lock"))).toBe(false);
  });

  it("a playground killed with -9 right after an answer keeps what that answer delivered; the next one takes over its lock", { timeout: 60_000 }, async () => {
    const env = { PORT: "0", DATA_DIR: join(dir, "data-kill"), LOG_LEVEL: "warn" };
    const first = start(env);
    const base = (await waitFor(() => first.output().match(/Knowhow playground: (http:\/\/127\.0\.0\.1:\d+)/)))[1]!;
    const post = async (path: string, body: unknown) => (await fetch(`${base}/api/playground${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).json() as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const kim = (await post("/members", { displayName: "Kim Apiary" })).member.slug as string;
    await post(`/members/${kim}/skills`, { skills: "beekeeping (expert)" });
    const lou = (await post("/members", { displayName: "Lou Newhive" })).member.slug as string;
    const asked = await post(`/members/${lou}/ask`, { question: "Who can help me with beekeeping?" });
    expect(asked.request.candidates.map((c: { memberId: string }) => c.memberId)).toContain(`web:demo:${kim}`);
    await post(`/members/${lou}/actions`, { type: "ask.best", value: asked.request.id });
    first.child.kill("SIGKILL");
    await first.exited;

    const second = start(env);
    try {
      const again = (await waitFor(() => second.output().match(/Knowhow playground: (http:\/\/127\.0\.0\.1:\d+)/)))[1]!;
      const inbox = await (await fetch(`${again}/api/playground/members/${kim}/inbox`)).json() as { items: Array<{ message: { kind: string } }> };
      expect(inbox.items.map((i) => i.message.kind)).toContain("offer");
    } finally {
      second.child.kill("SIGTERM");
      await second.exited;
    }
  });

  it("brings skill keys stored by an older version up to date with the built-in aliases, then builds the match index", async () => {
    const file = join(dir, "data5", "knowhow.sqlite");
    mkdirSync(join(dir, "data5"), { recursive: true });
    const now = new Date();
    let store = await openStore({ kind: "sqlite", file }, silentLogger);
    await store.upsertCommunity("slack:T9", "Old", now);
    const old = { label: "Deutsch", key: "deutsch", level: "expert" as const, source: "declared" as const, addedAt: now, confirmedAt: now };
    await store.insertMember({ ...newMember("slack:T9:U1", "slack:T9", "Ana", null, now), skills: [old] }, now);
    await store.close();

    const svc = start({ PORT: "0", DATA_DIR: join(dir, "data5") });
    await waitFor(() => svc.output().match(/skill keys brought up to date with the built-in aliases/));
    // Then the community's match index is built, before any question.
    await waitFor(() => svc.output().match(/"communityId":"slack:T9","members":1,[^\n]*"msg":"match index built"/));
    svc.child.kill("SIGTERM");
    expect(await svc.exited).toBe(0);
    store = await openStore({ kind: "sqlite", file }, silentLogger);
    expect((await store.getMember("slack:T9:U1"))?.skills.map((x) => [x.label, x.key])).toEqual([["Deutsch", "german"]]);
    await store.close();
  });

  it("a SIGTERM that arrives while it is still starting stops it cleanly once it is up", async () => {
    const svc = start({ PORT: "0", DATA_DIR: join(dir, "data6") });
    // The first log line: the logger exists, so the signal handlers do too; the service is not up yet.
    await waitFor(() => svc.output().match(/"level":\d+/));
    svc.child.kill("SIGTERM");
    expect(await svc.exited).toBe(0);
    expect(svc.output()).toMatch(/"msg":"stopped"/);
  });

  it("with PORT already taken: says so, naming PORT and how to pick another, and exits like any invalid variable", async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
    const port = (taken.address() as AddressInfo).port;
    try {
      const svc = start({ PORT: String(port), DATA_DIR: join(dir, "data-port") });
      const timer = setTimeout(() => svc.child.kill("SIGKILL"), 20_000);
      const code = await svc.exited;
      clearTimeout(timer);
      expect(code, svc.output()).toBe(78);
      expect(svc.output()).toContain(`PORT: ${port} on 127.0.0.1 is already in use (another Knowhow, or another program): stop that, or set PORT to a free port (PORT=${port + 1} npm start; see .env.example)`);
      expect(svc.output()).not.toMatch(/listen EADDRINUSE/);
    } finally {
      await new Promise((r) => taken.close(r));
    }
  });

  it("with an invalid variable: fails fast naming it", async () => {
    const svc = start({ PORT: "eighty", DATA_DIR: join(dir, "data2") });
    expect(await svc.exited).toBe(78);
    expect(svc.output()).toMatch(/PORT: must be a whole number from 0 to 65535/);
  });

  // Node's own recursive mkdir spins forever under /proc (ENOENT for the child, EEXIST for the parent, again).
  it.skipIf(!existsSync("/proc/self"))("with a DATA_DIR it cannot create or write: fails fast naming it, npm start and the CLI alike", async () => {
    const file = join(dir, "a-file");
    writeFileSync(file, "");
    const cases: Array<[string, RegExp]> = [
      ["/proc/knowhow-data", /DATA_DIR: \/proc\/knowhow-data cannot hold the database: cannot create the directory \/proc\/knowhow-data \(that file system does not allow new files there\)\. Set DATA_DIR to a directory/],
      [join(file, "data"), /DATA_DIR: .*a-file\/data cannot hold the database: .*a-file is a file, not a directory\./],
    ];
    for (const [dataDir, message] of cases) {
      for (const entry of ["src/app/main.ts", "src/cli/main.ts"]) {
        const svc = start({ PORT: "0", DATA_DIR: dataDir }, entry === "src/cli/main.ts" ? [entry, "members", "--community", "demo"] : [entry]);
        const timer = setTimeout(() => svc.child.kill("SIGKILL"), 20_000);
        const code = await svc.exited;
        clearTimeout(timer);
        expect(code, `${entry} ${dataDir}: ${svc.output()}`).toBe(78);
        expect(svc.output()).toMatch(message);
      }
    }
  }, 90_000);

  it("never logs secrets", async () => {
    const svc = start({ PORT: "0", DATA_DIR: join(dir, "data3"), ADMIN_TOKEN: "super-secret-admin-token", PLAYGROUND: "on" });
    await waitFor(() => svc.output().match(/Knowhow playground/));
    svc.child.kill("SIGTERM");
    await svc.exited;
    expect(svc.output()).not.toContain("super-secret-admin-token");
  });
});
