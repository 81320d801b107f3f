import { LEVEL_LABEL, type SkillInput, type SkillLevel } from "../domain/skill.js";
import { UserError } from "../errors.js";
import { cleanText, LIMITS } from "../text.js";
import { foldText } from "./normalize.js";

const LEVEL_WORDS: Record<string, SkillLevel> = {
  expert: "expert",
  pro: "expert",
  advanced: "expert",
  "can help": "can_help",
  canhelp: "can_help",
  can_help: "can_help",
  help: "can_help",
  intermediate: "can_help",
  learning: "learning",
  learing: "learning",
  lerning: "learning",
  learner: "learning",
  beginner: "learning",
  "want to learn": "learning",
  // How people say it in chat: "react (core contributor)", "guitar - just started".
  "core contributor": "expert",
  maintainer: "expert",
  senior: "expert",
  professional: "expert",
  native: "expert",
  fluent: "expert",
  "just started": "learning",
  "just starting": "learning",
  newbie: "learning",
  noob: "learning",
  novice: "learning",
  basics: "learning",
  "first year": "learning",
  "1st year": "learning",
  "still learning": "learning",
  "total beginner": "learning",
  "complete beginner": "learning",
  // Expert and intermediate, as people write them in Spanish, Portuguese, Italian, French and German.
  experto: "expert",
  experta: "expert",
  esperto: "expert",
  esperta: "expert",
  especialista: "expert",
  experte: "expert",
  expertin: "expert",
  avanzado: "expert",
  avanzada: "expert",
  avance: "expert",
  avancee: "expert",
  fortgeschritten: "expert",
  intermedio: "can_help",
  intermedia: "can_help",
  intermediaire: "can_help",
  // Beginner, as people write it in French, Spanish, Italian, Portuguese and German.
  debutant: "learning",
  debutante: "learning",
  principiante: "learning",
  iniciante: "learning",
  anfanger: "learning",
  anfangerin: "learning",
  // Native and fluent, as people write them in their own language (folded: "modersmål" → "modersmal").
  "native speaker": "expert",
  "first language": "expert",
  "mother tongue": "expert",
  ojczysty: "expert",
  "iaith gyntaf": "expert",
  natif: "expert",
  nativo: "expert",
  nativa: "expert",
  muttersprache: "expert",
  muttersprachler: "expert",
  muttersprachlerin: "expert",
  moedertaal: "expert",
  modersmal: "expert",
  morsmal: "expert",
  anadil: "expert",
  madrelingua: "expert",
  "lengua materna": "expert",
  "lingua materna": "expert",
  "langue maternelle": "expert",
  "роднои": "expert",
  "рідна": "expert",
  "母语": "expert",
  "원어민": "expert",
  courant: "expert",
  "fließend": "expert",
  fliessend: "expert",
  vloeiend: "expert",
  flytande: "expert",
  fluente: "expert",
};

/** "10 years", "15 yrs", "6 años", "8 ans", "5+ Jahre": five years or more reads as expert, fewer as can help. */
const YEARS = /^(\d{1,2})\+?\s*(?:years?|yrs?|y|ans|anos|años|jahre)(?:\s+(?:of\s+)?(?:experience|exp))?$/i;

/**
 * Words that rate a skill in brackets without being one of our levels ("SEO (wizard)", "excel (basic)",
 * "woodturning (hobby)"): read as the level they mean. Only in brackets, where they cannot be the end of a
 * skill's name ("feel-good", "go-pro"). "Basic", "hobby" and "rusty" still help someone newer: can help.
 */
const RATING_WORDS: Record<string, SkillLevel> = {
  ...Object.fromEntries(["wizard", "guru", "ninja", "rockstar", "master", "god", "legend", "excellent", "experienced", "strong", "solid", "proficient", "great", "expert level"].map((w) => [w, "expert" as const])),
  ...Object.fromEntries(["good", "ok", "okay", "decent", "competent", "average", "mid", "familiar", "junior", "basic", "amateur", "hobbyist", "hobby", "weak", "meh", "rusty", "some"].map((w) => [w, "can_help" as const])),
};

/** Bracketed words that look like a rating but say nothing we can read as a level: a friendly error. */
const UNREADABLE_RATING = new Set(["level", "lvl", "rating", "grade", "tier"]);

/** Parses a level word as typed by a member ("expert", "can help", "learning", "10 years"); null if it is not one. */
export function parseLevel(word: string): SkillLevel | null {
  const years = word.trim().match(YEARS);
  if (years) return Number(years[1]) >= 5 ? "expert" : "can_help";
  return LEVEL_WORDS[foldText(word).replace(/-/g, " ")] ?? null;
}

/** "learning disabilities", "learning support", "learning & development": fields of work, not a learner. */
const NOT_A_LEARNER = String.raw`(?!\s+(?:disabilit|difficult|support|design|technolog|and development|& development|development|mentor|assistant|outcomes|analytics|management|platform|experience)\w*)`;

/**
 * "learning" with one slip of the fingers ("learing react" is a learner, not a helper with *learing react*); not
 * "leaning" or "earning", which are words.
 */
const LEARNING = String.raw`(?:learning|learing|lerning|learnig|learnign|leanring|laerning|learnning|learnin)`;

const PREFIX_LEVELS: Array<[RegExp, SkillLevel]> = [
  // "learning: project governance", "beginner - just got a nikon z50".
  [new RegExp(String.raw`^(?:${LEARNING}|beginner|newbie|noob|novice)\s*[:–—-]\s*(?:just\s+(?:got|bought|started)\s+(?:(?:a|an|my)\s+)?)?`, "i"), "learning"],
  [new RegExp(String.raw`^(?:i(?:'| a)?m\s+)?(?:${LEARNING}${NOT_A_LEARNER}|want(?:ing)? to learn|would like to learn|beginner (?:at|in))\s+`, "i"), "learning"],
  // "just started with shopify", "new to python", "getting into bouldering", "trying to learn piano", "noob at excel".
  [/^(?:i(?:'| a)?m\s+|i(?:'ve| have)?\s+)?(?:just\s+(?:started|starting|got into|getting into)(?:\s+out)?(?:\s+(?:with|on|in|learning))?|(?:fairly\s+|pretty\s+|very\s+|quite\s+)?new to|getting into|dabbling (?:in|with)|trying to learn|(?:a\s+)?(?:noob|newbie|novice) (?:at|in|with)|studying(?: for)?|doing my|working towards|training (?:for|to be)|(?:an?\s+)?(?:trainee|aspiring|wannabe)|trying to (?:get (?:into|better at)|pick up|learn)|(?:just\s+)?picking up|teaching myself|(?:an?\s+)?(?:v(?:ery)?\s+|total\s+|complete\s+)?(?:newbie|noob|novice)|beginner(?!s?['’]?\s+(?:classes|lessons|courses|workshops|sessions|groups?|friendly|level)\b))\s+(?:(?:the|my|a|an)\s+)?/i, "learning"],
  // The same in French, Spanish, German, Italian and Portuguese: "j'apprends le coréen", "ich lerne Japanisch".
  [/^(?:j['’]apprends|(?:estoy\s+)?aprendiendo|(?:ich\s+)?lerne|sto imparando|(?:estou\s+)?aprendendo)(?:\s+(?:le|la|les|el|il|lo|o|a)\b)?\s*(?:l['’]\s*)?/i, "learning"],
  [/^(?:i(?:'| a)?m\s+)?(?:an?\s+)?expert (?:at|in|on)\s+/i, "expert"],
  [/^(?:i(?:'| a)?m\s+)?(?:really\s+)?good at\s+/i, "can_help"],
];

/** Level words that are also the end of skill names after a hyphen ("self-help", "react-native", "go-pro"). */
const NOT_AFTER_SEPARATOR = new Set(["help", "canhelp", "can_help", "pro", "native"]);

/** "Terraform: expert", "guitar - just started", "translation – 15 yrs": a level word after a separator. */
const LEVEL_AFTER_SEPARATOR = new RegExp(
  `^(.*?)\\s*[:=–—-]\\s*(${[...Object.keys(LEVEL_WORDS).filter((w) => !NOT_AFTER_SEPARATOR.has(w)), String.raw`\d{1,2}\+?\s*(?:years?|yrs?)`].join("|")})$`,
  "i",
);

/**
 * Skills that say the member is new to something without a level word to strip: "first-time puppy owner",
 * "new dad", "first dress (eek)". The label stays as written; the member is learning it. ("First aid",
 * "first responder" and "first-line support" are skills like any other.)
 */
const NEWCOMER = /^(?:(?:a|my)\s+)?(?:(?:first[- ]?time|new)\s+(?:[\p{L}\d-]+\s+){0,2}(?:owners?|dad|mum|mom|parents?|carer|caregiver|seller|maintainer|homeowner|landlord|driver|rider|runner|keeper|gardener|grower|player)\b|first(?![- ](?:aid|aider|responders?|line|class|edition|nations|team|person|response|contact|years?\b|times?\b|buyers?\b|languages?\b|drafts?\b|dance\b))\s+(?!years?\b)[\p{L}\d])/iu;

/** What is left of "I'm a total beginner" once the level is read: no skill. */
const NO_SKILL_LEFT = /^(?:(?:i['’]?m|i am|im)\s*)?(?:(?:an?|the|total|complete|absolute|very|v|still|just)\s*)*$/i;

const SUFFIX_LEVELS: Array<[RegExp, SkillLevel]> = [
  [/\s+(?:core contributor|maintainer)$/i, "expert"],
  // "drums newbie", "dinghy newbie (Laser/RS)": also before a detail in brackets.
  [/\s+(?:just started|just starting|newbie|noob|novice|beginner)(?=\s*(?:\([^)]*\))?$)/i, "learning"],
  // "law student", "plumbing apprentice", "accountancy trainee (2nd yr)": still learning it.
  [/\s+(?:student|apprentice|trainee)(?=\s*(?:\([^)]*\))?$)/i, "learning"],
  // "Japanese native", "français natif", "English fluent" (not "React Native", the framework).
  [/(?<!\breact)\s+(?:native(?: speaker)?|natif|nativo|nativa|fluent|courant)$/i, "expert"],
];

/** Level prefixes, then suffixes, in the order a skill is tried against them. */
const LEVEL_RULES: ReadonlyArray<[RegExp, SkillLevel]> = [...PREFIX_LEVELS, ...SUFFIX_LEVELS];

/** The prefix and suffix rules that make a skill *learning*, for reading about lines. */
const LEARNING_RULES: readonly RegExp[] = LEVEL_RULES.filter(([, lv]) => lv === "learning").map(([re]) => re);

/** "Just started my own cleaning business", "just opened a bakery": a new venture, not a skill being learned. */
const NEW_VENTURE = /^(?:i(?:'ve| have)?\s+)?just\s+(?:started|opened|launched|set up)\s+(?:a|an|my|our)\s+(?:own\s+)?(?:[\p{L}-]+\s+){0,3}(?:business|company|shop|firm|practice|studio|agency|startup|job|role|position|caf[eé]|bakery|salon|restaurant)\b/iu;

/** A word that every learning rule, newcomer or not, needs somewhere in the line. */
const LEARNING_CUE = /(?:learn|new|noob|novice|beginner|just|trying|getting|picking|teaching|studying|doing|working|training|trainee|aspiring|wannabe|first|student|apprentice|dabbling|apprend|aprend|lerne|imparando)/i;

/** Where an about line's clauses end: sentences, commas, brackets, emoji and joining words ("…, but", " so "). */
const CLAUSE_BREAK = /([.!?;:\n()[\]]+|,\s*|\p{Extended_Pictographic}+|\s+(?:but|so|and|&|because|cos|coz|since|as|while|though|although|for|after|[-–—/])\s+)/iu;
/** Words before a learner's phrase in an about line: "also", "currently", "still", "v much a". */
const CLAUSE_LEAD = /^(?:(?:also|and|but|so|currently|now|recently|atm|still|slowly|v|very|much|a|an|total|complete|absolute)\s+)+/i;

/**
 * What an about line says the member is still learning ("web dev, picking up Rust in the evenings", "new to
 * climbing, happy to help with websites though", "chess for years, total baduk newbie"): those phrases, and
 * the rest of the line as written, which speaks for what they can help with.
 */
export function learningInAbout(about: string): { rest: string; learning: string[] } {
  // Most lines say nothing of the kind: one test spares them the clause-by-clause reading (index builds read every line).
  if (!LEARNING_CUE.test(about)) return { rest: about, learning: [] };
  const pieces = about.split(CLAUSE_BREAK);
  const learning: string[] = [];
  let rest = "";
  // split() with a capturing group alternates clauses (even) and the breaks between them (odd).
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] ?? "";
    const plain = piece.trim().replace(CLAUSE_LEAD, "");
    if (i % 2 === 1 || !plain) {
      rest += piece;
      continue;
    }
    const newcomer = NEWCOMER.test(plain);
    const rule = newcomer || NEW_VENTURE.test(plain) ? undefined : LEARNING_RULES.find((re) => re.test(plain));
    const topic = newcomer ? plain : rule ? plain.replace(rule, "").trim() : "";
    if (topic) {
      learning.push(topic);
      rest += " ";
    } else rest += piece;
  }
  return { rest: learning.length === 0 ? about : rest.replace(/\s{2,}/g, " ").trim(), learning };
}

/**
 * "NOT an electrician", "not a vet!", "I don't do immigration", "(no IP, no litigation)": what a member says they are
 * not. "no" only in brackets ("No problem helping with taxes" disclaims nothing), and "not a problem" is no disclaimer.
 */
const DISCLAIMER = /\b(?:(?:not|never)\s+an?\s+(?!(?:problem|big deal|bother|worry)\b)|\bi\s+(?:don['’]?t|do not|won['’]?t)\s+do\s+(?:the\s+)?|(?<=\(\s*|\([^()]*,\s*)no\s+)([^,.;:!?()]+)/giu;

/** A word every disclaimer needs. */
const DISCLAIMER_CUE = /\b(?:not|never|don|do not|won|no)\b/i;

/**
 * What an about line says the member is not, or does not do ("retired ER nurse. Not a doctor, but…", "corporate
 * only (no IP, no litigation)"): those phrases, and the rest of the line as written.
 */
export function disclaimedInAbout(about: string): { rest: string; disclaimed: string[] } {
  if (!DISCLAIMER_CUE.test(about)) return { rest: about, disclaimed: [] };
  const disclaimed: string[] = [];
  const rest = about.replace(DISCLAIMER, (whole: string, what: string) => {
    // Up to the first joining word: "not a doctor but happy to help" disclaims "doctor".
    const phrase = what.split(/\s+(?:but|and|so|though|lol|haha|just|i|pls|please|obviously)\b/i)[0]?.trim() ?? "";
    if (!phrase) return whole;
    disclaimed.push(phrase);
    return whole.slice(0, whole.length - what.length) + what.slice(phrase.length);
  });
  return disclaimed.length === 0 ? { rest: about, disclaimed } : { rest: rest.replace(/\s{2,}/g, " ").trim(), disclaimed };
}

/**
 * An about line in its three parts: what the member is still learning, what they say they are not, and the rest as
 * written, which is what they offer. The index and the embedded profile text both read it this way.
 */
export function readAbout(about: string): { offered: string; learning: string[]; disclaimed: string[] } {
  const { rest, learning } = learningInAbout(about);
  const { rest: offered, disclaimed } = disclaimedInAbout(rest);
  return { offered, learning, disclaimed };
}

// Filler a person types in a free-text DM: "I can help with SEO and some copywriting".
/** A heading before a list of skills ("skills: woodworking, carpentry", "My skills - SEO, PPC"). */
const LIST_HEADING = /^\s*(?:(?:my|our)\s+)?(?:skills?|expertise)\s*[:\-–—]\s*/i;

/** What a member is not or does not do, written where skills go ("not a vet!", "I don't do taxes"). */
const NOT_A_SKILL = /^(?:not\s+(?:a|an|the|really|into|my)\b|(?:i|we)\s+(?:don'?t|do not|can'?t|cannot|won'?t)\b)/i;

const LEAD_FILLER = /^(?:(?:and|also|plus|i|we)\s+)*(?:(?:can|could)\s+help(?:\s+(?:with|on|people with))?|do|know|(?:know|do)\s+about|work (?:in|on|with)|am good at|offer)?\s*:?\s*(?:some|a bit of|a little|basic|lots of|a lot of)?\s*/i;

/**
 * Parses what a member types into skills: comma/semicolon/newline separated, levels as a suffix in
 * brackets ("copywriting (expert)") or a prefix ("learning react", "expert in SEO"), and " and " between
 * skills in free text ("I do SEO and some copywriting"). The member's wording is kept as the label.
 * Throws a UserError naming the offending item when something is not a usable skill. `maxLength`: a whole editor's
 * text (LIMITS.skillEditor) rather than one typed list (LIMITS.skillLine).
 */
export function parseSkillLine(raw: string, opts: { freeText?: boolean; maxLength?: number } = {}): SkillInput[] {
  const line = cleanText(raw, true).replace(LIST_HEADING, "");
  const max = opts.maxLength ?? LIMITS.skillLine;
  if (line.length === 0) throw new UserError("empty", "Please list at least one skill, e.g. `SEO, copywriting (expert), learning react`.", "skills");
  if (line.length > max) throw new UserError("too_long", `That list is too long (${line.length} characters); add up to ${max} characters at a time.`, "skills");

  let pieces = splitOutsideBrackets(line);
  if (opts.freeText) pieces = pieces.flatMap((p) => p.split(/\s+(?:and|&|as well as|plus)\s+/i));
  const out: SkillInput[] = [];
  const seen = new Set<string>();
  for (const rawPiece of pieces) {
    let piece = rawPiece.trim().replace(/[.!?]+$/, "").trim();
    if (NOT_A_SKILL.test(piece)) {
      throw new UserError("invalid_input", `“${piece}” says what you don't do. List what you can help with; your profile's about line is the place to say what you're not.`, "skills");
    }
    if (opts.freeText) piece = piece.replace(LEAD_FILLER, "").trim();
    if (piece.length === 0) continue;
    let level: SkillLevel = "can_help";
    const bracket = splitBracket(piece);
    const read = bracket ? readBracket(bracket) : null;
    if (read) {
      level = read.level ?? level;
      piece = read.name;
    } else if (bracket && !UNREADABLE_RATING.has(foldText(bracket.inside))) {
      // Any other one word is a detail: "safeguarding (DSL)", "knife sharpening (whetstones)", "python (django)".
      piece = `${bracket.head} (${bracket.inside})`;
    } else if (bracket) {
      // "SEO (level)": meant as a level but says none; say so rather than keep it as a skill.
      throw new UserError("invalid_input", `I don't know the level “${bracket.inside}” in “${piece}”. Use expert, can help or learning.`, "skills");
    } else {
      const colon = piece.match(LEVEL_AFTER_SEPARATOR);
      if (colon) {
        level = parseLevel(colon[2] ?? "") ?? level;
        piece = (colon[1] ?? "").trim();
      }
    }
    if (NEWCOMER.test(piece)) level = "learning";
    else for (const [re, lv] of LEVEL_RULES) {
      if (re.test(piece)) {
        level = lv;
        piece = piece.replace(re, "").trim();
        break;
      }
    }
    // "beginner", "just started" or "I'm a total beginner" alone says how far along, not in what; "maintainer" alone is a
    // role, kept as a skill.
    if ((piece.length > 0 && parseLevel(piece) === "learning") || (level === "learning" && NO_SKILL_LEFT.test(piece))) {
      const said = rawPiece.trim().replace(/[.!?]+$/, "");
      throw new UserError("empty", `“${said}” says how far along you are: which skill is it for? Write them together, e.g. “beginner at pottery” or “pottery (beginner)”.`, "skills");
    }
    if (piece.length === 0) throw new UserError("empty", `One of the skills is empty (“${rawPiece.trim()}”). Write the skill before its level, e.g. “copywriting (expert)”.`, "skills");
    out.push(validateSkillLabel(piece, level, seen));
  }
  if (out.length === 0) throw new UserError("empty", "Please list at least one skill, e.g. `SEO, copywriting (expert), learning react`.", "skills");
  return out;
}

/** Splits a skills line at commas, semicolons, newlines, bullets and " | ", but never inside brackets. */
function splitOutsideBrackets(line: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] ?? "";
    if (ch === "(" || ch === "[") depth++;
    else if ((ch === ")" || ch === "]") && depth > 0) depth--;
    const bar = ch === "|" && /\s/.test(line[i - 1] ?? "") && /\s/.test(line[i + 1] ?? "");
    if (depth === 0 && (/[,;\n•]/.test(ch) || bar)) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * What a bracket after a skill says: a level ("expert"), details ("shutterstock, adobe stock"), or both
 * ("expert, 10 years"). Null when it is neither a level nor details with a level-free rest worth keeping.
 */
function bracketLevel(content: string): { level: SkillLevel | null; rest: string } | null {
  const whole = bracketWord(content);
  if (whole) return { level: whole, rest: "" };
  const parts = content.split(/\s*[,;/+]\s*/).map((p) => p.trim()).filter(Boolean);
  const levels = parts.map(bracketWord);
  const found = levels.find((l) => l !== null) ?? null;
  // Details are several words or carry digits ("electric + upright", "6 years"); one unknown word is not.
  if (found === null) return /[\s\d,;/+]/.test(content.trim()) ? { level: null, rest: content.trim() } : null;
  return { level: found, rest: parts.filter((_, i) => levels[i] === null).join(", ") };
}

/** A level or a rating word ("wizard", "basic") as written in brackets after a skill: "v beginner", "beginner-ish", "week 4!!". */
function bracketWord(word: string): SkillLevel | null {
  const plain = word.trim().replace(/[!.?]+$/, "").replace(/\s+(?:lol|haha|ha|tbh|lmao|😅|🙈)$/i, "").replace(/[- ]?ish$/i, "").replace(/^(?:v|very|still|total|complete|absolute|a bit of an?|kinda|sort of)\s+/i, "");
  // How far into a programme someone is ("couch to 5k (week 4)", "(day 20)") says they are still learning it.
  if (/^(?:week|day|month)\s*\d+$/i.test(plain)) return "learning";
  return parseLevel(plain) ?? RATING_WORDS[foldText(plain).replace(/-/g, " ")] ?? null;
}

/**
 * A skill from a form with a level menu: a level written in the label's brackets ("carpentry (expert)") is read as
 * the level when the menu was left at its default (can help) or says the same; a different choice in the menu is
 * asked about rather than stored as a label with a level in it.
 */
export function validateSkillItem(rawLabel: string, level: SkillLevel, seen?: Set<string>): SkillInput {
  const label = cleanText(rawLabel);
  const bracket = splitBracket(label);
  const read = bracket ? readBracket(bracket) : null;
  if (!read?.level) return validateSkillLabel(label, level, seen);
  if (level !== "can_help" && level !== read.level) {
    throw new UserError("invalid_input", `“${label}” says ${LEVEL_LABEL[read.level]} in brackets, but its level is set to ${LEVEL_LABEL[level]}. Pick one: remove the brackets or change the level.`, "skills");
  }
  return validateSkillLabel(read.name, read.level, seen);
}

/** A skill written with trailing brackets: "copywriting (expert)" → head "copywriting", inside "expert". */
function splitBracket(piece: string): { head: string; inside: string } | null {
  const m = piece.match(/^(.*?)[([]\s*([^)\]]+?)\s*[)\]]$/);
  return m ? { head: (m[1] ?? "").trim(), inside: (m[2] ?? "").trim() } : null;
}

/**
 * What the brackets say: a level and the skill's name with any other details kept ("python (django, basic)" →
 * can help, "python (django)"); null when they hold one word that is no level, or a name in capitals, which is
 * no rating ("programming (BASIC)", "safeguarding (DSL)").
 */
function readBracket(b: { head: string; inside: string }): { name: string; level: SkillLevel | null } | null {
  if (/^[A-Z][A-Z0-9]+$/.test(b.inside)) return null;
  const detail = bracketLevel(b.inside);
  if (!detail) return null;
  return { name: detail.rest ? `${b.head} (${detail.rest})` : b.head, level: detail.level };
}

/** Validates one label typed in a form field; `seen` collects folded labels to drop duplicates in one input. */
export function validateSkillLabel(rawLabel: string, level: SkillLevel, seen?: Set<string>): SkillInput {
  const label = cleanText(rawLabel);
  if (label.length === 0) throw new UserError("empty", "A skill can't be empty.", "skills");
  if (label.length > LIMITS.skillLabel) {
    throw new UserError("too_long", `“${label.slice(0, 30)}…” is too long for a skill (${label.length} characters, at most ${LIMITS.skillLabel}). Split it into shorter skills separated by commas.`, "skills");
  }
  const folded = foldText(label);
  if (folded.length === 0) throw new UserError("invalid_input", `“${label}” has no letters or digits, so I can't match it.`, "skills");
  if (seen) {
    if (seen.has(folded)) throw new UserError("invalid_input", `“${label}” is listed twice.`, "skills");
    seen.add(folded);
  }
  return { label, level };
}
