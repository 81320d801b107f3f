import { unavailableReason } from "../core/domain/availability.js";
import type { Member } from "../core/domain/member.js";
import type { CommunityId, MemberId } from "../core/ids.js";
import type { Embedder } from "../core/ports/embedder.port.js";
import type { Logger } from "../core/ports/logger.port.js";
import type { Matcher, MatchQuery, MatchResult, MatchSignal, Suggestion } from "../core/ports/matcher.port.js";
import type { Store } from "../core/ports/store.port.js";
import type { AliasTable } from "../core/skills/normalize.js";
import { CommunityIndex } from "./community-index.js";
import { EmbeddingSimilarity } from "./embedding-similarity.js";
import { explain, skillDetail } from "./explain.js";
import { DEFAULT_PRIORS, priorsFor, type PriorWeights } from "./priors.js";
import { analyseQuestion, type AnalysedQuery, type QueryTerm } from "./query.js";
import { phraseSemantics } from "./semantic.js";
import type { IndexedSkill } from "./profile.js";
import type { WordVectors } from "./vectors.js";

/** Weights of the fused score; see BENCHMARKS.md (matching) for how they were chosen. */
export interface HybridWeights {
  /** Share of relevance from the best skill fit (direct, alias, taxonomy, typo or semantic). */
  fit: number;
  /** Share of relevance from BM25 over skills/about/evidence. */
  bm25: number;
  /** BM25 field weights. */
  fields: { skills: number; about: number; evidence: number };
  /** BM25 saturation scale: bm25N = 1 − exp(−bm25 / scale). */
  bm25Scale: number;
  /** Weight of semantic fit relative to a literal skill match. */
  semantic: number;
  /** Ranking score = relevance^sharpness × priors: lower values let the track record weigh more. */
  sharpness: number;
  /** Below this relevance of the best candidate: abstain ("nobody here fits"). Calibrated, see calibrate.ts. */
  abstain: number;
  priors: PriorWeights;
}

export const DEFAULT_WEIGHTS: HybridWeights = {
  fit: 0.6,
  bm25: 0.4,
  fields: { skills: 1, about: 0.6, evidence: 0.8 },
  bm25Scale: 6,
  semantic: 0.8,
  abstain: 0.235,
  sharpness: 1,
  priors: DEFAULT_PRIORS,
};

export interface HybridMatcherOptions {
  store: Pick<Store, "getCommunity" | "listMembers">;
  vectors?: WordVectors | null;
  embedder?: Embedder | null;
  logger: Logger;
  weights?: Partial<HybridWeights>;
  /** Ablation switches for the benchmark (all on by default). */
  features?: Partial<Record<"bm25" | "semantic" | "priors" | "taxonomy" | "typos", boolean>>;
}

const LEVEL_FIT = { expert: 1, can_help: 0.85, learning: 0.85 } as const;
const TYPO_WEIGHT = 0.8;
const ABOUT_FIT = 0.45;

interface SkillHit {
  s: IndexedSkill;
  pf: PhraseFit;
  fit: number;
}

interface Scored {
  id: MemberId;
  score: number;
  relevance: number;
  bmN: number;
  best: SkillHit | null;
  second: SkillHit | null;
  helpedSimilar: number;
  notMine: number;
  member: Member;
}

/** Candidates below this share of the best relevance are not scored further (priors cannot lift them that far). */
const PRUNE_SHARE = 0.25;

interface PhraseFit {
  fit: number;
  via: QueryTerm["via"];
  from: string;
}

/**
 * The hybrid expert ranker: skill phrases (aliases, taxonomy, near-homonym senses, typos), BM25 over
 * skills/about/evidence, offline word-vector similarity (and API embeddings when configured), priors
 * and constraints, feedback, a calibrated abstain threshold and an explanation per suggestion.
 * One index per community, loaded lazily from the store and kept current by upsert/remove.
 */
export class HybridMatcher implements Matcher {
  private readonly indexes = new Map<CommunityId, CommunityIndex>();
  private readonly loading = new Map<CommunityId, Promise<CommunityIndex>>();
  private readonly weights: HybridWeights;
  private readonly vectors: WordVectors | null;
  private readonly embeddings: EmbeddingSimilarity | null;
  private readonly log: Logger;
  private readonly on: Required<NonNullable<HybridMatcherOptions["features"]>>;

  constructor(private readonly opts: HybridMatcherOptions) {
    this.weights = { ...DEFAULT_WEIGHTS, ...opts.weights, priors: { ...DEFAULT_PRIORS, ...opts.weights?.priors } };
    this.vectors = opts.vectors ?? null;
    this.log = opts.logger.child({ component: "matcher" });
    this.embeddings = opts.embedder ? new EmbeddingSimilarity(opts.embedder, this.log) : null;
    this.on = { bm25: true, semantic: true, priors: true, taxonomy: true, typos: true, ...opts.features };
  }

  async rank(q: MatchQuery): Promise<MatchResult> {
    const { topRelevance: _t, ...result } = await this.rankDetailed(q);
    return result;
  }

  /** `rank` plus the best candidate's relevance before the abstain cut (calibration, diagnostics). */
  async rankDetailed(q: MatchQuery): Promise<MatchResult & { topRelevance: number }> {
    const idx = await this.index(q.communityId);
    const aq = analyseQuestion(q.question, idx.aliases);
    if (aq.truncated) this.log.info({ communityId: q.communityId, chars: q.question.length }, "question truncated for matching");
    if (!this.on.taxonomy) for (const [k, v] of [...aq.phrases]) if (v.via === "related" || v.via === "field") aq.phrases.delete(k);
    if (!this.on.taxonomy) for (const [k, v] of [...aq.terms]) if (v.via === "related" || v.via === "field") aq.terms.delete(k);
    if (this.on.typos) addTypos(idx, aq);

    const phraseFits = await this.phraseFits(idx, aq);
    const bm = this.on.bm25 ? this.bm25(idx, aq) : new Map<string, number>();
    const candidates = new Set<MemberId>(bm.keys());
    for (const phrase of phraseFits.keys()) {
      const e = idx.phrases.get(phrase);
      if (!e) continue;
      for (const id of e.helpers) candidates.add(id);
      if (aq.wantsLearner) for (const id of e.learners) candidates.add(id);
    }

    const exclude = new Set<MemberId>([...(q.exclude ?? []), ...(q.askerId ? [q.askerId] : [])]);
    const w = this.weights;
    const strong = new Set([...aq.terms.values()].filter((t) => t.weight >= 0.9).map((t) => t.term));
    const similar = (ts: readonly string[]): boolean => {
      let hit = 0;
      for (const t of ts) if (strong.has(t)) hit++;
      return strong.size > 0 && hit / Math.min(strong.size, Math.max(1, ts.length)) >= 0.5;
    };

    // phase 1: a cheap score for every candidate (numbers only)
    const scored: Scored[] = [];
    for (const id of candidates) {
      const entry = idx.members.get(id);
      if (!entry || exclude.has(id) || unavailableReason(entry.member, q.now) !== null) continue;
      let best: SkillHit | null = null;
      let second: SkillHit | null = null;
      for (const sk of entry.profile.skills) {
        if (sk.level === "learning" && !aq.wantsLearner) continue;
        const pf = phraseFits.get(sk.phrase);
        if (!pf) continue;
        const fit = pf.fit * (aq.wantsLearner ? (sk.level === "learning" ? 1 : 0.6) : LEVEL_FIT[sk.level]);
        const hit = { s: sk, pf, fit };
        if (!best || fit > best.fit || (fit === best.fit && sk.position < best.s.position)) {
          second = best;
          best = hit;
        } else if (!second || fit > second.fit) second = hit;
      }
      const bmRaw = bm.get(id) ?? 0;
      if (!best && bmRaw <= 0) continue;
      // a rare question word in the about line counts as a (weaker) stated skill
      // (two such words, or one long specific one: "portraits" yes, "teach" no)
      let aboutFit = 0;
      if (!best) {
        let hits = 0;
        let long = false;
        for (const t of strong) {
          if (!entry.profile.aboutSet.has(t) || idx.about.df(t) > Math.max(2, idx.size * 0.1)) continue;
          hits++;
          if (t.length >= 6) long = true;
        }
        if (hits >= 2 || long) aboutFit = ABOUT_FIT;
      }
      const fit = Math.min(1, Math.max(best?.fit ?? 0, aboutFit) + 0.2 * (second?.fit ?? 0));
      const bmN = 1 - Math.exp(-bmRaw / w.bm25Scale);
      let relevance = this.on.bm25 ? w.fit * fit + w.bm25 * bmN : fit;
      const helpedSimilar = entry.profile.helped.length > 0 ? entry.profile.helped.filter(similar).length : 0;
      if (helpedSimilar > 0) relevance = Math.min(1, relevance * (1 + 0.15 * Math.min(helpedSimilar, 4)));
      const notMine = entry.profile.notMyArea.length > 0 ? entry.profile.notMyArea.filter(similar).length : 0;
      if (notMine > 0) relevance *= 0.45;
      scored.push({ id, score: 0, relevance, bmN, best, second, helpedSimilar, notMine, member: entry.member });
    }
    // priors only for candidates that could still reach the top (they multiply relevance by at most a few)
    const topRel = scored.reduce((a, s) => Math.max(a, s.relevance), 0);
    const floor = Math.max(w.abstain * 0.8, topRel * PRUNE_SHARE);
    for (const s of scored) {
      if (s.relevance < floor) continue;
      const prior = this.on.priors ? priorsFor(s.member, q.now, s.best?.s.confirmedAt ?? null, w.priors, false).factor : 1;
      const positionBoost = s.best ? 1 + (0.06 * Math.max(0, 3 - s.best.s.position)) / 3 : 1;
      s.score = Math.pow(s.relevance, w.sharpness) * prior * positionBoost;
    }
    scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const topRelevance = topRel;
    const abstained = topRelevance < w.abstain;

    // phase 2: signals and explanations for the few that are shown
    const suggestions: Suggestion[] = abstained
      ? []
      : scored
          .filter((s) => s.relevance >= w.abstain * 0.8)
          .slice(0, Math.max(0, q.limit))
          .map((s) => this.explainOne(idx, aq, s, q.now));
    return { suggestions, abstained, closestSkills: abstained ? closestSkills(idx, phraseFits) : [], topics: aq.topics, topRelevance };
  }

  private explainOne(idx: CommunityIndex, aq: AnalysedQuery, s: Scored, now: Date): Suggestion {
    const entry = idx.members.get(s.id)!;
    const w = this.weights;
    const signals: MatchSignal[] = [];
    if (s.best) signals.push({ kind: "skill", weight: w.fit * s.best.fit, detail: skillDetail(s.best.s, s.best.pf) });
    if (s.second && s.second.fit > 0.5) signals.push({ kind: "skill", weight: 0.2 * w.fit * s.second.fit, detail: skillDetail(s.second.s, s.second.pf) });
    if (!s.best) signals.push({ kind: "about", weight: w.bm25 * s.bmN, detail: aboutDetail(entry.profile.aboutTerms, aq) });
    if (s.helpedSimilar > 0) signals.push({ kind: "feedback", weight: 0.15 * s.helpedSimilar, detail: `helped ${s.helpedSimilar} similar question${s.helpedSimilar === 1 ? "" : "s"}` });
    if (s.notMine > 0) signals.push({ kind: "feedback", weight: -0.5, detail: "said a similar question was not their area" });
    if (this.on.priors) signals.push(...priorsFor(entry.member, now, s.best?.s.confirmedAt ?? null, w.priors, true).signals);
    return { memberId: s.id, displayName: entry.member.displayName, score: s.score, signals, reason: explain(signals) };
  }

  async upsert(member: Member): Promise<void> {
    const idx = this.indexes.get(member.communityId);
    if (idx) idx.upsert(member);
    else if (this.loading.has(member.communityId)) (await this.loading.get(member.communityId))?.upsert(member);
  }

  async remove(memberId: MemberId, communityId: CommunityId): Promise<void> {
    const idx = this.indexes.get(communityId) ?? (await this.loading.get(communityId));
    idx?.remove(memberId);
  }

  /** Loads the community's index now (the composition root warms communities at start). */
  async warm(communityId: CommunityId): Promise<number> {
    return (await this.index(communityId)).size;
  }

  private async phraseFits(idx: CommunityIndex, aq: AnalysedQuery): Promise<Map<string, PhraseFit>> {
    const fits = new Map<string, PhraseFit>();
    const put = (k: string, f: PhraseFit): void => {
      const o = fits.get(k);
      if (!o || o.fit < f.fit) fits.set(k, f);
    };
    const prefixes = [...aq.terms].filter(([t, q]) => t.length >= 4 && q.weight >= 0.9 && !t.includes("~"));
    for (const [phrase] of idx.phrases) {
      const direct = aq.phrases.get(phrase);
      if (direct) put(phrase, { fit: direct.weight, via: direct.via, from: direct.from });
      const ts = phrase.split(" ");
      if (ts.length > 1) {
        let num = 0;
        let den = 0;
        let from = "";
        let via: QueryTerm["via"] = "word";
        for (const t of ts) {
          const idf = Math.max(0.5, idx.skills.idf(t));
          den += idf;
          const qt = aq.terms.get(t);
          if (qt) {
            num += idf * qt.weight;
            from = from ? `${from} ${qt.from}` : qt.from;
            if (qt.via !== "word") via = qt.via;
          }
        }
        const partial = den > 0 ? (num / den) * 0.9 : 0;
        if (partial > 0.2) put(phrase, { fit: partial, via, from });
      } else {
        const qt = aq.terms.get(phrase);
        if (qt && qt.weight < 1) put(phrase, { fit: qt.weight, via: qt.via, from: qt.from });
        // compounds: "leather" → "leatherwork", "wood" → "woodturning"
        for (const [t, q] of prefixes) if (phrase.length - t.length >= 3 && phrase.startsWith(t)) put(phrase, { fit: 0.7 * q.weight, via: "word", from: q.from });
      }
    }
    if (this.on.semantic && this.vectors) {
      for (const [phrase, s] of phraseSemantics(idx, this.vectors, aq.words)) put(phrase, { fit: s.fit * this.weights.semantic, via: "semantic", from: s.near });
    }
    if (this.on.semantic && this.embeddings) {
      for (const [phrase, s] of await this.embeddings.phraseFits(idx, aq.words.join(" "))) put(phrase, { fit: s * this.weights.semantic, via: "semantic", from: "" });
    }
    return fits;
  }

  /**
   * BM25 over the fields. Selective terms open candidates; very common terms (in more than 5% of the
   * community, at least 200 members) only add to candidates that something selective already found,
   * which bounds the work per question on large communities.
   */
  private bm25(idx: CommunityIndex, aq: AnalysedQuery): Map<string, number> {
    const out = new Map<string, number>();
    const f = this.weights.fields;
    const common = Math.max(200, idx.size * 0.05);
    const ts = [...aq.terms.values()].map((t) => ({ t, df: idx.skills.df(t.term) + idx.about.df(t.term) + idx.evidence.df(t.term) })).sort((a, b) => a.df - b.df);
    for (const { t, df } of ts) {
      const onlyExisting = df > common && out.size > 0;
      idx.skills.accumulate(t.term, t.weight * f.skills, out, onlyExisting);
      idx.about.accumulate(t.term, t.weight * f.about, out, onlyExisting);
      idx.evidence.accumulate(t.term, t.weight * f.evidence, out, onlyExisting);
      if (aq.wantsLearner) idx.learning.accumulate(t.term, t.weight * f.skills, out, onlyExisting);
    }
    return out;
  }

  private async index(communityId: CommunityId): Promise<CommunityIndex> {
    const ready = this.indexes.get(communityId);
    if (ready) return ready;
    let p = this.loading.get(communityId);
    if (!p) {
      p = this.load(communityId).finally(() => this.loading.delete(communityId));
      this.loading.set(communityId, p);
    }
    return p;
  }

  private async load(communityId: CommunityId): Promise<CommunityIndex> {
    const t0 = Date.now();
    const community = await this.opts.store.getCommunity(communityId);
    const aliases: AliasTable = community?.settings.aliases ?? {};
    const idx = new CommunityIndex(aliases, this.vectors);
    let after: string | null = null;
    do {
      const page = await this.opts.store.listMembers(communityId, { after, limit: 1000 });
      for (const m of page.members) idx.upsert(m);
      after = page.next;
    } while (after);
    this.indexes.set(communityId, idx);
    this.log.info({ communityId, members: idx.size, ms: Date.now() - t0 }, "matching index built");
    return idx;
  }
}

/** Typo tolerance: question terms unknown to the community (or near a non-dictionary term) gain their near spellings. */
function addTypos(idx: CommunityIndex, aq: AnalysedQuery): void {
  for (const qt of [...aq.terms.values()]) {
    if (qt.weight < 0.9 || qt.term.includes("~")) continue;
    const known = idx.vocab.has(qt.term);
    // stems and raw words both: a member's "accountng" is one edit from "accounting", two from "account"
    const raw = !qt.from.includes(" ") && qt.from !== qt.term ? idx.vocab.near(qt.from) : [];
    for (const near of new Set([...idx.vocab.near(qt.term), ...raw])) {
      if (known && idx.isDictionaryWord(near) !== false) continue;
      if (aq.terms.has(near)) continue;
      aq.terms.set(near, { term: near, weight: TYPO_WEIGHT, via: "typo", from: qt.from });
      if (!aq.phrases.has(near)) aq.phrases.set(near, { term: near, weight: TYPO_WEIGHT, via: "typo", from: qt.from });
    }
  }
}

function aboutDetail(aboutTerms: readonly string[], aq: AnalysedQuery): string {
  const set = new Set(aboutTerms);
  const hits = [...aq.terms.values()].filter((t) => t.weight >= 0.9 && set.has(t.term)).map((t) => t.from);
  return hits.length > 0 ? `mentions “${[...new Set(hits)].slice(0, 3).join("”, “")}” in their profile` : "their profile mentions related work";
}

function closestSkills(idx: CommunityIndex, fits: Map<string, PhraseFit>): string[] {
  const ranked = [...fits.entries()]
    .map(([p, f]) => ({ e: idx.phrases.get(p), f: f.fit }))
    .filter((x) => x.e && x.e.helpers.size > 0)
    .sort((a, b) => b.f - a.f || b.e!.helpers.size - a.e!.helpers.size)
    .map((x) => x.e!.label);
  const out = [...new Set(ranked)].slice(0, 5);
  if (out.length > 0) return out;
  return [...idx.phrases.values()].filter((e) => e.helpers.size > 0).sort((a, b) => b.helpers.size - a.helpers.size).slice(0, 5).map((e) => e.label);
}
