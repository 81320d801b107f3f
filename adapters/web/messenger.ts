import type { RequestOrigin } from "../../src/core/domain/request.js";
import { platformOf, type MemberId } from "../../src/core/ids.js";
import type { Message } from "../../src/core/messages.js";
import type { Clock } from "../../src/core/ports/clock.port.js";
import type { Logger } from "../../src/core/ports/logger.port.js";
import { DeliveryError, type Delivery, type Messenger } from "../../src/core/ports/messenger.port.js";

/** What a member pressed on an inbox item, and what the bot answered. */
export interface InboxAnswer {
  actionType: string;
  label: string;
  reply: Message | null;
  at: Date;
  /** Set when the playground settled the item for the member (someone else stepped in, a newer reminder came): it shows as closed, not as their answer. */
  settled?: boolean;
}

/**
 * One entry in a member's inbox: a direct message from the bot, or a shared introduction conversation
 * (the same conversation id appears in every participant's inbox).
 */
export interface InboxItem {
  id: string;
  kind: "dm" | "intro";
  at: Date;
  message: Message;
  /** For intros: everyone in the conversation. */
  participants: MemberId[];
  /** Set once the member pressed one of the message's buttons (buttons are then spent). */
  answer: InboxAnswer | null;
}

export interface ChannelPost {
  id: string;
  channelId: string;
  threadId: string | null;
  /** The member the post is about / on behalf of. */
  asMemberOf: MemberId;
  at: Date;
  message: Message;
}

/** Most items kept per inbox and per channel: the playground never grows without bound. */
export const MAX_ITEMS = 200;

/**
 * The playground's Messenger: instead of calling a chat platform it keeps messages in memory, per
 * member (DMs and intros) and per channel, for the web UI to show. Only `web:` members are accepted.
 */
export class WebMessenger implements Messenger {
  private readonly inboxes = new Map<MemberId, InboxItem[]>();
  private readonly channels = new Map<string, ChannelPost[]>();
  private seq = 0;

  /** The clock items are stamped with: the app's, or (while the demo's history is replayed) that history's. */
  private stamp: Clock;
  /** Called after every change to inboxes or channels (the playground saves them). */
  onChange: () => void = () => undefined;

  constructor(private readonly clock: Clock, private readonly logger: Logger) {
    this.stamp = clock;
  }

  /** Stamps new items with `clock` (null: the app's clock again). */
  stampWith(clock: Clock | null): void {
    this.stamp = clock ?? this.clock;
  }

  /** Stores the message in the member's inbox. Throws DeliveryError for a non-web member id. */
  async sendDirect(to: MemberId, message: Message, _fallback?: RequestOrigin): Promise<Delivery> {
    this.requireWeb(to);
    const item = this.push(to, { id: this.nextId("dm"), kind: "dm", at: this.stamp.now(), message, participants: [to], answer: null });
    this.logger.debug({ to, kind: message.kind, itemId: item.id }, "web dm stored");
    return { channelId: `dm:${to}`, messageId: item.id };
  }

  /** Opens one shared conversation, visible in each participant's inbox under the same id. */
  async introduce(members: MemberId[], message: Message, _origin?: RequestOrigin): Promise<Delivery> {
    const people = [...new Set(members)];
    if (people.length === 0) throw new DeliveryError("not_found", "introduce() needs at least one member");
    for (const m of people) this.requireWeb(m);
    const id = this.nextId("intro");
    const at = this.stamp.now();
    for (const m of people) this.push(m, { id, kind: "intro", at, message, participants: people, answer: null });
    this.logger.debug({ members: people, itemId: id }, "web intro stored");
    return { channelId: id, messageId: id };
  }

  /** Appends to the channel's feed (the thread id is kept so the UI can group replies). */
  async postToChannel(asMemberOf: MemberId, channelId: string, message: Message, threadId?: string | null): Promise<Delivery> {
    this.requireWeb(asMemberOf);
    const post: ChannelPost = { id: this.nextId("post"), channelId, threadId: threadId ?? null, asMemberOf, at: this.stamp.now(), message };
    const feed = this.channels.get(channelId) ?? [];
    feed.push(post);
    if (feed.length > MAX_ITEMS) feed.splice(0, feed.length - MAX_ITEMS);
    this.channels.set(channelId, feed);
    this.onChange();
    return { channelId, messageId: post.id };
  }

  /** The member's inbox, newest first (copies). */
  inbox(member: MemberId): InboxItem[] {
    return [...(this.inboxes.get(member) ?? [])].reverse().map((i) => structuredClone(i));
  }

  /** One inbox item of the member, or null. */
  item(member: MemberId, itemId: string): InboxItem | null {
    const found = this.inboxes.get(member)?.find((i) => i.id === itemId);
    return found ? structuredClone(found) : null;
  }

  /**
   * Records that the member answered an item (its buttons are spent). For an intro only that member's
   * copy is marked. Returns false if the item does not exist.
   */
  markAnswered(member: MemberId, itemId: string, answer: InboxAnswer): boolean {
    const found = this.inboxes.get(member)?.find((i) => i.id === itemId);
    if (!found) return false;
    found.answer = answer;
    this.onChange();
    return true;
  }

  /** A channel's posts, oldest first (copies). */
  channel(channelId: string): ChannelPost[] {
    return (this.channels.get(channelId) ?? []).map((p) => structuredClone(p));
  }

  /** Every message of a kind delivered so far (dashboard counts for the playground). */
  countByKind(): Record<string, number> {
    const counts: Record<string, number> = {};
    const seen = new Set<string>();
    for (const items of this.inboxes.values()) {
      for (const i of items) {
        if (seen.has(i.id)) continue;
        seen.add(i.id);
        counts[i.message.kind] = (counts[i.message.kind] ?? 0) + 1;
      }
    }
    return counts;
  }

  /** Drops a member's inbox (forget-me). */
  forget(member: MemberId): void {
    if (this.inboxes.delete(member)) this.onChange();
  }

  /** Forgets every inbox and channel. */
  clear(): void {
    this.inboxes.clear();
    this.channels.clear();
    this.onChange();
  }

  /** Everything delivered so far, to be saved: read-only views of the live items (the saver serialises them at once). */
  snapshot(): { seq: number; inboxes: Record<string, readonly InboxItem[]>; channels: Record<string, readonly ChannelPost[]> } {
    return { seq: this.seq, inboxes: Object.fromEntries(this.inboxes), channels: Object.fromEntries(this.channels) };
  }

  /** Takes back what `snapshot` gave (on start, before anything is delivered). */
  restore(saved: { seq: number; inboxes: Record<string, readonly InboxItem[]>; channels: Record<string, readonly ChannelPost[]> }): void {
    this.seq = Math.max(this.seq, saved.seq);
    for (const [member, items] of Object.entries(saved.inboxes)) this.inboxes.set(member, items.slice(-MAX_ITEMS));
    for (const [channel, posts] of Object.entries(saved.channels)) this.channels.set(channel, posts.slice(-MAX_ITEMS));
  }

  private push(member: MemberId, item: InboxItem): InboxItem {
    const list = this.inboxes.get(member) ?? [];
    list.push(item);
    if (list.length > MAX_ITEMS) list.splice(0, list.length - MAX_ITEMS);
    this.inboxes.set(member, list);
    this.onChange();
    return item;
  }

  private requireWeb(id: MemberId): void {
    if (platformOf(id) !== "web") throw new DeliveryError("not_found", `The playground can only deliver to web members, not ${id}`);
  }

  private nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}-${this.seq}`;
  }
}
