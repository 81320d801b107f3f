import type { SkillInput } from "../domain/skill.js";
import { isUserError } from "../errors.js";
import { info, type Message } from "../messages.js";
import { parseSkillLine, validateSkillLabel } from "../skills/parse.js";
import type { SkillExtractor } from "../ports/skill-extractor.port.js";
import { LIMITS } from "../text.js";
import { skillLine } from "../views/format.js";
import { helpMessage } from "../views/profile.js";
import type { AskService } from "./asks.js";
import type { Actor } from "./context.js";
import type { Drafts } from "./drafts.js";
import type { MemberService } from "./members.js";

const QUESTION_START = /^(who|whom|how|what|where|when|why|which|can|could|does|do|is|are|anyone|any one|somebody|someone|need|looking for|help me|i need|i'm looking|i am looking|is there|are there|has anyone|recommend)\b/i;
const DECLARE_START = /^(i\s+(can|could)\s+help|i\s+(do|know|teach|work)|i'm\s+(good|an?\s+expert|learning|into)|i\s+am\s+(good|an?\s+expert|learning)|my\s+skills|skills?\s*:|i'm\s+a\b|i\s+am\s+a\b|expert\s+in|learning\s)/i;

export type DmIntent = "help" | "question" | "skills" | "unknown";

/** Decides what a free-text DM is: a question, a skill declaration, a request for help, or unclear. */
export function classifyDm(text: string): DmIntent {
  const t = text.trim();
  if (/^(help|hi|hello|hey|\?|start|commands)[!.]*$/i.test(t)) return "help";
  if (DECLARE_START.test(t)) return "skills";
  if (t.includes("?") || QUESTION_START.test(t)) return "question";
  if (t.split(/[,;]/).length >= 2 && t.length <= 300) return "skills";
  return "unknown";
}

/** Free text sent to the bot by DM: questions become asks, skill lists get a one-click confirmation. */
export class ConversationService {
  constructor(
    private readonly asks: AskService,
    private readonly members: MemberService,
    private readonly drafts: Drafts,
    private readonly extractor: SkillExtractor | null = null,
  ) {}

  async handleDm(actor: Actor, text: string): Promise<Message> {
    const intent = classifyDm(text);
    if (intent === "question") {
      return (await this.asks.ask(actor, text, { surface: "dm", channelId: null, threadId: null, isPrivate: true })).reply;
    }
    if (intent === "skills") {
      try {
        const extracted = await this.extract(text);
        return this.confirmSkills(actor, extracted ?? parseSkillLine(text, { freeText: true }));
      } catch (e) {
        if (!isUserError(e)) throw e;
        return info(`${e.message}\nYou can also use \`/skills add SEO, copywriting (expert)\`.`);
      }
    }
    await this.members.touch(actor);
    if (intent === "help") return helpMessage(actor.communityId);
    return info("I'm not sure what you mean. Ask me a question (“who can help with bookkeeping?”) or tell me what you can help with (“I can help with bookkeeping and Etsy SEO”). Say *help* for everything I can do.");
  }

  /** The help, when a mention of the bot asks for nothing else (“@Knowhow help”); null when the mention is an ask. */
  async mentionHelp(actor: Actor, text: string): Promise<Message | null> {
    if (classifyDm(text) !== "help") return null;
    await this.members.touch(actor);
    return helpMessage(actor.communityId);
  }

  /** Skills from the optional model, validated like typed input; null to fall back to the parser. */
  private async extract(text: string): Promise<SkillInput[] | null> {
    if (!this.extractor) return null;
    const found = await this.extractor.extract(text);
    if (!found || found.length === 0) return null;
    const seen = new Set<string>();
    const valid: SkillInput[] = [];
    for (const s of found.slice(0, LIMITS.skillsPerMember)) {
      try {
        valid.push(validateSkillLabel(s.label, s.level, seen));
      } catch (e) {
        if (!isUserError(e)) throw e; // a bad or duplicate label from the model is dropped, not shown as the member's error
      }
    }
    return valid.length > 0 ? valid : null;
  }

  /** A confirmation prompt for skills parsed from free text. */
  confirmSkills(actor: Actor, skills: SkillInput[]): Message {
    const line = skills.map(skillLine).join(", ");
    const value = line.length <= 80 ? line : `draft:${this.drafts.put(actor.memberId, line)}`;
    return {
      kind: "confirm",
      title: "Add these skills?",
      text: `I understood: ${skills.map((s) => `*${skillLine(s)}*`).join(", ")}.`,
      actions: [
        { type: "skills.confirm_parsed", label: "Add these skills", value, style: "primary" },
        { type: "skills.edit", label: "Edit", value: "edit" },
      ],
    };
  }
}
