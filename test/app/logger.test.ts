import { Writable } from "node:stream";
import { expect, it } from "vitest";
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
