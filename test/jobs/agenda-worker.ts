/**
 * A second agenda worker in its own process (spawned by sqlite-repository.test.ts): processes "work" jobs
 * from the SQLite file given as argv[2], printing one line per job it ran, until SIGTERM (or argv[3] ms as a
 * safety limit), then stops cleanly and exits.
 */
import { Agenda, type Job } from "agenda";
import { SqliteBackend } from "../../src/jobs/sqlite-backend.js";

const [file, ms] = [process.argv[2], Number(process.argv[3] ?? 20_000)];
if (!file) throw new Error("usage: agenda-worker <jobs.sqlite> <ms>");
const agenda = new Agenda({ backend: await SqliteBackend.open(file), name: `child-${process.pid}`, processEvery: 10, defaultConcurrency: 4 });
agenda.define("work", async (job: Job<{ i: number }>) => {
  process.stdout.write(`ran ${String(job.attrs._id)}\n`);
  await new Promise((r) => setTimeout(r, 10));
});
await agenda.start();
process.stdout.write("ready\n");
await new Promise<void>((r) => {
  const limit = setTimeout(r, ms);
  process.once("SIGTERM", () => {
    clearTimeout(limit);
    r();
  });
});
await agenda.stop();
process.exit(0);
