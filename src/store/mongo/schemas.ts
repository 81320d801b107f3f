import { Schema, type Connection, type Model } from "mongoose";
import { COMMUNITY_LIMITS } from "../../core/domain/community.js";
import { OFFER_STATUSES, REQUEST_STATES } from "../../core/domain/request.js";
import { SKILL_LEVELS, SKILL_SOURCES } from "../../core/domain/skill.js";
import { TOMBSTONE_DAYS } from "../../core/ports/store.port.js";
import { MAX_ONCE_KEY } from "../common.js";
import { LIMITS } from "../../core/text.js";

/**
 * MongoDB documents and their mongoose schemas. Every record's domain id is its `_id` (a string);
 * nested parts are embedded documents without their own `_id`. Schemas validate types, enums, required
 * fields and lengths as a backstop (the core enforces the friendly limits first, at a quarter of these);
 * `strict`/`strictQuery: "throw"` refuse unknown paths in writes and filters.
 */

export const ID_MAX = 200;
const TEXT_MAX = 8000;
const LABEL_MAX = 240;

// ── document shapes ──────────────────────────────────────────────────────────────────────────────
export interface SettingsDoc {
  candidatesPerRound: number;
  maxRounds: number;
  offerWaitMinutes: number;
  followUpHours: number;
  nudgeAfterDays: number;
  nudgeIntervalDays: number;
  onboardingDelayHours: number;
  dailyDmCap: number;
  digestEnabled: boolean;
  digestTo: string[];
  defaultChannelId: string | null;
  /** A record in the domain; pairs here, because member-typed terms ("$where", "a.b") are not safe field names. */
  aliases: { term: string; key: string }[];
  skillKeysVersion: string;
}

export interface CommunityDoc {
  _id: string;
  name: string;
  settings: SettingsDoc;
  adminIds: string[];
  createdAt: Date;
  updatedAt: Date;
  /** The database server's time of the last write (the change feed's position); absent on documents from before it. */
  changedAt?: Date;
}

export interface SkillDoc { label: string; key: string; level: string; source: string; addedAt: Date; confirmedAt: Date }
export interface EvidenceDoc { requestId: string; kind: string; question: string; topics: string[]; at: Date }

export interface MemberDoc {
  _id: string;
  communityId: string;
  displayName: string;
  timezone: string | null;
  /** Absent on documents from before it: read as false. */
  timezoneSetByMember?: boolean;
  skills: SkillDoc[];
  about: string;
  availability: { optedIn: boolean; pausedUntil: Date | null; weeklyCap: number; quietHours: { start: number; end: number } };
  reminders: string;
  stats: {
    offers: number; accepted: number; declined: number; notMyArea: number; noReply: number; helped: number;
    replyMinutesTotal: number; replies: number; recentOffers: Date[];
  };
  evidence: EvidenceDoc[];
  dmClosed: boolean;
  departed: boolean;
  joinedAt: Date;
  /** Absent on documents from before it: read as null. */
  profileConfirmedAt?: Date | null;
  lastActiveAt: Date;
  lastNudgedAt: Date | null;
  /** Absent on documents from before it: read as 0. */
  unansweredNudges?: number;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  /** As CommunityDoc.changedAt. */
  changedAt?: Date;
}

export interface RequestDoc {
  _id: string;
  communityId: string;
  askerId: string;
  question: string;
  topics: string[];
  state: string;
  origin: { surface: string; channelId: string | null; threadId: string | null; isPrivate: boolean };
  candidates: { memberId: string; score: number; reason: string }[];
  offeredTo: string[];
  round: number;
  unmatched: boolean;
  helperId: string | null;
  dueAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  connectedAt: Date | null;
  closedAt: Date | null;
}

export interface OfferDoc {
  _id: string;
  requestId: string;
  communityId: string;
  candidateId: string;
  round: number;
  reason: string;
  status: string;
  sentAt: Date;
  respondedAt: Date | null;
}

export interface OnceKeyDoc {
  _id: string;
  claimedAt: Date;
}

export interface DraftDoc {
  _id: string;
  owner: string;
  /** null once taken. */
  value: string | null;
  expiresAt: Date;
}

/** A deleted member, for the change feed: the id, its community and when (server time). */
export interface TombstoneDoc {
  _id: string;
  communityId: string;
  changedAt: Date;
}

// ── schema building blocks ───────────────────────────────────────────────────────────────────────
const id = { type: String, required: true, minlength: 1, maxlength: ID_MAX } as const;
const nullableId = { type: String, default: null, maxlength: ID_MAX } as const;
/** Strings that may legitimately be empty ("" fails mongoose's `required` for strings). */
const text = (max: number) => ({ type: String, default: "", maxlength: max }) as const;
const date = { type: Date, required: true } as const;
const nullableDate = { type: Date, default: null } as const;
/** Set by the server only ($currentDate), never by a caller: no default, so that an insert's $setOnInsert leaves it alone. */
const changedAt = { type: Date } as const;
const count = { type: Number, required: true, min: 0 } as const;
const int = (min: number, max: number) => ({ type: Number, required: true, min, max, validate: { validator: Number.isInteger, message: "{PATH} must be an integer" } }) as const;
const num = (min: number, max: number) => ({ type: Number, required: true, min, max }) as const;
const maxItems = (n: number) => ({ validator: (xs: unknown[]) => xs.length <= n, message: `{PATH} holds at most ${n} items` });

const sub = { _id: false, strict: "throw", strictQuery: "throw" } as const;
const top = (collection: string) => ({ collection, versionKey: false, id: false, strict: "throw", strictQuery: "throw", autoIndex: false, autoCreate: false, bufferCommands: false }) as const;

const settingsSchema = new Schema<SettingsDoc>({
  candidatesPerRound: num(1, 50),
  maxRounds: num(1, 50),
  offerWaitMinutes: num(0, 60 * 24 * 365),
  followUpHours: num(0, 24 * 365),
  nudgeAfterDays: num(0, 36_500),
  nudgeIntervalDays: num(0, 36_500),
  onboardingDelayHours: num(0, 24 * 365),
  dailyDmCap: num(0, 1_000_000),
  digestEnabled: { type: Boolean, required: true },
  // Documents written before this field existed lack it: read as [] (withDefaultSettings).
  digestTo: { type: [id], default: [], validate: maxItems(4 * COMMUNITY_LIMITS.digestTo) },
  defaultChannelId: nullableId,
  aliases: { type: [new Schema({ term: { ...id, maxlength: LABEL_MAX }, key: { ...id, maxlength: LABEL_MAX } }, sub)], default: [], validate: maxItems(4 * COMMUNITY_LIMITS.aliases) },
  // Documents written before this field existed lack it: read as "" (withDefaultSettings).
  skillKeysVersion: { type: String, default: "", maxlength: 64 },
}, sub);

const skillSchema = new Schema<SkillDoc>({
  label: { ...id, maxlength: LABEL_MAX },
  key: { ...id, maxlength: LABEL_MAX },
  level: { type: String, required: true, enum: SKILL_LEVELS },
  source: { type: String, required: true, enum: SKILL_SOURCES },
  addedAt: date,
  confirmedAt: date,
}, sub);

const evidenceSchema = new Schema<EvidenceDoc>({
  requestId: id,
  kind: { type: String, required: true, enum: ["helped", "accepted", "not_my_area", "declined"] },
  question: text(TEXT_MAX),
  topics: { type: [{ type: String, maxlength: LABEL_MAX }], default: [] },
  at: date,
}, sub);

export const communitySchema = new Schema<CommunityDoc>({
  _id: id,
  name: text(LABEL_MAX),
  settings: { type: settingsSchema, required: true },
  adminIds: { type: [{ type: String, maxlength: ID_MAX }], default: [], validate: maxItems(4 * COMMUNITY_LIMITS.adminIds) },
  createdAt: date,
  updatedAt: date,
  changedAt,
}, top("communities"));
communitySchema.index({ changedAt: 1, _id: 1 });

export const memberSchema = new Schema<MemberDoc>({
  _id: id,
  communityId: id,
  displayName: text(LABEL_MAX),
  timezone: { type: String, default: null, maxlength: 64 },
  timezoneSetByMember: { type: Boolean, default: false },
  skills: { type: [skillSchema], default: [], validate: maxItems(400) },
  about: text(TEXT_MAX),
  availability: {
    type: new Schema({
      optedIn: { type: Boolean, required: true },
      pausedUntil: nullableDate,
      weeklyCap: int(0, 1000),
      quietHours: { type: new Schema({ start: int(0, 23), end: int(0, 23) }, sub), required: true },
    }, sub),
    required: true,
  },
  reminders: { type: String, required: true, enum: ["on", "never"] },
  stats: {
    type: new Schema({
      offers: count, accepted: count, declined: count, notMyArea: count, noReply: count, helped: count,
      replyMinutesTotal: count, replies: count,
      recentOffers: { type: [Date], default: [], validate: maxItems(10_000) },
    }, sub),
    required: true,
  },
  evidence: { type: [evidenceSchema], default: [], validate: maxItems(1000) },
  dmClosed: { type: Boolean, required: true },
  departed: { type: Boolean, required: true },
  joinedAt: date,
  profileConfirmedAt: nullableDate,
  lastActiveAt: date,
  lastNudgedAt: nullableDate,
  unansweredNudges: { ...int(0, 1_000_000), required: false, default: 0 },
  createdAt: date,
  updatedAt: date,
  version: int(1, Number.MAX_SAFE_INTEGER),
  changedAt,
}, top("members"));
memberSchema.index({ communityId: 1, _id: 1 });
memberSchema.index({ changedAt: 1, _id: 1 });

export const requestSchema = new Schema<RequestDoc>({
  _id: id,
  communityId: id,
  askerId: id,
  question: { type: String, required: true, maxlength: TEXT_MAX },
  topics: { type: [{ type: String, maxlength: LABEL_MAX }], default: [], validate: maxItems(200) },
  state: { type: String, required: true, enum: REQUEST_STATES },
  origin: {
    type: new Schema({
      surface: { type: String, required: true, enum: ["command", "mention", "dm", "web", "cli"] },
      channelId: nullableId,
      threadId: nullableId,
      isPrivate: { type: Boolean, required: true },
    }, sub),
    required: true,
  },
  candidates: {
    type: [new Schema({ memberId: id, score: { type: Number, required: true }, reason: text(TEXT_MAX) }, sub)],
    default: [],
    validate: maxItems(200),
  },
  offeredTo: { type: [{ type: String, maxlength: ID_MAX }], default: [], validate: maxItems(200) },
  round: int(0, 1000),
  unmatched: { type: Boolean, required: true },
  helperId: nullableId,
  dueAt: nullableDate,
  createdAt: date,
  updatedAt: date,
  connectedAt: nullableDate,
  closedAt: nullableDate,
}, top("requests"));
requestSchema.index({ communityId: 1, state: 1, dueAt: 1 });
requestSchema.index({ communityId: 1, askerId: 1, createdAt: -1 });
requestSchema.index({ communityId: 1, createdAt: -1 });
requestSchema.index({ askerId: 1 });
requestSchema.index({ helperId: 1 }, { partialFilterExpression: { helperId: { $type: "string" } } });

export const offerSchema = new Schema<OfferDoc>({
  _id: id,
  requestId: id,
  communityId: id,
  candidateId: id,
  round: int(0, 1000),
  reason: text(TEXT_MAX),
  status: { type: String, required: true, enum: OFFER_STATUSES },
  sentAt: date,
  respondedAt: nullableDate,
}, top("offers"));
offerSchema.index({ requestId: 1, sentAt: 1 });
offerSchema.index({ candidateId: 1, sentAt: 1 });
offerSchema.index({ communityId: 1, sentAt: 1 });

/** Once-only keys: the key is the `_id`, so MongoDB's unique `_id` index makes claiming atomic. */
export const onceKeySchema = new Schema<OnceKeyDoc>({
  _id: { ...id, maxlength: MAX_ONCE_KEY },
  claimedAt: date,
}, top("once_keys"));

/** Drafts: button values too long for the platform, taken once; MongoDB's TTL monitor removes them after expiry. */
export const draftSchema = new Schema<DraftDoc>({
  _id: id,
  owner: id,
  value: { type: String, default: null, maxlength: LIMITS.skillLine * 2 },
  expiresAt: date,
}, top("drafts"));
draftSchema.index({ owner: 1 });
draftSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

/** Tombstones expire on their own (MongoDB's TTL monitor) after TOMBSTONE_DAYS. */
export const tombstoneSchema = new Schema<TombstoneDoc>({
  _id: id,
  communityId: id,
  changedAt: date,
}, top("member_tombstones"));
tombstoneSchema.index({ changedAt: 1 }, { expireAfterSeconds: TOMBSTONE_DAYS * 86_400 });

export interface Models {
  communities: Model<CommunityDoc>;
  members: Model<MemberDoc>;
  requests: Model<RequestDoc>;
  offers: Model<OfferDoc>;
  onceKeys: Model<OnceKeyDoc>;
  drafts: Model<DraftDoc>;
  tombstones: Model<TombstoneDoc>;
}

/**
 * Registers the models on one connection (never on the global mongoose singleton) and turns on filter
 * sanitising for it, so a `$`-keyed object that reaches a filter untrusted is wrapped in `$eq`.
 */
export function createModels(conn: Connection): Models {
  conn.set("sanitizeFilter", true);
  return {
    communities: conn.model<CommunityDoc>("Community", communitySchema),
    members: conn.model<MemberDoc>("Member", memberSchema),
    requests: conn.model<RequestDoc>("Request", requestSchema),
    offers: conn.model<OfferDoc>("Offer", offerSchema),
    onceKeys: conn.model<OnceKeyDoc>("OnceKey", onceKeySchema),
    drafts: conn.model<DraftDoc>("Draft", draftSchema),
    tombstones: conn.model<TombstoneDoc>("MemberTombstone", tombstoneSchema),
  };
}
