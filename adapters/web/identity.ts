import type { Actor } from "../../src/core/index.js";
import { communityId, memberId, parseMemberId, type CommunityId, type MemberId } from "../../src/core/ids.js";
import { UserError } from "../../src/core/errors.js";
import type { Member } from "../../src/core/domain/member.js";
import type { Store } from "../../src/core/ports/store.port.js";

/** The playground's one community. */
export const DEMO_COMMUNITY: CommunityId = communityId("web", "demo");
export const DEMO_COMMUNITY_NAME = "Knowhow demo community";
/** The channel that "post to a channel" and channel questions use in the playground. */
export const DEMO_CHANNEL = "general";

const SLUG = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** A member slug from a display name: "Ana Ruiz" → "ana-ruiz". Empty when the name has no usable letters. */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
}

/** The member id for a slug; a friendly error for anything that is not a slug. */
export function memberIdFor(slug: string): MemberId {
  if (!SLUG.test(slug)) throw new UserError("not_found", `There is no member “${slug.slice(0, 40)}” in the playground.`, "member");
  return memberId(DEMO_COMMUNITY, slug);
}

/**
 * The playground member a request acts as, or a not-found error in the playground's words. (The core's own says to use
 * Knowhow once, e.g. `/skills add …`: true on Slack and Discord, where anyone may type it, but in the playground a
 * member who is not there, forgotten with forget-me or never created, can type nothing: they are created first.)
 */
export async function requireMember(store: Pick<Store, "getMember">, slug: string): Promise<Member> {
  const m = await store.getMember(memberIdFor(slug));
  if (!m) throw new UserError("not_found", `There is no member “${slug}” in the playground: their data was deleted (forget-me), or they were never created. Pick someone under “Acting as”, or create them again with “Create member”.`, "member");
  return m;
}

/** The slug of a playground member id, or null for anything else. */
export function slugOf(id: MemberId): string | null {
  const p = parseMemberId(id);
  return p && p.communityId === DEMO_COMMUNITY ? p.nativeId : null;
}

/** The actor the core sees for a playground member. */
export function actorFor(slug: string, displayName?: string): Actor {
  // The playground's action API takes values up to 2000 characters: no server-side drafts needed below that.
  const actor: Actor = { memberId: memberIdFor(slug), communityId: DEMO_COMMUNITY, communityName: DEMO_COMMUNITY_NAME, buttonValueMax: 2000 };
  if (displayName !== undefined) actor.displayName = displayName;
  return actor;
}
