import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonId, buttonsOf, textOf } from "../fakes/discord/index.js";
import { discordWorld, type DiscordWorld } from "./support/harness.js";

let w: DiscordWorld;
beforeEach(async () => { w = await discordWorld(); });
afterEach(async () => {
  const errors = w.logger.errors();
  await w.close();
  expect(errors).toEqual([]);
});

describe("brokered intro on Discord", () => {
  it("given A declared SEO, when B asks, then A is suggested with a reason, asked by DM, and A's yes opens a private thread with both", async () => {
    const where = { guildId: w.guild.id, channelId: w.general };
    const added = await w.fake.subcommand(w.ana, where, "skills", "add", { skills: "SEO, copywriting" });
    expect(added.ephemeral).toBe(true);
    expect(textOf(added.data)).toContain("Added **SEO** and **copywriting**");

    const asked = await w.fake.command(w.ben, where, "ask", [{ name: "question", type: 3, value: "who can help with seo for my etsy shop?" }]);
    expect(asked.type).toBe(5); // deferred: matching may take longer than Discord's 3 s
    expect(asked.ephemeral).toBe(true);
    const text = textOf(asked.data);
    expect(text).toContain(`<@${w.ana.id}>`);
    expect(text).toMatch(/SEO/);
    expect((asked.data.allowed_mentions as { parse: string[] }).parse).toEqual([]);
    for (const b of buttonsOf(asked.data)) expect(b.custom_id.length).toBeLessThanOrEqual(100);

    const press = await w.fake.press(w.ben, where, buttonId(asked.data, "Ask Ana"), { id: "1", channel_id: w.general });
    expect(textOf(press.data)).toContain("I've asked");

    const offer = await w.fake.waitForDm(w.ana);
    expect(textOf(offer.body)).toContain("who can help with seo for my etsy shop?");
    const accept = await w.fake.press(w.ana, {}, buttonId(offer.body, "I can help"), offer);
    expect(accept.ephemeral).toBe(false); // a DM: nothing to hide
    expect(textOf(accept.data)).toContain("I've introduced you");

    const threadCall = w.fake.state.callsTo("POST", `/channels/${w.general}/threads`)[0]!;
    expect(threadCall.body).toMatchObject({ type: 12, invitable: false });
    const thread = [...w.fake.state.channels.values()].find((c) => c.parent_id === w.general && c.type === 12)!;
    expect(thread.members).toEqual(expect.arrayContaining([w.ana.id, w.ben.id]));
    const intro = await w.fake.waitForMessageIn(thread.id);
    expect(intro.body.content).toContain(`<@${w.ana.id}>`);
    expect(intro.body.content).toContain(`<@${w.ben.id}>`);
    expect(intro.body.allowed_mentions).toEqual({ parse: [], users: expect.arrayContaining([w.ana.id, w.ben.id]), replied_user: false });

    const req = (await w.store.listRequests({ communityId: `discord:${w.guild.id}` }))[0]!;
    expect(req.state).toBe("connected");
    expect(req.helperId).toBe(w.id(w.ana));
  });

  it("given two helpers, when the first declines, then the next one is asked; a second accept after the intro gets a kind 'covered' answer", async () => {
    const where = { guildId: w.guild.id, channelId: w.general };
    await w.core.communities.get(`discord:${w.guild.id}`);
    await w.store.updateCommunity(`discord:${w.guild.id}`, { settings: { candidatesPerRound: 1 } }, w.clock.now());
    await w.fake.subcommand(w.ana, where, "skills", "add", { skills: "bookkeeping (expert)" });
    await w.fake.subcommand(w.cat, where, "skills", "add", { skills: "bookkeeping" });

    const asked = await w.fake.command(w.ben, where, "ask", [{ name: "question", type: 3, value: "who knows bookkeeping for a small shop?" }]);
    await w.fake.press(w.ben, where, buttonId(asked.data, "Ask the best ones for me"), { id: "1", channel_id: w.general });
    const first = await w.fake.waitForDm(w.ana);
    expect(w.fake.state.dmsTo(w.cat.id)).toHaveLength(0);

    const declined = await w.fake.press(w.ana, {}, buttonId(first.body, "Not now"), first);
    expect(textOf(declined.data)).toContain("I'll ask someone else");
    const second = await w.fake.waitForDm(w.cat);
    const ok = await w.fake.press(w.cat, {}, buttonId(second.body, "I can help"), second);
    expect(textOf(ok.data)).toContain("introduced");

    const late = await w.fake.press(w.ana, {}, buttonId(first.body, "I can help"), first);
    expect(textOf(late.data)).toMatch(/already answered|off the hook/);
    expect(w.fake.state.callsTo("POST", `/channels/${w.general}/threads`)).toHaveLength(1);
  });

  it("given two candidates asked at once, when both accept at the same moment, then exactly one intro is made", async () => {
    const where = { guildId: w.guild.id, channelId: w.general };
    await w.fake.subcommand(w.ana, where, "skills", "add", { skills: "pottery" });
    await w.fake.subcommand(w.cat, where, "skills", "add", { skills: "pottery" });
    const asked = await w.fake.command(w.ben, where, "ask", [{ name: "question", type: 3, value: "who can teach me pottery glazing?" }]);
    await w.fake.press(w.ben, where, buttonId(asked.data, "Ask the best ones for me"), { id: "1", channel_id: w.general });
    const [a, c] = await Promise.all([w.fake.waitForDm(w.ana), w.fake.waitForDm(w.cat)]);
    const answers = await Promise.all([
      w.fake.press(w.ana, {}, buttonId(a.body, "I can help"), a),
      w.fake.press(w.cat, {}, buttonId(c.body, "I can help"), c),
    ]);
    expect(answers.filter((x) => textOf(x.data).includes("I've introduced you"))).toHaveLength(1);
    expect(w.fake.state.callsTo("POST", `/channels/${w.general}/threads`)).toHaveLength(1);
  });
});
