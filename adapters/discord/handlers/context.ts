/** What every Discord handler gets: the core, the client and the adapter's shared helpers. */
import { ChannelType, PermissionFlagsBits, type Channel, type Client } from "discord.js";
import type { Core } from "../../../src/core/index.js";
import type { RequestOrigin, Surface } from "../../../src/core/domain/request.js";
import type { Logger } from "../../../src/core/ports/logger.port.js";
import type { CustomIds } from "../custom-id.js";
import type { DiscordMessenger } from "../messenger.js";
import type { RoleImporter } from "../roles/import.js";

export interface HandlerContext {
  core: Core;
  client: Client;
  customIds: CustomIds;
  messenger: DiscordMessenger;
  roles: RoleImporter;
  logger: Logger;
  /** Whether the Message Content intent was requested. */
  messageContent: boolean;
  /** Defer interactions whose work takes longer than this (ms). */
  deferAfterMs?: number;
}

/** True when @everyone cannot see the channel (or it is a private thread): nothing about it is posted elsewhere. */
export function isPrivateChannel(ch: Channel | null): boolean {
  if (!ch || ch.isDMBased()) return true;
  if (ch.type === ChannelType.PrivateThread) return true;
  const target = ch.isThread() ? ch.parent : ch;
  if (!target) return true;
  const perms = target.permissionsFor(target.guild.roles.everyone);
  return !perms?.has(PermissionFlagsBits.ViewChannel);
}

/** Where a request came from: channel and thread (a Discord thread is a channel with a parent). */
export function originOf(ch: Channel | null, surface: Surface): RequestOrigin {
  if (!ch || ch.isDMBased()) return { surface: "dm", channelId: null, threadId: null, isPrivate: true };
  if (ch.isThread()) return { surface, channelId: ch.parentId ?? ch.id, threadId: ch.id, isPrivate: isPrivateChannel(ch) };
  return { surface, channelId: ch.id, threadId: null, isPrivate: isPrivateChannel(ch) };
}
