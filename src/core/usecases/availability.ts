import type { Member } from "../domain/member.js";
import { UserError } from "../errors.js";
import type { Actor, CoreDeps } from "./context.js";
import { validTimezone, type MemberService } from "./members.js";

const MAX_PAUSE_DAYS = 365;

/** Several availability settings at once (a form): validated together, saved together. */
export interface AvailabilityChanges {
  timezone?: string;
  cap?: number;
  quietHours?: { start: number; end: number };
  optedIn?: boolean;
  reminders?: boolean;
  /** Pause for this many days (ignored when `resume` is set). */
  days?: number;
  /** With `days`: a pause already set that ends later is kept (a button on an old nudge must not shorten it). */
  keepLongerPause?: boolean;
  resume?: boolean;
}

/** Availability and consent: pause, weekly cap, quiet hours, timezone, opting in/out, reminders. */
export class AvailabilityService {
  constructor(private readonly d: CoreDeps, private readonly members: MemberService) {}

  /** No suggestions or intro requests for `days` days. */
  async pause(actor: Actor, days: number): Promise<Member> {
    return this.apply(actor, { days });
  }

  /** Paused for at least `days` days: a longer pause the member set stays as it is. */
  async pauseAtLeast(actor: Actor, days: number): Promise<Member> {
    return this.apply(actor, { days, keepLongerPause: true });
  }

  async resume(actor: Actor): Promise<Member> {
    return this.apply(actor, { resume: true });
  }

  /** At most `cap` intro requests per rolling week (0 means none). */
  async setWeeklyCap(actor: Actor, cap: number): Promise<Member> {
    return this.apply(actor, { cap });
  }

  /** Quiet hours as local hours, e.g. 21 → 8; equal hours turn quiet time off. */
  async setQuietHours(actor: Actor, start: number, end: number): Promise<Member> {
    return this.apply(actor, { quietHours: { start, end } });
  }

  /** Sets the member's IANA timezone ("Europe/Paris"). */
  async setTimezone(actor: Actor, tz: string): Promise<Member> {
    return this.apply(actor, { timezone: tz });
  }

  /** Forgets the zone the member set: the platform's (their Slack or Discord profile's) applies again. */
  async useProfileTimezone(actor: Actor): Promise<Member> {
    await this.members.touch({ ...actor, timezone: undefined });
    return this.members.update(actor.memberId, (m) => ({ ...m, timezoneSetByMember: false, timezone: actor.timezone ?? m.timezone }));
  }

  /** Whether the member may be suggested to askers at all. */
  async setOptedIn(actor: Actor, optedIn: boolean): Promise<Member> {
    return this.apply(actor, { optedIn });
  }

  /** "Don't remind me": no more nudges, ever (until they turn reminders back on). */
  async setReminders(actor: Actor, on: boolean): Promise<Member> {
    return this.apply(actor, { reminders: on });
  }

  /**
   * Applies several settings in one update. Every value is checked first: the first invalid one throws a
   * UserError naming its field and nothing at all is saved.
   */
  async apply(actor: Actor, c: AvailabilityChanges): Promise<Member> {
    const days = c.days;
    if (!c.resume && days !== undefined && (!Number.isInteger(days) || days < 1 || days > MAX_PAUSE_DAYS)) {
      throw new UserError("invalid_input", `Pause for a whole number of days between 1 and ${MAX_PAUSE_DAYS}, e.g. \`pause 14\`.`, "days");
    }
    if (c.cap !== undefined && (!Number.isInteger(c.cap) || c.cap < 0 || c.cap > 50)) {
      throw new UserError("invalid_input", "The weekly cap is a whole number from 0 to 50, e.g. `cap 3`.", "cap");
    }
    if (c.quietHours) {
      for (const [name, h] of [["start", c.quietHours.start], ["end", c.quietHours.end]] as const) {
        if (!Number.isInteger(h) || h < 0 || h > 23) throw new UserError("invalid_input", `Quiet hours are whole hours from 0 to 23 (${name} was ${h}), e.g. \`quiet 21-8\`.`, "quietHours");
      }
    }
    let timezone: string | null = null;
    if (c.timezone !== undefined) {
      timezone = validTimezone(c.timezone.trim());
      if (!timezone) throw new UserError("invalid_input", `I don't know the timezone “${c.timezone.trim().slice(0, 40)}”. Use a name like Europe/Paris or America/New_York.`, "timezone");
    }
    // A timezone set by the member wins over the one the platform reports.
    await this.members.touch(timezone ? { ...actor, timezone: undefined } : actor);
    const pausedUntil = c.resume ? null : days !== undefined ? new Date(this.d.clock.now().getTime() + days * 86_400_000) : undefined;
    return this.members.update(actor.memberId, (m) => {
      const a = { ...m.availability };
      if (c.cap !== undefined) a.weeklyCap = c.cap;
      if (c.quietHours) a.quietHours = { start: c.quietHours.start, end: c.quietHours.end };
      if (c.optedIn !== undefined) a.optedIn = c.optedIn;
      const longer = c.keepLongerPause && pausedUntil && a.pausedUntil && a.pausedUntil > pausedUntil;
      if (pausedUntil !== undefined && !longer) a.pausedUntil = pausedUntil;
      if (c.resume) a.optedIn = true;
      return {
        ...m,
        availability: a,
        ...(timezone ? { timezone, timezoneSetByMember: true } : {}),
        ...(c.reminders !== undefined ? { reminders: c.reminders ? "on" as const : "never" as const } : {}),
      };
    });
  }
}
