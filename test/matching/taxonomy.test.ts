import { describe, expect, it } from "vitest";
import { canonical } from "../../src/ranking/analyze.js";
import { isHomonym } from "../../src/ranking/senses.js";
import { TAXONOMY } from "../../src/ranking/taxonomy.js";
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
