import type BetterSqlite3 from "better-sqlite3";
import { OFFER_STATUSES, REQUEST_STATES } from "../../core/domain/request.js";
import type { Logger } from "../../core/ports/logger.port.js";
import { StoreError } from "../errors.js";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const list = (xs: readonly string[]): string => xs.map((x) => `'${x}'`).join(", ");

/**
 * Numbered, append-only migrations. Never edit one that has shipped: add the next number.
 * Dates are INTEGER milliseconds since the epoch. Queried fields are real, indexed columns; the nested
 * parts (skills, availability, stats, evidence, settings, candidates, origin) are JSON text.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "initial schema",
    sql: `
      CREATE TABLE communities (
        id          TEXT PRIMARY KEY NOT NULL,
        name        TEXT NOT NULL,
        settings    TEXT NOT NULL CHECK (json_valid(settings)),
        admin_ids   TEXT NOT NULL CHECK (json_valid(admin_ids)),
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE members (
        id              TEXT PRIMARY KEY NOT NULL,
        community_id    TEXT NOT NULL,
        display_name    TEXT NOT NULL,
        timezone        TEXT,
        skills          TEXT NOT NULL CHECK (json_valid(skills)),
        about           TEXT NOT NULL,
        availability    TEXT NOT NULL CHECK (json_valid(availability)),
        reminders       TEXT NOT NULL CHECK (reminders IN ('on', 'never')),
        stats           TEXT NOT NULL CHECK (json_valid(stats)),
        evidence        TEXT NOT NULL CHECK (json_valid(evidence)),
        dm_closed       INTEGER NOT NULL CHECK (dm_closed IN (0, 1)),
        departed        INTEGER NOT NULL CHECK (departed IN (0, 1)),
        joined_at       INTEGER NOT NULL,
        last_active_at  INTEGER NOT NULL,
        last_nudged_at  INTEGER,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL,
        version         INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX members_by_community ON members (community_id, id);

      CREATE TABLE requests (
        id            TEXT PRIMARY KEY NOT NULL,
        community_id  TEXT NOT NULL,
        asker_id      TEXT NOT NULL,
        question      TEXT NOT NULL,
        topics        TEXT NOT NULL CHECK (json_valid(topics)),
        state         TEXT NOT NULL CHECK (state IN (${list(REQUEST_STATES)})),
        origin        TEXT NOT NULL CHECK (json_valid(origin)),
        candidates    TEXT NOT NULL CHECK (json_valid(candidates)),
        offered_to    TEXT NOT NULL CHECK (json_valid(offered_to)),
        round         INTEGER NOT NULL,
        unmatched     INTEGER NOT NULL CHECK (unmatched IN (0, 1)),
        helper_id     TEXT,
        due_at        INTEGER,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL,
        connected_at  INTEGER,
        closed_at     INTEGER
      ) STRICT;
      CREATE INDEX requests_by_state_due ON requests (community_id, state, due_at);
      CREATE INDEX requests_by_asker ON requests (community_id, asker_id, created_at);
      CREATE INDEX requests_by_created ON requests (community_id, created_at);
      CREATE INDEX requests_by_helper ON requests (helper_id) WHERE helper_id IS NOT NULL;

      CREATE TABLE offers (
        id            TEXT PRIMARY KEY NOT NULL,
        request_id    TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
        community_id  TEXT NOT NULL,
        candidate_id  TEXT NOT NULL,
        round         INTEGER NOT NULL,
        reason        TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN (${list(OFFER_STATUSES)})),
        sent_at       INTEGER NOT NULL,
        responded_at  INTEGER
      ) STRICT;
      CREATE INDEX offers_by_request ON offers (request_id, sent_at);
      CREATE INDEX offers_by_candidate ON offers (candidate_id, sent_at);
      CREATE INDEX offers_by_community ON offers (community_id, sent_at);

      CREATE TABLE once_keys (
        key         TEXT PRIMARY KEY NOT NULL,
        claimed_at  INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: "change feed",
    // One counter orders every member and community write, whichever process makes it: triggers bump it inside the
    // writing statement, so a change and its revision commit together (SQLite has one writer at a time, so commits
    // come in revision order). Rows written before this migration keep revision 0, before any cursor. A deleted
    // member leaves a tombstone, pruned after TOMBSTONE_DAYS (30; written out, as a shipped migration never changes)
    // of the database's own time, not a caller's clock.
    // The triggers' own UPDATE leaves revision changed, so they never fire themselves again.
    sql: `
      CREATE TABLE change_counter (
        id        INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
        revision  INTEGER NOT NULL
      ) STRICT;
      INSERT INTO change_counter (id, revision) VALUES (1, 0);

      ALTER TABLE members ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX members_by_revision ON members (revision);
      ALTER TABLE communities ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX communities_by_revision ON communities (revision);

      CREATE TABLE member_tombstones (
        id            TEXT PRIMARY KEY NOT NULL,
        community_id  TEXT NOT NULL,
        revision      INTEGER NOT NULL,
        deleted_at    INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX member_tombstones_by_revision ON member_tombstones (revision);
      CREATE INDEX member_tombstones_by_deleted ON member_tombstones (deleted_at);

      CREATE TRIGGER members_revision_on_insert AFTER INSERT ON members BEGIN
        UPDATE change_counter SET revision = revision + 1;
        UPDATE members SET revision = (SELECT revision FROM change_counter) WHERE id = NEW.id;
      END;
      CREATE TRIGGER members_revision_on_update AFTER UPDATE ON members WHEN NEW.revision IS OLD.revision BEGIN
        UPDATE change_counter SET revision = revision + 1;
        UPDATE members SET revision = (SELECT revision FROM change_counter) WHERE id = NEW.id;
      END;
      CREATE TRIGGER members_tombstone_on_delete AFTER DELETE ON members BEGIN
        UPDATE change_counter SET revision = revision + 1;
        INSERT OR REPLACE INTO member_tombstones (id, community_id, revision, deleted_at)
          VALUES (OLD.id, OLD.community_id, (SELECT revision FROM change_counter), unixepoch() * 1000);
        DELETE FROM member_tombstones WHERE deleted_at < (unixepoch() - 30 * 86400) * 1000;
      END;
      CREATE TRIGGER communities_revision_on_insert AFTER INSERT ON communities BEGIN
        UPDATE change_counter SET revision = revision + 1;
        UPDATE communities SET revision = (SELECT revision FROM change_counter) WHERE id = NEW.id;
      END;
      CREATE TRIGGER communities_revision_on_update AFTER UPDATE ON communities WHEN NEW.revision IS OLD.revision BEGIN
        UPDATE change_counter SET revision = revision + 1;
        UPDATE communities SET revision = (SELECT revision FROM change_counter) WHERE id = NEW.id;
      END;
    `,
  },
  {
    version: 3,
    name: "timezone set by member",
    // Members stored before this kept whatever zone they had: the platform's, as far as anyone can tell (0).
    sql: `
      ALTER TABLE members ADD COLUMN timezone_set_by_member INTEGER NOT NULL DEFAULT 0 CHECK (timezone_set_by_member IN (0, 1));
    `,
  },
  {
    version: 4,
    name: "profile confirmed at",
    // Members stored before this have only their skills' dates to go by (NULL).
    sql: `
      ALTER TABLE members ADD COLUMN profile_confirmed_at INTEGER;
    `,
  },
  {
    version: 5,
    name: "unanswered nudges",
    // Members stored before this start the nudge back-off afresh (0).
    sql: `
      ALTER TABLE members ADD COLUMN unanswered_nudges INTEGER NOT NULL DEFAULT 0 CHECK (unanswered_nudges >= 0);
    `,
  },
  {
    version: 6,
    name: "drafts",
    // Button values too long for the platform (a skill list typed in a DM), kept so that a restart does not lose them.
    sql: `
      CREATE TABLE drafts (
        id          TEXT PRIMARY KEY NOT NULL,
        owner       TEXT NOT NULL,
        value       TEXT,
        expires_at  INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX drafts_by_owner ON drafts (owner);
      CREATE INDEX drafts_by_expiry ON drafts (expires_at);
    `,
  },
];

/**
 * Brings the database up to the latest migration, each one in its own transaction together with its
 * `schema_migrations` row. Idempotent: reopening an up-to-date database applies nothing.
 * Throws `store_schema` when the file was written by a newer version (unknown migration numbers).
 */
export function migrate(db: BetterSqlite3.Database, logger: Logger, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version     INTEGER PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    applied_at  INTEGER NOT NULL
  ) STRICT`);
  const applied: number[] = [];
  const latestKnown = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const current = (): number => (db.prepare("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations").get() as { v: number }).v;
  const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");

  const startVersion = current();
  if (startVersion > latestKnown) {
    throw new StoreError(
      "store_schema",
      `The database is at schema version ${startVersion} but this Knowhow only knows up to ${latestKnown}: it was written by a newer version. Upgrade Knowhow or point DATA_DIR elsewhere.`,
    );
  }
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    // IMMEDIATE: take the write lock before re-reading the version, so two processes opening the same
    // file at once cannot both apply a migration.
    const apply = db.transaction(() => {
      if (current() >= m.version) return false;
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
      return true;
    });
    if (apply.immediate()) {
      applied.push(m.version);
      logger.info({ version: m.version, migration: m.name }, "sqlite migration applied");
    }
  }
  return applied;
}
