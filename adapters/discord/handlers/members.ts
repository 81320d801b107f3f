/**
 * Guild membership: a join tells the core a member arrived (onboarding later); a leave marks them departed, and
 * so does the bot's removal from the server, for every member there.
 */
import type { Guild, GuildMember, PartialGuildMember } from "discord.js";
import { actorOf } from "../context.js";
import { discordCommunity, discordMember } from "../ids.js";
import type { HandlerContext } from "./context.js";

export async function handleMemberJoin(m: GuildMember, ctx: HandlerContext): Promise<void> {
  if (m.user.bot) return;
  try {
    await ctx.core.members.touch(actorOf(m.guild, m.user, m, false));
  } catch (e) {
    ctx.logger.error({ err: e, guildId: m.guild.id, userId: m.id }, "could not record a member join");
  }
}

export async function handleMemberLeave(m: GuildMember | PartialGuildMember, ctx: HandlerContext): Promise<void> {
  if (m.user?.bot) return;
  try {
    await ctx.core.members.departed(discordMember(m.guild.id, m.id));
  } catch (e) {
    ctx.logger.error({ err: e, guildId: m.guild.id, userId: m.id }, "could not record a member leaving");
  }
}

/**
 * The bot was removed from a server (kicked, or the server deleted): its members are marked departed, so that no
 * job nudges or welcomes them about a server where the bot is gone. A member who comes back to a server the bot
 * is in again is active again at their next interaction (`members.touch`). An outage is no removal: discord.js
 * emits GuildUnavailable for it, never GuildDelete; `guild.available` is not checked, as it is still false when a
 * server is removed during an outage.
 */
export async function handleGuildRemoved(guild: Guild, ctx: HandlerContext): Promise<void> {
  const community = discordCommunity(guild.id);
  const log = ctx.logger.child({ guildId: guild.id, communityId: community });
  let marked = 0;
  try {
    let after: string | null = null;
    do {
      const page = await ctx.core.deps.store.listMembers(community, { after, limit: 500 });
      for (const m of page.members) {
        if (m.departed) continue;
        await ctx.core.members.departed(m.id);
        marked++;
      }
      after = page.next;
    } while (after);
    log.info({ departed: marked }, "removed from a Discord server; its members are marked departed");
  } catch (e) {
    log.error({ err: e, departed: marked }, "could not mark the members of a server the bot left");
  }
}
