/** Fields of a member document, in the order of a posting's per-field term frequencies. */
export const F = { skill: 0, about: 1, evidence: 2, learning: 3, notMyArea: 4 } as const;
export const FIELD_COUNT = 5;
/** Fixed-point unit of stored term frequencies (multiples of 0.05 are exact; at most 3276.75). */
export const TF_UNIT = 20;

/**
 * The members holding one token, packed: `slots[i]` is a member slot and `tf[i*FIELD_COUNT + f] / TF_UNIT`
 * its term frequency in field f (fixed point: frequencies are sums of level weights such as 1.5 or 0.8). Entries are unordered (a removal moves the last entry into the hole), so adding
 * is O(1) amortised and removing is one scan of this token's entries. No per-member objects.
 */
export class Posting {
  slots: Int32Array;
  tf: Uint16Array;
  /**
   * Precomputed BM25 contribution of each entry for a helper question (NaN: the member is learning this
   * token). Valid while `impactStamp` equals the index's norm stamp for `impactOwner`'s weights; any add
   * marks it stale (see score.ts).
   */
  impact: Float32Array;
  impactStamp = -1;
  impactOwner: object | null = null;
  /** Number of entries (the token's document frequency). */
  size = 0;

  constructor(readonly token: string, capacity = 2) {
    this.slots = new Int32Array(capacity);
    this.tf = new Uint16Array(capacity * FIELD_COUNT);
    this.impact = new Float32Array(capacity);
  }

  /** Appends a member's frequencies, `tf[from … from+FIELD_COUNT)` (the caller guarantees the slot is new here). */
  add(slot: number, tf: ArrayLike<number>, from = 0): void {
    if (this.size === this.slots.length) this.grow();
    const i = this.size++;
    this.slots[i] = slot;
    const at = i * FIELD_COUNT;
    for (let f = 0; f < FIELD_COUNT; f++) this.tf[at + f] = Math.min(0xffff, Math.round((tf[from + f] ?? 0) * TF_UNIT));
    this.impactStamp = -1;
  }

  /** Removes a member's entry; false if absent. */
  remove(slot: number): boolean {
    const slots = this.slots;
    for (let i = 0; i < this.size; i++) {
      if (slots[i] !== slot) continue;
      const last = --this.size;
      if (i !== last) {
        slots[i] = slots[last] ?? 0;
        this.impact[i] = this.impact[last] ?? 0;
        this.tf.copyWithin(i * FIELD_COUNT, last * FIELD_COUNT, (last + 1) * FIELD_COUNT);
      }
      if (this.slots.length > 64 && this.size < this.slots.length / 4) this.shrink();
      return true;
    }
    return false;
  }

  /** Releases spare capacity (after a bulk build). */
  compact(): void {
    if (this.slots.length > this.size) this.resize(Math.max(1, this.size));
  }

  private grow(): void {
    this.resize(Math.max(4, this.slots.length * 2));
  }

  private shrink(): void {
    this.resize(Math.max(4, this.slots.length >> 1));
  }

  private resize(cap: number): void {
    const slots = new Int32Array(cap);
    slots.set(this.slots.subarray(0, this.size));
    const tf = new Uint16Array(cap * FIELD_COUNT);
    tf.set(this.tf.subarray(0, this.size * FIELD_COUNT));
    const impact = new Float32Array(cap);
    impact.set(this.impact.subarray(0, this.size));
    this.slots = slots;
    this.tf = tf;
    this.impact = impact;
  }
}

/** A growable Float32Array indexed by slot (per-member numbers kept next to the postings). */
export class SlotFloats {
  data: Float32Array;

  constructor(readonly width: number, capacity = 64) {
    this.data = new Float32Array(capacity * width);
  }

  ensure(slots: number): void {
    if (slots * this.width <= this.data.length) return;
    let cap = this.data.length / this.width || 64;
    while (cap < slots) cap *= 2;
    const next = new Float32Array(cap * this.width);
    next.set(this.data);
    this.data = next;
  }
}
