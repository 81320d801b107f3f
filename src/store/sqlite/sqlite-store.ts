import { dirname } from "node:path";
import Database from "better-sqlite3";
import type BetterSqlite3 from "better-sqlite3";
import type { Community, CommunitySettings } from "../../core/domain/community.js";
import { DEFAULT_COMMUNITY_SETTINGS } from "../../core/domain/community.js";
import type { Member } from "../../core/domain/member.js";
import type { HelpRequest, Offer, OfferStatus, RankedCandidate, RequestState } from "../../core/domain/request.js";
import { parseMemberId, type CommunityId, type MemberId, type OfferId, type RequestId } from "../../core/ids.js";
import type { Logger } from "../../core/ports/logger.port.js";
import type { DraftRead, MemberPage, NewMember, OfferFilter, RequestFilter, Store, StoreChanges } from "../../core/ports/store.port.js";
import { applyRequestPatch, CHANGES_PAGE, checkOfferTransition, checkTransition, mergeSettings, onceKey, optionalLimit, pageLimit, toMs, toMsOrNull, unique, type RequestPatch } from "../common.js";
import { StoreError } from "../errors.js";
import { makeDir } from "../make-dir.js";
import { migrate } from "./migrations.js";
import {
  communityToRow, memberToRow, offerToRow, requestToRow, rowToCommunity, rowToMember, rowToOffer, rowToRequest,
  type CommunityRow, type MemberRow, type OfferRow, type RequestRow,
} from "./rows.js";
import { translateSqliteError } from "./sqlite-errors.js";
import { prepareStatements, type Statements } from "./statements.js";

export interface SqliteStoreOptions {
  /** How long a writer waits for another process's lock before failing (ms). */
  busyTimeoutMs?: number;
}

/**
 * The embedded default store on better-sqlite3: one file (or ":memory:"), WAL mode, numbered migrations
 * applied at open, prepared statements. better-sqlite3 is synchronous, so every call runs to completion
 * before another starts in this process; compare-and-set writes also run in IMMEDIATE transactions so
 * that a second process on the same file cannot interleave.
 */
export class SqliteStore implements Store {
  private readonly s: Statements;
  private readonly dynamic = new Map<string, BetterSqlite3.Statement>();

  private constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly logger: Logger,
  ) {
    this.s = prepareStatements(db);
  }

  /** Opens (creating the directory and file if needed) and migrates the database at `file`. */
  static open(file: string, logger: Logger, opts: SqliteStoreOptions = {}): SqliteStore {
    const log = logger.child({ component: "store", store: "sqlite" });
    const inMemory = file === ":memory:" || file === "";
    let db: BetterSqlite3.Database;
    try {
      if (!inMemory) makeDir(dirname(file));
      db = new Database(file);
    } catch (e) {
      throw new StoreError("store_unavailable", `Cannot open the SQLite database at ${file}: ${(e as Error).message}`, { cause: e });
    }
    try {
      db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 5000))}`);
      const mode = db.pragma("journal_mode = WAL", { simple: true }) as string;
      if (!inMemory && mode.toLowerCase() !== "wal") log.warn({ file, mode }, "sqlite could not switch to WAL mode");
      db.pragma("synchronous = NORMAL");
      db.pragma("foreign_keys = ON");
      migrate(db, log);
    } catch (e) {
      db.close();
      throw translateSqliteError(e, `Opening ${file}`);
    }
    log.info({ file: inMemory ? ":memory:" : file }, "sqlite store open");
    return new SqliteStore(db, log);
  }

  // ── communities ────────────────────────────────────────────────────────────────────────────────
  async getCommunity(id: CommunityId): Promise<Community | null> {
    return this.run("getCommunity", () => {
      const row = this.s.getCommunity.get(id) as CommunityRow | undefined;
      return row ? rowToCommunity(row) : null;
    });
  }

  async upsertCommunity(id: CommunityId, name: string, now: Date): Promise<Community> {
    return this.run("upsertCommunity", () => {
      const row = communityToRow({ id, name, settings: { ...DEFAULT_COMMUNITY_SETTINGS, aliases: {} }, adminIds: [], createdAt: now, updatedAt: now });
      const tx = this.db.transaction(() => {
        // RETURNING yields nothing when the community exists with the same name (nothing to update).
        const written = this.s.insertCommunity.get(row) as CommunityRow | undefined;
        return written ?? (this.s.getCommunity.get(id) as CommunityRow);
      });
      return rowToCommunity(tx.immediate());
    });
  }

  async updateCommunity(id: CommunityId, patch: { settings?: Partial<CommunitySettings>; adminIds?: MemberId[] }, now: Date): Promise<Community | null> {
    return this.run("updateCommunity", () => {
      const tx = this.db.transaction(() => {
        const row = this.s.getCommunity.get(id) as CommunityRow | undefined;
        if (!row) return null;
        const current = rowToCommunity(row);
        const next: Community = {
          ...current,
          settings: mergeSettings(current.settings, patch.settings),
          adminIds: patch.adminIds ? unique(patch.adminIds) : current.adminIds,
          updatedAt: now,
        };
        return this.s.updateCommunity.get(communityToRow(next)) as CommunityRow;
      });
      const row = tx.immediate();
      return row ? rowToCommunity(row) : null;
    });
  }

  async listCommunityIds(): Promise<CommunityId[]> {
    return this.run("listCommunityIds", () => (this.s.listCommunityIds.all() as { id: string }[]).map((r) => r.id));
  }

  // ── members ────────────────────────────────────────────────────────────────────────────────────
  async getMember(id: MemberId): Promise<Member | null> {
    return this.run("getMember", () => {
      const row = this.s.getMember.get(id) as MemberRow | undefined;
      return row ? rowToMember(row) : null;
    });
  }

  async getMembers(ids: MemberId[]): Promise<Member[]> {
    return this.run("getMembers", () => {
      if (ids.length === 0) return [];
      const wanted = unique(ids);
      const byId = new Map((this.s.getMembers.all(JSON.stringify(wanted)) as MemberRow[]).map((r) => [r.id, r]));
      return wanted.flatMap((id) => {
        const row = byId.get(id);
        return row ? [rowToMember(row)] : [];
      });
    });
  }

  async insertMember(member: NewMember, now: Date): Promise<boolean> {
    return this.run("insertMember", () => {
      const row = memberToRow({ ...member, version: 1, createdAt: now, updatedAt: now });
      return this.s.insertMember.run(row).changes === 1;
    });
  }

  async replaceMember(member: Member, now: Date): Promise<Member | null> {
    return this.run("replaceMember", () => {
      const row = this.s.replaceMember.get({ ...memberToRow(member), updated_at: toMs(now) }) as MemberRow | undefined;
      return row ? rowToMember(row) : null;
    });
  }

  async listMembers(communityId: CommunityId, opts: { after?: string | null; limit: number }): Promise<MemberPage> {
    return this.run("listMembers", () => {
      const limit = pageLimit(opts.limit);
      const rows = (opts.after == null
        ? this.s.listMembersFirst.all(communityId, limit + 1)
        : this.s.listMembersAfter.all(communityId, opts.after, limit + 1)) as MemberRow[];
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { members: page.map(rowToMember), next: rows.length > limit && last ? last.id : null };
    });
  }

  async countMembers(communityId: CommunityId, opts: { departed?: boolean } = {}): Promise<number> {
    return this.run("countMembers", () => {
      const row = opts.departed === undefined ? this.s.countMembers.get(communityId) : this.s.countMembersDeparted.get(communityId, opts.departed ? 1 : 0);
      return (row as { n: number }).n;
    });
  }

  async deleteMember(id: MemberId): Promise<boolean> {
    return this.run("deleteMember", () => {
      const tx = this.db.transaction((): boolean => {
        const row = this.s.getMember.get(id) as MemberRow | undefined;
        // The cascade runs even if the member row is already gone, so a retried forget-me finishes the job.
        this.s.deleteOffersOfCandidate.run(id);
        this.s.deleteDraftsOf.run(id);
        this.s.deleteRequestsOfAsker.run(id);
        this.s.clearHelper.run(id);
        const community = row?.community_id ?? parseMemberId(id)?.communityId;
        if (community) {
          for (const r of this.s.requestsNaming.all({ community_id: community, member_id: id }) as Pick<RequestRow, "id" | "candidates" | "offered_to">[]) {
            const candidates = (JSON.parse(r.candidates) as RankedCandidate[]).filter((c) => c.memberId !== id);
            const offeredTo = (JSON.parse(r.offered_to) as string[]).filter((m) => m !== id);
            this.s.setRequestCandidates.run({ id: r.id, candidates: JSON.stringify(candidates), offered_to: JSON.stringify(offeredTo) });
          }
        }
        return this.s.deleteMember.run(id).changes === 1;
      });
      return tx.immediate();
    });
  }

  // ── change feed ────────────────────────────────────────────────────────────────────────────────
  async changesSince(cursor: string | null, opts: { limit?: number } = {}): Promise<StoreChanges> {
    const from = cursor === null ? null : readRevisionCursor(cursor);
    const limit = pageLimit(opts.limit ?? CHANGES_PAGE);
    return this.run("changesSince", () => {
      // One read transaction: one snapshot, so nothing committed between the statements is half seen.
      const tx = this.db.transaction((): StoreChanges => {
        const head = (this.s.changeHead.get() as { revision: number }).revision;
        // A cursor past the head comes from another database (a restored backup): continue from this one's head.
        if (from === null || from >= head) return { members: [], removed: [], communities: [], cursor: revisionCursor(head), more: false };
        const members = this.s.membersChangedAfter.all(from, limit + 1) as (MemberRow & { revision: number })[];
        const removed = this.s.membersRemovedAfter.all(from, limit + 1) as { id: string; community_id: string; revision: number }[];
        // A full page ends the call at its last revision; the other kind's later rows wait for the next call.
        let upTo = head;
        for (const rows of [members, removed]) if (rows.length > limit) upTo = Math.min(upTo, rows[limit - 1]!.revision);
        return {
          members: members.filter((r) => r.revision <= upTo).map(rowToMember),
          removed: removed.filter((r) => r.revision <= upTo).map((r) => ({ id: r.id, communityId: r.community_id })),
          communities: (this.s.communitiesChangedBetween.all(from, upTo) as CommunityRow[]).map(rowToCommunity),
          cursor: revisionCursor(upTo),
          more: upTo < head,
        };
      });
      return tx();
    });
  }

  // ── help requests ──────────────────────────────────────────────────────────────────────────────
  async insertRequest(request: HelpRequest): Promise<void> {
    this.run("insertRequest", () => {
      this.s.insertRequest.run(requestToRow(request));
    });
  }

  async getRequest(id: RequestId): Promise<HelpRequest | null> {
    return this.run("getRequest", () => {
      const row = this.s.getRequest.get(id) as RequestRow | undefined;
      return row ? rowToRequest(row) : null;
    });
  }

  async updateRequest(id: RequestId, fromStates: RequestState[], patch: RequestPatch, expect?: { round: number }): Promise<HelpRequest | null> {
    checkTransition(fromStates, patch);
    return this.run("updateRequest", () => {
      const tx = this.db.transaction(() => {
        const row = this.s.getRequest.get(id) as RequestRow | undefined;
        if (!row || !fromStates.includes(row.state as RequestState)) return null;
        if (expect && row.round !== expect.round) return null;
        const next = applyRequestPatch(rowToRequest(row), patch);
        return this.s.updateRequest.get({ ...requestToRow(next), from_states: JSON.stringify(fromStates) }) as RequestRow | undefined;
      });
      const row = tx.immediate();
      return row ? rowToRequest(row) : null;
    });
  }

  async listRequests(filter: RequestFilter): Promise<HelpRequest[]> {
    return this.run("listRequests", () => {
      const w = new Where({ community_id: filter.communityId, limit: optionalLimit(filter.limit) ?? -1 });
      if (filter.askerId !== undefined) w.add("asker_id = @asker_id", "asker_id", filter.askerId);
      if (filter.helperId !== undefined) w.add("helper_id = @helper_id", "helper_id", filter.helperId);
      if (filter.states !== undefined) w.add("state IN (SELECT value FROM json_each(@states))", "states", JSON.stringify(filter.states));
      if (filter.since !== undefined) w.add("created_at >= @since", "since", toMs(filter.since));
      if (filter.dueBefore !== undefined) w.add("due_at IS NOT NULL AND due_at <= @due_before", "due_before", toMs(filter.dueBefore));
      const order = filter.dueBefore !== undefined ? "due_at ASC, id ASC" : "created_at DESC, id DESC";
      const sql = `SELECT * FROM requests WHERE community_id = @community_id${w.and()} ORDER BY ${order} LIMIT @limit`;
      return (this.statement(sql).all(w.params) as RequestRow[]).map(rowToRequest);
    });
  }

  // ── offers ─────────────────────────────────────────────────────────────────────────────────────
  async insertOffers(offers: Offer[]): Promise<void> {
    this.run("insertOffers", () => {
      const rows = offers.map(offerToRow);
      this.db.transaction(() => {
        for (const row of rows) this.s.insertOffer.run(row);
      }).immediate();
    });
  }

  async deleteOffer(id: OfferId): Promise<boolean> {
    return this.run("deleteOffer", () => this.s.deleteOffer.run(id).changes === 1);
  }

  async getOffer(id: OfferId): Promise<Offer | null> {
    return this.run("getOffer", () => {
      const row = this.s.getOffer.get(id) as OfferRow | undefined;
      return row ? rowToOffer(row) : null;
    });
  }

  async updateOfferStatus(id: OfferId, fromStatuses: OfferStatus[], to: OfferStatus, respondedAt: Date | null): Promise<Offer | null> {
    checkOfferTransition(fromStatuses, to);
    return this.run("updateOfferStatus", () => {
      const row = this.s.updateOfferStatus.get({ id, to, responded_at: toMsOrNull(respondedAt), from_statuses: JSON.stringify(fromStatuses) }) as OfferRow | undefined;
      return row ? rowToOffer(row) : null;
    });
  }

  async listOffers(filter: OfferFilter): Promise<Offer[]> {
    return this.run("listOffers", () => {
      const w = new Where({});
      if (filter.requestId !== undefined) w.add("request_id = @request_id", "request_id", filter.requestId);
      if (filter.candidateId !== undefined) w.add("candidate_id = @candidate_id", "candidate_id", filter.candidateId);
      if (filter.communityId !== undefined) w.add("community_id = @community_id", "community_id", filter.communityId);
      if (filter.statuses !== undefined) w.add("status IN (SELECT value FROM json_each(@statuses))", "statuses", JSON.stringify(filter.statuses));
      if (filter.since !== undefined) w.add("sent_at >= @since", "since", toMs(filter.since));
      const sql = `SELECT * FROM offers WHERE 1 = 1${w.and()} ORDER BY sent_at ASC, id ASC`;
      return (this.statement(sql).all(w.params) as OfferRow[]).map(rowToOffer);
    });
  }

  // ── once-only keys ─────────────────────────────────────────────────────────────────────────────
  async putDraft(d: { id: string; owner: MemberId; value: string; expiresAt: Date }, now: Date): Promise<void> {
    this.run("putDraft", () => {
      // Expired drafts go as new ones come: the table holds at most a week of them.
      this.s.forgetExpiredDrafts.run(toMs(now));
      this.s.putDraft.run({ id: d.id, owner: d.owner, value: d.value, expires_at: toMs(d.expiresAt) });
    });
  }

  async readDraft(id: string, owner: MemberId, now: Date): Promise<DraftRead> {
    return this.run("readDraft", () => {
      const row = this.s.getDraft.get(id) as { owner: string; value: string | null; expires_at: number } | undefined;
      if (!row || row.owner !== owner || row.expires_at <= toMs(now)) return { kind: "missing" };
      return row.value === null ? { kind: "used" } : { kind: "value", value: row.value };
    });
  }

  async useDraft(id: string): Promise<void> {
    this.run("useDraft", () => {
      this.s.useDraft.run(id);
    });
  }

  async claimOnce(key: string, at: Date): Promise<boolean> {
    return this.run("claimOnce", () => this.s.claimOnce.run(onceKey(key), toMs(at)).changes === 1);
  }

  async releaseOnce(key: string): Promise<void> {
    this.run("releaseOnce", () => {
      this.s.releaseOnce.run(onceKey(key));
    });
  }

  async hasClaimed(key: string): Promise<boolean> {
    return this.run("hasClaimed", () => this.s.hasClaimed.get(onceKey(key)) !== undefined);
  }

  async forgetOnceBefore(prefix: string, before: Date): Promise<number> {
    return this.run("forgetOnceBefore", () => {
      const from = onceKey(prefix);
      return this.s.forgetOnceBefore.run({ prefix: from, upper: afterPrefix(from), before: toMs(before) }).changes;
    });
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────────────
  async ping(): Promise<void> {
    this.run("ping", () => {
      this.s.ping.get();
    });
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.dynamic.clear();
    this.db.close();
    this.logger.info({}, "sqlite store closed");
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────────
  /** Runs a synchronous database call, turning SQLite errors into coded StoreErrors. */
  private run<T>(what: string, fn: () => T): T {
    if (!this.db.open) throw new StoreError("store_unavailable", `${what}: the SQLite store is closed`);
    try {
      return fn();
    } catch (e) {
      throw translateSqliteError(e, what);
    }
  }

  /** Prepared statements for the filter combinations actually used (only values are bound, never spliced). */
  private statement(sql: string): BetterSqlite3.Statement {
    let st = this.dynamic.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.dynamic.set(sql, st);
    }
    return st;
  }
}

/** The change feed's cursor: the revision counter's value, tagged so that another store's cursor is refused. */
function revisionCursor(revision: number): string {
  return `rev:${revision}`;
}

function readRevisionCursor(cursor: string): number {
  const m = typeof cursor === "string" ? /^rev:(\d{1,15})$/.exec(cursor) : null;
  if (!m) throw new StoreError("store_invalid_data", "changesSince: not a cursor of this store");
  return Number(m[1]);
}

/** Optional WHERE clauses with their bound values (clauses are constants; only values come from callers). */
class Where {
  private readonly clauses: string[] = [];
  constructor(readonly params: Record<string, unknown>) {}
  add(clause: string, name: string, value: unknown): void {
    this.clauses.push(clause);
    this.params[name] = value;
  }
  /** " AND c1 AND c2…", or "" when there are none. */
  and(): string {
    return this.clauses.map((c) => ` AND ${c}`).join("");
  }
}

/**
 * The first string, in SQLite's binary (UTF-8 byte, i.e. code point) order, after every string that starts with
 * `prefix`: the prefix with its last code point raised by one (skipping the surrogates, which UTF-8 cannot hold).
 */
export function afterPrefix(prefix: string): string | Buffer {
  const chars = [...prefix];
  for (let last = chars.pop(); last !== undefined; last = chars.pop()) {
    const cp = last.codePointAt(0) ?? 0;
    if (cp < 0x10ffff) return chars.join("") + String.fromCodePoint(cp + 1 === 0xd800 ? 0xe000 : cp + 1);
  }
  return Buffer.from([0xff]); // a prefix of only U+10FFFF: a BLOB sorts after every TEXT
}
