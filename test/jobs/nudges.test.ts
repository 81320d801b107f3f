import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CommunitySettings } from "../../src/core/domain/community.js";
import { nudgeDecision, skillSuggestions } from "../../src/core/usecases/nudges.js";
import { COMMUNITY, testCore, type TestCore } from "../support/harness.js";
import { addMember, DAY, ScriptedMessenger, skill } from "./fixtures.js";

// Monday 2 March 2026, 10:00 UTC: 10:00 in London, 02:00 in Los Angeles, 19:00 in Tokyo.
const NOW = "2026-03-02T10:00:00Z";

describe("inactivity nudges", () => {
  let t: TestCore;
  let now: Date;
  let dm: ScriptedMessenger;

  beforeEach(async () => {
    t = await testCore(NOW);
    now = t.clock.now();
    dm = new ScriptedMessenger();
    await t.store.upsertCommunity(COMMUNITY, "Test", now);
  });
  afterEach(() => t.close());

  const settings = (patch: Partial<CommunitySettings>) => t.store.updateCommunity(COMMUNITY, { settings: patch }, now);
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const run = (extra: { now?: Date } = {}) => t.core.nudges.runInactivity({ messenger: dm, detailLimit: 100, ...extra });

  it("selects members whose skills went unconfirmed (or who never declared any), and skips everyone else with a reason", async () => {
    const yesterday = await addMember(t.store, "fresh", now, { skills: [skill("SEO", ago(1))] });
    const stale = await addMember(t.store, "stale", now, { skills: [skill("Terraform", ago(120)), skill("Go", ago(95))] });
    const never = await addMember(t.store, "never", now, { skills: [skill("SEO", ago(120))], reminders: "never" });
    const gone = await addMember(t.store, "gone", now, { skills: [skill("SEO", ago(120))], departed: true });
    const out = await addMember(t.store, "out", now, { skills: [skill("SEO", ago(120))], availability: { optedIn: false, pausedUntil: null, weeklyCap: 3, quietHours: { start: 21, end: 8 } } });
    const recent = await addMember(t.store, "recent", now, { skills: [skill("SEO", ago(120))], lastNudgedAt: ago(10) });
    const blank = await addMember(t.store, "blank", now, { joinedAt: ago(100) });
    const newbie = await addMember(t.store, "newbie", now, { joinedAt: ago(5) });

    const report = await run();
    const c = report.communities[0]!;
    expect(dm.recipients().sort()).toEqual([blank, stale].sort());
    expect(c.sent.map((s) => s.memberId).sort()).toEqual([blank, stale].sort());
    expect(Object.fromEntries(c.skippedMembers.map((s) => [s.memberId, s.reason]))).toEqual({
      [yesterday]: "not_due", [never]: "reminders_off", [gone]: "departed", [out]: "opted_out", [recent]: "recently_nudged", [newbie]: "not_due",
    });
    const msg = dm.to(stale)[0]!;
    expect(msg.kind).toBe("nudge");
    expect(msg.text).toContain("Terraform");
    expect(msg.actions?.map((a) => a.type)).toEqual(["nudge.confirm", "nudge.edit", "nudge.pause", "nudge.stop"]);
    expect((await t.store.getMember(stale))?.lastNudgedAt).toEqual(now);
    expect(msg.title).toBe("Are your skills up to date?");
    // Who never declared a skill is asked what they can help with, onboarding-style: they have nothing to keep up to date.
    const asked = dm.to(blank)[0]!;
    expect([asked.title, asked.text]).toEqual(["What can you help with?", "You haven't told me what you can help with yet. Add a skill or two and I'll only ask you when a question fits."]);
    expect(asked.actions?.map((a) => a.type)).toEqual(["nudge.edit", "nudge.pause", "nudge.stop"]);
  });

  it("lists what a member can help with apart from what they are learning", async () => {
    const rust = { ...skill("rust", ago(120)), level: "learning" as const };
    const both = await addMember(t.store, "both", now, { skills: [skill("Terraform", ago(120)), rust] });
    const learner = await addMember(t.store, "learner", now, { skills: [{ ...rust }] });
    await run();
    expect(dm.to(both)[0]!.text).toMatch(/^People here can be introduced to you for: Terraform; you're learning rust \(last confirmed 2025-11-02\)\. Is that still accurate\?/);
    expect(dm.to(learner)[0]!.text).toMatch(/^You're learning rust, and haven't listed anything you can help with yet \(last confirmed/);
  });

  it("sends nothing the second time, nor until nudgeIntervalDays have passed", async () => {
    const stale = await addMember(t.store, "stale", now, { skills: [skill("SEO", ago(120))] });
    await run();
    expect((await run()).communities[0]!.skipped).toEqual({ recently_nudged: 1 });
    expect((await run({ now: new Date(now.getTime() + 29 * DAY) })).communities[0]!.sent).toEqual([]);
    expect((await run({ now: new Date(now.getTime() + 30 * DAY) })).communities[0]!.sent.map((s) => s.memberId)).toEqual([stale]);
    expect(dm.to(stale)).toHaveLength(2);
  });

  it("backs off from a member who lets nudges pass (30 → 60 → 120 days, then none) and starts over once they use Knowhow again", async () => {
    const quiet = await addMember(t.store, "quiet", now, { skills: [skill("SEO", ago(120))] });
    const sentOn: number[] = [];
    for (let d = 0; d <= 400; d++) {
      if ((await run({ now: new Date(now.getTime() + d * DAY) })).communities[0]!.sent.length) sentOn.push(d);
    }
    expect(sentOn).toEqual([0, 30, 90, 210]);
    expect((await run({ now: new Date(now.getTime() + 401 * DAY) })).communities[0]!.skipped).toEqual({ unanswered: 1 });
    // She shows up again (any command): the next nudge follows the usual rule, and a fresh count.
    t.clock.set(new Date(now.getTime() + 402 * DAY));
    await t.core.members.touch({ memberId: quiet, communityId: COMMUNITY });
    expect((await run({ now: new Date(now.getTime() + 403 * DAY) })).communities[0]!.sent).toHaveLength(1);
    expect((await t.store.getMember(quiet))!.unansweredNudges).toBe(1);
    expect((await run({ now: new Date(now.getTime() + 433 * DAY) })).communities[0]!.sent).toHaveLength(1);
  });

  it("a member who confirms is not nudged again until their skills go stale again", async () => {
    const stale = await addMember(t.store, "stale", now, { skills: [skill("SEO", ago(120))] });
    await run();
    await t.core.actions.handle({ memberId: stale, communityId: COMMUNITY }, "nudge.confirm", "x");
    expect((await run({ now: new Date(now.getTime() + 60 * DAY) })).communities[0]!.skipped).toEqual({ not_due: 1 });
    expect((await run({ now: new Date(now.getTime() + 91 * DAY) })).communities[0]!.sent).toHaveLength(1);
  });

  it("a member who just removed their last skill (or saved an empty editor) is not nudged 'What can you help with?' the next morning", async () => {
    const removed = await addMember(t.store, "removed", now, { skills: [skill("SEO", ago(200))] });
    const emptied = await addMember(t.store, "emptied", now, { skills: [skill("SEO", ago(200))] });
    await t.core.skills.remove({ memberId: removed, communityId: COMMUNITY }, "SEO");
    await t.core.skills.replace({ memberId: emptied, communityId: COMMUNITY }, []);
    // They edited their profile yesterday, on purpose: nothing is stale.
    expect((await run({ now: new Date(now.getTime() + DAY) })).communities[0]!.skipped).toEqual({ not_due: 2 });
    expect(dm.dms).toEqual([]);
    // Months later an empty profile is worth asking about again.
    expect((await run({ now: new Date(now.getTime() + 91 * DAY) })).communities[0]!.sent).toHaveLength(2);
  });

  it("only sends in the member's local daytime and outside their quiet hours (unknown timezone → 09–18 UTC)", async () => {
    const stale = { skills: [skill("SEO", ago(120))] };
    const london = await addMember(t.store, "london", now, { ...stale, timezone: "Europe/London" });
    const la = await addMember(t.store, "la", now, { ...stale, timezone: "America/Los_Angeles" });
    const tokyo = await addMember(t.store, "tokyo", now, { ...stale, timezone: "Asia/Tokyo" });
    const unknown = await addMember(t.store, "unknown", now, { ...stale, timezone: null });
    const lateRiser = await addMember(t.store, "late", now, { ...stale, availability: { optedIn: true, pausedUntil: null, weeklyCap: 3, quietHours: { start: 21, end: 11 } } });

    let c = (await run()).communities[0]!;
    expect(dm.recipients().sort()).toEqual([london, unknown].sort());
    expect(c.skippedMembers.filter((s) => s.reason === "quiet_hours").map((s) => s.memberId).sort()).toEqual([la, lateRiser, tokyo].sort());

    // 02:00 UTC: 11:00 in Tokyo, 18:00 in Los Angeles (the day before): only Tokyo.
    c = (await run({ now: new Date("2026-03-03T02:00:00Z") })).communities[0]!;
    expect(c.sent.map((s) => s.memberId)).toEqual([tokyo]);
    // 11:00 UTC: the late riser's quiet hours are over.
    c = (await run({ now: new Date("2026-03-03T11:00:00Z") })).communities[0]!;
    expect(c.sent.map((s) => s.memberId)).toEqual([lateRiser]);
    // 17:00 UTC = 09:00 in Los Angeles.
    c = (await run({ now: new Date("2026-03-03T17:00:00Z") })).communities[0]!;
    expect(c.sent.map((s) => s.memberId)).toEqual([la]);
    // 20:00 UTC: night for the unknown-timezone rule, whatever else.
    expect(nudgeDecision("inactivity", { ...(await t.store.getMember(unknown))!, lastNudgedAt: null }, (await t.store.getCommunity(COMMUNITY))!.settings, new Date("2026-03-03T20:00:00Z"))).toBe("quiet_hours");
  });

  it("stops at the community's daily cap and carries on the next day", async () => {
    await settings({ dailyDmCap: 2 });
    for (const n of ["a", "b", "c", "d", "e"]) await addMember(t.store, n, now, { skills: [skill("SEO", ago(120))] });
    let c = (await run()).communities[0]!;
    expect(c.sent).toHaveLength(2);
    expect(c.stopped).toBe("daily_cap");
    expect(c.skipped.daily_cap).toBe(3);
    c = (await run({ now: new Date(now.getTime() + 3_600_000) })).communities[0]!;
    expect(c.sent).toHaveLength(0);
    c = (await run({ now: new Date(now.getTime() + DAY) })).communities[0]!;
    expect(c.sent).toHaveLength(2);
    expect(new Set(dm.recipients()).size).toBe(4);
  });

  it("honours 'Don't remind me' forever", async () => {
    const stale = await addMember(t.store, "stale", now, { skills: [skill("SEO", ago(120))] });
    await run();
    const stop = dm.to(stale)[0]!.actions!.find((a) => a.type === "nudge.stop")!;
    await t.core.actions.handle({ memberId: stale, communityId: COMMUNITY }, stop.type, stop.value);
    for (const days of [31, 200, 2000]) {
      expect((await run({ now: new Date(now.getTime() + days * DAY) })).communities[0]!.skipped).toEqual({ reminders_off: 1 });
    }
    expect(dm.to(stale)).toHaveLength(1);
  });

  it("suggests skills from evidence: topics the member helped with at least twice and has not declared", async () => {
    const helped = (q: string, topics: string[], i: number) => ({ requestId: `r${i}`, kind: "helped" as const, question: q, topics, at: ago(i) });
    const helper = await addMember(t.store, "helper", now, {
      skills: [skill("Python", ago(120))],
      evidence: [
        helped("How do I structure Terraform modules?", ["terraform", "modules"], 1),
        helped("Terraform state locking on S3", ["terraform", "state", "s3"], 2),
        helped("terraform plan is slow", ["terraform", "plan"], 3),
        helped("Python packaging", ["python", "packaging"], 4),
        helped("Python packaging again", ["python", "packaging"], 5),
      ],
    });
    const m = (await t.store.getMember(helper))!;
    expect(skillSuggestions(m)).toEqual([{ topic: "terraform", label: "Terraform", helped: 3 }, { topic: "packaging", label: "Packaging", helped: 2 }]);

    await run();
    const msg = dm.to(helper)[0]!;
    expect(msg.text).toContain("You helped with 3 Terraform questions — add *Terraform*?");
    const add = msg.actions!.find((a) => a.type === "nudge.add_skill" && a.value === "Terraform")!;
    await t.core.actions.handle({ memberId: helper, communityId: COMMUNITY }, add.type, add.value);
    expect((await t.store.getMember(helper))!.skills.map((s) => s.key)).toContain("terraform");
  });

  it("releases the key when a send fails transiently (retried next sweep), keeps it when the member can't be reached", async () => {
    const flaky = await addMember(t.store, "flaky", now, { skills: [skill("SEO", ago(120))] });
    const closed = await addMember(t.store, "closed", now, { skills: [skill("SEO", ago(120))] });
    dm.failures.set(flaky, "platform_error");
    dm.failures.set(closed, "dm_closed");
    const c = (await run()).communities[0]!;
    expect(c.failed).toEqual([{ memberId: closed, reason: "dm_closed" }, { memberId: flaky, reason: "platform_error" }]);
    expect((await t.store.getMember(closed))!.dmClosed).toBe(true);
    expect((await t.store.getMember(flaky))!.lastNudgedAt).toBeNull();
    dm.failures.clear();
    const again = (await run({ now: new Date(now.getTime() + 3_600_000) })).communities[0]!;
    expect(again.sent.map((s) => s.memberId)).toEqual([flaky]);
    expect(again.skipped).toEqual({ dm_closed: 1 });
  });

  it("stops sending in a community when the platform keeps rate-limiting, deferring the rest", async () => {
    const ids = [];
    for (const n of ["a", "b", "c"]) ids.push(await addMember(t.store, n, now, { skills: [skill("SEO", ago(120))] }));
    dm.failures.set(ids[0]!, "rate_limited");
    const c = (await run()).communities[0]!;
    expect(c.stopped).toBe("rate_limited");
    expect(c.skipped).toEqual({ deferred: 2 });
    dm.failures.clear();
    expect((await run()).communities[0]!.sent).toHaveLength(3);
  });
});

describe("onboarding DM", () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await testCore(NOW);
    await t.store.upsertCommunity(COMMUNITY, "Writers", t.clock.now());
  });
  afterEach(() => t.close());

  it("greets members who joined and declared nothing, once, after the community's delay", async () => {
    const now = t.clock.now();
    const dm = new ScriptedMessenger();
    const joined = (h: number) => new Date(now.getTime() - h * 3_600_000);
    const due = await addMember(t.store, "due", now, { joinedAt: joined(25) });
    await addMember(t.store, "early", now, { joinedAt: joined(2) });
    await addMember(t.store, "declared", now, { joinedAt: joined(25), skills: [skill("SEO", joined(24))] });
    await addMember(t.store, "old", now, { joinedAt: joined(24 * 40) });

    const c = (await t.core.nudges.runOnboarding({ messenger: dm })).communities[0]!;
    expect(c.sent.map((s) => s.memberId)).toEqual([due]);
    const msg = dm.to(due)[0]!;
    expect(msg.kind).toBe("onboarding");
    expect(msg.title).toContain("Writers");
    expect(msg.actions?.map((a) => a.type)).toEqual(["skills.edit", "nudge.stop"]);
    expect((await t.core.nudges.runOnboarding({ messenger: dm, now: new Date(now.getTime() + 3_600_000) })).communities[0]!.sent).toEqual([]);
    expect(dm.dms).toHaveLength(1);
  });
});
