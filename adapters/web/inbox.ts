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

/** How an item ends that the member never answered: settled for them, by someone else or by time. */
const SETTLED_FOR_MEMBER = new Set([OFFER_OUTCOME.covered, OFFER_OUTCOME.no_reply, WITHDRAWN]);

/**
 * Whether the item's answer is one `settleInbox` gave it (not a button the member pressed): a press that crossed it
 * (their page was not refreshed yet) still goes to the core, which answers it as it would have ("Someone else already
 * stepped in…").
 */
export function settledForMember(answer: InboxAnswer): boolean {
  return answer.reply === null && SETTLED_FOR_MEMBER.has(answer.label);
}

/**
 * Spends the buttons of a member's inbox items whose question has moved on: an offer someone else took, that timed
 * out or whose question is gone, a follow-up already answered, and what the demo's history settled through the core
 * rather than through the inbox. Without it those buttons stay live and only answer "this question is closed now".
 */
export async function settleInbox(ctx: WebContext, member: MemberId): Promise<void> {
  const { core, messenger } = ctx;
  for (const item of messenger.inbox(member)) {
    const action = item.answer === null ? item.message.actions?.[0] : undefined;
    if (!action) continue;
    let label: string | null = null;
    if (action.type.startsWith("offer.")) {
      const offer = await core.deps.store.getOffer(action.value);
      // Gone with its question (the asker was forgotten, or withdrew it): nothing is left to answer.
      if (!offer || !(await core.deps.store.getRequest(offer.requestId))) label = WITHDRAWN;
      else if (offer.status !== "pending") label = OFFER_OUTCOME[offer.status];
    } else if (action.type.startsWith("followup.")) {
      const req = await core.deps.store.getRequest(action.value);
      if (req && req.state !== "connected") label = req.state === "resolved" ? "Yes, thanks!" : "Answered";
    }
    if (label) messenger.markAnswered(member, item.id, { actionType: action.type, label, reply: null, at: item.at });
  }
}
