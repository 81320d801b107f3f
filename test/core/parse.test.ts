import { describe, expect, it } from "vitest";
import { disclaimedInAbout, learningInAbout, parseSkillLine, validateSkillItem } from "../../src/core/skills/parse.js";
import { foldText, skillKey } from "../../src/core/skills/normalize.js";
import { validateQuestion } from "../../src/core/text.js";
import { UserError } from "../../src/core/errors.js";
import { classifyDm, nudgeAnswer } from "../../src/core/usecases/conversation.js";

describe("parseSkillLine", () => {
  const levels = (line: string) => parseSkillLine(line).map((s) => [s.label, s.level]);

  it("given the line a person types, returns labels with levels in their own words", () => {
    expect(parseSkillLine("SEO, copywriting (expert), learning react")).toEqual([
      { label: "SEO", level: "can_help" },
      { label: "copywriting", level: "expert" },
      { label: "react", level: "learning" },
    ]);
  });

  it("accepts other level spellings", () => {
    expect(parseSkillLine("Terraform: expert; expert in Kubernetes\nknitting [beginner]")).toEqual([
      { label: "Terraform", level: "expert" },
      { label: "Kubernetes", level: "expert" },
      { label: "knitting", level: "learning" },
    ]);
  });

  it("keeps details in brackets with the skill instead of splitting or refusing them", () => {
    expect(parseSkillLine("stock photos (shutterstock, adobe stock), portraits")).toEqual([
      { label: "stock photos (shutterstock, adobe stock)", level: "can_help" },
      { label: "portraits", level: "can_help" },
    ]);
    expect(parseSkillLine("bass (electric + upright); Etsy (since 2019)").map((s) => s.label)).toEqual(["bass (electric + upright)", "Etsy (since 2019)"]);
    // A level among the details is the level; the rest stays as detail.
    expect(parseSkillLine("photoshop (expert, print and web)")).toEqual([{ label: "photoshop (print and web)", level: "expert" }]);
    // One word in brackets that rates the skill is read as the level it means.
    expect(parseSkillLine("SEO (wizard), python (basic), woodturning (hobby), excel (solid), welding (rusty)").map((s) => [s.label, s.level])).toEqual([
      ["SEO", "expert"], ["python", "can_help"], ["woodturning", "can_help"], ["excel", "expert"], ["welding", "can_help"],
    ]);
    expect(parseSkillLine("photoshop (strong, print and web)")).toEqual([{ label: "photoshop (print and web)", level: "expert" }]);
    // In capitals it is a name, not a rating; a bracket that names a level but gives none is a friendly error.
    expect(parseSkillLine("programming (BASIC)")).toEqual([{ label: "programming (BASIC)", level: "can_help" }]);
    expect(() => parseSkillLine("SEO (level)")).toThrow(/I don't know the level “level”/);
    // Any other word in brackets is a detail of the skill, kept in its label.
    expect(parseSkillLine("safeguarding (DSL), knife sharpening (whetstones), python (django)").map((s) => [s.label, s.level])).toEqual([
      ["safeguarding (DSL)", "can_help"], ["knife sharpening (whetstones)", "can_help"], ["python (django)", "can_help"],
    ]);
  });

  it("reads depth the way people write it in chat", () => {
    expect(levels("react core contributor, k8s: maintainer, spanish (native)")).toEqual([["react", "expert"], ["k8s", "expert"], ["spanish", "expert"]]);
    // Levels as people write them in their own language.
    expect(levels("impuestos (experto), fotografía (avanzado), contabilità - esperta, Steuern (Expertin), dessin (intermédiaire)")).toEqual([
      ["impuestos", "expert"], ["fotografía", "expert"], ["contabilità", "expert"], ["Steuern", "expert"], ["dessin", "can_help"],
    ]);
    expect(levels("photoshop (10 years); Etsy (6 años); selenium (2 yrs); translation - 15 yrs")).toEqual([
      ["photoshop", "expert"], ["Etsy", "expert"], ["selenium", "can_help"], ["translation", "expert"],
    ]);
    expect(levels("guitar - just started, drums newbie, learning react")).toEqual([["guitar", "learning"], ["drums", "learning"], ["react", "learning"]]);
    expect(levels("beekeeping (first year), welding - still learning")).toEqual([["beekeeping", "learning"], ["welding", "learning"]]);
    expect(levels("just started with shopify; new to python; getting into bouldering; trying to learn piano; noob at excel; I'm just starting out with watercolours")).toEqual([
      ["shopify", "learning"], ["python", "learning"], ["bouldering", "learning"], ["piano", "learning"], ["excel", "learning"], ["watercolours", "learning"],
    ]);
    expect(levels("doing my Level 2 (2365); studying for the CPA; working towards my ACCA; training to be a plumber")).toEqual([
      ["Level 2 (2365)", "learning"], ["CPA", "learning"], ["ACCA", "learning"], ["plumber", "learning"],
    ]);
    expect(levels("trainee solicitor; aspiring novelist; a wannabe DJ")).toEqual([["solicitor", "learning"], ["novelist", "learning"], ["DJ", "learning"]]);
    // Native and learning, as people write them in their own language; React Native stays a framework.
    expect(levels("한국어 (native), Türkçe (anadil), svenska (modersmål), русский (родной), français natif, 日本語 native")).toEqual([
      ["한국어", "expert"], ["Türkçe", "expert"], ["svenska", "expert"], ["русский", "expert"], ["français", "expert"], ["日本語", "expert"],
    ]);
    expect(levels("j'apprends le coréen; ich lerne Japanisch; React Native")).toEqual([["coréen", "learning"], ["Japanisch", "learning"], ["React Native", "can_help"]]);
    expect(levels("polski (ojczysty), Cymraeg (iaith gyntaf), Twi (first language)")).toEqual([["polski", "expert"], ["Cymraeg", "expert"], ["Twi", "expert"]]);
    expect(levels("aquarelle (débutant), guitarra (principiante), Klavier (Anfänger)")).toEqual([["aquarelle", "learning"], ["guitarra", "learning"], ["Klavier", "learning"]]);
    // Skill names that end in a level-like word after a hyphen stay whole.
    expect(levels("react-native, self-help coaching, self-help")).toEqual([["react-native", "can_help"], ["self-help coaching", "can_help"], ["self-help", "can_help"]]);
    // A level phrase alone is a skill name, not an empty skill; a learner's alone asks what they are learning.
    expect(levels("core contributor")).toEqual([["core contributor", "can_help"]]);
    expect(() => parseSkillLine("newbie, just got binoculars")).toThrow(/“newbie” says how far along you are: which skill is it for\?/);
    expect(() => parseSkillLine("just started!")).toThrow(/“just started” says how far along you are/);
    expect(() => parseSkillLine("I'm a total beginner", { freeText: true })).toThrow(/“I'm a total beginner” says how far along you are/);
  });

  it("knows a learner by how people say they are new to something", () => {
    expect(levels("trying to get into race walking 🚶‍♂️, beginner python, newbie homesteader, teaching myself Go")).toEqual([
      ["race walking 🚶‍♂️", "learning"], ["python", "learning"], ["homesteader", "learning"], ["Go", "learning"],
    ]);
    expect(levels("dinghy newbie (Laser/RS), latte art (v beginner), quilting (beginner-ish), couch to 5k (week 4 lol)")).toEqual([
      ["dinghy (Laser/RS)", "learning"], ["latte art", "learning"], ["quilting", "learning"], ["couch to 5k", "learning"],
    ]);
    expect(levels("learning: project governance; beginner - just got a nikon z50")).toEqual([["project governance", "learning"], ["nikon z50", "learning"]]);
    // "learning" typed with a slip is still a learner, not a helper with *learing react*; "leaning" is a word.
    expect(levels("learing react, lerning: excel, spanish (learing), leaning towers")).toEqual([
      ["react", "learning"], ["excel", "learning"], ["spanish", "learning"], ["leaning towers", "can_help"],
    ]);
    expect(levels("law student, plumbing apprentice (2nd yr), student finance, international students")).toEqual([
      ["law", "learning"], ["plumbing (2nd yr)", "learning"], ["student finance", "can_help"], ["international students", "can_help"],
    ]);
    // New to something, kept in the member's own words.
    expect(levels("first-time puppy owner, new dad, first dress (eek), first 50k in may, first-time maintainer")).toEqual([
      ["first-time puppy owner", "learning"], ["new dad", "learning"], ["first dress (eek)", "learning"], ["first 50k in may", "learning"], ["first-time maintainer", "learning"],
    ]);
    // …but first aid, first responders, teaching beginners and newborns are skills.
    expect(levels("first time buyers, first drafts, english (first language)")).toEqual([["first time buyers", "can_help"], ["first drafts", "can_help"], ["english", "expert"]]);
    expect(levels("first aid trainer, wilderness first responder, first-line support, beginner classes, newborn photos, organic chem (tutor first years)")).toEqual([
      ["first aid trainer", "can_help"], ["wilderness first responder", "can_help"], ["first-line support", "can_help"], ["beginner classes", "can_help"],
      ["newborn photos", "can_help"], ["organic chem (tutor first years)", "can_help"],
    ]);
  });

  it("understands free text from a DM", () => {
    expect(parseSkillLine("I can help with bookkeeping and Etsy SEO", { freeText: true })).toEqual([
      { label: "bookkeeping", level: "can_help" },
      { label: "Etsy SEO", level: "can_help" },
    ]);
    expect(parseSkillLine("I do SEO and some copywriting", { freeText: true }).map((s) => s.label)).toEqual(["SEO", "copywriting"]);
    expect(parseSkillLine("I can help with:\nbookkeeping\nEtsy SEO", { freeText: true }).map((s) => s.label)).toEqual(["bookkeeping", "Etsy SEO"]);
  });

  it.each([
    ["", "empty"],
    ["   ,  , ", "empty"],
    ["x".repeat(61), "too_long"],
    ["SEO, seo", "invalid_input"],
    ["copywriting (lvl)", "invalid_input"],
    ["(expert)", "empty"],
    ["@@@", "invalid_input"],
  ])("given %j, throws a UserError %s", (line, code) => {
    try {
      parseSkillLine(line);
      expect.fail("should throw");
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).code).toBe(code);
    }
  });

  it("drops a heading before the list and refuses what a member is not, written as a skill", () => {
    expect(levels("skills: woodworking, carpentry")).toEqual([["woodworking", "can_help"], ["carpentry", "can_help"]]);
    expect(levels("My skills - SEO, PPC (expert)")).toEqual([["SEO", "can_help"], ["PPC", "expert"]]);
    expect(levels("skill sharing, notion, nothing phone repairs")).toEqual([["skill sharing", "can_help"], ["notion", "can_help"], ["nothing phone repairs", "can_help"]]);
    for (const line of ["not a vet!", "SEO, I don't do taxes", "we can't do weddings"]) {
      expect(() => parseSkillLine(line, { freeText: true }), line).toThrow(/says what you don't do/);
    }
  });

  it("reads a level in a form label's brackets, and asks when the level menu says otherwise", () => {
    expect(validateSkillItem("carpentry (expert)", "can_help")).toEqual({ label: "carpentry", level: "expert" });
    expect(validateSkillItem("carpentry (expert)", "expert")).toEqual({ label: "carpentry", level: "expert" });
    expect(validateSkillItem("python (django)", "learning")).toEqual({ label: "python (django)", level: "learning" });
    expect(() => validateSkillItem("carpentry (expert)", "learning")).toThrow("“carpentry (expert)” says expert in brackets, but its level is set to learning. Pick one: remove the brackets or change the level.");
  });

  it("strips control and bidi characters from labels", () => {
    expect(parseSkillLine("SE\u0000O\u202E")).toEqual([{ label: "SEO", level: "can_help" }]);
  });
});

describe("skill keys", () => {
  it("fold case, accents and emoji but keep c++ / c# / .net", () => {
    expect(foldText("  Café  Design 🎨 ")).toBe("cafe design");
    expect(skillKey("C++")).toBe("c++");
    expect(skillKey("C#")).toBe("c#");
    expect(skillKey(".NET")).toBe(".net");
    expect(skillKey("dotnet")).toBe(".net");
    expect(foldText("C# / .NET dev")).toBe("c# .net dev");
    expect(foldText("... hello - world.")).toBe("hello world");
    expect(skillKey("K8s")).toBe("kubernetes");
    expect(skillKey("JS")).toBe("javascript");
    expect(skillKey("Java")).toBe("java");
  });

  it("labels named like Object.prototype members stay plain text", () => {
    expect(skillKey("constructor")).toBe("constructor");
    expect(skillKey("__proto__")).toBe("proto");
    expect(skillKey("toString", {})).toBe("tostring");
  });

  it("community aliases win over built-ins", () => {
    expect(skillKey("gh actions", { "gh actions": "github actions" })).toBe("github actions");
  });
});

describe("validateQuestion", () => {
  it("cleans and accepts a question", () => {
    expect(validateQuestion("  who can help\u0007 with SEO?  ")).toBe("who can help with SEO?");
  });
  it.each([[""], ["   "], ["??"], ["x".repeat(10_000)]])("rejects %j with a friendly error", (q) => {
    expect(() => validateQuestion(q)).toThrow(UserError);
  });
});

describe("classifyDm", () => {
  it.each([
    ["who can help me write a magazine query letter?", "question"],
    ["Anyone know Terraform", "question"],
    ["I can help with bookkeeping and Etsy SEO", "skills"],
    ["SEO, copywriting", "skills"],
    ["help", "help"],
    ["hi 👋", "help"],
    ["Hello :)", "help"],
    ["👋", "chat"], // a lone emoji is a reaction: "Got it!" and what to say, not "not sure what you mean"
    ["banana", "unknown"],
    ["SEO, copywriting, bookkeeping", "skills"],
    ["IT, networking", "skills"],
    ["bookkeeping\nEtsy SEO", "skills"],
    ["yes, I can help with SEO", "skills"],
    ["thanks! who knows Go?", "question"],
    ["Sure, happy to help!", "chat"],
    ["no sorry, busy this week", "chat"],
    ["I can help with that", "chat"],
    ["👍", "chat"],
    ["🙏🙏", "chat"],
    [":partyparrot: :rust:", "chat"], // custom emoji only (Slack's unknown shortcodes, Discord's as :name:): a reaction too
    ["thanks, that worked!", "chat"],
    ["I can't this week, sorry", "chat"],
    ["I do", "chat"],
  ])("%j → %s", (text, intent) => {
    expect(classifyDm(text)).toBe(intent);
  });
});

describe("nudgeAnswer", () => {
  it.each([
    ["yes, still accurate", "confirm"],
    ["Yep!", "confirm"],
    ["all good, thanks", "confirm"],
    ["they're still accurate", "confirm"],
    ["yes still accurate", "confirm"],
    ["Yes still accurate!", "confirm"],
    ["yep still good", "confirm"],
    ["yes that's right", "confirm"],
    ["yes it's still accurate", "confirm"],
    ["yes all good", "confirm"],
    ["yes 👍", "confirm"],
    ["yes, still accurate 🙂", "confirm"],
    ["👍🏽 all good", "confirm"],
    ["yes :)", "confirm"],
    ["all good :D thanks", "confirm"],
    ["stop", "stop"],
    ["stop 🙏", "stop"],
    ["stop ;-)", "stop"],
    ["Don’t remind me again please", "stop"],
    ["no more reminders", "stop"],
    // Emoji and emoticons, as Discord and Slack members type them, add nothing: the words answer.
    ["yes 👍", "confirm"],
    ["Yes, still accurate 🙂", "confirm"],
    ["still accurate ✅", "confirm"],
    ["looks good 👍🏽", "confirm"],
    ["yes :)", "confirm"],
    ["stop 🙏", "stop"],
    ["👍", null],
    ["yes but remove SEO", null],
    ["pause", null],
    ["ok", null],
    ["thanks", null],
    ["🤔", null],
  ])("%j → %s", (text, answer) => {
    expect(nudgeAnswer(text)).toBe(answer);
  });
});

describe("learningInAbout", () => {
  it("finds what an about line says the member is learning, and keeps the rest as written", () => {
    expect(learningInAbout("new to climbing, be nice :) happy to help with websites though")).toEqual({
      learning: ["climbing"], rest: ", be nice :) happy to help with websites though",
    });
    expect(learningInAbout("Learning Rust after years of Python scripting.").learning).toEqual(["Rust"]);
    expect(learningInAbout("chess for years, total baduk newbie").learning).toEqual(["baduk"]);
    expect(learningInAbout("Data engineer. Currently learning k8s because our platform team is moving").learning).toEqual(["k8s"]);
    expect(learningInAbout("engineer by day, first novel attempt").learning).toEqual(["first novel attempt"]);
  });

  it("leaves lines that teach or work in learning alone", () => {
    for (const about of ["learning disabilities nurse, 12 years", "Learning & development lead", "I teach beginner classes on Tuesdays", "first aid trainer", "Pastry chef, just opened my own bakery"]) {
      expect(learningInAbout(about), about).toEqual({ learning: [], rest: about });
    }
  });
});

describe("disclaimedInAbout", () => {
  it("finds what a member says they are not or do not do", () => {
    expect(disclaimedInAbout("Retired ER nurse. Not a doctor, but happy to help").disclaimed).toEqual(["doctor"]);
    expect(disclaimedInAbout("Startup lawyer, corporate only (no IP, no litigation). not legal advice lol").disclaimed).toEqual(["IP", "litigation"]);
    expect(disclaimedInAbout("Employment lawyer. I don't do immigration, pls don't ask").disclaimed).toEqual(["immigration"]);
    expect(disclaimedInAbout("trained upholsterer. I don't do the woodwork/frame side").disclaimed).toEqual(["woodwork/frame side"]);
  });

  it("leaves advice to others and plain lines alone", () => {
    for (const about of [
      "Maître électricienne. Please don't do your own panel work", "ex-solicitor. not legal advice but can point you the right way", "panel upgrades, EV chargers",
      "No problem helping with taxes, no job too small", "happy to look at your CV, not a problem",
    ]) {
      expect(disclaimedInAbout(about), about).toEqual({ rest: about, disclaimed: [] });
    }
  });
});
