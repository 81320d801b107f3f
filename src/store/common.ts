import { DEFAULT_COMMUNITY_SETTINGS, type CommunitySettings } from "../core/domain/community.js";
import { assertOfferTransition, assertTransition, OFFER_STATUSES, REQUEST_STATES, type HelpRequest, type OfferStatus, type RequestState } from "../core/domain/request.js";
import { StoreError } from "./errors.js";

/** Shared rules both store implementations apply, so they behave the same way. */

/** Largest page `listMembers` returns, whatever the caller asks for. */
export const MAX_PAGE = 1000;
/** Members `changesSince` returns per call unless asked otherwise. */
export const CHANGES_PAGE = 500;
/** Longest once-only key accepted. */
export const MAX_ONCE_KEY = 512;

export type RequestPatch = Partial<Omit<HelpRequest, "id" | "communityId" | "askerId" | "createdAt">>;

/** Fields of a request that `updateRequest` may change (identity and creation time never change). */
export const PATCHABLE_REQUEST_FIELDS = [
  "question",
  "topics",
  "state",
  "origin",
  "candidates",
  "offeredTo",
  "round",
  "unmatched",
  "helperId",
  "dueAt",
  "updatedAt",
  "connectedAt",
  "closedAt",
] as const satisfies readonly (keyof RequestPatch)[];

/** The defined entries of a patch restricted to the patchable fields (`undefined` means "leave as is"). */
export function requestPatchEntries(patch: RequestPatch): Partial<RequestPatch> {
  const out: Record<string, unknown> = {};
  for (const key of PATCHABLE_REQUEST_FIELDS) {
    const value = patch[key];
    if (value !== undefined) out[key] = value;
  }
  return out as Partial<RequestPatch>;
}

/**
 * Enforces the request state machine on `updateRequest`: a patch that changes the state must be a valid
 * transition from every state it may apply to (InvalidTransitionError otherwise, nothing written).
 * Unknown state names are left to the store's own validation (store_invalid_data).
 */
export function checkTransition(fromStates: readonly RequestState[], patch: RequestPatch): void {
  const to = patch.state;
  if (to === undefined || !(REQUEST_STATES as readonly string[]).includes(to)) return;
  for (const from of fromStates) assertTransition(from, to);
}

/** Enforces the offer state machine on `updateOfferStatus` (InvalidTransitionError, nothing written). */
export function checkOfferTransition(fromStatuses: readonly OfferStatus[], to: OfferStatus): void {
  if (!(OFFER_STATUSES as readonly string[]).includes(to)) return;
  for (const from of fromStatuses) assertOfferTransition(from, to);
}

/** A copy of `req` with the patch applied. */
export function applyRequestPatch(req: HelpRequest, patch: RequestPatch): HelpRequest {
  return { ...req, ...requestPatchEntries(patch) };
}

/** Stored settings completed with today's defaults (settings added in later versions get their default). */
export function withDefaultSettings(stored: Partial<CommunitySettings> | null | undefined): CommunitySettings {
  const out: CommunitySettings = { ...DEFAULT_COMMUNITY_SETTINGS, aliases: {}, digestTo: [] };
  if (!stored) return out;
  for (const [k, v] of Object.entries(stored)) {
    if (v !== undefined && k in DEFAULT_COMMUNITY_SETTINGS) (out as unknown as Record<string, unknown>)[k] = v;
  }
  out.aliases = Object.fromEntries(Object.entries(stored.aliases ?? {}));
  out.digestTo = [...(stored.digestTo ?? [])];
  return out;
}

/** Shallow merge of a settings patch; `undefined` values leave the setting unchanged. */
export function mergeSettings(current: CommunitySettings, patch: Partial<CommunitySettings> | undefined): CommunitySettings {
  const out = { ...current };
  if (!patch) return out;
  for (const [k, v] of Object.entries(patch)) {
    if (v !== undefined && k in DEFAULT_COMMUNITY_SETTINGS) (out as unknown as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** Validates a page size: a positive integer, capped at MAX_PAGE. */
export function pageLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new StoreError("store_invalid_data", `Page limit must be a positive integer, got ${String(limit)}`);
  }
  return Math.min(limit, MAX_PAGE);
}

/** Validates an optional result limit (listRequests). */
export function optionalLimit(limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isInteger(limit) || limit < 0) {
    throw new StoreError("store_invalid_data", `Limit must be a non-negative integer, got ${String(limit)}`);
  }
  return limit;
}

/** Validates a once-only key. */
export function onceKey(key: string): string {
  if (typeof key !== "string" || key.length === 0 || key.length > MAX_ONCE_KEY) {
    throw new StoreError("store_invalid_data", `Once-only keys must be 1–${MAX_ONCE_KEY} characters`);
  }
  return key;
}

/** Milliseconds since the epoch; throws on an invalid Date so that nothing unreadable is persisted. */
export function toMs(d: Date): number {
  const t = d instanceof Date ? d.getTime() : Number.NaN;
  if (!Number.isFinite(t)) throw new StoreError("store_invalid_data", `Invalid date: ${String(d)}`);
  return t;
}

export function toMsOrNull(d: Date | null): number | null {
  return d === null ? null : toMs(d);
}

/** Unique values, first occurrence order. */
export function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
