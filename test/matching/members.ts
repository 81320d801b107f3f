import { DEFAULT_AVAILABILITY, EMPTY_STATS, type Evidence, type Member } from "../../src/core/domain/member.js";
import type { SkillLevel } from "../../src/core/domain/skill.js";
import { skillKey } from "../../src/core/skills/normalize.js";
import { DEFAULT_COMMUNITY_SETTINGS } from "../../src/core/domain/community.js";
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
    timezoneSetByMember: false,
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
    profileConfirmedAt: null,
    lastActiveAt: NOW,
    lastNudgedAt: null,
    unansweredNudges: 0,
    createdAt: NOW,
    updatedAt: NOW,
    version: 1,
    ...extra,
  };
}

export function evidence(kind: Evidence["kind"], question: string, topics: string[] = []): Evidence {
  return { requestId: `r-${Math.random().toString(36).slice(2)}`, kind, question, topics, at: NOW };
}

/**
 * An in-memory member source across communities: the two Store methods a matcher reads
 * (getCommunity, listMembers paged by id). Other Store methods are not needed by matchers.
 */
export function source(members: Member[], aliases: Record<string, string> = {}): Store {
  const sorted = [...members].sort((a, b) => a.id.localeCompare(b.id));
  const partial: Pick<Store, "getCommunity" | "listMembers"> = {
    async getCommunity(id) {
      if (!sorted.some((m) => m.communityId === id)) return null;
      return { id, name: id, settings: { ...DEFAULT_COMMUNITY_SETTINGS, aliases }, adminIds: [], createdAt: NOW, updatedAt: NOW };
    },
    async listMembers(id, opts) {
      const all = sorted.filter((m) => m.communityId === id && (!opts.after || m.id > opts.after));
      const page = all.slice(0, opts.limit);
      return { members: page.map((m) => structuredClone(m)), next: all.length > opts.limit ? page[page.length - 1]!.id : null };
    },
  };
  return partial as Store;
}

export function ask(question: string, extra: { askerId?: string | null; exclude?: string[]; limit?: number; communityId?: string; now?: Date } = {}) {
  return { communityId: extra.communityId ?? C1, question, askerId: extra.askerId ?? null, exclude: extra.exclude ?? [], limit: extra.limit ?? 5, now: extra.now ?? NOW };
}

export function ids(r: { suggestions: Array<{ memberId: string }> }): string[] {
  return r.suggestions.map((s) => s.memberId.split(":").pop()!);
}
