/**
 * The ask loop under faults: a store that fails half-way through a use case, platform errors while sending, two
 * sweeps at once. The real core on an in-memory SQLite store, with a store proxy that can be told to throw.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCore, type Actor, type Core } from "../../src/core/index.js";
import type { HelpRequest, RequestOrigin } from "../../src/core/domain/request.js";
import { memberId } from "../../src/core/ids.js";
import type { Message } from "../../src/core/messages.js";
import { ManualClock } from "../../src/core/ports/clock.port.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { DeliveryError, type Delivery, type DeliveryFailure } from "../../src/core/ports/messenger.port.js";
import type { Store } from "../../src/core/ports/store.port.js";
import { OverlapMatcher } from "../../src/core/matching/overlap-matcher.js";
import { openStore } from "../../src/store/open.js";
import type { RequestOrigin as Origin } from "../../src/core/domain/request.js";
import type { MemberId } from "../../src/core/ids.js";
import { faultyStore, type Fault } from "../support/faulty-store.js";
import { RecordingMessenger } from "../support/recording-messenger.js";

const C = "slack:T1";
const CHANNEL: RequestOrigin = { surface: "command", channelId: "C1", threadId: null, isPrivate: false };
const HOUR = 3600_000;

/** RecordingMessenger with switchable failures for sendDirect and introduce. */
class FlakyMessenger extends RecordingMessenger {
  readonly dmFail = new Map<MemberId, DeliveryFailure>();
  introFail: DeliveryFailure | null = null;
  override async sendDirect(to: MemberId, message: Message, fallback?: Origin): Promise<Delivery> {
    const f = this.dmFail.get(to);
    if (f) throw new DeliveryError(f, `scripted ${f}`);
    return super.sendDirect(to, message, fallback);
  }
  override async introduce(members: MemberId[], message: Message): Promise<Delivery> {
    if (this.introFail) throw new DeliveryError(this.introFail, `scripted ${this.introFail}`);
    return super.introduce(members, message);
  }
}

interface T {
  core: Core;
  store: Store;
  raw: Store;
  fail(f: Fault): void;
  /** Runs `then` once, just before the first store call named `method` whose arguments match: a race, made exact. */
  before(method: keyof Store, then: () => Promise<unknown>, when?: (args: unknown[]) => boolean): void;
  clock: ManualClock;
  messenger: FlakyMessenger;
  actor(name: string, community?: string): Actor;
}

async function setup(): Promise<T & { close(): Promise<void> }> {
  const raw = await openStore({ kind: "sqlite", file: ":memory:" }, silentLogger);
  const { store: faulty, fail } = faultyStore(raw);
  const hooks: Array<{ method: string; then: () => Promise<unknown>; when?: (args: unknown[]) => boolean }> = [];
  const store = new Proxy(faulty, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== "function") return v;
      return async (...args: unknown[]) => {
        const i = hooks.findIndex((h) => h.method === prop && (!h.when || h.when(args)));
        if (i >= 0) await hooks.splice(i, 1)[0]!.then();
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const clock = new ManualClock("2026-03-02T10:00:00Z"); // a Monday, 10:00 UTC
  const messenger = new FlakyMessenger();
  const core = createCore({ store, matcher: new OverlapMatcher(store), messenger, clock, logger: silentLogger });
  return {
    core, store, raw, fail, clock, messenger,
    before: (method, then, when) => void hooks.push({ method, then, ...(when ? { when } : {}) }),
    actor: (name, community = C) => ({ memberId: memberId(community, name), communityId: community, displayName: name, timezone: "Europe/London" }),
    close: () => raw.close(),
  };
}

const offerIdIn = (m: Message) => m.actions?.find((a) => a.type === "offer.accept")?.value ?? "";

let t: Awaited<ReturnType<typeof setup>>;
beforeEach(async () => {
  t = await setup();
});
afterEach(() => t.close());

/** ana (and ben) can help with pottery; eve asks. Returns the request. */
async function askPottery(opts: { ben?: boolean } = {}): Promise<HelpRequest> {
  await t.core.skills.add(t.actor("ana"), "pottery (expert), glazing");
  if (opts.ben) await t.core.skills.add(t.actor("ben"), "pottery");
  const { request } = await t.core.asks.ask(t.actor("eve"), "who can help me with pottery glazing?", CHANNEL);
  expect(request.candidates.map((c) => c.memberId)).toContain(memberId(C, "ana"));
  return request;
}

describe("follow-ups ('did you get help?') after a transient platform failure", () => {
  it("a follow-up DM that failed with a platform error (Slack 5xx, network) is retried by the next sweep", async () => {
    const req = await askPottery();
    await t.core.asks.offer(t.actor("eve"), req.id);
    const offer = t.messenger.dmsTo(memberId(C, "ana"))[0]!;
    await t.core.asks.respond(t.actor("ana"), offerIdIn(offer), "accept");
    t.clock.advance(25 * HOUR);
    t.messenger.dmFail.set(memberId(C, "eve"), "platform_error");
    const first = await t.core.asks.runDue(C, t.clock.now());
    expect(first.followedUp).toEqual([]);
    // The platform is back five minutes later.
    t.messenger.dmFail.clear();
    t.clock.advance(5 * 60_000);
    const second = await t.core.asks.runDue(C, t.clock.now());
    expect(second.followedUp).toEqual([req.id]);
    expect(t.messenger.dmsTo(memberId(C, "eve")).some((m) => m.kind === "followup")).toBe(true);
  });
});

describe("due requests that can never be served do not starve the others", () => {
  it("100 connected requests whose follow-up cannot be delivered (asker's DMs closed) do not stop offers from widening", async () => {
    await t.core.skills.add(t.actor("ana"), "pottery (expert)");
    await t.core.skills.add(t.actor("ben"), "pottery");
    await t.core.members.touch(t.actor("zed"));
    const past = new Date(t.clock.now().getTime() - 30 * HOUR);
    // 100 old intros for zed, whose DMs are closed: each follow-up fails for good.
    for (let i = 0; i < 100; i++) {
      const r: HelpRequest = {
        id: `old-${String(i).padStart(3, "0")}`, communityId: C, askerId: memberId(C, "zed"), question: `old question ${i}`, topics: [], state: "connected",
        origin: CHANNEL, candidates: [], offeredTo: [memberId(C, "ana")], round: 1, unmatched: false, helperId: memberId(C, "ana"),
        dueAt: new Date(past.getTime() + i), createdAt: past, updatedAt: past, connectedAt: past, closedAt: null,
      };
      await t.raw.insertRequest(r);
    }
    t.messenger.dmFail.set(memberId(C, "zed"), "dm_closed");
    await t.core.asks.runDue(C, t.clock.now());
    // A fresh question: eve asks the best one (ana); ana never answers.
    const { request } = await t.core.asks.ask(t.actor("eve"), "who can help with pottery?", CHANNEL);
    await t.core.asks.offer(t.actor("eve"), request.id, [memberId(C, "ana")]);
    t.clock.advance(5 * HOUR);
    const swept = await t.core.asks.runDue(C, t.clock.now());
    expect(swept.widened).toContain(request.id);
  });
});

describe("a store fault in the middle of a use case leaves nothing half-done", () => {
  it("'I can help' that hits a store fault after the offer was marked accepted: the helper's retry introduces them", async () => {
    const req = await askPottery();
    await t.core.asks.offer(t.actor("eve"), req.id);
    const offerId = offerIdIn(t.messenger.dmsTo(memberId(C, "ana"))[0]!);
    t.fail({ method: "updateRequest", when: (a) => (a[2] as { state?: string }).state === "connected", times: 1 });
    await expect(t.core.asks.respond(t.actor("ana"), offerId, "accept")).rejects.toThrow(/injected fault/);
    // The member saw "something went wrong" and presses the button again.
    const retry = await t.core.asks.respond(t.actor("ana"), offerId, "accept");
    expect(retry.text).not.toMatch(/Someone else already stepped in/);
    const after = await t.raw.getRequest(req.id);
    expect(after?.state).toBe("connected");
    expect(after?.helperId).toBe(memberId(C, "ana"));
    expect(t.messenger.sent.some((s) => s.kind === "intro")).toBe(true);
  });

  it("'Ask the best ones' that hits a store fault while storing the offers: the asker's retry still asks the best candidate", async () => {
    const req = await askPottery();
    expect(req.candidates).toHaveLength(1);
    t.fail({ method: "insertOffers", times: 1 });
    await expect(t.core.asks.offer(t.actor("eve"), req.id)).rejects.toThrow(/injected fault/);
    const retry = await t.core.asks.offer(t.actor("eve"), req.id);
    expect(retry.text).toMatch(/I've asked/);
    expect(t.messenger.dmsTo(memberId(C, "ana")).some((m) => m.kind === "offer")).toBe(true);
    expect((await t.raw.getRequest(req.id))?.state).toBe("offered");
  });
});

describe("duplicate delivery", () => {
  it("two follow-up sweeps at once (the service's and `knowhow jobs run followups`) ask the next candidate once", async () => {
    await t.core.skills.add(t.actor("ana"), "pottery (expert)");
    await t.core.skills.add(t.actor("ben"), "pottery");
    const { request } = await t.core.asks.ask(t.actor("eve"), "who can help with pottery?", CHANNEL);
    await t.core.asks.offer(t.actor("eve"), request.id, [memberId(C, "ana")]);
    t.clock.advance(5 * HOUR);
    await Promise.all([t.core.asks.runDue(C, t.clock.now()), t.core.asks.runDue(C, t.clock.now())]);
    expect(t.messenger.dmsTo(memberId(C, "ben")).filter((m) => m.kind === "offer")).toHaveLength(1);
    expect(await t.raw.listOffers({ requestId: request.id, statuses: ["pending"] })).toHaveLength(1);
    // The sweep that lost the claim gives nothing up: ben's offer is live, and eve hears nothing yet.
    expect((await t.raw.getRequest(request.id))?.state).toBe("offered");
    expect(t.messenger.dmsTo(memberId(C, "eve"))).toEqual([]);
  });

  it("a decline arriving while the sweep widens the same request asks the next candidate once", async () => {
    await t.core.skills.add(t.actor("ana"), "pottery (expert)");
    await t.core.skills.add(t.actor("ben"), "pottery");
    await t.core.skills.add(t.actor("cy"), "pottery");
    const { request } = await t.core.asks.ask(t.actor("eve"), "who can help with pottery?", CHANNEL);
    await t.core.asks.offer(t.actor("eve"), request.id, [memberId(C, "ana")]);
    const offerId = offerIdIn(t.messenger.dmsTo(memberId(C, "ana"))[0]!);
    t.clock.advance(5 * HOUR);
    await Promise.all([t.core.asks.runDue(C, t.clock.now()), t.core.asks.respond(t.actor("ana"), offerId, "decline")]);
    const offers = t.messenger.sent.filter((s) => s.kind === "dm" && s.message.kind === "offer").map((s) => (s as { to: string }).to);
    expect(offers.filter((x) => x === memberId(C, "ana"))).toHaveLength(1);
    // nobody beyond ana is asked twice
    expect(new Set(offers).size).toBe(offers.length);
  });
});

describe("platform failures while asking", () => {
  it("an outage longer than the whole ask ends it: the asker is told nobody could be reached, not kept waiting for ever", async () => {
    const req = await askPottery({ ben: true });
    t.messenger.dmFail.set(memberId(C, "ana"), "platform_error");
    t.messenger.dmFail.set(memberId(C, "ben"), "platform_error");
    expect((await t.core.asks.offer(t.actor("eve"), req.id)).text).toMatch(/couldn't reach .* just now/);
    for (let i = 0; i < 30; i++) {
      t.clock.advance(HOUR);
      await t.core.asks.runDue(C, t.clock.now());
    }
    const after = await t.raw.getRequest(req.id);
    expect(after?.state).toBe("expired");
    expect(t.messenger.dmsTo(memberId(C, "eve")).map((m) => m.text).join("\n")).toMatch(/couldn't reach the people who fit/);
  });

  it("the asker's own pick that fails on the platform leaves the question as it was: open, and askable again", async () => {
    const req = await askPottery();
    t.messenger.dmFail.set(memberId(C, "ana"), "platform_error");
    expect((await t.core.asks.offer(t.actor("eve"), req.id, [memberId(C, "ana")])).text).toMatch(/couldn't reach .* Please try again in a minute/);
    expect(await t.raw.getRequest(req.id)).toMatchObject({ state: "open", round: 0, offeredTo: [], dueAt: null });
    t.messenger.dmFail.clear();
    expect((await t.core.asks.offer(t.actor("eve"), req.id, [memberId(C, "ana")])).text).toMatch(/^I've asked/);
  });
});

describe("a press and a sweep, or two presses, at the same moment", () => {
  it("a sweep giving up after the last round does not expire the round the asker's pick just sent", async () => {
    await t.raw.upsertCommunity(C, "Potters", t.clock.now());
    await t.raw.updateCommunity(C, { settings: { maxRounds: 1, candidatesPerRound: 1 } }, t.clock.now());
    const req = await askPottery({ ben: true });
    await t.core.asks.offer(t.actor("eve"), req.id);
    t.clock.advance(5 * HOUR);
    let pick = "";
    // While the sweep times out ana's offer, eve picks ben.
    t.before("updateOfferStatus", async () => { pick = (await t.core.asks.offer(t.actor("eve"), req.id, [memberId(C, "ben")])).text; }, (a) => a[2] === "no_reply");
    await t.core.asks.runDue(C, t.clock.now());
    expect(pick).toMatch(/^I've asked <@slack:T1:ben>/);
    expect((await t.raw.getRequest(req.id))?.state).toBe("offered");
    expect(t.messenger.dmsTo(memberId(C, "eve"))).toEqual([]);
    expect((await t.raw.listOffers({ requestId: req.id, statuses: ["pending"] })).map((o) => o.candidateId)).toEqual([memberId(C, "ben")]);
  });

  it("'ask the best ones' pressed twice at once asks each person once, and the second press says so", async () => {
    const req = await askPottery();
    let second = "";
    t.before("insertOffers", async () => { second = (await t.core.asks.offer(t.actor("eve"), req.id)).text; });
    expect((await t.core.asks.offer(t.actor("eve"), req.id)).text).toMatch(/^I've asked/);
    expect(second).toMatch(/^I've already asked <@slack:T1:ana>/);
    expect(t.messenger.dmsTo(memberId(C, "ana")).filter((m) => m.kind === "offer")).toHaveLength(1);
    expect((await t.raw.getRequest(req.id))?.state).toBe("offered");
  });

  it("a pick pressed twice at once: the press that lost the claim does not say they may be away", async () => {
    const req = await askPottery();
    let second = "";
    // The second press runs just before the first claims the round, and wins it.
    t.before("updateRequest", async () => { second = (await t.core.asks.offer(t.actor("eve"), req.id, [memberId(C, "ana")])).text; });
    expect((await t.core.asks.offer(t.actor("eve"), req.id, [memberId(C, "ana")])).text).toMatch(/^I've already asked <@slack:T1:ana>/);
    expect(second).toMatch(/^I've asked/);
    expect(t.messenger.dmsTo(memberId(C, "ana")).filter((m) => m.kind === "offer")).toHaveLength(1);
  });

  it("a pick pressed again while the first press is storing its offer: 'already asked', not 'can't take this one'", async () => {
    const req = await askPottery();
    let second = "";
    t.before("insertOffers", async () => { second = (await t.core.asks.offer(t.actor("eve"), req.id, [memberId(C, "ana")])).text; });
    expect((await t.core.asks.offer(t.actor("eve"), req.id, [memberId(C, "ana")])).text).toMatch(/^I've asked/);
    expect(second).toMatch(/^I've already asked <@slack:T1:ana>/);
    expect(t.messenger.dmsTo(memberId(C, "ana")).filter((m) => m.kind === "offer")).toHaveLength(1);
  });

  it("a pick made long after the question that fails once on the platform can simply be tried again", async () => {
    const req = await askPottery();
    t.clock.advance(30 * HOUR);
    t.messenger.dmFail.set(memberId(C, "ana"), "rate_limited");
    expect((await t.core.asks.offer(t.actor("eve"), req.id, [memberId(C, "ana")])).text).toMatch(/couldn't reach .* Please try again in a minute/);
    t.messenger.dmFail.clear();
    expect((await t.core.asks.offer(t.actor("eve"), req.id, [memberId(C, "ana")])).text).toMatch(/^I've asked/);
  });
});

describe("'nobody was free' after a transient platform failure", () => {
  /** Eve's only round runs out while a DM to her fails: the request expires with "Nobody was free" not yet told. */
  async function lastRoundEndsWhileEveUnreachable() {
    await t.raw.upsertCommunity(C, "Potters", t.clock.now());
    await t.raw.updateCommunity(C, { settings: { maxRounds: 1 } }, t.clock.now());
    const req = await askPottery();
    await t.core.asks.offer(t.actor("eve"), req.id);
    t.clock.advance(5 * HOUR);
    t.messenger.dmFail.set(memberId(C, "eve"), "platform_error");
    await t.core.asks.runDue(C, t.clock.now());
    return req;
  }

  it("the asker is still told, by the next sweep, once", async () => {
    const req = await lastRoundEndsWhileEveUnreachable();
    expect((await t.raw.getRequest(req.id))?.state).toBe("expired");
    const told = () => t.messenger.dmsTo(memberId(C, "eve")).filter((m) => m.title === "Nobody was free");
    expect(told()).toHaveLength(0);
    // The platform is back five minutes later.
    t.messenger.dmFail.clear();
    t.clock.advance(5 * 60_000);
    await t.core.asks.runDue(C, t.clock.now());
    expect(told()).toHaveLength(1);
    t.clock.advance(5 * 60_000);
    await t.core.asks.runDue(C, t.clock.now());
    expect(told()).toHaveLength(1);
    expect(await t.raw.getRequest(req.id)).toMatchObject({ state: "expired", dueAt: null });
  });

  it("is given up, not reported as a failure to retry, when the asker turns out to have closed their DMs", async () => {
    const req = await lastRoundEndsWhileEveUnreachable();
    t.messenger.dmFail.set(memberId(C, "eve"), "dm_closed");
    t.clock.advance(5 * 60_000);
    const report = await t.core.asks.runDue(C, t.clock.now());
    expect(report.failed).toEqual([]);
    expect(await t.raw.getRequest(req.id)).toMatchObject({ state: "expired", dueAt: null });
  });

  it("is not sent after the asker has posted the question to a channel meanwhile", async () => {
    const req = await lastRoundEndsWhileEveUnreachable();
    t.messenger.dmFail.clear();
    expect((await t.core.asks.postToChannel(t.actor("eve"), req.id)).text).toMatch(/Posted/);
    t.clock.advance(5 * 60_000);
    await t.core.asks.runDue(C, t.clock.now());
    expect(t.messenger.dmsTo(memberId(C, "eve")).filter((m) => m.title === "Nobody was free")).toHaveLength(0);
  });
});

describe("a platform that keeps rate-limiting", () => {
  it("stops the follow-ups sweep in that community: the rest stay due for the next sweep, and what was not sent is reported as failed, not widened", async () => {
    await t.raw.upsertCommunity(C, "Potters", t.clock.now());
    await t.raw.updateCommunity(C, { settings: { candidatesPerRound: 1 } }, t.clock.now());
    await t.core.skills.add(t.actor("ana"), "pottery (expert)");
    await t.core.skills.add(t.actor("ben"), "pottery");
    const ids: string[] = [];
    for (const q of ["who can help me with pottery glazing?", "who knows pottery kilns?", "any pottery tips for a beginner?"]) {
      const { request } = await t.core.asks.ask(t.actor("eve"), q, CHANNEL);
      await t.core.asks.offer(t.actor("eve"), request.id);
      ids.push(request.id);
    }
    expect(t.messenger.dmsTo(memberId(C, "ana"))).toHaveLength(3);
    // Ana lets them pass; asking Ben next, the platform answers 429 even after the send queue's back-offs.
    const tries: MemberId[] = [];
    const send = t.messenger.sendDirect.bind(t.messenger);
    t.messenger.sendDirect = (to, message, fallback) => {
      tries.push(to);
      return send(to, message, fallback);
    };
    t.messenger.dmFail.set(memberId(C, "ben"), "rate_limited");
    t.clock.advance(5 * HOUR);
    const limited = await t.core.asks.runDue(C, t.clock.now());
    expect(tries).toEqual([memberId(C, "ben")]);
    expect(limited).toMatchObject({ widened: [], failed: [{ reason: "rate_limited" }], stopped: "rate_limited" });
    expect(ids).toContain(limited.failed[0]!.requestId);

    t.messenger.dmFail.clear();
    t.clock.advance(5 * 60_000);
    const next = await t.core.asks.runDue(C, t.clock.now());
    expect([...next.widened].sort()).toEqual([...ids].sort());
    expect(t.messenger.dmsTo(memberId(C, "ben")).filter((m) => m.kind === "offer")).toHaveLength(3);
  });
});

describe("a long skill list waiting for 'Add these skills'", () => {
  it("is kept for another press when saving it fails", async () => {
    const ana = { ...t.actor("ana"), buttonValueMax: 20 };
    await t.core.skills.add(ana, Array.from({ length: 38 }, (_, i) => `craft ${i}`).join(", "));
    const prompt = await t.core.conversation.confirmSkills(ana, [{ label: "bookkeeping", level: "can_help" }, { label: "VAT returns", level: "can_help" }, { label: "payroll", level: "can_help" }]);
    const value = prompt.actions!.find((a) => a.type === "skills.confirm_parsed")!.value;
    expect(value).toMatch(/^draft:/);
    await expect(t.core.actions.handle(ana, "skills.confirm_parsed", value)).rejects.toThrow(/41 skills|40/);
    await t.core.skills.remove(ana, "craft 0");
    await t.core.skills.remove(ana, "craft 1");
    const saved = await t.core.actions.handle(ana, "skills.confirm_parsed", value);
    expect(saved.kind === "reply" && saved.message.text).not.toMatch(/Already added/);
    expect((await t.raw.getMember(ana.memberId))?.skills.map((s) => s.label)).toContain("payroll");
  });
});

describe("an intro that cannot be opened", () => {
  it("the asker is told who said yes when the group conversation could not be opened", async () => {
    const req = await askPottery();
    await t.core.asks.offer(t.actor("eve"), req.id);
    const offerId = offerIdIn(t.messenger.dmsTo(memberId(C, "ana"))[0]!);
    t.messenger.introFail = "platform_error";
    const reply = await t.core.asks.respond(t.actor("ana"), offerId, "accept");
    expect(reply.text).toMatch(/please message/);
    const toEve = t.messenger.dmsTo(memberId(C, "eve"));
    expect(toEve.some((m) => m.text.includes(memberId(C, "ana")))).toBe(true);
  });

  it("when the intro fails because the asker is gone (not_found: their account deactivated), the helper is told so rather than to message them, and the asker counts as departed", async () => {
    const req = await askPottery();
    await t.core.asks.offer(t.actor("eve"), req.id);
    const offerId = offerIdIn(t.messenger.dmsTo(memberId(C, "ana"))[0]!);
    t.messenger.introFail = "not_found";
    t.messenger.dmFail.set(memberId(C, "eve"), "not_found");
    const reply = await t.core.asks.respond(t.actor("ana"), offerId, "accept");
    expect(reply.text).not.toMatch(/please message/);
    expect(reply.text).toContain("no longer");
    expect((await t.raw.getMember(memberId(C, "eve")))?.departed).toBe(true);
    // No follow-up will be sent to someone gone.
    expect((await t.raw.getRequest(req.id))?.dueAt).toBeNull();
  });
});

describe("two processes on one DATA_DIR", () => {
  it("the service's follow-up sweep and `knowhow jobs run followups` (two connections to one SQLite file) ask the next candidate once", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "exc-two-"));
    const file = join(dir, "knowhow.sqlite");
    const open = async () => {
      const store = await openStore({ kind: "sqlite", file }, silentLogger);
      const messenger = new FlakyMessenger();
      const core = createCore({ store, matcher: new OverlapMatcher(store), messenger, clock: t.clock, logger: silentLogger });
      return { store, messenger, core };
    };
    const a = await open();
    const b = await open();
    try {
      const act = (n: string) => t.actor(n);
      await a.core.skills.add(act("ana"), "pottery (expert)");
      await a.core.skills.add(act("ben"), "pottery");
      const { request } = await a.core.asks.ask(act("eve"), "who can help with pottery?", CHANNEL);
      await a.core.asks.offer(act("eve"), request.id, [memberId(C, "ana")]);
      t.clock.advance(5 * HOUR);
      await Promise.all([a.core.asks.runDue(C, t.clock.now()), b.core.asks.runDue(C, t.clock.now())]);
      const toBen = [...a.messenger.dmsTo(memberId(C, "ben")), ...b.messenger.dmsTo(memberId(C, "ben"))].filter((m) => m.kind === "offer");
      expect(toBen).toHaveLength(1);
      expect((await a.store.getRequest(request.id))?.state).toBe("offered");
      expect([...a.messenger.dmsTo(memberId(C, "eve")), ...b.messenger.dmsTo(memberId(C, "eve"))]).toEqual([]);
    } finally {
      await a.store.close();
      await b.store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
