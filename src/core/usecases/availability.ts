import type { Member } from "../domain/member.js";
import { UserError } from "../errors.js";
import type { Actor, CoreDeps } from "./context.js";
import { validTimezone, type MemberService } from "./members.js";

const MAX_PAUSE_DAYS = 365;

/** Availability and consent: pause, weekly cap, quiet hours, timezone, opting in/out, reminders. */
export class AvailabilityService {
  constructor(private readonly d: CoreDeps, private readonly members: MemberService) {}

  /** No suggestions or intro requests for `days` days. */
  async pause(actor: Actor, days: number): Promise<Member> {
    if (!Number.isInteger(days) || days < 1 || days > MAX_PAUSE_DAYS) {
      throw new UserError("invalid_input", `Pause for a whole number of days between 1 and ${MAX_PAUSE_DAYS}, e.g. \`pause 14\`.`, "days");
    }
    await this.members.touch(actor);
    const until = new Date(this.d.clock.now().getTime() + days * 86_400_000);
    return this.members.update(actor.memberId, (m) => ({ ...m, availability: { ...m.availability, pausedUntil: until } }));
  }

  async resume(actor: Actor): Promise<Member> {
    await this.members.touch(actor);
    return this.members.update(actor.memberId, (m) => ({ ...m, availability: { ...m.availability, pausedUntil: null, optedIn: true } }));
  }

  /** At most `cap` intro requests per rolling week (0 means none). */
  async setWeeklyCap(actor: Actor, cap: number): Promise<Member> {
    if (!Number.isInteger(cap) || cap < 0 || cap > 50) throw new UserError("invalid_input", "The weekly cap is a whole number from 0 to 50, e.g. `cap 3`.", "cap");
    await this.members.touch(actor);
    return this.members.update(actor.memberId, (m) => ({ ...m, availability: { ...m.availability, weeklyCap: cap } }));
  }

  /** Quiet hours as local hours, e.g. 21 → 8; equal hours turn quiet time off. */
  async setQuietHours(actor: Actor, start: number, end: number): Promise<Member> {
    for (const [name, h] of [["start", start], ["end", end]] as const) {
      if (!Number.isInteger(h) || h < 0 || h > 23) throw new UserError("invalid_input", `Quiet hours are whole hours from 0 to 23 (${name} was ${h}), e.g. \`quiet 21-8\`.`, "quietHours");
    }
    await this.members.touch(actor);
    return this.members.update(actor.memberId, (m) => ({ ...m, availability: { ...m.availability, quietHours: { start, end } } }));
  }

  /** Sets the member's IANA timezone ("Europe/Paris"). */
  async setTimezone(actor: Actor, tz: string): Promise<Member> {
    const valid = validTimezone(tz.trim());
    if (!valid) throw new UserError("invalid_input", `I don't know the timezone “${tz.trim().slice(0, 40)}”. Use a name like Europe/Paris or America/New_York.`, "timezone");
    await this.members.touch({ ...actor, timezone: undefined });
    return this.members.update(actor.memberId, (m) => ({ ...m, timezone: valid }));
  }

  /** Whether the member may be suggested to askers at all. */
  async setOptedIn(actor: Actor, optedIn: boolean): Promise<Member> {
    await this.members.touch(actor);
    return this.members.update(actor.memberId, (m) => ({ ...m, availability: { ...m.availability, optedIn } }));
  }

  /** "Don't remind me": no more nudges, ever (until they turn reminders back on). */
  async setReminders(actor: Actor, on: boolean): Promise<Member> {
    await this.members.touch(actor);
    return this.members.update(actor.memberId, (m) => ({ ...m, reminders: on ? "on" : "never" }));
  }
}
