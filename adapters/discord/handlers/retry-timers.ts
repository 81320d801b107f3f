/**
 * The timers behind "tried again later" in reconcile.ts (one per server) and removed-offline.ts (one per sweep: the
 * whole client's, or one shard's). One pending retry per key: scheduling another replaces it, so a key is never tried
 * twice at once from here. Timers are unref'd (a pending retry never keeps the process alive) and dropped by `close`.
 * How many tries, how long to wait and what to log stay with each caller: they differ.
 */
export class RetryTimers<K> {
  private readonly timers = new Map<K, NodeJS.Timeout>();
  private closed = false;

  /** Runs `fn` after `waitMs`, replacing the retry pending for `key`; nothing once closed. */
  schedule(key: K, waitMs: number, fn: () => void): void {
    if (this.closed) return;
    this.cancel(key);
    const t = setTimeout(() => {
      this.timers.delete(key);
      fn();
    }, waitMs);
    t.unref();
    this.timers.set(key, t);
  }

  /** Drops the retry pending for `key`, if any. */
  cancel(key: K): void {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  /** Drops every pending retry; later `schedule` calls do nothing. */
  close(): void {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
