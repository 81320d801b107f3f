import type { Community } from "../domain/community.js";
import { MAX_EVIDENCE, type Evidence, type EvidenceKind, type Member } from "../domain/member.js";
import type { HelpRequest, Offer, OfferStatus, RequestOrigin } from "../domain/request.js";
import { UserError } from "../errors.js";
import { communityOf, platformOf, type MemberId, type OfferId, type RequestId } from "../ids.js";
import { info, mention, type Message } from "../messages.js";
import { DeliveryError, type Messenger } from "../ports/messenger.port.js";
import type { MatchResult } from "../ports/matcher.port.js";
import { matchText, validateQuestion } from "../text.js";
import {
  channelPostMessage, followUpMessage, introMessage, nobodyAcceptedMessage, nobodyFitsMessage, suggestionsMessage,
} from "../views/asks.js";
import { andList, quote } from "../views/format.js";
import type { Actor, CoreDeps } from "./context.js";
import type { MemberService } from "./members.js";
import { nextDaytimeFor } from "./nudges.js";
import { askedOf, RoundSender, waitingOn, type Round } from "./rounds.js";

export { roundOf, ROUND_SCORE_SHARE } from "./rounds.js";

export const SUGGESTION_LIMIT = 5;

export interface AskResult {
  request: HelpRequest;
  /** Shown only to the asker (ephemeral / in-thread reply). */
  reply: Message;
}

export type OfferResponse = "accept" | "decline" | "not_my_area";

const RESPONSE_STATUS: Record<OfferResponse, OfferStatus> = { accept: "accepted", decline: "declined", not_my_area: "not_my_area" };

/**
 * Due requests handled per community per sweep. Sweeps send through the rate-limited queue (about one DM a second
 * per community), and each request may send two offers: 100 keeps a sweep to a few minutes, well inside the job's
 * lock; the rest are due still and go out on the next sweep (every 5 minutes).
 */
const DUE_PER_SWEEP = 100;

/**
 * What a sweep did with a community's due requests; `failed`: those that hit a fault, or whose DMs the platform did not
 * take (retried next sweep). `stopped`: the platform kept rate-limiting, so the sweep left the rest of this community's
 * due requests to the next one.
 */
export interface DueReport {
  widened: RequestId[];
  followedUp: RequestId[];
  failed: Array<{ requestId: RequestId; reason: string }>;
  stopped: null | "rate_limited";
}

/** The core loop: ask → match → offer (double opt-in) → introduce → close the loop. */
export class AskService {
  private readonly newId: () => string;
  private readonly rounds: RoundSender;

  constructor(private readonly d: CoreDeps, private readonly members: MemberService) {
    this.newId = d.newId ?? (() => crypto.randomUUID());
    this.rounds = new RoundSender(d, members, this.newId);
  }

  /** Ranks members for the question and records the request. Nobody is contacted yet. */
  async ask(actor: Actor, rawQuestion: string, origin: RequestOrigin): Promise<AskResult> {
    const question = validateQuestion(rawQuestion);
    const { community } = await this.members.enter(actor);
    const now = this.d.clock.now();
    const result = await this.d.matcher.rank({ communityId: actor.communityId, question: matchText(question), askerId: actor.memberId, limit: SUGGESTION_LIMIT, now });
    const abstained = result.abstained || result.suggestions.length === 0;
    const request: HelpRequest = {
      id: this.newId(),
      communityId: actor.communityId,
      askerId: actor.memberId,
      question,
      topics: result.topics,
      state: "open",
      origin,
      candidates: abstained ? [] : result.suggestions.map((s) => ({ memberId: s.memberId, score: s.score, reason: s.reason })),
      offeredTo: [],
      round: 0,
      // Members who fit but are away are no skill gap: reports count only questions nobody here fits.
      unmatched: abstained && !result.away,
      helperId: null,
      dueAt: null,
      createdAt: now,
      updatedAt: now,
      connectedAt: null,
      closedAt: null,
    };
    await this.d.store.insertRequest(request);
    const canPost = this.channelFor(request, community) !== null;
    this.d.logger.info({ requestId: request.id, communityId: request.communityId, suggestions: request.candidates.length, abstained }, "ask ranked");
    return { request, reply: abstained ? nobodyFitsMessage(request, result, canPost) : suggestionsMessage(request, result, canPost) };
  }

  /**
   * Ranks members for a question without recording anything or contacting anyone (operators' CLI,
   * the admin dashboard's "why these candidates").
   */
  async preview(communityId: string, rawQuestion: string, askerId: MemberId | null = null, limit = SUGGESTION_LIMIT): Promise<MatchResult> {
    const question = validateQuestion(rawQuestion);
    if (!(await this.d.store.getCommunity(communityId))) throw new UserError("not_found", `There is no community ${communityId} in this store.`);
    return this.d.matcher.rank({ communityId, question: matchText(question), askerId, limit, now: this.d.clock.now() });
  }

  /**
   * The asker asks specific suggested members, or (no ids) the best available ones. Sends each an
   * intro request by DM. Returns the message for the asker.
   */
  async offer(actor: Actor, requestId: RequestId, candidateIds?: MemberId[]): Promise<Message> {
    const req = await this.requireOwnRequest(actor, requestId);
    if (req.state !== "open" && req.state !== "offered") return info(this.closedText(req));
    if (candidateIds) {
      const unknown = candidateIds.filter((id) => !req.candidates.some((c) => c.memberId === id));
      if (unknown.length > 0) throw new UserError("not_allowed", "I can only ask people I suggested for this question.");
      const offers = await this.d.store.listOffers({ requestId: req.id });
      const now = this.d.clock.now();
      const asked = askedOf(req, offers, now);
      if (candidateIds.every((id) => asked.includes(id))) {
        const pending = waitingOn(req, offers, now);
        const waiting = candidateIds.filter((id) => pending.includes(id));
        const done = candidateIds.filter((id) => !waiting.includes(id));
        return info([
          waiting.length > 0 ? `I've already asked ${andList(waiting.map(mention))} — I'll let you know when they answer.` : "",
          done.length > 0 ? `${andList(done.map(mention))} can't take this one (they said no, didn't answer, or can't get my messages). Pick someone else from the list, or let me ask the best ones for you.` : "",
        ].filter(Boolean).join(" "));
      }
    }
    // "Ask the best ones" while a round is waiting for answers (a second press, a retried button): the next round
    // goes out when this one times out or everyone declines, so the answer says who is being asked.
    if (!candidateIds && req.state === "offered") {
      const waiting = await this.alreadyAsked(req);
      if (waiting) return waiting;
    }
    const { sent, retry, unreachable, lost, last } = await this.rounds.send(req, candidateIds, this.d.messenger, true);
    if (lost) {
      // Another press or sweep claimed this round a moment ago: it is being sent.
      const latest = (await this.d.store.getRequest(req.id)) ?? req;
      return (await this.alreadyAsked(latest)) ?? info("I'm asking them right now — I'll introduce you as soon as someone says yes.");
    }
    if (sent.length === 0 && retry.length > 0) {
      // The platform failed, not the people: nothing is used up, and the question stays open.
      return info(`I couldn't reach ${andList(retry.map(mention))} just now: the chat platform didn't answer. ${candidateIds ? "Please try again in a minute." : "I'll try again in a few minutes, and introduce you as soon as someone says yes."}`);
    }
    if (sent.length === 0 && candidateIds) {
      // The asker's pick can't be asked right now (DMs closed, paused, at their cap): the question stays open.
      return info(`I couldn't ask ${andList(candidateIds.map(mention))} right now — they may be away or not accepting messages. Pick someone else from the list, or let me ask the best ones for you.`);
    }
    if (sent.length === 0) return this.giveUp(last ?? req, false, this.d.messenger, unreachable.length);
    const missed = retry.length > 0 ? ` I couldn't reach ${andList(retry.map(mention))} just now: the chat platform didn't answer.` : "";
    return info(`I've asked ${andList(sent.map(mention))} privately. I'll introduce you as soon as someone says yes${req.origin.surface === "dm" ? "" : " (here or by DM)"}.${missed}`);
  }

  /** A candidate answers an intro request. Returns the message for the candidate. */
  async respond(actor: Actor, offerId: OfferId, response: OfferResponse): Promise<Message> {
    const offer = await this.d.store.getOffer(offerId);
    if (!offer) throw new UserError("not_found", "I can't find that request any more — it may have been withdrawn.");
    if (offer.candidateId !== actor.memberId) throw new UserError("not_allowed", "That intro request was sent to someone else, so only they can answer it.");
    const req = await this.d.store.getRequest(offer.requestId);
    if (!req) throw new UserError("not_found", "That question was withdrawn.");
    const now = this.d.clock.now();
    const updated = await this.d.store.updateOfferStatus(offerId, ["pending", "no_reply"], RESPONSE_STATUS[response], now);
    // "I can help" pressed again after a fault stopped the first press half-way (their yes stored, the request not yet
    // connected): the second press finishes it.
    const unfinished = !updated && response === "accept" && offer.status === "accepted" && req.state === "offered" && req.helperId === null;
    if (!updated && !unfinished) {
      // A repeated or retried "I can help" from the helper themselves.
      if (offer.status === "accepted" && req.helperId === actor.memberId) return info(`You've already said yes to this one — I introduced you to ${mention(req.askerId)}. Thank you!`);
      if (offer.status === "covered" || (req.state !== "offered" && response === "accept")) return info(`Thanks for offering! ${this.coveredText(req)}`);
      return info("You've already answered this one — thanks!");
    }
    const replyMinutes = Math.max(0, (now.getTime() - offer.sentAt.getTime()) / 60_000);

    if (response === "accept") {
      const connected = await this.d.store.updateRequest(req.id, ["offered"], {
        state: "connected", helperId: actor.memberId, connectedAt: now, updatedAt: now,
        dueAt: new Date(now.getTime() + (await this.members.community(req.communityId)).settings.followUpHours * 3600_000),
      });
      if (!connected) {
        // Two presses of their own "I can help" at once: the other one connected them.
        if ((await this.d.store.getRequest(req.id))?.helperId === actor.memberId) return info(`You've already said yes to this one — I introduced you to ${mention(req.askerId)}. Thank you!`);
        await this.d.store.updateOfferStatus(offerId, ["accepted"], "covered", now);
        await this.recordReply(actor.memberId, replyMinutes, null);
        return info(`Thanks for offering! ${this.coveredText(req)}`);
      }
      await this.recordReply(actor.memberId, replyMinutes, { kind: "accepted", req });
      await this.coverOthers(req.id, offerId, now);
      try {
        await this.d.messenger.introduce([req.askerId, actor.memberId], introMessage(connected, actor.memberId, offer.reason), req.origin.isPrivate ? undefined : req.origin);
      } catch (e) {
        if (e instanceof DeliveryError && e.reason === "not_found") {
          // The helper is here (they just answered): the one gone is the asker (account deactivated or removed). There is
          // nobody to introduce or follow up with, and nothing the helper should try.
          this.d.logger.warn({ err: e, requestId: req.id }, "intro failed: the asker is gone");
          await this.members.departed(req.askerId);
          await this.d.store.updateRequest(req.id, ["connected"], { dueAt: null, updatedAt: now });
          return info(`Thank you! ${mention(req.askerId)} is no longer in this community, so there's nobody to introduce you to — nothing more to do.`);
        }
        this.d.logger.error({ err: e, requestId: req.id }, "intro failed");
        // Both hear who to contact: otherwise the asker learns of the yes only from the next day's follow-up.
        await this.d.messenger
          .sendDirect(req.askerId, info(`Good news: ${mention(actor.memberId)} can help with ${quote(req.question, 200)}. I couldn't open a conversation for you two just now, so they'll message you — or message them directly.`))
          .catch((e2: unknown) => this.d.logger.warn({ err: e2, requestId: req.id }, "could not tell the asker who said yes either"));
        return info(`Thank you! I couldn't open a conversation for you two just now, so please message ${mention(req.askerId)} directly about ${quote(req.question, 200)}.`);
      }
      return info(`Thank you! I've introduced you to ${mention(req.askerId)} — the conversation is open.`);
    }

    await this.recordReply(actor.memberId, replyMinutes, response === "not_my_area" ? { kind: "not_my_area", req } : { kind: "declined", req });
    const pending = await this.d.store.listOffers({ requestId: req.id, statuses: ["pending"] });
    if (req.state === "offered" && pending.length === 0) await this.widen(req.id, this.d.clock.now(), this.d.messenger);
    // "I'll ask someone else" only while there is someone: after the last one, the asker has been told already.
    const goingOn = (await this.d.store.getRequest(req.id))?.state === "offered";
    const next = goingOn ? " I'll ask someone else." : "";
    return info(response === "not_my_area"
      ? `Thanks — I'll remember this isn't your area.${next}`
      : `No problem, thanks for letting me know.${next}`);
  }

  /** Posts the question to the channel it came from (or the community's help channel). */
  async postToChannel(actor: Actor, requestId: RequestId): Promise<Message> {
    const req = await this.requireOwnRequest(actor, requestId);
    const community = await this.members.community(req.communityId);
    const channel = this.channelFor(req, community);
    if (!channel) {
      throw new UserError("not_found", "I don't know which channel to post in. Ask a community admin to set one (`/knowhow settings channel <channel-id>`), or post it yourself.");
    }
    if (!(await this.d.store.claimOnce(`post:${req.id}`, this.d.clock.now()))) return info("I've already posted this question to the channel.");
    try {
      await this.d.messenger.postToChannel(req.askerId, channel.id, channelPostMessage(req), channel.threadId);
    } catch (e) {
      await this.d.store.releaseOnce(`post:${req.id}`);
      // Trying again won't help: the bot was never added to that channel (or it is gone).
      if (e instanceof DeliveryError && e.reason === "not_found") {
        const how = platformOf(req.communityId) === "slack" ? " (`/invite @Knowhow` there)" : "";
        throw new UserError("not_found", `I can't post in <#${channel.id}>: I'm not in that channel, or it's gone. Add me to it${how}, or post the question yourself.`);
      }
      if (e instanceof DeliveryError && e.reason === "not_allowed") {
        throw new UserError("not_allowed", `I'm not allowed to post in <#${channel.id}> (a community admin can change my permissions there), so I didn't post it. Post the question yourself, or ask me again somewhere I can post.`);
      }
      throw e;
    }
    const now = this.d.clock.now();
    const closed = await this.d.store.updateRequest(req.id, ["open", "offered"], { state: "expired", closedAt: now, dueAt: null, updatedAt: now });
    // Ended already, with "nobody was free" still to be told: posting answers it.
    if (!closed) await this.d.store.updateRequest(req.id, ["expired"], { dueAt: null, updatedAt: now });
    return info("Posted — people who know can answer you there.");
  }

  /** The asker closes the loop: did they get help? */
  async closeLoop(actor: Actor, requestId: RequestId, helped: boolean): Promise<Message> {
    const req = await this.requireOwnRequest(actor, requestId);
    const now = this.d.clock.now();
    const closed = await this.d.store.updateRequest(req.id, ["connected"], { state: helped ? "resolved" : "unresolved", closedAt: now, dueAt: null, updatedAt: now });
    if (!closed) return info("Thanks — I already have your answer for this one.");
    if (helped && closed.helperId) {
      const helperId = closed.helperId;
      await this.members.update(helperId, (m) => addEvidence({ ...m, stats: { ...m.stats, helped: m.stats.helped + 1 } }, evidenceOf("helped", closed, now)))
        .catch((e) => this.d.logger.warn({ err: e, helperId }, "could not record evidence (member gone?)"));
      await this.d.messenger
        .sendDirect(helperId, info(`${mention(closed.askerId)} says you helped with ${quote(closed.question, 200)} — thank you! I've noted it on your profile.`))
        .catch((e) => this.d.logger.warn({ err: e, helperId }, "thank-you DM failed"));
      return info("Great — thanks for letting me know! I've thanked them for you.");
    }
    const community = await this.members.community(req.communityId);
    const canPost = this.channelFor(closed, community) !== null;
    return {
      kind: "followup",
      text: `Sorry it didn't work out.${canPost ? " Want me to post the question to a channel so anyone can chip in?" : " You could try asking again with more detail."}`,
      actions: canPost ? [{ type: "ask.post_channel", label: "Post to a channel", value: closed.id, style: "primary" }] : [],
    };
  }

  /**
   * Scheduled work on one community's requests that are due at `now`: offers without a reply time out
   * and widen to the next candidates; a day after an intro the asker is asked "did you get help?".
   * Idempotent: safe to run twice or from two workers. Returns what it did. `messenger`: where these DMs go (the
   * scheduler passes its rate-limited queue, as for nudges); the core's messenger when absent.
   */
  async runDue(communityId: string, now = this.d.clock.now(), messenger: Messenger = this.d.messenger): Promise<DueReport> {
    const due = await this.d.store.listRequests({ communityId, states: ["offered", "connected", "expired"], dueBefore: now, limit: DUE_PER_SWEEP });
    const widened: RequestId[] = [];
    const followedUp: RequestId[] = [];
    const failed: DueReport["failed"] = [];
    let stopped: DueReport["stopped"] = null;
    for (const req of due) {
      // Every further DM would wait out the send queue's back-offs and be refused too: the next sweep sends them.
      if (stopped) break;
      try {
        if (req.state === "offered") {
          const round = await this.widen(req.id, now, messenger);
          if (round?.retryReason === "rate_limited") stopped = "rate_limited";
          if (round && round.sent.length === 0 && round.retry.length > 0) {
            // Nobody was asked: the platform failed (the round is given back and due again), which is no widening.
            failed.push({ requestId: req.id, reason: round.retryReason ?? "platform_error" });
            continue;
          }
          widened.push(req.id);
        } else if (req.state === "expired") {
          // "Nobody was free" that the platform failed to deliver: one attempt per due time, whoever sweeps.
          if (req.dueAt && (await this.d.store.claimOnce(`nobody-free:${req.id}:${req.dueAt.getTime()}`, now))) {
            const community = await this.members.community(req.communityId);
            const failure = await this.tellNobodyFree(req, nobodyAcceptedMessage(req, this.channelFor(req, community) !== null, 0), messenger, now);
            if (failure) throw failure;
          } else {
            // Tried already at this due time (by a worker that stopped before writing the outcome): nothing more is due.
            await this.d.store.updateRequest(req.id, ["expired"], { dueAt: null, updatedAt: now });
          }
        } else if (await this.followUpLater(req, now)) {
          // Night or quiet hours for the asker: due again when their day starts (see nextDaytimeFor).
          continue;
        } else if (await this.d.store.claimOnce(`followup:${req.id}`, now)) {
          try {
            await messenger.sendDirect(req.askerId, followUpMessage(req));
          } catch (e) {
            // The asker can't be reached at all: stop looking at it, or it would come first in every sweep for ever.
            if (e instanceof DeliveryError && (e.reason === "dm_closed" || e.reason === "not_found")) await this.d.store.updateRequest(req.id, ["connected"], { dueAt: null, updatedAt: now });
            else {
              // Tried again next sweep: due again too, in case a sweep that found it claimed has cleared it meanwhile.
              await this.d.store.releaseOnce(`followup:${req.id}`);
              await this.d.store.updateRequest(req.id, ["connected"], { dueAt: req.dueAt ?? now, updatedAt: now });
            }
            throw e;
          }
          await this.d.store.updateRequest(req.id, ["connected"], { dueAt: null, updatedAt: now });
          followedUp.push(req.id);
        } else {
          // Sent already (or by a worker that stopped before clearing it): nothing more is due.
          await this.d.store.updateRequest(req.id, ["connected"], { dueAt: null, updatedAt: now });
        }
      } catch (e) {
        this.d.logger.error({ err: e, requestId: req.id }, "due request failed; will retry next sweep");
        failed.push({ requestId: req.id, reason: e instanceof DeliveryError ? e.reason : e instanceof Error ? e.message : String(e) });
        if (e instanceof DeliveryError && e.reason === "rate_limited") stopped = "rate_limited";
      }
    }
    return { widened, followedUp, failed, stopped };
  }

  /** Requests the member asked or was asked, newest first (App Home, playground inbox). */
  async openRequestsFor(memberId: MemberId): Promise<{ asked: HelpRequest[]; offers: Array<{ offer: Offer; request: HelpRequest }> }> {
    const communityId = communityOf(memberId);
    const asked = await this.d.store.listRequests({ communityId, askerId: memberId, states: ["open", "offered", "connected"], limit: 20 });
    const offers = await this.d.store.listOffers({ candidateId: memberId, statuses: ["pending"] });
    const withReq: Array<{ offer: Offer; request: HelpRequest }> = [];
    for (const offer of offers.slice(-20)) {
      const request = await this.d.store.getRequest(offer.requestId);
      if (request && request.state === "offered") withReq.push({ offer, request });
    }
    return { asked, offers: withReq.reverse() };
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────────

  /** Times out stale offers and asks the next candidates, or gives up after the last round. Returns the round sent, if any. */
  private async widen(requestId: RequestId, now: Date, messenger: Messenger): Promise<Round | null> {
    const req = await this.d.store.getRequest(requestId);
    if (!req || req.state !== "offered") return null;
    const community = await this.members.community(req.communityId);
    const waitMs = community.settings.offerWaitMinutes * 60_000;
    const pending = await this.d.store.listOffers({ requestId, statuses: ["pending"] });
    let stillWaiting = 0;
    for (const o of pending) {
      if (now.getTime() - o.sentAt.getTime() >= waitMs) {
        if (await this.d.store.updateOfferStatus(o.id, ["pending"], "no_reply", null)) {
          await this.members.update(o.candidateId, (m) => ({ ...m, stats: { ...m.stats, noReply: m.stats.noReply + 1 } }))
            .catch((e: unknown) => this.d.logger.warn({ err: e, memberId: o.candidateId }, "could not count a no-reply (member gone?)"));
        }
      } else stillWaiting++;
    }
    if (stillWaiting > 0) return null;
    const round = req.round < community.settings.maxRounds ? await this.rounds.send(req, undefined, messenger) : null;
    // Another sweep or press has this round; a platform failure leaves the request due, and the next sweep tries again.
    if (round && (round.lost || round.sent.length > 0 || round.retry.length > 0)) return round;
    // As this sweep last wrote it (rounds of people who can't be reached may have moved it on): a press that claimed a
    // round meanwhile keeps the question going.
    await this.giveUp(round?.last ?? req, true, messenger, round?.unreachable.length ?? 0);
    return round;
  }

  /**
   * "Did you get help?" is no reason to wake anyone: outside the asker's daytime or in their quiet hours, the follow-up
   * is moved to when their day starts, and true is returned. Only for an asker whose timezone is known: for the others
   * (UTC would be a guess), a day after the intro is the hour they were about.
   */
  private async followUpLater(req: HelpRequest, now: Date): Promise<boolean> {
    const asker = await this.d.store.getMember(req.askerId);
    if (!asker?.timezone) return false;
    const at = nextDaytimeFor(asker, now);
    if (at.getTime() <= now.getTime()) return false;
    await this.d.store.updateRequest(req.id, ["connected"], { dueAt: at, updatedAt: now });
    return true;
  }

  /**
   * Tells the asker their question ended with nobody free. When the platform fails for now, the ended request is due
   * again, and the next sweep tells them (once: `runDue` claims each attempt); when they cannot be reached, it is left.
   * Returns the failure only when another attempt is due, so that a sweep reports just what it will retry.
   */
  private async tellNobodyFree(req: HelpRequest, msg: Message, messenger: Messenger, now: Date): Promise<DeliveryError | null> {
    try {
      await messenger.sendDirect(req.askerId, msg);
      if (req.dueAt !== null) await this.d.store.updateRequest(req.id, ["expired"], { dueAt: null, updatedAt: now });
      return null;
    } catch (e) {
      const err = e instanceof DeliveryError ? e : new DeliveryError("platform_error", e instanceof Error ? e.message : String(e));
      // Tried again for a day at most: an outage longer than that leaves it.
      const again = err.reason !== "dm_closed" && err.reason !== "not_found" && now.getTime() - (req.closedAt ?? now).getTime() < 86_400_000;
      this.d.logger.warn({ err: e, requestId: req.id }, again ? "could not tell the asker nobody was free; the next sweep tries again" : "could not tell the asker nobody was free");
      await this.d.store.updateRequest(req.id, ["expired"], { dueAt: again ? new Date(now.getTime() + 60_000) : null, updatedAt: now })
        .catch((e2: unknown) => this.d.logger.warn({ err: e2, requestId: req.id }, "could not keep 'nobody was free' due for another try"));
      return again ? err : null;
    }
  }

  /** The answer to "ask the best ones" while offers are waiting for a reply; null if none is. */
  private async alreadyAsked(req: HelpRequest): Promise<Message | null> {
    const waiting = waitingOn(req, await this.d.store.listOffers({ requestId: req.id }), this.d.clock.now());
    if (waiting.length === 0) return null;
    return info(`I've already asked ${andList(waiting.map(mention))} — I'll introduce you as soon as someone says yes, and ask the next people if nobody can.`);
  }

  private async giveUp(req: HelpRequest, notify = false, messenger: Messenger = this.d.messenger, unreachable = 0): Promise<Message> {
    const now = this.d.clock.now();
    const community = await this.members.community(req.communityId);
    // Only as it was read: a round claimed meanwhile (a press, another sweep) is not given up.
    const expired = req.state === "expired" ? req : await this.d.store.updateRequest(req.id, ["open", "offered"], { state: "expired", closedAt: now, dueAt: null, updatedAt: now }, { round: req.round });
    const latest = expired ?? (await this.d.store.getRequest(req.id)) ?? req;
    const msg = nobodyAcceptedMessage(latest, this.channelFor(latest, community) !== null, unreachable);
    if (notify && expired) await this.tellNobodyFree(expired, msg, messenger, now);
    return latest.offeredTo.length === 0
      ? { ...msg, text: `Everyone I'd suggest for ${quote(req.question, 200)} is paused, busy or at their weekly limit right now.${msg.actions?.length ? " Want me to post it to a channel instead?" : ""}` }
      : msg;
  }

  private async recordReply(memberId: MemberId, minutes: number, outcome: { kind: EvidenceKind; req: HelpRequest } | null): Promise<void> {
    const now = this.d.clock.now();
    await this.members.update(memberId, (m) => {
      const stats = { ...m.stats, replies: m.stats.replies + 1, replyMinutesTotal: m.stats.replyMinutesTotal + minutes };
      if (outcome?.kind === "accepted") stats.accepted++;
      if (outcome?.kind === "declined") stats.declined++;
      if (outcome?.kind === "not_my_area") stats.notMyArea++;
      const next = { ...m, stats };
      return outcome ? addEvidence(next, evidenceOf(outcome.kind, outcome.req, now)) : next;
    }).catch((e) => this.d.logger.warn({ err: e, memberId }, "could not record reply"));
  }

  private async coverOthers(requestId: RequestId, acceptedOfferId: OfferId, now: Date): Promise<void> {
    const pending = await this.d.store.listOffers({ requestId, statuses: ["pending", "no_reply"] });
    for (const o of pending) if (o.id !== acceptedOfferId) await this.d.store.updateOfferStatus(o.id, ["pending", "no_reply"], "covered", now);
  }

  private async requireOwnRequest(actor: Actor, requestId: RequestId): Promise<HelpRequest> {
    const req = await this.d.store.getRequest(requestId);
    if (!req || req.communityId !== actor.communityId) throw new UserError("not_found", "I can't find that question any more.");
    if (req.askerId !== actor.memberId) throw new UserError("not_allowed", "Only the person who asked can do that.");
    return req;
  }

  /** Where a channel post goes: the origin channel, else the community's help channel. */
  private channelFor(req: HelpRequest, community: Community): { id: string; threadId: string | null } | null {
    if (req.origin.channelId && req.origin.surface !== "dm") return { id: req.origin.channelId, threadId: req.origin.threadId };
    return community.settings.defaultChannelId ? { id: community.settings.defaultChannelId, threadId: null } : null;
  }

  private closedText(req: HelpRequest): string {
    switch (req.state) {
      case "connected": return "You're already connected with someone for this question.";
      case "expired": return "This question is closed. Ask again with `/ask` if you still need help.";
      default: return "This question is already closed.";
    }
  }

  private coveredText(req: HelpRequest): string {
    return req.state === "offered" || req.state === "connected" ? "Someone else already stepped in, so you're off the hook." : "This question is closed now, so you're off the hook.";
  }
}

export function evidenceOf(kind: EvidenceKind, req: HelpRequest, at: Date): Evidence {
  return { requestId: req.id, kind, question: req.question, topics: req.topics, at };
}

/** Prepends evidence, keeping the newest MAX_EVIDENCE entries. */
export function addEvidence(m: Member, e: Evidence): Member {
  return { ...m, evidence: [e, ...m.evidence.filter((x) => !(x.requestId === e.requestId && x.kind === e.kind))].slice(0, MAX_EVIDENCE) };
}
