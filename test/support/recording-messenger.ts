import type { RequestOrigin } from "../../src/core/domain/request.js";
import type { MemberId } from "../../src/core/ids.js";
import type { Message } from "../../src/core/messages.js";
import { DeliveryError, type Delivery, type DeliveryFailure, type Messenger } from "../../src/core/ports/messenger.port.js";

export type Sent =
  | { kind: "dm"; to: MemberId; message: Message; fallback?: RequestOrigin }
  | { kind: "intro"; members: MemberId[]; message: Message }
  | { kind: "channel"; channelId: string; threadId: string | null; message: Message };

/** A Messenger that records what the core sends; failures can be scripted per member. */
export class RecordingMessenger implements Messenger {
  readonly sent: Sent[] = [];
  private readonly failures = new Map<MemberId, DeliveryFailure>();

  failFor(member: MemberId, reason: DeliveryFailure): void {
    this.failures.set(member, reason);
  }

  dmsTo(member: MemberId): Message[] {
    return this.sent.flatMap((s) => (s.kind === "dm" && s.to === member ? [s.message] : []));
  }

  async sendDirect(to: MemberId, message: Message, fallback?: RequestOrigin): Promise<Delivery> {
    const f = this.failures.get(to);
    if (f) throw new DeliveryError(f, `scripted ${f}`);
    this.sent.push({ kind: "dm", to, message, fallback });
    return { channelId: `D-${to}`, messageId: String(this.sent.length) };
  }

  async introduce(members: MemberId[], message: Message): Promise<Delivery> {
    this.sent.push({ kind: "intro", members, message });
    return { channelId: `G-${members.join("+")}`, messageId: String(this.sent.length) };
  }

  async postToChannel(_as: MemberId, channelId: string, message: Message, threadId?: string | null): Promise<Delivery> {
    this.sent.push({ kind: "channel", channelId, threadId: threadId ?? null, message });
    return { channelId, messageId: String(this.sent.length) };
  }
}
