import { StoreError } from "../errors.js";

const UNAVAILABLE = /Network|ServerSelection|NotConnected|TopologyClosed|ClientClosed|PoolClosed|Timeout|Interrupted/;
const INVALID = new Set(["ValidationError", "ValidatorError", "CastError", "StrictModeError", "ObjectParameterError"]);

/** True for MongoDB's duplicate-key error (E11000). */
export function isDuplicateKey(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === 11000;
}

/** Maps driver and mongoose errors to coded StoreErrors (anything else passes through unchanged). */
export function translateMongoError(e: unknown, what: string): unknown {
  if (e instanceof StoreError || !(e instanceof Error)) return e;
  if (isDuplicateKey(e)) return new StoreError("store_duplicate", `${what}: a record with this id already exists`, { cause: e });
  if (INVALID.has(e.name)) return new StoreError("store_invalid_data", `${what}: ${e.message}`, { cause: e });
  if (UNAVAILABLE.test(e.name) || /before initial connection is complete|Client must be connected|connection .*closed/i.test(e.message)) {
    return new StoreError("store_unavailable", `${what}: MongoDB is not reachable (${e.name}: ${e.message})`, { cause: e });
  }
  return e;
}
