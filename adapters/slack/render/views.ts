/**
 * Slack surfaces built from core data: the skills modal (and reading its submission) and the App Home.
 */
import type { types } from "@slack/bolt";
import type { Member } from "../../../src/core/domain/member.js";
import type { HelpRequest, Offer } from "../../../src/core/domain/request.js";
import type { Action } from "../../../src/core/messages.js";
import { LIMITS as CORE_LIMITS } from "../../../src/core/text.js";
import type { SkillInput } from "../../../src/core/domain/skill.js";
import { editorLines, isoDay, quote, skillLine } from "../../../src/core/views/format.js";
import { availabilityLine } from "../../../src/core/views/profile.js";
import { actionBlocks, toMrkdwn, truncate, type Block } from "./blocks.js";

type ModalView = types.ModalView;
type HomeView = types.HomeView;

export const SKILLS_MODAL = "kh_skills_modal";
/** Block ids of the modal's inputs; `response_action: "errors"` keys use them. */
export const SKILLS_BLOCK = "skills";
export const ABOUT_BLOCK = "about";
const SKILLS_INPUT = "skills_input";
const ABOUT_INPUT = "about_input";

/** The skills editor. `member` null: a newcomer with nothing declared. */
export function skillsModal(member: Member | null, privateMetadata = "", adding: readonly SkillInput[] = []): ModalView {
  const lines = prefill(member, adding);
  return {
    type: "modal",
    callback_id: SKILLS_MODAL,
    private_metadata: privateMetadata,
    title: { type: "plain_text", text: "Your skills" },
    submit: { type: "plain_text", text: "Save" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      {
        type: "section",
        text: { type: "mrkdwn", text: "What can people in this community ask you about? One skill per line. Add a level in brackets: `copywriting (expert)`, `react (learning)`. Without one it means *can help*. Delete a line to remove that skill." },
      },
      {
        type: "input",
        block_id: SKILLS_BLOCK,
        optional: true,
        label: { type: "plain_text", text: "Skills" },
        hint: { type: "plain_text", text: "Levels: expert · can help (default) · learning (never suggested as a helper)." },
        element: {
          type: "plain_text_input", action_id: SKILLS_INPUT, multiline: true, max_length: CORE_LIMITS.skillEditor,
          placeholder: { type: "plain_text", text: "SEO\ncopywriting (expert)\nreact (learning)" },
          ...(lines ? { initial_value: lines } : {}),
        },
      },
      {
        type: "input",
        block_id: ABOUT_BLOCK,
        optional: true,
        label: { type: "plain_text", text: "About you" },
        element: {
          type: "plain_text_input", action_id: ABOUT_INPUT, multiline: true, max_length: CORE_LIMITS.about,
          placeholder: { type: "plain_text", text: "A line about what you do, so helpers and askers know you a little." },
          ...(member?.about ? { initial_value: member.about } : {}),
        },
      },
    ],
  };
}

/**
 * The editor's initial text. The member's own skills always fit (LIMITS.skillEditor is sized for the largest profile);
 * Slack refuses a view whose initial_value is longer than max_length, so of a list being added only the lines that fit
 * are shown.
 */
function prefill(member: Member | null, adding: readonly SkillInput[]): string {
  let lines = editorLines(member, adding);
  for (let n = adding.length - 1; lines.length > CORE_LIMITS.skillEditor && n >= 0; n--) lines = editorLines(member, adding.slice(0, n));
  return lines;
}

type StateValues = Record<string, Record<string, { value?: string | null }>>;

/** The raw texts of a submitted skills modal (empty strings when left blank). */
export function readSkillsSubmission(values: StateValues): { skills: string; about: string } {
  return {
    skills: values[SKILLS_BLOCK]?.[SKILLS_INPUT]?.value ?? "",
    about: values[ABOUT_BLOCK]?.[ABOUT_INPUT]?.value ?? "",
  };
}

const STATE_LABEL: Record<string, string> = { open: "waiting for you to pick", offered: "asking people", connected: "introduced" };

export interface HomeData {
  member: Member | null;
  asked: HelpRequest[];
  offers: Array<{ offer: Offer; request: HelpRequest }>;
  now: Date;
}

/** The App Home: the member's profile, availability, open requests and buttons to change them. */
export function homeView(d: HomeData): HomeView {
  const blocks: Block[] = [{ type: "header", text: { type: "plain_text", text: "Your Knowhow profile" } }];
  const m = d.member;
  if (!m || m.skills.length === 0) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: "You haven't told me what you can help with yet. Add a few skills and I'll ask you — privately, and only when you're available — when someone needs exactly that." } });
    blocks.push(...actionBlocks([{ type: "skills.edit", label: "Add skills", value: "edit", style: "primary" }], "kh_home_edit"));
  } else {
    const skillText = m.skills.map((s) => `• *${toMrkdwn(skillLine(s))}* — confirmed ${isoDay(s.confirmedAt)}`).join("\n");
    blocks.push({ type: "section", text: { type: "mrkdwn", text: truncate(`*Skills*\n${skillText}`, 3000) } });
    if (m.about) blocks.push({ type: "section", text: { type: "mrkdwn", text: truncate(`*About*\n${toMrkdwn(m.about)}`, 3000) } });
    const edit: Action[] = [
      { type: "skills.edit", label: "Edit skills", value: "edit", style: "primary" },
      { type: "nudge.confirm", label: "Still accurate", value: "confirm" },
    ];
    blocks.push(...actionBlocks(edit, "kh_home_edit"));
  }
  if (m) {
    blocks.push({ type: "divider" });
    blocks.push({ type: "section", text: { type: "mrkdwn", text: `*Availability*\n${toMrkdwn(availabilityLine(m, d.now))}` } });
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: "Change it with `/knowhow pause 14`, `/knowhow cap 3`, `/knowhow quiet 21-8` or `/knowhow resume`." }] });
  }
  blocks.push({ type: "divider" });
  blocks.push({ type: "section", text: { type: "mrkdwn", text: "*Questions you asked*" } });
  if (d.asked.length === 0) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: "None open. Ask with `/ask …` or DM me a question." }] });
  for (const r of d.asked.slice(0, 10)) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: truncate(`${toMrkdwn(quote(r.question, 200))} — _${STATE_LABEL[r.state] ?? r.state}_`, 3000) } });
  }
  blocks.push({ type: "section", text: { type: "mrkdwn", text: "*People asking you*" } });
  if (d.offers.length === 0) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: "Nobody is waiting for you right now." }] });
  d.offers.slice(0, 10).forEach(({ offer, request }, i) => {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: truncate(toMrkdwn(`<@${request.askerId}> asks ${quote(request.question, 200)}\nSuggested because: ${offer.reason}.`), 3000) } });
    blocks.push(...actionBlocks([
      { type: "offer.accept", label: "I can help", value: offer.id, style: "primary" },
      { type: "offer.decline", label: "Not now", value: offer.id },
      { type: "offer.not_my_area", label: "Not my area", value: offer.id },
    ], `kh_home_offer_${i}`));
  });
  return { type: "home", blocks: blocks.slice(0, 100) };
}
