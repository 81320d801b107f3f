import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCore, type Actor, type Core } from "../../src/core/index.js";
import type { RequestOrigin } from "../../src/core/domain/request.js";
import { memberId } from "../../src/core/ids.js";
import { ManualClock } from "../../src/core/ports/clock.port.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import type { Store } from "../../src/core/ports/store.port.js";
import { OverlapMatcher } from "../../src/core/matching/overlap-matcher.js";
import { JOBS, jobFailures } from "../../src/jobs/definitions.js";
import { openStore } from "../../src/store/open.js";
import { faultyStore, type Fault } from "../support/faulty-store.js";
import { RecordingMessenger } from "../support/recording-messenger.js";

const C = "slack:T1";
const C2 = "slack:T2";
const CHANNEL: RequestOrigin = { surface: "command", channelId: "C1", threadId: null, isPrivate: false };
const HOUR = 3600_000;

/** The real core on an in-memory store behind a fault-injecting proxy (`raw` is the store without faults). */
interface T {
  core: Core;
  raw: Store;
  fail(f: Fault): void;
  clock: ManualClock;
  messenger: RecordingMessenger;
  actor(name: string, community?: string): Actor;
}

let t: T;
beforeEach(async () => {
  const raw = await openStore({ kind: "sqlite", file: ":memory:" }, silentLogger);
  const { store, fail } = faultyStore(raw);
  const clock = new ManualClock("2026-03-02T10:00:00Z"); // a Monday, 10:00 UTC
  const messenger = new RecordingMessenger();
  const core = createCore({ store, matcher: new OverlapMatcher(store), messenger, clock, logger: silentLogger });
  t = {
    core, raw, fail, clock, messenger,
    actor: (name, community = C) => ({ memberId: memberId(community, name), communityId: community, displayName: name, timezone: "Europe/London" }),
  };
});
afterEach(() => t.raw.close());

const ctx = () => ({ core: t.core, messenger: t.messenger, logger: silentLogger, now: t.clock.now() });

/** ana, ben and cy in T1 and dan in T2 confirmed their skills 100 days ago: all are due for the inactivity nudge. */
async function staleProfiles(): Promise<void> {
  t.clock.set("2025-11-20T10:00:00Z");
  for (const n of ["ana", "ben", "cy"]) await t.core.skills.add(t.actor(n), "pottery");
  await t.core.skills.add(t.actor("dan", C2), "knitting");
  t.clock.set("2026-03-02T10:00:00Z");
}

describe("one member's failure in a nudge sweep does not stop the others", () => {
  it("nudge sweep: a store fault while recording one member's nudge leaves the rest of the community and other communities nudged", async () => {
    await staleProfiles();
    t.fail({ method: "replaceMember", when: (a) => (a[0] as { id: string }).id === memberId(C, "ana"), times: 50 });
    let report;
    try {
      report = await t.core.nudges.runInactivity({ now: t.clock.now() });
    } catch (e) {
      report = e;
    }
    expect(report).not.toBeInstanceOf(Error);
    expect(t.messenger.dmsTo(memberId(C, "ben"))).toHaveLength(1);
    expect(t.messenger.dmsTo(memberId(C, "cy"))).toHaveLength(1);
    expect(t.messenger.dmsTo(memberId(C2, "dan"))).toHaveLength(1);
  });

  it("a nudge sent but not recorded is reported, and the next sweep records it without a second DM", async () => {
    await staleProfiles();
    t.fail({ method: "replaceMember", when: (a) => (a[0] as { id: string }).id === memberId(C, "ana"), times: 1 });
    const first = await JOBS.nudge.run(ctx());
    expect(first.job === "nudge" && first.report.communities[0]!.failed).toEqual([{ memberId: memberId(C, "ana"), reason: "not_recorded" }]);
    expect(jobFailures(first)).toBe(1);
    expect(t.messenger.dmsTo(memberId(C, "ana"))).toHaveLength(1);
    t.clock.advance(HOUR);
    const second = await t.core.nudges.runInactivity({ now: t.clock.now() });
    expect(second.communities[0]!.skipped).toEqual({ already_sent: 1, recently_nudged: 2 });
    expect(t.messenger.dmsTo(memberId(C, "ana"))).toHaveLength(1);
    expect((await t.raw.getMember(memberId(C, "ana")))?.lastNudgedAt).toEqual(t.clock.now());
  });

  it("a store fault before the send gives the member's once-only key back: the next sweep nudges them", async () => {
    await staleProfiles();
    t.fail({ method: "claimOnce", when: (a) => String(a[0]).startsWith(`nudge:${memberId(C, "ben")}:`), times: 1 });
    const first = await t.core.nudges.runInactivity({ now: t.clock.now() });
    expect(first.communities[0]!.failed).toEqual([{ memberId: memberId(C, "ben"), reason: "error" }]);
    expect(t.messenger.dmsTo(memberId(C, "ben"))).toEqual([]);
    expect(t.messenger.dmsTo(memberId(C, "cy"))).toHaveLength(1);
    t.clock.advance(HOUR);
    const second = await t.core.nudges.runInactivity({ now: t.clock.now() });
    expect(second.communities[0]!.sent.map((s) => s.memberId)).toEqual([memberId(C, "ben")]);
    expect(t.messenger.dmsTo(memberId(C, "ben"))).toHaveLength(1);
  });

  it("a store fault reading one community's members is reported for it, and the other communities are nudged", async () => {
    await staleProfiles();
    t.fail({ method: "listMembers", when: (a) => a[0] === C, times: 1 });
    const r = await JOBS.nudge.run(ctx());
    expect(r.job === "nudge" && r.report.communities.map((c) => [c.communityId, c.error !== null, c.sent.length])).toEqual([[C, true, 0], [C2, false, 1]]);
    expect(jobFailures(r)).toBe(1);
    expect(t.messenger.dmsTo(memberId(C2, "dan"))).toHaveLength(1);
  });
});

describe("one community's failure in the follow-ups job does not stop the others", () => {
  it("follow-ups job: a store fault reading one community's due requests does not stop the other communities' sweeps", async () => {
    // Community T2 has an offer waiting past its wait time.
    await t.core.skills.add(t.actor("ana", C2), "pottery (expert)");
    await t.core.skills.add(t.actor("ben", C2), "pottery");
    const { request } = await t.core.asks.ask(t.actor("eve", C2), "who can help with pottery?", CHANNEL);
    await t.core.asks.offer(t.actor("eve", C2), request.id, [memberId(C2, "ana")]);
    await t.core.members.touch(t.actor("zed")); // community T1 exists (sorted first)
    t.clock.advance(5 * HOUR);
    t.fail({ method: "listRequests", when: (a) => (a[0] as { communityId: string }).communityId === C, times: 1 });
    let out: unknown;
    try {
      out = await JOBS.followups.run({ core: t.core, messenger: t.messenger, logger: silentLogger, now: t.clock.now() });
    } catch (e) {
      out = e;
    }
    expect(out).not.toBeInstanceOf(Error);
    expect(t.messenger.dmsTo(memberId(C2, "ben")).some((m) => m.kind === "offer")).toBe(true);
  });

  it("the failed community is in the job's report, with its error", async () => {
    await t.core.members.touch(t.actor("zed"));
    await t.core.members.touch(t.actor("yan", C2));
    t.fail({ method: "listRequests", when: (a) => (a[0] as { communityId: string }).communityId === C, times: 1 });
    const r = await JOBS.followups.run(ctx());
    expect(r.job === "followups" && r.report.communities.map((c) => [c.communityId, c.error])).toEqual([
      [C, "listRequests: injected fault (SQLITE_BUSY)"],
      [C2, null],
    ]);
    expect(jobFailures(r)).toBe(1);
  });
});

describe("one request's failure in the follow-ups job is counted, and the others go on", () => {
  it("a due request that hits a store fault is listed as failed; the next one is still widened", async () => {
    await t.core.skills.add(t.actor("ana"), "pottery (expert)");
    await t.core.skills.add(t.actor("ben"), "pottery");
    const first = await t.core.asks.ask(t.actor("eve"), "who can help with pottery?", CHANNEL);
    const second = await t.core.asks.ask(t.actor("fay"), "anyone know pottery glazes?", CHANNEL);
    for (const [asker, r] of [["eve", first], ["fay", second]] as const) await t.core.asks.offer(t.actor(asker), r.request.id, [memberId(C, "ana")]);
    t.clock.advance(5 * HOUR);
    t.fail({ method: "getRequest", when: (a) => a[0] === first.request.id, times: 1 });
    const r = await JOBS.followups.run(ctx());
    const c = r.job === "followups" ? r.report.communities[0] : undefined;
    expect([c?.widened, c?.failed]).toEqual([[second.request.id], [{ requestId: first.request.id, reason: "getRequest: injected fault (SQLITE_BUSY)" }]]);
    expect(jobFailures(r)).toBe(1);
  });
});

describe("one admin's or community's failure in the digest does not stop the others", () => {
  /** T1 (admins ana and ben) and T2 (admin dan) have the digest on, and someone asked a question in each this week. */
  async function digests(): Promise<void> {
    for (const [community, admins] of [[C, ["ana", "ben"]], [C2, ["dan"]]] as const) {
      for (const a of admins) await t.core.members.touch(t.actor(a, community));
      await t.raw.updateCommunity(community, { adminIds: admins.map((a) => memberId(community, a)), settings: { digestEnabled: true } }, t.clock.now());
      await t.core.asks.ask(t.actor("eve", community), "who can help with bookkeeping?", CHANNEL);
    }
  }

  it("a store fault for one admin: the other admins get the digest, the failure is reported, and the next run sends it", async () => {
    await digests();
    t.fail({ method: "getMember", when: (a) => a[0] === memberId(C, "ana"), times: 1 });
    const r = await JOBS.digest.run(ctx());
    expect(r.job === "digest" && r.report.communities.map((c) => [c.communityId, c.sentTo, c.failed])).toEqual([
      [C, [memberId(C, "ben")], [{ memberId: memberId(C, "ana"), reason: "error" }]],
      [C2, [memberId(C2, "dan")], []],
    ]);
    expect(jobFailures(r)).toBe(1);
    t.clock.advance(HOUR);
    await JOBS.digest.run(ctx());
    expect(t.messenger.dmsTo(memberId(C, "ana")).filter((m) => m.kind === "digest")).toHaveLength(1);
  });

  it("a store fault reading one community: the other communities get the digest", async () => {
    await digests();
    t.fail({ method: "getCommunity", when: (a) => a[0] === C, times: 1 });
    const r = await JOBS.digest.run(ctx());
    expect(r.job === "digest" && r.report.communities.map((c) => [c.communityId, c.error !== null, c.sentTo])).toEqual([
      [C, true, []],
      [C2, false, [memberId(C2, "dan")]],
    ]);
    expect(jobFailures(r)).toBe(1);
  });
});
