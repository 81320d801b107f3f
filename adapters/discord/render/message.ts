/**
 * Rendering a core `Message` for Discord: an embed (title, text, fields), buttons whose custom_id
 * encodes the action, and a file for attachments. Mentions inside embeds never notify anyone; only users
 * listed in `ping` are mentioned in `content`, and `allowed_mentions` is always explicit so @everyone,
 * @here and roles are never pinged.
 */
import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed } from "discord.js";
import { MENTION_RE, type Message, type MessageKind } from "../../../src/core/messages.js";
import type { CustomIds } from "../custom-id.js";
import { discordIdsOf } from "../ids.js";
import { withDiscordCommands } from "./command-syntax.js";
import { clip, DISCORD_LIMITS as L } from "./limits.js";

export interface RenderedMessage {
  content: string;
  embeds: APIEmbed[];
  components: Array<APIActionRowComponent<APIButtonComponentWithCustomId>>;
  /** Native user ids that `content` may ping (and nobody else). */
  pingUsers: string[];
  files: Array<{ name: string; data: Buffer }>;
}

export interface RenderOptions {
  /** The guild whose community the message belongs to (encoded in every button). */
  guildId: string;
  customIds: CustomIds;
  /** Native user ids to mention (and notify) in the message content. */
  ping?: string[];
}

const COLOR: Partial<Record<MessageKind, number>> = {
  suggestions: 0x5865f2,
  offer: 0x5865f2,
  intro: 0x57f287,
  nobody_fits: 0xfee75c,
  error: 0xed4245,
  confirm: 0xfee75c,
};

const STYLE = { primary: 1, secondary: 2, danger: 4 } as const;

/**
 * The core's tiny markup → Discord markdown: `*bold*` → `**bold**`, and core mentions of this guild
 * (`<@discord:G:U>`) → `<@U>`; mentions of anyone else become plain text.
 */
export function toDiscordMarkdown(text: string, guildId: string): string {
  return withDiscordCommands(text)
    .replace(MENTION_RE, (_m, id: string) => {
      const ids = discordIdsOf(id);
      return ids && ids.guildId === guildId ? `<@${ids.userId}>` : "someone";
    })
    .replace(/(^|[^*\w])\*(?=\S)([^*\n]+?)\*(?=[^*\w]|$)/g, "$1**$2**")
    .replace(/@(everyone|here)\b/g, "@\u200b$1");
}

export function renderMessage(m: Message, opts: RenderOptions): RenderedMessage {
  const md = (s: string) => toDiscordMarkdown(s, opts.guildId);
  const embed: APIEmbed = {};
  if (m.title) embed.title = clip(md(m.title), L.embedTitle);
  const color = COLOR[m.kind];
  if (color !== undefined) embed.color = color;
  const text = md(m.text);
  // Discord rejects an embed over 6,000 characters: keep room for the text, then fit fields, then clip the text.
  let budget = L.embedTotal - (embed.title?.length ?? 0) - Math.min(text.length, 1000);
  const fields: Array<{ name: string; value: string }> = [];
  for (const f of (m.fields ?? []).slice(0, L.embedFields)) {
    const name = clip(md(f.label), L.fieldName);
    const value = clip(md(f.value) || "—", Math.min(L.fieldValue, budget - name.length));
    if (budget - name.length < 20) break;
    fields.push({ name, value });
    budget -= name.length + value.length;
  }
  if (fields.length) embed.fields = fields;
  const used = (embed.title?.length ?? 0) + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  if (text) embed.description = clip(text, Math.min(L.embedDescription, L.embedTotal - used));

  const buttons: APIButtonComponentWithCustomId[] = (m.actions ?? []).slice(0, L.buttonsPerRow * L.rows).map((a) => ({
    type: 2,
    style: STYLE[a.style ?? "secondary"],
    label: clip(a.label, L.buttonLabel),
    custom_id: opts.customIds.encode(a.type, opts.guildId, a.value),
  }));
  const components: RenderedMessage["components"] = [];
  for (let i = 0; i < buttons.length; i += L.buttonsPerRow) components.push({ type: 1, components: buttons.slice(i, i + L.buttonsPerRow) });

  const ping = [...new Set(opts.ping ?? [])];
  return {
    content: ping.map((u) => `<@${u}>`).join(" "),
    embeds: [embed],
    components,
    pingUsers: ping,
    files: m.attachment ? [{ name: m.attachment.filename, data: Buffer.from(m.attachment.content, "utf8") }] : [],
  };
}

/** A plain text reply (no embed), clipped to Discord's content limit; pings nobody. */
export function renderPlain(text: string, guildId: string): RenderedMessage {
  return { content: clip(toDiscordMarkdown(text, guildId), L.content), embeds: [], components: [], pingUsers: [], files: [] };
}

/** JSON body for the REST API (`POST /channels/{id}/messages`) and its files. */
export function toRestBody(r: RenderedMessage): { body: Record<string, unknown>; files: Array<{ name: string; data: Buffer }> } {
  return {
    body: {
      content: r.content,
      embeds: r.embeds,
      components: r.components,
      allowed_mentions: { parse: [], users: r.pingUsers, replied_user: false },
    },
    files: r.files,
  };
}

/** Options for discord.js interaction replies (`reply`, `editReply`, `followUp`). */
export function toReplyOptions(r: RenderedMessage) {
  return {
    content: r.content || undefined,
    embeds: r.embeds,
    components: r.components,
    allowedMentions: { parse: [], users: r.pingUsers, repliedUser: false },
    files: r.files.map((f) => ({ attachment: f.data, name: f.name })),
  };
}
