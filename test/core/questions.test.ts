import { describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { createCore } from "../../src/core/index.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { cleanText, validateQuestion } from "../../src/core/text.js";
import { HybridMatcher } from "../../src/ranking/hybrid-matcher.js";
import { COMMUNITY, useTestCore } from "../support/harness.js";

const NO_TOPIC = "What do you need help with? Name the topic, e.g. “who can help with SEO for my Etsy shop?”";

describe("questions with nothing to match", () => {
  it.each([
    ["help"], ["who can help with"], ["anyone?"], ["Can someone help me please?"], ["hi, I have a question"],
    ["who's here?"], ["HELP!!!"], ["\u200Bhelp\u200B"], ["\uFEFFanyone\u2060?"],
  ])("%j is refused, with an example of a real question", (q) => {
    expect(() => validateQuestion(q)).toThrow(new UserError("invalid_input", NO_TOPIC, "question"));
  });

  it.each([
    ["SEO?", "SEO?"], ["anyone know Go?", "anyone know Go?"], ["help with VAT", "help with VAT"], ["who can help with IT?", "who can help with IT?"],
    ["Can anyone help me with R?", "Can anyone help me with R?"], ["\u200Bhelp with\u2060 VAT\uFEFF", "help with VAT"],
  ])("a short real question %j passes", (q, stored) => {
    expect(validateQuestion(q)).toBe(stored);
  });

  it("zero-width padding alone is no question; joiners inside emoji and words stay", () => {
    for (const pad of ["\u200B\u200C\u200D", "\u2060\uFEFF\u200D\u200D", "\u200D \u200C"]) {
      expect(() => validateQuestion(pad), JSON.stringify(pad)).toThrow(/^Please add your question/);
    }
    expect(cleanText("\u200Dwho knows \u200C Persian\u200D?")).toBe("who knows Persian?");
    expect(cleanText("hiking 🚶\u200D♂️, 👩🏽\u200D💻 and می\u200Cخواهم")).toBe("hiking 🚶\u200D♂️, 👩🏽\u200D💻 and می\u200Cخواهم");
  });
});

describe("asking with nothing to match", () => {
  const t = useTestCore();

  it("is refused before anything is stored, so no 'other' skill gap shows on the report", async () => {
    const ana = t.actor("ana");
    await t.core.skills.add(t.actor("ben"), "VAT");
    const dm = { surface: "dm", channelId: null, threadId: null, isPrivate: true } as const;
    for (const q of ["help", "who can help with", "anyone?", "\u200B\u200Bhelp\u2060"]) {
      await expect(t.core.asks.ask(ana, q, dm), q).rejects.toThrow(NO_TOPIC);
    }
    expect(await t.store.listRequests({ communityId: COMMUNITY })).toEqual([]);
    const { request } = await t.core.asks.ask(ana, "help with VAT", dm);
    expect(request.candidates.map((c) => c.memberId)).toEqual([t.actor("ben").memberId]);
  });
});

describe("questions that mention members", () => {
  const t = useTestCore();

  it.each([
    ["<@slack:T1:zed>"], ["<@slack:T1:zed> can you help?"], ["<@discord:123456789012345678:876543210987654321> ?"], ["<@web:demo:maya> anyone?"],
  ])("%j names no topic: the mention is someone, not a subject", (q) => {
    expect(() => validateQuestion(q)).toThrow(new UserError("invalid_input", NO_TOPIC, "question"));
  });

  it("a mention is no word of the question: the member who knows Slack is not suggested for a Docker question, and no 'slack' topic is filed", async () => {
    const matcher = new HybridMatcher({ store: t.store, logger: silentLogger, vectors: null });
    const core = createCore({ store: t.store, matcher, messenger: t.messenger, clock: t.clock, logger: silentLogger });
    await core.skills.add(t.actor("bo"), "Slack bots, Slack admin");
    await core.skills.add(t.actor("cy"), "docker");
    const dm = { surface: "dm", channelId: null, threadId: null, isPrivate: true } as const;
    const { request, reply } = await core.asks.ask(t.actor("ana"), "<@slack:T1:zed> said to ask here: who knows docker?", dm);
    expect(request.candidates.map((c) => c.memberId)).toEqual([t.actor("cy").memberId]);
    expect(request.topics.join(" ")).not.toMatch(/slack|zed|t1/);
    // The question is kept as written (the mention still shows as one).
    expect(request.question).toBe("<@slack:T1:zed> said to ask here: who knows docker?");
    expect(reply.kind).toBe("suggestions");
  });
});
