import { describe, expect, it } from "vitest";
import type { Store } from "../../src/core/ports/store.port.js";
import { InvalidTransitionError } from "../../src/core/errors.js";
import { C1, C2, T0, at, request } from "./fixtures.js";

/** Help requests: round trip, compare-and-set, filters. Part of runStoreContract. */
export function runRequestContract(fresh: () => Promise<Store>): void {
  describe("help requests", () => {
    it("round-trips a request and refuses a duplicate id", async () => {
      const s = await fresh();
      const r = request("r1", { dueAt: at(30), topics: ["$where", '{"$gt": ""}'] });
      await s.insertRequest(r);
      const got = await s.getRequest("r1");
      expect(got).toEqual(r);
      expect(got?.createdAt).toBeInstanceOf(Date);
      expect(got?.dueAt).toBeInstanceOf(Date);
      await expect(s.insertRequest({ ...r, question: "another" })).rejects.toThrow();
      expect((await s.getRequest("r1"))?.question).toBe(r.question);
      expect(await s.getRequest("nope")).toBeNull();
    });

    it("applies a patch only from the expected states", async () => {
      const s = await fresh();
      await s.insertRequest(request("r1"));
      const offered = await s.updateRequest("r1", ["open"], { state: "offered", offeredTo: [`${C1}:UA`], round: 1, dueAt: at(240), updatedAt: at(1) });
      expect(offered).toEqual({ ...request("r1"), state: "offered", offeredTo: [`${C1}:UA`], round: 1, dueAt: at(240), updatedAt: at(1) });
      expect(await s.updateRequest("r1", ["open"], { state: "expired" })).toBeNull();
      expect((await s.getRequest("r1"))?.state).toBe("offered");
      expect(await s.updateRequest("missing", ["open", "offered"], { state: "expired" })).toBeNull();
      const cleared = await s.updateRequest("r1", ["offered"], { dueAt: null, helperId: undefined });
      expect(cleared?.dueAt).toBeNull();
      expect(cleared?.state).toBe("offered");
      expect(cleared?.offeredTo).toEqual([`${C1}:UA`]);
      expect(await s.updateRequest("r1", [], { state: "expired" })).toBeNull();
    });

    it("refuses a state change the request state machine does not allow, and writes nothing", async () => {
      const s = await fresh();
      await s.insertRequest(request("r1"));
      await expect(s.updateRequest("r1", ["open"], { state: "resolved", helperId: `${C1}:UA` })).rejects.toSatisfy(
        (e: unknown) => e instanceof InvalidTransitionError && /already open, so it can't become resolved/.test(e.message),
      );
      await expect(s.updateRequest("r1", ["open", "connected"], { state: "offered" })).rejects.toBeInstanceOf(InvalidTransitionError);
      const still = await s.getRequest("r1");
      expect(still?.state).toBe("open");
      expect(still?.helperId).toBeNull();
    });

    it("lets exactly one of two concurrent accepts connect the request", async () => {
      const s = await fresh();
      await s.insertRequest(request("r1", { state: "offered", offeredTo: [`${C1}:UA`, `${C1}:UB`] }));
      const [a, b] = await Promise.all([
        s.updateRequest("r1", ["offered"], { state: "connected", helperId: `${C1}:UA`, connectedAt: at(5) }),
        s.updateRequest("r1", ["offered"], { state: "connected", helperId: `${C1}:UB`, connectedAt: at(6) }),
      ]);
      expect([a, b].filter((x) => x !== null)).toHaveLength(1);
      const winner = a ?? b;
      const now = await s.getRequest("r1");
      expect(now?.state).toBe("connected");
      expect(now?.helperId).toBe(winner?.helperId);
      expect(now?.connectedAt).toEqual(winner?.connectedAt);
    });

    it("lets exactly one of two concurrent claims of the same next round through (expect.round)", async () => {
      const s = await fresh();
      await s.insertRequest(request("r1", { state: "offered", offeredTo: [`${C1}:UA`], round: 1 }));
      const claim = (who: string) => s.updateRequest("r1", ["offered"], { round: 2, offeredTo: [`${C1}:UA`, who] }, { round: 1 });
      const [a, b] = await Promise.all([claim(`${C1}:UB`), claim(`${C1}:UC`)]);
      expect([a, b].filter((x) => x !== null)).toHaveLength(1);
      expect((await s.getRequest("r1"))?.offeredTo).toEqual((a ?? b)?.offeredTo);
      expect(await s.updateRequest("r1", ["offered"], { round: 3 }, { round: 1 })).toBeNull();
      expect((await s.updateRequest("r1", ["offered"], { round: 1 }, { round: 2 }))?.round).toBe(1);
    });

    it("filters by states, due time, asker, helper, creation time and limit, newest first (longest overdue first by due time)", async () => {
      const s = await fresh();
      const asker2 = `${C1}:UASK2`;
      await s.insertRequest(request("r-open", { createdAt: at(0) }));
      await s.insertRequest(request("r-offered-due", { state: "offered", dueAt: at(100), createdAt: at(10) }));
      await s.insertRequest(request("r-offered-later", { state: "offered", dueAt: at(300), createdAt: at(20) }));
      await s.insertRequest(request("r-connected", { state: "connected", helperId: `${C1}:UA`, dueAt: at(200), createdAt: at(30), askerId: asker2 }));
      await s.insertRequest(request("r-resolved", { state: "resolved", helperId: `${C1}:UA`, createdAt: at(40), askerId: asker2 }));
      await s.insertRequest(request("r-other-community", { communityId: C2, askerId: `${C2}:UASK`, state: "offered", dueAt: at(50), createdAt: at(50) }));

      const ids = async (f: Parameters<Store["listRequests"]>[0]) => (await s.listRequests(f)).map((r) => r.id);
      expect(await ids({ communityId: C1 })).toEqual(["r-resolved", "r-connected", "r-offered-later", "r-offered-due", "r-open"]);
      expect(await ids({ communityId: C1, states: ["offered", "connected"] })).toEqual(["r-connected", "r-offered-later", "r-offered-due"]);
      expect(await ids({ communityId: C1, states: [] })).toEqual([]);
      // Scheduled work takes the longest overdue first, so a sweep with a limit never starves old requests.
      expect(await ids({ communityId: C1, dueBefore: at(200) })).toEqual(["r-offered-due", "r-connected"]);
      expect(await ids({ communityId: C1, dueBefore: at(300), limit: 2 })).toEqual(["r-offered-due", "r-connected"]);
      expect(await ids({ communityId: C1, states: ["offered"], dueBefore: at(200) })).toEqual(["r-offered-due"]);
      expect(await ids({ communityId: C1, askerId: asker2 })).toEqual(["r-resolved", "r-connected"]);
      expect(await ids({ communityId: C1, helperId: `${C1}:UA`, states: ["connected"] })).toEqual(["r-connected"]);
      expect(await ids({ communityId: C1, since: at(20) })).toEqual(["r-resolved", "r-connected", "r-offered-later"]);
      expect(await ids({ communityId: C1, limit: 2 })).toEqual(["r-resolved", "r-connected"]);
      expect(await ids({ communityId: C2 })).toEqual(["r-other-community"]);
      expect(await ids({ communityId: C1, askerId: '{"$ne": null}' })).toEqual([]);
      const first = (await s.listRequests({ communityId: C1, limit: 1 }))[0];
      expect(first?.createdAt).toEqual(at(40));
      expect(first?.candidates).toEqual(request("x").candidates);
    });

    it("keeps an ended request due without changing its state, lists it by due time, and clears it", async () => {
      const s = await fresh();
      await s.insertRequest(request("r-ended", { state: "offered", round: 1, dueAt: at(10) }));
      const ended = await s.updateRequest("r-ended", ["offered"], { state: "expired", closedAt: at(20), dueAt: null, updatedAt: at(20) });
      expect(ended).toMatchObject({ state: "expired", dueAt: null });
      // "Nobody was free" not delivered: the ended request is due again, still expired.
      expect(await s.updateRequest("r-ended", ["expired"], { dueAt: at(21), updatedAt: at(20) })).toMatchObject({ state: "expired", dueAt: at(21), closedAt: at(20) });
      const due = await s.listRequests({ communityId: C1, states: ["offered", "connected", "expired"], dueBefore: at(30) });
      expect(due.map((r) => r.id)).toEqual(["r-ended"]);
      expect(await s.updateRequest("r-ended", ["expired"], { dueAt: null })).toMatchObject({ state: "expired", dueAt: null });
      expect(await s.listRequests({ communityId: C1, states: ["expired"], dueBefore: at(30) })).toEqual([]);
    });

    it("keeps question text that looks like an operator or a date as a string", async () => {
      const s = await fresh();
      const r = request("r1", { question: '{"$where": "sleep(1000)"}', origin: { surface: "dm", channelId: null, threadId: "$gt", isPrivate: true } });
      await s.insertRequest(r);
      await s.updateRequest("r1", ["open"], { question: T0.toISOString() });
      const got = await s.getRequest("r1");
      expect(got?.question).toBe(T0.toISOString());
      expect(got?.origin).toEqual(r.origin);
    });
  });
}
