import { pino, type Logger as PinoLogger } from "pino";
import type { Logger } from "../core/ports/logger.port.js";

const SECRETS = ["token", "botToken", "appToken", "signingSecret", "apiKey", "adminToken", "uri", "authorization", "Authorization"];

/**
 * Paths whose values are never logged: secrets up to three levels deep (a config object's `slack.botToken`, an HTTP
 * client error's `config.headers.Authorization`), and the body of a platform request an error carries (discord.js
 * errors hold the message they failed to send: a DM's text, a question).
 */
const REDACT = [
  ...SECRETS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`]),
  "err.requestBody", "err.cause.requestBody", "*.requestBody",
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
  return new PinoPort(base, {});
}

/**
 * The Logger port over pino. A child's bindings are merged with its parent's (a nested child with the
 * same key replaces the value) instead of being appended, so no line carries a key twice
 * (`"component":"jobs","component":"jobs"`), which JSON tools would silently collapse.
 */
class PinoPort implements Logger {
  private readonly out: PinoLogger;
  constructor(private readonly root: PinoLogger, private readonly bindings: Record<string, unknown>) {
    this.out = Object.keys(bindings).length === 0 ? root : root.child(bindings);
  }
  debug(obj: object, msg?: string): void { this.out.debug(obj, msg); }
  info(obj: object, msg?: string): void { this.out.info(obj, msg); }
  warn(obj: object, msg?: string): void { this.out.warn(obj, msg); }
  error(obj: object, msg?: string): void { this.out.error(obj, msg); }
  child(bindings: Record<string, unknown>): Logger {
    return new PinoPort(this.root, { ...this.bindings, ...bindings });
  }
}
