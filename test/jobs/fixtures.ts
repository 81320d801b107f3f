import type { Member } from "../../src/core/domain/member.js";
import type { Skill } from "../../src/core/domain/skill.js";
import type { MemberId } from "../../src/core/ids.js";
import { memberId } from "../../src/core/ids.js";
import type { Message } from "../../src/core/messages.js";
import { DeliveryError, type Delivery, type DeliveryFailure, type Messenger } from "../../src/core/ports/messenger.port.js";
import type { Store } from "../../src/core/ports/store.port.js";
import { newMember } from "../../src/core/usecases/members.js";
import { COMMUNITY } from "../support/harness.js";

export const DAY = 86_400_000;

export function skill(label: string, confirmedAt: Date): Skill {
  return { label, key: label.toLowerCase(), level: "can_help", source: "declared", addedAt: confirmedAt, confirmedAt };
}

/** Inserts a member of the test community with sensible defaults (London, joined a year before `now`). */
export async function addMember(store: Store, name: string, now: Date, patch: Partial<Member> = {}): Promise<MemberId> {
  const id = memberId(patch.communityId ?? COMMUNITY, name);
  const base = newMember(id, patch.communityId ?? COMMUNITY, name, "Europe/London", new Date(now.getTime() - 365 * DAY));
  const ok = await store.insertMember({ ...base, ...patch, id }, now);
  if (!ok) throw new Error(`member ${id} exists`);
  return id;
}

/** A Messenger that records DMs; failures can be scripted and cleared, and sends can yield to interleave sweeps. */
export class ScriptedMessenger implements Messenger {
  readonly dms: Array<{ to: MemberId; message: Message }> = [];
  readonly failures = new Map<MemberId, DeliveryFailure | Error>();
  constructor(private readonly yieldEachSend = false) {}

  to(member: MemberId): Message[] {
    return this.dms.filter((d) => d.to === member).map((d) => d.message);
  }

  recipients(): MemberId[] {
    return this.dms.map((d) => d.to);
  }

  async sendDirect(to: MemberId, message: Message): Promise<Delivery> {
    if (this.yieldEachSend) await new Promise((r) => setImmediate(r));
    const f = this.failures.get(to);
    if (f instanceof Error) throw f;
    if (f) throw new DeliveryError(f, `scripted ${f}`);
    this.dms.push({ to, message });
    return { channelId: `D-${to}`, messageId: String(this.dms.length) };
  }

  async introduce(): Promise<Delivery> {
    throw new Error("not used by sweeps");
  }

  async postToChannel(): Promise<Delivery> {
    throw new Error("not used by sweeps");
  }
}
