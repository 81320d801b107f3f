import type { Core } from "../../src/core/index.js";
import type { Clock } from "../../src/core/ports/clock.port.js";
import type { Logger } from "../../src/core/ports/logger.port.js";
import type { WebMessenger } from "./messenger.js";

/** What one sweep of scheduled work did, counted (the playground's clock says so). */
export interface SweepCounts {
  /** Questions whose offers timed out and went to the next people (or closed after the last round). */
  widened: number;
  /** "Did you get help?" messages sent. */
  followUps: number;
  /** Onboarding DMs sent to members with no skills yet. */
  welcomed: number;
  /** Reminders sent to members whose skills went stale. */
  nudged: number;
  /** Weekly digests sent to admins (when the community turned the digest on). */
  digests: number;
}

/** A sweep of scheduled work (nudges, follow-ups, widening, the admin digest) at `now`; built by the jobs module. */
export type RunSweep = (now: Date) => Promise<SweepCounts>;

/** What the web adapter's route modules share. */
export interface WebContext {
  core: Core;
  messenger: WebMessenger;
  clock: Clock;
  logger: Logger;
  runSweep: RunSweep | null;
  /** Something the playground keeps across restarts changed outside the messenger (the simulated clock). */
  stateChanged: () => void;
}
