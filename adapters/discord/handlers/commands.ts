/**
 * Slash commands, thin: translate the options, call one core use case, render. `/skills` and
 * `/knowhow` subcommands map onto the core's command grammar so Slack, the playground and Discord share
 * every rule and message.
 */
import { ChannelType, PermissionFlagsBits, type ChatInputCommandInteraction, type Guild } from "discord.js";
import type { SkillLevel } from "../../../src/core/domain/skill.js";
import { UserError } from "../../../src/core/errors.js";
import { parseSkillLine } from "../../../src/core/skills/parse.js";
import { skillChangeMessage } from "../../../src/core/views/profile.js";
import { actorOf } from "../context.js";
import { discordMember, inboundText, isSnowflake, mentionResolver } from "../ids.js";
import { respond } from "../respond.js";
import { originOf, type HandlerContext } from "./context.js";

const NOT_A_MEMBER = "Knowhow isn't a member of this server, only its commands were added, so it can't find or ask anyone here. " +
  "A server admin can add it with its invite link (with the *bot* scope, as the setup guide shows); then try again.";

export async function handleCommand(i: ChatInputCommandInteraction, ctx: HandlerContext): Promise<void> {
  const what = { command: i.commandName, sub: i.options.getSubcommand(false) };
  if (!i.inCachedGuild()) {
    // In a server whose guild the gateway never sent: it added the commands (applications.commands) without the bot.
    const why = i.guildId ? NOT_A_MEMBER : "Please use Knowhow's commands inside a server.";
    await respond(i, ctx, async () => { throw new UserError("not_allowed", why); }, { guildId: i.guildId ?? "0", ephemeral: true, what });
    return;
  }
  const guildId = i.guildId;
  const actor = actorOf(i.guild, i.user, i.member, i.memberPermissions.has(PermissionFlagsBits.ManageGuild));
  const base = { guildId, ephemeral: true, what, actor: async () => actor };
  const c = ctx.core;
  // Free text typed into an option carries the same markup as a message (<@id>, <#id>, <@&id>, <:name:id>).
  const typed = (name: string): string => inboundText(i.options.getString(name) ?? "", guildId, i.client.user.id);

  switch (i.commandName) {
    case "ask": {
      const question = typed("question");
      return respond(i, ctx, async () => ({ kind: "reply" as const, message: (await c.asks.ask(actor, question, originOf(i.channel, "command"))).reply }), { ...base, deferNow: true });
    }
    case "skills": {
      const sub = i.options.getSubcommand();
      if (sub === "add") {
        const text = typed("skills");
        const level = i.options.getString("level") as SkillLevel | null;
        return respond(i, ctx, async () => {
          const items = parseSkillLine(text).map((s) => (level ? { ...s, level } : s));
          return { kind: "reply", message: skillChangeMessage(await c.skills.add(actor, items)) };
        }, base);
      }
      if (sub === "remove") return respond(i, ctx, () => c.commands.skillsCommand(actor, `remove ${i.options.getString("skill") ?? ""}`), base);
      if (sub === "list") {
        const user = i.options.getUser("member");
        const text = user && user.id !== i.user.id ? `list <@${discordMember(guildId, user.id)}>` : "list";
        return respond(i, ctx, () => c.commands.skillsCommand(actor, text, mentionResolver(guildId)), base);
      }
      return respond(i, ctx, () => c.commands.skillsCommand(actor, "edit"), base);
    }
    case "knowhow": {
      const sub = i.options.getSubcommand();
      if (sub === "import-roles") {
        const role = i.options.getRole("role");
        const pattern = i.options.getString("pattern");
        return respond(i, ctx, async () => {
          await c.communities.requireAdmin(actor);
          return { kind: "reply", message: await ctx.roles.importRoles(i.guild, { roleIds: role ? [role.id] : [], pattern }) };
        }, { ...base, deferNow: true });
      }
      if (sub === "settings" && i.options.getString("name")?.trim().toLowerCase() === "channel" && i.options.getString("value")) {
        return respond(i, ctx, async () => c.commands.knowhowCommand(actor, `settings channel ${await channelSetting(i.guild, i.options.getString("value") ?? "")}`), base);
      }
      return respond(i, ctx, () => c.commands.knowhowCommand(actor, knowhowText(i, sub)), base);
    }
    default:
      return respond(i, ctx, async () => { throw new UserError("invalid_input", "I don't know that command — it may be from an older version of Knowhow."); }, base);
  }
}

const POSTABLE = new Set([ChannelType.GuildText, ChannelType.GuildAnnouncement]);

/**
 * The `channel` setting's value on Discord: a text channel of this server (`<#id>`, picked after typing #, or its
 * id) or `none`. The core takes any id-like word, so "help" typed as text would be stored and fail at the first post.
 */
async function channelSetting(guild: Guild, raw: string): Promise<string> {
  const value = raw.trim();
  if (value.toLowerCase() === "none") return "none";
  const id = value.match(/^<#(\d+)>$/)?.[1] ?? value;
  const channel = isSnowflake(id) ? (guild.channels.cache.get(id) ?? await guild.channels.fetch(id).catch(() => null)) : null;
  if (!channel) throw new UserError("invalid_input", "That isn't a channel of this server. In *value*, type # and pick the channel from the list (a plain “help” is only text), or write `none`.", "value");
  if (!POSTABLE.has(channel.type)) throw new UserError("invalid_input", `<#${channel.id}> isn't a text channel I can post questions in. Pick a text channel, or write \`none\`.`, "value");
  return channel.id;
}

/** `/knowhow <sub> <options>` → the core's command text. */
function knowhowText(i: ChatInputCommandInteraction, sub: string): string {
  switch (sub) {
    case "pause": return `pause ${i.options.getInteger("days") ?? 7}`;
    case "cap": return `cap ${i.options.getInteger("per_week", true)}`;
    case "quiet-hours": {
      const start = i.options.getInteger("start", true);
      const end = i.options.getInteger("end", true);
      return start === end ? "quiet off" : `quiet ${start}-${end}`;
    }
    case "timezone": return `timezone ${i.options.getString("timezone", true)}`;
    case "reminders": return `reminders ${i.options.getString("state", true)}`;
    case "settings": {
      const name = i.options.getString("name");
      const value = i.options.getString("value");
      if (name && !value) throw new UserError("empty", `Give a value, e.g. \`/knowhow settings name:${name} value:…\`.`, "value");
      return name ? `settings ${name.replace(/\s+/g, "-")} ${value}` : "settings";
    }
    case "alias": {
      const from = i.options.getString("from");
      const to = i.options.getString("to");
      if (!from && !to) return "alias";
      if (!from || !to) throw new UserError("empty", "Give both, e.g. `/knowhow alias from:gh actions to:github actions` — or neither, to list the aliases.", "alias");
      return `alias ${from} = ${to}`;
    }
    case "unalias": return `unalias ${i.options.getString("alias", true)}`;
    default: return sub;
  }
}
