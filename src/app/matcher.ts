import type { Logger } from "../core/ports/logger.port.js";
import type { Matcher } from "../core/ports/matcher.port.js";
import type { Store } from "../core/ports/store.port.js";
import { OverlapMatcher } from "../core/matching/overlap-matcher.js";
import type { Config } from "./config.js";

/** Picks and builds the matcher for this configuration. */
export async function createMatcher(_config: Config, store: Store, _logger: Logger): Promise<Matcher> {
  return new OverlapMatcher(store);
}
