import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { ChangeFeed, SKIP_MEMBER_AFTER } from "../../src/app/change-feed.js";
import { loadConfig } from "../../src/app/config.js";
import { createRuntime } from "../../src/app/runtime.js";
import { startService } from "../../src/app/service.js";
import { DEFAULT_COMMUNITY_SETTINGS, type Community } from "../../src/core/domain/community.js";
import type { Member } from "../../src/core/domain/member.js";
import type { Logger } from "../../src/core/ports/logger.port.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import type { Matcher } from "../../src/core/ports/matcher.port.js";
import type { Store, StoreChanges } from "../../src/core/ports/store.port.js";
import { parseSkillLine } from "../../src/core/skills/parse.js";
import { StoreError } from "../../src/store/errors.js";
import type { WebMessenger } from "../../adapters/web/messenger.js";
import { member } from "../matching/members.js";

describe("a running service sees what another process writes to the store", () => {
  const dir = mkdtempSync(join(tmpdir(), "knowhow-feed-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("members imported or forgotten and aliases added from the CLI reach its matching at the next tick", async () => {
    // Ticks are driven by the test: the interval is long enough never to fire on its own.
    const config = loadConfig({ DATA_DIR: dir, PORT: "0", HOST: "127.0.0.1", PLAYGROUND: "off", JOBS: "off", WORD_VECTORS: "off", CHANGES_POLL_SECONDS: "3600" });
    const C = "web:feed";
    const actor = (id: string, name: string, community = C) => ({ memberId: `${community}:${id}`, communityId: community, displayName: name });
    // The CLI opens the same file with a runtime of its own (src/cli/runtime.ts).
    const cli = () => createRuntime({ ...config, wordVectors: false }, silentLogger);

    const seed = await cli();
    await seed.core.skills.replace(actor("ana", "Ana"), parseSkillLine("pottery"));
    await seed.core.skills.replace(actor("cy", "Cy"), parseSkillLine("quuxwork"));
    await seed.close();

    const service = await startService(config, silentLogger);
    const other = await cli();
    try {
      await service.runtime.matcher.prepare?.(C);
      const names = async (question: string, community = C) =>
        (await service.runtime.core.asks.preview(community, question)).suggestions.map((s) => s.displayName);
      expect(await names("who can help with pottery glazes?")).toEqual(["Ana"]);

      await other.core.skills.replace(actor("bo", "Bo"), parseSkillLine("sourdough baking"));
      await other.core.privacy.forget({ memberId: `${C}:ana`, communityId: C });
      await other.core.communities.addAlias({ ...actor("admin", "Admin"), isPlatformAdmin: true }, "flarb", "quuxwork");
      await other.core.skills.replace(actor("dee", "Dee", "web:elsewhere"), parseSkillLine("beekeeping"));
      // Not yet: the service's index is its own.
      expect(await names("who can help with sourdough baking?")).toEqual([]);
      expect(await names("who can help with pottery glazes?")).toEqual(["Ana"]);

      await service.changes!.tick();
      expect(await names("who can help with sourdough baking?")).toEqual(["Bo"]);
      expect(await names("who can help with pottery glazes?")).toEqual([]);
      expect(await names("does anyone know flarb?")).toEqual(["Cy"]);
      // A community the service had never seen is built at its first question.
      expect(await names("who keeps bees?", "web:elsewhere")).toEqual(["Dee"]);
    } finally {
      await other.close();
      await service.stop();
    }
  });
});

describe("a running playground and the operator CLI's forget", () => {
  const dir = mkdtempSync(join(tmpdir(), "knowhow-feed-pg-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("drops the forgotten member's inbox at the next tick, and nobody else's", async () => {
    const config = loadConfig({ DATA_DIR: dir, PORT: "0", HOST: "127.0.0.1", PLAYGROUND: "on", JOBS: "off", WORD_VECTORS: "off", CHANGES_POLL_SECONDS: "3600" });
    const C = "web:feedpg";
    const actor = (id: string, name: string) => ({ memberId: `${C}:${id}`, communityId: C, displayName: name });
    const service = await startService(config, silentLogger);
    const other = await createRuntime({ ...config, wordVectors: false }, silentLogger);
    try {
      await service.runtime.core.skills.replace(actor("ana", "Ana"), parseSkillLine("pottery"));
      await service.runtime.core.skills.replace(actor("bo", "Bo"), parseSkillLine("baking"));
      const web = service.adapters.find((a) => a.platform === "web")!.messenger as WebMessenger;
      for (const id of ["ana", "bo"]) await web.sendDirect(`${C}:${id}`, { kind: "offer", text: "Can you help with a question?" });
      await service.changes!.tick();

      await other.core.privacy.forget({ memberId: `${C}:ana`, communityId: C });
      expect(web.inbox(`${C}:ana`)).toHaveLength(1);
      await service.changes!.tick();
      expect(web.inbox(`${C}:ana`)).toEqual([]);
      expect(web.inbox(`${C}:bo`)).toHaveLength(1);
    } finally {
      await other.close();
      await service.stop();
    }
  });
});

describe("ChangeFeed", () => {
  const community = (id: string, aliases: Record<string, string> = {}): Community => ({
    id, name: id, settings: { ...DEFAULT_COMMUNITY_SETTINGS, aliases }, adminIds: [], createdAt: new Date(0), updatedAt: new Date(0),
  });
  const empty = (cursor: string): StoreChanges => ({ members: [], removed: [], communities: [], cursor, more: false });

  /** A store whose feed hands out the pages queued in `pages`, then nothing; `fail` makes the next read throw. */
  function fakeStore(communities: Community[] = []) {
    const pages: StoreChanges[] = [];
    const seen: (string | null)[] = [];
    let fail = 0;
    const store = {
      async changesSince(cursor: string | null) {
        seen.push(cursor);
        if (fail > 0) {
          fail--;
          throw new StoreError("store_unavailable", "down");
        }
        if (cursor === null) return empty("c0");
        return pages.shift() ?? empty(cursor);
      },
      async listCommunityIds() {
        return communities.map((c) => c.id);
      },
      async getCommunity(id: string) {
        return communities.find((c) => c.id === id) ?? null;
      },
    };
    return { store: store as unknown as Store, pages, seen, failNext: (n = 1) => (fail = n) };
  }

  function fakeMatcher() {
    const calls: string[] = [];
    const matcher: Matcher = {
      rank: () => Promise.reject(new Error("not used")),
      upsert: async (m: Member) => void calls.push(`upsert ${m.id}`),
      remove: async (id: string) => void calls.push(`remove ${id}`),
      invalidate: (id: string) => void calls.push(`invalidate ${id}`),
      prepare: async (id: string) => void calls.push(`prepare ${id}`),
    };
    return { matcher, calls };
  }

  function recordingLogger() {
    const lines: string[] = [];
    const logger: Logger = {
      debug: (_o, msg) => void lines.push(`debug ${msg}`),
      info: (_o, msg) => void lines.push(`info ${msg}`),
      warn: (_o, msg) => void lines.push(`warn ${msg}`),
      error: (_o, msg) => void lines.push(`error ${msg}`),
      child: () => logger,
    };
    return { logger, lines };
  }

  const feeds: ChangeFeed[] = [];
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(feeds.splice(0).map((f) => f.stop()));
  });
  const make = (store: Store, matcher: Matcher, logger: Logger = silentLogger, intervalMs = 3_600_000) => {
    const feed = new ChangeFeed({ store, matcher, logger, intervalMs });
    feeds.push(feed);
    return feed;
  };

  it("applies removals, then members, then rebuilds only communities whose aliases changed, following every page", async () => {
    const s = fakeStore([community("web:a", { x: "y" }), community("web:b")]);
    const { matcher, calls } = fakeMatcher();
    const feed = make(s.store, matcher);
    await feed.start();
    s.pages.push(
      { members: [member("m1", [], {}, "web:a")], removed: [{ id: "web:a:gone", communityId: "web:a" }], communities: [community("web:a", { x: "y" })], cursor: "c1", more: true },
      { members: [member("m2", [], {}, "web:b")], removed: [], communities: [community("web:b", { p: "q" }), community("web:new")], cursor: "c2", more: false },
    );
    await feed.tick();
    expect(calls).toEqual(["remove web:a:gone", "upsert web:a:m1", "upsert web:b:m2", "invalidate web:b", "prepare web:b"]);
    expect(s.seen).toEqual([null, "c0", "c1"]);
    await feed.tick();
    expect(s.seen.at(-1)).toBe("c2");
  });

  it("logs a store failure once, keeps its place, and applies the same changes at the next tick", async () => {
    const s = fakeStore();
    const { matcher, calls } = fakeMatcher();
    const { logger, lines } = recordingLogger();
    const feed = make(s.store, matcher, logger);
    await feed.start();
    s.failNext(2);
    await feed.tick();
    await feed.tick();
    expect(lines.filter((l) => l.startsWith("warn"))).toHaveLength(1);
    s.pages.push({ ...empty("c1"), members: [member("m1", [])] });
    await feed.tick();
    expect(calls).toEqual(["upsert slack:T1:m1"]);
    expect(s.seen).toEqual([null, "c0", "c0", "c0"]);
    expect(lines.at(-1)).toBe("info reading the store's changes again");
  });

  it("skips a member the matcher keeps failing on after SKIP_MEMBER_AFTER ticks, so that the feed goes on; a passing failure is not skipped", async () => {
    // Pages by the cursor they follow: a failed page is read again from the same cursor.
    const after = new Map<string | null, StoreChanges>([
      [null, empty("c0")],
      ["c0", { ...empty("c1"), members: [member("flaky", []), member("ok", [])] }],
      ["c1", { ...empty("c2"), members: [member("poison", []), member("later", [])] }],
    ]);
    const seen: (string | null)[] = [];
    const store = {
      changesSince: async (cursor: string | null) => (seen.push(cursor), after.get(cursor) ?? empty(cursor ?? "c0")),
      listCommunityIds: async () => [],
    } as unknown as Store;
    const { matcher, calls } = fakeMatcher();
    const failures = new Map<string, number>([["slack:T1:poison", Infinity], ["slack:T1:flaky", SKIP_MEMBER_AFTER - 1]]);
    const upsert = matcher.upsert.bind(matcher);
    matcher.upsert = async (m: Member) => {
      const left = failures.get(m.id) ?? 0;
      if (left > 0) {
        failures.set(m.id, left - 1);
        throw new Error(`cannot index ${m.id}`);
      }
      await upsert(m);
    };
    const { logger, lines } = recordingLogger();
    const feed = make(store, matcher, logger);
    await feed.start();
    for (let i = 0; i < SKIP_MEMBER_AFTER - 1; i++) await feed.tick();
    expect(calls).toEqual([]);
    // The flaky member succeeds at its last chance: applied, not skipped.
    await feed.tick();
    expect(calls).toEqual(["upsert slack:T1:flaky", "upsert slack:T1:ok"]);
    for (let i = 0; i < SKIP_MEMBER_AFTER; i++) await feed.tick();
    expect(calls.slice(2)).toEqual(["upsert slack:T1:later"]);
    expect(lines.filter((l) => l.startsWith("error"))).toEqual(["error could not apply a member's change to the match index; skipped so that the feed goes on"]);
    await feed.tick();
    expect(seen.at(-1)).toBe("c2");
  });

  it("started while the store is down, begins at the first tick that can read it and has every index rebuilt", async () => {
    const s = fakeStore([community("web:a")]);
    const { matcher, calls } = fakeMatcher();
    s.failNext();
    const feed = make(s.store, matcher);
    await expect(feed.start()).resolves.toBeUndefined();
    await feed.tick();
    expect(calls).toEqual(["invalidate web:a", "prepare web:a"]);
    s.pages.push({ ...empty("c1"), members: [member("m1", [])] });
    await feed.tick();
    expect(calls.at(-1)).toBe("upsert slack:T1:m1");
  });

  it("polls on its own every interval, and not after stop", async () => {
    vi.useFakeTimers();
    const s = fakeStore();
    const { matcher } = fakeMatcher();
    const feed = make(s.store, matcher, silentLogger, 5_000);
    await feed.start();
    await vi.advanceTimersByTimeAsync(5_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(s.seen).toEqual([null, "c0", "c0"]);
    await feed.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    await feed.tick();
    expect(s.seen).toHaveLength(3);
  });
});
