import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { blockAction, eventEnvelope, slashCommand } from "../fakes/slack/index.js";
import { findButton, startHarness, TEAM, USERS, type Harness } from "./support/harness.js";

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
