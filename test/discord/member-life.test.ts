/**
 * A Discord member's life over weeks and months (join, welcome, skills by DM, nudges, leaving, forget-me): the real
 * discord.js against the fake Discord, with a manual clock.
 */
import { afterEach, describe, expect, it } from "vitest";
import { buttonsOf, textOf } from "../fakes/discord/index.js";
import { discordWorld, type DiscordWorld } from "./support/harness.js";
import { bookbindingOfferToAna } from "./support/scenarios.js";

const DAY = 86_400_000;
let w: DiscordWorld;
afterEach(async () => {
  await w?.close();
});

describe("Discord member life: DMs closed at join, opened later", () => {
  it("a member whose welcome failed (DMs closed) and who later writes to the bot by DM is DMable again: the next nudge reaches them", async () => {
    w = await discordWorld();
    w.fake.state.dmClosed.add(w.ana.id);
    const dan = w.fake.join(w.guild.id, "dan");
    await expect.poll(() => w.store.getMember(w.id(dan)), { timeout: 2000 }).not.toBeNull();
    w.fake.state.dmClosed.add(dan.id);
    w.clock.advance(25 * 3_600_000);
    const r = await w.core.nudges.runOnboarding({});
    expect(r.communities[0]!.failed.map((f) => f.reason)).toContain("dm_closed");
    expect((await w.store.getMember(w.id(dan)))?.dmClosed).toBe(true);

    // Dan turns DMs on and writes to Knowhow; the bot's reply reaches him in that DM.
    w.fake.state.dmClosed.delete(dan.id);
    w.fake.say(dan, {}, "hi");
    await w.fake.waitForDm(dan);
    // Writing to the bot proves DMs work (Slack clears the flag here: adapters/slack/handlers/events.ts).
    await expect.poll(async () => (await w.store.getMember(w.id(dan)))?.dmClosed, { timeout: 1000 }).toBe(false);

    // So three months on, the inactivity nudge is tried (today it is skipped as dm_closed, for good).
    w.clock.advance(91 * DAY);
    const before = w.fake.state.dmsTo(dan.id).length;
    await w.core.nudges.runInactivity({});
    expect(w.fake.state.dmsTo(dan.id).length).toBe(before + 1);
  });
  it("a button pressed in a DM shows the member's DMs are open: an earlier dmClosed is cleared", async () => {
    w = await discordWorld();
    await w.fake.subcommand(w.ana, { guildId: w.guild.id, channelId: w.general }, "skills", "add", { skills: "bookbinding" });
    w.clock.advance(91 * DAY);
    await w.core.nudges.runInactivity({});
    const nudge = await w.fake.waitForDm(w.ana);
    // A later DM failed (she had closed them), then she opened them again and answers the old nudge.
    await w.core.members.setDmClosed(w.id(w.ana), true);
    const still = buttonsOf(nudge.body).find((b) => b.label === "Still accurate")!;
    await w.fake.press(w.ana, {}, still.custom_id, nudge);
    expect((await w.store.getMember(w.id(w.ana)))?.dmClosed).toBe(false);
  });
});

describe("Discord member life: forget-me", () => {
  it("after forget-me, the Edit button on an old nudge does not bring the member back (no record, no new welcome DM)", async () => {
    w = await discordWorld();
    const where = { guildId: w.guild.id, channelId: w.general };
    await w.fake.subcommand(w.ana, where, "skills", "add", { skills: "bookbinding" });
    w.clock.advance(91 * DAY);
    await w.core.nudges.runInactivity({});
    const nudge = await w.fake.waitForDm(w.ana);
    expect(textOf(nudge.body)).toContain("still accurate");

    const prompt = await w.fake.subcommand(w.ana, where, "knowhow", "forget-me");
    const yes = buttonsOf(prompt.data).find((b) => b.label === "Yes, delete my data")!;
    await w.fake.press(w.ana, where, yes.custom_id, { id: "1", channel_id: w.general });
    expect(await w.store.getMember(w.id(w.ana))).toBeNull();

    // Weeks later she taps "Edit" on the old nudge in her DMs, looks at the form and closes it without saving.
    w.clock.advance(14 * DAY);
    const edit = buttonsOf(nudge.body).find((b) => b.label === "Edit")!;
    await w.fake.press(w.ana, {}, edit.custom_id, nudge);
    // Opening a form is no consent to be stored again (Slack's editor reads the profile without creating one).
    expect(await w.store.getMember(w.id(w.ana))).toBeNull();

    // ...and so no "Welcome to Makers!" a day later, as if she had just joined.
    const before = w.fake.state.dmsTo(w.ana.id).length;
    w.clock.advance(2 * DAY);
    await w.core.nudges.runOnboarding({});
    expect(w.fake.state.dmsTo(w.ana.id).slice(before).map((m) => textOf(m.body)).join("\n")).not.toContain("Welcome to");
  });

  it("opening the skills form from a DM button is no activity: lastActiveAt stays, the form shows the profile", async () => {
    w = await discordWorld();
    await w.fake.subcommand(w.ana, { guildId: w.guild.id, channelId: w.general }, "skills", "add", { skills: "bookbinding" });
    w.clock.advance(91 * DAY);
    await w.core.nudges.runInactivity({});
    const nudge = await w.fake.waitForDm(w.ana);
    const before = (await w.store.getMember(w.id(w.ana)))!.lastActiveAt;
    w.clock.advance(DAY);
    const edit = buttonsOf(nudge.body).find((b) => b.label === "Edit")!;
    const opened = await w.fake.press(w.ana, {}, edit.custom_id, nudge);
    expect(opened.type).toBe(9);
    expect(JSON.stringify(opened.data)).toContain("bookbinding");
    expect((await w.store.getMember(w.id(w.ana)))!.lastActiveAt).toEqual(before);
  });
});

describe("Discord member life: answered buttons stay live", () => {
  it("after 'Not now' on an intro request DM, its buttons are taken away (as Slack replaces the row), so a later 'I can help' can't be told the open question is closed", async () => {
    w = await discordWorld();
    const offer = await bookbindingOfferToAna(w);
    const notNow = buttonsOf(offer.body).find((b) => b.label === "Not now")!;
    const res = await w.fake.press(w.ana, {}, notNow.custom_id, offer);
    // (Nobody else has the skill: she is not told someone else will be asked.)
    expect(textOf(res.data)).toBe("No problem, thanks for letting me know.");

    // Either the press answers with UPDATE_MESSAGE (type 7) without the buttons, or the DM is edited to drop them.
    const updated = res.type === 7 && buttonsOf(res.data).length === 0;
    const edited = w.fake.state.callsTo("PATCH", `/channels/${offer.channel_id}/messages/${offer.id}`)
      .some((c) => buttonsOf((c.body ?? {}) as Record<string, unknown>).length === 0);
    expect(updated || edited).toBe(true);
    expect(w.fake.state.callsTo("PATCH", `/channels/${offer.channel_id}/messages/${offer.id}`).map((c) => textOf((c.body ?? {}) as Record<string, unknown>)).join("")).toContain("You chose: **Not now**");
  });
});

describe("Discord member life: skills typed in a DM", () => {
  it("a one-word answer to the welcome's 'Tell me what you can help with' is offered as a skill", async () => {
    w = await discordWorld();
    const dan = w.fake.join(w.guild.id, "dan");
    await expect.poll(() => w.store.getMember(w.id(dan)), { timeout: 2000 }).not.toBeNull();
    w.clock.advance(25 * 3_600_000);
    await w.core.nudges.runOnboarding({});
    const welcome = await w.fake.waitForDm(dan);
    expect(textOf(welcome.body)).toContain("Tell me what you can help with");

    w.fake.say(dan, {}, "Bookkeeping");
    const reply = await w.fake.waitForDm(dan, 2);
    expect(buttonsOf(reply.body).map((b) => b.label)).toContain("Add these skills");
  });

  it.each(["not sure", "lol", "no idea"])("a short answer to the welcome that names nothing (%s) is not offered as a skill", async (text) => {
    w = await discordWorld();
    const dan = w.fake.join(w.guild.id, "dan");
    await expect.poll(() => w.store.getMember(w.id(dan)), { timeout: 2000 }).not.toBeNull();
    w.clock.advance(25 * 3_600_000);
    await w.core.nudges.runOnboarding({});
    await w.fake.waitForDm(dan);
    w.fake.say(dan, {}, text);
    const reply = await w.fake.waitForDm(dan, 2);
    expect(buttonsOf(reply.body)).toEqual([]);
  });

  it("a list past the custom_id's room (61 characters) is kept as a core draft, not in the adapter's map: pressed twice, it is added once", async () => {
    w = await discordWorld();
    w.fake.say(w.ana, {}, "I can help with bookkeeping, VAT returns, payroll, Etsy shop SEO and copywriting");
    const prompt = await w.fake.waitForDm(w.ana);
    const add = buttonsOf(prompt.body).find((b) => b.label === "Add these skills")!;
    expect(add.custom_id).toMatch(/:draft:/);
    expect(add.custom_id.length).toBeLessThanOrEqual(100);
    expect(textOf((await w.fake.press(w.ana, {}, add.custom_id, prompt)).data)).toContain("Added");
    expect(textOf((await w.fake.press(w.ana, {}, add.custom_id, prompt)).data)).toContain("Already added");
    expect((await w.store.getMember(w.id(w.ana)))?.skills.length).toBe(5);
  });

  it("a list that fits travels in the button itself, up to the last character the custom_id has room for", async () => {
    w = await discordWorld();
    const room = 100 - "skills.confirm_parsed:".length - w.guild.id.length - 1;
    const line = `bookkeeping, ${"x".repeat(room - "bookkeeping, ".length)}`;
    w.fake.say(w.ana, {}, `I can help with ${line}`);
    const prompt = await w.fake.waitForDm(w.ana);
    const add = buttonsOf(prompt.body).find((b) => b.label === "Add these skills")!;
    expect(add.custom_id).toBe(`skills.confirm_parsed:${w.guild.id}:${line}`);
  });
});

describe("Discord member life: a typed answer to a nudge, member of two servers", () => {
  it("'stop' typed under a nudge from server B turns B's reminders off, though the member was more recently active in A", async () => {
    w = await discordWorld();
    const other = w.fake.state.addGuild("Woodshop");
    w.fake.state.addMember(other.id, w.ana.id);
    w.fake.gateway.dispatch("GUILD_CREATE", w.fake.gateway.guildPayload(other));
    await expect.poll(() => w.adapter.client.guilds.cache.has(other.id), { timeout: 2000 }).toBe(true);
    const inOther = { guildId: other.id, channelId: other.channels[0]!.id };
    await w.fake.subcommand(w.ana, inOther, "skills", "add", { skills: "joinery" });

    // Three months on she uses Knowhow in Makers, then Woodshop's nudge arrives.
    w.clock.advance(91 * DAY);
    await w.fake.subcommand(w.ana, { guildId: w.guild.id, channelId: w.general }, "skills", "add", { skills: "bookbinding" });
    w.clock.advance(3_600_000);
    await w.core.nudges.runInactivity({ communityIds: [`discord:${other.id}`] });
    const nudge = await w.fake.waitForDm(w.ana);
    expect(textOf(nudge.body)).toContain("joinery");

    w.fake.say(w.ana, {}, "stop");
    const reply = await w.fake.waitForDm(w.ana, 2);
    expect(textOf(reply.body)).toContain("won't remind you again");
    expect((await w.store.getMember(`discord:${other.id}:${w.ana.id}`))?.reminders).toBe("never");
  });
});

describe("Discord member life: a typed answer to a nudge with an emoji", () => {
  it("'Yes, still accurate 🙂' (or with a server's custom emoji) confirms the skills, as the button would", async () => {
    w = await discordWorld();
    await w.fake.subcommand(w.ana, { guildId: w.guild.id, channelId: w.general }, "skills", "add", { skills: "joinery" });
    w.clock.advance(120 * DAY);
    await w.core.nudges.runInactivity({ communityIds: [`discord:${w.guild.id}`] });
    expect(textOf((await w.fake.waitForDm(w.ana)).body)).toContain("joinery");
    w.fake.say(w.ana, {}, "Yes, still accurate 🙂 <:thumbsup:1300000000000000001>");
    expect(textOf((await w.fake.waitForDm(w.ana, 2)).body)).toContain("your skills are confirmed");
  });
});

describe("Discord member life: an emoji by DM", () => {
  it("'👍' typed under an intro request points to its buttons, not 'I'm not sure what you mean'", async () => {
    w = await discordWorld();
    await bookbindingOfferToAna(w);
    w.fake.say(w.ana, {}, "👍");
    const reply = textOf((await w.fake.waitForDm(w.ana, 2)).body);
    expect(reply).not.toContain("not sure what you mean");
    expect(reply).toContain("press one of its buttons");
  });
});

describe("Discord member life: correcting what the bot understood", () => {
  it("'Edit' on the DM prompt opens the form with the skills just understood, not an empty one", async () => {
    w = await discordWorld();
    w.fake.say(w.ana, {}, "I can help with SEO and some copywriting");
    const prompt = await w.fake.waitForDm(w.ana);
    expect(textOf(prompt.body)).toContain("copywriting");
    const edit = buttonsOf(prompt.body).find((b) => b.label === "Edit")!;
    const opened = await w.fake.press(w.ana, {}, edit.custom_id, prompt);
    expect(opened.type).toBe(9);
    const rows = (opened.data as { components?: Array<{ components: Array<{ custom_id: string; value?: string }> }> }).components ?? [];
    expect(rows.flatMap((r) => r.components).find((c) => c.custom_id === "skills")?.value).toContain("copywriting");
  });
});
