import type { Router } from "express";
import { z } from "zod";
import { UserError } from "../../../src/core/errors.js";
import { ManualClock } from "../../../src/core/ports/clock.port.js";
import type { WebContext } from "../context.js";
import { parseInput, route } from "../http-utils.js";
import { DEMO_COMMUNITY } from "../identity.js";

const MAX_ADVANCE_HOURS = 24 * 365;
const AdvanceBody = z.object({ hours: z.number(), sweep: z.boolean().default(false) });

/**
 * Runs the scheduled work at `now`: the jobs module's sweep when the app injected one (nudges,
 * onboarding, follow-ups, widening), otherwise the core's due-request pass for the demo community
 * (widening and "did you get help?" only — nudges need the jobs module).
 */
export async function sweep(ctx: WebContext, now: Date): Promise<{ ran: "jobs" | "requests"; result: unknown }> {
  if (ctx.runSweep) return { ran: "jobs", result: await ctx.runSweep(now) };
  return { ran: "requests", result: await ctx.core.asks.runDue(DEMO_COMMUNITY, now) };
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
      throw new UserError("invalid_input", `Move the clock forward by 0 to ${MAX_ADVANCE_HOURS} hours (a year).`, "hours");
    }
    manual.advance(Math.round(body.hours * 3600_000));
    ctx.stateChanged();
    const now = manual.now();
    ctx.logger.info({ now: now.toISOString(), hours: body.hours }, "playground clock advanced");
    res.json({ now, sweep: body.sweep ? await sweep(ctx, now) : null });
  }));

  r.post("/clock/sweep", route(async (_req, res) => {
    const now = ctx.clock.now();
    res.json({ now, sweep: await sweep(ctx, now) });
  }));
}
