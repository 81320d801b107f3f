import { describe, expect, it } from "vitest";
import { askTarget, specialistTarget } from "../../src/ranking/ask-target.js";
import { latinLanguage } from "../../src/ranking/languages.js";
import { allWords } from "../../src/ranking/text.js";
import { MapWordVectors } from "../../src/ranking/vectors.js";
import { ask, ids, matcherFor, member } from "./ranking-support.js";

describe("what a question explicitly asks a person for", () => {
  it("reads the phrase after “anyone know”, “someone who knows”, “any … around here”, “dealt with”", () => {
    expect(askTarget("check engine light came on in the van I use to haul gear to weddings. anyone know cars?")).toEqual({ words: ["cars"], phrase: "cars" });
    expect(askTarget("big oak overhanging the garage roof. tree surgeon recs?")).toEqual({ words: ["tree", "surgeon"], phrase: "tree surgeon" });
    expect(askTarget("accountant recommendations? royalties + self assessment is confusing me")).toEqual({ words: ["accountant"], phrase: "accountant" });
    expect(askTarget("I need a new laptop, any recs?")).toBeNull();
    expect(askTarget("Need someone who knows Java — our Minecraft server plugin keeps crashing")).toEqual({ words: ["java"], phrase: "Java" });
    expect(askTarget("My bridge came loose 😬 any dentist around here open saturdays?")).toEqual({ words: ["dentist"], phrase: "dentist" });
    expect(askTarget("Any good plumber nearby?")).toEqual({ words: ["plumber"], phrase: "good plumber" });
    expect(askTarget("are there any electricians in the group who do EV chargers?")).toEqual({ words: ["electricians"], phrase: "electricians" });
    // A request later in the same sentence is still found, and the phrase is cut from the question as written.
    expect(askTarget("anyone know it, or anyone good at welding?")).toEqual({ words: ["welding"], phrase: "welding" });
    expect(askTarget("Someone who is an Électricien in this group?")).toEqual({ words: ["electricien"], phrase: "Électricien" });
    expect(askTarget("İstanbul trip soon — anyone know Turkish?")).toEqual({ words: ["turkish"], phrase: "Turkish" });
    expect(askTarget("Has anyone here dealt with the spousal sponsorship application for immigration? The forms are a nightmare")).toEqual({
      words: ["spousal", "sponsorship", "application", "immigration"],
      phrase: "the spousal sponsorship application for immigration",
    });
    expect(askTarget("anyone good at picking stocks? a big client project just paid out")?.words).toEqual(["picking", "stocks"]);
    expect(askTarget("is there someone who is an electrician in this group?")?.words).toEqual(["electrician"]);
    expect(askTarget("My cat swallowed a hair tie, is there a vet in the group?")).toEqual({ words: ["vet"], phrase: "vet" });
    expect(askTarget("do we have an electrician around? the hall lights keep tripping")?.words).toEqual(["electrician"]);
    expect(askTarget("is there a way to export the rota?")).toBeNull();
  });

  it("is null when the question names no need in such a phrase", () => {
    expect(askTarget("Our piano hasn't been tuned in years. Anyone who can come do it?")).toBeNull();
    expect(askTarget("How do I keep receipts organised for my tax return?")).toBeNull();
    expect(askTarget("")).toBeNull();
  });
});

describe("a request for a kind of professional", () => {
  it("names the specialty when there is one, else the profession", () => {
    expect(specialistTarget("got charged after a pub fight, need a criminal lawyer asap")).toEqual({ words: ["criminal"], phrase: "criminal lawyer" });
    expect(specialistTarget("anyone know a good employment lawyer? pretty sure I was pushed out")?.words).toEqual(["employment"]);
    expect(specialistTarget("any BSL interpreters here?")?.phrase).toBe("BSL interpreter");
    expect(specialistTarget("locked out of the shop, need a locksmith now")).toEqual({ words: ["locksmith"], phrase: "locksmith" });
    // A matter named after the role is its specialty; whom it is for is not.
    expect(specialistTarget("Need a solicitor for my divorce, anyone recommend someone decent?")?.words).toEqual(["divorce"]);
    expect(specialistTarget("need an accountant for the grooming salon, VAT returns are doing my head in")?.words).toEqual(["accountant"]);
  });

  it("is null for a role that needs a subject, generic words, or a role that is not asked for", () => {
    expect(specialistTarget("we need a photographer for saturday")).toBeNull();
    expect(specialistTarget("looking for a tutor for my son's A-level maths")).toBeNull();
    expect(specialistTarget("verbal reasoning prep for the grammar school test, any tips or tutors?")).toBeNull();
    expect(specialistTarget("I need help with my lawyer's bill")).toBeNull();
  });

  it("is answered only by members who have the specialty", async () => {
    const m = matcherFor([member("ines", ["immigration lawyer"]), member("cal", ["criminal defence"])]);
    expect(ids(await ask(m, "can anyone recommend an immigration lawyer? spousal visa refused"))[0]).toBe("ines");
    expect(ids(await ask(m, "got charged after a pub fight, need a criminal lawyer asap"))[0]).toBe("cal");
    const r = await ask(matcherFor([member("ines", ["immigration lawyer"])]), "got charged after a pub fight, need a criminal lawyer asap");
    expect(r.abstained).toBe(true);
    expect(r.need).toBe("criminal lawyer");
  });
});

describe("a profile that misses what the question asks for", () => {
  const people = () => [member("wendy", ["wedding photography"], "I shoot about 30 weddings a year."), member("max", ["bookkeeping"])];

  it("does not fit, even when it matches the scene around the request", async () => {
    const m = matcherFor(people());
    const r = await ask(m, "check engine light came on in the van I use to haul gear to weddings. anyone know cars?");
    expect(r.abstained).toBe(true);
    expect(ids(r)).toEqual([]);
    // The answer can name what nobody here has.
    expect(r.need).toBe("cars");
  });

  it("fits when it matches the request itself", async () => {
    const m = matcherFor(people());
    expect(ids(await ask(m, "anyone know wedding photography? my cousin's wedding is in june"))[0]).toBe("wendy");
  });

  it("puts those who match the request before those who only match the scene", async () => {
    const m = matcherFor([member("seo", ["search engine optimisation"]), member("kenji", ["React"], "I restore old cars on weekends.")]);
    expect(ids(await ask(m, "my van's check engine light is on, anyone know cars?"))[0]).toBe("kenji");
  });

  it("a profile only close in meaning to the request (a word-vector neighbour) does not answer it", async () => {
    const vectors = new MapWordVectors({ mechanic: [1, 0.2, 0], automation: [0.9, 0.4, 0], radiator: [0, 1, 0], thermostats: [0.1, 0.95, 0] });
    const m = matcherFor([member("olu", ["home automation", "smart thermostats"])], { vectors });
    const r = await ask(m, "anyone know a decent mechanic? the radiator on my golf is leaking coolant");
    expect(r.abstained).toBe(true);
    expect(r.need).toBe("mechanic");
  });

  it("names no need when the abstention has another cause", async () => {
    // No request by name.
    const none = await ask(matcherFor(people()), "how do I descale a kettle?");
    expect(none.abstained).toBe(true);
    expect(none.need).toBeUndefined();
    // A request someone does match, declined for another reason (here, a threshold nobody can reach).
    const strict = matcherFor(people(), { weights: { abstainThreshold: 1.01 } });
    const matched = await ask(strict, "anyone know wedding photography? my cousin's wedding is in june");
    expect(matched.abstained).toBe(true);
    expect(matched.need).toBeUndefined();
  });
});

describe("requests and languages of questions written in French, German, Spanish…", () => {
  it("reads a subject asked for in another language, up to a place or purpose", () => {
    expect(askTarget("Hat jemand Ahnung von Mietrecht in Deutschland? Mein Vermieter will die Kaution nicht zurückzahlen")).toEqual({ words: ["mietrecht"], phrase: "Mietrecht" });
    expect(askTarget("Kennt sich jemand mit Krankenversicherung in der Schweiz aus?")).toEqual({ words: ["krankenversicherung"], phrase: "Krankenversicherung" });
    expect(askTarget("¿Alguien sabe de apicultura?")).toEqual({ words: ["apicultura"], phrase: "apicultura" });
    // How to do something is no subject.
    expect(askTarget("¿Alguien sabe cómo hacer que una macro no se cuelgue?")).toBeNull();
  });

  it("tells a Latin-script question's language by its function words", () => {
    const lang = (q: string) => latinLanguage(allWords(q));
    expect(lang("Pękł mi hak przerzutki w starym stalowym rowerze. Ktoś umie to przylutować na nowo?")).toBe("polish");
    expect(lang("Meine Aquarelle sehen immer matschig aus, die Farben laufen ineinander und werden braun.")).toBe("german");
    expect(lang("Quelqu'un peut m'aider avec ma comptabilité d'auto-entrepreneur ?")).toBe("french");
    expect(lang("can someone help me with my tax return this year? de la soul fan here")).toBeNull();
  });
});

describe("one word of an alias spelled out in several words", () => {
  it("in an about line is not the alias: an engineer is no SEO expert (engine of search engine optimisation)", async () => {
    const m = matcherFor([member("maya", ["SEO"]), member("lars", ["Kubernetes"], "Platform engineer. I run Kubernetes clusters for a living.")]);
    const r = await ask(m, "who can help with SEO for my portfolio?");
    expect(ids(r)).toEqual(["maya"]);
  });
});

describe("a short word the question's context gives one sense", () => {
  it("is part of what is asked for: “anyone know about Go concurrency patterns?” asks for Go, not for patterns", async () => {
    const m = matcherFor([member("lars", ["Go", "Kubernetes"], "Platform engineer."), member("rosa", ["crochet", "pattern writing"])]);
    expect(ids(await ask(m, "anyone know about Go concurrency patterns?"))[0]).toBe("lars");
  });
});
