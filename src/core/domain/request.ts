import { InvalidTransitionError } from "../errors.js";
import type { CommunityId, MemberId, OfferId, RequestId } from "../ids.js";

/**
 * A help request's life:
 *
 *   open ──► offered ──► connected ──► resolved
 *     │        │  ▲ (widening)   └────► unresolved
 *     │        └──┘
 *     └────────┴──► expired   (nobody fit, nobody accepted, or the asker posted to a channel instead)
 */
export const REQUEST_STATES = ["open", "offered", "connected", "resolved", "unresolved", "expired"] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const REQUEST_TRANSITIONS: Record<RequestState, readonly RequestState[]> = {
  open: ["offered", "expired"],
  // offered → open: a first round that reached nobody (the platform failed) is given back.
  offered: ["offered", "open", "connected", "expired"],
  connected: ["resolved", "unresolved"],
  resolved: [],
  unresolved: [],
  expired: [],
};

export function canTransition(from: RequestState, to: RequestState): boolean {
  return REQUEST_TRANSITIONS[from].includes(to);
}

export function assertTransition(from: RequestState, to: RequestState): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError("request", from, to);
}

/** States from which `to` may be reached (used for atomic compare-and-set in stores). */
export function statesLeadingTo(to: RequestState): RequestState[] {
  return REQUEST_STATES.filter((s) => canTransition(s, to));
}

export type Surface = "command" | "mention" | "dm" | "web" | "cli";

export interface RequestOrigin {
  surface: Surface;
  /** Platform channel the question came from (thread replies and channel posts go there). */
  channelId: string | null;
  /** Thread (Slack thread_ts, Discord thread/message id) to answer in. */
  threadId: string | null;
  /** A private channel: nothing about it may be posted anywhere else. */
  isPrivate: boolean;
}

export interface RankedCandidate {
  memberId: MemberId;
  score: number;
  reason: string;
}

export interface HelpRequest {
  id: RequestId;
  communityId: CommunityId;
  askerId: MemberId;
  question: string;
  /** Normalised topic terms of the question (reports, evidence). */
  topics: string[];
  state: RequestState;
  origin: RequestOrigin;
  /** Ranked suggestions at ask time, best first (snapshot, so widening follows the same order). */
  candidates: RankedCandidate[];
  /** Candidates already asked, in order. */
  offeredTo: MemberId[];
  round: number;
  /** True when nobody fitted well enough at ask time (not when those who fit were only paused or at their cap). */
  unmatched: boolean;
  helperId: MemberId | null;
  /** Next time a job should look at this request (widening, follow-up); null when nothing is due. */
  dueAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  connectedAt: Date | null;
  closedAt: Date | null;
}

export const OFFER_STATUSES = ["pending", "accepted", "declined", "not_my_area", "no_reply", "covered"] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/**
 * An offer's life: a pending offer gets an answer, times out (`no_reply`, which a late answer may still
 * change) or is `covered` by someone else's accept; an accept that lost the race becomes `covered`.
 */
export const OFFER_TRANSITIONS: Record<OfferStatus, readonly OfferStatus[]> = {
  pending: ["accepted", "declined", "not_my_area", "no_reply", "covered"],
  no_reply: ["accepted", "declined", "not_my_area", "covered"],
  accepted: ["covered"],
  declined: [],
  not_my_area: [],
  covered: [],
};

export function assertOfferTransition(from: OfferStatus, to: OfferStatus): void {
  if (!OFFER_TRANSITIONS[from].includes(to)) throw new InvalidTransitionError("intro request", from, to);
}

export interface Offer {
  id: OfferId;
  requestId: RequestId;
  communityId: CommunityId;
  candidateId: MemberId;
  round: number;
  reason: string;
  status: OfferStatus;
  sentAt: Date;
  respondedAt: Date | null;
}

/**
 * The question as it may be shown to people other than the asker and the members they chose to ask
 * (admins' reports and dashboards): questions from private channels and DMs are never quoted.
 */
export function shareableQuestion(req: Pick<HelpRequest, "question" | "origin">): string {
  return req.origin.isPrivate ? "(asked privately)" : req.question;
}
