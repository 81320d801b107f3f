/** Guild membership: a join tells the core a member arrived (onboarding later); a leave marks them departed. */
import type { GuildMember, PartialGuildMember } from "discord.js";
import { actorOf } from "../context.js";
import { discordMember } from "../ids.js";
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
