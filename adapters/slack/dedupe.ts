/**
 * Slack redelivers events it thinks were not acknowledged (HTTP retries with X-Slack-Retry-Num, Socket
 * Mode retry_attempt), and Bolt runs listeners again. This global middleware lets each `event_id` through
 * once: a recent-ids LRU answers the common case in memory, and the store's `claimOnce` makes it hold
 * across processes and restarts. If the store is down, the LRU alone decides (logged). An event whose handler
 * throws is forgotten again, so Slack's redelivery gets another chance. Stored ids are pruned after a day
 * (Slack gives up redelivering within the hour): user_change alone fires on every profile edit.
 */
import type { Middleware, AnyMiddlewareArgs } from "@slack/bolt";
import type { Clock } from "../../src/core/ports/clock.port.js";
import type { Logger } from "../../src/core/ports/logger.port.js";
import type { Store } from "../../src/core/ports/store.port.js";

const KEY_PREFIX = "slack:event:";
const KEEP_IDS_MS = 24 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;

export class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly max = 10_000) {}

  /** True the first time `id` is seen (among the last `max`). */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.max) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return true;
  }

  /** Forgets `id` (its handling failed, so a redelivery should run again). */
  delete(id: string): void {
    this.ids.delete(id);
  }
}

export function eventDedupe(store: Pick<Store, "claimOnce" | "releaseOnce" | "forgetOnceBefore">, clock: Clock, logger: Logger, recent = new RecentIds()): Middleware<AnyMiddlewareArgs> {
  let prunedAt = -Infinity;
  return async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId !== "string" || eventId === "") return next();
    const now = clock.now().getTime();
    if (now - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = now;
      // After this event is handled, not before: the listener must ack within 3 s, and SQLite's delete is synchronous.
      setImmediate(() => {
        store.forgetOnceBefore(KEY_PREFIX, new Date(now - KEEP_IDS_MS))
          .catch((err: unknown) => logger.warn({ err }, "could not prune old Slack event ids"));
      });
    }
    if (!recent.add(eventId)) {
      logger.info({ eventId }, "duplicate Slack event dropped");
      return;
    }
    let first = true;
    try {
      first = await store.claimOnce(`${KEY_PREFIX}${eventId}`, clock.now());
    } catch (e) {
      logger.warn({ err: e, eventId }, "could not record the event id in the store; relying on in-memory dedupe");
    }
    if (!first) {
      logger.info({ eventId }, "duplicate Slack event dropped (seen by another process)");
      return;
    }
    try {
      await next();
    } catch (e) {
      // The handler failed: let a redelivery of this event run again rather than drop it.
      recent.delete(eventId);
      await store.releaseOnce(`${KEY_PREFIX}${eventId}`).catch((err: unknown) => logger.warn({ err, eventId }, "could not release the event id"));
      throw e;
    }
  };
}
