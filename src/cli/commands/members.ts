import type { Command } from "commander";
import cliProgress from "cli-progress";
import type { Runtime } from "../../app/runtime.js";
import { memberId, parseMemberId } from "../../core/ids.js";
import { isUserError } from "../../core/errors.js";
import { andList, listSkills, plural } from "../../core/views/format.js";
import type { ForgetReport } from "../../core/usecases/privacy.js";
import type { ImportOutcome } from "../../core/usecases/skills.js";
import { FORMAT_HELP, readMembersFile, type Rejected } from "../import-file.js";
import { communityArg, intArg, memberArg, type CliRuntimeOptions } from "../runtime.js";

/** `import`, `ask`, `members`, `skills`, `export`, `forget`. */
export function registerMemberCommands(program: Command, getRuntime: (opts?: CliRuntimeOptions) => Promise<Runtime>): void {
  program
    .command("import")
    .description("Bulk-import members and their skills (JSON as in the benchmark datasets, or CSV with id,name,skills,about). Safe to re-run.")
    .argument("<file>", "members.json or members.csv")
    .requiredOption("-c, --community <id>", "community id, e.g. demo or slack:T0123")
    .option("--name <name>", "community display name")
    .action(async (file: string, opts: { community: string; name?: string }) => {
      const community = communityArg(opts.community);
      const { rows, rejected } = await readMembersFile(file);
      await withRuntime(getRuntime, async (rt) => {
        // A new community is how a first import starts; said, so that a typo in --community is noticed.
        const created = !(await rt.store.getCommunity(community));
        await rt.core.members.community(community, opts.name);
        if (created) console.log(`Created community ${community}.`);
        const bar = new cliProgress.SingleBar({ format: "importing [{bar}] {value}/{total} members", stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
        if (process.stderr.isTTY) bar.start(rows.length, 0);
        const outcomes: Record<ImportOutcome, number> = { created: 0, updated: 0, unchanged: 0, kept: 0, departed: 0 };
        for (const row of rows) {
          const actor = { memberId: memberId(community, row.nativeId), communityId: community, displayName: row.name };
          try {
            outcomes[(await rt.core.skills.importProfile(actor, row.skills, row.about)).outcome]++;
          } catch (e) {
            if (!isUserError(e)) throw e;
            rejected.push({ line: row.line, id: row.nativeId, reason: e.message });
          }
          if (process.stderr.isTTY) bar.increment();
        }
        if (process.stderr.isTTY) bar.stop();
        console.log(importSummary(community, outcomes, rejected.length));
        if (rejected.length === 0) return;
        // The good rows are in; say which were left out, so a partial import is never mistaken for a full one.
        printRejected(rejected);
        console.log(`Fix ${rejected.length === 1 ? "that row" : "those rows"} and re-run the import: re-running is safe. ${FORMAT_HELP}`);
        process.exitCode = 1;
      });
    });

  program
    .command("ask")
    .description("Rank the community's members for a question (nobody is contacted)")
    .argument("<question>")
    .requiredOption("-c, --community <id>", "community id")
    .option("--as <member>", "rank as this member (they are never suggested)")
    .option("-n, --limit <n>", "how many suggestions (1–50)", intArg("--limit", 1, 50), 5)
    .option("--json", "print JSON")
    .action(async (question: string, opts: { community: string; as?: string; limit: number; json?: boolean }) => {
      const community = communityArg(opts.community);
      await withRuntime(() => getRuntime({ ranking: true }), async (rt) => {
        const result = await rt.core.asks.preview(community, question, opts.as ? memberArg(opts.as, opts.community) : null, opts.limit);
        if (opts.json) return console.log(JSON.stringify(result, null, 2));
        if (result.abstained || result.suggestions.length === 0) {
          console.log("Nobody here fits this question well enough.");
          if (result.closestSkills.length) console.log(`Closest skills in this community: ${result.closestSkills.join(", ")}`);
          return;
        }
        result.suggestions.forEach((s, i) => console.log(`${i + 1}. ${s.displayName} (${s.memberId}) — score ${s.score.toFixed(3)}\n   ${s.reason}`));
      });
    });

  program
    .command("members")
    .description("List a community's members and their skills")
    .requiredOption("-c, --community <id>", "community id")
    .option("--limit <n>", "at most this many (1–1000)", intArg("--limit", 1, 1000), 100)
    .action(async (opts: { community: string; limit: number }) => {
      const community = communityArg(opts.community);
      await withRuntime(getRuntime, async (rt) => {
        await requireCommunity(rt, community);
        const total = await rt.store.countMembers(community);
        const page = await rt.store.listMembers(community, { limit: opts.limit });
        for (const m of page.members) console.log(`${m.id}\t${m.displayName}\t${listSkills(m.skills)}`);
        console.log(`(${page.members.length} of ${total} members)`);
      });
    });

  program
    .command("skills")
    .description("List the skills declared in a community, with how many members have each")
    .requiredOption("-c, --community <id>", "community id")
    .action(async (opts: { community: string }) => {
      const community = communityArg(opts.community);
      await withRuntime(getRuntime, async (rt) => {
        await requireCommunity(rt, community);
        const counts = await rt.core.communities.skillCounts(community);
        for (const c of counts) console.log(`${c.label}\texpert ${c.expert}\tcan help ${c.canHelp}\tlearning ${c.learning}`);
        console.log(`(${counts.length} skills)`);
      });
    });

  program
    .command("export")
    .description("Print everything stored about one member, as JSON")
    .argument("<member>", "member id (web:demo:m1) or native id with --community")
    .option("-c, --community <id>", "community id")
    .action(async (member: string, opts: { community?: string }) => {
      const id = memberArg(member, opts.community);
      await withRuntime(getRuntime, async (rt) => {
        const m = await rt.store.getMember(id);
        if (!m) throw await noMember(rt, id);
        const { data } = await rt.core.privacy.export({ memberId: id, communityId: m.communityId }, { byOperator: true });
        console.log(JSON.stringify(data, null, 2));
      });
    });

  program
    .command("forget")
    .description("Delete everything stored about one member")
    .argument("<member>", "member id or native id with --community")
    .option("-c, --community <id>", "community id")
    .option("--yes", "do not ask for confirmation")
    .action(async (member: string, opts: { community?: string; yes?: boolean }) => {
      const id = memberArg(member, opts.community);
      if (!opts.yes) throw new CliError("This deletes the member's data for good; re-run with --yes to confirm.");
      await withRuntime(getRuntime, async (rt) => {
        const m = await rt.store.getMember(id);
        if (!m) throw await noMember(rt, id);
        console.log(forgottenText(await rt.core.privacy.erase({ memberId: id, communityId: m.communityId })));
      });
    });
}

export class CliError extends Error {}

/** "No member web:demo:maya." — or, when its community is the typo, that there is no such community. */
async function noMember(rt: Runtime, id: string): Promise<CliError> {
  const community = parseMemberId(id)?.communityId;
  return community && !(await rt.store.getCommunity(community)) ? new CliError(`There is no community ${community} in this store.`) : new CliError(`No member ${id}.`);
}

/** Commands that read a community refuse one the store has never seen: a typo must not read as an empty community. */
export async function requireCommunity(rt: Runtime, id: string): Promise<void> {
  if (!(await rt.store.getCommunity(id))) throw new CliError(`There is no community ${id} in this store.`);
}

/** Runs `fn` with a runtime and always closes it. */
export async function withRuntime(getRuntime: () => Promise<Runtime>, fn: (rt: Runtime) => Promise<void>): Promise<void> {
  const rt = await getRuntime();
  try {
    await fn(rt);
  } finally {
    await rt.close();
  }
}

function printRejected(rejected: Rejected[]): void {
  for (const r of rejected.slice(0, 50)) console.log(`  line ${r.line}${r.id ? ` (${r.id})` : ""}: ${r.reason}`);
  if (rejected.length > 50) console.log(`  … and ${rejected.length - 50} more`);
}

/**
 * The operator's account of a forget: "Deleted web:demo:maya and everything that named them: 2 questions they asked,
 * 5 intro requests they were sent and their place among the admins."
 */
export function forgottenText(r: ForgetReport): string {
  const parts = [`${plural(r.questionsAsked, "question")} they asked`, `${plural(r.introRequests, "intro request")} they were sent`];
  if (r.helped > 0) parts.push(`their name as the helper on ${plural(r.helped, "question")} (kept for the asker)`);
  if (r.wasAdmin) parts.push("their place among the community's admins");
  if (r.gotDigest) parts.push("their place among the weekly digest's recipients");
  return `Deleted ${r.memberId}${r.existed ? "" : " (the member record was already gone)"} and everything that named them: ${andList(parts)}.`;
}

/** "Imported 12 members into demo (3 new, 2 updated, 7 unchanged); left 4 as their members edited them; rejected 1 row, not imported:" */
export function importSummary(community: string, o: Record<ImportOutcome, number>, rejected: number): string {
  const n = o.created + o.updated + o.unchanged;
  const parts = [`Imported ${n} member${n === 1 ? "" : "s"} into ${community} (${o.created} new, ${o.updated} updated, ${o.unchanged} unchanged)`];
  if (o.kept > 0) parts.push(`left ${o.kept} as ${o.kept === 1 ? "its member" : "their members"} edited ${o.kept === 1 ? "it" : "them"} (a member's own word wins over the file)`);
  if (o.departed > 0) parts.push(`skipped ${o.departed} who left the community`);
  parts.push(rejected === 0 ? "rejected 0." : `rejected ${rejected} row${rejected === 1 ? "" : "s"}, not imported:`);
  return parts.join("; ");
}
