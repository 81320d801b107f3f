import type { Member } from "../domain/member.js";
import type { MemberId } from "../ids.js";

/** How many current members declare a skill at each level. */
export interface SkillCount {
  key: string;
  /** The wording most members use for it (the first one met on a tie). */
  label: string;
  expert: number;
  canHelp: number;
  learning: number;
}

/**
 * What the report and the skill counts need from a community's members, gathered in one read: reading a
 * 20,000-member community takes hundreds of milliseconds of synchronous work on the embedded store, so the
 * admin dashboard must not read it once per figure. Departed members are skipped.
 */
export class MemberTally {
  members = 0;
  withSkills = 0;
  private readonly counts = new Map<string, SkillCount>();
  private readonly wordings = new Map<string, Map<string, number>>();
  private readonly experts = new Map<string, { label: string; ids: MemberId[]; helpers: number }>();

  add(m: Member): void {
    if (m.departed) return;
    this.members++;
    if (m.skills.length > 0) this.withSkills++;
    for (const s of m.skills) {
      const c = this.counts.get(s.key) ?? { key: s.key, label: s.label, expert: 0, canHelp: 0, learning: 0 };
      if (s.level === "expert") c.expert++;
      else if (s.level === "can_help") c.canHelp++;
      else c.learning++;
      this.counts.set(s.key, c);
      const w = this.wordings.get(s.key) ?? new Map<string, number>();
      w.set(s.label, (w.get(s.label) ?? 0) + 1);
      this.wordings.set(s.key, w);
      if (s.level === "learning") continue;
      const e = this.experts.get(s.key) ?? { label: s.label, ids: [], helpers: 0 };
      e.helpers++;
      if (s.level === "expert") e.ids.push(m.id);
      this.experts.set(s.key, e);
    }
  }

  /** Every declared skill, most helpers first. */
  skillCounts(): SkillCount[] {
    const out = [...this.counts.values()].map((c) => ({ ...c }));
    for (const c of out) {
      let best = 0;
      for (const [label, n] of this.wordings.get(c.key) ?? []) if (n > best) [best, c.label] = [n, label];
    }
    return out.sort((a, b) => b.expert + b.canHelp - (a.expert + a.canHelp) || a.label.localeCompare(b.label));
  }

  /** Skills that exactly one member declares at expert level, and nobody else can help with (at most `limit`). */
  singleExpertSkills(limit = 10): Array<{ skill: string; memberId: MemberId }> {
    return [...this.experts.values()].filter((e) => e.ids.length === 1 && e.helpers === 1).map((e) => ({ skill: e.label, memberId: e.ids[0]! })).slice(0, limit);
  }
}
