/**
 * `/knowhow import-roles`: members holding self-assigned skill roles get those skills (level *can help*,
 * source *imported*), so communities that ping roles today can switch without asking everyone to
 * re-enter skills. Skills a member already has are left alone (their own level wins). Each member is
 * told once, ever, by DM, with a button to edit. Safe to re-run.
 */
import { Routes, type Guild, type REST } from "discord.js";
import type { Core } from "../../../src/core/index.js";
import { UserError } from "../../../src/core/errors.js";
import { info, type Message } from "../../../src/core/messages.js";
import type { Logger } from "../../../src/core/ports/logger.port.js";
import { DeliveryError, type Messenger } from "../../../src/core/ports/messenger.port.js";
import { skillKey } from "../../../src/core/skills/normalize.js";
import { plural } from "../../../src/core/views/format.js";
import { discordCommunity, discordMember } from "../ids.js";
import { selectSkillRoles, type RoleSelection, type SkillRole } from "./map.js";

interface ApiMember {
  user?: { id: string; username: string; global_name?: string | null; bot?: boolean };
  nick?: string | null;
  roles: string[];
}

const PAGE = 1000;

export interface ImportSummary {
  roles: SkillRole[];
  membersUpdated: number;
  skillsAdded: number;
  told: number;
  notReachable: number;
}

export class RoleImporter {
  private readonly log: Logger;

  constructor(private readonly core: Core, private readonly rest: REST, private readonly messenger: Messenger, logger: Logger) {
    this.log = logger.child({ component: "discord-role-import" });
  }

  /** Imports and returns the admin's summary. UserError when no role matches. */
  async importRoles(guild: Guild, sel: RoleSelection): Promise<Message> {
    if (sel.roleIds.length === 0 && !sel.pattern?.trim()) {
      throw new UserError("empty", "Pick a role, or give a pattern such as `skill-*` (the part after `skill-` becomes the skill).", "pattern");
    }
    // Fresh from the API: roles may have changed since the gateway cached them.
    const roles = [...(await guild.roles.fetch()).values()].map((r) => ({ id: r.id, name: r.name, managed: r.managed }));
    const { roles: selected, rejected } = selectSkillRoles(roles, guild.id, sel);
    if (selected.length === 0) {
      const picked = roles.filter((r) => sel.roleIds.includes(r.id) && (r.id === guild.id || r.managed));
      if (picked.length > 0) {
        throw new UserError("invalid_input", `${picked.map((r) => (r.id === guild.id ? "@everyone" : r.name)).join(", ")} can't be imported: @everyone and roles that a bot, an integration or server boosts manage aren't skill roles. Pick a role members take for a skill, or give a pattern such as \`skill-*\`.`, "role");
      }
      throw new UserError("not_found", `No role matched${sel.pattern ? ` “${sel.pattern.slice(0, 60)}”` : ""}.${rejected.length ? ` Skipped: ${rejected.map((r) => r.roleName).join(", ")}.` : ""}`, "pattern");
    }
    const s = await this.run(guild, selected);
    return info(
      `Imported ${plural(s.roles.length, "skill role")} (${s.roles.map((r) => `${r.roleName} → *${r.skill}*`).join(", ")}): ${plural(s.skillsAdded, "skill")} added for ${plural(s.membersUpdated, "member")}. ` +
        `${plural(s.told, "member")} told by DM${s.notReachable ? `, ${s.notReachable} not reachable by DM` : ""}.` +
        (rejected.length ? `\nSkipped roles that aren't usable skill names: ${rejected.map((r) => r.roleName).join(", ")}.` : ""),
      { title: "Role import" },
    );
  }

  private async run(guild: Guild, selected: SkillRole[]): Promise<ImportSummary> {
    const community = discordCommunity(guild.id);
    const aliases = (await this.core.members.community(community, guild.name)).settings.aliases;
    const summary: ImportSummary = { roles: selected, membersUpdated: 0, skillsAdded: 0, told: 0, notReachable: 0 };
    let after = "0";
    for (;;) {
      const page = (await this.rest.get(Routes.guildMembers(guild.id), { query: new URLSearchParams({ limit: String(PAGE), after }) })) as ApiMember[];
      for (const m of page) {
        if (!m.user || m.user.bot) continue;
        const held = selected.filter((r) => m.roles.includes(r.roleId));
        if (held.length === 0) continue;
        const id = discordMember(guild.id, m.user.id);
        const existing = await this.core.deps.store.getMember(id);
        const have = new Set(existing?.skills.map((x) => x.key) ?? []);
        const items = held.filter((r) => !have.has(skillKey(r.skill, aliases))).map((r) => ({ label: r.skill, level: "can_help" as const }));
        if (items.length === 0) continue;
        const actor = { memberId: id, communityId: community, displayName: m.nick ?? m.user.global_name ?? m.user.username, communityName: guild.name };
        const change = await this.core.skills.add(actor, items, "imported");
        summary.membersUpdated++;
        summary.skillsAdded += change.added.length;
        await this.tellOnce(id, guild.name, items.map((x) => x.label), summary);
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]?.user?.id ?? after;
    }
    this.log.info({ guildId: guild.id, roles: selected.length, members: summary.membersUpdated }, "skill roles imported");
    return summary;
  }

  private async tellOnce(id: string, guildName: string, skills: string[], summary: ImportSummary): Promise<void> {
    const store = this.core.deps.store;
    const key = `discord:roles-imported-told:${id}`;
    if (!(await store.claimOnce(key, this.core.deps.clock.now()))) return;
    try {
      await this.messenger.sendDirect(id, {
        kind: "onboarding",
        title: "Your roles are now Knowhow skills",
        text: `An admin of *${guildName}* turned the skill roles you hold into Knowhow skills: ${skills.map((x) => `*${x}*`).join(", ")} (can help). ` +
          "When someone asks about these, I may ask you privately whether you can help — nobody gets pinged. " +
          "Edit them any time; `/knowhow pause` if you'd rather not be asked for a while.",
        actions: [{ type: "skills.edit", label: "Edit my skills", value: "edit", style: "primary" }],
      });
      summary.told++;
    } catch (e) {
      summary.notReachable++;
      // Closed DMs won't open by retrying; anything else may, on a later import.
      if (!(e instanceof DeliveryError && e.reason === "dm_closed")) await store.releaseOnce(key);
      this.log.warn({ err: e, memberId: id }, "could not tell a member about imported skills");
    }
  }
}
