import { describe, expect, it } from "vitest";
import { DEFAULT_PRIORS } from "../../src/ranking/priors.js";
import { stem } from "../../src/ranking/text.js";
import { edits, SymSpell } from "../../src/ranking/symspell.js";
import { resolveSense } from "../../src/ranking/senses.js";
import { MapWordVectors, type WordVectors } from "../../src/ranking/vectors.js";
import { ask, C, ids, matcherFor, member, NOW } from "./ranking-support.js";

const village = () => [
  member("ana", ["magazine writing:expert", "query letters"], "Freelance journalist."),
  member("dan", ["bookkeeping", "VAT"], "Bookkeeper for sole traders."),
  member("milo", ["JS", "react:expert"]),
  member("nora", ["Java", "Spring Boot"]),
  member("omar", ["golang", "k8s"]),
  member("pia", ["Go (board game)"], "3 dan baduk player"),
  member("quinn", ["Rust", "C++"], "systems programmer, compilers"),
  member("rafa", ["Rust"], "admin of a modded survival server, weekly wipes"),
  member("ivo", ["rust removal", "woodworking"]),
  member("sam", ["react:learning", "rust:learning"]),
  member("zoe", [], "Employment lawyer, happy to answer questions about contracts."),
];

describe("text normalisation", () => {
  it("stems inflections to one form", () => {
    expect(stem("writing")).toBe(stem("writer"));
    expect(stem("writes")).toBe(stem("write"));
    expect(stem("invoices")).toBe(stem("invoicing"));
    expect(stem("taxes")).toBe("tax");
    // A word in -er and its -ing/-ed forms: "my solder won't flow" must reach *soldering*.
    expect(stem("soldering")).toBe(stem("solder"));
    expect(stem("rendered")).toBe(stem("render"));
    expect(stem("mastering")).toBe(stem("master"));
    // "-al" comes off long bases only: a legal question is not about a leg, nor a dental one about a dent.
    expect(stem("musical")).toBe(stem("music"));
    for (const [a, b] of [["legal", "leg"], ["dental", "dent"], ["metal", "met"], ["signal", "sign"]] as const) expect(stem(a)).not.toBe(stem(b));
    // A field, its practitioner and its verb stem alike ("how do I photograph…" reaches *product photography*).
    for (const group of [["photograph", "photography", "photographer"], ["psychology", "psychologist"], ["therapy", "therapist"], ["astronomy", "astronomer"], ["pharmacy", "pharmacist"], ["chemistry", "chemist"], ["calligraphy", "calligrapher"], ["accountancy", "accountant"]]) {
      expect(new Set(group.map(stem)).size, group.join("/")).toBe(1);
    }
    for (const [a, b] of [["registry", "reg"], ["ministry", "min"]] as const) expect(stem(a)).not.toBe(stem(b));
    // A word whose "-er" is part of it keeps it: catering is not about cats, nor a shower about a show.
    for (const [a, b] of [["catering", "cat"], ["caterer", "cats"], ["flowers", "flow"], ["shower", "show"], ["corner", "corn"], ["copper", "cop"]] as const) {
      expect(stem(a), a).not.toBe(stem(b));
    }
    expect(stem("catering")).toBe(stem("caterer"));
    // A one-syllable word with a silent e keeps it, and its forms get it back: care is not car, code is not cod.
    for (const [a, b] of [["care", "car"], ["caring", "car"], ["code", "cod"], ["plane", "plan"], ["site", "sit"], ["hope", "hop"], ["wine", "win"]] as const) {
      expect(stem(a), a).not.toBe(stem(b));
    }
    for (const group of [["bake", "baking", "baker"], ["care", "caring", "carer"], ["write", "writing", "writer", "writes"], ["price", "pricing"], ["plan", "planning"], ["edit", "editing"]]) {
      expect(new Set(group.map(stem)).size, group.join("/")).toBe(1);
    }
    expect(stem("flowering")).toBe(stem("flowers"));
  });
  it("folds case, accents and emoji in questions", async () => {
    const m = matcherFor([member("eva", ["comptabilité"])]);
    expect(ids(await ask(m, "Qui connaît la COMPTABILITE 📊 ?"))).toEqual(["eva"]);
  });
});

describe("aliases and typos", () => {
  it("resolves built-in aliases both ways (k8s ↔ kubernetes, js ↔ javascript)", async () => {
    const m = matcherFor(village());
    expect(ids(await ask(m, "who knows kubernetes?"))[0]).toBe("omar");
    const r = await ask(m, "javascript closures question");
    expect(ids(r)[0]).toBe("milo");
  });
  it("uses community aliases", async () => {
    const m = matcherFor([member("gh", ["github actions"]), member("x", ["pottery"])], {}, { "gh actions": "github actions" });
    expect(ids(await ask(m, "our gh actions workflow fails"))).toEqual(["gh"]);
  });
  it("tolerates typos in questions and skills", async () => {
    const m = matcherFor([member("tess", ["pyhton", "pandas"]), member("hana", ["knitting"])]);
    expect(ids(await ask(m, "python script question"))[0]).toBe("tess");
    expect(ids(await ask(m, "help with my kniting"))[0]).toBe("hana");
  });
  it("counts an adjacent swap as one edit", () => {
    expect(edits("pyhton", "python")).toBe(1);
    const s = new SymSpell();
    s.add("bookkeeping");
    expect(s.lookup("bokkeeping").map((c) => c.word)).toEqual(["bookkeeping"]);
  });
});

describe("clipped words", () => {
  it("read a chat clipping as the skill word it stands for ('hydro' → hydrotherapy), and say so", async () => {
    const m = matcherFor([member("fen", ["hydrotherapy", "senior dog care"]), member("gil", ["knitting"])]);
    const r = await ask(m, "is hydro worth it after cruciate surgery or just expensive swimming?");
    expect(ids(r)[0]).toBe("fen");
    expect(r.suggestions[0]?.reason).toContain("“hydro” means the same");
    // A clipping that starts too many skill words is too vague to read.
    const vague = matcherFor([member("gil", ["hydroponics", "hydrology", "hydrofoiling"])]);
    expect((await ask(vague, "any hydro experts?")).abstained).toBe(true);
  });

  it("never reads a word as a clipping of one it must not connect to ('java' is no clipping of javascript)", async () => {
    const m = matcherFor([member("js", ["javascript"]), member("gil", ["knitting"])]);
    const r = await ask(m, "need someone who knows java, our server plugin crashes");
    expect(ids(r)).not.toContain("js");
  });
});

describe("near-homonyms stay apart", () => {
  it("Java is not JavaScript", async () => {
    const m = matcherFor(village());
    const r = await ask(m, "difference between a Java interface and an abstract class?");
    expect(ids(r)).toContain("nora");
    expect(ids(r)).not.toContain("milo");
  });
  it("Go the language vs Go the board game", async () => {
    const m = matcherFor(village());
    expect(ids(await ask(m, "structuring a Go service with goroutines"))[0]).toBe("omar");
    const game = await ask(m, "I'm 10 kyu at Go, which joseki should I study?");
    expect(ids(game)[0]).toBe("pia");
    expect(ids(game)).not.toContain("omar");
  });
  it("Rust the language vs the game vs rust removal", async () => {
    const m = matcherFor(village());
    expect(ids(await ask(m, "the Rust borrow checker rejects my struct"))[0]).toBe("quinn");
    expect(ids(await ask(m, "stop my base getting raided after a wipe in Rust"))[0]).toBe("rafa");
    const tools = await ask(m, "getting rust off old chisels and a cast iron pan");
    expect(ids(tools)[0]).toBe("ivo");
    expect(ids(tools)).not.toContain("quinn");
  });
  it("Kafka the software vs Kafka the writer", async () => {
    const m = matcherFor([member("dana", ["kafka", "airflow"]), member("lou", ["german literature"], "I teach Kafka and Mann")]);
    expect(ids(await ask(m, "consumer lag keeps growing on one kafka partition"))[0]).toBe("dana");
    const essay = await ask(m, "who here knows Kafka well? I have to write an essay on The Metamorphosis for my lit class");
    expect(ids(essay)).not.toContain("dana");
  });
  it("macro photography vs spreadsheet macros; stock photography vs stocks and shares", async () => {
    const m = matcherFor([
      member("ana", ["macro"], "insects and flowers up close, focus stacking"),
      member("ben", ["excel", "vba"]),
      member("cy", ["stock photography (adobe stock, shutterstock)"]),
    ]);
    const excel = await ask(m, "anyone good w excel macros? trying to automate my invoice spreadsheet");
    expect(ids(excel)[0]).toBe("ben");
    expect(ids(excel)).not.toContain("ana");
    expect(ids(await ask(m, "my macro shots of bees are never sharp, what aperture?"))[0]).toBe("ana");
    const shares = await ask(m, "is anyone buying tesla stock before earnings? thinking of putting some savings in");
    expect(ids(shares)).not.toContain("cy");
  });
  it("resolves senses from context words", () => {
    expect(resolveSense("go", ["goroutin", "server"])).toBe("lang");
    expect(resolveSense("go", ["joseki"])).toBe("game");
    expect(resolveSense("go", ["weather"])).toBe("?");
  });
});

describe("questions that need a language", () => {
  const people = () => [member("kit", ["kickstarter campaigns"]), member("amelie", ["français (natif)"], "Lyon born, happy to translate")];

  it("are answered by someone who knows the language, not by whoever matches the rest", async () => {
    const r = await ask(matcherFor(people()), "can someone translate my kickstarter page into french?");
    expect(ids(r)[0]).toBe("amelie");
    const alone = await ask(matcherFor([member("kit", ["kickstarter campaigns"])]), "can someone translate my kickstarter page into french?");
    expect(alone.abstained).toBe(true);
  });

  it("say which language nobody here has", async () => {
    const r = await ask(matcherFor(people()), "can someone translate my kickstarter page into japanese?");
    expect(r.abstained).toBe(true);
    expect(r.need).toBe("japanese");
  });

  it("name the languages nobody here has as the asker wrote them", async () => {
    const r = await ask(matcherFor(people()), "can anyone translate our app into Thai and Vietnamese before launch?");
    expect(r.abstained).toBe(true);
    expect(r.need).toBe("Thai or Vietnamese");
  });

  it("leave a language named without such a need alone", async () => {
    const r = await ask(matcherFor([member("kit", ["kickstarter campaigns"])]), "my kickstarter for the french market stalled at 40%, ideas?");
    expect(ids(r)).toEqual(["kit"]);
  });
});

describe("a skill written as several", () => {
  it("has the concepts its parts name (“excel” of *excel / VBA macros* is Microsoft Excel)", async () => {
    const m = matcherFor([member("kev", ["excel / VBA macros"]), member("ana", ["wedding photography"])]);
    const r = await ask(m, "how do I make a pivot table group by month instead of every single date?");
    expect(ids(r)).toEqual(["kev"]);
  });

  it("a matched part covers the words of the skill it names (“chem” of *A-level chemistry* through chemistry)", async () => {
    const m = matcherFor([member("ana", ["A-level chemistry"])]);
    const r = await m.rankWithConfidence({ communityId: C, question: "how do I get consistent titration end points?", askerId: null, limit: 5, now: NOW });
    expect(ids(r)).toEqual(["ana"]);
    // related (0.7) × part (0.85) × (0.7 + 0.3 × half the skill's words covered) = 0.506; without the part's words, 0.416.
    expect(r.confidence).toBeCloseTo(0.506, 2);
  });

  it("a part fits less than a skill that is all of it", async () => {
    const m = matcherFor([member("kev", ["excel / VBA macros"]), member("sue", ["excel"])]);
    const r = await ask(m, "how do I make a pivot table group by month instead of every single date?");
    expect(ids(r)[0]).toBe("sue");
  });
});

describe("skills named in several words", () => {
  it("their words signal that skill, not another one on their own ('query' in 'query letter' is not SQL)", async () => {
    const m = matcherFor([member("maya", ["magazine query letters"]), member("felix", ["SQL"])]);
    expect(ids(await ask(m, "who can help me write a magazine query letter?"))).toEqual(["maya"]);
    expect(ids(await ask(m, "my sql query takes 30 seconds on a big table, help"))[0]).toBe("felix");
  });
});

describe("BM25 fields and levels", () => {
  it("an expert outranks a can-help on the same skill, and a skill outranks a mention in the about line", async () => {
    const m = matcherFor([member("a", ["SEO"]), member("b", ["SEO:expert"]), member("c", ["pottery"], "I once read about SEO")]);
    expect(ids(await ask(m, "how do I improve my SEO?"))).toEqual(["b", "a", "c"]);
  });
  it("finds skills stated only in the about line", async () => {
    const m = matcherFor(village());
    expect(ids(await ask(m, "can someone read my employment contract?"))[0]).toBe("zoe");
  });
});

describe("constraints", () => {
  it("never suggests the asker, learners, opted-out, paused, departed or over-cap members", async () => {
    const week = [new Date(NOW.getTime() - 3600_000), new Date(NOW.getTime() - 7200_000), new Date(NOW.getTime() - 9000_000)];
    const base = (n: string) => member(n, ["SEO"]);
    const paused = base("paused");
    paused.availability = { ...paused.availability, pausedUntil: new Date(NOW.getTime() + 86_400_000) };
    const out = base("out");
    out.availability = { ...out.availability, optedIn: false };
    const gone = { ...base("gone"), departed: true };
    const capped = base("capped");
    capped.stats = { ...capped.stats, recentOffers: week };
    const m = matcherFor([base("asker"), base("ok"), member("learner", ["SEO:learning"]), paused, out, gone, capped]);
    const r = await ask(m, "SEO help please", `${C}:asker`);
    expect(ids(r)).toEqual(["ok"]);
    expect(r.away).toBeUndefined();
    // With the only available one gone too, nobody fits who can be asked: the paused and the capped member
    // are counted (not named), the opted-out, departed, learner and asker are not.
    const alone = matcherFor([base("asker"), member("learner", ["SEO:learning"]), paused, out, gone, capped, member("cook", ["baking"])]);
    const none = await ask(alone, "SEO help please", `${C}:asker`);
    expect(none.abstained).toBe(true);
    expect(none.away).toBe(2);
    // …and only when they fit the question.
    expect((await ask(alone, "who can help me bake sourdough?", `${C}:asker`)).suggestions.map((s) => s.memberId)).toEqual([`${C}:cook`]);
    expect((await ask(alone, "who can fix my bike chain?", `${C}:asker`)).away).toBeUndefined();
    // Beside suggestions, only an away member who fits clearly better than all of them is counted.
    const better = matcherFor([member("writer", ["SEO copywriting workshops"]), paused]);
    const r2 = await ask(better, "SEO help please");
    expect(ids(r2)).toEqual(["writer"]);
    expect(r2.away).toBe(1);
    const asGood = matcherFor([member("rival", ["SEO"]), paused]);
    expect((await ask(asGood, "SEO help please")).away).toBeUndefined();
  });
  it("hears the ways people ask for a fellow learner", async () => {
    const m = matcherFor([member("sam", ["blender:learning"]), member("bo", ["blender:expert"])]);
    for (const q of [
      "Anyone else just starting out with Blender? Looking for someone to do the donut tutorial with",
      "who else is trying to learn blender right now? thinking of a weekly accountability call",
      "looking for someone at the same level in blender to practise with",
      "anyone else working on their first blender short? want a critique partner",
      "anyone else just passed the blender basics course and fancies some practice sessions?",
      "anyone who's also rubbish at blender wanna meet up and compare notes?",
      "my son wants to make 3d models, I'm trying to learn blender alongside him - any other parents learning it?",
    ]) expect(ids(await ask(m, q))[0], q).toBe("sam");
    expect(ids(await ask(m, "how do I fix blender's shading artifacts?"))).toEqual(["bo"]);
    // A topic that merely contains one of those words is not a fellow-learner question.
    expect(ids(await ask(m, "who can explain accountability for blender render farm costs?"))).toEqual(["bo"]);
  });

  it("hears it in other languages too, and not in ordinary questions in them", async () => {
    const m = matcherFor([member("ines", ["japonais:learning", "japanese:learning"]), member("ken", ["japanese:expert"])]);
    for (const q of [
      "Quelqu'un d'autre qui apprend le japonais ? On pourrait pratiquer ensemble",
      "¿Alguien más que esté aprendiendo japonés? Busco compañero de práctica",
      "Lernt hier noch jemand Japanisch? Suche einen Tandempartner",
      "Alguém que também esteja aprendendo japonês? Podemos praticar juntos",
      "C'è qualcun altro che sta imparando il giapponese? Cerco un compagno di pratica",
    ]) expect(ids(await ask(m, q)), q).toContain("ines");
    expect(ids(await ask(m, "Quelqu'un peut m'expliquer le japonais keigo ?"))).not.toContain("ines");
  });

  it("matches a learner only when the question asks for a fellow learner", async () => {
    const m = matcherFor(village());
    expect(ids(await ask(m, "react hooks question"))).not.toContain("sam");
    const r = await ask(m, "anyone else learning react? looking for a study buddy", `${C}:milo`);
    expect(ids(r)[0]).toBe("sam");
  });
  it("spreads load: a member asked twice today drops below an equal peer", async () => {
    const busy = member("busy", ["SEO"]);
    busy.stats = { ...busy.stats, recentOffers: [new Date(NOW.getTime() - 3600_000), new Date(NOW.getTime() - 1800_000)] };
    busy.availability = { ...busy.availability, weeklyCap: 5 };
    const m = matcherFor([busy, member("idle", ["SEO"])]);
    expect(ids(await ask(m, "SEO audit"))).toEqual(["idle", "busy"]);
  });
  it("prefers members for whom it is daytime", async () => {
    const m = matcherFor([member("tokyo", ["SEO"], "", { timezone: "Asia/Tokyo" }), member("london", ["SEO"], "", { timezone: "Europe/London" })]);
    expect(ids(await ask(m, "SEO audit"))).toEqual(["london", "tokyo"]);
  });
});

describe("feedback", () => {
  it("help given raises and 'not my area' lowers for similar questions", async () => {
    const ev = (kind: "helped" | "not_my_area", q: string) => ({ requestId: `r-${kind}`, kind, question: q, topics: [], at: NOW });
    const helped = member("helped", ["marketing"], "", { evidence: [ev("helped", "how do I market a newsletter sponsorship?")] });
    const plain = member("plain", ["marketing"]);
    const nma = member("nma", ["marketing"], "", { evidence: [ev("not_my_area", "marketing a newsletter sponsorship")] });
    const m = matcherFor([nma, plain, helped]);
    const r = await ask(m, "marketing for a sponsorship in my newsletter");
    expect(ids(r).slice(0, 2)).toEqual(["helped", "plain"]);
    expect(ids(r).indexOf("nma")).not.toBe(0);
    expect(ids(r).indexOf("nma")).not.toBe(1);
    expect(r.suggestions[0]?.reason).toMatch(/helped 1 similar question/);
    // "Not my area" counts against a member and is shown in the signals, never given as a reason to ask them.
    const sponsor = member("nma", ["newsletter sponsorship:expert", "marketing"], "", { evidence: [ev("not_my_area", "newsletter layout design")] });
    const alone = await ask(matcherFor([sponsor, member("kim", ["knitting"])]), "marketing for a sponsorship in my newsletter");
    const asked = alone.suggestions.find((s) => s.memberId.endsWith(":nma"));
    expect(asked?.signals.some((s) => s.kind === "feedback" && s.detail.includes("not my area"))).toBe(true);
    expect(asked?.reason).not.toMatch(/not my area/);
  });

  it("names no signal that weighed nothing: a neutral reply rate, a track record whose weight is off", async () => {
    const stats = member("x", []).stats;
    // One reply in three offers, within the day: the smoothed rate (2/5) and the speed cancel out, factor 1.
    const even = member("even", ["SEO"], "", { stats: { ...stats, offers: 3, replies: 1, replyMinutesTotal: 120 } });
    const quick = member("quick", ["SEO"], "", { stats: { ...stats, offers: 2, replies: 2, replyMinutesTotal: 40, helped: 3 } });
    const shown = async (weights = {}) => {
      const r = await ask(matcherFor([even, quick], { weights }), "SEO audit");
      return Object.fromEntries(r.suggestions.map((s) => [ids({ suggestions: [s] })[0], { reason: s.reason, details: s.signals.map((g) => g.detail) }]));
    };
    const plain = await shown();
    expect(plain.even?.reason).not.toMatch(/replies/);
    expect(plain.even?.details.join()).not.toMatch(/replies/);
    expect(plain.quick?.reason).toMatch(/ · has helped 3 people here · usually replies within an hour/);
    // With the track record weighing nothing, its line goes too; the reply speed still counts.
    const off = await shown({ priors: { ...DEFAULT_PRIORS, activity: 0 } });
    expect(off.quick?.reason).not.toMatch(/has helped/);
    expect(off.quick?.details.join()).not.toMatch(/has helped/);
    expect(off.quick?.reason).toMatch(/usually replies within an hour/);
  });

  it("saying yes to a question and then being thanked for it is one help, not two", async () => {
    const q = "how do I market a newsletter sponsorship?";
    const twice = member("twice", ["marketing"], "", {
      evidence: [{ requestId: "r1", kind: "helped", question: q, topics: [], at: NOW }, { requestId: "r1", kind: "accepted", question: q, topics: [], at: NOW }],
    });
    const once = member("once", ["marketing"], "", { evidence: [{ requestId: "r2", kind: "helped", question: q, topics: [], at: NOW }] });
    const r = await ask(matcherFor([twice, once]), "marketing for a sponsorship in my newsletter");
    expect(r.suggestions.map((s) => s.reason.match(/helped \d+ similar questions?/)?.[0])).toEqual(["helped 1 similar question", "helped 1 similar question"]);
    expect(r.suggestions[0]?.score).toBeCloseTo(r.suggestions[1]!.score, 9);
  });
});

describe("abstention and explanations", () => {
  it("a word related to two skills goes with the one the question names ('React hooks': not *crochet*)", async () => {
    const m = matcherFor([member("rosa", ["crochet:expert", "knitting"]), member("kenji", ["React:expert", "TypeScript"]), member("x", ["gardening"])]);
    expect(ids(await ask(m, "who here can help me with React hooks?"))).toEqual(["kenji"]);
    expect(ids(await ask(m, "which hook size for chunky yarn?"))).toEqual(["rosa"]);
  });

  it("a word of a skill's related phrase is not the skill on its own ('go vet' of *Go*: 'anyone a vet?')", async () => {
    const m = matcherFor([member("lars", ["Go", "Kubernetes"]), member("x", ["knitting"])]);
    expect((await ask(m, "my dog is sick, anyone a vet?")).suggestions).toEqual([]);
    expect(ids(await ask(m, "go vet keeps flagging my struct tags"))).toEqual(["lars"]);
  });
  it("an about line matched through another word is not said to mention the question's word", async () => {
    const m = matcherFor([member("lars", ["gardening"], "Platform engineer, I run Kubernetes clusters and bookkeeping for small firms"), member("x", ["knitting"])]);
    const reason = async (q: string) => (await ask(m, q)).suggestions[0]?.reason.split(" · ")[0];
    expect(await reason("who knows k8s?")).toBe("mentions kubernetes in their profile (“k8s” means the same)");
    expect(await reason("help with my quickbooks invoices")).toBe("their profile speaks of bookkeeping, related to “quickbooks”");
    expect(await reason("anyone run kubernetes at work?")).toBe("mentions “kubernetes” in their profile");
  });

  it("quotes the asker's words as they wrote them, accents included, not as folding left them", async () => {
    const m = matcherFor([member("amelie", ["cuisine"], "Lyon born, I speak French and teach it"), member("zoe", ["pet sitting"]), member("x", ["knitting"])]);
    const r = await ask(m, "quelqu'un pour pratiquer le Français avec moi?");
    expect(r.suggestions[0]?.reason).toContain("“français”");
    // A language is named with its capital, as people write it.
    expect(r.suggestions[0]?.reason).toContain("mentions French in their profile");
    expect(r.suggestions.map((s) => s.reason).join(" ")).not.toMatch(/francais/);
  });

  it("says plainly 'declared *X*' when the asker used the member's own word, not that it 'means the same'", async () => {
    const m = matcherFor([member("sol", ["español", "spanish tutoring"]), member("tom", ["tax returns"]), member("x", ["knitting"]), member("y", ["pottery"])]);
    expect((await ask(m, "busco clases de español para mi hijo")).suggestions[0]?.reason).toBe("declared *español* · declared *spanish tutoring* — “español” means the same · skills confirmed this month");
    expect((await ask(m, "who can help with my taxes?")).suggestions[0]?.reason).toBe("declared *tax returns* · skills confirmed this month");
  });

  it("names two skills matched the same way once: 'declared *Bikes* and *bike repair*', not the same words twice", async () => {
    const m = matcherFor([member("rita", ["Bikes", "bike repair:expert"]), member("sol", ["español", "spanish tutoring"]), member("x", ["knitting"]), member("y", ["pottery"])]);
    expect((await ask(m, "my bike squeaks when I brake")).suggestions[0]?.reason).toBe("declared *Bikes* and *bike repair* (expert) · skills confirmed this month");
    expect((await ask(m, "anyone know spanish?")).suggestions[0]?.reason).toBe("declared *español* and *spanish tutoring* · skills confirmed this month");
  });

  it("says what a typo was read as ('read “bookeeping” as “bookkeeping”'), not only that it was one", async () => {
    const m = matcherFor([member("dan", ["bookkeeping"]), member("x", ["chess"]), member("y", ["pottery"])]);
    expect((await ask(m, "who can do bookeeping?")).suggestions[0]?.reason).toBe("declared *bookkeeping* — read “bookeeping” as “bookkeeping” · skills confirmed this month");
  });

  it("says nobody fits, with the closest skills, instead of suggesting someone weak", async () => {
    const m = matcherFor(village());
    for (const q of ["How do I fix a leaking toilet cistern?", "Which vaccines does my puppy need?", "🤷‍♀️🤷‍♀️", ""]) {
      const r = await ask(m, q);
      expect(r.abstained, q).toBe(true);
      expect(r.suggestions).toEqual([]);
      expect(r.closestSkills, q).toEqual([]); // nothing here is close: no made-up "closest" skills
    }
  });
  it("a skill matched only by what the helper does (teach, repair…) is no fit for another subject", async () => {
    const m = matcherFor([
      member("ivy", ["teaching card games", "bike repair"]),
      member("raj", ["screen printing"], "I also teach kids"),
    ]);
    for (const q of ["looking for someone to teach me golf, just the basics", "got a chip in my car windscreen, anyone know how to repair it?"]) {
      expect((await ask(m, q)).abstained, q).toBe(true);
    }
    // "check" is as often the subject ("background checks") as the activity: it is not an activity word.
    const vetting = matcherFor([member("mo", ["background checks", "child protection policy"])]);
    expect(ids(await ask(vetting, "what do our volunteers need before they can be in a room with kids? checks, anything else?"))).toEqual(["mo"]);
    // The subject matched as well: a fit, with or without the activity word.
    expect(ids(await ask(m, "could someone teach me a few card games for a rainy holiday?"))[0]).toBe("ivy");
    expect(ids(await ask(m, "my bike's gears keep slipping, who can repair them?"))[0]).toBe("ivy");
  });

  it("does not offer, beside a real match, members tied to the question only by a common word of their about line", async () => {
    // Word frequencies only (no neighbours): "running", "small" and "keeps" are among the most common words.
    const common = new Set(["running", "small", "keeps", "app", "first", "tips"]);
    const vectors: WordVectors = { dims: 1, get: () => null, rank: (w) => (common.has(w) ? 500 : undefined) };
    const m = matcherFor([member("kenji", ["React"]), member("tom", ["Etsy SEO"], "I run a small ceramics shop")], { vectors });
    expect(ids(await ask(m, "useEffect keeps running twice in my React app, why?"))).toEqual(["kenji"]);
  });

  it("when abstaining, lists the community's skills that matched the question partly, strongest first", async () => {
    const m = matcherFor(village(), { weights: { abstainThreshold: 1.01 } });
    const r = await ask(m, "How do I charge VAT on a freelance query letter?");
    expect(r.abstained).toBe(true);
    expect(r.closestSkills.slice(0, 2).sort()).toEqual(["VAT", "query letters"]);
    expect(r.closestSkills).not.toContain("react");
  });
  it("beside 'nobody here lists anything like X', names as closest only skills that share a word with X, not the scene's", async () => {
    const m = matcherFor([member("wes", ["wedding photography"]), member("ivy", ["immigration lawyer"]), member("x", ["knitting"]), member("y", ["pottery"]), member("z", ["bike repair"])]);
    const cars = await ask(m, "the van I drive to weddings keeps stalling. anyone know cars?");
    expect([cars.need, cars.closestSkills]).toEqual(["cars", []]);
    const lawyer = await ask(m, "need a criminal lawyer, my son got arrested at a wedding");
    expect([lawyer.need, lawyer.closestSkills]).toEqual(["criminal lawyer", ["immigration lawyer"]]);
    const arabic = await ask(m, "can anyone translate my bike repair guide into Arabic?");
    expect([arabic.need, arabic.closestSkills]).toEqual(["Arabic", []]);
  });

  it("names as closest no skill reached only through a faint neighbour of the question's words ('transmission' → *SEO* through 'engine')", async () => {
    const map = new MapWordVectors({ transmission: [1, 0, 0], engine: [0.6, 0.8, 0], systems: [0.6, 0, 0.8], gearbox: [0.97, 0.243, 0] });
    // Every question word ranked as rare: each is one of the question's topic words.
    const vectors: WordVectors = { dims: 3, get: (w) => map.get(w), rank: () => undefined };
    const people = [member("ben", ["SEO"]), member("dee", ["design systems"])];
    const r = await ask(matcherFor(people, { vectors }), "my car's transmission is slipping");
    expect(r.abstained).toBe(true);
    expect(r.closestSkills).toEqual([]);
    // A close neighbour of what the question is about still makes a skill close.
    const strict = matcherFor([...people, member("gus", ["gearbox rebuilds"])], { vectors, weights: { abstainThreshold: 1.01 } });
    expect((await ask(strict, "my car's transmission is slipping")).closestSkills).toEqual(["gearbox rebuilds"]);
  });
  it("lists only members who fit on their own, not a weak tail behind the best one", async () => {
    const weak = [...village(), member("kim", ["electronic components"])];
    // "components" is only a related word of React here: kim scores, but does not fit on her own.
    expect(ids(await ask(matcherFor(weak, { weights: { abstainThreshold: 0 } }), "My React code re-renders too often"))).toContain("kim");
    expect(ids(await ask(matcherFor(weak), "My React code re-renders too often"))).toEqual(["milo"]);
  });
  it("caps huge questions instead of failing", async () => {
    const m = matcherFor(village());
    const r = await ask(m, `${"bookkeeping ".repeat(5000)}`);
    expect(ids(r)[0]).toBe("dan");
  });
  it("explains each suggestion from its signals, in the member's own words", async () => {
    const m = matcherFor(village());
    const r = await ask(m, "who knows kubernetes?");
    expect(r.suggestions[0]?.reason).toContain("declared *k8s*");
    const rel = await ask(m, "my invoices are a mess");
    expect(rel.suggestions[0]?.reason).toMatch(/declared \*bookkeeping\* and \*VAT\* — related to “invoices”/);
    expect(rel.topics.length).toBeGreaterThan(0);
  });
});

describe("word vectors", () => {
  it("expands question words to close skill words from a tiny fixture space", async () => {
    const vectors = new MapWordVectors({ terracotta: [1, 0.1, 0], pottery: [0.95, 0.2, 0], football: [0, 0, 1] });
    const members = [member("jade", ["pottery"]), member("kick", ["football"])];
    expect((await ask(matcherFor(members), "terracotta studio tips")).abstained).toBe(true);
    const r = await ask(matcherFor(members, { vectors }), "terracotta studio tips");
    expect(ids(r)).toEqual(["jade"]);
    expect(r.suggestions[0]?.reason).toMatch(/close in meaning to “terracotta”/);
  });
  it("a word-vector neighbour of an activity word ('school' for 'teach') is no sign of the subject", async () => {
    const vectors = new MapWordVectors({ teach: [1, 0.2, 0], school: [0.9, 0.4, 0], swahili: [0, 0, 1] });
    const m = matcherFor([member("ana", ["salsa dancing"], "high school teacher in guadalajara")], { vectors });
    expect((await ask(m, "anyone teach swahili?")).abstained).toBe(true);
    expect(ids(await ask(m, "any high school teachers here? my son's homework is confusing"))).toEqual(["ana"]);
  });
  it("a neighbour of a question word already matched does not cover another word of the same skill", async () => {
    const vectors = new MapWordVectors({ screen: [1, 0.3, 0], printing: [0.9, 0.45, 0], cracked: [0, 0, 1] });
    const m = matcherFor([member("raj", ["screen printing"]), member("bo", ["board games"])], { vectors });
    const one = await m.rankWithConfidence({ communityId: C, question: "who can replace a cracked screen?", askerId: null, limit: 5, now: NOW });
    const both = await m.rankWithConfidence({ communityId: C, question: "who can screen print a shirt?", askerId: null, limit: 5, now: NOW });
    expect(one.confidence).toBeCloseTo(0.85, 2); // "screen" covers one of two words (0.7 + 0.3 × ½)
    expect(both.confidence).toBeCloseTo(1, 2);
  });
});

describe("incremental index and communities", () => {
  it("a skill change is visible to the next query; removal too", async () => {
    const a = member("a", ["pottery"]);
    const m = matcherFor([a, member("b", ["chess"])]);
    expect((await ask(m, "SEO audit")).abstained).toBe(true);
    await m.upsert({ ...a, skills: [...a.skills, { ...a.skills[0]!, label: "SEO", key: "search engine optimisation" }] });
    expect(ids(await ask(m, "SEO audit"))).toEqual(["a"]);
    await m.remove(a.id, C);
    expect((await ask(m, "SEO audit")).abstained).toBe(true);
  });
  it("keeps communities apart", async () => {
    const other = "discord:99";
    const store = {
      async getCommunity() {
        return null;
      },
      async listMembers(id: string) {
        return { members: id === C ? [member("here", ["SEO"])] : [member("there", ["SEO"], "", {}, other)], next: null };
      },
    };
    const { HybridMatcher } = await import("../../src/ranking/hybrid-matcher.js");
    const { silentLogger } = await import("../../src/core/ports/logger.port.js");
    const m = new HybridMatcher({ store, logger: silentLogger });
    expect(ids(await ask(m, "SEO?"))).toEqual(["here"]);
    expect(ids(await ask(m, "SEO?", null, other))).toEqual(["there"]);
    await m.upsert(member("late", ["SEO"], "", {}, other));
    expect(ids(await ask(m, "SEO?"))).toEqual(["here"]);
  });
});
