import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OverlapMatcher } from "../../src/core/matching/overlap-matcher.js";
import { LIMITS } from "../../src/core/text.js";
import { slashCommand, viewSubmission } from "../fakes/slack/index.js";
import { findButton, SECRET, startHarness, TEAM, textOf, USERS, type Harness } from "./support/harness.js";

describe("Slack commands: privacy, bad input, security", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("exports the member's data as a file by DM", async () => {
    await h.command(USERS.ana, "/skills", "add SEO, copywriting (expert)");
    const res = await h.command(USERS.ana, "/knowhow", "export");
    expect(String(res.responses.at(-1)?.text)).toContain("sent you a DM");
    const file = [...h.fake.state.files.values()].at(-1)!;
    expect(file.completed).toBe(true);
    expect(file.channelId).toBe("DUANA");
    const data = JSON.parse(file.content) as { member: { id: string; skills: Array<{ label: string }> } };
    expect(data.member.id).toBe("slack:T0001:UANA");
    expect(data.member.skills.map((s) => s.label)).toContain("copywriting");
  });

  it("falls back to sending the export inline when the upload fails", async () => {
    await h.command(USERS.ana, "/skills", "add SEO");
    h.fake.failNext("files.getUploadURLExternal", { kind: "error", error: "not_allowed" });
    await h.command(USERS.ana, "/knowhow", "export");
    const inline = h.fake.state.dmsTo(USERS.ana).filter((m) => m.text.startsWith("```"));
    expect(inline.length).toBeGreaterThan(0);
    expect(inline.map((m) => m.text).join("")).toContain("slack:T0001:UANA");
  });

  it("/knowhow export for a member the bot cannot DM says so instead of 'try again in a minute'", async () => {
    h.fake.failNext("conversations.open", { kind: "error", error: "cannot_dm_bot" });
    const r = await h.command(USERS.ana, "/knowhow", "export");
    const shown = `${String(r.responses.at(-1)?.text)} ${textOf(r.responses.at(-1)?.blocks)}`;
    expect(shown).not.toMatch(/something went wrong/i);
    expect(shown).toMatch(/can't DM you.*App Home/);
  });

  it("forgets the member only after the confirmation click", async () => {
    await h.command(USERS.ana, "/skills", "add SEO");
    const prompt = await h.command(USERS.ana, "/knowhow", "forget-me");
    expect(await h.store.getMember("slack:T0001:UANA")).not.toBeNull();
    const confirm = findButton(prompt.responses[0]?.blocks, "forget.confirm");
    expect(JSON.stringify(prompt.responses[0]?.blocks)).toContain('"confirm"');
    const done = await h.press(USERS.ana, confirm.action_id, confirm.value!);
    expect(String(done.responses.at(-1)?.text)).toContain("deleted everything");
    expect(await h.store.getMember("slack:T0001:UANA")).toBeNull();
  });

  it("after forget-me, buttons on old messages (a nudge's Pause, Don't remind me, Still accurate; an intro request) store nothing and say so", async () => {
    await h.command(USERS.ana, "/skills", "add SEO");
    await h.command(USERS.ben, "/ask", "who knows seo?");
    const best = findButton(h.fake.responses.at(-1)?.body.blocks, "ask.best");
    await h.press(USERS.ben, best.action_id, best.value!);
    const offer = h.fake.state.dmsTo(USERS.ana).at(-1)!;
    h.clock.advance(91 * 86_400_000);
    await h.core.nudges.runInactivity({});
    const nudge = h.fake.state.dmsTo(USERS.ana).at(-1)!;
    expect(nudge.text).toContain("Is that still accurate?");

    const prompt = await h.command(USERS.ana, "/knowhow", "forget-me");
    const confirm = findButton(prompt.responses[0]?.blocks, "forget.confirm");
    await h.press(USERS.ana, confirm.action_id, confirm.value!);
    expect(await h.store.getMember("slack:T0001:UANA")).toBeNull();

    const old = [
      findButton(nudge.blocks, "nudge.pause"), findButton(nudge.blocks, "nudge.stop"), findButton(nudge.blocks, "nudge.confirm"),
      findButton(offer.blocks, "offer.accept"),
    ];
    for (const b of old) {
      const res = await h.press(USERS.ana, b.action_id, b.value!);
      expect(String(res.responses.at(-1)?.text)).toContain("I don't have anything stored for you any more");
      expect(await h.store.getMember("slack:T0001:UANA")).toBeNull();
    }
  });

  it("rejects a bad signature with 401 and does nothing", async () => {
    const before = h.fake.calls.length;
    const r = h.fake.newResponseUrl();
    const res = await h.slack.command(slashCommand({ teamId: TEAM, userId: USERS.ana, command: "/skills", text: "add SEO", responseUrl: r.url }), { secretOverride: "not-the-secret" });
    expect(res.status).toBe(401);
    const stale = await h.slack.command(slashCommand({ teamId: TEAM, userId: USERS.ana, command: "/skills", text: "add SEO", responseUrl: r.url }), { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).toBe(401);
    expect(h.fake.calls.length).toBe(before);
    expect(h.fake.responsesTo(r.id)).toHaveLength(0);
    expect(await h.store.getMember("slack:T0001:UANA")).toBeNull();
    expect(SECRET).not.toBe("not-the-secret");
  });

  it("answers an empty /ask kindly and stores nothing", async () => {
    const res = await h.command(USERS.ben, "/ask", "   ");
    expect(res.http.status).toBe(200);
    expect(String(res.responses[0]?.text)).toContain("Please add your question");
    expect(await h.store.listRequests({ communityId: "slack:T0001" })).toHaveLength(0);
  });

  it("answers a 10,000-character question kindly and stores nothing", async () => {
    const res = await h.command(USERS.ben, "/ask", `who can help with ${"seo ".repeat(2500)}`);
    expect(String(res.responses[0]?.text)).toMatch(/keep it under 2000/);
    expect(await h.store.listRequests({ communityId: "slack:T0001" })).toHaveLength(0);
  });

  it("given the store is down, then a command and a button each get the apology instead of silence", async () => {
    await h.command(USERS.ana, "/skills", "add SEO");
    const ask = await h.command(USERS.ben, "/ask", "who can help with seo?");
    const best = findButton(ask.responses[0]?.blocks, "ask.best");
    await h.store.close();
    const failed = await h.command(USERS.cat, "/ask", "who can help with seo?");
    expect(failed.http.status).toBe(200);
    expect(String(failed.responses.at(-1)?.text)).toMatch(/something went wrong on my side/);
    const pressed = await h.press(USERS.ben, best.action_id, best.value!);
    expect(String(pressed.responses.at(-1)?.text)).toMatch(/something went wrong on my side/);
    expect(h.fake.state.dmsTo(USERS.ana)).toHaveLength(0);
  });

  it("answers an unknown subcommand with a hint", async () => {
    const a = await h.command(USERS.ben, "/knowhow", "frobnicate now");
    expect(String(a.responses[0]?.text)).toContain("I don't know `/knowhow frobnicate`");
    const b = await h.command(USERS.ben, "/skills", "juggle SEO");
    expect(String(b.responses[0]?.text)).toContain("I don't know `/skills juggle`");
  });

  it("an emoji alone (Slack sends it as :tada:) is refused as a skill and as a question, like any text without letters", async () => {
    const add = await h.command(USERS.cat, "/skills", "add :tada:");
    expect(String(add.responses[0]?.text)).toContain("has no letters or digits");
    expect((await h.store.getMember("slack:T0001:UCAT"))?.skills ?? []).toEqual([]);
    const ask = await h.command(USERS.cat, "/ask", ":thinking_face:");
    expect(String(ask.responses[0]?.text)).toContain("I couldn't find a question in that");
  });

  it("/skills add with one skill per line (shift+enter) adds one skill per line", async () => {
    await h.command(USERS.cat, "/skills", "add SEO\ncopywriting\nbookkeeping");
    const cat = await h.store.getMember("slack:T0001:UCAT");
    expect(cat?.skills.map((s) => s.label).sort()).toEqual(["SEO", "bookkeeping", "copywriting"]);
  });

  it("an admin sets the help channel the way the error tells them to: by #-mentioning it", async () => {
    h.fake.state.addChannel("C0HELP", Object.values(USERS));
    const r = await h.command(USERS.admin, "/knowhow", "settings channel <#C0HELP|help>"); // what Slack sends for “#help”
    expect(String(r.responses.at(-1)?.text)).toContain("updated");
    expect((await h.store.getCommunity("slack:T0001"))?.settings.defaultChannelId).toBe("C0HELP");
  });

  it("keeps admin settings for admins", async () => {
    await h.command(USERS.ben, "/skills", "add SEO");
    const res = await h.command(USERS.ben, "/knowhow", "settings wait 30");
    expect(String(res.responses[0]?.text)).toContain("Only community admins");
    const report = await h.command(USERS.admin, "/knowhow", "report");
    expect(report.responses[0]?.blocks).toBeDefined();
    expect(String(report.responses[0]?.text)).not.toContain("Only community admins");
  });

  it("an Enterprise Grid org admin (users.info enterprise_user.is_admin, no workspace role) can use the admin commands", async () => {
    h.fake.state.addUser({ id: "WORGADM", name: "Olga", tz: "Europe/Paris", isOrgAdmin: true });
    const res = await h.command("WORGADM", "/knowhow", "settings wait 30");
    expect(String(res.responses.at(-1)?.text)).toContain("updated");
  });

  it("a workspace admin who turns the digest on gets it by DM; turning it off stops it for them only", async () => {
    const on = await h.command(USERS.admin, "/knowhow", "settings digest on");
    expect(String(on.responses[0]?.text)).toContain("I'll DM it to you on Monday mornings");
    await h.command(USERS.ben, "/ask", "who can help with bookkeeping?");
    const sent = await h.core.digest.sendWeekly({ now: h.clock.now() });
    expect(sent.communities.find((c) => c.communityId === `slack:${TEAM}`)?.sentTo).toEqual([`slack:${TEAM}:${USERS.admin}`]);
    expect(h.fake.state.dmsTo(USERS.admin).map((m) => m.text).join("\n")).toContain("Knowhow weekly digest");
    const off = await h.command(USERS.admin, "/knowhow", "settings digest off");
    expect(String(off.responses[0]?.text)).toBe("I won't send you the weekly digest any more.");
    expect((await h.core.digest.sendWeekly({ now: new Date(h.clock.now().getTime() + 7 * 86_400_000) })).communities[0]?.status).toBe("disabled");
  });

  it("a workspace admin who loses admin rights stops getting the digest they turned on", async () => {
    await h.command(USERS.admin, "/knowhow", "settings digest on");
    await h.command(USERS.ben, "/ask", "who can help with bookkeeping?");
    h.fake.state.users.get(USERS.admin)!.isAdmin = false;
    const sent = await h.core.digest.sendWeekly({ now: h.clock.now() });
    const c = sent.communities.find((x) => x.communityId === `slack:${TEAM}`);
    expect(c?.sentTo).toEqual([]);
    expect(c?.skipped).toEqual([{ memberId: `slack:${TEAM}:${USERS.admin}`, reason: "not_admin" }]);
    expect(h.fake.state.dmsTo(USERS.admin).map((m) => m.text).join("\n")).not.toContain("Knowhow weekly digest");
    const community = await h.core.deps.store.getCommunity(`slack:${TEAM}`);
    expect([community?.settings.digestTo, community?.settings.digestEnabled]).toEqual([[], false]);
  });

  it("a digest recipient Slack no longer knows (users.info user_not_found) is dropped like one who lost admin rights, not asked about every hour", async () => {
    await h.command(USERS.admin, "/knowhow", "settings digest on");
    await h.command(USERS.ben, "/ask", "who can help with bookkeeping?");
    h.fake.state.users.delete(USERS.admin);
    const sent = await h.core.digest.sendWeekly({ now: h.clock.now() });
    const c = sent.communities.find((x) => x.communityId === `slack:${TEAM}`);
    expect(c?.skipped).toEqual([{ memberId: `slack:${TEAM}:${USERS.admin}`, reason: "not_admin" }]);
    const community = await h.core.deps.store.getCommunity(`slack:${TEAM}`);
    expect([community?.settings.digestTo, community?.settings.digestEnabled]).toEqual([[], false]);
  });

  it("a digest recipient whose users.info fails otherwise is asked about again next run (admin_unknown), not dropped", async () => {
    await h.command(USERS.admin, "/knowhow", "settings digest on");
    await h.command(USERS.ben, "/ask", "who can help with bookkeeping?");
    h.fake.failNext("users.info", { kind: "http", status: 503 }, 4); // every retry of the SlackApi queue fails
    const sent = await h.core.digest.sendWeekly({ now: h.clock.now() });
    expect(sent.communities.find((x) => x.communityId === `slack:${TEAM}`)?.skipped).toEqual([{ memberId: `slack:${TEAM}:${USERS.admin}`, reason: "admin_unknown" }]);
    expect((await h.core.deps.store.getCommunity(`slack:${TEAM}`))?.settings.digestTo).toEqual([`slack:${TEAM}:${USERS.admin}`]);
  });

  it("when Slack refuses to open the editor because its 3-second trigger expired, /skills says to run it again (not 'something went wrong… try again in a minute')", async () => {
    h.fake.failNext("views.open", { kind: "error", error: "expired_trigger_id" });
    const res = await h.command(USERS.ana, "/skills", "");
    const said = String(res.responses.at(-1)?.text);
    expect(said).toContain("/skills");
    expect(said).toContain("again");
    expect(said).not.toContain("went wrong");
  });

  it("the skills editor holds the largest profile the core allows (40 skills of 60 characters, with levels): it opens prefilled within its limit and saves unchanged", async () => {
    const full = Array.from({ length: LIMITS.skillsPerMember }, (_, i) => `${`skill ${String(i).padStart(2, "0")} for marketing copy and search`.padEnd(LIMITS.skillLabel, "s")} (learning)`).join("\n");
    const save = async (value: string) => h.slack.interaction(viewSubmission({
      teamId: TEAM, userId: USERS.ana, callbackId: "kh_skills_modal", privateMetadata: "",
      values: { skills: { skills_input: { type: "plain_text_input", value } }, about: { about_input: { type: "plain_text_input", value: "" } } },
    }));
    const first = await save(full);
    expect(first.json?.errors).toBeUndefined();
    expect((await h.store.getMember("slack:T0001:UANA"))?.skills).toHaveLength(LIMITS.skillsPerMember);

    await h.command(USERS.ana, "/skills", "");
    const view = h.fake.callsOf("views.open").at(-1)!.params.view as { blocks: Array<{ block_id?: string; element?: { max_length?: number; initial_value?: string } }> };
    const input = view.blocks.find((b) => b.block_id === "skills")!.element!;
    expect(input.initial_value).toBe(full);
    expect(input.initial_value!.length).toBeLessThanOrEqual(input.max_length!);
    expect(input.max_length).toBeLessThanOrEqual(3000); // Slack's most for a plain_text_input
    const again = await save(input.initial_value!);
    expect(again.json?.errors).toBeUndefined();
    expect((await h.store.getMember("slack:T0001:UANA"))?.skills).toHaveLength(LIMITS.skillsPerMember);
  });

  it("opens the skills modal for /skills and shows validation errors next to the field", async () => {
    await h.command(USERS.ana, "/skills", "add SEO");
    const res = await h.command(USERS.ana, "/skills", "");
    expect(res.responses).toHaveLength(0);
    const open = h.fake.callsOf("views.open").at(-1)!;
    expect(open.params.trigger_id).toMatch(/^trig\./);
    const view = open.params.view as { callback_id: string; private_metadata: string };
    expect(textOf(view)).toContain("SEO");

    const bad = await h.slack.interaction(viewSubmission({
      teamId: TEAM, userId: USERS.ana, callbackId: view.callback_id, privateMetadata: view.private_metadata,
      values: { skills: { skills_input: { type: "plain_text_input", value: "copywriting\n(expert)" } }, about: { about_input: { type: "plain_text_input", value: "" } } },
    }));
    expect(bad.status).toBe(200);
    expect(bad.json?.response_action).toBe("errors");
    expect(String((bad.json?.errors as Record<string, string>).skills)).toContain("empty");
    expect((await h.store.getMember("slack:T0001:UANA"))?.skills.map((s) => s.label)).toEqual(["SEO"]);

    const good = await h.slack.interaction(viewSubmission({
      teamId: TEAM, userId: USERS.ana, callbackId: view.callback_id, privateMetadata: view.private_metadata,
      values: { skills: { skills_input: { type: "plain_text_input", value: "copywriting (expert)\nreact (learning)" } }, about: { about_input: { type: "plain_text_input", value: "Freelance writer" } } },
    }));
    expect(good.status).toBe(200);
    expect(good.body).toBe("");
    const ana = await h.store.getMember("slack:T0001:UANA");
    expect(ana?.skills.map((s) => `${s.label}:${s.level}`).sort()).toEqual(["copywriting:expert", "react:learning"]);
    expect(ana?.about).toBe("Freelance writer");
    expect(String(h.fake.responsesTo(res.responseId).at(-1)?.text)).toContain("Saved");
  });

  it("the skills modal's confirmation asks “did you mean…?” when the matcher thinks a skill is misspelt", async () => {
    await h.close();
    h = await startHarness({
      matcher: (store) => Object.assign(new OverlapMatcher(store), {
        spellingHints: async (_c: string, labels: readonly string[]) => labels.filter((l) => l === "Pyhton").map((label) => ({ label, suggestion: "Python" })),
      }),
    });
    const res = await h.command(USERS.ana, "/skills", "");
    const view = h.fake.callsOf("views.open").at(-1)!.params.view as { callback_id: string; private_metadata: string };
    await h.slack.interaction(viewSubmission({
      teamId: TEAM, userId: USERS.ana, callbackId: view.callback_id, privateMetadata: view.private_metadata,
      values: { skills: { skills_input: { type: "plain_text_input", value: "Pyhton\nSQL" } }, about: { about_input: { type: "plain_text_input", value: "" } } },
    }));
    expect(String(h.fake.responsesTo(res.responseId).at(-1)?.text)).toBe("Saved — 2 skills on your profile. Did you mean *Python* for “Pyhton”? If so, edit your skills to fix it.");
  });

  it("a skills modal save that runs long (a cold matcher index after a restart) closes the modal within Slack's 3 s and confirms once saved", async () => {
    await h.close();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    h = await startHarness({
      adapter: { processBeforeResponse: false, modalAckBudgetMs: 100 },
      matcher: (store) => Object.assign(new OverlapMatcher(store), {
        spellingHints: async () => {
          await gate;
          return [];
        },
      }),
    });
    const res = await h.command(USERS.ana, "/skills", "");
    const view = (await h.fake.waitForCall((c) => c.method === "views.open")).params.view as { callback_id: string; private_metadata: string };
    const submitted = h.slack.interaction(viewSubmission({
      teamId: TEAM, userId: USERS.ana, callbackId: view.callback_id, privateMetadata: view.private_metadata,
      values: { skills: { skills_input: { type: "plain_text_input", value: "SEO\nSQL" } }, about: { about_input: { type: "plain_text_input", value: "" } } },
    }));
    const answered = await Promise.race([submitted.then((r) => r.status), new Promise((r) => setTimeout(() => r("no ack within 2 s"), 2000))]);
    release();
    expect(answered).toBe(200);
    const confirmed = await h.fake.waitForResponse(res.responseId);
    expect(String(confirmed.at(-1)?.text)).toContain("Saved — 2 skills");
    expect((await h.store.getMember("slack:T0001:UANA"))?.skills.map((s) => s.label).sort()).toEqual(["SEO", "SQL"]);
  });

  it("a late skills-modal outcome whose response_url has expired (modal open over 30 min) arrives by DM", async () => {
    await h.close();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    h = await startHarness({
      adapter: { modalAckBudgetMs: 50 },
      matcher: (store) => Object.assign(new OverlapMatcher(store), {
        spellingHints: async () => {
          await gate;
          return [];
        },
      }),
    });
    const submitted = h.slack.interaction(viewSubmission({
      teamId: TEAM, userId: USERS.ana, callbackId: "kh_skills_modal", privateMetadata: JSON.stringify({ responseUrl: `${h.fake.baseUrl}/expired/r0` }),
      values: { skills: { skills_input: { type: "plain_text_input", value: "SEO" } }, about: { about_input: { type: "plain_text_input", value: "" } } },
    }));
    setTimeout(release, 200);
    expect((await submitted).status).toBe(200);
    const dm = await h.fake.waitFor(() => h.fake.state.dmsTo(USERS.ana).at(-1) ?? null, "the outcome by DM");
    expect(dm.text).toContain("Saved — 1 skill");
  });

  it("lists another member's skills by mention", async () => {
    await h.command(USERS.ana, "/skills", "add SEO");
    const res = await h.command(USERS.ben, "/skills", "list <@UANA|ana>");
    expect(textOf(res.responses[0]?.blocks)).toContain("SEO");
    expect(textOf(res.responses[0]?.blocks)).toContain("<@UANA>");
  });

  it("uses the timezone Slack reports for quiet hours", async () => {
    const res = await h.command(USERS.dan, "/knowhow", "quiet 22-7");
    expect(String(res.responses[0]?.text)).toContain("Asia/Tokyo");
    expect((await h.store.getMember("slack:T0001:UDAN"))?.availability.quietHours).toEqual({ start: 22, end: 7 });
  });

  it("a member whose Slack profile has no timezone is recorded without one: quiet hours say they are UTC and how to make them local, and 'timezone auto' says UTC is used", async () => {
    h.fake.state.addUser({ id: "UEVE", name: "Eve", tz: null });
    const quiet = String((await h.command("UEVE", "/knowhow", "quiet 22-7")).responses[0]?.text);
    // They are applied in UTC: "your time" would be wrong for anyone not on UTC.
    expect(quiet).toBe("Quiet hours set: 22:00–7:00 UTC (your timezone isn't set: `/knowhow timezone Europe/Paris` makes them your local hours).");
    expect(String((await h.command("UEVE", "/knowhow", "quiet")).responses[0]?.text)).toContain("Your quiet hours: 22:00–7:00 UTC (your timezone isn't set).");
    const eve = (await h.store.getMember("slack:T0001:UEVE"))!;
    expect(eve.timezone).toBeNull();
    expect(eve.availability.quietHours).toEqual({ start: 22, end: 7 });
    expect(String((await h.command("UEVE", "/knowhow", "timezone auto")).responses[0]?.text)).toBe("Your timezone follows your Slack profile again (it doesn't say one, so I use UTC).");
  });

  it("a timezone the member sets with /knowhow timezone sticks: the next command does not put Slack's back", async () => {
    // Ben's Slack profile says New York; he lives in Paris and tells Knowhow so.
    expect(String((await h.command(USERS.ben, "/knowhow", "timezone Europe/Paris")).responses[0]?.text)).toContain("Timezone set to Europe/Paris");
    expect(String((await h.command(USERS.ben, "/knowhow", "status")).responses[0]?.text)).toContain("timezone Europe/Paris");
    h.clock.advance(2 * 60_000);
    await h.command(USERS.ben, "/skills", "add SEO");
    expect((await h.store.getMember("slack:T0001:UBEN"))?.timezone).toBe("Europe/Paris");
    // Back to the profile's: Slack's zone applies again, now and at the next command.
    expect(String((await h.command(USERS.ben, "/knowhow", "timezone auto")).responses[0]?.text)).toBe("Your timezone follows your Slack profile again (America/New_York for now).");
    expect((await h.store.getMember("slack:T0001:UBEN"))?.timezone).toBe("America/New_York");
  });

  it("'/knowhow quiet 22-22' says quiet hours are off rather than claiming 22:00–22:00 was set", async () => {
    const reply = String((await h.command(USERS.ana, "/knowhow", "quiet 22-22")).responses[0]?.text);
    expect(String((await h.command(USERS.ana, "/knowhow", "quiet")).responses[0]?.text)).toContain("You have no quiet hours");
    expect(reply).not.toContain("22:00–22:00");
    expect(reply).toContain("Quiet hours off.");
  });

  it("escapes what members type so nobody can ping a channel through the bot", async () => {
    await h.command(USERS.ana, "/skills", "add SEO");
    await h.command(USERS.ben, "/ask", "<!channel> who knows seo?");
    const best = findButton(h.fake.responses.at(-1)?.body.blocks, "ask.best");
    await h.press(USERS.ben, best.action_id, best.value!);
    const offer = h.fake.state.dmsTo(USERS.ana).at(-1)!;
    expect(offer.text).not.toContain("<!channel>");
    expect(textOf(offer.blocks)).not.toContain("<!channel>");
  });
});
