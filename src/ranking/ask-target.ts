import { contentWords } from "./text.js";

/**
 * The thing a chat question explicitly asks a person for: “anyone know *cars*?”, “need someone who knows *Java*”,
 * “any *dentist* around here?”, “has anyone dealt with *spousal sponsorship*?”. People often set the scene first
 * (“the van I use to haul gear to weddings”) and name the need in this one phrase; a helper has to match the phrase,
 * not the scene. Null when the question has no such phrase or it holds no content word (“anyone who can do it?”).
 */
export function askTarget(question: string): AskTarget | null {
  // Curly apostrophes and backticks become straight ones (one code unit each), so indices still point into `question`.
  const text = question.replace(/[’`]/g, "'");
  for (const re of [...PATTERNS, ...FOREIGN_PATTERNS]) {
    const foreign = FOREIGN_PATTERNS.includes(re);
    for (const m of text.matchAll(re)) {
      const x = m.groups?.["x"] ?? "";
      const at = m.indices?.groups?.["x"]?.[0] ?? -1;
      const phrase = (x.split(CLAUSE_END)[0] ?? "").split(foreign ? FOREIGN_CLAUSE_END : /$^/)[0] ?? "";
      const words = contentWords(phrase).filter((w) => !VAGUE.has(w)).slice(0, MAX_WORDS);
      if (words.length === 0 || at < 0) continue;
      const asWritten = question.slice(at, at + phrase.length).trim().split(/\s+/).slice(0, MAX_PHRASE_WORDS).join(" ");
      return { words, phrase: asWritten };
    }
  }
  return null;
}

/**
 * A request for a kind of professional: “need a *criminal* lawyer”, “anyone know a good *employment* lawyer?”,
 * “looking for a *GCSE maths* tutor”, “need a locksmith now”. The specialty is what a helper must match (an
 * immigration lawyer does not take a pub-fight charge); without one, a profession is (“need a locksmith”: not the
 * member who runs a shop). Null when the question asks for no such person.
 */
export function specialistTarget(question: string): AskTarget | null {
  const text = question.replace(/[’`]/g, "'");
  for (const m of text.matchAll(SPECIALIST)) {
    const role = m.groups?.["role"] ?? "";
    // Only the words right before the role, in one phrase: "any tips or tutors?" has no specialty.
    const words = (m.groups?.["mods"] ?? "").trim().split(/\s+/);
    const cut = Math.max(...words.map((w, i) => (/^(?:or|and|for|to|my|our|the|with|of|in|on|who|that|&)$/i.test(w) ? i : -1)));
    const mods = words.slice(cut + 1).join(" ");
    const specialty = contentWords(mods).filter((w) => !GENERIC.has(w));
    if (specialty.length > 0) {
      const end = m.indices?.groups?.["role"]?.[1] ?? -1;
      const phrase = end < 0 ? `${mods} ${role}` : question.slice(end - role.length - mods.length - 1, end);
      return { words: specialty, phrase: phrase.replace(/^(?:(?:a|an|any|some|good|decent|reliable|proper)\s+)+/i, "").trim() };
    }
    // "a solicitor for my divorce", "a lawyer for the probate": the specialty after the role.
    const after = /^s?\s+for\s+(?:(?:my|our|a|an|the|his|her|their)\s+)?([\p{L}][\p{L}'-]+)/iu.exec(text.slice(m.index + m[0].length - (m[0].endsWith("s") ? 1 : 0)));
    const then = contentWords(after?.[1] ?? "").filter((w) => MATTERS.has(w));
    if (then.length > 0) return { words: then, phrase: `${role} for ${after?.[1] ?? ""}` };
    if (PROFESSIONS.has(role.toLowerCase().replace(/s$/, ""))) return { words: contentWords(role), phrase: role };
  }
  return null;
}

/** People asked for by what they are rather than what they know. */
const ROLES = String.raw`lawyer|solicitor|attorney|barrister|notary|accountant|bookkeeper|engineer|physio|physiotherapist|therapist|vet|surveyor|translator|interpreter|photographer|artist|instructor|tutor|coach|broker|electrician|plumber|mechanic|locksmith|architect|planner|arbiter|roofer|glazier|plasterer|joiner|carpenter|builder|gardener|cleaner|dentist|optician|chiropractor|osteopath|counsellor|counselor|psychologist|midwife|doula`;

/** Roles that name a profession on their own ("need a locksmith"); a tutor or a coach needs a subject. */
const PROFESSIONS = new Set(["lawyer", "solicitor", "attorney", "barrister", "notary", "accountant", "locksmith", "electrician", "plumber", "mechanic", "surveyor", "architect", "roofer", "glazier", "plasterer", "dentist", "optician", "chiropractor", "osteopath", "midwife", "vet", "interpreter", "translator"]);

/** Words before a role that say nothing of the specialty. */
const GENERIC = new Set(["good", "decent", "reliable", "proper", "local", "trusted", "cheap", "affordable", "experienced", "professional", "qualified", "registered", "certified", "private", "independent", "new", "real", "actual", "great", "recommended", "retired", "friendly", "nearby", "fellow", "someone", "somebody", "anyone", "anybody", "need", "needs", "know", "find", "recommend", "looking", "any", "some", "really", "actually", "tips", "advice", "help"]);

/**
 * Matters a professional is asked for by name after the role ("a solicitor for my divorce", "an accountant for the
 * audit"); other words there usually say whom it is for ("an accountant for the grooming salon").
 */
const MATTERS = new Set(["divorce", "probate", "custody", "will", "wills", "conveyancing", "visa", "immigration", "tribunal", "dismissal", "redundancy", "mortgage", "remortgage", "tax", "taxes", "vat", "payroll", "audit", "bankruptcy", "insolvency", "inheritance", "eviction", "lease", "tenancy", "trademark", "patent", "copyright", "contract", "contracts", "claim", "appeal", "injury", "accident", "planning", "extension", "loft", "survey", "boundary", "dispute", "defamation", "libel", "asylum", "adoption", "pension", "pensions", "investment", "investments"]);

/** “need / looking for / know / recommend / any … (up to two words) ROLE”, within one clause. */
const SPECIALIST = new RegExp(
  String.raw`\b(?:need|needs|needed|looking for|look for|recommend|know|find|any|is there|are there)\s+(?:(?:a|an|any|some|the)\s+)?(?<mods>(?:[\p{L}\d][\p{L}\d'-]*\s+){0,2}?)(?<role>${ROLES})s?\b`,
  "giud",
);

export interface AskTarget {
  /** Its first content words, folded: what a profile must match. */
  words: string[];
  /** The phrase as the member wrote it (a few words), for telling them nobody here has it. */
  phrase: string;
}

/** Words of the phrase kept for messages (“the spousal sponsorship application for immigration”). */
const MAX_PHRASE_WORDS = 7;

/** A target is the first few content words of its phrase (“picking stocks”, not the rest of the sentence). */
const MAX_WORDS = 4;

/** Where a target phrase ends: punctuation, or a word that starts a new clause or the scene. */
const CLAUSE_END = /[.?!,;:()\n—–]| - | (?:or|and|but|so|because|since|as|if|when|who|that|which|for my|for our|for the|for a|to help|in the|in this|in our|in my|on my|at the|this|next|around|near|here|nearby|locally) /i;

/** Where a subject asked for in another language ends: a preposition of place or purpose. */
const FOREIGN_CLAUSE_END = /\s(?:in|im|en|em|no|na|nel|nella|para|per|pour|f[uü]r|bei|a|au|aux|wenn|weil|porque|parce|perch[eé])\s/i;

/** Words a target phrase may hold that name no need (“can you help with *it*”, “good at *this kind of thing*”). */
const VAGUE = new Set(["come", "do", "done", "sort", "kind", "type", "area", "field", "side", "matters", "issues", "problem", "problems", "actually", "really", "properly", "well", "around", "nearby", "local", "locally", "good", "decent", "reliable", "trustworthy", "cheap", "recommend"]);

const WHO = String.raw`(?:anyone|anybody|someone|somebody|who|people|any of you|you guys|y'all|folks)`;
const WHERE = String.raw`(?:\s+(?:here|around|around here|in here|on here|in this (?:group|server|channel|community)|nearby|local))?`;
const KNOW = String.raw`(?:know(?:s)?(?: (?:a lot|much|anything|something|a thing|a bit))?(?: about)?|good (?:at|with)|familiar with|experienced? (?:with|in)|expert (?:in|on|at)|handy with|into|speak(?:s)?|dealt with|deal(?:s)? with|work(?:s|ed)? (?:with|on|in)|done|tried)`;

/**
 * The ways people ask a group for a person. Case-insensitive, with match indices (`d`) so the phrase can be cut from
 * the question as written. Where the phrase runs to the end of the sentence it is read in a lookahead, so the search
 * resumes right after the asking words and a later request in the same sentence is still found ("anyone know it, or
 * anyone good at welding?").
 */
const PATTERNS: RegExp[] = [
  // anyone (here) know cars / good at picking stocks / familiar with X / dealt with X
  new RegExp(String.raw`\b${WHO}${WHERE}\s+(?:who\s+|that\s+)?(?:actually\s+|really\s+)?(?:(?:can|could)\s+)?(?:has\s+|have\s+)?${KNOW}\s+(?=(?<x>[^.?!\n]+))`, "gid"),
  // someone who is a(n) X / anyone here an X
  new RegExp(String.raw`\b${WHO}${WHERE}\s+(?:who(?:'s| is)\s+|that(?:'s| is)\s+|(?:is\s+)?)(?:a|an)\s+(?=(?<x>[^.?!\n]+))`, "gid"),
  // any dentist around here / any electricians in the group
  new RegExp(String.raw`\bany\s+(?<x>[\p{L}][\p{L}' -]{2,30}?)\s+(?:around|here|in here|on here|nearby|in (?:the|this) (?:group|server|channel|community))\b`, "giud"),
  // is there a vet in the group / are there any plumbers here / do we have an electrician in here
  new RegExp(String.raw`\b(?:is there|are there|do we have|have we got)\s+(?:a|an|any)\s+(?<x>[\p{L}][\p{L}' -]{2,30}?)\s+(?:around|here|in here|on here|nearby|among us|in (?:the|this) (?:group|server|channel|community))\b`, "giud"),
  // accountant recs? / tree surgeon recommendations? / plumber recs pls
  new RegExp(String.raw`(?:^|[.?!,;]\s*|\s)(?<x>[\p{L}][\p{L} -]{2,30}?)\s+(?:recs?|recommendations?)\b`, "giud"),
  // experience with X / expertise in X
  new RegExp(String.raw`\b(?:experience|expertise)\s+(?:with|in|of)\s+(?=(?<x>[^.?!\n]+))`, "gid"),
];

/**
 * The same asked of a subject in German, Spanish, Portuguese, French and Italian: "kennt sich jemand mit X aus",
  // "hat jemand Ahnung von X", "¿alguien sabe de X?", "alguém entende de X", "quelqu'un s'y connaît en X",
  * "qualcuno se ne intende di X" (not "sabe cómo…": how to do something is no subject). The subject ends before a
 * place or purpose ("Mietrecht *in Deutschland*").
 */
const FOREIGN_PATTERNS: RegExp[] = [
  new RegExp(String.raw`\bkennt\s+sich\s+(?:hier\s+)?(?:jemand|wer|einer)\s+(?:hier\s+)?(?:gut\s+|etwas\s+)?(?:mit|in)\s+(?:dem\s+|der\s+|den\s+)?(?<x>[^.?!\n]+?)\s+aus\b`, "giud"),
  new RegExp(String.raw`\b(?:hat|h[aä]tte)\s+(?:hier\s+)?(?:jemand|wer|einer)\s+(?:hier\s+)?(?:Ahnung|Erfahrung|Erfahrungen)\s+(?:von|mit|im|in|bei)\s+(?=(?<x>[^.?!\n]+))`, "giud"),
  new RegExp(String.raw`\b(?:alguien|alguno|alguna|algu[eé]m)\s+(?:aqu[ií]\s+|que\s+)?(?:sabe|conoce|conhece|entiende|entende|sabe\s+algo)\s+(?:de|sobre|da|do|del)\s+(?=(?<x>[^.?!\n]+))`, "giud"),
  new RegExp(String.raw`\bquelqu'?\s?un\s+(?:ici\s+)?(?:s'y\s+conna[iî]t|conna[iî]t\s+bien|s'y\s+connait)\s+(?:en\s+|dans\s+)?(?=(?<x>[^.?!\n]+))`, "giud"),
  new RegExp(String.raw`\bqualcuno\s+(?:qui\s+)?(?:se\s+ne\s+intende|si\s+intende|conosce\s+bene|sa\s+qualcosa)\s+(?:di\s+|del\s+|della\s+)?(?=(?<x>[^.?!\n]+))`, "giud"),
];
