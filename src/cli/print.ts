import { MENTION_RE, type Message } from "../core/messages.js";

/** Plain-text rendering of a core message for the terminal. */
export function renderText(m: Message): string {
  const lines: string[] = [];
  if (m.title) lines.push(m.title);
  lines.push(m.text.replace(MENTION_RE, (_s, id: string) => `@${id}`));
  for (const f of m.fields ?? []) lines.push(`${f.label}: ${f.value}`);
  if (m.actions?.length) lines.push(`[${m.actions.map((a) => a.label).join("] [")}]`);
  return lines.join("\n");
}

export function printMessage(m: Message): void {
  console.log(renderText(m));
}
