import { DEFAULT_AVAILABILITY, EMPTY_STATS, type Member } from "../domain/member.js";
import type { Community } from "../domain/community.js";
import { UserError } from "../errors.js";
import { communityOf, parseMemberId, type CommunityId, type MemberId, type RequestId } from "../ids.js";
import { cleanText, LIMITS } from "../text.js";
import type { Actor, CoreDeps } from "./context.js";

const MAX_RETRIES = 8;

/**
 * An IANA zone name Intl knows, spelled as Intl spells it ("europe/paris" → "Europe/Paris", "utc" → "UTC"); null
 * otherwise. A name typed all in one case is stored as Intl resolves it; one written with its capitals is kept when
 * Intl resolves it to another name of the same zone (Asia/Kolkata stays, though Intl answers the older Asia/Calcutta).
 */
export function validTimezone(tz: string | null | undefined): string | null {
  if (!tz) return null;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  if (resolved.toLowerCase() === tz.toLowerCase()) return resolved;
  return tz === tz.toLowerCase() || tz === tz.toUpperCase() ? resolved : tz;
}

/** Member records: creation on first contact and safe read-modify-write. */
export class MemberService {
  constructor(private readonly d: CoreDeps) {}

  /** The community, created with default settings on first sight. */
  async community(id: CommunityId, name?: string): Promise<Community> {
    const existing = await this.d.store.getCommunity(id);
    if (existing && (!name || existing.name === name)) return existing;
    return this.d.store.upsertCommunity(id, name ?? existing?.name ?? id, this.d.clock.now());
  }

  /**
   * The acting member, created on first contact (opted in, default availability) and refreshed
   * (display name, timezone, last active) otherwise.
   */
  async touch(actor: Actor): Promise<Member> {
    return (await this.enter(actor)).member;
  }

  /** `touch`, also returning the community (its settings and aliases) read on the way. */
  async enter(actor: Actor): Promise<{ member: Member; community: Community }> {
    const parsed = parseMemberId(actor.memberId);
    if (!parsed || parsed.communityId !== actor.communityId) {
      throw new Error(`Actor ${actor.memberId} does not belong to ${actor.communityId}`);
    }
    const community = await this.community(actor.communityId, actor.communityName);
    return { member: await this.refresh(actor, parsed.nativeId), community };
  }

  private async refresh(actor: Actor, nativeId: string): Promise<Member> {
    const now = this.d.clock.now();
    const name = actor.displayName ? cleanText(actor.displayName).slice(0, LIMITS.displayName) : undefined;
    const tz = validTimezone(actor.timezone);
    for (let i = 0; i < MAX_RETRIES; i++) {
      const m = await this.d.store.getMember(actor.memberId);
      if (!m) {
        const fresh = newMember(actor.memberId, actor.communityId, name ?? nativeId, tz, now);
        if (await this.d.store.insertMember(fresh, now)) {
          const stored = await this.d.store.getMember(actor.memberId);
          if (stored) {
            await this.d.matcher.upsert(stored);
            return stored;
          }
        }
        continue;
      }
      const stale = now.getTime() - m.lastActiveAt.getTime() > 60_000;
      // A zone the member set themselves wins: the platform's only fills in one they never chose.
      const platformTz = m.timezoneSetByMember ? null : tz;
      const changed = (name !== undefined && name !== m.displayName) || (platformTz !== null && platformTz !== m.timezone) || m.departed;
      if (!stale && !changed) return m;
      const next: Member = { ...m, displayName: name ?? m.displayName, timezone: platformTz ?? m.timezone, lastActiveAt: now, departed: false };
      const saved = await this.d.store.replaceMember(next, now);
      if (saved) {
        if (changed) await this.d.matcher.upsert(saved);
        return saved;
      }
    }
    throw new Error(`Could not update member ${actor.memberId}: too many concurrent writes`);
  }

  /** Whether the member has a record (never created by asking). */
  async known(id: MemberId): Promise<boolean> {
    return (await this.d.store.getMember(id)) !== null;
  }

  /** The member or a friendly not-found error. */
  async require(id: MemberId): Promise<Member> {
    const m = await this.d.store.getMember(id);
    if (!m) throw new UserError("not_found", "I don't know that member yet — they need to use Knowhow once (e.g. `/skills add …`).");
    return m;
  }

  /**
   * Read-modify-write with optimistic concurrency: `mutate` gets the latest copy and returns the new
   * member (or throws a UserError to abort, writing nothing). Retries on version conflicts.
   * The matcher sees the result before this returns.
   */
  async update(id: MemberId, mutate: (m: Member) => Member): Promise<Member> {
    for (let i = 0; i < MAX_RETRIES; i++) {
      const current = await this.require(id);
      const next = mutate(structuredClone(current));
      const saved = await this.d.store.replaceMember(next, this.d.clock.now());
      if (saved) {
        await this.d.matcher.upsert(saved);
        return saved;
      }
    }
    throw new Error(`Could not update member ${id}: too many concurrent writes`);
  }

  /**
   * Marks a member as having left the community (kept for history, skipped by matching and jobs). Intro requests
   * waiting for their answer are withdrawn, and a question left with nobody to wait for is due at once, so that
   * the next sweep asks someone else instead of letting the asker wait out the offer time. Their own questions still
   * open are withdrawn too (expired, their pending intro requests covered): nobody is asked for, or introduced to,
   * someone who is gone; a helper who answers is told they're off the hook.
   */
  async departed(id: MemberId): Promise<void> {
    const m = await this.d.store.getMember(id);
    if (!m || m.departed) return;
    await this.update(id, (x) => ({ ...x, departed: true }));
    const now = this.d.clock.now();
    for (const o of await this.d.store.listOffers({ candidateId: id, statuses: ["pending"] })) {
      if (await this.d.store.updateOfferStatus(o.id, ["pending"], "no_reply", null)) await this.dueIfNobodyWaiting(o.requestId, now);
    }
    for (const r of await this.d.store.listRequests({ communityId: communityOf(id), askerId: id, states: ["open", "offered"] })) {
      if (!(await this.d.store.updateRequest(r.id, ["open", "offered"], { state: "expired", closedAt: now, dueAt: null, updatedAt: now }))) continue;
      for (const o of await this.d.store.listOffers({ requestId: r.id, statuses: ["pending", "no_reply"] })) {
        await this.d.store.updateOfferStatus(o.id, ["pending", "no_reply"], "covered", now);
      }
    }
  }

  /**
   * A question whose intro requests are no longer waiting for anyone (the one asked left or was forgotten) is due at
   * once: the next sweep asks the next people instead of letting the asker wait out the offer time.
   */
  async dueIfNobodyWaiting(requestId: RequestId, now: Date): Promise<void> {
    const others = await this.d.store.listOffers({ requestId, statuses: ["pending"] });
    if (others.length === 0) await this.d.store.updateRequest(requestId, ["offered"], { dueAt: now, updatedAt: now });
  }

  /** A departed member who is back (a reactivated account) is matched again; nobody unknown is created. */
  async returned(id: MemberId): Promise<void> {
    const m = await this.d.store.getMember(id);
    if (!m?.departed) return;
    await this.update(id, (x) => ({ ...x, departed: false }));
  }

  /** Records that DMs to this member fail (or work again). */
  async setDmClosed(id: MemberId, closed: boolean): Promise<void> {
    const m = await this.d.store.getMember(id);
    if (!m || m.dmClosed === closed) return;
    await this.update(id, (x) => ({ ...x, dmClosed: closed }));
  }

  /** Whether the actor may change community settings and read reports. */
  async isAdmin(actor: Actor): Promise<boolean> {
    if (actor.isPlatformAdmin) return true;
    const c = await this.d.store.getCommunity(communityOf(actor.memberId));
    return c?.adminIds.includes(actor.memberId) ?? false;
  }
}

export function newMember(id: MemberId, community: CommunityId, displayName: string, timezone: string | null, now: Date): Omit<Member, "version" | "createdAt" | "updatedAt"> {
  return {
    id,
    communityId: community,
    displayName,
    timezone,
    timezoneSetByMember: false,
    skills: [],
    about: "",
    availability: structuredClone(DEFAULT_AVAILABILITY),
    reminders: "on",
    stats: structuredClone(EMPTY_STATS),
    evidence: [],
    dmClosed: false,
    departed: false,
    joinedAt: now,
    profileConfirmedAt: null,
    lastActiveAt: now,
    lastNudgedAt: null,
    unansweredNudges: 0,
  };
}
