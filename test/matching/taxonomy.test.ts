import { describe, expect, it } from "vitest";
import { canonical } from "../../src/ranking/analyze.js";
import { isHomonym } from "../../src/ranking/senses.js";
import { CommunityIndex } from "../../src/ranking/community-index.js";
import { DEFAULT_WEIGHTS } from "../../src/ranking/hybrid-matcher.js";
import { ExpansionCache, parseQuestion } from "../../src/ranking/query.js";
import { RELATED_WEIGHT, TAXONOMY } from "../../src/ranking/taxonomy.js";
import { member } from "./ranking-support.js";
import { contentWords } from "../../src/ranking/text.js";

describe("the shipped taxonomy", () => {
  it("is keyed by canonical skill keys, so its related words reach the members who declared them", () => {
    expect(Object.keys(TAXONOMY).filter((k) => canonical(k, {}) !== k)).toEqual([]);
  });

  it("never uses a homonym alone as a related word (it would fire on every sense; a phrase such as “stock market” says which)", () => {
    const bad = Object.entries(TAXONOMY).flatMap(([k, words]) => words.filter((w) => contentWords(w).length === 1 && contentWords(w).some(isHomonym)).map((w) => `${k}: ${w}`));
    expect(bad).toEqual([]);
  });
});

describe("trades an about line names", () => {
  it("reads a trade's name as the concept the taxonomy lists it for, unless a noun before it names another trade", async () => {
    const { titleConcepts } = await import("../../src/ranking/analyze.js");
    expect(titleConcepts("retired plumber, brewing in the garage")).toEqual(["k:plumbing"]);
    expect(titleConcepts("mum of 3, part time bookkeeper")).toEqual(["k:bookkeeping"]);
    expect(titleConcepts("bike mechanic at the co-op")).toEqual([]);
    expect(titleConcepts("heating engineer")).toEqual([]);
  });
});

describe("related words in a question", () => {
  const index = new CommunityIndex({});
  index.put(member("pip", ["plumbing"]));
  const weightOfPlumbing = (question: string) => {
    const parsed = parseQuestion(question, index, index.aliases, { ...DEFAULT_WEIGHTS.query, vectors: null }, new ExpansionCache());
    return Math.max(0, ...[...parsed.terms.values()].filter((t) => t.kind === "related" && t.token.includes("plumbing")).map((t) => t.weight));
  };

  it("weigh more when several of its words point at the same skill, never more than naming it", () => {
    const one = weightOfPlumbing("the kitchen tap keeps dripping");
    const two = weightOfPlumbing("the kitchen tap keeps dripping and the drain is blocked");
    const many = weightOfPlumbing("the tap drips, the drain is blocked, a pipe leaks and the toilet runs");
    expect(one).toBe(RELATED_WEIGHT);
    expect(two).toBeGreaterThan(one);
    expect(many).toBeGreaterThanOrEqual(two);
    expect(many).toBeLessThanOrEqual(1);
    // Counted by question words, not by taxonomy entries: "leaking pipe" is two words ("leak", "pipe", "leaking pipe").
    expect(weightOfPlumbing("a leaking pipe under the house")).toBe(two);
  });
});
