import express from "express";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { createDiscordAdapter } from "../../adapters/discord/index.js";
import { MessengerRouter } from "../../src/app/messenger-router.js";
import { createCore } from "../../src/core/index.js";
import { OverlapMatcher } from "../../src/core/matching/overlap-matcher.js";
import { ManualClock } from "../../src/core/ports/clock.port.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { openStore } from "../../src/store/open.js";
import { FakeDiscord } from "../fakes/discord/index.js";

it("given an adapter that was never started (as `knowhow jobs run` builds it), then its messenger still DMs through REST with the bot token", async () => {
  const fake = await new FakeDiscord().start();
  const guild = fake.state.addGuild("Makers");
  const ana = fake.state.addUser("ana");
  fake.state.addMember(guild.id, ana.id);
  const dir = mkdtempSync(join(tmpdir(), "knowhow-discord-rest-"));
  const store = await openStore({ kind: "sqlite", file: join(dir, "k.sqlite") }, silentLogger);
  try {
    const core = createCore({ store, matcher: new OverlapMatcher(store), messenger: new MessengerRouter(), clock: new ManualClock(), logger: silentLogger });
    const adapter = createDiscordAdapter({ token: "fake-bot-token", apiUrl: fake.apiUrl, registerCommands: false, messageContent: true }, { core, logger: silentLogger, http: express.Router() }, { restRetries: 0 });
    await adapter.messenger.sendDirect(`discord:${guild.id}:${ana.id}`, { kind: "nudge", text: "Are your skills still accurate?" });
    const dm = fake.state.callsTo("POST", "/channels/").find((c) => c.status === 200 || c.status === 201);
    expect(dm).toBeDefined();
    await adapter.stop();
  } finally {
    await store.close();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
