import type { Logger } from "../../../src/core/ports/logger.port.js";

export interface LogLine {
  level: "debug" | "info" | "warn" | "error";
  obj: Record<string, unknown>;
  msg: string | undefined;
}

/** A Logger that keeps every line (with its bindings) so tests can assert what was logged. */
export class RecordingLogger implements Logger {
  constructor(readonly lines: LogLine[] = [], private readonly bindings: Record<string, unknown> = {}) {}
  private add(level: LogLine["level"], obj: object, msg?: string) {
    this.lines.push({ level, obj: { ...this.bindings, ...obj }, msg });
  }
  debug(obj: object, msg?: string) { this.add("debug", obj, msg); }
  info(obj: object, msg?: string) { this.add("info", obj, msg); }
  warn(obj: object, msg?: string) { this.add("warn", obj, msg); }
  error(obj: object, msg?: string) { this.add("error", obj, msg); }
  child(bindings: Record<string, unknown>): Logger {
    return new RecordingLogger(this.lines, { ...this.bindings, ...bindings });
  }
  errors(): LogLine[] {
    return this.lines.filter((l) => l.level === "error");
  }
}
