/**
 * Outgoing messages to Discord members through the REST API (discord.js queues requests per route and
 * waits out 429s): DMs with a fallback mention in the asking thread when DMs are closed (50007),
 * introductions in a private thread (or by DM), and channel posts with a thread for answers.
 */
import { PermissionFlagsBits, Routes, type REST } from "discord.js";
import type { RequestOrigin } from "../../src/core/domain/request.js";
import type { MemberId } from "../../src/core/ids.js";
import type { Message } from "../../src/core/messages.js";
import type { Logger } from "../../src/core/ports/logger.port.js";
import { DeliveryError, type Delivery, type DmStatusListener, type Messenger } from "../../src/core/ports/messenger.port.js";
import type { CustomIds } from "./custom-id.js";
import { isDmClosed, toDeliveryError } from "./errors.js";
import { discordIdsOf } from "./ids.js";
import { clip, DISCORD_LIMITS } from "./render/limits.js";
import { renderMessage, toRestBody } from "./render/message.js";

const PRIVATE_THREAD = 12;

function requireDiscord(id: MemberId): { guildId: string; userId: string } {
  const ids = discordIdsOf(id);
  if (!ids) throw new DeliveryError("not_found", `Not a Discord member: ${id}`);
  return ids;
}

/** Whether a mention may be posted where the request came from. */
function usableOrigin(o: RequestOrigin | undefined): o is RequestOrigin & { channelId: string } {
  return !!o && !!o.channelId && o.surface !== "dm" && !o.isPrivate;
}

export class DiscordMessenger implements Messenger {
  private readonly log: Logger;
  private readonly dmChannels = new Map<string, string>();
  /** Members seen with closed DMs in this process (diagnostics; the core keeps the durable flag). */
  readonly knownClosed = new Set<MemberId>();

  constructor(
    private readonly rest: REST,
    private readonly customIds: CustomIds,
    logger: Logger,
    private readonly onDmStatus: DmStatusListener = async () => {},
  ) {
    this.log = logger.child({ component: "discord-messenger" });
  }

  /**
   * The server's owner, or a member whose roles (with @everyone's) grant Administrator or Manage Server — the
   * permission the slash commands check. Three REST reads, so that a role taken away counts at once. A member who
   * left the server is no admin.
   */
  async isPlatformAdmin(member: MemberId): Promise<boolean> {
    const { guildId, userId } = requireDiscord(member);
    try {
      const [guild, roles, m] = await Promise.all([
        this.rest.get(Routes.guild(guildId)) as Promise<{ owner_id: string }>,
        this.rest.get(Routes.guildRoles(guildId)) as Promise<Array<{ id: string; permissions: string }>>,
        this.rest.get(Routes.guildMember(guildId, userId)) as Promise<{ roles: string[] }>,
      ]);
      if (guild.owner_id === userId) return true;
      const held = new Set([guildId, ...m.roles]);
      const granted = roles.filter((r) => held.has(r.id)).reduce((acc, r) => acc | BigInt(r.permissions), 0n);
      return (granted & (PermissionFlagsBits.Administrator | PermissionFlagsBits.ManageGuild)) !== 0n;
    } catch (e) {
      const err = toDeliveryError(e, `admin check for ${member}`);
      if (err.reason === "not_found") return false;
      throw err;
    }
  }

  async sendDirect(to: MemberId, message: Message, fallback?: RequestOrigin): Promise<Delivery> {
    const { guildId, userId } = requireDiscord(to);
    try {
      const channel = await this.openDm(userId);
      const delivery = await this.post(channel, message, guildId);
      // DMs work (again): the core clears its dmClosed flag (a no-op read when it was not set).
      this.knownClosed.delete(to);
      await this.tellDmStatus(to, false);
      return delivery;
    } catch (e) {
      if (!isDmClosed(e)) throw toDeliveryError(e, `DM to ${to}`);
      this.knownClosed.add(to);
      await this.tellDmStatus(to, true);
      if (!usableOrigin(fallback)) throw toDeliveryError(e, `DM to ${to}`);
      this.log.info({ memberId: to, channelId: fallback.channelId }, "DMs closed; falling back to a mention in the thread");
      try {
        return await this.post(fallback.threadId ?? fallback.channelId, { ...message, text: message.publicText ?? message.text }, guildId, [userId]);
      } catch (e2) {
        throw toDeliveryError(e2, `fallback mention for ${to}`);
      }
    }
  }

  async introduce(members: MemberId[], message: Message, origin?: RequestOrigin): Promise<Delivery> {
    if (members.length === 0) throw new DeliveryError("not_found", "introduce() needs at least one member");
    const ids = members.map(requireDiscord);
    const guildId = ids[0]!.guildId;
    if (ids.some((x) => x.guildId !== guildId)) throw new DeliveryError("not_found", "Cannot introduce members of different servers");
    const users = ids.map((x) => x.userId);
    if (usableOrigin(origin)) {
      try {
        return await this.introduceInPrivateThread(origin.channelId, users, message, guildId);
      } catch (e) {
        this.log.warn({ err: e, channelId: origin.channelId }, "private intro thread failed; introducing by DM instead");
      }
    }
    // Bots cannot open group DMs: each member gets the introduction (naming the other) by DM.
    let first: Delivery | null = null;
    let lastError: unknown = null;
    for (const [i, userId] of users.entries()) {
      try {
        const d = await this.post(await this.openDm(userId), message, guildId);
        first ??= d;
      } catch (e) {
        lastError = e;
        this.log.warn({ err: e, memberId: members[i] }, "intro DM failed");
        if (isDmClosed(e)) {
          this.knownClosed.add(members[i]!);
          await this.tellDmStatus(members[i]!, true);
        }
      }
    }
    // Half an introduction is none: the core then tells each of them to contact the other directly.
    if (!first || lastError) throw toDeliveryError(lastError, "introduction");
    return first;
  }

  async postToChannel(asMemberOf: MemberId, channelId: string, message: Message, threadId?: string | null): Promise<Delivery> {
    const { guildId } = requireDiscord(asMemberOf);
    let delivery: Delivery;
    try {
      delivery = await this.post(threadId ?? channelId, message, guildId);
    } catch (e) {
      throw toDeliveryError(e, `post to ${channelId}`);
    }
    if (!threadId && delivery.messageId) {
      // Answers go in a thread on the post, so the channel stays readable.
      try {
        await this.rest.post(Routes.threads(channelId, delivery.messageId), {
          body: { name: clip(message.title ?? "Can anyone help?", DISCORD_LIMITS.threadName), auto_archive_duration: 1440 },
        });
      } catch (e) {
        this.log.warn({ err: e, channelId }, "could not start a thread on the channel post");
      }
    }
    return delivery;
  }

  /** The DM channel with a user (opened once, then cached). */
  async openDm(userId: string): Promise<string> {
    const cached = this.dmChannels.get(userId);
    if (cached) return cached;
    const ch = (await this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
    this.dmChannels.set(userId, ch.id);
    return ch.id;
  }

  /**
   * Posts a rendered message in a channel or thread; `ping` users are mentioned (and notified);
   * `replyTo` makes it a reply to that message (without pinging its author).
   */
  async post(channelId: string, message: Message, guildId: string, ping: string[] = [], replyTo: string | null = null): Promise<Delivery> {
    const { body, files } = toRestBody(renderMessage(message, { guildId, customIds: this.customIds, ping }));
    if (replyTo) body.message_reference = { message_id: replyTo, fail_if_not_exists: false };
    const res = (await this.rest.post(Routes.channelMessages(channelId), { body, files })) as { id?: string; channel_id?: string };
    return { channelId: res.channel_id ?? channelId, messageId: res.id ?? null };
  }

  private async introduceInPrivateThread(channelId: string, users: string[], message: Message, guildId: string): Promise<Delivery> {
    const thread = (await this.rest.post(Routes.threads(channelId), {
      body: { name: clip(message.title ?? "Introduction", DISCORD_LIMITS.threadName), type: PRIVATE_THREAD, invitable: false, auto_archive_duration: 10080 },
    })) as { id: string };
    try {
      for (const u of users) await this.rest.put(Routes.threadMembers(thread.id, u));
      return await this.post(thread.id, message, guildId, users);
    } catch (e) {
      // The introduction goes by DM instead: don't leave an empty private thread behind (best-effort).
      await this.rest.delete(Routes.channel(thread.id)).catch((e2: unknown) =>
        this.log.warn({ err: e2, threadId: thread.id }, "couldn't delete the unused private intro thread"));
      throw e;
    }
  }

  private async tellDmStatus(member: MemberId, closed: boolean): Promise<void> {
    try {
      await this.onDmStatus(member, closed);
    } catch (e) {
      this.log.warn({ err: e, memberId: member }, "could not record DM status");
    }
  }
}
