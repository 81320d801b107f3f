/**
 * Buttons → the core's action dispatcher. The custom_id names the action, its value and the guild (so
 * presses in DMs find their community); modals submit the skills editor.
 */
import { MessageFlags, Routes, type ButtonInteraction, type ModalSubmitInteraction } from "discord.js";
import { UserError } from "../../../src/core/errors.js";
import { ONE_SHOT_ACTIONS } from "../../../src/core/messages.js";
import { skillChangeMessage } from "../../../src/core/views/profile.js";
import { actorInGuild } from "../context.js";
import { clip, DISCORD_LIMITS } from "../render/limits.js";
import { parseModalSkills, SKILLS_MODAL } from "../render/modal.js";
import { respond } from "../respond.js";
import type { HandlerContext } from "./context.js";

const STALE = "That button is out of date — please run the command again.";

export async function handleButton(i: ButtonInteraction, ctx: HandlerContext): Promise<void> {
  const decoded = ctx.customIds.decode(i.customId);
  const guildId = decoded?.guildId ?? i.guildId ?? "0";
  const actor = () => actorInGuild(ctx.client, guildId, i.user);
  await respond(i, ctx, async () => {
    if (!decoded) throw new UserError("invalid_input", STALE);
    if (i.guildId && i.guildId !== decoded.guildId) throw new UserError("not_allowed", STALE);
    if (decoded.value === null) throw new UserError("not_found", "That button has expired — please try again.");
    const who = await actor();
    // A press in a DM is on a DM that reached the member: their DMs are open, whatever an earlier failed DM said.
    if (!i.inGuild()) await ctx.core.members.setDmClosed(who.memberId, false);
    return ctx.core.actions.handle(who, decoded.type, decoded.value);
  }, {
    guildId, ephemeral: i.inGuild(), actor, what: { button: decoded?.type ?? "unknown" },
    ...(decoded && ONE_SHOT_ACTIONS.has(decoded.type) && !ephemeral(i) ? { answered: () => markAnswered(i, ctx, i.inGuild() && decoded.type.startsWith("offer.")) } : {}),
  });
}

/** Whether the button is on an ephemeral message (a reply in a server, which Knowhow can't edit by REST; it is gone on reload). */
function ephemeral(i: ButtonInteraction): boolean {
  // A discord.js Message has a bitfield; the raw message of a server the bot isn't in, a number (or none).
  const flags = i.message.flags as unknown;
  if (typeof flags === "number") return (flags & MessageFlags.Ephemeral) !== 0;
  return (flags as { has?(f: number): boolean } | undefined)?.has?.(MessageFlags.Ephemeral) ?? false;
}

/**
 * Takes the buttons off the message just answered, with a note of what was chosen (as Slack replaces the row), so a
 * one-shot button can't be pressed again and met with "this question is closed". The answer itself is the reply. In a
 * server others read the message too (suggestions in a thread, an intro request posted as a mention because DMs were
 * closed): `discreet` keeps the choice to "Answered", so the channel doesn't learn whether a helper said yes or no.
 */
async function markAnswered(i: ButtonInteraction, ctx: HandlerContext, discreet: boolean): Promise<void> {
  const c = i.component as { label?: string | null } | null;
  const note = discreet ? "-# Answered." : `-# You chose: **${(c?.label ?? "done").replace(/[*_~`|\\]/g, "")}**`;
  const content = clip(i.message.content ? `${i.message.content}\n${note}` : note, DISCORD_LIMITS.content);
  await ctx.client.rest.patch(Routes.channelMessage(i.message.channelId, i.message.id), {
    body: { content, components: [], allowed_mentions: { parse: [] } },
  });
}

export async function handleModal(i: ModalSubmitInteraction, ctx: HandlerContext): Promise<void> {
  const decoded = ctx.customIds.decode(i.customId);
  const guildId = decoded?.guildId ?? i.guildId ?? "0";
  await respond(i, ctx, async () => {
    if (!decoded || decoded.type !== SKILLS_MODAL) throw new UserError("invalid_input", "That form is out of date — please open it again with `/skills edit`.");
    const items = parseModalSkills(i.fields.getTextInputValue("skills"));
    const about = i.fields.fields.has("about") ? i.fields.getTextInputValue("about") : undefined;
    const actor = await actorInGuild(ctx.client, guildId, i.user);
    return { kind: "reply", message: skillChangeMessage(await ctx.core.skills.replace(actor, items, about)) };
  }, { guildId, ephemeral: i.inGuild(), what: { modal: decoded?.type ?? "unknown" } });
}
