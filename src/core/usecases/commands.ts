import { capFreesAt } from "../domain/availability.js";
import type { Member } from "../domain/member.js";
import { UserError } from "../errors.js";
import { platformOf, type MemberId } from "../ids.js";
import { info, type Message } from "../messages.js";
import { aliasAddedText, aliasesMessage, aliasRemovedText, digestSetText, settingsFields } from "../views/community.js";
import { isoDay, plural } from "../views/format.js";
import { availabilityLine, helpMessage, profileMessage, skillChangeMessage } from "../views/profile.js";
import type { ActionOutcome } from "./actions.js";
import type { AvailabilityService } from "./availability.js";
import type { CommunityService } from "./communities.js";
import type { Actor, CoreDeps } from "./context.js";
import type { MemberService } from "./members.js";
import type { PrivacyService } from "./privacy.js";
import type { SkillService } from "./skills.js";

/**
 * Turns a platform mention token (`<@U123|bob>`, `<@123>`) into a member id of the actor's community. It may be async
 * (the playground looks `@Name` up in the store) and may throw a UserError that says better than the core who is meant.
 */
export type MentionResolver = (token: string) => MemberId | null | Promise<MemberId | null>;

const reply = (message: Message): ActionOutcome => ({ kind: "reply", message });

function splitCommand(text: string): [string, string] {
  const t = text.trim();
  const i = t.search(/\s/);
  return i < 0 ? [t.toLowerCase(), ""] : [t.slice(0, i).toLowerCase(), t.slice(i + 1).trim()];
}

/** A typed whole number ("3"); NaN for anything else ("", "1e1", "0x3"), which the services refuse with an example. */
function wholeNumber(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : NaN;
}

/** "Your weekly cap: at most 3 intro requests a week." and, when it is reached, until when. */
function capLine(m: Member, now: Date): string {
  const cap = m.availability.weeklyCap;
  if (cap === 0) return "Your weekly cap is 0: no intro requests for now.";
  const frees = capFreesAt(m, now);
  return `Your weekly cap: at most ${plural(cap, "intro request")} a week.${frees ? ` You've reached it: no more until ${isoDay(frees)}.` : ""}`;
}

/** "Your quiet hours: 21:00–8:00 (Europe/Paris)." */
function quietLine(m: Member): string {
  const q = m.availability.quietHours;
  if (q.start === q.end) return "You have no quiet hours.";
  return `Your quiet hours: ${q.start}:00–${q.end}:00 ${m.timezone ? `(${m.timezone})` : "UTC (your timezone isn't set)"}.`;
}

/**
 * The text grammar of `/skills …` and `/knowhow …`, shared by every surface that takes typed commands
 * (Slack, the playground). Discord's structured options call the same services directly.
 */
export class CommandService {
  constructor(
    private readonly d: CoreDeps,
    private readonly members: MemberService,
    private readonly skills: SkillService,
    private readonly availability: AvailabilityService,
    private readonly privacy: PrivacyService,
    private readonly communities: CommunityService,
  ) {}

  /** `/skills [add|remove|list|edit|help] …` */
  async skillsCommand(actor: Actor, text: string, resolveMention: MentionResolver = () => null): Promise<ActionOutcome> {
    const [sub, rest] = splitCommand(text);
    switch (sub) {
      case "":
      case "edit":
        return { kind: "open_skills_editor" };
      case "add":
        return reply(skillChangeMessage(await this.skills.add(actor, rest)));
      case "remove":
      case "rm":
      case "delete":
        return reply(skillChangeMessage(await this.skills.remove(actor, rest)));
      case "list":
      case "show": {
        if (!rest) return reply(profileMessage(await this.members.touch(actor), this.d.clock.now(), true));
        const id = await resolveMention(rest);
        if (!id) throw new UserError("invalid_input", `I couldn't tell who “${rest.slice(0, 40)}” is — mention them, e.g. \`/skills list @ana\`.`, "member");
        const m = await this.d.store.getMember(id);
        if (!m || m.communityId !== actor.communityId || m.departed) throw new UserError("not_found", "That member hasn't declared any skills with Knowhow yet.", "member");
        return reply(profileMessage(m, this.d.clock.now(), id === actor.memberId));
      }
      case "help":
        return reply(helpMessage(actor.communityId));
      default:
        throw new UserError("invalid_input", `I don't know \`/skills ${sub.slice(0, 20)}\`. Try \`/skills add SEO, copywriting (expert)\`, \`/skills remove SEO\`, \`/skills list\`, or just \`/skills\` to edit.`);
    }
  }

  /** `/knowhow [help|pause N|resume|cap N|quiet 21-8|timezone TZ|opt-in|opt-out|reminders on|off|export|forget-me|settings|alias|unalias|report]` */
  async knowhowCommand(actor: Actor, text: string): Promise<ActionOutcome> {
    const [sub, rest] = splitCommand(text);
    const now = () => this.d.clock.now();
    switch (sub) {
      case "":
      case "help":
        return reply(helpMessage(actor.communityId));
      case "status":
      case "availability": {
        const m = await this.members.touch(actor);
        return reply(info(`Your availability: ${availabilityLine(m, now())}.`));
      }
      case "pause": {
        // A bare `pause` is a week (the reply says until when); anything typed must be a whole number.
        const days = rest ? wholeNumber(rest.replace(/\s*(days?|d)$/i, "")) : 7;
        const m = await this.availability.pause(actor, days);
        return reply(info(`Paused until ${m.availability.pausedUntil?.toISOString().slice(0, 10)} — I won't suggest you to anyone until then. \`/knowhow resume\` to come back sooner.`));
      }
      case "resume":
      case "unpause":
        await this.availability.resume(actor);
        return reply(info("Welcome back — you can be suggested to askers again."));
      case "cap": {
        // Only a number typed sets it: a bare `cap` (Number("") is 0) must not take the member out of matching.
        if (!rest) return reply(info(`${capLine(await this.members.touch(actor), now())} Change it with \`/knowhow cap 3\` (requests a week); \`/knowhow cap 0\` takes none.`));
        const m = await this.availability.setWeeklyCap(actor, wholeNumber(rest));
        return reply(info(m.availability.weeklyCap === 0
          ? "Got it: no intro requests for now — I won't suggest you to anyone. `/knowhow cap 3` to take some again."
          : `Got it: at most ${plural(m.availability.weeklyCap, "intro request")} a week.`));
      }
      case "quiet":
      case "quiet-hours": {
        if (!rest) return reply(info(`${quietLine(await this.members.touch(actor))} Change them with \`/knowhow quiet 21-8\` (local hours), or \`/knowhow quiet off\`.`));
        if (/^(off|none)$/i.test(rest)) {
          await this.availability.setQuietHours(actor, 0, 0);
          return reply(info("Quiet hours off."));
        }
        const match = rest.match(/^(\d{1,2})(?::00)?\s*(?:-|–|to)\s*(\d{1,2})(?::00)?$/);
        if (!match) throw new UserError("invalid_input", "Give quiet hours as two local hours, e.g. `/knowhow quiet 21-8`, or `/knowhow quiet off`.", "quietHours");
        const m = await this.availability.setQuietHours(actor, Number(match[1]), Number(match[2]));
        // Equal hours mean no quiet time at all: say that, not "22:00–22:00".
        if (m.availability.quietHours.start === m.availability.quietHours.end) return reply(info("Quiet hours off."));
        // Without a timezone they apply in UTC: "your time" would be wrong for anyone elsewhere.
        return reply(info(`Quiet hours set: ${m.availability.quietHours.start}:00–${m.availability.quietHours.end}:00 ${m.timezone ? `your time (${m.timezone})` : "UTC (your timezone isn't set: `/knowhow timezone Europe/Paris` makes them your local hours)"}.`));
      }
      case "timezone":
      case "tz": {
        if (!rest) {
          const m = await this.members.touch(actor);
          return reply(info(`${m.timezone ? `Your timezone is ${m.timezone}.` : "Your timezone isn't set (I use UTC)."} Change it with \`/knowhow timezone Europe/Paris\`.`));
        }
        // Only Slack profiles carry a timezone: elsewhere the member's own setting is all there is.
        const profiles = platformOf(actor.communityId) === "slack";
        if (profiles && /^(?:auto|profile|reset)$/i.test(rest)) {
          const m = await this.availability.useProfileTimezone(actor);
          return reply(info(`Your timezone follows your Slack profile again${m.timezone ? ` (${m.timezone} for now)` : " (it doesn't say one, so I use UTC)"}.`));
        }
        const m = await this.availability.setTimezone(actor, rest);
        return reply(info(`Timezone set to ${m.timezone}.${profiles ? " `/knowhow timezone auto` goes back to your Slack profile's." : ""}`));
      }
      case "opt-out":
        await this.availability.setOptedIn(actor, false);
        return reply(info("You won't be suggested to askers any more. You can still ask questions. `/knowhow opt-in` to come back."));
      case "opt-in":
        await this.availability.setOptedIn(actor, true);
        return reply(info("You can be suggested to askers again — thank you!"));
      case "reminders": {
        if (!rest) {
          const on = (await this.members.touch(actor)).reminders !== "never";
          return reply(info(`Reminders are ${on ? "on: I check in every few months" : "off"}. \`/knowhow reminders ${on ? "off" : "on"}\` to turn them ${on ? "off" : "on"}.`));
        }
        if (!/^(on|off)$/i.test(rest)) throw new UserError("invalid_input", "Use `/knowhow reminders on` or `/knowhow reminders off`.");
        await this.availability.setReminders(actor, /^on$/i.test(rest));
        return reply(info(/^on$/i.test(rest) ? "Reminders on: I'll check in every few months." : "Reminders off: I won't remind you to update your skills."));
      }
      case "export":
        return reply((await this.privacy.export(actor)).message);
      case "forget-me":
      case "forget":
        return reply(this.privacy.forgetPrompt());
      case "settings": {
        if (!rest) {
          await this.communities.requireAdmin(actor);
          const c = await this.communities.get(actor.communityId);
          return reply({ kind: "info", title: "Community settings", text: "Change one with `/knowhow settings <name> <value>`.", fields: settingsFields(c.settings) });
        }
        const [name, value] = splitCommand(rest);
        if (!value) throw new UserError("empty", `Give a value, e.g. \`/knowhow settings ${name} …\`.`, "value");
        const updated = await this.communities.setSetting(actor, name, value);
        if (name.trim().toLowerCase() === "digest") return reply(info(digestSetText(updated, actor.memberId)));
        return reply(info(`Setting *${name}* updated.`));
      }
      case "alias":
      case "aliases": {
        const m = rest.match(/^(.+?)\s*(?:=|->|→)\s*(.+)$/);
        if (m) {
          return reply(info(aliasAddedText(await this.communities.addAlias(actor, m[1] ?? "", m[2] ?? ""))));
        }
        const [verb, term] = splitCommand(rest);
        if (verb === "" || verb === "list") return reply(aliasesMessage(await this.communities.aliases(actor)));
        if (/^(remove|rm|delete)$/.test(verb)) return this.unalias(actor, term);
        throw new UserError("invalid_input", "Use `/knowhow alias gh actions = github actions`, `/knowhow alias` to list them, or `/knowhow unalias gh actions`.", "alias");
      }
      case "unalias":
        return this.unalias(actor, rest);
      case "report": {
        await this.communities.requireAdmin(actor);
        return reply(this.communities.reportMessage(await this.communities.report(actor.communityId, now())));
      }
      default:
        throw new UserError("invalid_input", `I don't know \`/knowhow ${sub.slice(0, 20)}\`. Try \`/knowhow help\`.`);
    }
  }

  /** Removes an alias, and says plainly that skills it already merged stay merged. */
  private async unalias(actor: Actor, term: string): Promise<ActionOutcome> {
    if (!term) throw new UserError("empty", "Which alias? e.g. `/knowhow unalias gh actions`. `/knowhow alias` lists them.", "alias");
    return reply(info(aliasRemovedText(await this.communities.removeAlias(actor, term))));
  }
}
