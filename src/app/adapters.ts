import { join } from "node:path";
import { createSlackAdapter } from "../../adapters/slack/index.js";
import type { RunSweep } from "../../adapters/web/context.js";
import { createWebAdapter } from "../../adapters/web/index.js";
import type { Config } from "./config.js";
import type { AdapterDeps, PlatformAdapter } from "./platform.js";
import type { Runtime } from "./runtime.js";

export interface AdapterExtras {
  /** The scheduler's sweep, for the playground's "run sweep" control. */
  runSweep?: RunSweep;
}

/**
 * Builds the platform adapters whose credentials are configured, and the web app (playground when no
 * platform is configured, or the token-guarded admin dashboard when ADMIN_TOKEN is set).
 */
export async function createAdapters(config: Config, runtime: Runtime, deps: AdapterDeps, extras: AdapterExtras = {}): Promise<PlatformAdapter[]> {
  const adapters: PlatformAdapter[] = [];
  if (config.slack) adapters.push(createSlackAdapter(config.slack, deps));
  if (config.discord) {
    const { createDiscordAdapter } = await import("../../adapters/discord/index.js");
    adapters.push(createDiscordAdapter(config.discord, deps));
  }
  if (config.playground || config.adminToken) {
    adapters.push(createWebAdapter({
      core: deps.core,
      logger: deps.logger,
      http: deps.http,
      clock: runtime.clock,
      adminToken: config.adminToken,
      mode: config.playground ? "playground" : "admin-only",
      stateFile: join(config.dataDir, "playground.json"),
      ...(extras.runSweep ? { runSweep: extras.runSweep } : {}),
    }));
  }
  return adapters;
}
