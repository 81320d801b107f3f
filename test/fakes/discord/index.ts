/**
 * A local fake Discord for end-to-end tests with the real discord.js: REST API + gateway WebSocket on
 * 127.0.0.1, scenario state, and helpers that act as users and wait for what the bot answers.
 */
import { FakeDiscordGateway } from "./gateway.js";
import * as P from "./payloads.js";
import { FakeDiscordRest } from "./rest.js";
import { FakeDiscordState, snowflake, type FakeUser, type PostedMessage, type RecordedCall } from "./state.js";

export * from "./state.js";
export type { OptionPayload, Where } from "./payloads.js";

type Json = Record<string, unknown>;

/** What the bot answered to one interaction. */
export interface InteractionAnswer {
  /** Callback type: 4 reply, 5 deferred (then `data` is the edit), 6/7 component update, 8 autocomplete, 9 modal. */
  type: number;
  /** The message body (content, embeds, components, flags), autocomplete `{ choices }` or modal data. */
  data: Json;
  /** Whether the answer was only visible to the user (ephemeral flag 64 on the reply or deferral). */
  ephemeral: boolean;
}

const EPHEMERAL = 64;
const WAIT_MS = 5_000;

export class FakeDiscord {
  readonly state = new FakeDiscordState();
  readonly rest = new FakeDiscordRest(this.state);
  readonly gateway = new FakeDiscordGateway(this.state);
  /** `http://127.0.0.1:PORT/api`: give it to discord.js as `rest.api` (DISCORD_API_URL). */
  apiUrl = "";

  async start(): Promise<this> {
    this.rest.gatewayUrl = await this.gateway.start();
    this.apiUrl = `http://127.0.0.1:${await this.rest.start()}/api`;
    return this;
  }

  async stop(): Promise<void> {
    await this.gateway.stop();
    await this.rest.stop();
  }

  // ── acting as users ────────────────────────────────────────────────────────────────────────────

  /** Runs a slash command and resolves with the bot's final answer. */
  command(user: FakeUser, where: P.Where, name: string, options: P.OptionPayload[] = [], resolved?: Json): Promise<InteractionAnswer> {
    return this.interact(P.slashCommand(this.state, user, where, name, options, resolved));
  }

  /** `/name sub opt:value …` with string options. */
  subcommand(user: FakeUser, where: P.Where, name: string, sub: string, opts: Record<string, string | number> = {}): Promise<InteractionAnswer> {
    const options = Object.entries(opts).map(([k, v]) => ({ name: k, type: typeof v === "number" ? 4 : 3, value: v }));
    return this.command(user, where, name, [{ name: sub, type: 1, options }]);
  }

  autocomplete(user: FakeUser, where: P.Where, name: string, options: P.OptionPayload[]): Promise<InteractionAnswer> {
    return this.interact(P.autocomplete(this.state, user, where, name, options));
  }

  /** Presses a button of a message the bot posted. */
  press(user: FakeUser, where: P.Where, customId: string, message: { id: string; channel_id: string }): Promise<InteractionAnswer> {
    return this.interact(P.buttonPress(this.state, user, where, customId, message));
  }

  submitModal(user: FakeUser, where: P.Where, customId: string, fields: Record<string, string>): Promise<InteractionAnswer> {
    return this.interact(P.modalSubmit(this.state, user, where, customId, fields));
  }

  /** A user posts a message (a channel mention when `mentions` include the bot, or a DM without guildId). */
  say(user: FakeUser, where: P.Where, content: string, mentions: FakeUser[] = []): Json {
    const msg = P.messageCreate(this.state, user, where, content, mentions);
    this.gateway.dispatch("MESSAGE_CREATE", msg);
    return msg;
  }

  /** A user joins a guild (GUILD_MEMBER_ADD). */
  join(guildId: string, username: string): FakeUser {
    const user = this.state.addUser(username);
    const m = this.state.addMember(guildId, user.id);
    this.gateway.dispatch("GUILD_MEMBER_ADD", { ...m, guild_id: guildId });
    return user;
  }

  /** Sends any interaction payload and resolves with the final answer (rejects after 5 s). */
  interact(payload: Json): Promise<InteractionAnswer> {
    const id = String(payload.id);
    const token = String(payload.token);
    return new Promise<InteractionAnswer>((resolve, reject) => {
      let deferredEphemeral: boolean | null = null;
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no answer to interaction ${id} within ${WAIT_MS} ms`));
      }, WAIT_MS);
      const done = (a: InteractionAnswer) => {
        clearTimeout(timer);
        off();
        resolve(a);
      };
      const off = this.rest.onCall((c) => {
        if (c.path === `/interactions/${id}/${token}/callback` && c.status < 300) {
          const b = (c.body ?? {}) as { type: number; data?: Json };
          const data = b.data ?? {};
          const ephemeral = ((Number(data.flags ?? 0)) & EPHEMERAL) !== 0;
          if (b.type === 5 || b.type === 6) deferredEphemeral = ephemeral;
          else done({ type: b.type, data, ephemeral });
        } else if (deferredEphemeral !== null && c.path.startsWith(`/webhooks/${this.state.applicationId}/${token}`) && c.status < 300) {
          done({ type: 5, data: (c.body ?? {}) as Json, ephemeral: deferredEphemeral });
        }
      });
      this.gateway.dispatch("INTERACTION_CREATE", payload);
    });
  }

  // ── waiting for the bot ────────────────────────────────────────────────────────────────────────

  /** Resolves with the first REST call (already made or future) matching `pred`; rejects after 5 s. */
  waitForCall(pred: (c: RecordedCall) => boolean, what = "a REST call"): Promise<RecordedCall> {
    const existing = this.state.calls.find(pred);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`timed out waiting for ${what}`));
      }, WAIT_MS);
      const off = this.rest.onCall((c) => {
        if (pred(c)) {
          clearTimeout(timer);
          off();
          resolve(c);
        }
      });
    });
  }

  /** The n-th (1-based) message posted in a channel, waiting for it if needed. */
  async waitForMessageIn(channelId: string, n = 1): Promise<PostedMessage> {
    await this.waitForCall(() => this.state.messagesIn(channelId).length >= n, `message #${n} in ${channelId}`);
    return this.state.messagesIn(channelId)[n - 1]!;
  }

  /** The n-th DM the bot sent this user, waiting for it if needed. */
  async waitForDm(user: FakeUser, n = 1): Promise<PostedMessage> {
    await this.waitForCall(() => this.state.dmsTo(user.id).length >= n, `DM #${n} to ${user.username}`);
    return this.state.dmsTo(user.id)[n - 1]!;
  }

  newId(): string {
    return snowflake();
  }
}

/** Every button custom_id in a message body or interaction answer, by label. */
export function buttonsOf(body: Json): Array<{ label: string; custom_id: string }> {
  const rows = (body.components ?? []) as Array<{ components?: Array<{ type: number; label?: string; custom_id?: string }> }>;
  return rows.flatMap((r) => r.components ?? []).filter((c) => c.type === 2 && c.custom_id).map((c) => ({ label: c.label ?? "", custom_id: c.custom_id! }));
}

/** The custom_id of the button labelled `label`; throws, naming the buttons there are, when there is none. */
export function buttonId(body: Json, label: string): string {
  const b = buttonsOf(body).find((x) => x.label === label);
  if (!b) throw new Error(`no button “${label}” in ${JSON.stringify(buttonsOf(body))}`);
  return b.custom_id;
}

/** The visible text of a message body: content, embed titles, descriptions and fields. */
export function textOf(body: Json): string {
  const embeds = (body.embeds ?? []) as Array<{ title?: string; description?: string; fields?: Array<{ name: string; value: string }> }>;
  return [String(body.content ?? ""), ...embeds.flatMap((e) => [e.title ?? "", e.description ?? "", ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])].filter(Boolean).join("\n");
}
