import type { CommunityId, MemberId, RequestId } from "../ids.js";
import type { Skill } from "./skill.js";

export interface QuietHours {
  /** Local hour (0–23) when quiet time starts, e.g. 21. */
  start: number;
  /** Local hour (0–23) when quiet time ends, e.g. 8. Equal to start means no quiet time. */
  end: number;
}

export interface Availability {
  /** Whether the member agreed to be suggested to askers at all. */
  optedIn: boolean;
  /** No suggestions or offers until this moment. */
  pausedUntil: Date | null;
  /** Most intro requests per rolling 7 days. */
  weeklyCap: number;
  quietHours: QuietHours;
}

export const DEFAULT_AVAILABILITY: Availability = {
  optedIn: true,
  pausedUntil: null,
  weeklyCap: 3,
  quietHours: { start: 21, end: 8 },
};

export type EvidenceKind = "helped" | "accepted" | "not_my_area" | "declined";

/** What happened when this member was asked: the signal that feedback feeds back into matching. */
export interface Evidence {
  requestId: RequestId;
  kind: EvidenceKind;
  /** The question text (for lexical evidence and "you helped with 3 Terraform questions"). */
  question: string;
  /** Normalised topic terms of the question. */
  topics: string[];
  at: Date;
}

/** Counters kept on the member so that ranking needs no joins. */
export interface MemberStats {
  offers: number;
  accepted: number;
  declined: number;
  notMyArea: number;
  noReply: number;
  helped: number;
  /** Sum of minutes between offer and reply, over `replies` replies. */
  replyMinutesTotal: number;
  replies: number;
  /** When offers were sent in the last 7 days (for the weekly cap and spreading load). */
  recentOffers: Date[];
}

export const EMPTY_STATS: MemberStats = {
  offers: 0, accepted: 0, declined: 0, notMyArea: 0, noReply: 0, helped: 0, replyMinutesTotal: 0, replies: 0, recentOffers: [],
};

export type ReminderPreference = "on" | "never";

export interface Member {
  id: MemberId;
  communityId: CommunityId;
  displayName: string;
  /** IANA timezone ("Europe/Paris"); from Slack, or set by the member on Discord. Null until known. */
  timezone: string | null;
  /** The member chose `timezone` themselves (`/knowhow timezone`): the platform's zone no longer replaces it. */
  timezoneSetByMember: boolean;
  skills: Skill[];
  about: string;
  availability: Availability;
  /** "never" once the member tapped "Don't remind me": honoured forever. */
  reminders: ReminderPreference;
  stats: MemberStats;
  /** Most recent first, bounded (see MAX_EVIDENCE). */
  evidence: Evidence[];
  /** The platform refused to deliver DMs (Discord 50007): fall back to a mention in the thread. */
  dmClosed: boolean;
  /** The member left the community (skipped by jobs and matching). */
  departed: boolean;
  joinedAt: Date;
  /**
   * Last time the member edited or confirmed their profile themselves (added, removed, replaced, confirmed): a profile
   * emptied on purpose is as fresh as a confirmed one. Null until they do (and for members stored before it existed).
   */
  profileConfirmedAt: Date | null;
  lastActiveAt: Date;
  lastNudgedAt: Date | null;
  /** Inactivity nudges sent in a row with no sign of the member in between (the back-off; see `nudgeDecision`). */
  unansweredNudges: number;
  createdAt: Date;
  updatedAt: Date;
  /** Optimistic-concurrency version, incremented by every store write. */
  version: number;
}

export const MAX_EVIDENCE = 100;

/**
 * The latest moment the member confirmed their profile: their own last edit or confirmation (which may have removed
 * every skill) or a skill's confirmation, whichever is later; joinedAt when there is neither.
 */
export function profileConfirmedAt(m: Member): Date {
  const dates = [...m.skills.map((s) => s.confirmedAt), ...(m.profileConfirmedAt ? [m.profileConfirmedAt] : [])];
  return dates.reduce((acc, d) => (d > acc ? d : acc), dates[0] ?? m.joinedAt);
}
