import type { Member } from "../domain/member.js";
import type { CommunityId, MemberId } from "../ids.js";

export interface MatchQuery {
  communityId: CommunityId;
  question: string;
  /** Never suggested. */
  askerId: MemberId | null;
  /** Also never suggested (already asked, declined…). */
  exclude?: MemberId[];
  /** How many suggestions at most. */
  limit: number;
  now: Date;
}

/** One signal that contributed to a score; explanations are built from these. */
export interface MatchSignal {
  kind: "skill" | "about" | "evidence" | "semantic" | "level" | "responsiveness" | "load" | "recency" | "timezone" | "feedback";
  /** Contribution to the final score (can be negative). */
  weight: number;
  /** Human wording, e.g. "declared *SEO* (expert)". */
  detail: string;
}

/**
 * Smallest |weight| of a signal that counts as a reason: below it the signal moved the score by less than the two
 * decimals a "why these candidates" view shows, and naming it ("usually replies within a day" for a reply rate
 * that changed nothing) would explain the ranking with something that did not shape it.
 */
export const MIN_SIGNAL_WEIGHT = 0.005;

/** The signals that shaped a score: the ones a suggestion carries and its reason line may name. */
export function meaningfulSignals(signals: readonly MatchSignal[]): MatchSignal[] {
  return signals.filter((s) => Math.abs(s.weight) >= MIN_SIGNAL_WEIGHT);
}

export interface Suggestion {
  memberId: MemberId;
  displayName: string;
  score: number;
  /** One plain-language line: "declared SEO (expert) · helped 2 similar questions". */
  reason: string;
  /** What shaped the score, none of weight under MIN_SIGNAL_WEIGHT. */
  signals: MatchSignal[];
}

/** A skill label that looks misspelt, and the label as the matcher would spell it ("Pyhton" → "Python"). */
export interface SpellingHint {
  label: string;
  suggestion: string;
}

export interface MatchResult {
  suggestions: Suggestion[];
  /** True when nobody fitted well enough: "nobody here fits" is the honest answer. */
  abstained: boolean;
  /** When abstaining: the closest skills the community does have (display labels). */
  closestSkills: string[];
  /**
   * When abstaining because nobody matches what the question explicitly asks for (“anyone know *cars*?”): that
   * request as the member wrote it, so the answer can name it. Absent otherwise.
   */
  need?: string;
  /**
   * How many members are paused or at their weekly limit right now but would fit: when abstaining, any who fit;
   * otherwise those who fit clearly better than everyone suggested. Never named — they asked not to be bothered.
   * Absent when none.
   */
  away?: number;
  /** Normalised topic terms found in the question (reports, evidence). */
  topics: string[];
}

/**
 * Ranks members for a question. Implementations keep their own per-community index and must reflect
 * `upsert`/`remove` in the very next `rank` call. Never returns the asker, learners (as helpers),
 * opted-out, paused, departed or over-cap members.
 */
export interface Matcher {
  rank(query: MatchQuery): Promise<MatchResult>;
  /** Makes a member's current profile (skills, availability, stats, evidence) visible to the next rank. */
  upsert(member: Member): Promise<void>;
  /** Forgets a member. No-op if unknown. */
  remove(memberId: MemberId, communityId: CommunityId): Promise<void>;
  /**
   * Optional: the community's settings that shape matching (aliases) changed; drop any cached index so the
   * next rank rebuilds it. Matchers that cache nothing per community need not implement it.
   */
  invalidate?(communityId: CommunityId): void;
  /**
   * Optional: builds what the matcher keeps for a community ahead of its first question (the service calls it
   * for every community at start, so that question does not wait for the build). Matchers that keep nothing
   * per community need not implement it.
   */
  prepare?(communityId: CommunityId): Promise<void>;
  /**
   * Optional: another process (or this one) changed the community's aliases to `aliases`. Rebuilds what the matcher
   * keeps for the community unless it was built with these already (this process's own change rebuilt it at once).
   * Matchers without `invalidate`/`prepare` need not implement it.
   */
  aliasesChanged?(communityId: CommunityId, aliases: Readonly<Record<string, string>>): Promise<void>;
  /**
   * Optional: which of these skill labels, just declared, look misspelt, with a suggestion for each (the reply asks
   * "did you mean…?"; nothing is changed). Matchers without a vocabulary need not implement it.
   */
  spellingHints?(communityId: CommunityId, labels: readonly string[]): Promise<SpellingHint[]>;
}
