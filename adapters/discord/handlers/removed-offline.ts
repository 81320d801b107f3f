/**
 * Servers the bot was removed from while it could not hear it. A removal sends GuildDelete only to a connected bot; one
 * kicked while the process was down hears nothing, and that server's members would stay active (welcomed, nudged,
 * suggested) for a server the bot is no longer in. When the client is ready,
 * its guild cache holds every server the bot is in: READY lists them all, those in an outage included (as
 * unavailable). So each stored Discord community whose server is not in the cache is treated as a removal
 * (`departAllMembers`, as on GuildDelete), in that server's event queue; communities with nobody left to depart
 * change nothing and log nothing, and their members are not read again (a count tells). If the bot is invited back,
 * GuildCreate reconciles the server and restores the members still there (reconcile.ts).
 *
 * Only servers this client can see are judged: with several shards, those whose shard this client runs. Nothing runs
 * before ClientReady (a login that fails never gets there). discord.js emits ClientReady once; a removal during a
 * session that resumes is replayed as GuildDelete, but one during a reconnect that could not resume (the session
 * expired or was refused) is in no event: the shard identifies anew, its new READY no longer lists the server, and
 * ShardReady follows. discord.js adds what that READY lists to its cache but keeps, as they were, the shard's servers it
 * no longer lists; they are taken out here (as GuildDelete would, with their channels), so that an invitation back is
 * a GuildCreate again, and that shard's stored servers are judged as at ClientReady. At start ShardReady comes before
 * ClientReady, which judges every shard's: a shard's own sweep runs only once the client is ready.
 *
 * A store error is logged and the sweep tried again, as reconcile.ts does with a failed fetch; servers already done are
 * skipped then, having nobody left to depart.
 */
import { ShardClientUtil, type Client } from "discord.js";
import type { CommunityId } from "../../../src/core/ids.js";
import type { HandlerContext } from "./context.js";
import { discordCommunity, guildOf, isSnowflake } from "../ids.js";
import { departAllMembers } from "./members.js";
import type { ReconcileHooks, ReconcileOptions } from "./reconcile.js";
import { RetryTimers } from "./retry-timers.js";

/** What a sweep judges: every shard of the client (at ClientReady), or one shard after its new session. */
type SweepScope = "all" | number;

export class RemovedOfflineSweep {
  private readonly retryMs: number;
  private readonly attempts: number;
  private readonly retries = new RetryTimers<SweepScope>();
  /** Per shard between its READY and ShardReady: the servers READY listed, and those given to it since. */
  private readonly listed = new Map<number, Set<string>>();
  private closed = false;

  /** `retryMs` and `attempts` as for reconciliations: the wait after a store error, and the tries per sweep. */
  constructor(private readonly ctx: HandlerContext, private readonly hooks: ReconcileHooks, opts: Pick<ReconcileOptions, "retryMs" | "attempts"> = {}) {
    this.retryMs = opts.retryMs ?? 300_000;
    this.attempts = opts.attempts ?? 4;
  }

  /** Call on ClientReady: departs the members of every stored server the bot is no longer in. */
  start(): void {
    this.run("all", 1);
  }

  /** Call on a shard's READY dispatch (a new session: at start, or after a reconnect that could not resume). */
  sessionStarted(shardId: number, guildIds: string[]): void {
    this.listed.set(shardId, new Set(guildIds));
  }

  /** Call on a GUILD_CREATE dispatch: a server the bot joins before its shard is ready is no leftover of the old session. */
  sawGuild(shardId: number, guildId: string): void {
    this.listed.get(shardId)?.add(guildId);
  }

  /** Call on ShardReady: drops the servers the shard's new session no longer lists and, once the client is ready, departs their members. */
  shardReady(shardId: number): void {
    const listed = this.listed.get(shardId);
    this.listed.delete(shardId);
    if (this.closed) return;
    if (listed) this.forgetUnlisted(shardId, listed);
    if (this.ctx.client.isReady()) this.run(shardId, 1);
  }

  /** Stops: pending retries are dropped, a sweep under way departs nobody more. */
  close(): void {
    this.closed = true;
    this.retries.close();
  }

  private run(scope: SweepScope, attempt: number): void {
    if (this.closed) return;
    this.hooks.track("removed_offline", this.sweep(scope, attempt));
  }

  private async sweep(scope: SweepScope, attempt: number): Promise<void> {
    const { client, logger } = this.ctx;
    const store = this.ctx.core.deps.store;
    const log = logger.child(scope === "all" ? { attempt } : { shard: scope, attempt });
    let gone: string[];
    try {
      gone = goneGuilds(await store.listCommunityIds(), client, scope === "all" ? undefined : scope);
    } catch (e) {
      this.retry(scope, attempt, "could not list the stored communities to find Discord servers the bot was removed from", e);
      return;
    }
    const when = scope === "all" ? "while offline" : "while the gateway connection was down";
    let failed = 0;
    // One server at a time, each in its event queue: after any GuildDelete or reconciliation received before.
    for (const guildId of gone) {
      await this.hooks.inGuild(guildId, "removed_offline_apply", async () => {
        // Invited back since (GuildCreate): its reconciliation decides who is there.
        const stillGone = () => !this.closed && !client.guilds.cache.has(guildId);
        if (!stillGone()) return;
        const done = { departed: 0 };
        const community = discordCommunity(guildId);
        const glog = log.child({ guildId, communityId: community });
        try {
          // Removed long ago (every start judges it again): counted, its members are not read once more.
          if ((await store.countMembers(community, { departed: false })) === 0) return;
          await departAllMembers(guildId, this.ctx, done, stillGone);
        } catch (e) {
          failed++;
          glog.error({ err: e, departed: done.departed }, `could not mark departed the members of a Discord server the bot was removed from ${when}`);
          return;
        }
        if (done.departed > 0) glog.info({ departed: done.departed }, `the bot is no longer in this Discord server (removed ${when}); its members are marked departed`);
      });
    }
    if (failed > 0) this.retry(scope, attempt, "some Discord servers the bot was removed from could not be updated", null, { failed });
  }

  private retry(scope: SweepScope, attempt: number, what: string, err: unknown, extra: object = {}): void {
    if (this.closed) return;
    const log = this.ctx.logger.child(scope === "all" ? {} : { shard: scope });
    if (attempt >= this.attempts) {
      log.error({ err, ...extra, attempt }, `${what}; gave up, their members stay as they are until the next start or new gateway session`);
      return;
    }
    log.warn({ err, ...extra, attempt, retryInMs: this.retryMs }, `${what}; trying again later`);
    this.retries.schedule(scope, this.retryMs, () => this.run(scope, attempt + 1));
  }

  /** Takes out of discord.js's cache the shard's servers its new READY did not list (it keeps them: no event says they are gone). */
  private forgetUnlisted(shardId: number, listed: ReadonlySet<string>): void {
    const { client, logger } = this.ctx;
    for (const guild of [...client.guilds.cache.values()]) {
      if (guild.shardId !== shardId || listed.has(guild.id)) continue;
      for (const channelId of guild.channels.cache.keys()) client.channels.cache.delete(channelId);
      client.guilds.cache.delete(guild.id);
      logger.info({ guildId: guild.id, shard: shardId }, "a new gateway session no longer lists this Discord server; the bot was removed from it while disconnected");
    }
  }
}

/**
 * The guilds of stored Discord communities that a ready client is not in, among those it can see: all of them with
 * one shard; with several, those whose shard is one of the client's (`client.options.shards`, set at login); with
 * `shard`, only that shard's.
 */
export function goneGuilds(communities: CommunityId[], client: Client, shard?: number): string[] {
  const shardCount = client.options.shardCount ?? 1;
  const clientShards: readonly number[] = Array.isArray(client.options.shards) ? client.options.shards : shardCount <= 1 ? [0] : [];
  const shards = shard === undefined ? clientShards : [shard];
  return communities
    .map(guildOf)
    .filter((g): g is string => g !== null && isSnowflake(g))
    .filter((g) => !client.guilds.cache.has(g))
    .filter((g) => shards.includes(shardCount <= 1 ? 0 : ShardClientUtil.shardIdForGuildId(g, shardCount)));
}
