import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore } from "../../src/core/index.js";
import { memberId } from "../../src/core/ids.js";
import { ManualClock } from "../../src/core/ports/clock.port.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import type { Matcher } from "../../src/core/ports/matcher.port.js";
import { skillChangeMessage } from "../../src/core/views/profile.js";
import { HybridMatcher } from "../../src/ranking/hybrid-matcher.js";
import type { PackedWordVectors } from "../../src/ranking/vectors.js";
import { loadWinkVectors } from "../../src/ranking/wink-vectors.js";
import { openStore } from "../../src/store/open.js";
import { RecordingMessenger } from "../support/recording-messenger.js";
import { ask, C, ids, matcherFor, member } from "./ranking-support.js";

/** "Did you mean…?" for skills declared with a slip of the fingers, with the real word vectors as the dictionary. */
describe("spelling hints for declared skills", () => {
  const dir = mkdtempSync(join(tmpdir(), "knowhow-spelling-vectors-"));
  let vectors: PackedWordVectors;
  beforeAll(async () => {
    vectors = await loadWinkVectors({ cacheDir: dir, logger: silentLogger });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("suggests the skill word a typo was meant to be, in the member's own capitals", async () => {
    const m = matcherFor([member("ann", ["knitting:intermediate"])], { vectors });
    const hints = await m.spellingHints(C, ["Pyhton", "Kubernets", "bookeeping", "Photshop editing", "KNITTTING", "copywritting (expert)"]);
    expect(hints).toEqual([
      { label: "Pyhton", suggestion: "Python" },
      { label: "Kubernets", suggestion: "Kubernetes" },
      { label: "bookeeping", suggestion: "bookkeeping" },
      { label: "Photshop editing", suggestion: "Photoshop editing" },
      { label: "KNITTTING", suggestion: "KNITTING" },
      { label: "copywritting (expert)", suggestion: "copywriting (expert)" },
    ]);
  });

  it("leaves real names, crafts and other languages alone, even one letter away from a known word", async () => {
    const m = matcherFor([member("ann", ["batting:expert", "closure:expert"])], { vectors });
    expect(await m.spellingHints(C, ["Clojure", "tatting", "RabbitMQ", "Figma", "Shopify", "amigurumi", "Kotlin", "Buchhaltung", "Python", "SEO", "guitare"])).toEqual([]);
  });

  it("takes the likeliest slip, and says nothing rather than guess a word that is no slip away", async () => {
    const m = matcherFor([member("ann", ["knitting:expert"])], { vectors });
    // A doubled letter typed once before a swap, a swap before a dropped letter.
    expect(await m.spellingHints(C, ["potery", "paino", "Figam"])).toEqual([
      { label: "potery", suggestion: "pottery" }, { label: "paino", suggestion: "piano" }, { label: "Figam", suggestion: "Figma" },
    ]);
    // Spelt by ear, not by a slip: no "seeking", "fresh", "grafico" or "spanisch".
    expect(await m.spellingHints(C, ["public speeking", "frensh", "grafic design", "spanich"])).toEqual([]);
  });

  it("suggests words other members use only when the dictionary knows them, never another member's typo", async () => {
    const m = matcherFor([member("ann", ["wagtail:expert"]), member("bo", ["smorgle:expert"])], { vectors });
    expect(await m.spellingHints(C, ["wagtial", "smorlge"])).toEqual([{ label: "wagtial", suggestion: "wagtail" }]);
  });

  it("a skill word the dictionary does not know is found misspelt too, both ways (Kubernetes ↔ *Kubernets*)", async () => {
    const m = matcherFor([member("lars", ["Kubernetes:expert"]), member("vik", ["Kubernets:expert"]), member("ann", ["knitting:expert"])], { vectors });
    expect(ids(await ask(m, "who knows Kubernetes?")).sort()).toEqual(["lars", "vik"]);
    expect(ids(await ask(m, "who knows Kubernets?")).sort()).toEqual(["lars", "vik"]);
  });

  it("the reply to a declaration asks about the misspelt skill, which is saved as typed", async () => {
    const store = await openStore({ kind: "sqlite", file: ":memory:" }, silentLogger);
    const core = createCore({ store, matcher: new HybridMatcher({ store, logger: silentLogger, vectors }), messenger: new RecordingMessenger(), clock: new ManualClock("2026-03-02T10:00:00Z"), logger: silentLogger });
    const actor = { memberId: memberId(C, "eve"), communityId: C, displayName: "Eve" };
    const change = await core.skills.add(actor, "Pyhton, knitting");
    expect(change.member.skills.map((s) => s.label)).toEqual(["Pyhton", "knitting"]);
    expect(skillChangeMessage(change).text).toContain("Did you mean *Python* for “Pyhton”? If so, edit your skills to fix it.");
    // Re-declaring changes nothing new: no question again.
    expect((await core.skills.add(actor, "Pyhton")).spelling).toEqual([]);
    // A wording the community made an alias of is understood: no question about it.
    await store.updateCommunity(C, { settings: { aliases: { kubernets: "kubernetes" } } }, new Date("2026-03-02T10:00:00Z"));
    expect((await core.skills.add(actor, "Kubernets")).spelling).toEqual([]);
    await store.close();
  });
});

describe("spelling hints that fail", () => {
  it("never cost the member their skills", async () => {
    const store = await openStore({ kind: "sqlite", file: ":memory:" }, silentLogger);
    const base = new HybridMatcher({ store, logger: silentLogger });
    const matcher: Matcher = { rank: (q) => base.rank(q), upsert: (m) => base.upsert(m), remove: (id, c) => base.remove(id, c), spellingHints: () => Promise.reject(new Error("boom")) };
    const core = createCore({ store, matcher, messenger: new RecordingMessenger(), clock: new ManualClock("2026-03-02T10:00:00Z"), logger: silentLogger });
    const change = await core.skills.add({ memberId: memberId(C, "eve"), communityId: C, displayName: "Eve" }, "Pyhton");
    expect(change.spelling).toEqual([]);
    expect((await store.getMember(memberId(C, "eve")))?.skills.map((s) => s.label)).toEqual(["Pyhton"]);
    await store.close();
  });
});
