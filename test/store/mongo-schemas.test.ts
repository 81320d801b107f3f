import mongoose from "mongoose";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_COMMUNITY_SETTINGS } from "../../src/core/domain/community.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { isStoreError } from "../../src/store/errors.js";
import { docToCommunity, docToMember, docToRequest, memberToDoc, offerToDoc, requestToDoc, settingsToDoc } from "../../src/store/mongo/docs.js";
import { afterId, asId, changedAfter, FEED_SORT, inList, offerQuery, readFeedCursor, redactUri, requestQuery, writeFeedCursor, type FeedCursor } from "../../src/store/mongo/filters.js";
import { MongoStore } from "../../src/store/mongo/mongo-store.js";
import { createModels } from "../../src/store/mongo/schemas.js";
import { C1, T0, at, newMember, offer, request, stored } from "./fixtures.js";

// A connection that is never opened: models, validation and query casting all work without a server.
const conn = mongoose.createConnection();
const models = createModels(conn);
afterAll(() => conn.close());

const errorsOf = async (doc: { validate(): Promise<void> }): Promise<string[]> => {
  try {
    await doc.validate();
    return [];
  } catch (e) {
    return Object.keys((e as mongoose.Error.ValidationError).errors ?? {}).sort();
  }
};

/** The filter mongoose would send, after sanitizeFilter and casting (no server involved). */
const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

const castFilter = (q: mongoose.Query<unknown, unknown>): Record<string, unknown> => {
  (q as unknown as { _castConditions(): void })._castConditions();
  return q.getFilter() as Record<string, unknown>;
};

describe("mongo schemas (validation without a server)", () => {
  it("accepts what the domain produces", async () => {
    expect(await errorsOf(new models.members(memberToDoc(stored(newMember(`${C1}:U1`), T0))))).toEqual([]);
    expect(await errorsOf(new models.requests(requestToDoc(request("r1", { dueAt: at(5) }))))).toEqual([]);
    expect(await errorsOf(new models.offers(offerToDoc(offer("o1", "r1", `${C1}:UA`))))).toEqual([]);
    const community = { _id: C1, name: "", settings: settingsToDoc(DEFAULT_COMMUNITY_SETTINGS), adminIds: [], createdAt: T0, updatedAt: T0 };
    expect(await errorsOf(new models.communities(community))).toEqual([]);
  });

  it("rejects unknown enum values, missing required fields and oversized text", async () => {
    const bad = memberToDoc(stored(newMember(`${C1}:U1`), T0));
    bad.reminders = "sometimes";
    bad.skills[0]!.level = "guru";
    bad.displayName = "x".repeat(1000);
    bad.availability.quietHours.start = 25;
    expect(await errorsOf(new models.members(bad))).toEqual(["availability.quietHours.start", "displayName", "reminders", "skills.0.level"]);

    const req = requestToDoc(request("r1"));
    req.state = "sleeping";
    req.question = "";
    expect(await errorsOf(new models.requests(req))).toEqual(["question", "state"]);
    expect(await errorsOf(new models.offers({ _id: "o1" }))).toEqual(["candidateId", "communityId", "requestId", "round", "sentAt", "status"]);
  });

  it("refuses fields that are not in the schema", () => {
    expect(() => new models.offers({ ...offerToDoc(offer("o1", "r1", "x")), $where: "1" })).toThrow(/not in schema/);
  });

  it("keeps member-typed alias terms as data, including $ and dots", () => {
    const doc = { _id: C1, name: "W", settings: settingsToDoc({ ...DEFAULT_COMMUNITY_SETTINGS, aliases: Object.fromEntries([["$where", "x"], ["a.b", "c"], ["__proto__", "p"]]) }), adminIds: [], createdAt: T0, updatedAt: T0 };
    const back = docToCommunity(doc);
    expect(Object.keys(back.settings.aliases).sort()).toEqual(["$where", "__proto__", "a.b"]);
    expect(Object.getPrototypeOf(back.settings.aliases)).toBe(Object.prototype);
  });

  it("maps documents back to equal domain objects", () => {
    const m = stored(newMember(`${C1}:U1`), T0);
    expect(docToMember(memberToDoc(m))).toEqual(m);
    const r = request("r1", { dueAt: at(3), helperId: `${C1}:UA` });
    expect(docToRequest(requestToDoc(r))).toEqual(r);
  });

  it("reads member documents from before the later member fields with their defaults", () => {
    const { timezoneSetByMember: _tz, profileConfirmedAt: _confirmed, unansweredNudges: _nudges, ...old } = memberToDoc(stored(newMember(`${C1}:U1`), T0));
    expect(docToMember(old)).toMatchObject({ timezone: "Europe/Paris", timezoneSetByMember: false, profileConfirmedAt: null, unansweredNudges: 0 });
  });
});

describe("mongo filter building (no operator injection)", () => {
  it("only accepts strings as ids", () => {
    expect(asId("slack:T1:U1")).toBe("slack:T1:U1");
    for (const hostile of [{ $gt: "" }, { $ne: null }, ["a"], 1, null, undefined]) {
      let caught: unknown;
      try {
        asId(hostile);
      } catch (e) {
        caught = e;
      }
      expect(isStoreError(caught, "store_invalid_data")).toBe(true);
    }
    expect(() => inList(["a", { $gt: "" }])).toThrow();
    expect(() => requestQuery({ communityId: C1, askerId: { $ne: null } as unknown as string })).toThrow();
    expect(() => offerQuery({ since: "2026-01-01" as unknown as Date })).toThrow();
  });

  it("builds filters field by field and keeps its own operators through sanitizeFilter", () => {
    const q = requestQuery({ communityId: C1, states: ["open", "offered"], dueBefore: at(5), askerId: '{"$gt": ""}' });
    // Scheduled work (a due-time filter) takes the longest overdue first; listings show the newest first.
    expect(q.sort).toEqual({ dueAt: 1, _id: 1 });
    expect(requestQuery({ communityId: C1 }).sort).toEqual({ createdAt: -1, _id: -1 });
    const filter = castFilter(models.requests.find(q.filter));
    expect(plain(filter)).toEqual(plain({ communityId: C1, askerId: '{"$gt": ""}', state: { $in: ["open", "offered"] }, dueAt: { $lte: at(5) } }));
    const members = castFilter(models.members.find({ communityId: C1, _id: afterId("slack:T001:U9") }));
    expect(plain(members)).toEqual({ communityId: C1, _id: { $gt: "slack:T001:U9" } });
  });

  it("neutralises an operator object that reaches a filter untrusted", () => {
    const hostile = { $ne: null } as unknown as string;
    const q = models.members.find({ communityId: C1, displayName: hostile });
    const filter = castFilter(q);
    // Wrapped in $eq, and then refused by casting: never a live $ne.
    expect(plain(filter)).toEqual({ communityId: C1, displayName: { $eq: { $ne: null } } });
    expect((q as unknown as { error(): unknown }).error()).toBeInstanceOf(mongoose.Error.CastError);
    expect(mongoose.sanitizeFilter({ displayName: { $ne: null } })).toEqual({ displayName: { $eq: { $ne: null } } });
  });

  it("rejects filters on paths that do not exist", () => {
    const q = models.members.find({ nosuchfield: "x" });
    expect(() => castFilter(q)).not.toThrow();
    expect((q as unknown as { error(): unknown }).error()).toBeInstanceOf(Error);
  });

  it("builds the change feed's filter with its own operators intact, and reads back only its own cursors", () => {
    const filter = castFilter(models.members.find(changedAfter([at(1).getTime(), `${C1}:U9`], 2000)).sort(FEED_SORT));
    expect(plain(filter)).toEqual(plain({
      $or: [{ changedAt: { $gt: at(1) } }, { changedAt: at(1), _id: { $gt: `${C1}:U9` } }],
      $expr: { $lt: ["$changedAt", { $subtract: ["$$NOW", 2000] }] },
    }));
    const cursor = { m: [at(1).getTime(), `${C1}:U9`], d: [0, ""], c: [at(2).getTime(), C1] } as FeedCursor;
    expect(readFeedCursor(writeFeedCursor(cursor))).toEqual(cursor);
    for (const bad of ["rev:3", "mongo:", "mongo:e30", writeFeedCursor({ ...cursor, m: [1.5, "x"] }), { $gt: "" }]) {
      expect(() => readFeedCursor(bad)).toThrow(/not a cursor of this store/);
    }
  });

  it("casts the writes that stamp the change feed: an insert's upsert and a tombstone", () => {
    const castUpdate = (q: mongoose.Query<unknown, unknown>): Record<string, unknown> => (q as unknown as { _castUpdate(u: unknown): Record<string, unknown>; _update: unknown })._castUpdate((q as unknown as { _update: unknown })._update);
    const { _id, ...fields } = memberToDoc(stored(newMember(`${C1}:U1`), T0));
    const insert = castUpdate(models.members.updateOne({ _id }, { $setOnInsert: fields, $currentDate: { changedAt: true } }, { upsert: true }));
    expect(Object.keys(insert).sort()).toEqual(["$currentDate", "$setOnInsert"]);
    expect(insert.$setOnInsert).not.toHaveProperty("changedAt");
    const tombstone = castUpdate(models.tombstones.updateOne({ _id }, { $set: { communityId: C1 }, $currentDate: { changedAt: true } }, { upsert: true }));
    expect(plain(tombstone)).toEqual({ $set: { communityId: C1 }, $currentDate: { changedAt: true } });
  });

  it("redacts passwords from connection strings", () => {
    expect(redactUri("mongodb://knowhow:s3cret@db:27017/knowhow")).toBe("mongodb://knowhow:***@db:27017/knowhow");
    expect(redactUri("mongodb+srv://u:p@cluster0.example.net/x")).toBe("mongodb+srv://u:***@cluster0.example.net/x");
    expect(redactUri("mongodb://127.0.0.1:27017/knowhow")).toBe("mongodb://127.0.0.1:27017/knowhow");
  });
});

describe("MongoStore.open", () => {
  it("fails fast with a clear, redacted error when nothing listens", async () => {
    let caught: unknown;
    try {
      await MongoStore.open("mongodb://knowhow:s3cret@127.0.0.1:9/knowhow", silentLogger, { serverSelectionTimeoutMS: 300 });
    } catch (e) {
      caught = e;
    }
    expect(isStoreError(caught, "store_unavailable")).toBe(true);
    expect((caught as Error).message).toContain("mongodb://knowhow:***@127.0.0.1:9/knowhow");
    expect((caught as Error).message).not.toContain("s3cret");
  });
});
