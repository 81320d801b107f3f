/**
 * Names of languages (English). Word vectors put them all close together ("polish" is a near neighbour of "german"),
 * but one language never stands in for another: a question about Polish must not reach a German speaker.
 */
export const LANGUAGE_NAMES: ReadonlySet<string> = new Set(
  (
    "english french spanish german italian portuguese dutch flemish swedish norwegian danish finnish icelandic polish czech " +
    "slovak slovenian hungarian romanian bulgarian serbian croatian bosnian albanian greek turkish russian ukrainian " +
    "belarusian latvian lithuanian estonian georgian armenian azerbaijani kazakh uzbek arabic hebrew persian farsi urdu " +
    "hindi bengali punjabi gujarati marathi tamil telugu kannada malayalam nepali sinhala chinese mandarin cantonese " +
    "japanese korean vietnamese thai lao khmer burmese indonesian malay tagalog filipino swahili amharic somali yoruba " +
    "igbo hausa zulu xhosa afrikaans catalan basque galician welsh irish gaelic breton latin esperanto twi"
  ).split(" "),
);

/** A letter of any script but Latin. */
const NON_LATIN_LETTER = /[^\P{L}\p{Script=Latin}]/u;

/** Scripts that name their language (for a question written in them), most specific first. */
const SCRIPTS: Array<[RegExp, (text: string) => string]> = [
  [/\p{Script=Hangul}/u, () => "korean"],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, () => "japanese"],
  [/\p{Script=Han}/u, () => "chinese"],
  [/\p{Script=Cyrillic}/u, (t) => (/[іїєґІЇЄҐ]/u.test(t) ? "ukrainian" : "russian")],
  [/\p{Script=Greek}/u, () => "greek"],
  [/\p{Script=Arabic}/u, (t) => (/[پچژگ]/u.test(t) ? "persian" : "arabic")],
  [/\p{Script=Hebrew}/u, () => "hebrew"],
  [/\p{Script=Thai}/u, () => "thai"],
  [/\p{Script=Devanagari}/u, () => "hindi"],
];

/**
 * The language a question is written in, when its script says so (most of its letters in Hangul, Cyrillic, Arabic…):
 * whoever helps must read it, so members who speak it are relevant. Null for Latin script (English, French, Turkish
 * … are not told apart by their letters).
 */
export function scriptLanguage(text: string): string | null {
  // Most questions are all Latin letters: nothing to count.
  if (!NON_LATIN_LETTER.test(text)) return null;
  const letters = [...text.matchAll(/\p{L}/gu)].map((m) => m[0]);
  if (letters.length === 0) return null;
  for (const [script, language] of SCRIPTS) {
    const n = letters.filter((c) => script.test(c)).length;
    if (n / letters.length >= 0.3) return language(text);
  }
  return null;
}

/**
 * Function words of the languages most often written in Latin script besides English (folded, without accents). A
 * word shared by two of them counts for both; words that are also common English words (do, no, come, die…) are left
 * out.
 */
const FUNCTION_WORDS: ReadonlyArray<[string, ReadonlySet<string>]> = (
  [
    ["french", "le les une des est pas que qui pour dans avec sur mon ma mes je nous vous il elle ce cette quelqu aussi mais du au aux sont ou"],
    ["spanish", "el los las una es que para por con mi mis yo alguien como cuanto cuanta del al pero esta estoy tengo hay muy puedo sabe se lo"],
    ["german", "der das den dem des ein eine einen ist nicht und ich du wir mit fur auf bei mein meine meinem meinen jemand wie was sich auch noch schon oder zu"],
    ["portuguese", "os um uma nao que para com meu minha eu voce alguem como da dos das tem sem faco tenho estou isso pra ao"],
    ["italian", "il lo gli che per con mio mia io qualcuno del della dei non sono anche ho"],
    ["polish", "sie nie jest mi jak czy ktos moja mam"],
    ["czech", "se je mi jak nekdo muzete pro"],
    ["dutch", "de het een van ik je niet met voor op dat wie iemand mijn"],
  ] as Array<[string, string]>
).map(([lang, words]) => [lang, new Set(words.split(" "))]);

/** English function words: a question with as many of these is English, whatever else it holds. */
const ENGLISH_FUNCTION = new Set("the a an is are my i to and of it in for you anyone how what do does can this that with on".split(" "));

/**
 * The language a Latin-script question is written in when its function words say so (at least two of one language,
 * more than of any other and more than English ones): “Pękł mi hak przerzutki… Ktoś umie to przylutować?” is Polish.
 * Null for English and for mixed or unclear text. `words`: the question's folded words, stop words included.
 */
export function latinLanguage(words: readonly string[]): string | null {
  let best: string | null = null;
  let top = 0;
  let second = 0;
  for (const [lang, set] of FUNCTION_WORDS) {
    let n = 0;
    for (const w of words) if (set.has(w)) n++;
    if (n > top) {
      second = top;
      top = n;
      best = lang;
    } else if (n > second) second = n;
  }
  if (best === null || top < 2 || top === second) return null;
  let english = 0;
  for (const w of words) if (ENGLISH_FUNCTION.has(w)) english++;
  return top > english ? best : null;
}
