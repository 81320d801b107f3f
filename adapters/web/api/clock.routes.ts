import type { Router } from "express";
import { z } from "zod";
import { UserError } from "../../../src/core/errors.js";
import { ManualClock } from "../../../src/core/ports/clock.port.js";
import type { SweepCounts, WebContext } from "../context.js";
import { parseInput, route } from "../http-utils.js";
import { DEMO_COMMUNITY } from "../identity.js";

const MAX_ADVANCE_HOURS = 24 * 365;
const AdvanceBody = z.object({ hours: z.number(), sweep: z.boolean().default(false) });

/** A sweep's answer: what ran, how many times (a move runs it along the way), and what it did in all. */
export interface SweepSummary {
  ran: "jobs" | "requests";
  sweeps: number;
  counts: SweepCounts;
}

/**
 * Runs the scheduled work at `now`: the jobs module's sweep when the app injected one (nudges,
 * onboarding, follow-ups, widening, the admin digest), otherwise the core's due-request pass for the demo
 * community (widening and "did you get help?" only — nudges and digests need the jobs module).
 */
export async function sweep(ctx: WebContext, now: Date): Promise<SweepSummary> {
  if (ctx.runSweep) return { ran: "jobs", sweeps: 1, counts: await ctx.runSweep(now) };
  const r = await ctx.core.asks.runDue(DEMO_COMMUNITY, now);
  return { ran: "requests", sweeps: 1, counts: { widened: r.widened.length, followUps: r.followedUp.length, welcomed: 0, nudged: 0, digests: 0 } };
}

const HOUR_MS = 3600_000;
/** The first days of a move, when what recent activity set off comes due (welcomes, offers timing out, follow-ups). */
const FINE_MS = 8 * 24 * HOUR_MS;
const FINE_SWEEPS = 32;
const COARSE_SWEEPS = 16;

/**
 * When a move of the clock runs the sweep: along the way, as the hourly jobs would have, not only at the end (a
 * welcome is sent a day after joining and only in the following week; offers time out round after round). Hourly for
 * moves up to 32 hours; over the first eight days at least every six hours, so every member's daytime gets one; the
 * rest in at most sixteen even steps (reminders come due months later). 48 sweeps at most. Offsets from the start, ms.
 */
export function sweepOffsets(totalMs: number): number[] {
  const fine = Math.min(totalMs, FINE_MS);
  const fineSteps = Math.min(FINE_SWEEPS, Math.max(1, Math.ceil(fine / HOUR_MS)));
  const out: number[] = [];
  for (let i = 1; i <= fineSteps; i++) out.push(Math.round((fine * i) / fineSteps));
  const rest = totalMs - fine;
  const coarseSteps = rest > 0 ? Math.min(COARSE_SWEEPS, Math.ceil(rest / HOUR_MS)) : 0;
  for (let i = 1; i <= coarseSteps; i++) out.push(fine + Math.round((rest * i) / coarseSteps));
  return out;
}

/** The simulated clock: see it, move it forward, run the sweep. */
export function mountClockRoutes(r: Router, ctx: WebContext): void {
  const manual = ctx.clock instanceof ManualClock ? ctx.clock : null;

  r.get("/clock", (_req, res) => {
    res.json({ now: ctx.clock.now(), simulated: manual !== null, jobs: ctx.runSweep !== null });
  });

  r.post("/clock/advance", route(async (req, res) => {
    if (!manual) throw new UserError("not_allowed", "This server runs on real time, so its clock can't be moved.");
    const body = parseInput(AdvanceBody, req.body);
    if (!Number.isFinite(body.hours) || body.hours <= 0 || body.hours > MAX_ADVANCE_HOURS) {
      throw new UserError("invalid_input", `Move the clock forward by more than 0 and at most ${MAX_ADVANCE_HOURS} hours (a year).`, "hours");
    }
    const total = Math.round(body.hours * 3600_000);
    let summary: SweepSummary | null = null;
    if (body.sweep) {
      const runs: SweepSummary[] = [];
      let moved = 0;
      try {
        for (const to of sweepOffsets(total)) {
          manual.advance(to - moved);
          moved = to;
          runs.push(await sweep(ctx, manual.now()));
        }
      } finally {
        // A sweep that failed part of the way leaves the clock where it got to: that is saved too.
        ctx.stateChanged();
      }
      summary = { ran: runs[0]?.ran ?? "requests", sweeps: runs.length, counts: runs.map((r) => r.counts).reduce(addCounts) };
    } else {
      manual.advance(total);
      ctx.stateChanged();
    }
    const now = manual.now();
    ctx.logger.info({ now: now.toISOString(), hours: body.hours, sweeps: summary?.sweeps ?? 0 }, "playground clock advanced");
    res.json({ now, sweep: summary });
  }));

  r.post("/clock/sweep", route(async (_req, res) => {
    const now = ctx.clock.now();
    res.json({ now, sweep: await sweep(ctx, now) });
  }));
}

function addCounts(a: SweepCounts, b: SweepCounts): SweepCounts {
  return { widened: a.widened + b.widened, followUps: a.followUps + b.followUps, welcomed: a.welcomed + b.welcomed, nudged: a.nudged + b.nudged, digests: a.digests + b.digests };
}
