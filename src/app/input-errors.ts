import type { z } from "zod";

/** What a value of each zod type is called in a message. */
const KIND: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  bigint: "a whole number",
  string: "text",
  array: "a list",
  tuple: "a list",
  boolean: "true or false",
  object: "an object with named fields",
  record: "an object with named fields",
  date: "a date",
  null: "null",
};

const kind = (expected: string): string => KIND[expected] ?? expected;

/** What a value is, in a message's words ("text", "a list"); null when that says nothing (NaN from coercing text). */
function kindOf(value: unknown): string | null {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "number") return Number.isNaN(value) ? null : "a number";
  return KIND[typeof value] ?? typeof value;
}

/** ", not text": what the value was instead, when that adds something. */
function notWas(value: unknown, expected: string): string {
  const was = kindOf(value);
  return was === null || was === kind(expected) || (expected === "int" && typeof value === "number") ? "" : `, not ${was}`;
}

/**
 * Zod's messages in words for people ("hours must be a number, not text") instead of its own ("Invalid input: expected
 * number, received string"), naming the field. Pass it to `safeParse(value, { error: inputErrorMap })`: messages a
 * schema sets itself win over it, and an issue it has no words for keeps zod's.
 */
export const inputErrorMap: z.core.$ZodErrorMap = (issue) => friendlyIssue(issue);

function friendlyIssue(issue: z.core.$ZodRawIssue): string | undefined {
  const field = issue.path?.length ? issue.path.map(String).join(".") : null;
  const it = field ?? "the input";
  switch (issue.code) {
    case "invalid_type": {
      if (issue.input === undefined) return field ? `Please fill in ${field}` : "Something is missing";
      return `${it} must be ${kind(issue.expected)}${notWas(issue.input, issue.expected)}`;
    }
    case "invalid_union": {
      if (issue.input === undefined) return field ? `Please fill in ${field}` : "Something is missing";
      // A value of one of the accepted types that is wrong inside (a list with a number in it): say what is wrong there.
      const inner = issue.errors.flat().find((i) => i.path.length > 0 && i.code === "invalid_type");
      if (inner?.code === "invalid_type") return `${[field, ...inner.path.map(String)].filter(Boolean).join(".")} must be ${kind(inner.expected)}`;
      const kinds = [...new Set(issue.errors.map((branch) => branch[0]).flatMap((i) => (i?.code === "invalid_type" && i.path.length === 0 ? [kind(i.expected)] : [])))];
      const was = kindOf(issue.input);
      return kinds.length > 0 ? `${it} must be ${orList(kinds)}${was && !kinds.includes(was) ? `, not ${was}` : ""}` : undefined;
    }
    case "too_small": {
      const n = Number(issue.minimum);
      if (issue.origin === "string") return n <= 1 ? `${it} is empty` : `${it} must be at least ${n} characters`;
      if (issue.origin === "array" || issue.origin === "set") return `${it} needs at least ${n} ${n === 1 ? "item" : "items"}`;
      if (issue.origin === "number" || issue.origin === "int" || issue.origin === "bigint") return `${it} must be ${issue.inclusive ? "at least" : "more than"} ${n}`;
      return undefined;
    }
    case "too_big": {
      const n = Number(issue.maximum);
      if (issue.origin === "string") return `${it} is too long (at most ${n} characters)`;
      if (issue.origin === "array" || issue.origin === "set") return `${it} has too many items (at most ${n})`;
      if (issue.origin === "number" || issue.origin === "int" || issue.origin === "bigint") return `${it} must be ${issue.inclusive ? "at most" : "less than"} ${n}`;
      return undefined;
    }
    case "invalid_value":
      return `${it} must be ${orList(issue.values.map((v) => JSON.stringify(v)))}`;
    default:
      return undefined;
  }
}

/** Whether `message` starts by naming `field` (or a part of it: `skills.1 must be text`). */
export function namesField(message: string, field: string): boolean {
  return message.startsWith(field) && /^[ .]/.test(message.slice(field.length));
}

function orList(items: string[]): string {
  return new Intl.ListFormat("en-GB", { type: "disjunction" }).format(items);
}
