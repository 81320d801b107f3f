import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeOpenAI {
  url: string;
  /** Inputs of every embeddings request, in order. */
  requests: string[][];
  /** The `dimensions` each request asked for (undefined when it did not). */
  dimensions: Array<number | undefined>;
  /** When set, every request answers with this HTTP status. */
  failWith: number | null;
  /** When set, rewrites each request's vectors before they are sent (wrong sizes, junk values). */
  mangle: ((vectors: number[][]) => unknown[]) | null;
  close(): Promise<void>;
}

/**
 * A fake OpenAI-compatible embeddings endpoint on 127.0.0.1: `POST /v1/embeddings` returns a deterministic
 * 8-dimensional vector per input (letter counts of a few groups), so similar texts get similar vectors.
 */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const state: FakeOpenAI = { url: "", requests: [], dimensions: [], failWith: null, mangle: null, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      if (state.failWith !== null) {
        res.writeHead(state.failWith, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "boom", type: "server_error" } }));
        return;
      }
      if (req.method !== "POST" || !req.url?.endsWith("/embeddings")) {
        res.writeHead(404).end();
        return;
      }
      const parsed = JSON.parse(body) as { input: string[] | string; model: string; encoding_format?: string; dimensions?: number };
      const input = Array.isArray(parsed.input) ? parsed.input : [parsed.input];
      state.requests.push(input);
      state.dimensions.push(parsed.dimensions);
      // Like text-embedding-3, a `dimensions` request gets the vector's first dimensions (renormalised by the client).
      const vectors = input.map((t) => fakeVector(t).slice(0, parsed.dimensions ?? undefined));
      const data = (state.mangle ? state.mangle(vectors) : vectors).map((embedding, index) => ({ object: "embedding", index, embedding }));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ object: "list", data, model: parsed.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = () => new Promise<void>((r) => server.close(() => r()));
  return state;
}

/** Topic buckets: a text's vector counts words of each bucket (plus a small constant). */
const BUCKETS = [["pottery", "clay", "kiln", "ceramic", "glaze"], ["tax", "invoice", "bookkeeping", "vat"], ["code", "react", "javascript"], ["knit", "yarn"]];

export function fakeVector(text: string): number[] {
  const t = text.toLowerCase();
  return [...BUCKETS.map((b) => b.filter((w) => t.includes(w)).length), 0.05, 0.05, 0.05, 0.05];
}
