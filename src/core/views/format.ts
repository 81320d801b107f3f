import type { Member } from "../domain/member.js";
import type { Skill, SkillInput } from "../domain/skill.js";
import { LEVEL_LABEL } from "../domain/skill.js";
import { truncate } from "../text.js";

/** “question”, shortened for a one-line quote. */
export function quote(question: string, max = 280): string {
  return `“${truncate(question.replace(/\s+/g, " "), max)}”`;
}

export function skillLine(s: Pick<Skill, "label" | "level">): string {
  return s.level === "can_help" ? s.label : `${s.label} (${LEVEL_LABEL[s.level]})`;
}

export function listSkills(skills: Skill[]): string {
  if (skills.length === 0) return "_no skills yet_";
  const order = { expert: 0, can_help: 1, learning: 2 } as const;
  return [...skills].sort((a, b) => order[a.level] - order[b.level] || a.label.localeCompare(b.label)).map(skillLine).join(", ");
}

/** British-style lists, without a serial comma: “A”, “A and B”, “A, B and C”. */
const AND_LIST = new Intl.ListFormat("en-GB", { style: "long", type: "conjunction" });

/** Items joined as a sentence lists them: “A, B and C”. Every list in a message goes through it. */
export function andList(items: readonly string[]): string {
  return AND_LIST.format(items);
}

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The skills editor's text, one skill per line: the member's own, then `adding` (a list they just typed) without those
 * they already have.
 */
export function editorLines(member: Pick<Member, "skills"> | null, adding: readonly SkillInput[] = []): string {
  const own = member?.skills ?? [];
  const has = new Set(own.map((s) => s.label.toLowerCase()));
  return [...own, ...adding.filter((s) => !has.has(s.label.toLowerCase()))].map(skillLine).join("\n");
}
