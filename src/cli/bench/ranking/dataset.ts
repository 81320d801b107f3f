/**
 * Expert-finding datasets (format: ../shared/bench/README.md) → Knowhow members, plus a minimal read-only
 * store over them for the matcher. Mapping: `skills` → declared skills (parsed like `/skills add`, so
 * "learning react" is a learner and "SEO (expert)" an expert; entries that are not a usable skill are
 * skipped); `about` → about; `train_answers` (answers written before the test window) → `stats.helped`,
 * the product's own count of people a member has helped. Every other field is ignored.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_COMMUNITY_SETTINGS, type Community } from "../../../core/domain/community.js";
import type { Member } from "../../../core/domain/member.js";
import type { Skill } from "../../../core/domain/skill.js";
import type { CommunityId, MemberId } from "../../../core/ids.js";
import type { MemberPage } from "../../../core/ports/store.port.js";
import { skillKey } from "../../../core/skills/normalize.js";
import { parseSkillLine } from "../../../core/skills/parse.js";
import { newMember } from "../../../core/usecases/members.js";
import type { MatcherStore } from "../../../ranking/hybrid-matcher.js";

export interface BenchMember {
  id: string;
  name: string;
  skills: string[];
  about: string;
  train_answers?: number;
}

export interface BenchQuestion {
  id: string;
  text: string;
  gold: string[];
  candidates?: string[];
  asker?: string | null;
  /** Creation day (YYYY-MM-DD); needed by the replay protocol. */
  date?: string;
}

export interface Dataset {
  name: string;
  members: BenchMember[];
  questions: BenchQuestion[];
}

export function loadDataset(dir: string): Dataset {
  const members = JSON.parse(readFileSync(join(dir, "members.json"), "utf8")) as BenchMember[];
  const questions = JSON.parse(readFileSync(join(dir, "questions.json"), "utf8")) as BenchQuestion[];
  if (!Array.isArray(members) || !Array.isArray(questions)) throw new Error(`${dir}: members.json and questions.json must be JSON arrays`);
  return { name: dir.replace(/\/+$/, "").split("/").pop() ?? dir, members, questions };
}

/** Bench member id → Knowhow member id in the bench community. */
export const toMemberId = (community: CommunityId, id: string): MemberId => `${community}:${id}`;

export function toMember(b: BenchMember, community: CommunityId, now: Date): Member {
  const skills: Skill[] = [];
  const seen = new Set<string>();
  for (const raw of b.skills) {
    let parsed;
    try {
      parsed = parseSkillLine(raw);
    } catch {
      continue;
    }
    for (const s of parsed) {
      const key = skillKey(s.label);
      if (seen.has(key)) continue;
      seen.add(key);
      skills.push({ label: s.label, key, level: s.level, source: "declared", addedAt: now, confirmedAt: now });
    }
  }
  const m = newMember(toMemberId(community, b.id), community, b.name, null, now);
  m.skills = skills;
  m.about = b.about ?? "";
  m.stats.helped = b.train_answers ?? 0;
  return { ...m, createdAt: now, updatedAt: now, version: 1 };
}

/** A read-only, in-memory store holding one community's members (what the matcher reads). */
export class MemoryMatcherStore implements MatcherStore {
  private readonly members: Member[];

  constructor(private readonly communityId: CommunityId, members: Member[], private readonly aliases: Record<string, string> = {}) {
    this.members = [...members].sort((a, b) => a.id.localeCompare(b.id));
  }

  get(id: MemberId): Member | null {
    const i = firstAfter(this.members, id) - 1;
    const m = this.members[i];
    return m && m.id === id ? structuredClone(m) : null;
  }

  /** Replaces a member already held (what a store write does; the matcher is told separately, as in the app). */
  replace(m: Member): void {
    const i = firstAfter(this.members, m.id) - 1;
    if (this.members[i]?.id !== m.id) throw new Error(`unknown member ${m.id}`);
    this.members[i] = structuredClone(m);
  }

  async getCommunity(id: CommunityId): Promise<Community | null> {
    if (id !== this.communityId) return null;
    const at = new Date(0);
    return { id, name: id, settings: { ...DEFAULT_COMMUNITY_SETTINGS, aliases: this.aliases }, adminIds: [], createdAt: at, updatedAt: at };
  }

  async listMembers(id: CommunityId, opts: { after?: string | null; limit: number }): Promise<MemberPage> {
    if (id !== this.communityId) return { members: [], next: null };
    const start = opts.after ? firstAfter(this.members, opts.after) : 0;
    if (start >= this.members.length) return { members: [], next: null };
    const page = this.members.slice(start, start + opts.limit);
    const last = page[page.length - 1];
    return { members: page.map((m) => structuredClone(m)), next: start + opts.limit < this.members.length && last ? last.id : null };
  }
}

/** Index of the first member (sorted by id) whose id sorts after `after` (binary search). */
function firstAfter(members: readonly Member[], after: string): number {
  let lo = 0;
  let hi = members.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((members[mid]?.id ?? "") > after) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
