import { afterEach, beforeEach, expect, it } from "vitest";
import { buttonsOf, textOf } from "../fakes/discord/index.js";
import { discordWorld, type DiscordWorld } from "./support/harness.js";

let w: DiscordWorld;
beforeEach(async () => { w = await discordWorld(); });
afterEach(async () => { await w.close(); });

it("given a candidate with DMs closed (50007), then the offer is posted as a mention in the asking channel and the member is marked dmClosed", async () => {
  const where = { guildId: w.guild.id, channelId: w.general };
  await w.fake.subcommand(w.ana, where, "skills", "add", { skills: "bookbinding" });
  w.fake.state.dmClosed.add(w.ana.id);
  const asked = await w.fake.command(w.ben, where, "ask", [{ name: "question", type: 3, value: "who does bookbinding repairs?" }]);
  const best = buttonsOf(asked.data).find((b) => b.label === "Ask the best ones for me")!;
  const res = await w.fake.press(w.ben, where, best.custom_id, { id: "1", channel_id: w.general });
  expect(textOf(res.data)).toContain("I've asked");

  expect(w.fake.state.callsTo("POST", "/channels/").some((c) => c.status === 403)).toBe(true);
  const fallback = await w.fake.waitForMessageIn(w.general);
  expect(fallback.body.content).toBe(`<@${w.ana.id}>`);
  expect(fallback.body.allowed_mentions).toEqual({ parse: [], users: [w.ana.id], replied_user: false });
  expect(textOf(fallback.body)).toContain("bookbinding");
  expect(textOf(fallback.body)).not.toContain("nobody will know you were asked");
  await expect.poll(async () => (await w.store.getMember(w.id(w.ana)))?.dmClosed, { timeout: 2000 }).toBe(true);

  // The candidate answers from the channel: the button works there too.
  const accept = buttonsOf(fallback.body).find((b) => b.label === "I can help")!;
  const ok = await w.fake.press(w.ana, where, accept.custom_id, fallback);
  expect(ok.ephemeral).toBe(true);
  expect(textOf(ok.data)).toContain("introduced");

  // Answered, the public request loses its buttons (as a DM's do), without telling the channel what she chose.
  const edits = w.fake.state.callsTo("PATCH", `/channels/${w.general}/messages/${fallback.id}`);
  expect(edits.map((c) => buttonsOf((c.body ?? {}) as Record<string, unknown>).length)).toEqual([0]);
  expect(textOf((edits[0]!.body ?? {}) as Record<string, unknown>)).not.toContain("I can help");

  // Once DMs work again, the flag is cleared.
  w.fake.state.dmClosed.delete(w.ana.id);
  await w.adapter.messenger.sendDirect(w.id(w.ana), { kind: "info", text: "hello again" });
  expect((await w.store.getMember(w.id(w.ana)))?.dmClosed).toBe(false);
});

it("given Discord rate-limits the DM, then discord.js waits it out and the DM still arrives once", async () => {
  const where = { guildId: w.guild.id, channelId: w.general };
  await w.fake.subcommand(w.ana, where, "skills", "add", { skills: "calligraphy" });
  const asked = await w.fake.command(w.ben, where, "ask", [{ name: "question", type: 3, value: "anyone into calligraphy?" }]);
  w.fake.state.rateLimits.push({ method: "POST", pathPrefix: "/channels/", remaining: 1, retryAfterSeconds: 0.05 });
  const best = buttonsOf(asked.data).find((b) => b.label === "Ask the best ones for me")!;
  await w.fake.press(w.ben, where, best.custom_id, { id: "1", channel_id: w.general });
  const dm = await w.fake.waitForDm(w.ana);
  expect(textOf(dm.body)).toContain("calligraphy");
  expect(w.fake.state.calls.filter((c) => c.status === 429)).toHaveLength(1);
  expect(w.fake.state.dmsTo(w.ana.id)).toHaveLength(1);
});
