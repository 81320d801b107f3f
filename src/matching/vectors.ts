/** Offline word vectors: unit-length vectors by (lower-case, unaccented) word. */
export interface WordVectors {
  readonly dim: number;
  /** The word's unit vector, or null when the word is unknown. */
  get(word: string): Float32Array | null;
}

/** Word vectors held in a map (the trimmed wink vectors, or a tiny fixture in tests). Normalises on the way in. */
export class MapWordVectors implements WordVectors {
  private readonly map = new Map<string, Float32Array>();
  constructor(readonly dim: number, entries: Iterable<[string, ArrayLike<number>]> = []) {
    for (const [w, v] of entries) this.set(w, v);
  }
  set(word: string, v: ArrayLike<number>): void {
    if (v.length !== this.dim) throw new Error(`vector for ${JSON.stringify(word)} has ${v.length} dimensions, expected ${this.dim}`);
    const u = Float32Array.from(v);
    const n = Math.hypot(...u);
    if (!(n > 0)) return; // zero or NaN vectors are unknown words (cosine would be NaN)
    for (let i = 0; i < u.length; i++) u[i] = u[i]! / n;
    this.map.set(word, u);
  }
  get(word: string): Float32Array | null {
    return this.map.get(word) ?? null;
  }
  get size(): number {
    return this.map.size;
  }
}

/** Dot product of two unit vectors (their cosine). */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Unit-length mean of the known words' vectors, or null if none is known. */
export function centroid(vectors: WordVectors, words: readonly string[]): Float32Array | null {
  let acc: Float32Array | null = null;
  for (const w of words) {
    const v = vectors.get(w);
    if (!v) continue;
    acc ??= new Float32Array(vectors.dim);
    for (let i = 0; i < v.length; i++) acc[i]! += v[i]!;
  }
  if (!acc) return null;
  let n = 0;
  for (let i = 0; i < acc.length; i++) n += acc[i]! * acc[i]!;
  n = Math.sqrt(n);
  if (!(n > 0)) return null;
  for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! / n;
  return acc;
}
