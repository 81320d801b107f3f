import { describe, expect, it } from "vitest";
import type { Store } from "../../src/core/ports/store.port.js";
import { InvalidTransitionError } from "../../src/core/errors.js";
import { C1, C2, T0, at, offer, request } from "./fixtures.js";

/** Offers: all-or-none inserts, compare-and-set on status, filters. Part of runStoreContract. */
export function runOfferContract(fresh: () => Promise<Store>): void {
  describe("offers", () => {
    const UA = `${C1}:UA`;
    const UB = `${C1}:UB`;

    it("round-trips offers", async () => {
      const s = await fresh();
      await s.insertRequest(request("r1"));
      const o = offer("o1", "r1", UA, { sentAt: new Date("2026-01-05T10:00:00.007Z") });
      await s.insertOffers([o]);
      const got = await s.getOffer("o1");
      expect(got).toEqual(o);
      expect(got?.sentAt).toBeInstanceOf(Date);
      expect(await s.getOffer("nope")).toBeNull();
      await s.insertOffers([]);
      expect(await s.listOffers({ requestId: "r1" })).toHaveLength(1);
    });

    it("deletes one offer (one the platform never delivered), and says whether there was one", async () => {
      const s = await fresh();
      await s.insertRequest(request("r1"));
      await s.insertOffers([offer("o1", "r1", UA), offer("o2", "r1", UB)]);
      expect(await s.deleteOffer("o1")).toBe(true);
      expect(await s.deleteOffer("o1")).toBe(false);
      expect((await s.listOffers({ requestId: "r1" })).map((o) => o.id)).toEqual(["o2"]);
    });

    it("inserts all or none", async () => {
      const s = await fresh();
      await s.insertRequest(request("r1"));
      await s.insertOffers([offer("o1", "r1", UA)]);
      await expect(s.insertOffers([offer("o2", "r1", UB), offer("o1", "r1", UB), offer("o3", "r1", UB)])).rejects.toThrow();
      await expect(s.insertOffers([offer("o4", "r1", UB), offer("o4", "r1", UA)])).rejects.toThrow();
      await expect(s.insertOffers([offer("o5", "r1", UB), offer("o6", "no-such-request", UB)])).rejects.toThrow();
      expect((await s.listOffers({ requestId: "r1" })).map((o) => o.id)).toEqual(["o1"]);
      expect(await s.getOffer("o5")).toBeNull();
      expect((await s.getOffer("o1"))?.candidateId).toBe(UA);
      expect(await s.getOffer("o2")).toBeNull();
    });

    it("refuses a status change the offer state machine does not allow, writing nothing", async () => {
      const s = await fresh();
      await s.insertRequest(request("r1"));
      await s.insertOffers([offer("o1", "r1", UA, { status: "declined" })]);
      await expect(s.updateOfferStatus("o1", ["declined"], "accepted", at(5))).rejects.toBeInstanceOf(InvalidTransitionError);
      await expect(s.updateOfferStatus("o1", ["pending", "covered"], "declined", at(5))).rejects.toBeInstanceOf(InvalidTransitionError);
      expect((await s.getOffer("o1"))?.status).toBe("declined");
      expect((await s.getOffer("o1"))?.respondedAt).toBeNull();
    });

    it("changes status only from the expected statuses", async () => {
      const s = await fresh();
      await s.insertRequest(request("r1"));
      await s.insertOffers([offer("o1", "r1", UA)]);
      const accepted = await s.updateOfferStatus("o1", ["pending"], "accepted", at(12));
      expect(accepted).toEqual({ ...offer("o1", "r1", UA), status: "accepted", respondedAt: at(12) });
      expect(await s.updateOfferStatus("o1", ["pending"], "declined", at(13))).toBeNull();
      expect((await s.getOffer("o1"))?.status).toBe("accepted");
      expect(await s.updateOfferStatus("missing", ["pending"], "declined", at(13))).toBeNull();
      const covered = await s.updateOfferStatus("o1", ["accepted", "pending"], "covered", null);
      expect(covered?.respondedAt).toBeNull();
    });

    it("lets exactly one of two concurrent replies win", async () => {
      const s = await fresh();
      await s.insertRequest(request("r1"));
      await s.insertOffers([offer("o1", "r1", UA)]);
      const results = await Promise.all([
        s.updateOfferStatus("o1", ["pending"], "accepted", at(1)),
        s.updateOfferStatus("o1", ["pending"], "no_reply", at(1)),
      ]);
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      expect((await s.getOffer("o1"))?.status).toBe(winners[0]?.status);
    });

    it("filters by request, candidate, community, statuses and send time, oldest first", async () => {
      const s = await fresh();
      await s.insertRequest(request("r1"));
      await s.insertRequest(request("r2"));
      await s.insertRequest(request("r3", { communityId: C2, askerId: `${C2}:UASK` }));
      await s.insertOffers([
        offer("o-r2-a", "r2", UA, { sentAt: at(30) }),
        offer("o-r1-a", "r1", UA, { sentAt: at(0), status: "declined", respondedAt: at(3) }),
        offer("o-r1-b", "r1", UB, { sentAt: at(10) }),
        offer("o-r3", "r3", `${C2}:UA`, { communityId: C2, sentAt: at(5) }),
      ]);
      const ids = async (f: Parameters<Store["listOffers"]>[0]) => (await s.listOffers(f)).map((o) => o.id);
      expect(await ids({ requestId: "r1" })).toEqual(["o-r1-a", "o-r1-b"]);
      expect(await ids({ candidateId: UA })).toEqual(["o-r1-a", "o-r2-a"]);
      expect(await ids({ candidateId: UA, since: at(10) })).toEqual(["o-r2-a"]);
      expect(await ids({ communityId: C1, statuses: ["pending"] })).toEqual(["o-r1-b", "o-r2-a"]);
      expect(await ids({ communityId: C1, statuses: [] })).toEqual([]);
      expect(await ids({ communityId: C2 })).toEqual(["o-r3"]);
      expect(await ids({ since: at(5) })).toEqual(["o-r3", "o-r1-b", "o-r2-a"]);
      expect(await ids({ candidateId: '{"$gt": ""}' })).toEqual([]);
      const first = (await s.listOffers({ requestId: "r1" }))[0];
      expect(first?.respondedAt).toEqual(at(3));
      expect(first?.sentAt).toEqual(T0);
    });
  });
}
