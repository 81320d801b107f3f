/**
 * One BM25 field (skills, about, evidence) over a changing set of documents: postings per term,
 * document lengths and document frequencies are kept current by `add`/`remove`, so an update is visible
 * to the next query without a rebuild.
 */
export class Bm25Field {
  private readonly postings = new Map<string, Map<string, number>>();
  private readonly lengths = new Map<string, number>();
  private totalLength = 0;

  constructor(
    readonly k1 = 1.2,
    readonly b = 0.75,
  ) {}

  get docCount(): number {
    return this.lengths.size;
  }

  /** Indexes a document as term → (weighted) frequency. Replaces any previous version of the document. */
  add(docId: string, tf: ReadonlyMap<string, number>): void {
    this.remove(docId);
    let len = 0;
    for (const [term, f] of tf) {
      if (f <= 0) continue;
      let p = this.postings.get(term);
      if (!p) this.postings.set(term, (p = new Map()));
      p.set(docId, f);
      len += f;
    }
    this.lengths.set(docId, len);
    this.totalLength += len;
  }

  /** Forgets a document; no-op if unknown. Its terms are looked up from the postings it left. */
  remove(docId: string, terms?: Iterable<string>): void {
    const len = this.lengths.get(docId);
    if (len === undefined) return;
    this.lengths.delete(docId);
    this.totalLength -= len;
    const keys = terms ?? this.postings.keys();
    for (const t of keys) {
      const p = this.postings.get(t);
      if (p?.delete(docId) && p.size === 0) this.postings.delete(t);
    }
  }

  /** Documents containing the term. */
  df(term: string): number {
    return this.postings.get(term)?.size ?? 0;
  }

  /** BM25 inverse document frequency (always ≥ 0). */
  idf(term: string): number {
    const n = this.lengths.size;
    const df = this.df(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Adds `weight × BM25(term)` to `out[docId]` for every document containing the term.
   * The cost is proportional to the term's posting list.
   */
  accumulate(term: string, weight: number, out: Map<string, number>, onlyExisting = false): void {
    const p = this.postings.get(term);
    if (!p || weight === 0) return;
    if (onlyExisting && p.size > out.size) {
      this.accumulateInto(term, p, weight, out);
      return;
    }
    const idf = this.idf(term);
    const avg = this.totalLength / Math.max(1, this.lengths.size) || 1;
    for (const [doc, tf] of p) {
      if (onlyExisting && !out.has(doc)) continue;
      const len = this.lengths.get(doc) ?? avg;
      const s = (idf * tf * (this.k1 + 1)) / (tf + this.k1 * (1 - this.b + (this.b * len) / avg));
      out.set(doc, (out.get(doc) ?? 0) + weight * s);
    }
  }

  /** Like accumulate, but walks the (smaller) result set instead of the term's long posting list. */
  private accumulateInto(term: string, p: Map<string, number>, weight: number, out: Map<string, number>): void {
    const idf = this.idf(term);
    const avg = this.totalLength / Math.max(1, this.lengths.size) || 1;
    for (const [doc, acc] of out) {
      const tf = p.get(doc);
      if (tf === undefined) continue;
      const len = this.lengths.get(doc) ?? avg;
      out.set(doc, acc + (weight * idf * tf * (this.k1 + 1)) / (tf + this.k1 * (1 - this.b + (this.b * len) / avg)));
    }
  }
}
