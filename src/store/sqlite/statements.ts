import type BetterSqlite3 from "better-sqlite3";

/** Every fixed statement the SQLite store runs, prepared once at open. */
export function prepareStatements(db: BetterSqlite3.Database) {
  const p = (sql: string) => db.prepare(sql);
  return {
    getCommunity: p("SELECT * FROM communities WHERE id = ?"),
    insertCommunity: p(`INSERT INTO communities (id, name, settings, admin_ids, created_at, updated_at)
      VALUES (@id, @name, @settings, @admin_ids, @created_at, @updated_at)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at
      WHERE communities.name IS NOT excluded.name
      RETURNING *`),
    updateCommunity: p("UPDATE communities SET settings = @settings, admin_ids = @admin_ids, updated_at = @updated_at WHERE id = @id RETURNING *"),
    listCommunityIds: p("SELECT id FROM communities ORDER BY id"),

    getMember: p("SELECT * FROM members WHERE id = ?"),
    getMembers: p("SELECT * FROM members WHERE id IN (SELECT value FROM json_each(?))"),
    insertMember: p(`INSERT INTO members (id, community_id, display_name, timezone, timezone_set_by_member, skills, about, availability, reminders,
        stats, evidence, dm_closed, departed, joined_at, profile_confirmed_at, last_active_at, last_nudged_at, unanswered_nudges, created_at, updated_at, version)
      VALUES (@id, @community_id, @display_name, @timezone, @timezone_set_by_member, @skills, @about, @availability, @reminders,
        @stats, @evidence, @dm_closed, @departed, @joined_at, @profile_confirmed_at, @last_active_at, @last_nudged_at, @unanswered_nudges, @created_at, @updated_at, @version)
      ON CONFLICT (id) DO NOTHING`),
    // community_id and created_at never change; the version check is the optimistic-concurrency guard.
    replaceMember: p(`UPDATE members SET display_name = @display_name, timezone = @timezone,
        timezone_set_by_member = @timezone_set_by_member, skills = @skills, about = @about,
        availability = @availability, reminders = @reminders, stats = @stats, evidence = @evidence, dm_closed = @dm_closed,
        departed = @departed, joined_at = @joined_at, profile_confirmed_at = @profile_confirmed_at, last_active_at = @last_active_at,
        last_nudged_at = @last_nudged_at, unanswered_nudges = @unanswered_nudges, updated_at = @updated_at, version = version + 1
      WHERE id = @id AND version = @version
      RETURNING *`),
    listMembersFirst: p("SELECT * FROM members WHERE community_id = ? ORDER BY id LIMIT ?"),
    listMembersAfter: p("SELECT * FROM members WHERE community_id = ? AND id > ? ORDER BY id LIMIT ?"),
    countMembers: p("SELECT COUNT(*) AS n FROM members WHERE community_id = ?"),
    countMembersDeparted: p("SELECT COUNT(*) AS n FROM members WHERE community_id = ? AND departed = ?"),
    deleteMember: p("DELETE FROM members WHERE id = ?"),
    deleteOffersOfCandidate: p("DELETE FROM offers WHERE candidate_id = ?"),
    // Offers of these requests go with them (ON DELETE CASCADE).
    deleteRequestsOfAsker: p("DELETE FROM requests WHERE asker_id = ?"),
    clearHelper: p("UPDATE requests SET helper_id = NULL WHERE helper_id = ?"),
    requestsNaming: p(`SELECT id, candidates, offered_to FROM requests
      WHERE community_id = @community_id AND (
        EXISTS (SELECT 1 FROM json_each(candidates) WHERE json_extract(value, '$.memberId') = @member_id)
        OR EXISTS (SELECT 1 FROM json_each(offered_to) WHERE value = @member_id))`),
    setRequestCandidates: p("UPDATE requests SET candidates = @candidates, offered_to = @offered_to WHERE id = @id"),

    // The change feed (migration 2): rows are read within one snapshot, up to the counter read in it.
    changeHead: p("SELECT revision FROM change_counter WHERE id = 1"),
    membersChangedAfter: p("SELECT * FROM members WHERE revision > ? ORDER BY revision LIMIT ?"),
    membersRemovedAfter: p(`SELECT id, community_id, revision FROM member_tombstones
      WHERE revision > ? AND id NOT IN (SELECT id FROM members) ORDER BY revision LIMIT ?`),
    communitiesChangedBetween: p("SELECT * FROM communities WHERE revision > ? AND revision <= ? ORDER BY revision"),

    insertRequest: p(`INSERT INTO requests (id, community_id, asker_id, question, topics, state, origin, candidates, offered_to,
        round, unmatched, helper_id, due_at, created_at, updated_at, connected_at, closed_at)
      VALUES (@id, @community_id, @asker_id, @question, @topics, @state, @origin, @candidates, @offered_to,
        @round, @unmatched, @helper_id, @due_at, @created_at, @updated_at, @connected_at, @closed_at)`),
    getRequest: p("SELECT * FROM requests WHERE id = ?"),
    // Guarded by the state list as well as by the surrounding IMMEDIATE transaction.
    updateRequest: p(`UPDATE requests SET question = @question, topics = @topics, state = @state, origin = @origin,
        candidates = @candidates, offered_to = @offered_to, round = @round, unmatched = @unmatched, helper_id = @helper_id,
        due_at = @due_at, updated_at = @updated_at, connected_at = @connected_at, closed_at = @closed_at
      WHERE id = @id AND state IN (SELECT value FROM json_each(@from_states))
      RETURNING *`),

    insertOffer: p(`INSERT INTO offers (id, request_id, community_id, candidate_id, round, reason, status, sent_at, responded_at)
      VALUES (@id, @request_id, @community_id, @candidate_id, @round, @reason, @status, @sent_at, @responded_at)`),
    getOffer: p("SELECT * FROM offers WHERE id = ?"),
    deleteOffer: p("DELETE FROM offers WHERE id = ?"),
    updateOfferStatus: p(`UPDATE offers SET status = @to, responded_at = @responded_at
      WHERE id = @id AND status IN (SELECT value FROM json_each(@from_statuses))
      RETURNING *`),

    putDraft: p("INSERT INTO drafts (id, owner, value, expires_at) VALUES (@id, @owner, @value, @expires_at)"),
    getDraft: p("SELECT owner, value, expires_at FROM drafts WHERE id = ?"),
    useDraft: p("UPDATE drafts SET value = NULL WHERE id = ? AND value IS NOT NULL"),
    forgetExpiredDrafts: p("DELETE FROM drafts WHERE expires_at <= ?"),
    deleteDraftsOf: p("DELETE FROM drafts WHERE owner = ?"),
    claimOnce: p("INSERT INTO once_keys (key, claimed_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING"),
    releaseOnce: p("DELETE FROM once_keys WHERE key = ?"),
    hasClaimed: p("SELECT 1 AS ok FROM once_keys WHERE key = ?"),
    // A range on the key (`@upper`: the first string after every key starting with @prefix) reads only those keys
    // through the primary key's index; a substr() comparison would scan the whole table.
    forgetOnceBefore: p("DELETE FROM once_keys WHERE key >= @prefix AND key < @upper AND claimed_at < @before"),

    ping: p("SELECT 1 AS ok"),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
