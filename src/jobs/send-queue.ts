import Bottleneck from "bottleneck";
import type { RequestOrigin } from "../core/domain/request.js";
import { communityOf, platformOf, type CommunityId, type MemberId } from "../core/ids.js";
import type { Message } from "../core/messages.js";
import type { Logger } from "../core/ports/logger.port.js";
import { DeliveryError, type Delivery, type Messenger } from "../core/ports/messenger.port.js";

export interface SendQueueOptions {
  /** Minimum gap between two sends in one community (ms). Slack allows about one message a second per conversation. */
  minTimeMs?: number;
  /** Sends in flight per community. */
  maxConcurrent?: number;
  /** Retries after the platform answered "rate limited" (DeliveryError "rate_limited") before giving up. */
  retries?: number;
  /** First back-off (ms); doubles per retry, capped at maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  logger: Logger;
}

const DEFAULTS = { minTimeMs: 1_000, maxConcurrent: 1, retries: 3, backoffMs: 30_000, maxBackoffMs: 5 * 60_000 };

/**
 * The Messenger that scheduled sweeps send through: one bottleneck queue per community (communities never
 * slow each other down), at most `maxConcurrent` sends and one every `minTimeMs`. When the platform adapter
 * reports that it is still rate-limited after its own retries (DeliveryError "rate_limited", i.e. HTTP 429),
 * the send is retried after an exponential back-off, holding that community's queue so nothing else is sent
 * meanwhile; after `retries` it fails with the same error and the sweep defers the rest to its next run.
 * The playground's web communities are not paced: their messages go to an inbox in memory, not to a platform,
 * and a sweep of a few dozen nudges would otherwise keep the playground waiting for as many seconds.
 */
export class QueuedMessenger implements Messenger {
  private readonly opts: Required<Omit<SendQueueOptions, "logger">>;
  private readonly limiters = new Map<CommunityId, Bottleneck>();
  private readonly log: Logger;

  constructor(private readonly inner: Messenger, options: SendQueueOptions) {
    const { logger, ...rest } = options;
    this.opts = { ...DEFAULTS, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) };
    this.log = logger.child({ component: "send-queue" });
  }

  sendDirect(to: MemberId, message: Message, fallback?: RequestOrigin): Promise<Delivery> {
    return this.enqueue(to, () => this.inner.sendDirect(to, message, fallback));
  }

  introduce(members: MemberId[], message: Message, origin?: RequestOrigin): Promise<Delivery> {
    const first = members[0];
    if (!first) return Promise.reject(new DeliveryError("not_found", "introduce() needs at least one member"));
    return this.enqueue(first, () => this.inner.introduce(members, message, origin));
  }

  postToChannel(asMemberOf: MemberId, channelId: string, message: Message, threadId?: string | null): Promise<Delivery> {
    return this.enqueue(asMemberOf, () => this.inner.postToChannel(asMemberOf, channelId, message, threadId));
  }

  /** Not a send: asked at once, outside the queue. */
  async isPlatformAdmin(member: MemberId): Promise<boolean | null> {
    return this.inner.isPlatformAdmin ? this.inner.isPlatformAdmin(member) : null;
  }

  /** Sends waiting or in flight, over all communities. */
  pending(): number {
    let n = 0;
    for (const l of this.limiters.values()) {
      const c = l.counts();
      n += c.RECEIVED + c.QUEUED + c.RUNNING + c.EXECUTING;
    }
    return n;
  }

  /** Waits for queued sends to finish (they still go out), then releases the queues. */
  async close(): Promise<void> {
    const all = [...this.limiters.values()];
    this.limiters.clear();
    await Promise.all(all.map((l) => l.stop({ dropWaitingJobs: false })));
  }

  private enqueue(member: MemberId, send: () => Promise<Delivery>): Promise<Delivery> {
    return this.limiter(communityOf(member)).schedule(send);
  }

  private limiter(communityId: CommunityId): Bottleneck {
    let l = this.limiters.get(communityId);
    if (l) return l;
    l = new Bottleneck({ maxConcurrent: this.opts.maxConcurrent, minTime: platformOf(communityId) === "web" ? 0 : this.opts.minTimeMs });
    l.on("failed", (error: unknown, info: Bottleneck.EventInfoRetryable) => {
      if (!(error instanceof DeliveryError) || error.reason !== "rate_limited" || info.retryCount >= this.opts.retries) return null;
      const wait = Math.min(this.opts.maxBackoffMs, this.opts.backoffMs * 2 ** info.retryCount);
      this.log.warn({ communityId, attempt: info.retryCount + 1, waitMs: wait }, "platform rate limit: backing off");
      return wait;
    });
    l.on("error", (e: unknown) => this.log.error({ err: e, communityId }, "send queue error"));
    this.limiters.set(communityId, l);
    return l;
  }
}
