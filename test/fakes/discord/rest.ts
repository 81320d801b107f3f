/**
 * The fake Discord REST API (node:http on 127.0.0.1). discord.js is pointed at it with
 * `rest: { api: "http://127.0.0.1:PORT/api" }` and sends `<api>/v10/...`. It answers the routes the
 * adapter uses, records every call, and can inject DM-closed (50007) and 429 answers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { FakeDiscordState} from "./state.js";
import { snowflake, type FakeChannel, type RecordedCall } from "./state.js";

type Json = Record<string, unknown>;
type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
type Listener = (call: RecordedCall) => void;

const PREFIX = "/api/v10";

function notFound(what: string): Reply {
  return { status: 404, body: { code: 10003, message: `Unknown ${what}` } };
}

async function readBody(req: IncomingMessage): Promise<{ body: unknown; files: Array<{ name: string; content: string }> }> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return { body: null, files: [] };
  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("multipart/form-data")) {
    const form = await new Request("http://local/", { method: "POST", headers: { "content-type": type }, body: raw }).formData();
    const files: Array<{ name: string; content: string }> = [];
    let body: unknown = null;
    const parts: Array<[string, FormDataEntryValue]> = [];
    form.forEach((value, key) => parts.push([key, value]));
    for (const [key, value] of parts) {
      if (key === "payload_json" && typeof value === "string") body = JSON.parse(value);
      else if (typeof value !== "string") files.push({ name: value.name, content: await value.text() });
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString("utf8")), files: [] };
}

export class FakeDiscordRest {
  private server: Server | null = null;
  private readonly listeners = new Set<Listener>();
  /** Set by the fake gateway: where clients should connect. */
  gatewayUrl = "ws://127.0.0.1:1/gateway";

  constructor(readonly state: FakeDiscordState) {}

  async start(): Promise<number> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Calls `fn` for every recorded call from now on; returns an unsubscribe function. */
  onCall(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = decodeURIComponent(url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) : url.pathname);
    const method = req.method ?? "GET";
    let reply: Reply;
    let body: unknown = null;
    let files: Array<{ name: string; content: string }> = [];
    try {
      ({ body, files } = await readBody(req));
      reply = this.state.tokenRejected
        ? { status: 401, body: { message: "401: Unauthorized", code: 0 } }
        : this.rateLimited(method, path) ?? this.route(method, path, url.searchParams, (body ?? {}) as Json, files);
    } catch (e) {
      reply = { status: 500, body: { code: 0, message: `fake error: ${(e as Error).message}` } };
    }
    const call: RecordedCall = { method, path, query: url.searchParams, body, files, status: reply.status };
    this.state.calls.push(call);
    res.writeHead(reply.status, { ...(reply.status === 204 ? {} : { "content-type": "application/json" }), ...reply.headers });
    res.end(reply.status === 204 ? undefined : JSON.stringify(reply.body ?? {}));
    for (const l of this.listeners) l(call);
  }

  private rateLimited(method: string, path: string): Reply | null {
    const rl = this.state.rateLimits.find((r) => r.remaining > 0 && r.method === method && path.startsWith(r.pathPrefix));
    if (!rl) return null;
    rl.remaining--;
    const after = String(rl.retryAfterSeconds);
    return {
      status: 429,
      body: { message: "You are being rate limited.", retry_after: rl.retryAfterSeconds, global: false },
      headers: { "retry-after": after, "x-ratelimit-limit": "1", "x-ratelimit-remaining": "0", "x-ratelimit-reset-after": after, "x-ratelimit-bucket": "fakebucket" },
    };
  }

  private route(method: string, path: string, query: URLSearchParams, body: Json, files: Array<{ name: string; content: string }>): Reply {
    const s = this.state;
    const seg = path.split("/").filter(Boolean);
    const key = `${method} /${seg.map((p, i) => (/^\d+$/.test(p) || (seg[0] === "interactions" && i === 2) || (seg[0] === "webhooks" && i === 2) ? ":" : p)).join("/")}`;

    switch (key) {
      case "GET /gateway/bot":
        return { status: 200, body: { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } } };
      case "GET /users/@me":
        return { status: 200, body: s.botUser };
      case "GET /applications/@me":
      case "GET /oauth2/applications/@me":
        return { status: 200, body: { id: s.applicationId, name: "Knowhow", flags: 0, bot_public: true, bot_require_code_grant: false, description: "", icon: null } };
      case "PUT /applications/:/commands":
        return this.overwriteCommands("global", body);
      case "PUT /applications/:/guilds/:/commands":
        return this.overwriteCommands(seg[3]!, body);
      case "POST /interactions/:/:/callback":
        return query.get("with_response") === "true"
          ? { status: 200, body: { interaction: { id: seg[1], type: 2, activity_instance_id: null, response_message_id: snowflake(), response_message_loading: false, response_message_ephemeral: false }, resource: { type: (body as { type?: number }).type ?? 4 } } }
          : { status: 204 };
      case "PATCH /webhooks/:/:/messages/@original":
      case "PATCH /webhooks/:/:/messages/:":
      case "POST /webhooks/:/:":
        return { status: 200, body: this.messageObject(seg[seg.length - 1] === "@original" ? snowflake() : snowflake(), "0", body) };
      case "POST /users/@me/channels":
        return this.openDm(String(body.recipient_id ?? ""));
      case "POST /channels/:/messages":
        return this.postMessage(seg[1]!, body, files);
      case "PATCH /channels/:/messages/:":
        return { status: 200, body: this.messageObject(seg[3]!, seg[1]!, body) };
      case "POST /channels/:/threads":
      case "POST /channels/:/messages/:/threads":
        return this.createThread(seg[1]!, body);
      case "PUT /channels/:/thread-members/:": {
        const t = s.channels.get(seg[1]!);
        if (!t) return notFound("Channel");
        t.members = [...new Set([...(t.members ?? []), seg[3]!])];
        return { status: 204 };
      }
      case "GET /guilds/:/members": {
        const g = s.guilds.get(seg[1]!);
        if (!g) return notFound("Guild");
        const after = query.get("after") ?? "0";
        const limit = Number(query.get("limit") ?? "1");
        const sorted = [...g.members].sort((a, b) => (BigInt(a.user.id) < BigInt(b.user.id) ? -1 : 1));
        return { status: 200, body: sorted.filter((m) => BigInt(m.user.id) > BigInt(after)).slice(0, limit) };
      }
      case "GET /guilds/:/members/:": {
        const m = s.guilds.get(seg[1]!)?.members.find((x) => x.user.id === seg[3]);
        return m ? { status: 200, body: m } : { status: 404, body: { code: 10007, message: "Unknown Member" } };
      }
      case "GET /guilds/:": {
        const g = s.guilds.get(seg[1]!);
        return g ? { status: 200, body: { id: g.id, name: g.name, owner_id: g.owner_id, roles: g.roles, features: [] } } : notFound("Guild");
      }
      case "GET /guilds/:/roles": {
        const g = s.guilds.get(seg[1]!);
        return g ? { status: 200, body: g.roles } : notFound("Guild");
      }
      case "DELETE /channels/:": {
        const c = s.channels.get(seg[1]!);
        if (!c) return notFound("Channel");
        s.channels.delete(seg[1]!);
        return { status: 200, body: c };
      }
      case "GET /channels/:": {
        const c = s.channels.get(seg[1]!);
        return c ? { status: 200, body: c } : notFound("Channel");
      }
      default:
        return { status: 404, body: { code: 0, message: `fake Discord: no route ${key}` } };
    }
  }

  private overwriteCommands(scope: string, body: unknown): Reply {
    const list = (Array.isArray(body) ? body : []).map((c: Json) => ({ ...c, id: snowflake(), application_id: this.state.applicationId, version: snowflake(), type: c.type ?? 1 }));
    this.state.commands.set(scope, list);
    return { status: 200, body: list };
  }

  private openDm(recipient: string): Reply {
    const user = this.state.users.get(recipient);
    if (!user) return { status: 400, body: { code: 50035, message: "Invalid Form Body" } };
    let id = this.state.dmByUser.get(recipient);
    if (!id) {
      id = snowflake();
      const c: FakeChannel = { id, type: 1, recipients: [user] };
      this.state.channels.set(id, c);
      this.state.dmByUser.set(recipient, id);
    }
    return { status: 200, body: { id, type: 1, last_message_id: null, recipients: [user], flags: 0 } };
  }

  private postMessage(channelId: string, body: Json, files: Array<{ name: string; content: string }>): Reply {
    const c = this.state.channels.get(channelId);
    if (!c) return notFound("Channel");
    const recipient = c.type === 1 ? c.recipients?.[0]?.id : undefined;
    if (recipient && this.state.dmClosed.has(recipient)) {
      return { status: 403, body: { code: 50007, message: "Cannot send messages to this user" } };
    }
    const id = snowflake();
    this.state.messages.push({ id, channel_id: channelId, body, files });
    return { status: 200, body: this.messageObject(id, channelId, body, c.guild_id) };
  }

  private createThread(channelId: string, body: Json): Reply {
    const parent = this.state.channels.get(channelId);
    if (!parent?.guild_id) return notFound("Channel");
    const id = snowflake();
    const t: FakeChannel = {
      id, type: typeof body.type === "number" ? body.type : 11, name: String(body.name ?? "thread"), guild_id: parent.guild_id, parent_id: parent.id,
      thread_metadata: { archived: false, auto_archive_duration: Number(body.auto_archive_duration ?? 1440), archive_timestamp: new Date().toISOString(), locked: false, invitable: body.invitable !== false },
      members: [],
    };
    this.state.channels.set(id, t);
    return { status: 201, body: { ...t, member_count: 0, message_count: 0, owner_id: this.state.botUser.id } };
  }

  private messageObject(id: string, channelId: string, body: Json, guildId?: string): Json {
    return {
      id, channel_id: channelId, ...(guildId ? { guild_id: guildId } : {}), author: this.state.botUser, content: body.content ?? "", timestamp: new Date().toISOString(),
      edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: [], embeds: body.embeds ?? [],
      components: body.components ?? [], pinned: false, type: 0, flags: body.flags ?? 0,
    };
  }
}
