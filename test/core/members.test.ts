import { silentLogger } from "../../src/core/ports/logger.port.js";
import { OverlapMatcher } from "../../src/core/matching/overlap-matcher.js";
import { createCore } from "../../src/core/index.js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { operator } from "../../src/core/usecases/communities.js";
import { validTimezone } from "../../src/core/usecases/members.js";
import { availabilityLine } from "../../src/core/views/profile.js";
import { SKILL_KEYS_VERSION } from "../../src/core/skills/normalize.js";
import { testCore, type TestCore } from "../support/harness.js";

describe("skills, availability, privacy and commands", () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await testCore();
  });
  afterEach(() => t.close());

  it("adds, re-levels and removes skills keeping the member's wording", async () => {
    const ana = t.actor("ana");
    const c1 = await t.core.skills.add(ana, "Etsy SEO, k8s (expert)");
    expect(c1.added.map((s) => [s.label, s.key, s.level])).toEqual([["Etsy SEO", "etsy seo", "can_help"], ["k8s", "kubernetes", "expert"]]);
    const c2 = await t.core.skills.add(ana, "Kubernetes (learning)");
    expect(c2.updated.map((s) => [s.label, s.level])).toEqual([["Kubernetes", "learning"]]);
    expect(c2.member.skills).toHaveLength(2);
    const c3 = await t.core.skills.remove(ana, "etsy seo, juggling");
    expect(c3.removed.map((s) => s.label)).toEqual(["Etsy SEO"]);
    expect(c3.notFound).toEqual(["juggling"]);
  });

  it("a bad item in a list stores nothing from that list", async () => {
    const ana = t.actor("ana");
    await t.core.skills.add(ana, "SEO");
    await expect(t.core.skills.add(ana, `copywriting, ${"x".repeat(80)}`)).rejects.toThrow(UserError);
    expect((await t.store.getMember(ana.memberId))?.skills.map((s) => s.label)).toEqual(["SEO"]);
    await expect(t.core.skills.replace(ana, [{ label: "A", level: "expert" }, { label: "a", level: "can_help" }])).rejects.toThrow(/twice/);
    await expect(t.core.skills.replace(ana, [{ label: "bookkeeping", level: "expert" }, { label: "Buchhaltung", level: "can_help" }])).rejects.toThrow("“bookkeeping” and “Buchhaltung” count as the same skill here: keep one of them.");
    // Nor does a refused list leave a new member behind (an import row, a first edit).
    const newcomer = t.actor("newcomer");
    await expect(t.core.skills.replace(newcomer, [{ label: "woodworking", level: "expert" }, { label: "carpentry", level: "can_help" }])).rejects.toThrow(/count as the same skill/);
    expect(await t.store.getMember(newcomer.memberId)).toBeNull();
    expect((await t.store.getMember(ana.memberId))?.skills.map((s) => s.label)).toEqual(["SEO"]);
  });

  it("concurrent edits of one member lose nothing", async () => {
    const ana = t.actor("ana");
    await t.core.members.touch(ana);
    await Promise.all(["a1", "a2", "a3", "a4", "a5"].map((s) => t.core.skills.add(ana, s)));
    expect((await t.store.getMember(ana.memberId))?.skills).toHaveLength(5);
  });

  it("validates availability input", async () => {
    const ana = t.actor("ana");
    await expect(t.core.availability.pause(ana, 0)).rejects.toThrow(/between 1 and 365/);
    await expect(t.core.availability.setQuietHours(ana, 25, 8)).rejects.toThrow(/0 to 23/);
    await expect(t.core.availability.setTimezone(ana, "Mars/Olympus")).rejects.toThrow(/don't know the timezone/);
    const m = await t.core.availability.setTimezone(ana, "America/New_York");
    expect(m.timezone).toBe("America/New_York");
  });

  it("stores a timezone as Intl spells it, whatever the case it was typed in", async () => {
    const ana = t.actor("ana");
    expect((await t.core.availability.setTimezone(ana, "europe/paris")).timezone).toBe("Europe/Paris");
    const reply = await t.core.commands.knowhowCommand(ana, "timezone AMERICA/NEW_YORK");
    expect(reply.kind === "reply" && reply.message.text).toBe("Timezone set to America/New_York. `/knowhow timezone auto` goes back to your Slack profile's.");
    // From the platform too (Slack's users.info).
    await t.core.members.touch(t.actor("ben", { timezone: "europe/berlin" }));
    expect((await t.store.getMember(t.actor("ben").memberId))?.timezone).toBe("Europe/Berlin");
    expect([validTimezone("utc"), validTimezone("Asia/Kolkata"), validTimezone("Mars/Olympus")]).toEqual(["UTC", "Asia/Kolkata", null]);
  });

  it("a weekly cap of 0 reads as not taking requests, not as “available · at most 0 requests a week”", async () => {
    const ana = t.actor("ana");
    const reply = await t.core.commands.knowhowCommand(ana, "cap 0");
    expect(reply.kind === "reply" && reply.message.text).toMatch(/^Got it: no intro requests for now/);
    const line = availabilityLine((await t.store.getMember(ana.memberId))!, t.clock.now());
    expect(line).toMatch(/^not taking requests \(weekly cap 0\) · quiet/);
    expect(line).not.toMatch(/available|at most 0/);
    expect(availabilityLine(await t.core.availability.setWeeklyCap(ana, 1), t.clock.now())).toMatch(/^available · at most 1 request a week · /);
  });

  it("exports everything about a member and forgets them on confirmation", async () => {
    const ana = t.actor("ana");
    await t.core.skills.add(ana, "SEO");
    await t.core.asks.ask(ana, "who knows bookkeeping?", { surface: "dm", channelId: null, threadId: null, isPrivate: true });
    const { data, message } = await t.core.privacy.export(ana);
    expect(message.attachment?.filename).toBe("knowhow-export.json");
    expect(JSON.parse(message.attachment!.content).member.skills[0].label).toBe("SEO");
    expect((data.questionsAsked as unknown[]).length).toBe(1);
    const prompt = await t.core.commands.knowhowCommand(ana, "forget-me");
    expect(prompt.kind === "reply" && prompt.message.actions?.[0]?.type).toBe("forget.confirm");
    await t.core.actions.handle(ana, "forget.confirm", "confirm");
    expect(await t.store.getMember(ana.memberId)).toBeNull();
    expect(await t.store.listRequests({ communityId: "slack:T1", askerId: ana.memberId })).toHaveLength(0);
  });

  it("forgetting a member takes them off the community's admins and digest recipients (the digest stays on while someone gets it)", async () => {
    const [ana, ben] = [t.actor("ana"), t.actor("ben")];
    await t.core.skills.add(ana, "SEO");
    await t.core.skills.add(ben, "bookkeeping");
    const by = operator("slack:T1");
    await t.core.communities.changeAdmins(by, { add: [ana.memberId, ben.memberId] });
    await t.core.communities.setSetting(ana, "digest", "on");
    await t.core.actions.handle(ana, "forget.confirm", "confirm");
    let c = await t.core.communities.get("slack:T1");
    expect([c.adminIds, c.settings.digestTo, c.settings.digestEnabled]).toEqual([[ben.memberId], [], true]);
    // The last one who got it: forgotten through the operator's path, the digest goes off with them.
    await t.core.communities.changeAdmins(by, { remove: [ben.memberId] });
    await t.store.updateCommunity("slack:T1", { settings: { digestTo: [ben.memberId], digestEnabled: true } }, t.clock.now());
    const report = await t.core.privacy.erase(ben);
    expect(report).toMatchObject({ existed: true, wasAdmin: false, gotDigest: true });
    c = await t.core.communities.get("slack:T1");
    expect([c.adminIds, c.settings.digestTo, c.settings.digestEnabled]).toEqual([[], [], false]);
  });

  it("text commands: subcommands, friendly errors for unknown ones, admin-only settings", async () => {
    const ana = t.actor("ana");
    expect((await t.core.commands.skillsCommand(ana, "")).kind).toBe("open_skills_editor");
    await expect(t.core.commands.skillsCommand(ana, "frobnicate x")).rejects.toThrow(/I don't know `\/skills frobnicate`/);
    await expect(t.core.commands.knowhowCommand(ana, "dance")).rejects.toThrow(/I don't know `\/knowhow dance`/);
    await expect(t.core.commands.knowhowCommand(ana, "settings wait 30")).rejects.toThrow(/Only community admins/);
    const admin = t.actor("boss", { isPlatformAdmin: true });
    await t.core.commands.knowhowCommand(admin, "settings wait 30");
    expect((await t.store.getCommunity("slack:T1"))?.settings.offerWaitMinutes).toBe(30);
    await expect(t.core.commands.knowhowCommand(admin, "settings wait 1")).rejects.toThrow(/from 5 to/);
    await t.core.commands.knowhowCommand(admin, "settings channel <#C0HELP|help>");
    expect((await t.store.getCommunity("slack:T1"))?.settings.defaultChannelId).toBe("C0HELP");
    // A channel name typed as plain text is not a channel: the answer says how to mention one (not "e.g. #help").
    await expect(t.core.commands.knowhowCommand(admin, "settings channel #help")).rejects.toThrow(/^Mention the channel: type # and pick it from the list/);
    let invalidated: string | null = null;
    t.core.deps.matcher.invalidate = (id) => void (invalidated = id);
    await t.core.commands.knowhowCommand(admin, "alias gh actions = github actions");
    expect(invalidated).toBe("slack:T1");
    const r = await t.core.skills.add(ana, "GH Actions");
    expect(r.added[0]?.key).toBe("github actions");
    const report = await t.core.commands.knowhowCommand(admin, "report");
    expect(report.kind === "reply" && report.message.title).toMatch(/report/);
  });

  it("an alias added later moves skills declared before it: counts, report, re-declaring, removing, duplicates", async () => {
    const ana = t.actor("ana");
    const ben = t.actor("ben");
    await t.core.skills.add(ana, "Bike repair (expert)");
    await t.core.skills.add(ben, "Bicycle repair");
    expect((await t.core.communities.skillCounts("slack:T1")).map((c) => c.key).sort()).toEqual(["bicycle repair", "bike repair"]);
    const admin = t.actor("boss", { isPlatformAdmin: true });
    await t.core.commands.knowhowCommand(admin, "alias bike repair = bicycle repair");
    expect(await t.core.communities.skillCounts("slack:T1")).toEqual([{ key: "bicycle repair", label: "Bike repair", expert: 1, canHelp: 1, learning: 0 }]);
    expect((await t.core.communities.report("slack:T1")).singleExpertSkills).toEqual([]);
    await t.core.skills.add(t.actor("eve"), "Bicycle repair");
    expect((await t.core.communities.skillCounts("slack:T1"))[0]?.label).toBe("Bicycle repair");
    // The stored keys themselves moved (so nudges, imports and every other reader agree).
    expect((await t.store.getMember(ana.memberId))?.skills.map((s) => s.key)).toEqual(["bicycle repair"]);
    // Re-declaring updates the old entry (now under the alias target) instead of adding a second one.
    const r = await t.core.skills.add(ana, "bicycle repair");
    expect(r.added).toEqual([]);
    expect(r.member.skills.map((s) => [s.key, s.level])).toEqual([["bicycle repair", "can_help"]]);
    // A member who had both spellings keeps one skill, at the higher level.
    const dee = t.actor("dee");
    await t.core.skills.add(dee, "unicycle repair, Unicycle fixing (expert)");
    await t.core.commands.knowhowCommand(admin, "alias unicycle fixing = unicycle repair");
    expect((await t.store.getMember(dee.memberId))?.skills.map((s) => [s.key, s.level])).toEqual([["unicycle repair", "expert"]]);
    // Removing by the alias target finds a skill stored under the old key.
    await t.core.skills.add(t.actor("cy"), "Cycle repair");
    await t.core.commands.knowhowCommand(admin, "alias cycle repair = bicycle repair");
    expect((await t.core.skills.remove(t.actor("cy"), "bicycle repair")).removed.map((s) => s.label)).toEqual(["Cycle repair"]);
  });

  it("aliases are listed and removed; a cycle or a self-alias is refused; chains are stored flat", async () => {
    const admin = t.actor("boss", { isPlatformAdmin: true });
    const text = async (cmd: string) => {
      const r = await t.core.commands.knowhowCommand(admin, cmd);
      return r.kind === "reply" ? r.message.text : "";
    };
    const aliases = async () => (await t.store.getCommunity("slack:T1"))?.settings.aliases;
    expect(await text("alias")).toMatch(/No aliases here yet/);
    await expect(t.core.commands.knowhowCommand(t.actor("ana"), "alias")).rejects.toThrow(/Only community admins/);
    await expect(t.core.commands.knowhowCommand(t.actor("ana"), "unalias x")).rejects.toThrow(/Only community admins/);

    await text("alias a = b");
    // b = a would send a to b and b to a: skills under either could never meet.
    await expect(text("alias b = a")).rejects.toThrow("“a” already means “b” here, so “b” can't mean “a” — they would go round in circles. To turn it around, remove the alias “a” first.");
    await expect(text("alias GH Actions! = gh actions")).rejects.toThrow(/are the same name/);
    // Built in: "js" means "javascript" everywhere.
    await expect(text("alias javascript = js")).rejects.toThrow(/“js” already means “javascript” \(built in\)/);
    // A chain resolves when stored: c → a → b is c → b, and b → d moves a and c along with it.
    expect(await text("alias c = a")).toBe("From now on “c” means “b” here.");
    await expect(text("alias b = c")).rejects.toThrow(/round in circles/);
    await t.core.skills.add(t.actor("ana"), "c, b (expert)");
    expect(await text("alias b = d")).toBe("From now on “b” means “d” here. Skills of 1 member moved under “d”.");
    expect(await aliases()).toEqual({ a: "d", b: "d", c: "d" });
    expect((await t.core.skills.add(t.actor("ben"), "a, c")).member.skills.map((s) => s.key)).toEqual(["d"]);
    expect((await t.store.getMember(t.actor("ana").memberId))?.skills.map((s) => [s.key, s.level])).toEqual([["d", "expert"]]);
    expect(await text("alias list")).toBe("• a → d\n• b → d\n• c → d\nAdd one with `/knowhow alias gh actions = github actions`, remove one with `/knowhow unalias gh actions`.");

    let invalidated: string | null = null;
    t.core.deps.matcher.invalidate = (id) => void (invalidated = id);
    expect(await text("unalias B")).toMatch(/^“b” no longer means “d” here: .* Skills already merged into “d” while the alias existed stay there — removing it can't split them apart/);
    expect(invalidated).toBe("slack:T1");
    expect(await aliases()).toEqual({ a: "d", c: "d" });
    expect((await t.core.skills.add(t.actor("cy"), "b")).member.skills.map((s) => s.key)).toEqual(["b"]);
    expect((await t.store.getMember(t.actor("ana").memberId))?.skills.map((s) => s.key)).toEqual(["d"]);
    await text("alias remove c");
    expect(await aliases()).toEqual({ a: "d" });
    await expect(text("unalias c")).rejects.toThrow("“c” isn't one of this community's aliases (`/knowhow alias` alone lists them).");
    await expect(text("unalias js")).rejects.toThrow(/built-in aliases \(it means “javascript” everywhere\), so it can't be removed/);
    await expect(text("unalias constructor")).rejects.toThrow(/isn't one of this community's aliases/);
    await expect(text("unalias")).rejects.toThrow(/Which alias\?/);
    await expect(text("alias gh actions")).rejects.toThrow(/`\/knowhow alias` to list them/);

    // Renaming what a built-in alias leads to reaches the built-in's words too: "k8s" declared later joins the rest.
    await t.core.skills.add(t.actor("dee"), "Kubernetes");
    await text("alias kubernetes = platform engineering");
    expect((await t.core.skills.add(t.actor("eve"), "k8s")).member.skills.map((s) => s.key)).toEqual(["platform engineering"]);
    expect((await t.store.getMember(t.actor("dee").memberId))?.skills.map((s) => s.key)).toEqual(["platform engineering"]);
  });

  it("skills stored under keys an older version gave get today's built-in keys at start", async () => {
    const ana = t.actor("ana");
    await t.core.skills.add(ana, "C#");
    // As an older version stored them, before "deutsch" → "german" and "dotnet" → ".net" were known.
    const stored = (await t.store.getMember(ana.memberId))!;
    const csharp = stored.skills[0]!;
    const old = [
      { ...csharp, label: "Deutsch", key: "deutsch", level: "expert" as const },
      { ...csharp, label: "German", key: "german", level: "learning" as const },
      csharp,
      { ...csharp, label: "dotnet", key: "dotnet" },
    ];
    await t.store.replaceMember({ ...stored, skills: old }, t.clock.now());
    expect((await t.core.communities.skillCounts("slack:T1")).map((c) => c.key).sort()).toEqual(["c#", "deutsch", "dotnet", "german"]);
    let invalidated: string | undefined;
    t.core.deps.matcher.invalidate = (id) => void (invalidated = id);
    expect(await t.core.communities.refreshSkillKeys("slack:T1")).toBe(1);
    expect(invalidated).toBe("slack:T1");
    // One skill per key, at the higher level; nothing else touched.
    expect((await t.store.getMember(ana.memberId))?.skills.map((s) => [s.key, s.level])).toEqual([["german", "expert"], ["c#", "can_help"], [".net", "can_help"]]);
    expect((await t.store.getMember(ana.memberId))?.skills.map((s) => s.label)).toEqual(["Deutsch", "C#", "dotnet"]);
    // Up to date now, and the community records it: the next start does not even read the members.
    expect((await t.store.getCommunity("slack:T1"))?.settings.skillKeysVersion).toBe(SKILL_KEYS_VERSION);
    const listMembers = vi.spyOn(t.store, "listMembers");
    expect(await t.core.communities.refreshSkillKeys("slack:T1")).toBe(0);
    expect(listMembers).not.toHaveBeenCalled();
    // Keys made by another version (an older alias table) are read again.
    await t.store.updateCommunity("slack:T1", { settings: { skillKeysVersion: "1-00000000" } }, t.clock.now());
    expect(await t.core.communities.refreshSkillKeys("slack:T1")).toBe(0);
    expect(listMembers).toHaveBeenCalled();
  });

  it("DM free text becomes a confirmable skill list", async () => {
    const ana = t.actor("ana");
    const msg = await t.core.conversation.handleDm(ana, "I can help with bookkeeping and Etsy SEO");
    expect(msg.kind).toBe("confirm");
    const confirm = msg.actions!.find((a) => a.type === "skills.confirm_parsed")!;
    await t.core.actions.handle(ana, confirm.type, confirm.value);
    expect((await t.store.getMember(ana.memberId))?.skills.map((s) => s.label)).toEqual(["bookkeeping", "Etsy SEO"]);
    const thanks = await t.core.conversation.handleDm(ana, "thanks, that worked!");
    expect(thanks).toMatchObject({ kind: "info" });
    expect(thanks.text).toContain("Got it");
  });

  it("a second press of a long skill list's confirmation (kept server-side) says it was added, not that it expired", async () => {
    const ana = t.actor("ana");
    const msg = await t.core.conversation.handleDm(ana, "I can help with bookkeeping, Etsy SEO, copywriting, product photography, email marketing and Shopify theme customisation");
    const confirm = msg.actions!.find((a) => a.type === "skills.confirm_parsed")!;
    expect(confirm.value).toMatch(/^draft:/);
    await t.core.actions.handle(ana, confirm.type, confirm.value);
    const again = await t.core.actions.handle(ana, confirm.type, confirm.value);
    expect(again).toMatchObject({ kind: "reply", message: { text: expect.stringContaining("Already added") } });
    expect((await t.store.getMember(ana.memberId))?.skills).toHaveLength(6);
    // Someone else's press of it finds nothing.
    await expect(t.core.actions.handle(t.actor("ben"), confirm.type, confirm.value)).rejects.toThrow(/expired/);
  });

  it("Edit under 'Add these skills?' opens the editor with the list just understood, short or long", async () => {
    const ana = t.actor("ana");
    await t.core.skills.add(ana, "SEO");
    for (const typed of ["I can help with SEO and some copywriting", "I can help with bookkeeping, Etsy SEO, copywriting, product photography, email marketing and Shopify theme customisation"]) {
      const edit = (await t.core.conversation.handleDm(ana, typed)).actions!.find((a) => a.type === "skills.edit")!;
      const opened = await t.core.actions.handle(ana, edit.type, edit.value);
      expect(opened.kind).toBe("open_skills_editor");
      expect(opened.kind === "open_skills_editor" && opened.adding?.map((s) => s.label)).toContain("copywriting");
    }
    // The editor of a nudge (no list typed) opens as it is.
    expect(await t.core.actions.handle(ana, "nudge.edit", "")).toEqual({ kind: "open_skills_editor" });
  });

  it("a long skill list's confirmation survives a restart (the draft is in the store), for a week", async () => {
    const ana = t.actor("ana");
    const typed = "I can help with bookkeeping, Etsy SEO, copywriting, product photography, email marketing and Shopify theme customisation";
    const first = (await t.core.conversation.handleDm(ana, typed)).actions!.find((a) => a.type === "skills.confirm_parsed")!;
    const later = (await t.core.conversation.handleDm(ana, typed)).actions!.find((a) => a.type === "skills.confirm_parsed")!;
    // A deploy: a new core on the same store.
    const restarted = createCore({ store: t.store, matcher: new OverlapMatcher(t.store), messenger: t.messenger, clock: t.clock, logger: silentLogger });
    t.clock.advance(3 * 86_400_000);
    await restarted.actions.handle(ana, first.type, first.value);
    expect((await t.store.getMember(ana.memberId))?.skills).toHaveLength(6);
    t.clock.advance(5 * 86_400_000);
    await expect(restarted.actions.handle(ana, later.type, later.value)).rejects.toThrow(/expired/);
  });
});
