import { createCore, type Core } from "../core/index.js";
import { systemClock, type Clock } from "../core/ports/clock.port.js";
import type { Logger } from "../core/ports/logger.port.js";
import type { Matcher } from "../core/ports/matcher.port.js";
import type { Store } from "../core/ports/store.port.js";
import { openStore } from "../store/open.js";
import type { Config } from "./config.js";
import { prepareDataDir } from "./data-dir.js";
import { createMatcher } from "./matcher.js";
import { MessengerRouter } from "./messenger-router.js";

/**
 * Everything a process needs to run use cases — shared by the service (`npm start`) and the CLI, so
 * both behave identically with the same configuration.
 */
export interface Runtime {
  config: Config;
  logger: Logger;
  clock: Clock;
  store: Store;
  matcher: Matcher;
  messenger: MessengerRouter;
  core: Core;
  /** Closes the store (idempotent). */
  close(): Promise<void>;
}

export async function createRuntime(config: Config, logger: Logger, opts: { clock?: Clock } = {}): Promise<Runtime> {
  const clock = opts.clock ?? systemClock;
  if (config.store.kind === "sqlite" && config.store.file !== ":memory:") prepareDataDir(config.dataDir);
  const store = await openStore(config.store, logger);
  const matcher = await createMatcher(config, store, logger.child({ component: "matcher" }));
  const messenger = new MessengerRouter();
  // The OpenAI SDK is loaded only when configured (a fifth of a second at every start and CLI command otherwise).
  const skillExtractor = config.openai
    ? new (await import("../ai/openai-skill-extractor.js")).OpenAiSkillExtractor({ apiKey: config.openai.apiKey, baseUrl: config.openai.baseUrl, model: config.openai.chatModel, timeoutMs: config.openai.timeoutMs, logger: logger.child({ component: "ai" }) })
    : null;
  const core = createCore({ store, matcher, messenger, clock, logger: logger.child({ component: "core" }), skillExtractor });
  let closed = false;
  return {
    config, logger, clock, store, matcher, messenger, core,
    async close() {
      if (closed) return;
      closed = true;
      await store.close();
    },
  };
}
