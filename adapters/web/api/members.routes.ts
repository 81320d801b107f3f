import type { Router } from "express";
import { z } from "zod";
import type { Member } from "../../../src/core/domain/member.js";
import { SKILL_LEVELS, type SkillInput } from "../../../src/core/domain/skill.js";
import { UserError } from "../../../src/core/errors.js";
import { validateSkillLabel } from "../../../src/core/skills/parse.js";
import { cleanText, LIMITS } from "../../../src/core/text.js";
import { validTimezone } from "../../../src/core/usecases/members.js";
import { availabilityLine, skillChangeMessage } from "../../../src/core/views/profile.js";
import type { WebContext } from "../context.js";
import { settleInbox } from "../inbox.js";
import { parseInput, route } from "../http-utils.js";
import { actorFor, DEMO_COMMUNITY, memberIdFor, requireMember, slugify, slugOf } from "../identity.js";

const CreateMember = z.object({
  displayName: z.string().max(200),
  timezone: z.string().max(64).optional(),
});

const SkillRows = z.object({
  skills: z.array(z.object({ label: z.string().max(500), level: z.enum(SKILL_LEVELS, { message: "Pick a level: expert, can help or learning" }) })).max(100),
  about: z.string().max(5000).optional(),
});

const SkillLine = z.object({ skills: z.string().max(5000) });

const AvailabilityBody = z.object({
  optedIn: z.boolean().optional(),
  cap: z.number().optional(),
  quietHours: z.object({ start: z.number(), end: z.number() }).optional(),
  timezone: z.string().max(100).optional(),
  days: z.number().optional(),
  resume: z.boolean().optional(),
  reminders: z.boolean().optional(),
});

/** A member as the playground shows it. */
export function memberView(m: Member, now: Date) {
  return {
    id: m.id,
    slug: slugOf(m.id),
    displayName: m.displayName,
    timezone: m.timezone,
    about: m.about,
    skills: m.skills.map((s) => ({ label: s.label, key: s.key, level: s.level, source: s.source, confirmedAt: s.confirmedAt })),
    availability: m.availability,
    availabilityText: availabilityLine(m, now),
    reminders: m.reminders,
    stats: { offers: m.stats.offers, accepted: m.stats.accepted, helped: m.stats.helped, declined: m.stats.declined, notMyArea: m.stats.notMyArea },
  };
}

/** Lists every playground member (the community is small), ordered by display name. */
export async function listDemoMembers(ctx: WebContext): Promise<Member[]> {
  const out: Member[] = [];
  let after: string | null = null;
  do {
    const page = await ctx.core.deps.store.listMembers(DEMO_COMMUNITY, { after, limit: 500 });
    out.push(...page.members.filter((m) => !m.departed));
    after = page.next;
  } while (after);
  return out.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** Validates structured skill rows, naming the row that is wrong (`skills.2.label`). */
function validateRows(rows: Array<{ label: string; level: SkillInput["level"] }>): SkillInput[] {
  const seen = new Set<string>();
  return rows.map((r, i) => {
    try {
      return validateSkillLabel(r.label, r.level, seen);
    } catch (e) {
      if (e instanceof UserError) throw new UserError(e.code, e.message, `skills.${i}.label`);
      throw e;
    }
  });
}

/** Members, profiles, skills, about text and availability — each write through one core use case. */
export function mountMemberRoutes(r: Router, ctx: WebContext): void {
  const { core } = ctx;

  r.get("/members", route(async (_req, res) => {
    const now = ctx.clock.now();
    const members = await listDemoMembers(ctx);
    for (const m of members) await settleInbox(ctx, m.id);
    res.json({ members: members.map((m) => ({ ...memberView(m, now), inbox: ctx.messenger.inbox(m.id).filter((i) => i.answer === null && (i.message.actions?.length ?? 0) > 0).length })) });
  }));

  r.post("/members", route(async (req, res) => {
    const body = parseInput(CreateMember, req.body);
    const name = cleanText(body.displayName);
    if (!name) throw new UserError("empty", "Please give the new member a name.", "displayName");
    if (name.length > LIMITS.displayName) throw new UserError("too_long", `Names are at most ${LIMITS.displayName} characters.`, "displayName");
    if (!/[\p{L}\p{N}]/u.test(name)) throw new UserError("invalid_input", "Use at least one letter or digit in the name.", "displayName");
    // Checked before the member exists: a refused timezone must not leave a member behind.
    if (body.timezone && !validTimezone(body.timezone.trim())) {
      throw new UserError("invalid_input", `I don't know the timezone “${body.timezone.trim().slice(0, 40)}”. Use a name like Europe/Paris or America/New_York.`, "timezone");
    }
    let slug = slugify(name);
    const taken = (await listDemoMembers(ctx)).find((m) => m.displayName.toLowerCase() === name.toLowerCase()) ?? (slug ? await core.deps.store.getMember(memberIdFor(slug)) : null);
    if (taken) {
      // The same name, or one that makes the same slug ("Zoë" and Zoe Apiary, whose slug is "zoe"): say whose.
      throw new UserError("invalid_input", taken.displayName.toLowerCase() === name.toLowerCase()
        ? `There is already a member called “${taken.displayName}”. Pick another name.`
        : `“${name}” is too close to ${taken.displayName}, who is already a member: pick another name (add a surname, say).`, "displayName");
    }
    // A name in another script ("李明", "Σοφία") has no letters a URL slug keeps: the member gets a numbered one.
    for (let n = 1; !slug; n++) if (!(await core.deps.store.getMember(memberIdFor(`member-${n}`)))) slug = `member-${n}`;
    let member = await core.members.touch(actorFor(slug, name));
    if (body.timezone) member = await core.availability.setTimezone(actorFor(slug), body.timezone);
    ctx.logger.info({ memberId: member.id }, "playground member created");
    res.status(201).json({ member: memberView(member, ctx.clock.now()) });
  }));

  r.get("/members/:slug", route(async (req, res) => {
    const member = await requireMember(core.deps.store, String(req.params.slug));
    res.json({ member: memberView(member, ctx.clock.now()) });
  }));

  // The edit form: the whole list with levels, and the about text.
  r.put("/members/:slug/skills", route(async (req, res) => {
    const slug = String(req.params.slug);
    await requireMember(core.deps.store, slug);
    const body = parseInput(SkillRows, req.body);
    const change = await core.skills.replace(actorFor(slug), validateRows(body.skills), body.about);
    res.json({ member: memberView(change.member, ctx.clock.now()), message: skillChangeMessage(change) });
  }));

  // The typed line: "SEO, copywriting (expert), learning react".
  r.post("/members/:slug/skills", route(async (req, res) => {
    const slug = String(req.params.slug);
    await requireMember(core.deps.store, slug);
    const body = parseInput(SkillLine, req.body);
    const change = await core.skills.add(actorFor(slug), body.skills);
    res.json({ member: memberView(change.member, ctx.clock.now()), message: skillChangeMessage(change) });
  }));

  r.put("/members/:slug/availability", route(async (req, res) => {
    const slug = String(req.params.slug);
    await requireMember(core.deps.store, slug);
    const body = parseInput(AvailabilityBody, req.body);
    // The same checks as `/knowhow …`, all of them before anything is saved: an invalid value is reported
    // next to its field and the member's settings stay as they were.
    const { timezone, ...rest } = body;
    const member = await core.availability.apply(actorFor(slug), { ...rest, ...(timezone !== undefined && timezone.trim() !== "" ? { timezone } : {}) });
    res.json({ member: memberView(member, ctx.clock.now()) });
  }));
}
