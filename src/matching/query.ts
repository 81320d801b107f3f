import { BUILTIN_ALIASES } from "../core/skills/aliases.js";
import type { AliasTable } from "../core/skills/normalize.js";
import { HOMONYMS, isGoMention, resolveSense, senseTokens } from "./senses.js";
import { TAXONOMY } from "./taxonomy.js";
import { contentWords, isStopword, stem, terms, words } from "./text.js";

/** Questions longer than this are cut before matching (the core already refuses > 2,000 characters). */
export const MAX_QUESTION_CHARS = 2000;

export type TermVia = "word" | "alias" | "sense" | "related" | "field" | "typo" | "semantic";

/** One weighted query term and where it came from (for explanations). */
export interface QueryTerm {
  term: string;
  weight: number;
  via: TermVia;
  /** The question's own words that produced it. */
  from: string;
}

export interface AnalysedQuery {
  /** Stemmed term → best weighted source. */
  terms: Map<string, QueryTerm>;
  /** Skill phrases (stemmed, space-joined) the question names or implies → best source. */
  phrases: Map<string, QueryTerm>;
  /** Unstemmed content words (word vectors). */
  words: string[];
  /** Whether the asker wants a fellow learner ("anyone else learning Rust?"). */
  wantsLearner: boolean;
  /** Normalised topic words for the result. */
  topics: string[];
  truncated: boolean;
}

const CLOSE_WEIGHT = 0.65;
const FIELD_WEIGHT = 0.3;

interface TaxEntry {
  group: number;
  kind: "close" | "field";
}

/** Stemmed phrase → taxonomy groups it appears in. Built once per process. */
const TAX_INDEX: Map<string, TaxEntry[]> = (() => {
  const idx = new Map<string, TaxEntry[]>();
  TAXONOMY.forEach((g, group) => {
    for (const [kind, list] of [["close", g.close], ["field", g.field ?? []]] as const) {
      for (const p of list) {
        const key = phraseKey(p);
        if (!key) continue;
        const arr = idx.get(key) ?? [];
        arr.push({ group, kind });
        idx.set(key, arr);
      }
    }
  });
  return idx;
})();

/** The stemmed phrase key of a skill phrase (aliases resolved). */
export function phraseKey(text: string, aliases: AliasTable = {}): string {
  const folded = words(text).join(" ");
  const canonical = aliases[folded] ?? BUILTIN_ALIASES[folded] ?? folded;
  return terms(canonical).join(" ");
}

const LEARNER_ASK = /\b(fellow learners?|also learning|else learning|learning buddy|study buddy|study partner|learn together|learning together|other beginners?|another beginner|fellow beginners?|practice partner)\b/i;

function put<T extends { weight: number }>(map: Map<string, T>, key: string, v: T): void {
  const old = map.get(key);
  if (!old || old.weight < v.weight) map.set(key, v);
}

/** Turns a question into weighted terms and skill phrases: aliases, near-homonym senses, taxonomy. */
export function analyseQuestion(raw: string, aliases: AliasTable): AnalysedQuery {
  const truncated = raw.length > MAX_QUESTION_CHARS;
  const text = truncated ? raw.slice(0, MAX_QUESTION_CHARS) : raw;
  const folded = words(text);
  const context = new Set(terms(text));
  const out = new Map<string, QueryTerm>();
  const phrases = new Map<string, QueryTerm>();
  const consumed = new Set<number>();

  // 1. aliases, longest phrase first (community table before the built-in one)
  for (let n = 3; n >= 1; n--) {
    for (let i = 0; i + n <= folded.length; i++) {
      if ([...Array(n).keys()].some((k) => consumed.has(i + k))) continue;
      const phrase = folded.slice(i, i + n).join(" ");
      const canonical = aliases[phrase] ?? BUILTIN_ALIASES[phrase];
      if (!canonical || (n === 1 && isStopword(phrase))) continue;
      const ts = terms(canonical);
      if (ts.length === 0) continue;
      const via: TermVia = canonical === phrase ? "word" : "alias";
      for (const t of ts) put(out, t, { term: t, weight: 1, via, from: phrase });
      // the member may have written it the same way ("SEO" in an about line)
      if (via === "alias") for (const t of terms(phrase)) put(out, t, { term: t, weight: 1, via: "word", from: phrase });
      put(phrases, ts.join(" "), { term: ts.join(" "), weight: 1, via, from: phrase });
      for (let k = 0; k < n; k++) consumed.add(i + k);
    }
  }

  // 2. the remaining words, near-homonyms resolved by context
  folded.forEach((w, i) => {
    if (consumed.has(i)) return;
    if (HOMONYMS.has(w)) {
      if (w === "go" && !isGoMention(text, i, folded)) return;
      const sense = resolveSense(w, context);
      if (sense) {
        put(out, sense, { term: sense, weight: 1, via: "sense", from: w });
        put(out, w, { term: w, weight: 0.5, via: "sense", from: w });
      } else {
        put(out, w, { term: w, weight: 1, via: "word", from: w });
        for (const s of senseTokens(w)) put(out, s, { term: s, weight: 0.45, via: "sense", from: w });
      }
      return;
    }
    if (isStopword(w) || w.length < 2 || /^\d+$/.test(w)) return;
    const t = stem(w);
    put(out, t, { term: t, weight: 1, via: "word", from: w });
  });

  // 3. single terms and adjacent pairs/triples are skill phrases too ("query letter", "rust removal")
  const senseOf = (w: string): string | null => [...out.values()].filter((q) => q.term.startsWith(`${w}~`)).sort((a, b) => b.weight - a.weight)[0]?.term ?? null;
  const seq = folded
    .filter((w) => !isStopword(w) || (HOMONYMS.has(w) && out.has(w)))
    .map((w) => ({ w, t: HOMONYMS.has(w) ? (out.has(w) ? w : "") : stem(w) }));
  for (let n = 1; n <= 3; n++) {
    for (let i = 0; i + n <= seq.length; i++) {
      const parts = seq.slice(i, i + n);
      if (parts.some((p) => p.t === "")) continue;
      const key = parts.map((p) => p.t).join(" ");
      const from = parts.map((p) => p.w).join(" ");
      put(phrases, key, { term: key, weight: 1, via: "word", from });
      const resolved = parts.map((p) => (HOMONYMS.has(p.t) ? (senseOf(p.t) ?? p.t) : p.t)).join(" ");
      if (resolved !== key) put(phrases, resolved, { term: resolved, weight: 1, via: "sense", from });
    }
  }

  // 4. taxonomy: phrases of the same group (close) and of its field, weaker
  for (const [key, src] of [...phrases]) {
    for (const entry of TAX_INDEX.get(key) ?? []) {
      const g = TAXONOMY[entry.group]!;
      const base = src.weight * (entry.kind === "close" ? 1 : 0.5);
      for (const p of g.close) {
        const pk = phraseKey(p, aliases);
        if (pk && pk !== key) put(phrases, pk, { term: pk, weight: base * CLOSE_WEIGHT, via: "related", from: src.from });
      }
      for (const p of g.field ?? []) {
        const pk = phraseKey(p, aliases);
        if (pk && pk !== key) put(phrases, pk, { term: pk, weight: base * FIELD_WEIGHT, via: "field", from: src.from });
      }
    }
  }
  // close (not field-level) related phrases also feed the lexical terms, weakly
  for (const [pk, src] of phrases) {
    if (src.via !== "related") continue;
    const parts = pk.split(" ");
    for (const t of parts) put(out, t, { term: t, weight: (src.weight * 0.8) / parts.length, via: src.via, from: src.from });
  }

  const cw = contentWords(text);
  return {
    terms: out,
    phrases,
    words: cw,
    wantsLearner: LEARNER_ASK.test(text),
    topics: [...new Set([...phrases.values()].filter((p) => p.weight >= 1 && p.term.split(" ").length <= 2 && p.term.length > 2).map((p) => p.from))].slice(0, 8),
    truncated,
  };
}
