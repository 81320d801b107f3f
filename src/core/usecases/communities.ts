import { COMMUNITY_LIMITS, type Community, type CommunitySettings } from "../domain/community.js";
import { shareableQuestion } from "../domain/request.js";
import { UserError } from "../errors.js";
import type { Member } from "../domain/member.js";
import { parseMemberId, type CommunityId, type MemberId } from "../ids.js";
import { mention, type Message } from "../messages.js";
import type { Skill, SkillLevel } from "../domain/skill.js";
import { BUILTIN_ALIASES } from "../skills/aliases.js";
import { foldText, SKILL_KEYS_VERSION, skillKey, type AliasTable } from "../skills/normalize.js";
import { andList, plural, quote } from "../views/format.js";
import type { Actor, CoreDeps } from "./context.js";
import { MemberTally, type SkillCount } from "./member-tally.js";
import type { MemberService } from "./members.js";

export interface CommunityReport {
  communityId: CommunityId;
  since: Date;
  questions: number;
  connected: number;
  resolved: number;
  /** Questions asked in public that nobody fitted, grouped by their main topic, most frequent first. */
  unmatchedByTopic: Array<{ topic: string; count: number; examples: string[] }>;
  /** Questions asked privately (DM, private channel) that nobody fitted: counted only, their topics are never shown. */
  unmatchedPrivately: number;
  /** Members who accepted the most intro requests in the period. */
  busiestHelpers: Array<{ memberId: MemberId; accepted: number }>;
  /** Skills that exactly one member declares at expert level (and nobody else can help with). */
  singleExpertSkills: Array<{ skill: string; memberId: MemberId }>;
  members: number;
  membersWithSkills: number;
}

/** What a caller of `CommunityService.overview` may do during its one read of the members. */
export interface MemberPassHooks {
  /** Sees each member as it is read (departed ones too). */
  onMember?: (m: Member) => void;
  /** Runs between pages of members (not after the last). */
  afterPage?: () => Promise<void>;
}

const SETTING_NAMES: Record<string, keyof CommunitySettings> = {
  "wait": "offerWaitMinutes",
  "candidates": "candidatesPerRound",
  "rounds": "maxRounds",
  "followup": "followUpHours",
  "nudge-days": "nudgeAfterDays",
  "nudge-interval": "nudgeIntervalDays",
  "onboarding-hours": "onboardingDelayHours",
  "daily-cap": "dailyDmCap",
  "digest": "digestEnabled",
  "channel": "defaultChannelId",
};

const NUMERIC_RANGE: Partial<Record<keyof CommunitySettings, [number, number]>> = {
  offerWaitMinutes: [5, 10_080],
  candidatesPerRound: [1, 5],
  maxRounds: [1, 10],
  followUpHours: [1, 720],
  nudgeAfterDays: [7, 730],
  nudgeIntervalDays: [1, 365],
  onboardingDelayHours: [0, 720],
  dailyDmCap: [0, 10_000],
};

/**
 * Reads one setting as typed (`wait 60`, `digest on`, `channel <#C1|help>`): the one validator behind
 * `/knowhow settings` and the operators' `knowhow settings`.
 */
export function parseSetting(name: string, rawValue: string): Partial<CommunitySettings> {
  const typed = name.trim().toLowerCase();
  // Own names only: "constructor" is not a setting.
  const key = Object.hasOwn(SETTING_NAMES, typed) ? SETTING_NAMES[typed] : undefined;
  if (!key) throw new UserError("invalid_input", `Unknown setting “${name.slice(0, 30)}”. Settings: ${CommunityService.settingNames.join(", ")}.`, "setting");
  const value = rawValue.trim();
  if (key === "digestEnabled") {
    if (!/^(on|off|true|false|yes|no)$/i.test(value)) throw new UserError("invalid_input", "Use `on` or `off` for the digest.", "value");
    return { digestEnabled: /^(on|true|yes)$/i.test(value) };
  }
  if (key === "defaultChannelId") {
    const id = value.replace(/^<#([A-Za-z0-9]+)(\|[^>]*)?>$/, "$1");
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id) && id !== "none") throw new UserError("invalid_input", "Mention the channel: type # and pick it from the list so it becomes a link (a plain “#help” is only text), or write `none`.", "value");
    return { defaultChannelId: id === "none" ? null : id };
  }
  const n = Number(value);
  const [lo, hi] = NUMERIC_RANGE[key] ?? [0, Number.MAX_SAFE_INTEGER];
  if (!Number.isInteger(n) || n < lo || n > hi) throw new UserError("invalid_input", `${name} must be a whole number from ${lo} to ${hi}.`, "value");
  return { [key]: n };
}

/**
 * The operator at the command line (`knowhow settings`, `knowhow alias`): whoever runs the CLI owns the store,
 * so they may change any existing community as its admins can.
 */
export interface Operator {
  operator: true;
  communityId: CommunityId;
}

export function operator(communityId: CommunityId): Operator {
  return { operator: true, communityId };
}

export interface AliasChange {
  community: Community;
  /** The folded term and what it now means (or meant, when removed): the end of any chain it joined. */
  from: string;
  to: string;
  /** Members whose stored skills moved under the new key. */
  rekeyed: number;
}

/** Community settings (admins only) and reports. */
export class CommunityService {
  constructor(private readonly d: CoreDeps, private readonly members: MemberService) {}

  /** The names an admin types in `/knowhow settings <name> <value>`. */
  static readonly settingNames = Object.keys(SETTING_NAMES);

  async get(id: CommunityId): Promise<Community> {
    return this.members.community(id);
  }

  /**
   * Changes one setting by its command name; validates the value. Admins (or the operator) only. `digest on|off` from
   * an admin in chat is for them: the digest goes to each admin who turned it on (platform admins are not stored
   * otherwise), and stays on while anyone still gets it; from the operator it turns the digest on or off for the
   * community's recipients.
   */
  async setSetting(by: Actor | Operator, name: string, rawValue: string): Promise<Community> {
    await this.requireAdmin(by);
    let patch = parseSetting(name, rawValue);
    if (patch.digestEnabled !== undefined && !("operator" in by)) {
      const c = await this.members.community(by.communityId);
      const others = c.settings.digestTo.filter((id) => id !== by.memberId);
      const digestTo = patch.digestEnabled ? [...others, by.memberId] : others;
      if (digestTo.length > COMMUNITY_LIMITS.digestTo && digestTo.length > c.settings.digestTo.length) {
        throw new UserError("invalid_input", `The digest already goes to ${COMMUNITY_LIMITS.digestTo} people who asked for it in chat, the most it can: it can't be added for you.`, "value");
      }
      // "off" stops it for this admin only: it never turns on a digest the operator turned off.
      patch = { digestTo, digestEnabled: patch.digestEnabled || (c.settings.digestEnabled && (digestTo.length > 0 || c.adminIds.length > 0)) };
    }
    const updated = await this.d.store.updateCommunity(by.communityId, { settings: patch }, this.d.clock.now());
    if (!updated) throw new UserError("not_found", "I don't know this community yet.");
    return updated;
  }

  /**
   * Adds or removes Knowhow admins (`adminIds`: they may change settings and read reports besides the platform's
   * admins, and get the digest when it is on). Admins (or the operator) only. Only members of the community known to
   * Knowhow can be added. Members are named as an operator knows them: by id (`web:demo:grace`), by the platform's id
   * within the community (`grace`) or by display name (`Grace Hill`; see `findMembers`). Returns the community.
   */
  async changeAdmins(by: Actor | Operator, change: { add?: string[]; remove?: string[] }): Promise<Community> {
    await this.requireAdmin(by);
    const c = await this.members.community(by.communityId);
    const add = await this.findMembers(by.communityId, change.add ?? []);
    // An admin who is no longer a member (left, forgotten) can still be removed by id.
    const remove = await this.findMembers(by.communityId, change.remove ?? [], c.adminIds);
    const adminIds = [...new Set([...c.adminIds, ...add])].filter((id) => !remove.includes(id));
    if (adminIds.length > COMMUNITY_LIMITS.adminIds && adminIds.length > c.adminIds.length) {
      throw new UserError("invalid_input", `${by.communityId} can have at most ${COMMUNITY_LIMITS.adminIds} Knowhow admins (it has ${c.adminIds.length}): remove some first.`, "admins");
    }
    const updated = await this.d.store.updateCommunity(by.communityId, { adminIds }, this.d.clock.now());
    if (!updated) throw new UserError("not_found", "I don't know this community yet.");
    return updated;
  }

  /** The community's Knowhow admins with their display names (null: no longer a member). Admins (or the operator) only. */
  async admins(by: Actor | Operator): Promise<Array<{ id: MemberId; displayName: string | null }>> {
    await this.requireAdmin(by);
    const c = await this.members.community(by.communityId);
    const known = new Map((await this.d.store.getMembers(c.adminIds)).filter((m) => !m.departed).map((m) => [m.id, m.displayName]));
    return c.adminIds.map((id) => ({ id, displayName: known.get(id) ?? null }));
  }

  /**
   * Members of the community named by id, by the platform's id within the community, or by display name (any case and
   * accents; it must name exactly one member). Ids in `listed` count even when they name no member any more. A name
   * that fits nobody, or several members, is refused with the ids to use instead.
   */
  async findMembers(communityId: CommunityId, refs: readonly string[], listed: readonly MemberId[] = []): Promise<MemberId[]> {
    const found: MemberId[] = [];
    const names: string[] = [];
    for (const raw of refs) {
      const ref = raw.trim();
      const id = parseMemberId(ref) ? ref : parseMemberId(`${communityId}:${ref}`) ? `${communityId}:${ref}` : null;
      const member = id ? await this.d.store.getMember(id) : null;
      if (id && (listed.includes(id) || (member && member.communityId === communityId && !member.departed))) found.push(id);
      else names.push(ref);
    }
    if (names.length === 0) return found;
    const byName = new Map<string, Member[]>();
    let example: Member | null = null;
    let after: string | null = null;
    do {
      const page = await this.d.store.listMembers(communityId, { after, limit: 500 });
      for (const m of page.members) {
        if (m.departed) continue;
        example ??= m;
        const key = foldText(m.displayName);
        byName.set(key, [...(byName.get(key) ?? []), m]);
      }
      after = page.next;
    } while (after);
    for (const name of names) {
      const hits = byName.get(foldText(name)) ?? [];
      if (hits.length === 1) {
        found.push(hits[0]!.id);
        continue;
      }
      const shown = `“${name.slice(0, 60)}”`;
      if (hits.length > 1) {
        throw new UserError("invalid_input", `${shown} is the name of ${hits.length} members of ${communityId}: ${andList(hits.slice(0, 5).map((m) => m.id))}. Give the id of the one you mean.`, "member");
      }
      const hint = example ? `: name them by id (e.g. ${example.id}) or by display name (e.g. “${example.displayName}”)` : "";
      throw new UserError("not_found", `${shown} is not a member of ${communityId} that Knowhow knows${hint}.`, "member");
    }
    return found;
  }

  /** The community's own aliases, sorted by term. Admins (or the operator) only. */
  async aliases(by: Actor | Operator): Promise<Array<[from: string, to: string]>> {
    await this.requireAdmin(by);
    const c = await this.members.community(by.communityId);
    return Object.entries(c.settings.aliases).sort(([a], [b]) => a.localeCompare(b));
  }

  /**
   * Adds a community-specific alias ("gh actions" → "github actions") and moves stored skills under it. Admins
   * (or the operator) only. The table stays flat, because skillKey resolves one step: the target is first
   * resolved through the aliases already known (so `a = b` after `b = c` stores a → c), and aliases that
   * pointed at the term now point where it does. A term mapped to itself, directly or round a chain, is refused.
   */
  async addAlias(by: Actor | Operator, from: string, to: string): Promise<AliasChange> {
    await this.requireAdmin(by);
    const f = foldText(from);
    const t = foldText(to);
    if (!f || !t || f.length > 60 || t.length > 60) throw new UserError("invalid_input", "Aliases are two short skill names, e.g. `alias gh actions = github actions`.", "alias");
    if (f === t) throw new UserError("invalid_input", `“${f}” and “${t}” are the same name once case and punctuation are ignored: an alias maps one name to a different one.`, "alias");
    const c = await this.members.community(by.communityId);
    const current = c.settings.aliases;
    const target = skillKey(t, current);
    if (target === f) {
      const own = Object.hasOwn(current, t);
      throw new UserError("invalid_input", `“${t}” already means “${f}”${own ? " here" : " (built in)"}, so “${f}” can't mean “${t}” — they would go round in circles.${own ? ` To turn it around, remove the alias “${t}” first.` : ""}`, "alias");
    }
    const next: Record<string, string> = {};
    for (const [k, v] of Object.entries(current)) next[k] = v === f ? target : v;
    if (!Object.hasOwn(next, f) && Object.keys(next).length >= COMMUNITY_LIMITS.aliases) {
      throw new UserError("invalid_input", `This community has ${COMMUNITY_LIMITS.aliases} aliases, the most it can keep: remove one first (\`/knowhow unalias …\`).`, "alias");
    }
    next[f] = target;
    const updated = await this.d.store.updateCommunity(by.communityId, { settings: { aliases: next } }, this.d.clock.now());
    if (!updated) throw new UserError("not_found", "I don't know this community yet.");
    const rekeyed = await this.rekeySkills(by.communityId, updated.settings.aliases);
    this.d.matcher.invalidate?.(by.communityId);
    return { community: updated, from: f, to: target, rekeyed };
  }

  /**
   * Removes a community alias. Admins (or the operator) only. Skills it already moved stay under its target:
   * a member who had both spellings kept one, and nothing records which were merged, so only new
   * declarations see the term on its own again.
   */
  async removeAlias(by: Actor | Operator, from: string): Promise<AliasChange> {
    await this.requireAdmin(by);
    const f = foldText(from);
    const c = await this.members.community(by.communityId);
    const { [f]: to, ...rest } = c.settings.aliases;
    if (to === undefined || !Object.hasOwn(c.settings.aliases, f)) {
      const builtin = Object.hasOwn(BUILTIN_ALIASES, f) ? BUILTIN_ALIASES[f] : undefined;
      throw new UserError("not_found", builtin
        ? `“${f}” is one of Knowhow's built-in aliases (it means “${builtin}” everywhere), so it can't be removed.`
        : `“${f.slice(0, 60)}” isn't one of this community's aliases (\`/knowhow alias\` alone lists them).`, "alias");
    }
    const updated = await this.d.store.updateCommunity(by.communityId, { settings: { aliases: rest } }, this.d.clock.now());
    if (!updated) throw new UserError("not_found", "I don't know this community yet.");
    this.d.matcher.invalidate?.(by.communityId);
    return { community: updated, from: f, to, rekeyed: 0 };
  }

  /**
   * Brings skills declared before an alias existed under the alias's target ("bike repair" → "bicycle repair"),
   * so that counts, reports, nudges and later edits all see one key. Only members with a changed key are
   * written; two skills that now share a key become one, at the higher level.
   */
  private async rekeySkills(communityId: CommunityId, aliases: AliasTable): Promise<number> {
    let changed = 0;
    let after: string | null = null;
    do {
      const page = await this.d.store.listMembers(communityId, { after, limit: 500 });
      for (const m of page.members) {
        if (m.skills.some((s) => skillKey(s.key, aliases) !== s.key)) {
          await this.members.update(m.id, (x) => ({ ...x, skills: rekeyed(x.skills, aliases) }));
          changed++;
        }
      }
      after = page.next;
    } while (after);
    return changed;
  }

  /**
   * Brings every stored skill key up to date with the aliases this version ships ("deutsch" stored before
   * the built-in table knew it becomes "german"), so that reports and counts show one skill. Run at start; reads the
   * members only when the community's keys were made by another version, writes only members whose keys change,
   * and returns how many did.
   */
  async refreshSkillKeys(communityId: CommunityId): Promise<number> {
    const community = await this.members.community(communityId);
    if (community.settings.skillKeysVersion === SKILL_KEYS_VERSION) return 0;
    const changed = await this.rekeySkills(communityId, community.settings.aliases);
    if (changed > 0) this.d.matcher.invalidate?.(communityId);
    await this.d.store.updateCommunity(communityId, { settings: { skillKeysVersion: SKILL_KEYS_VERSION } }, this.d.clock.now());
    return changed;
  }

  /** Admins may; so may the operator, on a community that exists (a typo must not create one). */
  async requireAdmin(actor: Actor | Operator): Promise<void> {
    if ("operator" in actor) {
      if (!(await this.d.store.getCommunity(actor.communityId))) throw new UserError("not_found", `There is no community ${actor.communityId} in this store.`);
      return;
    }
    await this.members.community(actor.communityId, actor.communityName);
    if (!(await this.members.isAdmin(actor))) throw new UserError("not_allowed", "Only community admins can do that.");
  }

  /** Every declared skill in the community with how many members declare it at each level. */
  async skillCounts(communityId: CommunityId): Promise<SkillCount[]> {
    return (await this.tallyMembers(communityId)).skillCounts();
  }

  /** The numbers behind the admin report and the weekly digest. */
  async report(communityId: CommunityId, now = this.d.clock.now(), days = 30): Promise<CommunityReport> {
    return (await this.overview(communityId, now, days)).report;
  }

  /**
   * The report and the skill counts from one read of the members (the admin dashboard shows both). `onMember` sees
   * every member read, departed ones too, for what else the caller derives from them; `afterPage` runs after each
   * page of members, so that a caller can let other work run between pages of a big community.
   */
  async overview(communityId: CommunityId, now: Date, days: number, hooks: MemberPassHooks = {}): Promise<{ report: CommunityReport; skillCounts: SkillCount[] }> {
    const since = new Date(now.getTime() - days * 86_400_000);
    const requests = await this.d.store.listRequests({ communityId, since });
    const unmatched = new Map<string, { count: number; examples: string[] }>();
    let unmatchedPrivately = 0;
    for (const r of requests.filter((x) => x.unmatched)) {
      // Topics and examples are shown to admins (report, digest, dashboard): a question asked privately (DM, private
      // channel) is only counted — its topic says what it was about as surely as its text.
      if (r.origin.isPrivate) {
        unmatchedPrivately++;
        continue;
      }
      const topic = r.topics[0] ?? "other";
      const e = unmatched.get(topic) ?? { count: 0, examples: [] };
      e.count++;
      if (e.examples.length < 2) e.examples.push(shareableQuestion(r));
      unmatched.set(topic, e);
    }
    // Who helped with a question asked privately is as private as the question: only public ones name helpers.
    const byId = new Map(requests.map((r) => [r.id, r]));
    const accepted = new Map<MemberId, number>();
    for (const o of await this.d.store.listOffers({ communityId, statuses: ["accepted"], since })) {
      // (An offer of the window may belong to a question asked before it.)
      if ((byId.get(o.requestId) ?? (await this.d.store.getRequest(o.requestId)))?.origin.isPrivate !== false) continue;
      accepted.set(o.candidateId, (accepted.get(o.candidateId) ?? 0) + 1);
    }
    const tally = await this.tallyMembers(communityId, hooks);
    const report: CommunityReport = {
      communityId,
      since,
      questions: requests.length,
      connected: requests.filter((r) => r.connectedAt !== null).length,
      resolved: requests.filter((r) => r.state === "resolved").length,
      unmatchedByTopic: [...unmatched].map(([topic, v]) => ({ topic, ...v })).sort((a, b) => b.count - a.count).slice(0, 10),
      unmatchedPrivately,
      busiestHelpers: [...accepted].map(([memberId, n]) => ({ memberId, accepted: n })).sort((a, b) => b.accepted - a.accepted).slice(0, 5),
      singleExpertSkills: tally.singleExpertSkills(),
      members: tally.members,
      membersWithSkills: tally.withSkills,
    };
    return { report, skillCounts: tally.skillCounts() };
  }

  /** Reads the community's members once, page by page, into a tally. */
  private async tallyMembers(communityId: CommunityId, hooks: MemberPassHooks = {}): Promise<MemberTally> {
    const tally = new MemberTally();
    let after: string | null = null;
    do {
      const page = await this.d.store.listMembers(communityId, { after, limit: 500 });
      for (const m of page.members) {
        tally.add(m);
        hooks.onMember?.(m);
      }
      after = page.next;
      if (after) await hooks.afterPage?.();
    } while (after);
    return tally;
  }

  /** The report as a message (admin command and weekly digest). */
  reportMessage(r: CommunityReport, days = 30): Message {
    const lines = r.unmatchedByTopic.map((u) => `• *${u.topic}* — ${plural(u.count, "question")}${u.examples[0] ? ` (e.g. ${quote(u.examples[0], 80)})` : ""}`);
    if (r.unmatchedPrivately > 0) lines.push(`• ${plural(r.unmatchedPrivately, "question")} asked privately (topics not shown)`);
    const unmatched = lines.length ? lines.join("\n") : "none — every question found someone";
    const busiest = r.busiestHelpers.length ? r.busiestHelpers.map((h) => `• ${mention(h.memberId)} — ${plural(h.accepted, "intro")}`).join("\n") : "nobody yet";
    const single = r.singleExpertSkills.length ? r.singleExpertSkills.map((s) => `${s.skill} (${mention(s.memberId)})`).join(", ") : "none";
    return {
      kind: "digest",
      title: `Knowhow report — last ${days} days`,
      text: `${plural(r.questions, "question")} asked, ${r.connected} connected, ${r.resolved} confirmed helped. ${r.membersWithSkills} of ${plural(r.members, "member")} have declared skills.`,
      fields: [
        { label: "Unmatched questions by topic", value: unmatched },
        { label: "Busiest helpers", value: busiest },
        { label: "Skills with only one expert", value: single },
      ],
    };
  }
}

const LEVEL_RANK: Record<SkillLevel, number> = { learning: 0, can_help: 1, expert: 2 };

/** Skills with their keys resolved through the aliases; duplicates merged, keeping the higher level. */
function rekeyed(skills: readonly Skill[], aliases: AliasTable): Skill[] {
  const byKey = new Map<string, Skill>();
  for (const s of skills) {
    const key = skillKey(s.key, aliases);
    const prev = byKey.get(key);
    if (!prev || LEVEL_RANK[s.level] > LEVEL_RANK[prev.level]) byKey.set(key, { ...s, key });
  }
  return [...byKey.values()];
}
