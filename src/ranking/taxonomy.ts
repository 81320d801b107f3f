import { ACADEMIC } from "./taxonomy/academic.js";
import { BUSINESS } from "./taxonomy/business.js";
import { LANGUAGE } from "./taxonomy/language.js";
import { LIFE } from "./taxonomy/life.js";
import { MAKING } from "./taxonomy/making.js";
import { PhraseKeySet } from "./phrase-keys.js";
import { SOFTWARE } from "./taxonomy/software.js";

/**
 * The product's taxonomy of related skills: for a canonical skill key, the words a question uses when it
 * needs that skill without naming it ("my invoices" → bookkeeping; "sourdough" → baking). Question words are
 * stemmed before lookup, so list base forms. A related word gives partial credit (RELATED_WEIGHT), never a
 * full match, and the explanation says which word it was. Keys must be canonical (after BUILTIN_ALIASES).
 * The lists live in src/ranking/taxonomy/, one file per domain.
 */
export const RELATED_WEIGHT = 0.7;

/** All domains' related words, one concept per key. */
export const TAXONOMY: Readonly<Record<string, readonly string[]>> = merge([SOFTWARE, BUSINESS, LANGUAGE, MAKING, LIFE, ACADEMIC]);

/** The taxonomy's concept keys. */
export const TAXONOMY_KEYS: ReadonlySet<string> = new PhraseKeySet(Object.keys(TAXONOMY));

/** Merges the domains; a concept defined in two of them is a mistake that would silently drop one list. */
function merge(parts: ReadonlyArray<Readonly<Record<string, readonly string[]>>>): Readonly<Record<string, readonly string[]>> {
  const out: Record<string, readonly string[]> = {};
  for (const part of parts) {
    for (const [key, words] of Object.entries(part)) {
      if (Object.hasOwn(out, key)) throw new Error(`taxonomy: "${key}" is defined in two domains`);
      out[key] = words;
    }
  }
  return out;
}
