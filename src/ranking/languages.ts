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
