import { describe, expect, it } from "vitest";
import type { Store } from "../../src/core/ports/store.port.js";
import { C1, T0, at, newMember, offer, request } from "./fixtures.js";

/** deleteMember ("forget me") and its cascade. Part of runStoreContract. */
export function runDeleteMemberContract(fresh: () => Promise<Store>): void {
  describe("deleteMember", () => {
    const A = `${C1}:UA`;
    const B = `${C1}:UB`;
    const C = `${C1}:UC`;

    it("deletes the member, their offers and requests, and their id from other requests", async () => {
      const s = await fresh();
      for (const id of [A, B, C]) await s.insertMember(newMember(id), T0);
      // r1: asked by A, offered to B.
      await s.insertRequest(request("r1", { askerId: A, candidates: [{ memberId: B, score: 1, reason: "x" }], offeredTo: [B], state: "offered" }));
      // r2: asked by C; A was a candidate, was offered, and is the helper.
      await s.insertRequest(request("r2", {
        askerId: C,
        candidates: [{ memberId: A, score: 0.9, reason: "a" }, { memberId: B, score: 0.8, reason: "b" }],
        offeredTo: [A, B],
        state: "connected",
        helperId: A,
        connectedAt: at(5),
      }));
      // r3: asked by B; nothing to do with A.
      await s.insertRequest(request("r3", { askerId: B, candidates: [{ memberId: C, score: 0.5, reason: "c" }], offeredTo: [C] }));
      // r4: asked by B; A is only a ranked candidate, never offered.
      await s.insertRequest(request("r4", { askerId: B, candidates: [{ memberId: C, score: 0.6, reason: "c" }, { memberId: A, score: 0.5, reason: "a" }] }));
      await s.insertOffers([offer("o1", "r1", B), offer("o2", "r2", A), offer("o3", "r2", B), offer("o4", "r3", C)]);

      expect(await s.deleteMember(A)).toBe(true);

      expect(await s.getMember(A)).toBeNull();
      expect(await s.getRequest("r1")).toBeNull();
      expect(await s.getOffer("o1")).toBeNull();
      expect(await s.getOffer("o2")).toBeNull();
      const r2 = await s.getRequest("r2");
      expect(r2?.candidates).toEqual([{ memberId: B, score: 0.8, reason: "b" }]);
      expect(r2?.offeredTo).toEqual([B]);
      expect(r2?.helperId).toBeNull();
      expect(r2?.state).toBe("connected");
      expect(await s.getRequest("r3")).toEqual(request("r3", { askerId: B, candidates: [{ memberId: C, score: 0.5, reason: "c" }], offeredTo: [C] }));
      expect((await s.getRequest("r4"))?.candidates).toEqual([{ memberId: C, score: 0.6, reason: "c" }]);
      expect((await s.listOffers({ communityId: C1 })).map((o) => o.id).sort()).toEqual(["o3", "o4"]);
      expect((await s.getMembers([A, B, C])).map((m) => m.id).sort()).toEqual([B, C]);
      expect(await s.countMembers(C1)).toBe(2);
      expect(JSON.stringify(await s.listRequests({ communityId: C1 }))).not.toContain(A);
    });

    it("returns false for a member who does not exist", async () => {
      const s = await fresh();
      await s.insertMember(newMember(B), T0);
      expect(await s.deleteMember(A)).toBe(false);
      expect(await s.deleteMember(B)).toBe(true);
      expect(await s.deleteMember(B)).toBe(false);
    });
  });
}
