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

  it("counts every unmatched question but quotes only those asked in public", async () => {
    await t.core.skills.add(t.actor("ana"), "SEO");
    await t.core.asks.ask(t.actor("ben"), "Who can repair a cello bridge before Friday?", PUBLIC);
    await t.core.asks.ask(t.actor("cat"), "Who can help with my secret layoff plan for the cello team?", PRIVATE_CHANNEL);
    await t.core.asks.ask(t.actor("dan"), "Cello bow rehair advice for my confidential audition?", DM);
    const report = await t.core.communities.report(COMMUNITY);
    expect(report.unmatchedByTopic.reduce((n, u) => n + u.count, 0)).toBe(3);
    const examples = report.unmatchedByTopic.flatMap((u) => u.examples);
    expect(examples).toEqual(["Who can repair a cello bridge before Friday?"]);
    const text = JSON.stringify(t.core.communities.reportMessage(report));
    expect(text).toContain("cello bridge");
    expect(text).not.toMatch(/layoff|confidential/);
    expect(text).not.toContain("e.g. “”");
  });
});
