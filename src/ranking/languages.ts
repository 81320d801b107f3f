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
