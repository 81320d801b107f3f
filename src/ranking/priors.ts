import { inQuietHours, offersThisWeek, offersWithin } from "../core/domain/availability.js";
import type { IndexedMember } from "./indexed-member.js";
import type { MatchSignal } from "../core/ports/matcher.port.js";

const DAY_MS = 24 * 3600_000;

export interface PriorWeights {
  /** Strength of the track record: factor (1 + helped)^activity. */
  activity: number;
  /** Largest reduction for a member already asked up to their weekly cap. */
  load: number;
  responsiveness: number;
  recency: number;
  timezone: number;
  /** Strength of recent help (who is around and helping now): factor 1 + recentHelp × ln(1 + decayed count). */
  recentHelp: number;
}

export const DEFAULT_PRIORS: PriorWeights = { activity: 0.35, load: 0.3, responsiveness: 0.15, recency: 0.1, timezone: 0.12, recentHelp: 0.5 };

/** Half-life of a help's weight in the recent-help prior: a help 30 days ago counts half, 60 days a quarter. */
export const RECENT_HELP_HALF_LIFE_DAYS = 30;

/**
 * Recent help as one decayed count measured at the member's newest help: Σ 2^(−age / half-life) over the
 * distinct requests they helped with or accepted; null if none. Kept as (mass, time) it decays exactly:
 * mass(t) = mass(t0) × 2^(−(t − t0) / half-life) — see `decayedHelp`.
 */
export function recentHelp(m: IndexedMember): { mass: number; atMs: number } | null {
  const times = m.helpTimesMs;
  if (times.length === 0) return null;
  const atMs = Math.max(...times);
  let mass = 0;
  for (const t of times) mass += 2 ** (-(atMs - t) / (RECENT_HELP_HALF_LIFE_DAYS * DAY_MS));
  return { mass, atMs };
}

/** A mass measured at `atMs`, decayed to `nowMs` (no growth for a clock behind the evidence). */
export function decayedHelp(mass: number, atMs: number, nowMs: number): number {
  return mass === 0 ? 0 : mass * 2 ** (-Math.max(0, nowMs - atMs) / (RECENT_HELP_HALF_LIFE_DAYS * DAY_MS));
}

/** The recent-help multiplier for a decayed count (shared by candidate selection and the final score). */
export function recentHelpFactor(decayed: number, w: PriorWeights): number {
  return 1 + w.recentHelp * Math.log1p(decayed);
}

export interface Prior {
  /** Multiplier on the member's relevance (1 = neutral). */
  factor: number;
  signal: MatchSignal | null;
}

/**
 * Priors that rank among members who fit: track record (help given), load spreading (requests this week),
 * responsiveness (reply rate and speed), recency of confirmed skills, and timezone (daytime now). Each
 * returns a multiplier and the plain-language signal shown in the explanation when it matters.
 */
export function priors(m: IndexedMember, now: Date, w: PriorWeights, signals = true): Prior[] {
  return [activity(m, w, signals), recentHelpPrior(m, now, w, signals), load(m, now, w, signals), responsiveness(m, w), recency(m, now, w), timezone(m, now, w)];
}

/** The product of the priors' factors (what ranking needs; the signals' texts are built only for suggestions shown). */
export function priorFactor(m: IndexedMember, now: Date, w: PriorWeights): number {
  let f = 1;
  for (const p of priors(m, now, w, false)) f *= p.factor;
  return f;
}

function activity(m: IndexedMember, w: PriorWeights, signals: boolean): Prior {
  const helped = m.stats.helped;
  const factor = (1 + helped) ** w.activity;
  return { factor, signal: signals && helped > 0 ? { kind: "evidence", weight: 0, detail: `has helped ${helped} ${helped === 1 ? "person" : "people"} here` } : null };
}

/**
 * Recent help lifts members who are around and helping now. Load still spreads requests among comparable
 * helpers (the load prior multiplies this one), and the member's weekly cap is a hard limit.
 */
function recentHelpPrior(m: IndexedMember, now: Date, w: PriorWeights, signals: boolean): Prior {
  if (w.recentHelp === 0) return { factor: 1, signal: null };
  const r = recentHelp(m);
  if (!r) return { factor: 1, signal: null };
  const factor = recentHelpFactor(decayedHelp(r.mass, r.atMs, now.getTime()), w);
  if (!signals) return { factor, signal: null };
  let month = 0;
  for (const t of m.helpTimesMs) if (now.getTime() - t <= 30 * DAY_MS) month++;
  return { factor, signal: month > 0 ? { kind: "evidence", weight: 0, detail: `helped ${month === 1 ? "someone" : `${month} people`} in the last month` } : null };
}

function load(m: IndexedMember, now: Date, w: PriorWeights, signals: boolean): Prior {
  const n = offersThisWeek(m, now);
  if (n === 0) return { factor: 1, signal: null };
  const share = Math.min(1, n / Math.max(1, m.availability.weeklyCap));
  const last24h = offersWithin(m, now, DAY_MS);
  const factor = Math.max(0.4, 1 - w.load * share - 0.1 * Math.min(2, last24h));
  return { factor, signal: !signals ? null : { kind: "load", weight: 0, detail: `asked ${n}× this week` } };
}

function responsiveness(m: IndexedMember, w: PriorWeights): Prior {
  const s = m.stats;
  if (s.offers === 0) return { factor: 1, signal: null };
  // Smoothed reply rate (a new member starts neutral) and speed.
  const replyRate = (s.replies + 1) / (s.offers + 2);
  const avg = s.replies > 0 ? s.replyMinutesTotal / s.replies : null;
  const speed = avg === null ? 0 : avg <= 60 ? 1 : avg <= 24 * 60 ? 0.4 : -0.5;
  const factor = Math.max(0.5, 1 + w.responsiveness * (2 * (replyRate - 0.5) + 0.5 * speed));
  const detail = avg === null ? null : avg <= 60 ? "usually replies within an hour" : avg <= 24 * 60 ? "usually replies within a day" : null;
  return { factor, signal: detail ? { kind: "responsiveness", weight: 0, detail } : null };
}

function recency(m: IndexedMember, now: Date, w: PriorWeights): Prior {
  if (m.confirmedMs === null) return { factor: 1, signal: null };
  const days = (now.getTime() - m.confirmedMs) / DAY_MS;
  const factor = days <= 90 ? 1 + w.recency * 0.3 : days <= 365 ? 1 : 1 - w.recency;
  return { factor, signal: days <= 30 ? { kind: "recency", weight: 0, detail: "skills confirmed this month" } : null };
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();
/** Last hour computed per timezone, valid for the rest of that UTC minute (every offset is whole minutes). */
const hours = new Map<string, { minute: number; hour: number | null }>();

/** The local hour in a timezone (formatters and the current minute's answer cached: formatting costs microseconds); null if invalid. */
export function localHourCached(tz: string, now: Date): number | null {
  const minute = Math.floor(now.getTime() / 60_000);
  const hit = hours.get(tz);
  if (hit && hit.minute === minute) return hit.hour;
  let f = formatters.get(tz);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "numeric", hourCycle: "h23" });
    } catch {
      f = null;
    }
    if (formatters.size < 1000) formatters.set(tz, f);
  }
  const hour = f ? Number.parseInt(f.format(now), 10) % 24 : null;
  if (formatters.has(tz)) hours.set(tz, { minute, hour });
  return hour;
}

function timezone(m: IndexedMember, now: Date, w: PriorWeights): Prior {
  if (!m.timezone) return { factor: 1, signal: null };
  const h = localHourCached(m.timezone, now);
  if (h === null) return { factor: 1, signal: null };
  if (inQuietHours(m.availability.quietHours, h)) return { factor: 1 - w.timezone, signal: { kind: "timezone", weight: 0, detail: "it's night for them now" } };
  if (h >= 9 && h < 18) return { factor: 1 + w.timezone * 0.4, signal: { kind: "timezone", weight: 0, detail: "it's daytime for them" } };
  return { factor: 1, signal: null };
}
