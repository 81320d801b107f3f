import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { Agenda, type Job } from "agenda";
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
  it("never runs one job twice when the second worker is another process on the same file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "knowhow-jobs-"));
    const file = join(dir, "jobs.sqlite");
    const here = new Agenda({ backend: await SqliteBackend.open(file), name: "parent", processEvery: 10, defaultConcurrency: 4 });
    try {
      const ranHere: string[] = [];
      here.define("work", async (job: Job<{ i: number }>) => {
        ranHere.push(String(job.attrs._id));
        await new Promise((r) => setTimeout(r, 10));
      });
      const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "agenda-worker.ts"), file, "20000"], { stdio: ["ignore", "pipe", "inherit"] });
      let out = "";
      child.stdout.on("data", (d: Buffer) => void (out += d.toString()));
      const exited = new Promise<number | null>((r) => child.on("exit", r));
      const until = Date.now() + 10_000;
      while (!out.includes("ready") && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      for (let i = 0; i < 60; i++) await here.now("work", { i });
      // The child is already polling: let it take the first job, then compete for the rest.
      const ranThereNow = () => out.split("\n").filter((l) => l.startsWith("ran ")).length;
      const deadline = Date.now() + 15_000;
      while (ranThereNow() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      await here.start();
      // Wait (no fixed sleep) until the two workers together ran every job, then stop the child.
      while (ranHere.length + ranThereNow() < 60 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await here.stop();
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      const ranThere = out.split("\n").filter((l) => l.startsWith("ran ")).map((l) => l.slice(4));
      const all = [...ranHere, ...ranThere];
      expect(ranThere.length).toBeGreaterThan(0);
      expect(new Set(all).size).toBe(all.length);
      expect(all).toHaveLength(60);
    } finally {
      await here.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails with a clear error when the file cannot be opened", async () => {
    const dir = mkdtempSync(join(tmpdir(), "knowhow-jobs-"));
    const notADir = join(dir, "file");
    writeFileSync(notADir, "x");
    try {
      await expect(SqliteBackend.open(join(notADir, "jobs.sqlite"))).rejects.toThrow(`Cannot open the jobs database at ${join(notADir, "jobs.sqlite")}: ${notADir} is a file, not a directory`);
      const ok = await SqliteBackend.open(join(dir, "jobs.sqlite"), { busyTimeoutMs: 10 });
      expect(ok.name).toBe("SQLite");
      await ok.disconnect();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
