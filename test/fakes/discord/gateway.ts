/**
 * The fake Discord gateway (ws 8): HELLO → IDENTIFY → READY + a full GUILD_CREATE for every guild, or a GUILD_DELETE
 * for one in an outage (so discord.js is ready at once, without its 15 s guild timeout), heartbeat ACKs, RESUME
 * (replaying what was dispatched while `disconnect()` had dropped the connection, as Discord does, or refusing it with
 * INVALID_SESSION when the session could not be kept, so that the client identifies anew), REQUEST_GUILD_MEMBERS
 * (op 8, answered with GUILD_MEMBERS_CHUNKs as `memberRequests` says), and `dispatch()` for any event a test needs
 * (INTERACTION_CREATE, MESSAGE_CREATE, GUILD_MEMBER_ADD…).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import type { FakeDiscordState, FakeGuild } from "./state.js";

/** How the fake answers REQUEST_GUILD_MEMBERS. */
export interface MemberRequestBehaviour {
  /** Members per GUILD_MEMBERS_CHUNK (Discord: 1,000). */
  chunkSize: number;
  /** Send only this many chunks of each answer, then nothing (null: all). 0 never answers. */
  sendChunks: number | null;
  /** Answer with a RATE_LIMITED dispatch (retry_after in seconds) instead, this many more times. */
  rateLimited: number;
  /** Keep requests in `heldMemberRequests` (the member list as it was when asked) until `releaseMemberRequests()`. */
  hold: boolean;
}

interface Session {
  ws: WebSocket;
  seq: number;
  identified: boolean;
  intents: number;
}

export class FakeDiscordGateway {
  private http: Server | null = null;
  private wss: WebSocketServer | null = null;
  private readonly sessions = new Set<Session>();
  /** Intents of the last IDENTIFY (tests assert which ones the adapter asks for). */
  lastIntents: number | null = null;
  identifies = 0;
  private readyWaiters: Array<() => void> = [];
  memberRequests: MemberRequestBehaviour = { chunkSize: 1000, sendChunks: null, rateLimited: 0, hold: false };
  /** Every REQUEST_GUILD_MEMBERS received (its `d`). */
  readonly memberRequestsReceived: Array<Record<string, unknown>> = [];
  private readonly held: Array<() => void> = [];
  /**
   * While disconnected: the sequence the session had reached and the events dispatched since, replayed on RESUME; or,
   * when the session cannot be resumed, dropped on it.
   */
  private missed: { seq: number; events: Array<{ t: string; d: unknown }>; resumable: boolean } | null = null;
  resumes = 0;
  /** RESUMEs refused with INVALID_SESSION (op 9, `d: false`). */
  invalidSessions = 0;
  /**
   * Guilds in an outage when a client identifies: READY lists them (as it lists every guild, unavailable), and a
   * GUILD_DELETE with `unavailable: true` follows instead of their GUILD_CREATE.
   */
  readonly unavailableAtIdentify = new Set<string>();
  /**
   * GUILD_CREATE as Discord sends it for a server above the client's large_threshold (discord.js: 50) to a bot without
   * the presence intent: `large: true`, and of the members only the bot's own. The others reach discord.js's cache
   * only through a member list request, an interaction, a message or a join.
   */
  largeGuilds = false;

  constructor(private readonly state: FakeDiscordState) {}

  async start(): Promise<string> {
    this.http = createServer();
    this.wss = new WebSocketServer({ server: this.http, path: "/gateway" });
    this.wss.on("connection", (ws) => this.onConnection(ws));
    await new Promise<void>((resolve) => this.http!.listen(0, "127.0.0.1", resolve));
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}/gateway`;
  }

  async stop(): Promise<void> {
    for (const s of this.sessions) s.ws.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
    const h = this.http;
    this.http = null;
    if (h) {
      h.closeAllConnections();
      await new Promise<void>((resolve) => h.close(() => resolve()));
    }
  }

  /** Resolves once a client has identified and received READY. */
  waitForIdentify(): Promise<void> {
    if ([...this.sessions].some((s) => s.identified)) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Sends a dispatch event (op 0) to every identified client (kept for the RESUME while `disconnect()`ed). */
  dispatch(t: string, d: unknown): void {
    if (this.missed) {
      this.missed.events.push({ t, d });
      return;
    }
    for (const s of this.sessions) if (s.identified) this.send(s, { op: 0, t, s: ++s.seq, d });
  }

  /**
   * Drops every connection with a close code that lets the client resume (4000); until it resumes, dispatched events
   * are kept and then replayed before RESUMED. With `resumable: false` the session is lost meanwhile (Discord expired
   * it): the client's RESUME is answered with INVALID_SESSION (`d: false`), what was dispatched is never delivered, and
   * the client identifies again, getting a new READY and GUILD_CREATEs from the guilds as they are then.
   */
  disconnect(opts: { resumable?: boolean } = {}): void {
    const seq = Math.max(0, ...[...this.sessions].map((s) => s.seq));
    this.missed = { seq, events: [], resumable: opts.resumable ?? true };
    for (const s of this.sessions) {
      s.identified = false;
      s.ws.close(4000, "fake disconnect");
    }
  }

  /** Answers the requests kept while `memberRequests.hold` was on, with the member lists of when they were made. */
  releaseMemberRequests(): number {
    const n = this.held.length;
    for (const answer of this.held.splice(0)) answer();
    return n;
  }

  /** The guild as GUILD_CREATE carries it. */
  guildPayload(g: FakeGuild): Record<string, unknown> {
    return {
      id: g.id, name: g.name, icon: null, splash: null, discovery_splash: null, owner_id: g.owner_id, afk_channel_id: null, afk_timeout: 300,
      verification_level: 0, default_message_notifications: 0, explicit_content_filter: 0, features: [], mfa_level: 0, application_id: null,
      system_channel_id: null, system_channel_flags: 0, rules_channel_id: null, vanity_url_code: null, description: null, banner: null,
      premium_tier: 0, preferred_locale: "en-US", public_updates_channel_id: null, nsfw_level: 0, premium_progress_bar_enabled: false,
      emojis: [], stickers: [], roles: g.roles, joined_at: "2026-01-01T00:00:00.000Z", large: this.largeGuilds, unavailable: false,
      member_count: g.members.length, voice_states: [], channels: g.channels, threads: [], presences: [],
      members: this.largeGuilds ? g.members.filter((m) => m.user.id === this.state.botUser.id) : g.members,
      stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [],
    };
  }

  private send(s: Session, payload: unknown): void {
    if (s.ws.readyState === s.ws.OPEN) s.ws.send(JSON.stringify(payload));
  }

  private onConnection(ws: WebSocket): void {
    const session: Session = { ws, seq: 0, identified: false, intents: 0 };
    this.sessions.add(session);
    ws.on("close", () => this.sessions.delete(session));
    ws.on("message", (raw) => this.onMessage(session, raw.toString()));
    this.send(session, { op: 10, d: { heartbeat_interval: 41_250 } });
  }

  private onMessage(s: Session, raw: string): void {
    const msg = JSON.parse(raw) as { op: number; d: Record<string, unknown> | null };
    switch (msg.op) {
      case 1:
        this.send(s, { op: 11 });
        break;
      case 2: {
        this.identifies++;
        s.intents = Number(msg.d?.intents ?? 0);
        this.lastIntents = s.intents;
        s.identified = true;
        const guilds = [...this.state.guilds.values()];
        this.send(s, {
          op: 0, t: "READY", s: ++s.seq,
          d: {
            v: 10, user: this.state.botUser, guilds: guilds.map((g) => ({ id: g.id, unavailable: true })), session_id: "fake-session",
            resume_gateway_url: this.gatewayBase(), shard: [0, 1], application: { id: this.state.applicationId, flags: 0 }, user_settings: {}, relationships: [], private_channels: [],
          },
        });
        for (const g of guilds) {
          if (this.unavailableAtIdentify.has(g.id)) this.send(s, { op: 0, t: "GUILD_DELETE", s: ++s.seq, d: { id: g.id, unavailable: true } });
          else this.send(s, { op: 0, t: "GUILD_CREATE", s: ++s.seq, d: this.guildPayload(g) });
        }
        for (const w of this.readyWaiters.splice(0)) w();
        break;
      }
      case 8:
        this.onRequestGuildMembers(s, msg.d ?? {});
        break;
      case 6: {
        if (this.missed && !this.missed.resumable) {
          this.invalidSessions++;
          this.missed = null;
          this.send(s, { op: 9, d: false });
          break;
        }
        this.resumes++;
        s.identified = true;
        s.seq = Number(msg.d?.seq ?? this.missed?.seq ?? 0);
        for (const e of this.missed?.events ?? []) this.send(s, { op: 0, t: e.t, s: ++s.seq, d: e.d });
        this.missed = null;
        this.send(s, { op: 0, t: "RESUMED", s: ++s.seq, d: {} });
        break;
      }
      default:
        break;
    }
  }

  private onRequestGuildMembers(s: Session, d: Record<string, unknown>): void {
    this.memberRequestsReceived.push(d);
    const b = this.memberRequests;
    const nonce = d.nonce;
    const guildId = String(d.guild_id);
    if (b.rateLimited > 0) {
      b.rateLimited--;
      this.send(s, { op: 0, t: "RATE_LIMITED", s: ++s.seq, d: { opcode: 8, retry_after: 0.05, meta: { guild_id: guildId, nonce } } });
      return;
    }
    const ids = Array.isArray(d.user_ids) ? d.user_ids.map(String) : null;
    const all = this.state.guilds.get(guildId)?.members ?? [];
    const members = ids ? all.filter((m) => ids.includes(m.user.id)) : all;
    const count = Math.max(1, Math.ceil(members.length / b.chunkSize));
    const chunks = Array.from({ length: count }, (_, i) => ({
      guild_id: guildId, members: members.slice(i * b.chunkSize, (i + 1) * b.chunkSize), chunk_index: i, chunk_count: count, not_found: [], nonce,
    })).slice(0, b.sendChunks ?? count);
    const answer = () => {
      for (const c of chunks) this.send(s, { op: 0, t: "GUILD_MEMBERS_CHUNK", s: ++s.seq, d: c });
    };
    if (b.hold) this.held.push(answer);
    else answer();
  }

  private gatewayBase(): string {
    const port = (this.http?.address() as AddressInfo | null)?.port ?? 0;
    return `ws://127.0.0.1:${port}/gateway`;
  }
}
