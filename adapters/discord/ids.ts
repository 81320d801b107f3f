/**
 * Inbound parsing: Discord ids and message text → core ids and plain text. Pure functions, no I/O.
 *
 * A guild is a community (`discord:<guild_id>`); a member is `discord:<guild_id>:<user_id>`. The same
 * Discord user in two guilds is two members: nothing crosses communities.
 */
import { communityId, memberId, parseMemberId, type CommunityId, type MemberId } from "../../src/core/ids.js";

export function discordCommunity(guildId: string): CommunityId {
  return communityId("discord", guildId);
}

export function discordMember(guildId: string, userId: string): MemberId {
  return memberId(discordCommunity(guildId), userId);
}

/** The guild and user of a `discord:G:U` member id; null for other platforms or malformed ids. */
export function discordIdsOf(id: MemberId): { guildId: string; userId: string } | null {
  const p = parseMemberId(id);
  if (!p || p.platform !== "discord") return null;
  return { guildId: p.communityId.slice("discord:".length), userId: p.nativeId };
}

/** The guild of a `discord:G` community id, or null. */
export function guildOf(community: CommunityId): string | null {
  return community.startsWith("discord:") && community.split(":").length === 2 ? community.slice("discord:".length) : null;
}

const SNOWFLAKE = /^\d{15,21}$/;

export function isSnowflake(s: string): boolean {
  return SNOWFLAKE.test(s);
}

/**
 * Text a member typed, as the core should see it: the bot's own mention (and its managed role's, which
 * Discord offers as "@Knowhow" too) removed, user mentions turned into core mentions (`<@discord:G:U>`),
 * role and channel mentions reduced to plain labels, a server's custom emoji written as its `:name:`, and
 * `@everyone`/`@here` defused (the core never echoes a ping).
 */
export function inboundText(raw: string, guildId: string | null, botUserId: string | null, botRoleId: string | null = null): string {
  let t = raw;
  if (botUserId) t = t.replace(new RegExp(`<@!?${botUserId}>`, "g"), " ");
  if (botRoleId) t = t.replace(new RegExp(`<@&${botRoleId}>`, "g"), " ");
  t = t.replace(/<@!?(\d{15,21})>/g, (_m, u: string) => (guildId ? `<@${discordMember(guildId, u)}>` : "someone"));
  t = t.replace(/<@&\d{15,21}>/g, "a role");
  t = t.replace(/<#(\d{15,21})>/g, "#channel");
  t = t.replace(/<a?:(\w{1,32}):\d{15,21}>/g, ":$1:");
  t = t.replace(/@(everyone|here)\b/g, "$1");
  return t.replace(/[ \t]+/g, " ").replace(/\s*\n\s*/g, "\n").trim();
}

/** Resolves `<@123>`, `<@!123>`, a bare snowflake or a core mention of this guild to a member id. */
export function mentionResolver(guildId: string): (token: string) => MemberId | null {
  return (token: string) => {
    const t = token.trim();
    const native = t.match(/^<@!?(\d{15,21})>$/)?.[1] ?? (isSnowflake(t) ? t : null);
    if (native) return discordMember(guildId, native);
    const core = t.match(/^<@(discord:\d+:\d+)>$/)?.[1];
    if (core) return discordIdsOf(core)?.guildId === guildId ? core : null;
    return null;
  };
}
