import { Agenda, type AgendaBackend, type Job } from "agenda";
import { afterEach, describe, expect, it } from "vitest";

/**
 * agenda's semantics, driven through a real `Agenda` on a backend. Every implementation of the embedded
 * backend (and the Mongo one, when MONGODB_URI is set) must pass. Timings are tiny: agenda polls every
 * POLL ms, and `waitFor` gives up after a couple of seconds.
 */
export interface BackendFactory {
  /** A fresh, empty job store. `open()` may be called several times: each call is another worker's connection to the same store. */
  create(): Promise<{ open(): Promise<AgendaBackend>; cleanup(): Promise<void> }>;
}

const POLL = 20;

async function waitFor(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await cond()) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function agendaRepositoryContract(name: string, factory: BackendFactory): void {
  describe(`agenda backend contract: ${name}`, () => {
    const running: Agenda[] = [];
    const cleanups: Array<() => Promise<void>> = [];
    const errors: Error[] = [];

    async function store() {
      const s = await factory.create();
      cleanups.push(s.cleanup);
      return s;
    }
    async function worker(open: () => Promise<AgendaBackend>, workerName: string, lockLifetime = 10_000): Promise<Agenda> {
      const agenda = new Agenda({ backend: await open(), name: workerName, processEvery: POLL, defaultLockLifetime: lockLifetime });
      agenda.on("error", (e: Error) => errors.push(e));
      await agenda.ready;
      running.push(agenda);
      return agenda;
    }

    afterEach(async () => {
      for (const a of running.splice(0).reverse()) await a.stop();
      for (const c of cleanups.splice(0)) await c();
      expect(errors.splice(0)).toEqual([]);
    });

    it("runs a due job once", async () => {
      const s = await store();
      const agenda = await worker(s.open, "w1");
      const runs: unknown[] = [];
      agenda.define("due", async (job: Job<{ n: number }>) => void runs.push(job.attrs.data.n));
      await agenda.now("due", { n: 7 });
      await agenda.start();
      await waitFor(() => runs.length === 1, "the due job to run");
      await sleep(POLL * 5);
      expect(runs).toEqual([7]);
      const [stored] = (await agenda.queryJobs({ name: "due" })).jobs;
      expect(stored?.lastFinishedAt).toBeInstanceOf(Date);
      expect(stored?.nextRunAt).toBeNull();
    });

    it("does not run a job scheduled in the future until it is due", async () => {
      const s = await store();
      const agenda = await worker(s.open, "w1");
      const ranAt: number[] = [];
      agenda.define("later", async () => void ranAt.push(Date.now()));
      const due = new Date(Date.now() + 300);
      await agenda.schedule(due, "later", {});
      await agenda.start();
      await sleep(150);
      // Checked only while it is still before the due time: a loaded machine may already be past it.
      if (Date.now() < due.getTime() - 20) expect(ranAt).toEqual([]);
      await waitFor(() => ranAt.length === 1, "the scheduled job to run");
      expect(ranAt[0]).toBeGreaterThanOrEqual(due.getTime());
    });

    it("picks up a job whose worker died once its lock expires, and leaves a fresh lock alone", async () => {
      const s = await store();
      const agenda = await worker(s.open, "w2", 500);
      const ran: Array<{ id: string; at: number }> = [];
      agenda.define("crashy", async (job: Job<{ id: string }>) => void ran.push({ id: job.attrs.data.id, at: Date.now() }), { lockLifetime: 500 });
      const past = new Date(Date.now() - 60_000);
      // Saved as a dead worker would have left them: locked, one long ago and one just now.
      await agenda.db.saveJob({ name: "crashy", type: "normal", priority: 0, nextRunAt: past, data: { id: "stale" }, lockedAt: new Date(Date.now() - 5_000) }, undefined);
      const freshLockedAt = Date.now();
      await agenda.db.saveJob({ name: "crashy", type: "normal", priority: 0, nextRunAt: past, data: { id: "fresh" }, lockedAt: new Date(freshLockedAt) }, undefined);
      await agenda.start();
      await waitFor(() => ran.some((r) => r.id === "stale"), "the stale-locked job to be retaken");
      // The fresh lock expires after lockLifetime (500 ms) and only then is the job retaken. Asserted on
      // when it ran, not on what ran by some moment, so a slow machine cannot make this fail.
      await waitFor(() => ran.some((r) => r.id === "fresh"), "the fresh lock to expire", 3000);
      expect(ran.map((r) => r.id)).toEqual(["stale", "fresh"]);
      expect(ran[0]!.at).toBeLessThan(ran[1]!.at);
      expect(ran[1]!.at).toBeGreaterThanOrEqual(freshLockedAt + 500);
    });

    it("never runs one job twice when two workers share the store", async () => {
      const s = await store();
      const a = await worker(s.open, "a");
      const b = await worker(s.open, "b");
      const runs = new Map<string, string[]>();
      const handler = (who: string) => async (job: Job<{ i: number }>) => {
        const id = String(job.attrs._id);
        runs.set(id, [...(runs.get(id) ?? []), who]);
        await sleep(2);
      };
      a.define("work", handler("a"), { concurrency: 4 });
      b.define("work", handler("b"), { concurrency: 4 });
      for (let i = 0; i < 30; i++) await a.now("work", { i });
      await Promise.all([a.start(), b.start()]);
      await waitFor(() => runs.size === 30, "all 30 jobs to run");
      await sleep(POLL * 5);
      expect([...runs.values()].filter((who) => who.length !== 1)).toEqual([]);
      expect(runs.size).toBe(30);
    });

    it("keeps unique jobs unique (upsert by query; insertOnly leaves the first untouched)", async () => {
      const s = await store();
      const a = await worker(s.open, "a");
      const b = await worker(s.open, "b");
      const due = new Date(Date.now() + 60_000);
      await Promise.all([
        a.create("digest", { community: "c1", v: 1 }).unique({ "data.community": "c1" }).schedule(due).save(),
        b.create("digest", { community: "c1", v: 2 }).unique({ "data.community": "c1" }).schedule(due).save(),
        a.create("digest", { community: "c2", v: 1 }).unique({ "data.community": "c2" }).schedule(due).save(),
      ]);
      expect((await a.queryJobs({ name: "digest" })).total).toBe(2);
      await b.create("digest", { community: "c2", v: 9 }).unique({ "data.community": "c2" }, { insertOnly: true }).schedule(due).save();
      const c2 = (await a.queryJobs({ name: "digest", data: { community: "c2" } })).jobs;
      expect(c2.map((j) => (j.data as { v: number }).v)).toEqual([1]);
    });

    it("reschedules repeating jobs and keeps one job per every() name", async () => {
      const s = await store();
      const agenda = await worker(s.open, "w1");
      let runs = 0;
      agenda.define("tick", async () => void runs++);
      await agenda.every(40, "tick");
      await agenda.every(40, "tick");
      await agenda.start();
      await waitFor(() => runs >= 3, "three runs of the repeating job");
      const jobs = (await agenda.queryJobs({ name: "tick" })).jobs;
      expect(jobs).toHaveLength(1);
      expect(jobs[0]?.repeatInterval).toBe(40);
      expect(jobs[0]?.nextRunAt?.getTime()).toBeGreaterThan(jobs[0]?.lastRunAt?.getTime() ?? Infinity);
    });

    it("does not run disabled jobs until they are enabled; cancel removes by name", async () => {
      const s = await store();
      const agenda = await worker(s.open, "w1");
      let runs = 0;
      agenda.define("paused", async () => void runs++);
      await agenda.now("paused", {});
      expect(await agenda.disable({ name: "paused" })).toBe(1);
      await agenda.start();
      await sleep(POLL * 6);
      expect(runs).toBe(0);
      expect(await agenda.enable({ name: "paused" })).toBe(1);
      await waitFor(() => runs === 1, "the enabled job to run");
      await agenda.schedule(new Date(Date.now() + 60_000), "paused", {});
      expect(await agenda.cancel({ name: "paused" })).toBe(2);
      expect((await agenda.queryJobs({ name: "paused" })).total).toBe(0);
    });
  });
}
