/**
 * Rendering: the core's platform-neutral `Message` → Slack Block Kit plus a plain-text fallback.
 * Member text is escaped so that nothing a member typed can ping a channel (`<!here>`), and core
 * mentions `<@slack:T:U>` become native `<@U>` mentions. Slack's size limits are respected.
 */
import type { types } from "@slack/bolt";
import { MENTION_RE, type Action, type ActionType, type Field, type Message } from "../../../src/core/messages.js";
import { slackIdsOf } from "../inbound.js";

export type Block = types.KnownBlock;
type Button = types.Button;

export const LIMITS = { section: 3000, header: 150, buttonText: 75, buttonValue: 2000, field: 2000, fieldsPerSection: 10, actionsPerBlock: 25, fallback: 3000, blocks: 50 } as const;

/** `kh:<type>:<n>` — the action type plus an index so that ids are unique within a message. */
export const ACTION_PREFIX = "kh:";
export const ACTION_ID_RE = /^kh:([a-z_]+\.[a-z_]+):\d+$/;

export function actionId(type: ActionType, index: number): string {
  return `${ACTION_PREFIX}${type}:${index}`;
}

/** The core action type encoded in an action_id; null for ids that are not ours. */
export function actionTypeOf(id: string): string | null {
  return id.match(ACTION_ID_RE)?.[1] ?? null;
}

function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Core text → Slack mrkdwn: escapes `& < >`, converts core mentions of Slack members to `<@U>` and keeps
 * channel links the core wrote (`<#C123>`). Mentions of members of other platforms become plain text.
 */
export function toMrkdwn(text: string): string {
  const tokens = new RegExp(`${MENTION_RE.source}|<#([CG][A-Z0-9]+)(?:\\|[a-z0-9_-]*)?>`, "g");
  let out = "";
  let last = 0;
  for (const m of text.matchAll(tokens)) {
    out += escapeMrkdwn(text.slice(last, m.index));
    if (m[1]) {
      const ids = slackIdsOf(m[1]);
      out += ids ? `<@${ids.userId}>` : "someone";
    } else out += `<#${m[2]}>`;
    last = m.index + m[0].length;
  }
  return out + escapeMrkdwn(text.slice(last));
}

/** Plain text for places that do not render mrkdwn (headers, button labels, notifications). */
export function toPlain(text: string): string {
  return text.replace(MENTION_RE, (_m, id: string) => {
    const ids = slackIdsOf(id);
    return ids ? `<@${ids.userId}>` : "someone";
  });
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** Splits long mrkdwn into chunks under the section limit, preferring line breaks. */
export function chunk(s: string, max: number = LIMITS.section): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest.length > max) {
    let cut = rest.lastIndexOf("\n", max);
    if (cut < max / 2) cut = rest.lastIndexOf(" ", max);
    if (cut < max / 2) cut = max;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, "");
  }
  if (rest.length > 0 || out.length === 0) out.push(rest);
  return out;
}

function sections(text: string): Block[] {
  return chunk(toMrkdwn(text)).filter((c) => c.trim().length > 0).map((c) => ({ type: "section", text: { type: "mrkdwn", text: c } }));
}

function fieldBlocks(fields: Field[]): Block[] {
  const short = fields.every((f) => f.label.length + f.value.length < 200);
  if (!short) {
    return fields.flatMap((f) => sections(`*${f.label}*\n${f.value}`));
  }
  const blocks: Block[] = [];
  for (let i = 0; i < fields.length; i += LIMITS.fieldsPerSection) {
    blocks.push({
      type: "section",
      fields: fields.slice(i, i + LIMITS.fieldsPerSection).map((f) => ({ type: "mrkdwn", text: truncate(`*${toMrkdwn(f.label)}*\n${toMrkdwn(f.value)}`, LIMITS.field) })),
    });
  }
  return blocks;
}

export function button(a: Action, index: number): Button {
  const b: Button = {
    type: "button",
    action_id: actionId(a.type, index),
    text: { type: "plain_text", text: truncate(a.label, LIMITS.buttonText), emoji: true },
    value: a.value.slice(0, LIMITS.buttonValue),
  };
  if (a.style) b.style = a.style;
  if (a.style === "danger") {
    b.confirm = {
      title: { type: "plain_text", text: "Are you sure?" },
      text: { type: "mrkdwn", text: "This can't be undone." },
      confirm: { type: "plain_text", text: truncate(a.label, 30) },
      deny: { type: "plain_text", text: "Cancel" },
      style: "danger",
    };
  }
  return b;
}

export function actionBlocks(actions: Action[], blockPrefix = "kh_actions"): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < actions.length; i += LIMITS.actionsPerBlock) {
    blocks.push({ type: "actions", block_id: `${blockPrefix}_${i / LIMITS.actionsPerBlock}`, elements: actions.slice(i, i + LIMITS.actionsPerBlock).map((a, j) => button(a, i + j)) });
  }
  return blocks;
}

/** Blocks for a message body (no attachment handling: that is the messenger's job). */
export function messageBlocks(msg: Message): Block[] {
  const blocks: Block[] = [];
  if (msg.title) blocks.push({ type: "header", text: { type: "plain_text", text: truncate(toPlain(msg.title), LIMITS.header), emoji: true } });
  blocks.push(...sections(msg.text));
  if (msg.fields?.length) blocks.push(...fieldBlocks(msg.fields));
  if (msg.actions?.length) blocks.push(...actionBlocks(msg.actions));
  return blocks.slice(0, LIMITS.blocks);
}

/** The notification / accessibility fallback text. */
export function fallbackText(msg: Message): string {
  const head = msg.title ? `${msg.title}: ` : "";
  return truncate(toMrkdwn(`${head}${msg.text}`), LIMITS.fallback);
}

export interface RenderedMessage {
  text: string;
  blocks: Block[];
}

export function renderMessage(msg: Message): RenderedMessage {
  return { text: fallbackText(msg), blocks: messageBlocks(msg) };
}
