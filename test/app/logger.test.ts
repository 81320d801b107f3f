import { Writable } from "node:stream";
import { DiscordAPIError } from "discord.js";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/app/logger.js";

function capture() {
  const raw: string[] = [];
  const stream = new Writable({ write(chunk: Buffer, _enc, done) { raw.push(chunk.toString()); done(); } });
  return { stream, raw };
}

it("writes each binding once: a nested child's key replaces its parent's, other bindings are kept", () => {
  const { stream, raw } = capture();
  const log = createLogger("info", stream).child({ component: "matcher", communityId: "slack:T1" }).child({ component: "word-vectors" });
  log.info({ words: 3 }, "loaded");
  log.debug({}, "hidden below the level");
  expect(raw).toHaveLength(1);
  const line = raw[0]!;
  expect(line.match(/"component"/g)).toHaveLength(1);
  expect(JSON.parse(line)).toMatchObject({ app: "knowhow", component: "word-vectors", communityId: "slack:T1", words: 3, msg: "loaded", level: 30 });
});

it("still redacts secrets and serialises errors", () => {
  const { stream, raw } = capture();
  createLogger("info", stream).child({ component: "slack" }).error({ err: new Error("boom"), config: { botToken: "xoxb-secret" } }, "failed");
  const line = JSON.parse(raw[0]!) as { err: { message: string }; config: { botToken: string } };
  expect(raw[0]).not.toContain("xoxb-secret");
  expect(line.config.botToken).toBe("[redacted]");
  expect(line.err.message).toBe("boom");
});

describe("logs never carry members' messages", () => {
  it("a Discord REST error logged as `err` (intro DM failed: DMs closed) does not write the DM's text (the question) to the log", () => {
    const { stream, raw } = capture();
    const intro = "<@discord:1:2>, meet <@discord:1:3> — they said they can help with “SECRET private question about my divorce”";
    const e = new DiscordAPIError({ message: "Cannot send messages to this user", code: 50007 }, 50007, 403, "POST", "https://discord.com/api/v10/channels/9/messages", { files: undefined, body: { content: intro } });
    createLogger("info", stream).child({ component: "discord-messenger" }).warn({ err: e, memberId: "discord:1:2" }, "intro DM failed");
    expect(raw[0]).toContain("50007");
    expect(raw[0]).not.toContain("SECRET private question");
  });

  it("a token in a nested config or an HTTP client error's headers is redacted, not only one level deep", () => {
    const { stream, raw } = capture();
    const e = Object.assign(new Error("request failed"), { config: { headers: { Authorization: "Bearer xoxb-NESTED-SECRET" } } });
    createLogger("info", stream).warn({ err: e, settings: { slack: { botToken: "xoxb-DEEP-SECRET" } } }, "call failed");
    expect(raw[0]).not.toContain("NESTED-SECRET");
    expect(raw[0]).not.toContain("DEEP-SECRET");
  });
});
