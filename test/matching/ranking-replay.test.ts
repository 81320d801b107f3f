import { describe, expect, it } from "vitest";
import type { Dataset } from "../../src/cli/bench/ranking/dataset.js";
import { buildSystem, evaluate } from "../../src/cli/bench/ranking/quality.js";

/** Two equal SEO members: ties go to "a" (ids sort), the gold helper is always "b". */
const dataset = (dates: Array<string | undefined>): Dataset => ({
  name: "replay",
  members: [
    { id: "a", name: "A", skills: ["SEO"], about: "" },
    { id: "b", name: "B", skills: ["SEO"], about: "" },
  ],
  // File order is not date order: the replay sorts by day.
  questions: [
    { id: "q3", text: "SEO help for a bakery site", gold: ["b"], date: dates[2] },
    { id: "q1", text: "SEO audit please", gold: ["b"], date: dates[0] },
    { id: "q2", text: "who knows SEO keywords", gold: ["b"], date: dates[1] },
  ],
});

const run = async (ds: Dataset, replay: boolean, asks = false) =>
  (await evaluate(ds, buildSystem("full", ds, null, { abstainThreshold: 0 }, { replay }), "full", { replay, asks })).metrics;

describe("bench replay protocol (test, then feed back)", () => {
  it("static ranking never learns: the tie goes to the first id every time", async () => {
    expect((await run(dataset(["2012-01-02", "2012-01-02", "2012-01-03"]), false)).mrr10).toBeCloseTo(0.5, 9);
  });

  it("a question is ranked before its own outcome and its day's outcomes; later days see them", async () => {
    // q1 and q2 share a day: neither may benefit from the other's outcome. q3, a day later, sees both.
    const m = await run(dataset(["2012-01-02", "2012-01-02", "2012-01-03"]), true);
    expect(m.mrr10).toBeCloseTo((0.5 + 0.5 + 1) / 3, 9);
    expect(m.p1).toBeCloseTo(1 / 3, 9);
  });

  it("with one question a day, every question after the first sees the earlier outcomes", async () => {
    const recent = await run(dataset(["2012-01-02", "2012-01-03", "2012-01-04"]), true);
    expect(recent.mrr10).toBeCloseTo((0.5 + 1 + 1) / 3, 9);
  });

  it("with asks recorded, the weekly cap (3) excludes a helper who already helped three times this week", async () => {
    const ds = dataset(["2012-01-02", "2012-01-03", "2012-01-04"]);
    ds.questions.push({ id: "q4", text: "SEO for a florist", gold: ["b"], date: "2012-01-05" });
    // Outcomes only: b is first from the second question on.
    expect((await run(ds, true)).mrr10).toBeCloseTo((0.5 + 1 + 1 + 1) / 4, 9);
    // As asks: b was asked on days 1–3, so on day 4 b is at the cap and not suggested at all.
    expect((await run(ds, true, true)).mrr10).toBeCloseTo((0.5 + 1 + 1 + 0) / 4, 9);
  });

  it("reports each question's verdict and what was shown (for --failures)", async () => {
    const ds = dataset(["2012-01-02", "2012-01-02", "2012-01-03"]);
    ds.questions.push({ id: "q4", text: "how do I tune a harp?", gold: [], date: "2012-01-04" });
    ds.questions.push({ id: "q5", text: "SEO for my shop", gold: ["c"], date: "2012-01-04" });
    const ev = await evaluate(ds, buildSystem("full", ds, null), "full");
    expect(Object.fromEntries(ev.perQuestion.map((q) => [q.id, q.verdict]))).toEqual({ q1: "hit", q2: "hit", q3: "hit", q4: "abstained", q5: "miss" });
    expect(ev.perQuestion[0]?.shown.map((s) => s.memberId)).toEqual(["a", "b"]);
    expect(ev.perQuestion[0]?.shown[0]?.reason).toMatch(/SEO/);
  });

  it("refuses questions without a date, naming the question", async () => {
    await expect(run(dataset(["2012-01-02", undefined, "2012-01-03"]), true)).rejects.toThrow(/q2.*date/);
  });
});
