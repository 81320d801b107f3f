import type { Command } from "commander";
export function registerSpeedBench(program: Command): void {
  program.command("speed").action(() => undefined);
}
