import type { Clock } from "../ports/clock.port.js";

/** Kept as long as Discord keeps its own overflowing button values: an answer days later still works. */
const TTL_MS = 7 * 24 * 3600_000;
const MAX = 10_000;

/** What `take` found: the value, a draft already taken (a second press), or nothing (expired, unknown, someone else's). */
export type DraftTake = { kind: "value"; value: string } | { kind: "used" } | { kind: "missing" };

/**
 * Server-side values for buttons whose payload would not fit the platform's limit (`Actor.buttonValueMax`; Discord's
 * custom ids are 100 characters). Lost on restart: the member is asked to try again.
 */
export class Drafts {
  private readonly items = new Map<string, { value: string | null; owner: string; expires: number }>();
  private seq = 0;

  constructor(private readonly clock: Clock) {}

  /** Stores `value` for `owner`; returns a short id. */
  put(owner: string, value: string): string {
    const now = this.clock.now().getTime();
    if (this.items.size >= MAX) {
      for (const [k, v] of this.items) if (v.expires <= now || this.items.size >= MAX) this.items.delete(k);
    }
    const id = `d${(++this.seq).toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    this.items.set(id, { value, owner, expires: now + TTL_MS });
    return id;
  }

  /**
   * The value, once, if it exists, belongs to `owner` and has not expired. Taking it again until it would have expired
   * says "used", so a second press is told it was done rather than that it expired.
   */
  take(owner: string, id: string): DraftTake {
    const it = this.items.get(id);
    if (!it || it.owner !== owner || it.expires <= this.clock.now().getTime()) return { kind: "missing" };
    if (it.value === null) return { kind: "used" };
    const value = it.value;
    it.value = null;
    return { kind: "value", value };
  }
}
