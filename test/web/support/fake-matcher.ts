import { unavailableReason } from "../../../src/core/domain/availability.js";
import { LEVEL_LABEL } from "../../../src/core/domain/skill.js";
import type { Member } from "../../../src/core/domain/member.js";
import type { CommunityId, MemberId } from "../../../src/core/ids.js";
import type { Matcher, MatchQuery, MatchResult, MatchSignal, Suggestion } from "../../../src/core/ports/matcher.port.js";
import type { Store } from "../../../src/core/ports/store.port.js";
import { foldText } from "../../../src/core/skills/normalize.js";

const STOP = new Set("a an and any anyone can could do does for help how i is me my of on someone the to who with what where which there".split(" "));

/**
 * A deliberately simple matcher for the web adapter's tests (the real ones live in src/core/matching
 * and src/ranking): a member fits when a declared skill's key or wording appears in the question. It honours the
 * port's rules (never the asker, learners, unavailable or excluded members) and explains with signals.
 */
export class KeywordMatcher implements Matcher {
  constructor(private readonly store: Store) {}

  async rank(q: MatchQuery): Promise<MatchResult> {
    const text = ` ${foldText(q.question)} `;
    const words = foldText(q.question).split(" ").filter((w) => w.length > 2 && !STOP.has(w));
    const members = await this.all(q.communityId);
    const suggestions: Suggestion[] = [];
    const topics = new Set<string>();
    for (const m of members) {
      if (m.id === q.askerId || q.exclude?.includes(m.id) || unavailableReason(m, q.now) !== null) continue;
      const signals: MatchSignal[] = [];
      for (const s of m.skills) {
        if (s.level === "learning" || !(text.includes(` ${s.key} `) || text.includes(` ${foldText(s.label)} `))) continue;
        topics.add(s.key);
        signals.push({ kind: "skill", weight: s.level === "expert" ? 2 : 1, detail: `declared *${s.label}* (${LEVEL_LABEL[s.level]})` });
      }
      if (signals.length === 0) continue;
      const helped = m.evidence.filter((e) => e.kind === "helped").length;
      if (helped > 0) signals.push({ kind: "evidence", weight: 0.5 * helped, detail: `helped ${helped} before` });
      const score = signals.reduce((a, s) => a + s.weight, 0);
      suggestions.push({ memberId: m.id, displayName: m.displayName, score, reason: signals.map((s) => s.detail).join(" · "), signals });
    }
    suggestions.sort((a, b) => b.score - a.score || a.memberId.localeCompare(b.memberId));
    const top = suggestions.slice(0, q.limit);
    return { suggestions: top, abstained: top.length === 0, closestSkills: [], topics: topics.size ? [...topics] : words.slice(0, 3) };
  }

  async upsert(_member: Member): Promise<void> {}

  async remove(_memberId: MemberId, _communityId: CommunityId): Promise<void> {}

  private async all(communityId: CommunityId): Promise<Member[]> {
    const out: Member[] = [];
    let after: string | null = null;
    do {
      const page = await this.store.listMembers(communityId, { after, limit: 500 });
      out.push(...page.members);
      after = page.next;
    } while (after);
    return out;
  }
}
