import { appendFileSync, existsSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";

/** "- Machine: …" line for a BENCHMARKS.md section: CPU, RAM, Node, platform and the load when the run started. */
export function machineLine(loadAtStart: number[]): string {
  const cpu = cpus();
  return `- Machine: ${cpu[0]?.model ?? "unknown CPU"} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${process.platform}; load average at the start ${loadAtStart.map((x) => x.toFixed(2)).join(" / ")} (other work shares the machine when this is above the core count)`;
}

/** Appends a section (its lines) to a benchmarks file, creating the file with its title if needed. */
export function appendSection(file: string, lines: string[]): void {
  if (!existsSync(file)) writeFileSync(file, "# Benchmarks\n");
  appendFileSync(file, ["", ...lines, ""].join("\n"));
}
