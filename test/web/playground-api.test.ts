import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actorFor } from "../../adapters/web/identity.js";
import { operator } from "../../src/core/usecases/communities.js";
import { RecordingLogger } from "../discord/support/logger.js";
import { call, startHarness, type Harness } from "./support/harness.js";

let h: Harness;
const api = (method: string, path: string, body?: unknown) => call(h.baseUrl, method, `/api/playground${path}`, body);

async function member(name: string, skills?: string) {
  const created = await api("POST", "/members", { displayName: name });
  expect(created.status).toBe(201);
  if (skills) expect((await api("POST", `/members/${created.body.member.slug}/skills`, { skills })).status).toBe(200);
  return created.body.member.slug as string;
}

describe("playground API", () => {
  beforeEach(async () => {
    h = await startHarness({ withSweep: false });
  });
  afterEach(async () => {
    await h.close();
  });

  it("given two helpers, when a third asks, then the first accepts and both see the same intro", async () => {
    const maya = await member("Maya Okafor", "magazine query letters (expert), copywriting");
    const tom = await member("Tom Becker", "Etsy SEO, copywriting");
    const sam = await member("Sam Lee");

    const asked = await api("POST", `/members/${sam}/ask`, { question: "Who can help with magazine query letters?" });
    expect(asked.status).toBe(200);
    expect(asked.body.reply.kind).toBe("suggestions");
    expect(asked.body.request.candidates.map((c: { memberId: string }) => c.memberId)).toEqual(["web:demo:maya-okafor"]);
    expect(asked.body.reply.text).toContain("magazine query letters");

    const best = asked.body.reply.actions.find((a: { type: string }) => a.type === "ask.best");
    const offered = await api("POST", `/members/${sam}/actions`, { type: best.type, value: best.value });
    expect(offered.status).toBe(200);
    expect(offered.body.outcome.message.text).toContain("<@web:demo:maya-okafor>");

    const inbox = await api("GET", `/members/${maya}/inbox`);
    const offer = inbox.body.items.find((i: { message: { kind: string } }) => i.message.kind === "offer");
    expect(offer.message.actions.map((a: { type: string }) => a.type)).toEqual(["offer.accept", "offer.decline", "offer.not_my_area"]);
    expect((await api("GET", `/members/${tom}/inbox`)).body.items).toEqual([]);

    const accept = offer.message.actions[0];
    const accepted = await api("POST", `/members/${maya}/actions`, { type: accept.type, value: accept.value, itemId: offer.id });
    expect(accepted.body.outcome.message.text).toContain("introduced you");

    const mayaIntro = (await api("GET", `/members/${maya}/inbox`)).body.items.find((i: { kind: string }) => i.kind === "intro");
    const samIntro = (await api("GET", `/members/${sam}/inbox`)).body.items.find((i: { kind: string }) => i.kind === "intro");
    expect(samIntro.id).toBe(mayaIntro.id);
    expect(samIntro.participants.sort()).toEqual(["web:demo:maya-okafor", "web:demo:sam-lee"]);

    // The offer's buttons are spent: pressing again is refused without calling the core twice.
    const again = await api("POST", `/members/${maya}/actions`, { type: accept.type, value: accept.value, itemId: offer.id });
    expect(again.status).toBe(409);
  });

  it("an offer someone else took shows how it ended and stops counting as unanswered", async () => {
    const maya = await member("Maya Okafor", "magazine query letters (expert)");
    const ines = await member("Ines Duarte", "magazine query letters");
    const sam = await member("Sam Lee");
    const asked = await api("POST", `/members/${sam}/ask`, { question: "Who can help with magazine query letters?" });
    const best = asked.body.reply.actions.find((a: { type: string }) => a.type === "ask.best");
    await api("POST", `/members/${sam}/actions`, { type: best.type, value: best.value });
    const offerOf = async (slug: string) => (await api("GET", `/members/${slug}/inbox`)).body.items.find((i: { message: { kind: string } }) => i.message.kind === "offer");
    const [mayaOffer, inesOffer] = [await offerOf(maya), await offerOf(ines)];
    expect(inesOffer.answer).toBeNull();
    await api("POST", `/members/${maya}/actions`, { type: "offer.accept", value: mayaOffer.message.actions[0].value, itemId: mayaOffer.id });
    expect((await offerOf(ines)).answer).toMatchObject({ label: "Someone else stepped in" });
    const list = (await api("GET", "/members")).body.members as Array<{ id: string; inbox: number }>;
    expect(list.find((m) => m.id.endsWith(ines))?.inbox).toBe(0);
  });

  it("a helper whose offer was settled as taken while they pressed “I can help” is thanked as the core thanks them, not told they answered", async () => {
    const maya = await member("Maya Okafor", "magazine query letters (expert)");
    const ines = await member("Ines Duarte", "magazine query letters");
    const sam = await member("Sam Lee");
    const asked = await api("POST", `/members/${sam}/ask`, { question: "Who can help with magazine query letters?" });
    await api("POST", `/members/${sam}/actions`, { type: "ask.best", value: asked.body.request.id });
    const offerOf = async (slug: string) => (await api("GET", `/members/${slug}/inbox`)).body.items.find((i: { message: { kind: string } }) => i.message.kind === "offer");
    const [mayaOffer, inesOffer] = [await offerOf(maya), await offerOf(ines)];
    await api("POST", `/members/${maya}/actions`, { type: "offer.accept", value: mayaOffer.message.actions[0].value, itemId: mayaOffer.id });
    expect((await offerOf(ines)).answer).toMatchObject({ label: "Someone else stepped in" });
    // Ines's page still shows the buttons she pressed.
    const late = await api("POST", `/members/${ines}/actions`, { type: "offer.accept", value: inesOffer.message.actions[0].value, itemId: inesOffer.id });
    expect(late.status).toBe(200);
    expect(late.body.outcome.message.text).toBe("Thanks for offering! Someone else already stepped in, so you're off the hook.");
    // Now she did answer: a second press is refused as before.
    expect((await api("POST", `/members/${ines}/actions`, { type: "offer.accept", value: inesOffer.message.actions[0].value, itemId: inesOffer.id })).status).toBe(409);
  });

  it("an offer whose asker was forgotten is settled as withdrawn and stops counting as unanswered", async () => {
    const maya = await member("Maya Okafor", "magazine query letters (expert)");
    const sam = await member("Sam Lee");
    const asked = await api("POST", `/members/${sam}/ask`, { question: "Who can help with magazine query letters?" });
    await api("POST", `/members/${sam}/actions`, { type: "ask.best", value: asked.body.request.id });
    const offerOf = async () => (await api("GET", `/members/${maya}/inbox`)).body.items.find((i: { message: { kind: string } }) => i.message.kind === "offer");
    expect((await offerOf()).answer).toBeNull();
    expect((await api("POST", `/members/${sam}/actions`, { type: "forget.confirm", value: "confirm" })).status).toBe(200);
    expect((await offerOf()).answer).toMatchObject({ label: "Withdrawn", reply: null });
    const list = (await api("GET", "/members")).body.members as Array<{ id: string; inbox: number }>;
    expect(list.find((m) => m.id.endsWith(maya))?.inbox).toBe(0);
  });

  it("given an intro, when the clock moves a day and the sweep runs, then the asker is asked “did you get help?” and can answer", async () => {
    const maya = await member("Maya", "bookkeeping (expert)");
    const sam = await member("Sam");
    const asked = await api("POST", `/members/${sam}/ask`, { question: "Who knows bookkeeping?" });
    await api("POST", `/members/${sam}/actions`, { type: "ask.best", value: asked.body.request.id });
    const offer = (await api("GET", `/members/${maya}/inbox`)).body.items[0];
    await api("POST", `/members/${maya}/actions`, { type: "offer.accept", value: offer.message.actions[0].value, itemId: offer.id });

    const moved = await api("POST", "/clock/advance", { hours: 25, sweep: true });
    expect(moved.status).toBe(200);
    // Hour by hour, as the hourly jobs would have: the follow-up goes out once, a day after the intro.
    expect(moved.body.sweep).toEqual({ ran: "requests", sweeps: 25, counts: { widened: 0, followUps: 1, welcomed: 0, nudged: 0, digests: 0 } });
    expect(new Date(moved.body.now).toISOString()).toBe("2026-03-03T11:00:00.000Z");

    const followup = (await api("GET", `/members/${sam}/inbox`)).body.items.find((i: { message: { kind: string } }) => i.message.kind === "followup");
    const yes = followup.message.actions.find((a: { type: string }) => a.type === "followup.yes");
    const answered = await api("POST", `/members/${sam}/actions`, { type: yes.type, value: yes.value, itemId: followup.id });
    expect(answered.body.outcome.message.text).toContain("thanked them");
    const profile = await api("GET", `/members/${maya}`);
    expect(profile.body.member.stats.helped).toBe(1);
  });

  it("when nobody fits, then the reply says so and offers the channel, and posting lands in the channel feed", async () => {
    await member("Maya", "crochet");
    const sam = await member("Sam");
    const asked = await api("POST", `/members/${sam}/ask`, { question: "Who understands EU VAT rules?" });
    expect(asked.body.reply.kind).toBe("nobody_fits");
    expect(asked.body.request.unmatched).toBe(true);
    const post = asked.body.reply.actions[0];
    expect(post.type).toBe("ask.post_channel");
    await api("POST", `/members/${sam}/actions`, { type: post.type, value: post.value });
    const feed = await api("GET", "/channels/general");
    expect(feed.body.posts).toHaveLength(1);
    expect(feed.body.posts[0].message.text).toContain("EU VAT");
  });

  it("a body over the limit gets 413 “That's too long”, malformed JSON or an unknown encoding a 4xx, logged without a stack, never as a fault", async () => {
    await h.close();
    const log = new RecordingLogger();
    h = await startHarness({ withSweep: false, logger: log });
    const lena = await member("Lena");
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${h.baseUrl}/api/playground/members/${lena}/ask`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

    const big = await post(JSON.stringify({ question: "x".repeat(500_000) }));
    expect(big.status).toBe(413);
    expect((await big.json()).error).toEqual({ code: "too_long", message: "That's too long: a request can carry at most 64 KB. Please shorten it.", field: null });
    const malformed = await post("{\"question\": ");
    expect([malformed.status, (await malformed.json()).error.message]).toEqual([400, "The request body is not valid JSON."]);
    const zipped = await post("{}", { "content-encoding": "br-nonsense" });
    expect([zipped.status, (await zipped.json()).error.code]).toEqual([415, "invalid_input"]);

    expect(log.lines.filter((l) => l.level === "error" || l.level === "warn")).toEqual([]);
    const refused = log.lines.filter((l) => l.msg === "web request body refused");
    expect(refused.map((l) => [l.level, l.obj.type, l.obj.status])).toEqual([["info", "entity.too.large", 413], ["info", "entity.parse.failed", 400], ["info", "encoding.unsupported", 415]]);
    expect(refused.every((l) => !("err" in l.obj))).toBe(true);
  });

  it("the message box runs /ask, /skills and /knowhow as Slack's slash commands do, and its help says only what works here", async () => {
    const maya = await member("Maya Okafor", "copywriting (expert)");
    const sam = await member("Sam Lee");
    const dm = async (text: string) => {
      const res = await api("POST", `/members/${sam}/dm`, { text });
      expect(res.status, `${text}: ${JSON.stringify(res.body)}`).toBe(200);
      return res.body.outcome;
    };

    const help = (await dm("help")).message.text as string;
    expect(help).toContain("`/knowhow pause 14`");
    expect(help).toContain("just send me the question");
    expect(help).not.toContain("mention me");
    expect((await dm("/knowhow help")).message.text).toBe(help);

    expect((await dm("/knowhow pause 3")).message.text).toMatch(/^Paused until \d{4}-\d{2}-\d{2}/);
    expect((await api("GET", `/members/${sam}`)).body.member.availabilityText).toMatch(/^paused until/);
    expect((await dm("/KNOWHOW resume")).message.text).toMatch(/^Welcome back/);
    expect((await dm("/skills add SEO, bookkeeping (expert)")).message.text).toMatch(/^Added \*SEO\* and \*bookkeeping\*/);
    expect((await dm("/skills remove SEO")).message.text).toMatch(/^Removed \*SEO\*/);
    expect((await api("GET", `/members/${sam}`)).body.member.skills.map((x: { label: string }) => x.label)).toEqual(["bookkeeping"]);
    expect((await dm("/skills list @Maya Okafor")).message.title).toBe("Maya Okafor's skills");
    expect((await dm("/skills list")).message.title).toBe("Your skills");
    expect(await dm("/skills")).toEqual({ kind: "open_skills_editor" });
    expect((await dm("/knowhow export")).message.attachment.filename).toBe("knowhow-export.json");

    // "/ask" is the command, not part of the question; asked in a DM, it is private.
    const asked = await dm("/ask who can help with copywriting?");
    expect(asked.message.kind).toBe("suggestions");
    const mine = (await api("GET", `/members/${sam}/requests`)).body.asked;
    expect(mine.map((r: { question: string }) => r.question)).toEqual(["who can help with copywriting?"]);
    expect((await h.store.getRequest(mine[0].id))?.origin).toMatchObject({ surface: "dm", isPrivate: true });

    // What the command refuses comes back as any refused input does.
    const unknown = await api("POST", `/members/${sam}/dm`, { text: "/knowhow frobnicate" });
    expect([unknown.status, unknown.body.error.message]).toEqual([400, "I don't know `/knowhow frobnicate`. Try `/knowhow help`."]);
    // A command mistyped is refused as Slack refuses it, not read as skills to add ("I understood: /skill add SEO").
    const typo = await api("POST", `/members/${sam}/dm`, { text: "/skill add SEO" });
    expect([typo.status, typo.body.error.field, typo.body.error.message]).toEqual([400, "text", "There's no `/skill` command: did you mean `/skills`? Here you can type `/ask`, `/skills` and `/knowhow` as in Slack (`help` lists them)."]);
    expect((await api("POST", `/members/${sam}/dm`, { text: "/knowhow settings" })).status).toBe(403);
    // An admin's settings go through the same command.
    await h.core.communities.changeAdmins(operator("web:demo"), { add: [`web:demo:${maya}`] });
    const digest = await api("POST", `/members/${maya}/dm`, { text: "/knowhow settings digest on" });
    expect(digest.body.outcome.message.text).toMatch(/digest/i);
    expect((await h.core.communities.get("web:demo")).settings.digestEnabled).toBe(true);
  });

  it("forget-me typed in the message box asks first; its button deletes the member and what the playground sent them", async () => {
    const maya = await member("Maya Okafor", "bookkeeping (expert)");
    const sam = await member("Sam Lee");
    const asked = await api("POST", `/members/${sam}/ask`, { question: "Who knows bookkeeping?" });
    await api("POST", `/members/${sam}/actions`, { type: "ask.best", value: asked.body.request.id });
    expect((await api("GET", `/members/${maya}/inbox`)).body.items).toHaveLength(1);

    const prompt = (await api("POST", `/members/${maya}/dm`, { text: "/knowhow forget-me" })).body.outcome.message;
    expect(prompt.title).toBe("Delete your data?");
    const [confirm] = prompt.actions;
    const done = await api("POST", `/members/${maya}/actions`, { type: confirm.type, value: confirm.value });
    expect(done.body.outcome.message.text).toMatch(/^Done — I've deleted everything/);
    // Whatever the page still sends as her (a second tab, an old button) is told so in the playground's words: she can
    // type no `/skills add` there (the core's “use Knowhow once, e.g. /skills add …” is for Slack and Discord).
    const asHer: Array<[string, string, unknown]> = [
      ["GET", `/members/${maya}`, undefined],
      ["POST", `/members/${maya}/dm`, { text: "/skills add SEO" }],
      ["POST", `/members/${maya}/actions`, { type: confirm.type, value: confirm.value }],
      ["POST", `/members/${maya}/skills`, { skills: "SEO" }],
      ["POST", `/members/${maya}/ask`, { question: "Who knows bookkeeping?" }],
    ];
    for (const [method, path, body] of asHer) {
      const r = await api(method, path, body);
      expect([r.status, r.body.error.message], path).toEqual([404, `There is no member “${maya}” in the playground: their data was deleted (forget-me), or they were never created. Pick someone under “Acting as”, or create them again with “Create member”.`]);
    }
    // A new member of the same name starts with an empty inbox, not with the forgotten one's offer.
    expect((await api("POST", "/members", { displayName: "Maya Okafor" })).body.member.slug).toBe(maya);
    expect((await api("GET", `/members/${maya}/inbox`)).body.items).toEqual([]);
  });

  it("answers bad input with the message and the field it is about", async () => {
    const sam = await member("Sam");
    const cases: Array<[string, string, unknown, string]> = [
      ["POST", "/members", { displayName: "   " }, "displayName"],
      ["POST", "/members", { displayName: "Sam" }, "displayName"],
      ["POST", `/members/${sam}/ask`, { question: "?!" }, "question"],
      ["POST", `/members/${sam}/ask`, {}, "question"],
      ["PUT", `/members/${sam}/skills`, { skills: [{ label: "SEO", level: "expert" }, { label: "  ", level: "can_help" }] }, "skills.1.label"],
      ["PUT", `/members/${sam}/skills`, { skills: [{ label: "SEO", level: "guru" }] }, "skills.0.level"],
      ["PUT", `/members/${sam}/skills`, { skills: [], about: "x".repeat(600) }, "about"],
      ["POST", `/members/${sam}/skills`, { skills: "SEO (level)" }, "skills"],
      ["PUT", `/members/${sam}/availability`, { cap: 99 }, "cap"],
      ["PUT", `/members/${sam}/availability`, { timezone: "Mars/Olympus" }, "timezone"],
      ["PUT", `/members/${sam}/availability`, { quietHours: { start: 25, end: 8 } }, "quietHours"],
      ["PUT", `/members/${sam}/availability`, { days: 0 }, "days"],
      ["POST", "/clock/advance", { hours: -1 }, "hours"],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await api(method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body).slice(0, 60)}`).toBe(400);
      expect(res.body.error.field, `${method} ${path}`).toBe(field);
      expect(res.body.error.message.length).toBeGreaterThan(5);
    }
    // 0 is refused, and the message does not claim it is allowed.
    for (const hours of [0, 9000]) {
      expect((await api("POST", "/clock/advance", { hours })).body.error).toEqual({ code: "invalid_input", message: "Move the clock forward by more than 0 and at most 8760 hours (a year).", field: "hours" });
    }
    // Zod's own words never reach the form: the field, and what it should be.
    const typed: Array<[string, string, unknown, string]> = [
      ["POST", "/clock/advance", { hours: "5" }, "hours must be a number, not text."],
      ["POST", "/clock/advance", {}, "Please fill in hours."],
      ["PUT", `/members/${sam}/availability`, { days: "3" }, "days must be a number, not text."],
      ["PUT", `/members/${sam}/availability`, { optedIn: "yes" }, "optedIn must be true or false, not text."],
      ["PUT", `/members/${sam}/skills`, { skills: "SEO" }, "skills must be a list, not text."],
      ["POST", `/members/${sam}/ask`, { question: 42 }, "question must be text, not a number."],
    ];
    for (const [method, path, body, message] of typed) expect((await api(method, path, body)).body.error.message, JSON.stringify(body)).toBe(message);
    expect((await api("GET", "/members/nobody-here")).status).toBe(404);
    const bad = await api("POST", "/members", { displayName: "Tz Bad", timezone: "Mars/Olympus" });
    expect([bad.status, bad.body.error.field]).toEqual([400, "timezone"]);
    const tz = await api("POST", "/members", { displayName: "Tz Bad", timezone: "europe/paris" });
    expect([tz.status, tz.body.member.timezone]).toEqual([201, "Europe/Paris"]);
    const li = await api("POST", "/members", { displayName: "李明" });
    expect(li.status).toBe(201);
    expect(li.body.member).toMatchObject({ displayName: "李明" });
    expect((await api("POST", "/members", { displayName: "李明" })).body.error.message).toBe("There is already a member called “李明”. Pick another name.");
    expect((await api("POST", "/members", { displayName: "Σοφία" })).body.member.displayName).toBe("Σοφία");
    // A name that makes an existing member's slug names that member ("Zoë" → zoe, the slug of Zoe Apiary).
    await h.core.members.touch(actorFor("zoe", "Zoe Apiary"));
    expect((await api("POST", "/members", { displayName: "Zoë" })).body.error).toEqual({
      code: "invalid_input", message: "“Zoë” is too close to Zoe Apiary, who is already a member: pick another name (add a surname, say).", field: "displayName",
    });
    expect((await api("POST", "/members", { displayName: "zoe apiary" })).body.error.message).toBe("There is already a member called “Zoe Apiary”. Pick another name.");
    const missing = await api("POST", "/no-such-thing?x=1", {});
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({ code: "not_found", message: "Nothing at POST /api/playground/no-such-thing.", field: null });
  });

  it("edits skills with levels, about and availability through the core", async () => {
    const sam = await member("Sam");
    const saved = await api("PUT", `/members/${sam}/skills`, { skills: [{ label: "k8s", level: "expert" }, { label: "React", level: "learning" }], about: "Platform person." });
    expect(saved.status).toBe(200);
    expect(saved.body.member.skills.map((s: { key: string; level: string }) => [s.key, s.level])).toEqual([["kubernetes", "expert"], ["react", "learning"]]);
    expect(saved.body.member.about).toBe("Platform person.");
    const avail = await api("PUT", `/members/${sam}/availability`, { cap: 5, quietHours: { start: 22, end: 7 }, timezone: "Europe/Paris", days: 7, optedIn: true });
    expect(avail.status).toBe(200);
    expect(avail.body.member.availability.weeklyCap).toBe(5);
    expect(avail.body.member.timezone).toBe("Europe/Paris");
    expect(avail.body.member.availabilityText).toContain("paused until 2026-03-09");
    const resumed = await api("PUT", `/members/${sam}/availability`, { resume: true });
    expect(resumed.body.member.availability.pausedUntil).toBeNull();
  });

  it("given a form with one bad value among good ones, then that field is named and nothing in the form is saved", async () => {
    const sam = await member("Sam");
    const before = (await api("GET", `/members/${sam}`)).body.member;
    const res = await api("PUT", `/members/${sam}/availability`, { timezone: "Asia/Tokyo", cap: 7, optedIn: false, reminders: false, quietHours: { start: 25, end: 3 } });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("quietHours");
    const after = (await api("GET", `/members/${sam}`)).body.member;
    expect({ timezone: after.timezone, availability: after.availability, reminders: after.reminders })
      .toEqual({ timezone: before.timezone, availability: before.availability, reminders: before.reminders });
    expect(after.availability.weeklyCap).not.toBe(7);
  });

  it("settles a skill reminder once a newer one arrives or the member confirms or edits their skills, or turns reminders off; the badge stops counting it", async () => {
    const maya = await member("Maya Okafor", "copywriting");
    const id = `web:demo:${maya}`;
    const nudge = (text: string) => h.adapter.messenger.sendDirect(id, {
      kind: "nudge", title: "Are your skills up to date?", text,
      actions: [{ type: "nudge.confirm", label: "Still accurate", value: "2026-03-09", style: "primary" }, { type: "nudge.stop", label: "Don't remind me", value: "stop" }],
    });
    const badge = async () => (await api("GET", "/members")).body.members.find((m: { slug: string }) => m.slug === maya).inbox;
    const answers = async () => (await api("GET", `/members/${maya}/inbox`)).body.items.map((i: { answer: { label: string; settled?: boolean } | null }) => i.answer && [i.answer.label, i.answer.settled]);

    h.clock.advance(7 * 24 * 3600_000);
    await nudge("first");
    h.clock.advance(7 * 24 * 3600_000);
    await nudge("second");
    expect(await answers()).toEqual([null, ["Replaced by a newer reminder", true]]);
    expect(await badge()).toBe(1);

    h.clock.advance(3600_000);
    expect((await api("POST", `/members/${maya}/dm`, { text: "/skills add SEO" })).status).toBe(200);
    expect(await answers()).toEqual([["Skills confirmed or edited since", true], ["Replaced by a newer reminder", true]]);
    expect(await badge()).toBe(0);
    // A press that crossed the settling (a page not refreshed) does what the newer reminder's button would.
    const [, older] = (await api("GET", `/members/${maya}/inbox`)).body.items;
    const pressed = await api("POST", `/members/${maya}/actions`, { type: "nudge.confirm", value: "2026-03-09", itemId: older.id });
    expect([pressed.status, pressed.body.outcome.message.text]).toEqual([200, "Thanks — your skills are confirmed. I'll check back in a few months."]);

    h.clock.advance(7 * 24 * 3600_000);
    await nudge("third");
    expect(await badge()).toBe(1);
    expect((await api("PUT", `/members/${maya}/availability`, { reminders: false })).status).toBe(200);
    expect((await answers())[0]).toEqual(["Reminders turned off", true]);
    expect(await badge()).toBe(0);
  });

  it("settles a “Nobody was free — post to a channel?” card once the question was posted, or after a week; a week-old one can't be posted", async () => {
    const maya = await member("Maya Okafor", "bookkeeping (expert)");
    const sam = await member("Sam Lee");
    const nobodyFree = async (question: string) => {
      const asked = await api("POST", `/members/${sam}/ask`, { question });
      await api("POST", `/members/${sam}/actions`, { type: "ask.best", value: asked.body.request.id });
      const offer = (await api("GET", `/members/${maya}/inbox`)).body.items[0];
      expect((await api("POST", `/members/${maya}/actions`, { type: "offer.decline", value: offer.message.actions[0].value, itemId: offer.id })).status).toBe(200);
      const card = (await api("GET", `/members/${sam}/inbox`)).body.items[0];
      expect([card.message.title, card.message.actions[0].type, card.answer]).toEqual(["Nobody was free", "ask.post_channel", null]);
      return { card, requestId: asked.body.request.id as string };
    };
    const badge = async () => (await api("GET", "/members")).body.members.find((m: { slug: string }) => m.slug === sam).inbox;

    // Posted from the ask's own "Post to a channel instead" button: the card has nothing left to ask.
    const first = await nobodyFree("Who knows bookkeeping for freelancers?");
    expect(await badge()).toBe(1);
    expect((await api("POST", `/members/${sam}/actions`, { type: "ask.post_channel", value: first.requestId })).body.outcome.message.text).toMatch(/^Posted/);
    expect((await api("GET", `/members/${sam}/inbox`)).body.items[0].answer).toMatchObject({ label: "Posted to the channel", settled: true });
    expect(await badge()).toBe(0);
    const again = await api("POST", `/members/${sam}/actions`, { type: "ask.post_channel", value: first.requestId, itemId: first.card.id });
    expect([again.status, again.body.outcome.message.text]).toEqual([200, "I've already posted this question to the channel."]);

    // Left for more than a week: no longer open, and its button does not post a stale question.
    const second = await nobodyFree("Who can explain bookkeeping for a small shop?");
    h.clock.advance(7 * 24 * 3600_000 + 60_000);
    expect(await badge()).toBe(0);
    expect((await api("GET", `/members/${sam}/inbox`)).body.items[0].answer).toMatchObject({ label: "No longer open", settled: true });
    const stale = await api("POST", `/members/${sam}/actions`, { type: "ask.post_channel", value: second.requestId, itemId: second.card.id });
    expect([stale.status, stale.body.error.message]).toEqual([409, "That question is no longer open — ask it again if you still need help."]);
    expect((await api("GET", "/channels/general")).body.posts).toHaveLength(1);
  });

  it("reports faults as a generic apology with status 500, never the raw error", async () => {
    const sam = await member("Sam");
    await h.store.close();
    const res = await api("POST", `/members/${sam}/ask`, { question: "Who can help with SEO?" });
    expect(res.status).toBe(500);
    expect(res.body.error.message).toMatch(/something went wrong/i);
  });
});

describe("playground nudges via the injected jobs sweep", () => {
  it("runs the app's sweep at the simulated time, and nudge buttons go through core.actions", async () => {
    h = await startHarness({
      withSweep: true,
      // Stands in for the jobs module: nudges Maya through the core's messenger, as a job would.
      onSweep: async (core) => {
        if (h.sweeps.length > 1) return { widened: 0, followUps: 0, welcomed: 0, nudged: 0, digests: 0 };
        await core.deps.messenger.sendDirect("web:demo:maya", {
          kind: "nudge", title: "Still accurate?", text: "You told us you can help with *SEO*.",
          actions: [
            { type: "nudge.confirm", label: "Still accurate", value: "x" },
            { type: "nudge.edit", label: "Edit", value: "x" },
            { type: "nudge.stop", label: "Don't remind me", value: "x" },
          ],
        });
        return { widened: 0, followUps: 0, welcomed: 0, nudged: 1, digests: 0 };
      },
    });
    await member("Maya", "SEO");
    const moved = await api("POST", "/clock/advance", { hours: 24 * 90, sweep: true });
    // Ninety days run the jobs 48 times along the way: every six hours for eight days, then every 123 hours, the last at
    // the new time.
    expect(moved.body.sweep).toEqual({ ran: "jobs", sweeps: 48, counts: { widened: 0, followUps: 0, welcomed: 0, nudged: 1, digests: 0 } });
    expect(h.sweeps).toHaveLength(48);
    expect(h.sweeps[0]!.toISOString()).toBe("2026-03-02T16:00:00.000Z");
    expect(h.sweeps[32]!.toISOString()).toBe("2026-03-15T13:00:00.000Z");
    expect(h.sweeps.at(-1)!.toISOString()).toBe("2026-05-31T10:00:00.000Z");

    const nudge = (await api("GET", "/members/maya/inbox")).body.items[0];
    const edit = await api("POST", "/members/maya/actions", { type: "nudge.edit", value: "x" });
    expect(edit.body.outcome).toEqual({ kind: "open_skills_editor" });
    const stop = await api("POST", "/members/maya/actions", { type: "nudge.stop", value: "x", itemId: nudge.id });
    expect(stop.body.outcome.message.text).toContain("won't remind you");
    expect((await api("GET", "/members/maya")).body.member.reminders).toBe("never");
    expect((await api("GET", "/members/maya/inbox")).body.items[0].answer.label).toBe("Don't remind me");
  });

  afterEach(async () => {
    await h.close();
  });
});
