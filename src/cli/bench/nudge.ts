/**
 * Benchmark: the inactivity-nudge sweep over a large community on the embedded SQLite store.
 * N members (default 100k) of whom 10% are due (skills unconfirmed for 120 days, some with evidence to
 * suggest); a no-op Messenger behind the real per-community send queue (minTime 0), so the figure is the
 * sweep's own compute: paging the members, deciding, claiming once-only keys and cap slots, building the
 * DM and recording the nudge — excluding platform send time. Memory should stay bounded because members
 * are streamed a page at a time: peak RSS is sampled during the sweep. A second sweep (everything already
 * sent) measures the idempotent re-run.
 * Register with `registerNudgeBench(program)`; or run directly: `tsx src/cli/bench/nudge.ts --members 100000`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { createCore } from "../../core/index.js";
import { ManualClock } from "../../core/ports/clock.port.js";
import { silentLogger } from "../../core/ports/logger.port.js";
import type { Matcher } from "../../core/ports/matcher.port.js";
import type { Delivery, Messenger } from "../../core/ports/messenger.port.js";
import type { CommunityNudgeReport } from "../../core/usecases/nudges.js";
import { newMember } from "../../core/usecases/members.js";
import { QueuedMessenger } from "../../jobs/send-queue.js";
import { appendSection, machineLine } from "./report.js";
import { openStore } from "../../store/open.js";

export interface NudgeBenchOptions {
  members: number;
  /** Send through the real per-community bottleneck queue (minTime 0) instead of straight to the no-op Messenger. */
  queue: boolean;
  /** Append the figures to this file (BENCHMARKS.md); null = print only. */
  out: string | null;
}

export interface SweepFigures {
  wallMs: number;
  cpuMs: number;
  peakRssMiB: number;
  rssBeforeMiB: number;
  peakHeapMiB: number;
  report: CommunityNudgeReport;
}

export interface NudgeBenchResult {
  members: number;
  due: number;
  seedMs: number;
  first: SweepFigures;
  rerun: SweepFigures;
}

const COMMUNITY = "slack:TBENCH";
const NOW = new Date("2026-03-02T11:00:00Z");
const DAY = 86_400_000;
const SKILLS = ["SEO", "Copywriting", "Bookkeeping", "React", "TypeScript", "Kubernetes", "Terraform", "Python", "Pricing", "Etsy"];
const MiB = 2 ** 20;

const noopMatcher: Matcher = { rank: async () => ({ suggestions: [], abstained: true, closestSkills: [], topics: [] }), upsert: async () => {}, remove: async () => {} };
const noopMessenger: Messenger = {
  sendDirect: async (): Promise<Delivery> => ({ channelId: "D", messageId: null }),
  introduce: async (): Promise<Delivery> => ({ channelId: "G", messageId: null }),
  postToChannel: async (): Promise<Delivery> => ({ channelId: "C", messageId: null }),
};

export async function runNudgeBench(o: NudgeBenchOptions): Promise<NudgeBenchResult> {
  const loadAtStart = loadavg();
  const dir = mkdtempSync(join(tmpdir(), "knowhow-bench-nudge-"));
  const store = await openStore({ kind: "sqlite", file: join(dir, "knowhow.sqlite") }, silentLogger);
  try {
    const seedStart = Date.now();
    await store.upsertCommunity(COMMUNITY, "Bench", NOW);
    await store.updateCommunity(COMMUNITY, { settings: { dailyDmCap: o.members } }, NOW);
    let due = 0;
    for (let i = 0; i < o.members; i++) {
      const isDue = i % 10 === 0;
      if (isDue) due++;
      const id = `${COMMUNITY}:U${String(i).padStart(7, "0")}`;
      const confirmedAt = new Date(NOW.getTime() - (isDue ? 120 : 10) * DAY);
      const base = newMember(id, COMMUNITY, `Member ${i}`, i % 3 === 0 ? null : "Europe/London", new Date(NOW.getTime() - 400 * DAY));
      const s1 = SKILLS[i % SKILLS.length]!;
      const s2 = SKILLS[(i * 7 + 3) % SKILLS.length]!;
      const evidence = isDue && i % 20 === 0
        ? [1, 2, 3].map((k) => ({ requestId: `r${i}-${k}`, kind: "helped" as const, question: `Question ${k} about Terraform state`, topics: ["terraform", "state"], at: new Date(NOW.getTime() - k * DAY) }))
        : [];
      await store.insertMember({
        ...base,
        skills: [...new Set([s1, s2])].map((label) => ({ label, key: label.toLowerCase(), level: "can_help" as const, source: "declared" as const, addedAt: confirmedAt, confirmedAt })),
        evidence,
      }, NOW);
    }
    const seedMs = Date.now() - seedStart;
    const core = createCore({ store, matcher: noopMatcher, messenger: noopMessenger, clock: new ManualClock(NOW), logger: silentLogger });
    const queue = o.queue ? new QueuedMessenger(noopMessenger, { logger: silentLogger, minTimeMs: 0, maxConcurrent: 1 }) : null;
    const sweep = async (now: Date): Promise<SweepFigures> => {
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      let peakRss = rssBefore;
      let peakHeap = process.memoryUsage().heapUsed;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      }, 25);
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      const r = await core.nudges.runInactivity({ communityIds: [COMMUNITY], now, messenger: queue ?? noopMessenger });
      const wallMs = performance.now() - t0;
      const c = process.cpuUsage(cpu);
      clearInterval(sampler);
      const m = process.memoryUsage();
      return {
        wallMs, cpuMs: (c.user + c.system) / 1000,
        peakRssMiB: Math.max(peakRss, m.rss) / MiB, rssBeforeMiB: rssBefore / MiB, peakHeapMiB: Math.max(peakHeap, m.heapUsed) / MiB,
        report: r.communities[0]!,
      };
    };
    const first = await sweep(NOW);
    const rerun = await sweep(new Date(NOW.getTime() + 3_600_000));
    await queue?.close();
    const result = { members: o.members, due, seedMs, first, rerun };
    if (o.out) appendResult(o.out, o, result, loadAtStart);
    return result;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (x: number) => `${x.toFixed(0)} MiB`;

export function formatResult(r: NudgeBenchResult): string {
  const row = (label: string, f: SweepFigures) =>
    `| ${label} | ${f.report.scanned} | ${f.report.sent.length} | ${s(f.wallMs)} | ${s(f.cpuMs)} | ${mib(f.rssBeforeMiB)} → ${mib(f.peakRssMiB)} | ${mib(f.peakHeapMiB)} |`;
  return [
    "| sweep | scanned | sent | wall | CPU (user+sys) | RSS before → peak | peak heap |",
    "|---|---|---|---|---|---|---|",
    row("first (10% due)", r.first),
    row("re-run (all done)", r.rerun),
  ].join("\n");
}

function appendResult(file: string, o: NudgeBenchOptions, r: NudgeBenchResult, loadAtStart: number[]): void {
  const met = r.first.cpuMs <= 30_000 && r.first.report.sent.length === r.due;
  appendSection(file, [
    `## Jobs: inactivity-nudge sweep — ${new Date().toISOString().slice(0, 10)}`,
    "",
    machineLine(loadAtStart),
    `- Command: \`npm run bench -- nudge --members ${o.members}${o.queue ? "" : " --no-queue"}\``,
    `- Setup: embedded SQLite store (file in tmpdir, WAL); ${r.members} members seeded in ${s(r.seedMs)}, ${r.due} due (10%: skills unconfirmed for 120 days; 1 in 20 of them with evidence to suggest), a third with unknown timezone; daily cap raised to the community size so every due member is sent; ${o.queue ? "no-op Messenger behind the real per-community bottleneck send queue (minTime 0, one send in flight)" : "no-op Messenger called directly (no send queue)"}: platform send time excluded. Members are streamed 500 a page.`,
    `- Target: first sweep ≤ 30 s of compute (CPU time; wall also shown) with bounded memory (heap flat while streaming). Result: ${met ? "met" : "NOT met"}.`,
    "",
    formatResult(r),
  ]);
}

/** Adds `nudge [--members N] [--out FILE|--no-out]` to the bench CLI. */
export function registerNudgeBench(program: Command): void {
  program
    .command("nudge")
    .description("Inactivity-nudge sweep over a large community (10% due): compute time and peak memory")
    .option("--members <n>", "community size", "100000")
    .option("--out <file>", "append the figures to this file", "BENCHMARKS.md")
    .option("--no-out", "print only")
    .option("--no-queue", "call the no-op Messenger directly instead of through the send queue")
    .action(async (opts: { members: string; out: string | false; queue: boolean }) => {
      const members = Number(opts.members);
      if (!Number.isInteger(members) || members < 10) throw new Error("--members must be a whole number ≥ 10");
      const r = await runNudgeBench({ members, out: opts.out || null, queue: opts.queue });
      console.log(`${r.members} members (${r.due} due), seeded in ${s(r.seedMs)}`);
      console.log(formatResult(r));
    });
}

