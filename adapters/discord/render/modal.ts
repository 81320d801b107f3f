/** The skills editor modal (`/skills edit`, "Edit skills" buttons) and reading its submission. */
import type { APIModalInteractionResponseCallbackData } from "discord.js";
import type { Member } from "../../../src/core/domain/member.js";
import type { SkillInput } from "../../../src/core/domain/skill.js";
import { UserError } from "../../../src/core/errors.js";
import { parseSkillLine } from "../../../src/core/skills/parse.js";
import { LIMITS } from "../../../src/core/text.js";
import { editorLines } from "../../../src/core/views/format.js";

export const SKILLS_MODAL = "skills.modal";
const TEXT_MAX = 4000;

/** The editor filled with the member's profile; empty for someone Knowhow has no record of. */
export function skillsModal(guildId: string, member: Member | null, adding: readonly SkillInput[] = []): APIModalInteractionResponseCallbackData {
  const skills = editorLines(member, adding).slice(0, TEXT_MAX);
  return {
    custom_id: `${SKILLS_MODAL}:${guildId}:edit`,
    title: "Your skills",
    components: [
      { type: 1, components: [{
        type: 4, custom_id: "skills", style: 2, label: "One skill per line — level in brackets", required: true, max_length: TEXT_MAX,
        placeholder: "SEO\ncopywriting (expert)\nreact (learning)", ...(skills ? { value: skills } : {}),
      }] },
      { type: 1, components: [{
        type: 4, custom_id: "about", style: 2, label: "About you (optional)", required: false, max_length: LIMITS.about,
        ...(member?.about ? { value: member.about } : {}),
      }] },
    ],
  };
}

/**
 * The skills typed in the modal, one line at a time (each line may also hold a comma-separated list).
 * Throws a friendly UserError naming the first bad line; nothing is stored then.
 */
export function parseModalSkills(text: string): SkillInput[] {
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) throw new UserError("empty", "Please list at least one skill (to remove them all, use `/skills remove`).", "skills");
  return lines.flatMap((l) => parseSkillLine(l));
}
