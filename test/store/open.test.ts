import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { openStore } from "../../src/store/open.js";
import { SqliteStore } from "../../src/store/sqlite/sqlite-store.js";

const dir = mkdtempSync(join(tmpdir(), "knowhow-open-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("openStore", () => {
  it("opens the embedded SQLite store at the configured file, creating its directory", async () => {
    const file = join(dir, "data", "knowhow.sqlite");
    const store = await openStore({ kind: "sqlite", file }, silentLogger);
    try {
      expect(store).toBeInstanceOf(SqliteStore);
      await store.ping();
      expect(await store.claimOnce("k", new Date(0))).toBe(true);
      expect(existsSync(file)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
