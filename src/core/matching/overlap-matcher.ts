import { unavailableReason } from "../domain/availability.js";
import type { Member } from "../domain/member.js";
import { LEVEL_LABEL, type Skill } from "../domain/skill.js";
import type { CommunityId, MemberId } from "../ids.js";
import type { Matcher, MatchQuery, MatchResult, MatchSignal, Suggestion } from "../ports/matcher.port.js";
import type { Store } from "../ports/store.port.js";
import { foldText, skillKey } from "../skills/normalize.js";

const LEVEL_WEIGHT = { expert: 1.5, can_help: 1, learning: 0 } as const;
const STOP = new Set("a an and any anyone are at be but by can could do does for from get go have help here how i in is it me my need of on or our please some someone that the this to us want we what where who whom why will with would you your".split(" "));

/** Words of a folded phrase, with a light plural strip ("letters" → "letter"). */
export function terms(text: string): string[] {
  return foldText(text).split(" ").filter((w) => w.length > 1 && !STOP.has(w)).map((w) => (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w));
}

/**
 * The first real matcher: normalised skill-term overlap weighted by level. A skill counts when all of
 * its words (after aliases) appear in the question, or for multi-word skills when most do. Pure and
 * dependency-free; the hybrid engine in src/ranking replaces it in the app.
 */
export class OverlapMatcher implements Matcher {
  private readonly communities = new Map<CommunityId, Map<MemberId, Member>>();
  private readonly loading = new Map<CommunityId, Promise<Map<MemberId, Member>>>();

  constructor(private readonly store: Store) {}

  async rank(q: MatchQuery): Promise<MatchResult> {
    const members = await this.index(q.communityId);
    const community = await this.store.getCommunity(q.communityId);
    const aliases = community?.settings.aliases ?? {};
    const qTerms = new Set(terms(q.question).map((t) => skillKey(t, aliases)).flatMap((k) => [k, ...terms(k)]));
    const qFolded = ` ${terms(q.question).join(" ")} `;
    const exclude = new Set([...(q.exclude ?? []), ...(q.askerId ? [q.askerId] : [])]);
    const scored: Suggestion[] = [];
    const near = new Map<string, number>();
    for (const m of members.values()) {
      if (exclude.has(m.id) || unavailableReason(m, q.now) !== null) continue;
      const signals: MatchSignal[] = [];
      for (const s of m.skills) {
        const fit = skillFit(s, qTerms, qFolded);
        if (fit === 0) continue;
        if (s.level === "learning") {
          near.set(s.label, (near.get(s.label) ?? 0) + fit);
          continue;
        }
        signals.push({ kind: "skill", weight: fit * LEVEL_WEIGHT[s.level], detail: `declared *${s.label}*${s.level === "expert" ? ` (${LEVEL_LABEL.expert})` : ""}` });
      }
      if (signals.length === 0) continue;
      const helped = m.evidence.filter((e) => e.kind === "helped" && e.topics.some((t) => qTerms.has(t))).length;
      if (helped > 0) signals.push({ kind: "evidence", weight: 0.25 * Math.min(helped, 4), detail: `helped ${helped} similar question${helped === 1 ? "" : "s"}` });
      const score = signals.reduce((a, s) => a + s.weight, 0);
      scored.push({ memberId: m.id, displayName: m.displayName, score, signals, reason: signals.map((s) => s.detail).join(" · ") });
    }
    scored.sort((a, b) => b.score - a.score || a.memberId.localeCompare(b.memberId));
    const suggestions = scored.slice(0, q.limit);
    return {
      suggestions,
      abstained: suggestions.length === 0,
      closestSkills: suggestions.length === 0 ? [...near.keys()].slice(0, 6) : [],
      topics: [...new Set(terms(q.question))].slice(0, 8),
    };
  }

  async upsert(member: Member): Promise<void> {
    const idx = this.communities.get(member.communityId);
    if (idx) idx.set(member.id, member);
  }

  async remove(memberId: MemberId, communityId: CommunityId): Promise<void> {
    this.communities.get(communityId)?.delete(memberId);
  }

  /** The community's members, loaded from the store once (then kept current by upsert/remove). */
  private async index(communityId: CommunityId): Promise<Map<MemberId, Member>> {
    const ready = this.communities.get(communityId);
    if (ready) return ready;
    let p = this.loading.get(communityId);
    if (!p) {
      p = (async () => {
        const idx = new Map<MemberId, Member>();
        let after: string | null = null;
        do {
          const page = await this.store.listMembers(communityId, { after, limit: 500 });
          for (const m of page.members) idx.set(m.id, m);
          after = page.next;
        } while (after);
        this.communities.set(communityId, idx);
        this.loading.delete(communityId);
        return idx;
      })();
      this.loading.set(communityId, p);
    }
    return p;
  }
}

/** 1 when every word of the skill is in the question, a partial share for long skills, else 0. */
function skillFit(s: Skill, qTerms: Set<string>, qFolded: string): number {
  if (qTerms.has(s.key) || qFolded.includes(` ${s.key} `)) return 1;
  const words = terms(s.key);
  if (words.length === 0) return 0;
  const hits = words.filter((w) => qTerms.has(w)).length;
  if (hits === words.length) return 1;
  return words.length >= 2 && hits >= 1 ? hits / words.length * 0.8 : 0;
}
