import { describe, expect, it } from "vitest";
import type { Member } from "../../src/core/domain/member.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { HybridMatcher, type HybridMatcherOptions } from "../../src/matching/hybrid-matcher.js";
import { MapWordVectors } from "../../src/matching/vectors.js";
import { ask, C1, C2, evidence, ids, member, NOW, source } from "./members.js";

/** A 4-d toy vector space: writing-ish words share one axis, food another. */
const vectors = new MapWordVectors(4, [
  ["proofreading", [1, 0.2, 0, 0]],
  ["editing", [1, 0.1, 0, 0]],
  ["proofread", [1, 0.15, 0, 0]],
  ["manuscript", [0.9, 0.3, 0, 0]],
  ["bread", [0, 0, 1, 0]],
  ["baking", [0, 0, 0.95, 0.1]],
  ["java", [0, 1, 0, 0]],
  ["javascript", [0, 0.9, 0, 0.2]],
]);

function matcher(members: Member[], opts: Partial<HybridMatcherOptions> = {}, aliases: Record<string, string> = {}) {
  const store = source(members, aliases);
  return { store, m: new HybridMatcher({ store, vectors, logger: silentLogger, ...opts }) };
}

const community = (): Member[] => [
  member("ana", [["magazine writing", "expert"], "query letters"], { about: "Freelance journalist." }),
  member("ben", ["SEO", "ppc"]),
  member("dev", ["js", "react core contributor"]),
  member("gus", ["Java", "spring boot"]),
  member("hana", ["golang", "k8s"]),
  member("ivo", ["Go (board game)"], { about: "3 dan baduk player" }),
  member("jo", ["rust removal", "car restoration"]),
  member("kai", ["Rust", "embedded"], { about: "firmware engineer" }),
  member("lea", ["bookkeeping", "accountng"]),
  member("eli", [["react", "learning"]]),
  member("omar", [], { about: "Wedding and portrait photographer." }),
  member("wen", [["baking", "expert"]]),
  member("pat", ["editing"]),
];

describe("HybridMatcher: skill understanding", () => {
  it("resolves aliases and says which word matched (js → javascript, k8s → kubernetes, golang → go)", async () => {
    const { m } = matcher(community());
    const js = await m.rank(ask("My JavaScript bundle is huge"));
    expect(ids(js)[0]).toBe("dev");
    expect(ids(await m.rank(ask("Kubernetes pods keep restarting")))[0]).toBe("hana");
    const q = await m.rank(ask("help with SEO please"));
    expect(ids(q)[0]).toBe("ben");
    expect(q.suggestions[0]!.reason).toContain("declared *SEO*");
  });

  it("keeps Java and JavaScript apart", async () => {
    const { m } = matcher(community());
    const java = await m.rank(ask("Spring Boot service leaks memory in the JVM, Java experts?"));
    expect(ids(java)[0]).toBe("gus");
    expect(ids(java)).not.toContain("dev");
    const js = await m.rank(ask("question about javascript promises"));
    expect(ids(js)).not.toContain("gus");
  });

  it("keeps Go the language and Go the board game apart by context", async () => {
    const { m } = matcher(community());
    expect(ids(await m.rank(ask("Which joseki should a 15 kyu Go player learn first?")))[0]).toBe("ivo");
    const lang = await m.rank(ask("How do goroutines and channels work in Go code?"));
    expect(ids(lang)[0]).toBe("hana");
    expect(ids(lang)).not.toContain("ivo");
    // "go" the verb is not a skill mention
    expect(ids(await m.rank(ask("where should I go for a board game night?")))).not.toContain("hana");
  });

  it("keeps Rust the language and rust removal apart by context", async () => {
    const { m } = matcher(community());
    const corrosion = await m.rank(ask("best way to get rust off old bike chains?"));
    expect(ids(corrosion)[0]).toBe("jo");
    expect(ids(corrosion)).not.toContain("kai");
    const lang = await m.rank(ask("the borrow checker complains about lifetimes in my Rust code"));
    expect(ids(lang)[0]).toBe("kai");
    expect(ids(lang)).not.toContain("jo");
  });

  it("tolerates typos on both sides (question 'bookeeping', member 'accountng')", async () => {
    const { m } = matcher(community());
    const r = await m.rank(ask("need help with bookeeping for my shop"));
    expect(ids(r)[0]).toBe("lea");
    expect(r.suggestions[0]!.reason).toMatch(/bookeeping|bookkeeping/);
    expect(ids(await m.rank(ask("who knows accounting?")))[0]).toBe("lea");
  });

  it("matches through the taxonomy and word vectors (paraphrases) and explains it", async () => {
    const { m } = matcher(community());
    const agent = await m.rank(ask("Who could look at my pitch to a literary agent?"));
    expect(ids(agent)[0]).toBe("ana");
    expect(agent.suggestions[0]!.reason).toContain("related to “literary agent”");
    const sem = await m.rank(ask("can someone proofread my manuscript?"));
    expect(ids(sem)).toContain("pat");
  });

  it("finds a skill stated only in the about line", async () => {
    const { m } = matcher(community());
    const r = await m.rank(ask("Who can take portraits for our team page?"));
    expect(ids(r)[0]).toBe("omar");
    expect(r.suggestions[0]!.reason).toContain("portrait");
  });

  it("uses the community's own aliases", async () => {
    const { m } = matcher([member("zoe", ["github actions"])], {}, { "gha": "github actions" });
    expect(ids(await m.rank(ask("our gha workflow fails on forks")))).toEqual(["zoe"]);
  });
});

describe("HybridMatcher: constraints, priors and feedback", () => {
  const cap = { optedIn: true, pausedUntil: null, weeklyCap: 2, quietHours: { start: 21, end: 8 } };
  const seo = (name: string, extra: Partial<Member> = {}) => member(name, ["SEO"], extra);

  it("never suggests the asker, excluded, learners, paused, opted-out, departed or over-cap members", async () => {
    const { m } = matcher([
      seo("a1"),
      seo("a2"),
      member("learner", [["SEO", "learning"]]),
      seo("paused", { availability: { ...cap, pausedUntil: new Date(NOW.getTime() + 3_600_000) } }),
      seo("optout", { availability: { ...cap, optedIn: false } }),
      seo("gone", { departed: true }),
      seo("busy", { stats: { offers: 2, accepted: 0, declined: 0, notMyArea: 0, noReply: 0, helped: 0, replyMinutesTotal: 0, replies: 0, recentOffers: [NOW, NOW] }, availability: cap }),
      seo("ok"),
    ]);
    const r = await m.rank(ask("SEO help?", { askerId: `${C1}:a1`, exclude: [`${C1}:a2`] }));
    expect(ids(r)).toEqual(["ok"]);
  });

  it("matches fellow learners only when the question asks for one", async () => {
    const { m } = matcher(community());
    expect(ids(await m.rank(ask("my react component re-renders too often")))).not.toContain("eli");
    const r = await m.rank(ask("anyone else learning React? looking for a study buddy"));
    expect(ids(r)[0]).toBe("eli");
    expect(r.suggestions[0]!.reason).toContain("(learning)");
  });

  it("spreads load: a member asked this week drops below an equal one", async () => {
    const week = new Date(NOW.getTime() - 86_400_000);
    const { m } = matcher([seo("fresh"), seo("asked", { stats: { offers: 1, accepted: 0, declined: 0, notMyArea: 0, noReply: 0, helped: 0, replyMinutesTotal: 0, replies: 0, recentOffers: [week] } })]);
    const r = await m.rank(ask("SEO question"));
    expect(ids(r)).toEqual(["fresh", "asked"]);
    expect(r.suggestions[1]!.signals.some((s) => s.kind === "load" && s.weight < 0)).toBe(true);
  });

  it("prefers members for whom it is daytime", async () => {
    // 12:00 UTC: daytime in London, night in Tokyo (21:00)
    const { m } = matcher([seo("tokyo", { timezone: "Asia/Tokyo" }), seo("london", { timezone: "Europe/London" })]);
    const r = await m.rank(ask("SEO question"));
    expect(ids(r)).toEqual(["london", "tokyo"]);
    expect(r.suggestions[0]!.reason).toContain("daytime for them now");
  });

  it("raises members who helped with similar questions and lowers 'not my area' for similar ones", async () => {
    const base = [seo("a"), seo("b")];
    const { m } = matcher([
      { ...base[0]!, evidence: [evidence("not_my_area", "local SEO for a bakery", ["seo"])] },
      { ...base[1]! },
    ]);
    expect(ids(await m.rank(ask("local SEO for my bakery")))[0]).toBe("b");
    const { m: m2 } = matcher([seo("a"), { ...seo("b"), evidence: [evidence("helped", "SEO for a small shop", ["seo"])] }]);
    const r = await m2.rank(ask("SEO for my shop"));
    expect(ids(r)[0]).toBe("b");
    expect(r.suggestions[0]!.reason).toContain("helped 1 similar question");
  });
});

describe("HybridMatcher: abstention, index and bad input", () => {
  it("abstains when nobody fits, with the closest skills the community has", async () => {
    const { m } = matcher(community());
    const r = await m.rank(ask("Who can help me tune my piano?"));
    expect(r.abstained).toBe(true);
    expect(r.suggestions).toEqual([]);
    expect(r.closestSkills.length).toBeGreaterThan(0);
  });

  it("answers empty, emoji-only, huge and non-English questions without crashing", async () => {
    const { m } = matcher(community());
    for (const q of ["", "🙂🙂🙂", "¿Alguien sabe de apicultura?", "SEO ".repeat(5000)]) {
      const r = await m.rank(ask(q));
      expect(Array.isArray(r.suggestions)).toBe(true);
    }
    expect(ids(await m.rank(ask("SEO ".repeat(5000))))[0]).toBe("ben");
    expect((await m.rank(ask("🙂🙂🙂"))).abstained).toBe(true);
  });

  it("makes a skill change visible to the next query without a rebuild", async () => {
    const { m } = matcher(community());
    expect((await m.rank(ask("who does pottery glazes?"))).abstained).toBe(true);
    await m.upsert(member("bo", ["pottery"]));
    expect(ids(await m.rank(ask("who does pottery glazes?")))).toEqual(["bo"]);
    await m.upsert(member("bo", ["chess"]));
    expect((await m.rank(ask("who does pottery glazes?"))).abstained).toBe(true);
    await m.remove(`${C1}:ben`, C1);
    expect(ids(await m.rank(ask("SEO help")))).not.toContain("ben");
  });

  it("keeps communities apart", async () => {
    const { m } = matcher([member("ana", ["SEO"]), member("zed", ["knitting"], {}, C2)]);
    expect(ids(await m.rank(ask("knitting help")))).toEqual([]);
    expect(ids(await m.rank(ask("knitting help", { communityId: C2 })))).toEqual(["zed"]);
    expect(ids(await m.rank(ask("SEO help", { communityId: C2 })))).toEqual([]);
  });

  it("reports topics of the question", async () => {
    const { m } = matcher(community());
    const r = await m.rank(ask("k8s networking question"));
    expect(r.topics.join(" ")).toContain("k8s");
  });
});
