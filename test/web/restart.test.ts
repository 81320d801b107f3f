import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OffsetClock } from "../../src/core/ports/clock.port.js";
import { call, startHarness, type Harness } from "./support/harness.js";

/** The playground restarted on the same data: what members were sent is still there, and still works. */
describe("playground restart", () => {
  const dir = mkdtempSync(join(tmpdir(), "knowhow-restart-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files = (name: string) => ({ storeFile: join(dir, `${name}.sqlite`), stateFile: join(dir, `${name}.json`) });
  const api = (h: Harness, method: string, path: string, body?: unknown) => call(h.baseUrl, method, `/api/playground${path}`, body);

  it("keeps inboxes and the simulated clock's lead, and an offer sent before it can be accepted after", async () => {
    const first = await startHarness({ ...files("a"), clock: new OffsetClock() });
    const maya = (await api(first, "POST", "/members", { displayName: "Maya" })).body.member.slug as string;
    await api(first, "POST", `/members/${maya}/skills`, { skills: "bookkeeping (expert)" });
    const sam = (await api(first, "POST", "/members", { displayName: "Sam" })).body.member.slug as string;
    const asked = await api(first, "POST", `/members/${sam}/ask`, { question: "Who knows bookkeeping?" });
    await api(first, "POST", `/members/${sam}/actions`, { type: "ask.best", value: asked.body.request.id });
    await api(first, "POST", "/clock/advance", { hours: 48 });
    await first.close();

    const second = await startHarness({ ...files("a"), clock: new OffsetClock() });
    try {
      const ahead = new Date((await api(second, "GET", "/clock")).body.now).getTime() - Date.now();
      expect(ahead).toBeGreaterThan(47.9 * 3600_000);
      expect(ahead).toBeLessThan(48.1 * 3600_000);
      const offer = (await api(second, "GET", `/members/${maya}/inbox`)).body.items.find((i: { message: { kind: string } }) => i.message.kind === "offer");
      expect(offer.answer).toBeNull();
      const accepted = await api(second, "POST", `/members/${maya}/actions`, { type: "offer.accept", value: offer.message.actions[0].value, itemId: offer.id });
      expect(accepted.body.outcome.message.text).toContain("introduced you");
      const intro = (await api(second, "GET", `/members/${sam}/inbox`)).body.items.find((i: { kind: string }) => i.kind === "intro");
      expect(intro.participants.sort()).toEqual([`web:demo:${maya}`, `web:demo:${sam}`]);
      // New items do not reuse the ids of those restored.
      const ids = (await api(second, "GET", `/members/${sam}/inbox`)).body.items.map((i: { id: string }) => i.id);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await second.close();
    }
  });

  it("an unreadable state file is moved aside and the playground starts with empty inboxes", async () => {
    const f = files("b");
    writeFileSync(f.stateFile, "{ not json");
    const h = await startHarness({ ...f, clock: new OffsetClock() });
    try {
      expect((await api(h, "GET", "/clock")).status).toBe(200);
      expect(readdirSync(dir).some((n) => n.startsWith("b.json.unreadable-"))).toBe(true);
    } finally {
      await h.close();
    }
  });

  it("saves what a request delivered before answering it: a kill -9 right after the answer loses nothing", async () => {
    const h = await startHarness({ ...files("d"), clock: new OffsetClock() });
    try {
      const maya = (await api(h, "POST", "/members", { displayName: "Maya" })).body.member.slug as string;
      await api(h, "POST", `/members/${maya}/skills`, { skills: "bookkeeping (expert)" });
      const sam = (await api(h, "POST", "/members", { displayName: "Sam" })).body.member.slug as string;
      const asked = await api(h, "POST", `/members/${sam}/ask`, { question: "Who knows bookkeeping?" });
      await api(h, "POST", `/members/${sam}/actions`, { type: "ask.best", value: asked.body.request.id });
      const saved = JSON.parse(readFileSync(files("d").stateFile, "utf8"));
      expect(saved.inboxes[`web:demo:${maya}`].map((i: { message: { kind: string } }) => i.message.kind)).toEqual(["offer"]);
      await api(h, "POST", "/clock/advance", { hours: 5 });
      expect(JSON.parse(readFileSync(files("d").stateFile, "utf8")).clockOffsetMs).toBeGreaterThan(4.9 * 3600_000);
    } finally {
      await h.close();
    }
  });

  it("a state file that cannot be read loses the clock's lead, but the clock comes back to the newest date the store holds", async () => {
    const f = files("e");
    const first = await startHarness({ ...f, clock: new OffsetClock() });
    await api(first, "POST", "/clock/advance", { hours: 24 * 30 });
    const sam = (await api(first, "POST", "/members", { displayName: "Sam" })).body.member.slug as string;
    const asked = await api(first, "POST", `/members/${sam}/ask`, { question: "Who knows bookkeeping?" });
    const askedAt = new Date(asked.body.request.createdAt).getTime();
    await first.close();
    writeFileSync(f.stateFile, "{ not json");
    const second = await startHarness({ ...f, clock: new OffsetClock() });
    try {
      const now = new Date((await api(second, "GET", "/clock")).body.now).getTime();
      expect(now).toBeGreaterThanOrEqual(askedAt);
      expect(now - askedAt).toBeLessThan(60_000);
      expect(readdirSync(dir).some((n) => n.startsWith("e.json.unreadable-"))).toBe(true);
      // The lead found again is saved.
      expect(JSON.parse(readFileSync(f.stateFile, "utf8")).clockOffsetMs).toBeGreaterThan(29.9 * 24 * 3600_000);
    } finally {
      await second.close();
    }
  });

  it("refuses a second playground on the same state file while the first runs, and takes over the lock of one that died", async () => {
    const f = files("g");
    const first = await startHarness({ ...f, clock: new OffsetClock() });
    try {
      await expect(startHarness({ ...f, clock: new OffsetClock() })).rejects.toThrow(
        `Another playground (pid ${process.pid}) is already running on DATA_DIR ${dir}: stop it, or give this one another DATA_DIR (if none is running, delete ${join(dir, "g.lock")}).`,
      );
    } finally {
      await first.close();
    }
    expect(existsSync(join(dir, "g.lock"))).toBe(false);
    // A lock left by a process that is gone (a crash, kill -9) is stale.
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" }).stdout.trim();
    writeFileSync(join(dir, "g.lock"), `${dead}\n`);
    const again = await startHarness({ ...f, clock: new OffsetClock() });
    try {
      expect(readFileSync(join(dir, "g.lock"), "utf8").trim()).toBe(String(process.pid));
    } finally {
      await again.close();
    }
  });

  it("drops inboxes saved beside a store that is gone", async () => {
    const f = files("c");
    const first = await startHarness({ ...f, clock: new OffsetClock() });
    const maya = (await api(first, "POST", "/members", { displayName: "Maya" })).body.member.slug as string;
    await api(first, "POST", `/members/${maya}/skills`, { skills: "bookkeeping (expert)" });
    const sam = (await api(first, "POST", "/members", { displayName: "Sam" })).body.member.slug as string;
    const asked = await api(first, "POST", `/members/${sam}/ask`, { question: "Who knows bookkeeping?" });
    await api(first, "POST", `/members/${sam}/actions`, { type: "ask.best", value: asked.body.request.id });
    expect((await api(first, "GET", `/members/${maya}/inbox`)).body.items).toHaveLength(1);
    await first.close();
    rmSync(f.storeFile);
    const second = await startHarness({ ...f, clock: new OffsetClock() });
    try {
      await api(second, "POST", "/members", { displayName: "Maya" });
      expect((await api(second, "GET", `/members/${maya}/inbox`)).body.items).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
