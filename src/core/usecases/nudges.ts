import { inQuietHours, localHour } from "../domain/availability.js";
import type { CommunitySettings } from "../domain/community.js";
import { profileConfirmedAt, type Member } from "../domain/member.js";
import type { CommunityId, MemberId } from "../ids.js";
import type { Action, Message } from "../messages.js";
import type { Logger } from "../ports/logger.port.js";
import { DeliveryError, type DeliveryFailure, type Messenger } from "../ports/messenger.port.js";
import type { Store } from "../ports/store.port.js";
import { isoDay, listSkills, plural } from "../views/format.js";
import type { CoreDeps } from "./context.js";
import type { MemberService } from "./members.js";

/**
 * Keeping profiles fresh: the onboarding DM and the inactivity nudge, as idempotent sweeps.
 *
 * Selection streams each community's members (`store.listMembers` pages, never all at once) and decides per
 * member with `nudgeDecision`. Respect rules, in order: departed, "don't remind me", opted out, paused and
 * DM-closed members are skipped; nothing is sent outside the member's local daytime (DAYTIME, their
 * timezone; **unknown timezone → UTC**, so 09:00–18:00 UTC) or inside their own quiet hours; at most
 * `dailyDmCap` proactive DMs per community per UTC day; at most one nudge per `nudgeIntervalDays`, a gap that doubles
 * with each nudge the member let pass without a word (30 → 60 → 120 days by default) until MAX_UNANSWERED_NUDGES, after
 * which none is sent until they next use Knowhow.
 *
 * Idempotency: before sending, the sweep claims a once-only key — `onboarding:<member>` or
 * `nudge:<member>:<period>`, where the period is the previous nudge (`after-<ISO time>` or `first`), so two
 * workers reading the same member compute the same key and only one sends. The key is released when the send
 * fails transiently (rate limit, platform error) so the next sweep retries; it is kept when the member cannot
 * be reached (DMs closed, gone). A sweep that crashed re-runs from the start: claimed keys make it skip whoever
 * was already served (and repair their `lastNudgedAt`), so it effectively resumes where it stopped. The price is
 * at-most-once: a crash between claim and send loses that one nudge rather than risking a duplicate DM.
 *
 * Faults: a store fault (or a bug) for one member is logged, counted in the report's `failed` and the sweep goes on
 * with the next member; before the send, the member's key and cap slot are given back so the next sweep retries
 * them. A fault that stops a community's sweep (reading its members) is the community's `error`; the other
 * communities are still swept.
 */
export const DAYTIME = { start: 9, end: 18 } as const;
/** Onboarding only reaches members who joined at most this long after the configured delay (older ones get nudges). */
export const ONBOARDING_WINDOW_MS = 7 * 86_400_000;
/** Inactivity nudges sent in a row without an answer, after which the member is left alone until they next use Knowhow. */
export const MAX_UNANSWERED_NUDGES = 4;
/** "You helped with N X questions" needs at least this many helped questions on X. */
export const MIN_EVIDENCE = 2;
const DAY_MS = 86_400_000;
const MAX_CAS_RETRIES = 8;

export type NudgeJob = "onboarding" | "inactivity";
export type SkipReason =
  | "departed" | "reminders_off" | "opted_out" | "paused" | "dm_closed"
  | "not_due" | "recently_nudged" | "unanswered" | "quiet_hours" | "daily_cap" | "already_sent"
  /** Due, but the platform is rate-limiting: the next sweep sends it. */
  | "deferred";
/** not_recorded: the DM went out but recording it failed (the next sweep records it, without a second DM). */
export type FailReason = DeliveryFailure | "error" | "not_recorded";

export interface NudgeSweepOptions {
  /** Only these communities; every community when absent. */
  communityIds?: readonly CommunityId[];
  /** The sweep's "now" (operators' `--now`, tests); defaults to the clock. */
  now?: Date;
  /** Where DMs go: the scheduler passes its rate-limited queue; defaults to the core's messenger. */
  messenger?: Messenger;
  /** How many skipped members to list by id (the CLI prints them); counts are always complete. */
  detailLimit?: number;
  pageSize?: number;
}

export interface CommunityNudgeReport {
  communityId: CommunityId;
  scanned: number;
  sent: Array<{ memberId: MemberId; suggested: string[] }>;
  skipped: Partial<Record<SkipReason, number>>;
  /** The first `detailLimit` skipped members, with why. */
  skippedMembers: Array<{ memberId: MemberId; reason: SkipReason }>;
  failed: Array<{ memberId: MemberId; reason: FailReason }>;
  /** Why the sweep stopped sending early in this community (the rest is picked up by a later sweep). */
  stopped: null | "daily_cap" | "rate_limited";
  /** The fault that stopped this community's sweep (what it did before is listed); a later sweep picks up the rest. */
  error: string | null;
}

export interface NudgeSweepReport {
  job: NudgeJob;
  now: Date;
  communities: CommunityNudgeReport[];
}

export interface SkillSuggestion {
  /** Normalised topic ("terraform"). */
  topic: string;
  /** Display wording, as members wrote it ("Terraform"). */
  label: string;
  helped: number;
}

/** Whether `now` is daytime for the member (DAYTIME in their timezone, UTC if unknown) and outside their quiet hours. */
export function isDaytimeFor(m: Pick<Member, "timezone" | "availability">, now: Date): boolean {
  const hour = localHour(m.timezone, now);
  return hour >= DAYTIME.start && hour < DAYTIME.end && !inQuietHours(m.availability.quietHours, hour);
}

/**
 * The first moment from `now` on when `isDaytimeFor` holds (`now` itself when it does), on a quarter hour: every
 * timezone's hours start on one. Members whose quiet hours cover the whole daytime get the first moment outside their
 * quiet hours instead, so that what waits for them is delayed, never dropped.
 */
export function nextDaytimeFor(m: Pick<Member, "timezone" | "availability">, now: Date): Date {
  if (isDaytimeFor(m, now)) return now;
  const step = 15 * 60_000;
  const first = Math.ceil(now.getTime() / step) * step;
  const within = (ok: (t: Date) => boolean): Date | null => {
    for (let t = first; t <= first + 2 * DAY_MS; t += step) if (ok(new Date(t))) return new Date(t);
    return null;
  };
  return within((t) => isDaytimeFor(m, t))
    ?? within((t) => !inQuietHours(m.availability.quietHours, localHour(m.timezone, t)))
    ?? now;
}

/** Is this member due for `job` at `now`? Returns "due" or the reason to skip them. Pure. */
export function nudgeDecision(job: NudgeJob, m: Member, s: CommunitySettings, now: Date): SkipReason | "due" {
  if (m.departed) return "departed";
  if (m.reminders === "never") return "reminders_off";
  if (!m.availability.optedIn) return "opted_out";
  if (m.availability.pausedUntil && m.availability.pausedUntil > now) return "paused";
  if (m.dmClosed) return "dm_closed";
  const t = now.getTime();
  if (job === "onboarding") {
    if (m.skills.length > 0 || m.lastNudgedAt) return "not_due";
    const since = t - m.joinedAt.getTime();
    const delay = s.onboardingDelayHours * 3_600_000;
    if (since < delay || since > delay + ONBOARDING_WINDOW_MS) return "not_due";
  } else {
    if (m.lastNudgedAt) {
      // Each nudge let pass doubles the wait for the next; the member's next use of Knowhow starts over.
      const unanswered = unansweredNudges(m);
      if (unanswered >= MAX_UNANSWERED_NUDGES) return "unanswered";
      if (t - m.lastNudgedAt.getTime() < s.nudgeIntervalDays * 2 ** Math.max(0, unanswered - 1) * DAY_MS) return "recently_nudged";
    }
    if (t - profileConfirmedAt(m).getTime() < s.nudgeAfterDays * DAY_MS) return "not_due";
  }
  return isDaytimeFor(m, now) ? "due" : "quiet_hours";
}

/** Nudges sent in a row that the member let pass: none once they were active after the last one. */
export function unansweredNudges(m: Pick<Member, "lastNudgedAt" | "lastActiveAt" | "unansweredNudges">): number {
  return m.lastNudgedAt && m.lastActiveAt <= m.lastNudgedAt ? m.unansweredNudges : 0;
}

/** The once-only key guarding this member's next DM for `job`. */
export function nudgeKey(job: NudgeJob, m: Pick<Member, "id" | "lastNudgedAt">): string {
  if (job === "onboarding") return `onboarding:${m.id}`;
  return `nudge:${m.id}:${m.lastNudgedAt ? `after-${m.lastNudgedAt.toISOString()}` : "first"}`;
}

/** Topics of questions the member helped with that none of their skills covers, most helped first. */
export function skillSuggestions(m: Member, limit = 2): SkillSuggestion[] {
  const covered = (topic: string) => m.skills.some((s) => s.key === topic || ` ${s.key} `.includes(` ${topic} `) || ` ${topic} `.includes(` ${s.key} `));
  const byTopic = new Map<string, { helped: number; label: string }>();
  for (const e of m.evidence) {
    if (e.kind !== "helped") continue;
    for (const topic of new Set(e.topics)) {
      if (topic.length < 2 || covered(topic)) continue;
      const cur = byTopic.get(topic) ?? { helped: 0, label: labelFrom(topic, e.question) };
      cur.helped++;
      byTopic.set(topic, cur);
    }
  }
  return [...byTopic]
    .filter(([, v]) => v.helped >= MIN_EVIDENCE)
    .sort((a, b) => b[1].helped - a[1].helped || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([topic, v]) => ({ topic, label: v.label, helped: v.helped }));
}

/** The topic as the asker wrote it ("terraform" → "Terraform"), else capitalised. */
function labelFrom(topic: string, question: string): string {
  const i = question.toLowerCase().indexOf(topic);
  if (i >= 0) {
    const found = question.slice(i, i + topic.length);
    if (found !== topic) return found;
  }
  return topic.charAt(0).toUpperCase() + topic.slice(1);
}

export function onboardingMessage(communityName: string): Message {
  return {
    kind: "onboarding",
    title: `Welcome to ${communityName}!`,
    text: [
      "Hi! I'm *Knowhow*. When someone here asks a question, I find the people who can help, ask them privately, and introduce them — nobody else is pinged.",
      "Tell me what you can help with (or want to learn) and I'll only ask you when a question fits. You can pause or cap requests any time.",
    ].join("\n"),
    actions: [
      { type: "skills.edit", label: "Add my skills", value: "edit", style: "primary" },
      { type: "nudge.stop", label: "Don't remind me", value: "stop" },
    ],
  };
}

export function inactivityNudgeMessage(m: Member, suggestions: SkillSuggestion[], now: Date): Message {
  const evidence = suggestions.map((s) => `You helped with ${plural(s.helped, `${s.label} question`)} — add *${s.label}*?`);
  const helping = m.skills.filter((s) => s.level !== "learning");
  const learning = m.skills.filter((s) => s.level === "learning");
  const learnt = learning.map((s) => s.label).join(", ");
  const listed = helping.length
    ? `People here can be introduced to you for: ${listSkills(helping)}${learning.length ? `; you're learning ${learnt}` : ""}`
    : `You're learning ${learnt}, and haven't listed anything you can help with yet`;
  const body = m.skills.length
    ? `${listed} (last confirmed ${isoDay(profileConfirmedAt(m))}). Is that still accurate?`
    : "You haven't told me what you can help with yet. Add a skill or two and I'll only ask you when a question fits.";
  const actions: Action[] = suggestions.map((s) => ({ type: "nudge.add_skill", label: `Add ${s.label}`, value: s.label }));
  if (m.skills.length) actions.push({ type: "nudge.confirm", label: "Still accurate", value: isoDay(now), style: "primary" });
  actions.push(
    { type: "nudge.edit", label: m.skills.length ? "Edit" : "Add skills", value: "edit" },
    { type: "nudge.pause", label: "Pause suggestions", value: "pause" },
    { type: "nudge.stop", label: "Don't remind me", value: "stop" },
  );
  // Members who never declared a skill get this nudge too once onboarding's window is past: nothing to be up to date.
  const title = m.skills.length ? "Are your skills up to date?" : "What can you help with?";
  return { kind: "nudge", title, text: [...evidence, body].join("\n"), actions };
}

/**
 * At most `cap` proactive DMs per community per UTC day, across sweeps, jobs and workers: each send takes a
 * numbered once-only slot `dmcap:<community>:<day>:<n>`; a failed send gives its slot back.
 */
export class DailyCap {
  private next = 0;
  constructor(private readonly store: Store, private readonly communityId: CommunityId, private readonly day: string, private readonly cap: number) {}

  async take(at: Date): Promise<string | null> {
    for (let i = this.next; i < this.cap; i++) {
      const key = `dmcap:${this.communityId}:${this.day}:${i}`;
      if (await this.store.claimOnce(key, at)) {
        this.next = i + 1;
        return key;
      }
    }
    this.next = this.cap;
    return null;
  }

  async release(key: string): Promise<void> {
    await this.store.releaseOnce(key);
    const i = Number(key.slice(key.lastIndexOf(":") + 1));
    if (Number.isInteger(i)) this.next = Math.min(this.next, i);
  }
}

export class NudgeService {
  constructor(private readonly d: CoreDeps, private readonly members: MemberService) {}

  /** The onboarding DM to members who joined and declared nothing, after the community's delay. */
  runOnboarding(opts: NudgeSweepOptions = {}): Promise<NudgeSweepReport> {
    return this.sweep("onboarding", opts);
  }

  /** The inactivity nudge ([Still accurate] [Edit] [Pause suggestions] [Don't remind me]), evidence first. */
  runInactivity(opts: NudgeSweepOptions = {}): Promise<NudgeSweepReport> {
    return this.sweep("inactivity", opts);
  }

  private async sweep(job: NudgeJob, opts: NudgeSweepOptions): Promise<NudgeSweepReport> {
    const now = opts.now ?? this.d.clock.now();
    const ids = opts.communityIds ?? (await this.d.store.listCommunityIds());
    const communities: CommunityNudgeReport[] = [];
    for (const communityId of ids) {
      const report: CommunityNudgeReport = { communityId, scanned: 0, sent: [], skipped: {}, skippedMembers: [], failed: [], stopped: null, error: null };
      const log = this.d.logger.child({ job, communityId });
      try {
        await this.sweepCommunity(job, report, now, opts, log);
      } catch (e) {
        report.error = e instanceof Error ? e.message : String(e);
        log.error({ err: e, scanned: report.scanned }, `${job} sweep stopped in this community; the next sweep picks up the rest`);
      }
      communities.push(report);
    }
    return { job, now, communities };
  }

  private async sweepCommunity(job: NudgeJob, report: CommunityNudgeReport, now: Date, opts: NudgeSweepOptions, log: Logger): Promise<void> {
    const communityId = report.communityId;
    const messenger = opts.messenger ?? this.d.messenger;
    const detailLimit = opts.detailLimit ?? 0;
    const skip = (memberId: MemberId, reason: SkipReason) => {
      report.skipped[reason] = (report.skipped[reason] ?? 0) + 1;
      if (report.skippedMembers.length < detailLimit) report.skippedMembers.push({ memberId, reason });
    };
    const community = await this.d.store.getCommunity(communityId);
    if (!community) return;
    const cap = new DailyCap(this.d.store, communityId, isoDay(now), community.settings.dailyDmCap);
    let after: string | null = null;
    do {
      const page = await this.d.store.listMembers(communityId, { after, limit: opts.pageSize ?? 500 });
      for (const m of page.members) {
        report.scanned++;
        const decision = nudgeDecision(job, m, community.settings, now);
        if (decision !== "due") {
          skip(m.id, decision);
          continue;
        }
        if (report.stopped) {
          skip(m.id, report.stopped === "daily_cap" ? "daily_cap" : "deferred");
          continue;
        }
        // What this member holds until the DM is sent: given back if a fault stops them before it (retried next sweep).
        let slot: string | null = null;
        let key: string | null = null;
        let delivered = false;
        try {
          const taken = await cap.take(now);
          if (!taken) {
            report.stopped = "daily_cap";
            skip(m.id, "daily_cap");
            continue;
          }
          slot = taken;
          const claimed = nudgeKey(job, m);
          if (!(await this.d.store.claimOnce(claimed, now))) {
            await cap.release(taken);
            slot = null;
            skip(m.id, "already_sent");
            await this.markNudged(job, m.id, now, true);
            continue;
          }
          key = claimed;
          const suggestions = job === "inactivity" ? skillSuggestions(m) : [];
          const message = job === "onboarding" ? onboardingMessage(community.name) : inactivityNudgeMessage(m, suggestions, now);
          try {
            await messenger.sendDirect(m.id, message);
          } catch (e) {
            const reason: FailReason = e instanceof DeliveryError ? e.reason : "error";
            report.failed.push({ memberId: m.id, reason });
            log[reason === "error" ? "error" : "warn"]({ err: e, memberId: m.id, reason }, "nudge not delivered");
            if (reason === "rate_limited") report.stopped = "rate_limited";
            // The key is kept when the member cannot be reached (settled here: a fault below must not give it back), and
            // given back when the failure is transient (by the fault path too, if this one fails before it does).
            if (reason === "dm_closed" || reason === "not_found") key = null;
            await cap.release(taken);
            slot = null;
            if (reason === "dm_closed") await this.members.setDmClosed(m.id, true);
            else if (reason === "not_found") await this.members.departed(m.id);
            else await this.d.store.releaseOnce(claimed);
            key = null;
            continue;
          }
          delivered = true;
          await this.markNudged(job, m.id, now, false);
          report.sent.push({ memberId: m.id, suggested: suggestions.map((s) => s.label) });
        } catch (e) {
          // Counted once: a fault while handling a failed delivery is already in `failed`.
          if (report.failed.at(-1)?.memberId !== m.id) report.failed.push({ memberId: m.id, reason: delivered ? "not_recorded" : "error" });
          if (delivered) log.error({ err: e, memberId: m.id }, "nudge sent but not recorded; the next sweep records it");
          else {
            log.error({ err: e, memberId: m.id }, "nudge failed; the next sweep retries it");
            await this.giveBack(cap, slot, key, log);
          }
        }
      }
      after = page.next;
    } while (after);
    log.info({ scanned: report.scanned, sent: report.sent.length, failed: report.failed.length, skipped: report.skipped, stopped: report.stopped }, `${job} sweep done`);
  }

  /** Gives back a member's cap slot and once-only key after a fault; if that fails too, the key stays claimed (at most once). */
  private async giveBack(cap: DailyCap, slot: string | null, key: string | null, log: Logger): Promise<void> {
    try {
      if (slot) await cap.release(slot);
      if (key) await this.d.store.releaseOnce(key);
    } catch (e) {
      log.error({ err: e, key }, "could not give back a nudge's once-only key; this member is not nudged this period (at most once)");
    }
  }

  /**
   * Records the nudge on the member (compare-and-set on the version; no re-indexing: lastNudgedAt does not
   * affect matching). With `repairOnly`, only moves lastNudgedAt forward when a previous run claimed the key
   * but crashed before recording it. An inactivity nudge also counts towards the back-off.
   */
  private async markNudged(job: NudgeJob, id: MemberId, now: Date, repairOnly: boolean): Promise<void> {
    for (let i = 0; i < MAX_CAS_RETRIES; i++) {
      const m = await this.d.store.getMember(id);
      if (!m) return;
      if (repairOnly && m.lastNudgedAt && m.lastNudgedAt >= now) return;
      const counted = job === "inactivity" ? unansweredNudges(m) + 1 : m.unansweredNudges;
      if (await this.d.store.replaceMember({ ...m, lastNudgedAt: now, unansweredNudges: counted }, now)) return;
    }
    throw new Error(`Could not record the nudge for ${id}: too many concurrent writes`);
  }
}
