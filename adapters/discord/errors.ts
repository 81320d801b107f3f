/** Discord REST failures → the core's DeliveryError reasons. */
import { DiscordAPIError, HTTPError, RateLimitError } from "discord.js";
import { DeliveryError, type DeliveryFailure } from "../../src/core/ports/messenger.port.js";

/** "Cannot send messages to this user": the member's DMs are closed to the bot. */
export const DM_CLOSED_CODE = 50007;
const MISSING_PERMISSIONS = 50013;
/** "You are opening direct messages too fast": a rate limit on opening DMs, answered without HTTP 429. */
const OPENING_DMS_TOO_FAST = 40003;
const NOT_FOUND_CODES = new Set([10003, 10007, 10008, 10013, 10004, 50001]);

/** Missing Permissions (50013) or Missing Access (50001): the bot may not post in that channel. */
export function isCannotPost(e: unknown): boolean {
  return e instanceof DiscordAPIError && (e.code === MISSING_PERMISSIONS || e.code === 50001);
}

export function isDmClosed(e: unknown): boolean {
  return e instanceof DiscordAPIError && e.code === DM_CLOSED_CODE;
}

export function toDeliveryError(e: unknown, what: string): DeliveryError {
  if (e instanceof DeliveryError) return e;
  let reason: DeliveryFailure = "platform_error";
  if (e instanceof RateLimitError) reason = "rate_limited";
  else if (e instanceof DiscordAPIError) {
    if (e.code === DM_CLOSED_CODE) reason = "dm_closed";
    else if (e.code === OPENING_DMS_TOO_FAST) reason = "rate_limited";
    else if (e.code === MISSING_PERMISSIONS) reason = "not_allowed";
    else if (NOT_FOUND_CODES.has(Number(e.code)) || e.status === 404) reason = "not_found";
    else if (e.status === 429) reason = "rate_limited";
  } else if (e instanceof HTTPError && e.status === 429) reason = "rate_limited";
  const detail = e instanceof DiscordAPIError ? `${e.code} ${e.message}` : (e as Error)?.message ?? String(e);
  return new DeliveryError(reason, `${what}: ${detail}`, e);
}
