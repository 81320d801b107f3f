/**
 * The Discord adapter: a discord.js gateway client whose events are translated into core calls, and a
 * Messenger for what the core sends to Discord members. Each guild is a community. discord.js reconnects
 * and resumes by itself; handler errors are logged and never kill the client.
 *
 *   gateway event ─► handlers/router ─► handlers/* (translate) ─► core use case ─► render ─► REST
 */
import { Events, type Client } from "discord.js";
import type { AdapterDeps, PlatformAdapter } from "../../src/app/platform.js";
import type { Config } from "../../src/app/config.js";
import { createDiscordClient } from "./client.js";
import { fetchApplicationId, registerCommands } from "./commands.js";
import { CustomIds } from "./custom-id.js";
import type { ReconcileOptions } from "./handlers/reconcile.js";
import { routeEvents, type EventRouter } from "./handlers/router.js";
import { DiscordMessenger } from "./messenger.js";
import { RoleImporter } from "./roles/import.js";

export type DiscordConfig = NonNullable<Config["discord"]>;

export interface DiscordAdapterOptions {
  /** REST retries on 5xx/network errors (tests: 0). */
  restRetries?: number;
  /** Most time to wait for the gateway to be ready on start. */
  readyTimeoutMs?: number;
  /** Defer an interaction when its work takes longer than this (default 2 s, inside Discord's 3 s window). */
  deferAfterMs?: number;
  /** Timing of the member-list reconciliation on ready, reconnect and (re)invite (handlers/reconcile.ts). */
  memberReconcile?: ReconcileOptions;
}

export interface DiscordAdapter extends PlatformAdapter {
  readonly messenger: DiscordMessenger;
  readonly client: Client;
  /** Resolves when every handler of an event received so far has finished (what `stop` waits for, without stopping). */
  idle(): Promise<void>;
}

export function createDiscordAdapter(config: DiscordConfig, deps: AdapterDeps, opts: DiscordAdapterOptions = {}): DiscordAdapter {
  const logger = deps.logger.child({ component: "discord" });
  const client = createDiscordClient({ apiUrl: config.apiUrl, messageContent: config.messageContent, ...(opts.restRetries !== undefined ? { restRetries: opts.restRetries } : {}) });
  // REST works before (and without) the gateway login: `knowhow jobs run` sends DMs through an adapter it never starts.
  client.rest.setToken(config.token);
  const customIds = new CustomIds(deps.core.deps.clock);
  const messenger = new DiscordMessenger(client.rest, customIds, logger, (member, closed) => deps.core.members.setDmClosed(member, closed));
  const roles = new RoleImporter(deps.core, client.rest, messenger, logger);
  let router: EventRouter | null = null;

  return {
    platform: "discord",
    messenger,
    client,
    async start() {
      router = routeEvents(client, { core: deps.core, client, customIds, messenger, roles, logger, messageContent: config.messageContent, ...(opts.deferAfterMs !== undefined ? { deferAfterMs: opts.deferAfterMs } : {}) }, opts.memberReconcile);
      const ready = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("Discord gateway not ready in time (check DISCORD_TOKEN and DISCORD_API_URL)")), opts.readyTimeoutMs ?? 60_000);
        client.once(Events.ClientReady, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      try {
        await client.login(config.token);
        await ready;
      } catch (e) {
        router.close();
        await client.destroy();
        throw new Error(`Discord login failed: ${(e as Error).message}`, { cause: e });
      }
      logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, "Discord connected");
      if (config.registerCommands) {
        try {
          const applicationId = client.application?.id ?? (await fetchApplicationId(client.rest));
          const n = await registerCommands(client.rest, { applicationId });
          logger.info({ commands: n }, "Discord slash commands registered (global)");
        } catch (e) {
          logger.error({ err: e }, "could not register Discord slash commands; run `knowhow discord register`");
        }
      }
    },
    idle: async () => router?.drain(),
    async stop() {
      router?.close();
      await router?.drain();
      await client.destroy();
    },
  };
}

export { registerCommands, fetchApplicationId, COMMANDS } from "./commands.js";
