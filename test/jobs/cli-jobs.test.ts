import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { actionTypeOf } from "../../adapters/slack/render/blocks.js";
import { registerJobsCommands } from "../../src/cli/commands/jobs.js";
import { cliRuntime } from "../../src/cli/runtime.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { openStore } from "../../src/store/open.js";
import { FakeSlack } from "../fakes/slack/index.js";
import { addMember, DAY, skill } from "./fixtures.js";

const T = "slack:T1";
const NOW = "2026-03-02T12:00:00Z"; // daytime in London for all three members

/**
 * The "done when": the Slack adapter pointed at a local fake, an embedded store with three members
 * (confirmed yesterday / not confirmed for 120 days / "don't remind me"): `knowhow jobs run nudge --now …`
 * sends exactly one nudge DM, to the second member, with buttons; running it again sends nothing.
 */
describe("knowhow jobs (CLI) against a fake Slack", () => {
  let dir: string;
  let fake: FakeSlack;
  const saved = { ...process.env };

  beforeAll(async () => {
    fake = await new FakeSlack().start();
    for (const id of ["U1", "U2", "U3"]) fake.state.addUser({ id, teamId: "T1", name: id.toLowerCase(), tz: "Europe/London" });
    dir = mkdtempSync(join(tmpdir(), "knowhow-jobs-cli-"));
    process.env = {
      ...saved, DATA_DIR: join(dir, "data"), LOG_LEVEL: "silent", JOBS: "on", WORD_VECTORS: "off",
      SLACK_BOT_TOKEN: "xoxb-test-token", SLACK_SIGNING_SECRET: "s3cret", SLACK_API_URL: fake.apiUrl,
    };
    for (const k of ["MONGODB_URI", "SLACK_APP_TOKEN", "DISCORD_TOKEN", "OPENAI_API_KEY"]) delete process.env[k];
    const store = await openStore({ kind: "sqlite", file: join(dir, "data", "knowhow.sqlite") }, silentLogger);
    const now = new Date(NOW);
    await store.upsertCommunity(T, "Fake workspace", now);
    const days = (n: number) => new Date(now.getTime() - n * DAY);
    await addMember(store, "U1", now, { communityId: T, skills: [skill("SEO", days(1))] });
    await addMember(store, "U2", now, { communityId: T, skills: [skill("Terraform", days(120))] });
    await addMember(store, "U3", now, { communityId: T, skills: [skill("Go", days(120))], reminders: "never" });
    // A playground community (its inboxes live in the `npm start` process) with a member due for a nudge.
    await store.upsertCommunity("web:demo", "Playground", now);
    await addMember(store, "p1", now, { communityId: "web:demo", skills: [skill("Pottery", days(120))] });
    await store.close();
  });
  afterAll(async () => {
    process.env = saved;
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  let exitCode: number | string | undefined;
  async function cli(...args: string[]): Promise<string> {
    const out: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
    try {
      const program = new Command("knowhow").exitOverride();
      registerJobsCommands(program, cliRuntime);
      await program.parseAsync(args, { from: "user" });
      return out.join("\n");
    } finally {
      exitCode = process.exitCode;
      log.mockRestore();
      process.exitCode = 0;
    }
  }

  it("sends exactly one nudge, to the member not confirmed for 120 days, with buttons; a second run sends nothing", async () => {
    const first = await cli("jobs", "run", "nudge", "--now", NOW);
    expect(first).toMatch(/slack:T1: scanned 3, sent 1, skipped 2, failed 0/);
    expect(first).toMatch(/sent {4}slack:T1:U2/);
    expect(first).toMatch(/skipped slack:T1:U1: not due/);
    expect(first).toMatch(/skipped slack:T1:U3: chose "don't remind me"/);
    expect(fake.state.dmsTo("U1")).toHaveLength(0);
    expect(fake.state.dmsTo("U3")).toHaveLength(0);
    const [dm] = fake.state.dmsTo("U2");
    expect(dm?.text).toMatch(/Terraform/);
    const blocksJson = JSON.stringify(dm?.blocks ?? []);
    for (const label of ["Still accurate", "Edit", "Pause suggestions", "Don't remind me"]) expect(blocksJson).toContain(label);

    const second = await cli("jobs", "run", "nudge", "--now", new Date(Date.parse(NOW) + 3_600_000).toISOString());
    expect(second).toMatch(/sent 0/);
    expect(second).toMatch(/skipped slack:T1:U2: nudged recently/);
    expect(fake.state.dmsTo("U2")).toHaveLength(1);

    // The buttons decode to core actions the Slack interaction handler routes to core.actions.handle:
    // pressing "Don't remind me" stops every later nudge.
    const buttons = collectButtons(dm?.blocks ?? []);
    expect(buttons.map((b) => actionTypeOf(b.action_id))).toEqual(["nudge.confirm", "nudge.edit", "nudge.pause", "nudge.stop"]);
    const stop = buttons[3]!;
    const rt = await cliRuntime();
    try {
      await rt.core.actions.handle({ memberId: "slack:T1:U2", communityId: T }, actionTypeOf(stop.action_id)!, stop.value ?? "");
    } finally {
      await rt.close();
    }
    const later = await cli("jobs", "run", "nudge", "--now", new Date(Date.parse(NOW) + 40 * DAY).toISOString());
    expect(later).toMatch(/skipped slack:T1:U2: chose "don't remind me"/);
    expect(fake.state.dmsTo("U2")).toHaveLength(1);
  });

  it("leaves the playground's communities to the playground: one line, nothing failed; naming one is refused", async () => {
    const out = await cli("jobs", "run", "nudge", "--now", new Date(Date.parse(NOW) + 7_200_000).toISOString());
    expect(out).toMatch(/^Skipped web:demo \(playground\): playground inboxes live in the npm start process, out of the CLI's reach — use the playground's Simulated clock \(“Run sweep now”\) instead\.$/m);
    expect(out).toMatch(/slack:T1: scanned 3, sent 0, skipped 3, failed 0/);
    expect(out).not.toMatch(/web:demo:|FAILED/);
    expect(exitCode).toBe(0);
    await expect(cli("jobs", "run", "nudge", "--community", "demo")).rejects.toThrow(/^web:demo is a playground community: playground inboxes live in the npm start process, out of the CLI's reach — use the playground's Simulated clock/);
    await expect(cli("jobs", "run", "digest", "--community", "web:demo")).rejects.toThrow(/— the playground sends its digests itself, hourly and when its Simulated clock runs the sweeps \(“Run sweep now”, or a move\)\.$/);
  });

  it("leaves communities of a platform it has no credentials for, and refuses naming one or one the store has never seen", async () => {
    const store = await openStore({ kind: "sqlite", file: join(dir, "data", "knowhow.sqlite") }, silentLogger);
    const now = new Date(NOW);
    await store.upsertCommunity("discord:999", "A server", now);
    await addMember(store, "d1", now, { communityId: "discord:999", skills: [skill("Pottery", new Date(now.getTime() - 120 * DAY))] });
    await store.close();
    const out = await cli("jobs", "run", "nudge", "--now", new Date(Date.parse(NOW) + 10_800_000).toISOString());
    expect(out).toMatch(/^Skipped discord:999 \(Discord is not configured here: set DISCORD_TOKEN\)\.$/m);
    expect(out).not.toMatch(/discord:999:|FAILED/);
    expect(exitCode).toBe(0);
    await expect(cli("jobs", "run", "nudge", "--community", "discord:999")).rejects.toThrow(/^discord:999 \(Discord is not configured here: set DISCORD_TOKEN\)\.$/);
    await expect(cli("jobs", "run", "nudge", "--community", "slack:T2")).rejects.toThrow(/^There is no community slack:T2 in this store\.$/);
  });

  it("lists the jobs; rejects unknown names and bad times with a clear message", async () => {
    const list = await cli("jobs", "list");
    for (const name of ["onboarding", "nudge", "followups", "digest"]) expect(list).toContain(name);
    await expect(cli("jobs", "run", "nope")).rejects.toThrow(/Unknown job “nope”/);
    for (const bad of ["yesterday", "2026-02-30", "0000-01-01", "2026-11-27 10:00", "2026-11-27T10:00"]) {
      await expect(cli("jobs", "run", "nudge", "--now", bad), bad).rejects.toThrow(/--now must be a real date, or a date and time with its zone/);
    }
  });
});

interface Button { action_id: string; value?: string }
function collectButtons(node: unknown): Button[] {
  if (Array.isArray(node)) return node.flatMap(collectButtons);
  if (!node || typeof node !== "object") return [];
  const o = node as Record<string, unknown>;
  const self = o.type === "button" && typeof o.action_id === "string" ? [o as unknown as Button] : [];
  return [...self, ...Object.values(o).flatMap(collectButtons)];
}
