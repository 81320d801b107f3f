/**
 * End-to-end harness: the real discord.js client (through createDiscordAdapter) against the fake Discord,
 * the real core on the embedded SQLite store in a temp dir, a manual clock and a recording logger.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { createDiscordAdapter, type DiscordAdapter, type DiscordAdapterOptions } from "../../../adapters/discord/index.js";
import { MessengerRouter } from "../../../src/app/messenger-router.js";
import { createCore, type Core } from "../../../src/core/index.js";
import { OverlapMatcher } from "../../../src/core/matching/overlap-matcher.js";
import { ManualClock } from "../../../src/core/ports/clock.port.js";
import type { Store } from "../../../src/core/ports/store.port.js";
import { openStore } from "../../../src/store/open.js";
import { FakeDiscord, type FakeGuild, type FakeUser } from "../../fakes/discord/index.js";
import { RecordingLogger } from "./logger.js";

export interface DiscordWorld {
  fake: FakeDiscord;
  guild: FakeGuild;
  /** #general, a public text channel. */
  general: string;
  ana: FakeUser;
  ben: FakeUser;
  cat: FakeUser;
  core: Core;
  store: Store;
  clock: ManualClock;
  logger: RecordingLogger;
  adapter: DiscordAdapter;
  /** `discord:G:U` of a user in the test guild. */
  id(u: FakeUser): string;
  /**
   * Waits until every event dispatched so far has been handled, to assert that one did nothing: the fake gateway
   * delivers in order, so once a DM sent now is answered the earlier events have arrived; then their handlers finish.
   * The answer is a DM to `dmFrom` (default Cat).
   */
  settle(dmFrom?: FakeUser): Promise<void>;
  /**
   * The bot goes offline and comes back: the adapter stops, `whileOffline` changes the fake Discord (nothing is
   * dispatched to anyone meanwhile), and a new adapter on the same store starts (`adapter` is the new one).
   */
  restart(whileOffline?: () => void): Promise<void>;
  close(): Promise<void>;
}

export interface WorldOptions {
  messageContent?: boolean;
  /** Wraps the store (e.g. to make one call fail). */
  wrapStore?: (s: Store) => Store;
  deferAfterMs?: number;
  memberReconcile?: DiscordAdapterOptions["memberReconcile"];
}

export async function discordWorld(opts: WorldOptions = {}): Promise<DiscordWorld> {
  const fake = await new FakeDiscord().start();
  const guild = fake.state.addGuild("Makers");
  const general = guild.channels[0]!.id;
  const users = ["ana", "ben", "cat"].map((n) => {
    const u = fake.state.addUser(n);
    fake.state.addMember(guild.id, u.id);
    return u;
  }) as [FakeUser, FakeUser, FakeUser];

  const dir = mkdtempSync(join(tmpdir(), "knowhow-discord-"));
  const logger = new RecordingLogger();
  const raw = await openStore({ kind: "sqlite", file: join(dir, "knowhow.sqlite") }, logger.child({ component: "store" }));
  const store = opts.wrapStore ? opts.wrapStore(raw) : raw;
  const clock = new ManualClock("2026-03-02T10:00:00Z");
  const router = new MessengerRouter();
  const core = createCore({ store, matcher: new OverlapMatcher(store), messenger: router, clock, logger: logger.child({ component: "core" }) });
  const newAdapter = () => {
    const a = createDiscordAdapter(
      { token: "fake-bot-token", apiUrl: fake.apiUrl, registerCommands: true, messageContent: opts.messageContent ?? true },
      { core, logger, http: express.Router() },
      {
        restRetries: 0, readyTimeoutMs: 5_000,
        ...(opts.deferAfterMs !== undefined ? { deferAfterMs: opts.deferAfterMs } : {}),
        ...(opts.memberReconcile ? { memberReconcile: opts.memberReconcile } : {}),
      },
    );
    router.register("discord", a.messenger);
    return a;
  };
  const adapter = newAdapter();
  await adapter.start();

  const world: DiscordWorld = {
    fake, guild, general, ana: users[0], ben: users[1], cat: users[2], core, store, clock, logger, adapter,
    id: (u) => `discord:${guild.id}:${u.id}`,
    async settle(dmFrom = users[2]) {
      const answered = fake.state.dmsTo(dmFrom.id).length + 1;
      fake.say(dmFrom, {}, "help");
      await fake.waitForDm(dmFrom, answered);
      await world.adapter.idle();
    },
    async restart(whileOffline) {
      await world.adapter.stop();
      whileOffline?.();
      world.adapter = newAdapter();
      await world.adapter.start();
    },
    async close() {
      await world.adapter.stop();
      await fake.stop();
      await raw.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}
