import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MemberId } from "../../src/core/ids.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { createScheduler, type Scheduler } from "../../src/jobs/scheduler.js";
import { COMMUNITY, testCore, type TestCore } from "../support/harness.js";
import { addMember, ScriptedMessenger } from "./fixtures.js";

/** A platform that counts how often it is asked whether a member is an admin, and answers as scripted (default: yes). */
class CountingAdminMessenger extends ScriptedMessenger {
  readonly adminChecks: MemberId[] = [];
  readonly admins = new Map<MemberId, boolean>();
  readonly unreachable = new Set<MemberId>();

  async isPlatformAdmin(member: MemberId): Promise<boolean | null> {
    this.adminChecks.push(member);
    if (this.unreachable.has(member)) throw new Error("platform API down");
    return this.admins.get(member) ?? true;
  }
}

const ORIGIN = { surface: "command", channelId: "C1", threadId: null, isPrivate: false } as const;

describe("digest job: admin rights are asked of the platform only in a week with something to send", () => {
  let t: TestCore;
  let scheduler: Scheduler | null = null;
  let platform: CountingAdminMessenger;
  let chatAdmin: MemberId;
  let listedAdmin: MemberId;

  beforeEach(async () => {
    t = await testCore("2026-03-02T10:00:00Z"); // a Monday morning in London
    await t.store.upsertCommunity(COMMUNITY, "Test", t.clock.now());
    listedAdmin = await addMember(t.store, "listed", t.clock.now());
    chatAdmin = await addMember(t.store, "chat", t.clock.now());
    // `listed` is a Knowhow admin (never asked about); `chat` turned the digest on as a workspace admin (asked weekly).
    await t.store.updateCommunity(COMMUNITY, { adminIds: [listedAdmin], settings: { digestEnabled: true, digestTo: [chatAdmin] } }, t.clock.now());
    platform = new CountingAdminMessenger();
    scheduler = await createScheduler({
      store: { kind: "sqlite", file: ":memory:" }, logger: silentLogger, core: t.core, clock: t.clock,
      processEveryMs: 20, lockLifetimeMs: 1000, sendQueue: { minTimeMs: 0, backoffMs: 1 }, messenger: platform,
    });
  });
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = null;
    await t.close();
  });

  const runDigest = async (now?: Date) => {
    const r = await scheduler!.run("digest", now ? { now } : {});
    if (r.job !== "digest") throw new Error("not the digest job");
    return r.report.communities[0]!;
  };

  it("given a quiet week, then nobody gets a digest and the platform is not asked anything", async () => {
    const c = await runDigest();
    expect(c.skipped).toEqual([{ memberId: listedAdmin, reason: "quiet_week" }, { memberId: chatAdmin, reason: "quiet_week" }]);
    expect(c.sentTo).toEqual([]);
    expect(platform.adminChecks).toEqual([]);
    expect(platform.dms).toEqual([]);
  });

  it("given a quiet week, then a chat admin who lost their rights is not asked about, and is dropped at the next busy week", async () => {
    platform.admins.set(chatAdmin, false);
    expect((await runDigest()).skipped.map((s) => s.reason)).toEqual(["quiet_week", "quiet_week"]);
    expect(platform.adminChecks).toEqual([]);
    expect((await t.store.getCommunity(COMMUNITY))?.settings.digestTo).toEqual([chatAdmin]);

    await t.core.asks.ask(t.actor("ann"), "who can help with bookkeeping?", ORIGIN);
    const busy = await runDigest(new Date("2026-03-09T10:00:00Z"));
    expect(busy.sentTo).toEqual([listedAdmin]);
    expect(busy.skipped).toEqual([{ memberId: chatAdmin, reason: "not_admin" }]);
    expect(platform.adminChecks).toEqual([chatAdmin]);
    expect((await t.store.getCommunity(COMMUNITY))?.settings.digestTo).toEqual([]);
  });

  it("given a busy week, then the chat admin is asked about once and gets it; a rerun that week asks nothing again", async () => {
    await t.core.asks.ask(t.actor("ann"), "who can help with bookkeeping?", ORIGIN);
    const c = await runDigest();
    expect(c.sentTo).toEqual([listedAdmin, chatAdmin]);
    expect(platform.adminChecks).toEqual([chatAdmin]);
    expect(platform.to(chatAdmin).map((m) => m.kind)).toEqual(["digest"]);

    const again = await runDigest(new Date("2026-03-02T11:00:00Z"));
    expect(again.skipped.map((s) => s.reason)).toEqual(["already_sent", "already_sent"]);
    expect(platform.adminChecks).toEqual([chatAdmin]);
  });

  it("given a platform that cannot say, then a quiet week still asks nothing, and a busy one skips the chat admin as admin_unknown, kept", async () => {
    platform.unreachable.add(chatAdmin);
    expect((await runDigest()).skipped.map((s) => s.reason)).toEqual(["quiet_week", "quiet_week"]);
    expect(platform.adminChecks).toEqual([]);
    await t.core.asks.ask(t.actor("ann"), "who can help with bookkeeping?", ORIGIN);
    const c = await runDigest();
    expect(c.sentTo).toEqual([listedAdmin]);
    expect(c.skipped).toEqual([{ memberId: chatAdmin, reason: "admin_unknown" }]);
    expect(platform.adminChecks).toEqual([chatAdmin]);
    expect((await t.store.getCommunity(COMMUNITY))?.settings.digestTo).toEqual([chatAdmin]);
  });
});
