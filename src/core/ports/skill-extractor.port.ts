import type { SkillInput } from "../domain/skill.js";

/**
 * Optional: understands skills in free text better than the built-in parser ("I've been doing the
 * books for a few Etsy shops" → bookkeeping). Implementations treat the text as data, never as
 * instructions, and validate what the model returns.
 */
export interface SkillExtractor {
  /**
   * Skills the writer says they have or are learning. Resolves null when the extractor is unavailable
   * or failed (the core then falls back to its own parser); never rejects for model or network faults.
   */
  extract(text: string): Promise<SkillInput[] | null>;
}
