import type { Config } from "./config.js";
import type { AdapterDeps, PlatformAdapter } from "./platform.js";

/** Builds the platform adapters whose credentials are configured. */
export async function createAdapters(config: Config, _deps: AdapterDeps): Promise<PlatformAdapter[]> {
  const adapters: PlatformAdapter[] = [];
  void config;
  return adapters;
}
