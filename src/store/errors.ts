/**
 * Faults raised by the store implementations. These are never shown to members (they are not
 * `UserError`s): the caller logs them and retries or apologises.
 */
export type StoreErrorCode =
  /** The database cannot be reached (server down, wrong URI, file not writable). */
  | "store_unavailable"
  /** A record with this id already exists where the port says the insert must be new. */
  | "store_duplicate"
  /** The caller passed data the store refuses to persist (invalid date, bad enum, oversized value). */
  | "store_invalid_data"
  /** The database was written by a newer Knowhow (unknown migrations) or is otherwise unusable. */
  | "store_schema";

export class StoreError extends Error {
  override readonly name = "StoreError";
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isStoreError(e: unknown, code?: StoreErrorCode): e is StoreError {
  return e instanceof StoreError && (code === undefined || e.code === code);
}
