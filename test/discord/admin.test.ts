import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonsOf, textOf } from "../fakes/discord/index.js";
import { COMMANDS } from "../../adapters/discord/index.js";
import * as P from "../fakes/discord/payloads.js";
import { misnamedCommands } from "./support/commands.js";
import { failRest } from "./support/fail-rest.js";
import { discordWorld, type DiscordWorld } from "./support/harness.js";

let w: DiscordWorld;
beforeEach(async () => { w = await discordWorld(); });
afterEach(async () => { await w.close(); });

describe("role import, export, forget-me, registration", () => {
  it("registers its commands globally on start", () => {
    const global = w.fake.state.commands.get("global") as Array<{ name: string }>;
    expect(global.map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));
  });

  it("/knowhow help names only commands, subcommands and options that exist on Discord (no `quiet 21-8`, bare `/skills` or `alias a = b`), and they work", async () => {
    const where = { guildId: w.guild.id, channelId: w.general };
    const help = textOf((await w.fake.subcommand(w.ana, where, "knowhow", "help")).data);
    const { seen, wrong } = misnamedCommands(help);
    expect(seen).toBeGreaterThan(10);
    expect(wrong).toEqual([]);
    // Commands don't work in DMs: the help asked for by DM is the same, and says so.
    w.fake.say(w.ana, {}, "help");
    const dm = textOf((await w.fake.waitForDm(w.ana)).body);
    expect(dm).toBe(help);
    expect(dm).toContain("Commands work inside a server");
    expect(textOf((await w.fake.subcommand(w.ana, where, "knowhow", "opt-out")).data)).toContain("won't be suggested");
    expect((await w.store.getMember(w.id(w.ana)))?.availability.optedIn).toBe(false);
    expect(textOf((await w.fake.subcommand(w.ana, where, "knowhow", "opt-in")).data)).toContain("suggested to askers again");
    expect(textOf((await w.fake.subcommand(w.ana, where, "knowhow", "reminders", { state: "off" })).data)).toContain("won't remind you");
    expect((await w.store.getMember(w.id(w.ana)))?.reminders).toBe("never");
    expect(textOf((await w.fake.subcommand(w.ana, where, "knowhow", "status")).data)).toMatch(/available|paused/i);
  });

  it("given skill roles, when an admin imports them, then holders get imported skills (own levels kept) and are told once by DM", async () => {
    const py = w.fake.state.addRole(w.guild.id, "skill-python");
    const seo = w.fake.state.addRole(w.guild.id, "skill-seo");
    const mods = w.fake.state.addRole(w.guild.id, "moderators");
    w.fake.state.addMember(w.guild.id, w.ana.id, [py.id, seo.id, mods.id]);
    w.fake.state.addMember(w.guild.id, w.cat.id, [py.id]);
    const where = { guildId: w.guild.id, channelId: w.general };
    await w.fake.subcommand(w.ana, where, "skills", "add", { skills: "python (expert)" });

    const denied = await w.fake.subcommand(w.ben, where, "knowhow", "import-roles", { pattern: "skill-*" });
    expect(textOf(denied.data)).toContain("Only community admins");

    const done = await w.fake.subcommand(w.ben, { ...where, admin: true }, "knowhow", "import-roles", { pattern: "skill-*" });
    expect(done.type).toBe(5);
    expect(textOf(done.data)).toContain("skill-python → **python**");
    const ana = await w.store.getMember(w.id(w.ana));
    expect(ana?.skills.map((s) => [s.label, s.level, s.source]).sort()).toEqual([["python", "expert", "declared"], ["seo", "can_help", "imported"]]);
    const cat = await w.store.getMember(w.id(w.cat));
    expect(cat?.skills.map((s) => [s.label, s.level, s.source])).toEqual([["python", "can_help", "imported"]]);
    expect(w.fake.state.dmsTo(w.ana.id)).toHaveLength(1);
    const told = w.fake.state.dmsTo(w.cat.id)[0]!;
    expect(textOf(told.body)).toContain("python");
    expect(buttonsOf(told.body).map((b) => b.label)).toEqual(["Edit my skills"]);

    // Re-running changes nothing and tells nobody again.
    w.fake.state.addMember(w.guild.id, w.cat.id, [py.id, seo.id]);
    await w.fake.subcommand(w.ben, { ...where, admin: true }, "knowhow", "import-roles", { pattern: "skill-*" });
    expect(w.fake.state.dmsTo(w.cat.id)).toHaveLength(1);
    expect((await w.store.getMember(w.id(w.cat)))?.skills).toHaveLength(2);
  });

  it("given an admin picks @everyone or a role a bot or boosts manage, then they are told that role can't be a skill role, not 'No role matched'", async () => {
    const where = { guildId: w.guild.id, channelId: w.general, admin: true };
    const everyone = w.fake.state.guilds.get(w.guild.id)!.roles[0]!;
    const res = await w.fake.command(w.ben, where, "knowhow", [{ name: "import-roles", type: 1, options: [{ name: "role", type: 8, value: everyone.id }] }], { roles: { [everyone.id]: everyone } });
    expect(textOf(res.data)).not.toContain("No role matched");
    expect(textOf(res.data)).toContain("@\u200beveryone"); // named, defused as every @everyone the bot writes
    expect(textOf(res.data)).toMatch(/can't be imported/);
  });

  it("given a long import-roles whose interaction token has expired (15 min), then the admin still gets the outcome, by DM", async () => {
    const py = w.fake.state.addRole(w.guild.id, "skill-python");
    w.fake.state.addMember(w.guild.id, w.cat.id, [py.id]);
    // Discord refuses the edit of the deferred reply once its token has expired.
    failRest(w.fake, (m, p) => m === "PATCH" && p.startsWith(`/webhooks/${w.fake.state.applicationId}/`), { status: 401, body: { code: 50027, message: "Invalid Webhook Token" } });
    const payload = P.slashCommand(w.fake.state, w.ben, { guildId: w.guild.id, channelId: w.general, admin: true }, "knowhow", [{ name: "import-roles", type: 1, options: [{ name: "pattern", type: 3, value: "skill-*" }] }]);
    w.fake.gateway.dispatch("INTERACTION_CREATE", payload);
    await expect.poll(async () => (await w.store.getMember(w.id(w.cat)))?.skills.length, { timeout: 3000 }).toBe(1);
    const dm = textOf((await w.fake.waitForDm(w.ben)).body);
    expect(dm).toContain("skill-python → **python**");
    expect(dm).toContain("couldn't show you my answer");
  });

  it("export sends a JSON file; forget-me asks first, then deletes everything", async () => {
    const where = { guildId: w.guild.id, channelId: w.general };
    await w.fake.subcommand(w.ana, where, "skills", "add", { skills: "knitting" });
    const exp = await w.fake.subcommand(w.ana, where, "knowhow", "export");
    expect(exp.ephemeral).toBe(true);
    const call = w.fake.state.calls.find((c) => c.path.includes("/callback") && c.files.length > 0)!;
    const file = JSON.parse(call.files[0]!.content) as { member: { id: string; skills: Array<{ label: string }> } };
    expect(file.member.id).toBe(w.id(w.ana));
    expect(file.member.skills[0]!.label).toBe("knitting");

    const prompt = await w.fake.subcommand(w.ana, where, "knowhow", "forget-me");
    expect(await w.store.getMember(w.id(w.ana))).not.toBeNull();
    const yes = buttonsOf(prompt.data).find((b) => b.label === "Yes, delete my data")!;
    const gone = await w.fake.press(w.ana, where, yes.custom_id, { id: "1", channel_id: w.general });
    expect(textOf(gone.data)).toContain("deleted everything");
    expect(await w.store.getMember(w.id(w.ana))).toBeNull();
  });

  it("settings and report need Manage Server", async () => {
    const where = { guildId: w.guild.id, channelId: w.general };
    expect(textOf((await w.fake.subcommand(w.ben, where, "knowhow", "report")).data)).toContain("Only community admins");
    const report = await w.fake.subcommand(w.ben, { ...where, admin: true }, "knowhow", "report");
    expect(textOf(report.data)).toContain("Knowhow report");
    const set = await w.fake.subcommand(w.ben, { ...where, admin: true }, "knowhow", "settings", { name: "wait", value: "60" });
    expect(textOf(set.data)).toContain("updated");
    expect((await w.store.getCommunity(`discord:${w.guild.id}`))?.settings.offerWaitMinutes).toBe(60);
  });

  it("the channel setting takes a text channel of this server (mention or id) or none; plain text or another server's channel is refused", async () => {
    const admin = { guildId: w.guild.id, channelId: w.general, admin: true };
    const set = async (value: string) => textOf((await w.fake.subcommand(w.ben, admin, "knowhow", "settings", { name: "channel", value })).data);
    const stored = async () => (await w.store.getCommunity(`discord:${w.guild.id}`))?.settings.defaultChannelId;
    const help = await set("help");
    expect(help).not.toContain("updated");
    expect(help).toContain("isn't a channel of this server");
    expect(await stored()).toBeFalsy();
    const other = w.fake.state.addGuild("Other");
    expect(await set(other.channels[0]!.id)).toContain("isn't a channel of this server");
    expect(await set(`<#${w.general}>`)).toContain("updated");
    expect(await stored()).toBe(w.general);
    expect(await set("none")).toContain("updated");
    expect(await stored()).toBeNull();
    expect(await set(w.general)).toContain("updated");
    expect(await stored()).toBe(w.general);
  });

  it("aliases: admins add, list and remove them with subcommands", async () => {
    const where = { guildId: w.guild.id, channelId: w.general };
    const admin = { ...where, admin: true };
    expect(textOf((await w.fake.subcommand(w.ben, where, "knowhow", "alias")).data)).toContain("Only community admins");
    expect(textOf((await w.fake.subcommand(w.ben, admin, "knowhow", "alias", { from: "bike repair", to: "bicycle repair" })).data)).toContain("From now on “bike repair” means “bicycle repair” here.");
    expect(textOf((await w.fake.subcommand(w.ben, admin, "knowhow", "alias", { from: "bicycle repair" })).data)).toContain("Give both");
    expect(textOf((await w.fake.subcommand(w.ben, admin, "knowhow", "alias")).data)).toContain("bike repair → bicycle repair");
    expect(textOf((await w.fake.subcommand(w.ben, admin, "knowhow", "unalias", { alias: "bike repair" })).data)).toContain("no longer means");
    expect((await w.store.getCommunity(`discord:${w.guild.id}`))?.settings.aliases).toEqual({});
    // An unknown alias points to the command that lists them, as it is typed on Discord (a bare `alias` is nothing there).
    const unknown = textOf((await w.fake.subcommand(w.ben, admin, "knowhow", "unalias", { alias: "bike repair" })).data);
    expect(unknown).toContain("isn't one of this community's aliases");
    expect(unknown).toContain("`/knowhow alias`");
  });
});

describe("weekly digest recipients", () => {
  it("goes to a Manage Server member who turned it on, and stops once that role is taken away", async () => {
    const mods = w.fake.state.addRole(w.guild.id, "mods");
    mods.permissions = "32"; // Manage Server
    w.fake.state.addMember(w.guild.id, w.ben.id, [mods.id]);
    const where = { guildId: w.guild.id, channelId: w.general };
    const on = await w.fake.subcommand(w.ben, { ...where, admin: true }, "knowhow", "settings", { name: "digest", value: "on" });
    expect(textOf(on.data)).toContain("I'll DM it to you");
    await w.fake.command(w.cat, where, "ask", [{ name: "question", type: 3, value: "who can help with bookkeeping?" }]);

    const first = await w.core.digest.sendWeekly({ now: w.clock.now() });
    expect(first.communities[0]?.sentTo).toEqual([w.id(w.ben)]);

    w.fake.state.addMember(w.guild.id, w.ben.id, []);
    await w.fake.command(w.cat, where, "ask", [{ name: "question", type: 3, value: "anyone know payroll?" }]);
    const next = await w.core.digest.sendWeekly({ now: new Date(w.clock.now().getTime() + 7 * 86_400_000) });
    expect(next.communities[0]?.sentTo).toEqual([]);
    expect(next.communities[0]?.skipped).toEqual([{ memberId: w.id(w.ben), reason: "not_admin" }]);
    expect(w.fake.state.dmsTo(w.ben.id).filter((m) => textOf(m.body).includes("weekly digest"))).toHaveLength(1);
    expect((await w.store.getCommunity(`discord:${w.guild.id}`))?.settings.digestTo).toEqual([]);
  });

  it("the server owner counts as an admin without any role", async () => {
    const owner = w.fake.state.users.get(w.guild.owner_id)!;
    const where = { guildId: w.guild.id, channelId: w.general };
    await w.fake.subcommand(owner, { ...where, admin: true }, "knowhow", "settings", { name: "digest", value: "on" });
    await w.fake.command(w.cat, where, "ask", [{ name: "question", type: 3, value: "who can help with bookkeeping?" }]);
    expect((await w.core.digest.sendWeekly({ now: w.clock.now() })).communities[0]?.sentTo).toEqual([w.id(owner)]);
  });
});
