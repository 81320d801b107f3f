import express from "express";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSlackAdapter } from "../../adapters/slack/index.js";
import { MessengerRouter } from "../../src/app/messenger-router.js";
import { createCore } from "../../src/core/index.js";
import { OverlapMatcher } from "../../src/core/matching/overlap-matcher.js";
import { ManualClock } from "../../src/core/ports/clock.port.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { openStore } from "../../src/store/open.js";
import { blockAction, eventEnvelope, FakeSlack, slashCommand } from "../fakes/slack/index.js";
import { APP_TOKEN, BOT_TOKEN, findButton, startHarness, TEAM, USERS, type Harness } from "./support/harness.js";

describe("Slack Socket Mode", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ mode: "socket" });
    await h.fake.socket.waitForConnection();
  });
  afterEach(async () => {
    await h.close();
  });

  it("connects with the app token and handles commands, events and buttons over the WebSocket", async () => {
    const open = h.fake.callsOf("apps.connections.open");
    expect(open).toHaveLength(1);
    expect(open[0]!.token).toBe("xapp-test-token");

    const r1 = h.fake.newResponseUrl();
    const ack1 = await h.fake.socket.send("slash_commands", { ...slashCommand({ teamId: TEAM, userId: USERS.ana, command: "/skills", text: "add SEO", responseUrl: r1.url }) });
    expect(ack1.envelope_id).toMatch(/^env-/);
    const declared = await h.fake.waitForResponse(r1.id);
    expect(String(declared[0]?.text)).toContain("Added *SEO*");

    await h.fake.socket.send("events_api", eventEnvelope(TEAM, { type: "app_mention", user: USERS.ben, text: "<@UBOT> who can help with seo?", ts: "1767607400.000100", channel: "C0GENERAL" }));
    const eph = await h.fake.waitForCall((c) => c.method === "chat.postEphemeral", "the ephemeral suggestions");
    const best = findButton(eph.params.blocks, "ask.best");

    const r2 = h.fake.newResponseUrl();
    await h.fake.socket.send("interactive", blockAction({ teamId: TEAM, userId: USERS.ben, actionId: best.action_id, value: best.value!, responseUrl: r2.url }));
    const offer = await h.fake.waitFor(() => h.fake.state.dmsTo(USERS.ana)[0] ?? null, "the offer DM to Ana");
    expect(offer.text).toContain("<@UBEN> asks");
  });
});

describe("Slack Socket Mode start-up", () => {
  it("a wrong SLACK_APP_TOKEN stops start-up with an error that names it (not a bare 'invalid_auth' after the bot token passed)", async () => {
    const fake = await new FakeSlack(undefined, [BOT_TOKEN], APP_TOKEN).start();
    const store = await openStore({ kind: "sqlite", file: ":memory:" }, silentLogger);
    const core = createCore({ store, matcher: new OverlapMatcher(store), messenger: new MessengerRouter(), clock: new ManualClock("2026-03-02T10:00:00Z"), logger: silentLogger });
    const adapter = createSlackAdapter(
      { botToken: BOT_TOKEN, signingSecret: null, appToken: "xapp-revoked", apiUrl: fake.apiUrl, mode: "socket" },
      { core, logger: silentLogger, http: express.Router() },
      { socket: { autoReconnect: false } },
    );
    try {
      const err = await adapter.start().then(() => null, (e: unknown) => e as Error);
      expect(err?.message).toContain("SLACK_APP_TOKEN");
      expect(err?.message).toContain("invalid_auth");
      expect(err?.message).toContain("connections:write");
    } finally {
      await adapter.stop();
      await fake.stop();
      await store.close();
    }
  });
});
