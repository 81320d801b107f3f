import { UserError } from "./errors.js";

// Zero-width joiners (U+200C, U+200D) stay: emoji like 🚶‍♂️ and scripts like Persian and Hindi need them.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/** Removes control and bidi-override characters and folds runs of whitespace (newlines kept when asked). */
export function cleanText(raw: string, keepNewlines = false): string {
  const noCtl = raw.replace(CONTROL, "");
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
  if (q.replace(/[^\p{L}\p{N}]/gu, "").length < LIMITS.questionMin) {
    throw new UserError("invalid_input", "I couldn't find a question in that. Try a sentence, e.g. “who can help with SEO for my Etsy shop?”", "question");
  }
  return q;
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
