import { describe, expect, it } from "vitest";
import { OverlapMatcher } from "../../src/core/matching/overlap-matcher.js";
import type { Store } from "../../src/core/ports/store.port.js";
import { MemoryMatcherStore } from "../../src/cli/bench/ranking/dataset.js";
import { C, ids, member, NOW } from "./ranking-support.js";

const build = (members = [member("ana", ["SEO:expert"]), member("ben", ["SEO"]), member("cy", ["SEO:learning"]), member("dee", ["magazine writing"])]) =>
  new OverlapMatcher(new MemoryMatcherStore(C, members) as unknown as Store);
const rank = (m: OverlapMatcher, question: string, askerId: string | null = null) => m.rank({ communityId: C, question, askerId, limit: 5, now: NOW });

describe("OverlapMatcher (first matcher)", () => {
  it("ranks by skill overlap weighted by level, with a reason per suggestion", async () => {
    const r = await rank(build(), "who can help with seo?");
    expect(ids(r)).toEqual(["ana", "ben"]);
    expect(r.suggestions[0]?.reason).toBe("declared *SEO* (expert)");
  });
  it("never suggests the asker or learners, and abstains with closest skills", async () => {
    const m = build();
    expect(ids(await rank(m, "seo audit", `${C}:ana`))).toEqual(["ben"]);
    const none = await rank(build([member("cy", ["SEO:learning"])]), "seo audit");
    expect(none.abstained).toBe(true);
    expect(none.closestSkills).toEqual(["SEO"]);
  });
  it("sees upserts and removals on the next rank", async () => {
    const m = build();
    await rank(m, "warm up");
    await m.upsert(member("eve", ["SEO:expert"]));
    await m.remove(`${C}:ana`, C);
    expect(ids(await rank(m, "seo"))).toEqual(["eve", "ben"]);
  });
  it("matches multi-word skills when the question holds their words", async () => {
    expect(ids(await rank(build(), "tips for writing for a magazine"))).toEqual(["dee"]);
  });
});
