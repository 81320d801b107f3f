import { InvalidArgumentError } from "commander";
import { ConfigError, loadConfig, type Config } from "../app/config.js";
import { createLogger } from "../app/logger.js";
import { createRuntime, type Runtime } from "../app/runtime.js";
import { isCommunityId } from "../core/ids.js";

export interface CliRuntimeOptions {
  /** The command ranks members (`ask`): load the word vectors. Other commands skip that start-up cost. */
  ranking?: boolean;
}

/** Loads config from the environment (the same as the service) and builds a runtime for one CLI command. */
export async function cliRuntime(opts: CliRuntimeOptions = {}): Promise<Runtime> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  // CLI output goes to stdout; logs stay on stderr and quiet unless asked for.
  const logger = createLogger(process.env.LOG_LEVEL ?? "warn");
  return createRuntime(opts.ranking ? config : { ...config, wordVectors: false }, logger);
}

/** `demo` → `web:demo` (the playground's platform); full ids (`slack:T0123`) pass through. */
export function communityArg(raw: string): string {
  const id = raw.includes(":") ? raw : `web:${raw}`;
  if (!isCommunityId(id)) throw new Error(`Invalid community id “${raw}”: use e.g. demo, slack:T0123 or discord:81234`);
  return id;
}

/** A whole number option from `min` to `max` ("--limit 5"); a clear error for anything else. */
export function intArg(name: string, min: number, max: number): (raw: string) => number {
  return (raw) => {
    const n = Number(raw);
    if (!/^\s*\d+\s*$/.test(raw) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max} (got “${raw}”).`);
    return n;
  };
}

/** A member argument: a full id, or a native id within `community`. */
export function memberArg(raw: string, community?: string): string {
  if (raw.split(":").length === 3) return raw;
  if (!community) throw new Error(`Give a full member id (e.g. web:demo:m123) or --community`);
  return `${communityArg(community)}:${raw}`;
}
