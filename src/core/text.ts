import { UserError } from "./errors.js";
import { MENTION_RE } from "./messages.js";

// Zero-width space, word joiner and BOM (U+200B, U+2060, U+FEFF) go: they only pad text. The zero-width
// (non-)joiners (U+200C, U+200D) stay where they join two visible characters (emoji like 🚶‍♂️, scripts like Persian
// and Hindi need them) and go anywhere else, where they only pad too (see STRAY_JOINER).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B\u200E\u200F\u2028\u2029\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;
/** A joiner without a letter, mark, digit or symbol (emoji) on both sides: at an end, by a space, a stop, another joiner. */
const STRAY_JOINER = /(?<![\p{L}\p{M}\p{N}\p{So}\p{Sk}])[\u200C\u200D]|[\u200C\u200D](?![\p{L}\p{M}\p{N}\p{So}\p{Sk}])/gu;

/** Removes control, bidi-override and padding zero-width characters and folds runs of whitespace (newlines kept when asked). */
export function cleanText(raw: string, keepNewlines = false): string {
  const noCtl = raw.replace(CONTROL, "").replace(STRAY_JOINER, "");
  return keepNewlines
    ? noCtl.replace(/[ \t]+/g, " ").replace(/\n{3,}/g, "\n\n").trim()
    : noCtl.replace(/\s+/g, " ").trim();
}

export const LIMITS = {
  question: 2000,
  questionMin: 3,
  skillLabel: 60,
  skillsPerMember: 40,
  skillLine: 1500,
  /**
   * A whole skills editor (the Slack modal: one skill per line, with levels). It must hold the largest profile allowed,
   * 40 × (60 + " (learning)") + 39 line breaks = 2,879 characters, and is Slack's most for a text input (3,000).
   */
  skillEditor: 3000,
  about: 500,
  displayName: 80,
} as const;

/** Cleans and validates a question; throws a friendly UserError naming the problem. */
export function validateQuestion(raw: string | null | undefined): string {
  const q = cleanText(raw ?? "", true);
  if (q.length === 0) {
    throw new UserError("empty", "Please add your question, e.g. “who can help me write a magazine query letter?”", "question");
  }
  if (q.length > LIMITS.question) {
    throw new UserError("too_long", `That question is ${q.length} characters long; please keep it under ${LIMITS.question} (a short summary works best — the helper can ask for details).`, "question");
  }
  const words = matchText(q);
  if (q.replace(/[^\p{L}\p{N}]/gu, "").length < LIMITS.questionMin) {
    throw new UserError("invalid_input", "I couldn't find a question in that. Try a sentence, e.g. “who can help with SEO for my Etsy shop?”", "question");
  }
  if (onlyFiller(words)) {
    throw new UserError("invalid_input", "What do you need help with? Name the topic, e.g. “who can help with SEO for my Etsy shop?”", "question");
  }
  return q;
}

/**
 * A question as matching reads it: a member's mention (`<@slack:T1:U07…>`, as the adapters write it) names someone,
 * not a subject, so it goes; a Slack channel link (`<#C123|python-help>`) keeps its name. Read word by word, a mention
 * was "slack", "t1" and the id: the member who declared *Slack bots* was suggested for "<@…> said to ask here: who
 * knows docker?", and "slack" filed as the question's topic. The question itself is stored and quoted as written.
 */
export function matchText(question: string): string {
  return question
    .replace(MENTION_RE, " ")
    .replace(/<#[A-Z0-9]+(?:\|([^>]*))?>/g, (_m, name?: string) => ` ${name ?? ""} `)
    .replace(/[ \t]+/g, " ")
    .trim();
}

/**
 * Words that ask for help without saying with what. A question made only of these ("help", "who can help with",
 * "anyone?") has no topic to match: it would be stored as a skill gap called "other". Kept small and general, so
 * any word that could be a topic (go, it, us, r, c…) is not in it: "anyone know Go?" is a question.
 */
const FILLER = new Set([
  "a", "an", "the", "i", "me", "my", "you", "any", "is", "are", "have", "has", "got", "for", "with", "about",
  "help", "helps", "helping", "who", "can", "could", "would", "anyone", "anybody", "someone", "somebody", "everyone",
  "here", "there", "need", "needs", "question", "questions", "please", "pls", "hi", "hello", "hey", "know", "knows",
  "quick", "thanks",
]);

/** Whether every word of the question is filler (contractions read as their word: "who's" → "who"). */
function onlyFiller(q: string): boolean {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
  return words.every((w) => FILLER.has(w.replace(/['’]\p{L}+$/u, "")));
}

export function validateAbout(raw: string): string {
  const about = cleanText(raw, true);
  if (about.length > LIMITS.about) {
    throw new UserError("too_long", `The about text is ${about.length} characters; please keep it under ${LIMITS.about}.`, "about");
  }
  return about;
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}
