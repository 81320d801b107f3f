/**
 * Answering an interaction within Discord's 3-second window: the work runs, and if it has not finished
 * after DEFER_AFTER_MS the interaction is deferred and the answer edited in later (or always deferred
 * for work known to be slow, like `/ask`). UserErrors become a friendly ephemeral message; faults are
 * logged and answered with a generic apology; an answer that can't be edited in, or that Discord no longer takes
 * (10062 Unknown interaction: the 3 seconds had passed), goes by DM. Nothing here
 * ever throws.
 */
import { DiscordAPIError, MessageFlags, type ModalSubmitInteraction, type RepliableInteraction } from "discord.js";
import type { APIModalInteractionResponseCallbackData } from "discord.js";
import type { ActionOutcome, Actor, Core } from "../../src/core/index.js";
import { FAULT_MESSAGE, isUserError } from "../../src/core/errors.js";
import { errorMessage, type Message } from "../../src/core/messages.js";
import type { Logger } from "../../src/core/ports/logger.port.js";
import type { CustomIds } from "./custom-id.js";
import type { DiscordMessenger } from "./messenger.js";
import { renderMessage, toReplyOptions } from "./render/message.js";
import { skillsModal } from "./render/modal.js";

export const DEFER_AFTER_MS = 2_000;
/** How long an undeferred reply waits for `answered` (Discord's 3 s minus DEFER_AFTER_MS, less a margin). */
const ANSWERED_WAIT_MS = 500;

export type Outcome = ActionOutcome | { kind: "modal"; modal: APIModalInteractionResponseCallbackData };

export interface RespondDeps {
  core: Core;
  customIds: CustomIds;
  /** DMs the answer when a deferred reply can no longer be edited. */
  messenger: Pick<DiscordMessenger, "openDm" | "post">;
  logger: Logger;
  /** Defer when the work has not finished after this long (default DEFER_AFTER_MS). */
  deferAfterMs?: number;
}

export interface RespondOptions {
  guildId: string;
  /** Only the user sees the answer (always true in guilds; DMs are private anyway). */
  ephemeral: boolean;
  /** Defer at once (work that may exceed 3 s). */
  deferNow?: boolean;
  /** The acting member, needed to open the skills editor. */
  actor?: () => Promise<Actor>;
  /** Runs before a successful outcome is shown (never for an error), e.g. to take a spent button away. */
  answered?: () => Promise<void>;
  /** Log bindings (command, custom_id…). */
  what: Record<string, unknown>;
}

type Settled = { ok: true; value: Outcome } | { ok: false; error: unknown };

function settle(p: Promise<Outcome>): Promise<Settled> {
  return p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
}

export async function respond(i: RepliableInteraction, deps: RespondDeps, work: () => Promise<Outcome>, opts: RespondOptions): Promise<void> {
  const log = deps.logger.child({ interactionId: i.id, ...opts.what });
  const flags = opts.ephemeral ? MessageFlags.Ephemeral : undefined;
  const render = (m: Message) => toReplyOptions(renderMessage(m, { guildId: opts.guildId, customIds: deps.customIds }));
  const failure = (e: unknown): Message => {
    if (isUserError(e)) return errorMessage(e.message);
    log.error({ err: e }, "interaction handler failed");
    return errorMessage(FAULT_MESSAGE);
  };
  const running = settle(Promise.resolve().then(work));
  let message: Message | null = null;
  try {
    let deferred = false;
    if (opts.deferNow) {
      await i.deferReply({ flags });
      deferred = true;
    }
    let result = deferred ? await running : await raceDeadline(running, deps.deferAfterMs ?? DEFER_AFTER_MS);
    if (result === "late") {
      await i.deferReply({ flags });
      deferred = true;
      result = await running;
    }
    if (!result.ok) message = failure(result.error);
    else if (result.value.kind === "reply") message = result.value.message;
    else {
      const modal = await modalFor(result.value, deps, opts).catch((e: unknown) => failure(e));
      if ("custom_id" in modal && !deferred && !(i as ModalSubmitInteraction).isModalSubmit?.()) {
        await (i as Exclude<RepliableInteraction, ModalSubmitInteraction>).showModal(modal);
        return;
      }
      message = "custom_id" in modal ? { kind: "info", text: "Use `/skills edit` to open the skills editor." } : modal;
    }
    if (result.ok && opts.answered) {
      const marking = opts.answered().catch((e: unknown) => log.warn({ err: e }, "could not mark the message answered"));
      // Before the reply, as Slack does, but never at the cost of the 3-second window: a slow edit finishes on its own.
      await (deferred ? marking : raceDeadline(marking, ANSWERED_WAIT_MS));
    }
    const answer = message;
    if (deferred) await i.editReply(render(answer)).catch((e: unknown) => answerByDm(i, deps, opts, answer, e, log));
    else await i.reply({ ...render(answer), flags });
  } catch (e) {
    if (!isUnknownInteraction(e)) {
      log.error({ err: e }, "could not answer the interaction");
      return;
    }
    // Discord no longer takes an answer (its 3 s had passed: a slow start, a blocked event loop, a slow network), but the
    // work may be done (an ask stored, an intro made): its answer goes by DM, as a deferred one that can't be edited.
    if (!message) {
      const result = await running;
      if (!result.ok) message = failure(result.error);
      else if (result.value.kind === "reply") message = result.value.message;
    }
    if (message) await answerByDm(i, deps, opts, message, e, log);
    else log.warn({ err: e }, "could not open the form in time");
  }
}

/** Discord's "Unknown interaction" (10062): the interaction was not answered within 3 seconds, or is gone. */
function isUnknownInteraction(e: unknown): boolean {
  return e instanceof DiscordAPIError && e.code === 10062;
}

/**
 * The answer to a deferred interaction whose reply can't be edited (its token lasts 15 minutes; a long role import
 * may outlast it, or Discord fails): it goes to the member by DM, so the work they waited for is not lost unseen.
 */
async function answerByDm(i: RepliableInteraction, deps: RespondDeps, opts: RespondOptions, message: Message, editError: unknown, log: Logger): Promise<void> {
  log.warn({ err: editError }, "could not answer the interaction where it was asked; answering by DM");
  try {
    const text = `I couldn't show you my answer where you asked, so here it is.\n\n${message.text}`;
    await deps.messenger.post(await deps.messenger.openDm(i.user.id), { ...message, text }, opts.guildId);
  } catch (e) {
    log.error({ err: e }, "could not answer the interaction, nor by DM");
  }
}

async function raceDeadline<T>(p: Promise<T>, ms: number): Promise<T | "late"> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => { timer = setTimeout(() => resolve("late"), ms); });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function modalFor(o: Exclude<Outcome, { kind: "reply" }>, deps: RespondDeps, opts: RespondOptions): Promise<APIModalInteractionResponseCallbackData> {
  if (o.kind === "modal") return o.modal;
  if (!opts.actor) throw new Error("open_skills_editor without an actor");
  // Reading, not touching: opening the form is no activity, and must not bring back a member who was forgotten.
  const member = await deps.core.skills.profile((await opts.actor()).memberId).catch((e: unknown) => {
    if (isUserError(e)) return null;
    throw e;
  });
  return skillsModal(opts.guildId, member, o.adding);
}
