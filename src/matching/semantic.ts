import type { CommunityIndex } from "./community-index.js";
import { HOMONYMS } from "./senses.js";
import { isStopword } from "./text.js";
import { dot, type WordVectors } from "./vectors.js";

/**
 * Names of distinct tools and languages that word vectors put close together (java~javascript 0.5):
 * two different names from this list never count as semantically similar.
 */
const DISTINCT_NAMES = new Set(
  "java javascript typescript python ruby rust go golang kotlin swift scala perl php haskell elixir erlang clojure dart lua julia c++ c# react vue angular svelte django flask rails laravel spring node excel word powerpoint photoshop illustrator lightroom figma sketch quickbooks xero shopify etsy wordpress aws azure gcp docker kubernetes terraform ansible mysql postgresql mongodb redis oracle sap salesforce hubspot mailchimp instagram tiktok twitter facebook linkedin youtube knitting crochet sewing quilting embroidery chess poker".split(" "),
);

/** Cosines below this are noise for 100-d skip-gram vectors (writing~football is 0.31). */
export const SEM_FLOOR = 0.5;

/**
 * Offline semantic fit of every skill phrase of the community to the question: for each skill word,
 * its best cosine to a question word; a phrase's fit is the mean over its words, rescaled from
 * [SEM_FLOOR, 1] to [0, 1]. Returns phrase → fit (only phrases above 0) and the question word behind it.
 */
export function phraseSemantics(idx: CommunityIndex, vectors: WordVectors, questionWords: readonly string[]): Map<string, { fit: number; near: string }> {
  const qv: Array<[string, Float32Array]> = [];
  for (const w of new Set(questionWords)) {
    if (w.length < 3 || isStopword(w) || HOMONYMS.has(w)) continue;
    const v = vectors.get(w);
    if (v) qv.push([w, v]);
    if (qv.length >= 24) break;
  }
  const out = new Map<string, { fit: number; near: string }>();
  if (qv.length === 0) return out;
  const wordSim = new Map<string, { sim: number; near: string }>();
  for (const w of idx.skillWords.keys()) {
    if (HOMONYMS.has(w)) continue;
    const v = vectors.get(w);
    if (!v) continue;
    let best = 0;
    let near = "";
    for (const [qw, q] of qv) {
      if (qw !== w && DISTINCT_NAMES.has(qw) && DISTINCT_NAMES.has(w)) continue;
      const s = qw === w ? 1 : dot(v, q);
      if (s > best) {
        best = s;
        near = qw;
      }
    }
    if (best > SEM_FLOOR) wordSim.set(w, { sim: best, near });
  }
  if (wordSim.size === 0) return out;
  for (const [phrase, entry] of idx.phrases) {
    if (entry.words.length === 0) continue;
    let sum = 0;
    let best = { sim: 0, near: "" };
    for (const w of entry.words) {
      const s = wordSim.get(w);
      if (!s) continue;
      sum += s.sim;
      if (s.sim > best.sim) best = s;
    }
    if (sum === 0) continue;
    const mean = sum / entry.words.length;
    const fit = (mean - SEM_FLOOR) / (1 - SEM_FLOOR);
    if (fit > 0) out.set(phrase, { fit: Math.min(1, fit), near: best.near });
  }
  return out;
}
