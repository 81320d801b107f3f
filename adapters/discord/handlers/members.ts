/**
 * Guild membership: a join tells the core a member arrived (onboarding later); a leave marks them departed, and
 * so does the bot's removal from the server, for every member there. What happened while the bot could not hear
 * these events is caught up with by reconcile.ts, through the same two paths.
 */
import type { Guild, GuildMember, PartialGuildMember } from "discord.js";
import { actorOf } from "../context.js";
import { discordCommunity, discordMember } from "../ids.js";
import type { HandlerContext } from "./context.js";

/**
 * A member joined (or is back): recorded on first sight, or refreshed, active now and no longer departed
 * (`members.touch`). Bots are ignored. Resolves true when recorded, false when that failed (logged).
 */
export async function handleMemberJoin(m: GuildMember, ctx: HandlerContext): Promise<boolean> {
  if (m.user.bot) return true;
  try {
    await ctx.core.members.touch(actorOf(m.guild, m.user, m, false));
    return true;
  } catch (e) {
    ctx.logger.error({ err: e, guildId: m.guild.id, userId: m.id }, "could not record a member join");
    return false;
  }
}

export async function handleMemberLeave(m: GuildMember | PartialGuildMember, ctx: HandlerContext): Promise<boolean> {
  if (m.user?.bot) return true;
  return recordLeave(m.guild.id, m.id, ctx);
}

/**
 * A user is no longer in the server: their member is departed and their open intro requests withdrawn
 * (`members.departed`; nothing happens to someone the store does not know). Resolves false when that failed (logged).
 */
export async function recordLeave(guildId: string, userId: string, ctx: HandlerContext): Promise<boolean> {
  try {
    await ctx.core.members.departed(discordMember(guildId, userId));
    return true;
  } catch (e) {
    ctx.logger.error({ err: e, guildId, userId }, "could not record a member leaving");
    return false;
  }
}

/**
 * The bot was removed from a server (kicked, or the server deleted): its members are marked departed, so that no
 * job nudges or welcomes them about a server where the bot is gone. If the bot is invited back, the members still
 * there are restored when it reconciles that server (reconcile.ts), others when they next join. An outage is no
 * removal: discord.js emits GuildUnavailable for it, never GuildDelete; `guild.available` is not checked, as it is
 * still false when a server is removed during an outage. A removal while the bot was offline sends no GuildDelete:
 * removed-offline.ts finds those servers when the client is ready, or when a shard is ready in a new session after a
 * reconnect that could not resume, and departs their members the same way.
 */
export async function handleGuildRemoved(guild: Guild, ctx: HandlerContext): Promise<void> {
  const community = discordCommunity(guild.id);
  const log = ctx.logger.child({ guildId: guild.id, communityId: community });
  const done = { departed: 0 };
  try {
    await departAllMembers(guild.id, ctx, done);
    log.info({ departed: done.departed }, "removed from a Discord server; its members are marked departed");
  } catch (e) {
    log.error({ err: e, departed: done.departed }, "could not mark the members of a server the bot left");
  }
}

/**
 * Marks every stored member of the server who is not departed yet departed (`members.departed`, as a leave does),
 * counting them in `done.departed`. Before each one it asks `stillGone`, and stops when it says the bot is back in
 * the server (that server's reconciliation then decides). A store error is thrown, with `done` counting the members
 * marked before it; running it again carries on, as departed members are skipped.
 */
export async function departAllMembers(guildId: string, ctx: HandlerContext, done: { departed: number }, stillGone: () => boolean = () => true): Promise<void> {
  const community = discordCommunity(guildId);
  let after: string | null = null;
  do {
    const page = await ctx.core.deps.store.listMembers(community, { after, limit: 500 });
    for (const m of page.members) {
      if (m.departed) continue;
      if (!stillGone()) return;
      await ctx.core.members.departed(m.id);
      done.departed++;
    }
    after = page.next;
  } while (after);
}
