import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { TOMBSTONE_DAYS, type NewMember } from "../../src/core/ports/store.port.js";
import { isStoreError } from "../../src/store/errors.js";
import { MIGRATIONS, migrate } from "../../src/store/sqlite/migrations.js";
import { memberToRow } from "../../src/store/sqlite/rows.js";
import { afterPrefix, SqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import { prepareStatements } from "../../src/store/sqlite/statements.js";
import { C1, T0, at, newMember, offer, request } from "./fixtures.js";
import { runStoreContract } from "./contract.js";

/** A member row written by an older schema: only the columns its tables have. */
function insertOldMember(raw: Database.Database, m: NewMember): void {
  const columns = new Set((raw.prepare("PRAGMA table_info(members)").all() as { name: string }[]).map((c) => c.name));
  const row = Object.fromEntries(Object.entries(memberToRow({ ...m, version: 1, createdAt: T0, updatedAt: T0 })).filter(([k]) => columns.has(k)));
  raw.prepare(`INSERT INTO members (${Object.keys(row).join(", ")}) VALUES (${Object.keys(row).map((k) => `@${k}`).join(", ")})`).run(row);
}

const dir = mkdtempSync(join(tmpdir(), "knowhow-sqlite-"));
let n = 0;
const nextFile = (): string => join(dir, `nested-${++n}`, "knowhow.sqlite");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runStoreContract("sqlite (temp file)", async () => SqliteStore.open(nextFile(), silentLogger));
runStoreContract("sqlite (:memory:)", async () => SqliteStore.open(":memory:", silentLogger));

describe("SqliteStore specifics", () => {
  it("creates the directory, turns on WAL, and keeps data across reopen without re-migrating", async () => {
    const file = nextFile();
    const first = SqliteStore.open(file, silentLogger);
    await first.insertMember(newMember(`${C1}:U1`), T0);
    await first.close();

    const second = SqliteStore.open(file, silentLogger);
    expect((await second.getMember(`${C1}:U1`))?.version).toBe(1);
    await second.close();

    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(raw.prepare("SELECT version FROM schema_migrations ORDER BY version").all()).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    } finally {
      raw.close();
    }
  });

  it("applies migrations once: migrate() on an up-to-date database does nothing", () => {
    const db = new Database(":memory:");
    try {
      expect(migrate(db, silentLogger)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(migrate(db, silentLogger)).toEqual([]);
      const extra = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: "add a column", sql: "ALTER TABLE members ADD COLUMN note TEXT" }];
      expect(migrate(db, silentLogger, extra)).toEqual([MIGRATIONS.length + 1]);
      expect(migrate(db, silentLogger, extra)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it("forgets once-only keys by a range on the primary key, not a scan of the table", () => {
    const db = new Database(":memory:");
    try {
      migrate(db, silentLogger);
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${prepareStatements(db).forgetOnceBefore.source}`).all({ prefix: "slack:event:", upper: "slack:event;", before: 0 });
      expect(plan.map((r) => (r as { detail: string }).detail)).toEqual([expect.stringMatching(/^SEARCH once_keys USING PRIMARY KEY \(key>\? AND key<\?\)$/)]);
      expect(afterPrefix("slack:event:")).toBe("slack:event;");
      expect(afterPrefix("a\u{D7FF}")).toBe("a\u{E000}");
      expect(afterPrefix("a\u{10FFFF}")).toBe("b");
    } finally {
      db.close();
    }
  });

  it("rolls back a failing migration entirely", () => {
    const db = new Database(":memory:");
    try {
      migrate(db, silentLogger);
      const broken = [...MIGRATIONS, { version: 99, name: "broken", sql: "CREATE TABLE half (x INTEGER); SELECT * FROM no_such_table;" }];
      expect(() => migrate(db, silentLogger, broken)).toThrow();
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
      expect(db.prepare("SELECT MAX(version) AS v FROM schema_migrations").get()).toEqual({ v: MIGRATIONS.length });
    } finally {
      db.close();
    }
  });

  it("refuses a database written by a newer version", async () => {
    const file = nextFile();
    await SqliteStore.open(file, silentLogger).close();
    const raw = new Database(file);
    raw.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)").run();
    raw.close();
    let caught: unknown;
    try {
      SqliteStore.open(file, silentLogger);
    } catch (e) {
      caught = e;
    }
    expect(isStoreError(caught, "store_schema")).toBe(true);
  });

  it("sees a compare-and-set from a second connection to the same file", async () => {
    const file = nextFile();
    const a = SqliteStore.open(file, silentLogger);
    const b = SqliteStore.open(file, silentLogger);
    try {
      await a.insertRequest(request("r1", { state: "offered" }));
      await a.insertOffers([offer("o1", "r1", `${C1}:UA`)]);
      expect(await b.updateRequest("r1", ["offered"], { state: "connected", helperId: `${C1}:UA` })).not.toBeNull();
      expect(await a.updateRequest("r1", ["offered"], { state: "connected", helperId: `${C1}:UB` })).toBeNull();
      expect(await b.claimOnce("k", T0)).toBe(true);
      expect(await a.claimOnce("k", T0)).toBe(false);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("change feed: starts exactly at the present, and sees what a second connection to the file writes", async () => {
    const file = nextFile();
    const service = SqliteStore.open(file, silentLogger);
    const cli = SqliteStore.open(file, silentLogger);
    try {
      await service.insertMember(newMember(`${C1}:UOLD`), T0);
      const start = await service.changesSince(null);
      await cli.insertMember(newMember(`${C1}:UNEW`), T0);
      await cli.upsertCommunity(C1, "Writers", T0);
      await cli.updateCommunity(C1, { settings: { aliases: { "gh actions": "github actions" } } }, T0);
      await cli.deleteMember(`${C1}:UOLD`);
      const seen = await service.changesSince(start.cursor);
      expect(seen.members.map((m) => m.id)).toEqual([`${C1}:UNEW`]);
      expect(seen.removed).toEqual([{ id: `${C1}:UOLD`, communityId: C1 }]);
      expect(seen.communities.map((c) => c.settings.aliases)).toEqual([{ "gh actions": "github actions" }]);
      expect(seen.more).toBe(false);
    } finally {
      await service.close();
      await cli.close();
    }
  });

  it("change feed: a data dir from before it upgrades, its members before any cursor", async () => {
    const file = nextFile();
    mkdirSync(dirname(file), { recursive: true });
    const raw = new Database(file);
    migrate(raw, silentLogger, MIGRATIONS.filter((m) => m.version === 1));
    insertOldMember(raw, newMember(`${C1}:U1`));
    raw.close();

    const s = SqliteStore.open(file, silentLogger);
    try {
      const start = await s.changesSince(null);
      expect(start.cursor).toBe("rev:0");
      const m = (await s.getMember(`${C1}:U1`))!;
      await s.replaceMember({ ...m, about: "edited after the upgrade" }, at(1));
      expect((await s.changesSince(start.cursor)).members.map((x) => x.about)).toEqual(["edited after the upgrade"]);
    } finally {
      await s.close();
    }
  });

  it("members stored before the later member columns read with their defaults", async () => {
    const file = nextFile();
    mkdirSync(dirname(file), { recursive: true });
    const raw = new Database(file);
    migrate(raw, silentLogger, MIGRATIONS.filter((m) => m.version <= 2));
    insertOldMember(raw, newMember(`${C1}:U1`, { timezoneSetByMember: true }));
    raw.close();

    const s = SqliteStore.open(file, silentLogger);
    try {
      expect(await s.getMember(`${C1}:U1`)).toMatchObject({ timezone: "Europe/Paris", timezoneSetByMember: false, profileConfirmedAt: null, unansweredNudges: 0 });
    } finally {
      await s.close();
    }
  });

  it("change feed: prunes tombstones after TOMBSTONE_DAYS of the database's time, and survives a cursor from a restored copy", async () => {
    const file = nextFile();
    const s = SqliteStore.open(file, silentLogger);
    try {
      for (const id of ["U1", "U2"]) await s.insertMember(newMember(`${C1}:${id}`), T0);
      await s.deleteMember(`${C1}:U1`);
      const raw = new Database(file);
      raw.prepare("UPDATE member_tombstones SET deleted_at = deleted_at - ? * 86400000 - 1000").run(TOMBSTONE_DAYS);
      raw.close();
      await s.deleteMember(`${C1}:U2`);
      const raw2 = new Database(file, { readonly: true });
      expect(raw2.prepare("SELECT id FROM member_tombstones").all()).toEqual([{ id: `${C1}:U2` }]);
      raw2.close();

      const head = await s.changesSince(null);
      const ahead = await s.changesSince("rev:999999");
      expect(ahead).toEqual({ ...head, more: false });
      await s.insertMember(newMember(`${C1}:U3`), T0);
      expect((await s.changesSince(ahead.cursor)).members.map((m) => m.id)).toEqual([`${C1}:U3`]);
    } finally {
      await s.close();
    }
  });

  it("rejects invalid data with coded errors instead of storing it", async () => {
    const s = SqliteStore.open(":memory:", silentLogger);
    try {
      await s.insertRequest(request("r1"));
      const badState = s.updateRequest("r1", ["open"], { state: "bogus" as never });
      await expect(badState).rejects.toSatisfy((e: unknown) => isStoreError(e, "store_invalid_data"));
      await expect(s.insertRequest(request("r2", { createdAt: new Date(Number.NaN) }))).rejects.toSatisfy((e: unknown) => isStoreError(e, "store_invalid_data"));
      await expect(s.insertRequest(request("r1"))).rejects.toSatisfy((e: unknown) => isStoreError(e, "store_duplicate"));
      await expect(s.insertOffers([offer("o1", "no-such-request", `${C1}:UA`)])).rejects.toSatisfy((e: unknown) => isStoreError(e, "store_invalid_data"));
      await expect(s.listMembers(C1, { limit: 0 })).rejects.toSatisfy((e: unknown) => isStoreError(e, "store_invalid_data"));
      expect((await s.getRequest("r1"))?.state).toBe("open");
    } finally {
      await s.close();
    }
  });
});
