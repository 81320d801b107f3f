import type { Clock } from "../ports/clock.port.js";

const TTL_MS = 24 * 3600_000;
const MAX = 10_000;

/**
 * Short-lived server-side values for buttons whose payload would not fit a platform's limit
 * (Discord custom ids are 100 characters). Lost on restart: the member is asked to try again.
 */
export class Drafts {
  private readonly items = new Map<string, { value: string; owner: string; expires: number }>();
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

  /** The value if it exists, belongs to `owner` and has not expired; null otherwise. */
  take(owner: string, id: string): string | null {
    const it = this.items.get(id);
    if (!it || it.owner !== owner || it.expires <= this.clock.now().getTime()) return null;
    this.items.delete(id);
    return it.value;
  }
}
