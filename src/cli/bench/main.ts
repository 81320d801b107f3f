/**
 * `npm run bench -- <name> …`: benchmarks. Each benchmark registers itself from its own file.
 * Figures go to BENCHMARKS.md with the machine, the command and the date.
 */
import { Command } from "commander";
import { registerCalibrateBench } from "./calibrate.js";
import { registerNudgeBench } from "./nudge.js";
import { registerQualityBench } from "./quality.js";
import { registerSlackAckBench } from "./slack-ack.js";
import { registerSpeedBench } from "./speed.js";

const program = new Command("bench").description("Knowhow benchmarks").showHelpAfterError();
registerSlackAckBench(program);
registerQualityBench(program);
registerSpeedBench(program);
registerCalibrateBench(program);
registerNudgeBench(program);

await program.parseAsync(process.argv.slice(2), { from: "user" });
