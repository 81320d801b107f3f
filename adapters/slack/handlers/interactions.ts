/**
 * Interactivity: every Knowhow button (action_id `kh:<type>:<n>`) goes to the core's action dispatcher;
 * the skills modal's submission is validated and saved before the ack so errors appear next to the field.
 */
import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { errorMessage, info, ONE_SHOT_ACTIONS } from "../../../src/core/messages.js";
import { ACTION_ID_RE, actionTypeOf, renderMessage } from "../render/blocks.js";
import { SKILLS_MODAL } from "../render/views.js";
import { actorFor, guarded, orElse, refreshHome, showWithAttachment, viaDm, viaResponseUrl, type HandlerContext, type Show } from "./context.js";
import { openSkillsEditor, readMetadata, saveSkillsSubmission } from "./skills-editor.js";


/**
 * Buttons spent on their own (one-shot ones lose their whole row): only the pressed one goes, the rest of its row stays (a nudge's other "Add <skill>",
 * Still accurate, Edit… are still answers after one skill was added).
 */
const ONE_BUTTON = new Set(["nudge.add_skill"]);

export function registerInteractions(app: App, ctx: HandlerContext): void {
  app.action<BlockAction<ButtonAction>>({ type: "block_actions", action_id: ACTION_ID_RE }, async ({ ack, body, action }) => {
    await ack();
    await handleButton(ctx, body, action);
  });

  app.view(SKILLS_MODAL, async ({ ack, body, view }) => {
    const teamId = body.team?.id ?? body.user.team_id;
    if (!teamId) {
      await ack({ response_action: "errors", errors: { skills: "I couldn't tell which workspace this came from. Please try again." } });
      return;
    }
    const userId = body.user.id;
    const meta = readMetadata(view.private_metadata);
    // Slack shows "trouble connecting" if the submission isn't acknowledged within 3 s, though the save goes on. Past the
    // budget the modal is closed, and the outcome (saved, or what was wrong) follows where the confirmation goes.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), ctx.modalAckBudgetMs)));
    const saving = actorFor(ctx, teamId, userId).then((actor) => saveSkillsSubmission(ctx, actor, view.state.values));
    const result = await Promise.race([saving, late]);
    clearTimeout(timer);
    // Where the late outcome goes: the command's response_url (it expires after 30 min), else a DM.
    const dm = viaDm(ctx, teamId, userId);
    const tell = meta.responseUrl ? orElse(ctx, viaResponseUrl(ctx, meta.responseUrl), dm, "response_url refused the skills save outcome; sending it by DM") : dm;
    if (result === "late") {
      await ack();
      ctx.logger.warn({ teamId, userId, budgetMs: ctx.modalAckBudgetMs }, "skills modal save ran past its ack budget; the modal was closed first");
      const saved = await saving;
      const outcome = saved.ok ? info(saved.summary) : errorMessage(`Your skills were not saved: ${Object.values(saved.errors).join(" ")} Run \`/skills\` to try again.`);
      await tell(outcome).catch((e: unknown) => ctx.logger.warn({ err: e }, "could not tell the member how the skills save went"));
      await refreshHome(ctx, teamId, userId);
      return;
    }
    if (!result.ok) {
      await ack({ response_action: "errors", errors: result.errors });
      return;
    }
    await ack();
    if (meta.responseUrl) {
      await viaResponseUrl(ctx, meta.responseUrl)(info(result.summary)).catch((e: unknown) => ctx.logger.warn({ err: e }, "could not confirm the skills save"));
    }
    await refreshHome(ctx, teamId, userId);
  });
}

async function handleButton(ctx: HandlerContext, body: BlockAction<ButtonAction>, action: ButtonAction): Promise<void> {
  const teamId = body.team?.id ?? body.user.team_id;
  const userId = body.user.id;
  const type = actionTypeOf(action.action_id);
  if (!teamId || !type) return;
  const show: Show = body.response_url ? viaResponseUrl(ctx, body.response_url) : viaDm(ctx, teamId, userId);
  await guarded(ctx, { action: type, teamId, userId }, show, async () => {
    const actor = await actorFor(ctx, teamId, userId);
    const outcome = await ctx.core.actions.handle(actor, type, action.value ?? "");
    if (outcome.kind === "open_skills_editor") {
      await openSkillsEditor(ctx, teamId, userId, body.trigger_id, body.response_url ? { responseUrl: body.response_url } : {}, outcome.adding);
      return;
    }
    if (ONE_SHOT_ACTIONS.has(type) && body.response_url && isEphemeralWithoutCopy(body)) {
      // Slack sends no copy of an ephemeral message (suggestions, the forget-me prompt), so its row can't be rebuilt: the
      // answer takes the message's place, which takes the spent buttons away too.
      const url = body.response_url;
      const replace: Show = (m) => ctx.postToResponseUrl(url, { replace_original: true, ...renderMessage(m) });
      // The ephemeral may be gone (it vanishes when Slack reloads): the answer still has to arrive.
      await showWithAttachment(ctx, actor, outcome.message, orElse(ctx, replace, show, "could not replace the ephemeral message; answering beside it"));
      await refreshHome(ctx, teamId, userId);
      return;
    }
    if (ONE_SHOT_ACTIONS.has(type)) await markAnswered(ctx, body, action, "row");
    else if (ONE_BUTTON.has(type)) await markAnswered(ctx, body, action, "button");
    await showWithAttachment(ctx, actor, outcome.message, show);
    await refreshHome(ctx, teamId, userId);
  });
}

/** A press on an ephemeral message, which Slack's payload carries no copy of (no `message`, so no blocks to edit). */
function isEphemeralWithoutCopy(body: BlockAction<ButtonAction>): boolean {
  const container = body.container as { type?: unknown; is_ephemeral?: unknown } | undefined;
  return container?.type === "message" && container.is_ephemeral === true && !body.message?.blocks;
}

/**
 * Replaces the pressed button's row (or only the button) with a note of what was chosen, so a one-shot button cannot
 * be pressed twice. Only for messages (not the App Home, which is republished instead).
 */
async function markAnswered(ctx: HandlerContext, body: BlockAction<ButtonAction>, action: ButtonAction, what: "row" | "button"): Promise<void> {
  const blocks = body.message?.blocks as Array<{ type: string; block_id?: string; elements?: Array<{ action_id?: string }> }> | undefined;
  if (!body.response_url || !blocks) return;
  const label = action.text?.text ?? "done";
  const kept = what === "row"
    ? blocks.filter((b) => b.block_id !== action.block_id)
    : blocks.flatMap((b) => {
      if (b.block_id !== action.block_id || !b.elements) return [b];
      const elements = b.elements.filter((e) => e.action_id !== action.action_id);
      return elements.length ? [{ ...b, elements }] : [];
    });
  kept.push({ type: "context", elements: [{ type: "mrkdwn", text: `You chose: *${label.replace(/[*<>&]/g, "")}*` }] } as { type: string });
  try {
    await ctx.postToResponseUrl(body.response_url, { replace_original: true, text: body.message?.text ?? label, blocks: kept });
  } catch (e) {
    ctx.logger.warn({ err: e }, "could not update the original message");
  }
}

