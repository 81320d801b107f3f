import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { z } from "zod";
import { inputErrorMap, namesField } from "../../src/app/input-errors.js";
import { FAULT_MESSAGE, isUserError, UserError, type UserErrorCode } from "../../src/core/errors.js";
import type { Logger } from "../../src/core/ports/logger.port.js";

/** The JSON shape of every error the web API returns; forms show `message` next to `field`. */
export interface ApiError {
  error: { code: string; message: string; field: string | null };
}

const STATUS: Record<UserErrorCode, number> = {
  invalid_input: 400,
  too_long: 400,
  empty: 400,
  not_found: 404,
  not_allowed: 403,
  invalid_transition: 409,
  already_handled: 409,
  rate_limited: 429,
};

/** Wraps an async handler so that rejections reach the error middleware (express 5 does this too; explicit is clearer). */
export function route(fn: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req, res, next) => {
    fn(req, res).catch(next);
  };
}

/**
 * Parses a request body (or query) with a zod schema. A bad value becomes a UserError naming the first
 * offending field, so the form can show it in place.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input ?? {}, { error: inputErrorMap });
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path.map(String).join(".") || null;
  throw new UserError("invalid_input", issue ? sentence(issue.message, field) : "That input isn't valid.", field ?? undefined);
}

/** A message as a sentence: capitalised (unless it starts with the field's own name, `hours must be…`), with a full stop. */
function sentence(message: string, field: string | null): string {
  const start = field && namesField(message, field) ? message : message.charAt(0).toUpperCase() + message.slice(1);
  return start + (message.endsWith(".") ? "" : ".");
}

/**
 * Final error middleware: UserError → 4xx `{ error: { code, message, field } }`; a body the parser refused (too large,
 * not JSON, an unknown encoding) → its 4xx with a plain message, logged at info without a stack (the client's mistake,
 * not ours); anything else is a fault: logged with the request id and answered with a generic apology (never the raw error).
 */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (isUserError(err)) {
      const body: ApiError = { error: { code: err.code, message: err.message, field: err.field ?? null } };
      res.status(STATUS[err.code] ?? 400).json(body);
      return;
    }
    const refused = bodyRefusal(err);
    if (refused) {
      logger.info({ type: refused.type, status: refused.status, method: req.method, path: req.path }, "web request body refused");
      res.status(refused.status).json({ error: { code: refused.code, message: refused.message, field: null } } satisfies ApiError);
      return;
    }
    logger.error({ err, method: req.method, path: req.path }, "web request failed");
    res.status(500).json({ error: { code: "fault", message: FAULT_MESSAGE, field: null } } satisfies ApiError);
  };
}

/** Why a request body was refused before any route saw it, as the member or admin should read it. */
export interface BodyRefusal {
  status: number;
  code: "too_long" | "invalid_input";
  message: string;
  /** body-parser's error type ("entity.too.large"), for the log. */
  type: string;
}

/**
 * A body-parser error (express.json / express.urlencoded) as a 4xx with a friendly message; null for anything else.
 * Its own messages ("request entity too large") are for developers, and its 5xx types are faults of ours.
 */
export function bodyRefusal(err: unknown): BodyRefusal | null {
  if (typeof err !== "object" || err === null) return null;
  const { type, status, limit } = err as { type?: unknown; status?: unknown; limit?: unknown };
  if (typeof type !== "string" || typeof status !== "number" || status < 400 || status >= 500) return null;
  switch (type) {
    case "entity.too.large":
      return { status: 413, code: "too_long", type, message: `That's too long: a request can carry at most ${typeof limit === "number" ? kilobytes(limit) : "a few kilobytes"}. Please shorten it.` };
    case "entity.parse.failed":
      return { status: 400, code: "invalid_input", type, message: "The request body is not valid JSON." };
    case "parameters.too.many":
      return { status: 413, code: "too_long", type, message: "That's too long: the form has too many fields." };
    case "encoding.unsupported":
    case "charset.unsupported":
      return { status: 415, code: "invalid_input", type, message: "I can't read that request: send it as plain UTF-8 (no compression)." };
    default:
      return { status, code: "invalid_input", type, message: "I couldn't read that request. Please try again." };
  }
}

/** 65536 → "64 KB". */
function kilobytes(bytes: number): string {
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Reads one cookie from the request's Cookie header (no cookie-parser dependency). */
export function readCookie(req: Request, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}
