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
 * Final error middleware: UserError → 4xx `{ error: { code, message, field } }`; anything else is a
 * fault: logged with the request id and answered with a generic apology (never the raw error).
 */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (isUserError(err)) {
      const body: ApiError = { error: { code: err.code, message: err.message, field: err.field ?? null } };
      res.status(STATUS[err.code] ?? 400).json(body);
      return;
    }
    if (isBodyParseError(err)) {
      res.status(400).json({ error: { code: "invalid_input", message: "The request body is not valid JSON.", field: null } } satisfies ApiError);
      return;
    }
    logger.error({ err, method: req.method, path: req.path }, "web request failed");
    res.status(500).json({ error: { code: "fault", message: FAULT_MESSAGE, field: null } } satisfies ApiError);
  };
}

function isBodyParseError(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { type?: unknown }).type === "entity.parse.failed";
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
