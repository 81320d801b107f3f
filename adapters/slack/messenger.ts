/**
 * Outgoing messages to Slack members: DMs (with a channel fallback when the core allows one),
 * group-DM introductions and channel posts. Every call goes through the per-workspace SlackApi queue.
 */
import type { RequestOrigin } from "../../src/core/domain/request.js";
import type { MemberId } from "../../src/core/ids.js";
import type { Message } from "../../src/core/messages.js";
import type { Logger } from "../../src/core/ports/logger.port.js";
import { DeliveryError, type Delivery, type DeliveryFailure, type DmStatusListener, type Messenger } from "../../src/core/ports/messenger.port.js";
import { SlackApiError, type SlackApi } from "./api.js";
import type { SlackDirectory } from "./directory.js";
import { slackIdsOf } from "./inbound.js";
import { renderMessage, toMrkdwn } from "./render/blocks.js";

/** Slack errors meaning "this member can't get a DM from us". */
const DM_CLOSED = new Set(["cannot_dm_bot", "messages_tab_disabled"]);
/**
 * Slack errors about the bot's own token or app configuration, never about a member: a platform fault (nothing is
 * recorded against the member, no public fallback) that is logged at error so the operator sees it.
 */
const TOKEN_FAULT = new Set(["not_allowed_token_type", "account_inactive", "invalid_auth", "not_authed", "token_revoked", "token_expired", "missing_scope", "no_permission", "ekm_access_denied"]);
/**
 * Slack errors of users.info meaning "this user is no longer in the workspace". Not `account_inactive`: that one is
 * about the bot's own token (its user or workspace deactivated), and says nothing about the member.
 */
const USER_GONE = new Set(["user_not_found"]);
/**
 * Gone, not merely unreachable by DM: `user_disabled` is conversations.open's word for a deactivated account. Not
 * `account_inactive` (the bot's own token is dead): the member would be marked departed for a fault on our side.
 */
const NOT_FOUND = new Set(["user_not_found", "user_disabled", "channel_not_found", "not_in_channel", "is_archived", "user_not_in_channel", "thread_not_found"]);

/** Largest export sent inline (code blocks) when file upload is not possible. */
const INLINE_FILE_CHUNK = 2800;
const INLINE_FILE_MAX_CHUNKS = 8;

interface PostResult {
  channel?: string;
  ts?: string;
}

export function toDeliveryError(e: unknown, what: string): DeliveryError {
  if (e instanceof DeliveryError) return e;
  if (e instanceof SlackApiError) {
    let reason: DeliveryFailure = "platform_error";
    if (e.code === "slack_rate_limited") reason = "rate_limited";
    else if (DM_CLOSED.has(e.slackError)) reason = "dm_closed";
    else if (NOT_FOUND.has(e.slackError)) reason = "not_found";
    return new DeliveryError(reason, `${what}: ${e.slackError}`, e);
  }
  return new DeliveryError("platform_error", `${what}: ${(e as Error)?.message ?? String(e)}`, e);
}

function isTokenFault(e: unknown): e is SlackApiError {
  return e instanceof SlackApiError && TOKEN_FAULT.has(e.slackError);
}

/**
 * A thread fallback is only allowed where the question is already visible to everyone there: a mention
 * in a public channel. A `/ask` is private to the asker (ephemeral), so its text never goes to a channel.
 */
function questionIsPublicIn(o: RequestOrigin): o is RequestOrigin & { channelId: string } {
  return o.surface === "mention" && o.channelId !== null && !o.isPrivate;
}

function requireSlack(id: MemberId): { teamId: string; userId: string } {
  const ids = slackIdsOf(id);
  if (!ids) throw new DeliveryError("not_found", `Not a Slack member: ${id}`);
  return ids;
}

export class SlackMessenger implements Messenger {
  private readonly log: Logger;

  constructor(
    private readonly api: SlackApi,
    logger: Logger,
    private readonly directory?: SlackDirectory,
    private readonly onDmStatus: DmStatusListener = async () => {},
  ) {
    this.log = logger.child({ component: "slack-messenger" });
  }

  /**
   * Workspace admin or owner, by a fresh users.info. A deactivated account is no admin, nor one Slack no longer knows
   * (`user_not_found`): rejecting would leave the digest asking about them every hour for good.
   */
  async isPlatformAdmin(member: MemberId): Promise<boolean | null> {
    if (!this.directory) return null;
    const { teamId, userId } = requireSlack(member);
    this.directory.forgetUser(teamId, userId);
    try {
      const u = await this.directory.user(teamId, userId);
      return u.isAdmin && !u.deleted;
    } catch (e) {
      if (e instanceof SlackApiError && USER_GONE.has(e.slackError)) return false;
      throw e;
    }
  }

  async sendDirect(to: MemberId, message: Message, fallback?: RequestOrigin): Promise<Delivery> {
    const { teamId, userId } = requireSlack(to);
    try {
      const channel = await this.openConversation(teamId, [userId]);
      const delivery = await this.post(teamId, channel, message, null);
      // DMs work (again): the core clears its dmClosed flag, else nudges would skip the member for good.
      await this.tellDmStatus(to, false);
      if (message.attachment) await this.sendFile(teamId, channel, message.attachment);
      return delivery;
    } catch (e) {
      const err = toDeliveryError(e, `DM to ${to}`);
      this.noteTokenFault(e, `DM to ${to}`);
      if (err.reason === "dm_closed") await this.tellDmStatus(to, true);
      if (err.reason === "dm_closed" && fallback && questionIsPublicIn(fallback)) {
        this.log.info({ memberId: to, channelId: fallback.channelId }, "DM closed; falling back to a mention in the thread");
        try {
          return await this.post(teamId, fallback.channelId, { ...message, text: `<@${to}> ${message.publicText ?? message.text}` }, fallback.threadId);
        } catch (e2) {
          throw toDeliveryError(e2, `fallback mention for ${to}`);
        }
      }
      throw err;
    }
  }

  async introduce(members: MemberId[], message: Message, origin?: RequestOrigin): Promise<Delivery> {
    if (members.length === 0) throw new DeliveryError("not_found", "introduce() needs at least one member");
    const ids = members.map(requireSlack);
    const teamId = ids[0]!.teamId;
    if (ids.some((x) => x.teamId !== teamId)) throw new DeliveryError("not_found", "Cannot introduce members of different workspaces");
    try {
      const channel = await this.openConversation(teamId, ids.map((x) => x.userId));
      return await this.post(teamId, channel, message, null);
    } catch (e) {
      const err = toDeliveryError(e, "group DM");
      this.noteTokenFault(e, "group DM");
      // A member Slack no longer knows or whose account is deactivated (user_not_found, user_disabled): the intro is
      // to someone gone, so it is not posted in public either; the caller hears not_found.
      if (origin && questionIsPublicIn(origin) && err.reason !== "rate_limited" && err.reason !== "not_found" && !isTokenFault(e)) {
        this.log.warn({ err: e, channelId: origin.channelId }, "group DM failed; introducing in the thread instead");
        try {
          return await this.post(teamId, origin.channelId, message, origin.threadId);
        } catch (e2) {
          throw toDeliveryError(e2, "intro in thread");
        }
      }
      throw err;
    }
  }

  async postToChannel(asMemberOf: MemberId, channelId: string, message: Message, threadId?: string | null): Promise<Delivery> {
    const { teamId } = requireSlack(asMemberOf);
    try {
      return await this.post(teamId, channelId, message, threadId ?? null);
    } catch (e) {
      this.noteTokenFault(e, `post to ${channelId}`);
      throw toDeliveryError(e, `post to ${channelId}`);
    }
  }

  /** A fault of the bot's token or app setup: only the operator can fix it, so it is logged at error. */
  private noteTokenFault(e: unknown, what: string): void {
    if (isTokenFault(e)) this.log.error({ err: e }, `${what}: Slack refused the bot token (${(e as SlackApiError).slackError}); check SLACK_BOT_TOKEN (a bot token, xoxb-…), its scopes and that the app is installed`);
  }

  private async tellDmStatus(member: MemberId, closed: boolean): Promise<void> {
    try {
      await this.onDmStatus(member, closed);
    } catch (e) {
      this.log.warn({ err: e, memberId: member }, "could not record DM status");
    }
  }

  /** Opens (or finds) the DM / group DM with these users; returns its channel id. */
  async openConversation(teamId: string, userIds: string[]): Promise<string> {
    const res = await this.api.call<{ channel?: { id?: string } }>(teamId, "conversations.open", { users: userIds.join(","), return_im: false });
    const id = res.channel?.id;
    if (!id) throw new DeliveryError("platform_error", "conversations.open returned no channel");
    return id;
  }

  /** Posts a rendered message; resolves with where it landed. */
  async post(teamId: string, channel: string, message: Message, threadTs: string | null): Promise<Delivery> {
    const r = renderMessage(message);
    const res = await this.api.call<PostResult>(teamId, "chat.postMessage", {
      channel, text: r.text, blocks: r.blocks, unfurl_links: false, unfurl_media: false, ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    return { channelId: res.channel ?? channel, messageId: res.ts ?? null };
  }

  /**
   * Sends a file into a conversation (files.uploadV2). If the upload fails for a reason other than rate
   * limiting, the content is posted inline in code blocks instead (bounded); too large → a DeliveryError.
   */
  async sendFile(teamId: string, channel: string, file: NonNullable<Message["attachment"]>): Promise<void> {
    try {
      await this.api.run(teamId, "files.uploadV2", (client) =>
        client.files.uploadV2({ channel_id: channel, filename: file.filename, title: file.filename, content: file.content }));
      return;
    } catch (e) {
      const err = toDeliveryError(e, "file upload");
      if (err.reason === "rate_limited") throw err;
      this.log.warn({ err: e, channel }, "file upload failed; sending the content inline");
    }
    const pieces: string[] = [];
    for (let i = 0; i < file.content.length; i += INLINE_FILE_CHUNK) pieces.push(file.content.slice(i, i + INLINE_FILE_CHUNK));
    if (pieces.length > INLINE_FILE_MAX_CHUNKS) throw new DeliveryError("platform_error", "The file is too large to send inline and the upload failed");
    for (const [i, p] of pieces.entries()) {
      const text = `${pieces.length > 1 ? `${file.filename} (${i + 1}/${pieces.length})\n` : ""}\`\`\`${toMrkdwn(p)}\`\`\``;
      await this.api.call(teamId, "chat.postMessage", { channel, text, mrkdwn: true });
    }
  }
}
