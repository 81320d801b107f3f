import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { z } from "zod";
import type { SkillInput } from "../core/domain/skill.js";
import { isUserError } from "../core/errors.js";
import { skillKey } from "../core/skills/normalize.js";
import { parseSkillLine, validateSkillLabel } from "../core/skills/parse.js";

/** One member to import, validated. */
export interface ImportRow {
  line: number;
  nativeId: string;
  name: string;
  skills: SkillInput[];
  about: string;
}

export interface Rejected {
  line: number;
  id: string | null;
  reason: string;
}

const RowSchema = z.object({
  id: z.union([z.string(), z.number()], { error: "id is missing (a string or a number)" }).transform(String).pipe(z.string().trim().regex(/^[A-Za-z0-9_.-]{1,64}$/, "id must be 1–64 letters, digits, dot, dash or underscore")),
  name: z.string().trim().min(1, "name is empty").max(80, "name is over 80 characters").optional(),
  skills: z.union([z.array(z.string()), z.string()]).optional(),
  about: z.string().max(5000).optional(),
}).loose();

/**
 * Reads a members file: JSON (an array, or one object per line) in the benchmark format
 * `{ id, name, skills: [string] | "typed line", about }` (extra fields ignored), or CSV with a header
 * `id,name,skills,about` where skills is a typed line ("SEO; copywriting (expert)").
 */
export async function readMembersFile(path: string): Promise<{ rows: ImportRow[]; rejected: Rejected[] }> {
  const text = await readFile(path, "utf8");
  const records = extname(path).toLowerCase() === ".csv" ? readCsv(text) : readJson(text);
  const rows: ImportRow[] = [];
  const rejected: Rejected[] = [];
  const seen = new Set<string>();
  for (const { line, value } of records) {
    if (value === NOT_JSON) {
      rejected.push({ line, id: null, reason: "not valid JSON" });
      continue;
    }
    const parsed = RowSchema.safeParse(value);
    if (!parsed.success) {
      const idGuess = typeof value === "object" && value && "id" in value ? String((value as { id: unknown }).id) : null;
      rejected.push({ line, id: idGuess, reason: parsed.error.issues.map((i) => `${i.path.join(".") || "row"}: ${i.message}`).join("; ") });
      continue;
    }
    const r = parsed.data;
    if (seen.has(r.id)) {
      rejected.push({ line, id: r.id, reason: "duplicate id in this file" });
      continue;
    }
    try {
      const skills = Array.isArray(r.skills)
        ? dedupe(r.skills.map((s) => validateSkillLabel(s, "can_help")))
        : r.skills && r.skills.trim()
          ? parseSkillLine(r.skills.replace(/;/g, ","))
          : [];
      seen.add(r.id);
      rows.push({ line, nativeId: r.id, name: r.name ?? r.id, skills, about: (r.about ?? "").slice(0, 500) });
    } catch (e) {
      if (!isUserError(e)) throw e;
      rejected.push({ line, id: r.id, reason: e.message });
    }
  }
  return { rows, rejected };
}

/** Drops skills that normalise to one already listed ("ppc" and "pay-per-click"): data files repeat themselves. */
function dedupe(skills: SkillInput[]): SkillInput[] {
  const seen = new Set<string>();
  return skills.filter((s) => {
    const k = skillKey(s.label);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Marks a line of a one-object-per-line file that does not parse. */
const NOT_JSON = Symbol("not valid JSON");

function readJson(text: string): Array<{ line: number; value: unknown }> {
  const trimmed = text.trim();
  try {
    const all: unknown = JSON.parse(trimmed);
    if (Array.isArray(all)) {
      // Line numbers for the usual one-object-per-line layout; otherwise the row index.
      const lines = trimmed.split("\n");
      const perLine = lines.length === all.length + 2;
      return all.map((value, i) => ({ line: perLine ? i + 2 : i + 1, value }));
    }
    return [{ line: 1, value: all }];
  } catch {
    return trimmed.split("\n").map((l, i) => ({ l: l.trim(), i })).filter(({ l }) => l && l !== "[" && l !== "]").map(({ l, i }) => {
      try {
        return { line: i + 1, value: JSON.parse(l.replace(/,$/, "")) as unknown };
      } catch {
        return { line: i + 1, value: NOT_JSON };
      }
    });
  }
}

function readCsv(text: string): Array<{ line: number; value: unknown }> {
  const records = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true }) as Array<{ record: Record<string, string>; info: { lines: number } }>;
  return records.map(({ record, info }) => ({ line: info.lines, value: record }));
}
