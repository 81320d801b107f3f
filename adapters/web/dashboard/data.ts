import type { Member } from "../../../src/core/domain/member.js";
import { shareableQuestion, type HelpRequest, type Offer } from "../../../src/core/domain/request.js";
import type { Core } from "../../../src/core/index.js";
import type { CommunityId, MemberId, RequestId } from "../../../src/core/ids.js";
import { foldText } from "../../../src/core/skills/normalize.js";

const DAY_MS = 86_400_000;
/** The helper-load series of offers for questions asked privately (helpers not named). */
export const PRIVATE_SERIES = "Asked privately (not named)";
const WEEK_MS = 7 * DAY_MS;

export interface SkillMapRow {
  key: string;
  label: string;
  /** Members who can help (expert + can help). */
  helpers: number;
  experts: number;
  learners: number;
  /** Questions in the window that were about this skill. */
  demand: number;
}

export interface HelperLoad {
  /** Week start dates (UTC midnight, oldest first). */
  weeks: string[];
  /** Intro requests received per week, per helper (busiest first; the rest summed as "Everyone else"). */
  series: Array<{ memberId: MemberId | null; name: string; offers: number[]; accepted: number[] }>;
}

export interface NudgeOutcomes {
  sent: number;
  confirmed: number;
  edited: number;
  optedOut: number;
  paused: number;
  /** How these were counted: nudges are not recorded as events, so they are derived from member records. */
  source: "derived_from_members";
}

export interface DashboardData {
  communityId: CommunityId;
  communityName: string;
  now: Date;
  days: number;
  totals: { members: number; membersWithSkills: number; questions: number; connected: number; resolved: number; unmatched: number };
  skillMap: SkillMapRow[];
  unmatchedByTopic: Array<{ topic: string; count: number; examples: string[] }>;
  /** Unmatched questions asked privately: a count, never their topics. */
  unmatchedPrivately: number;
  helperLoad: HelperLoad;
  nudges: NudgeOutcomes;
  /** Questions asked privately in the period: in the totals, never in `questions`. */
  askedPrivately: number;
  /** Questions asked in public in the period (newest 50). */
  questions: Array<{ id: string; question: string; state: string; unmatched: boolean; createdAt: Date; askerName: string }>;
}

/** Whether a question is about a skill: its topics name the key, or its text contains the key's words. */
export function isAbout(req: Pick<HelpRequest, "topics" | "question">, key: string): boolean {
  if (req.topics.includes(key)) return true;
  const text = ` ${foldText(req.question)} `;
  return text.includes(` ${key} `);
}

/**
 * Skills by helpers and by demand; topics people asked about that nobody declares appear with 0 helpers. Give it only
 * the questions whose topics may be shown (not those asked privately).
 */
export function buildSkillMap(counts: Array<{ key: string; label: string; expert: number; canHelp: number; learning: number }>, requests: HelpRequest[], limit = 20): SkillMapRow[] {
  const rows: SkillMapRow[] = counts.map((c) => ({
    key: c.key, label: c.label, helpers: c.expert + c.canHelp, experts: c.expert, learners: c.learning,
    demand: requests.filter((r) => isAbout(r, c.key)).length,
  }));
  const known = new Set(rows.map((r) => r.key));
  const gaps = new Map<string, number>();
  for (const r of requests) {
    const topic = r.topics[0];
    if (!r.unmatched || !topic || known.has(topic)) continue;
    if (rows.some((row) => isAbout(r, row.key))) continue;
    gaps.set(topic, (gaps.get(topic) ?? 0) + 1);
  }
  for (const [topic, demand] of gaps) rows.push({ key: topic, label: topic, helpers: 0, experts: 0, learners: 0, demand });
  return rows
    .filter((r) => r.helpers + r.demand > 0)
    .sort((a, b) => b.demand + b.helpers - (a.demand + a.helpers) || a.label.localeCompare(b.label))
    .slice(0, limit);
}

/** UTC midnight of the Monday on or before `d`. */
export function weekStart(d: Date): Date {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const back = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - back * DAY_MS);
}

/**
 * Intro requests per helper per week over the last `weeks` weeks (current week included). Offers of questions asked
 * privately (`privateRequests`) are summed in one unnamed series: who was asked would say what the question was about.
 */
export function buildHelperLoad(offers: Array<{ requestId: string; candidateId: MemberId; sentAt: Date; status: string }>, names: Map<MemberId, string>, now: Date, weeks: number, top = 6, privateRequests: ReadonlySet<string> = new Set()): HelperLoad {
  const first = weekStart(new Date(now.getTime() - (weeks - 1) * WEEK_MS));
  const labels = Array.from({ length: weeks }, (_, i) => new Date(first.getTime() + i * WEEK_MS).toISOString().slice(0, 10));
  const per = new Map<MemberId, { offers: number[]; accepted: number[] }>();
  const unnamed = { offers: new Array<number>(weeks).fill(0), accepted: new Array<number>(weeks).fill(0) };
  for (const o of offers) {
    const i = Math.floor((o.sentAt.getTime() - first.getTime()) / WEEK_MS);
    if (i < 0 || i >= weeks) continue;
    if (privateRequests.has(o.requestId)) {
      unnamed.offers[i] = (unnamed.offers[i] ?? 0) + 1;
      if (o.status === "accepted") unnamed.accepted[i] = (unnamed.accepted[i] ?? 0) + 1;
      continue;
    }
    const row = per.get(o.candidateId) ?? { offers: new Array<number>(weeks).fill(0), accepted: new Array<number>(weeks).fill(0) };
    row.offers[i] = (row.offers[i] ?? 0) + 1;
    if (o.status === "accepted") row.accepted[i] = (row.accepted[i] ?? 0) + 1;
    per.set(o.candidateId, row);
  }
  const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const ranked = [...per].sort((a, b) => total(b[1].offers) - total(a[1].offers) || a[0].localeCompare(b[0]));
  const series: HelperLoad["series"] = ranked.slice(0, top).map(([id, v]) => ({ memberId: id, name: names.get(id) ?? id, ...v }));
  const rest = ranked.slice(top);
  if (rest.length > 0) {
    series.push({
      memberId: null, name: "Everyone else",
      offers: labels.map((_, i) => rest.reduce((a, [, v]) => a + (v.offers[i] ?? 0), 0)),
      accepted: labels.map((_, i) => rest.reduce((a, [, v]) => a + (v.accepted[i] ?? 0), 0)),
    });
  }
  if (unnamed.offers.some((n) => n > 0)) series.push({ memberId: null, name: PRIVATE_SERIES, ...unnamed });
  return { weeks: labels, series };
}

/**
 * Nudge outcomes in the window, from what member records hold: a nudge sets `lastNudgedAt`; a member
 * who then added or changed skills "edited"; one who only re-confirmed "confirmed"; "Don't remind me"
 * sets reminders to never (opted out); "Pause" sets pausedUntil.
 */
export function buildNudgeOutcomes(members: Member[], now: Date, days: number): NudgeOutcomes {
  const since = now.getTime() - days * DAY_MS;
  const out: NudgeOutcomes = { sent: 0, confirmed: 0, edited: 0, optedOut: 0, paused: 0, source: "derived_from_members" };
  for (const m of members) {
    const at = m.lastNudgedAt?.getTime();
    if (at === undefined || at < since) continue;
    out.sent++;
    if (m.reminders === "never") out.optedOut++;
    else if (m.availability.pausedUntil && m.availability.pausedUntil.getTime() > at) out.paused++;
    else if (m.skills.some((s) => s.addedAt.getTime() >= at)) out.edited++;
    else if (m.skills.length > 0 && m.skills.every((s) => s.confirmedAt.getTime() >= at)) out.confirmed++;
  }
  return out;
}

/** A question as the dashboard shows it: mentions as names, channel links as `#channel` (not chat markup). */
export function readable(text: string, names: ReadonlyMap<MemberId, string>): string {
  return text
    .replace(/<@([^>\s]+)>/g, (_m, id: string) => `@${names.get(id) ?? "someone"}`)
    .replace(/<#[A-Za-z0-9]+(?:\|([^>]*))?>/g, (_m, name?: string) => `#${name || "channel"}`);
}

/** Between pages of members: lets other requests (health checks, the platforms' events) run during a big community's read. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Everything the dashboard shows for one community (reads only; never another community's records). The members are
 * read once, for the report, the skill map, the nudge outcomes and the names alike.
 */
export async function dashboardData(core: Core, communityId: CommunityId, opts: { days?: number; weeks?: number } = {}): Promise<DashboardData> {
  const days = opts.days ?? 30;
  const weeks = opts.weeks ?? 8;
  const now = core.deps.clock.now();
  const { store } = core.deps;
  const community = await core.communities.get(communityId);
  const since = new Date(now.getTime() - days * DAY_MS);
  const names = new Map<MemberId, string>();
  const nudged: Member[] = [];
  const [{ report, skillCounts }, requests, offers] = await Promise.all([
    core.communities.overview(communityId, now, days, {
      onMember: (m) => {
        names.set(m.id, m.displayName);
        if (!m.departed && m.lastNudgedAt && m.lastNudgedAt >= since) nudged.push(m);
      },
      afterPage: yieldToEventLoop,
    }),
    store.listRequests({ communityId, since }),
    store.listOffers({ communityId, since: weekStart(new Date(now.getTime() - (weeks - 1) * WEEK_MS)) }),
  ]);
  const shown = requests.filter((r) => !r.origin.isPrivate);
  return {
    communityId,
    communityName: community.name,
    now,
    days,
    totals: {
      members: report.members, membersWithSkills: report.membersWithSkills, questions: report.questions,
      connected: report.connected, resolved: report.resolved, unmatched: requests.filter((r) => r.unmatched).length,
    },
    // Demand by skill says what questions were about: only questions asked in public are counted there.
    skillMap: buildSkillMap(skillCounts, shown),
    unmatchedByTopic: report.unmatchedByTopic,
    unmatchedPrivately: report.unmatchedPrivately,
    helperLoad: buildHelperLoad(offers, names, now, weeks, 6, await privateRequestIds(core, requests, offers)),
    nudges: buildNudgeOutcomes(nudged, now, days),
    // A question asked privately is only counted (in the totals and `askedPrivately`): even who asked it and when is not
    // shown, and nobody may see why it went to whom.
    askedPrivately: requests.length - shown.length,
    questions: shown.slice(0, 50).map((r) => ({ id: r.id, question: readable(shareableQuestion(r), names), state: r.state, unmatched: r.unmatched, createdAt: r.createdAt, askerName: names.get(r.askerId) ?? "someone who left" })),
  };
}

/**
 * Of the requests behind these offers, those asked privately. An offer may belong to a request older than the period (a
 * later round), which is looked up; one no longer in the store counts as private, so that nobody is named for it.
 */
async function privateRequestIds(core: Core, requests: HelpRequest[], offers: Offer[]): Promise<Set<RequestId>> {
  const known = new Map(requests.map((r) => [r.id, r.origin.isPrivate]));
  const out = new Set<RequestId>();
  const unknown = [...new Set(offers.map((o) => o.requestId).filter((id) => !known.has(id)))];
  const found = await Promise.all(unknown.map((id) => core.deps.store.getRequest(id)));
  unknown.forEach((id, i) => known.set(id, found[i]?.origin.isPrivate ?? true));
  for (const [id, isPrivate] of known) if (isPrivate) out.add(id);
  return out;
}
