import type { Member } from "../../src/core/domain/member.js";
import type { Skill, SkillLevel } from "../../src/core/domain/skill.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { skillKey } from "../../src/core/skills/normalize.js";
import { newMember } from "../../src/core/usecases/members.js";
import { MemoryMatcherStore } from "../../src/cli/bench/ranking/dataset.js";
import { HybridMatcher, type HybridOptions } from "../../src/ranking/hybrid-matcher.js";

export const C = "slack:T1";
export const NOW = new Date("2026-03-04T12:00:00Z");

export function skill(label: string, level: SkillLevel = "can_help", at = NOW): Skill {
  return { label, key: skillKey(label), level, source: "declared", addedAt: at, confirmedAt: at };
}

/** A member of community `community` with skills "label" or "label:expert" / "label:learning". */
export function member(name: string, skills: string[], about = "", extra: Partial<Member> = {}, community = C): Member {
  const m = newMember(`${community}:${name}`, community, name, null, NOW);
  m.skills = skills.map((s) => {
    const [label, level] = s.split(":");
    return skill(label ?? s, (level as SkillLevel | undefined) ?? "can_help");
  });
  m.about = about;
  return { ...m, createdAt: NOW, updatedAt: NOW, version: 1, ...extra };
}

export function matcherFor(members: Member[], opts: Partial<HybridOptions> = {}, aliases: Record<string, string> = {}): HybridMatcher {
  return new HybridMatcher({ store: new MemoryMatcherStore(members[0]?.communityId ?? C, members, aliases), logger: silentLogger, ...opts });
}

export async function ask(m: HybridMatcher, question: string, askerId: string | null = null, community = C) {
  return m.rank({ communityId: community, question, askerId, limit: 5, now: NOW });
}

export const ids = (r: { suggestions: Array<{ memberId: string }> }) => r.suggestions.map((s) => s.memberId.split(":").pop());
