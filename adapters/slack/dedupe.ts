/**
 * Slack redelivers events it thinks were not acknowledged (HTTP retries with X-Slack-Retry-Num, Socket
 * Mode retry_attempt), and Bolt runs listeners again. This global middleware lets each `event_id` through
 * once: a recent-ids LRU answers the common case in memory, and the store's `claimOnce` makes it hold
 * across processes and restarts. If the store is down, the LRU alone decides (logged). An event whose handler
 * throws is forgotten again, so Slack's redelivery gets another chance.
 */
import type { Middleware, AnyMiddlewareArgs } from "@slack/bolt";
import type { Clock } from "../../src/core/ports/clock.port.js";
import type { Logger } from "../../src/core/ports/logger.port.js";
import type { Store } from "../../src/core/ports/store.port.js";

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

export function eventDedupe(store: Pick<Store, "claimOnce" | "releaseOnce">, clock: Clock, logger: Logger, recent = new RecentIds()): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId !== "string" || eventId === "") return next();
    if (!recent.add(eventId)) {
      logger.info({ eventId }, "duplicate Slack event dropped");
      return;
    }
    let first = true;
    try {
      first = await store.claimOnce(`slack:event:${eventId}`, clock.now());
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
      await store.releaseOnce(`slack:event:${eventId}`).catch((err: unknown) => logger.warn({ err, eventId }, "could not release the event id"));
      throw e;
    }
  };
}
