import { describe, expect, it } from "vitest";
import { isStopword } from "../../src/ranking/text.js";
import { MapWordVectors, type WordVectors } from "../../src/ranking/vectors.js";
import { ask, ids, matcherFor, member } from "./ranking-support.js";

/** Word vectors with a frequency rank (as the real, frequency-ordered vectors have): listed words only. */
class RankedVectors implements WordVectors {
  private readonly inner: MapWordVectors;
  constructor(entries: Record<string, readonly number[]>, private readonly ranks: Record<string, number>) {
    this.inner = new MapWordVectors(entries);
  }
  get dims() {
    return this.inner.dims;
  }
  get(word: string) {
    return this.inner.get(word);
  }
  rank(word: string) {
    return this.ranks[word];
  }
}

describe("noise from common words, real words and other languages", () => {
  it("files a question under the skill it names, then its most specific word", async () => {
    const vectors = new RankedVectors({ fix: [1, 0], car: [0, 1], transmission: [1, 1] }, { fix: 600, car: 400, transmission: 7000 });
    const m = matcherFor([member("ana", ["SEO"]), member("bo", ["knitting"])], { vectors });
    expect((await ask(m, "can someone fix my car's transmission?")).topics[0]).toBe("transmission");
    expect((await ask(m, "can someone fix the transmission of my SEO?")).topics[0]).toBe("search engine optimisation");
  });

  it("a misspelt skill is reached even when others spell it right, but a short acronym is no typo", async () => {
    const vectors = new RankedVectors({ python: [1, 0], safe: [0, 1] }, { python: 8000, safe: 700 });
    const m = matcherFor([member("jo", ["Pyhton"]), member("lars", ["Python:expert"]), member("kai", ["stage combat (SAFD cert)"])], { vectors });
    expect(ids(await ask(m, "anyone know python?")).sort()).toEqual(["jo", "lars"]);
    expect(ids(await ask(m, "is it safe to keep resetting the breaker?"))).not.toContain("kai");
  });

  it("two dictionary words a letter apart are not a typo; a misspelt profile word still is", async () => {
    const vectors = new RankedVectors({ stuck: [1, 0], stock: [0, 1] }, { stuck: 4701, stock: 900 });
    const m = matcherFor([member("nina", ["stock photos"]), member("omar", ["stok trading"])], { vectors });
    const r = await ask(m, "stuck on level 10 of this puzzle game");
    expect(ids(r)).toEqual([]);
    // "stok" is no word: a question about stock reaches it as a typo.
    expect(ids(await ask(m, "stock trading for beginners"))).toContain("omar");
  });

  it("common question words are not expanded through word vectors; specific ones are", async () => {
    const vectors = new RankedVectors(
      { back: [1, 0.05, 0], returns: [0.98, 0.1, 0], kiln: [0, 1, 0.02], ceramics: [0, 0.98, 0.1] },
      { back: 118, returns: 3000, kiln: 32867, ceramics: 15000 },
    );
    // No abstention here: the point is that "back" reaches nobody at all, not that the fit is too weak.
    const m = matcherFor([member("dan", ["tax returns"]), member("jade", ["ceramics"])], { vectors, weights: { abstainThreshold: 0 } });
    expect(ids(await ask(m, "my back hurts after gardening"))).toEqual([]);
    expect(ids(await ask(m, "my kiln overheats"))).toEqual(["jade"]);
  });

  it("function words of other languages carry no topic", async () => {
    for (const w of ["que", "en", "pour", "und", "para", "qui", "quelqu'un"]) expect(isStopword(w)).toBe(true);
    // English words that happen to be function words elsewhere stay topics.
    for (const w of ["car", "hay", "son", "die"]) expect(isStopword(w)).toBe(false);
    // Nor do generalists' vague words ("a bit of everything tbh") name a skill.
    for (const w of ["everything", "misc", "tbh"]) expect(isStopword(w)).toBe(true);
    const m = matcherFor([member("amelie", ["traduction FR>EN"])]);
    expect(ids(await ask(m, "Quelqu'un s'y connaît en tatouage ?"))).toEqual([]);
  });
});

describe("questions in other languages", () => {
  it("a French or Spanish question reaches English profiles through the glossary", async () => {
    const m = matcherFor([member("ana", ["translation (expert)", "proofreading"]), member("raul", ["plumbing"]), member("kim", ["SEO"])]);
    expect(ids(await ask(m, "Je cherche quelqu'un pour traduire mon roman"))[0]).toBe("ana");
    expect(ids(await ask(m, "Necesito un fontanero, el baño pierde agua"))[0]).toBe("raul");
    // Words that are English too with another meaning are not in the glossary.
    expect(ids(await ask(m, "my pan is stained"))).toEqual([]);
  });
});

describe("about-only experts", () => {
  it("a question word reaches an about line through word vectors, not only skill words", async () => {
    const vectors = new RankedVectors({ breaker: [1, 0.1, 0], electrician: [0.95, 0.2, 0], garden: [0, 0, 1] }, { breaker: 9000, electrician: 8000, garden: 2477 });
    const m = matcherFor([member("walt", ["house stuff"], "Master electrician, 30 years."), member("gus", ["garden"])], { vectors });
    expect(ids(await ask(m, "breaker keeps tripping"))).toEqual(["walt"]);
  });
});

describe("topic words", () => {
  const ranks = { son: 800, teacher: 2000, dyslexic: 73531, struggles: 6000, reading: 900, spelling: 9000, kids: 1694, board: 1200, games: 600, fun: 700, rainy: 12000, day: 100 };
  const vectors = new RankedVectors(Object.fromEntries(Object.keys(ranks).map((w, i) => [w, Object.keys(ranks).map((_, j) => (i === j ? 1 : 0))])), ranks);
  const dad = () => [member("ray", ["board games"], "Dad of three kids.")];

  it("a match that misses the question's most specific words does not count as someone who fits", async () => {
    const m = matcherFor(dad(), { vectors });
    const r = await ask(m, "My son's teacher says he might be dyslexic; he struggles with reading and spelling. Anyone who works with kids?");
    expect(r.abstained).toBe(true);
  });

  it("the same profile fits when it matches what the question is about", async () => {
    const m = matcherFor(dad(), { vectors });
    expect(ids(await ask(m, "fun board games for kids on a rainy day?"))).toEqual(["ray"]);
  });
});

describe("more homonyms told apart by context", () => {
  const people = () => [member("pete", ["Python", "google sheets scripts"]), member("jake", ["bass", "session recording"]), member("hugo", ["Apple ecosystem", "mac troubleshooting"])];

  it("a declared Python, bass or Apple means the language, the instrument, the computers", async () => {
    const m = matcherFor(people());
    expect(ids(await ask(m, "my python script can't read a csv file"))[0]).toBe("pete");
    expect(ids(await ask(m, "best strings for a fretless bass?"))[0]).toBe("jake");
    expect(ids(await ask(m, "my macbook won't sync with my iphone, apple id issue"))[0]).toBe("hugo");
  });

  it("the snake, the fish and the fruit tree find nobody", async () => {
    const m = matcherFor(people());
    expect(ids(await ask(m, "my ball python hasn't eaten in 3 weeks"))).toEqual([]);
    expect(ids(await ask(m, "which lures work for largemouth bass in the lake?"))).toEqual([]);
    expect(ids(await ask(m, "black scab spots on my apple trees"))).toEqual([]);
  });

  it("a profile can still mean the other sense", async () => {
    const m = matcherFor([member("kai", ["bass"], "Fishing guide on the lake, lures and fly tying"), ...people()]);
    expect(ids(await ask(m, "which lures work for largemouth bass in the lake?"))).toEqual(["kai"]);
  });
});

describe("the taxonomy reaches homonym skills", () => {
  it("a related word finds the sense its concept speaks of (borrow checker → Rust the language, django → Python)", async () => {
    const m = matcherFor([member("rosa", ["Rust"], "Systems programmer."), member("pia", ["python"]), member("gus", ["rust removal"], "I restore old bikes.")]);
    expect(ids(await ask(m, "been fighting the borrow checker for two days, my struct keeps a reference to its own Vec"))).toEqual(["rosa"]);
    expect(ids(await ask(m, "my django migrations keep failing on deploy"))).toEqual(["pia"]);
  });
});

describe("an ambiguous related word takes the concept the rest of the question supports", () => {
  it("“bike chain” is bike repair, not crochet's chain stitch; “chain stitch” is crochet", async () => {
    const m = matcherFor([member("rosa", ["crochet"]), member("ben", ["bike repair"])]);
    expect(ids(await ask(m, "who can fix my bike chain? it keeps slipping on the gears"))).toEqual(["ben"]);
    const alone = matcherFor([member("rosa", ["crochet"])]);
    expect((await ask(alone, "who can fix my bike chain? it keeps slipping on the gears")).abstained).toBe(true);
    expect(ids(await ask(m, "my yarn chain stitch keeps twisting"))[0]).toBe("rosa");
  });
});

describe("questions a member helped with", () => {
  const ranks = { keep: 300, keeps: 900, running: 700, restarting: 9000, pods: 20000, kubernetes: 15000, useeffect: 60000, twice: 1500 };
  const vectors = new RankedVectors(Object.fromEntries(Object.keys(ranks).map((w, i) => [w, Object.keys(ranks).map((_, j) => (i === j ? 1 : 0))])), ranks);
  const helped = (q: string) => ({ requestId: "r-1", kind: "helped" as const, question: q, topics: [], at: new Date("2026-03-01T12:00:00Z") });

  it("a common word shared with one of them is no sign of fit, nor a “similar question”", async () => {
    const kenji = member("kenji", ["React"], "", { evidence: [helped("useEffect keeps running twice")] });
    const m = matcherFor([member("lars", ["Kubernetes"]), kenji], { vectors });
    const r = await ask(m, "my kubernetes pods keep restarting");
    expect(ids(r)).toEqual(["lars"]);
    expect(r.suggestions[0]?.reason).not.toMatch(/similar/);
  });

  it("a specific word still is", async () => {
    const kenji = member("kenji", ["React"], "", { evidence: [helped("my kubernetes pods keep restarting")] });
    const r = await ask(matcherFor([kenji], { vectors }), "kubernetes pods restarting again");
    expect(ids(r)).toEqual(["kenji"]);
    expect(r.suggestions[0]?.reason).toMatch(/helped 1 similar question/);
  });
});

describe("languages", () => {
  it("a language declared by its own name is found by its English name", async () => {
    // As /skills add parses "한국어 (native)", "Türkçe (anadil)", "中文 (普通话) native", "j'apprends le coréen".
    const m = matcherFor([member("minji", ["한국어:expert"]), member("emre", ["Türkçe:expert"]), member("lei", ["中文 (普通话):expert"]), member("claire", ["coréen:learning"])]);
    expect(ids(await ask(m, "any native korean speakers around for a language swap?"))).toEqual(["minji"]);
    expect(ids(await ask(m, "can someone check my turkish homework?"))).toEqual(["emre"]);
    expect(ids(await ask(m, "looking for a chinese speaker to exchange with"))).toEqual(["lei"]);
    // A learner of Korean is not a Korean helper.
    expect(ids(await ask(m, "can someone proofread my korean cover letter?"))).not.toContain("claire");
  });

  it("one language never stands in for another, however close their word vectors", async () => {
    const vectors = new RankedVectors({ polish: [1, 0.02], german: [0.98, 0.05] }, { polish: 3000, german: 1500 });
    const m = matcherFor([member("jan", ["Deutsch (expert)"])], { vectors });
    expect((await ask(m, "Does anyone speak Polish? Need a letter translated")).abstained).toBe(true);
  });

  it("details in brackets do not hide a skill's name: “Etsy (4k, ventas)” is Etsy for the taxonomy", async () => {
    const m = matcherFor([member("sofia", ["Etsy (4k, ventas)"]), member("nina", ["bookkeeping"])]);
    expect(ids(await ask(m, "my shop listings stopped showing in search after I renewed them"))[0]).toBe("sofia");
  });
});


describe("questions written in other scripts", () => {
  it("Japanese and Chinese, written without spaces, still match a profile's words", async () => {
    const m = matcherFor([member("aoi", ["アクセサリー作り", "UVレジン"]), member("tom", ["woodworking"])]);
    expect(ids(await ask(m, "UVレジンで作ったアクセサリーがいつまでもベタベタするんですが、どうしたらいいですか？"))).toEqual(["aoi"]);
  });

  it("a question written in a script that names its language reaches the members who speak it", async () => {
    const m = matcherFor([member("mei", ["Mandarin:expert", "photography"]), member("olek", ["Ukrainian:expert"]), member("ann", ["bookkeeping"])]);
    expect(ids(await ask(m, "需要有人帮忙，有一位老人只会说中文，下周要来咨询"))).toEqual(["mei"]);
    expect(ids(await ask(m, "Чи є тут хтось, хто розмовляє українською? Хочу попрактикуватися"))).toEqual(["olek"]);
  });

  it("Welsh by its own name, mutated or not", async () => {
    const m = matcherFor([member("dafydd", ["Cymraeg:expert"]), member("ann", ["bookkeeping"])]);
    expect(ids(await ask(m, "Oes rhywun yn gallu cyfieithu ein taflen i'r Gymraeg?"))).toEqual(["dafydd"]);
  });
});

describe("more ways to ask for a fellow learner", () => {
  it("“any other total beginners…”, “anyone else doing…”, “someone to practise with”", async () => {
    const m = matcherFor([member("pro", ["welding:expert", "BSL:expert"]), member("newbie", ["welding:learning", "BSL:learning"])]);
    for (const q of [
      "any other total beginners keen to do the intro welding course with me?",
      "anyone else doing BSL level 1? want someone to practise fingerspelling with",
      "BSL vocab buddy anyone? first year of it and drowning",
      "anyone wanna practice welding? im a total beginner",
      "first time doing a welding course, anyone else? need buddies to go with",
      "anyone also just starting BSL? would be nice to go at the same pace",
      "doing my first weld this weekend, anybody else want to come along?",
      "anyone sitting BSL exams in june want to do study sessions after work?",
    ]) {
      expect(ids(await ask(m, q))[0], q).toBe("newbie");
    }
  });

  it("a buddy, a beginner tip or a first time in passing is not a request for a fellow learner", async () => {
    const m = matcherFor([member("pro", ["welding:expert"]), member("newbie", ["welding:learning"])]);
    expect(ids(await ask(m, "my buddy's trailer hitch snapped, can someone weld it back on?"))).toEqual(["pro"]);
    expect(ids(await ask(m, "looking for a welding buddy, just started the evening course"))[0]).toBe("newbie");
    expect(ids(await ask(m, "any beginner tips for welding thin sheet without blowing holes?"))).toEqual(["pro"]);
    expect(ids(await ask(m, "first time my welder has tripped the breaker like this, anyone else seen it?"))[0]).toBe("pro");
  });

    it("a beginner asking for help is not asking for a fellow beginner", async () => {
    const m = matcherFor([member("pro", ["welding:expert"]), member("newbie", ["welding:learning"])]);
    expect(ids(await ask(m, "I'm a total beginner at welding, can someone show me how to strike an arc?"))).toEqual(["pro"]);
  });

  it("subjects as students shorten them", async () => {
    const m = matcherFor([member("sam", ["calculus:learning"]), member("ada", ["Linear Algebra"]), member("kim", ["organic chemistry"])]);
    expect(ids(await ask(m, "anyone else who's just starting calc wanna do problem sets together?"))).toEqual(["sam"]);
    expect(ids(await ask(m, "my lin alg is rusty, how do I prove a matrix is positive definite?"))[0]).toBe("ada");
    expect(ids(await ask(m, "orgo exam tomorrow, help with reaction mechanisms"))[0]).toBe("kim");
  });
});

describe("what an about line says a member is learning", () => {
  const m = () =>
    matcherFor([
      member("web", ["web design"], "new to climbing, be nice :) happy to help with websites though"),
      member("guide", ["trad climbing:expert"]),
      member("rusty", [], "web dev by day, picking up Rust in the evenings"),
    ]);

  it("is never offered as help, and the rest of the line still is", async () => {
    const matcher = m();
    expect(ids(await ask(matcher, "how do I build a climbing anchor that won't fail?"))).toEqual(["guide"]);
    expect(ids(await ask(matcher, "our website is slow on phones, can someone look?"))).toContain("web");
    expect(ids(await ask(matcher, "my rust borrow checker errors make no sense"))).not.toContain("rusty");
  });

  it("never outweighs a skill they declare they can help with", async () => {
    const m = matcherFor([member("ana", ["bookkeeping"], "office manager, picking up more bookkeeping for our charity"), member("bo", ["gardening"])]);
    expect(ids(await ask(m, "who can help with bookkeeping for a small shop?"))).toEqual(["ana"]);
  });

    it("makes them a fellow learner", async () => {
    const r = await ask(m(), "anyone else just starting out climbing? looking for a buddy for the wall");
    expect(ids(r)[0]).toBe("web");
    expect(r.suggestions[0]?.reason).toMatch(/learning “climbing” too, says their profile/);
  });
});

describe("a concept an about line speaks of without naming it", () => {
  it("puts the member whose profile speaks of the kind of work asked about first", async () => {
    const m = matcherFor([
      member("kim", ["home repairs"], "painting, tiling, putting up shelves"),
      member("sam", ["home repairs"], "panel upgrades, adding circuits, rewiring old houses"),
    ]);
    const r = await ask(m, "who does home repairs? the breaker keeps tripping whenever the kettle is on");
    expect(ids(r)).toEqual(["sam", "kim"]);
  });

  it("is not enough on its own to suggest anyone", async () => {
    const m = matcherFor([member("sam", ["gardening"], "panel upgrades, adding circuits, rewiring old houses")]);
    expect((await ask(m, "the breaker keeps tripping whenever the kettle is on")).abstained).toBe(true);
  });
});

describe("what an about line says a member is not", () => {
  it("counts against them, and the rest of the line still counts", async () => {
    const m = matcherFor([
      member("polly", ["parrots", "budgies"], "3 african greys, been keeping birds for 25 yrs. not a vet!"),
      member("nell", [], "Retired ER nurse. Not a doctor, but happy to tell you whether something is worth a trip to emergency"),
    ]);
    expect(ids(await ask(m, "is there a vet here? my parrot's beak is overgrown"))).not.toContain("polly");
    expect(ids(await ask(m, "my parrot keeps plucking its feathers, any bird people?"))).toContain("polly");
    expect(ids(await ask(m, "not sure if this cut is worth a trip to emergency, anyone?"))).toEqual(["nell"]);
    expect(ids(await ask(m, "looking for a doctor to sign my passport photo"))).not.toContain("nell");
  });
});
