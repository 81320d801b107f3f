import type { CommunityId, MemberId } from "../ids.js";

export interface CommunitySettings {
  /** Candidates offered a request per round. */
  candidatesPerRound: number;
  /** Rounds of offers before the bot suggests a channel post instead. */
  maxRounds: number;
  /** Minutes to wait for a reply before widening to the next candidates. */
  offerWaitMinutes: number;
  /** Hours after an intro before the asker is asked "did you get help?". */
  followUpHours: number;
  /** Days after which unconfirmed skills earn an inactivity nudge. */
  nudgeAfterDays: number;
  /** Minimum days between two nudges to the same member. */
  nudgeIntervalDays: number;
  /** Hours after joining before a member with no skills gets the onboarding DM. */
  onboardingDelayHours: number;
  /** Most proactive DMs (nudges, onboarding) the bot sends in this community per day. */
  dailyDmCap: number;
  /** Weekly admin digest (opt-in). */
  digestEnabled: boolean;
  /**
   * Who asked for the digest in chat (`/knowhow settings digest on`): platform admins are not stored, so this is how
   * it reaches them. It also goes to `adminIds`.
   */
  digestTo: MemberId[];
  /** Channel for "post to a channel instead" when the request did not come from one. */
  defaultChannelId: string | null;
  /** Community-specific aliases, normalised term → canonical key ("gh actions" → "github actions"). */
  aliases: Record<string, string>;
  /**
   * Internal, not an admin setting: the SKILL_KEYS_VERSION the stored skill keys were last brought up to date with
   * ("" before the first time), so that start-up re-keys a community only after the built-in aliases changed.
   */
  skillKeysVersion: string;
}

export const DEFAULT_COMMUNITY_SETTINGS: CommunitySettings = {
  candidatesPerRound: 2,
  maxRounds: 3,
  offerWaitMinutes: 240,
  followUpHours: 24,
  nudgeAfterDays: 90,
  nudgeIntervalDays: 30,
  onboardingDelayHours: 24,
  dailyDmCap: 200,
  digestEnabled: false,
  digestTo: [],
  defaultChannelId: null,
  aliases: {},
  skillKeysVersion: "",
};

/**
 * The longest lists a community keeps, the same in every store (MongoDB's schema refuses four times these, as a
 * backstop): past them the use cases refuse with a friendly answer instead of a write that fails in one store only.
 */
export const COMMUNITY_LIMITS = { aliases: 500, digestTo: 25, adminIds: 250 } as const;

export interface Community {
  id: CommunityId;
  name: string;
  settings: CommunitySettings;
  /** Members who may change settings and read reports in addition to platform admins. */
  adminIds: MemberId[];
  createdAt: Date;
  updatedAt: Date;
}
