import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RequestOrigin } from "../../src/core/domain/request.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { DeliveryError, type Delivery, type Messenger } from "../../src/core/ports/messenger.port.js";
import { JOB_NAMES } from "../../src/jobs/definitions.js";
import { createScheduler, jobsFileFor, type Scheduler } from "../../src/jobs/scheduler.js";
import { QueuedMessenger } from "../../src/jobs/send-queue.js";
import { COMMUNITY, testCore, type TestCore } from "../support/harness.js";
import { addMember, DAY, ScriptedMessenger, skill } from "./fixtures.js";

const ORIGIN: RequestOrigin = { surface: "command", channelId: "C1", threadId: null, isPrivate: false };

async function waitFor(cond: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("scheduler", () => {
  let t: TestCore;
  let scheduler: Scheduler | null = null;
  beforeEach(async () => {
    t = await testCore("2026-03-02T10:00:00Z");
    await t.store.upsertCommunity(COMMUNITY, "Test", t.clock.now());
  });
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = null;
    await t.close();
  });

  const make = (messenger?: Messenger, communities?: () => Promise<string[]>) =>
    createScheduler({
      store: { kind: "sqlite", file: ":memory:" }, logger: silentLogger, core: t.core, clock: t.clock,
      processEveryMs: 20, lockLifetimeMs: 1000, sendQueue: { minTimeMs: 0, backoffMs: 1 },
      every: { nudge: 60_000, onboarding: 60_000, followups: 60_000, digest: 60_000 },
      ...(messenger ? { messenger } : {}),
      ...(communities ? { communities } : {}),
    });

  it("keeps the embedded jobs database next to the store's file", () => {
    expect(jobsFileFor("./data/knowhow.sqlite")).toBe("data/jobs.sqlite");
    expect(jobsFileFor(":memory:")).toBe(":memory:");
  });

  it("schedules every job once on start, runs due ones through the send queue, and lists last and next runs", async () => {
    const stale = await addMember(t.store, "stale", t.clock.now(), { skills: [skill("SEO", new Date(t.clock.now().getTime() - 120 * DAY))] });
    const dm = new ScriptedMessenger();
    scheduler = await make(dm);
    expect(scheduler.backendName).toBe("SQLite");
    await scheduler.start();
    await waitFor(() => dm.to(stale).length === 1, "the nudge job to run");
    const listing = await scheduler.list();
    expect(listing.map((j) => j.name)).toEqual([...JOB_NAMES]);
    const nudge = listing.find((j) => j.name === "nudge")!;
    expect(nudge.every).toBe(60_000);
    expect(nudge.lastRunAt).toBeInstanceOf(Date);
    expect(nudge.nextRunAt!.getTime()).toBeGreaterThan(nudge.lastRunAt!.getTime());
    await scheduler.stop();
    expect(dm.to(stale)).toHaveLength(1);
  });

  it("a sweep that runs longer than the job's lock keeps it: it is neither failed as expired nor started a second time meanwhile", async () => {
    const stale = await addMember(t.store, "stale", t.clock.now(), { skills: [skill("SEO", new Date(t.clock.now().getTime() - 120 * DAY))] });
    // The nudge's DM takes three lock lifetimes (a slow platform, a long queue, 429 back-offs).
    let release: () => void = () => undefined;
    let sending = 0;
    const slow = new ScriptedMessenger();
    const messenger: Messenger = {
      sendDirect: async (to, message) => {
        sending++;
        await new Promise<void>((r) => { release = r; });
        return slow.sendDirect(to, message);
      },
      introduce: () => slow.introduce(),
      postToChannel: () => slow.postToChannel(),
    };
    const runs: string[] = [];
    const failures: string[] = [];
    const logger = { ...silentLogger, child: () => logger, error: (_o: object, msg: string) => { failures.push(msg); } };
    scheduler = await createScheduler({
      store: { kind: "sqlite", file: ":memory:" }, logger, core: t.core, clock: t.clock, messenger,
      processEveryMs: 20, lockLifetimeMs: 300, sendQueue: { minTimeMs: 0, backoffMs: 1 },
      every: { nudge: 50, onboarding: 60_000, followups: 60_000, digest: 60_000 },
      communities: async () => {
        runs.push(new Date().toISOString());
        return [COMMUNITY];
      },
    });
    await scheduler.start();
    await waitFor(() => sending === 1, "the nudge's DM to start");
    const startedBefore = runs.length;
    await new Promise((r) => setTimeout(r, 900));
    // While the nudge sweep is in its DM, no other run of it starts, and it is not failed as expired.
    expect(runs.length).toBe(startedBefore);
    expect(failures).toEqual([]);
    expect(sending).toBe(1);
    release();
    await waitFor(() => slow.to(stale).length === 1, "the slow nudge to go out");
    await scheduler.stop();
    expect(slow.to(stale)).toHaveLength(1);
  });

  it("scheduled runs sweep only the communities it is given (the service leaves out platforms it is not connected to)", async () => {
    const old = new Date(t.clock.now().getTime() - 120 * DAY);
    const here = await addMember(t.store, "here", t.clock.now(), { skills: [skill("SEO", old)] });
    await t.store.upsertCommunity("discord:999", "Elsewhere", t.clock.now());
    const away = await addMember(t.store, "away", t.clock.now(), { communityId: "discord:999", skills: [skill("SEO", old)] });
    const dm = new ScriptedMessenger();
    scheduler = await make(dm, async () => [COMMUNITY]);
    await scheduler.start();
    await waitFor(() => dm.to(here).length === 1, "the nudge job to run");
    await scheduler.stop();
    expect(dm.to(away)).toEqual([]);
  });

  it("follow-ups: offers without a reply widen to the next candidates after the community's wait time, through the send queue", async () => {
    for (const n of ["bob", "carl", "dana", "eve"]) await t.core.skills.add(t.actor(n), "Terraform (expert)");
    const ana = t.actor("ana");
    const { request } = await t.core.asks.ask(ana, "Who can help me with Terraform modules?", ORIGIN);
    await t.core.asks.offer(ana, request.id);
    const firstRound = (await t.store.getRequest(request.id))!.offeredTo;
    expect(firstRound).toHaveLength(2);
    const queued = new ScriptedMessenger();
    scheduler = await make(queued);

    t.clock.advance(60 * 60_000);
    let r = await scheduler.run("followups", { communityIds: [COMMUNITY] });
    expect(r.job === "followups" && r.report.communities[0]!.widened).toEqual([]);

    t.clock.advance(4 * 60 * 60_000);
    r = await scheduler.run("followups");
    expect(r.job === "followups" && r.report.communities[0]!.widened).toEqual([request.id]);
    const after = (await t.store.getRequest(request.id))!;
    expect(after.offeredTo).toHaveLength(4);
    expect(after.offeredTo.slice(0, 2)).toEqual(firstRound);
    // The second round goes out through the scheduler's rate-limited queue, like nudges, not straight to the platform.
    const newOffers = after.offeredTo.slice(2).flatMap((id) => queued.to(id)).filter((m) => m.kind === "offer");
    expect(newOffers).toHaveLength(2);
    expect(after.offeredTo.slice(2).flatMap((id) => t.messenger.dmsTo(id))).toEqual([]);
  });

  it("digest: opt-in, to the community's admins on their Monday in their daytime, once a week, and not for a quiet week", async () => {
    const admin = await addMember(t.store, "admin", t.clock.now());
    await t.store.updateCommunity(COMMUNITY, { adminIds: [admin] }, t.clock.now());
    const dm = new ScriptedMessenger();
    scheduler = await make(dm);
    let r = await scheduler.run("digest");
    expect(r.job === "digest" && r.report.communities[0]!.status).toBe("disabled");
    await t.store.updateCommunity(COMMUNITY, { settings: { digestEnabled: true } }, t.clock.now());
    // Nobody asked anything this week: no digest.
    r = await scheduler.run("digest");
    expect(r.job === "digest" && r.report.communities[0]!.skipped).toEqual([{ memberId: admin, reason: "quiet_week" }]);
    await t.core.asks.ask(t.actor("ann"), "who can help with bookkeeping?", { surface: "command", channelId: "C1", threadId: null, isPrivate: false });
    r = await scheduler.run("digest", { now: new Date("2026-03-02T23:00:00Z") });
    expect(r.job === "digest" && r.report.communities[0]!.skipped).toEqual([{ memberId: admin, reason: "quiet_hours" }]);
    r = await scheduler.run("digest", { now: new Date("2026-03-03T10:00:00Z") });
    expect(r.job === "digest" && r.report.communities[0]!.skipped).toEqual([{ memberId: admin, reason: "not_monday" }]);
    r = await scheduler.run("digest");
    expect(r.job === "digest" && r.report.communities[0]!.sentTo).toEqual([admin]);
    const msg = dm.to(admin)[0]!;
    expect(msg.kind).toBe("digest");
    expect(msg.fields?.map((f) => f.label)).toEqual(["Unmatched questions by topic", "Busiest helpers", "Skills with only one expert"]);
    r = await scheduler.run("digest", { now: new Date("2026-03-02T15:00:00Z") });
    expect(r.job === "digest" && r.report.communities[0]!.skipped).toEqual([{ memberId: admin, reason: "already_sent" }]);
    await t.core.asks.ask(t.actor("ann"), "who can help with VAT?", { surface: "command", channelId: "C1", threadId: null, isPrivate: false });
    await scheduler.run("digest", { now: new Date("2026-03-09T10:00:00Z") });
    expect(dm.to(admin)).toHaveLength(2);
  });
});

describe("send queue", () => {
  class RateLimited implements Messenger {
    calls: string[] = [];
    constructor(private failuresLeft: number) {}
    async sendDirect(to: string): Promise<Delivery> {
      this.calls.push(to);
      if (to.endsWith(":limited") && this.failuresLeft-- > 0) throw new DeliveryError("rate_limited", "429");
      return { channelId: "D", messageId: null };
    }
    async introduce(): Promise<Delivery> { return { channelId: "G", messageId: null }; }
    async postToChannel(): Promise<Delivery> { return { channelId: "C", messageId: null }; }
  }
  const msg = { kind: "info" as const, text: "hi" };

  it("does not pace the playground's communities, whose messages stay in memory", async () => {
    const inner = new RateLimited(0);
    const q = new QueuedMessenger(inner, { logger: silentLogger, minTimeMs: 600_000 });
    // At one send per ten minutes, three sends would take twenty: the playground's go out at once.
    await Promise.all(["web:demo:a", "web:demo:b", "web:demo:c"].map((to) => q.sendDirect(to, msg)));
    expect(inner.calls).toEqual(["web:demo:a", "web:demo:b", "web:demo:c"]);
    await q.close();
  });

  it("backs off and retries when the platform rate-limits, then delivers", async () => {
    const inner = new RateLimited(2);
    const q = new QueuedMessenger(inner, { logger: silentLogger, minTimeMs: 0, backoffMs: 1, retries: 3 });
    await expect(q.sendDirect("slack:T1:limited", msg)).resolves.toEqual({ channelId: "D", messageId: null });
    expect(inner.calls).toEqual(["slack:T1:limited", "slack:T1:limited", "slack:T1:limited"]);
    await q.close();
  });

  it("gives up with the rate_limited error after its retries, and holds that community's queue meanwhile", async () => {
    const inner = new RateLimited(100);
    const q = new QueuedMessenger(inner, { logger: silentLogger, minTimeMs: 0, backoffMs: 1, retries: 2 });
    const limited = q.sendDirect("slack:T1:limited", msg);
    const sameCommunity = q.sendDirect("slack:T1:other", msg);
    const otherCommunity = q.sendDirect("slack:T2:x", msg);
    await expect(limited).rejects.toMatchObject({ reason: "rate_limited" });
    await Promise.all([sameCommunity, otherCommunity]);
    const order = inner.calls;
    expect(order.filter((c) => c === "slack:T1:limited")).toHaveLength(3);
    // Nothing else in T1 went out while T1 was backing off; T2 was not held up.
    expect(order.lastIndexOf("slack:T1:limited")).toBeLessThan(order.indexOf("slack:T1:other"));
    expect(order.indexOf("slack:T2:x")).toBeLessThan(order.lastIndexOf("slack:T1:limited"));
    await q.close();
  });
});
