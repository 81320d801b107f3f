/**
 * Expert-finding datasets (format: ../shared/bench/README.md) → Knowhow members, plus a read-only member
 * source for the matchers. Mapping: `skills` → declared skills (parsed like a typed skill line, so
 * "learning react" is a learner and "SEO (expert)" an expert); `about` → about; `train_answers`
 * (onstartups: answers written before the test window) → `stats.helped`, the product's own count of
 * questions a member helped with. Every other field is ignored.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DEFAULT_COMMUNITY_SETTINGS, type Community } from "../../core/domain/community.js";
import { DEFAULT_AVAILABILITY, EMPTY_STATS, type Member } from "../../core/domain/member.js";
import type { Skill } from "../../core/domain/skill.js";
import type { CommunityId } from "../../core/ids.js";
import type { MemberPage, Store } from "../../core/ports/store.port.js";
import { skillKey } from "../../core/skills/normalize.js";
import { parseSkillLine } from "../../core/skills/parse.js";

export interface BenchMemberRecord {
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
  date?: string;
}

export interface BenchDataset {
  name: string;
  communityId: CommunityId;
  members: Member[];
  questions: BenchQuestion[];
}

/** The instant questions are asked at in the benchmark (no member has a timezone, so it only fixes the clock). */
export const BENCH_NOW = new Date("2026-01-07T12:00:00Z");

/** The member id of a bench record inside the bench community. */
export function benchMemberId(communityId: CommunityId, id: string): string {
  return `${communityId}:${id}`;
}

/** Builds a product `Member` from a bench record (see the mapping above). */
export function toMember(rec: BenchMemberRecord, communityId: CommunityId, now = BENCH_NOW): Member {
  const skills: Skill[] = [];
  const seen = new Set<string>();
  for (const raw of rec.skills) {
    let parsed: Array<{ label: string; level: Skill["level"] }>;
    try {
      parsed = parseSkillLine(raw);
    } catch {
      parsed = [{ label: raw, level: "can_help" }];
    }
    if (parsed.length === 0) parsed = [{ label: raw, level: "can_help" }];
    for (const p of parsed) {
      const key = skillKey(p.label);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      skills.push({ label: p.label, key, level: p.level, source: "imported", addedAt: now, confirmedAt: now });
    }
  }
  return {
    id: benchMemberId(communityId, rec.id),
    communityId,
    displayName: rec.name,
    timezone: null,
    skills,
    about: rec.about ?? "",
    availability: { ...DEFAULT_AVAILABILITY, weeklyCap: 1_000_000 },
    reminders: "on",
    stats: { ...EMPTY_STATS, helped: Math.max(0, rec.train_answers ?? 0), recentOffers: [] },
    evidence: [],
    dmClosed: false,
    departed: false,
    joinedAt: now,
    lastActiveAt: now,
    lastNudgedAt: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

/** Reads `members.json` and `questions.json` from a dataset folder. */
export async function loadDataset(dir: string): Promise<BenchDataset> {
  const name = dir.replace(/\/+$/, "").split("/").pop() ?? "bench";
  const communityId = `web:bench-${name.replace(/[^A-Za-z0-9_.-]/g, "_")}`;
  const members = JSON.parse(await readFile(join(dir, "members.json"), "utf8")) as BenchMemberRecord[];
  const questions = JSON.parse(await readFile(join(dir, "questions.json"), "utf8")) as BenchQuestion[];
  return { name, communityId, members: members.map((m) => toMember(m, communityId)), questions };
}

/** The two Store methods the matchers read, over members held in memory (benchmarks, tests). */
export class MemoryMemberSource implements Pick<Store, "getCommunity" | "listMembers"> {
  private readonly byCommunity = new Map<CommunityId, Map<string, Member>>();
  private readonly sorted = new Map<CommunityId, Member[]>();

  constructor(
    members: Iterable<Member>,
    private readonly aliases: Record<string, string> = {},
  ) {
    for (const m of members) this.put(m);
  }

  /** Adds or replaces a member. */
  put(m: Member): void {
    let map = this.byCommunity.get(m.communityId);
    if (!map) this.byCommunity.set(m.communityId, (map = new Map()));
    map.set(m.id, m);
    this.sorted.delete(m.communityId);
  }

  async getCommunity(id: CommunityId): Promise<Community | null> {
    if (!this.byCommunity.has(id)) return null;
    const t = new Date(0);
    return { id, name: id, settings: { ...DEFAULT_COMMUNITY_SETTINGS, aliases: { ...this.aliases } }, adminIds: [], createdAt: t, updatedAt: t };
  }

  async listMembers(communityId: CommunityId, opts: { after?: string | null; limit: number }): Promise<MemberPage> {
    let all = this.sorted.get(communityId);
    if (!all) {
      all = [...(this.byCommunity.get(communityId)?.values() ?? [])].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.sorted.set(communityId, all);
    }
    const start = opts.after ? all.findIndex((m) => m.id > opts.after!) : 0;
    if (start < 0) return { members: [], next: null };
    const members = all.slice(start, start + opts.limit);
    const last = members[members.length - 1];
    return { members, next: start + opts.limit < all.length && last ? last.id : null };
  }
}
