/**
 * The Slack PlatformAdapter: wires the Web API queue, directory, messenger, transport and handlers.
 * `createSlackAdapter(config.slack, deps)` is all the composition root calls.
 */
import type { AdapterDeps, PlatformAdapter } from "../../src/app/platform.js";
import type { Clock } from "../../src/core/ports/clock.port.js";
import type { Logger } from "../../src/core/ports/logger.port.js";
import { createWebClient, SlackApi, SlackApiError } from "./api.js";
import { eventDedupe } from "./dedupe.js";
import { SlackDirectory } from "./directory.js";
import { registerCommands } from "./handlers/commands.js";
import { postJson, type HandlerContext } from "./handlers/context.js";
import { registerEvents } from "./handlers/events.js";
import { registerInteractions } from "./handlers/interactions.js";
import { SlackMessenger } from "./messenger.js";
import { createTransport, type SlackConfig, type Transport, type TransportOptions } from "./transport.js";

export interface SlackAdapterOptions {
  /** Defaults to the core's clock. */
  clock?: Clock;
  /** Backoff waits (tests pass one that records and resolves at once). */
  sleep?: (ms: number) => Promise<void>;
  /** Attempts per Web API call (default 4). */
  apiMaxAttempts?: number;
  /** See TransportOptions. */
  processBeforeResponse?: boolean;
  socket?: TransportOptions["socket"];
  /** POSTs to response_urls (default: fetch). */
  postToResponseUrl?: (url: string, body: Record<string, unknown>) => Promise<void>;
  /** How long a skills-modal save may run before the modal is closed anyway (default 2000 ms; Slack waits 3 s). */
  modalAckBudgetMs?: number;
}

interface AuthTest {
  team_id?: string;
  team?: string;
  user_id?: string;
  bot_id?: string;
}

export class SlackAdapter implements PlatformAdapter {
  readonly platform = "slack" as const;
  readonly messenger: SlackMessenger;
  readonly api: SlackApi;
  readonly directory: SlackDirectory;
  private transport: Transport | null = null;
  private readonly log: Logger;
  private readonly clock: Clock;

  constructor(private readonly config: SlackConfig, private readonly deps: AdapterDeps, private readonly options: SlackAdapterOptions = {}) {
    this.log = deps.logger.child({ component: "slack" });
    this.clock = options.clock ?? deps.core.deps.clock;
    this.api = new SlackApi({
      client: createWebClient(config.botToken, config.apiUrl),
      logger: this.log,
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.apiMaxAttempts ? { maxAttempts: options.apiMaxAttempts } : {}),
    });
    this.directory = new SlackDirectory(this.api, this.clock, this.log);
    this.messenger = new SlackMessenger(this.api, this.log, this.directory, (member, closed) => deps.core.members.setDmClosed(member, closed));
  }

  /** The Bolt app once started (tests and diagnostics). */
  get app(): Transport["app"] | null {
    return this.transport?.app ?? null;
  }

  /** Verifies the bot token (auth.test), builds the Bolt app and starts receiving. */
  async start(): Promise<void> {
    if (this.transport) return;
    let auth: AuthTest;
    try {
      auth = await this.api.call<AuthTest>("_auth", "auth.test", {});
    } catch (e) {
      const why = e instanceof SlackApiError ? e.slackError : (e as Error).message;
      throw new Error(`Slack rejected SLACK_BOT_TOKEN (auth.test: ${why}). Check the bot token${this.config.apiUrl ? ` and SLACK_API_URL (${this.config.apiUrl})` : ""}.`, { cause: e });
    }
    if (!auth.user_id || !auth.bot_id) throw new Error("Slack auth.test did not identify a bot user: SLACK_BOT_TOKEN must be a bot token (xoxb-…)");
    const teamNames = new Map<string, string>();
    if (auth.team_id && auth.team) teamNames.set(auth.team_id, auth.team);

    const transport = createTransport({
      config: this.config, router: this.deps.http, logger: this.log, botUserId: auth.user_id, botId: auth.bot_id,
      ...(this.options.processBeforeResponse !== undefined ? { processBeforeResponse: this.options.processBeforeResponse } : {}),
      ...(this.options.socket ? { socket: this.options.socket } : {}),
    });
    const ctx: HandlerContext = {
      core: this.deps.core, api: this.api, directory: this.directory, messenger: this.messenger, clock: this.clock, logger: this.log,
      botUserId: auth.user_id, teamNames, postToResponseUrl: this.options.postToResponseUrl ?? postJson,
      modalAckBudgetMs: this.options.modalAckBudgetMs ?? 2000,
    };
    transport.app.use(eventDedupe(this.deps.core.deps.store, this.clock, this.log));
    registerCommands(transport.app, ctx);
    registerEvents(transport.app, ctx);
    registerInteractions(transport.app, ctx);
    transport.app.error(async (e) => {
      this.log.error({ err: e }, "unhandled Slack listener error");
    });
    await transport.start();
    this.transport = transport;
    this.log.info({ mode: transport.mode, teamId: auth.team_id, botUserId: auth.user_id }, "slack adapter started");
  }

  async stop(): Promise<void> {
    const t = this.transport;
    this.transport = null;
    if (t) await t.stop();
    await this.api.stop();
  }
}

export function createSlackAdapter(config: SlackConfig, deps: AdapterDeps, options?: SlackAdapterOptions): SlackAdapter {
  return new SlackAdapter(config, deps, options);
}
