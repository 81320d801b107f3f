import mongoose, { type Connection, type Model } from "mongoose";
import type { Community, CommunitySettings } from "../../core/domain/community.js";
import { DEFAULT_COMMUNITY_SETTINGS } from "../../core/domain/community.js";
import type { Member } from "../../core/domain/member.js";
import type { HelpRequest, Offer, OfferStatus, RequestState } from "../../core/domain/request.js";
import { parseMemberId, type CommunityId, type MemberId, type OfferId, type RequestId } from "../../core/ids.js";
import type { Logger } from "../../core/ports/logger.port.js";
import type { DraftRead, MemberPage, NewMember, OfferFilter, RequestFilter, Store, StoreChanges } from "../../core/ports/store.port.js";
import { CHANGES_PAGE, checkOfferTransition, checkTransition, onceKey, pageLimit, requestPatchEntries, toMs, toMsOrNull, unique, type RequestPatch } from "../common.js";
import { StoreError } from "../errors.js";
import { aliasesToDoc, docToCommunity, docToMember, docToOffer, docToRequest, memberToDoc, offerToDoc, requestPatchToDoc, requestToDoc, settingsToDoc } from "./docs.js";
import { afterId, asDate, asId, asIds, changedAfter, FEED_SORT, inList, notEqual, offerQuery, readFeedCursor, redactUri, requestQuery, writeFeedCursor, type FeedPosition } from "./filters.js";
import { isDuplicateKey, translateMongoError } from "./mongo-errors.js";
import { createModels, type CommunityDoc, type DraftDoc, type MemberDoc, type Models, type OfferDoc, type OnceKeyDoc, type RequestDoc } from "./schemas.js";

export interface MongoStoreOptions {
  /** Database name; defaults to the one in the URI (tests pass a fresh one per run). */
  dbName?: string;
  /** How long to look for a server before an operation fails (ms). */
  serverSelectionTimeoutMS?: number;
  /**
   * How old a change must be before the change feed returns it (ms; default CHANGE_SETTLE_MS): time for a write
   * stamped by the server to become visible. Tests against a single local server pass 0.
   */
  changeSettleMs?: number;
}

/** See MongoStoreOptions.changeSettleMs. */
export const CHANGE_SETTLE_MS = 2000;

/**
 * The production store on mongoose 9, on its own connection (never the global mongoose singleton).
 * bufferCommands is off, so with the database down calls fail fast with `store_unavailable` instead of
 * queueing. Compare-and-set writes are single `findOneAndUpdate` calls whose filter carries the expected
 * state/status/version, so two concurrent writers can never both win. Multi-document writes do not need
 * a replica set: insertOffers compensates on failure, deleteMember is ordered so that a retry finishes it.
 */
export class MongoStore implements Store {
  private closed = false;

  private constructor(
    private readonly conn: Connection,
    private readonly m: Models,
    private readonly logger: Logger,
    private readonly settleMs: number,
  ) {}

  /** Connects, registers the models and creates their indexes. Throws `store_unavailable` with the (redacted) URI. */
  static async open(uri: string, logger: Logger, opts: MongoStoreOptions = {}): Promise<MongoStore> {
    const log = logger.child({ component: "store", store: "mongo" });
    const conn = mongoose.createConnection(uri, {
      bufferCommands: false,
      autoIndex: false,
      autoCreate: false,
      sanitizeFilter: true,
      serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS ?? 5000,
      ...(opts.dbName ? { dbName: opts.dbName } : {}),
    });
    // Connection-level errors after open are logged here; each failing call also rejects on its own.
    conn.on("error", (err: Error) => log.error({ err: { name: err.name, message: err.message } }, "mongodb connection error"));
    try {
      await conn.asPromise();
    } catch (e) {
      await conn.close(true).catch(() => undefined);
      throw new StoreError("store_unavailable", `Cannot connect to MongoDB at ${redactUri(uri)}: ${(e as Error).message}. Check MONGODB_URI and that the server is running.`, { cause: e });
    }
    const models = createModels(conn);
    try {
      await Promise.all(Object.values(models).map((model) => model.createIndexes()));
    } catch (e) {
      await conn.close(true).catch(() => undefined);
      throw translateMongoError(e, "Creating MongoDB indexes");
    }
    log.info({ uri: redactUri(uri), db: conn.name }, "mongo store open");
    return new MongoStore(conn, models, log, Math.max(0, opts.changeSettleMs ?? CHANGE_SETTLE_MS));
  }

  // ── communities ────────────────────────────────────────────────────────────────────────────────
  async getCommunity(id: CommunityId): Promise<Community | null> {
    return this.run("getCommunity", async () => {
      const doc = await this.m.communities.findOne({ _id: asId(id) }).lean<CommunityDoc>();
      return doc ? docToCommunity(doc) : null;
    });
  }

  async upsertCommunity(id: CommunityId, name: string, now: Date): Promise<Community> {
    return this.run("upsertCommunity", async () => {
      const _id = asId(id);
      const fresh: CommunityDoc = { _id, name, settings: settingsToDoc({ ...DEFAULT_COMMUNITY_SETTINGS, aliases: {} }), adminIds: [], createdAt: now, updatedAt: now };
      const exists = await this.m.communities.exists({ _id });
      if (!exists) {
        try {
          await this.m.communities.create(fresh);
        } catch (e) {
          if (!isDuplicateKey(e)) throw e; // created concurrently: fall through to the rename
        }
      }
      await this.m.communities.updateOne({ _id, name: notEqual(name, "name") }, { $set: { name, updatedAt: now }, $currentDate: { changedAt: true } }, { runValidators: true });
      const doc = await this.m.communities.findOne({ _id }).lean<CommunityDoc>();
      if (!doc) throw new StoreError("store_unavailable", `upsertCommunity: ${_id} vanished while being written`);
      return docToCommunity(doc);
    });
  }

  async updateCommunity(id: CommunityId, patch: { settings?: Partial<CommunitySettings>; adminIds?: MemberId[] }, now: Date): Promise<Community | null> {
    return this.run("updateCommunity", async () => {
      // One $set per known setting: a shallow merge done atomically by the server.
      const set: Record<string, unknown> = { updatedAt: asDate(now) };
      for (const key of Object.keys(DEFAULT_COMMUNITY_SETTINGS) as (keyof CommunitySettings)[]) {
        const value = patch.settings?.[key];
        if (value === undefined) continue;
        set[`settings.${key}`] = key === "aliases" ? aliasesToDoc(value as CommunitySettings["aliases"]) : value;
      }
      if (patch.adminIds) set.adminIds = unique(patch.adminIds.map((a) => asId(a, "adminId")));
      const doc = await this.m.communities
        .findOneAndUpdate({ _id: asId(id) }, { $set: set, $currentDate: { changedAt: true } }, { returnDocument: "after", runValidators: true })
        .lean<CommunityDoc>();
      return doc ? docToCommunity(doc) : null;
    });
  }

  async listCommunityIds(): Promise<CommunityId[]> {
    return this.run("listCommunityIds", async () => {
      const docs = await this.m.communities.find({}, { _id: 1 }).sort({ _id: 1 }).lean<Pick<CommunityDoc, "_id">[]>();
      return docs.map((doc) => doc._id);
    });
  }

  // ── members ────────────────────────────────────────────────────────────────────────────────────
  async getMember(id: MemberId): Promise<Member | null> {
    return this.run("getMember", async () => {
      const doc = await this.m.members.findOne({ _id: asId(id) }).lean<MemberDoc>();
      return doc ? docToMember(doc) : null;
    });
  }

  async getMembers(ids: MemberId[]): Promise<Member[]> {
    return this.run("getMembers", async () => {
      if (ids.length === 0) return [];
      const wanted = unique(ids);
      const docs = await this.m.members.find({ _id: inList(wanted, "member id") }).lean<MemberDoc[]>();
      const byId = new Map(docs.map((doc) => [doc._id, doc]));
      return wanted.flatMap((id) => {
        const doc = byId.get(id);
        return doc ? [docToMember(doc)] : [];
      });
    });
  }

  async insertMember(member: NewMember, now: Date): Promise<boolean> {
    return this.run("insertMember", async () => {
      asId(member.id, "member id");
      const { _id, ...fields } = memberToDoc({ ...member, version: 1, createdAt: now, updatedAt: now });
      // An upsert rather than create(), so that the server stamps changedAt in the same write; the document is
      // validated whole first, as create() would. An existing member is left as it is (only re-stamped).
      await new this.m.members({ _id, ...fields }).validate();
      try {
        const res = await this.m.members.updateOne({ _id }, { $setOnInsert: fields, $currentDate: { changedAt: true } }, { upsert: true });
        return res.upsertedCount === 1;
      } catch (e) {
        if (isDuplicateKey(e)) return false;
        throw e;
      }
    });
  }

  async replaceMember(member: Member, now: Date): Promise<Member | null> {
    return this.run("replaceMember", async () => {
      if (!Number.isInteger(member.version)) throw new StoreError("store_invalid_data", "replaceMember: version must be an integer");
      // Identity, community and creation time never change; the version in the filter is the guard.
      const { _id, communityId: _c, createdAt: _t, version, ...fields } = memberToDoc({ ...member, updatedAt: now });
      const doc = await this.m.members
        .findOneAndUpdate({ _id: asId(_id), version }, { $set: fields, $inc: { version: 1 }, $currentDate: { changedAt: true } }, { returnDocument: "after", runValidators: true })
        .lean<MemberDoc>();
      return doc ? docToMember(doc) : null;
    });
  }

  async listMembers(communityId: CommunityId, opts: { after?: string | null; limit: number }): Promise<MemberPage> {
    return this.run("listMembers", async () => {
      const limit = pageLimit(opts.limit);
      const filter: Record<string, unknown> = { communityId: asId(communityId, "communityId") };
      if (opts.after != null) filter._id = afterId(opts.after);
      const docs = await this.m.members.find(filter).sort({ _id: 1 }).limit(limit + 1).lean<MemberDoc[]>();
      const page = docs.slice(0, limit);
      const last = page[page.length - 1];
      return { members: page.map(docToMember), next: docs.length > limit && last ? last._id : null };
    });
  }

  async countMembers(communityId: CommunityId, opts: { departed?: boolean } = {}): Promise<number> {
    return this.run("countMembers", () => {
      const filter: Record<string, unknown> = { communityId: asId(communityId, "communityId") };
      if (opts.departed !== undefined) filter.departed = opts.departed === true;
      return this.m.members.countDocuments(filter);
    });
  }

  async deleteMember(id: MemberId): Promise<boolean> {
    return this.run("deleteMember", async () => {
      const _id = asId(id);
      const member = await this.m.members.findOne({ _id }, { communityId: 1 }).lean<Pick<MemberDoc, "_id" | "communityId">>();
      const communityId = member?.communityId ?? parseMemberId(_id)?.communityId;
      // Ordered so that an interrupted run leaves the member in place and a retry completes the cascade. The
      // tombstone is written first (a deletion cut short still reaches the feed, which skips members that exist)
      // and stamped again at the end, so that a feed read while the member still existed sees it once it is gone.
      if (communityId) await this.tombstone(_id, communityId);
      await this.m.offers.deleteMany({ candidateId: _id });
      await this.m.drafts.deleteMany({ owner: _id });
      const asked = (await this.m.requests.find({ askerId: _id }, { _id: 1 }).lean<Pick<RequestDoc, "_id">[]>()).map((r) => r._id);
      if (asked.length > 0) {
        await this.m.offers.deleteMany({ requestId: inList(asked, "request id") });
        await this.m.requests.deleteMany({ _id: inList(asked, "request id") });
      }
      await this.m.requests.updateMany({ helperId: _id }, { $set: { helperId: null } });
      if (communityId) {
        await this.m.requests.updateMany({ communityId, "candidates.memberId": _id }, { $pull: { candidates: { memberId: _id } } });
        await this.m.requests.updateMany({ communityId, offeredTo: _id }, { $pull: { offeredTo: _id } });
      }
      const res = await this.m.members.deleteOne({ _id });
      if (communityId) await this.tombstone(_id, communityId);
      return res.deletedCount === 1;
    });
  }

  private async tombstone(_id: string, communityId: string): Promise<void> {
    await this.m.tombstones.updateOne({ _id }, { $set: { communityId: asId(communityId, "communityId") }, $currentDate: { changedAt: true } }, { upsert: true, runValidators: true });
  }

  // ── change feed ────────────────────────────────────────────────────────────────────────────────
  async changesSince(cursor: string | null, opts: { limit?: number } = {}): Promise<StoreChanges> {
    const limit = pageLimit(opts.limit ?? CHANGES_PAGE);
    const from = cursor === null ? null : readFeedCursor(cursor);
    return this.run("changesSince", async () => {
      if (from === null) {
        // Every change stamped from the server's present less the settling time on: those still settling (which
        // the caller's reads may not have seen) are returned next time.
        const start: FeedPosition = [(await this.serverTime()) - this.settleMs, ""];
        return { members: [], removed: [], communities: [], cursor: writeFeedCursor({ m: start, d: start, c: start }), more: false };
      }
      const read = <T extends { _id: string; changedAt?: Date }>(model: Model<T>, pos: FeedPosition) =>
        model.find(changedAfter(pos, this.settleMs)).sort(FEED_SORT).limit(limit + 1).lean<T[]>().then((docs) => feedPage(docs, pos, limit));
      // Three indexed range reads, at once: when nothing changed, each finds nothing.
      const [members, deleted, communities] = await Promise.all([
        read(this.m.members, from.m),
        read(this.m.tombstones, from.d),
        read(this.m.communities, from.c),
      ]);
      // A tombstone of a member who exists (created again, or a deletion cut short) is no removal.
      const deadIds = deleted.docs.map((t) => t._id);
      const alive = deadIds.length === 0
        ? new Set<string>()
        : new Set((await this.m.members.find({ _id: inList(deadIds, "member id") }, { _id: 1 }).lean<Pick<MemberDoc, "_id">[]>()).map((x) => x._id));
      return {
        members: members.docs.map(docToMember),
        removed: deleted.docs.filter((t) => !alive.has(t._id)).map((t) => ({ id: t._id, communityId: t.communityId })),
        communities: communities.docs.map(docToCommunity),
        cursor: writeFeedCursor({ m: members.next, d: deleted.next, c: communities.next }),
        more: members.more || deleted.more || communities.more,
      };
    });
  }

  /** The database server's clock (ms), which stamps every change. */
  private async serverTime(): Promise<number> {
    const db = this.conn.db;
    if (!db) throw new StoreError("store_unavailable", "changesSince: not connected to MongoDB");
    const hello = await db.admin().command({ hello: 1 });
    const t: unknown = hello.localTime;
    if (!(t instanceof Date)) throw new StoreError("store_unavailable", "changesSince: the server did not report its time");
    return t.getTime();
  }

  // ── help requests ──────────────────────────────────────────────────────────────────────────────
  async insertRequest(request: HelpRequest): Promise<void> {
    await this.run("insertRequest", async () => {
      asId(request.id, "request id");
      await this.m.requests.create(requestToDoc(request));
    });
  }

  async getRequest(id: RequestId): Promise<HelpRequest | null> {
    return this.run("getRequest", async () => {
      const doc = await this.m.requests.findOne({ _id: asId(id) }).lean<RequestDoc>();
      return doc ? docToRequest(doc) : null;
    });
  }

  async updateRequest(id: RequestId, fromStates: RequestState[], patch: RequestPatch, expect?: { round: number }): Promise<HelpRequest | null> {
    checkTransition(fromStates, patch);
    return this.run("updateRequest", async () => {
      const filter = { _id: asId(id), state: inList(fromStates, "state"), ...(expect ? { round: Math.trunc(expect.round) } : {}) };
      const set = requestPatchToDoc(requestPatchEntries(patch));
      const query = Object.keys(set).length === 0
        ? this.m.requests.findOne(filter)
        : this.m.requests.findOneAndUpdate(filter, { $set: set }, { returnDocument: "after", runValidators: true });
      const doc = await query.lean<RequestDoc>();
      return doc ? docToRequest(doc) : null;
    });
  }

  async listRequests(filter: RequestFilter): Promise<HelpRequest[]> {
    return this.run("listRequests", async () => {
      const q = requestQuery(filter);
      if (q.limit === 0) return [];
      let find = this.m.requests.find(q.filter).sort(q.sort);
      if (q.limit !== undefined) find = find.limit(q.limit);
      return (await find.lean<RequestDoc[]>()).map(docToRequest);
    });
  }

  // ── offers ─────────────────────────────────────────────────────────────────────────────────────
  async insertOffers(offers: Offer[]): Promise<void> {
    await this.run("insertOffers", async () => {
      if (offers.length === 0) return;
      const docs = offers.map(offerToDoc);
      const ids = asIds(docs.map((doc) => doc._id), "offer id");
      // All or none, without needing a replica set: validate everything, refuse known duplicates, then
      // insert in order and remove what this call inserted if the server stops part-way.
      for (const doc of docs) await new this.m.offers(doc).validate();
      if (new Set(ids).size !== ids.length) throw new StoreError("store_duplicate", "insertOffers: the same offer id appears twice");
      if (await this.m.offers.exists({ _id: inList(ids, "offer id") })) throw new StoreError("store_duplicate", "insertOffers: an offer with this id already exists");
      // Like SQLite's foreign key: an offer always belongs to an existing request.
      const requestIds = unique(docs.map((doc) => doc.requestId));
      if ((await this.m.requests.countDocuments({ _id: inList(requestIds, "request id") })) !== requestIds.length) {
        throw new StoreError("store_invalid_data", "insertOffers: an offer names a request that does not exist");
      }
      try {
        await this.m.offers.insertMany(docs, { ordered: true });
      } catch (e) {
        const inserted = (e as { insertedDocs?: { _id?: unknown }[] }).insertedDocs;
        // Without a write-error report we cannot tell how far it got: none of the ids existed before, so remove them all.
        const undo = Array.isArray(inserted) && (e as { writeErrors?: unknown }).writeErrors ? inserted.map((x) => String(x._id)) : ids;
        if (undo.length > 0) {
          await this.m.offers.deleteMany({ _id: inList(undo, "offer id") }).catch((cleanupErr: unknown) => {
            this.logger.error({ err: String(cleanupErr), offerIds: undo }, "insertOffers: could not remove a partial batch");
          });
        }
        throw e;
      }
    });
  }

  async deleteOffer(id: OfferId): Promise<boolean> {
    return this.run("deleteOffer", async () => (await this.m.offers.deleteOne({ _id: asId(id) })).deletedCount === 1);
  }

  async getOffer(id: OfferId): Promise<Offer | null> {
    return this.run("getOffer", async () => {
      const doc = await this.m.offers.findOne({ _id: asId(id) }).lean<OfferDoc>();
      return doc ? docToOffer(doc) : null;
    });
  }

  async updateOfferStatus(id: OfferId, fromStatuses: OfferStatus[], to: OfferStatus, respondedAt: Date | null): Promise<Offer | null> {
    checkOfferTransition(fromStatuses, to);
    return this.run("updateOfferStatus", async () => {
      toMsOrNull(respondedAt);
      const doc = await this.m.offers
        .findOneAndUpdate(
          { _id: asId(id), status: inList(fromStatuses, "status") },
          { $set: { status: to, respondedAt } },
          { returnDocument: "after", runValidators: true },
        )
        .lean<OfferDoc>();
      return doc ? docToOffer(doc) : null;
    });
  }

  async listOffers(filter: OfferFilter): Promise<Offer[]> {
    return this.run("listOffers", async () => {
      const q = offerQuery(filter);
      return (await this.m.offers.find(q.filter).sort(q.sort).lean<OfferDoc[]>()).map(docToOffer);
    });
  }

  // ── once-only keys ─────────────────────────────────────────────────────────────────────────────
  /** (Expired drafts are removed by MongoDB's TTL monitor, not here.) */
  async putDraft(d: { id: string; owner: MemberId; value: string; expiresAt: Date }, _now: Date): Promise<void> {
    await this.run("putDraft", async () => {
      await this.m.drafts.create({ _id: asId(d.id), owner: asId(d.owner, "owner"), value: d.value, expiresAt: new Date(toMs(d.expiresAt)) });
    });
  }

  async readDraft(id: string, owner: MemberId, now: Date): Promise<DraftRead> {
    return this.run("readDraft", async () => {
      const doc = await this.m.drafts.findOne({ _id: asId(id), owner: asId(owner, "owner"), expiresAt: { $gt: new Date(toMs(now)) } }).lean<DraftDoc>();
      if (!doc) return { kind: "missing" };
      return doc.value === null ? { kind: "used" } : { kind: "value", value: doc.value };
    });
  }

  async useDraft(id: string): Promise<void> {
    await this.run("useDraft", async () => {
      await this.m.drafts.updateOne({ _id: asId(id) }, { $set: { value: null } });
    });
  }

  async claimOnce(key: string, at: Date): Promise<boolean> {
    return this.run("claimOnce", async () => {
      const doc: OnceKeyDoc = { _id: onceKey(key), claimedAt: new Date(toMs(at)) };
      try {
        await this.m.onceKeys.create(doc);
        return true;
      } catch (e) {
        if (isDuplicateKey(e)) return false;
        throw e;
      }
    });
  }

  async releaseOnce(key: string): Promise<void> {
    await this.run("releaseOnce", async () => {
      await this.m.onceKeys.deleteOne({ _id: onceKey(key) });
    });
  }

  async hasClaimed(key: string): Promise<boolean> {
    return this.run("hasClaimed", async () => (await this.m.onceKeys.exists({ _id: onceKey(key) })) !== null);
  }

  async forgetOnceBefore(prefix: string, before: Date): Promise<number> {
    return this.run("forgetOnceBefore", async () => {
      // An anchored regex on _id is a range scan of its index.
      const startsWith = new RegExp(`^${onceKey(prefix).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
      return (await this.m.onceKeys.deleteMany({ _id: startsWith, claimedAt: { $lt: new Date(toMs(before)) } })).deletedCount;
    });
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────────────
  async ping(): Promise<void> {
    await this.run("ping", async () => {
      const db = this.conn.db;
      if (!db) throw new StoreError("store_unavailable", "ping: not connected to MongoDB");
      await db.admin().ping();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.conn.close();
    this.logger.info({}, "mongo store closed");
  }

  /** Runs one store call, turning driver and mongoose errors into coded StoreErrors. */
  private async run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreError("store_unavailable", `${what}: the MongoDB store is closed`);
    try {
      return await fn();
    } catch (e) {
      throw translateMongoError(e, what);
    }
  }
}

/** The first `limit` documents of a feed read, the position after the last of them, and whether more were found. */
function feedPage<T extends { _id: string; changedAt?: Date }>(docs: T[], from: FeedPosition, limit: number): { docs: T[]; next: FeedPosition; more: boolean } {
  const page = docs.slice(0, limit);
  const last = page[page.length - 1];
  return { docs: page, next: last?.changedAt ? [last.changedAt.getTime(), last._id] : from, more: docs.length > limit };
}
