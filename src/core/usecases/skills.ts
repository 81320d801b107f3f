import type { Member } from "../domain/member.js";
import type { Skill, SkillInput, SkillSource } from "../domain/skill.js";
import { UserError } from "../errors.js";
import type { MemberId } from "../ids.js";
import type { SpellingHint } from "../ports/matcher.port.js";
import { skillKey, foldText, type AliasTable } from "../skills/normalize.js";
import { parseSkillLine, validateSkillItem } from "../skills/parse.js";
import { cleanText, LIMITS, validateAbout } from "../text.js";
import type { Actor, CoreDeps } from "./context.js";
import type { MemberService } from "./members.js";

/** What an import row did to a member (see `SkillService.importProfile`). */
export type ImportOutcome = "created" | "updated" | "unchanged" | "kept" | "departed";

export interface SkillChange {
  member: Member;
  added: Skill[];
  /** Skills that existed and had their level or wording changed (re-confirmed). */
  updated: Skill[];
  removed: Skill[];
  /** Labels asked to remove that the member did not have. */
  notFound: string[];
  /** Added skills whose wording looks misspelt, with the matcher's suggestion (the reply asks "did you mean…?"). */
  spelling: SpellingHint[];
  /**
   * Wordings typed in one list that are the same skill as a later one ("ML, machine learning"): the skill is kept once,
   * under its last wording (`into`), and the reply says so rather than adding one and updating the other.
   */
  merged: Array<{ label: string; into: string }>;
  /** What happened to the about line (the edit form sends it along with the skills); null when it was not touched. */
  about: "saved" | "cleared" | null;
}

/** Declaring, editing and removing skills. */
export class SkillService {
  constructor(private readonly d: CoreDeps, private readonly members: MemberService) {}

  /** Adds skills from a typed line (`SEO, copywriting (expert), learning react`) or structured input. */
  async add(actor: Actor, input: string | SkillInput[], source: SkillSource = "declared"): Promise<SkillChange> {
    const seen = new Set<string>();
    const items = typeof input === "string" ? parseSkillLine(input) : input.map((it) => validateSkillItem(it.label, it.level, seen));
    if (items.length === 0) throw new UserError("empty", "Please list at least one skill.", "skills");
    const aliases = (await this.members.enter(actor)).community.settings.aliases;
    if (source === "declared") await this.markOwned(actor);
    const now = this.d.clock.now();
    const added: Skill[] = [];
    const updated: Skill[] = [];
    let typed: Array<{ label: string; key: string }> = [];
    const member = await this.members.update(actor.memberId, (m) => {
      added.length = 0;
      updated.length = 0;
      typed = [];
      const skills = [...m.skills];
      for (const it of items) {
        const key = skillKey(it.label, aliases);
        typed.push({ label: it.label, key });
        const i = skills.findIndex((s) => s.key === key);
        const existing = i >= 0 ? skills[i] : undefined;
        if (existing) {
          // An imported/evidence skill re-declared by the member becomes theirs.
          const next: Skill = { ...existing, label: it.label, level: it.level, confirmedAt: now, source: source === "declared" ? "declared" : existing.source };
          skills[i] = next;
          // A skill named twice in this list is reported once, as added or updated, under its last wording.
          const a = added.findIndex((s) => s.key === key);
          const u = updated.findIndex((s) => s.key === key);
          if (a >= 0) added[a] = next;
          else if (u >= 0) updated[u] = next;
          else updated.push(next);
        } else {
          const s: Skill = { label: it.label, key, level: it.level, source, addedAt: now, confirmedAt: now };
          skills.push(s);
          added.push(s);
        }
      }
      if (skills.length > LIMITS.skillsPerMember) {
        throw new UserError("too_long", `That would make ${skills.length} skills; the limit is ${LIMITS.skillsPerMember}. Remove a few first (\`/skills remove …\`).`, "skills");
      }
      return { ...m, skills, ...(source === "declared" ? { profileConfirmedAt: now } : {}) };
    });
    const last = new Map(typed.map((t) => [t.key, t.label]));
    const merged = typed.flatMap((t) => (last.get(t.key) === t.label ? [] : [{ label: t.label, into: last.get(t.key) ?? t.label }]));
    return { member, added, updated, removed: [], notFound: [], spelling: source === "declared" ? await this.spellingOf(actor, added, aliases) : [], merged, about: null };
  }

  /** Removes skills by label or key (comma-separated); unknown ones are reported, not an error. */
  async remove(actor: Actor, labels: string): Promise<SkillChange> {
    const wanted = labels.split(/[,;\n]+/).map((l) => l.trim()).filter(Boolean);
    if (wanted.length === 0) throw new UserError("empty", "Which skill should I remove? e.g. `/skills remove SEO`.", "skills");
    const aliases = (await this.members.enter(actor)).community.settings.aliases;
    await this.markOwned(actor);
    const now = this.d.clock.now();
    const removed: Skill[] = [];
    const notFound: string[] = [];
    const member = await this.members.update(actor.memberId, (m) => {
      removed.length = 0;
      notFound.length = 0;
      let skills = [...m.skills];
      for (const w of wanted) {
        const key = skillKey(w, aliases);
        const folded = foldText(w);
        const hit = skills.filter((s) => s.key === key || foldText(s.label) === folded);
        if (hit.length === 0) notFound.push(w);
        removed.push(...hit);
        skills = skills.filter((s) => !hit.includes(s));
      }
      return { ...m, skills: owned(skills), profileConfirmedAt: now };
    });
    return { member, added: [], updated: [], removed, notFound, spelling: [], merged: [], about: null };
  }

  /**
   * Replaces the whole skill list (the edit modal / playground form). Skills that keep their key keep
   * their added date; all are confirmed now. Optionally replaces the about text. Only skills whose wording or level
   * changed count as updated, so a form saved for its about line says that, not "updated every skill".
   */
  async replace(actor: Actor, items: SkillInput[], about?: string): Promise<SkillChange> {
    const cleanAbout = about === undefined ? undefined : validateAbout(about);
    const { aliases, seen } = await this.checkList(actor, items);
    items = [...seen.values()];
    await this.members.enter(actor);
    await this.markOwned(actor);
    const now = this.d.clock.now();
    let before: Skill[] = [];
    let aboutBefore = "";
    const member = await this.members.update(actor.memberId, (m) => {
      before = m.skills;
      aboutBefore = m.about;
      const skills: Skill[] = [];
      for (const it of items) {
        const key = skillKey(it.label, aliases);
        const old = m.skills.find((s) => s.key === key);
        skills.push({ label: it.label, key, level: it.level, source: old?.source === "evidence" || old?.source === "imported" ? "declared" : (old?.source ?? "declared"), addedAt: old?.addedAt ?? now, confirmedAt: now });
      }
      return { ...m, skills, about: cleanAbout ?? m.about, profileConfirmedAt: now };
    });
    const beforeByKey = new Map(before.map((s) => [s.key, s]));
    const added = member.skills.filter((s) => !beforeByKey.has(s.key));
    const changed = (s: Skill) => {
      const old = beforeByKey.get(s.key);
      return old !== undefined && (old.label !== s.label || old.level !== s.level);
    };
    return {
      member,
      added,
      updated: member.skills.filter(changed),
      removed: before.filter((s) => !seen.has(s.key)),
      notFound: [],
      spelling: await this.spellingOf(actor, added, aliases),
      merged: [],
      about: cleanAbout === undefined || cleanAbout === aboutBefore ? null : cleanAbout === "" ? "cleared" : "saved",
    };
  }

  /**
   * An operator's import row (`knowhow import`). A member's own word wins over a file: once they have edited or
   * confirmed their profile themselves (`ownedKey`, or a skill of theirs is "declared"), it is left as it is ("kept"); a member who left
   * is not brought back. Otherwise the file's skills replace the imported ones, and its about line the about line when
   * given. An import is no confirmation by the member: a skill the file repeats keeps its dates.
   */
  async importProfile(actor: Actor, items: SkillInput[], about?: string): Promise<{ outcome: ImportOutcome; member: Member }> {
    const cleanAbout = about === undefined ? undefined : validateAbout(about);
    const { seen } = await this.checkList(actor, items);
    const existing = await this.d.store.getMember(actor.memberId);
    if (existing?.departed) return { outcome: "departed", member: existing };
    if (existing && (existing.skills.some((s) => s.source === "declared") || (await this.d.store.hasClaimed(ownedKey(existing.id))))) {
      return { outcome: "kept", member: existing };
    }
    if (!existing) await this.members.enter(actor);
    const now = this.d.clock.now();
    const name = actor.displayName?.trim();
    let same = false;
    const member = await this.members.update(actor.memberId, (m) => {
      const skills: Skill[] = [...seen].map(([key, it]) => {
        const old = m.skills.find((s) => s.key === key);
        return old && old.label === it.label && old.level === it.level ? old : { label: it.label, key, level: it.level, source: "imported", addedAt: old?.addedAt ?? now, confirmedAt: now };
      });
      // Skills that came another way (evidence of help) stay.
      skills.push(...m.skills.filter((s) => s.source !== "imported" && !seen.has(s.key)));
      // A name corrected in the file is taken too (as `members.enter` does for a new member).
      const next = { ...m, skills, about: cleanAbout ?? m.about, displayName: name ? cleanText(name).slice(0, LIMITS.displayName) : m.displayName };
      same = JSON.stringify(next.skills) === JSON.stringify(m.skills) && next.about === m.about && next.displayName === m.displayName;
      return next;
    });
    return { outcome: !existing ? "created" : same ? "unchanged" : "updated", member };
  }

  /**
   * A whole list checked before anything is stored: each item valid, within the limit, and no skill twice (two
   * wordings of one skill are named, so an import row never leaves an empty member behind). Items by key.
   */
  private async checkList(actor: Actor, items: SkillInput[]): Promise<{ aliases: AliasTable; seen: Map<string, SkillInput> }> {
    const checked = new Set<string>();
    const valid = items.map((it) => validateSkillItem(it.label, it.level, checked));
    if (valid.length > LIMITS.skillsPerMember) throw new UserError("too_long", `At most ${LIMITS.skillsPerMember} skills, please.`, "skills");
    const aliases = (await this.members.community(actor.communityId, actor.communityName)).settings.aliases;
    const seen = new Map<string, SkillInput>();
    for (const it of valid) {
      const key = skillKey(it.label, aliases);
      const same = seen.get(key);
      if (same !== undefined) {
        throw new UserError("invalid_input", same.label === it.label ? `“${it.label}” is listed twice.` : `“${same.label}” and “${it.label}” count as the same skill here: keep one of them.`, "skills");
      }
      seen.set(key, it);
    }
    return { aliases, seen };
  }

  /** Records, once, that the member now speaks for their profile (see `ownedKey`). */
  private async markOwned(actor: Actor): Promise<void> {
    await this.d.store.claimOnce(ownedKey(actor.memberId), this.d.clock.now());
  }

  /**
   * Spelling hints for newly added skills; none (logged) if the matcher cannot give them: the skills are saved either
   * way. A wording the community made an alias of ("pyhton = python") is understood: no question about it.
   */
  private async spellingOf(actor: Actor, added: readonly Skill[], aliases: AliasTable): Promise<SpellingHint[]> {
    const asked = added.filter((s) => !Object.hasOwn(aliases, foldText(s.label)));
    if (asked.length === 0 || !this.d.matcher.spellingHints) return [];
    try {
      return await this.d.matcher.spellingHints(actor.communityId, asked.map((s) => s.label));
    } catch (e) {
      this.d.logger.warn({ err: e, communityId: actor.communityId }, "spelling hints failed");
      return [];
    }
  }

  async setAbout(actor: Actor, about: string): Promise<Member> {
    const clean = validateAbout(about);
    await this.members.touch(actor);
    await this.markOwned(actor);
    const now = this.d.clock.now();
    return this.members.update(actor.memberId, (m) => ({ ...m, about: clean, skills: owned(m.skills), profileConfirmedAt: now }));
  }

  /** "Still accurate": confirms every skill now. */
  async confirmAll(actor: Actor): Promise<Member> {
    await this.members.touch(actor);
    await this.markOwned(actor);
    const now = this.d.clock.now();
    return this.members.update(actor.memberId, (m) => ({ ...m, skills: owned(m.skills).map((s) => ({ ...s, confirmedAt: now })), profileConfirmedAt: now }));
  }

  /** A member's profile for `/skills list [@member]`; friendly error if unknown. */
  async profile(id: MemberId): Promise<Member> {
    return this.members.require(id);
  }
}

/**
 * The once-only key recording that a member edited or confirmed their profile themselves: `importProfile` leaves them
 * alone from then on, even when no skill of theirs shows it any more (they removed every imported one).
 */
export const ownedKey = (id: MemberId): string => `profile-owned:${id}`;

/**
 * Skills after the member edited or confirmed their profile themselves: imported ones become theirs ("declared"), so a
 * later import leaves the profile alone (see `importProfile`).
 */
function owned(skills: readonly Skill[]): Skill[] {
  return skills.map((s) => (s.source === "imported" ? { ...s, source: "declared" } : s));
}
