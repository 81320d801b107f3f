import type { CommunityId, MemberId } from "../core/ids.js";
import type { Logger } from "../core/ports/logger.port.js";
import type { Member } from "../core/domain/member.js";
import type { Matcher } from "../core/ports/matcher.port.js";
import type { Store, StoreChanges } from "../core/ports/store.port.js";

export interface ChangeFeedDeps {
  store: Store;
  matcher: Matcher;
  logger: Logger;
  /** Time between the end of one read and the start of the next. */
  intervalMs: number;
  /** Told of members deleted from the store (after the matcher has dropped them). */
  onRemoved?: (ids: MemberId[]) => void;
}

/** A community's aliases in a comparable form (key order is the store's, not meaningful). */
const aliasKey = (aliases: Record<string, string>): string => JSON.stringify(Object.entries(aliases).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const NO_ALIASES = aliasKey({});
/** A member whose change fails to apply this many ticks in a row is skipped, so that it cannot hold up the feed. */
export const SKIP_MEMBER_AFTER = 3;

/**
 * Keeps this process's match indexes current with what other processes write to the store (the operator CLI's
 * import and forget, a second instance on the same MongoDB): every few seconds it reads the store's change feed,
 * upserts changed members into the matcher, removes deleted ones, and rebuilds a community's index when its aliases
 * changed. This process's own writes come back too and are applied again, which is harmless. When nothing changed a
 * read is one small query. A failed read or apply is logged and the same changes are read again at the next tick,
 * except a member the matcher keeps failing on: after SKIP_MEMBER_AFTER ticks in a row it is logged at error and
 * skipped (its index entry stays as it was until its next change), and the feed moves on.
 */
export class ChangeFeed {
  private cursor: string | null = null;
  /** Each community's aliases as last seen; a community first seen in the feed was created with none. */
  private readonly aliases = new Map<CommunityId, string>();
  private timer: NodeJS.Timeout | null = null;
  /** The tick in progress, or the last one: ticks run one at a time. */
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  private failing = false;
  /** Consecutive failed applies of the member the feed is stuck on. */
  private stuck: { id: MemberId; failures: number } | null = null;

  constructor(private readonly d: ChangeFeedDeps) {}

  /**
   * Takes the feed's present position and the communities' aliases, then polls. Call it before the indexes are built,
   * so that whatever is written while they are is applied after. Never throws: if the store cannot be read now, the
   * first tick that can read it starts the feed and has every index rebuilt (what happened meanwhile is unknown).
   */
  async start(): Promise<void> {
    try {
      await this.begin();
    } catch (e: unknown) {
      this.d.logger.warn({ err: e }, "could not start reading the store's changes; retrying at the next tick");
      this.failing = true;
    }
    this.schedule();
  }

  /** Reads and applies everything that changed since the last tick. Never throws; ticks run one after another. */
  tick(): Promise<void> {
    this.queue = this.queue.then(() => this.poll());
    return this.queue;
  }

  /** Stops polling and waits for a tick in progress (it stops between pages). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.queue;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick().then(() => this.schedule());
    }, this.d.intervalMs);
  }

  private async begin(late = false): Promise<void> {
    const { cursor } = await this.d.store.changesSince(null);
    for (const id of await this.d.store.listCommunityIds()) {
      const c = await this.d.store.getCommunity(id);
      if (c) this.aliases.set(id, aliasKey(c.settings.aliases));
      if (late) this.rebuild(id);
    }
    this.cursor = cursor;
  }

  private async poll(): Promise<void> {
    if (this.stopped) return;
    try {
      if (this.cursor === null) {
        await this.begin(true);
      } else {
        let more = true;
        while (more && !this.stopped) {
          const changes = await this.d.store.changesSince(this.cursor);
          await this.apply(changes);
          this.cursor = changes.cursor;
          more = changes.more;
          // A large import arrives in pages: let other work (platform events, questions) run between them.
          if (more) await new Promise((resolve) => setImmediate(resolve));
        }
      }
      if (this.failing) this.d.logger.info({}, "reading the store's changes again");
      this.failing = false;
    } catch (e: unknown) {
      if (this.stopped) return;
      // Once per outage at warn; the cursor stays where it was, so nothing is lost.
      if (this.failing) this.d.logger.debug({ err: e }, "still cannot read the store's changes");
      else this.d.logger.warn({ err: e }, "could not read the store's changes; retrying at the next tick");
      this.failing = true;
    }
  }

  private async apply(changes: StoreChanges): Promise<void> {
    // Removals first: a member deleted and created again since the last tick comes as a member.
    for (const r of changes.removed) await this.d.matcher.remove(r.id, r.communityId);
    if (changes.removed.length > 0) this.d.onRemoved?.(changes.removed.map((r) => r.id));
    for (const m of changes.members) await this.upsert(m);
    for (const c of changes.communities) {
      const key = aliasKey(c.settings.aliases);
      if ((this.aliases.get(c.id) ?? NO_ALIASES) !== key) this.aliasesChanged(c.id, c.settings.aliases);
      this.aliases.set(c.id, key);
    }
    if (changes.members.length + changes.removed.length > 0) {
      this.d.logger.debug({ members: changes.members.length, removed: changes.removed.length, communities: changes.communities.length }, "store changes applied");
    }
  }

  /** Applies one member's change; rethrows (the page is read again) until the member has failed SKIP_MEMBER_AFTER times in a row. */
  private async upsert(m: Member): Promise<void> {
    try {
      await this.d.matcher.upsert(m);
      if (this.stuck?.id === m.id) this.stuck = null;
    } catch (e: unknown) {
      const failures = this.stuck?.id === m.id ? this.stuck.failures + 1 : 1;
      if (failures < SKIP_MEMBER_AFTER) {
        this.stuck = { id: m.id, failures };
        throw e;
      }
      this.stuck = null;
      this.d.logger.error({ err: e, memberId: m.id, communityId: m.communityId, failures }, "could not apply a member's change to the match index; skipped so that the feed goes on");
    }
  }

  /**
   * A community's aliases changed: the matcher rebuilds its index in the background unless it has it with these aliases
   * already (a change made in this process rebuilt it at once). Matchers that cannot tell are rebuilt.
   */
  private aliasesChanged(id: CommunityId, aliases: Readonly<Record<string, string>>): void {
    if (!this.d.matcher.aliasesChanged) return this.rebuild(id);
    this.d.matcher.aliasesChanged(id, aliases).catch((e: unknown) => {
      if (!this.stopped) this.d.logger.warn({ err: e, communityId: id }, "could not rebuild the match index; the community's next question will");
    });
  }

  /** Drops a community's index and builds it again in the background, so that no question waits for the build. */
  private rebuild(id: CommunityId): void {
    this.d.matcher.invalidate?.(id);
    this.d.matcher.prepare?.(id).catch((e: unknown) => {
      if (!this.stopped) this.d.logger.warn({ err: e, communityId: id }, "could not rebuild the match index; the community's next question will");
    });
  }
}
