/**
 * Wires discord.js events to the handlers. Every listener is wrapped: an error in one handler is logged
 * and never reaches the client (a rejected listener would otherwise surface as an `error` event).
 * In-flight handlers are tracked so that `drain()` can wait for them on shutdown.
 *
 * Membership events of one server (joins, leaves, the bot's removal, live or found on start, a reconciliation's
 * changes) run one after the other, in the order received, so that a later event is never overwritten by an earlier
 * one's handler.
 */
import { Events, GatewayDispatchEvents, type Client, type GatewayGuildCreateDispatchData, type GatewayReadyDispatchData, type Interaction } from "discord.js";
import { handleAutocomplete } from "./autocomplete.js";
import { handleCommand } from "./commands.js";
import { handleButton, handleModal } from "./components.js";
import type { HandlerContext } from "./context.js";
import { handleGuildRemoved, handleMemberJoin, handleMemberLeave } from "./members.js";
import { handleMessage } from "./messages.js";
import { MemberReconciler, type ReconcileOptions } from "./reconcile.js";
import { RemovedOfflineSweep } from "./removed-offline.js";

export interface EventRouter {
  /** Stops accepting new events. */
  close(): void;
  /** Resolves when every in-flight handler has finished. */
  drain(): Promise<void>;
}

export function routeEvents(client: Client, ctx: HandlerContext, reconcile: ReconcileOptions = {}): EventRouter {
  const inFlight = new Set<Promise<void>>();
  let open = true;
  const track = (what: string, work: Promise<void>): Promise<void> => {
    const p = work
      .catch((e: unknown) => ctx.logger.error({ err: e, event: what }, "Discord handler failed"))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    return p;
  };
  const run = (what: string, fn: () => Promise<unknown>) => {
    if (open) track(what, Promise.resolve().then(fn).then(() => undefined));
  };
  // The tail of each server's membership queue (see the module comment).
  const tails = new Map<string, Promise<void>>();
  const inGuild = (guildId: string, what: string, fn: () => Promise<unknown>): Promise<void> => {
    if (!open) return Promise.resolve();
    const p = track(what, (tails.get(guildId) ?? Promise.resolve()).then(fn).then(() => undefined));
    tails.set(guildId, p);
    void p.then(() => {
      if (tails.get(guildId) === p) tails.delete(guildId);
    });
    return p;
  };
  const hooks = { track: (what: string, work: Promise<void>) => void track(what, work), inGuild };
  const reconciler = new MemberReconciler(ctx, hooks, reconcile);
  const removedOffline = new RemovedOfflineSweep(ctx, hooks, reconcile);

  client.on(Events.InteractionCreate, (i: Interaction) => run("interaction", () => dispatchInteraction(i, ctx)));
  client.on(Events.MessageCreate, (m) => run("message", () => handleMessage(m, ctx)));
  client.on(Events.GuildMemberAdd, (m) => {
    reconciler.sawMember(m.guild.id, m.id);
    void inGuild(m.guild.id, "member_add", () => handleMemberJoin(m, ctx));
  });
  client.on(Events.GuildMemberRemove, (m) => {
    reconciler.sawMember(m.guild.id, m.id);
    void inGuild(m.guild.id, "member_remove", () => handleMemberLeave(m, ctx));
  });
  client.on(Events.GuildDelete, (g) => void inGuild(g.id, "guild_delete", () => handleGuildRemoved(g, ctx)));
  // Catching up with member changes the bot could not hear (reconcile.ts), and with its removal from servers while it
  // was offline (removed-offline.ts). GuildAvailable also fires for each server while the client starts; ClientReady
  // covers those.
  client.on(Events.ClientReady, (c) => {
    for (const g of c.guilds.cache.values()) reconciler.request(g.id, "ready");
    removedOffline.start();
  });
  client.on(Events.GuildAvailable, (g) => {
    if (client.isReady()) reconciler.request(g.id, "available");
  });
  client.on(Events.GuildCreate, (g) => reconciler.request(g.id, "joined"));
  // A shard's new session after a reconnect that could not resume: ClientReady does not fire again, and discord.js
  // keeps the servers its READY no longer lists (removed-offline.ts). These raw dispatches are emitted before discord.js
  // handles them, so before that shard's ShardReady; they only note ids.
  client.ws.on(GatewayDispatchEvents.Ready, (d: GatewayReadyDispatchData, shardId: number) => removedOffline.sessionStarted(shardId, d.guilds.map((g) => g.id)));
  client.ws.on(GatewayDispatchEvents.GuildCreate, (d: GatewayGuildCreateDispatchData, shardId: number) => removedOffline.sawGuild(shardId, d.id));
  // Synchronously: at start ClientReady follows in the same tick, and the sweep must see the client not ready yet.
  client.on(Events.ShardReady, (shardId) => {
    try {
      removedOffline.shardReady(shardId);
    } catch (e) {
      ctx.logger.error({ err: e, event: "shard_ready", shard: shardId }, "Discord handler failed");
    }
  });
  // A resumed session replays what was missed, but discord.js only applies replayed joins and leaves to its cache:
  // it emits no GuildMemberAdd/Remove for them.
  client.on(Events.ShardResume, (shardId, replayed) => {
    if (replayed === 0) return;
    for (const g of client.guilds.cache.values()) if (g.shardId === shardId) reconciler.request(g.id, "resumed");
  });
  client.on(Events.Error, (e) => ctx.logger.error({ err: e }, "Discord client error"));
  client.on(Events.ShardError, (e, shard) => ctx.logger.warn({ err: e, shard }, "Discord gateway connection error; discord.js reconnects"));
  client.on(Events.Warn, (w) => ctx.logger.warn({ warning: w }, "Discord warning"));

  return {
    close: () => {
      open = false;
      reconciler.close();
      removedOffline.close();
    },
    drain: async () => { while (inFlight.size) await Promise.allSettled([...inFlight]); },
  };
}

async function dispatchInteraction(i: Interaction, ctx: HandlerContext): Promise<void> {
  if (i.isChatInputCommand()) return handleCommand(i, ctx);
  if (i.isAutocomplete()) return handleAutocomplete(i, ctx);
  if (i.isButton()) return handleButton(i, ctx);
  if (i.isModalSubmit()) return handleModal(i, ctx);
  ctx.logger.debug({ type: i.type }, "ignored interaction");
}
