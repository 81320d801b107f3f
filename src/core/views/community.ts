import type { CommunitySettings } from "../domain/community.js";
import type { Community } from "../domain/community.js";
import type { MemberId } from "../ids.js";
import { mention, type Message } from "../messages.js";
import type { AliasChange } from "../usecases/communities.js";
import { andList, plural } from "./format.js";

/** Each admin setting by the name typed to change it, with its current value in words (a channel as `channel` shows it). */
export function settingsFields(s: CommunitySettings, channel = (id: string) => `<#${id}>`): Array<{ label: string; value: string }> {
  return [
    { label: "wait", value: `${s.offerWaitMinutes} minutes before asking the next people` },
    { label: "candidates", value: `up to ${s.candidatesPerRound} people asked per round (more than one only when they fit nearly as well as the best)` },
    { label: "rounds", value: `${s.maxRounds} rounds before suggesting a channel post` },
    { label: "followup", value: `${s.followUpHours} hours after an intro, ask "did you get help?"` },
    { label: "nudge-days", value: `remind members whose skills are older than ${s.nudgeAfterDays} days` },
    { label: "nudge-interval", value: `at most one reminder per member every ${s.nudgeIntervalDays} days, doubling while they go unanswered` },
    { label: "onboarding-hours", value: `welcome new members after ${s.onboardingDelayHours} hours` },
    { label: "daily-cap", value: `${s.dailyDmCap} proactive DMs a day at most` },
    { label: "digest", value: s.digestEnabled ? `weekly admin digest on${s.digestTo.length ? `, sent to ${andList(s.digestTo.map(mention))}` : ""}` : "weekly admin digest off" },
    { label: "channel", value: s.defaultChannelId ? channel(s.defaultChannelId) : "none (questions from DMs can't be posted to a channel)" },
  ];
}

/** Chat messages are clipped by the platforms: a long alias table is cut here, with a count, instead. */
const MAX_LISTED_ALIASES = 50;

/** `/knowhow alias`: the community's own aliases. */
export function aliasesMessage(aliases: ReadonlyArray<readonly [string, string]>): Message {
  if (aliases.length === 0) {
    return { kind: "info", title: "Aliases", text: "No aliases here yet. Add one with `/knowhow alias gh actions = github actions`." };
  }
  const lines = aliases.slice(0, MAX_LISTED_ALIASES).map(([from, to]) => `• ${from} → ${to}`);
  if (aliases.length > MAX_LISTED_ALIASES) lines.push(`… and ${aliases.length - MAX_LISTED_ALIASES} more`);
  return {
    kind: "info",
    title: "Aliases",
    text: `${lines.join("\n")}\nAdd one with \`/knowhow alias gh actions = github actions\`, remove one with \`/knowhow unalias gh actions\`.`,
  };
}

/** What an added alias did, for the admin who typed it (chat and CLI). */
export function aliasAddedText(c: AliasChange): string {
  const moved = c.rekeyed > 0 ? ` Skills of ${plural(c.rekeyed, "member")} moved under “${c.to}”.` : "";
  return `From now on “${c.from}” means “${c.to}” here.${moved}`;
}

/** What a removed alias did, and plainly what it can't undo. */
export function aliasRemovedText(c: AliasChange): string {
  return `“${c.from}” no longer means “${c.to}” here: skills declared as “${c.from}” from now on stay separate. Skills already merged into “${c.to}” while the alias existed stay there — removing it can't split them apart again.`;
}

/** What `/knowhow settings digest on|off` did, for the admin who typed it: the digest is per admin in chat. */
export function digestSetText(c: Community, admin: MemberId): string {
  if (c.settings.digestTo.includes(admin)) {
    // An admin the operator named gets it however they set it: don't offer an "off" that won't stop it.
    const stop = c.adminIds.includes(admin) ? "You get it as one of the Knowhow admins the operator named; they can remove you (`knowhow admins … remove`)." : "`/knowhow settings digest off` to stop.";
    return `Weekly digest on: I'll DM it to you on Monday mornings your time, when people asked something that week — unmatched questions, busiest helpers, skills only one expert has. ${stop}`;
  }
  // Knowhow admins named by the operator (`knowhow admins`) get it as long as it is on: only the operator removes them.
  if (c.settings.digestEnabled && c.adminIds.includes(admin)) return "You'll still get the weekly digest: you are one of this community's Knowhow admins, whom the operator named. Ask them to remove you (`knowhow admins … remove`) if you'd rather not.";
  const others = new Set([...c.adminIds, ...c.settings.digestTo]).size;
  return `I won't send you the weekly digest any more.${c.settings.digestEnabled && others > 0 ? ` It still goes to ${plural(others, "other admin")}.` : ""}`;
}
