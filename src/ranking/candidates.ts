/**
 * The best `k` items by score, kept in a bounded min-heap (the weakest kept item on top), so choosing a
 * shortlist out of many scored members costs O(n log k) and no sort of everything. Ties keep the item
 * with the lower id (slot), which makes results independent of the order items are offered in.
 */
export class TopK {
  private readonly ids: Int32Array;
  private readonly scores: Float64Array;
  private readonly extra: Float64Array;
  size = 0;

  constructor(readonly k: number) {
    this.ids = new Int32Array(k);
    this.scores = new Float64Array(k);
    this.extra = new Float64Array(k);
  }

  /** Whether an item with this score and id would be kept (call before expensive checks). */
  admits(score: number, id: number): boolean {
    if (this.size < this.k) return true;
    return this.k > 0 && worse(this.scores[0] ?? 0, this.ids[0] ?? 0, score, id);
  }

  /** Offers an item (with one number carried along); it is kept if among the best k so far. */
  push(score: number, id: number, extra = 0): void {
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(score, id, this.scores[parent] ?? 0, this.ids[parent] ?? 0)) break;
        this.move(parent, i);
        i = parent;
      }
      this.place(i, score, id, extra);
      return;
    }
    if (!this.admits(score, id)) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const r = l + 1;
      const c = r < this.size && worse(this.scores[r] ?? 0, this.ids[r] ?? 0, this.scores[l] ?? 0, this.ids[l] ?? 0) ? r : l;
      if (!worse(this.scores[c] ?? 0, this.ids[c] ?? 0, score, id)) break;
      this.move(c, i);
      i = c;
    }
    this.place(i, score, id, extra);
  }

  /** The kept items, best first. */
  sorted(): Array<{ id: number; score: number; extra: number }> {
    const out: Array<{ id: number; score: number; extra: number }> = [];
    for (let i = 0; i < this.size; i++) out.push({ id: this.ids[i] ?? 0, score: this.scores[i] ?? 0, extra: this.extra[i] ?? 0 });
    return out.sort((a, b) => b.score - a.score || a.id - b.id);
  }

  private move(from: number, to: number): void {
    this.ids[to] = this.ids[from] ?? 0;
    this.scores[to] = this.scores[from] ?? 0;
    this.extra[to] = this.extra[from] ?? 0;
  }

  private place(i: number, score: number, id: number, extra: number): void {
    this.ids[i] = id;
    this.scores[i] = score;
    this.extra[i] = extra;
  }
}

/** Whether (a, ia) ranks below (b, ib): lower score, or the same score and a higher id. */
function worse(a: number, ia: number, b: number, ib: number): boolean {
  return a < b || (a === b && ia > ib);
}
