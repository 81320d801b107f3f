/** The ask loop when DMs fail on Discord: closed DMs, a 5xx while DMing, an introduction that reaches only one side. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { buttonId, textOf } from "../fakes/discord/index.js";
import { discordWorld, type DiscordWorld } from "./support/harness.js";

let w: DiscordWorld;
afterEach(async () => { await w?.close(); });

const ask = (q: string) => [{ name: "question", type: 3, value: q }];

describe("asking people whose DMs fail", () => {
  it("the asker picks a suggested member whose DMs are closed: a second press does not claim they were asked", async () => {
    w = await discordWorld();
    await w.fake.subcommand(w.ana, { guildId: w.guild.id, channelId: w.general }, "skills", "add", { skills: "woodworking" });
    w.fake.state.dmClosed.add(w.ana.id);
    w.fake.say(w.ben, {}, "who can help me with woodworking joints?");
    const reply = await w.fake.waitForDm(w.ben);
    const pick = buttonId(reply.body, "Ask Ana");
    const first = await w.fake.press(w.ben, {}, pick, reply);
    expect(textOf(first.data)).toContain("I couldn't ask");
    const second = await w.fake.press(w.ben, {}, pick, reply);
    expect(textOf(second.data)).not.toMatch(/I've already asked .* let you know when they answer/);
    expect(textOf(second.data)).toContain("can't take this one (they said no, didn't answer, or can't get my messages)");
  });

  it("asked by DM, 'Ask the best ones' when the only helper's DMs are closed: the asker hears that, not 'nobody was free'", async () => {
    w = await discordWorld();
    await w.fake.subcommand(w.ana, { guildId: w.guild.id, channelId: w.general }, "skills", "add", { skills: "woodworking" });
    w.fake.state.dmClosed.add(w.ana.id);
    w.fake.say(w.ben, {}, "who can help me with woodworking joints?");
    const reply = await w.fake.waitForDm(w.ben);
    const res = await w.fake.press(w.ben, {}, buttonId(reply.body, "Ask the best ones for me"), reply);
    expect(textOf(res.data)).not.toMatch(/nobody was free/i);
    expect(textOf(res.data)).toMatch(/couldn't reach the person who fit .*don't accept direct messages/);
  });

  it("asked in a private channel, asker's DMs closed: the helper is told to contact them, not 'the conversation is open'", async () => {
    w = await discordWorld();
    const secret = w.fake.state.addTextChannel(w.guild.id, "staff", { private: true });
    w.fake.gateway.dispatch("CHANNEL_CREATE", { ...secret });
    await vi.waitFor(() => expect(w.adapter.client.channels.cache.has(secret.id)).toBe(true));
    const where = { guildId: w.guild.id, channelId: secret.id };
    await w.fake.subcommand(w.ana, where, "skills", "add", { skills: "woodworking" });
    const asked = await w.fake.command(w.ben, where, "ask", ask("who can help me with woodworking joints?"));
    await w.fake.press(w.ben, where, buttonId(asked.data, "Ask the best ones for me"), { id: "1", channel_id: secret.id });
    const offer = await w.fake.waitForDm(w.ana);
    w.fake.state.dmClosed.add(w.ben.id);
    const ok = await w.fake.press(w.ana, {}, buttonId(offer.body, "I can help"), offer);
    expect(w.fake.state.dmsTo(w.ben.id)).toHaveLength(0);
    expect(textOf(ok.data)).not.toContain("the conversation is open");
    expect(textOf(ok.data)).toContain("please message");
  });
});
