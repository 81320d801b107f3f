import { ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { startService } from "./service.js";

/** `npm start`: the composition root. Reads the environment once, wires everything, runs until a signal. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const logger = createLogger(config.logLevel);
  // Signals are handled from the first moment: one that arrives while the service is still starting stops it as soon
  // as it is up, instead of killing the process halfway through (a store write, a migration).
  let service: Awaited<ReturnType<typeof startService>> | null = null;
  let stopWhenStarted = false;
  const stop = (s: NonNullable<typeof service>) => {
    const force = setTimeout(() => {
      logger.error({}, "shutdown took longer than 10 s; exiting");
      process.exit(1);
    }, 10_000);
    force.unref();
    s.stop().then(() => process.exit(0), (e: unknown) => {
      logger.error({ err: e }, "shutdown failed");
      process.exit(1);
    });
  };
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) process.exit(130);
    logger.info({ signal }, "shutting down");
    if (service) stop(service);
    else stopWhenStarted = true;
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  service = await startService(config, logger);
  if (stopWhenStarted) stop(service);
}

main().catch((e: unknown) => {
  // A configuration found unusable while starting (DATA_DIR) ends like one found invalid when read.
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(78);
  }
  console.error("Knowhow failed to start:", e instanceof Error ? e.message : e);
  process.exit(1);
});
