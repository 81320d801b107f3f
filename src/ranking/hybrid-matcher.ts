import { unavailableReason } from "../core/domain/availability.js";
import type { Member } from "../core/domain/member.js";
import type { CommunityId, MemberId } from "../core/ids.js";
import type { Embedder } from "../core/ports/embedder.port.js";
import type { Logger } from "../core/ports/logger.port.js";
import { meaningfulSignals, type Matcher, type MatchQuery, type MatchResult, type MatchSignal, type SpellingHint, type Suggestion } from "../core/ports/matcher.port.js";
import type { Store } from "../core/ports/store.port.js";
import { ABSTAIN_THRESHOLD } from "./calibration.js";
import { TopK } from "./candidates.js";
import { CommunityIndex, type Entry } from "./community-index.js";
import { EmbeddingScores } from "./embedding-scores.js";
import { explainFit, type Fit } from "./explain.js";
import { DEFAULT_PRIORS, priorFactor, priors, recentHelpFactor, type PriorWeights } from "./priors.js";
import { ExpansionCache, parseQuestion, type ParsedQuestion, type QueryOptions } from "./query.js";
import { DEFAULT_FIELDS, lexicalScores, ScoreBuffer, type FieldWeights } from "./score.js";
import { spellingHints } from "./spelling.js";
import { contentWords, stem } from "./text.js";
import type { WordVectors } from "./vectors.js";

/** Questions longer than this are ranked on their first MAX_QUESTION characters. */
export const MAX_QUESTION = 2000;

export interface HybridWeights {
  fields: FieldWeights;
  priors: PriorWeights;
  query: Omit<QueryOptions, "vectors">;
  /** Share of the final score given to dense-embedding similarity when an embedder is configured. */
  embedding: number;
  /** Below this fit confidence of the best candidate, abstain ("nobody here fits"). */
  abstainThreshold: number;
  /**
   * Share of the final order given to the member's own fit: score = relevance × priors × (1 − fitShare + fitShare ×
   * topical fit). Relevance (BM25 and expansions) rewards many weak ties; fit rewards covering what is asked. 0.5
   * against 0 on the 37 read communities: mean MRR +0.006, P@3 +0.003 (16 gain, 4 lose); onstartups ±0.003
   * (BENCHMARKS.md, fifth session); 0.7 moves about as much.
   */
  fitShare: number;
}

export const DEFAULT_WEIGHTS: HybridWeights = {
  fields: DEFAULT_FIELDS,
  priors: DEFAULT_PRIORS,
  query: { vectorMin: 0.55, typoWeight: 0.85, relatedWordWeight: 0.4, queryTf: 1.5 },
  embedding: 0.5,
  abstainThreshold: ABSTAIN_THRESHOLD,
  fitShare: 0.5,
};

/** What the matcher reads from the store: the community (aliases) and its members, paged. */
export type MatcherStore = Pick<Store, "getCommunity" | "listMembers">;

export interface HybridOptions {
  store: MatcherStore;
  logger: Logger;
  vectors?: WordVectors | null;
  embedder?: Embedder | null;
  weights?: Partial<HybridWeights>;
}

/** A shortlisted member: relevance, final score (relevance × priors × fit share) and fit (confidence, matched skills). */
interface Ranked {
  e: Entry;
  rel: number;
  score: number;
  fit: Fit;
}

interface Community {
  index: CommunityIndex;
  scores: ScoreBuffer;
  expansions: ExpansionCache;
  embeddings: EmbeddingScores | null;
}

/** Candidates scored with every prior (timezone, load…) after the cheap lexical pass. */
const SHORTLIST = 20;
/** Paused or capped members checked for "the people who know this are away". */
const AWAY_CHECKED = 5;
/** How much better than the best available member an away one must fit to be mentioned beside the suggestions. */
const AWAY_MARGIN = 0.15;

/**
 * Members read from the store per page while an index is built. Small pages let each page's members (and the
 * store's rows) die young, before the collector promotes them: at 100k members, pages of 1,000 left up to
 * 160 MB of promoted garbage and a peak RSS of 530–580 MB; pages of 100 about 390–440 MB (BENCHMARKS.md).
 */
const BUILD_PAGE = 100;

/**
 * The hybrid ranking engine: BM25 over skills (by level), about line and evidence; aliases, taxonomy, typo
 * tolerance and homonym senses; offline word vectors; optional dense embeddings; priors (track record,
 * load, responsiveness, recency, timezone); feedback; a calibrated abstain threshold; and an explanation
 * for each suggestion. One index per community, built from the store (at start through `prepare`, or by the
 * community's first question) and kept current by upsert/remove, including changes made while it is built.
 */
export class HybridMatcher implements Matcher {
  private readonly store: MatcherStore;
  private readonly log: Logger;
  private readonly vectors: WordVectors | null;
  private readonly embedder: Embedder | null;
  readonly weights: HybridWeights;
  private readonly communities = new Map<CommunityId, Community>();
  private readonly loading = new Map<CommunityId, Promise<Community>>();
  /** Profile changes that arrived while a community's index was being built (applied when it is done; null = removed). */
  private readonly changedWhileLoading = new Map<CommunityId, Map<MemberId, Member | null>>();
  /** Communities invalidated while their index was being built from the old aliases: built again before use. */
  private readonly invalidatedWhileLoading = new Set<CommunityId>();

  constructor(opts: HybridOptions) {
    this.store = opts.store;
    this.log = opts.logger.child({ component: "matcher" });
    this.vectors = opts.vectors ?? null;
    this.embedder = opts.embedder ?? null;
    this.weights = { ...DEFAULT_WEIGHTS, ...opts.weights };
  }

  async rank(q: MatchQuery): Promise<MatchResult> {
    const { confidence: _confidence, ...result } = await this.rankWithConfidence(q);
    return result;
  }

  /** As rank, plus the fit confidence of the best candidate (what the abstain threshold is compared with). */
  async rankWithConfidence(q: MatchQuery): Promise<MatchResult & { confidence: number }> {
    const c = await this.community(q.communityId);
    const question = q.question.length > MAX_QUESTION ? q.question.slice(0, MAX_QUESTION) : q.question;
    if (question.length < q.question.length) this.log.debug({ communityId: q.communityId, length: q.question.length }, "question capped for ranking");
    const parsed = parseQuestion(question, c.index, c.index.aliases, { ...this.weights.query, vectors: this.vectors }, c.expansions);
    const dense = c.embeddings ? await c.embeddings.scores(question, c.index, this.log) : null;
    // From here on, synchronous: the community's score buffer is shared between rankings.
    const exclude = new Set([...(q.exclude ?? []), ...(q.askerId ? [q.askerId] : [])]);
    const limit = Math.max(0, Math.min(q.limit, 50));
    const { shortlist, away } = this.shortlist(c, parsed, dense, exclude, q.now, Math.max(SHORTLIST, limit * 4));

    // Fit and priors on the shortlist (numbers only), then explanations for the suggestions shown.
    const ranked: Ranked[] = [];
    for (const { id: slot, extra: rel } of shortlist) {
      const e = c.index.entry(slot);
      if (!e) continue;
      const fit = explainFit(e, parsed, c.index, parsed.wantsLearner, false);
      const denseFit = dense?.get(slot) ?? 0;
      fit.confidence = Math.max(fit.confidence, denseFit);
      fit.topical = Math.max(fit.topical, denseFit);
      // Close in meaning as a whole (dense embeddings) is more than a common word of the about line.
      if (denseFit >= this.weights.abstainThreshold) fit.incidental = false;
      const byFit = 1 - this.weights.fitShare + this.weights.fitShare * fit.topical;
      ranked.push({ e, rel, score: rel * priorFactor(e.member, q.now, this.weights.priors) * byFit, fit });
    }
    ranked.sort((a, b) => b.score - a.score || a.e.member.id.localeCompare(b.e.member.id));

    const best = ranked.reduce((m, r) => Math.max(m, r.fit.topical), 0);
    const abstained = limit === 0 || ranked.length === 0 || best < this.weights.abstainThreshold;
    const suggestions = abstained ? [] : this.offered(ranked, parsed).slice(0, limit).map((r) => this.suggestion(r, parsed, c, dense, q.now));
    // Members who would fit but are paused or at their weekly limit: counted when nobody who can be asked fits, or
    // when they fit better than everyone suggested, so the answer can say so (without naming them).
    const bar = abstained ? this.weights.abstainThreshold : Math.max(this.weights.abstainThreshold, best + AWAY_MARGIN);
    const awayFits = limit > 0 ? away.filter(({ id: slot }) => {
      const e = c.index.entry(slot);
      return e !== undefined && Math.max(explainFit(e, parsed, c.index, parsed.wantsLearner, false).topical, dense?.get(slot) ?? 0) >= bar;
    }).length : 0;
    const need = abstained && parsed.targetPhrase && !ranked.some((r) => r.fit.onTarget) ? parsed.targetPhrase : null;
    return {
      suggestions,
      abstained,
      ...(awayFits > 0 ? { away: awayFits } : {}),
      closestSkills: abstained ? closestSkills(ranked.map((r) => r.fit), this.weights.abstainThreshold * CLOSEST_SHARE, need) : [],
      ...(need ? { need } : {}),
      topics: parsed.topics,
      confidence: best,
    };
  }

  /**
   * Who of the ranked members may be offered, in order. Every one must fit on its own (weak tail matches are dropped);
   * beside a match of substance, one whose only tie is a common word of their about line is not offered (on the
   * thirty-nine hand-made communities: 60 fewer members asked in first rounds, for one right helper fewer); and those
   * who match what the question explicitly asks for come first ("anyone know cars?": the member who mentions cars
   * before the SEO expert reached through "check engine light"), the others keeping their order after them.
   */
  private offered(ranked: readonly Ranked[], parsed: ParsedQuestion): Ranked[] {
    let fitting = ranked.filter((r) => r.fit.confidence >= this.weights.abstainThreshold);
    if (fitting.some((r) => !r.fit.incidental)) fitting = fitting.filter((r) => !r.fit.incidental);
    if (parsed.targetWords.length > 0 && fitting.some((r) => r.fit.onTarget)) {
      fitting = [...fitting.filter((r) => r.fit.onTarget), ...fitting.filter((r) => !r.fit.onTarget)];
    }
    return fitting;
  }

  /** A suggestion with its explanation: the fit's signals (own words, alias…), then the priors'. */
  private suggestion(r: Ranked, parsed: ParsedQuestion, c: Community, dense: Map<number, number> | null, now: Date): Suggestion {
    const fit = explainFit(r.e, parsed, c.index, parsed.wantsLearner);
    const denseFit = dense?.get(r.e.slot) ?? 0;
    if (denseFit > fit.confidence) fit.signals.push({ kind: "semantic", weight: denseFit, detail: "profile close in meaning to the question" });
    const priorSignals: MatchSignal[] = [];
    for (const p of priors(r.e.member, now, this.weights.priors)) {
      if (p.signal) priorSignals.push({ ...p.signal, weight: r.rel * (p.factor - 1) });
    }
    // A prior at (or next to) neutral, a fit reached with no weight: no reason to name, here or in the dashboard.
    const signals = meaningfulSignals([...fit.signals, ...priorSignals]);
    return { memberId: r.e.member.id, displayName: r.e.member.displayName, score: r.score, signals, reason: reasonLine(signals) };
  }

  /**
   * Candidate generation: BM25 over the postings of the question's terms (only members sharing a term are
   * touched), plus dense similarity when configured; then the best `k` by relevance × track record × recent help among
   * members who may be asked (not excluded, available now — checked only for members good enough to enter
   * the shortlist). Returns slots with their relevance (`extra`), best first; and, apart, the few most relevant
   * members who would have entered it but are paused or at their weekly limit (`away`).
   */
  private shortlist(c: Community, parsed: ParsedQuestion, dense: Map<number, number> | null, exclude: ReadonlySet<string>, now: Date, k: number) {
    const buf = c.scores;
    lexicalScores(c.index, parsed, this.weights.fields, buf);
    const scores = buf.scores;
    let lexMax = 0;
    for (let i = 0; i < buf.count; i++) lexMax = Math.max(lexMax, scores[buf.touched[i] ?? 0] ?? 0);
    if (dense) for (const slot of dense.keys()) if (scores[slot] === 0) buf.add(slot, 0);
    const denseWeight = this.weights.embedding * Math.max(1, lexMax);
    const boosts = c.index.boosts.data;
    const nowMs = now.getTime();
    const w = this.weights.priors;
    const top = new TopK(k);
    const away = new TopK(AWAY_CHECKED);
    for (let i = 0; i < buf.count; i++) {
      const slot = buf.touched[i] ?? 0;
      let rel = scores[slot] ?? 0;
      if (dense) rel += denseWeight * (dense.get(slot) ?? 0);
      if (rel <= 0) continue;
      const boosted = rel * (boosts[slot] ?? 1);
      // Recent help only raises the score, and by less than 1 + recentHelp × its undecayed count (ln(1 + x) ≤ x): a
      // member who cannot enter even so is passed over without decaying their help (most members touched, once the
      // shortlist is full).
      if (!top.admits(boosted * (1 + Math.max(0, w.recentHelp) * c.index.recentHelpCeiling(slot)), slot)) continue;
      const pre = boosted * recentHelpFactor(c.index.recentHelp(slot, nowMs), w);
      if (!top.admits(pre, slot)) continue;
      const e = c.index.entry(slot);
      if (!e || exclude.has(e.member.id)) continue;
      const unavailable = unavailableReason(e.member, now);
      if (unavailable === null) top.push(pre, slot, rel);
      else if ((unavailable === "paused" || unavailable === "over_cap") && away.admits(pre, slot)) away.push(pre, slot, rel);
    }
    buf.reset(0);
    return { shortlist: top.sorted(), away: away.sorted() };
  }

  async upsert(member: Member): Promise<void> {
    const c = this.communities.get(member.communityId);
    // Being built: the build may have read this member's page already, so the change is applied when it ends.
    this.changedWhileLoading.get(member.communityId)?.set(member.id, member);
    if (!c) return; // not loaded: the first rank reads the store, which already has this profile
    c.index.put(member);
    c.embeddings?.invalidate(member.id);
  }

  async remove(memberId: MemberId, communityId: CommunityId): Promise<void> {
    const c = this.communities.get(communityId);
    this.changedWhileLoading.get(communityId)?.set(memberId, null);
    c?.index.delete(memberId);
    c?.embeddings?.invalidate(memberId);
  }

  async spellingHints(communityId: CommunityId, labels: readonly string[]): Promise<SpellingHint[]> {
    // Without a dictionary nothing is questioned: don't build an index for nothing (the CLI's import runs without vectors).
    if (!this.vectors?.rank) return [];
    return spellingHints(labels, (await this.community(communityId)).index.typos, this.vectors);
  }

  async aliasesChanged(communityId: CommunityId, aliases: Readonly<Record<string, string>>): Promise<void> {
    const built = this.communities.get(communityId);
    if (built && sameAliases(built.index.aliases, aliases)) return;
    // Not built and not being built: the first question builds it with the store's aliases.
    if (!built && !this.loading.has(communityId)) return;
    this.invalidate(communityId);
    await this.prepare(communityId);
  }

  /** Loads (once) and returns a community's index. */
  private async community(id: CommunityId): Promise<Community> {
    const ready = this.communities.get(id);
    if (ready) return ready;
    let p = this.loading.get(id);
    if (!p) {
      this.changedWhileLoading.set(id, new Map());
      p = this.build(id).finally(() => {
        this.loading.delete(id);
        this.changedWhileLoading.delete(id);
      });
      this.loading.set(id, p);
    }
    return p;
  }

  private async build(id: CommunityId): Promise<Community> {
    const started = Date.now();
    this.invalidatedWhileLoading.delete(id);
    let index: CommunityIndex;
    do index = await this.read(id);
    while (this.invalidatedWhileLoading.delete(id));
    for (const [memberId, m] of this.changedWhileLoading.get(id) ?? []) {
      if (m) index.put(m);
      else index.delete(memberId);
    }
    index.compact();
    const c: Community = { index, scores: new ScoreBuffer(), expansions: new ExpansionCache(), embeddings: this.embedder ? new EmbeddingScores(this.embedder) : null };
    this.communities.set(id, c);
    this.log.info({ communityId: id, members: index.size, ms: Date.now() - started }, "match index built");
    return c;
  }

  /** A community's index as the store has it: its aliases, then its members page by page. */
  private async read(id: CommunityId): Promise<CommunityIndex> {
    const community = await this.store.getCommunity(id);
    const activity = this.weights.priors.activity;
    const index = new CommunityIndex(community?.settings.aliases ?? {}, (m) => (1 + m.stats.helped) ** activity);
    let after: string | null = null;
    do {
      const page = await this.store.listMembers(id, { after, limit: BUILD_PAGE });
      for (const m of page.members) index.put(m);
      after = page.next;
      // Let other work (acknowledging a platform's events, other communities' questions) run between pages.
      await new Promise((resolve) => setImmediate(resolve));
    } while (after);
    return index;
  }

  /** Builds a community's index now (once; a rank meanwhile waits for the same build). */
  async prepare(communityId: CommunityId): Promise<void> {
    await this.community(communityId);
  }

  /**
   * Drops a community's index (its aliases changed): the next rank rebuilds it from the store. An index being built
   * meanwhile may have read the old aliases: it is built again before anyone uses it.
   */
  invalidate(communityId: CommunityId): void {
    this.communities.delete(communityId);
    if (this.loading.has(communityId)) this.invalidatedWhileLoading.add(communityId);
  }
}

/**
 * One plain-language line from the strongest signals: what matched first, then track record. It is quoted to the
 * member in the intro request ("Suggested because: …"), so it holds reasons only: a signal that counted against them
 * ("not my area" on a similar question, "it's night for them now") stays in the signals, and the time of day, which
 * is about them rather than the question, is told to the asker beside the suggestion instead. A signal that weighed
 * (next to) nothing is no reason at all.
 */
export function reasonLine(signals: readonly MatchSignal[]): string {
  const order: MatchSignal["kind"][] = ["skill", "semantic", "about", "evidence", "feedback", "responsiveness", "recency", "load"];
  const sorted = meaningfulSignals(signals).filter((s) => s.weight > 0 && s.kind !== "timezone").sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return sorted.slice(0, 4).map((s) => s.detail).join(" · ");
}

/**
 * Share of the abstain threshold a skill's match must reach to be named as one of the closest skills: a faint
 * word-vector neighbour ("polish" → *pitching editors*) is no help to someone whose question nobody fits.
 */
const CLOSEST_SHARE = 0.5;

/**
 * The community's skills nearest to the question: the skills that matched it partly (in its words, an
 * alias, a related word, a typo or a word close in meaning), strongest first — none when nothing is close. Weighed as
 * abstention weighs a profile, by whether the skill's own match touched the question's topic and what it asks for:
 * "my car's transmission is slipping" reaches *SEO* (search engine) and *design systems* only through word-vector
 * neighbours of "transmission" ("engine", "system"), which say nothing of cars. `need`: what the question explicitly
 * asks for and nobody matched (MatchResult.need), when the answer names it.
 */
function closestSkills(fits: readonly Fit[], floor: number, need: string | null): string[] {
  // Beside "nobody here lists anything like “cars”", a skill that matched the scene ("the van I drive to weddings")
  // would read as the closest thing to cars: only skills sharing a word with the need are named (*immigration lawyer*
  // for “criminal lawyer”), none otherwise.
  const needStems = need === null ? null : new Set(contentWords(need).map(stem));
  const nearNeed = (label: string) => needStems === null || contentWords(label).some((w) => needStems.has(stem(w)));
  const scored = new Map<string, { label: string; topical: number }>();
  for (const f of fits) {
    for (const s of f.matchedSkills) {
      if (s.topical < floor || !nearNeed(s.label)) continue;
      const key = s.label.toLowerCase();
      const prev = scored.get(key);
      if (!prev || s.topical > prev.topical) scored.set(key, s);
    }
  }
  return [...scored.values()].sort((a, b) => b.topical - a.topical).slice(0, 5).map((s) => s.label);
}

function sameAliases(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}
