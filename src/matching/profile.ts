import type { Member } from "../core/domain/member.js";
import type { SkillLevel } from "../core/domain/skill.js";
import { skillKey, type AliasTable } from "../core/skills/normalize.js";
import { HOMONYMS, resolveSense } from "./senses.js";
import { contentWords, isStopword, stem, terms, words } from "./text.js";

/** Expertise cues in a skill's own wording: "react core contributor", "10 years of SEO". */
const EXPERT_CUE = /\b(core contributor|maintainer|author of|professional|pro|senior|principal|lead|certified|expert|specialist|\d+\s*(?:\+\s*)?(?:years?|yrs?))\b/;
const LEARNER_CUE = /\b(learning|beginner|newbie|noob|novice|want to learn|wanna learn|trying to learn|just started|getting into|curious about|student of)\b/;

/** One skill as the matcher sees it. */
export interface IndexedSkill {
  label: string;
  key: string;
  level: SkillLevel;
  /** Stemmed terms, near-homonyms resolved to sense tokens. */
  terms: string[];
  /** `terms` joined: the phrase key used by the taxonomy. */
  phrase: string;
  /** Unstemmed content words (for word vectors). */
  words: string[];
  confirmedAt: Date;
  /** 0-based position in the member's list (people list their main skills first). */
  position: number;
}

/** A member's profile turned into matching material. */
export interface Profile {
  skills: IndexedSkill[];
  aboutTerms: string[];
  aboutWords: string[];
  /** `aboutTerms` as a set (about-only matches). */
  aboutSet: ReadonlySet<string>;
  /** Stemmed terms of questions the member helped with or accepted (feedback raises these). */
  evidenceTerms: string[];
  /** Stemmed terms of each question the member helped with or accepted, newest first. */
  helped: string[][];
  /** Stemmed terms of each question the member said was not their area, newest first. */
  notMyArea: string[][];
}

/** The effective level: the declared one, raised or lowered by cues in the member's own wording. */
export function effectiveLevel(label: string, level: SkillLevel): SkillLevel {
  const f = label.toLowerCase();
  if (level !== "learning" && LEARNER_CUE.test(f)) return "learning";
  if (level === "can_help" && EXPERT_CUE.test(f)) return "expert";
  return level;
}

/** Words of a skill label that only carry its level ("learning", "expert", "years"). */
const LEVEL_WORDS = new Set(["learning", "beginner", "newbie", "noob", "novice", "core", "contributor", "maintainer", "professional", "pro", "senior", "principal", "lead", "certified", "expert", "specialist", "years", "year", "yrs", "want", "learn", "wanna", "started", "getting", "curious", "student", "some", "basic", "basics", "advanced", "intermediate"]);

/** Stemmed terms of a phrase with near-homonyms resolved by `context` (stems). */
export function senseTerms(text: string, context: ReadonlySet<string>, forSkill: boolean): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (!HOMONYMS.has(w) && (isStopword(w) || (w.length < 2 && w !== "c" && w !== "r") || /^\d{1,2}$/.test(w))) continue;
    if (HOMONYMS.has(w)) {
      const s = resolveSense(w, context, forSkill);
      out.push(s ?? w);
    } else out.push(stem(w));
  }
  return out;
}

/** Builds the matching profile of a member (pure; aliases of the community applied). */
export function buildProfile(m: Member, aliases: AliasTable): Profile {
  const aboutTerms = terms(m.about);
  const context = new Set<string>(aboutTerms);
  const keys = m.skills.map((s) => (s.key && s.key.length > 0 ? s.key : skillKey(s.label, aliases)));
  for (const k of keys) for (const t of terms(k)) context.add(t);
  const skills: IndexedSkill[] = m.skills.map((s, i) => {
    const canonical = aliases[keys[i]!] ?? keys[i]!;
    const meaningful = words(canonical).filter((w) => !LEVEL_WORDS.has(w) && (HOMONYMS.has(w) || contentWords(w).length > 0));
    const phraseText = meaningful.length > 0 ? meaningful.join(" ") : canonical;
    const t = senseTerms(phraseText, context, true);
    return {
      label: s.label,
      key: canonical,
      level: effectiveLevel(s.label, s.level),
      terms: t,
      phrase: t.join(" "),
      words: meaningful,
      confirmedAt: s.confirmedAt,
      position: i,
    };
  });
  const evidenceTerms: string[] = [];
  const helped: string[][] = [];
  const notMyArea: string[][] = [];
  for (const e of m.evidence) {
    const ts = [...new Set([...senseTerms(e.question, context, false), ...e.topics.flatMap((x) => terms(x))])];
    if (e.kind === "helped" || e.kind === "accepted") {
      evidenceTerms.push(...ts);
      helped.push(ts);
    } else if (e.kind === "not_my_area") notMyArea.push(ts);
  }
  const aboutWithSenses = senseTerms(m.about, context, false);
  return { skills, aboutTerms: aboutWithSenses, aboutSet: new Set(aboutWithSenses), aboutWords: contentWords(m.about), evidenceTerms, helped, notMyArea };
}
