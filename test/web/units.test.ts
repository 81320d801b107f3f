import { describe, expect, it } from "vitest";
import { buildHelperLoad, buildNudgeOutcomes, buildSkillMap, PRIVATE_SERIES, weekStart, readable } from "../../adapters/web/dashboard/data.js";
import { typedCommand, unknownCommandReply } from "../../adapters/web/commands.js";
import { slugify } from "../../adapters/web/identity.js";
import { MAX_ITEMS, WebMessenger } from "../../adapters/web/messenger.js";
import type { Member } from "../../src/core/domain/member.js";
import type { HelpRequest } from "../../src/core/domain/request.js";
import { newMember } from "../../src/core/usecases/members.js";
import { ManualClock } from "../../src/core/ports/clock.port.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { DeliveryError } from "../../src/core/ports/messenger.port.js";

const msg = (text: string) => ({ kind: "info" as const, text });

describe("WebMessenger", () => {
  it("keeps DMs per member, newest first, and refuses other platforms' members", async () => {
    const m = new WebMessenger(new ManualClock(), silentLogger);
    await m.sendDirect("web:demo:ana", msg("one"));
    await m.sendDirect("web:demo:ana", msg("two"));
    await m.sendDirect("web:demo:bo", msg("three"));
    expect(m.inbox("web:demo:ana").map((i) => i.message.text)).toEqual(["two", "one"]);
    expect(m.inbox("web:demo:bo")).toHaveLength(1);
    await expect(m.sendDirect("slack:T1:U1", msg("x"))).rejects.toBeInstanceOf(DeliveryError);
  });

  it("shows one intro conversation to every participant, and marks answers per member", async () => {
    const m = new WebMessenger(new ManualClock(), silentLogger);
    const d = await m.introduce(["web:demo:ana", "web:demo:bo"], { kind: "intro", text: "meet" });
    const [a] = m.inbox("web:demo:ana");
    const [b] = m.inbox("web:demo:bo");
    expect(a?.id).toBe(d.channelId);
    expect(b?.id).toBe(d.channelId);
    expect(a?.participants).toEqual(["web:demo:ana", "web:demo:bo"]);
    expect(m.markAnswered("web:demo:ana", d.channelId, { actionType: "x", label: "X", reply: null, at: new Date() })).toBe(true);
    expect(m.item("web:demo:ana", d.channelId)?.answer?.label).toBe("X");
    expect(m.item("web:demo:bo", d.channelId)?.answer).toBeNull();
    expect(m.countByKind()).toEqual({ intro: 1 });
  });

  it("posts to a channel feed and never grows an inbox past its bound", async () => {
    const m = new WebMessenger(new ManualClock(), silentLogger);
    await m.postToChannel("web:demo:ana", "general", msg("post"), null);
    expect(m.channel("general").map((p) => p.message.text)).toEqual(["post"]);
    for (let i = 0; i < MAX_ITEMS + 5; i++) await m.sendDirect("web:demo:ana", msg(`m${i}`));
    const inbox = m.inbox("web:demo:ana");
    expect(inbox).toHaveLength(MAX_ITEMS);
    expect(inbox[0]?.message.text).toBe(`m${MAX_ITEMS + 4}`);
  });

  it("returns copies: changing a returned item changes nothing stored", async () => {
    const m = new WebMessenger(new ManualClock(), silentLogger);
    await m.sendDirect("web:demo:ana", msg("one"));
    m.inbox("web:demo:ana")[0]!.message.text = "changed";
    expect(m.inbox("web:demo:ana")[0]?.message.text).toBe("one");
  });
});

describe("dashboard builders", () => {
  const now = new Date("2026-03-04T12:00:00Z"); // a Wednesday

  it("shows a question's mentions by name and its channel links as #channel, not as chat markup", () => {
    const names = new Map([["slack:T1:UANA", "Ana"]]);
    expect(readable("cc <@slack:T1:UANA> and <@slack:T1:UGONE> in <#C1|general> or <#123>", names)).toBe("cc @Ana and @someone in #general or #channel");
  });

  it("weekStart is the Monday at UTC midnight", () => {
    expect(weekStart(now).toISOString()).toBe("2026-03-02T00:00:00.000Z");
    expect(weekStart(new Date("2026-03-01T23:00:00Z")).toISOString()).toBe("2026-02-23T00:00:00.000Z");
  });

  it("counts intro requests per helper per week, busiest first, the rest summed", () => {
    const offers = [
      { requestId: "r1", candidateId: "web:demo:a", sentAt: new Date("2026-03-03T10:00:00Z"), status: "accepted" },
      { requestId: "r2", candidateId: "web:demo:a", sentAt: new Date("2026-02-24T10:00:00Z"), status: "declined" },
      { requestId: "r3", candidateId: "web:demo:b", sentAt: new Date("2026-03-02T01:00:00Z"), status: "pending" },
      { requestId: "r4", candidateId: "web:demo:c", sentAt: new Date("2026-03-02T02:00:00Z"), status: "pending" },
      { requestId: "r5", candidateId: "web:demo:z", sentAt: new Date("2025-01-01T00:00:00Z"), status: "accepted" },
    ];
    const load = buildHelperLoad(offers, new Map([["web:demo:a", "Ana"]]), now, 3, 2);
    expect(load.weeks).toEqual(["2026-02-16", "2026-02-23", "2026-03-02"]);
    expect(load.series).toEqual([
      { memberId: "web:demo:a", name: "Ana", offers: [0, 1, 1], accepted: [0, 0, 1] },
      { memberId: "web:demo:b", name: "web:demo:b", offers: [0, 0, 1], accepted: [0, 0, 0] },
      { memberId: null, name: "Everyone else", offers: [0, 0, 1], accepted: [0, 0, 0] },
    ]);
  });

  it("counts the offers of questions asked privately in one unnamed series, never under the helper's name", () => {
    const offers = [
      { requestId: "pub", candidateId: "web:demo:a", sentAt: new Date("2026-03-03T10:00:00Z"), status: "accepted" },
      { requestId: "dm", candidateId: "web:demo:lawyer", sentAt: new Date("2026-03-03T11:00:00Z"), status: "accepted" },
      { requestId: "dm", candidateId: "web:demo:a", sentAt: new Date("2026-02-24T11:00:00Z"), status: "declined" },
    ];
    const load = buildHelperLoad(offers, new Map([["web:demo:a", "Ana"], ["web:demo:lawyer", "Lee"]]), now, 2, 6, new Set(["dm"]));
    expect(load.series).toEqual([
      { memberId: "web:demo:a", name: "Ana", offers: [0, 1], accepted: [0, 1] },
      { memberId: null, name: PRIVATE_SERIES, offers: [1, 1], accepted: [0, 1] },
    ]);
  });

  it("derives nudge outcomes from member records", () => {
    const nudgedAt = new Date("2026-03-01T00:00:00Z");
    const before = new Date("2025-12-01T00:00:00Z");
    const after = new Date("2026-03-02T00:00:00Z");
    const mk = (id: string, patch: Partial<Member>): Member => ({ ...newMember(`web:demo:${id}`, "web:demo", id, null, before), version: 1, createdAt: before, updatedAt: before, lastNudgedAt: nudgedAt, ...patch });
    const skill = (addedAt: Date, confirmedAt: Date) => ({ label: "SEO", key: "seo", level: "can_help" as const, source: "declared" as const, addedAt, confirmedAt });
    const members = [
      mk("confirmed", { skills: [skill(before, after)] }),
      mk("edited", { skills: [skill(before, before), skill(after, after)] }),
      mk("stopped", { reminders: "never" }),
      mk("paused", { availability: { optedIn: true, pausedUntil: new Date("2026-04-01T00:00:00Z"), weeklyCap: 3, quietHours: { start: 21, end: 8 } } }),
      mk("silent", { skills: [skill(before, before)] }),
      mk("long-ago", { lastNudgedAt: before }),
      mk("never", { lastNudgedAt: null }),
    ];
    expect(buildNudgeOutcomes(members, now, 30)).toEqual({ sent: 5, confirmed: 1, edited: 1, optedOut: 1, paused: 1, source: "derived_from_members" });
  });

  it("maps skills by helpers and demand, and adds unmatched topics nobody declares", () => {
    const req = (question: string, topics: string[], unmatched: boolean) => ({ question, topics, unmatched }) as HelpRequest;
    const rows = buildSkillMap(
      [{ key: "seo", label: "SEO", expert: 1, canHelp: 2, learning: 1 }, { key: "crochet", label: "Crochet", expert: 0, canHelp: 0, learning: 2 }],
      [req("Who knows SEO for Etsy?", ["seo"], false), req("seo again", [], false), req("EU VAT rules?", ["vat"], true)],
    );
    expect(rows).toEqual([
      { key: "seo", label: "SEO", helpers: 3, experts: 1, learners: 1, demand: 2 },
      { key: "vat", label: "vat", helpers: 0, experts: 0, learners: 0, demand: 1 },
    ]);
  });
});

describe("slugify", () => {
  it("turns names into member slugs", () => {
    expect(slugify("Ana Ruiz")).toBe("ana-ruiz");
    expect(slugify("  Lars Nyström ")).toBe("lars-nystrom");
    expect(slugify("!!!")).toBe("");
  });
});

describe("commands typed in the message box", () => {
  it("takes /ask, /skills and /knowhow as Slack's slash commands, and nothing else", () => {
    expect(typedCommand("/ask who can help with SEO?")).toEqual({ name: "ask", text: "who can help with SEO?" });
    expect(typedCommand("  /Knowhow   pause 14 ")).toEqual({ name: "knowhow", text: "pause 14" });
    expect(typedCommand("/skills")).toEqual({ name: "skills", text: "" });
    expect(typedCommand("/asking for a friend")).toBeNull();
    expect(typedCommand("pause 3")).toBeNull();
    expect(typedCommand("who knows /skills?")).toBeNull();
  });

  it("answers a slash command that does not exist as Slack would refuse it, naming the one meant when it is close", () => {
    expect(unknownCommandReply("/skill add SEO")).toBe("There's no `/skill` command: did you mean `/skills`? Here you can type `/ask`, `/skills` and `/knowhow` as in Slack (`help` lists them).");
    expect(unknownCommandReply("/Knowhw pause 3")).toContain("did you mean `/knowhow`?");
    expect(unknownCommandReply("/help")).toBe("There's no `/help` command. Here you can type `/ask`, `/skills` and `/knowhow` as in Slack (`help` lists them).");
    expect(unknownCommandReply("/asking for a friend")).toContain("There's no `/asking` command");
    for (const text of ["/skills add SEO", "who knows /skills?", "/r/startups anyone?", "/ ", "I can help with SEO"]) expect(unknownCommandReply(text)).toBeNull();
  });
});
