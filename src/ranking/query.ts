import type { AliasTable } from "../core/skills/normalize.js";
import { canonical, conceptToken, conceptTokenFor, contextStems, phraseConcepts, RELATED_INDEX, senseToken } from "./analyze.js";
import { askTarget, specialistTarget } from "./ask-target.js";
import { GLOSSARY } from "./glossary.js";
import { LANGUAGE_NAMES, latinLanguage, scriptLanguage } from "./languages.js";
import type { CommunityIndex } from "./community-index.js";
import { homonymKey, isHomonym, senseNames } from "./senses.js";
import { RELATED_WEIGHT, TAXONOMY } from "./taxonomy.js";
import { allWords, contentWords, stem, writtenForms } from "./text.js";
import type { WordVectors } from "./vectors.js";
import { isProductWord } from "./wink-vectors.js";

export type OriginKind = "word" | "alias" | "related" | "typo" | "vector";

export interface QueryTerm {
  token: string;
  weight: number;
  kind: OriginKind;
  /** The question's own word(s) that produced the term. */
  from: string;
  /** Factor on what a match of this term says about fit (abstention and the per-suggestion cut), not relevance; 1 if unset. */
  fit?: number;
  /** The question's own word, one of the 1000 most frequent English words (“keep”, “whole”, “small”). */
  common?: boolean;
  /** A typo's reading: the profile word the question's word was read as ("bookeeping" → "bookkeeping"), for explanations. */
  readAs?: string;
}

export interface ParsedQuestion {
  terms: Map<string, QueryTerm>;
  /** Normalised topic terms (canonical skills first, then content words). */
  topics: string[];
  /** The question asks for a fellow learner ("anyone else learning Rust?"). */
  wantsLearner: boolean;
  /** The question's content words (folded). */
  words: string[];
  /**
   * Its most specific words (rarest by the word vectors' frequency rank, never one of the 1000 most common; words
   * the vectors do not know count as specific): what the question is about. Empty without word vectors.
   */
  topicWords: string[];
  /**
   * Its rare words (past the COMMON_WORD_RANK most frequent, known to the word vectors), among the topic words or not:
   * a profile matching one is on the question's topic too (“soy” and “candles” in “8oz tins, soy wax, my candles keep
   * tunneling. what wick size…”, whose four rarest words are tins, tunneling, wick and wax).
   */
  rareWords: string[];
  /**
   * The words of what the question explicitly asks a person for (“anyone know *cars*?”, see askTarget); empty when
   * it asks for nothing by name. A profile that matches none of them fits very little.
   */
  targetWords: string[];
  /** That request as written (“cars”, “the spousal sponsorship application”), when there is one. */
  targetPhrase: string | null;
  /** The question's words as written, by their folded form ("francais" → "Français"): explanations quote these. */
  written: ReadonlyMap<string, string>;
}

export interface QueryOptions {
  vectors: WordVectors | null;
  /** Minimum cosine for a word-vector expansion. */
  vectorMin: number;
  typoWeight: number;
  /** Weight of a concept's related words when the question names the concept. */
  relatedWordWeight: number;
  /** Use the taxonomy of related skills (default true; off for the ablation's BM25 row). */
  taxonomy?: boolean;
  /**
   * Saturation k3 of repeated question words (BM25's query-term frequency): a word said twice weighs
   * (k3 + 1)·2 / (k3 + 2). The first line of a long question often states the topic and the body repeats
   * it. 0 = every word once.
   */
  queryTf?: number;
}

/** Words one expansion must never connect (they look or feel alike but are different skills). */
const NEVER_CONNECT = new Set(["java|javascript", "javascript|java", "c|c++", "c++|c", "c|c#", "c#|c", "ruby|rust", "rust|ruby"]);

const LEARNER = new RegExp(
  [
    String.raw`fellow (learner|beginner|student|newbie)s?`,
    String.raw`study (buddy|buddies|partner|group|sessions?)`,
    // "anyone sitting ACCA papers in june…?", "anyone taking the CKA exam soon?"
    String.raw`(anyone|anybody)( else)? (sitting|taking|resitting) .{0,40}\b(exams?|papers?|tests?)\b`,
    String.raw`learn(ing)? (it |this )?together`,
    String.raw`(also|else|too) (just )?(learning|starting|new to)`,
    // "need sprint buddies", "wanna buddy up?", "anybody else want to do table reads?", "at the same slow pace"
    String.raw`(need|want|looking for|find|fancy|wanna)\b.{0,25}\bbudd(y|ies)\b`,
    String.raw`\bbuddy up\b`,
    String.raw`\bbudd(y|ies) *\?`,
    String.raw`(anyone|anybody) else (want|wanna|fancy|keen)\b`,
    String.raw`same (slow |gentle |easy )?(pace|stage)\b`,
    String.raw`learning .* too\b`,
    String.raw`(practice|accountability|language exchange) (partner|buddy|group|call)`,
    String.raw`beginners? like me`,
    String.raw`someone (else )?(who is |who's )?(also )?(just )?(learning|starting)`,
    String.raw`learning buddy`,
    String.raw`(anyone|anybody|who) else\b.{0,40}\b(start|learn|begin|new to|picking up|doing|taking|studying|writing (their|my|a) first|working on (their|my|a) first)`,
    String.raw`(any |other |fellow )+(total |complete |absolute )?(beginners|newbies|noobs|learners)`,
    // "any other parents learning it who fancy…", "other mums picking up crochet?"
    String.raw`\b(other|fellow) (parents|mums|moms|dads|mothers|fathers|people|folks|members|adults|grown-?ups|women|men|ladies|guys|retirees|carers|teachers|nurses|devs|developers|designers|writers) (here )?(also )?(learning|studying|starting out|new to|picking up)\b`,
    // "any other beginner bakers?"
    String.raw`(other|fellow) +(total |complete |absolute )?(beginner|newbie|noob|novice|learner)s?\b`,
    String.raw`practi[cs]e\b.{0,40}\bwith\b`,
    String.raw`(vocab|practice|revision|language|conversation|convo|study|learning|workout|gym|coding) (buddy|buddies|partner)`,
    String.raw`practi[cs]e\b.{0,60}\b(i'?m|i am) (a |an )?(total |complete |absolute )?(beginner|newbie|noob)`,
    String.raw`(i'?m|i am) (a |an )?(total |complete |absolute )?(beginner|newbie|noob)\b.{0,60}\bpracti[cs]e`,
    String.raw`(at|on) (the|my) same level`,
    // "anyone else just passed their CBT…", "anyone who's also rubbish off road wanna…", "…and compare notes?"
    String.raw`(anyone|anybody|who) else\b.{0,40}\b(just passed|rubbish|terrible|hopeless|useless|nervous|struggling)`,
    String.raw`\b(also|too) (rubbish|terrible|hopeless|useless|nervous|new|a beginner)\b`,
    String.raw`(also|else)\b.{0,80}\b(together|compare notes)\b`,
    String.raw`practi[cs]e (rides?|sessions?|runs?|games?|climbs?|track days?)\b`,
    // The same asked in French, Spanish, German, Portuguese, Italian and Welsh ("anyone else learning… to practise with").
    String.raw`quelqu'un d'autre qui (apprend|d[eé]bute|commence)`,
    String.raw`d'autres (d[eé]butants|apprenants)`,
    String.raw`(partenaire|bin[oô]me|correspondant)e? (de |d')?(pratique|conversation|tandem|r[eé]vision)`,
    String.raw`(pratiquer|apprendre|r[eé]viser) ensemble`,
    String.raw`alguien (m[aá]s )?que (tambi[eé]n )?(est[eé] )?(aprendiendo|empezando)`,
    String.raw`otros (principiantes|estudiantes)`,
    String.raw`(compa[nñ]er[oa]|pareja) (de|para) (pr[aá]ctica|practicar|estudio|conversaci[oó]n|intercambio)`,
    String.raw`(practicar|aprender|estudiar) juntos`,
    String.raw`lernt (hier )?(noch )?jemand`,
    String.raw`jemand (anderes? )?(hier )?(der|die) (auch|gerade|ebenfalls) .{0,30}(lernt|anf[aä]ngt)`,
    String.raw`(lern|[uü]bungs|tandem|sprach)partner`,
    String.raw`(zusammen|gemeinsam) ([uü]ben|lernen)`,
    String.raw`andere anf[aä]nger`,
    String.raw`algu[eé]m (mais )?(que )?(tamb[eé]m )?(esteja |est[aá] )?(aprendendo|come[cç]ando)`,
    String.raw`(parceir[oa]|dupla) (de|para) (pr[aá]tica|praticar|estudo|conversa)`,
    String.raw`(praticar|aprender|estudar) juntos`,
    String.raw`qualcun (altro|o) (altro )?che (sta )?(imparando|impara|inizia)`,
    String.raw`(compagn[oa]|partner) (di|per) (pratica|studio|conversazione)`,
    String.raw`(praticare|imparare|studiare) insieme`,
    String.raw`arall sy'n dysgu`,
    String.raw`dysgwyr eraill`,
  ]
    .map((p) => `\\b(?:${p})`)
    .join("|"),
  "i",
);

/**
 * Concept token a related word points to. A homonym concept takes the sense its related words speak of
 * (“borrow checker” → `k:rust#lang`, as declared Rust skills are indexed), or every sense's when they don't say.
 */
function relatedConceptToken(concept: string): string {
  if (!isHomonym(concept)) return conceptToken(concept);
  let tok = HOMONYM_CONCEPTS.get(concept);
  if (!tok) {
    tok = conceptToken(senseToken(concept, (TAXONOMY[concept] ?? []).flatMap((w) => contentWords(w).map(stem))));
    HOMONYM_CONCEPTS.set(concept, tok);
  }
  return tok;
}
const HOMONYM_CONCEPTS = new Map<string, string>();

/**
 * Reads a question into weighted query terms: its words (stemmed), the skills it names (aliases and
 * multi-word skills), homonyms by sense, and expansions — taxonomy relations, typo corrections against the
 * community's skill words, and word-vector neighbours among them. Each term keeps the word it came from so
 * the explanation can say why.
 */
export function parseQuestion(question: string, index: CommunityIndex, aliases: AliasTable, opts: QueryOptions, cache: ExpansionCache): ParsedQuestion {
  const terms = new Map<string, QueryTerm>();
  const add = (t: QueryTerm) => {
    const prev = terms.get(t.token);
    if (!prev || prev.weight < t.weight) terms.set(t.token, t);
  };
  const words = allWords(question);
  const content = contentWords(question);
  const ctx = contextStems(question);
  const topics: string[] = [];
  const target = specialistTarget(question) ?? askTarget(question);
  const rank = (w: string) => opts.vectors?.rank?.(w);
  /** One of the most frequent words ("back", "running", "new"): no expansion, and no sign of fit in free text. */
  const isCommon = (w: string) => (rank(w) ?? Infinity) < EXPAND_MIN_RANK;

  // Words of a skill the question names in several words ("query" in "query letter"): they signal that skill, not
  // another one on their own ("query" → SQL).
  const named = new Set<string>();
  // The concepts the question names outright ("react" in "React hooks"): they settle an ambiguous related word.
  const namedConcepts = new Set<string>();
  for (const c of phraseConcepts(words, aliases, index.conceptKeys)) {
    namedConcepts.add(c.key);
    const surface = contentWords(c.surface);
    if (surface.length >= 2) for (const w of surface) named.add(stem(w));
    const tok = conceptTokenFor(c, ctx);
    if (tok.endsWith("go#?")) continue;
    add({ token: tok, weight: 1, kind: c.viaAlias ? "alias" : "word", from: c.surface });
    topics.push(tok.slice(2));
    // A one-word skill name that is also a common word ("running" in "useEffect keeps running") stays a common word.
    const keyWords = contentWords(c.key);
    const common = keyWords.length === 1 && isCommon(keyWords[0]!);
    for (const w of keyWords) if (!isHomonym(w)) add({ token: stem(w), weight: 1, kind: c.viaAlias ? "alias" : "word", from: c.surface, ...(common ? { common: true } : {}) });
    const related = opts.taxonomy !== false && Object.hasOwn(TAXONOMY, c.key) ? TAXONOMY[c.key] ?? [] : [];
    for (const r of related) {
      const rw = contentWords(r);
      if (rw.length === 1 && rw[0] && !isHomonym(rw[0])) add({ token: stem(rw[0]), weight: opts.relatedWordWeight, kind: "related", from: c.surface });
    }
  }
  for (const w of words) {
    if (!isHomonym(w)) continue;
    const tok = senseToken(w, ctx);
    if (tok === "go#?" && !/(^|[^\p{L}])Go([^\p{L}]|$)/u.test(question.slice(1))) continue; // "go" as a verb
    add({ token: tok, weight: 1, kind: "word", from: w });
    add({ token: conceptToken(tok), weight: 1, kind: "word", from: w });
  }
  const conceptTopics = topics.length;
  for (const w of content) {
    if (isHomonym(w)) continue;
    const s = stem(w);
    add({ token: s, weight: 1, kind: "word", from: w, ...(isCommon(w) ? { common: true } : {}) });
    if (!topics.includes(s)) topics.push(w);
    // A word of another language the glossary knows: its English words (and the skill they name), a little below the word itself.
    const english = GLOSSARY.get(w);
    if (english) {
      for (const e of english) add({ token: stem(e), weight: GLOSSARY_WEIGHT, kind: "alias", from: w });
      const key = canonical(english.join(" "), aliases);
      if (index.conceptKeys.has(key)) add({ token: conceptToken(key), weight: GLOSSARY_WEIGHT, kind: "alias", from: w });
    }
  }
  // A question written in Korean, Greek, Arabic…: who helps must read it, so its language is a related skill.
  const written = scriptLanguage(question);
  const scriptWord = written ? content.find((w) => /[^\p{Script=Latin}\d]/u.test(w)) : undefined;
  if (written && scriptWord) add({ token: conceptToken(written), weight: RELATED_WEIGHT, kind: "related", from: scriptWord });
  // The same for a question in French, German, Polish… (Latin script, told apart by its function words), reached from
  // its first word the (English) word vectors do not know, which counts as one of its topic words: asked in Polish,
  // a Polish speaker fits as a Korean speaker fits a question in Hangul.
  const latin = written ? null : latinLanguage(words);
  const latinWord = latin ? content.find((w) => rank(w) === undefined) ?? content[0] : undefined;
  if (latin && latinWord) add({ token: conceptToken(latin), weight: RELATED_WEIGHT, kind: "related", from: latinWord });
  // Taxonomy: question words (and word pairs) that signal a skill without naming it.
  const stems = opts.taxonomy === false ? [] : content.map(stem);
  const related: Array<{ from: string; concepts: readonly string[] }> = [];
  // Per concept, the positions of the question words that point at it: "leaking tap" is two words, though "leak",
  // "tap" and "leaking tap" are three entries of the taxonomy.
  const pointing = new Map<string, Set<number>>();
  for (let i = 0; i < stems.length; i++) {
    for (let n = 1; n <= 3 && i + n <= stems.length; n++) {
      if (n === 1 && named.has(stems[i]!)) continue;
      const concepts = RELATED_INDEX.get(stems.slice(i, i + n).join(" "));
      if (!concepts) continue;
      related.push({ from: content.slice(i, i + n).join(" "), concepts });
      for (const c of concepts) {
        const at = pointing.get(c) ?? new Set<number>();
        for (let k = i; k < i + n; k++) at.add(k);
        pointing.set(c, at);
      }
    }
  }
  // How many question words point at each concept: an ambiguous word ("chain": crochet or bike repair) keeps only the
  // concepts that other words of the question support best ("bike chain" → bike repair).
  const support = new Map<string, number>();
  for (const r of related) for (const c of r.concepts) support.set(c, (support.get(c) ?? 0) + (namedConcepts.has(c) ? 2 : 1));
  for (const { from, concepts } of related) {
    const top = Math.max(...concepts.map((c) => support.get(c) ?? 0));
    for (const concept of concepts) {
      const words = pointing.get(concept)?.size ?? 1;
      if ((support.get(concept) ?? 0) === top) add({ token: relatedConceptToken(concept), weight: Math.min(1, RELATED_WEIGHT + SUPPORT_BONUS * (words - 1)), kind: "related", from });
    }
  }
  // Typos and word vectors: only for words the community's profiles do not contain as such.
  for (const w of new Set(content)) {
    if (w.length < 3) continue;
    const homonym = isHomonym(w);
    const s = stem(w);
    // A homonym is known when a sense of it is indexed; it may still match a misspelt profile word ("pyhton").
    const known = homonym ? senseNames(w).some((n) => index.df(`${homonymKey(w) ?? w}#${n}`) > 0) : index.hasVocab(w) || index.df(s) > 0;
    if (!known && w.length >= 4 && /^[a-z]+$/.test(w)) {
      for (const c of cache.clipped(w, index)) if (!NEVER_CONNECT.has(`${w}|${c}`)) add({ token: stem(c), weight: CLIP_WEIGHT, kind: "alias", from: w });
    }
    // Misspelt profile words are reached even when others spell the word right ("anyone know python?" → *Pyhton*): a
    // known question word of five letters or more looks only for words as long that the dictionary does not know
    // (not four-letter acronyms: "safe" is no typo of *SAFD*). A skill word the product knows but the dictionary does
    // not ("kubernetes") looks the same way, for words neither knows (*Kubernets*); and a question word only some
    // profile's own spelling made known ("kubernets") looks for the skill word the product knows (*Kubernetes*).
    const undictionary = known && rank(w) === undefined && opts.vectors?.rank !== undefined;
    const skillWord = undictionary && isProductWord(w);
    const typoOfSkill = undictionary && !skillWord;
    if (w.length >= (known ? 5 : 4) && (!known || rank(w) !== undefined || undictionary)) {
      for (const c of index.typos.lookup(w).slice(0, 3)) {
        if (typoOfSkill ? !isProductWord(c.word) : known && (rank(c.word) !== undefined || c.word.length < 5 || (skillWord && isProductWord(c.word)))) continue;
        if (NEVER_CONNECT.has(`${w}|${c.word}`) || isHomonym(c.word)) continue;
        // Two real words a letter apart are two words ("stuck"/"stock", "cast"/"cats"): a typo needs one side
        // the dictionary (the word vectors' vocabulary) does not know.
        if (rank(w) !== undefined && rank(c.word) !== undefined) continue;
        add({ token: stem(c.word), weight: opts.typoWeight / c.edits, kind: "typo", from: w, readAs: c.word });
      }
    }
    // Common words ("back", "put", "new", "time") have close neighbours among everyone's skill words: no expansion.
    if (opts.vectors && !homonym && !isCommon(w)) {
      for (const n of cache.neighbours(w, index, opts.vectors, opts.vectorMin)) {
        if (NEVER_CONNECT.has(`${w}|${n.word}`) || isHomonym(n.word)) continue;
        if (LANGUAGE_NAMES.has(w) && LANGUAGE_NAMES.has(n.word)) continue;
        const ns = stem(n.word);
        if (ns === s) continue;
        add({ token: ns, weight: vectorWeight(n.cos, opts.vectorMin), kind: "vector", from: w, fit: vectorFit(w, opts.vectors) });
      }
    }
  }
  const k3 = opts.queryTf ?? 0;
  if (k3 > 0) {
    const counts = new Map<string, number>();
    for (const w of content) counts.set(stem(w), (counts.get(stem(w)) ?? 0) + 1);
    for (const c of phraseConcepts(words, aliases, index.conceptKeys)) counts.set(conceptTokenFor(c, ctx), (counts.get(conceptTokenFor(c, ctx)) ?? 0) + 1);
    for (const t of terms.values()) {
      const n = t.kind === "word" || t.kind === "alias" ? counts.get(t.token) ?? 1 : 1;
      if (n > 1) t.weight *= ((k3 + 1) * n) / (k3 + n);
    }
  }
  const spelt = writtenForms(question);
  const language = languageNeed(question, content, spelt);
  const specific = topicWords(content, opts.vectors);
  // The skills it names, then its most specific words, then the rest: "my car's transmission slips, how do I fix it?"
  // is about "transmission" (what an unmatched question is filed under), not "fix".
  const plain = topics.slice(conceptTopics);
  return {
    terms,
    topics: [...new Set([...topics.slice(0, conceptTopics), ...specific.filter((w) => plain.includes(w)), ...plain])].slice(0, 8),
    wantsLearner: LEARNER.test(question),
    words: content,
    topicWords: specific,
    rareWords: rareWords(content, opts.vectors),
    targetWords: language?.words ?? targetWords(target?.words ?? null, opts.vectors),
    targetPhrase: language?.phrase ?? target?.phrase ?? null,
    written: spelt,
  };
}

/**
 * What each further question word pointing at the same related skill adds to its weight (RELATED_WEIGHT for one):
 * "the tap drips and the drain is blocked" is surer of plumbing than "the tap drips". On the 41 read communities P@3
 * 0.8368 → 0.8382, abstain 0.538 → 0.537, false abstain 0.0554 → 0.0547; held out P@3 0.765 → 0.769; onstartups
 * candidates 0.1997 → 0.1989, full 0.0629 → 0.0641 (BENCHMARKS.md, twelfth session).
 */
const SUPPORT_BONUS = 0.15;

/** A clipped word ("hydro") stands for a skill word at least this many letters longer. */
const CLIP_MIN_EXTRA = 3;
/** More skill words than this starting with it: the clipping is too vague to read. */
const CLIP_MAX = 2;
/** Weight of the skill word a clipping stands for (0.8 / 0.6 measured: 0.6 gains as much and loses no ranking). */
const CLIP_WEIGHT = 0.6;

/** Weight of a glossary translation of a question word (a translation is a little less sure than the word). */
const GLOSSARY_WEIGHT = 0.85;

/** How many of a question's most specific words make its topic. */
const TOPIC_WORDS = 4;

/** The question's TOPIC_WORDS rarest words (numbers aside); none without ranked word vectors. */
function topicWords(content: readonly string[], vectors: WordVectors | null): string[] {
  if (!vectors?.rank) return [];
  const rank = (w: string) => vectors.rank?.(w) ?? 60_000;
  return [...new Set(content)].filter((w) => !/^\d/.test(w) && rank(w) >= EXPAND_MIN_RANK).sort((a, b) => rank(b) - rank(a)).slice(0, TOPIC_WORDS);
}

/** The question's words past the COMMON_WORD_RANK most frequent (numbers aside); none without ranked word vectors. */
function rareWords(content: readonly string[], vectors: WordVectors | null): string[] {
  if (!vectors?.rank) return [];
  return [...new Set(content)].filter((w) => !/^\d/.test(w) && (vectors.rank?.(w) ?? -1) >= COMMON_WORD_RANK);
}

/** Words that make a language named in the question the thing asked for: translating, interpreting, speaking it. */
const LANGUAGE_CUE = /\b(?:translat\w*|interpret\w*|speaks?|speaking|speakers?|fluent\w*|natives?|natively)\b/i;

/**
 * The languages a question needs a person to know: “can someone translate my kickstarter page into *French*?”,
 * “anyone speak *Polish*? a letter from the council…”. Whoever helps must know the language, whatever else of the
 * question they match (the kickstarter expert who speaks no French cannot). English counts only when no other
 * language is named (“Japanese→English translation” needs Japanese). Null without such a cue or language.
 */
function languageNeed(question: string, content: readonly string[], written: ReadonlyMap<string, string>): { words: string[]; phrase: string } | null {
  if (!LANGUAGE_CUE.test(question)) return null;
  let langs = [...new Set(content.filter((w) => LANGUAGE_NAMES.has(w)))];
  if (langs.length > 1) langs = langs.filter((w) => w !== "english");
  if (langs.length === 0) return null;
  // As the member wrote them, for "nobody here lists anything like “Thai or Vietnamese”".
  const names = langs.map((w) => written.get(w) ?? w);
  return { words: langs, phrase: names.length === 1 ? names[0] ?? "" : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1] ?? ""}` };
}

/**
 * The explicit target's specific words when it has any (“spousal sponsorship *application*” is about the
 * sponsorship, not the application), else all its words (“anyone know *cars*?”).
 */
function targetWords(target: string[] | null, vectors: WordVectors | null): string[] {
  if (!target) return [];
  const specific = target.filter((w) => (vectors?.rank?.(w) ?? Infinity) >= EXPAND_MIN_RANK);
  return specific.length > 0 ? specific : target;
}

/** Maps a cosine above the minimum to a term weight in (0.3, 0.8]: a close neighbour is never an exact match. */
export function vectorWeight(cos: number, min: number): number {
  return 0.3 + 0.5 * Math.min(1, (cos - min) / Math.max(1e-6, 0.9 - min));
}

/** Question words more frequent than this are not expanded through word vectors at all. */
const EXPAND_MIN_RANK = 1000;

/** Frequency rank from which a question word's vector neighbours count fully towards fit. */
const COMMON_WORD_RANK = 5000;

/**
 * What a word-vector neighbour of a question word says about fit (not relevance): a common word (“work”, “first”,
 * “set”) has close neighbours in every profile, so the factor is ln(2 + rank) / ln(COMMON_WORD_RANK), capped at 1
 * (“first” 0.45, “work” 0.58, “study” 0.78; 1 for words past the 5000 most frequent or without a rank).
 */
export function vectorFit(word: string, vectors: WordVectors): number {
  const rank = vectors.rank?.(word);
  return rank === undefined ? 1 : Math.min(1, Math.log(2 + rank) / Math.log(COMMON_WORD_RANK));
}

interface Neighbour {
  word: string;
  cos: number;
}

/**
 * Word-vector neighbours of question words among a community's skill words, cached per word until the
 * vocabulary changes. The vocabulary's vectors are packed into one array (rebuilt lazily on change).
 */
export class ExpansionCache {
  private version = -1;
  private clipVersion = -1;
  /** The community's skill words, sorted, for finding the long words a clipped one stands for. */
  private sorted: string[] = [];
  private words: string[] = [];
  private packed = new Float32Array(0);
  private readonly cache = new Map<string, Neighbour[]>();
  private static readonly MAX = 20_000;
  private static readonly PER_WORD = 6;

  neighbours(word: string, index: CommunityIndex, vectors: WordVectors, min: number): Neighbour[] {
    if (this.version !== index.vocabVersion) this.rebuild(index, vectors);
    const hit = this.cache.get(word);
    if (hit) return hit;
    const v = vectors.get(word);
    const out: Neighbour[] = [];
    if (v) {
      const d = vectors.dims;
      for (let i = 0; i < this.words.length; i++) {
        let s = 0;
        const off = i * d;
        for (let k = 0; k < d; k++) s += (v[k] ?? 0) * (this.packed[off + k] ?? 0);
        if (s >= min && this.words[i] !== word) out.push({ word: this.words[i] ?? "", cos: s });
      }
      out.sort((a, b) => b.cos - a.cos);
      out.length = Math.min(out.length, ExpansionCache.PER_WORD);
    }
    if (this.cache.size >= ExpansionCache.MAX) this.cache.clear();
    this.cache.set(word, out);
    return out;
  }

  /**
   * The community's skill words that `word` is a clipping of ("hydro" → *hydrotherapy*, "physio" → *physiotherapy*):
   * words at least CLIP_MIN_EXTRA letters longer that start with it. None when more than CLIP_MAX do (too vague).
   */
  clipped(word: string, index: CommunityIndex): string[] {
    if (this.clipVersion !== index.vocabVersion) {
      this.sorted = [...index.vocabulary()].sort();
      this.clipVersion = index.vocabVersion;
    }
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.sorted[mid] ?? "") < word) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < this.sorted.length && (this.sorted[i] ?? "").startsWith(word); i++) {
      const w = this.sorted[i] ?? "";
      if (w.length >= word.length + CLIP_MIN_EXTRA && /^[a-z]+$/.test(w)) out.push(w);
      if (out.length > CLIP_MAX) return [];
    }
    return out;
  }

  private rebuild(index: CommunityIndex, vectors: WordVectors): void {
    const words: string[] = [];
    const vecs: Float32Array[] = [];
    for (const w of index.expansionVocabulary()) {
      const v = vectors.get(w);
      if (v) {
        words.push(w);
        vecs.push(v);
      }
    }
    const d = vectors.dims;
    const packed = new Float32Array(words.length * d);
    vecs.forEach((v, i) => packed.set(v, i * d));
    this.words = words;
    this.packed = packed;
    this.version = index.vocabVersion;
    this.cache.clear();
  }
}

