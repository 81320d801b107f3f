import { BUILTIN_ALIASES } from "../core/skills/aliases.js";
import type { AliasTable } from "../core/skills/normalize.js";
import { homonymKey, isHomonym, resolveSense, skillDefaultSense } from "./senses.js";
import { PhraseKeySet } from "./phrase-keys.js";
import { TAXONOMY, TAXONOMY_KEYS } from "./taxonomy.js";
import { allWords, contentWords, fold, isStopword, stem } from "./text.js";

/** Related words of each taxonomy concept, stemmed: stem (or stemmed phrase) → concepts. */
export const RELATED_INDEX: ReadonlyMap<string, readonly string[]> = (() => {
  const m = new Map<string, string[]>();
  for (const [concept, words] of Object.entries(TAXONOMY)) {
    for (const w of words) {
      const content = contentWords(w);
      // A phrase that keeps one word once the concept's own name is gone as a stopword ("go vet" of *Go*) would make
      // that word alone ("my dog is sick, anyone a vet?") speak of the concept.
      const all = content.length === 1 ? allWords(w) : null;
      if (all && all.length > 1 && all.includes(concept)) continue;
      const k = content.map(stem).join(" ");
      if (!k) continue;
      const list = m.get(k) ?? [];
      if (!list.includes(concept)) list.push(concept);
      m.set(k, list);
    }
  }
  return m;
})();

/** Related words of one concept a text must hold before it speaks of the concept (a phrase of two or more words counts as two). */
const INFERRED_SUPPORT = 2;

/**
 * Concepts a text speaks of through their related words without naming them: "Maître électricienne … panel upgrades,
 * adding circuits" speaks of *electrical* work. Homonym concepts are left out (their sense would be a guess).
 */
export function inferredConcepts(text: string): readonly string[] {
  if (text.length === 0) return NO_CONCEPTS;
  const stems = contentWords(text).map(stem);
  // The distinct related words and phrases the text holds, then the support they give each concept.
  let found: Set<string> | null = null;
  for (let i = 0; i < stems.length; i++) {
    let phrase = "";
    // Longer phrases only from a word that starts one (most words start none: this keeps a build of 100k profiles fast).
    const longest = PHRASE_STARTS.has(stems[i] ?? "") ? 3 : 1;
    for (let n = 1; n <= longest && i + n <= stems.length; n++) {
      phrase = n === 1 ? (stems[i] ?? "") : `${phrase} ${stems[i + n - 1] ?? ""}`;
      if (RELATED_INDEX.has(phrase)) (found ??= new Set()).add(phrase);
    }
  }
  if (found === null) return NO_CONCEPTS;
  const support = new Map<string, number>();
  for (const phrase of found) {
    const weight = phrase.includes(" ") ? 2 : 1;
    for (const c of RELATED_INDEX.get(phrase) ?? []) if (!isHomonym(c)) support.set(c, (support.get(c) ?? 0) + weight);
  }
  const out: string[] = [];
  for (const [c, n] of support) if (n >= INFERRED_SUPPORT) out.push(conceptToken(c));
  return out;
}

const NO_CONCEPTS: readonly string[] = Object.freeze([]);

/**
 * Names of trades and professions that say what their holder does (general knowledge, not generic titles such as
 * engineer, consultant, manager, specialist or technician): "plumber" in an about line is plumbing, as the taxonomy
 * lists the word for that concept.
 */
const PROFESSION_TITLES = new Set(
  (
    "plumber electrician roofer bricklayer plasterer decorator carpenter joiner welder mechanic arborist farrier groomer " +
    "beekeeper accountant bookkeeper auditor lawyer solicitor barrister conveyancer mediator translator interpreter " +
    "photographer animator copywriter journalist illustrator tailor luthier bookbinder upholsterer dietitian dietician " +
    "nutritionist physio physiotherapist counsellor counselor therapist psychotherapist pharmacist nurse midwife " +
    "paramedic vet veterinarian dentist optician surveyor architect recruiter exterminator locksmith glazier tiler " +
    "chef baker butcher florist gardener landscaper caterer officiant realtor"
  ).split(" "),
);

/** Words that may stand before a trade's name without making it another trade ("a retired plumber", "chartered accountant"). */
const TITLE_QUALIFIERS = new Set(
  "retired former ex qualified chartered certified registered licensed master senior junior trainee apprentice freelance self-employed part-time full-time part full time professional working practising practicing local experienced".split(" "),
);

/** Trade and profession names → the taxonomy concepts that list that very word (not another word of its stem). */
const TITLE_CONCEPTS: ReadonlyMap<string, readonly string[]> = (() => {
  const m = new Map<string, string[]>();
  for (const [concept, words] of Object.entries(TAXONOMY)) {
    if (isHomonym(concept)) continue;
    for (const w of words) {
      const f = fold(w).trim();
      if (!PROFESSION_TITLES.has(f)) continue;
      m.set(f, [...(m.get(f) ?? []), concept]);
    }
  }
  return m;
})();

/** Concepts an about line names through a trade or profession ("plumber, 20 yrs" → plumbing); none for most lines. */
export function titleConcepts(text: string): readonly string[] {
  if (text.length === 0) return NO_CONCEPTS;
  let out: string[] | null = null;
  const words = allWords(text);
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? "";
    const concepts = TITLE_CONCEPTS.get(w) ?? (w.endsWith("s") ? TITLE_CONCEPTS.get(w.slice(0, -1)) : undefined);
    if (!concepts || concepts.length > 2) continue;
    // "bike mechanic", "heating engineer": a noun before the title names another trade.
    const before = words[i - 1];
    if (before !== undefined && !isStopword(before) && !TITLE_QUALIFIERS.has(before) && !/^\d/.test(before)) continue;
    for (const c of concepts) if (!(out ??= []).includes(conceptToken(c))) out.push(conceptToken(c));
  }
  return out ?? NO_CONCEPTS;
}

/** First words of the taxonomy's related phrases of two or more words. */
const PHRASE_STARTS: ReadonlySet<string> = new Set([...RELATED_INDEX.keys()].filter((k) => k.includes(" ")).map((k) => k.split(" ")[0] ?? ""));

/** Token for a whole canonical skill ("k:search engine optimisation"). Word tokens are plain stems. */
export const conceptToken = (key: string): string => `k:${key}`;

/** Own-property lookup (alias tables are plain objects: "constructor" must not resolve to a function). */
export function lookupAlias(table: AliasTable, folded: string): string | undefined {
  return Object.hasOwn(table, folded) ? table[folded] : undefined;
}

/** Canonical key of a folded phrase through the community's then the built-in aliases (or the phrase itself). */
export function canonical(folded: string, aliases: AliasTable): string {
  const own = lookupAlias(aliases, folded);
  if (own !== undefined) return own;
  // As skillKey: a community alias of a built-in alias's target applies to the built-in's words too.
  const builtin = lookupAlias(BUILTIN_ALIASES, folded);
  return builtin === undefined ? folded : (lookupAlias(aliases, builtin) ?? builtin);
}

/** Stems of a text's content words: the context used to tell homonym senses apart. */
export function contextStems(text: string): string[] {
  return contentWords(text).map(stem);
}

/** Homonym word → `word#sense` token, sense from context unless forced. */
export function senseToken(word: string, context: readonly string[], forced?: string): string {
  return `${homonymKey(word) ?? word}#${forced ?? resolveSense(word, context)}`;
}

/** Details in brackets within a skill's label ("Etsy (4k, ventas)", "Go (board game)"). */
const BRACKETS = /[([{][^)\]}]*[)\]}]/g;

/** A skill's name without the details in brackets, folded: what its concept (canonical key) is read from. */
export function skillName(label: string): string {
  return fold(label.replace(BRACKETS, " ")).trim();
}

/** A homonym spelled through an alias ("golang", "rustlang") names its sense. */
function forcedSense(folded: string, key: string): string | undefined {
  return isHomonym(key) && folded !== key ? "lang" : undefined;
}

/**
 * Tokens of one skill: its concept token, the stems of its words (canonical key and the member's own
 * wording), with homonyms replaced by sense tokens read from the member's other skills and about line.
 */
export function skillTokens(label: string, key: string, context: readonly string[], aliases: AliasTable, parts?: readonly string[]): string[] {
  const folded = fold(label);
  // Whether the name was spelled through an alias ("golang") is read without the details in brackets:
  // "Go (board game)" is Go spelled as Go.
  const named = skillName(label);
  const canon = canonical(key, aliases);
  const out = new Set<string>();
  if (isHomonym(canon)) {
    const t = senseToken(canon, context, forcedSense(named, canon) ?? senseFromLabel(folded, canon, context));
    out.add(conceptToken(t));
    out.add(t);
  } else {
    out.add(conceptToken(canon));
  }
  for (const w of [...contentWords(canon), ...contentWords(folded)]) if (!isHomonym(w)) out.add(stem(w));
  for (const w of new Set([...allWords(canon), ...allWords(folded)])) {
    if (isHomonym(w)) out.add(senseToken(w, context, forcedSense(named, canon) ?? senseFromLabel(folded, w, context)));
  }
  if (canon !== folded && lookupAlias(aliases, folded) === undefined && lookupAlias(BUILTIN_ALIASES, folded) === undefined) {
    out.add(conceptToken(folded));
  }
  for (const t of parts ?? partConcepts(label, canon, context, aliases)) out.add(t);
  return [...out];
}

/**
 * Concept tokens of a skill's parts: a skill written as several ("events & weddings", "knife sharpening
 * (whetstones)", "excel / VBA macros") also has the known concepts its parts name, directly or through an alias.
 * A part is not the whole skill: it counts as its own words of it (see explainFit) and weighs less in retrieval.
 */
export function partConcepts(label: string, canon: string, context: readonly string[], aliases: AliasTable): string[] {
  const words = allWords(skillName(label));
  // One word is the skill itself (its concept is the skill's own).
  if (words.length < 2) return [];
  const out: string[] = [];
  // Against the taxonomy only (static), never against other members' skills.
  for (const c of phraseConcepts(words, aliases, TAXONOMY_KEYS)) {
    if (c.key !== canon && (c.viaAlias || TAXONOMY_KEYS.has(c.key))) out.push(conceptTokenFor(c, context));
  }
  return out;
}

/**
 * "Go (board game)", "rust removal": the label's own words decide before the wider context does. A bare
 * label whose homonym has a usual meaning as a skill ("Python", "bass", "Apple") takes it unless the member's
 * other skills and about line point elsewhere.
 */
function senseFromLabel(folded: string, word: string, context: readonly string[]): string | undefined {
  const own = contentWords(folded).map(stem).filter((w) => w !== word);
  const s = own.length === 0 ? "?" : resolveSense(word, own);
  if (s !== "?") return s;
  return resolveSense(word, context) === "?" ? skillDefaultSense(word) : undefined;
}

/**
 * Tokens of free text (about line, evidence questions): word stems, concept tokens for phrases that are a
 * known skill or alias (`conceptKeys`), homonyms by sense. Returns a multiset (repeats = term frequency).
 */
export function textTokens(text: string, aliases: AliasTable, conceptKeys: ReadonlySet<string>): string[] {
  const words = allWords(text);
  const ctx = contextStems(text);
  const out: string[] = [];
  for (const c of phraseConcepts(words, aliases, conceptKeys)) out.push(conceptTokenFor(c, ctx));
  for (const w of words) {
    if (isHomonym(w)) {
      const t = senseToken(w, ctx);
      if (!t.endsWith("#?") || w !== "go") out.push(t);
      continue;
    }
    if (isStopword(w) || w.length < 2 || /^\d+$/.test(w)) continue;
    out.push(stem(w));
  }
  return out;
}

export interface PhraseConcept {
  /** Canonical key. */
  key: string;
  /** The words as written (folded), for explanations ("k8s"). */
  surface: string;
  /** Whether an alias was used (surface ≠ key). */
  viaAlias: boolean;
}

function isEmpty(table: AliasTable): boolean {
  for (const _ in table) return false;
  return true;
}

/** First words of the built-in aliases of two or more words. */
const BUILTIN_STARTS: ReadonlySet<string> = new Set(Object.keys(BUILTIN_ALIASES).filter((k) => k.includes(" ")).map((k) => k.slice(0, k.indexOf(" "))));

/** n-grams (1–4 words) that are aliases or known canonical skills; longest match first, no overlaps. */
export function phraseConcepts(words: readonly string[], aliases: AliasTable, conceptKeys: ReadonlySet<string>): PhraseConcept[] {
  const out: PhraseConcept[] = [];
  // Longer n-grams are looked up only from a word some key starts with, when the keys say which (index builds read
  // every profile: this is their most frequent lookup). A community's own aliases are few and always looked up.
  const starts = conceptKeys instanceof PhraseKeySet && isEmpty(aliases) ? conceptKeys.starts : null;
  let i = 0;
  while (i < words.length) {
    let matched = 0;
    const first = words[i] ?? "";
    const longest = starts === null || starts.has(first) || BUILTIN_STARTS.has(first) ? Math.min(4, words.length - i) : 1;
    for (let n = longest; n >= 1; n--) {
      const gram = words.slice(i, i + n).join(" ");
      if (n === 1 && isStopword(gram)) break;
      const alias = lookupAlias(aliases, gram) ?? lookupAlias(BUILTIN_ALIASES, gram);
      if (alias !== undefined) {
        out.push({ key: alias, surface: gram, viaAlias: alias !== gram });
        matched = n;
        break;
      }
      if (conceptKeys.has(gram) && (n > 1 || !isHomonym(gram))) {
        out.push({ key: gram, surface: gram, viaAlias: false });
        matched = n;
        break;
      }
    }
    i += Math.max(1, matched);
  }
  return out;
}

/** Concept token of a phrase found in text: homonyms get their sense (an alias such as "golang" forces it). */
export function conceptTokenFor(c: PhraseConcept, context: readonly string[]): string {
  if (!isHomonym(c.key)) return conceptToken(c.key);
  return conceptToken(senseToken(c.key, context, c.viaAlias ? "lang" : undefined));
}
