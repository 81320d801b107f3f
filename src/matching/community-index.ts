import type { Member } from "../core/domain/member.js";
import type { MemberId } from "../core/ids.js";
import type { AliasTable } from "../core/skills/normalize.js";
import { Bm25Field } from "./bm25.js";
import { FuzzyVocab } from "./fuzzy.js";
import { buildProfile, type Profile } from "./profile.js";
import type { WordVectors } from "./vectors.js";

/** Level weights inside the skills field (learning skills are indexed apart). */
export const LEVEL_TF = { expert: 1.5, can_help: 1, learning: 0 } as const;

export interface IndexedMember {
  member: Member;
  profile: Profile;
}

interface PhraseEntry {
  /** Unstemmed words (for vectors). */
  words: string[];
  /** Display label (the first member's own wording). */
  label: string;
  helpers: Set<MemberId>;
  learners: Set<MemberId>;
}

/**
 * Everything the hybrid matcher knows about one community, updated member by member: BM25 fields,
 * the typo vocabulary, skill phrases (with who declared them) and the word vectors of skill words.
 * Nothing is shared between communities.
 */
export class CommunityIndex {
  readonly members = new Map<MemberId, IndexedMember>();
  readonly skills = new Bm25Field(1.2, 0.3);
  readonly learning = new Bm25Field(1.2, 0.3);
  readonly about = new Bm25Field(1.2, 0.75);
  readonly evidence = new Bm25Field(1.2, 0.75);
  readonly vocab = new FuzzyVocab();
  readonly phrases = new Map<string, PhraseEntry>();
  /** Unstemmed skill word → reference count (the words the semantic signal compares against). */
  readonly skillWords = new Map<string, number>();

  constructor(
    public aliases: AliasTable,
    private readonly vectors: WordVectors | null,
  ) {}

  get size(): number {
    return this.members.size;
  }

  upsert(m: Member): void {
    this.remove(m.id);
    const profile = buildProfile(m, this.aliases);
    this.members.set(m.id, { member: m, profile });
    const helperTf = new Map<string, number>();
    const learnTf = new Map<string, number>();
    for (const s of profile.skills) {
      const tf = s.level === "learning" ? learnTf : helperTf;
      // people list their main skills first: later entries weigh a little less
      const w = (s.level === "learning" ? 1 : LEVEL_TF[s.level]) * positionWeight(s.position);
      for (const t of new Set(s.terms)) tf.set(t, Math.max(tf.get(t) ?? 0, w));
      let p = this.phrases.get(s.phrase);
      if (!p) this.phrases.set(s.phrase, (p = { words: s.words, label: s.label, helpers: new Set(), learners: new Set() }));
      (s.level === "learning" ? p.learners : p.helpers).add(m.id);
      for (const w of s.words) this.skillWords.set(w, (this.skillWords.get(w) ?? 0) + 1);
    }
    this.skills.add(m.id, helperTf);
    this.learning.add(m.id, learnTf);
    this.about.add(m.id, counts(profile.aboutTerms));
    this.evidence.add(m.id, counts(profile.evidenceTerms));
    for (const t of vocabTerms(profile)) this.vocab.add(t);
  }

  remove(id: MemberId): void {
    const old = this.members.get(id);
    if (!old) return;
    this.members.delete(id);
    const p = old.profile;
    this.skills.remove(id, p.skills.flatMap((s) => s.terms));
    this.learning.remove(id, p.skills.flatMap((s) => s.terms));
    this.about.remove(id, p.aboutTerms);
    this.evidence.remove(id, p.evidenceTerms);
    for (const s of p.skills) {
      const e = this.phrases.get(s.phrase);
      if (e) {
        e.helpers.delete(id);
        e.learners.delete(id);
        if (e.helpers.size === 0 && e.learners.size === 0) this.phrases.delete(s.phrase);
      }
      for (const w of s.words) {
        const n = (this.skillWords.get(w) ?? 1) - 1;
        if (n <= 0) this.skillWords.delete(w);
        else this.skillWords.set(w, n);
      }
    }
    for (const t of vocabTerms(p)) this.vocab.remove(t);
  }

  /** Re-profiles every member (after the community's alias table changed). */
  reprofile(aliases: AliasTable): void {
    this.aliases = aliases;
    for (const { member } of [...this.members.values()]) this.upsert(member);
  }

  /** Whether a word is a real dictionary word (known to the word vectors), when vectors are loaded. */
  isDictionaryWord(word: string): boolean | null {
    return this.vectors ? this.vectors.get(word) !== null : null;
  }
}

/** Weight of the n-th listed skill (0-based): 1 for the first, decaying to 0.5 by the tenth. */
export function positionWeight(position: number): number {
  return Math.max(0.5, 1 - 0.055 * position);
}

function counts(ts: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of ts) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

function vocabTerms(p: Profile): Set<string> {
  return new Set([...p.skills.flatMap((s) => s.terms), ...p.aboutTerms]);
}
