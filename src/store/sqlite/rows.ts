import type { Community } from "../../core/domain/community.js";
import type { Availability, Evidence, Member, MemberStats, ReminderPreference } from "../../core/domain/member.js";
import type { HelpRequest, Offer, OfferStatus, RankedCandidate, RequestOrigin, RequestState } from "../../core/domain/request.js";
import type { Skill } from "../../core/domain/skill.js";
import { toMs, toMsOrNull, withDefaultSettings } from "../common.js";

/**
 * Row ⇄ domain mapping for the SQLite store. Dates are stored as INTEGER milliseconds, in columns and
 * inside JSON alike; every nested date is revived explicitly (never by guessing from string shapes, so a
 * question that looks like a date stays a string). Every read builds fresh objects: callers get copies.
 */

export interface CommunityRow {
  id: string;
  name: string;
  settings: string;
  admin_ids: string;
  created_at: number;
  updated_at: number;
}

export interface MemberRow {
  id: string;
  community_id: string;
  display_name: string;
  timezone: string | null;
  timezone_set_by_member: number;
  skills: string;
  about: string;
  availability: string;
  reminders: string;
  stats: string;
  evidence: string;
  dm_closed: number;
  departed: number;
  joined_at: number;
  profile_confirmed_at: number | null;
  last_active_at: number;
  last_nudged_at: number | null;
  unanswered_nudges: number;
  created_at: number;
  updated_at: number;
  version: number;
}

export interface RequestRow {
  id: string;
  community_id: string;
  asker_id: string;
  question: string;
  topics: string;
  state: string;
  origin: string;
  candidates: string;
  offered_to: string;
  round: number;
  unmatched: number;
  helper_id: string | null;
  due_at: number | null;
  created_at: number;
  updated_at: number;
  connected_at: number | null;
  closed_at: number | null;
}

export interface OfferRow {
  id: string;
  request_id: string;
  community_id: string;
  candidate_id: string;
  round: number;
  reason: string;
  status: string;
  sent_at: number;
  responded_at: number | null;
}

const dateOrNull = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

// ── JSON shapes of the nested parts (dates as ms) ──────────────────────────────────────────────
interface SkillJson extends Omit<Skill, "addedAt" | "confirmedAt"> {
  addedAt: number;
  confirmedAt: number;
}
interface AvailabilityJson extends Omit<Availability, "pausedUntil"> {
  pausedUntil: number | null;
}
interface StatsJson extends Omit<MemberStats, "recentOffers"> {
  recentOffers: number[];
}
interface EvidenceJson extends Omit<Evidence, "at"> {
  at: number;
}

// ── communities ──────────────────────────────────────────────────────────────────────────────────
export function communityToRow(c: Community): CommunityRow {
  return {
    id: c.id,
    name: c.name,
    settings: JSON.stringify(c.settings),
    admin_ids: JSON.stringify(c.adminIds),
    created_at: toMs(c.createdAt),
    updated_at: toMs(c.updatedAt),
  };
}

export function rowToCommunity(r: CommunityRow): Community {
  return {
    id: r.id,
    name: r.name,
    settings: withDefaultSettings(JSON.parse(r.settings) as Community["settings"]),
    adminIds: JSON.parse(r.admin_ids) as string[],
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

// ── members ──────────────────────────────────────────────────────────────────────────────────────
export function memberToRow(m: Member): MemberRow {
  const skills: SkillJson[] = m.skills.map((s) => ({
    label: s.label,
    key: s.key,
    level: s.level,
    source: s.source,
    addedAt: toMs(s.addedAt),
    confirmedAt: toMs(s.confirmedAt),
  }));
  const availability: AvailabilityJson = {
    optedIn: m.availability.optedIn,
    pausedUntil: toMsOrNull(m.availability.pausedUntil),
    weeklyCap: m.availability.weeklyCap,
    quietHours: { start: m.availability.quietHours.start, end: m.availability.quietHours.end },
  };
  const stats: StatsJson = { ...m.stats, recentOffers: m.stats.recentOffers.map(toMs) };
  const evidence: EvidenceJson[] = m.evidence.map((e) => ({
    requestId: e.requestId,
    kind: e.kind,
    question: e.question,
    topics: [...e.topics],
    at: toMs(e.at),
  }));
  return {
    id: m.id,
    community_id: m.communityId,
    display_name: m.displayName,
    timezone: m.timezone,
    timezone_set_by_member: m.timezoneSetByMember ? 1 : 0,
    skills: JSON.stringify(skills),
    about: m.about,
    availability: JSON.stringify(availability),
    reminders: m.reminders,
    stats: JSON.stringify(stats),
    evidence: JSON.stringify(evidence),
    dm_closed: m.dmClosed ? 1 : 0,
    departed: m.departed ? 1 : 0,
    joined_at: toMs(m.joinedAt),
    profile_confirmed_at: toMsOrNull(m.profileConfirmedAt),
    last_active_at: toMs(m.lastActiveAt),
    last_nudged_at: toMsOrNull(m.lastNudgedAt),
    unanswered_nudges: m.unansweredNudges,
    created_at: toMs(m.createdAt),
    updated_at: toMs(m.updatedAt),
    version: m.version,
  };
}

export function rowToMember(r: MemberRow): Member {
  const skills = JSON.parse(r.skills) as SkillJson[];
  const availability = JSON.parse(r.availability) as AvailabilityJson;
  const stats = JSON.parse(r.stats) as StatsJson;
  const evidence = JSON.parse(r.evidence) as EvidenceJson[];
  return {
    id: r.id,
    communityId: r.community_id,
    displayName: r.display_name,
    timezone: r.timezone,
    timezoneSetByMember: r.timezone_set_by_member === 1,
    skills: skills.map((s) => ({ ...s, addedAt: new Date(s.addedAt), confirmedAt: new Date(s.confirmedAt) })),
    about: r.about,
    availability: { ...availability, pausedUntil: dateOrNull(availability.pausedUntil) },
    reminders: r.reminders as ReminderPreference,
    stats: { ...stats, recentOffers: stats.recentOffers.map((t) => new Date(t)) },
    evidence: evidence.map((e) => ({ ...e, at: new Date(e.at) })),
    dmClosed: r.dm_closed === 1,
    departed: r.departed === 1,
    joinedAt: new Date(r.joined_at),
    profileConfirmedAt: dateOrNull(r.profile_confirmed_at),
    lastActiveAt: new Date(r.last_active_at),
    lastNudgedAt: dateOrNull(r.last_nudged_at),
    unansweredNudges: r.unanswered_nudges,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    version: r.version,
  };
}

// ── requests ─────────────────────────────────────────────────────────────────────────────────────
export function requestToRow(q: HelpRequest): RequestRow {
  const origin: RequestOrigin = { surface: q.origin.surface, channelId: q.origin.channelId, threadId: q.origin.threadId, isPrivate: q.origin.isPrivate };
  const candidates: RankedCandidate[] = q.candidates.map((c) => ({ memberId: c.memberId, score: c.score, reason: c.reason }));
  return {
    id: q.id,
    community_id: q.communityId,
    asker_id: q.askerId,
    question: q.question,
    topics: JSON.stringify(q.topics),
    state: q.state,
    origin: JSON.stringify(origin),
    candidates: JSON.stringify(candidates),
    offered_to: JSON.stringify(q.offeredTo),
    round: q.round,
    unmatched: q.unmatched ? 1 : 0,
    helper_id: q.helperId,
    due_at: toMsOrNull(q.dueAt),
    created_at: toMs(q.createdAt),
    updated_at: toMs(q.updatedAt),
    connected_at: toMsOrNull(q.connectedAt),
    closed_at: toMsOrNull(q.closedAt),
  };
}

export function rowToRequest(r: RequestRow): HelpRequest {
  return {
    id: r.id,
    communityId: r.community_id,
    askerId: r.asker_id,
    question: r.question,
    topics: JSON.parse(r.topics) as string[],
    state: r.state as RequestState,
    origin: JSON.parse(r.origin) as RequestOrigin,
    candidates: JSON.parse(r.candidates) as RankedCandidate[],
    offeredTo: JSON.parse(r.offered_to) as string[],
    round: r.round,
    unmatched: r.unmatched === 1,
    helperId: r.helper_id,
    dueAt: dateOrNull(r.due_at),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    connectedAt: dateOrNull(r.connected_at),
    closedAt: dateOrNull(r.closed_at),
  };
}

// ── offers ───────────────────────────────────────────────────────────────────────────────────────
export function offerToRow(o: Offer): OfferRow {
  return {
    id: o.id,
    request_id: o.requestId,
    community_id: o.communityId,
    candidate_id: o.candidateId,
    round: o.round,
    reason: o.reason,
    status: o.status,
    sent_at: toMs(o.sentAt),
    responded_at: toMsOrNull(o.respondedAt),
  };
}

export function rowToOffer(r: OfferRow): Offer {
  return {
    id: r.id,
    requestId: r.request_id,
    communityId: r.community_id,
    candidateId: r.candidate_id,
    round: r.round,
    reason: r.reason,
    status: r.status as OfferStatus,
    sentAt: new Date(r.sent_at),
    respondedAt: dateOrNull(r.responded_at),
  };
}
