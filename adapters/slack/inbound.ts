/**
 * Inbound parsing: Slack ids and text → core ids and plain text. Pure functions, no I/O.
 */
import { communityId, memberId, parseMemberId, type CommunityId, type MemberId } from "../../src/core/ids.js";
import { slackEmojiToUnicode } from "./emoji.js";

export function slackCommunity(teamId: string): CommunityId {
  return communityId("slack", teamId);
}

export function slackMember(teamId: string, userId: string): MemberId {
  return memberId(slackCommunity(teamId), userId);
}

/** The Slack team and user of a `slack:T:U` member id; null for other platforms or malformed ids. */
export function slackIdsOf(id: MemberId): { teamId: string; userId: string } | null {
  const p = parseMemberId(id);
  if (!p || p.platform !== "slack") return null;
  return { teamId: p.communityId.slice("slack:".length), userId: p.nativeId };
}

/** Slack escapes `&`, `<` and `>` in message and command text; undo it. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

const USER_MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;

/**
 * Text a member typed, as the core should see it: entities unescaped, the bot's own mention removed,
 * user mentions turned into core mentions (`<@slack:T:U>`), channel links kept as links (`<#C123|help>`:
 * settings read the id, the renderer shows the link, the dashboard the name), special mentions (`<!here>`) and links
 * (`<mailto:a@b.c|a@b.c>`) and dates (`<!date^…|Feb 18, 2014>`) reduced to their labels, common emoji shortcodes (`:tada:`) made emoji again. Line breaks stay:
 * skills are often typed one per line.
 */
export function inboundText(raw: string, teamId: string, botUserId: string | null): string {
  let t = raw;
  if (botUserId) t = t.replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, "g"), " ");
  t = t.replace(USER_MENTION, (_m, u: string) => `<@${slackMember(teamId, u)}>`);
  t = t.replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, "@$1");
  // A date token (`<!date^1392734382^{date_short}^https://…|Feb 18, 2014>`) reads as its fallback text.
  t = t.replace(/<!date\^[^|>]*(?:\|([^>]*))?>/g, (_m, label?: string) => label ?? "");
  t = t.replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_m, label?: string) => label ?? "@group");
  t = t.replace(/<([a-z][a-z0-9+.-]*):([^|>]+)(?:\|([^>]*))?>/gi, (_m, scheme: string, rest: string, label?: string) =>
    label ?? (/^https?$/i.test(scheme) ? `${scheme}:${rest}` : rest));
  return slackEmojiToUnicode(unescapeSlack(t)).replace(/[ \t]+/g, " ").replace(/ ?\n ?/g, "\n").trim();
}

/**
 * Resolves a mention as typed after `/skills list`: `<@U123|ana>` (Slack's escaped form), `<@U123>`,
 * or a core mention produced by `inboundText`. Plain `@name` cannot be resolved without a lookup: null.
 */
export function mentionResolver(teamId: string): (token: string) => MemberId | null {
  return (token: string) => {
    const t = token.trim();
    const slack = t.match(/^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/);
    if (slack?.[1]) return slackMember(teamId, slack[1]);
    const core = t.match(/^<@(slack:[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+)>$/);
    if (core?.[1]) {
      const ids = slackIdsOf(core[1]);
      return ids && ids.teamId === teamId ? core[1] : null;
    }
    if (/^[UW][A-Z0-9]{6,}$/.test(t)) return slackMember(teamId, t);
    return null;
  };
}

/** True for Slack conversation ids of private places (DMs, group DMs, private channels start with D/G). */
export function looksPrivate(channelId: string): boolean {
  return /^[DG]/.test(channelId);
}
