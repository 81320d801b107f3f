import { createCore, type Core } from "../../src/core/index.js";
import { pairValue } from "../../src/core/messages.js";
import { ManualClock, type Clock } from "../../src/core/ports/clock.port.js";
import type { Logger } from "../../src/core/ports/logger.port.js";
import { DEMO_MEMBERS, DEMO_QUESTIONS, type DemoQuestion } from "./demo-data.js";
import { actorFor, DEMO_CHANNEL, DEMO_COMMUNITY, memberIdFor } from "./identity.js";

export interface SeedReport {
  members: number;
  /** Questions replayed as history (0 when history was turned off). */
  questions: number;
}

const DAY_MS = 86_400_000;
const HISTORY_DAYS = 35;

/**
 * Seeds the playground's demo community through the core use cases (exactly what members would do),
 * only when the community has no members yet; returns null when it already had some.
 *
 * It also replays a month of history (questions, offers, intros, "did you get help?") so the dashboard
 * has something to show. History runs through a second core over the same store, matcher and messenger
 * but with its own ManualClock that starts 35 days ago, so the app's clock (real, offset or manual) is
 * never moved backwards or forwards by seeding.
 */
export async function seedDemoCommunity(core: Core, opts: { clock: Clock; logger: Logger; history?: boolean; onHistoryClock?: (clock: Clock | null) => void }): Promise<SeedReport | null> {
  if ((await core.deps.store.countMembers(DEMO_COMMUNITY)) > 0) return null;
  const start = opts.clock.now();
  const history = opts.history !== false;
  const pastClock = new ManualClock(new Date(start.getTime() - HISTORY_DAYS * DAY_MS));
  const past = history ? createCore({ ...core.deps, clock: pastClock }) : core;
  for (const m of DEMO_MEMBERS) {
    const actor = actorFor(m.slug, m.name);
    await past.members.touch(actor);
    await past.availability.setTimezone(actor, m.timezone);
    if (m.skills.length > 0) await past.skills.replace(actor, m.skills.map(([label, level]) => ({ label, level })), m.about);
    if (m.cap !== undefined) await past.availability.setWeeklyCap(actor, m.cap);
    if (m.quiet) await past.availability.setQuietHours(actor, m.quiet[0], m.quiet[1]);
  }
  let questions = 0;
  if (history) {
    opts.onHistoryClock?.(pastClock);
    try {
      for (const q of DEMO_QUESTIONS) {
        pastClock.set(pastDay(start, q.daysAgo));
        await replay(past, pastClock, q, opts.logger);
        questions++;
      }
    } finally {
      opts.onHistoryClock?.(null);
    }
  }
  // Pauses are set at the app's "now" so they are still running when the playground opens.
  for (const m of DEMO_MEMBERS) if (m.pauseDays) await core.availability.pause(actorFor(m.slug), m.pauseDays);
  return { members: DEMO_MEMBERS.length, questions };
}

/**
 * `daysAgo` days before `start`, at 15:00 UTC: afternoon in Europe and Africa, morning in the Americas. History is
 * then the same whatever time of day the playground first starts (who is awake decides who is asked first).
 */
function pastDay(start: Date, daysAgo: number): Date {
  const d = new Date(start.getTime() - daysAgo * DAY_MS);
  d.setUTCHours(15, 0, 0, 0);
  return d;
}

/** A past question no one answered, as it ended: its offers timed out, and it expired. */
async function expireUnanswered(core: Core, requestId: string, at: Date): Promise<void> {
  const { store } = core.deps;
  for (const o of await store.listOffers({ requestId, statuses: ["pending"] })) await store.updateOfferStatus(o.id, ["pending"], "no_reply", null);
  await store.updateRequest(requestId, ["offered"], { state: "expired", closedAt: at, dueAt: null, updatedAt: at });
}

/** One past question: ask, ask the chosen helper or the best candidates, answer as they would, close the loop. */
async function replay(core: Core, clock: ManualClock, q: DemoQuestion, logger: Logger): Promise<void> {
  const asker = actorFor(q.asker);
  const { request } = await core.asks.ask(asker, q.question, { surface: "web", channelId: DEMO_CHANNEL, threadId: null, isPrivate: false });
  if (request.unmatched) return;
  const chosen = q.helper ? memberIdFor(q.helper) : null;
  if (chosen && request.candidates.some((c) => c.memberId === chosen)) {
    await core.actions.handle(asker, "ask.candidate", pairValue(request.id, chosen));
  } else {
    if (chosen) logger.warn({ question: q.question, helper: q.helper }, "demo helper was not suggested; asking the best ones instead");
    await core.actions.handle(asker, "ask.best", request.id);
  }
  if (q.first === "none") {
    // Nobody answered. Long ago, the ask ran out back then (the asker was told nobody was free); otherwise the
    // playground's first sweep would widen a weeks-old question to weaker matches, "now".
    if (q.daysAgo >= 2) await expireUnanswered(core, request.id, clock.now());
    return;
  }
  for (let round = 0; round < 3; round++) {
    clock.advance(2 * 3600_000);
    const pending = await core.deps.store.listOffers({ requestId: request.id, statuses: ["pending"] });
    const offer = pending[0];
    if (!offer) break;
    const response = round === 0 ? q.first : "accept";
    const candidate = actorFor(offer.candidateId.split(":").pop() ?? "");
    const type = response === "accept" ? "offer.accept" : response === "decline" ? "offer.decline" : "offer.not_my_area";
    await core.actions.handle(candidate, type, offer.id);
    // Everyone else in the round says "not now", so the next round (if any) goes out.
    for (const other of pending.slice(1)) {
      if (response === "accept") break;
      await core.actions.handle(actorFor(other.candidateId.split(":").pop() ?? ""), "offer.decline", other.id);
    }
    if (response === "accept") break;
  }
  const latest = await core.deps.store.getRequest(request.id);
  if (latest?.state === "connected" && q.helped !== null) {
    clock.advance(DAY_MS);
    await core.actions.handle(asker, q.helped ? "followup.yes" : "followup.no", request.id);
  }
  logger.debug({ requestId: request.id, state: latest?.state, asker: memberIdFor(q.asker) }, "demo question replayed");
}
