import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_COMMUNITY_SETTINGS } from "../../src/core/domain/community.js";
import type { Store } from "../../src/core/ports/store.port.js";
import { C1, C2, T0, at, newMember, stored } from "./fixtures.js";
import { runChangeFeedContract } from "./contract-changes.js";
import { runDeleteMemberContract } from "./contract-delete.js";
import { runOfferContract } from "./contract-offers.js";
import { runRequestContract } from "./contract-requests.js";

export type MakeStore = () => Promise<Store>;

/**
 * The one contract every Store implementation passes (see src/core/ports/store.port.ts).
 * `makeStore` must return a fresh, empty store each call; the suite closes what it opens.
 */
export function runStoreContract(name: string, makeStore: MakeStore): void {
  describe(`Store contract: ${name}`, () => {
    const open: Store[] = [];
    const fresh = async (): Promise<Store> => {
      const s = await makeStore();
      open.push(s);
      return s;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    });

    describe("communities", () => {
      it("returns null for a community never seen", async () => {
        const s = await fresh();
        expect(await s.getCommunity(C1)).toBeNull();
        expect(await s.listCommunityIds()).toEqual([]);
      });

      it("creates a community with default settings, then only updates its name", async () => {
        const s = await fresh();
        const c = await s.upsertCommunity(C1, "Writers", T0);
        expect(c).toEqual({ id: C1, name: "Writers", settings: DEFAULT_COMMUNITY_SETTINGS, adminIds: [], createdAt: T0, updatedAt: T0 });
        await s.updateCommunity(C1, { settings: { maxRounds: 5 } }, at(1));
        const renamed = await s.upsertCommunity(C1, "Writers' Room", at(2));
        expect(renamed.name).toBe("Writers' Room");
        expect(renamed.createdAt).toEqual(T0);
        expect(renamed.settings.maxRounds).toBe(5);
        expect(await s.getCommunity(C1)).toEqual(renamed);
      });

      it("shallow-merges settings, replaces admins, and returns null for an absent community", async () => {
        const s = await fresh();
        await s.upsertCommunity(C1, "Writers", T0);
        await s.updateCommunity(C1, { settings: { aliases: { "gh actions": "github actions" } } }, at(1));
        const c = await s.updateCommunity(C1, { settings: { offerWaitMinutes: 30, aliases: { $where: "x", "a.b": "c", "{\"$gt\": \"\"}": "y" } }, adminIds: [`${C1}:U1`] }, at(2));
        expect(c?.settings).toEqual({ ...DEFAULT_COMMUNITY_SETTINGS, offerWaitMinutes: 30, aliases: { $where: "x", "a.b": "c", "{\"$gt\": \"\"}": "y" } });
        expect(c?.adminIds).toEqual([`${C1}:U1`]);
        expect(c?.updatedAt).toEqual(at(2));
        const again = await s.updateCommunity(C1, { settings: { digestEnabled: true, digestTo: [`${C1}:U2`, `${C1}:U3`] } }, at(3));
        expect(again?.adminIds).toEqual([`${C1}:U1`]);
        expect(again?.settings.offerWaitMinutes).toBe(30);
        expect(again?.settings.digestTo).toEqual([`${C1}:U2`, `${C1}:U3`]);
        expect(await s.getCommunity(C1)).toEqual(again);
        expect(await s.updateCommunity(C2, { settings: { maxRounds: 1 } }, at(4))).toBeNull();
        expect(await s.getCommunity(C2)).toBeNull();
      });

      it("lists every community id and returns copies", async () => {
        const s = await fresh();
        await s.upsertCommunity(C2, "Guild", T0);
        await s.upsertCommunity(C1, "Workspace", T0);
        expect((await s.listCommunityIds()).sort()).toEqual([C1, C2].sort());
        const c = await s.getCommunity(C1);
        c!.settings.maxRounds = 99;
        c!.adminIds.push("x");
        expect((await s.getCommunity(C1))?.settings.maxRounds).toBe(DEFAULT_COMMUNITY_SETTINGS.maxRounds);
        expect((await s.getCommunity(C1))?.adminIds).toEqual([]);
      });
    });

    describe("members", () => {
      it("round-trips a member with Dates and version 1", async () => {
        const s = await fresh();
        const m = newMember(`${C1}:U1`, { lastNudgedAt: new Date("2025-12-31T23:59:59.123Z") });
        expect(await s.insertMember(m, at(5))).toBe(true);
        const got = await s.getMember(m.id);
        expect(got).toEqual(stored(m, at(5)));
        expect(got?.skills[0]?.addedAt).toBeInstanceOf(Date);
        expect(got?.stats.recentOffers[1]).toBeInstanceOf(Date);
        expect(got?.availability.pausedUntil).toBeInstanceOf(Date);
        expect(got?.evidence[0]?.at).toBeInstanceOf(Date);
        expect(got?.evidence[0]?.question).toBe("2026-01-01T00:00:00.000Z");
        expect(got?.lastNudgedAt?.getTime()).toBe(new Date("2025-12-31T23:59:59.123Z").getTime());
        expect(await s.getMember(`${C1}:NOPE`)).toBeNull();
      });

      it("keeps whether the member set their timezone themselves, through inserts and replaces", async () => {
        const s = await fresh();
        await s.insertMember(newMember(`${C1}:U1`, { timezoneSetByMember: false }), T0);
        const got = (await s.getMember(`${C1}:U1`))!;
        expect(got.timezoneSetByMember).toBe(false);
        expect((await s.replaceMember({ ...got, timezone: "Asia/Tokyo", timezoneSetByMember: true }, at(1)))?.timezoneSetByMember).toBe(true);
        expect(await s.getMember(`${C1}:U1`)).toMatchObject({ timezone: "Asia/Tokyo", timezoneSetByMember: true });
      });

      it("keeps when the member last edited or confirmed their profile, or null when they never did", async () => {
        const s = await fresh();
        await s.insertMember(newMember(`${C1}:U1`, { profileConfirmedAt: null, skills: [] }), T0);
        const got = (await s.getMember(`${C1}:U1`))!;
        expect(got.profileConfirmedAt).toBeNull();
        const saved = await s.replaceMember({ ...got, profileConfirmedAt: at(7) }, at(7));
        expect(saved?.profileConfirmedAt).toEqual(at(7));
        expect((await s.getMember(`${C1}:U1`))?.profileConfirmedAt).toEqual(at(7));
      });

      it("keeps the count of nudges the member let pass", async () => {
        const s = await fresh();
        await s.insertMember(newMember(`${C1}:U1`, { unansweredNudges: 0 }), T0);
        const got = (await s.getMember(`${C1}:U1`))!;
        expect(got.unansweredNudges).toBe(0);
        expect((await s.replaceMember({ ...got, unansweredNudges: 3, lastNudgedAt: at(2) }, at(2)))?.unansweredNudges).toBe(3);
        expect((await s.getMember(`${C1}:U1`))?.unansweredNudges).toBe(3);
      });

      it("refuses a duplicate insert and keeps the original", async () => {
        const s = await fresh();
        const m = newMember(`${C1}:U1`);
        expect(await s.insertMember(m, T0)).toBe(true);
        expect(await s.insertMember({ ...m, displayName: "Impostor" }, at(1))).toBe(false);
        expect((await s.getMember(m.id))?.displayName).toBe(m.displayName);
        expect(await s.countMembers(C1)).toBe(1);
      });

      it("gets several members, skipping absent ids", async () => {
        const s = await fresh();
        await s.insertMember(newMember(`${C1}:U1`), T0);
        await s.insertMember(newMember(`${C1}:U2`), T0);
        const got = await s.getMembers([`${C1}:U2`, `${C1}:GONE`, `${C1}:U1`, `${C1}:U2`]);
        expect(got.map((m) => m.id).sort()).toEqual([`${C1}:U1`, `${C1}:U2`]);
        expect(await s.getMembers([])).toEqual([]);
      });

      it("replaces with optimistic concurrency: the stale writer gets null", async () => {
        const s = await fresh();
        const m = newMember(`${C1}:U1`);
        await s.insertMember(m, T0);
        const a = (await s.getMember(m.id))!;
        const b = (await s.getMember(m.id))!;
        const saved = await s.replaceMember({ ...a, about: "from A", skills: [] }, at(1));
        expect(saved).toEqual({ ...a, about: "from A", skills: [], version: 2, updatedAt: at(1) });
        expect(await s.replaceMember({ ...b, about: "from B" }, at(2))).toBeNull();
        expect(await s.getMember(m.id)).toEqual(saved);
        expect(await s.replaceMember({ ...a, id: `${C1}:GHOST` }, at(3))).toBeNull();
        expect(await s.getMember(`${C1}:GHOST`)).toBeNull();
      });

      it("lets exactly one of two concurrent writers win", async () => {
        const s = await fresh();
        await s.insertMember(newMember(`${C1}:U1`), T0);
        const base = (await s.getMember(`${C1}:U1`))!;
        const results = await Promise.all([
          s.replaceMember({ ...base, displayName: "first" }, at(1)),
          s.replaceMember({ ...base, displayName: "second" }, at(1)),
        ]);
        const winners = results.filter((r) => r !== null);
        expect(winners).toHaveLength(1);
        const now = await s.getMember(base.id);
        expect(now?.version).toBe(2);
        expect(now?.displayName).toBe(winners[0]?.displayName);
      });

      it("pages through 250 members ordered by id with no duplicates or misses", async () => {
        const s = await fresh();
        const ids: string[] = [];
        for (let i = 0; i < 250; i++) {
          const id = `${C1}:U${String(i * 7919 % 1000).padStart(4, "0")}x${i}`;
          ids.push(id);
          await s.insertMember(newMember(id), T0);
        }
        await s.insertMember(newMember(`${C2}:U0001x1`), T0);
        const seen: string[] = [];
        let after: string | null = null;
        let pages = 0;
        do {
          const page = await s.listMembers(C1, { after, limit: 40 });
          expect(page.members.length).toBeLessThanOrEqual(40);
          seen.push(...page.members.map((m) => m.id));
          after = page.next;
          pages++;
        } while (after !== null && pages < 20);
        expect(pages).toBe(7);
        expect(seen).toEqual([...ids].sort());
        expect(await s.countMembers(C1)).toBe(250);
        const exact = await s.listMembers(C2, { limit: 1 });
        expect(exact.members.map((m) => m.id)).toEqual([`${C2}:U0001x1`]);
        expect(exact.next).toBeNull();
        expect(await s.listMembers("slack:TEMPTY", { limit: 10 })).toEqual({ members: [], next: null });
      });

      it("counts a community's members, or only those departed or not", async () => {
        const s = await fresh();
        await s.insertMember(newMember(`${C1}:U1`), T0);
        await s.insertMember(newMember(`${C1}:U2`, { departed: true }), T0);
        await s.insertMember(newMember(`${C1}:U3`, { departed: true }), T0);
        await s.insertMember(newMember(`${C2}:U4`), T0);
        expect(await s.countMembers(C1)).toBe(3);
        expect(await s.countMembers(C1, { departed: true })).toBe(2);
        expect(await s.countMembers(C1, { departed: false })).toBe(1);
        expect(await s.countMembers(C1, {})).toBe(3);
        const u1 = (await s.getMember(`${C1}:U1`))!;
        await s.replaceMember({ ...u1, departed: true }, at(1));
        expect(await s.countMembers(C1, { departed: false })).toBe(0);
        expect(await s.countMembers(C2, { departed: true })).toBe(0);
        expect(await s.countMembers("slack:TEMPTY", { departed: false })).toBe(0);
      });

      it("keeps communities apart even for the same native user id", async () => {
        const s = await fresh();
        await s.insertMember(newMember(`${C1}:U1`, { displayName: "Slack Ana" }), T0);
        await s.insertMember(newMember(`${C2}:U1`, { displayName: "Discord Ana" }), T0);
        expect((await s.getMember(`${C1}:U1`))?.displayName).toBe("Slack Ana");
        expect((await s.getMember(`${C2}:U1`))?.displayName).toBe("Discord Ana");
        expect((await s.listMembers(C1, { limit: 10 })).members.map((m) => m.communityId)).toEqual([C1]);
        expect(await s.countMembers(C2)).toBe(1);
      });

      it("stores operator-looking text as literal data", async () => {
        const s = await fresh();
        const m = newMember(`${C1}:U1`, {
          displayName: '{"$gt": ""}',
          about: "$where: function() { return true }",
          skills: [{ label: "$where", key: "$where", level: "can_help", source: "declared", addedAt: T0, confirmedAt: T0 }],
        });
        await s.insertMember(m, T0);
        expect(await s.getMember(m.id)).toEqual(stored(m, T0));
        expect(await s.getMember('{"$gt": ""}')).toBeNull();
        expect(await s.listMembers('{"$ne": null}', { limit: 10 })).toEqual({ members: [], next: null });
        await expectNothingLeaks(s.getMember({ $gt: "" } as unknown as string));
        await expectNothingLeaks(s.getMembers([{ $ne: null } as unknown as string]));
        await expectNothingLeaks(s.listMembers({ $ne: null } as unknown as string, { limit: 10 }).then((p) => p.members));
      });

      it("returns copies: mutating a result changes nothing stored", async () => {
        const s = await fresh();
        await s.insertMember(newMember(`${C1}:U1`), T0);
        const m = (await s.getMember(`${C1}:U1`))!;
        m.skills.pop();
        m.stats.recentOffers.push(at(9));
        m.availability.quietHours.start = 3;
        m.joinedAt.setTime(0);
        const again = await s.getMember(`${C1}:U1`);
        expect(again?.skills).toHaveLength(2);
        expect(again?.stats.recentOffers).toHaveLength(2);
        expect(again?.availability.quietHours.start).toBe(22);
        expect(again?.joinedAt.getTime()).toBe(at(-1000).getTime());
      });
    });

    runDeleteMemberContract(fresh);
    runChangeFeedContract(fresh);
    runRequestContract(fresh);
    runOfferContract(fresh);

    describe("drafts", () => {
      it("keeps a draft until it expires, for its owner only, and says it was used once marked", async () => {
        const s = await fresh();
        const owner = `${C1}:U1`;
        await s.putDraft({ id: "d1", owner, value: "bookkeeping, VAT returns", expiresAt: at(100) }, T0);
        expect(await s.readDraft("d1", `${C1}:U2`, at(1))).toEqual({ kind: "missing" });
        expect(await s.readDraft("d1", owner, at(1))).toEqual({ kind: "value", value: "bookkeeping, VAT returns" });
        expect(await s.readDraft("d1", owner, at(2))).toEqual({ kind: "value", value: "bookkeeping, VAT returns" });
        await s.useDraft("d1");
        expect(await s.readDraft("d1", owner, at(3))).toEqual({ kind: "used" });
        expect(await s.readDraft("d1", owner, at(100))).toEqual({ kind: "missing" });
        await s.putDraft({ id: "d2", owner, value: "SEO", expiresAt: at(100) }, T0);
        expect(await s.readDraft("d2", owner, at(101))).toEqual({ kind: "missing" });
        expect(await s.readDraft("nope", owner, at(1))).toEqual({ kind: "missing" });
        await s.useDraft("nope");
      });

      it("deletes a member's drafts with the member", async () => {
        const s = await fresh();
        await s.insertMember(newMember(`${C1}:U1`), T0);
        await s.putDraft({ id: "d1", owner: `${C1}:U1`, value: "SEO", expiresAt: at(100) }, T0);
        await s.deleteMember(`${C1}:U1`);
        expect(await s.readDraft("d1", `${C1}:U1`, at(1))).toEqual({ kind: "missing" });
      });
    });

    describe("once-only keys", () => {
      it("claims a key once, releases it, and claims it again", async () => {
        const s = await fresh();
        const key = `nudge:${C1}:U1:2026-W02`;
        expect(await s.hasClaimed(key)).toBe(false);
        expect(await s.claimOnce(key, T0)).toBe(true);
        expect(await s.claimOnce(key, at(1))).toBe(false);
        expect(await s.hasClaimed(key)).toBe(true);
        await s.releaseOnce(key);
        expect(await s.hasClaimed(key)).toBe(false);
        expect(await s.claimOnce(key, at(2))).toBe(true);
        await s.releaseOnce("never-claimed");
        expect(await s.claimOnce('{"$gt": ""}', T0)).toBe(true);
        expect(await s.hasClaimed("something-else")).toBe(false);
      });

      it("forgets only the keys with the prefix claimed before the cut-off", async () => {
        const s = await fresh();
        await s.claimOnce("slack:event:Ev1", T0);
        await s.claimOnce("slack:event:Ev2", at(10));
        await s.claimOnce("nudge:slack:event:Ev3", T0);
        await s.claimOnce("slack:eventual", T0);
        expect(await s.forgetOnceBefore("slack:event:", at(5))).toBe(1);
        expect(await s.hasClaimed("slack:event:Ev1")).toBe(false);
        expect(await s.hasClaimed("slack:event:Ev2")).toBe(true);
        expect(await s.hasClaimed("nudge:slack:event:Ev3")).toBe(true);
        expect(await s.hasClaimed("slack:eventual")).toBe(true);
        expect(await s.forgetOnceBefore(".*", at(100))).toBe(0);
      });

      it("gives exactly one of many concurrent claimers the key", async () => {
        const s = await fresh();
        const results = await Promise.all(Array.from({ length: 8 }, () => s.claimOnce("event:Ev123", T0)));
        expect(results.filter(Boolean)).toHaveLength(1);
      });
    });

    describe("lifecycle", () => {
      it("answers ping while open and refuses work after close", async () => {
        const s = await fresh();
        await expect(s.ping()).resolves.toBeUndefined();
        await s.close();
        await expect(s.getMember(`${C1}:U1`)).rejects.toThrow();
        await expect(s.close()).resolves.toBeUndefined();
      });
    });
  });
}

/** A hostile, non-string id must never select anything: the call either rejects or finds nothing. */
export async function expectNothingLeaks(p: Promise<unknown>): Promise<void> {
  const outcome = await p.then(
    (v) => ({ ok: true as const, v }),
    (e: unknown) => ({ ok: false as const, e }),
  );
  if (outcome.ok) expect(outcome.v === null || (Array.isArray(outcome.v) && outcome.v.length === 0)).toBe(true);
  else expect(outcome.e).toBeInstanceOf(Error);
}
