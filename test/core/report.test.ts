import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RequestOrigin } from "../../src/core/domain/request.js";
import { COMMUNITY, testCore, type TestCore } from "../support/harness.js";

const PUBLIC: RequestOrigin = { surface: "command", channelId: "C1", threadId: null, isPrivate: false };
const PRIVATE_CHANNEL: RequestOrigin = { surface: "mention", channelId: "G1", threadId: "1.2", isPrivate: true };
const DM: RequestOrigin = { surface: "dm", channelId: null, threadId: null, isPrivate: true };

describe("admin report", () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await testCore();
  });
  afterEach(async () => {
    await t.close();
  });

  it("names as busiest helpers only those who helped with questions asked in public", async () => {
    await t.core.skills.add(t.actor("ana"), "divorce law (expert)");
    await t.core.skills.add(t.actor("ben"), "bookkeeping (expert)");
    for (const [asker, question, origin] of [["cat", "Who knows divorce law?", DM], ["dee", "Who knows bookkeeping?", PUBLIC]] as const) {
      const { request } = await t.core.asks.ask(t.actor(asker), question, origin);
      await t.core.asks.offer(t.actor(asker), request.id);
      const [offer] = await t.store.listOffers({ requestId: request.id });
      await t.core.asks.respond(t.actor(offer!.candidateId.split(":").pop()!), offer!.id, "accept");
    }
    const report = await t.core.communities.report(COMMUNITY);
    expect(report.busiestHelpers).toEqual([{ memberId: t.actor("ben").memberId, accepted: 1 }]);
  });

  it("counts every unmatched question but quotes only those asked in public", async () => {
    await t.core.skills.add(t.actor("ana"), "SEO");
    await t.core.asks.ask(t.actor("ben"), "Who can repair a cello bridge before Friday?", PUBLIC);
    await t.core.asks.ask(t.actor("cat"), "Who can help with my secret layoff plan for the cello team?", PRIVATE_CHANNEL);
    await t.core.asks.ask(t.actor("dan"), "Cello bow rehair advice for my confidential audition?", DM);
    const report = await t.core.communities.report(COMMUNITY);
    expect(report.unmatchedByTopic.reduce((n, u) => n + u.count, 0) + report.unmatchedPrivately).toBe(3);
    const examples = report.unmatchedByTopic.flatMap((u) => u.examples);
    expect(examples).toEqual(["Who can repair a cello bridge before Friday?"]);
    const text = JSON.stringify(t.core.communities.reportMessage(report));
    expect(text).toContain("cello bridge");
    expect(text).not.toMatch(/layoff|confidential/);
    expect(text).not.toContain("e.g. “”");
  });

  it("shows no topic of a question asked privately, in the report, the digest or as a count by topic: it is counted apart", async () => {
    await t.core.skills.add(t.actor("ana"), "SEO");
    await t.core.asks.ask(t.actor("ben"), "Cello bridge repair before Friday, anyone?", PUBLIC);
    await t.core.asks.ask(t.actor("cat"), "Who can help with divorce paperwork?", PRIVATE_CHANNEL);
    await t.core.asks.ask(t.actor("dan"), "Bankruptcy filing questions, anyone?", DM);
    // A private question on a topic also asked in public adds nothing to that topic's count.
    await t.core.asks.ask(t.actor("eve"), "Cello lessons for an adult beginner?", DM);
    const report = await t.core.communities.report(COMMUNITY);
    expect(report.unmatchedByTopic).toEqual([{ topic: "cello", count: 1, examples: ["Cello bridge repair before Friday, anyone?"] }]);
    expect(report.unmatchedPrivately).toBe(3);
    const message = t.core.communities.reportMessage(report);
    const unmatched = message.fields?.find((f) => f.label === "Unmatched questions by topic")?.value;
    expect(unmatched).toBe("• *cello* — 1 question (e.g. “Cello bridge repair before Friday, anyone?”)\n• 3 questions asked privately (topics not shown)");
    const digest = JSON.stringify(await t.core.digest.build(COMMUNITY));
    expect(digest).toContain("3 questions asked privately (topics not shown)");
    for (const text of [JSON.stringify(message), digest]) expect(text).not.toMatch(/divorce|bankruptcy|lessons|beginner/i);
  });

  it("says nobody was left without a match only when no question, public or private, was", async () => {
    await t.core.asks.ask(t.actor("dan"), "Bankruptcy filing questions, anyone?", DM);
    const message = t.core.communities.reportMessage(await t.core.communities.report(COMMUNITY));
    expect(message.fields?.[0]?.value).toBe("• 1 question asked privately (topics not shown)");
  });
});
