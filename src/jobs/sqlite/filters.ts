/**
 * The small subset of MongoDB query semantics the agenda repository needs, evaluated in JS on a job
 * document: equality on dot paths (`{"data.userId": 7}`) for `unique()` constraints and data filters,
 * plus the comparison operators a `unique` query may legitimately use. Server-side-code operators
 * (`$where`, `$function`, `$accumulator`, `$expr`) are rejected, as the Mongo backend does.
 */
export class UnsupportedQueryError extends Error {
  override readonly name = "UnsupportedQueryError";
}

const BANNED = new Set(["$where", "$function", "$accumulator", "$expr"]);
const OPERATORS = new Set(["$eq", "$ne", "$in", "$nin", "$gt", "$gte", "$lt", "$lte", "$exists"]);

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The value at a dot path ("data.nested.key"); undefined when any segment is missing. */
export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Structural equality (Dates by instant, objects by keys in any order, arrays in order). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (a === b) return true;
  // Mongo treats a missing field as null for equality.
  if ((a === undefined || a === null) && (b === undefined || b === null)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

function compare(a: unknown, b: unknown): number | null {
  const norm = (v: unknown) => (v instanceof Date ? v.getTime() : v);
  const x = norm(a);
  const y = norm(b);
  if (typeof x === "number" && typeof y === "number") return x - y;
  if (typeof x === "string" && typeof y === "string") return x < y ? -1 : x > y ? 1 : 0;
  return null;
}

/** Throws on operators that would evaluate code, and on operators this port does not implement. */
export function assertSafeQuery(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(assertSafeQuery);
  if (!isPlainObject(value)) return;
  for (const [k, child] of Object.entries(value)) {
    if (BANNED.has(k)) throw new UnsupportedQueryError(`Unsafe operator "${k}" is not allowed in a unique() constraint`);
    if (k.startsWith("$") && !OPERATORS.has(k)) throw new UnsupportedQueryError(`Operator "${k}" is not supported by the embedded agenda backend`);
    assertSafeQuery(child);
  }
}

function matchesCondition(actual: unknown, expected: unknown): boolean {
  const isOps = isPlainObject(expected) && Object.keys(expected).length > 0 && Object.keys(expected).every((k) => k.startsWith("$"));
  if (!isOps) return deepEqual(actual, expected);
  return Object.entries(expected).every(([op, arg]) => {
    switch (op) {
      case "$eq": return deepEqual(actual, arg);
      case "$ne": return !deepEqual(actual, arg);
      case "$in": return Array.isArray(arg) && arg.some((x) => deepEqual(actual, x));
      case "$nin": return Array.isArray(arg) && !arg.some((x) => deepEqual(actual, x));
      case "$exists": return (actual !== undefined) === Boolean(arg);
      case "$gt": { const c = compare(actual, arg); return c !== null && c > 0; }
      case "$gte": { const c = compare(actual, arg); return c !== null && c >= 0; }
      case "$lt": { const c = compare(actual, arg); return c !== null && c < 0; }
      case "$lte": { const c = compare(actual, arg); return c !== null && c <= 0; }
      default: throw new UnsupportedQueryError(`Operator "${op}" is not supported by the embedded agenda backend`);
    }
  });
}

/** Whether `doc` matches a Mongo-style query of dot paths (every condition must hold). */
export function matchesQuery(doc: Record<string, unknown>, query: Record<string, unknown>): boolean {
  return Object.entries(query).every(([path, expected]) => matchesCondition(getPath(doc, path), expected));
}

/** `{a: 1, nested: {k: "v"}}` → `{"data.a": 1, "data.nested.k": "v"}` (partial matching on job data). */
export function flattenDataFilter(data: Record<string, unknown>, prefix = "data"): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    const key = `${prefix}.${k}`;
    if (isPlainObject(v)) Object.assign(out, flattenDataFilter(v, key));
    else out[key] = v;
  }
  return out;
}

/** A `data` option (object → partial match on paths; anything else → the whole data equals it) as a query. */
export function dataQuery(data: unknown): Record<string, unknown> {
  return isPlainObject(data) ? flattenDataFilter(data) : { data };
}
