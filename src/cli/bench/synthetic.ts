import { DEFAULT_AVAILABILITY, EMPTY_STATS, type Member } from "../../core/domain/member.js";
import type { Skill, SkillLevel } from "../../core/domain/skill.js";
import type { CommunityId } from "../../core/ids.js";
import { skillKey } from "../../core/skills/normalize.js";
import { TAXONOMY } from "../../matching/taxonomy.js";

/** Small deterministic PRNG (mulberry32) so that runs are comparable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SKILLS = [...new Set(TAXONOMY.flatMap((g) => [...g.close, ...(g.field ?? [])]))];
const ROLES = ["freelance", "senior", "retired", "self-taught", "part-time", "indie", "hobbyist", "professional", "junior", "lead"];
const NOUNS = ["designer", "developer", "writer", "accountant", "maker", "consultant", "teacher", "founder", "marketer", "engineer", "photographer", "editor"];
const FILLER = ["Any pointers?", "Thanks in advance!", "I'm a bit stuck.", "It's for a side project.", "Deadline is Friday.", "We're a small team.", ""];
const TYPOS = (s: string, r: () => number): string => (s.length > 6 && r() < 0.1 ? s.slice(0, 3) + s.slice(4) : s);

/** A Zipf-like pick: popular skills are declared far more often than rare ones. */
function zipf(r: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(Math.pow(n + 1, r()) - 1));
}

/** N members with realistic skill distributions: 1–8 skills, Zipf popularity, levels, about lines, some typos. */
export function syntheticMembers(communityId: CommunityId, n: number, seed = 42): Member[] {
  const r = rng(seed);
  const now = new Date("2026-01-05T10:00:00Z");
  const out: Member[] = [];
  for (let i = 0; i < n; i++) {
    const skills: Skill[] = [];
    const k = 1 + Math.floor(r() * 8);
    const seen = new Set<string>();
    for (let j = 0; j < k; j++) {
      const label = TYPOS(SKILLS[zipf(r, SKILLS.length)]!, r);
      const key = skillKey(label);
      if (seen.has(key)) continue;
      seen.add(key);
      const x = r();
      const level: SkillLevel = x < 0.12 ? "expert" : x < 0.85 ? "can_help" : "learning";
      skills.push({ label, key, level, source: "declared", addedAt: now, confirmedAt: new Date(now.getTime() - r() * 900 * 86_400_000) });
    }
    const about = r() < 0.6 ? `${ROLES[Math.floor(r() * ROLES.length)]} ${NOUNS[Math.floor(r() * NOUNS.length)]}, into ${SKILLS[zipf(r, SKILLS.length)]} and ${SKILLS[zipf(r, SKILLS.length)]}.` : "";
    out.push({
      id: `${communityId}:U${i.toString().padStart(7, "0")}`,
      communityId,
      displayName: `Member ${i}`,
      timezone: ["Europe/London", "America/New_York", "Asia/Tokyo", null][i % 4] ?? null,
      skills,
      about,
      availability: { ...DEFAULT_AVAILABILITY, optedIn: r() > 0.05 },
      reminders: "on",
      stats: { ...EMPTY_STATS, helped: Math.floor(r() * r() * 20), recentOffers: [] },
      evidence: [],
      dmClosed: false,
      departed: false,
      joinedAt: now,
      lastActiveAt: now,
      lastNudgedAt: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
  }
  return out;
}

/** Chat-style questions naming or paraphrasing skills of the catalogue, with filler and some off-topic ones. */
export function syntheticQuestions(n: number, seed = 7): string[] {
  const r = rng(seed);
  const forms = [
    (s: string) => `Who can help me with ${s}?`,
    (s: string) => `anyone here know about ${s}? ${FILLER[Math.floor(r() * FILLER.length)]}`,
    (s: string) => `I'm trying to figure out ${s} for my shop and I keep getting stuck, could someone who has done ${s} before take a look?`,
    (s: string) => `need advice on ${s} asap`,
  ];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = r() < 0.1 ? "tuning a harpsichord" : SKILLS[Math.floor(r() * SKILLS.length)]!;
    out.push(forms[Math.floor(r() * forms.length)]!(s));
  }
  return out;
}
