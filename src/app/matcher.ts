import { join } from "node:path";
import type { Logger } from "../core/ports/logger.port.js";
import type { Matcher } from "../core/ports/matcher.port.js";
import type { Store } from "../core/ports/store.port.js";
import { HybridMatcher } from "../ranking/hybrid-matcher.js";
import type { WordVectors } from "../ranking/vectors.js";
import { loadWinkVectors } from "../ranking/wink-vectors.js";
import type { Config } from "./config.js";

/**
 * Builds the matcher for this configuration: the hybrid engine (src/ranking), with offline word vectors
 * unless WORD_VECTORS=off (trimmed once into DATA_DIR/vectors, then loaded from there), and OpenAI-compatible
 * embeddings when OPENAI_API_KEY is set. A missing or broken vector file degrades to lexical matching with
 * a warning; it never stops the service.
 */
export async function createMatcher(config: Config, store: Store, logger: Logger): Promise<Matcher> {
  let vectors: WordVectors | null = null;
  if (config.wordVectors) {
    try {
      vectors = await loadWinkVectors({ cacheDir: join(config.dataDir, "vectors"), logger: logger.child({ component: "word-vectors" }) });
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, "word vectors unavailable; matching without them");
    }
  }
  const embedder = config.openai
    ? new (await import("../ai/openai-embedder.js")).OpenAIEmbedder({ apiKey: config.openai.apiKey, baseUrl: config.openai.baseUrl, model: config.openai.embeddingModel, dimensions: config.openai.embeddingDimensions, timeoutMs: config.openai.timeoutMs, logger })
    : null;
  return new HybridMatcher({ store, logger, vectors, embedder });
}
