import type { Member } from "../core/domain/member.js";
import type { MemberId } from "../core/ids.js";
import type { AliasTable } from "../core/skills/normalize.js";
import { readAbout } from "../core/skills/parse.js";
import { canonical, contextStems, inferredConcepts, partConcepts, skillName, skillTokens, textTokens, titleConcepts } from "./analyze.js";
import { indexedMember, type IndexedMember, type ProfileSkill } from "./indexed-member.js";
import { PhraseKeySet } from "./phrase-keys.js";
import { F, FIELD_COUNT, Posting, SlotFloats } from "./postings.js";
import { decayedHelp, recentHelp } from "./priors.js";
import { SymSpell } from "./symspell.js";
import { TAXONOMY_KEYS } from "./taxonomy.js";
import { contentWords, fold } from "./text.js";

export { F, FIELD_COUNT } from "./postings.js";

/** Level weight inside the skill field (term frequency units). */
const LEVEL_TF = { expert: 1.5, can_help: 1, learning: 1 } as const;
/** Term frequency of a concept the about line speaks of without naming it. */
const INFERRED_TF = 1;

export interface IndexedSkill {
  skill: ProfileSkill;
  /** Canonical key (community aliases applied). */
  key: string;
  /** Distinct tokens of the skill (a handful: arrays beat sets here, in speed and memory). */
  tokens: readonly string[];
  /** Those of its tokens that are concepts of a part of it ("k:microsoft excel" of *excel / VBA macros*), if any. */
  parts?: readonly string[];
}

/** Weight of a part's concept in retrieval, against the skill's own tokens. */
const PART_TF = 0.5;

export interface Entry {
  slot: number;
  /**
   * The member as indexed (a compact copy: the caller may change the member later, and the tokens to remove
   * are recomputed from this copy). Skill tokens are not kept per member: see `CommunityIndex.skillsOf`.
   */
  member: IndexedMember;
  /** Tokens of the about line, without what it says the member is still learning or is not (what explanations read as help offered). */
  aboutTokens: readonly string[];
  /** Concepts the about line speaks of through their related words without naming them (`inferredConcepts`). */
  inferredTokens: readonly string[];
  /** Tokens of what the about line says the member is not or does not do ("not a vet!"): `disclaimedInAbout`. */
  disclaimedTokens: readonly string[];
  /** Tokens of what the about line says the member is learning ("web dev, picking up Rust"): `learningInAbout`. */
  learningTokens: readonly string[];
  evidenceTokens: readonly string[];
  notMyAreaTokens: readonly string[];
}

const DAY_MS = 24 * 3600_000;
const NONE: readonly string[] = Object.freeze([]);
/** Relative drift of a field's average length that makes BM25 renormalise (and recompute impacts). */
const NORM_DRIFT = 0.005;
/** Analysed skills kept for members recently explained (shortlisted members repeat from query to query). */
const SKILL_CACHE_MAX = 4096;

/** A static per-member multiplier used to pick candidates before the full priors (the track record). */
export type Boost = (m: IndexedMember) => number;

/**
 * One community's inverted index over members (fields: skills by level, about line, evidence of help,
 * learning skills, "not my area" questions). Updated in place by `put`/`delete`; nothing is shared between
 * communities. Also keeps the community's skill-word vocabulary (for typo tolerance and word-vector
 * expansion).
 */
export class CommunityIndex {
  readonly postings = new Map<string, Posting>();
  readonly lenSum = new Float64Array(FIELD_COUNT);
  /** Field lengths per slot (`lens.data[slot*FIELD_COUNT + f]`). */
  readonly lens = new SlotFloats(FIELD_COUNT);
  /** The candidate-selection boost per slot (see Boost). */
  readonly boosts = new SlotFloats(1);
  /** Recent help per slot: [decayed count at the newest help, that help's time in days since the epoch]. */
  private readonly recent = new SlotFloats(2);
  private readonly slots: Array<Entry | undefined> = [];
  private readonly free: number[] = [];
  private readonly byId = new Map<MemberId, number>();
  /** Folded skill word → how many member skills use it. */
  private readonly vocabCount = new Map<string, number>();
  /** Folded about-line content word → how many members' about lines use it. */
  private readonly aboutCount = new Map<string, number>();
  readonly typos = new SymSpell();
  /** Bumped whenever a word enters or leaves the vocabulary (caches of expansions key on it). */
  vocabVersion = 0;
  /** Phrases recognised as skills in questions: community skill keys (refcounted) plus the taxonomy. */
  private readonly keyCount = new Map<string, number>();
  readonly conceptKeys = new PhraseKeySet(TAXONOMY_KEYS);
  private readonly skillCache = new Map<number, IndexedSkill[]>();
  private readonly refAvg = new Float64Array(FIELD_COUNT);
  /** Per-field frequencies of the member being analysed, one row per token (see analyse). */
  private scratch = new Float32Array(64 * FIELD_COUNT);
  private normStamp = 0;

  constructor(readonly aliases: AliasTable, private readonly boost: Boost = () => 1) {}

  get size(): number {
    return this.byId.size;
  }

  get capacity(): number {
    return this.slots.length;
  }

  entry(slot: number): Entry | undefined {
    return this.slots[slot];
  }

  has(id: MemberId): boolean {
    return this.byId.has(id);
  }

  vocabulary(): IterableIterator<string> {
    return this.vocabCount.keys();
  }

  /** Words a question word may reach through word vectors: skill words, and about-line words (about-only experts). */
  *expansionVocabulary(): IterableIterator<string> {
    yield* this.vocabCount.keys();
    for (const w of this.aboutCount.keys()) if (!this.vocabCount.has(w)) yield w;
  }

  hasVocab(word: string): boolean {
    return this.vocabCount.has(word);
  }

  /** Slot of a member, or -1. */
  slotOf(id: MemberId): number {
    return this.byId.get(id) ?? -1;
  }

  /** How many members hold the token (document frequency). */
  df(token: string): number {
    return this.postings.get(token)?.size ?? 0;
  }

  /** Adds or replaces a member (a replaced member's old postings are removed first). */
  put(member: Member): void {
    this.delete(member.id);
    const m = indexedMember(member);
    const slot = this.free.pop() ?? this.slots.length;
    const { entry: e, skills, tf, len } = this.analyse(m, slot);
    this.slots[slot] = e;
    this.byId.set(m.id, slot);
    for (const [tok, row] of tf) {
      let p = this.postings.get(tok);
      if (!p) this.postings.set(tok, (p = new Posting(tok)));
      p.add(slot, this.scratch, row * FIELD_COUNT);
    }
    this.lens.ensure(slot + 1);
    this.lens.data.set(len, slot * FIELD_COUNT);
    this.boosts.ensure(slot + 1);
    this.boosts.data[slot] = this.boost(m);
    const help = recentHelp(m);
    this.recent.ensure(slot + 1);
    this.recent.data[2 * slot] = help?.mass ?? 0;
    this.recent.data[2 * slot + 1] = help ? help.atMs / DAY_MS : 0;
    for (let f = 0; f < FIELD_COUNT; f++) this.lenSum[f] = (this.lenSum[f] ?? 0) + (len[f] ?? 0);
    for (const w of vocabOf(skills)) this.addVocab(w);
    for (const w of new Set(contentWords(m.about))) this.countAbout(w, 1);
    for (const s of skills) {
      this.keyCount.set(s.key, (this.keyCount.get(s.key) ?? 0) + 1);
      this.conceptKeys.add(s.key);
    }
  }

  /** Removes a member; no-op if absent. */
  delete(id: MemberId): void {
    const slot = this.byId.get(id);
    if (slot === undefined) return;
    const e = this.slots[slot];
    this.byId.delete(id);
    this.slots[slot] = undefined;
    this.free.push(slot);
    if (!e) return;
    const skills = this.skillsOf(e);
    this.skillCache.delete(slot);
    const tokens = new Set<string>(e.aboutTokens);
    for (const t of e.learningTokens) tokens.add(t);
    for (const t of e.inferredTokens) tokens.add(t);
    for (const t of e.disclaimedTokens) tokens.add(t);
    for (const t of e.evidenceTokens) tokens.add(t);
    for (const t of e.notMyAreaTokens) tokens.add(t);
    for (const s of skills) for (const t of s.tokens) tokens.add(t);
    for (const tok of tokens) {
      const p = this.postings.get(tok);
      p?.remove(slot);
      if (p && p.size === 0) this.postings.delete(tok);
    }
    const at = slot * FIELD_COUNT;
    for (let f = 0; f < FIELD_COUNT; f++) {
      this.lenSum[f] = (this.lenSum[f] ?? 0) - (this.lens.data[at + f] ?? 0);
      this.lens.data[at + f] = 0;
    }
    this.boosts.data[slot] = 0;
    this.recent.data[2 * slot] = 0;
    for (const w of vocabOf(skills)) this.dropVocab(w);
    for (const w of new Set(contentWords(e.member.about))) this.countAbout(w, -1);
    for (const s of skills) {
      const n = (this.keyCount.get(s.key) ?? 1) - 1;
      if (n <= 0) {
        this.keyCount.delete(s.key);
        if (!TAXONOMY_KEYS.has(s.key)) this.conceptKeys.delete(s.key);
      } else this.keyCount.set(s.key, n);
    }
  }

  /**
   * A member's skills with their canonical keys and tokens. Recomputed from the indexed skills and about
   * line (the analysis is deterministic for a community's aliases) rather than kept for every member, and
   * cached for recently shortlisted members.
   */
  skillsOf(e: Entry): IndexedSkill[] {
    const hit = this.skillCache.get(e.slot);
    if (hit) return hit;
    const skills = this.analyseSkills(e.member.skills, e.member.about);
    if (this.skillCache.size >= SKILL_CACHE_MAX) this.skillCache.clear();
    this.skillCache.set(e.slot, skills);
    return skills;
  }

  /** The slot's recent help before any decay (0 for a member who never helped): a ceiling on `recentHelp` at any later time. */
  recentHelpCeiling(slot: number): number {
    return this.recent.data[2 * slot] ?? 0;
  }

  /** The slot's recent help, decayed to `nowMs` (0 for a member who never helped): O(1), for candidate selection. */
  recentHelp(slot: number, nowMs: number): number {
    const mass = this.recent.data[2 * slot] ?? 0;
    return mass === 0 ? 0 : decayedHelp(mass, (this.recent.data[2 * slot + 1] ?? 0) * DAY_MS, nowMs);
  }

  /** Releases spare posting capacity (call after a bulk build; later updates grow postings again). */
  compact(): void {
    for (const p of this.postings.values()) p.compact();
  }

  /** Average length of a field over members (≥ 1). */
  avgLen(field: number): number {
    return this.size === 0 ? 1 : Math.max(1, (this.lenSum[field] ?? 0) / this.size);
  }

  /**
   * The field averages BM25 normalises by, and a stamp that changes when they do. They follow `avgLen`
   * but move only when some field's average drifts by more than NORM_DRIFT, so that precomputed posting
   * impacts survive the small drift of single profile updates (and are exact after a fresh build).
   */
  norms(): { avg: Float64Array; stamp: number } {
    let drift = this.normStamp === 0;
    for (let f = 0; f < FIELD_COUNT && !drift; f++) {
      const ref = this.refAvg[f] ?? 1;
      drift = Math.abs(this.avgLen(f) - ref) > NORM_DRIFT * ref;
    }
    if (drift) {
      for (let f = 0; f < FIELD_COUNT; f++) this.refAvg[f] = this.avgLen(f);
      this.normStamp++;
    }
    return { avg: this.refAvg, stamp: this.normStamp };
  }

  private countAbout(w: string, by: 1 | -1): void {
    const n = (this.aboutCount.get(w) ?? 0) + by;
    if (n > 0) this.aboutCount.set(w, n);
    else this.aboutCount.delete(w);
    if ((by === 1 && n === 1) || n <= 0) this.vocabVersion++;
  }

  private addVocab(w: string): void {
    const n = this.vocabCount.get(w) ?? 0;
    this.vocabCount.set(w, n + 1);
    if (n === 0) {
      this.typos.add(w);
      this.vocabVersion++;
    }
  }

  private dropVocab(w: string): void {
    const n = (this.vocabCount.get(w) ?? 1) - 1;
    if (n > 0) {
      this.vocabCount.set(w, n);
      return;
    }
    this.vocabCount.delete(w);
    this.typos.remove(w);
    this.vocabVersion++;
  }

  /** Reuses the string already held by the postings for a token (one copy per community, not per member). */
  private intern(tok: string): string {
    return this.postings.get(tok)?.token ?? tok;
  }

  private analyseSkills(list: readonly ProfileSkill[], about: string): IndexedSkill[] {
    const ctx = contextStems(`${list.map((s) => s.label).join(" , ")} ${about}`);
    return list.map((skill) => {
      // A skill's concept is its name without the details in brackets: "Etsy (4k, ventas)" is Etsy, "中文 (普通话)" is
      // Chinese. The details' words still count, as words of the skill.
      const key = canonical(skillName(skill.label) || skill.key || fold(skill.label), this.aliases);
      const parts = partConcepts(skill.label, canonical(key, this.aliases), ctx, this.aliases).map((t) => this.intern(t));
      const tokens = skillTokens(skill.label, key, ctx, this.aliases, parts).map((t) => this.intern(t));
      return parts.length > 0 ? { skill, key, tokens, parts } : { skill, key, tokens };
    });
  }

  /**
   * Analyses a member: entry, skills, and per token a row of `scratch` holding its frequency per field
   * (scratch rows are reused by the next analysis: read them before analysing again).
   */
  private analyse(m: IndexedMember, slot: number): { entry: Entry; skills: IndexedSkill[]; tf: Map<string, number>; len: Float32Array } {
    const tokens = new Map<string, number>();
    const len = new Float32Array(FIELD_COUNT);
    const bump = (tok: string, field: number, by: number) => {
      let row = tokens.get(tok);
      if (row === undefined) {
        row = tokens.size;
        tokens.set(tok, row);
        if ((row + 1) * FIELD_COUNT > this.scratch.length) {
          const next = new Float32Array(this.scratch.length * 2);
          next.set(this.scratch);
          this.scratch = next;
        }
        this.scratch.fill(0, row * FIELD_COUNT, (row + 1) * FIELD_COUNT);
      }
      const at = row * FIELD_COUNT + field;
      this.scratch[at] = (this.scratch[at] ?? 0) + by;
    };
    const skills = this.analyseSkills(m.skills, m.about);
    for (const s of skills) {
      const field = s.skill.level === "learning" ? F.learning : F.skill;
      const w = LEVEL_TF[s.skill.level] * (s.skill.source === "evidence" ? 0.8 : 1);
      for (const t of s.tokens) bump(t, field, s.parts?.includes(t) ? w * PART_TF : w);
      len[field] = (len[field] ?? 0) + s.tokens.length;
    }
    const allAbout = textTokens(m.about, this.aliases, this.conceptKeys);
    for (const t of allAbout) bump(t, F.about, 1);
    len[F.about] = allAbout.length;
    // What the about line says the member is learning also counts as learning: a term a member is learning never
    // makes them a helper (lexicalScores), and explanations read only the rest of the line as help offered.
    // A skill the member declares as one they can help with outweighs the about line's "just started…".
    const read = readAbout(m.about);
    const helping = read.learning.length === 0 ? null : new Set(skills.filter((s) => s.skill.level !== "learning").flatMap((s) => s.tokens));
    const learning = helping === null ? NONE : textTokens(read.learning.join(", "), this.aliases, this.conceptKeys).filter((t) => !helping.has(t));
    for (const t of learning) bump(t, F.learning, LEVEL_TF.learning);
    len[F.learning] = (len[F.learning] ?? 0) + learning.length;
    // What it says the member is not ("retired nurse, not a doctor") counts against them, as "not my area" does.
    const disclaimed = read.disclaimed.length === 0 ? NONE : textTokens(read.disclaimed.join(", "), this.aliases, this.conceptKeys);
    for (const t of disclaimed) bump(t, F.notMyArea, 1);
    len[F.notMyArea] = (len[F.notMyArea] ?? 0) + disclaimed.length;
    const offered = read.offered === m.about ? allAbout : textTokens(read.offered, this.aliases, this.conceptKeys);
    // A trade the about line names ("plumber, 20 yrs") is the concept it practises, as if the line named it.
    const titled = titleConcepts(read.offered).filter((t) => !offered.includes(t));
    for (const t of titled) bump(t, F.about, 1);
    const about = titled.length === 0 ? offered : [...offered, ...titled];
    const implied = inferredConcepts(read.offered);
    const inferred = implied.length === 0 ? NONE : implied.filter((t) => !about.includes(t));
    for (const t of inferred) bump(t, F.about, INFERRED_TF);
    const evidence = new Set<string>();
    const notMyArea = new Set<string>();
    for (const [field, questions, seen] of [[F.evidence, m.helpedWith, evidence], [F.notMyArea, m.notTheirArea, notMyArea]] as const) {
      for (const question of questions) {
        const toks = new Set(textTokens(question, this.aliases, this.conceptKeys));
        for (const t of toks) {
          bump(t, field, 1);
          seen.add(t);
        }
        len[field] = (len[field] ?? 0) + toks.size;
      }
    }
    const intern = (xs: Iterable<string>) => {
      if (xs === NONE) return NONE;
      const out = [...new Set(xs)].map((t) => this.intern(t));
      return out.length === 0 ? NONE : out;
    };
    const entry: Entry = {
      slot,
      member: m,
      aboutTokens: intern(about),
      learningTokens: intern(learning),
      inferredTokens: intern(inferred),
      disclaimedTokens: intern(disclaimed),
      evidenceTokens: intern(evidence),
      notMyAreaTokens: intern(notMyArea),
    };
    return { entry, skills, tf: tokens, len };
  }
}

/** Folded skill words of a member (typo and word-vector expansion targets), each once. */
function vocabOf(skills: readonly IndexedSkill[]): Set<string> {
  const out = new Set<string>();
  for (const s of skills) {
    for (const w of contentWords(s.key)) out.add(w);
    for (const w of contentWords(fold(s.skill.label))) out.add(w);
  }
  return out;
}
