/**
 * Which roles are "skill roles" and what skill each stands for. Pure functions.
 *
 * An admin picks a role, or a name pattern: `skill-*` (the `*` part becomes the skill: `skill-python` →
 * "python"), `* helpers`, or a comma-separated list of exact role names. Managed roles (bots,
 * boosters) and @everyone are never imported.
 */
import { isUserError } from "../../../src/core/errors.js";
import { validateSkillLabel } from "../../../src/core/skills/parse.js";

export interface RoleInfo {
  id: string;
  name: string;
  managed: boolean;
}

export interface SkillRole {
  roleId: string;
  roleName: string;
  /** The skill label it maps to. */
  skill: string;
}

export interface RoleSelection {
  roleIds: string[];
  pattern: string | null;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.trim().split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("(.*)");
  return new RegExp(`^${escaped}$`, "i");
}

/** The skill a role name stands for: the `*` part when a pattern matched, else the name; separators become spaces. */
function skillLabel(name: string, captured: string | undefined): string {
  const base = captured && captured.trim() ? captured : name;
  return base.replace(/[-_]+/g, " ").replace(/\s+/g, " ").trim();
}

export function selectSkillRoles(roles: RoleInfo[], guildId: string, sel: RoleSelection): { roles: SkillRole[]; rejected: Array<{ roleName: string; reason: string }> } {
  const out: SkillRole[] = [];
  const rejected: Array<{ roleName: string; reason: string }> = [];
  const pattern = sel.pattern?.trim() || null;
  const names = pattern && !pattern.includes("*") ? new Set(pattern.split(",").map((n) => n.trim().toLowerCase()).filter(Boolean)) : null;
  const re = pattern?.includes("*") ? globToRegExp(pattern) : null;
  for (const r of roles) {
    if (r.id === guildId || r.managed) continue;
    let captured: string | undefined;
    let hit = sel.roleIds.includes(r.id);
    if (!hit && names) hit = names.has(r.name.toLowerCase());
    if (re) {
      const m = r.name.match(re);
      if (m) {
        hit = true;
        captured = m.slice(1).join(" ");
      }
    }
    if (!hit) continue;
    try {
      out.push({ roleId: r.id, roleName: r.name, skill: validateSkillLabel(skillLabel(r.name, captured), "can_help").label });
    } catch (e) {
      if (!isUserError(e)) throw e;
      rejected.push({ roleName: r.name, reason: e.message });
    }
  }
  return { roles: out, rejected };
}
