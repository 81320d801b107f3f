import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MongoBackend } from "@agendajs/mongo-backend";
import { SqliteBackend } from "../../src/jobs/sqlite-backend.js";
import { agendaRepositoryContract } from "./repository-contract.js";

agendaRepositoryContract("SQLite (embedded)", {
  async create() {
    const dir = mkdtempSync(join(tmpdir(), "knowhow-jobs-"));
    const file = join(dir, "jobs.sqlite");
    return {
      open: () => SqliteBackend.open(file),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
});

const MONGODB_URI = process.env.MONGODB_URI;
if (MONGODB_URI) {
  agendaRepositoryContract("MongoDB (@agendajs/mongo-backend)", {
    async create() {
      const collection = `agendaJobs_test_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
      const opened: MongoBackend[] = [];
      return {
        open: async () => {
          const b = new MongoBackend({ address: MONGODB_URI, collection });
          opened.push(b);
          return b;
        },
        cleanup: async () => {
          const { MongoClient } = await import("mongodb");
          const client = await MongoClient.connect(MONGODB_URI);
          await client.db().collection(collection).drop().catch(() => undefined);
          await client.close();
        },
      };
    },
  });
} else {
  describe("agenda backend contract: MongoDB (@agendajs/mongo-backend)", () => {
    it.skip("needs MONGODB_URI (e.g. mongodb://127.0.0.1:27017/knowhow_test) — skipped", () => {});
  });
}

describe("SqliteBackend", () => {
  it("fails with a clear error when the file cannot be opened", async () => {
    const dir = mkdtempSync(join(tmpdir(), "knowhow-jobs-"));
    const notADir = join(dir, "file");
    writeFileSync(notADir, "x");
    try {
      await expect(SqliteBackend.open(join(notADir, "jobs.sqlite"))).rejects.toThrow();
      const ok = await SqliteBackend.open(join(dir, "jobs.sqlite"), { busyTimeoutMs: 10 });
      expect(ok.name).toBe("SQLite");
      await ok.disconnect();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
