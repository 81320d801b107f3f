import { distance } from "fastest-levenshtein";

/**
 * Typo lookup over a vocabulary by symmetric deletion (SymSpell): every word is stored under its 1-deletions
 * (and 2-deletions for long words), so a misspelt query word finds its candidates without scanning the
 * vocabulary. Candidates are confirmed with Levenshtein distance (an adjacent swap counts as one edit).
 */
export class SymSpell {
  private readonly deletes = new Map<string, Set<string>>();

  add(word: string): void {
    for (const d of deletions(word)) {
      let s = this.deletes.get(d);
      if (!s) this.deletes.set(d, (s = new Set()));
      s.add(word);
    }
  }

  remove(word: string): void {
    for (const d of deletions(word)) {
      const s = this.deletes.get(d);
      s?.delete(word);
      if (s && s.size === 0) this.deletes.delete(d);
    }
  }

  /** Vocabulary words within the allowed edit distance of `word` (1 for 4–7 letters, 2 from 8), closest first. */
  lookup(word: string): Array<{ word: string; edits: number }> {
    const max = maxEdits(word);
    if (max === 0) return [];
    const found = new Map<string, number>();
    for (const d of deletions(word)) {
      for (const cand of this.deletes.get(d) ?? []) {
        if (cand === word || found.has(cand)) continue;
        const e = edits(word, cand);
        if (e <= Math.min(max, maxEdits(cand) || 1)) found.set(cand, e);
      }
    }
    return [...found].map(([w, e]) => ({ word: w, edits: e })).sort((a, b) => a.edits - b.edits || a.word.localeCompare(b.word));
  }
}

export function maxEdits(word: string): number {
  return word.length < 4 ? 0 : word.length < 8 ? 1 : 2;
}

/** Levenshtein distance, counting one adjacent transposition as a single edit. */
export function edits(a: string, b: string): number {
  const d = distance(a, b);
  if (d === 2 && a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
    const [i, j] = diff;
    if (diff.length === 2 && i !== undefined && j === i + 1 && a[i] === b[j] && a[j] === b[i]) return 1;
  }
  return d;
}

/** The word itself, its 1-deletions, and for long words its 2-deletions. */
function deletions(word: string): Set<string> {
  const out = new Set<string>([word]);
  const depth = maxEdits(word);
  let frontier = [word];
  for (let k = 0; k < depth; k++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) {
        const d = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(d)) {
          out.add(d);
          next.push(d);
        }
      }
    }
    frontier = next;
  }
  return out;
}
