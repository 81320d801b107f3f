import type { SpellingHint } from "../core/ports/matcher.port.js";
import { foldText } from "../core/skills/normalize.js";
import type { SymSpell } from "./symspell.js";
import type { WordVectors } from "./vectors.js";
import { BUILTIN_ALIASES } from "../core/skills/aliases.js";
import { GLOSSARY } from "./glossary.js";
import { TAXONOMY } from "./taxonomy.js";
import { productWordSet } from "./wink-vectors.js";

/**
 * Words the product knows (aliases, taxonomy, homonym contexts, the glossary's other languages: "guitare" is French,
 * not a typo), and the words of the skill names it knows — taxonomy keys and what aliases lead to — by length: the
 * suggestions ("pottery", not a taxonomy entry's "tasting" or an alias's German "spanisch"). Made once.
 */
let product: { known: { has(word: string): boolean }; byLength: Map<number, string[]> } | null = null;

function productWords(): NonNullable<typeof product> {
  if (!product) {
    const known = { has: (w: string) => productWordSet().has(w) || GLOSSARY.has(w) };
    const names = new Set([...Object.keys(TAXONOMY), ...Object.values(BUILTIN_ALIASES)].flatMap((n) => foldText(n).split(/[^a-z]+/)));
    const byLength = new Map<number, string[]>();
    for (const w of names) if (w.length >= 4) byLength.set(w.length, [...(byLength.get(w.length) ?? []), w]);
    product = { known, byLength };
  }
  return product;
}

/**
 * Likely misspellings in skill labels a member has just declared ("Pyhton" → "Python"), for a "did you mean" in the
 * reply. A word is questioned only when neither the dictionary (the word vectors' vocabulary) nor the product knows
 * it, and it is five letters or more (short words are acronyms and names too often). The suggestion is a skill name's
 * word the product knows, or a word this community already uses that the dictionary knows (so another member's typo
 * is never suggested), one slip of the fingers away (`slip`): the likeliest slip first, then the commoner word.
 * Without word vectors there is no dictionary, and nothing is questioned.
 */
export function spellingHints(labels: readonly string[], communityWords: SymSpell, vectors: WordVectors | null): SpellingHint[] {
  if (!vectors?.rank) return [];
  const rank = (w: string) => vectors.rank?.(w) ?? Infinity;
  const { known, byLength } = productWords();
  const hints: SpellingHint[] = [];
  for (const label of labels) {
    let suggestion = label;
    for (const w of foldText(label).split(/[^a-z]+/)) {
      if (w.length < 5 || known.has(w) || rank(w) !== Infinity) continue;
      const candidates = new Set([w.length - 1, w.length, w.length + 1].flatMap((len) => byLength.get(len) ?? []));
      for (const c of communityWords.lookup(w)) if (rank(c.word) !== Infinity) candidates.add(c.word);
      const best = [...candidates]
        .map((word) => ({ word, slip: slip(w, word) }))
        .filter((c): c is { word: string; slip: number } => c.slip !== null)
        .sort((a, b) => a.slip - b.slip || rank(a.word) - rank(b.word) || a.word.localeCompare(b.word))[0];
      if (best) suggestion = replaceWord(suggestion, w, best.word);
    }
    if (suggestion !== label) hints.push({ label, suggestion });
  }
  return hints;
}

/**
 * How likely `typed` is `word` with one slip of the fingers, likeliest first, or null when it is not one: 0 a doubled
 * letter typed once or a letter typed twice ("potery", "marketting"), 1 two neighbouring letters swapped ("paino"),
 * 2 a letter dropped ("Kubernets"), 3 a letter added next to its own key or a neighbour ("guitarr"), 4 a letter
 * replaced by a key next to it ("lesrning"). Never in the first letter. Real words one letter apart are not slips
 * of each other ("tatting" is no *batting*, "Clojure" no *closure*, "speeking" no *seeking*).
 */
function slip(typed: string, word: string): number | null {
  if (typed[0] !== word[0] || Math.abs(typed.length - word.length) > 1 || typed === word) return null;
  let i = 0;
  while (i < typed.length && typed[i] === word[i]) i++;
  if (typed.length === word.length) {
    if (typed.slice(i + 1) === word.slice(i + 1)) return near(typed[i]!, word[i]!) ? 4 : null;
    const swapped = typed[i] === word[i + 1] && typed[i + 1] === word[i] && typed.slice(i + 2) === word.slice(i + 2);
    return swapped ? 1 : null;
  }
  if (typed.length < word.length) {
    if (typed.slice(i) !== word.slice(i + 1)) return null;
    const dropped = word[i]!;
    return dropped === word[i - 1] || dropped === word[i + 1] ? 0 : 2;
  }
  if (typed.slice(i + 1) !== word.slice(i)) return null;
  const added = typed[i]!;
  if (added === typed[i - 1] || added === typed[i + 1]) return 0;
  return near(added, typed[i - 1] ?? "") || near(added, typed[i + 1] ?? "") ? 3 : null;
}

const near = (a: string, b: string): boolean => KEY_NEIGHBOURS.get(a)?.includes(b) === true;

/** Keys next to each other on a QWERTY keyboard. */
const KEY_NEIGHBOURS: ReadonlyMap<string, string> = (() => {
  const rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
  const map = new Map<string, string>();
  rows.forEach((row, r) => [...row].forEach((k, c) => {
    const around = [row[c - 1], row[c + 1], rows[r - 1]?.[c], rows[r - 1]?.[c + 1], rows[r + 1]?.[c], rows[r + 1]?.[c - 1]];
    map.set(k, around.filter((x): x is string => x !== undefined).join(""));
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
