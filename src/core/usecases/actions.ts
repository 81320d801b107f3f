import { UserError } from "../errors.js";
import { info, splitPair, type ActionType, type Message } from "../messages.js";
import { skillChangeMessage } from "../views/profile.js";
import { parseSkillLine } from "../skills/parse.js";
import type { SkillInput } from "../domain/skill.js";
import type { AskService } from "./asks.js";
import type { AvailabilityService } from "./availability.js";
import type { Actor } from "./context.js";
import type { Drafts } from "./drafts.js";
import type { MemberService } from "./members.js";
import type { PrivacyService } from "./privacy.js";
import type { SkillService } from "./skills.js";

/** What a button press leads to: a reply for the member, or the skills editor (modal / form). */
/** `adding`: skills to show in the editor besides the member's own (the list they just typed, to correct before saving). */
export type ActionOutcome = { kind: "reply"; message: Message } | { kind: "open_skills_editor"; adding?: SkillInput[] };

const reply = (message: Message): ActionOutcome => ({ kind: "reply", message });

/**
 * Buttons that need no member record: they open the editor, store what the member just typed and confirms ("Add these
 * skills": their own act, as saving the editor is, and how a newcomer's first DM becomes a profile), or handle an
 * absent member themselves (forget.confirm). Every other button comes from a message sent to a member Knowhow knew.
 */
const NO_MEMBER_NEEDED = new Set<string>(["nudge.edit", "skills.edit", "skills.confirm_parsed", "forget.confirm"]);

const FORGOTTEN = "I don't have anything stored for you any more, so this button has nothing to change. To use Knowhow again, ask a question or add your skills with `/skills add …`.";

/**
 * One entry point for every button on every platform: adapters decode `(type, value)` from their
 * payload and render the outcome. Throws UserError for bad or stale values.
 */
export class ActionService {
  constructor(
    private readonly members: MemberService,
    private readonly asks: AskService,
    private readonly skills: SkillService,
    private readonly availability: AvailabilityService,
    private readonly privacy: PrivacyService,
    private readonly drafts: Drafts,
  ) {}

  async handle(actor: Actor, type: ActionType | string, value: string): Promise<ActionOutcome> {
    // A button on an old message must not bring back a member who was forgotten (forget-me): nothing is stored.
    if (!NO_MEMBER_NEEDED.has(type) && !(await this.members.known(actor.memberId))) return reply(info(FORGOTTEN));
    switch (type as ActionType) {
      case "offer.accept": return reply(await this.asks.respond(actor, value, "accept"));
      case "offer.decline": return reply(await this.asks.respond(actor, value, "decline"));
      case "offer.not_my_area": return reply(await this.asks.respond(actor, value, "not_my_area"));
      case "ask.best": return reply(await this.asks.offer(actor, value));
      case "ask.candidate": {
        const pair = splitPair(value);
        if (!pair) throw new UserError("invalid_input", "That button is out of date — please ask again.");
        return reply(await this.asks.offer(actor, pair[0], [pair[1]]));
      }
      case "ask.post_channel": return reply(await this.asks.postToChannel(actor, value));
      case "followup.yes": return reply(await this.asks.closeLoop(actor, value, true));
      case "followup.no": return reply(await this.asks.closeLoop(actor, value, false));
      case "nudge.confirm": {
        const m = await this.skills.confirmAll(actor);
        return reply(info(m.skills.length ? "Thanks — your skills are confirmed. I'll check back in a few months." : "Thanks! Add a skill any time with `/skills add …`."));
      }
      case "nudge.edit": return { kind: "open_skills_editor" };
      case "skills.edit": {
        // "edit", or "edit:" and the list typed in a DM (or its draft), so that Edit shows what was understood.
        const typed = value.startsWith("edit:draft:") ? await this.drafts.read(actor.memberId, value.slice(11)) : { kind: "value" as const, value: value.slice(5) };
        const adding = typed.kind === "value" && typed.value ? parseSkillLine(typed.value).map(({ label, level }) => ({ label, level })) : [];
        return adding.length > 0 ? { kind: "open_skills_editor", adding } : { kind: "open_skills_editor" };
      }
      case "nudge.pause": {
        const m = await this.availability.pauseAtLeast(actor, 30);
        // The pause that holds: 30 days, or the longer one the member had already set.
        return reply(info(`Paused until ${m.availability.pausedUntil?.toISOString().slice(0, 10)} — I won't suggest you to anyone until then. \`/knowhow resume\` to come back sooner.`));
      }
      case "nudge.stop": {
        const m = await this.availability.setReminders(actor, false);
        const kept = m.skills.length > 0 ? "Your skills stay as they are; " : "";
        return reply(info(`Got it — I won't remind you again. ${kept}\`/knowhow reminders on\` turns reminders back on.`));
      }
      case "nudge.add_skill":
      case "skills.confirm_parsed": {
        if (!value.startsWith("draft:")) return reply(skillChangeMessage(await this.skills.add(actor, value)));
        const id = value.slice(6);
        const draft = await this.drafts.read(actor.memberId, id);
        if (draft.kind === "used") return reply(info("Already added — those skills are on your profile (`/skills list` shows them)."));
        if (draft.kind === "missing") throw new UserError("not_found", "That confirmation expired — please send me your skills again.");
        const change = await this.skills.add(actor, draft.value);
        await this.drafts.use(id);
        return reply(skillChangeMessage(change));
      }
      case "forget.confirm": return reply(await this.privacy.forget(actor));
      default:
        throw new UserError("invalid_input", "I don't recognise that button — it may be from an older version. Please try the command again.");
    }
  }
}
