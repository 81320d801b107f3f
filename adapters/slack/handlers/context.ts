/**
 * What every Slack handler shares: the core, the Web API queue, the directory and helpers to build the
 * core Actor, show a core Message on the surface the member used, and turn failures into friendly replies.
 */
import type { Actor, Core } from "../../../src/core/index.js";
import { FAULT_MESSAGE, isUserError } from "../../../src/core/errors.js";
import { errorMessage, info, type Message } from "../../../src/core/messages.js";
import type { Clock } from "../../../src/core/ports/clock.port.js";
import type { Logger } from "../../../src/core/ports/logger.port.js";
import { DeliveryError } from "../../../src/core/ports/messenger.port.js";
import type { SlackApi } from "../api.js";
import type { SlackDirectory } from "../directory.js";
import { slackCommunity, slackMember } from "../inbound.js";
import type { SlackMessenger } from "../messenger.js";
import { homeView } from "../render/views.js";
import { LIMITS, renderMessage } from "../render/blocks.js";

export interface HandlerContext {
  core: Core;
  api: SlackApi;
  directory: SlackDirectory;
  messenger: SlackMessenger;
  clock: Clock;
  logger: Logger;
  /** The bot's own user id (from auth.test), to strip its mention from text. */
  botUserId: string;
  /** Workspace names from auth.test, by team id. */
  teamNames: Map<string, string>;
  /** POSTs a JSON body to a response_url (injected; defaults to fetch). */
  postToResponseUrl: (url: string, body: Record<string, unknown>) => Promise<void>;
  /** How long a skills-modal save may run before the modal is acknowledged (closed) anyway; Slack waits 3 s. */
  modalAckBudgetMs: number;
}

/** The core Actor for a Slack user, enriched (name, timezone, admin) from the cached users.info. */
export async function actorFor(ctx: HandlerContext, teamId: string, userId: string): Promise<Actor> {
  const u = await ctx.directory.userOrNull(teamId, userId);
  const actor: Actor = { memberId: slackMember(teamId, userId), communityId: slackCommunity(teamId), buttonValueMax: LIMITS.buttonValue };
  if (u) {
    actor.displayName = u.name;
    actor.timezone = u.timezone;
    actor.isPlatformAdmin = u.isAdmin;
  }
  const name = ctx.teamNames.get(teamId);
  if (name) actor.communityName = name;
  return actor;
}

/** Where a reply goes: a function that shows one message to the member on their surface. */
export type Show = (message: Message) => Promise<void>;

/** The message a member sees for a failure: the UserError's own words, or a generic apology for faults. */
export function failureMessage(ctx: HandlerContext, e: unknown, where: Record<string, unknown>): Message {
  if (isUserError(e)) return errorMessage(e.message);
  ctx.logger.error({ err: e, ...where }, "slack handler failed");
  return errorMessage(FAULT_MESSAGE);
}

/** Runs the work; shows its UserError or a fault apology on failure. Never throws. */
export async function guarded(ctx: HandlerContext, where: Record<string, unknown>, show: Show, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (e) {
    try {
      await show(failureMessage(ctx, e, where));
    } catch (e2) {
      ctx.logger.error({ err: e2, ...where }, "could not tell the member about a failure");
    }
  }
}

/** A `Show` that answers through a response_url (ephemeral to the member). */
export function viaResponseUrl(ctx: HandlerContext, url: string): Show {
  return async (m) => {
    await ctx.postToResponseUrl(url, { response_type: "ephemeral", replace_original: false, ...renderMessage(m) });
  };
}

/** A `Show` that tries `first` and, if that throws (logged at warn as `why`), shows by `then` instead. */
export function orElse(ctx: HandlerContext, first: Show, then: Show, why: string): Show {
  return async (m) => {
    try {
      await first(m);
    } catch (e) {
      ctx.logger.warn({ err: e }, why);
      await then(m);
    }
  };
}

/** A `Show` that answers by DM. */
export function viaDm(ctx: HandlerContext, teamId: string, userId: string): Show {
  return async (m) => {
    const channel = await ctx.messenger.openConversation(teamId, [userId]);
    await ctx.messenger.post(teamId, channel, m, null);
  };
}

/** What a member whose DMs from the bot are off is told when the answer only fits in a DM. */
const DM_CLOSED_TO_YOU = "I can't DM you, and your data can only come as a file by DM. Turn on messages from Knowhow in its App Home (the *Messages* tab), then try again.";

/**
 * Shows a message, delivering an attachment (export) by DM as a file and only a short note on the
 * surface (response_urls and ephemerals cannot carry files).
 */
export async function showWithAttachment(ctx: HandlerContext, actor: Actor, m: Message, show: Show): Promise<void> {
  if (!m.attachment) return show(m);
  try {
    await ctx.messenger.sendDirect(actor.memberId, m);
  } catch (e) {
    if (!(e instanceof DeliveryError && e.reason === "dm_closed")) throw e;
    return show(errorMessage(DM_CLOSED_TO_YOU));
  }
  await show(info(`I've sent you a DM with your data (${m.attachment.filename}).`));
}

/** Publishes the member's App Home (profile, availability, open requests). Logs failures. */
export async function refreshHome(ctx: HandlerContext, teamId: string, userId: string): Promise<void> {
  try {
    const memberId = slackMember(teamId, userId);
    const member = await ctx.core.skills.profile(memberId).catch((e: unknown) => {
      if (isUserError(e)) return null;
      throw e;
    });
    const open = member ? await ctx.core.asks.openRequestsFor(memberId) : { asked: [], offers: [] };
    await ctx.api.call(teamId, "views.publish", { user_id: userId, view: homeView({ member, asked: open.asked, offers: open.offers, now: ctx.clock.now() }) });
  } catch (e) {
    ctx.logger.warn({ err: e, teamId, userId }, "could not publish the App Home");
  }
}

/** Default response_url poster: JSON POST, non-2xx is an error. */
/**
 * POSTs a reply to a response_url. Network errors, 429 and 5xx are retried (3 attempts, 250 ms then
 * 1 s apart) so a blip on Slack's side doesn't leave the member without an answer; other statuses fail at once.
 */
export async function postJson(url: string, body: Record<string, unknown>, waits: readonly number[] = [250, 1000]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    let retryable: boolean;
    let problem: string;
    try {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      if (res.ok) return;
      retryable = res.status === 429 || res.status >= 500;
      problem = `response_url answered ${res.status}`;
    } catch (e) {
      retryable = true;
      problem = `response_url unreachable: ${(e as Error).message}`;
    }
    const wait = waits[attempt];
    if (!retryable || wait === undefined) throw new Error(problem);
    await new Promise((r) => setTimeout(r, wait));
  }
}
