import type { Availability, Member, QuietHours } from "./member.js";

/** What availability reads of a member: a whole member, or the matcher's compact record of one. */
export interface AvailabilityView {
  readonly departed: boolean;
  readonly availability: Readonly<Pick<Availability, "optedIn" | "pausedUntil" | "weeklyCap">>;
  readonly stats: { readonly recentOffers: readonly Date[] };
}

const WEEK_MS = 7 * 24 * 3600_000;

/** Offers sent to the member in the `windowMs` before `now` (none after it: the clock may be behind the data). */
export function offersWithin(m: Pick<AvailabilityView, "stats">, now: Date, windowMs: number): number {
  const t = now.getTime();
  let n = 0;
  for (const d of m.stats.recentOffers) if (t - d.getTime() < windowMs && d.getTime() <= t) n++;
  return n;
}

/** Offers sent to the member in the 7 days before `now`. */
export function offersThisWeek(m: Pick<AvailabilityView, "stats">, now: Date): number {
  return offersWithin(m, now, WEEK_MS);
}

/** When the member is under their weekly cap again (the offer that frees a slot turns a week old); null if under it now. */
export function capFreesAt(m: Pick<AvailabilityView, "stats" | "availability">, now: Date): Date | null {
  const t = now.getTime();
  const recent = m.stats.recentOffers.map((d) => d.getTime()).filter((d) => t - d < WEEK_MS && d <= t).sort((a, b) => a - b);
  const over = recent.length - m.availability.weeklyCap;
  if (m.availability.weeklyCap === 0 || over < 0) return null;
  return new Date(recent[over]! + WEEK_MS);
}

/** Drops offer timestamps older than a week (keeps the member record bounded). */
export function pruneRecentOffers(dates: Date[], now: Date): Date[] {
  const since = now.getTime() - WEEK_MS;
  return dates.filter((d) => d.getTime() > since);
}

export type Unavailability = "opted_out" | "paused" | "departed" | "over_cap";

/** Why the member can't be offered a request right now, or null if they can. */
export function unavailableReason(m: AvailabilityView, now: Date): Unavailability | null {
  if (m.departed) return "departed";
  if (!m.availability.optedIn) return "opted_out";
  if (m.availability.pausedUntil && m.availability.pausedUntil.getTime() > now.getTime()) return "paused";
  if (offersThisWeek(m, now) >= m.availability.weeklyCap) return "over_cap";
  return null;
}

/** The member's local hour (0–23) at `now`; UTC when the timezone is unknown or invalid. */
export function localHour(timezone: string | null, now: Date): number {
  if (!timezone) return now.getUTCHours();
  try {
    const h = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, hour: "numeric", hourCycle: "h23" }).format(now);
    return Number.parseInt(h, 10) % 24;
  } catch {
    return now.getUTCHours();
  }
}

/** The member's local calendar day at `now`, as midnight UTC of that date (UTC when the timezone is unknown). */
export function localDay(timezone: string | null, now: Date): Date {
  if (timezone) {
    try {
      const parts = new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
      const day = new Date(`${parts}T00:00:00Z`);
      if (!Number.isNaN(day.getTime())) return day;
    } catch {
      // An unknown zone: UTC, as localHour does.
    }
  }
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** Whether `hour` falls in the quiet window (which may wrap midnight: 21 → 8). */
export function inQuietHours(q: QuietHours, hour: number): boolean {
  if (q.start === q.end) return false;
  return q.start < q.end ? hour >= q.start && hour < q.end : hour >= q.start || hour < q.end;
}

/** Whether it is the member's quiet time right now (their timezone, their quiet hours). */
export function isQuietNow(m: Member, now: Date): boolean {
  return inQuietHours(m.availability.quietHours, localHour(m.timezone, now));
}
