/**
 * Wires discord.js events to the handlers. Every listener is wrapped: an error in one handler is logged
 * and never reaches the client (a rejected listener would otherwise surface as an `error` event).
 * In-flight handlers are tracked so that `drain()` can wait for them on shutdown.
 */
import { Events, type Client, type Interaction } from "discord.js";
import { handleAutocomplete } from "./autocomplete.js";
import { handleCommand } from "./commands.js";
import { handleButton, handleModal } from "./components.js";
import type { HandlerContext } from "./context.js";
import { handleGuildRemoved, handleMemberJoin, handleMemberLeave } from "./members.js";
import { handleMessage } from "./messages.js";

export interface EventRouter {
  /** Stops accepting new events. */
  close(): void;
  /** Resolves when every in-flight handler has finished. */
  drain(): Promise<void>;
}

export function routeEvents(client: Client, ctx: HandlerContext): EventRouter {
  const inFlight = new Set<Promise<void>>();
  let open = true;
  const run = (what: string, fn: () => Promise<void>) => {
    if (!open) return;
    const p = Promise.resolve()
      .then(fn)
      .catch((e: unknown) => ctx.logger.error({ err: e, event: what }, "Discord handler failed"))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  client.on(Events.InteractionCreate, (i: Interaction) => run("interaction", () => dispatchInteraction(i, ctx)));
  client.on(Events.MessageCreate, (m) => run("message", () => handleMessage(m, ctx)));
  client.on(Events.GuildMemberAdd, (m) => run("member_add", () => handleMemberJoin(m, ctx)));
  client.on(Events.GuildMemberRemove, (m) => run("member_remove", () => handleMemberLeave(m, ctx)));
  client.on(Events.GuildDelete, (g) => run("guild_delete", () => handleGuildRemoved(g, ctx)));
  client.on(Events.Error, (e) => ctx.logger.error({ err: e }, "Discord client error"));
  client.on(Events.ShardError, (e, shard) => ctx.logger.warn({ err: e, shard }, "Discord gateway connection error; discord.js reconnects"));
  client.on(Events.Warn, (w) => ctx.logger.warn({ warning: w }, "Discord warning"));

  return {
    close: () => { open = false; },
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
