/**
 * What Slack sends to an app in HTTP mode: signed slash commands, Events API envelopes and
 * interactivity payloads, built the way Slack builds them (content types, signature v0, retry headers).
 */
import { createHmac } from "node:crypto";

export interface SignedPostOptions {
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Sign with this secret instead (a wrong secret → bad signature). */
  secretOverride?: string;
  /** Redelivery number (`X-Slack-Retry-Num`). */
  retryNum?: number;
  retryReason?: string;
}

export interface PostResult {
  status: number;
  body: string;
  /** Parsed JSON body when it is JSON, else null. */
  json: Record<string, unknown> | null;
}

export function sign(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

export class SlackRequester {
  constructor(readonly url: string, readonly signingSecret: string) {}

  async post(rawBody: string, contentType: string, opts: SignedPostOptions = {}): Promise<PostResult> {
    const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      "content-type": contentType,
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": sign(opts.secretOverride ?? this.signingSecret, ts, rawBody),
    };
    if (opts.retryNum !== undefined) {
      headers["x-slack-retry-num"] = String(opts.retryNum);
      headers["x-slack-retry-reason"] = opts.retryReason ?? "http_timeout";
    }
    const res = await fetch(this.url, { method: "POST", headers, body: rawBody });
    const body = await res.text();
    let json: Record<string, unknown> | null = null;
    try {
      json = body ? (JSON.parse(body) as Record<string, unknown>) : null;
    } catch {
      json = null;
    }
    return { status: res.status, body, json };
  }

  /** A slash command: form-encoded, exactly `application/x-www-form-urlencoded`. */
  command(fields: SlashCommand, opts?: SignedPostOptions): Promise<PostResult> {
    const form = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)]));
    return this.post(form.toString(), "application/x-www-form-urlencoded", opts);
  }

  /** An Events API delivery (JSON). */
  event(envelope: Record<string, unknown>, opts?: SignedPostOptions): Promise<PostResult> {
    return this.post(JSON.stringify(envelope), "application/json", opts);
  }

  /** An interactivity payload: form-encoded `payload=<json>`. */
  interaction(payload: Record<string, unknown>, opts?: SignedPostOptions): Promise<PostResult> {
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded", opts);
  }
}

export interface SlashCommand {
  token: string;
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
  user_id: string;
  user_name: string;
  command: string;
  text: string;
  api_app_id: string;
  is_enterprise_install: string;
  response_url: string;
  trigger_id: string;
}

let triggerSeq = 0;
let eventSeq = 0;

export function slashCommand(p: { teamId: string; userId: string; command: string; text: string; channelId?: string; channelName?: string; responseUrl: string }): SlashCommand {
  return {
    token: "legacy-verification-token",
    team_id: p.teamId,
    team_domain: "acme",
    channel_id: p.channelId ?? "C0GENERAL",
    channel_name: p.channelName ?? "general",
    user_id: p.userId,
    user_name: p.userId.toLowerCase(),
    command: p.command,
    text: p.text,
    api_app_id: "A0001",
    is_enterprise_install: "false",
    response_url: p.responseUrl,
    trigger_id: `trig.${++triggerSeq}`,
  };
}

/** Wraps an event in an `event_callback` envelope with a fresh (or given) `event_id`. */
export function eventEnvelope(teamId: string, event: Record<string, unknown>, eventId = `Ev${String(++eventSeq).padStart(8, "0")}`): Record<string, unknown> {
  return {
    token: "legacy-verification-token",
    team_id: teamId,
    api_app_id: "A0001",
    event: { event_ts: `1767607200.${String(eventSeq).padStart(6, "0")}`, ...event },
    type: "event_callback",
    event_id: eventId,
    event_time: 1767607200,
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: "UBOT", is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

/** A `block_actions` payload for a button press. */
export function blockAction(p: {
  teamId: string; userId: string; actionId: string; value: string; responseUrl: string;
  channelId?: string; messageTs?: string; container?: "message" | "view"; viewId?: string;
}): Record<string, unknown> {
  const inView = p.container === "view";
  return {
    type: "block_actions",
    user: { id: p.userId, username: p.userId.toLowerCase(), name: p.userId.toLowerCase(), team_id: p.teamId },
    api_app_id: "A0001",
    token: "legacy-verification-token",
    container: inView ? { type: "view", view_id: p.viewId ?? "VH1" } : { type: "message", message_ts: p.messageTs ?? "1767607200.000001", channel_id: p.channelId ?? `D${p.userId}`, is_ephemeral: false },
    trigger_id: `trig.${++triggerSeq}`,
    team: { id: p.teamId, domain: "acme" },
    enterprise: null,
    is_enterprise_install: false,
    ...(inView
      ? { view: { id: p.viewId ?? "VH1", type: "home", team_id: p.teamId, blocks: [], state: { values: {} }, hash: "h", callback_id: "" } }
      : { channel: { id: p.channelId ?? `D${p.userId}`, name: "directmessage" }, message: { type: "message", ts: p.messageTs ?? "1767607200.000001", text: "", user: "UBOT", bot_id: "BBOT" } }),
    response_url: p.responseUrl,
    actions: [{ action_id: p.actionId, block_id: "kh_actions_0", text: { type: "plain_text", text: "button" }, value: p.value, type: "button", action_ts: "1767607201.000100" }],
  };
}

/** A `view_submission` payload with the given input values (`{ block_id: { action_id: value } }`). */
export function viewSubmission(p: {
  teamId: string; userId: string; callbackId: string; privateMetadata?: string;
  values: Record<string, Record<string, { type: string; value?: string | null; selected_option?: { value: string } | null }>>;
}): Record<string, unknown> {
  return {
    type: "view_submission",
    team: { id: p.teamId, domain: "acme" },
    user: { id: p.userId, username: p.userId.toLowerCase(), name: p.userId.toLowerCase(), team_id: p.teamId },
    api_app_id: "A0001",
    token: "legacy-verification-token",
    trigger_id: `trig.${++triggerSeq}`,
    view: {
      id: "V0MODAL", team_id: p.teamId, type: "modal", callback_id: p.callbackId, private_metadata: p.privateMetadata ?? "",
      blocks: [], state: { values: p.values }, hash: "h1", title: { type: "plain_text", text: "Your skills" }, app_id: "A0001", bot_id: "BBOT",
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}
