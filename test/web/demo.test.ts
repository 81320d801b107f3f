import { afterEach, describe, expect, it } from "vitest";
import { seedDemoCommunity } from "../../adapters/web/demo.js";
import { DEMO_MEMBERS, DEMO_QUESTIONS } from "../../adapters/web/demo-data.js";
import { DEMO_COMMUNITY } from "../../adapters/web/identity.js";
import { WebMessenger, type InboxItem } from "../../adapters/web/messenger.js";
import { MessengerRouter } from "../../src/app/messenger-router.js";
import { createCore } from "../../src/core/index.js";
import { ManualClock, OffsetClock } from "../../src/core/ports/clock.port.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { HybridMatcher } from "../../src/ranking/hybrid-matcher.js";
import { openStore } from "../../src/store/open.js";
import { KeywordMatcher } from "./support/fake-matcher.js";
import { call, startHarness, type Harness } from "./support/harness.js";

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe("demo community", () => {
  it("ends its old unanswered questions in history: the first sweep sends nobody an offer for a weeks-old question", async () => {
    // The playground's own matcher (without word vectors), which suggests people for them.
    const clock = new ManualClock("2026-03-02T10:00:00Z");
    const store = await openStore({ kind: "sqlite", file: ":memory:" }, silentLogger);
    const router = new MessengerRouter();
    router.register("web", new WebMessenger(clock, silentLogger));
    const core = createCore({ store, matcher: new HybridMatcher({ store, logger: silentLogger, vectors: null }), messenger: router, clock, logger: silentLogger });
    try {
      await seedDemoCommunity(core, { clock, logger: silentLogger });
      const requests = await store.listRequests({ communityId: DEMO_COMMUNITY });
      const old = requests.filter((r) => /VAT for selling ceramics|music licensing/.test(r.question));
      // (Without word vectors one of them may find nobody at all: unmatched, still open.)
      expect(old.map((r) => r.state)).not.toContain("offered");
      expect(old.some((r) => r.state === "expired")).toBe(true);
      const swept = await core.asks.runDue(DEMO_COMMUNITY, clock.now());
      expect(swept.widened.filter((id) => old.some((r) => r.id === id))).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("is seeded on start through the core, with a month of history, and the clock ends where it started", async () => {
    h = await startHarness({ seedDemo: true });
    expect(h.adapter.seeded).toEqual({ members: DEMO_MEMBERS.length, questions: DEMO_QUESTIONS.length });
    expect(h.clock.now().toISOString()).toBe("2026-03-02T10:00:00.000Z");
    expect(await h.store.countMembers(DEMO_COMMUNITY)).toBe(DEMO_MEMBERS.length);

    const maya = await h.store.getMember("web:demo:maya");
    expect(maya?.displayName).toBe("Maya Okafor");
    expect(maya?.timezone).toBe("Europe/London");
    expect(maya?.skills.find((s) => s.key === "magazine query letters")?.level).toBe("expert");
    expect((await h.store.getMember("web:demo:omar"))?.availability.pausedUntil?.toISOString()).toBe("2026-03-12T10:00:00.000Z");
    expect((await h.store.getMember("web:demo:lars"))?.availability.weeklyCap).toBe(2);

    const requests = await h.store.listRequests({ communityId: DEMO_COMMUNITY });
    expect(requests).toHaveLength(DEMO_QUESTIONS.length);
    expect(requests.some((r) => r.state === "resolved")).toBe(true);
    expect(requests.some((r) => r.unmatched)).toBe(true);
    expect(requests.every((r) => r.createdAt.getTime() <= h!.clock.now().getTime())).toBe(true);
    // A question with a named helper goes to them through the asker's "Ask …" button, whoever is awake.
    expect(requests.find((r) => r.question.includes("Kubernetes"))?.helperId).toBe("web:demo:lars");
    // History happens at 15:00 UTC each day, whatever time the playground starts.
    expect(requests.every((r) => r.createdAt.getUTCHours() === 15)).toBe(true);

    const d = (await call(h.baseUrl, "GET", "/api/admin/dashboard?community=web:demo")).body;
    expect(d.totals.members).toBe(DEMO_MEMBERS.length);
    expect(d.helperLoad.series.length).toBeGreaterThan(0);
  });

  it("leaves live buttons only on offers still waiting for an answer, and dates history's messages in the past", async () => {
    h = await startHarness({ seedDemo: true });
    // As the playground shows them: the inbox a member opens.
    const items: InboxItem[] = [];
    for (const m of DEMO_MEMBERS) items.push(...((await call(h.baseUrl, "GET", `/api/playground/members/${m.slug}/inbox`)).body.items as InboxItem[]));
    const offers = items.filter((i) => i.message.actions?.[0]?.type.startsWith("offer."));
    expect(offers.length).toBeGreaterThan(0);
    for (const item of offers) {
      const offer = await h.store.getOffer(item.message.actions![0]!.value);
      expect(item.answer === null, `${item.id}: offer ${offer?.status}`).toBe(offer?.status === "pending");
    }
    expect(offers.some((i) => i.answer?.label === "I can help")).toBe(true);
    expect(items.filter((i) => new Date(i.at).getTime() < h!.clock.now().getTime() - 24 * 3600_000).length).toBeGreaterThan(items.length / 2);
  });

  it("`/skills list @Name` in the message box finds demo members by name (case and accents aside) or slug, and says when nobody has the name", async () => {
    h = await startHarness({ seedDemo: true });
    const dm = (text: string) => call(h!.baseUrl, "POST", "/api/playground/members/sam/dm", { text });
    for (const who of ["@Maya Okafor", "@maya okafor", "@maya", "@maya-okafor", "<@web:demo:maya>"]) {
      const res = await dm(`/skills list ${who}`);
      expect([res.status, res.body.outcome?.message.title], who).toEqual([200, "Maya Okafor's skills"]);
    }
    expect((await dm("/skills list @Lars Nystrom")).body.outcome.message.title).toBe("Lars Nyström's skills");
    const nobody = await dm("/skills list @Maya Okafr");
    expect([nobody.status, nobody.body.error.message]).toEqual([404, "There is no member “Maya Okafr” in the playground."]);
    expect((await dm("/skills list maya")).body.error.message).toMatch(/^I couldn't tell who/);
  });

  it("only seeds an empty community", async () => {
    h = await startHarness({ seedDemo: true });
    const again = await seedDemoCommunity(h.core, { clock: h.clock, logger: silentLogger });
    expect(again).toBeNull();
    expect(await h.store.countMembers(DEMO_COMMUNITY)).toBe(DEMO_MEMBERS.length);
    expect(await h.store.listRequests({ communityId: DEMO_COMMUNITY })).toHaveLength(DEMO_QUESTIONS.length);
  });
});

describe("demo history with the app's offset clock", () => {
  it("replays the past on its own clock: the app's clock does not move and history lies before now", async () => {
    const base = new ManualClock("2026-03-02T10:00:00Z");
    const clock = new OffsetClock(base);
    const store = await openStore({ kind: "sqlite", file: ":memory:" }, silentLogger);
    const router = new MessengerRouter();
    router.register("web", new WebMessenger(clock, silentLogger));
    const core = createCore({ store, matcher: new KeywordMatcher(store), messenger: router, clock, logger: silentLogger });
    try {
      expect(await seedDemoCommunity(core, { clock, logger: silentLogger })).toEqual({ members: DEMO_MEMBERS.length, questions: DEMO_QUESTIONS.length });
      expect(clock.now().toISOString()).toBe("2026-03-02T10:00:00.000Z");
      const requests = await store.listRequests({ communityId: DEMO_COMMUNITY });
      expect(Math.min(...requests.map((r) => r.createdAt.getTime()))).toBe(new Date("2026-01-28T15:00:00Z").getTime());
      expect(requests.every((r) => r.createdAt.getTime() < clock.now().getTime())).toBe(true);
      expect((await store.getMember("web:demo:maya"))?.joinedAt.toISOString()).toBe("2026-01-26T10:00:00.000Z");
    } finally {
      await store.close();
    }
  });
});
