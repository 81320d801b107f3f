/**
 * Dense text embeddings (an OpenAI-compatible endpoint, a local model server…). Optional: matching works
 * offline without one. Implementations batch, cache by content hash and time out; the matcher falls back
 * to offline similarity whenever `embed` rejects.
 */
export interface Embedder {
  /** Stable name of the model/space (vectors of different ids are never compared). */
  readonly id: string;
  /**
   * One unit-length vector per input text, in input order. Rejects (never resolves partially) when the
   * endpoint fails after the implementation's own retries; callers then fall back to offline matching.
   */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}
