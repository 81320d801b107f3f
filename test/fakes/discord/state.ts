/**
 * In-memory state of the fake Discord: guilds (with channels, roles and members), DM channels, threads,
 * messages, and every REST call received. Shared by the fake REST API and the fake gateway.
 */

let seq = 0n;
/** Increasing snowflake-shaped ids (19 digits), unique within the process. */
export function snowflake(): string {
  seq += 1n;
  return (1_300_000_000_000_000_000n + seq * 4096n).toString();
}

export interface FakeUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: null;
  bot?: boolean;
}

export interface FakeMember {
  user: FakeUser;
  roles: string[];
  nick: string | null;
  joined_at: string;
  deaf: false;
  mute: false;
  flags: 0;
}

export interface FakeRole {
  id: string;
  name: string;
  color: 0;
  hoist: false;
  position: number;
  permissions: string;
  managed: false;
  mentionable: boolean;
  flags: 0;
}

export interface FakeChannel {
  id: string;
  type: number;
  name?: string;
  guild_id?: string;
  parent_id?: string | null;
  position?: number;
  permission_overwrites?: Array<{ id: string; type: 0 | 1; allow: string; deny: string }>;
  recipients?: FakeUser[];
  thread_metadata?: { archived: boolean; auto_archive_duration: number; archive_timestamp: string; locked: boolean; invitable?: boolean };
  /** Threads only: ids of users added to the thread. */
  members?: string[];
}

export interface FakeGuild {
  id: string;
  name: string;
  owner_id: string;
  channels: FakeChannel[];
  roles: FakeRole[];
  members: FakeMember[];
}

export interface RecordedCall {
  method: string;
  /** Path after `/api/v10`, URL-decoded (`/webhooks/1/tok/messages/@original`). */
  path: string;
  query: URLSearchParams;
  /** JSON body (for multipart requests: the `payload_json` part). */
  body: unknown;
  /** Files of a multipart request. */
  files: Array<{ name: string; content: string }>;
  status: number;
}

export interface PostedMessage {
  id: string;
  channel_id: string;
  /** The body the bot sent (content, embeds, components, allowed_mentions…). */
  body: Record<string, unknown>;
  files: Array<{ name: string; content: string }>;
}

export const VIEW_CHANNEL = 1n << 10n;
export const SEND_MESSAGES = 1n << 11n;
export const MANAGE_GUILD = 1n << 5n;
/** Permissions of @everyone in the fake guilds (view + send + threads + history). */
export const EVERYONE_PERMISSIONS = (VIEW_CHANNEL | SEND_MESSAGES | (1n << 16n) | (1n << 35n) | (1n << 36n) | (1n << 38n)).toString();

export function fakeUser(id: string, username: string, bot = false): FakeUser {
  return { id, username, global_name: username[0]!.toUpperCase() + username.slice(1), discriminator: "0", avatar: null, ...(bot ? { bot: true } : {}) };
}

export class FakeDiscordState {
  readonly botUser: FakeUser;
  readonly applicationId: string;
  readonly users = new Map<string, FakeUser>();
  readonly guilds = new Map<string, FakeGuild>();
  /** DM channels by id; `dmByUser` finds the one opened for a user. */
  readonly channels = new Map<string, FakeChannel>();
  readonly dmByUser = new Map<string, string>();
  readonly calls: RecordedCall[] = [];
  readonly messages: PostedMessage[] = [];
  /** Users whose DMs are closed: posting in their DM channel answers 403 / code 50007. */
  readonly dmClosed = new Set<string>();
  /** Pending injected 429 answers: route prefix (e.g. `POST /channels/`) → how many. */
  readonly rateLimits: Array<{ method: string; pathPrefix: string; remaining: number; retryAfterSeconds: number }> = [];
  /** When true, every REST call answers 401 Unauthorized, as Discord does for a wrong or reset bot token. */
  tokenRejected = false;
  /** Commands registered through bulk overwrite: `global` or a guild id → commands. */
  readonly commands = new Map<string, unknown[]>();

  constructor() {
    this.applicationId = snowflake();
    this.botUser = fakeUser(this.applicationId, "knowhow", true);
    this.users.set(this.botUser.id, this.botUser);
  }

  /** Adds a guild with a #general text channel and an owner; returns it. */
  addGuild(name: string, ownerId?: string): FakeGuild {
    const id = snowflake();
    const owner = ownerId ?? this.addUser(`${name.toLowerCase()}-owner`).id;
    const guild: FakeGuild = {
      id,
      name,
      owner_id: owner,
      channels: [],
      roles: [{ id, name: "@everyone", color: 0, hoist: false, position: 0, permissions: EVERYONE_PERMISSIONS, managed: false, mentionable: false, flags: 0 }],
      members: [],
    };
    this.guilds.set(id, guild);
    this.addMember(id, this.botUser.id);
    this.addMember(id, owner);
    this.addTextChannel(id, "general");
    return guild;
  }

  addUser(username: string): FakeUser {
    const u = fakeUser(snowflake(), username);
    this.users.set(u.id, u);
    return u;
  }

  addMember(guildId: string, userId: string, roles: string[] = []): FakeMember {
    const g = this.requireGuild(guildId);
    const user = this.users.get(userId);
    if (!user) throw new Error(`unknown user ${userId}`);
    const m: FakeMember = { user, roles, nick: null, joined_at: new Date("2026-01-01T00:00:00Z").toISOString(), deaf: false, mute: false, flags: 0 };
    g.members = g.members.filter((x) => x.user.id !== userId).concat(m);
    return m;
  }

  addRole(guildId: string, name: string): FakeRole {
    const g = this.requireGuild(guildId);
    const r: FakeRole = { id: snowflake(), name, color: 0, hoist: false, position: g.roles.length, permissions: "0", managed: false, mentionable: true, flags: 0 };
    g.roles.push(r);
    return r;
  }

  /** A text channel; `privateTo` hides it from @everyone. */
  addTextChannel(guildId: string, name: string, opts: { private?: boolean } = {}): FakeChannel {
    const g = this.requireGuild(guildId);
    const c: FakeChannel = {
      id: snowflake(), type: 0, name, guild_id: guildId, parent_id: null, position: g.channels.length,
      permission_overwrites: opts.private ? [{ id: guildId, type: 0, allow: "0", deny: VIEW_CHANNEL.toString() }] : [],
    };
    g.channels.push(c);
    this.channels.set(c.id, c);
    return c;
  }

  requireGuild(id: string): FakeGuild {
    const g = this.guilds.get(id);
    if (!g) throw new Error(`unknown guild ${id}`);
    return g;
  }

  /** The DM channel id the bot opened with a user, if any. */
  dmChannelOf(userId: string): string | undefined {
    return this.dmByUser.get(userId);
  }

  /** Messages the bot posted in a channel (DM, text channel or thread). */
  messagesIn(channelId: string): PostedMessage[] {
    return this.messages.filter((m) => m.channel_id === channelId);
  }

  /** Messages the bot sent a user by DM. */
  dmsTo(userId: string): PostedMessage[] {
    const ch = this.dmByUser.get(userId);
    return ch ? this.messagesIn(ch) : [];
  }

  /** Every REST call matching method and path prefix. */
  callsTo(method: string, pathPrefix: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.path.startsWith(pathPrefix));
  }
}
