/**
 * Servers the bot was removed from while it was offline. A removal sends GuildDelete only to a connected bot; one
 * kicked while the process was down hears nothing, and that server's members would stay active (welcomed, nudged,
 * suggested) for a server the bot is no longer in. When the client is ready,
 * its guild cache holds every server the bot is in: READY lists them all, those in an outage included (as
 * unavailable). So each stored Discord community whose server is not in the cache is treated as a removal
 * (`departAllMembers`, as on GuildDelete), in that server's event queue; communities with nobody left to depart
 * change nothing and log nothing. If the bot is invited back, GuildCreate reconciles the server and restores the
 * members still there (reconcile.ts).
 *
 * Only servers this client can see are judged: with several shards, those whose shard this client runs. Nothing runs
 * before ClientReady (a login that fails never gets there), and nothing after it: discord.js emits ClientReady once,
 * and keeps its guild cache across a reconnect, so a removal during a reconnect that could not resume is not seen
 * until the next start (one during a resumed session is replayed as GuildDelete). A store error is logged and the sweep tried again, as
 * reconcile.ts does with a failed fetch; servers already done are skipped then, having nobody left to depart.
 */
import { ShardClientUtil, type Client } from "discord.js";
import type { CommunityId } from "../../../src/core/ids.js";
import type { HandlerContext } from "./context.js";
import { discordCommunity, guildOf, isSnowflake } from "../ids.js";
import { departAllMembers } from "./members.js";
import type { ReconcileHooks, ReconcileOptions } from "./reconcile.js";

export class RemovedOfflineSweep {
  private readonly retryMs: number;
  private readonly attempts: number;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;

  /** `retryMs` and `attempts` as for reconciliations: the wait after a store error, and the tries per start. */
  constructor(private readonly ctx: HandlerContext, private readonly hooks: ReconcileHooks, opts: Pick<ReconcileOptions, "retryMs" | "attempts"> = {}) {
    this.retryMs = opts.retryMs ?? 300_000;
    this.attempts = opts.attempts ?? 4;
  }

  /** Call on ClientReady: departs the members of every stored server the bot is no longer in. */
  start(): void {
    this.run(1);
  }

  /** Stops: a pending retry is dropped, a sweep under way departs nobody more. */
  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private run(attempt: number): void {
    if (this.closed) return;
    this.hooks.track("removed_offline", this.sweep(attempt));
  }

  private async sweep(attempt: number): Promise<void> {
    const { client, logger } = this.ctx;
    const log = logger.child({ attempt });
    let gone: string[];
    try {
      gone = goneGuilds(await this.ctx.core.deps.store.listCommunityIds(), client);
    } catch (e) {
      this.retry(attempt, "could not list the stored communities to find Discord servers the bot was removed from", e);
      return;
    }
    let failed = 0;
    // One server at a time, each in its event queue: after any GuildDelete or reconciliation received before.
    for (const guildId of gone) {
      await this.hooks.inGuild(guildId, "removed_offline_apply", async () => {
        // Invited back since (GuildCreate): its reconciliation decides who is there.
        const stillGone = () => !this.closed && !client.guilds.cache.has(guildId);
        if (!stillGone()) return;
        const done = { departed: 0 };
        const glog = log.child({ guildId, communityId: discordCommunity(guildId) });
        try {
          await departAllMembers(guildId, this.ctx, done, stillGone);
        } catch (e) {
          failed++;
          glog.error({ err: e, departed: done.departed }, "could not mark departed the members of a Discord server the bot was removed from while offline");
          return;
        }
        if (done.departed > 0) glog.info({ departed: done.departed }, "the bot is no longer in this Discord server (removed while offline); its members are marked departed");
      });
    }
    if (failed > 0) this.retry(attempt, "some Discord servers the bot was removed from could not be updated", null, { failed });
  }

  private retry(attempt: number, what: string, err: unknown, extra: object = {}): void {
    if (this.closed) return;
    if (attempt >= this.attempts) {
      this.ctx.logger.error({ err, ...extra, attempt }, `${what}; gave up, their members stay as they are until the next start`);
      return;
    }
    this.ctx.logger.warn({ err, ...extra, attempt, retryInMs: this.retryMs }, `${what}; trying again later`);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.run(attempt + 1);
    }, this.retryMs);
    this.retryTimer.unref();
  }
}

/**
 * The guilds of stored Discord communities that a ready client is not in, among those it can see: all of them with
 * one shard; with several, those whose shard is one of the client's (`client.options.shards`, set at login).
 */
export function goneGuilds(communities: CommunityId[], client: Client): string[] {
  const shardCount = client.options.shardCount ?? 1;
  const shards: readonly number[] = Array.isArray(client.options.shards) ? client.options.shards : shardCount <= 1 ? [0] : [];
  return communities
    .map(guildOf)
    .filter((g): g is string => g !== null && isSnowflake(g))
    .filter((g) => !client.guilds.cache.has(g))
    .filter((g) => shardCount <= 1 || shards.includes(ShardClientUtil.shardIdForGuildId(g, shardCount)));
}
