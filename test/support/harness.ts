import { afterEach, beforeEach } from "vitest";
import { createCore, type Actor, type Core } from "../../src/core/index.js";
import { memberId } from "../../src/core/ids.js";
import { ManualClock } from "../../src/core/ports/clock.port.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import type { Store } from "../../src/core/ports/store.port.js";
import { OverlapMatcher } from "../../src/core/matching/overlap-matcher.js";
import { openStore } from "../../src/store/open.js";
import { RecordingMessenger } from "./recording-messenger.js";

export const COMMUNITY = "slack:T1";

export interface TestCore {
  core: Core;
  store: Store;
  clock: ManualClock;
  messenger: RecordingMessenger;
  /** An actor of the test community by short name ("ana" → slack:T1:ana). */
  actor(name: string, extra?: Partial<Actor>): Actor;
  close(): Promise<void>;
}

/** The real core on an in-memory embedded store, the first matcher, a recording messenger and a manual clock. */
export async function testCore(start = "2026-03-02T10:00:00Z"): Promise<TestCore> {
  const store = await openStore({ kind: "sqlite", file: ":memory:" }, silentLogger);
  const clock = new ManualClock(start);
  const messenger = new RecordingMessenger();
  const matcher = new OverlapMatcher(store);
  const core = createCore({ store, matcher, messenger, clock, logger: silentLogger });
  return {
    core, store, clock, messenger,
    actor: (name, extra = {}) => ({ memberId: memberId(COMMUNITY, name), communityId: COMMUNITY, displayName: name[0]!.toUpperCase() + name.slice(1), timezone: "Europe/London", ...extra }),
    close: () => store.close(),
  };
}

/**
 * A fresh test core for each test of the enclosing `describe`, closed after it: `const t = useTestCore();`, then
 * `t.core`, `t.actor("ana")`… inside the tests, as with `testCore()`.
 */
export function useTestCore(start?: string): TestCore {
  let current: TestCore | null = null;
  beforeEach(async () => {
    current = await testCore(start);
  });
  afterEach(() => current?.close());
  const now = (): TestCore => {
    if (!current) throw new Error("useTestCore: read it inside a test");
    return current;
  };
  return {
    get core() { return now().core; },
    get store() { return now().store; },
    get clock() { return now().clock; },
    get messenger() { return now().messenger; },
    actor: (name, extra) => now().actor(name, extra),
    close: () => now().close(),
  };
}
