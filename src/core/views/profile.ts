import { capFreesAt } from "../domain/availability.js";
import { profileConfirmedAt, type Member } from "../domain/member.js";
import { platformOf, type CommunityId } from "../ids.js";
import { mention, type Message } from "../messages.js";
import { andList, isoDay, listSkills, plural } from "../views/format.js";
import type { SpellingHint } from "../ports/matcher.port.js";
import type { SkillChange } from "../usecases/skills.js";

export function availabilityLine(m: Member, now: Date): string {
  const a = m.availability;
  const parts: string[] = [];
  if (!a.optedIn) parts.push("not suggested to askers (opted out)");
  else if (a.pausedUntil && a.pausedUntil > now) parts.push(`paused until ${isoDay(a.pausedUntil)}`);
  else if (a.weeklyCap === 0) parts.push("not taking requests (weekly cap 0)");
  else {
    const frees = capFreesAt(m, now);
    parts.push(frees ? `at your weekly cap until ${isoDay(frees)}` : "available");
  }
  if (a.weeklyCap > 0) parts.push(`at most ${plural(a.weeklyCap, "request")} a week`);
  parts.push(a.quietHours.start !== a.quietHours.end ? `quiet ${a.quietHours.start}:00–${a.quietHours.end}:00` : "no quiet hours");
  parts.push(m.timezone ? `timezone ${m.timezone}` : "timezone not set");
  if (m.reminders === "never") parts.push("no reminders");
  return parts.join(" · ");
}

export function profileMessage(m: Member, now: Date, self: boolean): Message {
  const fields = [
    { label: "Skills", value: listSkills(m.skills) },
  ];
  if (m.about) fields.push({ label: "About", value: m.about });
  if (self) {
    fields.push({ label: "Availability", value: availabilityLine(m, now) });
    // The date the nudges go by: their own last edit or confirmation.
    if (m.skills.length > 0 || m.profileConfirmedAt) fields.push({ label: "Last confirmed", value: isoDay(profileConfirmedAt(m)) });
  }
  if (m.stats.helped > 0) fields.push({ label: "Helped", value: plural(m.stats.helped, "question") });
  return {
    kind: "skills",
    title: self ? "Your skills" : `${m.displayName}'s skills`,
    text: self ? (m.skills.length ? "Here's what people can ask you about." : "You haven't declared any skills yet. Try `/skills add SEO, copywriting (expert), learning react`.") : `${mention(m.id)} can help with:`,
    fields,
    actions: self ? [{ type: "skills.edit", label: "Edit skills", value: "edit" }] : [],
  };
}

/** What a change did, in words: what was added, updated, removed or not there, and whether the about line was saved. */
export function skillChangeMessage(c: SkillChange): Message {
  // "*machine learning* (“ML” is the same skill)": two wordings typed for one skill are named once.
  const named = (s: { label: string }) => {
    const same = c.merged.filter((x) => x.into === s.label).map((x) => `“${x.label}”`);
    return same.length ? `*${s.label}* (${andList(same)} ${same.length === 1 ? "is" : "are"} the same skill)` : `*${s.label}*`;
  };
  const parts: string[] = [];
  if (c.added.length) parts.push(`Added ${andList(c.added.map(named))}.`);
  if (c.updated.length) parts.push(`Updated ${andList(c.updated.map(named))}.`);
  if (c.removed.length) parts.push(`Removed ${andList(c.removed.map(named))}.`);
  if (c.notFound.length) parts.push(`You didn't have ${andList(c.notFound.map((s) => `“${s}”`))}.`);
  if (c.about) parts.push(c.about === "saved" ? "Saved your about line." : "Cleared your about line.");
  const unchanged = c.added.length + c.updated.length + c.removed.length + c.notFound.length === 0;
  parts.push(unchanged ? `Your skills are unchanged: ${listSkills(c.member.skills)}.` : `Your skills: ${listSkills(c.member.skills)}.`);
  if (c.spelling.length) parts.push(spellingText(c.spelling));
  return { kind: "skills", text: parts.join(" ") };
}

/** "Did you mean *Python* for “Pyhton”? If so, edit your skills to fix it." */
export function spellingText(hints: readonly SpellingHint[]): string {
  return `Did you mean ${andList(hints.map((h) => `*${h.suggestion}* for “${h.label}”`))}? If so, edit your skills to fix ${hints.length === 1 ? "it" : "them"}.`;
}

const ASK_LINE = "*Ask:* `/ask who can help me write a magazine query letter?` — or mention me, or DM me the question.";
/** The playground has no mentions: its message box takes the question, or the command. */
const WEB_ASK_LINE = "*Ask:* `/ask who can help me write a magazine query letter?` — or just send me the question.";

const HELP_INTRO = "*Knowhow* finds the people in this community who can help with your question, asks them privately, and introduces you when they say yes. Nobody else is pinged.";

const ADMIN_LINE = "*Admins:* `/knowhow settings` · `/knowhow settings <name> <value>` · `/knowhow alias gh actions = github actions` · `/knowhow alias` (list) · `/knowhow unalias gh actions` · `/knowhow report`";

export const HELP_TEXT = [
  HELP_INTRO,
  "",
  ASK_LINE,
  "*Your skills:* `/skills add SEO, copywriting (expert), learning react` · `/skills remove SEO` · `/skills list [@member]` · `/skills` to edit",
  "*Availability:* `/knowhow pause 14` · `/knowhow resume` · `/knowhow cap 3` (requests a week) · `/knowhow quiet 21-8` · `/knowhow timezone Europe/Paris` · `/knowhow status` · `/knowhow opt-out` · `/knowhow opt-in` · `/knowhow reminders off`",
  "*Your data:* `/knowhow export` · `/knowhow forget-me`",
  ADMIN_LINE,
].join("\n");

/**
 * Discord's help is the same, plus what only Discord has: importing skills from roles, and commands that work only
 * inside a server. Its renderer writes every quoted command in Discord's form (named options, `/skills edit`).
 */
const DISCORD_HELP_TEXT = [
  HELP_TEXT.replace(ADMIN_LINE, `${ADMIN_LINE} · \`/knowhow import-roles pattern: skill-*\``),
  "Commands work inside a server. In a DM, just write to me: a question, or what you can help with (“I can help with bookkeeping and Etsy SEO”).",
].join("\n");

/** The help, as true as it can be where it is read (`community`: the asker's; none: Slack's). */
export function helpMessage(community?: CommunityId): Message {
  const platform = community ? platformOf(community) : null;
  const text = platform === "web" ? HELP_TEXT.replace(ASK_LINE, WEB_ASK_LINE) : platform === "discord" ? DISCORD_HELP_TEXT : HELP_TEXT;
  return { kind: "info", title: "How Knowhow works", text };
}
