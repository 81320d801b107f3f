import { platformOf, type MemberId, type Platform } from "../core/ids.js";
import type { Message } from "../core/messages.js";
import type { RequestOrigin } from "../core/domain/request.js";
import { DeliveryError, type Delivery, type Messenger } from "../core/ports/messenger.port.js";

/**
 * The Messenger the core sees: dispatches each call to the adapter of the member's platform
 * (`slack:…` → Slack). A platform that is not connected fails with a DeliveryError, never silently.
 */
export class MessengerRouter implements Messenger {
  private readonly byPlatform = new Map<Platform, Messenger>();

  register(platform: Platform, messenger: Messenger): void {
    this.byPlatform.set(platform, messenger);
  }

  has(platform: Platform): boolean {
    return this.byPlatform.has(platform);
  }

  /** Whether this process can send to a community's members (its platform's adapter is connected). */
  reaches(communityId: string): boolean {
    const p = platformOf(communityId);
    return p !== null && this.byPlatform.has(p);
  }

  private route(id: MemberId): Messenger {
    const p = platformOf(id);
    const m = p ? this.byPlatform.get(p) : undefined;
    if (!m) throw new DeliveryError("platform_error", `No connected platform can deliver to ${p ?? "unknown"} members (is the ${p ?? "?"} adapter configured?)`);
    return m;
  }

  // Async, so that a platform not connected rejects like any failed send (`.catch` handles it) rather than throwing.
  async sendDirect(to: MemberId, message: Message, fallback?: RequestOrigin): Promise<Delivery> {
    return this.route(to).sendDirect(to, message, fallback);
  }

  async introduce(members: MemberId[], message: Message, origin?: RequestOrigin): Promise<Delivery> {
    const first = members[0];
    if (!first) throw new DeliveryError("not_found", "introduce() needs at least one member");
    return this.route(first).introduce(members, message, origin);
  }

  async postToChannel(asMemberOf: MemberId, channelId: string, message: Message, threadId?: string | null): Promise<Delivery> {
    return this.route(asMemberOf).postToChannel(asMemberOf, channelId, message, threadId);
  }

  async isPlatformAdmin(member: MemberId): Promise<boolean | null> {
    const m = this.route(member);
    return m.isPlatformAdmin ? m.isPlatformAdmin(member) : null;
  }
}
