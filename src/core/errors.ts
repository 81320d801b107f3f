/**
 * Two kinds of failure, kept apart:
 * - `UserError`: expected, caused by what a member typed or did; its `message` is safe and friendly to show them.
 * - everything else: a fault (bug, database down, platform error) that is logged and retried or surfaced
 *   as a generic apology, never shown raw.
 */
export type UserErrorCode =
  | "invalid_input"
  | "too_long"
  | "empty"
  | "not_found"
  | "not_allowed"
  | "invalid_transition"
  | "already_handled"
  | "rate_limited";

export class UserError extends Error {
  override readonly name = "UserError";
  constructor(
    readonly code: UserErrorCode,
    message: string,
    /** The input field the error is about, when there is one (forms show it next to the field). */
    readonly field?: string,
  ) {
    super(message);
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** A state transition that the state machine does not allow. */
export class InvalidTransitionError extends UserError {
  constructor(entity: string, from: string, to: string) {
    super("invalid_transition", `This ${entity} is already ${from.replace(/_/g, " ")}, so it can't become ${to.replace(/_/g, " ")}.`);
  }
}

/** Message members see when something broke on our side. */
export const FAULT_MESSAGE = "Sorry — something went wrong on my side and nothing was changed. Please try again in a minute.";
