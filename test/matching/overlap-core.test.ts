import { describe, expect, it } from "vitest";
import { OverlapMatcher } from "../../src/core/matching/overlap-matcher.js";
import { ask, ids, member, NOW, source } from "./members.js";

describe("OverlapMatcher (the first matcher)", () => {
  const members = () => [
    member("ana", [["SEO", "expert"], "copywriting"]),
    member("ben", ["seo"]),
    member("cai", [["SEO", "learning"]]),
    member("dee", ["SEO"], { availability: { optedIn: true, pausedUntil: new Date(NOW.getTime() + 86_400_000), weeklyCap: 3, quietHours: { start: 21, end: 8 } } }),
    member("eve", ["SEO"], { stats: { offers: 3, accepted: 0, declined: 0, notMyArea: 0, noReply: 0, helped: 0, replyMinutesTotal: 0, replies: 0, recentOffers: [NOW, NOW, NOW] } }),
    member("fay", ["SEO"], { departed: true }),
    member("gus", ["SEO"], { availability: { optedIn: false, pausedUntil: null, weeklyCap: 3, quietHours: { start: 21, end: 8 } } }),
  ];

  it("ranks by level-weighted overlap with a reason, never the asker, learners or unavailable members", async () => {
    const m = new OverlapMatcher(source(members()));
    const r = await m.rank(ask("who knows SEO for my shop?", { askerId: "slack:T1:ben" }));
    expect(ids(r)).toEqual(["ana"]);
    expect(r.suggestions[0]!.reason).toContain("declared *SEO* (expert)");
    expect(r.abstained).toBe(false);
  });

  it("abstains when nothing overlaps", async () => {
    const m = new OverlapMatcher(source(members()));
    const r = await m.rank(ask("how do I tune a piano?"));
    expect(r.suggestions).toEqual([]);
    expect(r.abstained).toBe(true);
  });

  it("sees upsert and remove on the next rank", async () => {
    const m = new OverlapMatcher(source(members()));
    await m.rank(ask("SEO?"));
    await m.upsert(member("hal", [["piano tuning", "expert"]]));
    expect(ids(await m.rank(ask("who does piano tuning?")))).toEqual(["hal"]);
    await m.remove("slack:T1:hal", "slack:T1");
    expect((await m.rank(ask("who does piano tuning?"))).suggestions).toEqual([]);
  });
});
