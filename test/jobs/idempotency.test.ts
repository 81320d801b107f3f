import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createCore } from "../../src/core/index.js";
import { ManualClock } from "../../src/core/ports/clock.port.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import type { Store } from "../../src/core/ports/store.port.js";
import { OverlapMatcher } from "../../src/core/matching/overlap-matcher.js";
import { openStore } from "../../src/store/open.js";
import { COMMUNITY } from "../support/harness.js";
import { addMember, DAY, ScriptedMessenger, skill } from "./fixtures.js";

const NOW = new Date("2026-03-02T10:00:00Z");
const coreOn = (store: Store, messenger: ScriptedMessenger) =>
  createCore({ store, matcher: new OverlapMatcher(store), messenger, clock: new ManualClock(NOW), logger: silentLogger });

async function seed(store: Store, n: number): Promise<string[]> {
  await store.upsertCommunity(COMMUNITY, "Test", NOW);
  const due: string[] = [];
  for (let i = 0; i < n; i++) {
    const stale = i % 3 !== 0;
    const id = await addMember(store, `m${String(i).padStart(3, "0")}`, NOW, { skills: [skill("SEO", new Date(NOW.getTime() - (stale ? 120 : 2) * DAY))] });
    if (stale) due.push(id);
  }
  return due;
}

/** Counts DMs per recipient; a duplicate shows up as a count above one. */
const counts = (dm: ScriptedMessenger) => dm.recipients().reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map<string, number>());

describe("nudge sweeps are idempotent", () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it("a sweep that crashed mid-way resumes on re-run without sending anyone a second DM", async () => {
    const store = await openStore({ kind: "sqlite", file: ":memory:" }, silentLogger);
    cleanup.push(() => store.close());
    const due = await seed(store, 30);
    const dm = new ScriptedMessenger();

    // The process "dies" right after the 5th DM went out, before the sweep recorded it: that write never returns
    // (a thrown error is not a crash: the sweep counts it and goes on with the next member).
    let writes = 0;
    let died!: () => void;
    const dead = new Promise<void>((r) => (died = r));
    const crashing = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === "replaceMember") {
          return async (...args: Parameters<Store["replaceMember"]>) => {
            if (++writes === 5) {
              died();
              return new Promise<never>(() => undefined);
            }
            return target.replaceMember(...args);
          };
        }
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    void coreOn(crashing, dm).nudges.runInactivity({ messenger: dm });
    await dead;
    expect(dm.dms).toHaveLength(5);

    const restarted = coreOn(store, dm);
    const report = await restarted.nudges.runInactivity({ messenger: dm, now: new Date(NOW.getTime() + 60_000) });
    const c = report.communities[0]!;
    expect(c.sent).toHaveLength(due.length - 5);
    expect(c.skipped.already_sent).toBe(1);
    expect([...counts(dm).values()].every((n) => n === 1)).toBe(true);
    expect([...counts(dm).keys()].sort()).toEqual([...due].sort());
    // The crashed member's nudge was recorded on re-run, so later sweeps treat them as recently nudged.
    const third = (await restarted.nudges.runInactivity({ messenger: dm, now: new Date(NOW.getTime() + 120_000) })).communities[0]!;
    expect(third.sent).toEqual([]);
    expect(third.skipped.recently_nudged).toBe(due.length);
  });

  it("two workers sweeping the same SQLite file at once send each DM once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "knowhow-sweep-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, "knowhow.sqlite");
    const a = await openStore({ kind: "sqlite", file }, silentLogger);
    const b = await openStore({ kind: "sqlite", file }, silentLogger);
    cleanup.push(() => a.close(), () => b.close());
    const due = await seed(a, 40);
    await a.upsertCommunity("slack:T2", "Other", NOW);
    const other = await addMember(a, "x", NOW, { communityId: "slack:T2", joinedAt: new Date(NOW.getTime() - 30 * 3_600_000) });

    const dm = new ScriptedMessenger(true);
    const [ra, rb] = await Promise.all([
      coreOn(a, dm).nudges.runInactivity({ messenger: dm }),
      coreOn(b, dm).nudges.runInactivity({ messenger: dm }),
    ]);
    const sent = (r: typeof ra) => r.communities.flatMap((c) => c.sent.map((s) => s.memberId));
    expect(sent(ra).length).toBeGreaterThan(0);
    expect(sent(rb).length).toBeGreaterThan(0);
    expect([...sent(ra), ...sent(rb)].sort()).toEqual([...due].sort());
    expect([...counts(dm).values()].every((n) => n === 1)).toBe(true);

    await Promise.all([coreOn(a, dm).nudges.runOnboarding({ messenger: dm }), coreOn(b, dm).nudges.runOnboarding({ messenger: dm })]);
    expect(dm.to(other)).toHaveLength(1);
  });
});
