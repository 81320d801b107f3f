import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { OpenAIEmbedder } from "../../src/ai/openai-embedder.js";
import { OpenAiSkillExtractor } from "../../src/ai/openai-skill-extractor.js";
import type { RequestOrigin } from "../../src/core/domain/request.js";
import { createCore, type Core } from "../../src/core/index.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { HybridMatcher } from "../../src/ranking/hybrid-matcher.js";
import { useTestCore } from "../support/harness.js";

const CHANNEL: RequestOrigin = { surface: "command", channelId: "C1", threadId: null, isPrivate: false };
const TIMEOUT_MS = 2000;

/** An OpenAI-compatible endpoint on 127.0.0.1 that answers every request with `handler`. */
async function endpoint(handler: (res: ServerResponse) => void) {
  let hits = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      hits++;
      handler(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    hits: () => hits,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

const rateLimited = (res: ServerResponse) =>
  res.writeHead(429, { "content-type": "application/json", "retry-after": "120" }).end(JSON.stringify({ error: { message: "slow down", type: "rate_limit" } }));

describe("the OpenAI-compatible endpoint misbehaves: /ask answers offline within OPENAI_TIMEOUT_MS", () => {
  const t = useTestCore();

  /** A core whose matcher embeds with `url` (default options, as src/app/matcher.ts builds it); ana knows pottery. */
  async function coreOn(url: string) {
    const embedder = new OpenAIEmbedder({ apiKey: "sk-test", baseUrl: url, model: "text-embedding-3-small", timeoutMs: TIMEOUT_MS, logger: silentLogger });
    const matcher = new HybridMatcher({ store: t.store, logger: silentLogger, vectors: null, embedder });
    const core = createCore({ store: t.store, matcher, messenger: t.messenger, clock: t.clock, logger: silentLogger });
    await core.skills.add(t.actor("ana"), "pottery (expert)");
    return core;
  }

  /** eve's /ask on `url`'s core (a fresh one when given a URL); gives up waiting after 15 s. */
  async function ask(on: string | Core): Promise<{ outcome: string }> {
    const core = typeof on === "string" ? await coreOn(on) : on;
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      core.asks.ask(t.actor("eve"), "who can help me with pottery glazing?", CHANNEL).then((r) => `answered: ${r.reply.kind}`),
      new Promise<string>((r) => (timer = setTimeout(() => r("still waiting after 15 s"), 15_000))),
    ]);
    clearTimeout(timer);
    return { outcome };
  }

  it("a 429 with Retry-After: 120 does not hold /ask for two minutes (OPENAI_TIMEOUT_MS=2000)", { timeout: 30_000 }, async () => {
    const ep = await endpoint(rateLimited);
    try {
      const core = await coreOn(ep.url);
      const r = await ask(core);
      expect(r.outcome).toBe("answered: suggestions");
      expect(ep.hits()).toBe(1);
      // The 429 started the back-off: the next question does not call the endpoint again.
      const again = await ask(core);
      expect(again.outcome).toBe("answered: suggestions");
      expect(ep.hits()).toBe(1);
    } finally {
      await ep.close();
    }
  });

  // No retry (one request, so at most one OPENAI_TIMEOUT_MS), and an answer long before the 15 s the helper waits.
  it.each([
    ["accepts the request and never answers", () => undefined],
    ["sends its headers and then stalls the body", (res: ServerResponse) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"object":"list","data":[');
    }],
  ])("an endpoint that %s: /ask answers offline after one request", { timeout: 30_000 }, async (_name, handler) => {
    const ep = await endpoint(handler);
    try {
      expect((await ask(ep.url)).outcome).toBe("answered: suggestions");
      expect(ep.hits()).toBe(1);
    } finally {
      await ep.close();
    }
  });
});

describe("the skill extractor's endpoint misbehaves: the parser takes over within OPENAI_TIMEOUT_MS", () => {
  const extractor = (url: string) => new OpenAiSkillExtractor({ apiKey: "k", baseUrl: url, model: "small-model", timeoutMs: TIMEOUT_MS, logger: silentLogger });

  it.each([
    ["a 429 with Retry-After: 120", rateLimited],
    ["an endpoint that never answers", () => undefined],
  ])("%s", { timeout: 30_000 }, async (_name, handler) => {
    const ep = await endpoint(handler);
    try {
      await expect(extractor(ep.url).extract("I can help with pottery")).resolves.toBeNull();
      expect(ep.hits()).toBe(1);
    } finally {
      await ep.close();
    }
  });
});
