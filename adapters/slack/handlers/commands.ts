/**
 * Slash commands. Each one acks at once (nothing shown) and then does the work, answering through the
 * command's response_url (only the member sees it): translate → one core call → render.
 */
import type { App, SlashCommand } from "@slack/bolt";
import type { ActionOutcome, Actor } from "../../../src/core/index.js";
import { inboundText, mentionResolver } from "../inbound.js";
import { actorFor, guarded, refreshHome, showWithAttachment, viaResponseUrl, type HandlerContext } from "./context.js";
import { openSkillsEditor } from "./skills-editor.js";

/** Command names as registered in the manifest. */
export const COMMANDS = { ask: "/ask", skills: "/skills", knowhow: "/knowhow" } as const;

/** Subcommands of /knowhow after which the App Home should be refreshed. */
const CHANGES_PROFILE = /^(pause|resume|unpause|cap|quiet|quiet-hours|timezone|tz|opt-in|opt-out|reminders)\b/i;

export function registerCommands(app: App, ctx: HandlerContext): void {
  app.command(COMMANDS.ask, async ({ ack, command }) => {
    await ack();
    await handleAsk(ctx, command);
  });

  app.command(COMMANDS.skills, async ({ ack, command }) => {
    await ack();
    await handleSkills(ctx, command);
  });

  app.command(COMMANDS.knowhow, async ({ ack, command }) => {
    await ack();
    await handleKnowhow(ctx, command);
  });
}

async function handleAsk(ctx: HandlerContext, c: SlashCommand): Promise<void> {
  const show = viaResponseUrl(ctx, c.response_url);
  await guarded(ctx, { command: c.command, teamId: c.team_id, userId: c.user_id }, show, async () => {
    const actor = await actorFor(ctx, c.team_id, c.user_id);
    const isPrivate = await ctx.directory.isPrivate(c.team_id, c.channel_id);
    const isDm = c.channel_id.startsWith("D");
    const { reply } = await ctx.core.asks.ask(actor, inboundText(c.text, c.team_id, ctx.botUserId), {
      surface: isDm ? "dm" : "command", channelId: isDm ? null : c.channel_id, threadId: null, isPrivate,
    });
    await show(reply);
  });
}

async function handleSkills(ctx: HandlerContext, c: SlashCommand): Promise<void> {
  const show = viaResponseUrl(ctx, c.response_url);
  await guarded(ctx, { command: c.command, teamId: c.team_id, userId: c.user_id }, show, async () => {
    const actor = await actorFor(ctx, c.team_id, c.user_id);
    const text = inboundText(c.text, c.team_id, ctx.botUserId);
    const outcome = await ctx.core.commands.skillsCommand(actor, text, mentionResolver(c.team_id));
    await render(ctx, c, actor, outcome);
    if (/^(add|remove|rm|delete)\b/i.test(text)) await refreshHome(ctx, c.team_id, c.user_id);
  });
}

async function handleKnowhow(ctx: HandlerContext, c: SlashCommand): Promise<void> {
  const show = viaResponseUrl(ctx, c.response_url);
  await guarded(ctx, { command: c.command, teamId: c.team_id, userId: c.user_id }, show, async () => {
    const actor = await actorFor(ctx, c.team_id, c.user_id);
    const text = inboundText(c.text, c.team_id, ctx.botUserId);
    const outcome = await ctx.core.commands.knowhowCommand(actor, text);
    await render(ctx, c, actor, outcome);
    if (CHANGES_PROFILE.test(text)) await refreshHome(ctx, c.team_id, c.user_id);
  });
}

async function render(ctx: HandlerContext, c: SlashCommand, actor: Actor, outcome: ActionOutcome): Promise<void> {
  if (outcome.kind === "open_skills_editor") {
    await openSkillsEditor(ctx, c.team_id, c.user_id, c.trigger_id, { responseUrl: c.response_url });
    return;
  }
  await showWithAttachment(ctx, actor, outcome.message, viaResponseUrl(ctx, c.response_url));
}
