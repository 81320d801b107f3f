import { LEVEL_LABEL } from "../core/domain/skill.js";
import type { MatchSignal } from "../core/ports/matcher.port.js";
import type { IndexedSkill } from "./profile.js";
import type { QueryTerm } from "./query.js";

/** How one declared skill matched, in plain words: "declared *SEO* (expert)", "… related to “proofreading”". */
export function skillDetail(s: IndexedSkill, pf: { via: QueryTerm["via"]; from: string }): string {
  const level = s.level === "expert" ? ` (${LEVEL_LABEL.expert})` : s.level === "learning" ? ` (${LEVEL_LABEL.learning})` : "";
  const base = `declared *${s.label}*${level}`;
  const from = pf.from.trim();
  switch (pf.via) {
    case "alias":
      return from && from !== s.label.toLowerCase() ? `${base} — “${from}” means ${s.key}` : base;
    case "related":
      return from ? `${base}, related to “${from}”` : base;
    case "field":
      return from ? `${base}, same field as “${from}”` : base;
    case "typo":
      return from ? `${base} (you wrote “${from}”)` : base;
    case "semantic":
      return from ? `${base}, close to “${from}”` : `${base}, close in meaning`;
    default:
      return base;
  }
}

/**
 * One plain-language line from the signals that produced a suggestion: the topical reasons first
 * (skills, profile, feedback), then at most two availability notes with a positive effect.
 */
export function explain(signals: readonly MatchSignal[]): string {
  const topical = signals.filter((s) => s.kind === "skill" || s.kind === "about" || s.kind === "feedback" || (s.kind === "evidence" && s.weight > 0));
  const availability = signals.filter((s) => (s.kind === "responsiveness" || s.kind === "timezone") && s.weight > 0).slice(0, 2);
  const parts = [...topical.slice(0, 3), ...availability].map((s) => s.detail);
  return [...new Set(parts)].join(" · ");
}
