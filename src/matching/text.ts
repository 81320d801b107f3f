import { foldText } from "../core/skills/normalize.js";

/** Words that never carry a topic in a question, a skill or an about line (chat English). */
const STOP = new Set(
  (
    "a about above after again against all also am an and any anybody anyone anything are as at be because been before being " +
    "below best better between both but by can cannot could did do does doing done down during each either else etc ever every " +
    "few for from further get gets getting give go goes going gone good got great had has have having he her here hers herself " +
    "hi hello hey him himself his how however i if im i'm in into is it its itself just know let like looking look make making many " +
    "may me might mine more most much must my myself need needs needed new no nor not now of off often on once one only or other " +
    "our ours ourselves out over own please quick quite rather really right said same say see seem she should so some somebody " +
    "someone something soon still such sure take tell than thank thanks that the their theirs them themselves then there these " +
    "they thing things think this those though through thx to too try trying two under until up upon us use used using very want " +
    "wants was way we well were what whats when where whether which while who whom whose why will with within without wonder " +
    "wondering would yes yet you your yours yourself yourselves anyone's someone's advice question questions help helping helps " +
    "tips tip idea ideas guy guys folks people person anybody's ok okay pls plz thing stuff lot lots bit little kind sort " +
    "i'd i've i'll can't don't won't isn't it's that's there's what's let's ve ll re d s t"
  ).split(" "),
);

/** True for words that carry no topic. */
export function isStopword(w: string): boolean {
  return STOP.has(w);
}

const VOWEL = /[aeiouy]/;

/**
 * A light English stemmer (plural, -ing/-ed/-er, -ation/-ise/-ize, -ist/-ism, final e): "writing",
 * "writer", "writes" → "writ"; "optimisation", "optimize" → "optimiz"; "accountant", "accounting" →
 * "account". Words with digits or skill characters (c++, c#, .net, node.js) are kept as they are.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /[^a-z]/.test(w)) return w;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(ss|us|is|os)$/.test(w)) w = w.slice(0, -1);
  w = w.replace(/is(e|ed|es|ing|ation|ations|er|ers)$/, "iz$1");
  for (const suf of ["izations", "ization", "ations", "ation", "ements", "ement", "ments", "ment", "ness", "ancy", "ists", "ist", "ism", "ant", "ings", "ing", "ed", "ers", "er", "ly"]) {
    if (w.endsWith(suf)) {
      const base = w.slice(0, -suf.length);
      if (base.length >= 3 && VOWEL.test(base)) {
        w = suf === "ization" || suf === "izations" ? `${base}iz` : base;
        if (/(bb|dd|gg|mm|nn|pp|rr|tt)$/.test(w)) w = w.slice(0, -1);
      }
      break;
    }
  }
  if (w.length > 3 && w.endsWith("e")) w = w.slice(0, -1);
  // "translate", "translating", "translation" → "transl"
  if (w.endsWith("at") && w.length >= 7 && /(ate|ates|ated|ating|ation|ations)$/.test(word)) w = w.slice(0, -2);
  w = w.replace(/graphi$/, "graph");
  if (w.length > 3 && w.endsWith("y")) w = `${w.slice(0, -1)}i`;
  return w;
}

/** Folded words of a text (case, accents, emoji and punctuation removed; skill characters kept). */
export function words(text: string): string[] {
  const f = foldText(text);
  return f.length === 0 ? [] : f.split(" ").filter((w) => w.length > 0);
}

/** Content words: folded words minus stop words and one-letter words (keeps "c", "r" only via aliases). */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => (w.length > 1 || w === "c" || w === "r") && !STOP.has(w) && !/^\d{1,2}$/.test(w));
}

/** Stemmed content words (the lexical index's terms). */
export function terms(text: string): string[] {
  return contentWords(text).map(stem);
}
