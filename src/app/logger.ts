import { pino, type Logger as PinoLogger } from "pino";
import type { Logger } from "../core/ports/logger.port.js";

/** Paths whose values are never logged. */
const REDACT = [
  "token", "*.token", "botToken", "*.botToken", "appToken", "*.appToken", "signingSecret", "*.signingSecret",
  "apiKey", "*.apiKey", "authorization", "*.authorization", "headers.authorization", "*.headers.authorization",
  "uri", "*.uri", "adminToken", "*.adminToken",
];

/** Structured JSON logs on stderr (stdout stays free for CLI output). */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  const base: PinoLogger = pino(
    {
      level,
      redact: { paths: REDACT, censor: "[redacted]" },
      base: { app: "knowhow" },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
  return base as unknown as Logger;
}
