import type { Clock } from "../ports/clock.port.js";
import type { DraftRead, Store } from "../ports/store.port.js";

/** Kept as long as Discord keeps its own overflowing button values: an answer days later still works. */
const TTL_MS = 7 * 24 * 3600_000;

/**
 * Server-side values for buttons whose payload would not fit the platform's limit (`Actor.buttonValueMax`; Discord's
 * custom ids are 100 characters): kept in the store for a week, so a restart or a deploy between the prompt and the
 * press loses nothing.
 */
export class Drafts {
  constructor(private readonly store: Store, private readonly clock: Clock) {}

  /** Stores `value` for `owner`; returns a short id. */
  async put(owner: string, value: string): Promise<string> {
    const id = crypto.randomUUID().replace(/-/g, "").slice(0, 20);
    const now = this.clock.now();
    await this.store.putDraft({ id, owner, value, expiresAt: new Date(now.getTime() + TTL_MS) }, now);
    return id;
  }

  /** The value if it exists, belongs to `owner`, has not expired and was not used: "used" after `use`, "missing" else. */
  read(owner: string, id: string): Promise<DraftRead> {
    return this.store.readDraft(id, owner, this.clock.now());
  }

  /**
   * Marks it used once what it held is done (not before: a failed save keeps it for another press); a later press is
   * told it was done rather than that it expired.
   */
  use(id: string): Promise<void> {
    return this.store.useDraft(id);
  }
}
