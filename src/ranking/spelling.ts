import type { SpellingHint } from "../core/ports/matcher.port.js";
import { foldText } from "../core/skills/normalize.js";
import type { SymSpell } from "./symspell.js";
import type { WordVectors } from "./vectors.js";
import { productVocabulary } from "./wink-vectors.js";

/** The product's own skill words (aliases, taxonomy, homonym contexts), made once, by length for the scan. */
let product: { words: ReadonlySet<string>; byLength: Map<number, string[]> } | null = null;

function productWords(): NonNullable<typeof product> {
  if (!product) {
    const words = productVocabulary();
    const byLength = new Map<number, string[]>();
    for (const w of words) if (/^[a-z]+$/.test(w)) byLength.set(w.length, [...(byLength.get(w.length) ?? []), w]);
    product = { words, byLength };
  }
  return product;
}

/**
 * Likely misspellings in skill labels a member has just declared ("Pyhton" → "Python"), for a "did you mean" in the
 * reply. A word is questioned only when neither the dictionary (the word vectors' vocabulary) nor the product's skill
 * words know it, and it is five letters or more (short words are acronyms and names too often). The suggestion is the
 * commonest word one slip of the fingers away (`isSlip`) that the product knows as a skill word, or that this
 * community already uses and the dictionary knows, so another member's typo is never suggested. Without word vectors
 * there is no dictionary, and nothing is questioned.
 */
export function spellingHints(labels: readonly string[], communityWords: SymSpell, vectors: WordVectors | null): SpellingHint[] {
  if (!vectors?.rank) return [];
  const rank = (w: string) => vectors.rank?.(w);
  const { words: known, byLength } = productWords();
  const hints: SpellingHint[] = [];
  for (const label of labels) {
    let suggestion = label;
    for (const w of foldText(label).split(/[^a-z]+/)) {
      if (w.length < 5 || known.has(w) || rank(w) !== undefined) continue;
      const candidates = [w.length - 1, w.length, w.length + 1].flatMap((len) => byLength.get(len) ?? []).filter((p) => isSlip(w, p));
      for (const c of communityWords.lookup(w)) if (rank(c.word) !== undefined && isSlip(w, c.word)) candidates.push(c.word);
      // The commoner word first (the dictionary's rank; product words it does not know last).
      const best = candidates.sort((a, b) => (rank(a) ?? Infinity) - (rank(b) ?? Infinity) || a.localeCompare(b))[0];
      if (best) suggestion = replaceWord(suggestion, w, best);
    }
    if (suggestion !== label) hints.push({ label, suggestion });
  }
  return hints;
}

/**
 * Whether `typed` is `word` with one slip of the fingers: two neighbouring letters swapped, a letter doubled, dropped
 * or added, or one replaced by a key next to it, never in the first letter. Real words one letter apart are not
 * slips of each other ("tatting" is no *batting*, "Clojure" no *closure*).
 */
function isSlip(typed: string, word: string): boolean {
  if (typed[0] !== word[0] || Math.abs(typed.length - word.length) > 1 || typed === word) return false;
  let i = 0;
  while (i < typed.length && typed[i] === word[i]) i++;
  if (typed.length === word.length) {
    if (typed.slice(i + 1) === word.slice(i + 1)) return KEY_NEIGHBOURS.get(typed[i]!)?.includes(word[i]!) === true;
    return typed[i] === word[i + 1] && typed[i + 1] === word[i] && typed.slice(i + 2) === word.slice(i + 2);
  }
  return typed.length > word.length ? typed.slice(i + 1) === word.slice(i) : typed.slice(i) === word.slice(i + 1);
}

/** Keys next to each other on a QWERTY keyboard. */
const KEY_NEIGHBOURS: ReadonlyMap<string, string> = (() => {
  const rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
  const map = new Map<string, string>();
  rows.forEach((row, r) => [...row].forEach((k, c) => {
    const near = [row[c - 1], row[c + 1], rows[r - 1]?.[c], rows[r - 1]?.[c + 1], rows[r + 1]?.[c], rows[r + 1]?.[c - 1]];
    map.set(k, near.filter((x): x is string => x !== undefined).join(""));
  }));
  return map;
})();

/** `label` with its word `typed` (folded) replaced by `word`, in the label's own capitals ("Pyhton" → "Python"). */
function replaceWord(label: string, typed: string, word: string): string {
  const found = label.match(new RegExp(`(?<![\\p{L}\\p{N}])${typed}(?![\\p{L}\\p{N}])`, "iu"));
  if (!found || found.index === undefined) return foldText(label).replace(typed, word);
  const original = found[0];
  const cased = original === original.toUpperCase() ? word.toUpperCase() : /^\p{Lu}/u.test(original) ? word[0]!.toUpperCase() + word.slice(1) : word;
  return label.slice(0, found.index) + cased + label.slice(found.index + original.length);
}
