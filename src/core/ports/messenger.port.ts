import type { MemberId } from "../ids.js";
import type { Message } from "../messages.js";
import type { RequestOrigin } from "../domain/request.js";

export type DeliveryFailure =
  /** The member does not accept DMs from the bot (Discord 50007, Slack `cannot_dm_bot`). */
  | "dm_closed"
  /** The member or channel no longer exists / the member left. */
  | "not_found"
  /** The bot is in the channel but may not post there (Discord 50013 Missing Permissions): trying again won't help. */
  | "not_allowed"
  /** The platform kept rate-limiting after retries. */
  | "rate_limited"
  /** Anything else from the platform. */
  | "platform_error";

export class DeliveryError extends Error {
  override readonly name = "DeliveryError";
  constructor(readonly reason: DeliveryFailure, message: string, override readonly cause?: unknown) {
    super(message);
  }
}

export interface Delivery {
  /** Where it landed: a platform channel/conversation id. */
  channelId: string;
  /** The platform's message id (Slack ts, Discord message id). */
  messageId: string | null;
}

/** Told when a member's DMs turn out closed (or open again), so the core can remember it (`members.setDmClosed`). */
export type DmStatusListener = (member: MemberId, closed: boolean) => Promise<void>;

/**
 * Outgoing, platform-neutral messages. The app wires a router that dispatches by the member id's
 * platform prefix; each platform adapter renders `Message` its own way (Block Kit, embeds + components).
 * Implementations retry transient failures (429, 5xx) themselves and throw `DeliveryError` when they give up.
 */
export interface Messenger {
  /**
   * DMs one member. When `fallback` is given and DMs are closed, posts a mention in that channel/thread
   * instead (never in a way that leaks a private channel elsewhere). Throws DeliveryError on failure.
   */
  sendDirect(to: MemberId, message: Message, fallback?: RequestOrigin): Promise<Delivery>;
  /**
   * Opens a conversation that includes all `members` (Slack group DM, Discord private thread or DMs)
   * and posts `message` there.
   */
  introduce(members: MemberId[], message: Message, origin?: RequestOrigin): Promise<Delivery>;
  /** Posts to a channel of the member's community (optionally in a thread). */
  postToChannel(asMemberOf: MemberId, channelId: string, message: Message, threadId?: string | null): Promise<Delivery>;
  /**
   * Whether the member is an admin on the platform right now (Slack workspace admin or owner; Discord server
   * owner, Administrator or Manage Server), asked afresh rather than from a cache. Rejects when the platform
   * cannot say; null (or leaving the method out) means the platform has no admins of its own (the playground).
   */
  isPlatformAdmin?(member: MemberId): Promise<boolean | null>;
}
