import { unavailableReason } from "../../../src/core/domain/availability.js";
import type { Member } from "../../../src/core/domain/member.js";
import { LEVEL_LABEL } from "../../../src/core/domain/skill.js";
import type { CommunityId, MemberId } from "../../../src/core/ids.js";
import type { Matcher, MatchQuery, MatchResult, MatchSignal, Suggestion } from "../../../src/core/ports/matcher.port.js";
import type { Store } from "../../../src/core/ports/store.port.js";
import { foldText } from "../../../src/core/skills/normalize.js";

/**
 * A deliberately simple matcher for the Slack adapter's tests (ranking quality is tested elsewhere): a
 * member fits when a declared skill's label or key appears in the question as whole words. Honours the
 * port's rules (never the asker, learners, unavailable or excluded members); experts rank first.
 */
export class LabelMatcher implements Matcher {
  constructor(private readonly store: Store) {}

  async rank(q: MatchQuery): Promise<MatchResult> {
    const text = ` ${foldText(q.question)} `;
    const suggestions: Suggestion[] = [];
    const topics = new Set<string>();
    const closest = new Set<string>();
    let after: string | null = null;
    do {
      const page = await this.store.listMembers(q.communityId, { after, limit: 500 });
      for (const m of page.members) this.consider(m, q, text, suggestions, topics, closest);
      after = page.next;
    } while (after);
    suggestions.sort((a, b) => b.score - a.score || a.memberId.localeCompare(b.memberId));
    const top = suggestions.slice(0, q.limit);
    return { suggestions: top, abstained: top.length === 0, closestSkills: [...closest].slice(0, 6), topics: [...topics] };
  }

  private consider(m: Member, q: MatchQuery, text: string, out: Suggestion[], topics: Set<string>, closest: Set<string>): void {
    for (const s of m.skills) if (s.level !== "learning") closest.add(s.label);
    if (m.id === q.askerId || q.exclude?.includes(m.id) || unavailableReason(m, q.now) !== null) return;
    const signals: MatchSignal[] = [];
    for (const s of m.skills) {
      if (s.level === "learning") continue;
      if (!text.includes(` ${s.key} `) && !text.includes(` ${foldText(s.label)} `)) continue;
      topics.add(s.key);
      signals.push({ kind: "skill", weight: s.level === "expert" ? 2 : 1, detail: `declared *${s.label}* (${LEVEL_LABEL[s.level]})` });
    }
    if (signals.length === 0) return;
    const score = signals.reduce((a, s) => a + s.weight, 0);
    out.push({ memberId: m.id, displayName: m.displayName, score, reason: signals.map((s) => s.detail).join(" · "), signals });
  }

  async upsert(_member: Member): Promise<void> {}

  async remove(_memberId: MemberId, _communityId: CommunityId): Promise<void> {}
}
