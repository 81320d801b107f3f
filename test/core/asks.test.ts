import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { roundOf } from "../../src/core/usecases/asks.js";
import { reasonLine } from "../../src/ranking/hybrid-matcher.js";
import { nobodyFitsMessage, suggestionsMessage } from "../../src/core/views/asks.js";
import { settingsFields } from "../../src/core/views/community.js";
import { skillChangeMessage } from "../../src/core/views/profile.js";
import { DEFAULT_COMMUNITY_SETTINGS } from "../../src/core/domain/community.js";
import { UserError } from "../../src/core/errors.js";
import type { Message } from "../../src/core/messages.js";
import type { RequestOrigin } from "../../src/core/domain/request.js";
import { testCore, type TestCore } from "../support/harness.js";

const CHANNEL: RequestOrigin = { surface: "command", channelId: "C1", threadId: null, isPrivate: false };

function actionValue(m: Message, type: string): string {
  const a = m.actions?.find((x) => x.type === type);
  if (!a) throw new Error(`no ${type} action in ${JSON.stringify(m)}`);
  return a.value;
}

describe("the core loop: ask → offer → accept → intro → close the loop", () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await testCore();
    await t.core.skills.add(t.actor("ana"), "SEO, copywriting (expert)");
    await t.core.skills.add(t.actor("ben"), "Etsy SEO, bookkeeping");
    await t.core.skills.add(t.actor("cy"), "SEO (learning)");
    await t.core.skills.add(t.actor("dee"), "knitting, crochet");
  });
  afterEach(() => t.close());

  it("given declared skills, ask suggests the fitting members with reasons and never the asker or a learner", async () => {
    await t.core.skills.add(t.actor("eve"), "SEO");
    const { request, reply } = await t.core.asks.ask(t.actor("eve"), "who can help me with seo for my etsy shop?", CHANNEL);
    const ids = request.candidates.map((c) => c.memberId);
    expect(ids).toContain("slack:T1:ana");
    expect(ids).toContain("slack:T1:ben");
    expect(ids).not.toContain("slack:T1:eve");
    expect(ids).not.toContain("slack:T1:cy");
    expect(ids).not.toContain("slack:T1:dee");
    expect(reply.kind).toBe("suggestions");
    expect(reply.text).toContain("<@slack:T1:ana>");
    expect(request.candidates.every((c) => c.reason.length > 0)).toBe(true);
    expect(reply.actions?.map((a) => a.type)).toEqual(expect.arrayContaining(["ask.best", "ask.candidate", "ask.post_channel"]));
    expect(t.messenger.sent).toHaveLength(0); // nobody is contacted before the asker chooses
  });

  it("given nobody fits, says so kindly with the closest skills and contacts nobody", async () => {
    const { request, reply } = await t.core.asks.ask(t.actor("eve"), "how do I file a patent for a medical device?", CHANNEL);
    expect(request.unmatched).toBe(true);
    expect(reply.kind).toBe("nobody_fits");
    expect(reply.text).toMatch(/couldn't find anyone/);
    expect(t.messenger.sent).toHaveLength(0);
  });

  it("the asker is told when it is night for a suggested member; the reason quoted to that member is reasons only", async () => {
    const { request } = await t.core.asks.ask(t.actor("eve"), "who can help with seo?", CHANNEL);
    const signals = [
      { kind: "skill" as const, weight: 3, detail: "declared *SEO*" },
      { kind: "timezone" as const, weight: -0.4, detail: "it's night for them now" },
      { kind: "feedback" as const, weight: -0.5, detail: "said “not my area” to a similar question" },
    ];
    const reason = reasonLine(signals);
    expect(reason).toBe("declared *SEO*");
    const msg = suggestionsMessage(request, { suggestions: [{ memberId: "slack:T1:ana", displayName: "Ana", score: 3, reason, signals }], abstained: false, closestSkills: [], topics: [] }, true);
    expect(msg.text).toContain("<@slack:T1:ana> — declared *SEO* (it's night for them now)");
  });

  it("the nobody-fits message names what the question asked for when the matcher says nobody here has it", async () => {
    const { request } = await t.core.asks.ask(t.actor("eve"), "anyone know cars? my van's check engine light is on", CHANNEL);
    const msg = nobodyFitsMessage(request, { suggestions: [], abstained: true, closestSkills: ["wedding photography"], topics: [], need: "cars" }, false);
    expect(msg.text).toMatch(/^Nobody here lists anything like “cars”, so I won't bother anyone with/);
    expect(msg.text).toContain("wedding photography");
  });

  it("the nobody-fits message says when the members who fit are only away, without naming them", async () => {
    const { request } = await t.core.asks.ask(t.actor("eve"), "who can help with seo?", CHANNEL);
    const one = nobodyFitsMessage(request, { suggestions: [], abstained: true, closestSkills: ["SEO"], topics: [], away: 1 }, true);
    expect(one.text).toMatch(/^The one member who fits it is taking a break or has had enough requests this week, so I won't bother anyone with/);
    expect(one.text).not.toContain("closest skills");
    expect(one.title).toBe("The people who fit are away");
    expect(one.actions?.map((a) => a.type)).toEqual(["ask.post_channel"]);
    const two = nobodyFitsMessage(request, { suggestions: [], abstained: true, closestSkills: [], topics: [], away: 2, need: "seo" }, false);
    expect(two.text).toMatch(/^The 2 members who fit it are taking a break or have had enough requests this week/);
    const beside = suggestionsMessage(request, { suggestions: [{ memberId: "slack:T1:ana", displayName: "Ana", score: 1, reason: "declared *SEO*", signals: [] }], abstained: false, closestSkills: [], topics: [], away: 1 }, false);
    expect(beside.text).toContain("1. <@slack:T1:ana> — declared *SEO*\n(One member who fits this better is taking a break or has had enough requests this week, so I've left them out.)");
  });

  it("a typed 'stop', 'yes' or 'decline' while an intro request waits is pointed to its buttons, not met with 'I'm not sure what you mean', and answers nothing", async () => {
    const asker = t.actor("eve");
    const { reply } = await t.core.asks.ask(asker, "who can help me with seo for my etsy shop?", CHANNEL);
    await t.core.actions.handle(asker, "ask.best", actionValue(reply, "ask.best"));
    const ana = t.actor("ana");
    for (const typed of ["stop", "yes", "Decline", "y"]) {
      const said = await t.core.conversation.handleDm(ana, typed);
      expect(said.text, typed).toContain("press one of its buttons");
      expect(said.text, typed).not.toContain("not sure what you mean");
    }
    // "stop" also says how to stop being asked, and changes nothing by itself.
    expect((await t.core.conversation.handleDm(ana, "stop")).text).toContain("`/knowhow pause 14`");
    const { offers } = await t.core.asks.openRequestsFor(ana.memberId);
    expect(offers.map((o) => o.offer.status)).toEqual(["pending"]);
    expect((await t.store.getMember(ana.memberId))?.reminders).not.toBe("never");
    // Text that answers nothing is still not read as an answer.
    expect((await t.core.conversation.handleDm(ana, "purple elephant")).text).toContain("not sure what you mean");
  });

  it("asks the best ones by DM, introduces on accept, covers the other offer, and closes the loop", async () => {
    const asker = t.actor("eve");
    const { request, reply } = await t.core.asks.ask(asker, "who can help me with seo for my etsy shop?", CHANNEL);
    const out = await t.core.actions.handle(asker, "ask.best", actionValue(reply, "ask.best"));
    expect(out.kind).toBe("reply");
    const offers = t.messenger.sent.filter((s) => s.kind === "dm");
    expect(offers).toHaveLength(2);
    const first = offers[0]!;
    if (first.kind !== "dm") throw new Error("unreachable");
    expect(first.message.kind).toBe("offer");
    expect(first.message.text).toContain("<@slack:T1:eve> asks");
    expect(first.message.actions?.map((a) => a.label)).toEqual(["I can help", "Not now", "Not my area"]);
    expect((await t.store.getRequest(request.id))?.state).toBe("offered");

    const helper = t.actor(first.to.split(":")[2]!);
    const accepted = await t.core.actions.handle(helper, "offer.accept", actionValue(first.message, "offer.accept"));
    expect(accepted.kind === "reply" && accepted.message.text).toMatch(/introduced you/);
    const intro = t.messenger.sent.find((s) => s.kind === "intro");
    expect(intro?.kind === "intro" && intro.members).toEqual(["slack:T1:eve", first.to]);
    const req = await t.store.getRequest(request.id);
    expect(req?.state).toBe("connected");
    expect(req?.helperId).toBe(first.to);

    // The other candidate is too late.
    const second = offers[1]!;
    if (second.kind !== "dm") throw new Error("unreachable");
    const late = await t.core.actions.handle(t.actor(second.to.split(":")[2]!), "offer.accept", actionValue(second.message, "offer.accept"));
    expect(late.kind === "reply" && late.message.text).toMatch(/off the hook/);
    expect(t.messenger.sent.filter((s) => s.kind === "intro")).toHaveLength(1);

    // A day later the asker is asked once, however often the sweep runs.
    t.clock.advance(25 * 3600_000);
    expect((await t.core.asks.runDue("slack:T1")).followedUp).toEqual([request.id]);
    expect((await t.core.asks.runDue("slack:T1")).followedUp).toEqual([]);
    const followUp = t.messenger.dmsTo("slack:T1:eve").find((m) => m.kind === "followup");
    expect(followUp).toBeDefined();
    await t.core.actions.handle(asker, "followup.yes", actionValue(followUp!, "followup.yes"));
    expect((await t.store.getRequest(request.id))?.state).toBe("resolved");
    const h = await t.store.getMember(first.to);
    expect(h?.stats.helped).toBe(1);
    expect(h?.evidence.map((e) => e.kind)).toEqual(["helped", "accepted"]);
    expect(t.messenger.dmsTo(first.to).at(-1)?.text).toMatch(/says you helped/);
    // Closing twice changes nothing.
    const again = await t.core.asks.closeLoop(asker, request.id, false);
    expect(again.text).toMatch(/already have your answer/);
    expect((await t.store.getRequest(request.id))?.state).toBe("resolved");
  });

  it("the “did you get help?” follow-up waits for the asker's daytime and quiet hours, then goes out once", async () => {
    // Eve is in Tokyo (UTC+9): introduced at 19:00 her time, so a day later it is evening there.
    const asker = t.actor("eve", { timezone: "Asia/Tokyo" });
    const { request } = await t.core.asks.ask(asker, "who can help me with seo for my etsy shop?", CHANNEL);
    await t.core.asks.offer(asker, request.id);
    const [offer] = await t.store.listOffers({ requestId: request.id, statuses: ["pending"] });
    await t.core.asks.respond(t.actor(offer!.candidateId.split(":").pop()!), offer!.id, "accept");

    t.clock.advance(25 * 3600_000); // 2026-03-03T11:00Z, 20:00 in Tokyo
    expect((await t.core.asks.runDue("slack:T1")).followedUp).toEqual([]);
    expect(t.messenger.dmsTo(asker.memberId).filter((m) => m.kind === "followup")).toHaveLength(0);
    // Due again at the start of her next daytime (09:00 in Tokyo), not looked at every sweep in between.
    expect((await t.store.getRequest(request.id))?.dueAt).toEqual(new Date("2026-03-04T00:00:00Z"));

    t.clock.set("2026-03-04T00:00:00Z");
    expect((await t.core.asks.runDue("slack:T1")).followedUp).toEqual([request.id]);
    expect((await t.core.asks.runDue("slack:T1")).followedUp).toEqual([]);
    expect(t.messenger.dmsTo(asker.memberId).filter((m) => m.kind === "followup")).toHaveLength(1);
  });

  it("an asker whose timezone is unknown (Discord's default) gets the follow-up a day after the intro, when they were about", async () => {
    t.clock.set("2026-03-02T22:00:00Z");
    const asker = t.actor("eve", { timezone: null });
    const { request } = await t.core.asks.ask(asker, "who can help me with seo for my etsy shop?", CHANNEL);
    await t.core.asks.offer(asker, request.id);
    const [offer] = await t.store.listOffers({ requestId: request.id, statuses: ["pending"] });
    await t.core.asks.respond(t.actor(offer!.candidateId.split(":").pop()!), offer!.id, "accept");
    // 22:00 UTC is night in UTC, but UTC is only a guess for them: the hour they asked at is a better one.
    t.clock.advance(24 * 3600_000);
    expect((await t.core.asks.runDue("slack:T1")).followedUp).toEqual([request.id]);
  });

  it("an asker whose quiet hours cover the whole daytime still gets the follow-up, at the end of their quiet hours", async () => {
    const asker = t.actor("eve", { timezone: "UTC" });
    await t.core.availability.setQuietHours(asker, 8, 20);
    const { request } = await t.core.asks.ask(asker, "who can help me with seo for my etsy shop?", CHANNEL);
    await t.core.asks.offer(asker, request.id);
    const [offer] = await t.store.listOffers({ requestId: request.id, statuses: ["pending"] });
    await t.core.asks.respond(t.actor(offer!.candidateId.split(":").pop()!), offer!.id, "accept");

    t.clock.advance(25 * 3600_000); // 11:00 UTC, inside 8–20
    expect((await t.core.asks.runDue("slack:T1")).followedUp).toEqual([]);
    expect((await t.store.getRequest(request.id))?.dueAt).toEqual(new Date("2026-03-03T20:00:00Z"));
    t.clock.set("2026-03-03T20:00:00Z");
    expect((await t.core.asks.runDue("slack:T1")).followedUp).toEqual([request.id]);
  });

  it("two candidates accepting at the same moment produce exactly one intro", async () => {
    const asker = t.actor("eve");
    const { reply } = await t.core.asks.ask(asker, "who can help me with seo for my etsy shop?", CHANNEL);
    await t.core.actions.handle(asker, "ask.best", actionValue(reply, "ask.best"));
    const offers = t.messenger.sent.flatMap((s) => (s.kind === "dm" ? [s] : []));
    const results = await Promise.all(offers.map((o) => t.core.asks.respond(t.actor(o.to.split(":")[2]!), actionValue(o.message, "offer.accept"), "accept")));
    expect(t.messenger.sent.filter((s) => s.kind === "intro")).toHaveLength(1);
    expect(results.filter((r) => /introduced you/.test(r.text))).toHaveLength(1);
    expect(results.filter((r) => /off the hook/.test(r.text))).toHaveLength(1);
  });

  it("declines widen to the next candidates, and after the last round the asker is offered a channel post", async () => {
    for (const n of ["fay", "gus", "hal"]) await t.core.skills.add(t.actor(n), "SEO");
    await t.core.communities.get("slack:T1");
    await t.store.updateCommunity("slack:T1", { settings: { maxRounds: 2, candidatesPerRound: 2 } }, t.clock.now());
    const asker = t.actor("eve");
    const { request, reply } = await t.core.asks.ask(asker, "who can help me with SEO?", CHANNEL);
    expect(request.candidates.length).toBeGreaterThanOrEqual(4);
    await t.core.actions.handle(asker, "ask.best", actionValue(reply, "ask.best"));
    const round1 = t.messenger.sent.flatMap((s) => (s.kind === "dm" ? [s] : []));
    expect(round1).toHaveLength(2);
    await t.core.asks.respond(t.actor(round1[0]!.to.split(":")[2]!), actionValue(round1[0]!.message, "offer.decline"), "decline");
    expect(t.messenger.sent).toHaveLength(2); // still waiting for the second
    const nma = await t.core.asks.respond(t.actor(round1[1]!.to.split(":")[2]!), actionValue(round1[1]!.message, "offer.not_my_area"), "not_my_area");
    expect(nma.text).toMatch(/isn't your area/);
    const round2 = t.messenger.sent.slice(2).flatMap((s) => (s.kind === "dm" ? [s] : []));
    expect(round2).toHaveLength(2);
    expect(round2.map((s) => s.to)).not.toContain(round1[0]!.to);
    expect((await t.store.getMember(round1[1]!.to))?.evidence[0]?.kind).toBe("not_my_area");

    // Nobody answers round 2: after the wait the sweep gives up and tells the asker.
    t.clock.advance(5 * 3600_000);
    await t.core.asks.runDue("slack:T1");
    expect((await t.store.getRequest(request.id))?.state).toBe("expired");
    const last = t.messenger.dmsTo("slack:T1:eve").at(-1);
    expect(last?.text).toMatch(/nobody was free/);
    const posted = await t.core.actions.handle(asker, "ask.post_channel", actionValue(last!, "ask.post_channel"));
    expect(posted.kind === "reply" && posted.message.text).toMatch(/Posted/);
    const post = t.messenger.sent.at(-1);
    expect(post?.kind === "channel" && post.channelId).toBe("C1");
    expect(post?.message.text).not.toMatch(/@here|@channel|@everyone/);
  });

  it("a round asks a second person only when they fit nearly as well as the first; a weak one waits for the next round", async () => {
    const asker = t.actor("eve");
    const { request, reply } = await t.core.asks.ask(asker, "who can help me with seo for my etsy shop?", CHANNEL);
    const [top, second] = request.candidates;
    // The stored scores decide the round: the second at a third of the first (under ROUND_SCORE_SHARE).
    await t.store.updateRequest(request.id, ["open"], { candidates: [{ ...top!, score: 9 }, { ...second!, score: 3 }] });
    await t.core.actions.handle(asker, "ask.best", actionValue(reply, "ask.best"));
    const round1 = t.messenger.sent.flatMap((s) => (s.kind === "dm" ? [s] : []));
    expect(round1.map((s) => s.to)).toEqual([top!.memberId]);
    await t.core.asks.respond(t.actor(top!.memberId.split(":")[2]!), actionValue(round1[0]!.message, "offer.not_my_area"), "not_my_area");
    const round2 = t.messenger.sent.slice(1).flatMap((s) => (s.kind === "dm" ? [s] : []));
    expect(round2.map((s) => s.to)).toEqual([second!.memberId]);
  });

  it("roundOf keeps the first always and the others at or above the share of the best, up to the round size", () => {
    const c = (id: string, score: number) => ({ id, score });
    expect(roundOf([c("a", 10), c("b", 3.9), c("d", 4)], 2).map((x) => x.id)).toEqual(["a", "d"]);
    expect(roundOf([c("a", 10), c("b", 9), c("d", 8)], 2).map((x) => x.id)).toEqual(["a", "b"]);
    // The first of the pool is asked even when a better-scoring member comes later (asleep now): rather someone than nobody.
    expect(roundOf([c("awake", 2), c("asleep", 10)], 2).map((x) => x.id)).toEqual(["awake", "asleep"]);
    expect(roundOf([], 2)).toEqual([]);
  });

  it("a picked candidate whose DMs are closed is remembered, the asker is told, and the question stays open", async () => {
    const asker = t.actor("eve");
    const { request } = await t.core.asks.ask(asker, "who can help me with seo for my etsy shop?", CHANNEL);
    const [top, next] = request.candidates.map((c) => c.memberId);
    t.messenger.failFor(top!, "dm_closed");
    const msg = await t.core.asks.offer(asker, request.id, [top!]);
    expect(msg.text).toMatch(/couldn't ask/);
    expect((await t.store.getMember(top!))?.dmClosed).toBe(true);
    // As it was: open, nothing due (no sweep asks others behind the asker's back); the unreachable pick stays asked.
    expect(await t.store.getRequest(request.id)).toMatchObject({ state: "open", round: 0, dueAt: null, offeredTo: [top] });
    // Asking the best ones afterwards skips the unreachable one and reaches the next.
    await t.core.asks.offer(asker, request.id);
    expect(t.messenger.sent.some((s) => s.kind === "dm" && s.to === next)).toBe(true);
  });

  it("a helper who presses 'I can help' again is reminded they were introduced, not told someone else stepped in", async () => {
    const asker = t.actor("eve");
    const { request } = await t.core.asks.ask(asker, "who can help me with seo for my etsy shop?", CHANNEL);
    await t.core.asks.offer(asker, request.id);
    const [offer] = await t.store.listOffers({ requestId: request.id, statuses: ["pending"] });
    const helper = t.actor(offer!.candidateId.split(":").pop()!);
    expect((await t.core.asks.respond(helper, offer!.id, "accept")).text).toMatch(/introduced you/);
    expect((await t.core.asks.respond(helper, offer!.id, "accept")).text).toBe("You've already said yes to this one — I introduced you to <@slack:T1:eve>. Thank you!");
    await expect(t.core.asks.respond(t.actor("dee"), offer!.id, "accept")).rejects.toThrow("That intro request was sent to someone else, so only they can answer it.");
  });

  it("asking the best ones again while they have not answered asks nobody new and keeps the question open", async () => {
    const asker = t.actor("eve");
    const { request } = await t.core.asks.ask(asker, "who can help me with seo for my etsy shop?", CHANNEL);
    const first = await t.core.asks.offer(asker, request.id);
    const dms = t.messenger.sent.filter((x) => x.kind === "dm").length;
    const again = await t.core.asks.offer(asker, request.id);
    expect(again.text).toMatch(/^I've already asked <@slack:T1:\w+>/);
    expect(t.messenger.sent.filter((x) => x.kind === "dm")).toHaveLength(dms);
    expect(await t.store.getRequest(request.id)).toMatchObject({ state: "offered", round: 1 });
    expect(first.text).toMatch(/^I've asked/);
  });

  it("a candidate who leaves while asked: their offer is withdrawn and the next sweep asks someone else at once", async () => {
    const asker = t.actor("eve");
    const { request } = await t.core.asks.ask(asker, "who can help me with seo for my etsy shop?", CHANNEL);
    const [best, next] = request.candidates.map((c) => c.memberId);
    await t.core.asks.offer(asker, request.id, [best!]);
    await t.core.members.departed(best!);
    expect((await t.store.listOffers({ requestId: request.id }))[0]?.status).toBe("no_reply");
    const swept = await t.core.asks.runDue("slack:T1", t.clock.now());
    expect(swept.widened).toEqual([request.id]);
    expect(t.messenger.dmsTo(next!).map((m) => m.kind)).toEqual(["offer"]);
  });

  it("a candidate who deletes their data (forget-me) while asked: the next sweep asks someone else at once", async () => {
    const asker = t.actor("eve");
    const { request } = await t.core.asks.ask(asker, "who can help me with seo for my etsy shop?", CHANNEL);
    const [best, next] = request.candidates.map((c) => c.memberId);
    await t.core.asks.offer(asker, request.id, [best!]);
    await t.core.actions.handle(t.actor(best!.split(":")[2]!), "forget.confirm", "confirm");
    expect(await t.store.listOffers({ requestId: request.id })).toEqual([]);
    // Nobody is left to answer: the question does not wait out the offer time for an offer that no longer exists.
    const swept = await t.core.asks.runDue("slack:T1", t.clock.now());
    expect(swept.widened).toEqual([request.id]);
    expect(t.messenger.dmsTo(next!).map((m) => m.kind)).toEqual(["offer"]);
  });

  it("the last one asked who says 'not my area' is not told someone else will be asked (the asker hears nobody was free)", async () => {
    const asker = t.actor("eve");
    const { request } = await t.core.asks.ask(asker, "anyone know crochet?", CHANNEL);
    expect(request.candidates.map((c) => c.memberId)).toEqual([t.actor("dee").memberId]);
    await t.core.asks.offer(asker, request.id);
    const offer = (await t.store.listOffers({ requestId: request.id }))[0]!;
    expect((await t.core.asks.respond(t.actor("dee"), offer.id, "not_my_area")).text).toBe("Thanks — I'll remember this isn't your area.");
    expect(t.messenger.dmsTo(asker.memberId).map((m) => m.title)).toContain("Nobody was free");
  });

  it("names three or more people as a sentence does: “A, B and C”", async () => {
    await t.core.skills.add(t.actor("fay"), "SEO");
    const asker = t.actor("eve");
    const { request } = await t.core.asks.ask(asker, "who can help me with seo for my etsy shop?", CHANNEL);
    const picked = request.candidates.map((c) => c.memberId).slice(0, 3);
    expect(picked).toHaveLength(3);
    const [a, b, c] = picked.map((id) => `<@${id}>`);
    expect((await t.core.asks.offer(asker, request.id, picked)).text).toMatch(new RegExp(`^I've asked ${a}, ${b} and ${c} privately\\.`));
    expect((await t.core.asks.offer(asker, request.id, picked)).text).toMatch(new RegExp(`^I've already asked ${a}, ${b} and ${c} — `));
    expect(settingsFields({ ...DEFAULT_COMMUNITY_SETTINGS, digestEnabled: true, digestTo: ["slack:T1:ana", "slack:T1:ben", "slack:T1:cy"] }).find((f) => f.label === "digest")?.value)
      .toBe("weekly admin digest on, sent to <@slack:T1:ana>, <@slack:T1:ben> and <@slack:T1:cy>");
    const change = await t.core.skills.add(t.actor("gus"), "baking, knitting, welding");
    expect(skillChangeMessage(change).text).toMatch(/^Added \*baking\*, \*knitting\* and \*welding\*\./);
  });

  it("presses of 'ask the best ones' at the same moment send one round and never close the question", async () => {
    const asker = t.actor("eve");
    const { request } = await t.core.asks.ask(asker, "who can help me with seo for my etsy shop?", CHANNEL);
    const replies = await Promise.all(Array.from({ length: 5 }, () => t.core.asks.offer(asker, request.id)));
    expect(replies.filter((r) => /^I've asked/.test(r.text))).toHaveLength(1);
    expect(replies.every((r) => /^I've (already )?asked/.test(r.text))).toBe(true);
    expect(await t.store.getRequest(request.id)).toMatchObject({ state: "offered", round: 1 });
    const offers = await t.store.listOffers({ requestId: request.id, statuses: ["pending"] });
    expect(offers.length).toBeGreaterThan(0);
    expect(t.messenger.sent.filter((x) => x.kind === "dm")).toHaveLength(offers.length);
  });

  it("when the best candidate's DMs are closed, the next ones are asked straight away", async () => {
    const asker = t.actor("eve");
    await t.store.updateCommunity("slack:T1", { settings: { candidatesPerRound: 1 } }, t.clock.now());
    const { request } = await t.core.asks.ask(asker, "who can help me with seo for my etsy shop?", CHANNEL);
    const [top, next] = request.candidates.map((c) => c.memberId);
    t.messenger.failFor(top!, "dm_closed");
    const msg = await t.core.asks.offer(asker, request.id);
    expect(msg.text).toContain(`<@${next}>`);
    expect((await t.store.getRequest(request.id))?.round).toBe(2);
  });

  it("when the only members who fit are away, says so and records no skill gap", async () => {
    t.core.deps.matcher.rank = async () => ({ suggestions: [], abstained: true, closestSkills: ["SEO"], topics: ["seo"], away: 1 });
    const { request, reply } = await t.core.asks.ask(t.actor("eve"), "who can help me with seo?", CHANNEL);
    expect(reply.kind).toBe("nobody_fits");
    expect(reply.text).toMatch(/taking a break/);
    expect(request.unmatched).toBe(false);
    expect((await t.core.communities.report("slack:T1")).unmatchedByTopic).toEqual([]);
    expect(t.messenger.sent).toHaveLength(0);
  });

  it("paused, opted-out and over-cap members are not suggested", async () => {
    await t.core.availability.pause(t.actor("ana"), 7);
    await t.core.availability.setOptedIn(t.actor("ben"), false);
    const { request } = await t.core.asks.ask(t.actor("eve"), "who can help me with seo for my etsy shop?", CHANNEL);
    expect(request.candidates.map((c) => c.memberId)).not.toEqual(expect.arrayContaining(["slack:T1:ana"]));
    expect(request.candidates.map((c) => c.memberId)).not.toContain("slack:T1:ben");
    await t.core.availability.resume(t.actor("ana"));
    await t.core.availability.setWeeklyCap(t.actor("ana"), 0);
    const again = await t.core.asks.ask(t.actor("eve"), "who can help me with seo for my etsy shop?", CHANNEL);
    expect(again.request.candidates.map((c) => c.memberId)).not.toContain("slack:T1:ana");
  });

  it("only the asker may act on a request", async () => {
    const { request } = await t.core.asks.ask(t.actor("eve"), "who can help me with seo for my etsy shop?", CHANNEL);
    await expect(t.core.asks.offer(t.actor("dee"), request.id)).rejects.toThrow(UserError);
    await expect(t.core.asks.postToChannel(t.actor("dee"), request.id)).rejects.toThrow(/Only the person who asked/);
  });

  it("bad questions are refused with a friendly message and nothing is stored", async () => {
    for (const q of ["", "   ", "x".repeat(10_000)]) await expect(t.core.asks.ask(t.actor("eve"), q, CHANNEL)).rejects.toThrow(UserError);
    expect(await t.store.listRequests({ communityId: "slack:T1" })).toHaveLength(0);
  });
});
