/**
 * Who is acting and in which community. Guild interactions and messages carry their guild. DMs carry
 * none, so:
 * - buttons and modals encode their guild in the custom_id (see custom-id.ts); the user must still be a
 *   member of that guild;
 * - free-text DMs go to the member's community: the guild where Knowhow knows them (one whose nudge
 *   awaits an answer first, then the most recently active), else a guild the bot shares with them; when there are several, the reply says which
 *   server it answered for (`/ask` inside another server asks there).
 */
import { DiscordAPIError, PermissionFlagsBits, type Client, type Guild, type GuildMember, type User } from "discord.js";
import type { Actor, Core } from "../../src/core/index.js";
import type { Member } from "../../src/core/domain/member.js";
import { UserError } from "../../src/core/errors.js";
import { awaitsNudgeAnswer } from "../../src/core/usecases/conversation.js";
import { valueRoom } from "./custom-id.js";
import { discordCommunity, discordMember } from "./ids.js";

export function displayNameOf(user: User, member?: GuildMember | null): string {
  return member?.displayName ?? user.globalName ?? user.username;
}

export function actorOf(guild: Guild, user: User, member: GuildMember | null, isAdmin: boolean): Actor {
  return {
    memberId: discordMember(guild.id, user.id),
    communityId: discordCommunity(guild.id),
    displayName: displayNameOf(user, member),
    isPlatformAdmin: isAdmin,
    communityName: guild.name,
    buttonValueMax: valueRoom(guild.id),
  };
}

/** The actor for an interaction or message in a DM, for a guild named by a custom_id. */
export async function actorInGuild(client: Client, guildId: string, user: User): Promise<Actor> {
  const guild = client.guilds.cache.get(guildId);
  if (!guild) throw new UserError("not_found", "I'm no longer in that server, so I can't do that.");
  let member: GuildMember;
  try {
    member = await guild.members.fetch(user.id);
  } catch (e) {
    // Only Discord saying "Unknown Member" means they left; an outage or rate limit is a fault, not their status.
    // (An unavailable server, in an outage, is cached without its name.)
    if (isUnknownMember(e)) throw new UserError("not_allowed", `You're not a member of ${guild.name ?? "that server"} any more, so I can't do that.`);
    throw e;
  }
  return actorOf(guild, user, member, member.permissions.has(PermissionFlagsBits.ManageGuild));
}

const UNKNOWN_MEMBER = 10007;

function isUnknownMember(e: unknown): boolean {
  return e instanceof DiscordAPIError && (e.code === UNKNOWN_MEMBER || e.status === 404);
}

export interface DmCommunity {
  actor: Actor;
  /** Other servers the user shares with the bot (the reply says which one it answered for). */
  ambiguous: boolean;
}

/** The community a free-text DM belongs to (see the module comment); UserError when there is none. */
export async function communityForDm(client: Client, core: Core, user: User): Promise<DmCommunity> {
  const guilds = [...client.guilds.cache.values()];
  const known = (await core.deps.store.getMembers(guilds.map((g) => discordMember(g.id, user.id)))).filter((m) => !m.departed);
  // A DM right after a nudge most likely answers it ("stop", "yes"): that server first, the latest nudge first.
  const now = core.deps.clock.now();
  const nudgedAt = (m: Member) => (awaitsNudgeAnswer(m, now) ? m.lastNudgedAt!.getTime() : -1);
  known.sort((a, b) => nudgedAt(b) - nudgedAt(a) || b.lastActiveAt.getTime() - a.lastActiveAt.getTime());
  const shared = guilds.filter((g) => g.members.cache.has(user.id));
  const pick = known[0] ? guilds.find((g) => discordCommunity(g.id) === known[0]!.communityId) : shared[0];
  if (!pick) {
    throw new UserError("not_found", "I only work inside servers I'm part of, and I couldn't find one we share. Use `/ask` in your server.");
  }
  const count = new Set([...known.map((m) => m.communityId), ...shared.map((g) => discordCommunity(g.id))]).size;
  const member = pick.members.cache.get(user.id) ?? null;
  return { actor: actorOf(pick, user, member, member?.permissions.has(PermissionFlagsBits.ManageGuild) ?? false), ambiguous: count > 1 };
}
