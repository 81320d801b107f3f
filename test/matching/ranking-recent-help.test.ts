import { describe, expect, it } from "vitest";
import type { Evidence } from "../../src/core/domain/member.js";
import type { RequestId } from "../../src/core/ids.js";
import { CommunityIndex } from "../../src/ranking/community-index.js";
import { indexedMember } from "../../src/ranking/indexed-member.js";
import { decayedHelp, DEFAULT_PRIORS, recentHelp, recentHelpFactor } from "../../src/ranking/priors.js";
import { ask, ids, matcherFor, member, NOW } from "./ranking-support.js";

const DAY = 24 * 3600_000;
const helpedAt = (daysAgo: number, id = `r${daysAgo}`, kind: Evidence["kind"] = "helped"): Evidence => ({
  requestId: id as RequestId,
  kind,
  question: "an unrelated question about spreadsheets",
  topics: [],
  at: new Date(NOW.getTime() - daysAgo * DAY),
});

describe("recent-help prior", () => {
  it("weighs a help by its age (half at 30 days), counts a request once and ignores declines", () => {
    const m = member("a", ["SEO"], "", { evidence: [helpedAt(0, "x"), helpedAt(0, "x", "accepted"), helpedAt(30), helpedAt(60), helpedAt(1, "d", "declined")] });
    expect(recentHelp(indexedMember(m))).toEqual({ mass: expect.closeTo(1 + 0.5 + 0.25, 6), atMs: NOW.getTime() });
    expect(recentHelp(indexedMember(member("b", ["SEO"], "", { evidence: [helpedAt(1, "d", "declined")] })))).toBeNull();
  });

  it("decays a stored mass exactly as recomputing it later would", () => {
    const m = member("a", ["SEO"], "", { evidence: [helpedAt(3), helpedAt(10), helpedAt(40)] });
    const newest = NOW.getTime() - 3 * DAY;
    const later = NOW.getTime() + 17 * DAY;
    const r = recentHelp(indexedMember(m))!;
    expect(r.atMs).toBe(newest);
    // At `later` the helps are 20, 27 and 57 days old.
    expect(decayedHelp(r.mass, r.atMs, later)).toBeCloseTo(2 ** (-20 / 30) + 2 ** (-27 / 30) + 2 ** (-57 / 30), 9);
    // A clock behind the newest help does not inflate the mass.
    expect(decayedHelp(2, newest, newest - 5 * DAY)).toBe(2);
  });

  it("is neutral for members who never helped, and grows with recent help but saturates", () => {
    expect(recentHelpFactor(0, DEFAULT_PRIORS)).toBe(1);
    const f1 = recentHelpFactor(1, DEFAULT_PRIORS);
    const f10 = recentHelpFactor(10, DEFAULT_PRIORS);
    expect(f1).toBeGreaterThan(1);
    expect(f10).toBeGreaterThan(f1);
    expect(f10 - f1).toBeLessThan(9 * (f1 - 1));
  });

  it("the index keeps each slot's recent help current through put and delete", () => {
    const index = new CommunityIndex({});
    index.put(member("a", ["SEO"], "", { evidence: [helpedAt(0)] }));
    index.put(member("b", ["SEO"]));
    const a = index.slotOf("slack:T1:a");
    expect(index.recentHelp(a, NOW.getTime())).toBeCloseTo(1, 6);
    expect(index.recentHelp(a, NOW.getTime() + 30 * DAY)).toBeCloseTo(0.5, 4);
    expect(index.recentHelp(index.slotOf("slack:T1:b"), NOW.getTime())).toBe(0);
    // Candidate selection skips members by the ceiling: it must bound the decayed help at any time, a clock behind
    // the newest help included.
    for (const t of [-10, 0, 1, 365].map((d) => NOW.getTime() + d * DAY)) expect(index.recentHelpCeiling(a)).toBeGreaterThanOrEqual(index.recentHelp(a, t));
    index.put(member("a", ["SEO"]));
    expect(index.recentHelp(index.slotOf("slack:T1:a"), NOW.getTime())).toBe(0);
    index.delete("slack:T1:a");
    index.put(member("c", ["SEO"]));
    expect(index.recentHelp(index.slotOf("slack:T1:c"), NOW.getTime())).toBe(0);
  });
});

describe("recent help in ranking", () => {
  it("among equal fits, the member who helped this month comes before one who helped last year, and says so", async () => {
    const m = matcherFor([member("old", ["SEO"], "", { evidence: [helpedAt(300)] }), member("fresh", ["SEO"], "", { evidence: [helpedAt(4)] })]);
    const r = await ask(m, "SEO audit for my shop");
    expect(ids(r)).toEqual(["fresh", "old"]);
    expect(r.suggestions[0]?.reason).toMatch(/helped someone in the last month/);
    expect(r.suggestions[1]?.reason).not.toMatch(/last month/);
  });

  it("load still spreads requests between recent helpers, and the weekly cap still excludes", async () => {
    const recent = (name: string, extra = {}) => member(name, ["SEO"], "", { evidence: [helpedAt(1, `${name}1`), helpedAt(3, `${name}2`)], ...extra });
    const busy = recent("busy");
    busy.stats = { ...busy.stats, recentOffers: [new Date(NOW.getTime() - 3600_000), new Date(NOW.getTime() - 1800_000)] };
    busy.availability = { ...busy.availability, weeklyCap: 5 };
    const full = recent("full");
    full.stats = { ...full.stats, recentOffers: [1, 2, 3].map((d) => new Date(NOW.getTime() - d * DAY)) };
    const m = matcherFor([busy, recent("idle"), full]);
    expect(ids(await ask(m, "SEO audit for my shop"))).toEqual(["idle", "busy"]);
  });

  it("reaches candidate selection: a recent helper is found behind many members with a longer track record", async () => {
    // 60 equal fits with a long track record fill the cheap shortlist; the recent helper must still be considered.
    const veterans = Array.from({ length: 60 }, (_, i) => {
      const v = member(`v${String(i).padStart(2, "0")}`, ["SEO"]);
      v.stats = { ...v.stats, helped: 3 };
      return v;
    });
    const fresh = member("zz-fresh", ["SEO"], "", { evidence: [helpedAt(1), helpedAt(2, "r2b"), helpedAt(3, "r3b")] });
    const m = matcherFor([...veterans, fresh]);
    expect(ids(await ask(m, "SEO audit for my shop"))[0]).toBe("zz-fresh");
  });
});
