import { DEFAULT_AVAILABILITY, EMPTY_STATS, type Evidence, type Member } from "../../src/core/domain/member.js";
import type { SkillLevel } from "../../src/core/domain/skill.js";
import { skillKey } from "../../src/core/skills/normalize.js";
import { MemoryMemberSource } from "../../src/cli/bench/dataset.js";
import type { Store } from "../../src/core/ports/store.port.js";

export const C1 = "slack:T1";
export const C2 = "slack:T2";
export const NOW = new Date("2026-03-04T12:00:00Z");

type SkillSpec = string | [string, SkillLevel];

/** A member of `community` with skills ("SEO" or ["SEO", "expert"]) and optional overrides. */
export function member(name: string, skills: SkillSpec[], extra: Partial<Member> = {}, community = C1): Member {
  return {
    id: `${community}:${name}`,
    communityId: community,
    displayName: name,
    timezone: null,
    skills: skills.map((s) => {
      const [label, level] = typeof s === "string" ? [s, "can_help" as SkillLevel] : s;
      return { label, key: skillKey(label), level, source: "declared", addedAt: NOW, confirmedAt: NOW };
    }),
    about: "",
    availability: { ...DEFAULT_AVAILABILITY },
    reminders: "on",
    stats: { ...EMPTY_STATS, recentOffers: [] },
    evidence: [],
    dmClosed: false,
    departed: false,
    joinedAt: NOW,
    lastActiveAt: NOW,
    lastNudgedAt: null,
    createdAt: NOW,
    updatedAt: NOW,
    version: 1,
    ...extra,
  };
}

export function evidence(kind: Evidence["kind"], question: string, topics: string[] = []): Evidence {
  return { requestId: `r-${Math.random().toString(36).slice(2)}`, kind, question, topics, at: NOW };
}

/** The in-memory member source (getCommunity + listMembers) the matchers read. */
export function source(members: Member[], aliases: Record<string, string> = {}): MemoryMemberSource & Store {
  return new MemoryMemberSource(members, aliases) as MemoryMemberSource & Store;
}

export function ask(question: string, extra: { askerId?: string | null; exclude?: string[]; limit?: number; communityId?: string; now?: Date } = {}) {
  return { communityId: extra.communityId ?? C1, question, askerId: extra.askerId ?? null, exclude: extra.exclude ?? [], limit: extra.limit ?? 5, now: extra.now ?? NOW };
}

export function ids(r: { suggestions: Array<{ memberId: string }> }): string[] {
  return r.suggestions.map((s) => s.memberId.split(":").pop()!);
}
