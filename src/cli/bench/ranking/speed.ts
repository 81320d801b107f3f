import { monitorEventLoopDelay } from "node:perf_hooks";
import { DEFAULT_COMMUNITY_SETTINGS, type Community } from "../../../core/domain/community.js";
import type { Member } from "../../../core/domain/member.js";
import type { CommunityId } from "../../../core/ids.js";
import { silentLogger } from "../../../core/ports/logger.port.js";
import type { MemberPage } from "../../../core/ports/store.port.js";
import { skillKey } from "../../../core/skills/normalize.js";
import { newMember } from "../../../core/usecases/members.js";
import { HybridMatcher, type MatcherStore } from "../../../ranking/hybrid-matcher.js";
import { memberToRow, rowToMember, type MemberRow } from "../../../store/sqlite/rows.js";
import type { WordVectors } from "../../../ranking/vectors.js";
import { BENCH_COMMUNITY, BENCH_NOW } from "./quality.js";

export interface SpeedResult {
  members: number;
  questions: number;
  buildMs: number;
  p50Ms: number;
  p99Ms: number;
  rssMb: number;
  /** The longest the event loop waited while the index was built (what a platform event would wait at worst). */
  buildBlockMs: number;
  vectors: boolean;
}

const SKILLS = [
  "JavaScript", "TypeScript", "React", "Node.js", "Python", "Go", "Rust", "Java", "Kubernetes", "Docker", "Terraform", "AWS", "PostgreSQL",
  "SEO", "PPC", "copywriting", "bookkeeping", "VAT", "accounting", "marketing", "sales", "fundraising", "pricing", "legal", "HR",
  "knitting", "crochet", "sewing", "pottery", "woodworking", "baking", "gardening", "photography", "video editing", "graphic design",
  "magazine writing", "query letters", "editing", "translation", "poetry", "UX design", "Figma", "Excel", "public speaking", "Etsy",
  "social media", "email marketing", "machine learning", "data science", "security", "iOS", "Android", "Swift", "C#", "C++", "WordPress",
];
const ABOUT = ["freelance", "developer", "writer", "accountant", "designer", "maker", "founder", "teacher", "consultant", "student", "marketer", "engineer"];
const QUESTIONS = [
  "how do I register for VAT as a freelancer?", "my sourdough starter keeps dying", "who knows k8s networking?", "help with a magazine query letter",
  "best way to price my Etsy listings", "react hooks re-rendering too often", "need someone to review my pitch deck", "how to knit a sweater for beginners",
  "anyone good with google ads campaigns", "typescript generics question", "my tomatoes have yellow leaves", "how to photograph jewellery for my shop",
  "contract clause for freelance design work", "postgres query is slow", "looking for a fellow learner in Rust", "translating my website to Spanish",
];

const EVIDENCE_OPENERS = ["can someone help me with", "stuck on a problem with", "any tips for getting started with", "quick question about", "who can review my work on"];

/** A deterministic pseudo-random generator (mulberry32) so runs are comparable. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A synthetic community: Zipf-distributed skills (a few very common, a long tail), 1–6 each, short about lines. */
export function* generateMembers(n: number, seed = 7): Generator<Member> {
  const r = rng(seed);
  const zipf = () => SKILLS[Math.min(SKILLS.length - 1, Math.floor(SKILLS.length * r() ** 2.2))] ?? "SEO";
  for (let i = 0; i < n; i++) {
    // Completed in place (no spread into a second object): the generator stands in for a database and
    // should not add its own garbage to the engine's memory figures.
    const m = newMember(`${BENCH_COMMUNITY}:U${i}`, BENCH_COMMUNITY, `Member ${i}`, r() < 0.7 ? ["Europe/London", "America/New_York", "Asia/Tokyo", "Europe/Berlin"][i % 4] ?? null : null, BENCH_NOW) as Member;
    m.createdAt = BENCH_NOW;
    m.updatedAt = BENCH_NOW;
    m.version = 1;
    const k = 1 + Math.floor(r() * 6);
    const labels = new Set<string>();
    for (let j = 0; j < k; j++) labels.add(zipf());
    m.skills = [...labels].map((label, j) => ({ label, key: skillKey(label), level: j === 0 && r() < 0.3 ? "expert" : r() < 0.1 ? "learning" : "can_help", source: "declared", addedAt: BENCH_NOW, confirmedAt: BENCH_NOW }));
    m.about = r() < 0.5 ? `${ABOUT[i % ABOUT.length]} who likes ${zipf()} and ${zipf()}` : "";
    m.stats.helped = Math.floor(r() ** 3 * 40);
    // The latest few helps as evidence (up to 120 days ago), each a question on one of the member's skills,
    // as in a community that has been running for a while: the evidence field and the recent-help prior
    // carry data.
    for (let j = 0; j < Math.min(3, m.stats.helped); j++) {
      const at = new Date(BENCH_NOW.getTime() - Math.floor(r() * 120) * 24 * 3600_000);
      const topic = m.skills[Math.floor(r() * m.skills.length)]?.label ?? "SEO";
      const question = `${EVIDENCE_OPENERS[Math.floor(r() * EVIDENCE_OPENERS.length)] ?? ""} ${topic}?`;
      m.evidence.push({ requestId: `req-${i}-${j}`, kind: "helped", question, topics: [skillKey(topic)], at });
    }
    yield m;
  }
}

export function syntheticMembers(n: number, seed = 7): Member[] {
  return [...generateMembers(n, seed)];
}

/**
 * A read-only store over the synthetic community that makes each page when asked (like a database would),
 * so the process holds the members once — in the index — and not a second time in the bench's store.
 * Each member is made as a row of the embedded store and read back through the store's row mapping: every
 * date, string and list is a fresh object, as from any database driver, so memory figures are those of a real
 * community and not of generated members sharing one date. Reading rows counts in the build time; making them
 * (`makingMs`) does not. Pages must be read in order (the matcher's build does); asking again from the start
 * regenerates.
 */
export class SyntheticStore implements MatcherStore {
  private gen: Generator<Member> | null = null;
  private last: string | null = null;
  /** Time spent making rows (generating members and encoding them), which a real store does not spend reading. */
  makingMs = 0;

  constructor(private readonly n: number, private readonly seed = 7) {}

  async getCommunity(id: CommunityId): Promise<Community | null> {
    return id === BENCH_COMMUNITY ? { id, name: id, settings: { ...DEFAULT_COMMUNITY_SETTINGS }, adminIds: [], createdAt: BENCH_NOW, updatedAt: BENCH_NOW } : null;
  }

  async listMembers(id: CommunityId, opts: { after?: string | null; limit: number }): Promise<MemberPage> {
    if (id !== BENCH_COMMUNITY) return { members: [], next: null };
    const after = opts.after ?? null;
    if (!this.gen || after !== this.last) {
      if (after !== null) throw new Error("SyntheticStore: pages must be read in order");
      this.gen = generateMembers(this.n, this.seed);
    }
    const t = performance.now();
    const rows: MemberRow[] = [];
    for (let r = this.gen.next(); !r.done; r = this.gen.next()) {
      rows.push(memberToRow(r.value));
      if (rows.length >= opts.limit) break;
    }
    this.makingMs += performance.now() - t;
    const members = rows.map(rowToMember);
    const lastId = members[members.length - 1]?.id ?? null;
    const more = members.length === opts.limit && lastId !== `${BENCH_COMMUNITY}:U${this.n - 1}`;
    this.last = more ? lastId : null;
    if (!more) this.gen = null;
    return { members, next: more ? lastId : null };
  }
}

/** Untimed questions before timing starts. */
const WARM_UP = 120;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** Index build time, single-question latency percentiles and peak RSS on a synthetic community of n members. */
export async function runSpeed(n: number, vectors: WordVectors | null, questions = 400): Promise<SpeedResult> {
  const store = new SyntheticStore(n);
  const matcher = new HybridMatcher({ store, logger: silentLogger, vectors });
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const t0 = performance.now();
  await matcher.prepare(BENCH_COMMUNITY);
  const buildMs = performance.now() - t0 - store.makingMs;
  loop.disable();
  await matcher.rank({ communityId: BENCH_COMMUNITY, question: "warm up", askerId: null, limit: 5, now: BENCH_NOW });
  // Warm-up (untimed): the figures describe a running service, not its first requests. It uses the same
  // mix of wordings as the timed questions (never the same strings), so code paths and per-word caches met
  // for the first time — JIT, word-vector expansions of new words — are not what the p99 measures.
  for (let i = 0; i < WARM_UP; i++) {
    const q = `${QUESTIONS[i % QUESTIONS.length] ?? ""} ${i % 3 === 0 ? `(warm-up ${i})` : ""}`;
    await matcher.rank({ communityId: BENCH_COMMUNITY, question: q, askerId: null, limit: 5, now: BENCH_NOW });
  }
  const times: number[] = [];
  for (let i = 0; i < questions; i++) {
    // Vary the wording so per-word caches do not make every question a cache hit.
    const q = `${QUESTIONS[i % QUESTIONS.length] ?? ""} ${i % 3 === 0 ? `(take ${i})` : ""}`;
    const t = performance.now();
    await matcher.rank({ communityId: BENCH_COMMUNITY, question: q, askerId: `${BENCH_COMMUNITY}:U${i}`, limit: 5, now: BENCH_NOW });
    times.push(performance.now() - t);
  }
  // The process's true peak (getrusage maxrss, in KiB): build included, not just samples.
  const peak = process.resourceUsage().maxRSS * 1024;
  times.sort((a, b) => a - b);
  return { members: n, questions, buildMs: Math.round(buildMs), p50Ms: +pct(times, 0.5).toFixed(2), p99Ms: +pct(times, 0.99).toFixed(2), rssMb: Math.round(peak / 1e6), buildBlockMs: Math.round(loop.max / 1e6), vectors: vectors !== null };
}
