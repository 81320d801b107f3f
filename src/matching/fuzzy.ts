import { distance } from "fastest-levenshtein";

/** Longest term considered for typo tolerance (longer ones are rare and costly). */
const MAX_LEN = 24;

function deletes(term: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < term.length; i++) out.push(term.slice(0, i) + term.slice(i + 1));
  return out;
}

/** Edit distance allowed for a term of this length: none below 5 characters, 1 up to 7, else 2. */
export function allowedEdits(len: number): number {
  return len < 5 ? 0 : len < 8 ? 1 : 2;
}

/**
 * Typo tolerance over a changing vocabulary (one per community): a symmetric-delete index finds the
 * terms within one deletion of each other, then Levenshtein (fastest-levenshtein) confirms the distance.
 * Reference-counted so that terms disappear when the last member using them changes.
 */
export class FuzzyVocab {
  private readonly byDelete = new Map<string, Set<string>>();
  private readonly counts = new Map<string, number>();

  /** Whether the term is in the vocabulary. */
  has(term: string): boolean {
    return this.counts.has(term);
  }

  add(term: string): void {
    const n = this.counts.get(term) ?? 0;
    this.counts.set(term, n + 1);
    if (n > 0 || term.length < 4 || term.length > MAX_LEN || term.includes("~")) return;
    for (const d of [term, ...deletes(term)]) {
      let set = this.byDelete.get(d);
      if (!set) this.byDelete.set(d, (set = new Set()));
      set.add(term);
    }
  }

  remove(term: string): void {
    const n = this.counts.get(term);
    if (n === undefined) return;
    if (n > 1) {
      this.counts.set(term, n - 1);
      return;
    }
    this.counts.delete(term);
    for (const d of [term, ...deletes(term)]) {
      const set = this.byDelete.get(d);
      set?.delete(term);
      if (set?.size === 0) this.byDelete.delete(d);
    }
  }

  /** Vocabulary terms other than `term` within its allowed edit distance, closest first. */
  near(term: string): string[] {
    const max = allowedEdits(term.length);
    if (max === 0 || term.length > MAX_LEN || term.includes("~")) return [];
    const seen = new Set<string>();
    for (const d of [term, ...deletes(term)]) for (const t of this.byDelete.get(d) ?? []) if (t !== term) seen.add(t);
    return [...seen]
      .map((t) => ({ t, d: distance(t, term) }))
      .filter((x) => x.d <= Math.min(max, allowedEdits(x.t.length)) && x.t[0] === term[0])
      .sort((a, b) => a.d - b.d || a.t.localeCompare(b.t))
      .map((x) => x.t);
  }
}
