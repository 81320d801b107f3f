/**
 * The core: domain, ports and use cases. Platform- and database-free (enforced by eslint and
 * test/architecture.test.ts). `createCore(deps)` wires the use cases once; adapters call them.
 */
import { ActionService } from "./usecases/actions.js";
import { AskService } from "./usecases/asks.js";
import { AvailabilityService } from "./usecases/availability.js";
import { CommandService } from "./usecases/commands.js";
import { CommunityService } from "./usecases/communities.js";
import type { CoreDeps } from "./usecases/context.js";
import { ConversationService } from "./usecases/conversation.js";
import { DigestService } from "./usecases/digest.js";
import { Drafts } from "./usecases/drafts.js";
import { MemberService } from "./usecases/members.js";
import { NudgeService } from "./usecases/nudges.js";
import { PrivacyService } from "./usecases/privacy.js";
import { SkillService } from "./usecases/skills.js";

export interface Core {
  deps: CoreDeps;
  members: MemberService;
  skills: SkillService;
  availability: AvailabilityService;
  asks: AskService;
  privacy: PrivacyService;
  communities: CommunityService;
  conversation: ConversationService;
  commands: CommandService;
  actions: ActionService;
  /** Scheduled sweeps: onboarding DM and inactivity nudges (src/jobs runs them). */
  nudges: NudgeService;
  /** Scheduled weekly admin digest. */
  digest: DigestService;
}

export function createCore(deps: CoreDeps): Core {
  const drafts = new Drafts(deps.store, deps.clock);
  const members = new MemberService(deps);
  const skills = new SkillService(deps, members);
  const availability = new AvailabilityService(deps, members);
  const asks = new AskService(deps, members);
  const privacy = new PrivacyService(deps, members);
  const communities = new CommunityService(deps, members);
  const actions = new ActionService(members, asks, skills, availability, privacy, drafts);
  const conversation = new ConversationService(deps, asks, members, actions, drafts);
  const commands = new CommandService(deps, members, skills, availability, privacy, communities);
  const nudges = new NudgeService(deps, members);
  const digest = new DigestService(deps, communities);
  return { deps, members, skills, availability, asks, privacy, communities, conversation, commands, actions, nudges, digest };
}

export type { CoreDeps, Actor } from "./usecases/context.js";
export type { ActionOutcome } from "./usecases/actions.js";
export type { AskResult, OfferResponse } from "./usecases/asks.js";
export type { SkillChange } from "./usecases/skills.js";
export type { CommunityReport } from "./usecases/communities.js";
export type { MentionResolver } from "./usecases/commands.js";
