import mongoose from "mongoose";
import type { OfferFilter, RequestFilter } from "../../core/ports/store.port.js";
import { optionalLimit, toMs } from "../common.js";
import { StoreError } from "../errors.js";

/**
 * Query building for the MongoDB store. Rules that keep member input from ever becoming a query operator:
 * - every value placed in a filter is checked to be a plain string (ids, states) or a valid Date first;
 * - raw input is never spread into a filter: each filter is built field by field from the port's types;
 * - the connection runs with `sanitizeFilter`, which wraps any `$`-keyed object in `$eq`; the only operator
 *   objects allowed through are the ones built here, marked with `mongoose.trusted()` after their values
 *   were checked.
 */

/** The value as a string id; throws (writing and reading nothing) for anything else, e.g. `{ $gt: "" }`. */
export function asId(value: unknown, what = "id"): string {
  if (typeof value !== "string") {
    throw new StoreError("store_invalid_data", `${what} must be a string, got ${value === null ? "null" : typeof value}`);
  }
  return value;
}

/** Several string ids (see asId). */
export function asIds(values: readonly unknown[], what = "id"): string[] {
  if (!Array.isArray(values)) throw new StoreError("store_invalid_data", `${what} list must be an array`);
  return values.map((v) => asId(v, what));
}

/** A Date fit for a filter (a real, valid Date, never an object that merely claims to be one). */
export function asDate(value: unknown, what = "date"): Date {
  if (!(value instanceof Date)) throw new StoreError("store_invalid_data", `${what} must be a Date`);
  toMs(value);
  return new Date(value.getTime());
}

/** `{ $in: [...] }` over checked strings, marked trusted so sanitizeFilter keeps the operator. */
export function inList(values: readonly unknown[], what = "value"): Record<string, unknown> {
  return mongoose.trusted({ $in: asIds(values, what) });
}

/** A trusted comparison over a checked Date. */
export function compareDate(op: "$gte" | "$lte", value: unknown, what: string): Record<string, unknown> {
  return mongoose.trusted({ [op]: asDate(value, what) });
}

/** A trusted `$gt` over a checked string (cursor paging). */
export function afterId(value: unknown): Record<string, unknown> {
  return mongoose.trusted({ $gt: asId(value, "cursor") });
}

/** A trusted `$ne` over a checked string. */
export function notEqual(value: unknown, what: string): Record<string, unknown> {
  return mongoose.trusted({ $ne: asId(value, what) });
}

/** A place in the change feed: the server time of a change and the document id (changes in one millisecond go by id). */
export type FeedPosition = [ms: number, id: string];

/** One position per collection the feed reads: members, tombstones (deleted members), communities. */
export interface FeedCursor {
  m: FeedPosition;
  d: FeedPosition;
  c: FeedPosition;
}

/** The feed's order, matching the `{ changedAt: 1, _id: 1 }` indexes. */
export const FEED_SORT = { changedAt: 1, _id: 1 } as const;

/**
 * Documents changed after `pos`, and before the server's present ($$NOW) less `settleMs`. Writes are stamped by the
 * server ($currentDate) and are visible within that time, so none can appear behind a position once passed; and
 * the current millisecond is never read, so a write later in it cannot sort before what was returned.
 */
export function changedAfter(pos: FeedPosition, settleMs: number): Record<string, unknown> {
  const t = new Date(pos[0]);
  return {
    $or: [{ changedAt: mongoose.trusted({ $gt: t }) }, { changedAt: t, _id: afterId(pos[1]) }],
    $expr: mongoose.trusted({ $lt: ["$changedAt", { $subtract: ["$$NOW", settleMs] }] }),
  };
}

export function writeFeedCursor(c: FeedCursor): string {
  return `mongo:${Buffer.from(JSON.stringify(c)).toString("base64url")}`;
}

/** The cursor `writeFeedCursor` wrote; anything else is refused. */
export function readFeedCursor(cursor: unknown): FeedCursor {
  const bad = () => new StoreError("store_invalid_data", "changesSince: not a cursor of this store");
  if (typeof cursor !== "string" || !cursor.startsWith("mongo:")) throw bad();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor.slice("mongo:".length), "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  const position = (p: unknown): FeedPosition => {
    if (!Array.isArray(p) || p.length !== 2 || !Number.isSafeInteger(p[0]) || typeof p[1] !== "string") throw bad();
    return [p[0] as number, p[1]];
  };
  if (typeof value !== "object" || value === null) throw bad();
  const v = value as Record<string, unknown>;
  return { m: position(v.m), d: position(v.d), c: position(v.c) };
}

export interface BuiltQuery {
  filter: Record<string, unknown>;
  sort: Record<string, 1 | -1>;
  /** Undefined: no limit. Zero never reaches MongoDB (where it would mean "no limit"): the caller returns []. */
  limit: number | undefined;
}

/** listRequests: newest first. */
export function requestQuery(f: RequestFilter): BuiltQuery {
  const filter: Record<string, unknown> = { communityId: asId(f.communityId, "communityId") };
  if (f.askerId !== undefined) filter.askerId = asId(f.askerId, "askerId");
  if (f.helperId !== undefined) filter.helperId = asId(f.helperId, "helperId");
  if (f.states !== undefined) filter.state = inList(f.states, "state");
  if (f.since !== undefined) filter.createdAt = compareDate("$gte", f.since, "since");
  // $lte on a Date never matches null: requests with nothing due are left out, as in SQLite.
  if (f.dueBefore !== undefined) filter.dueAt = compareDate("$lte", f.dueBefore, "dueBefore");
  // Scheduled work takes the longest overdue first; listings show the newest first.
  const sort: Record<string, 1 | -1> = f.dueBefore !== undefined ? { dueAt: 1, _id: 1 } : { createdAt: -1, _id: -1 };
  return { filter, sort, limit: optionalLimit(f.limit) };
}

/** listOffers: oldest first. */
export function offerQuery(f: OfferFilter): BuiltQuery {
  const filter: Record<string, unknown> = {};
  if (f.requestId !== undefined) filter.requestId = asId(f.requestId, "requestId");
  if (f.candidateId !== undefined) filter.candidateId = asId(f.candidateId, "candidateId");
  if (f.communityId !== undefined) filter.communityId = asId(f.communityId, "communityId");
  if (f.statuses !== undefined) filter.status = inList(f.statuses, "status");
  if (f.since !== undefined) filter.sentAt = compareDate("$gte", f.since, "since");
  return { filter, sort: { sentAt: 1, _id: 1 }, limit: undefined };
}

/** Hides the password of a connection string for logs and error messages. */
export function redactUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)([^@/]*)@/i, (_m, scheme: string, auth: string) => {
    const user = auth.split(":")[0] ?? "";
    return `${scheme}${user ? `${user}:***` : "***"}@`;
  });
}
