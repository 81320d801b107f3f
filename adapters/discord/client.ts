/**
 * Building the discord.js client: only the intents the adapter uses, explicit `allowedMentions`
 * defaults, and the REST base URL override (DISCORD_API_URL, e.g. a REST proxy or a local fake).
 *
 * Intents:
 * - Guilds — guilds, channels and roles (each guild is a community; thread creation; permission checks).
 * - GuildMessages — @-mentions of the bot in channels and threads.
 * - DirectMessages — free-text DMs to the bot (with the Channel partial: DM channels are not cached).
 * - GuildMembers (privileged: "Server Members Intent" in the developer portal) — join/leave events, so new
 *   members get onboarded and departed ones are skipped; each server's full member list on connect, to catch up
 *   with joins and leaves missed meanwhile (handlers/reconcile.ts); and role import (listing who holds a role).
 * - MessageContent (privileged, optional: DISCORD_MESSAGE_CONTENT) — the text of messages. Discord still
 *   delivers the text of messages that mention the bot and of DMs without it; when a mention arrives
 *   without text, the bot explains how to use `/ask` instead.
 *
 * Partials (events discord.js would otherwise drop, for want of the object in its cache):
 * - Channel — DMs (DM channels are not cached).
 * - GuildMember — leaves. discord.js emits GuildMemberRemove only for a member in its cache, and a server above
 *   large_threshold (50) arrives with none but the bot's own member (no presence intent); the others are cached only
 *   once its member list has been fetched (reconcile.ts: not yet, or it failed), or they joined, used the bot or
 *   changed. With the partial, a leave comes as a PartialGuildMember (user and id only): handleMemberLeave takes it.
 *   No other handler receives member events (GuildMemberUpdate, whose old member is now partial for an uncached
 *   one, is not listened to), and nothing reads `guild.members.me`, which the partial may now make up.
 */
import { Client, GatewayIntentBits, Partials, type ClientOptions } from "discord.js";

export interface DiscordClientOptions {
  /** REST base URL without version (`https://discord.com/api` by default). */
  apiUrl: string | null;
  /** Ask for the privileged Message Content intent. */
  messageContent: boolean;
  /** REST retries on 5xx/network errors (discord.js default 3; tests use 0). 429s are always waited out. */
  restRetries?: number;
}

export function intentsFor(opts: Pick<DiscordClientOptions, "messageContent">): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages, GatewayIntentBits.GuildMembers];
  if (opts.messageContent) intents.push(GatewayIntentBits.MessageContent);
  return intents;
}

export function createDiscordClient(opts: DiscordClientOptions): Client {
  const options: ClientOptions = {
    intents: intentsFor(opts),
    partials: [Partials.Channel, Partials.GuildMember],
    allowedMentions: { parse: [], repliedUser: false },
    rest: { ...(opts.apiUrl ? { api: opts.apiUrl.replace(/\/+$/, "") } : {}), ...(opts.restRetries !== undefined ? { retries: opts.restRetries } : {}) },
  };
  return new Client(options);
}
