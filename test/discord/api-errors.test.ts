/**
 * Discord API errors a member meets through no fault of theirs: the bot may not post where they asked (50013
 * Missing Permissions, 50001 Missing Access), or may not DM someone (50007).
 */
import { afterEach, expect, it } from "vitest";
import { FAULT_MESSAGE } from "../../src/core/errors.js";
import { DeliveryError } from "../../src/core/ports/messenger.port.js";
import { buttonId, buttonsOf, textOf } from "../fakes/discord/index.js";
import * as P from "../fakes/discord/payloads.js";
import { failRest } from "./support/fail-rest.js";
import { discordWorld, type DiscordWorld } from "./support/harness.js";

let w: DiscordWorld;
afterEach(async () => { await w.close(); });

const MISSING_PERMISSIONS = { status: 403, body: { code: 50013, message: "Missing Permissions" } };
const ask = (q: string) => [{ name: "question", type: 3, value: q }];

it("given /ask in a channel where the bot may not post (50013), when the asker presses Post to a channel instead, then they are told it isn't allowed to post there, not to try again later", async () => {
  w = await discordWorld();
  const where = { guildId: w.guild.id, channelId: w.general };
  const asked = await w.fake.command(w.ben, where, "ask", ask("who can help me restore an old harpsichord?"));
  failRest(w.fake, (m, p) => m === "POST" && p.startsWith(`/channels/${w.general}/`), MISSING_PERMISSIONS);
  const res = await w.fake.press(w.ben, where, buttonsOf(asked.data).find((b) => b.label.startsWith("Post to a channel"))!.custom_id, { id: "1", channel_id: w.general });
  expect(res.ephemeral).toBe(true);
  expect(textOf(res.data)).not.toBe(FAULT_MESSAGE);
  expect(textOf(res.data)).toContain(`<#${w.general}>`);
  expect(textOf(res.data)).toMatch(/not allowed to post/);
  expect(w.logger.errors()).toEqual([]);
  // Nothing was posted, so the asker may still choose: the question is open.
  expect((await w.store.listRequests({ communityId: `discord:${w.guild.id}` }))[0]!.state).toBe("open");
});

it("given a candidate with DMs closed and a channel where the bot may not post either, then the candidate counts as unreachable (no 'try again in a minute'), and the question moves on", async () => {
  w = await discordWorld();
  const where = { guildId: w.guild.id, channelId: w.general };
  await w.fake.subcommand(w.ana, where, "skills", "add", { skills: "harpsichord restoration" });
  w.fake.state.dmClosed.add(w.ana.id);
  const asked = await w.fake.command(w.ben, where, "ask", ask("who can help me restore an old harpsichord?"));
  failRest(w.fake, (m, p) => m === "POST" && p.startsWith(`/channels/${w.general}/`), MISSING_PERMISSIONS);
  const res = await w.fake.press(w.ben, where, buttonId(asked.data, `Ask ${w.ana.global_name}`), { id: "1", channel_id: w.general });
  expect(textOf(res.data)).not.toMatch(/didn't answer|try again in a minute/);
  expect(textOf(res.data)).toMatch(/couldn't ask/);
  await expect.poll(async () => (await w.store.getMember(w.id(w.ana)))?.dmClosed, { timeout: 2000 }).toBe(true);
});

it("given a server that added only Knowhow's commands, not the bot (no `bot` scope), then a command there says the bot must be added, not 'use the commands inside a server'", async () => {
  w = await discordWorld();
  const other = w.fake.state.addGuild("Commands Only"); // never sent to the bot's gateway: it is not a member
  w.fake.state.addMember(other.id, w.ben.id);
  const res = await w.fake.command(w.ben, { guildId: other.id }, "ask", ask("who can help me restore an old harpsichord?"));
  expect(res.ephemeral).toBe(true);
  expect(textOf(res.data)).not.toContain("inside a server");
  expect(textOf(res.data)).toMatch(/isn't a member of this server|invite/i);
  expect(await w.store.listRequests({ communityId: `discord:${other.id}` })).toHaveLength(0);
});

it("given Discord no longer knows the interaction when the bot answers (10062: past the 3 s window, e.g. a slow start), then the answer of work that was done comes by DM", async () => {
  w = await discordWorld();
  const where = { guildId: w.guild.id, channelId: w.general };
  await w.fake.subcommand(w.ana, where, "skills", "add", { skills: "harpsichord restoration" });
  failRest(w.fake, (m, p) => m === "POST" && p.startsWith("/interactions/"), { status: 404, body: { code: 10062, message: "Unknown interaction" } });

  // /ask defers at once: the deferral is refused, the ask is still ranked and stored.
  w.fake.gateway.dispatch("INTERACTION_CREATE", P.slashCommand(w.fake.state, w.ben, where, "ask", ask("who can help me restore an old harpsichord?")));
  const asked = await w.fake.waitForDm(w.ben);
  expect(textOf(asked.body)).toContain("couldn't show you my answer");
  expect(textOf(asked.body)).toContain(`<@${w.ana.id}>`);
  expect(buttonsOf(asked.body).map((b) => b.label)).toContain("Ask the best ones for me");

  // A quick command replies at once: the reply is refused.
  w.fake.gateway.dispatch("INTERACTION_CREATE", P.slashCommand(w.fake.state, w.ben, where, "knowhow", [{ name: "status", type: 1, options: [] }]));
  expect(textOf((await w.fake.waitForDm(w.ben, 2)).body)).toContain("Your availability");
});

it("given Discord answers 40003 (opening DMs too fast), then the DM fails as rate limited (retried later), not as a hard platform error nor as DMs closed", async () => {
  w = await discordWorld();
  failRest(w.fake, (m, p) => m === "POST" && p === "/users/@me/channels", { status: 400, body: { code: 40003, message: "You are opening direct messages too fast." } });
  const err = await w.adapter.messenger.sendDirect(w.id(w.ana), { kind: "info", text: "hello" } as Parameters<typeof w.adapter.messenger.sendDirect>[1]).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DeliveryError);
  expect((err as DeliveryError).reason).toBe("rate_limited");
  expect((await w.store.getMember(w.id(w.ana)))?.dmClosed ?? false).toBe(false);
});

it("given the private intro thread was created but a member can't be added to it, then the intro falls back to DMs and the empty thread is deleted, not left behind", async () => {
  w = await discordWorld();
  failRest(w.fake, (m, p) => m === "PUT" && p.includes("/thread-members/"), MISSING_PERMISSIONS);
  const origin = { surface: "command" as const, channelId: w.general, threadId: null, isPrivate: false };
  const msg = { kind: "info", text: "Ana, meet Ben." } as Parameters<typeof w.adapter.messenger.introduce>[1];
  const d = await w.adapter.messenger.introduce([w.id(w.ana), w.id(w.ben)], msg, origin as Parameters<typeof w.adapter.messenger.introduce>[2]);
  expect(d.channelId).not.toBe(w.general);
  expect(w.fake.state.callsTo("POST", `/channels/${w.general}/threads`)).toHaveLength(1);
  expect([...w.fake.state.channels.values()].filter((c) => c.parent_id === w.general && c.type === 12)).toEqual([]);
});
