import { stem } from "./text.js";

/**
 * Near-homonyms kept apart by context: "Go" the language vs the board game, "Java" the language vs
 * coffee, "Rust" the language vs the video game vs rust removal. A resolved mention becomes a sense token
 * ("rust~lang"); an unresolved one stays the plain word, which matches every sense weakly.
 */
interface SenseRule {
  word: string;
  senses: Record<string, string[]>;
  /** Sense used for a member's skill when nothing in their profile says otherwise (null: stay ambiguous). */
  skillDefault: string | null;
}

const TECH = "code coding program programming programmer developer development software backend server api compile compiler library framework binary app deploy microservice microservices devops engineer";

const RULES: SenseRule[] = [
  {
    word: "go",
    senses: {
      lang: `${TECH} golang goroutine goroutines concurrency channels struct interface module modules gin kubernetes docker python java rust javascript typescript`.split(" "),
      game: "board game games baduk weiqi igo stone stones joseki tsumego kyu dan opponent tournament chess shogi territory capture handicap".split(" "),
    },
    skillDefault: "lang",
  },
  {
    word: "java",
    senses: {
      lang: `${TECH} jvm spring android kotlin maven gradle class classes object oriented javascript python`.split(" "),
      coffee: "coffee espresso brew brewing beans roast roasting cafe barista".split(" "),
    },
    skillDefault: "lang",
  },
  {
    word: "rust",
    senses: {
      lang: `${TECH} cargo crate crates borrow checker lifetime lifetimes rustc tokio memory safety systems wasm async trait traits embedded python golang`.split(" "),
      game: "game games gaming server servers raid raids base wipe survival facepunch steam clan pvp".split(" "),
      removal: "remove removal removing rusty corrosion corroded metal bike bicycle car tool tools chain iron steel vinegar wd-40 sand sanding paint restore restoration oxidation stain stains cast off plane planes chisel chisels blade blades knife knives saw saws pan skillet wrench".split(" "),
    },
    skillDefault: null,
  },
];

const BY_WORD = new Map(RULES.map((r) => [r.word, { ...r, cues: Object.fromEntries(Object.entries(r.senses).map(([k, ws]) => [k, new Set(ws.map(stem))])) }]));

/** The homonym words handled here. */
export const HOMONYMS: ReadonlySet<string> = new Set(BY_WORD.keys());

/** All sense tokens of a homonym ("rust" → rust~lang, rust~game, rust~removal). */
export function senseTokens(word: string): string[] {
  const r = BY_WORD.get(word);
  return r ? Object.keys(r.senses).map((s) => `${word}~${s}`) : [];
}

/**
 * The sense of `word` given the stems around it, or null when context does not decide. When `forSkill`
 * is set, the rule's default applies to an undecided skill (a bare "Go" skill is the language).
 */
export function resolveSense(word: string, context: ReadonlySet<string>, forSkill = false): string | null {
  const r = BY_WORD.get(word);
  if (!r) return null;
  let best: string | null = null;
  let bestHits = 0;
  let tie = false;
  for (const [sense, cues] of Object.entries(r.cues)) {
    let hits = 0;
    for (const c of cues) if (context.has(c)) hits++;
    if (hits > bestHits) {
      best = sense;
      bestHits = hits;
      tie = false;
    } else if (hits > 0 && hits === bestHits) tie = true;
  }
  if (best && !tie) return `${word}~${best}`;
  return forSkill && r.skillDefault ? `${word}~${r.skillDefault}` : null;
}

const GO_LEAD = new Set(["play", "playing", "learn", "learning", "in", "with", "of", "about", "write", "writing", "using", "use", "teach", "teaching", "for"]);

/**
 * Whether a "go" in a question names the language or the game rather than the verb: written "Go"
 * mid-sentence, or after a lead word ("play go", "written in go") and not before "to"/"through"/etc.
 */
export function isGoMention(original: string, index: number, folded: readonly string[]): boolean {
  const prev = folded[index - 1] ?? "";
  const next = folded[index + 1] ?? "";
  if (["to", "through", "about", "ahead", "back", "over", "out", "on", "for", "with", "into", "up", "and", "get", "live", "wrong", "away"].includes(next)) return false;
  if (GO_LEAD.has(prev)) return true;
  return /(?:^|[^.!?\n]\s)\bGo\b(?![-'])/.test(original) && !/^\s*Go\b/.test(original);
}
