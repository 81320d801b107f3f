import { isQuietNow, pruneRecentOffers, unavailableReason } from "../domain/availability.js";
import type { HelpRequest, Offer } from "../domain/request.js";
import type { MemberId } from "../ids.js";
import { DeliveryError, type Messenger } from "../ports/messenger.port.js";
import { offerMessage } from "../views/asks.js";
import type { CoreDeps } from "./context.js";
import type { MemberService } from "./members.js";

/**
 * One round of offers: delivered, to try again (the platform failed), and not reachable by DM at all. `lost`: another
 * press or sweep claimed this round first (it is being sent; nothing is over).
 */
export interface Round {
  sent: MemberId[];
  retry: MemberId[];
  unreachable: MemberId[];
  lost?: boolean;
  /** Why the platform failed those in `retry` ("rate_limited" if it said so for any of them). */
  retryReason?: "rate_limited" | "platform_error";
  /** The request as this round last wrote it (what giving up may compare against; never a fresher read). */
  last?: HelpRequest;
}

/**
 * How long a claimed round's offers may go unstored before the claim counts as cut short (a crash between the two
 * writes): until then another press or sweep is sending it, and its people count as asked.
 */
const CLAIM_GRACE_MS = 2 * 60_000;

/**
 * Who a request has asked, never to be asked again for it: those it was offered to whose offer is stored, and all it
 * was offered to while a claim is in flight (another press is storing its offers). A claim whose offers were never
 * written (a crash in between) asked nobody once the grace is over, and an offer the platform failed to deliver is
 * deleted.
 */
export function askedOf(req: HelpRequest, offers: readonly Offer[], now: Date): MemberId[] {
  const stored = new Set(offers.map((o) => o.candidateId));
  return req.offeredTo.filter((id) => stored.has(id) || claimInFlight(req, now));
}

/** Who the asker is waiting on: pending offers, and the people of a round another press is sending right now. */
export function waitingOn(req: HelpRequest, offers: readonly Offer[], now: Date): MemberId[] {
  const stored = new Set(offers.map((o) => o.candidateId));
  const sending = claimInFlight(req, now) ? req.offeredTo.filter((id) => !stored.has(id)) : [];
  return [...offers.filter((o) => o.status === "pending").map((o) => o.candidateId), ...sending];
}

/** The request was claimed (or written) less than CLAIM_GRACE_MS ago: offers it names but has not stored are on the way. */
function claimInFlight(req: HelpRequest, now: Date): boolean {
  return now.getTime() - req.updatedAt.getTime() < CLAIM_GRACE_MS;
}

/**
 * Share of the best remaining candidate's score that the others of a round must reach. On the forty-one read bench
 * communities (`npm run bench -- quality --rounds --data …`), a second suggestion scoring under 0.4 of the
 * first was a right helper 6 % of the time, flat from 0.05 to 0.4, against 16–38 % at or above it (and the
 * first, in those questions, 85–97 %). Asking them at once spends a ping and a place in their weekly limit on a
 * likely "not my area"; they are still asked in the next round if the first cannot help.
 */
export const ROUND_SCORE_SHARE = 0.4;

/**
 * One automatic round: the first of the pool always (rather than ask nobody), then up to `size` in all of those
 * scoring at least ROUND_SCORE_SHARE of the best in the pool, in pool order.
 */
export function roundOf<T extends { score: number }>(pool: readonly T[], size: number): T[] {
  const best = pool.reduce((m, c) => Math.max(m, c.score), 0);
  return pool.filter((c, i) => i === 0 || c.score >= ROUND_SCORE_SHARE * best).slice(0, size);
}

/**
 * Sends a request's rounds of intro requests: who is asked next, the round's claim, the offers and their DMs, and what
 * is given back when the platform fails. The ask loop (AskService) decides when a round goes out and what the asker
 * and candidates are told.
 */
export class RoundSender {
  constructor(private readonly d: CoreDeps, private readonly members: MemberService, private readonly newId: () => string) {}

  /**
   * Sends one round of offers. Returns who was asked (`sent`; empty when nobody is left), who could not be reached
   * because the platform failed (`retry`: they stay askable, and a sweep's round is due again at once) and who cannot
   * be reached by DM at all (`unreachable`). The round is claimed by compare-and-set on its number, so two sweeps
   * (or a sweep and a press) never send the same round twice.
   */
  async send(req: HelpRequest, chosen: MemberId[] | undefined, messenger: Messenger, byAsker = false): Promise<Round> {
    const none: Round = { sent: [], retry: [], unreachable: [] };
    const community = await this.members.community(req.communityId);
    const now = this.d.clock.now();
    const asker = await this.members.require(req.askerId);
    const asked = askedOf(req, await this.d.store.listOffers({ requestId: req.id }), now);
    const remaining = req.candidates.filter((c) => !asked.includes(c.memberId) && (!chosen || chosen.includes(c.memberId)));
    const people = new Map((await this.d.store.getMembers(remaining.map((c) => c.memberId))).map((m) => [m.id, m]));
    const eligible = remaining.filter((c) => {
      const m = people.get(c.memberId);
      return m !== undefined && unavailableReason(m, now) === null;
    });
    // Prefer people for whom it is not quiet time; fall back to the rest rather than ask nobody.
    const awake = eligible.filter((c) => !isQuietNow(people.get(c.memberId)!, now));
    const pool = chosen ? eligible : [...awake, ...eligible.filter((c) => !awake.includes(c))];
    const batch = chosen ? pool : roundOf(pool, community.settings.candidatesPerRound);
    if (batch.length === 0) return none;

    const round = req.round + 1;
    const claimed = await this.d.store.updateRequest(req.id, [req.state === "open" ? "open" : "offered"], {
      state: "offered",
      round,
      offeredTo: [...asked, ...batch.map((c) => c.memberId)],
      dueAt: new Date(now.getTime() + community.settings.offerWaitMinutes * 60_000),
      updatedAt: now,
    }, { round: req.round });
    if (!claimed) return { ...none, lost: true };
    const offers: Offer[] = batch.map((c) => ({
      id: this.newId(), requestId: req.id, communityId: req.communityId, candidateId: c.memberId, round, reason: c.reason, status: "pending", sentAt: now, respondedAt: null,
    }));
    try {
      await this.d.store.insertOffers(offers);
    } catch (e) {
      // Nobody was asked: give the round back as it was, so that a retry (the asker's, or the sweep's) asks them.
      await this.d.store.updateRequest(req.id, ["offered"], { state: req.state, round: req.round, offeredTo: asked, dueAt: req.dueAt, updatedAt: now }, { round })
        .catch((e2: unknown) => this.d.logger.warn({ err: e2, requestId: req.id }, "could not give back a round whose offers were not stored"));
      throw e;
    }
    // A platform failure is always waited out on the asker's own press (they can try again). A sweep waits it out for as
    // long as the whole ask would take (every round's wait, a day at least); past that, someone it still cannot reach
    // counts as unreachable, so the question moves on (or ends, and the asker is told).
    const window = Math.max(community.settings.offerWaitMinutes * community.settings.maxRounds * 60_000, 86_400_000);
    const patient = byAsker || now.getTime() - req.createdAt.getTime() < window;
    const out: Round = { sent: [], retry: [], unreachable: [], last: claimed };
    for (const o of offers) {
      try {
        await messenger.sendDirect(o.candidateId, offerMessage(claimed, o.id, asker, o.reason), req.origin.isPrivate ? undefined : req.origin);
      } catch (e) {
        this.d.logger.warn({ err: e, offerId: o.id, candidateId: o.candidateId }, "offer DM failed");
        const reason = e instanceof DeliveryError ? e.reason : "platform_error";
        if (patient && (reason === "platform_error" || reason === "rate_limited")) {
          // Never sent: no offer at all (it would count as a request they ignored), and they stay askable.
          await this.d.store.deleteOffer(o.id);
          out.retry.push(o.candidateId);
          if (out.retryReason !== "rate_limited") out.retryReason = reason;
        } else {
          await this.d.store.updateOfferStatus(o.id, ["pending"], "no_reply", null);
          out.unreachable.push(o.candidateId);
        }
        if (reason === "dm_closed") await this.members.setDmClosed(o.candidateId, true).catch((e2: unknown) => this.d.logger.warn({ err: e2, memberId: o.candidateId }, "could not record closed DMs"));
        continue;
      }
      out.sent.push(o.candidateId);
      // Apart from the send: failing to count it must not mark a delivered offer unanswered.
      await this.members.update(o.candidateId, (m) => ({
        ...m, stats: { ...m.stats, offers: m.stats.offers + 1, recentOffers: [...pruneRecentOffers(m.stats.recentOffers, now), now] },
      })).catch((e: unknown) => this.d.logger.warn({ err: e, memberId: o.candidateId }, "could not count an offer"));
    }
    // Those the platform failed are not asked yet. A round that reached nobody is given back: the asker's own pick as the
    // question was (they pick again), a sweep's round due at once when the platform failed (the next sweep tries again).
    const giveBack = out.sent.length === 0 && (out.retry.length > 0 || chosen !== undefined);
    if (out.retry.length > 0 || giveBack) {
      const back = await this.d.store.updateRequest(req.id, ["offered"], {
        offeredTo: claimed.offeredTo.filter((id) => !out.retry.includes(id)),
        ...(giveBack ? (chosen ? { state: req.state, round: req.round, dueAt: req.dueAt } : { round: req.round, dueAt: now }) : {}),
        updatedAt: now,
      }, { round }).catch((e: unknown) => {
        this.d.logger.warn({ err: e, requestId: req.id }, "could not give back offers the platform did not deliver");
        return null;
      });
      return { ...out, last: back ?? claimed };
    }
    if (out.sent.length === 0) {
      // Nobody could be reached in this round: move on to the next ones straight away.
      if (claimed.round < community.settings.maxRounds) {
        const next = await this.send(claimed, undefined, messenger, byAsker);
        return { ...next, unreachable: [...out.unreachable, ...next.unreachable], last: next.last ?? claimed };
      }
    }
    return out;
  }
}
