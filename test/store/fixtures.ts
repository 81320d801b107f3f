import { DEFAULT_AVAILABILITY, EMPTY_STATS, type Member } from "../../src/core/domain/member.js";
import type { HelpRequest, Offer } from "../../src/core/domain/request.js";
import type { NewMember } from "../../src/core/ports/store.port.js";

/** Builders for store contract tests: valid records with everything overridable. */

export const T0 = new Date("2026-01-05T10:00:00.000Z");
export const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

export const C1 = "slack:T001";
export const C2 = "discord:81234";

export function newMember(id: string, over: Partial<NewMember> = {}): NewMember {
  const community = id.split(":").slice(0, 2).join(":");
  return {
    id,
    communityId: community,
    displayName: `Member ${id.split(":")[2] ?? id}`,
    timezone: "Europe/Paris",
    timezoneSetByMember: true,
    skills: [
      { label: "Etsy SEO", key: "etsy seo", level: "expert", source: "declared", addedAt: at(-600), confirmedAt: at(-300) },
      { label: "copywriting", key: "copywriting", level: "can_help", source: "evidence", addedAt: at(-500), confirmedAt: at(-500) },
    ],
    about: "I run a small shop.",
    availability: { ...DEFAULT_AVAILABILITY, pausedUntil: at(60), quietHours: { start: 22, end: 7 } },
    reminders: "on",
    stats: { ...EMPTY_STATS, offers: 3, accepted: 1, replies: 1, replyMinutesTotal: 42, recentOffers: [at(-120), at(-60)] },
    evidence: [{ requestId: "r-old", kind: "helped", question: "2026-01-01T00:00:00.000Z", topics: ["seo"], at: at(-90) }],
    dmClosed: false,
    departed: false,
    joinedAt: at(-1000),
    profileConfirmedAt: at(-200),
    lastActiveAt: at(-10),
    lastNudgedAt: null,
    unansweredNudges: 2,
    ...over,
  };
}

export function request(id: string, over: Partial<HelpRequest> = {}): HelpRequest {
  return {
    id,
    communityId: C1,
    askerId: `${C1}:UASK`,
    question: "Who can help me write a magazine query letter?",
    topics: ["magazine", "query letter"],
    state: "open",
    origin: { surface: "command", channelId: "C42", threadId: null, isPrivate: false },
    candidates: [
      { memberId: `${C1}:UA`, score: 0.9, reason: "declared writing (expert)" },
      { memberId: `${C1}:UB`, score: 0.7, reason: "helped 2 similar questions" },
    ],
    offeredTo: [],
    round: 0,
    unmatched: false,
    helperId: null,
    dueAt: null,
    createdAt: T0,
    updatedAt: T0,
    connectedAt: null,
    closedAt: null,
    ...over,
  };
}

export function offer(id: string, requestId: string, candidateId: string, over: Partial<Offer> = {}): Offer {
  return {
    id,
    requestId,
    communityId: C1,
    candidateId,
    round: 1,
    reason: "declared writing (expert)",
    status: "pending",
    sentAt: T0,
    respondedAt: null,
    ...over,
  };
}

/** The member as the store should return it after an insert at `now`. */
export function stored(m: NewMember, now: Date, version = 1): Member {
  return { ...m, version, createdAt: now, updatedAt: now };
}
