import type { Core } from "../../src/core/index.js";
import type { Clock } from "../../src/core/ports/clock.port.js";
import type { Logger } from "../../src/core/ports/logger.port.js";
import type { WebMessenger } from "./messenger.js";

/** A sweep of scheduled work (nudges, follow-ups, widening) at `now`; built by the jobs module. */
export type RunSweep = (now: Date) => Promise<unknown>;

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
