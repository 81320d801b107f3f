/** Discord's message limits (https://discord.com/developers/docs/resources/message#create-message). */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  embedTotal: 6000,
  buttonLabel: 80,
  buttonsPerRow: 5,
  rows: 5,
  threadName: 100,
  choiceName: 100,
  choices: 25,
} as const;

/** Cuts `s` to `max` characters, ending with "…" when something was cut. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  return `${s.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/** Splits long text into pieces of at most `max` characters, preferring line breaks. */
export function splitText(s: string, max: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest.length > max) {
    let cut = rest.lastIndexOf("\n", max);
    if (cut < max / 2) cut = max;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, "");
  }
  if (rest.length > 0 || out.length === 0) out.push(rest);
  return out;
}
