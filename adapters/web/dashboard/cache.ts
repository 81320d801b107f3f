/** How long a slow dashboard is kept: its "as of" time says how old it is. */
export const DASHBOARD_TTL_MS = 60_000;
/**
 * Only a dashboard that took at least this long is kept (a big community): a small one is cheap to compute, and there
 * fresh figures matter more (the playground shows each action and each move of its clock at once).
 */
export const SLOW_DASHBOARD_MS = 100;

export interface DashboardCacheOptions {
  ttlMs?: number;
  /** Computations faster than this are not kept (in-flight sharing still applies). */
  keepIfSlowerThanMs?: number;
  /** At most this many entries (one per community and period); the oldest go first. */
  maxEntries?: number;
  /** Milliseconds, monotonic (real time, not the playground's simulated clock). */
  now?: () => number;
}

/**
 * Dashboards by key (community and period). Loads that arrive while one is computed share that computation, and a slow
 * one is kept for `ttlMs`: reading a 20,000-member community costs a third of a second of synchronous store work, which
 * six admins reloading at once would otherwise repeat six times while every other request waits. A failed computation
 * is not kept.
 */
export class DashboardCache<T> {
  private readonly entries = new Map<string, { value: Promise<T>; until: number }>();
  private readonly ttlMs: number;
  private readonly minCostMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(opts: DashboardCacheOptions = {}) {
    this.ttlMs = opts.ttlMs ?? DASHBOARD_TTL_MS;
    this.minCostMs = opts.keepIfSlowerThanMs ?? SLOW_DASHBOARD_MS;
    this.maxEntries = opts.maxEntries ?? 100;
    this.now = opts.now ?? (() => performance.now());
  }

  /** The kept or in-flight value for `key`, else what `compute` returns (shared until it settles, then kept if slow). */
  get(key: string, compute: () => Promise<T>): Promise<T> {
    const started = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > started) return hit.value;
    this.entries.delete(key);
    const entry = { value: compute(), until: Number.POSITIVE_INFINITY };
    this.entries.set(key, entry);
    const drop = () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    entry.value.then(() => {
      const done = this.now();
      if (done - started >= this.minCostMs) entry.until = done + this.ttlMs;
      else drop();
    }, drop);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
    return entry.value;
  }
}
