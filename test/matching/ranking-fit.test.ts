import { describe, expect, it } from "vitest";
import { MapWordVectors, PackedWordVectors } from "../../src/ranking/vectors.js";
import { ask, ids, matcherFor, member } from "./ranking-support.js";

/** Packed vectors whose first words are `lead` (in that frequency order), then filler words, then `tail`. */
function packed(lead: Record<string, number[]>, filler: number, tail: Record<string, number[]>): PackedWordVectors {
  const words = [...Object.keys(lead), ...Array.from({ length: filler }, (_, i) => `filler${i}`), ...Object.keys(tail)];
  const rows = [...Object.values(lead), ...Array.from({ length: filler }, () => [0, 0, 0, 1]), ...Object.values(tail)];
  return new PackedWordVectors(words, Float32Array.from(rows.flat()), 4);
}

describe("fit needs more than a word-vector neighbour", () => {
  it("does not suggest a member whose only link is a neighbour of one word of a longer skill (bike chain → online store setup)", async () => {
    const members = [member("pru", ["rust removal"], "Restores old tools."), member("kira", ["shopify", "online store setup", "seo"], "Helps makers sell online.")];
    // As in the real vectors: “chain” and “store” are close (cos ≈ 0.75) and “chain” is about the 2700th word.
    const vectors = packed({}, 2677, { chain: [1, 0, 0, 0], store: [0.745, 0.667, 0, 0], online: [0, 0, 1, 0] });
    const r = await ask(matcherFor(members, { vectors }), "how do I fix rust on my bike chain?");
    expect(ids(r)).toEqual(["pru"]);
    // Without the rust match the neighbour alone is not enough to suggest anyone.
    const alone = await ask(matcherFor(members, { vectors }), "my bike chain keeps slipping");
    expect(ids(alone)).toEqual([]);
  });

  it("still suggests a close neighbour that covers a whole skill", async () => {
    const vectors = new MapWordVectors({ terracotta: [1, 0.1, 0], pottery: [0.95, 0.2, 0] });
    const r = await ask(matcherFor([member("jade", ["pottery"]), member("kai", ["sewing"])], { vectors }), "terracotta studio tips");
    expect(ids(r)).toEqual(["jade"]);
  });

  it("discounts neighbours of common question words, not of rare ones", async () => {
    const members = [member("cleo", ["careers"]), member("dan", ["kilns"])];
    const near = (x: number) => [x, Math.sqrt(1 - x * x), 0, 0];
    // “work” is the most frequent word; “glazing” comes after the 5000 most frequent.
    const vectors = packed({ work: [1, 0, 0, 0] }, 5000, { careers: near(0.85), glazing: [0, 0, 1, 0], kilns: [0, 0, 0.85, Math.sqrt(1 - 0.85 * 0.85)] });
    const common = await ask(matcherFor(members, { vectors }), "how do I apply for a work visa?");
    expect(ids(common)).toEqual([]);
    const rare = await ask(matcherFor(members, { vectors }), "any glazing advice?");
    expect(ids(rare)).toEqual(["dan"]);
  });

  it("counts a match on any rare word of the question as on its topic, not only on its four rarest", async () => {
    const members = [member("cara", ["pottery"], "I pour soy candles in small batches"), member("gil", ["knitting"])];
    // Six words past the 5000 most frequent: the four rarest are the last four; "soy" and "candles" are rare too.
    const vectors = packed({}, 5000, { soy: [1, 0, 0, 0], candles: [0, 1, 0, 0], tins: [0, 0, 1, 0], tunneling: [0, 0, 0, 1], wick: [0.5, 0.5, 0.5, 0.5], wax: [0.5, -0.5, 0.5, -0.5] });
    const r = await ask(matcherFor(members, { vectors }), "8oz tins, soy wax, my candles keep tunneling. what wick size?");
    expect(ids(r)).toEqual(["cara"]);
  });
});

describe("a skill an alias spells out in several words", () => {
  it("is not reached through one of those words alone (“engine” is no sign of *SEO*), but is through the whole", async () => {
    const m = matcherFor([member("sam", ["SEO:expert"]), member("cy", ["car repair"])]);
    expect(ids(await ask(m, "who can help me with a diesel engine swap for my van"))).not.toContain("sam");
    expect(ids(await ask(m, "anyone good at search engine optimisation?"))).toContain("sam");
    expect(ids(await ask(m, "who knows SEO?"))).toEqual(["sam"]);
  });
});
