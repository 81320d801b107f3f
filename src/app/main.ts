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
  const service = await startService(config, logger);
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) process.exit(130);
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      logger.error({}, "shutdown took longer than 10 s; exiting");
      process.exit(1);
    }, 10_000);
    force.unref();
    service.stop().then(() => process.exit(0), (e: unknown) => {
      logger.error({ err: e }, "shutdown failed");
      process.exit(1);
    });
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

main().catch((e: unknown) => {
  console.error("Knowhow failed to start:", e instanceof Error ? e.message : e);
  process.exit(1);
});
