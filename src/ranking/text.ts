import { foldText } from "../core/skills/normalize.js";

/**
 * Tokenising for ranking: folded words (see foldText), chat stop words dropped, a light English stemmer.
 * Skill punctuation survives folding (`c++`, `c#`, `.net`, `node.js`).
 */
const STOP = new Set(
  (
    "a about above after again against all also am an and any anybody anyone anything are as at be because been before being " +
    "below best better between both but by can cannot could did do does doing done down during each either else etc ever every " +
    "few for from further get gets getting give gives go goes going gone good got great had has have having he her here hers " +
    "hi hello hey him his how however i if im in into is it its itself just know knows let like looking look make makes making many " +
    "may me might mine more most much must my myself need needs needed no nor not now of off often on once one only or other " +
    "our ours out over own please pls plz quick quite rather really right said same say see seem she should so some somebody " +
    "someone something soon still such sure take tell than thank thanks thx that the their theirs them then there these " +
    "they thing things think this those though through to too try trying under until up upon us use used using very want " +
    "wants was way we well were what whats when where whether which while who whom whose why will with within without wonder " +
    "wondering would yes yet you your yours ve ll re d s t anyone's someone's advice question questions help helping helps helped " +
    "guy guys folks people ok okay stuff lot lots bit little kind sort hoping hope appreciate appreciated anyone's " +
    "here's there's it's i'm i've i'd don't can't won't isn't does've y'all someone's ask asking answer recommend recommendation " +
    "experience experienced know-how knowledge familiar friend friends team here's currently recently able " +
    // What folding leaves of contractions ("don't" → "don t"), and chat spellings without the apostrophe.
    "don doesn didn isn wasn aren weren hasn haven hadn couldn wouldn shouldn won ain dont doesnt didnt isnt wasnt " +
    "arent hasnt havent couldnt wouldnt shouldnt wont cant ive youre theyre thats theres " +
    // Vague words of generalists' profiles ("a bit of everything tbh", "admin, misc") that name no skill.
    "everything misc miscellaneous various whatever tbh imo " +
    // Function words of the community languages seen most (French, Spanish, German, Portuguese, Italian), without
    // those that are English content words or abbreviations too (car, hay, die, son, des, mit, eu, io, es, si…).
    "le les un une du au aux et ou dans sur pour par avec sans est sont mon ma mes ta tes sa ses notre nos votre vos leur leurs " +
    "je il elle nous vous ils elles qui que quoi ce cet cette ces ne pas moins tres très aussi comme mais donc quelqu'un " +
    "quelqu quelque chose faire fait peut peux veux cherche connait connaît el los las uno unos unas del y en con sin para " +
    "mis tus sus yo usted qué cómo pero alguien muy más aqui aquí tengo puede sabe der das den dem ein eine einen einem " +
    "und oder ohne für fur ist sind mein meine dein ich er sie wir ihr nicht auch wie aber wenn kennt jemand sich bei von zu " +
    "os um uma umas dos das em na nas com sem é são sao meu minha voce você ele ela nós muito mais alguém alguem di della " +
    "che qualcuno molto più de la"
  ).split(" "),
);

/** True for words that carry no topic. */
export function isStopword(w: string): boolean {
  return STOP.has(w);
}

const VOWEL = /[aeiouy]/;
const KEEP = new Set(["business", "bus", "gas", "news", "series", "species", "analysis", "basis", "tennis", "chess", "glass", "class", "press", "ios", "macos", "windows", "css", "aws", "sass", "js", "ts", "kubernetes", "pandas", "redis", "lens", "canvas", "yes", "thus", "plus", "status", "campus", "virus", "bonus", "physics", "economics", "mathematics", "statistics", "analytics", "graphics", "ceramics", "textiles", "logistics", "ethics", "lyrics", "taxes", "politics"]);

/**
 * A light English stemmer: plural and verb endings, -ation/-ise/-ize, -ing/-ed/-er, so that "writing",
 * "writer", "writes" share "write"; "optimisation", "optimize" share "optimi"; "taxes" → "tax". Deliberately
 * conservative on short words (3 letters or fewer are returned unchanged).
 */
export function stem(word: string): string {
  const hit = STEMS.get(word);
  if (hit !== undefined) return hit;
  const s = stemUncached(word);
  if (STEMS.size >= MEMO_MAX) STEMS.clear();
  STEMS.set(word, s);
  return s;
}

/** Memo tables for pure text functions (bounded: cleared when full). Index builds fold and stem the same few words again and again. */
const MEMO_MAX = 200_000;
const STEMS = new Map<string, string>();
const FOLDS = new Map<string, string>();

/** foldText, memoised for short strings (skill labels, question words). */
export function fold(text: string): string {
  if (text.length > 80) return foldText(text);
  const hit = FOLDS.get(text);
  if (hit !== undefined) return hit;
  const f = foldText(text);
  if (FOLDS.size >= MEMO_MAX) FOLDS.clear();
  FOLDS.set(text, f);
  return f;
}

/** Plurals in -ves of words in -f/-fe ("knives" → "knife"): most -ves plurals are regular ("gloves", "valves"). */
const VES = new Map([
  ["knives", "knife"], ["wives", "wife"], ["lives", "life"], ["leaves", "leaf"], ["shelves", "shelf"], ["halves", "half"],
  ["calves", "calf"], ["loaves", "loaf"], ["wolves", "wolf"], ["thieves", "thief"], ["scarves", "scarf"], ["hooves", "hoof"],
  ["selves", "self"], ["elves", "elf"], ["sheaves", "sheaf"], ["wharves", "wharf"],
]);

/**
 * Words whose "-er" is not an agent ending: stripping it would make them another word ("catering" → "cat", "flower"
 * → "flow", "shower" → "show", "corner" → "corn", "copper" → "cop"), so they keep it, with their -s, -ing and -ed
 * forms ("flowers", "flowering" → "flower").
 */
const ER_WORDS = new Set([
  "cater", "corner", "flower", "tower", "shower", "matter", "litter", "summer", "winter", "copper", "hammer", "master",
  "poster", "sticker", "water", "paper", "letter", "number", "member", "order", "border", "power", "cover", "river",
  "liver", "silver", "ginger", "timber", "leather", "feather", "weather", "center", "meter", "liter", "filter", "poker",
  "sweater", "plaster", "cluster", "butter", "supper", "dinner", "banner", "ladder", "rubber", "pepper", "tiger",
  "spider", "cider", "soccer", "cancer", "finger", "mother", "father", "brother", "sister", "daughter", "partner",
  "oyster", "lobster", "hamster", "boulder", "shoulder", "powder", "chapter", "monster", "quarter", "answer", "offer",
  "lumber", "chamber", "slipper", "zipper", "glitter", "temper", "anger", "danger", "hunger", "burger", "locker",
  "career", "sober", "tender", "gender", "wander", "wonder", "ponder", "render", "lever", "fever", "clever", "never", "ever",
]);

function stemUncached(word: string): string {
  let w = word;
  if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
  if (KEEP.has(w)) return w === "taxes" ? "tax" : w;
  const irregular = VES.get(w);
  if (irregular !== undefined) return stemUncached(irregular);
  if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (/(x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
  if (ER_WORDS.has(w)) return w;
  for (const end of ["ing", "ed"]) {
    if (w.endsWith(end) && ER_WORDS.has(w.slice(0, -end.length))) return w.slice(0, -end.length);
  }
  let stripped = "";
  for (const [suffix, repl] of SUFFIXES) {
    if (w.endsWith(suffix)) {
      const base = w.slice(0, w.length - suffix.length) + repl;
      // "-al" only off a long base ("musical" → "music", "seasonal" → "season"): "legal", "metal", "dental",
      // "signal" are not "leg", "met", "dent", "sign".
      if (base.length >= (suffix === "al" ? 5 : suffix === "istry" ? 4 : 3) && VOWEL.test(base)) {
        w = base;
        stripped = suffix;
        break;
      }
    }
  }
  // "soldering" → "solder" → "sold", as "solder" itself: an -ing/-ed form of a word in -er stems like the word.
  if ((stripped === "ing" || stripped === "ings" || stripped === "ed") && w.endsWith("er") && w.length >= 5 && VOWEL.test(w.slice(0, -2))) w = w.slice(0, -2);
  // doubled consonant after -ing/-ed removal: "running" → "runn" → "run"
  if (/([bdfgmnprt])\1$/.test(w) && w.length > 3) w = w.slice(0, -1);
  // A one-syllable word with a silent e keeps it, and its -ing/-ed/-er forms get it back ("caring", "carer" →
  // "care"; "coding" → "code"; "baking", "baker" → "bake"): without the e they would be another word (care/car,
  // code/cod, plane/plan, site/sit, hope/hop, wine/win).
  else if ((stripped === "ing" || stripped === "ings" || stripped === "ed" || stripped === "er" || stripped === "ers") && SILENT_E.test(w)) return w + "e";
  if (w.endsWith("e") && w.length >= 4 && !SILENT_E.test(w.slice(0, -1))) w = w.slice(0, -1);
  if (w.endsWith("y") && w.length > 4) w = w.slice(0, -1) + "i";
  return w;
}

/** One syllable ending in consonant, one vowel, one consonant (not w, x, y): "car", "cod", "writ", "plan", "shap". */
const SILENT_E = /^[^aeiouy]*[aeiouy][^aeiouywxy]$/;

const SUFFIXES: Array<[string, string]> = [
  // A field and who practises it stem alike: photography / photographer, psychology / psychologist, therapy /
  // therapist, astronomy / astronomer, pharmacy / pharmacist, chemistry / chemist, accountancy / accountant.
  ["graphy", "graph"], ["ology", "olog"], ["onomy", "onom"], ["apy", "ap"], ["macy", "mac"], ["ancy", ""], ["istry", ""],
  ["isations", "is"], ["izations", "is"], ["isation", "is"], ["ization", "is"], ["ational", "ate"], ["fulness", "ful"],
  ["iveness", "ive"], ["ousness", "ous"], ["ations", "ate"], ["ation", "ate"], ["ement", ""], ["ments", ""], ["ment", ""],
  ["ingly", ""], ["ings", ""], ["ing", ""], ["edly", ""], ["ised", "is"], ["ized", "is"], ["ises", "is"], ["izes", "is"],
  ["ise", "is"], ["ize", "is"], ["ed", ""], ["ers", ""], ["er", ""], ["ists", ""], ["ist", ""], ["ism", ""], ["ically", "ic"],
  ["ical", "ic"], ["ly", ""], ["ance", ""], ["ence", ""], ["ant", ""], ["ent", ""], ["ive", ""], ["al", ""],
];

/** Folded content words of a text, in order (stop words and 1-letter words dropped; "c" and "r" kept as languages). */
export function contentWords(text: string): string[] {
  const folded = fold(text);
  const words = folded.split(/[\s-]+/);
  return (HAS_CJK.test(folded) ? words.flatMap(cjkWords) : words)
    .map((w) => w.replace(/^[.]+|[.]+$/g, ""))
    .filter((w) => (w.length > 1 || w === "c" || w === "r") && !STOP.has(w) && !/^\d+$/.test(w));
}

/** All folded words (stop words included), for phrase and alias detection. */
export function allWords(text: string): string[] {
  const folded = fold(text);
  const words = folded.split(" ");
  return (HAS_CJK.test(folded) ? words.flatMap(cjkWords) : words).filter((w) => w.length > 0);
}

/**
 * The text's words as written (case and accents kept), by their folded form: "francais" → "Français", "pret" → "prêt".
 * The first spelling of a word wins. Explanations quote the asker's words with these, not as folding left them.
 */
export function writtenForms(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const keep = (written: string) => {
    const f = fold(written);
    if (f.length === 0 || f.includes(" ") || out.has(f)) return;
    // The dots and dashes folding took off its edges go here too (".net" keeps its dot, "ok." loses it).
    out.set(f, written.replace(f.startsWith(".") ? /$^/ : /^[.-]+/, "").replace(/[.-]+$/, ""));
  };
  // What foldText keeps of a word: letters (with their marks), digits and + # . - ("c++", "c#", ".net", "café-boutique").
  for (const [chunk] of text.normalize("NFC").matchAll(/[\p{L}\p{M}\p{N}+#.-]+/gu)) {
    keep(chunk);
    if (chunk.includes("-")) for (const part of chunk.split("-")) keep(part);
  }
  return out;
}

/** Folded words (one, or several separated by spaces) as the text wrote them, lowercased: "francais" → "français". */
export function asWritten(folded: string, written: ReadonlyMap<string, string>): string {
  return folded.split(" ").map((w) => written.get(w)?.toLowerCase() ?? w).join(" ");
}

/** Chinese characters and Japanese kana: written without spaces between words. */
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+/gu;

/**
 * Chinese and Japanese are written without spaces, so a "word" can be a whole sentence ("UVレジンで作ったアクセサリーが…").
 * Such a word is read as its other-script parts, each run of Chinese or Japanese characters, and that run's
 * character pairs, as search engines do for these languages: "UVレジン" in a profile and the sentence then share
 * "レジ" and "ジン". Other words come back as they are.
 */
function cjkWords(word: string): string[] {
  if (!HAS_CJK.test(word)) return [word];
  const out: string[] = [];
  for (const part of word.split(CJK_RUN)) if (part) out.push(part);
  for (const [run] of word.matchAll(CJK_RUN)) {
    out.push(run);
    for (let i = 0; i + 2 <= run.length && run.length > 2; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}
const HAS_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
