import type { CommunityId, MemberId } from "../ids.js";
import type { Clock } from "../ports/clock.port.js";
import type { Logger } from "../ports/logger.port.js";
import type { Matcher } from "../ports/matcher.port.js";
import type { Messenger } from "../ports/messenger.port.js";
import type { SkillExtractor } from "../ports/skill-extractor.port.js";
import type { Store } from "../ports/store.port.js";

/** Everything use cases depend on, injected once by the composition root. */
export interface CoreDeps {
  store: Store;
  matcher: Matcher;
  messenger: Messenger;
  clock: Clock;
  logger: Logger;
  /** Optional model-based skill extraction for free-text DMs (OpenAI-compatible); the parser is the fallback. */
  skillExtractor?: SkillExtractor | null;
  /** New record ids; defaults to crypto.randomUUID. */
  newId?: () => string;
}

/**
 * Who is acting, as the adapter saw it. Adapters fill what the platform tells them; the core creates the
 * member on first contact and refreshes display name and timezone when given.
 */
export interface Actor {
  memberId: MemberId;
  communityId: CommunityId;
  displayName?: string;
  /** IANA timezone from the platform (Slack users.info), when known. */
  timezone?: string | null;
  /** The platform says this member administers the community (Slack admin/owner, Discord Manage Server). */
  isPlatformAdmin?: boolean;
  /** Human name of the community (workspace / guild name), when known. */
  communityName?: string;
  /**
   * The longest button value the platform carries back (Slack: 2000; Discord: what its 100-character custom_id leaves
   * after the type and guild, about 58). Longer values are kept server-side as drafts, which a restart loses.
   */
  buttonValueMax?: number;
}
