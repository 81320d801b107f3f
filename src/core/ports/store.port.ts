import type { Community, CommunitySettings } from "../domain/community.js";
import type { Member } from "../domain/member.js";
import type { HelpRequest, Offer, OfferStatus, RequestState } from "../domain/request.js";
import type { CommunityId, MemberId, OfferId, RequestId } from "../ids.js";

/** New member: everything but the fields the store owns. */
export type NewMember = Omit<Member, "version" | "createdAt" | "updatedAt">;

/**
 * What changed in the store since a cursor (`changesSince`), whichever process wrote it. Members come as they are
 * now; a member deleted and created again comes as a member, not as removed.
 */
export interface StoreChanges {
  /** Members inserted or replaced since the cursor, as stored now. */
  members: Member[];
  /** Members deleted since the cursor that do not exist now. */
  removed: { id: MemberId; communityId: CommunityId }[];
  /** Communities whose settings changed (or that were created) since the cursor, as stored now. May hold others. */
  communities: Community[];
  /** Where to continue from: pass it to the next call. */
  cursor: string;
  /** The page was full: more changes are waiting, call again with `cursor` now. */
  more: boolean;
}

/** How long the change feed remembers a deleted member. */
export const TOMBSTONE_DAYS = 30;

export interface MemberPage {
  members: Member[];
  /** Pass to the next call to continue; null when there is nothing more. */
  next: string | null;
}

/** Requests come newest first, or longest overdue first when `dueBefore` is set (scheduled work, oldest first). */
export interface RequestFilter {
  communityId: CommunityId;
  askerId?: MemberId;
  helperId?: MemberId;
  states?: RequestState[];
  /** Only requests created at or after this instant. */
  since?: Date;
  /** Only requests whose dueAt is at or before this instant; they then come longest overdue first. */
  dueBefore?: Date;
  limit?: number;
}

/** What `readDraft` found: the value, a draft already used (a second press), or nothing. */
export type DraftRead = { kind: "value"; value: string } | { kind: "used" } | { kind: "missing" };

export interface OfferFilter {
  requestId?: RequestId;
  candidateId?: MemberId;
  communityId?: CommunityId;
  statuses?: OfferStatus[];
  /** Only offers sent at or after this instant. */
  since?: Date;
}

/**
 * Persistence for the whole product. Every record carries its community id; nothing crosses communities.
 * Implementations: `src/store/sqlite` (embedded default) and `src/store/mongo` (production); both pass
 * `test/store/contract.ts`. Dates go in and come out as `Date`. Returned objects are copies: mutating them
 * changes nothing until written back.
 */
export interface Store {
  // ── communities ────────────────────────────────────────────────────────────────────────────────
  /** The community, or null if it was never seen. */
  getCommunity(id: CommunityId): Promise<Community | null>;
  /** Creates the community with default settings if absent; otherwise updates its name. Returns it. */
  upsertCommunity(id: CommunityId, name: string, now: Date): Promise<Community>;
  /** Shallow-merges `patch` into the settings and replaces `adminIds` if given. Null if the community is absent. */
  updateCommunity(id: CommunityId, patch: { settings?: Partial<CommunitySettings>; adminIds?: MemberId[] }, now: Date): Promise<Community | null>;
  /** Every community id (few; used by jobs). */
  listCommunityIds(): Promise<CommunityId[]>;

  // ── members ────────────────────────────────────────────────────────────────────────────────────
  /** The member, or null. */
  getMember(id: MemberId): Promise<Member | null>;
  /** Several members by id; absent ids are simply missing from the result. */
  getMembers(ids: MemberId[]): Promise<Member[]>;
  /** Inserts a member with version 1. Returns false (and writes nothing) if the id already exists. */
  insertMember(member: NewMember, now: Date): Promise<boolean>;
  /**
   * Replaces the member if its stored version still equals `member.version` (optimistic concurrency),
   * bumping the version and updatedAt. Returns the stored member, or null on a version conflict or absence.
   */
  replaceMember(member: Member, now: Date): Promise<Member | null>;
  /** Members of a community ordered by id, `limit` at a time (streams large communities). */
  listMembers(communityId: CommunityId, opts: { after?: string | null; limit: number }): Promise<MemberPage>;
  /** How many members the community has; with `departed`, only those departed (true) or not (false). */
  countMembers(communityId: CommunityId, opts?: { departed?: boolean }): Promise<number>;
  /**
   * Deletes the member and everything that names them: their offers, requests they asked, and their id
   * as helper or candidate in other requests (replaced by nothing). Returns false if they did not exist.
   */
  deleteMember(id: MemberId): Promise<boolean>;

  // ── change feed ────────────────────────────────────────────────────────────────────────────────
  /**
   * Changes to members and communities made since `cursor` by any process: the running service polls it to keep its
   * match indexes current. Positions are the store's own (a revision counter, or the database server's clock), never
   * a caller's `now`. `null` starts at the present: no changes, only a cursor. Following the cursors, a change is
   * returned once; records come as stored now, so applying one again (a retry with an older cursor) is harmless.
   * About `limit` members (default 500) per call, oldest changes first; `more` says to call again at once.
   * Deletions are remembered for TOMBSTONE_DAYS: a cursor older than that may miss some.
   */
  changesSince(cursor: string | null, opts?: { limit?: number }): Promise<StoreChanges>;

  // ── help requests ──────────────────────────────────────────────────────────────────────────────
  /** Inserts a new request; throws if the id exists. */
  insertRequest(request: HelpRequest): Promise<void>;
  getRequest(id: RequestId): Promise<HelpRequest | null>;
  /**
   * Atomic compare-and-set: applies `patch` (which may include `state`) only if the request's state is
   * one of `fromStates` and, when `expect.round` is given, its round is that one. Returns the updated request, or
   * null if the state or round did not match or it is absent. Two concurrent calls that change the state, or that
   * expect the same round and change it, never both succeed.
   */
  updateRequest(id: RequestId, fromStates: RequestState[], patch: Partial<Omit<HelpRequest, "id" | "communityId" | "askerId" | "createdAt">>, expect?: { round: number }): Promise<HelpRequest | null>;
  /** Requests matching the filter, newest first. */
  listRequests(filter: RequestFilter): Promise<HelpRequest[]>;

  // ── offers ─────────────────────────────────────────────────────────────────────────────────────
  /** Inserts offers (all or none). */
  insertOffers(offers: Offer[]): Promise<void>;
  getOffer(id: OfferId): Promise<Offer | null>;
  /** Deletes an offer that never reached its candidate (the platform failed to deliver it). False if absent. */
  deleteOffer(id: OfferId): Promise<boolean>;
  /**
   * Atomic compare-and-set on an offer's status: only if it is one of `fromStatuses`.
   * Returns the updated offer, or null if the status did not match or it is absent.
   */
  updateOfferStatus(id: OfferId, fromStatuses: OfferStatus[], to: OfferStatus, respondedAt: Date | null): Promise<Offer | null>;
  /** Offers matching the filter, oldest first. */
  listOffers(filter: OfferFilter): Promise<Offer[]>;

  // ── once-only keys (idempotency) ──────────────────────────────────────────────────────────────
  /**
   * Atomically records `key`. Returns true the first time it is claimed, false if it was already claimed
   * (by this or any other process). Used to send a DM once per (member, job, period) and to drop
   * redelivered platform events.
   */
  claimOnce(key: string, at: Date): Promise<boolean>;
  /** Forgets a claimed key (the work it guarded failed and may be retried). No-op if absent. */
  releaseOnce(key: string): Promise<void>;
  /** Whether the key was claimed. */
  hasClaimed(key: string): Promise<boolean>;

  // ── drafts (button values too long for the platform) ───────────────────────────────────────────
  /**
   * Keeps `value` for `owner` under `id` until `expiresAt` (a skill list typed in a DM, waiting for "Add these skills");
   * drafts expired at `now` may be deleted meanwhile.
   */
  putDraft(draft: { id: string; owner: MemberId; value: string; expiresAt: Date }, now: Date): Promise<void>;
  /**
   * The draft's value: "used" once `useDraft` marked it (until it expires), "missing" when it is absent, expired or
   * someone else's. Deleting a member deletes their drafts.
   */
  readDraft(id: string, owner: MemberId, now: Date): Promise<DraftRead>;
  /** Marks a draft used (what it held was done); no-op if absent. */
  useDraft(id: string): Promise<void>;
  /** Forgets the keys starting with `prefix` claimed before `before` (no retry can need them any more); returns how many. */
  forgetOnceBefore(prefix: string, before: Date): Promise<number>;

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────────────
  /** Cheap round trip proving the store is reachable (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
