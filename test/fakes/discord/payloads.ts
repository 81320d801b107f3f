/**
 * Builders for the gateway payloads a test sends as a user: interactions (slash command, button,
 * autocomplete, modal submit), messages (channel mentions, DMs) and member joins.
 */
import { MANAGE_GUILD, SEND_MESSAGES, snowflake, VIEW_CHANNEL, type FakeChannel, type FakeDiscordState, type FakeUser } from "./state.js";

type Json = Record<string, unknown>;

export interface Where {
  /** Guild id; omit for a DM with the bot. */
  guildId?: string;
  /** Channel id (a guild text channel or thread); DMs use the user's DM channel. */
  channelId?: string;
  /** Give the user Manage Server. */
  admin?: boolean;
}

/** A slash-command option as Discord sends it: `{ name, type, value }` or a subcommand with options. */
export interface OptionPayload {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: OptionPayload[];
  focused?: boolean;
}

export function memberPayload(state: FakeDiscordState, guildId: string, user: FakeUser, admin = false): Json {
  const m = state.requireGuild(guildId).members.find((x) => x.user.id === user.id);
  const perms = VIEW_CHANNEL | SEND_MESSAGES | (admin ? MANAGE_GUILD : 0n);
  return {
    user, roles: m?.roles ?? [], nick: null, avatar: null, joined_at: m?.joined_at ?? new Date().toISOString(), premium_since: null,
    deaf: false, mute: false, flags: 0, pending: false, permissions: perms.toString(),
  };
}

function channelPayload(state: FakeDiscordState, where: Where, user: FakeUser): Json {
  if (!where.guildId) {
    return { id: dmChannelFor(state, user), type: 1, recipients: [user], flags: 0, last_message_id: null };
  }
  const c: FakeChannel | undefined = state.channels.get(where.channelId ?? "") ?? state.requireGuild(where.guildId).channels[0];
  if (!c) throw new Error("no channel");
  return { ...c, permissions: (VIEW_CHANNEL | SEND_MESSAGES).toString() };
}

/** The DM channel between the bot and the user (created on first use, like Discord). */
export function dmChannelFor(state: FakeDiscordState, user: FakeUser): string {
  let id = state.dmByUser.get(user.id);
  if (!id) {
    id = snowflake();
    state.channels.set(id, { id, type: 1, recipients: [user] });
    state.dmByUser.set(user.id, id);
  }
  return id;
}

function baseInteraction(state: FakeDiscordState, type: number, user: FakeUser, where: Where, data: Json): Json {
  const channel = channelPayload(state, where, user);
  return {
    id: snowflake(), application_id: state.applicationId, type, token: `tok-${snowflake()}`, version: 1, data,
    channel, channel_id: channel.id, locale: "en-US", app_permissions: "2251799813685247", entitlements: [], attachment_size_limit: 8_388_608,
    ...(where.guildId
      ? { guild_id: where.guildId, guild: { id: where.guildId, locale: "en-US", features: [] }, guild_locale: "en-US", member: memberPayload(state, where.guildId, user, where.admin), context: 0, authorizing_integration_owners: { 0: where.guildId } }
      : { user, context: 1, authorizing_integration_owners: { 1: user.id } }),
  };
}

export function slashCommand(state: FakeDiscordState, user: FakeUser, where: Where, name: string, options: OptionPayload[] = [], resolved?: Json): Json {
  return baseInteraction(state, 2, user, where, { id: snowflake(), name, type: 1, options, ...(resolved ? { resolved } : {}) });
}

export function autocomplete(state: FakeDiscordState, user: FakeUser, where: Where, name: string, options: OptionPayload[]): Json {
  return baseInteraction(state, 4, user, where, { id: snowflake(), name, type: 1, options });
}

/** A button press on a message the bot posted (`message` is the posted message's id and channel). */
/** A button press on a message; one the bot posted comes with its current content, embeds and buttons, as Discord sends it. */
export function buttonPress(state: FakeDiscordState, user: FakeUser, where: Where, customId: string, message: { id: string; channel_id: string }): Json {
  const p = baseInteraction(state, 3, user, where, { custom_id: customId, component_type: 2 });
  const posted = state.messages.find((m) => m.id === message.id)?.body ?? {};
  return {
    ...p,
    message: {
      id: message.id, channel_id: message.channel_id, author: state.botUser, content: posted.content ?? "", timestamp: new Date().toISOString(), edited_timestamp: null,
      tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: [], embeds: posted.embeds ?? [], components: posted.components ?? [], pinned: false, type: 0,
      // A message the bot did not post by REST is a reply to an interaction: in a server, Knowhow's are ephemeral.
      flags: state.messages.some((m) => m.id === message.id) || !where.guildId ? 0 : 64,
    },
  };
}

export function modalSubmit(state: FakeDiscordState, user: FakeUser, where: Where, customId: string, fields: Record<string, string>): Json {
  return baseInteraction(state, 5, user, where, {
    custom_id: customId,
    components: Object.entries(fields).map(([id, value]) => ({ type: 1, components: [{ type: 4, custom_id: id, value }] })),
  });
}

/** MESSAGE_CREATE from a user: in a guild channel (mentions resolved) or, without guildId, a DM. */
export function messageCreate(state: FakeDiscordState, user: FakeUser, where: Where, content: string, mentions: FakeUser[] = []): Json {
  const guild = where.guildId;
  const channelId = guild ? (where.channelId ?? state.requireGuild(guild).channels[0]!.id) : dmChannelFor(state, user);
  return {
    id: snowflake(), channel_id: channelId, author: user, content, timestamp: new Date().toISOString(), edited_timestamp: null, tts: false,
    mention_everyone: false, mentions, mention_roles: [], attachments: [], embeds: [], pinned: false, type: 0, flags: 0, components: [],
    ...(guild ? { guild_id: guild, member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 }, channel_type: state.channels.get(channelId)?.type ?? 0 } : { channel_type: 1 }),
  };
}
