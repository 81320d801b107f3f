/**
 * Cached lookups of who someone is (users.info: name, timezone, admin) and whether a conversation is
 * private (conversations.info). Entries expire after a TTL on the injected clock; concurrent misses for
 * one key share a single call. Bounded: the oldest entries are evicted first.
 */
import type { Clock } from "../../src/core/ports/clock.port.js";
import type { Logger } from "../../src/core/ports/logger.port.js";
import type { SlackApi } from "./api.js";

export interface SlackUser {
  id: string;
  name: string;
  timezone: string | null;
  isAdmin: boolean;
  isBot: boolean;
  deleted: boolean;
}

interface Entry<T> {
  value: Promise<T>;
  expiresAt: number;
}

export interface DirectoryOptions {
  userTtlMs?: number;
  channelTtlMs?: number;
  maxEntries?: number;
}

export class TtlCache<T> {
  private readonly map = new Map<string, Entry<T>>();
  constructor(private readonly clock: Clock, private readonly ttlMs: number, private readonly max: number) {}

  /** The cached value, or the result of `load` (shared by concurrent callers; failures are not cached). */
  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.clock.now().getTime();
    const hit = this.map.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    const value = load();
    this.map.delete(key);
    this.map.set(key, { value, expiresAt: now + this.ttlMs });
    value.catch(() => {
      if (this.map.get(key)?.value === value) this.map.delete(key);
    });
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
    return value;
  }

  set(key: string, value: T): void {
    this.map.delete(key);
    this.map.set(key, { value: Promise.resolve(value), expiresAt: this.clock.now().getTime() + this.ttlMs });
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }
}

interface UsersInfoResponse {
  user?: {
    id: string; name?: string; real_name?: string; tz?: string | null; is_admin?: boolean; is_owner?: boolean; is_bot?: boolean; deleted?: boolean;
    profile?: { display_name?: string; real_name?: string };
    /** Enterprise Grid: the user's role in the whole organisation. */
    enterprise_user?: { is_admin?: boolean; is_owner?: boolean };
  };
}

export class SlackDirectory {
  private readonly users: TtlCache<SlackUser>;
  private readonly channels: TtlCache<boolean>;
  private readonly log: Logger;

  constructor(private readonly api: SlackApi, clock: Clock, logger: Logger, o: DirectoryOptions = {}) {
    this.users = new TtlCache(clock, o.userTtlMs ?? 6 * 3600_000, o.maxEntries ?? 50_000);
    this.channels = new TtlCache(clock, o.channelTtlMs ?? 3600_000, o.maxEntries ?? 50_000);
    this.log = logger.child({ component: "slack-directory" });
  }

  /** Name, timezone and admin flag of a user; cached. Rejects when Slack cannot say. */
  user(teamId: string, userId: string): Promise<SlackUser> {
    return this.users.get(`${teamId}:${userId}`, async () => {
      const res = await this.api.call<UsersInfoResponse>(teamId, "users.info", { user: userId });
      const u = res.user;
      if (!u) throw new Error(`users.info returned no user for ${userId}`);
      const name = u.profile?.display_name || u.profile?.real_name || u.real_name || u.name || userId;
      // An Enterprise Grid org admin or owner administers every workspace of the org, though no workspace role may say so.
      const isAdmin = Boolean(u.is_admin || u.is_owner || u.enterprise_user?.is_admin || u.enterprise_user?.is_owner);
      return { id: u.id, name, timezone: u.tz ?? null, isAdmin, isBot: Boolean(u.is_bot), deleted: Boolean(u.deleted) };
    });
  }

  /** Like `user` but never rejects: a lookup failure is logged and yields null (the caller goes on with less detail). */
  async userOrNull(teamId: string, userId: string): Promise<SlackUser | null> {
    try {
      return await this.user(teamId, userId);
    } catch (e) {
      this.log.warn({ err: e, teamId, userId }, "users.info failed; continuing without name and timezone");
      return null;
    }
  }

  /** Forgets a cached user (profile changed, user left). */
  forgetUser(teamId: string, userId: string): void {
    this.users.delete(`${teamId}:${userId}`);
  }

  /**
   * Whether a conversation is private (private channel, DM, group DM). When Slack can't tell us
   * (no access, error) the answer is "private": nothing leaks by mistake.
   */
  async isPrivate(teamId: string, channelId: string): Promise<boolean> {
    if (/^[DG]/.test(channelId)) return true;
    try {
      return await this.channels.get(`${teamId}:${channelId}`, async () => {
        const res = await this.api.call<{ channel?: { is_private?: boolean; is_im?: boolean; is_mpim?: boolean } }>(teamId, "conversations.info", { channel: channelId });
        const c = res.channel;
        return !c || Boolean(c.is_private || c.is_im || c.is_mpim);
      });
    } catch (e) {
      this.log.warn({ err: e, teamId, channelId }, "conversations.info failed; treating the channel as private");
      return true;
    }
  }

  /** Records what an event already told us (e.g. `channel_type: "channel"`), saving a call. */
  notePrivacy(teamId: string, channelId: string, isPrivate: boolean): void {
    this.channels.set(`${teamId}:${channelId}`, isPrivate);
  }
}
