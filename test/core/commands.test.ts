import { describe, expect, it } from "vitest";
import type { ActionOutcome } from "../../src/core/usecases/actions.js";
import type { Member } from "../../src/core/domain/member.js";
import { helpMessage, profileMessage, skillChangeMessage } from "../../src/core/views/profile.js";
import { operator } from "../../src/core/usecases/communities.js";
import { useTestCore } from "../support/harness.js";

/** The text of a reply outcome. */
function text(o: ActionOutcome): string {
  if (o.kind !== "reply") throw new Error(`expected a reply, got ${o.kind}`);
  return o.message.text;
}

describe("/knowhow subcommands typed without a value", () => {
  const t = useTestCore();

  it("a bare `cap` shows the cap and how to change it, and changes nothing; only a number sets it", async () => {
    const ana = t.actor("ana");
    await t.core.availability.setWeeklyCap(ana, 3);
    expect(text(await t.core.commands.knowhowCommand(ana, "cap"))).toBe("Your weekly cap: at most 3 intro requests a week. Change it with `/knowhow cap 3` (requests a week); `/knowhow cap 0` takes none.");
    expect((await t.store.getMember(ana.memberId))?.availability.weeklyCap).toBe(3);
    for (const bad of ["three", "1e1", "0x2", "-1"]) {
      await expect(t.core.commands.knowhowCommand(ana, `cap ${bad}`), bad).rejects.toThrow(/whole number from 0 to 50/);
    }
    expect(text(await t.core.commands.knowhowCommand(ana, "cap 0"))).toMatch(/^Got it: no intro requests for now/);
    expect(text(await t.core.commands.knowhowCommand(ana, "cap"))).toMatch(/^Your weekly cap is 0: no intro requests for now\./);
    expect(text(await t.core.commands.knowhowCommand(ana, "cap 1"))).toBe("Got it: at most 1 intro request a week.");
  });

  it("`status` and a bare `cap` say a member at their weekly cap is at it until the oldest request turns a week old, not 'available'", async () => {
    const ana = t.actor("ana");
    await t.core.availability.setWeeklyCap(ana, 2);
    const now = t.clock.now().getTime();
    const m = (await t.store.getMember(ana.memberId))!;
    // Asked 5 days ago and 2 days ago: full until the first of them is a week old.
    await t.store.replaceMember({ ...m, stats: { ...m.stats, recentOffers: [new Date(now - 5 * 86_400_000), new Date(now - 2 * 86_400_000)] } }, t.clock.now());
    const frees = new Date(now + 2 * 86_400_000).toISOString().slice(0, 10);
    const status = text(await t.core.commands.knowhowCommand(ana, "status"));
    expect(status).not.toContain("available");
    expect(status).toContain(`at your weekly cap until ${frees}`);
    expect(text(await t.core.commands.knowhowCommand(ana, "cap"))).toContain(`You've reached it: no more until ${frees}.`);
    // One request fewer: available again.
    await t.core.availability.setWeeklyCap(ana, 3);
    expect(text(await t.core.commands.knowhowCommand(ana, "status"))).toMatch(/^Your availability: available · /);
  });

  it("bare `quiet`, `timezone` and `reminders` show the current value and how to change it, changing nothing", async () => {
    const ana = t.actor("ana");
    expect(text(await t.core.commands.knowhowCommand(ana, "quiet"))).toBe("Your quiet hours: 21:00–8:00 (Europe/London). Change them with `/knowhow quiet 21-8` (local hours), or `/knowhow quiet off`.");
    await t.core.commands.knowhowCommand(ana, "quiet off");
    expect(text(await t.core.commands.knowhowCommand(ana, "quiet"))).toMatch(/^You have no quiet hours\. /);
    expect(text(await t.core.commands.knowhowCommand(ana, "timezone"))).toBe("Your timezone is Europe/London. Change it with `/knowhow timezone Europe/Paris`.");
    expect(text(await t.core.commands.knowhowCommand(ana, "reminders"))).toBe("Reminders are on: I check in every few months. `/knowhow reminders off` to turn them off.");
    await t.core.commands.knowhowCommand(ana, "reminders off");
    expect(text(await t.core.commands.knowhowCommand(ana, "reminders"))).toBe("Reminders are off. `/knowhow reminders on` to turn them on.");
    const m = (await t.store.getMember(ana.memberId))!;
    expect([m.timezone, m.reminders, m.availability.quietHours]).toEqual(["Europe/London", "never", { start: 0, end: 0 }]);
  });

  it("a bare `pause` is a week, said in the reply; a typed value must be a whole number of days", async () => {
    const ana = t.actor("ana");
    expect(text(await t.core.commands.knowhowCommand(ana, "pause"))).toMatch(/^Paused until 2026-03-09 /);
    expect(text(await t.core.commands.knowhowCommand(ana, "pause 14 days"))).toMatch(/^Paused until 2026-03-16 /);
    await expect(t.core.commands.knowhowCommand(ana, "pause 1e1")).rejects.toThrow(/whole number of days/);
  });
});

describe("replies that say what changed", () => {
  const t = useTestCore();

  it("the export counts in the singular when there is one", async () => {
    const ana = t.actor("ana");
    await t.core.skills.add(ana, "SEO");
    await t.core.asks.ask(ana, "who knows bookkeeping?", { surface: "dm", channelId: null, threadId: null, isPrivate: true });
    expect((await t.core.privacy.export(ana)).message.text).toBe("Here is everything Knowhow stores about you: 1 skill, 1 question asked and 0 intro requests received.");
    await t.core.skills.add(t.actor("ben"), "bookkeeping");
    const { request } = await t.core.asks.ask(ana, "who knows bookkeeping?", { surface: "dm", channelId: null, threadId: null, isPrivate: true });
    await t.core.asks.offer(ana, request.id);
    expect((await t.core.privacy.export(t.actor("ben"))).message.text).toBe("Here is everything Knowhow stores about you: 1 skill, 0 questions asked and 1 intro request received.");
  });

  it("the edit form saved for its about line says the about line was saved and the skills are unchanged", async () => {
    const ana = t.actor("ana");
    await t.core.skills.add(ana, "SEO, bookkeeping (expert)");
    const form = [{ label: "SEO", level: "can_help" as const }, { label: "bookkeeping", level: "expert" as const }];
    expect(skillChangeMessage(await t.core.skills.replace(ana, form, "Shop owner in Leeds")).text).toBe("Saved your about line. Your skills are unchanged: bookkeeping (expert), SEO.");
    expect(skillChangeMessage(await t.core.skills.replace(ana, form, "Shop owner in Leeds")).text).toBe("Your skills are unchanged: bookkeeping (expert), SEO.");
    const relevelled = await t.core.skills.replace(ana, [form[0]!, { label: "Bookkeeping", level: "can_help" }], "");
    expect(skillChangeMessage(relevelled).text).toBe("Updated *Bookkeeping*. Cleared your about line. Your skills: Bookkeeping, SEO.");
  });

  it("two wordings of one new skill in `/skills add` are one skill, added once and said so", async () => {
    const ana = t.actor("ana");
    expect(text(await t.core.commands.skillsCommand(ana, "add ML, machine learning (expert)"))).toBe("Added *machine learning* (“ML” is the same skill). Your skills: machine learning (expert).");
    expect(text(await t.core.commands.skillsCommand(ana, "add SEO, k8s, Kubernetes (learning)"))).toBe("Added *SEO* and *Kubernetes* (“k8s” is the same skill). Your skills: machine learning (expert), SEO, Kubernetes (learning).");
    // Re-declaring one the member has: updated once.
    expect(text(await t.core.commands.skillsCommand(ana, "add machine learning, ML (learning)"))).toBe("Updated *ML* (“machine learning” is the same skill). Your skills: SEO, Kubernetes (learning), ML (learning).");
  });
});

describe("the help", () => {
  it("names every /knowhow subcommand a member uses, opt-in included", () => {
    const help = helpMessage().text;
    for (const sub of ["pause", "resume", "cap", "quiet", "timezone", "opt-out", "opt-in", "reminders", "export", "forget-me", "settings", "alias", "unalias", "report"]) {
      expect(help, sub).toContain(`\`/knowhow ${sub}`);
    }
  });
});

describe("/knowhow settings digest", () => {
  const t = useTestCore();

  it("'off' from chat stops it for that admin only, never turns on a digest the operator turned off, and tells a named admin the truth", async () => {
    const boss = t.actor("boss", { isPlatformAdmin: true });
    const grace = t.actor("grace", { isPlatformAdmin: true });
    await t.core.members.touch(grace);
    await t.core.communities.changeAdmins(operator("slack:T1"), { add: ["grace"] });
    await t.core.communities.setSetting(operator("slack:T1"), "digest", "off");
    expect(text(await t.core.commands.knowhowCommand(boss, "settings digest off"))).toBe("I won't send you the weekly digest any more.");
    expect((await t.store.getCommunity("slack:T1"))?.settings.digestEnabled).toBe(false);
    await t.core.communities.setSetting(operator("slack:T1"), "digest", "on");
    expect(text(await t.core.commands.knowhowCommand(grace, "settings digest off"))).toMatch(/^You'll still get the weekly digest: you are one of this community's Knowhow admins/);
    expect((await t.store.getCommunity("slack:T1"))?.settings.digestEnabled).toBe(true);
    // Nor offers her an "off" that would not stop it.
    const on = text(await t.core.commands.knowhowCommand(grace, "settings digest on"));
    expect(on).toMatch(/^Weekly digest on: .* You get it as one of the Knowhow admins the operator named/);
    expect(on).not.toContain("digest off` to stop");
  });
});

describe("a member's own profile", () => {
  const t = useTestCore();

  it("is marked as theirs by their own edits (imports leave it alone), and the mark goes when they are forgotten", async () => {
    const ana = t.actor("ana");
    await t.core.skills.add(ana, "pottery", "imported");
    expect(await t.store.hasClaimed("profile-owned:slack:T1:ana")).toBe(false);
    await t.core.skills.remove(ana, "pottery");
    expect(await t.store.hasClaimed("profile-owned:slack:T1:ana")).toBe(true);
    expect((await t.core.skills.importProfile(ana, [{ label: "pottery", level: "can_help" }])).outcome).toBe("kept");
    await t.core.privacy.erase(ana);
    expect(await t.store.hasClaimed("profile-owned:slack:T1:ana")).toBe(false);
  });

  it("shows as last confirmed the date their reminders go by: their latest edit or confirmation", async () => {
    const ana = t.actor("ana");
    await t.core.skills.add(ana, "pottery");
    t.clock.advance(40 * 86_400_000);
    await t.core.skills.add(ana, "glazing");
    const shown = (m: Member) => profileMessage(m, t.clock.now(), true).fields?.find((f) => f.label === "Last confirmed")?.value;
    expect(shown((await t.store.getMember(ana.memberId))!)).toBe(t.clock.now().toISOString().slice(0, 10));
    t.clock.advance(86_400_000);
    await t.core.skills.remove(ana, "pottery");
    await t.core.skills.remove(ana, "glazing");
    expect(shown((await t.store.getMember(ana.memberId))!)).toBe(t.clock.now().toISOString().slice(0, 10));
  });
});
