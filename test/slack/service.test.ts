/**
 * The "done when", through the composition root: startService with SLACK_BOT_TOKEN,
 * SLACK_SIGNING_SECRET, SLACK_API_URL (a local fake) and PORT serves signed slash commands and
 * interactivity at /slack/events, and brokers an intro. Bolt acks first here (no processBeforeResponse),
 * so replies are awaited on the fake, never with fixed sleeps.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { loadConfig } from "../../src/app/config.js";
import { startService } from "../../src/app/service.js";
import { blockAction, FakeSlack, slashCommand, SlackRequester } from "../fakes/slack/index.js";
import { RecordingLogger } from "../discord/support/logger.js";
import { findButton, textOf } from "./support/harness.js";

const SECRET = "svc-signing-secret";
const TOKEN = "xoxb-svc-token";

it("npm start with SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_API_URL: A adds SEO, B asks, A is named with a reason, A accepts, a conversation with both opens", async () => {
  const fake = await new FakeSlack(undefined, [TOKEN]).start();
  const team = fake.state.teamId;
  fake.state.addUser({ id: "UANA", name: "Ana", tz: "Europe/Lisbon" });
  fake.state.addUser({ id: "UBEN", name: "Ben", tz: "Europe/Lisbon" });
  fake.state.addChannel("C0GENERAL", ["UANA", "UBEN"]);
  const dir = mkdtempSync(join(tmpdir(), "knowhow-slack-svc-"));
  const logger = new RecordingLogger();
  const config = loadConfig({
    SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl,
    DATA_DIR: dir, PORT: "0", HOST: "127.0.0.1", JOBS: "off", WORD_VECTORS: "off", LOG_LEVEL: "silent",
  });
  const service = await startService(config, logger);
  try {
    const slack = new SlackRequester(`http://127.0.0.1:${service.port}/slack/events`, SECRET);
    const command = async (user: string, cmd: string, text: string) => {
      const r = fake.newResponseUrl();
      const http = await slack.command(slashCommand({ teamId: team, userId: user, command: cmd, text, responseUrl: r.url }));
      expect(http.status).toBe(200);
      return (await fake.waitForResponse(r.id))[0]!;
    };

    // A bad signature is refused before anything runs.
    const forged = fake.newResponseUrl();
    const bad = await slack.command(slashCommand({ teamId: team, userId: "UANA", command: "/skills", text: "add Hacking", responseUrl: forged.url }), { secretOverride: "wrong" });
    expect(bad.status).toBe(401);

    expect(String((await command("UANA", "/skills", "add SEO, copywriting")).text)).toContain("Added");
    const suggestions = await command("UBEN", "/ask", "who can help me with seo for my etsy shop?");
    expect(suggestions.response_type).toBe("ephemeral");
    expect(textOf(suggestions.blocks)).toMatch(/<@UANA> — [^"]*SEO/);

    const askAna = findButton(suggestions.blocks, "ask.candidate");
    const r1 = fake.newResponseUrl();
    expect((await slack.interaction(blockAction({ teamId: team, userId: "UBEN", actionId: askAna.action_id, value: askAna.value!, responseUrl: r1.url }))).status).toBe(200);
    const offer = await fake.waitFor(() => fake.state.dmsTo("UANA").find((m) => m.text.includes("<@UBEN> asks")) ?? null, "the offer DM to Ana");
    const accept = findButton(offer.blocks, "offer.accept");
    const r2 = fake.newResponseUrl();
    expect((await slack.interaction(blockAction({ teamId: team, userId: "UANA", actionId: accept.action_id, value: accept.value!, responseUrl: r2.url }))).status).toBe(200);

    const open = await fake.waitForCall((c) => c.method === "conversations.open" && String(c.params.users).split(",").length === 2, "a group DM with both");
    expect(String(open.params.users).split(",").sort()).toEqual(["UANA", "UBEN"]);
    const group = fake.state.openConversation(["UANA", "UBEN"]).id;
    const intro = await fake.waitFor(() => fake.state.messagesIn(group)[0] ?? null, "the intro in the group DM");
    expect(intro.text).toContain("<@UBEN>, meet <@UANA>");
    // Nothing from the forged request was stored.
    expect(fake.responsesTo(forged.id)).toEqual([]);
    const ana = await service.runtime.core.skills.profile(`slack:${team}:UANA`);
    expect(ana.skills.map((s) => s.label)).toEqual(["SEO", "copywriting"]);
    expect(logger.errors()).toEqual([]);
  } finally {
    await service.stop();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
