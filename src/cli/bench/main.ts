/**
 * `npm run bench -- <name> …`: benchmarks. Each benchmark registers itself from its own file.
 * Figures go to BENCHMARKS.md with the machine, the command and the date.
 */
import { Command } from "commander";
import { registerRankingBenches } from "./ranking/cli.js";
import { registerNudgeBench } from "./nudge.js";
import { registerSlackAckBench } from "./slack-ack.js";

const program = new Command("bench").description("Knowhow benchmarks").showHelpAfterError();
registerRankingBenches(program); // quality, speed
registerNudgeBench(program);
registerSlackAckBench(program);

await program.parseAsync(process.argv.slice(2), { from: "user" });
