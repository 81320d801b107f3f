import { describe, expect, it } from "vitest";
import type { Evidence } from "../../src/core/domain/member.js";
import type { RequestId } from "../../src/core/ids.js";
import { indexedMember } from "../../src/ranking/indexed-member.js";
import { member, NOW, skill } from "./ranking-support.js";

const DAY = 24 * 3600_000;
const ev = (id: string, kind: Evidence["kind"], daysAgo: number, question = `question ${id}`): Evidence => ({
  requestId: id as RequestId,
  kind,
  question,
  topics: ["spreadsheets", "excel"],
  at: new Date(NOW.getTime() - daysAgo * DAY),
});

describe("the matcher's compact record of a member", () => {
  it("keeps what ranking reads: help per distinct request at its newest time, questions by kind, declines left out", () => {
    const m = member("a", ["Excel"], "accountant", {
      evidence: [ev("r1", "accepted", 1, "pivot tables?"), ev("r1", "helped", 0, "pivot tables?"), ev("r2", "helped", 10, "vlookup"), ev("r3", "declined", 2), ev("r4", "not_my_area", 3, "tax return")],
    });
    const r = indexedMember(m);
    expect(r).toMatchObject({ id: m.id, displayName: "a", about: "accountant", departed: false });
    expect(r.helpedWith).toEqual(["pivot tables?", "vlookup"]);
    expect(r.notTheirArea).toEqual(["tax return"]);
    expect([...r.helpTimesMs].sort()).toEqual([NOW.getTime() - 10 * DAY, NOW.getTime()]);
    expect(r.skills).toEqual([{ label: "Excel", key: m.skills[0]!.key, level: "can_help", source: "declared" }]);
  });

  it("keeps the newest confirmation of a skill the member can help with, not of one they are learning", () => {
    const m = member("a", [], "", { skills: [skill("Excel", "can_help", new Date(NOW.getTime() - 40 * DAY)), skill("SQL", "expert", new Date(NOW.getTime() - 5 * DAY)), skill("Rust", "learning", NOW)] });
    expect(indexedMember(m).confirmedMs).toBe(NOW.getTime() - 5 * DAY);
    expect(indexedMember(member("b", ["Rust:learning"])).confirmedMs).toBeNull();
  });

  it("shares what members have in common and copies what may change", () => {
    const a = member("a", ["Excel"]);
    const b = member("b", ["Excel"], "", { timezone: "Europe/Paris" });
    const c = member("c", ["Excel"], "", { timezone: ["Europe", "Paris"].join("/") });
    expect(indexedMember(a).availability).toBe(indexedMember(b).availability);
    expect(indexedMember(a).stats).toBe(indexedMember(b).stats);
    expect(Object.isFrozen(indexedMember(a).availability)).toBe(true);
    expect(indexedMember(c).timezone).toBe("Europe/Paris");
    const paused = member("d", ["Excel"], "", { availability: { ...a.availability, pausedUntil: NOW, quietHours: { start: 22, end: 7 } } });
    expect(indexedMember(paused).availability).toEqual({ optedIn: true, pausedUntil: NOW, weeklyCap: 3, quietHours: { start: 22, end: 7 } });
    const busy = member("e", ["Excel"], "", { stats: { ...a.stats, helped: 2, offers: 3, recentOffers: [NOW] } });
    const record = indexedMember(busy);
    busy.stats.recentOffers.push(NOW);
    busy.skills.push(skill("SQL"));
    expect(record.stats).toMatchObject({ helped: 2, offers: 3 });
    expect(record.stats.recentOffers).toHaveLength(1);
    expect(record.skills).toHaveLength(1);
  });
});
