import { afterEach, describe, expect, it } from "vitest";
import { DiscordAPIError } from "discord.js";
import { actorInGuild } from "../../adapters/discord/context.js";
import { FAULT_MESSAGE, isUserError } from "../../src/core/errors.js";
import type { Store } from "../../src/core/ports/store.port.js";
import { buttonsOf, textOf } from "../fakes/discord/index.js";
import { faultyStore } from "./support/faulty-store.js";
import { discordWorld, type DiscordWorld } from "./support/harness.js";

let w: DiscordWorld;
afterEach(async () => { await w.close(); });

const ask = (q: string) => [{ name: "question", type: 3, value: q }];

describe("bad input gets a friendly ephemeral answer and stores nothing", () => {
  it("empty and 6,000-character questions", async () => {
    w = await discordWorld();
    const where = { guildId: w.guild.id, channelId: w.general };
    const empty = await w.fake.command(w.ben, where, "ask", ask("   "));
    expect(empty.ephemeral).toBe(true);
    expect(textOf(empty.data)).toContain("Please add your question");
    const long = await w.fake.command(w.ben, where, "ask", ask("x".repeat(6000)));
    expect(long.ephemeral).toBe(true);
    expect(textOf(long.data)).toMatch(/6000 characters long; please keep it under 2000/);
    const skills = await w.fake.subcommand(w.ben, where, "skills", "add", { skills: "y".repeat(6000) });
    expect(textOf(skills.data)).toContain("too long");
    expect(await w.store.listRequests({ communityId: `discord:${w.guild.id}` })).toHaveLength(0);
    expect((await w.store.getMember(w.id(w.ben)))?.skills ?? []).toEqual([]);
    expect(w.logger.errors()).toEqual([]);
  });

  it("an unknown member in /skills list", async () => {
    w = await discordWorld();
    const where = { guildId: w.guild.id, channelId: w.general };
    const res = await w.fake.command(w.ben, where, "skills", [{ name: "list", type: 1, options: [{ name: "member", type: 6, value: w.cat.id }] }], { users: { [w.cat.id]: w.cat } });
    expect(res.ephemeral).toBe(true);
    expect(textOf(res.data)).toContain("hasn't declared any skills");
  });

  it("the edit modal opens prefilled; a modal with an empty skill changes nothing; a good one replaces the list", async () => {
    w = await discordWorld();
    const where = { guildId: w.guild.id, channelId: w.general };
    await w.fake.subcommand(w.ana, where, "skills", "add", { skills: "knitting, crochet (expert)" });
    const opened = await w.fake.subcommand(w.ana, where, "skills", "edit");
    expect(opened.type).toBe(9);
    const modal = opened.data as { custom_id: string; components: Array<{ components: Array<{ custom_id: string; value?: string }> }> };
    expect(modal.components[0]!.components[0]!.value).toBe("knitting\ncrochet (expert)");

    const bad = await w.fake.submitModal(w.ana, where, modal.custom_id, { skills: "knitting\n(expert)", about: "" });
    expect(bad.ephemeral).toBe(true);
    expect(textOf(bad.data)).toContain("One of the skills is empty");
    expect((await w.store.getMember(w.id(w.ana)))?.skills.map((s) => s.label)).toEqual(["knitting", "crochet"]);

    const good = await w.fake.submitModal(w.ana, where, modal.custom_id, { skills: "knitting (expert)\nweaving", about: "Fibre arts" });
    expect(textOf(good.data)).toContain("Removed **crochet**");
    const m = await w.store.getMember(w.id(w.ana));
    expect(m?.skills.map((s) => `${s.label}/${s.level}`)).toEqual(["knitting/expert", "weaving/can_help"]);
    expect(m?.about).toBe("Fibre arts");
  });

  it("autocomplete offers the member's own skills for /skills remove", async () => {
    w = await discordWorld();
    const where = { guildId: w.guild.id, channelId: w.general };
    await w.fake.subcommand(w.ana, where, "skills", "add", { skills: "SEO, copywriting, woodwork" });
    const res = await w.fake.autocomplete(w.ana, where, "skills", [{ name: "remove", type: 1, options: [{ name: "skill", type: 3, value: "wo", focused: true }] }]);
    expect(res.type).toBe(8);
    expect(res.data.choices).toEqual([{ name: "woodwork", value: "woodwork" }]);
  });

  it("timezone autocomplete offers UTC (Intl leaves it out) and Europe/Kyiv beside Europe/Kiev, and both are accepted", async () => {
    w = await discordWorld();
    const where = { guildId: w.guild.id, channelId: w.general };
    const choices = async (typed: string) => {
      const res = await w.fake.autocomplete(w.ana, where, "knowhow", [{ name: "timezone", type: 1, options: [{ name: "timezone", type: 3, value: typed, focused: true }] }]);
      return ((res.data.choices ?? []) as Array<{ value: string }>).map((c) => c.value);
    };
    expect(await choices("UTC")).toContain("UTC");
    expect(await choices("ky")).toContain("Europe/Kyiv");
    expect(await choices("kiev")).toContain("Europe/Kiev");
    expect(textOf((await w.fake.subcommand(w.ana, where, "knowhow", "timezone", { timezone: "UTC" })).data)).toContain("Timezone set");
    expect(textOf((await w.fake.subcommand(w.ana, where, "knowhow", "timezone", { timezone: "Europe/Kyiv" })).data)).toContain("Timezone set");
    expect((await w.store.getMember(w.id(w.ana)))?.timezone).toBe("Europe/Kyiv");
  });
});

describe("faults", () => {
  it("a 503 / network error fetching the guild member is a fault, not 'You're not a member any more'; Unknown Member (10007) still is", async () => {
    const guild = (fetch: () => Promise<never>) => ({ id: "81234", name: "Makers", members: { fetch } });
    const client = (g: ReturnType<typeof guild>) => ({ guilds: { cache: { get: (id: string) => (id === "81234" ? g : undefined) } } });
    const user = { id: "42", username: "ana", globalName: "Ana" };
    const outage = guild(() => Promise.reject(Object.assign(new Error("Service Unavailable"), { status: 503 })));
    const err: unknown = await actorInGuild(client(outage) as never, "81234", user as never).catch((e: unknown) => e);
    expect(err).toBeDefined();
    // A fault must surface as a fault (retry / "something went wrong"), not as a false statement about membership.
    expect(isUserError(err) && /not a member/.test((err as Error).message)).toBe(false);
    const left = guild(() => Promise.reject(new DiscordAPIError({ code: 10007, message: "Unknown Member" }, 10007, 404, "GET", "/guilds/81234/members/42", {})));
    await expect(actorInGuild(client(left) as never, "81234", user as never)).rejects.toThrow("You're not a member of Makers any more");
    // A server in an outage is cached without its name (unavailable): the message names no "undefined".
    const unavailable = { ...left, name: undefined as unknown as string, available: false };
    await expect(actorInGuild(client(unavailable) as never, "81234", user as never)).rejects.toThrow("You're not a member of that server any more");
  });

  it("given the store fails once, then the error is logged, the member gets an apology, and the client keeps serving", async () => {
    const faults = faultyStore({ insertRequest: () => true });
    w = await discordWorld({ wrapStore: faults.wrap });
    const where = { guildId: w.guild.id, channelId: w.general };
    faults.arm();
    const broken = await w.fake.command(w.ben, where, "ask", ask("who can fix my bike?"));
    expect(textOf(broken.data)).toBe(FAULT_MESSAGE);
    expect(w.logger.errors().map((l) => [l.msg, (l.obj.err as Error).message])).toEqual([["interaction handler failed", "disk on fire"]]);

    w.fake.say(w.ben, {}, "who can fix my bike?"); // a DM works on the same client
    const again = await w.fake.command(w.ben, where, "ask", ask("who can fix my bike?"));
    expect(textOf(again.data)).not.toBe(FAULT_MESSAGE);
    await w.fake.waitForDm(w.ben);
    expect(await w.store.listRequests({ communityId: `discord:${w.guild.id}` })).toHaveLength(2);
  });

  it("given a listener that rejects outside the adapter's handlers, then the client's error event is logged and the client keeps serving", async () => {
    w = await discordWorld();
    w.adapter.client.on("messageCreate", async () => { throw new Error("boom in a listener"); });
    w.fake.say(w.ben, {}, "hello");
    await w.fake.waitForDm(w.ben);
    await expect.poll(() => w.logger.errors().map((l) => l.msg)).toContain("Discord client error");
    const res = await w.fake.subcommand(w.ben, { guildId: w.guild.id }, "knowhow", "help");
    expect(textOf(res.data)).toContain("How Knowhow works");
  });
});

describe("Discord's 3-second window", () => {
  it("given a button whose work is slow, then the interaction is deferred first and the answer edited in", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => { release = r; });
    let slow = false;
    w = await discordWorld({
      deferAfterMs: 10,
      wrapStore: (s: Store) => new Proxy(s, {
        get(target, prop, recv) {
          const v = Reflect.get(target, prop, recv) as unknown;
          if (typeof v !== "function") return v;
          const fn = (v as (...a: unknown[]) => Promise<unknown>).bind(target);
          return prop === "deleteMember" ? async (...args: unknown[]) => { if (slow) await gate; return fn(...args); } : fn;
        },
      }),
    });
    const where = { guildId: w.guild.id, channelId: w.general };
    const prompt = await w.fake.subcommand(w.ana, where, "knowhow", "forget-me");
    slow = true;
    const deferred = w.fake.waitForCall((c) => c.path.endsWith("/callback") && (c.body as { type: number }).type === 5, "a deferral");
    const answer = w.fake.press(w.ana, where, buttonsOf(prompt.data)[0]!.custom_id, { id: "1", channel_id: w.general });
    await deferred;
    release();
    const res = await answer;
    expect(res.type).toBe(5);
    expect(res.ephemeral).toBe(true);
    expect(textOf(res.data)).toMatch(/deleted everything|nothing stored/);
  });
});

describe("Discord markup in free-text command options", () => {
  it("given /ask with a custom emoji, a channel and a role mention, then the question is stored in words (:name:, #channel, a role), as a mention of the bot would be", async () => {
    w = await discordWorld();
    const where = { guildId: w.guild.id, channelId: w.general };
    await w.fake.command(w.ben, where, "ask", ask("who can help with <:terraform:123456789012345678> for <@&223456789012345678> in <#323456789012345678>?"));
    const req = (await w.store.listRequests({ communityId: `discord:${w.guild.id}` }))[0]!;
    expect(req.question).toBe("who can help with :terraform: for a role in #channel?");
  });

  it("given /skills add with a custom emoji in the list, then the skill is stored as its :name:, not as raw <:name:id> markup", async () => {
    w = await discordWorld();
    const where = { guildId: w.guild.id, channelId: w.general };
    const res = await w.fake.subcommand(w.ana, where, "skills", "add", { skills: "<:rust:123456789012345678> rust" });
    expect(textOf(res.data)).not.toContain("123456789012345678");
  });
});
