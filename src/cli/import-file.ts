import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { CsvError, parse as parseCsv } from "csv-parse/sync";
import { z } from "zod";
import { inputErrorMap, namesField } from "../app/input-errors.js";
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

/** Where error messages send the operator: the README section that shows a valid file. */
export const FORMAT_HELP = "See “Importing members” in the README for the format (JSON: [{\"id\": …, \"name\": …, \"skills\": […]}, …]; CSV: a header line id,name,skills,about).";

/** A members file that cannot be read as a whole: nothing in it is imported. */
export class ImportFileError extends Error {
  constructor(path: string, line: number | null, what: string) {
    super(`Cannot import ${path}${line ? `, line ${line}` : ""}: ${what}. Nothing was imported. ${FORMAT_HELP}`);
  }
}

const RowSchema = z.object({
  id: z.union([z.string(), z.number()], { error: "id is missing (a string or a number)" }).transform(String).pipe(z.string().trim().regex(/^[A-Za-z0-9_.-]{1,64}$/, "id must be 1–64 letters, digits, dot, dash or underscore")),
  name: z.string().trim().min(1, "name is empty").max(80, "name is over 80 characters").optional(),
  skills: z.union([z.array(z.string()), z.string()]).optional(),
  about: z.string().max(5000).optional(),
}, { error: "not a member: expected an object like {\"id\": \"ana\", \"name\": \"Ana\", \"skills\": [\"SEO\"]}" }).loose();

/**
 * Reads a members file: JSON (an array, or one object per line) in the benchmark format
 * `{ id, name, skills: [string] | "typed line", about }` (extra fields ignored), or CSV with a header
 * `id,name,skills,about` where skills is a typed line ("SEO; copywriting (expert)").
 * A file that cannot be read as a whole throws `ImportFileError`; a bad row is rejected on its own, with its line.
 */
export async function readMembersFile(path: string): Promise<{ rows: ImportRow[]; rejected: Rejected[] }> {
  const text = await readText(path);
  const records = isCsv(path, text) ? readCsv(path, text) : readJson(path, text);
  const rows: ImportRow[] = [];
  const rejected: Rejected[] = [];
  const seen = new Set<string>();
  for (const { line, value } of records) {
    if (value === NOT_JSON) {
      rejected.push({ line, id: null, reason: "not valid JSON" });
      continue;
    }
    if (value instanceof TooManyFields) {
      rejected.push({ line, id: value.id, reason: value.reason });
      continue;
    }
    const parsed = RowSchema.safeParse(value, { error: inputErrorMap });
    if (!parsed.success) {
      const idGuess = typeof value === "object" && value && "id" in value ? String((value as { id: unknown }).id) : null;
      rejected.push({ line, id: idGuess, reason: parsed.error.issues.map(issueText).join("; ") });
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

/** One problem of a row, naming its field once ("skills must be a list or text", "about: …"). */
function issueText(i: z.core.$ZodIssue): string {
  const path = i.path.map(String).join(".");
  return !path || namesField(i.message, path) ? i.message : `${path}: ${i.message}`;
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

/** A CSV row with more fields than the header names: its values cannot be put in their columns. */
class TooManyFields {
  constructor(
    readonly id: string | null,
    readonly reason: string,
  ) {}
}

/** The file as UTF-8 text (without a byte-order mark), or an `ImportFileError` saying why it is not. */
async function readText(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "there is no such file" : code === "EISDIR" ? "it is a directory, not a file" : code === "EACCES" ? "no permission to read it" : (e as Error).message;
    throw new ImportFileError(path, null, why);
  }
  if (bytes.subarray(0, 8192).includes(0)) throw new ImportFileError(path, null, "it is a binary file, not text");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const lossy = new TextDecoder("utf-8").decode(bytes);
    throw new ImportFileError(path, lineAt(lossy, lossy.indexOf("\uFFFD")), "it is not UTF-8 text (save it as UTF-8, e.g. “CSV UTF-8” in a spreadsheet)");
  }
  if (!text.trim()) throw new ImportFileError(path, null, "the file is empty");
  return text;
}

/** CSV by its extension; a file named otherwise (.txt) is JSON only if it starts like JSON. */
function isCsv(path: string, text: string): boolean {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv") return true;
  if ([".json", ".jsonl", ".ndjson"].includes(ext)) return false;
  return !/^\s*[[{]/.test(text);
}

/** The 1-based line of character `index` in `text`. */
function lineAt(text: string, index: number): number {
  return text.slice(0, Math.max(0, index)).split("\n").length;
}

function readJson(path: string, text: string): Array<{ line: number; value: unknown }> {
  const trimmed = text.trim();
  let all: unknown;
  try {
    all = JSON.parse(trimmed);
  } catch (e) {
    const error = e as Error;
    // One object per line, or an array written one object per line with a broken line: the rest still imports.
    const values = trimmed.split("\n").map((l, i) => ({ l: l.trim(), i })).filter(({ l }) => l && l !== "[" && l !== "]").map(({ l, i }) => {
      try {
        return { line: i + 1, value: JSON.parse(l.replace(/,$/, "")) as unknown };
      } catch {
        return { line: i + 1, value: NOT_JSON as unknown };
      }
    });
    if (values.some((v) => v.value !== NOT_JSON)) return values;
    // Not a line-per-object file either: say where the file as a whole goes wrong.
    const at = /position (\d+)/.exec(error.message);
    const what = error.message.replace(/ in JSON at position \d+.*$/s, "").replace(/, (\.\.\.)?".*$/s, "");
    throw new ImportFileError(path, at ? lineAt(trimmed, Number(at[1])) : null, `it is not valid JSON (${what})`);
  }
  if (Array.isArray(all)) {
    if (all.length === 0) throw new ImportFileError(path, null, "the list is empty: it names no members");
    // Line numbers for the usual one-object-per-line layout; otherwise the row index.
    const lines = trimmed.split("\n");
    const perLine = lines.length === all.length + 2;
    return all.map((value, i) => ({ line: perLine ? i + 2 : i + 1, value }));
  }
  // A lone member object is a one-line file of one object per line; anything else is not a list of members.
  if (all && typeof all === "object" && "id" in all) return [{ line: 1, value: all }];
  const what = all === null ? "null" : typeof all === "object" ? `an object with the fields ${Object.keys(all).slice(0, 5).join(", ") || "(none)"}` : `a single ${typeof all}`;
  throw new ImportFileError(path, null, `it is ${what}, not a list of members`);
}

/** The delimiters a CSV file may use, by name (a spreadsheet set to a European locale saves with semicolons). */
const DELIMITERS = { ",": "commas", ";": "semicolons", "\t": "tabs" } as const;
type Delimiter = keyof typeof DELIMITERS;

/** The delimiter of a CSV file, from its header line: the one it uses most outside quotes (a comma when none is). */
export function csvDelimiter(text: string): Delimiter {
  const header = text.split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  const counts: Record<Delimiter, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch as Delimiter]++;
  }
  return (Object.keys(counts) as Delimiter[]).reduce((best, d) => (counts[d] > counts[best] ? d : best), ",");
}

function readCsv(path: string, text: string): Array<{ line: number; value: unknown }> {
  let lastLine = 0;
  let records: Array<{ record: string[]; info: { lines: number } }>;
  const delimiter = csvDelimiter(text);
  try {
    records = parseCsv(text, {
      delimiter,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      // A quote inside an unquoted field (Jo "JJ" Lee) is kept as written.
      relax_quotes: true,
      info: true,
      on_record: (record, { lines }) => ((lastLine = lines), record),
    }) as unknown as typeof records;
  } catch (e) {
    // A broken quote shifts every field after it: no row past it can be trusted, so the file is refused.
    if (!(e instanceof CsvError)) throw e;
    if (e.code === "CSV_QUOTE_NOT_CLOSED") throw new ImportFileError(path, lastLine + 1, "a field opens a double quote that is never closed");
    if (e.code === "CSV_INVALID_CLOSING_QUOTE" || e.code === "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE") throw new ImportFileError(path, (e as CsvError & { lines: number }).lines, 'a quoted field goes on after its closing quote (write "" for a quote inside a quoted field)');
    throw new ImportFileError(path, (e as CsvError & { lines?: number }).lines ?? null, e.message);
  }
  const [head, ...body] = records;
  const columns = head!.record.map((c) => c.toLowerCase());
  if (!columns.includes("id")) {
    const names = head!.record.slice(0, 6).map((c) => `“${c.slice(0, 30)}”`).join(", ") + (head!.record.length > 6 ? ", …" : "");
    throw new ImportFileError(path, head!.info.lines, `the first line must be a header naming the columns id (required), name, skills and about, in any order, separated by commas, semicolons or tabs; it names ${names}`);
  }
  const twice = columns.find((c, i) => c && columns.indexOf(c) !== i);
  if (twice) throw new ImportFileError(path, head!.info.lines, `the header names the column “${twice}” twice`);
  if (body.length === 0) throw new ImportFileError(path, null, "it has a header but no members");
  return body.map(({ record, info }) => {
    if (record.length > columns.length) {
      return { line: info.lines, value: new TooManyFields(record[columns.indexOf("id")] || null, `${record.length} fields but the header names ${columns.length} (put a field with ${DELIMITERS[delimiter]} in double quotes${delimiter === "," ? ", or separate skills with ;" : ""})`) };
    }
    // An empty cell is a missing value, as a spreadsheet means it (a name left blank defaults to the id).
    return { line: info.lines, value: Object.fromEntries(record.map((v, i) => [columns[i], v] as const).filter(([c, v]) => c && v !== "")) };
  });
}
