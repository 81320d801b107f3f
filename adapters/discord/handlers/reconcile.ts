/**
 * Catching up with a server's member list. Members who left while the bot was offline or its gateway disconnected
 * never produced a GuildMemberRemove (after a resume, Discord replays the leave, but discord.js emits no event for a
 * replayed one); members back meanwhile, or still there when the bot is invited back after a removal, no
 * GuildMemberAdd. So when the client is ready, when a session resumes with replayed events, when a server becomes
 * available again (after an outage, or in a new session after a reconnect that could not resume) and when the bot
 * joins or rejoins a server, the server's whole member list is fetched over the gateway (Request Guild Members: one
 * request, chunks of 1,000; it needs the Server Members intent, which the client always asks for) and each stored
 * member of its community is brought in line through the live paths of members.ts:
 * - not in the server and not departed: treated as having left (`recordLeave`, as on GuildMemberRemove);
 * - in the server and departed: matched again (`members.returned`, as a reactivated Slack account is), without
 *   counting as activity: the member did nothing, so their nudge schedule and back-off stay as they were.
 * Users the store has never seen are not created: nobody is welcomed for having been in the server all along.
 *
 * A fetch that fails (timeout, gateway rate limit) or comes back with fewer members than the server counts changes
 * nothing: it is logged and tried again later. Fetches run one server at a time. The changes are applied in the
 * server's event queue (the router's), after the live member events received before them; a user with a live join
 * or leave since the fetch started is left to that event's handler, as the fetched list may be older than it.
 */
import type { Collection, Guild, GuildMember } from "discord.js";
import type { Logger } from "../../../src/core/ports/logger.port.js";
import type { HandlerContext } from "./context.js";
import { discordCommunity, discordIdsOf, discordMember } from "../ids.js";
import { recordLeave } from "./members.js";
import { RetryTimers } from "./retry-timers.js";

export interface ReconcileOptions {
  /** Most time between two chunks of a member list before the fetch fails (default 60 s). */
  fetchTimeoutMs?: number;
  /** Wait before trying a failed server again (default 5 min; a gateway rate limit's own wait when longer). */
  retryMs?: number;
  /** Tries per trigger (default 4); after the last, members stay as they are until the next trigger. */
  attempts?: number;
}

/** How the reconciler runs work: tracked (so shutdown waits for it) and, for changes, in a server's event queue. */
export interface ReconcileHooks {
  track(what: string, work: Promise<void>): void;
  inGuild(guildId: string, what: string, fn: () => Promise<void>): Promise<void>;
}

export type ReconcileReason = "ready" | "available" | "joined" | "resumed";

export class MemberReconciler {
  private readonly fetchTimeoutMs: number;
  private readonly retryMs: number;
  private readonly attempts: number;
  /** Servers waiting for their turn (one request each). */
  private readonly queued = new Set<string>();
  private readonly retries = new RetryTimers<string>();
  /** Per server being reconciled: users with a live join or leave since its fetch started. */
  private readonly liveSince = new Map<string, Set<string>>();
  private turn: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly closing: Promise<null>;
  private endFetches: () => void = () => {};

  constructor(private readonly ctx: HandlerContext, private readonly hooks: ReconcileHooks, opts: ReconcileOptions = {}) {
    this.fetchTimeoutMs = opts.fetchTimeoutMs ?? 60_000;
    this.retryMs = opts.retryMs ?? 300_000;
    this.attempts = opts.attempts ?? 4;
    this.closing = new Promise((resolve) => (this.endFetches = () => resolve(null)));
  }

  /** Reconciles a server once its turn comes; a server already waiting is not queued twice. */
  request(guildId: string, why: ReconcileReason, attempt = 1): void {
    if (this.closed || this.queued.has(guildId)) return;
    this.retries.cancel(guildId);
    this.queued.add(guildId);
    const work = this.turn.then(() => this.reconcile(guildId, why, attempt));
    this.turn = work.catch(() => undefined); // `track` logs it; the next server still gets its turn
    this.hooks.track("member_reconcile", work);
  }

  /** A live join or leave event: call before handling it, so that a reconciliation under way leaves that user to it. */
  sawMember(guildId: string, userId: string): void {
    this.liveSince.get(guildId)?.add(userId);
  }

  /** Stops: no new fetch, pending retries dropped, a fetch under way abandoned. */
  close(): void {
    this.closed = true;
    this.retries.close();
    this.endFetches();
  }

  private async reconcile(guildId: string, why: ReconcileReason, attempt: number): Promise<void> {
    this.queued.delete(guildId);
    const guild = this.ctx.client.guilds.cache.get(guildId);
    // Gone, or in an outage: GuildCreate or GuildAvailable requests it again.
    if (this.closed || !guild?.available) return;
    const log = this.ctx.logger.child({ guildId, communityId: discordCommunity(guildId), reason: why, attempt });
    const live = new Set<string>();
    this.liveSince.set(guildId, live);
    try {
      let fetched: Collection<string, GuildMember> | null;
      try {
        fetched = await Promise.race([guild.members.fetch({ time: this.fetchTimeoutMs }), this.closing]);
      } catch (e) {
        this.retry(guildId, why, attempt, log, "could not fetch the server's member list", e);
        return;
      }
      if (!fetched) return;
      // Discord sends every chunk but the last with 1,000 members; discord.js takes a smaller one as the last. Each
      // live join or leave since the request moved the count by one.
      if (fetched.size < guild.memberCount - live.size) {
        this.retry(guildId, why, attempt, log, "the server's member list came back incomplete", null, { fetched: fetched.size, memberCount: guild.memberCount });
        return;
      }
      const present = fetched;
      await this.hooks.inGuild(guildId, "member_reconcile_apply", async () => {
        let failed: number;
        try {
          failed = await this.apply(guild, present, live, log);
        } catch (e) {
          this.retry(guildId, why, attempt, log, "could not compare the stored members with the server's", e);
          return;
        }
        if (failed > 0) this.retry(guildId, why, attempt, log, "some stored members could not be updated", null, { failed });
      });
    } finally {
      this.liveSince.delete(guildId);
    }
  }

  /** Brings the stored members in line with `present`; resolves with how many could not be updated (each logged). */
  private async apply(guild: Guild, present: Collection<string, GuildMember>, live: Set<string>, log: Logger): Promise<number> {
    const guildId = guild.id;
    // The same Guild object: one removed and invited back meanwhile is a new one (and requested again).
    const stillThere = () => !this.closed && this.ctx.client.guilds.cache.get(guildId) === guild && guild.available;
    const counts = { departed: 0, restored: 0, failed: 0 };
    let after: string | null = null;
    do {
      const page = await this.ctx.core.deps.store.listMembers(discordCommunity(guildId), { after, limit: 500 });
      for (const m of page.members) {
        // Removed from the server (or an outage) meanwhile: its own event decides.
        if (!stillThere()) return 0;
        const userId = discordIdsOf(m.id)?.userId;
        if (!userId || live.has(userId)) continue;
        const member = present.get(userId);
        if (!member && !m.departed) counts[(await recordLeave(guildId, userId, this.ctx)) ? "departed" : "failed"]++;
        else if (member && m.departed) counts[(await this.restore(guildId, userId, log)) ? "restored" : "failed"]++;
      }
      after = page.next;
    } while (after);
    log.info({ members: present.size, ...counts }, "reconciled the stored members with the Discord server's member list");
    return counts.failed;
  }

  /** A departed member still (or again) in the server is matched again; resolves false when that failed (logged). */
  private async restore(guildId: string, userId: string, log: Logger): Promise<boolean> {
    try {
      await this.ctx.core.members.returned(discordMember(guildId, userId));
      return true;
    } catch (e) {
      log.error({ err: e, userId }, "could not restore a member who is in the server again");
      return false;
    }
  }

  private retry(guildId: string, why: ReconcileReason, attempt: number, log: Logger, what: string, err: unknown, extra: object = {}): void {
    if (this.closed) return;
    if (attempt >= this.attempts) {
      log.error({ err, ...extra }, `${what}; gave up, members stay as they are until the bot reconnects or the server is available again`);
      return;
    }
    const waitMs = Math.max(this.retryMs, rateLimitWaitMs(err));
    log.warn({ err, ...extra, retryInMs: waitMs }, `${what}; members stay as they are, trying again later`);
    this.retries.schedule(guildId, waitMs, () => this.request(guildId, why, attempt + 1));
  }
}

/** The wait a gateway rate limit asks for (discord.js's GatewayRateLimitError carries Discord's `retry_after`, s). */
function rateLimitWaitMs(err: unknown): number {
  const after = (err as { data?: { retry_after?: unknown } } | null)?.data?.retry_after;
  return typeof after === "number" && Number.isFinite(after) ? Math.ceil(after * 1000) : 0;
}
