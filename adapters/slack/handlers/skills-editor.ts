/**
 * The skills modal: opening it (prefilled) and saving a submission through `core.skills.replace`.
 */
import type { SkillInput } from "../../../src/core/domain/skill.js";
import { FAULT_MESSAGE, isUserError, UserError } from "../../../src/core/errors.js";
import type { Actor } from "../../../src/core/index.js";
import { parseSkillLine } from "../../../src/core/skills/parse.js";
import { LIMITS } from "../../../src/core/text.js";
import { spellingText } from "../../../src/core/views/profile.js";
import { SlackApiError } from "../api.js";
import { slackMember } from "../inbound.js";
import { ABOUT_BLOCK, readSkillsSubmission, SKILLS_BLOCK, skillsModal } from "../render/views.js";
import type { HandlerContext } from "./context.js";

/** What the modal remembers between opening and submission. */
export interface SkillsModalMetadata {
  /** Where to confirm the save (the /skills command's or button's response_url), if any. */
  responseUrl?: string;
}

/**
 * Opens the editor with the member's current skills, and `adding` (a list they just typed) below them.
 * `triggerId` is only valid for 3 s after the interaction.
 */
export async function openSkillsEditor(ctx: HandlerContext, teamId: string, userId: string, triggerId: string, meta: SkillsModalMetadata = {}, adding: SkillInput[] = []): Promise<void> {
  const member = await ctx.core.skills.profile(slackMember(teamId, userId)).catch((e: unknown) => {
    if (isUserError(e)) return null;
    throw e;
  });
  try {
    await ctx.api.call(teamId, "views.open", { trigger_id: triggerId, view: skillsModal(member, JSON.stringify(meta), adding) });
  } catch (e) {
    // Slack answered too late for the trigger (it lives 3 s): nothing is wrong that another try won't fix.
    if (e instanceof SlackApiError && e.slackError === "expired_trigger_id") {
      ctx.logger.warn({ err: e, teamId, userId }, "the skills editor's trigger expired before views.open");
      throw new UserError("invalid_transition", EDITOR_TOO_LATE);
    }
    throw e;
  }
}

/** What a member is told when Slack's trigger for the editor expired before it could open. */
const EDITOR_TOO_LATE = "Slack didn't give me time to open the editor — please run `/skills` (or press the button) again. You can also type `/skills add SEO, copywriting (expert)`.";

export function readMetadata(raw: string | undefined): SkillsModalMetadata {
  if (!raw) return {};
  try {
    const v = JSON.parse(raw) as SkillsModalMetadata;
    return typeof v === "object" && v !== null && (v.responseUrl === undefined || typeof v.responseUrl === "string") ? v : {};
  } catch {
    return {};
  }
}

export type SaveResult = { ok: true; summary: string } | { ok: false; errors: Record<string, string> };

/**
 * Validates and saves a submission. Nothing is stored when anything is invalid: the errors are keyed by
 * the modal's block ids so Slack shows them next to the field.
 */
export async function saveSkillsSubmission(ctx: HandlerContext, actor: Actor, values: Parameters<typeof readSkillsSubmission>[0]): Promise<SaveResult> {
  const raw = readSkillsSubmission(values);
  try {
    const items: SkillInput[] = raw.skills.trim() === "" ? [] : parseSkillLine(raw.skills, { maxLength: LIMITS.skillEditor });
    const change = await ctx.core.skills.replace(actor, items, raw.about);
    const n = change.member.skills.length;
    const saved = n === 0 ? "Saved — you have no skills listed now." : `Saved — ${n} skill${n === 1 ? "" : "s"} on your profile.`;
    return { ok: true, summary: change.spelling.length ? `${saved} ${spellingText(change.spelling)}` : saved };
  } catch (e) {
    if (isUserError(e)) return { ok: false, errors: { [e.field === "about" ? ABOUT_BLOCK : SKILLS_BLOCK]: e.message.slice(0, 300) } };
    ctx.logger.error({ err: e, memberId: actor.memberId }, "saving the skills modal failed");
    return { ok: false, errors: { [SKILLS_BLOCK]: FAULT_MESSAGE } };
  }
}
