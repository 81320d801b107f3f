/**
 * The core writes commands as Slack takes them, typed text after the command (`/knowhow quiet 21-8`). Discord's
 * slash commands take named options instead (`/knowhow quiet-hours start: 21 end: 8`), and `/skills` alone does not
 * run there. Commands quoted in a message's code spans are rewritten to what a Discord member can type; anything
 * already in Discord's form, or not recognised, is left as it is.
 */
const REWRITES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\/ask (?!question:)(.+)$/, "/ask question: $1"],
  [/^\/skills$/, "/skills edit"],
  [/^\/skills add (?!skills:)(.+)$/, "/skills add skills: $1"],
  [/^\/skills remove (?!skill:)(.+)$/, "/skills remove skill: $1"],
  [/^\/skills list (?:\[(@member)\]|(@\S+))$/, "/skills list member: $1$2"],
  [/^\/knowhow quiet (\d{1,2})-(\d{1,2})$/, "/knowhow quiet-hours start: $1 end: $2"],
  [/^\/knowhow quiet off$/, "/knowhow quiet-hours start: 0 end: 0"],
  [/^\/knowhow cap (?!per_week:)(\S+)$/, "/knowhow cap per_week: $1"],
  [/^\/knowhow pause (?!days:)(\S+)$/, "/knowhow pause days: $1"],
  [/^\/knowhow timezone (?!timezone:)(\S+)$/, "/knowhow timezone timezone: $1"],
  [/^\/knowhow reminders (?!state:)(\S+)$/, "/knowhow reminders state: $1"],
  [/^\/knowhow alias (.+?) = (.+)$/, "/knowhow alias from: $1 to: $2"],
  [/^\/knowhow unalias (?!alias:)(.+)$/, "/knowhow unalias alias: $1"],
  [/^\/knowhow settings (?!name:)(\S+) (.+)$/, "/knowhow settings name: $1 value: $2"],
];

export function discordCommand(command: string): string {
  for (const [re, to] of REWRITES) if (re.test(command)) return command.replace(re, to);
  return command;
}

/** `text` with every quoted command (`/knowhow …` in backticks) in Discord's form. */
export function withDiscordCommands(text: string): string {
  return text.replace(/`(\/(?:ask|skills|knowhow)\b[^`\n]*)`/g, (_m, command: string) => `\`${discordCommand(command)}\``);
}
