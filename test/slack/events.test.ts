import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonsIn, findButton, GENERAL, PRIVATE, startHarness, textOf, USERS, type Harness } from "./support/harness.js";

describe("Slack events: mentions, DMs, App Home, redelivery", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.command(USERS.ana, "/skills", "add SEO, bookkeeping (expert)");
  });
  afterEach(async () => {
    await h.close();
  });

  it("answers a mention in the thread, visible only to the asker", async () => {
    const res = await h.event({ type: "app_mention", user: USERS.ben, text: "<@UBOT> who can help with bookkeeping?", ts: "1767607300.000100", channel: GENERAL, channel_type: "channel" });
    expect(res.status).toBe(200);
    const eph = h.fake.callsOf("chat.postEphemeral");
    expect(eph).toHaveLength(1);
    expect(eph[0]!.params).toMatchObject({ channel: GENERAL, user: USERS.ben, thread_ts: "1767607300.000100" });
    expect(textOf(eph[0]!.params.blocks)).toContain("<@UANA>");
    // Nothing was posted for everyone to see.
    expect(h.fake.callsOf("chat.postMessage")).toHaveLength(0);
    const [req] = await h.store.listRequests({ communityId: "slack:T0001" });
    expect(req?.origin).toMatchObject({ surface: "mention", channelId: GENERAL, threadId: "1767607300.000100", isPrivate: false });
    expect(req?.question).toBe("who can help with bookkeeping?");
  });

  it("'@Knowhow help' in a channel shows how to use the bot, as a DM 'help' does", async () => {
    await h.event({ type: "app_mention", user: USERS.ben, text: "<@UBOT> help", ts: "1767607300.001100", channel: GENERAL });
    expect(String(h.fake.callsOf("chat.postEphemeral").at(-1)?.params.text)).toContain("How Knowhow works");
    expect(await h.store.listRequests({ communityId: "slack:T0001" })).toHaveLength(0);
  });

  it("in a private channel nothing leaks: the intro is a group DM and nothing is posted to the channel", async () => {
    h.fake.state.conversations.get(PRIVATE)!.members.push(USERS.ana);
    await h.event({ type: "app_mention", user: USERS.ben, text: "<@UBOT> need bookkeeping help for our secret project", ts: "1767607300.000200", channel: PRIVATE });
    const [req] = await h.store.listRequests({ communityId: "slack:T0001" });
    expect(req?.origin.isPrivate).toBe(true);
    const eph = h.fake.callsOf("chat.postEphemeral")[0]!;
    const best = findButton(eph.params.blocks, "ask.best");
    await h.press(USERS.ben, best.action_id, best.value!);
    const accept = findButton(h.fake.state.dmsTo(USERS.ana)[0]!.blocks, "offer.accept");
    await h.press(USERS.ana, accept.action_id, accept.value!);
    expect(h.fake.state.messagesIn(PRIVATE, { ephemeral: false })).toHaveLength(0);
    expect(h.fake.callsOf("chat.postMessage").every((c) => c.params.channel !== PRIVATE && c.params.channel !== GENERAL)).toBe(true);
    const group = [...h.fake.state.conversations.entries()].find(([, c]) => c.kind === "mpim");
    expect(group).toBeDefined();
  });

  it("does not fall back to a channel mention from a private channel when the candidate's DMs are closed", async () => {
    await h.event({ type: "app_mention", user: USERS.ben, text: "<@UBOT> bookkeeping question", ts: "1767607300.000300", channel: PRIVATE });
    const best = findButton(h.fake.callsOf("chat.postEphemeral")[0]!.params.blocks, "ask.best");
    h.fake.failNext("conversations.open", { kind: "error", error: "cannot_dm_bot" });
    await h.press(USERS.ben, best.action_id, best.value!);
    expect(h.fake.state.messagesIn(PRIVATE, { ephemeral: false })).toHaveLength(0);
    expect((await h.store.getMember("slack:T0001:UANA"))?.dmClosed).toBe(true);
  });

  it("the public-thread fallback for closed DMs does not promise 'nobody will know you were asked'", async () => {
    await h.event({ type: "app_mention", user: USERS.ben, text: "<@UBOT> who knows bookkeeping?", ts: "1767607300.000700", channel: GENERAL });
    const best = findButton(h.fake.callsOf("chat.postEphemeral")[0]!.params.blocks, "ask.best");
    h.fake.failNext("conversations.open", { kind: "error", error: "cannot_dm_bot" });
    await h.press(USERS.ben, best.action_id, best.value!);
    const posted = h.fake.state.messagesIn(GENERAL, { ephemeral: false });
    expect(posted).toHaveLength(1);
    expect(posted[0]!.text).not.toContain("nobody will know you were asked");
    expect(posted[0]!.text).toContain("couldn't send you a DM");
  });

  it("a member whose DMs failed once is un-flagged when DMs to them work again (else nudges skip them forever)", async () => {
    const offerToAna = async (asker: string) => {
      const ask = await h.command(asker, "/ask", "who can help with bookkeeping?");
      const best = findButton(ask.responses[0]?.blocks, "ask.best");
      await h.press(asker, best.action_id, best.value!);
      return h.fake.state.dmsTo(USERS.ana).at(-1);
    };
    h.fake.failNext("conversations.open", { kind: "error", error: "messages_tab_disabled" });
    await offerToAna(USERS.ben);
    expect((await h.store.getMember("slack:T0001:UANA"))?.dmClosed).toBe(true);
    await h.event({ type: "message", channel_type: "im", channel: "DUANA", user: USERS.ana, text: "help", ts: "10" });
    expect((await h.store.getMember("slack:T0001:UANA"))?.dmClosed).toBe(false); // she wrote to the bot
    await h.store.replaceMember({ ...(await h.store.getMember("slack:T0001:UANA"))!, dmClosed: true }, new Date());
    const second = await offerToAna(USERS.cat);
    expect(second?.text).toContain("<@UCAT> asks"); // DMs reach her again
    expect((await h.store.getMember("slack:T0001:UANA"))?.dmClosed).toBe(false);
  });

  it("turns free text in a DM into skills confirmed with one click", async () => {
    await h.event({ type: "message", channel_type: "im", channel: "DUCAT", user: USERS.cat, text: "I can help with bookkeeping and Etsy SEO", ts: "1767607300.000400" });
    const reply = h.fake.state.messagesIn("DUCAT").at(-1)!;
    expect(reply.text).toContain("bookkeeping");
    const confirm = findButton(reply.blocks, "skills.confirm_parsed");
    expect((await h.store.getMember("slack:T0001:UCAT"))?.skills ?? []).toHaveLength(0);
    const res = await h.press(USERS.cat, confirm.action_id, confirm.value!, { message: { text: reply.text, blocks: reply.blocks! } });
    expect(String(res.responses.at(-1)?.text)).toContain("Added");
    const cat = await h.store.getMember("slack:T0001:UCAT");
    expect(cat?.skills.map((s) => s.label).sort()).toEqual(["Etsy SEO", "bookkeeping"]);
    // The App Home was refreshed after the change.
    expect(textOf(h.fake.state.homeOf(USERS.cat))).toContain("Etsy SEO");
  });

  it("skills typed in a DM can still be added with the confirm button the next day (a long list travels in the button)", async () => {
    await h.event({ type: "message", channel_type: "im", channel: "DUCAT", user: USERS.cat, text: "I can help with bookkeeping, Etsy SEO, copywriting, product photography, email marketing and Shopify theme customisation", ts: "1767607300.000500" });
    const reply = h.fake.state.messagesIn("DUCAT").at(-1)!;
    const confirm = findButton(reply.blocks, "skills.confirm_parsed");
    h.clock.advance(25 * 3600_000); // she answers the next evening (or the bot was redeployed meanwhile)
    const res = await h.press(USERS.cat, confirm.action_id, confirm.value!, { message: { text: reply.text, blocks: reply.blocks! } });
    expect(res.responses.map((r) => String(r.text)).join(" ")).not.toContain("expired");
    expect((await h.store.getMember("slack:T0001:UCAT"))?.skills.length).toBe(6);
  });

  it("Edit under a DM's 'Add these skills?' opens the editor with the list understood, below the member's own", async () => {
    await h.event({ type: "message", channel_type: "im", channel: "DUCAT", user: USERS.cat, text: "I can help with Etsy SEO and some copywriting", ts: "2" });
    const reply = h.fake.state.messagesIn("DUCAT").at(-1)!;
    const edit = findButton(reply.blocks, "skills.edit");
    await h.press(USERS.cat, edit.action_id, edit.value!, { message: { text: reply.text, blocks: reply.blocks! } });
    expect(JSON.stringify(h.fake.callsOf("views.open").at(-1)!.params.view)).toContain("Etsy SEO\\ncopywriting");
  });

  it("a DM listing skills one per line proposes one skill per line", async () => {
    await h.event({ type: "message", channel_type: "im", channel: "DUCAT", user: USERS.cat, text: "I can help with:\nbookkeeping\nEtsy SEO\ncopywriting", ts: "1" });
    const reply = h.fake.state.messagesIn("DUCAT").at(-1)!;
    const confirm = findButton(reply.blocks, "skills.confirm_parsed");
    await h.press(USERS.cat, confirm.action_id, confirm.value!, { message: { text: reply.text, blocks: reply.blocks! } });
    const cat = await h.store.getMember("slack:T0001:UCAT");
    expect(cat?.skills.map((s) => s.label).sort()).toEqual(["Etsy SEO", "bookkeeping", "copywriting"]);
  });

  it("an e-mail address in a question reaches the helper as the address, not as Slack <mailto:…|…> markup", async () => {
    await h.event({ type: "app_mention", user: USERS.ben, text: "<@UBOT> who can help with email deliverability for <mailto:hello@myshop.com|hello@myshop.com>?", ts: "1767607300.001000", channel: GENERAL });
    const [req] = await h.store.listRequests({ communityId: "slack:T0001" });
    expect(req?.question).toBe("who can help with email deliverability for hello@myshop.com?");
  });

  for (const text of ["Sure, happy to help!", "no sorry, busy this week", "I can help with that", "thanks, that worked!"]) {
    it(`a conversational DM reply (“${text}”) is not offered back as skills to add; an open intro request's buttons are pointed to`, async () => {
      const ask = await h.command(USERS.ben, "/ask", "who can help with bookkeeping?");
      const best = findButton(ask.responses[0]?.blocks, "ask.best");
      await h.press(USERS.ben, best.action_id, best.value!);
      await h.event({ type: "message", channel_type: "im", channel: "DUANA", user: USERS.ana, text, ts: "9" });
      const reply = h.fake.state.dmsTo(USERS.ana).at(-1)!;
      expect(reply.text).not.toMatch(/Add these skills/);
      expect(reply.text).toContain("Not my area");
    });
  }

  it("treats a question sent by DM as an ask and ignores the bot's own and edited messages", async () => {
    await h.event({ type: "message", channel_type: "im", channel: "DUBEN", user: USERS.ben, text: "who can help with bookkeeping?", ts: "1" });
    await h.event({ type: "message", subtype: "message_changed", channel_type: "im", channel: "DUBEN", ts: "2", message: { text: "x" } });
    await h.event({ type: "message", channel_type: "im", channel: "DUBEN", user: "UBOT", bot_id: "BBOT", text: "echo", ts: "3" });
    const requests = await h.store.listRequests({ communityId: "slack:T0001" });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.origin.surface).toBe("dm");
    expect(textOf(h.fake.state.messagesIn("DUBEN").at(-1)?.blocks)).toContain("<@UANA>");
  });

  it("a DM written in a thread (a reply under one of the bot's messages) is answered in that thread, where the member is looking", async () => {
    await h.event({ type: "message", channel_type: "im", channel: "DUBEN", user: USERS.ben, text: "who can help with bookkeeping?", ts: "1767607400.000200", thread_ts: "1767607400.000100" });
    const reply = h.fake.state.messagesIn("DUBEN").at(-1)!;
    expect(textOf(reply.blocks)).toContain("<@UANA>");
    expect(reply.threadTs).toBe("1767607400.000100");
    // A top-level DM is answered at the top level.
    await h.event({ type: "message", channel_type: "im", channel: "DUBEN", user: USERS.ben, text: "help", ts: "1767607400.000300" });
    expect(h.fake.state.messagesIn("DUBEN").at(-1)!.threadTs).toBeNull();
  });

  it("a DM 'hi :wave:' (how Slack sends 'hi 👋') gets the help, as 'hi' does", async () => {
    await h.event({ type: "message", channel_type: "im", channel: "DUBEN", user: USERS.ben, text: "hi :wave:", ts: "1767607400.000400" });
    expect(h.fake.state.messagesIn("DUBEN").at(-1)!.text).toContain("How Knowhow works");
  });

  it("a DM question sent with a screenshot attached (subtype file_share) is answered", async () => {
    await h.event({ type: "message", subtype: "file_share", channel_type: "im", channel: "DUBEN", user: USERS.ben, text: "who can help with bookkeeping? screenshot attached", files: [{ id: "F1", name: "ledger.png" }], ts: "5" });
    expect(h.fake.state.messagesIn("DUBEN")).not.toHaveLength(0);
    expect(await h.store.listRequests({ communityId: "slack:T0001" })).toHaveLength(1);
    // The bot's own upload (an export) into the DM is not read as the member writing.
    const before = h.fake.callsOf("chat.postMessage").length;
    await h.event({ type: "message", subtype: "file_share", channel_type: "im", channel: "DUBEN", user: "UBOT", text: "", files: [{ id: "F2", name: "export.json" }], ts: "6" });
    expect(h.fake.callsOf("chat.postMessage")).toHaveLength(before);
  });

  it("publishes the App Home with skills, levels, confirmation dates and edit buttons", async () => {
    await h.event({ type: "app_home_opened", user: USERS.ana, channel: "DUANA", tab: "home" });
    const home = h.fake.state.homeOf(USERS.ana)!;
    expect(home.type).toBe("home");
    const text = textOf(home.blocks);
    expect(text).toContain("bookkeeping (expert)");
    expect(text).toContain("confirmed 2026-03-02");
    expect(text).toContain("Availability");
    findButton(home.blocks, "skills.edit");
    // The edit button opens the modal (no response_url in the App Home).
    const edit = findButton(home.blocks, "skills.edit");
    await h.press(USERS.ana, edit.action_id, edit.value!, { container: "view" });
    const opened = h.fake.callsOf("views.open").at(-1)!;
    expect(JSON.stringify(opened.params.view)).toContain("bookkeeping (expert)");
  });

  it("handles a redelivered event (same event_id) once", async () => {
    const ev = { type: "app_mention", user: USERS.ben, text: "<@UBOT> who knows bookkeeping?", ts: "1767607300.000500", channel: GENERAL };
    const first = await h.event(ev, { eventId: "Ev-dup-1" });
    const again = await h.event(ev, { eventId: "Ev-dup-1", retryNum: 1 });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(await h.store.listRequests({ communityId: "slack:T0001" })).toHaveLength(1);
    expect(h.fake.callsOf("chat.postEphemeral")).toHaveLength(1);
  });

  it("a deactivated member who is reactivated is suggested again; a profile edit of someone unknown creates nobody", async () => {
    await h.event({ type: "user_change", user: { id: USERS.ana, team_id: "T0001", name: "ana", deleted: true } });
    await h.event({ type: "user_change", user: { id: USERS.ana, team_id: "T0001", name: "ana", deleted: false } });
    const r = await h.command(USERS.ben, "/ask", "who can help with bookkeeping?");
    expect(textOf(r.responses.at(-1)?.blocks)).toContain("<@UANA>");
    await h.event({ type: "user_change", user: { id: "UNEW", team_id: "T0001", name: "neo", deleted: false } });
    expect(await h.store.getMember("slack:T0001:UNEW")).toBeNull();
  });

  it("records a member who joins the workspace, with name and timezone", async () => {
    await h.event({ type: "team_join", user: { id: "UNEW", team_id: "T0001", name: "neo", real_name: "Neo", tz: "Africa/Lagos", is_bot: false, deleted: false, profile: { display_name: "Neo" } } });
    const m = await h.store.getMember("slack:T0001:UNEW");
    expect(m).toMatchObject({ displayName: "Neo", timezone: "Africa/Lagos" });
  });
});

describe("Slack onboarding and nudges: the welcome, buttons and typed answers", () => {
  const DAY = 86_400_000;
  const ANA = "slack:T0001:UANA";
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("the onboarding welcome names the workspace, also when a join is the first thing Knowhow hears from it", async () => {
    h.fake.state.addUser({ id: "UNEW", name: "Neo", tz: "Europe/London" });
    await h.event({ type: "team_join", user: { id: "UNEW", team_id: "T0001", name: "neo", real_name: "Neo", tz: "Europe/London", is_bot: false, deleted: false, profile: { display_name: "Neo" } } });
    h.clock.advance(25 * 3600_000);
    await h.core.nudges.runOnboarding({});
    const welcome = h.fake.state.dmsTo("UNEW");
    expect(welcome).toHaveLength(1);
    expect(welcome[0]!.text).not.toContain("slack:T0001");
    expect(welcome[0]!.text).toContain("Welcome to Acme Makers");
  });

  it("pressing one 'Add <skill>' on an evidence nudge leaves the nudge's other buttons (the other suggestion, Still accurate, Edit…)", async () => {
    await h.command(USERS.ana, "/skills", "add SEO");
    const helped = (q: string, topics: string[], i: number) => ({ requestId: `r${i}`, kind: "helped" as const, question: q, topics, at: new Date(h.clock.now().getTime() + i * 1000) });
    const ana = (await h.store.getMember(ANA))!;
    await h.store.replaceMember({ ...ana, evidence: [
      helped("How do I structure Terraform modules?", ["terraform"], 1), helped("Terraform state locking", ["terraform"], 2),
      helped("Excel pivot tables", ["excel"], 3), helped("Excel macros", ["excel"], 4),
    ] }, h.clock.now());
    h.clock.advance(91 * DAY);
    await h.core.nudges.runInactivity({});
    const nudge = h.fake.state.dmsTo(USERS.ana).at(-1)!;
    expect(buttonsIn(nudge.blocks).map((b) => b.text?.text)).toEqual(["Add Excel", "Add Terraform", "Still accurate", "Edit", "Pause suggestions", "Don't remind me"]);
    const addExcel = findButton(nudge.blocks, "nudge.add_skill", "Excel");
    const res = await h.press(USERS.ana, addExcel.action_id, addExcel.value!, { message: { text: nudge.text, blocks: nudge.blocks! } });
    const replaced = res.responses.find((r) => r.replace_original === true);
    expect(replaced).toBeDefined();
    // She can still add Terraform, or confirm the rest, from the same nudge; Excel is added and its button gone.
    expect(buttonsIn(replaced!.blocks).map((b) => b.text?.text)).toEqual(["Add Terraform", "Still accurate", "Edit", "Pause suggestions", "Don't remind me"]);
    expect((await h.store.getMember(ANA))!.skills.map((s) => s.label)).toEqual(["SEO", "Excel"]);
  });

  it("'Pause suggestions' pressed on an old nudge does not shorten a longer pause the member set themselves", async () => {
    await h.command(USERS.ana, "/skills", "add SEO");
    h.clock.advance(91 * DAY);
    await h.core.nudges.runInactivity({});
    const nudge = h.fake.state.dmsTo(USERS.ana).at(-1)!;
    // Later that week she decides to take three months off...
    h.clock.advance(2 * DAY);
    expect(String((await h.command(USERS.ana, "/knowhow", "pause 90")).responses[0]?.text)).toContain("Paused until");
    const until = (await h.store.getMember(ANA))!.availability.pausedUntil!;
    // ...then tidies up her DMs and presses the nudge's Pause button.
    const pause = findButton(nudge.blocks, "nudge.pause");
    const res = await h.press(USERS.ana, pause.action_id, pause.value!, { message: { text: nudge.text, blocks: nudge.blocks! } });
    expect((await h.store.getMember(ANA))!.availability.pausedUntil).toEqual(until);
    const said = res.responses.map((r) => String(r.text)).join(" ");
    expect(said).not.toContain("Paused for 30 days");
    expect(said).toContain(`Paused until ${until.toISOString().slice(0, 10)}`);
  });

  const dm = async (u: string, text: string) => {
    await h.event({ type: "message", channel_type: "im", channel: `D${u}`, user: u, text, ts: `${Date.now()}.${Math.floor(Math.random() * 1e6)}` });
    return h.fake.state.messagesIn(`D${u}`).at(-1)!;
  };

  it("answering a nudge in words: 'yes, still accurate' confirms, 'stop' stops reminders (and says how to undo), anything else points to the buttons", async () => {
    await h.command(USERS.ana, "/skills", "add SEO");
    h.clock.advance(91 * DAY);
    await h.core.nudges.runInactivity({});
    expect(h.fake.state.dmsTo(USERS.ana).at(-1)!.text).toContain("Is that still accurate?");
    h.clock.advance(3600_000);
    expect((await dm(USERS.ana, "pause")).text).toContain("Still accurate");
    expect((await h.store.getMember(ANA))!.skills[0]!.confirmedAt.getTime()).toBeLessThan(h.clock.now().getTime());
    expect((await dm(USERS.ana, "yes, still accurate")).text).toContain("your skills are confirmed");
    expect((await h.store.getMember(ANA))!.skills[0]!.confirmedAt).toEqual(h.clock.now());
    // Confirmed: a later "yes" is small talk again, not a second confirmation.
    expect((await dm(USERS.ana, "yes")).text).toContain("Got it!");

    h.clock.advance(91 * DAY);
    await h.core.nudges.runInactivity({});
    const stopped = await dm(USERS.ana, "stop");
    expect(stopped.text).toContain("won't remind you again");
    expect(stopped.text).toContain("/knowhow reminders on");
    expect((await h.store.getMember(ANA))!.reminders).toBe("never");
  });

  it("a typed answer to a nudge with an emoji (Slack sends them, and :), as :shortcodes:) still confirms or stops", async () => {
    await h.command(USERS.ana, "/skills", "add SEO");
    h.clock.advance(91 * DAY);
    await h.core.nudges.runInactivity({});
    h.clock.advance(3600_000);
    expect((await dm(USERS.ana, "yes, still accurate :slightly_smiling_face:")).text).toContain("your skills are confirmed");
    h.clock.advance(91 * DAY);
    await h.core.nudges.runInactivity({});
    expect((await dm(USERS.ana, "stop :pray::skin-tone-2:")).text).toContain("won't remind you again");
    expect((await h.store.getMember(ANA))!.reminders).toBe("never");
  });

  it("a nudge to an account deactivated while Knowhow wasn't listening (user_disabled) marks the member departed, not just unreachable by DM", async () => {
    await h.command(USERS.ana, "/skills", "add SEO");
    h.clock.advance(91 * DAY);
    h.fake.failNext("conversations.open", { kind: "error", error: "user_disabled" });
    await h.core.nudges.runInactivity({});
    const ana = (await h.store.getMember(ANA))!;
    expect(ana.departed).toBe(true);
    expect(ana.dmClosed).toBe(false);
  });

  it("when Slack says the bot's own account is inactive (account_inactive: app or bot user deactivated), the nudge sweep marks nobody departed and tries again later", async () => {
    await h.command(USERS.ana, "/skills", "add SEO");
    h.clock.advance(91 * DAY);
    h.fake.failNext("conversations.open", { kind: "error", error: "account_inactive" });
    await h.core.nudges.runInactivity({});
    expect((await h.store.getMember(ANA))!.departed).toBe(false);
    expect(h.fake.state.dmsTo(USERS.ana)).toHaveLength(0);
    // The token works again: the next sweep sends the nudge.
    await h.core.nudges.runInactivity({});
    expect(h.fake.state.dmsTo(USERS.ana).at(-1)!.text).toContain("Is that still accurate?");
  });

  it("a member who ignores every nudge is not DMed every month for ever: at most 4 in a year", async () => {
    await h.command(USERS.ana, "/skills", "add SEO");
    for (let d = 0; d < 365; d++) {
      h.clock.advance(DAY);
      await h.core.nudges.runInactivity({});
    }
    expect(h.fake.state.dmsTo(USERS.ana).length).toBeLessThanOrEqual(4);
  });
});
