import { describe, expect, it } from "vitest";
import type { Store, StoreChanges } from "../../src/core/ports/store.port.js";
import { isStoreError } from "../../src/store/errors.js";
import { C1, C2, T0, at, newMember } from "./fixtures.js";

/** Every page from `cursor` on, until the store says there is no more. */
async function drain(s: Store, cursor: string, limit?: number): Promise<{ pages: StoreChanges[]; cursor: string }> {
  const pages: StoreChanges[] = [];
  for (;;) {
    const page = await s.changesSince(cursor, limit === undefined ? {} : { limit });
    pages.push(page);
    cursor = page.cursor;
    if (!page.more || pages.length > 50) return { pages, cursor };
  }
}

const memberIds = (pages: StoreChanges[]) => pages.flatMap((p) => p.members.map((m) => m.id));
const removedIds = (pages: StoreChanges[]) => pages.flatMap((p) => p.removed.map((r) => r.id));

/** changesSince: the change feed a running service polls. Part of runStoreContract. */
export function runChangeFeedContract(fresh: () => Promise<Store>): void {
  describe("change feed", () => {
    const A = `${C1}:UA`;
    const B = `${C1}:UB`;

    // Whether a change made just before the start is returned is the store's choice (doing so is harmless).
    it("starts at the present, then returns each member written since, once, as stored now", async () => {
      const s = await fresh();
      const start = await s.changesSince(null);
      expect(start).toMatchObject({ members: [], removed: [], communities: [], more: false });

      await s.insertMember(newMember(A), T0);
      await s.insertMember(newMember(B), T0);
      const a = (await s.getMember(A))!;
      await s.replaceMember({ ...a, about: "first edit" }, at(1));
      await s.replaceMember({ ...(await s.getMember(A))!, about: "second edit" }, at(2));

      const first = await drain(s, start.cursor);
      expect(memberIds(first.pages).sort()).toEqual([A, B]);
      expect(first.pages.flatMap((p) => p.members).find((m) => m.id === A)).toEqual(await s.getMember(A));
      expect(removedIds(first.pages)).toEqual([]);
      // Nothing new: nothing returned, and the cursor stays usable.
      const idle = await s.changesSince(first.cursor);
      expect(idle).toMatchObject({ members: [], removed: [], communities: [], more: false });
      await s.replaceMember({ ...(await s.getMember(B))!, about: "later" }, at(3));
      expect(memberIds((await drain(s, idle.cursor)).pages)).toEqual([B]);
    });

    it("orders changes by the store, not by the `now` callers pass (a simulated clock may jump)", async () => {
      const s = await fresh();
      const start = await s.changesSince(null);
      await s.insertMember(newMember(A), at(90 * 24 * 60));
      const past = await drain(s, start.cursor);
      expect(memberIds(past.pages)).toEqual([A]);
      // Written after, with a `now` 90 days earlier: still after the cursor.
      await s.insertMember(newMember(B), T0);
      expect(memberIds((await drain(s, past.cursor)).pages)).toEqual([B]);
    });

    it("reports a deleted member once, and a member deleted and created again as a member", async () => {
      const s = await fresh();
      await s.insertMember(newMember(A), T0);
      await s.insertMember(newMember(B), T0);
      const start = await s.changesSince(null);

      await s.deleteMember(A);
      const gone = await drain(s, start.cursor);
      expect(gone.pages.flatMap((p) => p.removed)).toEqual([{ id: A, communityId: C1 }]);
      expect(memberIds(gone.pages)).toEqual([]);
      expect(removedIds((await drain(s, gone.cursor)).pages)).toEqual([]);

      // Forgotten, then back (their first message after "forget me"): a fresh member, not a removal.
      await s.deleteMember(B);
      await s.insertMember(newMember(B, { about: "starting over" }), at(5));
      const back = await drain(s, gone.cursor);
      expect(removedIds(back.pages)).toEqual([]);
      expect(back.pages.flatMap((p) => p.members).map((m) => [m.id, m.about])).toEqual([[B, "starting over"]]);
    });

    it("returns communities whose settings changed, as stored now", async () => {
      const s = await fresh();
      await s.upsertCommunity(C1, "Writers", T0);
      await s.upsertCommunity(C2, "Guild", T0);
      const start = await s.changesSince(null);
      await s.updateCommunity(C1, { settings: { aliases: { "gh actions": "github actions" } } }, at(1));
      const changed = await drain(s, start.cursor);
      const communities = changed.pages.flatMap((p) => p.communities);
      expect(communities.map((c) => c.id)).toEqual([C1]);
      expect(communities[0]?.settings.aliases).toEqual({ "gh actions": "github actions" });
      expect((await drain(s, changed.cursor)).pages.flatMap((p) => p.communities)).toEqual([]);
    });

    it("pages a large change in order, each member once, with deletions among them", async () => {
      const s = await fresh();
      const start = await s.changesSince(null);
      const ids = Array.from({ length: 25 }, (_, i) => `${C1}:U${String(i).padStart(2, "0")}`);
      for (const id of ids) await s.insertMember(newMember(id), T0);
      const deleted = ids.filter((_, i) => i % 5 === 0);
      for (const id of deleted) await s.deleteMember(id);

      const { pages } = await drain(s, start.cursor, 10);
      expect(pages.length).toBeGreaterThanOrEqual(2);
      for (const p of pages) expect(p.members.length).toBeLessThanOrEqual(10);
      expect(pages.at(-1)?.more).toBe(false);
      expect(memberIds(pages).sort()).toEqual(ids.filter((id) => !deleted.includes(id)));
      expect(removedIds(pages).sort()).toEqual(deleted);
    });

    it("refuses a cursor it did not make", async () => {
      const s = await fresh();
      for (const bad of ["", "42", "rev:-1", "mongo:e30", { $gt: "" } as unknown as string]) {
        await expect(s.changesSince(bad)).rejects.toSatisfy((e: unknown) => isStoreError(e, "store_invalid_data"));
      }
    });
  });
}
