import { LEVEL_LABEL } from "../core/domain/skill.js";
import type { MatchSignal } from "../core/ports/matcher.port.js";
import type { CommunityIndex, Entry } from "./community-index.js";
import { LANGUAGE_NAMES } from "./languages.js";
import type { ParsedQuestion, QueryTerm } from "./query.js";
import { senseLabel, senseNames } from "./senses.js";
import { allWords, asWritten, contentWords, stem } from "./text.js";

/** How much one kind of field match says about fit, for the abstention confidence. */
const FIELD_CONFIDENCE = { skill: 1, evidence: 0.85, about: 0.7 } as const;

/**
 * Share of a skill match's fit that does not depend on how many of the skill's words the question covers: 0.7 for
 * the question's own words, aliases, related words and typos; 0.5 for a word-vector neighbour, which is weak when it
 * touches one word of a longer skill (“chain” → *online store setup* through “store”).
 */
const BASE_COVERAGE = { own: 0.7, vector: 0.5 } as const;

/** Fit factor of a match through a concept the about line speaks of without naming it. */
const INFERRED_FIT = 0.45;

/** Fit factor of a match through the concept of a part of a skill (“weddings” of *events & weddings*). */
const PART_FIT = 0.85;

/** Fit factor of a profile that matched none of the question's topic words. */
const OFF_TOPIC = 0.5;

/**
 * Fit factor of a profile that matched nothing of what the question explicitly asks for (“anyone know *cars*?”
 * answered by a wedding photographer because of “weddings”). Swept on the six first hand-made communities and
 * checked on three written blind (batch 1 in test/fixtures/bench/README.md): 0.5 → 0.3 raised their abstain rate on
 * questions nobody can answer from 0.485 to 0.560 with no wrongful “nobody fits”; lower values change nothing more.
 */
const OFF_TARGET = 0.3;

/**
 * Stems of what a helper does (or how much: "basics") rather than what with: a skill matched only through one of
 * these ("teach" in *teaching card games*, "repair" in *bike repair*, "basics" in *ayurveda basics*) says little
 * about "teach me golf, just the basics" or "repair my windscreen".
 */
const ACTIVITY = new Set(
  [
    "teach", "lesson", "tutor", "coach", "train", "mentor", "instructor", "instruction", "advice", "advise", "advisor", "consult",
    "support", "help", "review", "assess", "repair", "fix", "mend", "restore", "service", "maintenance", "maintain",
    "troubleshoot", "install", "setup", "fit", "build", "make", "design", "clean", "edit", "write", "translate", "interpret",
    "plan", "organise", "organize", "prepare", "prep", "tune", "adjust", "replace", "remove", "upgrade", "basics",
  ].map(stem),
);
/**
 * Fit factor of a skill or about line matched only through such activity words. Swept 0.6 / 0.4 / 0.3 / 0.2 on the
 * read communities: 0.3 raised their groups' abstain rates by 0.03–0.12 with no wrongful "nobody fits" and no ranking
 * loss (BENCHMARKS.md, fourth session; decision record 0007).
 */
const ACTIVITY_ONLY = 0.3;

/**
 * Fit factor of a skill matched only through one word of what an alias spells out in several, not through the
 * member's own words or the whole skill: "engine" is a word of "search engine optimisation", which a member who wrote
 * *SEO* never said. 0.5 and 0.4 swept on the read communities: 0.5 changed nothing there, 0.4 lost a right helper
 * before the restriction to several words ("polski" is *polish*, not a spelled-out phrase).
 */
const EXPANSION_ONLY = 0.4;

/** A question word (or phrase) that only says what the helper would do. */
function isActivity(from: string): boolean {
  return from.split(" ").every((w) => ACTIVITY.has(stem(w)));
}

/**
 * Whether a match reached only the activity words of a profile text that also names what the activity is about:
 * every token it hit is an activity word, or was reached only from activity words of the question ("school" as a
 * word-vector neighbour of "teach").
 */
function activityOnly(words: readonly string[], hit: readonly string[], from: readonly string[][]): boolean {
  if (hit.some((t, i) => !ACTIVITY.has(t) && from[i]!.some((f) => !isActivity(f)))) return false;
  return words.some((w) => !w.startsWith("k:") && !ACTIVITY.has(w));
}

export interface Fit {
  /** 0–1: how well the member's own profile covers the question (compared with the abstain threshold). */
  confidence: number;
  /**
   * What abstention compares: the confidence, halved when the profile matched none of the question's topic words,
   * and × OFF_TARGET when it matched nothing of what the question explicitly asks for.
   */
  topical: number;
  /** The profile matched what the question explicitly asks for (true when it asks for nothing by name). */
  onTarget: boolean;
  signals: MatchSignal[];
  /**
   * The member's skills that matched (closest skills when abstaining), with their confidence and, as `topical` is
   * for the whole profile, that confidence weighed by whether this skill's own match touched the question's topic
   * and what it asks for.
   */
  matchedSkills: Array<{ label: string; confidence: number; topical: number }>;
  /**
   * Only the about line matched, and only through common words or word-vector neighbours ("mentions “running”" for
   * "useEffect keeps running twice"): enough to rank, too little to be offered beside a better match.
   */
  incidental: boolean;
}

/** Query tokens that can match `token` in a profile, with the factor of that match (senses: `#?` is half). */
export function variants(token: string): Array<[string, number]> {
  const hash = token.lastIndexOf("#");
  if (hash < 0) return [[token, 1]];
  const base = token.slice(0, hash);
  const sense = token.slice(hash + 1);
  if (sense === "?") return [[token, 0.5], ...senseNames(base.replace(/^k:/, "")).map((s): [string, number] => [`${base}#${s}`, 0.5])];
  return [[token, 1], [`${base}#?`, 0.5]];
}

/** Specificity of a token in this community: shared by most members → weak evidence of fit. */
export function specificity(index: CommunityIndex, token: string): number {
  const n = index.size;
  if (n < 10) return 1;
  const df = index.df(token);
  const share = df / n;
  return share <= 0.2 ? 1 : Math.max(0.5, 1 - (share - 0.2) * 0.8);
}

interface TermMatch {
  term: QueryTerm;
  /** Term weight × sense factor × the token's specificity in this community. */
  w: number;
  token: string;
  /** Position in (term, variant) order: ties go to the earlier term, as in the question. */
  order: number;
  /** The term comes from one of the question's topic words. */
  topical: boolean;
  /** The term comes from a word of what the question explicitly asks for. */
  target: boolean;
}

const tables = new WeakMap<ParsedQuestion, Map<string, TermMatch[]>>();

/** Profile token → the question terms it matches (built once per question, then shared by all candidates). */
function termTable(q: ParsedQuestion, index: CommunityIndex): Map<string, TermMatch[]> {
  let table = tables.get(q);
  if (table) return table;
  table = new Map();
  let order = 0;
  // A question's topic, for fit: its four rarest words and any other rare word (BENCHMARKS.md, ninth session).
  const topic = new Set([...q.topicWords, ...q.rareWords]);
  const wanted = new Set(q.targetWords);
  for (const term of q.terms.values()) {
    const from = term.from.split(" ");
    // A short, common word the question's context resolved to one sense ("Go" beside "concurrency": the language) is part
    // of what is asked for when it is in that phrase ("anyone know *Go* concurrency patterns?").
    const sense = term.token.includes("#") && !term.token.endsWith("#?");
    const topical = from.some((w) => topic.has(w));
    const target = from.some((w) => wanted.has(w)) || (sense && q.targetPhrase !== null && allWords(q.targetPhrase).includes(term.from));
    for (const [token, f] of variants(term.token)) {
      const list = table.get(token) ?? [];
      list.push({ term, w: term.weight * f * specificity(index, token) * (term.fit ?? 1), token, order: order++, topical, target });
      table.set(token, list);
    }
  }
  tables.set(q, table);
  return table;
}

/**
 * Explains one member's fit: which skill matched and how (own words, alias, related word, typo, close in
 * meaning), level, profile text, similar questions helped with, "not my area" on similar questions.
 */
export function explainFit(e: Entry, q: ParsedQuestion, index: CommunityIndex, learnerMode: boolean, withSignals = true): Fit {
  const signals: MatchSignal[] = [];
  const matchedSkills: Fit["matchedSkills"] = [];
  let confidence = 0;
  const table = termTable(q, index);
  // Whether the profile matched one of the question's topic words (strongly enough to count).
  let onTopic = q.topicWords.length === 0;
  let onTarget = q.targetWords.length === 0;
  // `helpedWith`: a past question the member helped with is long free text, so a shared common word ("keep", "small")
  // is no sign of fit there.
  const matches = (tokens: readonly string[], helpedWith = false) => {
    let best: TermMatch | null = null;
    // Some hit came through a specific word of the question (not only common words or word-vector neighbours).
    let solid = false;
    // These tokens' own onTopic / onTarget (the profile's are set from every field's).
    let topic = false;
    let target = false;
    const hit: string[] = [];
    // The question words each hit token was reached from.
    const from: string[][] = [];
    // Index loops: this runs for every field of every shortlisted member, and iterators would be garbage.
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i]!;
      const found = table.get(tok);
      if (!found) continue;
      hit.push(tok);
      from.push(found.map((m) => m.term.from));
      for (let j = 0; j < found.length; j++) {
        const m = found[j]!;
        if (helpedWith && m.term.common) continue;
        if (!best || m.w > best.w || (m.w === best.w && m.order < best.order)) best = m;
        if (!m.term.common && m.term.kind !== "vector") solid = true;
        if (m.topical && m.w >= 0.5) topic = true;
        // A word merely close in meaning to what is asked for ("automation" for "mechanic") does not answer the request.
        if (m.target && m.w >= 0.5 && m.term.kind !== "vector") target = true;
      }
    }
    onTopic ||= topic;
    onTarget ||= target;
    return { best, hit, from, solid, topic, target };
  };
  // A specific word of the question that names something the member says they are learning (a learning skill or
  // their about line's "picking up…"), unless they are sought as a fellow learner.
  const learnsIt = (tokens: readonly string[]) => !learnerMode && tokens.some((tok) => table.get(tok)?.some((m) => !m.term.common && m.term.kind !== "vector" && m.w >= 0.5));
  let learning = learnsIt(e.learningTokens);
  let helperSolid = false;
  let skillSignals = 0;
  // The first skill named, so that a second one matched the same way joins it: "declared *Bikes* and *bike repair*".
  let named: { signal: MatchSignal; head: string; tail: string } | null = null;
  for (const s of index.skillsOf(e)) {
    if (s.skill.level === "learning" && !learnerMode) {
      learning ||= learnsIt(s.tokens);
      continue;
    }
    const { best, hit, from, solid, topic, target } = matches(s.tokens);
    if (!best) continue;
    helperSolid ||= solid;
    const words = s.tokens.filter((t) => !t.startsWith("k:"));
    // The skill's own concept covers all of it; a part's concept ("aws" of *AWS - networking*) only its own words.
    const whole = hit.some((t) => t.startsWith("k:") && !s.parts?.includes(t));
    const covered = whole || words.length === 0 ? 1 : Math.min(1, (coveredWords(words, hit, from) + partWords(s.parts, hit, words)) / words.length);
    const cb = best.term.kind === "vector" ? BASE_COVERAGE.vector : BASE_COVERAGE.own;
    // A part's concept weighs PART_FIT, unless the skill's own words match as well.
    const parts = s.parts;
    const w = parts?.includes(best.token) ? Math.max(best.w * PART_FIT, matches(s.tokens.filter((t) => !parts.includes(t))).best?.w ?? 0) : best.w;
    const own = ownWords(s.skill.label);
    const isOwn = (t: string) => own.has(t.split("#")[0] ?? t);
    // Only an alias spelled out in several words: "polski" → "polish" is the whole skill in another language.
    const spelledOut = !whole && words.filter((t) => !isOwn(t)).length >= 2 && hit.every((t) => !t.startsWith("k:") && !isOwn(t));
    const conf = w * (cb + (1 - cb) * covered) * FIELD_CONFIDENCE.skill * (activityOnly(words, hit, from) ? ACTIVITY_ONLY : 1) * (spelledOut ? EXPANSION_ONLY : 1);
    confidence = Math.max(confidence, conf);
    const topical = conf * (topic || q.topicWords.length === 0 ? 1 : OFF_TOPIC) * (target || q.targetWords.length === 0 ? 1 : OFF_TARGET);
    matchedSkills.push({ label: s.skill.label, confidence: conf, topical });
    if (withSignals && skillSignals++ < 2) {
      const kind = best.term.kind === "vector" ? "semantic" : "skill";
      const { head, tail } = skillDetail(s.skill.label, s.skill.level, best.term, best.token, q.written, own);
      if (named && named.signal.kind === kind && named.tail === tail) {
        named.signal.detail = `declared ${named.head} and ${head}${tail}`;
        named.signal.weight = Math.max(named.signal.weight, conf);
      } else {
        const signal: MatchSignal = { kind, weight: conf, detail: `declared ${head}${tail}` };
        signals.push(signal);
        named ??= { signal, head, tail };
      }
    }
  }
  const about = matches(e.aboutTokens);
  helperSolid ||= about.solid;
  // Nothing but the about line matched, and only through common words or word-vector neighbours.
  const incidental = confidence === 0 && about.best !== null && !about.solid;
  if (about.best) {
    // One word of an alias spelled out in several ("engineer" meeting the *engine* of search engine optimisation for
    // "seo") says as little in the about line as in a skill.
    const best = about.best.term;
    const spelled = best.kind === "alias" ? [...q.terms.values()].filter((t) => t.kind === "alias" && t.from === best.from && !t.token.startsWith("k:")).length : 0;
    const met = about.hit.filter((t) => !t.startsWith("k:") && table.get(t)?.some((m) => m.term.kind === "alias" && m.term.from === best.from)).length;
    const partial = spelled >= 2 && met < spelled && !about.hit.some((t) => t.startsWith("k:"));
    const conf = about.best.w * FIELD_CONFIDENCE.about * (activityOnly(e.aboutTokens, about.hit, about.from) ? ACTIVITY_ONLY : 1) * (partial ? EXPANSION_ONLY : 1);
    confidence = Math.max(confidence, conf);
    if (withSignals && (skillSignals === 0 || conf > 0.5)) signals.push({ kind: "about", weight: conf, detail: aboutDetail(about.best.term, about.best.token, q.written) });
  }
  // A concept the about line speaks of without naming it ("panel upgrades, adding circuits": electrical work).
  const inferred = e.inferredTokens.length > 0 ? matches(e.inferredTokens) : null;
  if (inferred?.best) {
    const conf = inferred.best.w * FIELD_CONFIDENCE.about * INFERRED_FIT;
    confidence = Math.max(confidence, conf);
    if (withSignals && skillSignals === 0 && !about.best) signals.push({ kind: "about", weight: conf, detail: `their profile speaks of ${conceptName(inferred.best.token)}` });
  }
  // A fellow learner may say what they are learning only in their about line ("web dev, picking up Rust").
  const fellow = learnerMode && e.learningTokens.length > 0 ? matches(e.learningTokens) : null;
  if (fellow?.best) {
    const conf = fellow.best.w * FIELD_CONFIDENCE.about;
    confidence = Math.max(confidence, conf);
    if (withSignals && skillSignals === 0) signals.push({ kind: "about", weight: conf, detail: `learning “${asWritten(fellow.best.term.from, q.written)}” too, says their profile` });
  }
  const evidence = matches(e.evidenceTokens, true);
  helperSolid ||= evidence.solid || inferred?.solid === true;
  if (evidence.best) {
    const conf = evidence.best.w * FIELD_CONFIDENCE.evidence;
    confidence = Math.max(confidence, conf);
    const n = withSignals ? similarEvidence(e, q, "helped") : 0;
    if (n > 0) signals.push({ kind: "evidence", weight: conf, detail: `helped ${n} similar question${n === 1 ? "" : "s"}` });
  }
  // Learning what is asked about, and fitting only through something else close to it ("anyone know javascript?":
  // a member learning JavaScript whose *HTML* is close in meaning), is no fit: they would be asked for help with
  // what they are still learning.
  if (learning && !helperSolid) confidence = 0;
  const nma = withSignals ? similarEvidence(e, q, "not_my_area") : 0;
  if (nma > 0) signals.push({ kind: "feedback", weight: -nma, detail: `said “not my area” to ${nma === 1 ? "a similar question" : `${nma} similar questions`}` });
  // A match that misses every one of the question's most specific words ("winter" in "my ball python hasn't
  // eaten all winter", "kids" in "is anyone around who works with dyslexic kids") is weak evidence of fit; one that
  // misses what the question explicitly asks for ("weddings" in "... the van I drive to weddings. anyone know cars?")
  // is weaker still.
  return { confidence: Math.min(1, confidence), topical: Math.min(1, confidence) * (onTopic ? 1 : OFF_TOPIC) * (onTarget ? 1 : OFF_TARGET), onTarget, signals, matchedSkills, incidental: incidental && evidence.best === null };
}

/** Words of the skill that a matched part's concept names ("chem" of *A-level chemistry* through `k:chemistry`). */
function partWords(parts: readonly string[] | undefined, hit: readonly string[], words: readonly string[]): number {
  if (!parts) return 0;
  let n = 0;
  for (const p of parts) {
    if (!hit.includes(p)) continue;
    for (const w of contentWords(p.slice(2).replace(/#.*$/, ""))) if (words.includes(stem(w)) && !hit.includes(stem(w))) n++;
  }
  return n;
}

/**
 * How many of a skill's words the question covers, each through a different question word: "screen" reaching
 * *screen printing*'s "screen" and, as a word-vector neighbour, its "print" covers one word, not two.
 */
function coveredWords(words: readonly string[], hit: readonly string[], from: readonly string[][]): number {
  const used = new Set<string>();
  let n = 0;
  for (const w of words) {
    const i = hit.indexOf(w);
    if (i < 0) continue;
    const source = from[i]!.find((f) => !used.has(f));
    if (source === undefined) continue;
    used.add(source);
    n++;
  }
  return n;
}

/** A concept token's name for a reason line: `k:french` → "French" (languages with their capital), `k:rust#lang` → "rust". */
function conceptName(token: string): string {
  const name = token.slice(2).replace(/#.*$/, "");
  return LANGUAGE_NAMES.has(name) ? name[0]!.toUpperCase() + name.slice(1) : name;
}

/** How the about line matched, never claiming it names the question's word when it matched another one. */
function aboutDetail(term: QueryTerm, token: string, written: ReadonlyMap<string, string>): string {
  const concept = token.startsWith("k:") ? conceptName(token) : null;
  const from = asWritten(term.from, written);
  switch (term.kind) {
    case "alias":
      return concept ? `mentions ${concept} in their profile (“${from}” means the same)` : `their profile mentions what “${from}” means`;
    case "related":
      return concept ? `their profile speaks of ${concept}, related to “${from}”` : `their profile mentions something related to “${from}”`;
    case "typo":
      return term.readAs ? `their profile mentions “${term.readAs}” (read “${from}” as a typo of it)` : `their profile matches “${from}”, read as a typo`;
    case "vector":
      return `their profile is close in meaning to “${from}”`;
    default:
      return `mentions “${from}” in their profile`;
  }
}

/**
 * How a skill matched, as the skill (`head`: "*plumbing* (expert)") and how the question reached it (`tail`: " — related
 * to “water heater”", or nothing when it used the skill's own words). The asker's word that is one of the member's own
 * ("taxes" for *tax returns*, "español" for *español*) is their own word, even when an alias reached the skill too.
 */
function skillDetail(label: string, level: "expert" | "can_help" | "learning", term: QueryTerm, token: string, written: ReadonlyMap<string, string>, own: ReadonlySet<string>): { head: string; tail: string } {
  const lvl = level === "can_help" ? "" : ` (${LEVEL_LABEL[level]})`;
  const from = asWritten(term.from, written);
  const head = `*${label}*${lvl}`;
  const sense = senseLabel(token.replace(/^k:/, ""));
  const ownWord = term.kind !== "typo" && term.from.split(" ").every((w) => own.has(stem(w)));
  switch (ownWord ? "word" : term.kind) {
    case "alias":
      return { head, tail: ` — “${from}” means the same` };
    case "related":
      return { head, tail: ` — related to “${from}”` };
    case "typo":
      return { head, tail: term.readAs ? ` — read “${from}” as “${term.readAs}”` : ` — read “${from}” as a typo` };
    case "vector":
      return { head, tail: ` — close in meaning to “${from}”` };
    default:
      return { head, tail: sense && !label.toLowerCase().includes(sense.toLowerCase()) ? ` (${sense})` : "" };
  }
}

/** Evidence records of a kind whose question shares a term with this question. */
function similarEvidence(e: Entry, q: ParsedQuestion, kind: "helped" | "not_my_area"): number {
  const tokens = kind === "helped" ? e.evidenceTokens : e.notMyAreaTokens;
  if (tokens.length === 0) return 0;
  let any = false;
  for (const term of q.terms.values()) {
    if (term.weight < 0.6 || term.common) continue;
    if (tokens.includes(term.token)) {
      any = true;
      break;
    }
  }
  if (!any) return 0;
  const strong = new Set([...q.terms.values()].filter((t) => t.weight >= 0.6 && t.kind !== "vector" && !t.common).map((t) => t.from));
  const questions = kind === "helped" ? e.member.helpedWith : e.member.notTheirArea;
  return questions.filter((question) => [...strong].some((w) => question.toLowerCase().includes(w))).length || 1;
}

const ownWordsCache = new Map<string, ReadonlySet<string>>();

/** Stems of the words a member wrote in a skill's label (memoised: labels repeat across members and questions). */
function ownWords(label: string): ReadonlySet<string> {
  let words = ownWordsCache.get(label);
  if (!words) {
    words = new Set(contentWords(label).map(stem));
    if (ownWordsCache.size > 50_000) ownWordsCache.clear();
    ownWordsCache.set(label, words);
  }
  return words;
}
