/**
 * Button and modal `custom_id`s: `${type}:${guildId}:${value}` within Discord's 100-character limit.
 *
 * The guild is always encoded because buttons in DMs arrive without one: it tells the handler which
 * community the press belongs to. Member ids of that guild inside the value are shortened
 * (`discord:G:U` → `~U`). Values that still do not fit are kept server-side in a bounded, expiring map
 * and referenced as `#key` (lost on restart: the member is asked to try again).
 */
import type { Clock } from "../../src/core/ports/clock.port.js";

export const CUSTOM_ID_MAX = 100;
const TTL_MS = 7 * 24 * 3600_000;
const MAX_ENTRIES = 20_000;

/** The longest action type ("skills.confirm_parsed"): every core button value up to `valueRoom` travels in its id. */
const LONGEST_TYPE = 21;

/**
 * Room for a button value in this guild's custom_ids, for the core (`Actor.buttonValueMax`): a longer value becomes a
 * core draft instead of overflowing into this adapter's map.
 */
export function valueRoom(guildId: string): number {
  return CUSTOM_ID_MAX - LONGEST_TYPE - guildId.length - 2;
}

export interface DecodedId {
  type: string;
  guildId: string;
  /** The value as the core wrote it; null when it was kept server-side and has expired. */
  value: string | null;
}

export class CustomIds {
  private readonly overflow = new Map<string, { value: string; expires: number }>();
  private seq = 0;

  constructor(private readonly clock: Clock) {}

  encode(type: string, guildId: string, value: string): string {
    const short = value.split(`discord:${guildId}:`).join("~");
    const id = `${type}:${guildId}:${short}`;
    if (id.length <= CUSTOM_ID_MAX && !value.includes("~") && !value.startsWith("#")) return id;
    const key = this.remember(value);
    const ref = `${type}:${guildId}:#${key}`;
    if (ref.length > CUSTOM_ID_MAX) throw new Error(`custom_id type too long: ${type}`);
    return ref;
  }

  /** Null when the id is not one of ours. */
  decode(customId: string): DecodedId | null {
    const m = customId.match(/^([a-z_.]+):(\d{15,21}):([\s\S]*)$/);
    if (!m) return null;
    const [, type, guildId, raw] = m as unknown as [string, string, string, string];
    if (raw.startsWith("#")) {
      const hit = this.overflow.get(raw.slice(1));
      return { type, guildId, value: hit && hit.expires > this.clock.now().getTime() ? hit.value : null };
    }
    return { type, guildId, value: raw.split("~").join(`discord:${guildId}:`) };
  }

  private remember(value: string): string {
    const now = this.clock.now().getTime();
    if (this.overflow.size >= MAX_ENTRIES) {
      for (const [k, v] of this.overflow) if (v.expires <= now || this.overflow.size >= MAX_ENTRIES) this.overflow.delete(k);
    }
    const key = `${(++this.seq).toString(36)}.${now.toString(36)}`;
    this.overflow.set(key, { value, expires: now + TTL_MS });
    return key;
  }
}
