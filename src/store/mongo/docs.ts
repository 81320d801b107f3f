import type { Community, CommunitySettings } from "../../core/domain/community.js";
import type { EvidenceKind, Member, ReminderPreference } from "../../core/domain/member.js";
import type { HelpRequest, Offer, OfferStatus, RequestState, Surface } from "../../core/domain/request.js";
import type { SkillLevel, SkillSource } from "../../core/domain/skill.js";
import { withDefaultSettings, type RequestPatch } from "../common.js";
import type { CommunityDoc, MemberDoc, OfferDoc, RequestDoc, SettingsDoc } from "./schemas.js";

/**
 * Document ⇄ domain mapping for the MongoDB store. Both directions copy field by field: nothing a caller
 * passes is stored by reference, nothing returned shares state with the driver, and no unexpected field
 * (from either side) slips through.
 */

const d = (x: Date): Date => new Date(x.getTime());
const dn = (x: Date | null | undefined): Date | null => (x ? new Date(x.getTime()) : null);

// ── communities ──────────────────────────────────────────────────────────────────────────────────
export function aliasesToDoc(aliases: Record<string, string>): SettingsDoc["aliases"] {
  return Object.entries(aliases).map(([term, key]) => ({ term, key }));
}

export function settingsToDoc(s: CommunitySettings): SettingsDoc {
  return {
    candidatesPerRound: s.candidatesPerRound,
    maxRounds: s.maxRounds,
    offerWaitMinutes: s.offerWaitMinutes,
    followUpHours: s.followUpHours,
    nudgeAfterDays: s.nudgeAfterDays,
    nudgeIntervalDays: s.nudgeIntervalDays,
    onboardingDelayHours: s.onboardingDelayHours,
    dailyDmCap: s.dailyDmCap,
    digestEnabled: s.digestEnabled,
    digestTo: [...s.digestTo],
    defaultChannelId: s.defaultChannelId,
    aliases: aliasesToDoc(s.aliases),
    skillKeysVersion: s.skillKeysVersion,
  };
}

export function docToCommunity(doc: CommunityDoc): Community {
  const { aliases, ...rest } = doc.settings ?? ({} as Partial<SettingsDoc>);
  return {
    id: doc._id,
    name: doc.name,
    // Object.fromEntries defines own properties, so even a "__proto__" term stays plain data.
    settings: withDefaultSettings({ ...rest, aliases: Object.fromEntries((aliases ?? []).map((a) => [a.term, a.key])) }),
    adminIds: [...(doc.adminIds ?? [])],
    createdAt: d(doc.createdAt),
    updatedAt: d(doc.updatedAt),
  };
}

// ── members ──────────────────────────────────────────────────────────────────────────────────────
export function memberToDoc(m: Member): MemberDoc {
  return {
    _id: m.id,
    communityId: m.communityId,
    displayName: m.displayName,
    timezone: m.timezone,
    timezoneSetByMember: m.timezoneSetByMember,
    skills: m.skills.map((s) => ({ label: s.label, key: s.key, level: s.level, source: s.source, addedAt: d(s.addedAt), confirmedAt: d(s.confirmedAt) })),
    about: m.about,
    availability: {
      optedIn: m.availability.optedIn,
      pausedUntil: dn(m.availability.pausedUntil),
      weeklyCap: m.availability.weeklyCap,
      quietHours: { start: m.availability.quietHours.start, end: m.availability.quietHours.end },
    },
    reminders: m.reminders,
    stats: {
      offers: m.stats.offers,
      accepted: m.stats.accepted,
      declined: m.stats.declined,
      notMyArea: m.stats.notMyArea,
      noReply: m.stats.noReply,
      helped: m.stats.helped,
      replyMinutesTotal: m.stats.replyMinutesTotal,
      replies: m.stats.replies,
      recentOffers: m.stats.recentOffers.map(d),
    },
    evidence: m.evidence.map((e) => ({ requestId: e.requestId, kind: e.kind, question: e.question, topics: [...e.topics], at: d(e.at) })),
    dmClosed: m.dmClosed,
    departed: m.departed,
    joinedAt: d(m.joinedAt),
    profileConfirmedAt: dn(m.profileConfirmedAt),
    lastActiveAt: d(m.lastActiveAt),
    lastNudgedAt: dn(m.lastNudgedAt),
    unansweredNudges: m.unansweredNudges,
    createdAt: d(m.createdAt),
    updatedAt: d(m.updatedAt),
    version: m.version,
  };
}

export function docToMember(doc: MemberDoc): Member {
  const a = doc.availability;
  const s = doc.stats;
  return {
    id: doc._id,
    communityId: doc.communityId,
    displayName: doc.displayName,
    timezone: doc.timezone ?? null,
    timezoneSetByMember: doc.timezoneSetByMember ?? false,
    skills: doc.skills.map((k) => ({ label: k.label, key: k.key, level: k.level as SkillLevel, source: k.source as SkillSource, addedAt: d(k.addedAt), confirmedAt: d(k.confirmedAt) })),
    about: doc.about,
    availability: { optedIn: a.optedIn, pausedUntil: dn(a.pausedUntil), weeklyCap: a.weeklyCap, quietHours: { start: a.quietHours.start, end: a.quietHours.end } },
    reminders: doc.reminders as ReminderPreference,
    stats: {
      offers: s.offers,
      accepted: s.accepted,
      declined: s.declined,
      notMyArea: s.notMyArea,
      noReply: s.noReply,
      helped: s.helped,
      replyMinutesTotal: s.replyMinutesTotal,
      replies: s.replies,
      recentOffers: s.recentOffers.map(d),
    },
    evidence: doc.evidence.map((e) => ({ requestId: e.requestId, kind: e.kind as EvidenceKind, question: e.question, topics: [...e.topics], at: d(e.at) })),
    dmClosed: doc.dmClosed,
    departed: doc.departed,
    joinedAt: d(doc.joinedAt),
    profileConfirmedAt: dn(doc.profileConfirmedAt ?? null),
    lastActiveAt: d(doc.lastActiveAt),
    lastNudgedAt: dn(doc.lastNudgedAt),
    unansweredNudges: doc.unansweredNudges ?? 0,
    createdAt: d(doc.createdAt),
    updatedAt: d(doc.updatedAt),
    version: doc.version,
  };
}

// ── requests ─────────────────────────────────────────────────────────────────────────────────────
/** The stored form of each patchable field (only the fields present in `patch`). */
export function requestPatchToDoc(patch: Partial<RequestPatch>): Partial<RequestDoc> {
  const out: Partial<RequestDoc> = {};
  if (patch.question !== undefined) out.question = patch.question;
  if (patch.topics !== undefined) out.topics = [...patch.topics];
  if (patch.state !== undefined) out.state = patch.state;
  if (patch.origin !== undefined) out.origin = { surface: patch.origin.surface, channelId: patch.origin.channelId, threadId: patch.origin.threadId, isPrivate: patch.origin.isPrivate };
  if (patch.candidates !== undefined) out.candidates = patch.candidates.map((c) => ({ memberId: c.memberId, score: c.score, reason: c.reason }));
  if (patch.offeredTo !== undefined) out.offeredTo = [...patch.offeredTo];
  if (patch.round !== undefined) out.round = patch.round;
  if (patch.unmatched !== undefined) out.unmatched = patch.unmatched;
  if (patch.helperId !== undefined) out.helperId = patch.helperId;
  if (patch.dueAt !== undefined) out.dueAt = dn(patch.dueAt);
  if (patch.updatedAt !== undefined) out.updatedAt = d(patch.updatedAt);
  if (patch.connectedAt !== undefined) out.connectedAt = dn(patch.connectedAt);
  if (patch.closedAt !== undefined) out.closedAt = dn(patch.closedAt);
  return out;
}

export function requestToDoc(r: HelpRequest): RequestDoc {
  return {
    _id: r.id,
    communityId: r.communityId,
    askerId: r.askerId,
    createdAt: d(r.createdAt),
    ...(requestPatchToDoc(r) as Omit<RequestDoc, "_id" | "communityId" | "askerId" | "createdAt">),
  };
}

export function docToRequest(doc: RequestDoc): HelpRequest {
  return {
    id: doc._id,
    communityId: doc.communityId,
    askerId: doc.askerId,
    question: doc.question,
    topics: [...doc.topics],
    state: doc.state as RequestState,
    origin: { surface: doc.origin.surface as Surface, channelId: doc.origin.channelId ?? null, threadId: doc.origin.threadId ?? null, isPrivate: doc.origin.isPrivate },
    candidates: doc.candidates.map((c) => ({ memberId: c.memberId, score: c.score, reason: c.reason })),
    offeredTo: [...doc.offeredTo],
    round: doc.round,
    unmatched: doc.unmatched,
    helperId: doc.helperId ?? null,
    dueAt: dn(doc.dueAt),
    createdAt: d(doc.createdAt),
    updatedAt: d(doc.updatedAt),
    connectedAt: dn(doc.connectedAt),
    closedAt: dn(doc.closedAt),
  };
}

// ── offers ───────────────────────────────────────────────────────────────────────────────────────
export function offerToDoc(o: Offer): OfferDoc {
  return {
    _id: o.id,
    requestId: o.requestId,
    communityId: o.communityId,
    candidateId: o.candidateId,
    round: o.round,
    reason: o.reason,
    status: o.status,
    sentAt: d(o.sentAt),
    respondedAt: dn(o.respondedAt),
  };
}

export function docToOffer(doc: OfferDoc): Offer {
  return {
    id: doc._id,
    requestId: doc.requestId,
    communityId: doc.communityId,
    candidateId: doc.candidateId,
    round: doc.round,
    reason: doc.reason,
    status: doc.status as OfferStatus,
    sentAt: d(doc.sentAt),
    respondedAt: dn(doc.respondedAt),
  };
}
