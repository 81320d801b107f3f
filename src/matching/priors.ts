import { inQuietHours, offersThisWeek } from "../core/domain/availability.js";
import type { Member } from "../core/domain/member.js";
import type { MatchSignal } from "../core/ports/matcher.port.js";

const DAY_MS = 24 * 3600_000;

export interface PriorWeights {
  /** Strength of the track-record prior: × (1 + activity · ln(1 + helped + accepted)). */
  activity: number;
  /** Largest share removed for recent load (offers this week / weekly cap). */
  load: number;
}

export const DEFAULT_PRIORS: PriorWeights = { activity: 0.35, load: 0.3 };

export interface Prior {
  factor: number;
  signals: MatchSignal[];
}

const formats = new Map<string, Intl.DateTimeFormat | null>();
/** Local hour per timezone for the current UTC hour (formatting costs microseconds; ranking calls it per candidate). */
const hours = new Map<string, { at: number; hour: number }>();

/** The member's local hour, with one cached formatter per timezone (creating one costs ~0.1 ms). */
export function cachedLocalHour(timezone: string, now: Date): number {
  const at = Math.floor(now.getTime() / 900_000); // quarter-hour buckets (some zones are offset by 30/45 min)
  const hit = hours.get(timezone);
  if (hit && hit.at === at) return hit.hour;
  const hour = formatHour(timezone, now);
  hours.set(timezone, { at, hour });
  return hour;
}

function formatHour(timezone: string, now: Date): number {
  let f = formats.get(timezone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, hour: "numeric", hourCycle: "h23" });
    } catch {
      f = null;
    }
    formats.set(timezone, f);
  }
  return f ? Number.parseInt(f.format(now), 10) % 24 : now.getUTCHours();
}

function humanMinutes(min: number): string {
  if (min < 90) return "within an hour";
  if (min < 60 * 6) return "within a few hours";
  if (min < 60 * 30) return "within a day";
  return `in about ${Math.round(min / 1440)} days`;
}

/**
 * Multiplicative priors on top of topical relevance, each with the signal that explains it: track
 * record (helped/accepted), recent load (spreads requests), responsiveness, confirmation recency of the
 * matched skill, and time of day where the member lives. Relevance decides *whether* someone fits;
 * priors decide the order among people who fit.
 */
export function priorsFor(m: Member, now: Date, confirmedAt: Date | null, w: PriorWeights, withSignals = true): Prior {
  const signals: MatchSignal[] = [];
  const push = (sig: MatchSignal): void => {
    if (withSignals) signals.push(sig);
  };
  let factor = 1;
  const track = m.stats.helped + m.stats.accepted;
  if (track > 0) {
    const f = 1 + w.activity * Math.log1p(track);
    factor *= f;
    push({ kind: "evidence", weight: f - 1, detail: `helped ${m.stats.helped > 0 ? m.stats.helped : track} time${(m.stats.helped > 0 ? m.stats.helped : track) === 1 ? "" : "s"} before` });
  }
  const cap = Math.max(1, m.availability.weeklyCap);
  const week = offersThisWeek(m, now);
  const lastDay = m.stats.recentOffers.filter((d) => now.getTime() - d.getTime() < DAY_MS && d.getTime() <= now.getTime()).length;
  if (week > 0) {
    const f = Math.max(0.5, 1 - w.load * (week / cap) - 0.05 * lastDay);
    factor *= f;
    push({ kind: "load", weight: f - 1, detail: `asked ${week} time${week === 1 ? "" : "s"} this week` });
  }
  if (m.stats.replies >= 2) {
    const avg = m.stats.replyMinutesTotal / m.stats.replies;
    const f = avg <= 240 ? 1.06 : avg <= 1440 ? 1.02 : 0.93;
    factor *= f;
    push({ kind: "responsiveness", weight: f - 1, detail: `usually replies ${humanMinutes(avg)}` });
  }
  if (m.stats.offers >= 3 && m.stats.noReply / m.stats.offers > 0.5) {
    factor *= 0.85;
    push({ kind: "responsiveness", weight: -0.15, detail: "often doesn't reply" });
  }
  if (confirmedAt) {
    const ageDays = (now.getTime() - confirmedAt.getTime()) / DAY_MS;
    if (ageDays > 730) {
      factor *= 0.85;
      push({ kind: "recency", weight: -0.15, detail: "skill not confirmed for over 2 years" });
    } else if (ageDays > 365) {
      factor *= 0.93;
      push({ kind: "recency", weight: -0.07, detail: "skill not confirmed this year" });
    } else if (ageDays < 90) {
      factor *= 1.02;
      push({ kind: "recency", weight: 0.02, detail: "skill confirmed recently" });
    }
  }
  if (m.timezone) {
    const h = cachedLocalHour(m.timezone, now);
    if (inQuietHours(m.availability.quietHours, h)) {
      factor *= 0.88;
      push({ kind: "timezone", weight: -0.12, detail: "it's night for them now" });
    } else {
      if (h >= 9 && h < 18) {
        factor *= 1.04;
        push({ kind: "timezone", weight: 0.04, detail: "daytime for them now" });
      }
    }
  }
  return { factor, signals };
}
