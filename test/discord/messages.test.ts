import { afterEach, describe, expect, it, vi } from "vitest";
import { buttonsOf, textOf, type FakeUser } from "../fakes/discord/index.js";
import * as P from "../fakes/discord/payloads.js";
import { failRest } from "./support/fail-rest.js";
import { discordWorld, type DiscordWorld } from "./support/harness.js";
import { bookbindingOfferToAna } from "./support/scenarios.js";

let w: DiscordWorld;
afterEach(async () => { await w.close(); });

/** A reply to the bot's message `to` with Discord's default reply ping (the bot is in `mentions`). */
function replyToBot(user: FakeUser, to: string, content: string): Record<string, unknown> {
  const msg = P.messageCreate(w.fake.state, user, { guildId: w.guild.id, channelId: w.general }, content, [w.fake.state.botUser]);
  return Object.assign(msg, {
    type: 19,
    message_reference: { type: 0, message_id: to, channel_id: w.general, guild_id: w.guild.id },
    referenced_message: { id: to, channel_id: w.general, author: w.fake.state.botUser, content: "", timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: [], embeds: [], pinned: false, type: 0, flags: 0, components: [] },
  });
}

describe("mentions and DMs", () => {
  it("given a mention in a channel, then the bot opens a thread on the message and answers there with suggestions", async () => {
    w = await discordWorld();
    await w.fake.subcommand(w.ana, { guildId: w.guild.id }, "skills", "add", { skills: "Kubernetes" });
    const msg = w.fake.say(w.ben, { guildId: w.guild.id, channelId: w.general }, `<@${w.fake.state.botUser.id}> who can help with k8s networking?`, [w.fake.state.botUser]);
    const threadCall = await w.fake.waitForCall((c) => c.method === "POST" && c.path === `/channels/${w.general}/messages/${String(msg.id)}/threads`, "thread on the mention");
    const thread = [...w.fake.state.channels.values()].find((c) => c.parent_id === w.general)!;
    expect(threadCall.status).toBe(201);
    const answer = await w.fake.waitForMessageIn(thread.id);
    expect(textOf(answer.body)).toContain(`<@${w.ana.id}>`);
    expect(answer.body.content).toBe(""); // suggestions name people in the embed: nobody is pinged
    const req = (await w.store.listRequests({ communityId: `discord:${w.guild.id}` }))[0]!;
    expect(req.origin).toMatchObject({ surface: "mention", channelId: w.general, threadId: thread.id, isPrivate: false });
  });

  it("given suggestions answered in a mention's thread, when the asker presses 'Ask the best ones for me', then that message's buttons are taken off, with what was chosen", async () => {
    w = await discordWorld();
    await w.fake.subcommand(w.ana, { guildId: w.guild.id }, "skills", "add", { skills: "Kubernetes" });
    w.fake.say(w.ben, { guildId: w.guild.id, channelId: w.general }, `<@${w.fake.state.botUser.id}> who can help with k8s networking?`, [w.fake.state.botUser]);
    await w.fake.waitForCall((c) => c.method === "POST" && c.path.endsWith("/threads"), "the thread");
    const thread = [...w.fake.state.channels.values()].find((c) => c.parent_id === w.general)!;
    const answer = await w.fake.waitForMessageIn(thread.id);
    const best = buttonsOf(answer.body).find((b) => b.label === "Ask the best ones for me")!;
    const res = await w.fake.press(w.ben, { guildId: w.guild.id, channelId: thread.id }, best.custom_id, answer);
    expect(res.ephemeral).toBe(true);
    expect(textOf(res.data)).toContain("I've asked");
    const edits = w.fake.state.callsTo("PATCH", `/channels/${thread.id}/messages/${answer.id}`);
    expect(edits.map((c) => buttonsOf((c.body ?? {}) as Record<string, unknown>).length)).toEqual([0]);
    expect(textOf((edits[0]!.body ?? {}) as Record<string, unknown>)).toContain("You chose: **Ask the best ones for me**");
  });

  it("given a question over several lines, then the thread on it is named on one line (a channel name holds no line break)", async () => {
    w = await discordWorld();
    const msg = w.fake.say(w.ben, { guildId: w.guild.id, channelId: w.general }, `<@${w.fake.state.botUser.id}> who can help with k8s networking?\nPods can't reach\n\nthe service`, [w.fake.state.botUser]);
    const call = await w.fake.waitForCall((c) => c.method === "POST" && c.path === `/channels/${w.general}/messages/${String(msg.id)}/threads`, "thread on the mention");
    expect((call.body as { name: string }).name).toBe("who can help with k8s networking? Pods can't reach the service");
  });

  it("given a reply to the bot's message (Discord's reply ping names the bot), then it is not taken as a new question unless the text names the bot", async () => {
    w = await discordWorld();
    await w.fake.subcommand(w.ana, { guildId: w.guild.id, channelId: w.general }, "skills", "add", { skills: "woodworking" });
    const botMsg = await w.adapter.messenger.post(w.general, { kind: "info", text: "Who can help" }, w.guild.id);
    const before = w.fake.state.calls.length;
    w.fake.gateway.dispatch("MESSAGE_CREATE", replyToBot(w.ben, botMsg.messageId!, "thanks, that's great, I'll message Ana about the woodworking joints"));
    await w.settle();
    const sentinel = `/channels/${w.fake.state.dmChannelOf(w.cat.id)}/`;
    const posts = w.fake.state.calls.slice(before).filter((c) => c.method === "POST" && c.path.startsWith("/channels/") && !c.path.startsWith(sentinel));
    expect(posts.map((c) => c.path)).toEqual([]); // no new thread, no "who can help" answer
    expect(await w.store.listRequests({ communityId: `discord:${w.guild.id}` })).toHaveLength(0);

    w.fake.gateway.dispatch("MESSAGE_CREATE", replyToBot(w.ben, botMsg.messageId!, `<@${w.fake.state.botUser.id}> and who can help with woodworking joints?`));
    await expect.poll(async () => (await w.store.listRequests({ communityId: `discord:${w.guild.id}` })).length, { timeout: 3000 }).toBe(1);
  });

  it("given a mention of the bot's own role (@Knowhow picked from the role list), then it is taken as a mention of the bot, without the role in the question", async () => {
    w = await discordWorld();
    const where = { guildId: w.guild.id, channelId: w.general };
    await w.fake.subcommand(w.ana, where, "skills", "add", { skills: "woodworking" });
    const roleId = w.fake.newId();
    const role = { id: roleId, name: "Knowhow", color: 0, hoist: false, position: 1, permissions: "0", managed: true, mentionable: false, flags: 0, tags: { bot_id: w.fake.state.botUser.id } };
    w.fake.gateway.dispatch("GUILD_ROLE_CREATE", { guild_id: w.guild.id, role });
    await vi.waitFor(() => expect(w.adapter.client.guilds.cache.get(w.guild.id)?.roles.cache.has(roleId)).toBe(true));
    const msg = P.messageCreate(w.fake.state, w.ben, where, `<@&${roleId}> who can help me with woodworking joints?`, []);
    w.fake.gateway.dispatch("MESSAGE_CREATE", Object.assign(msg, { mention_roles: [roleId] }));
    await expect.poll(async () => (await w.store.listRequests({ communityId: `discord:${w.guild.id}` })).length, { timeout: 3000 }).toBe(1);
    expect((await w.store.listRequests({ communityId: `discord:${w.guild.id}` }))[0]!.question).toBe("who can help me with woodworking joints?");
  });

  it("given '@Knowhow help' or '@Knowhow thanks', then the bot replies to the message (the help, or how to ask) without opening a public thread or recording a question", async () => {
    w = await discordWorld();
    const where = { guildId: w.guild.id, channelId: w.general };
    const replyTo = async (content: string) => {
      const msg = w.fake.say(w.ben, where, `<@${w.fake.state.botUser.id}> ${content}`, [w.fake.state.botUser]);
      const answer = await w.fake.waitForCall((c) => c.method === "POST" && c.path.endsWith("/messages") && (c.body as { message_reference?: { message_id: string } }).message_reference?.message_id === msg.id, `the answer to “${content}”`);
      expect(answer.path).toBe(`/channels/${w.general}/messages`);
      return textOf(answer.body as Record<string, unknown>);
    };
    expect(await replyTo("help")).toContain("How Knowhow works");
    expect(await replyTo("thanks!")).toContain("/ask");
    expect(w.fake.state.calls.filter((c) => c.path.endsWith("/threads"))).toHaveLength(0);
    expect(await w.store.listRequests({ communityId: `discord:${w.guild.id}` })).toHaveLength(0);
  });

  it("given the bot may not post in the channel (50013 Missing Permissions), when a member mentions it, then they get the answer by DM, saying why", async () => {
    w = await discordWorld();
    const where = { guildId: w.guild.id, channelId: w.general };
    await w.fake.subcommand(w.ana, where, "skills", "add", { skills: "woodworking" });
    failRest(w.fake, (m, p) => m === "POST" && p.startsWith(`/channels/${w.general}/`), { status: 403, body: { code: 50013, message: "Missing Permissions" } });
    w.fake.say(w.ben, where, `<@${w.fake.state.botUser.id}> who can help me with woodworking joints?`, [w.fake.state.botUser]);
    await expect.poll(async () => (await w.store.listRequests({ communityId: `discord:${w.guild.id}` })).length, { timeout: 3000 }).toBe(1);
    const dm = textOf((await w.fake.waitForDm(w.ben)).body);
    expect(dm).toContain(`<@${w.ana.id}>`);
    expect(dm).toContain(`not allowed to post in <#${w.general}>`);
  });

  it("given a mention too long for a question (Nitro allows 4,000 characters), then the reply says how long it may be, even without a question mark, and no thread is opened", async () => {
    w = await discordWorld();
    const where = { guildId: w.guild.id, channelId: w.general };
    const msg = w.fake.say(w.ben, where, `<@${w.fake.state.botUser.id}> my build fails with this log ${"error line ".repeat(300)}`, [w.fake.state.botUser]);
    const answer = await w.fake.waitForCall((c) => c.method === "POST" && (c.body as { message_reference?: { message_id: string } } | null)?.message_reference?.message_id === msg.id, "the answer");
    expect(textOf(answer.body as Record<string, unknown>)).toMatch(/characters long; please keep it under 2000/);
    expect(w.fake.state.calls.filter((c) => c.path.endsWith("/threads"))).toHaveLength(0);
    expect(await w.store.listRequests({ communityId: `discord:${w.guild.id}` })).toHaveLength(0);
  });

  it("given a mention or a DM of a server's custom emoji only ('@Knowhow <:heart:…>'), then it is no question: no thread, no ask, a friendly reply", async () => {
    w = await discordWorld();
    const where = { guildId: w.guild.id, channelId: w.general };
    const msg = w.fake.say(w.ben, where, `<@${w.fake.state.botUser.id}> <:pepe_heart:1300000000000000077>`, [w.fake.state.botUser]);
    const answer = await w.fake.waitForCall((c) => c.method === "POST" && (c.body as { message_reference?: { message_id: string } } | null)?.message_reference?.message_id === msg.id, "the answer");
    expect(textOf(answer.body as Record<string, unknown>)).toContain("/ask");
    w.fake.say(w.ben, {}, "<a:party:1300000000000000078>");
    expect(textOf((await w.fake.waitForDm(w.ben)).body)).not.toContain("not sure what you mean");
    expect(w.fake.state.calls.filter((c) => c.path.endsWith("/threads"))).toHaveLength(0);
    expect(await w.store.listRequests({ communityId: `discord:${w.guild.id}` })).toHaveLength(0);
  });

  it("given '@Knowhow help' in a channel, then the bot answers with how to use it, in place, and stores no ask", async () => {
    w = await discordWorld();
    w.fake.say(w.ben, { guildId: w.guild.id, channelId: w.general }, `<@${w.fake.state.botUser.id}> help`, [w.fake.state.botUser]);
    const answer = await w.fake.waitForMessageIn(w.general);
    expect(textOf(answer.body)).toContain("How Knowhow works");
    expect(await w.store.listRequests({ communityId: `discord:${w.guild.id}` })).toHaveLength(0);
  });

  it("given no Message Content intent, when a mention arrives without text, then the bot explains how to use /ask", async () => {
    w = await discordWorld({ messageContent: false });
    expect((w.fake.gateway.lastIntents ?? 0) & (1 << 15)).toBe(0);
    w.fake.say(w.ben, { guildId: w.guild.id, channelId: w.general }, "", [w.fake.state.botUser]);
    const answer = await w.fake.waitForMessageIn(w.general);
    expect(textOf(answer.body)).toContain("/ask");
    expect(await w.store.listRequests({ communityId: `discord:${w.guild.id}` })).toHaveLength(0);
  });

  it("given a DM listing skills, then the bot asks to confirm, and the confirm button stores them in the member's server", async () => {
    w = await discordWorld();
    expect((w.fake.gateway.lastIntents ?? 0) & (1 << 15)).not.toBe(0);
    w.fake.say(w.ana, {}, "I can help with SEO and some copywriting");
    const prompt = await w.fake.waitForDm(w.ana);
    expect(textOf(prompt.body)).toContain("SEO");
    expect(await w.store.getMember(w.id(w.ana))).toBeNull();
    const confirm = buttonsOf(prompt.body).find((b) => b.label === "Add these skills")!;
    expect(confirm.custom_id).toContain(w.guild.id);
    const res = await w.fake.press(w.ana, {}, confirm.custom_id, prompt);
    expect(textOf(res.data)).toContain("Added");
    const m = await w.store.getMember(w.id(w.ana));
    expect(m?.skills.map((s) => s.label).sort()).toEqual(["SEO", "copywriting"]);
  });

  it("given a question by DM, then it is treated as an ask in the member's server", async () => {
    w = await discordWorld();
    await w.fake.subcommand(w.ana, { guildId: w.guild.id }, "skills", "add", { skills: "woodworking" });
    w.fake.say(w.ben, {}, "who can help me with woodworking joints?");
    const reply = await w.fake.waitForDm(w.ben);
    expect(textOf(reply.body)).toContain(`<@${w.ana.id}>`);
    const req = (await w.store.listRequests({ communityId: `discord:${w.guild.id}` }))[0]!;
    expect(req.askerId).toBe(w.id(w.ben));
    expect(req.origin.surface).toBe("dm");
  });

  it("given a slash command typed in a DM (Discord runs Knowhow's commands in servers only, so it arrives as text), then /ask asks, /skills add offers those skills, and the others say where they work", async () => {
    w = await discordWorld();
    await w.fake.subcommand(w.ana, { guildId: w.guild.id }, "skills", "add", { skills: "Etsy SEO" });
    let n = 0;
    const dm = async (text: string) => {
      w.fake.say(w.ben, {}, text);
      return (await w.fake.waitForDm(w.ben, ++n)).body;
    };
    const asked = await dm("/ask question: Etsy SEO for my shop");
    expect(textOf(asked)).toContain(`<@${w.ana.id}>`);
    expect((await w.store.listRequests({ communityId: `discord:${w.guild.id}` })).map((r) => r.question)).toEqual(["Etsy SEO for my shop"]);

    const skills = await dm("/skills add skills: bookbinding, calligraphy (expert)");
    expect(textOf(skills)).toContain("**bookbinding**, **calligraphy (expert)**");
    expect(textOf(skills)).not.toContain("/skills");
    expect(buttonsOf(skills).map((b) => b.label)).toContain("Add these skills");
    expect(textOf(await dm("/skills add skills: rust, go level: learning"))).toContain("**rust (learning)**, **go (learning)**");

    expect(textOf(await dm("/knowhow status"))).toContain("Your availability");
    expect(textOf(await dm("/knowhow help"))).toContain("How Knowhow works");
    const other = textOf(await dm("/knowhow pause days: 7"));
    expect(other).toContain("inside a server");
    expect(other).toContain("`/knowhow pause days: 7`");
    expect(await w.store.listRequests({ communityId: `discord:${w.guild.id}` })).toHaveLength(1);
    expect((await w.store.getMember(w.id(w.ben)))?.skills ?? []).toEqual([]);
  });

  it("given a DM with no text (an image, a sticker), then the bot says to type the question there, not to use /ask (which doesn't run in DMs)", async () => {
    w = await discordWorld();
    w.fake.say(w.ben, {}, "");
    const text = textOf((await w.fake.waitForDm(w.ben)).body);
    expect(text).toMatch(/[Tt]ype your question here/);
    expect(text).not.toMatch(/^Ask me with `\/ask/);
  });

  it("given the asker leaves the server while their question is out, then it is withdrawn: a helper's 'I can help' gets 'off the hook', nobody is introduced to someone gone, and no one else is asked", async () => {
    w = await discordWorld();
    const offer = await bookbindingOfferToAna(w);
    w.fake.state.guilds.get(w.guild.id)!.members = w.fake.state.guilds.get(w.guild.id)!.members.filter((m) => m.user.id !== w.ben.id);
    w.fake.gateway.dispatch("GUILD_MEMBER_REMOVE", { guild_id: w.guild.id, user: w.ben });
    await expect.poll(async () => (await w.store.getMember(w.id(w.ben)))?.departed, { timeout: 2000 }).toBe(true);
    const req = (await w.store.listRequests({ communityId: `discord:${w.guild.id}` }))[0]!;
    expect(req.state).toBe("expired");

    const res = await w.fake.press(w.ana, {}, buttonsOf(offer.body).find((b) => b.label === "I can help")!.custom_id, offer);
    expect(textOf(res.data)).toContain("off the hook");
    expect(w.fake.state.callsTo("POST", `/channels/${w.general}/threads`)).toHaveLength(0);
    expect(await w.core.asks.runDue(`discord:${w.guild.id}`, new Date(w.clock.now().getTime() + 7 * 86_400_000))).toMatchObject({ widened: [], followedUp: [] });
  });

  it("given a new member joins, then the core knows them", async () => {
    w = await discordWorld();
    const dan = w.fake.join(w.guild.id, "dan");
    await expect.poll(() => w.store.getMember(w.id(dan)), { timeout: 2000 }).not.toBeNull();
  });

  it("given the bot is removed from a server, then its members are departed and not nudged about it; an outage changes nothing; a member is back at their next interaction", async () => {
    w = await discordWorld();
    const other = w.fake.state.addGuild("Other");
    w.fake.state.addMember(other.id, w.ana.id);
    w.fake.gateway.dispatch("GUILD_CREATE", w.fake.gateway.guildPayload(other));
    await w.fake.subcommand(w.ana, { guildId: w.guild.id, channelId: w.general }, "skills", "add", { skills: "woodworking" });
    await w.fake.subcommand(w.ben, { guildId: w.guild.id, channelId: w.general }, "skills", "list");

    // An outage (unavailable) is no removal.
    w.fake.gateway.dispatch("GUILD_DELETE", { id: w.guild.id, unavailable: true });
    await w.settle(w.ana);
    expect((await w.store.getMember(w.id(w.ana)))?.departed).toBe(false);

    // An admin kicks Knowhow from Makers (Ana still shares "Other" with the bot, so DMs to her work).
    w.fake.state.guilds.delete(w.guild.id);
    w.fake.gateway.dispatch("GUILD_DELETE", { id: w.guild.id });
    await expect.poll(async () => (await w.store.getMember(w.id(w.ben)))?.departed, { timeout: 2000 }).toBe(true);
    expect((await w.store.getMember(w.id(w.ana)))?.departed).toBe(true);
    expect(w.logger.lines.some((l) => l.msg?.includes("removed from a Discord server"))).toBe(true);
    const before = w.fake.state.dmsTo(w.ana.id).length;
    await w.core.nudges.runInactivity({ now: new Date("2026-07-01T12:00:00Z") });
    expect(w.fake.state.dmsTo(w.ana.id).slice(before)).toHaveLength(0);

    // Invited back: Ana's next command makes her a member again.
    w.fake.state.guilds.set(w.guild.id, w.guild);
    w.fake.gateway.dispatch("GUILD_CREATE", w.fake.gateway.guildPayload(w.guild));
    await vi.waitFor(() => expect(w.adapter.client.guilds.cache.get(w.guild.id)?.available).toBe(true));
    await w.fake.subcommand(w.ana, { guildId: w.guild.id, channelId: w.general }, "skills", "list");
    expect((await w.store.getMember(w.id(w.ana)))?.departed).toBe(false);
  });
});
