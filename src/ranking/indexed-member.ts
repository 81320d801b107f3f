import { DEFAULT_AVAILABILITY, type Availability, type Member, type MemberStats } from "../core/domain/member.js";
import { SKILL_LEVELS, SKILL_SOURCES, type Skill } from "../core/domain/skill.js";
import type { MemberId } from "../core/ids.js";

/** A skill as ranking reads it: the member's words, its key and level, where it came from. */
export type ProfileSkill = Readonly<Pick<Skill, "label" | "key" | "level" | "source">>;

/**
 * What the matcher keeps of a member: what ranking, its priors and its explanations read, and nothing else.
 *
 * A member as a store reads one carries a dozen dates (joined, active, nudged, created, updated, and when each
 * skill was added and confirmed), topic lists for every question they were asked about, and per-member copies
 * of the same few strings ("can_help", "declared", "Europe/London"). Kept whole for every member of a 100k
 * community, that was 600 MB of peak RSS (`npm run bench -- speed --members 100000`). This record keeps
 * dates as the one or two numbers ranking needs and the questions they were asked about as plain lists, and
 * shares the strings and settings members have in common.
 */
export interface IndexedMember {
  readonly id: MemberId;
  readonly displayName: string;
  readonly timezone: string | null;
  readonly about: string;
  readonly skills: readonly ProfileSkill[];
  readonly availability: Readonly<Availability>;
  readonly stats: Readonly<Pick<MemberStats, "helped" | "offers" | "replies" | "replyMinutesTotal">> & { readonly recentOffers: readonly Date[] };
  /** When the member last confirmed a skill they can help with (ms), or null if they have none. */
  readonly confirmedMs: number | null;
  /** Questions they helped with or accepted (one per request, most recent first). */
  readonly helpedWith: readonly string[];
  /** Questions they said were not their area (one per request). */
  readonly notTheirArea: readonly string[];
  /** When they last helped with or accepted each distinct request (ms). */
  readonly helpTimesMs: readonly number[];
  readonly departed: boolean;
}

const LEVELS = new Map(SKILL_LEVELS.map((l) => [l, l]));
const SOURCES = new Map(SKILL_SOURCES.map((s) => [s, s]));
/** Timezone names in use (a handful per community, each held once). */
const ZONES = new Map<string, string>();
const ZONES_MAX = 2000;
const NONE: readonly never[] = Object.freeze([]);
type Stats = IndexedMember["stats"];
const NO_STATS: Stats = Object.freeze({ helped: 0, offers: 0, replies: 0, replyMinutesTotal: 0, recentOffers: NONE });
const DEFAULT: Readonly<Availability> = Object.freeze({ ...DEFAULT_AVAILABILITY, quietHours: Object.freeze({ ...DEFAULT_AVAILABILITY.quietHours }) });

function zone(tz: string | null): string | null {
  if (tz === null) return null;
  const held = ZONES.get(tz);
  if (held !== undefined) return held;
  if (ZONES.size < ZONES_MAX) ZONES.set(tz, tz);
  return tz;
}

function availability(a: Availability): Readonly<Availability> {
  const d = DEFAULT;
  const same = a.optedIn === d.optedIn && a.pausedUntil === null && a.weeklyCap === d.weeklyCap && a.quietHours.start === d.quietHours.start && a.quietHours.end === d.quietHours.end;
  return same ? d : { optedIn: a.optedIn, pausedUntil: a.pausedUntil, weeklyCap: a.weeklyCap, quietHours: { start: a.quietHours.start, end: a.quietHours.end } };
}

/** The compact record of a member for the index (see IndexedMember). Nothing in it is shared with `m`'s mutable parts. */
export function indexedMember(m: Member): IndexedMember {
  let confirmedMs: number | null = null;
  for (const s of m.skills) if (s.level !== "learning") confirmedMs = Math.max(confirmedMs ?? -Infinity, s.confirmedAt.getTime());
  // One question per request: saying yes and then being thanked for the same question is one help, not two.
  const helpedWith: string[] = [];
  const notTheirArea: string[] = [];
  const times = new Map<string, number>();
  const notMine = new Set<string>();
  for (const ev of m.evidence) {
    if (ev.kind === "not_my_area" && !notMine.has(ev.requestId)) {
      notMine.add(ev.requestId);
      notTheirArea.push(ev.question);
    }
    if (ev.kind !== "helped" && ev.kind !== "accepted") continue;
    const t = ev.at.getTime();
    const seen = times.get(ev.requestId);
    if (seen === undefined) helpedWith.push(ev.question);
    if ((seen ?? -Infinity) < t) times.set(ev.requestId, t);
  }
  return {
    id: m.id,
    displayName: m.displayName,
    timezone: zone(m.timezone),
    about: m.about,
    skills: m.skills.map((k) => ({ label: k.label, key: k.key, level: LEVELS.get(k.level) ?? k.level, source: SOURCES.get(k.source) ?? k.source })),
    availability: availability(m.availability),
    stats: stats(m.stats),
    confirmedMs,
    helpedWith: helpedWith.length === 0 ? NONE : helpedWith,
    notTheirArea: notTheirArea.length === 0 ? NONE : notTheirArea,
    helpTimesMs: times.size === 0 ? NONE : [...times.values()],
    departed: m.departed,
  };
}

function stats(s: MemberStats): Stats {
  if (s.helped === 0 && s.offers === 0 && s.replies === 0 && s.replyMinutesTotal === 0 && s.recentOffers.length === 0) return NO_STATS;
  return { helped: s.helped, offers: s.offers, replies: s.replies, replyMinutesTotal: s.replyMinutesTotal, recentOffers: s.recentOffers.length === 0 ? NONE : [...s.recentOffers] };
}
