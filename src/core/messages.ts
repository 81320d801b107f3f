import type { MemberId } from "./ids.js";

/**
 * Platform-neutral outgoing content. Adapters render it (Slack Block Kit, Discord embeds + components,
 * the playground's HTML). Text uses a tiny markup every platform understands: `*bold*`, `_italic_`,
 * and member mentions written as `<@memberId>` with the full prefixed id (adapters turn them into native
 * mentions).
 */
export type ActionType =
  | "offer.accept"
  | "offer.decline"
  | "offer.not_my_area"
  | "ask.candidate"
  | "ask.best"
  | "ask.post_channel"
  | "followup.yes"
  | "followup.no"
  | "nudge.confirm"
  | "nudge.edit"
  | "nudge.pause"
  | "nudge.stop"
  | "nudge.add_skill"
  | "skills.confirm_parsed"
  | "skills.edit"
  | "forget.confirm";

/**
 * Buttons that can only sensibly be pressed once: after a successful press the adapters take them away from the
 * message, with a note of what was chosen.
 */
export const ONE_SHOT_ACTIONS: ReadonlySet<string> = new Set<ActionType>([
  "offer.accept", "offer.decline", "offer.not_my_area", "ask.best", "ask.post_channel", "followup.yes", "followup.no",
  "nudge.confirm", "nudge.pause", "nudge.stop", "skills.confirm_parsed", "forget.confirm",
]);

export interface Action {
  type: ActionType;
  label: string;
  /** Opaque argument for the handler: an offer id, a request id, "requestId|memberId", a skill line… */
  value: string;
  style?: "primary" | "danger";
}

export interface Field {
  label: string;
  value: string;
}

export type MessageKind =
  | "suggestions"
  | "nobody_fits"
  | "offer"
  | "intro"
  | "info"
  | "error"
  | "followup"
  | "nudge"
  | "onboarding"
  | "skills"
  | "export"
  | "digest"
  | "confirm";

export interface Message {
  kind: MessageKind;
  text: string;
  /** Optional heading (rendered as a header block / embed title). */
  title?: string;
  fields?: Field[];
  actions?: Action[];
  /** The text instead, where others can see it: a DM that falls back to a mention in a public thread. */
  publicText?: string;
  /** A file to attach (export); adapters fall back to a code block when they cannot upload. */
  attachment?: { filename: string; content: string; mime: string };
}

export function mention(id: MemberId): string {
  return `<@${id}>`;
}

/** Matches `<@memberId>` tokens in message text. */
export const MENTION_RE = /<@((?:slack|discord|web):[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+)>/g;

export function info(text: string, extra: Partial<Message> = {}): Message {
  return { kind: "info", text, ...extra };
}

export function errorMessage(text: string): Message {
  return { kind: "error", text };
}

/** Builds the `value` of an action that needs two ids. */
export function pairValue(a: string, b: string): string {
  return `${a}|${b}`;
}

export function splitPair(value: string): [string, string] | null {
  const i = value.indexOf("|");
  if (i <= 0 || i === value.length - 1) return null;
  return [value.slice(0, i), value.slice(i + 1)];
}
