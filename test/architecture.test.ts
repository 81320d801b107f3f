import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const CORE = join(ROOT, "src/core");
const SDKS = /^(@slack\/|discord\.js|mongoose|mongodb|agenda|@agendajs\/|openai|better-sqlite3|express|ws|pino)/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
export function importsOf(source: string): string[] {
  const specs: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|import\s+["']([^"']+)["']/g;
  for (const m of source.matchAll(re)) specs.push((m[1] ?? m[2] ?? m[3])!);
  return specs;
}

describe("architecture: src/core is platform- and database-free", () => {
  const files = tsFiles(CORE);

  it("finds the core's files", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [relative(ROOT, f), f]))("%s imports no SDK and nothing outside src/core", (_name, file) => {
    const src = readFileSync(file, "utf8");
    for (const spec of importsOf(src)) {
      expect(spec, `${spec} is an SDK`).not.toMatch(SDKS);
      expect(spec, `${spec} is a Node built-in`).not.toMatch(/^node:/);
      if (spec.startsWith(".")) {
        const target = join(file, "..", spec);
        expect(relative(CORE, target).startsWith(".."), `${spec} points outside src/core`).toBe(false);
      } else {
        expect.fail(`src/core imports the package ${spec}; the core may import no packages`);
      }
    }
  });

  it.each(files.map((f) => [relative(ROOT, f), f]))("%s never reads process.env", (_name, file) => {
    expect(readFileSync(file, "utf8")).not.toMatch(/process\s*\.\s*env|process\s*\[\s*["']env/);
  });

  it("the import scanner catches what it must (so the rule above can fail)", () => {
    expect(importsOf(`import { App } from "@slack/bolt";`)).toEqual(["@slack/bolt"]);
    expect(importsOf(`import type { X } from "../../store/sqlite.js";`)).toEqual(["../../store/sqlite.js"]);
    expect(importsOf(`const m = await import("mongoose");`)).toEqual(["mongoose"]);
    expect(importsOf(`export * from "discord.js";`)).toEqual(["discord.js"]);
    expect(importsOf(`import "openai/shims";`)).toEqual(["openai/shims"]);
  });
});
