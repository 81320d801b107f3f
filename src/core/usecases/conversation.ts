import { profileConfirmedAt, type Member } from "../domain/member.js";
import type { SkillInput } from "../domain/skill.js";
import { isUserError } from "../errors.js";
import { info, type Message } from "../messages.js";
import { parseSkillLine, validateSkillLabel } from "../skills/parse.js";
import type { SkillExtractor } from "../ports/skill-extractor.port.js";
import { LIMITS } from "../text.js";
import { skillLine } from "../views/format.js";
import { helpMessage } from "../views/profile.js";
import type { ActionOutcome, ActionService } from "./actions.js";
import type { AskService } from "./asks.js";
import type { Actor, CoreDeps } from "./context.js";
import type { Drafts } from "./drafts.js";
import type { MemberService } from "./members.js";

const QUESTION_START = /^(who|whom|how|what|where|when|why|which|can|could|does|do|is|are|anyone|any one|somebody|someone|need|looking for|help me|i need|i'm looking|i am looking|is there|are there|has anyone|recommend)\b/i;
const DECLARE_START = /^(i\s+(can|could)\s+help|i\s+(do|know|teach|work)|i'm\s+(good|an?\s+expert|learning|into)|i\s+am\s+(good|an?\s+expert|learning)|my\s+skills|skills?\s*:|i'm\s+a\b|i\s+am\s+a\b|expert\s+in|learning\s)/i;

export type DmIntent = "help" | "question" | "skills" | "chat" | "unknown";

/** Acknowledgements, thanks and refusals at the start of a reply ("Sure,", "no sorry", "thanks!"): never skills. */
const CHAT_START = /^(?:(?:ok(?:ay)?|k|sure|yes|yeah|yep|yup|no|nope|nah|sorry|thanks|thank you|thx|ty|cheers|great|cool|perfect|awesome|nice|got it|will do|np|no problem|of course|sounds good|not now|maybe|happy to help|glad to help|(?:i\s+)?(?:can'?t|cannot|won'?t))(?![\p{L}\p{N}'’-])[\s,.!:;…-]*)+/iu;

/**
 * Words that name nothing one could help with: pronouns, filler, small talk. A declaration made only of these
 * ("I can help with that", "I do") and a list piece holding a pronoun ("that worked") are not skills.
 */
const PRONOUNS = new Set(["i", "me", "my", "you", "your", "we", "us", "our", "they", "them", "he", "she", "it", "that", "this"]);
const VAGUE = new Set([
  ...PRONOUNS, "these", "those", "anything", "something", "everything", "stuff", "things", "a", "an", "the", "with", "on", "in", "at", "for", "to", "of",
  "out", "if", "there", "here", "too", "one", "some", "bit", "little", "lot", "help", "happy", "sure", "thanks", "please",
  "now", "today", "tomorrow", "week", "later", "maybe", "definitely", "probably", "needed", "need", "be", "good", "fine",
]);
/** The words of a text, lowercased; an acronym ("IT") is kept apart from the pronoun. */
function wordsOf(text: string): string[] {
  return (text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? []).map((w) => (w.length > 1 && w === w.toUpperCase() && /\p{L}/u.test(w) ? w : w.toLowerCase()));
}

/** "I can help with bookkeeping" names a skill; "I can help with that" or "I do" does not. */
function declaresSomething(text: string): boolean {
  return wordsOf(text.replace(DECLARE_START, "")).some((w) => !VAGUE.has(w));
}

/** A piece of a comma, semicolon or line separated list that could be a skill: a few words, no pronoun, not small talk. */
function skillLike(piece: string): boolean {
  const words = wordsOf(piece);
  return words.length > 0 && words.length <= 6 && !words.some((w) => PRONOUNS.has(w)) && !CHAT_START.test(piece.trim());
}

/** A short answer made only of skill-like pieces, each naming something ("Bookkeeping", "SEO; copywriting"). */
function answersWithSkills(text: string): boolean {
  const pieces = text.split(/[,;\n]/).map((p) => p.trim()).filter((p) => p !== "");
  return pieces.length > 0 && text.length <= 300 && pieces.every((p) => skillLike(p) && wordsOf(p).some((w) => !VAGUE.has(w) && !NOT_SKILLS.has(w)));
}

/** Short replies that are no skill, though no pronoun or small talk gives them away. */
const NOT_SKILLS = new Set(["not", "no", "idk", "dunno", "lol", "hmm", "hm", "nothing", "none", "busy", "what", "huh", "unsure", "ok", "okay"]);

/** The longest button value assumed to travel inline when the platform does not say (Discord's custom_id budget). */
const DEFAULT_BUTTON_VALUE_MAX = 80;

/** A typed answer to a nudge is read as one for this long after it was sent. */
const NUDGE_ANSWER_MS = 30 * 86_400_000;

/**
 * Emoji and emoticons beside the words ("yes 👍", "still accurate ✅", "yes :)"): Discord's custom emoji (`<:name:id>`),
 * shortcodes as Slack sends them (`:+1:`), pictographs with their skin tones, variation selectors and joiners, and :) ;-)
 * :D <3 and the like. They say no more than the words without them.
 */
const EMOJI = /<a?:\w+:\d+>|:[\w+-]+:|[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{FE0F}\u{200D}]+|(?<!\S)(?:[:;=][-'^]?[()[\]dpo3|/\\*]+|<3+)(?!\S)/giu;

/** Pieces of a typed answer to a nudge ("yes, still accurate!"): split at punctuation, emoji and "and"/"but". */
function answerPieces(text: string): string[] {
  return text.toLowerCase().replace(/[’‘]/g, "'").replace(EMOJI, ",").split(/[,.!;:…?]+|\s+[-–—]+\s+|\s+(?:and|but)\s+/)
    .map((p) => p.trim().replace(/\s+/g, " ").replace(/^(?:please|pls) |(?: please| pls| thanks| thank you)+$/g, "")).filter(Boolean);
}

/** Pieces that add nothing to an answer. */
const FILLER = /^(?:please|thanks|thank you|thx|ty|cheers|ok|okay|sure|sorry|hi|hey|hello)$/u;
/** "Still accurate": the member says their listed skills are right. */
const AFFIRM = /^(?:yes|yeah|yep|yup|y|correct|confirm(?:ed)?|no changes?|nothing(?: has)? changed|(?:(?:yes|yeah|yep|yup) )?(?:it'?s |they'?re |that'?s |looks |all |still |(?:it|they|that) (?:is|are) (?:still )?)*(?:all )?(?:good|fine|right|correct|accurate|true|valid|up to date|current))$/;
/** "Don't remind me". */
const STOP = /^(?:stop|stop it|stop (?:reminding|asking|messaging|nudging|pinging)(?: me)?|(?:please )?(?:don'?t|do not) (?:remind|ask|message|nudge) me(?: again| any ?more)?|no more (?:reminders|nudges|messages)|unsubscribe|reminders off|turn (?:off )?reminders(?: off)?)$/;

/**
 * The member was nudged lately (reminders still on) and has neither confirmed nor edited their profile since: a typed
 * DM may answer that nudge. Adapters that must pick a community for a DM prefer one where this holds.
 */
export function awaitsNudgeAnswer(m: Member, now: Date): boolean {
  const nudged = m.lastNudgedAt;
  if (!nudged || m.reminders === "never") return false;
  return now.getTime() - nudged.getTime() <= NUDGE_ANSWER_MS && profileConfirmedAt(m) < nudged;
}

/** Reads a typed answer to a nudge: confirming, stopping reminders, or something the buttons should answer. */
export function nudgeAnswer(text: string): "confirm" | "stop" | null {
  const pieces = answerPieces(text).filter((p) => !FILLER.test(p));
  if (pieces.length === 0) return null;
  if (pieces.every((p) => STOP.test(p))) return "stop";
  if (pieces.every((p) => AFFIRM.test(p))) return "confirm";
  return null;
}

/** What a member types to answer an intro request ("accept", "decline", "pass"), beside the nudge answers (yes, stop). */
const OFFER_WORD = /^(?:n|accept(?:ed)?|decline(?:d)?|pass|busy|skip|later|not my area|no can do)$/;

/** Whether a DM is only an answer-like word, as a member would type to answer an intro request waiting for them. */
function answersOffer(text: string): boolean {
  const pieces = answerPieces(text).filter((p) => !FILLER.test(p));
  return pieces.length > 0 && pieces.every((p) => STOP.test(p) || AFFIRM.test(p) || OFFER_WORD.test(p));
}

/** Decides what a free-text DM is: a question, a skill declaration, a request for help, a conversational reply, or unclear. */
export function classifyDm(text: string): DmIntent {
  const t = text.trim();
  const words = t.replace(EMOJI, " ").trim();
  // "hi 👋" and "hello :)" greet as "hi" does.
  if (/^(help|hi|hello|hey|\?|start|commands)[!.]*$/i.test(words)) return "help";
  // Only emoji or punctuation ("👍", "🙏", custom ":partyparrot:"): a reaction, answered like "thanks", never "I'm not sure what you mean".
  if (!/[\p{L}\p{N}]/u.test(words)) return "chat";
  const rest = t.replace(CHAT_START, "");
  if (rest !== t) {
    // "yes, I can help with SEO" still declares and "thanks! who knows Go?" still asks; "Sure, happy to help!" is a reply.
    const after = rest ? classifyDm(rest) : "chat";
    return after === "skills" || after === "question" ? after : "chat";
  }
  if (DECLARE_START.test(t)) return declaresSomething(t) ? "skills" : "chat";
  if (t.includes("?") || QUESTION_START.test(t)) return "question";
  const pieces = t.split(/[,;\n]/).map((p) => p.trim()).filter((p) => p !== "");
  if (pieces.length >= 2 && t.length <= 300 && pieces.every(skillLike)) return "skills";
  return "unknown";
}

/** Free text sent to the bot by DM: questions become asks, skill lists get a one-click confirmation. */
export class ConversationService {
  private readonly extractor: SkillExtractor | null;

  constructor(
    private readonly d: CoreDeps,
    private readonly asks: AskService,
    private readonly members: MemberService,
    private readonly actions: ActionService,
    private readonly drafts: Drafts,
  ) {
    this.extractor = d.skillExtractor ?? null;
  }

  async handleDm(actor: Actor, text: string): Promise<Message> {
    const intent = classifyDm(text);
    if (intent === "question") {
      return (await this.asks.ask(actor, text, { surface: "dm", channelId: null, threadId: null, isPrivate: true })).reply;
    }
    if (intent === "skills") {
      try {
        const extracted = await this.extract(text);
        return await this.confirmSkills(actor, extracted ?? parseSkillLine(text, { freeText: true }));
      } catch (e) {
        if (!isUserError(e)) throw e;
        return info(`${e.message}\nYou can also use \`/skills add SEO, copywriting (expert)\`.`);
      }
    }
    const member = await this.members.touch(actor);
    if (intent === "help") return helpMessage(actor.communityId);
    const { offers } = await this.asks.openRequestsFor(actor.memberId);
    if (offers.length === 0 && awaitsNudgeAnswer(member, this.d.clock.now())) return this.nudgeReply(actor, member, text, intent);
    if (intent === "chat") return this.chatReply(offers.length > 0);
    // "stop", "y", "decline" under an intro request: an answer meant for it, which only its buttons can give.
    if (offers.length > 0 && answersOffer(text)) return this.chatReply(true, nudgeAnswer(text) === "stop");
    return info("I'm not sure what you mean. Ask me a question (“who can help with bookkeeping?”) or tell me what you can help with (“I can help with bookkeeping and Etsy SEO”). Say *help* for everything I can do.");
  }

  /**
   * A reply to "sure", "no sorry" or "thanks": someone with an intro request waiting is pointed to its buttons,
   * since typed answers don't reach the asker.
   */
  private chatReply(offerWaiting: boolean, stop = false): Message {
    if (offerWaiting) {
      const press = "To answer the intro request, press one of its buttons (*I can help*, *Not now* or *Not my area*): I can't pass on a typed reply.";
      return info(stop
        ? `${press} To stop being asked for a while, use \`/knowhow pause 14\`; \`/knowhow reminders off\` stops my reminders.`
        : `Thanks! ${press}`);
    }
    return info("Got it! Whenever you like, ask me a question (“who can help with bookkeeping?”) or tell me what you can help with. Say *help* for everything I can do.");
  }

  /**
   * A typed answer to the nudge does what its button would ("yes, still accurate" confirms, "stop" turns reminders
   * off); anything else is pointed to the buttons rather than met with a "Got it!" that confirms nothing.
   */
  private async nudgeReply(actor: Actor, m: Member, text: string, intent: DmIntent): Promise<Message> {
    const answer = nudgeAnswer(text);
    if (answer === "stop") return this.replyOf(await this.actions.handle(actor, "nudge.stop", "typed"));
    if (answer === "confirm" && m.skills.length > 0) return this.replyOf(await this.actions.handle(actor, "nudge.confirm", "typed"));
    // "Bookkeeping" under a welcome that asked what they can help with: too short to read as a list anywhere else.
    if (intent === "unknown" && m.skills.length === 0 && answersWithSkills(text)) {
      try {
        return await this.confirmSkills(actor, parseSkillLine(text, { freeText: true }));
      } catch (e) {
        if (!isUserError(e)) throw e;
      }
    }
    return info(m.skills.length > 0
      ? "If that was about my reminder: press *Still accurate* under it to keep your skills as they are, *Edit* to change them, or *Don't remind me* — or type *yes* or *stop*."
      : "If that was about my last message: tell me what you can help with (“I can help with bookkeeping and Etsy SEO”) or use `/skills add …`; type *stop* and I won't remind you again.");
  }

  private replyOf(outcome: ActionOutcome): Message {
    return outcome.kind === "reply" ? outcome.message : info("Done.");
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
  async confirmSkills(actor: Actor, skills: SkillInput[]): Promise<Message> {
    const line = skills.map(skillLine).join(", ");
    const max = actor.buttonValueMax ?? DEFAULT_BUTTON_VALUE_MAX;
    // One draft at most, for whichever button the list does not fit. Edit opens the editor with the list in it (once it
    // was added, the editor shows it as the member's own).
    let draft: string | null = null;
    const kept = async () => (draft ??= await this.drafts.put(actor.memberId, line));
    const value = line.length <= max ? line : `draft:${await kept()}`;
    const edit = `edit:${line}`.length <= max ? `edit:${line}` : `edit:draft:${await kept()}`;
    return {
      kind: "confirm",
      title: "Add these skills?",
      text: `I understood: ${skills.map((s) => `*${skillLine(s)}*`).join(", ")}.`,
      actions: [
        { type: "skills.confirm_parsed", label: "Add these skills", value, style: "primary" },
        { type: "skills.edit", label: "Edit", value: edit },
      ],
    };
  }
}
