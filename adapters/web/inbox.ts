import { profileConfirmedAt, type Member } from "../../src/core/domain/member.js";
import type { OfferStatus } from "../../src/core/domain/request.js";
import type { MemberId } from "../../src/core/ids.js";
import type { WebContext } from "./context.js";
import type { InboxAnswer } from "./messenger.js";

/** How an offer that is no longer waiting was settled, as its inbox item shows it. */
const OFFER_OUTCOME: Record<Exclude<OfferStatus, "pending">, string> = {
  accepted: "I can help",
  declined: "Not now",
  not_my_area: "Not my area",
  no_reply: "No reply in time",
  covered: "Someone else stepped in",
};

/** An offer whose question is gone. */
const WITHDRAWN = "Withdrawn";
/** A "post to a channel?" card whose question the core has posted (from another copy of the card, or the ask's reply). */
const POSTED = "Posted to the channel";
/** A "post to a channel?" card left unanswered for POST_OPEN_MS: posting it now would surprise the channel. */
const NO_LONGER_OPEN = "No longer open";
const POST_OPEN_MS = 7 * 24 * 3600_000;
/** Skill reminders (the weekly nudge, the welcome) that a later one, or the member's own doing, answered. */
const REPLACED = "Replaced by a newer reminder";
const SKILLS_CONFIRMED = "Skills confirmed or edited since";
const REMINDERS_OFF = "Reminders turned off";
const REMINDER_KINDS = new Set(["nudge", "onboarding"]);

/**
 * How an item ends that the member never answered: settled for them, by someone else, by time or by their own doing
 * elsewhere. A press that crossed it (their page was not refreshed yet) still goes to the core, which answers it as it
 * would have ("Someone else already stepped in…", "I've already posted this question…", a reminder's "Still accurate"
 * confirms the skills as the newer reminder's would).
 */
const SETTLED_FOR_MEMBER = new Set([OFFER_OUTCOME.covered, OFFER_OUTCOME.no_reply, WITHDRAWN, POSTED, REPLACED, SKILLS_CONFIRMED, REMINDERS_OFF]);

/** Whether the item's answer is one `settleInbox` gave it (not a button the member pressed) and a press may still reach the core. */
export function settledForMember(answer: InboxAnswer): boolean {
  return answer.reply === null && SETTLED_FOR_MEMBER.has(answer.label);
}

/** Whether `settleInbox` closed the item for good: its buttons must not reach the core (a week-old question posted to a channel). */
export function closedForMember(answer: InboxAnswer): boolean {
  return answer.reply === null && answer.label === NO_LONGER_OPEN;
}

/**
 * Spends the buttons of a member's inbox items whose question has moved on: an offer someone else took, that timed
 * out or whose question is gone, a follow-up already answered, a "post to a channel?" card already posted or a week
 * old, a skill reminder a newer one replaced or that the member has since acted on (confirmed or edited their skills,
 * turned reminders off), and what the demo's history settled through the core rather than through the inbox. Without
 * it those buttons stay live, count as "to answer" in the member list, and only answer "this question is closed now".
 */
export async function settleInbox(ctx: WebContext, member: MemberId): Promise<void> {
  const { core, messenger } = ctx;
  const { store } = core.deps;
  const now = ctx.clock.now();
  let newerReminder = false;
  let record: Member | null | undefined;
  // Newest first: a reminder met after another one is the older of the two.
  for (const item of messenger.inbox(member)) {
    const reminder = REMINDER_KINDS.has(item.message.kind);
    const replaced = reminder && newerReminder;
    if (reminder) newerReminder = true;
    const action = item.answer === null ? item.message.actions?.[0] : undefined;
    if (!action) continue;
    let label: string | null = null;
    if (action.type.startsWith("offer.")) {
      const offer = await store.getOffer(action.value);
      // Gone with its question (the asker was forgotten, or withdrew it): nothing is left to answer.
      if (!offer || !(await store.getRequest(offer.requestId))) label = WITHDRAWN;
      else if (offer.status !== "pending") label = OFFER_OUTCOME[offer.status];
    } else if (action.type.startsWith("followup.")) {
      const req = await store.getRequest(action.value);
      if (req && req.state !== "connected") label = req.state === "resolved" ? "Yes, thanks!" : "Answered";
    } else if (action.type === "ask.post_channel") {
      if (await store.hasClaimed(`post:${action.value}`)) label = POSTED;
      else if (!(await store.getRequest(action.value))) label = WITHDRAWN;
      else if (now.getTime() - new Date(item.at).getTime() > POST_OPEN_MS) label = NO_LONGER_OPEN;
    } else if (reminder) {
      record ??= await store.getMember(member);
      if (replaced) label = REPLACED;
      // Every confirmation and edit stamps the profile's confirmation date; the reminder was sent while it was older.
      else if (record && record.skills.length > 0 && profileConfirmedAt(record) >= new Date(item.at)) label = SKILLS_CONFIRMED;
      else if (record?.reminders === "never") label = REMINDERS_OFF;
    }
    if (label) messenger.markAnswered(member, item.id, { actionType: action.type, label, reply: null, at: item.at, ...(SETTLED_FOR_MEMBER.has(label) || label === NO_LONGER_OPEN ? { settled: true } : {}) });
  }
}
