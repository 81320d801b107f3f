import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { eventDedupe } from "../../adapters/slack/dedupe.js";
import { postJson } from "../../adapters/slack/handlers/context.js";
import { ManualClock } from "../../src/core/ports/clock.port.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { RecordingLogger } from "../discord/support/logger.js";

describe("response_url replies", () => {
  let server: Server | null = null;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  /** A response_url that answers the given statuses in turn, recording each body. */
  async function responseUrl(statuses: number[]): Promise<{ url: string; bodies: string[] }> {
    const bodies: string[] = [];
    server = createServer((req, res) => {
      let raw = "";
      req.on("data", (c: Buffer) => (raw += c.toString()));
      req.on("end", () => {
        bodies.push(raw);
        res.writeHead(statuses.shift() ?? 200).end();
      });
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/1`, bodies };
  }

  it("retries a 5xx and a 429, then delivers", async () => {
    const { url, bodies } = await responseUrl([502, 429, 200]);
    await postJson(url, { text: "hi" }, [1, 1]);
    expect(bodies).toHaveLength(3);
    expect(JSON.parse(bodies[2]!)).toEqual({ text: "hi" });
  });

  it("gives up after the last attempt, and never retries a 4xx", async () => {
    const a = await responseUrl([500, 500, 500, 500]);
    await expect(postJson(a.url, { text: "x" }, [1, 1])).rejects.toThrow(/answered 500/);
    expect(a.bodies).toHaveLength(3);
    await new Promise<void>((r) => server!.close(() => r()));
    const b = await responseUrl([404]);
    await expect(postJson(b.url, { text: "x" }, [1, 1])).rejects.toThrow(/answered 404/);
    expect(b.bodies).toHaveLength(1);
  });
});

describe("event de-duplication", () => {
  function fakeStore() {
    const keys = new Set<string>();
    const prunes: Array<{ prefix: string; before: Date }> = [];
    return {
      keys,
      prunes,
      claimOnce: async (k: string) => (keys.has(k) ? false : (keys.add(k), true)),
      releaseOnce: async (k: string) => void keys.delete(k),
      forgetOnceBefore: async (prefix: string, before: Date) => (prunes.push({ prefix, before }), 0),
    };
  }

  it("runs a redelivered event once, but again after its handler failed", async () => {
    const store = fakeStore();
    const mw = eventDedupe(store, new ManualClock(), silentLogger);
    let runs = 0;
    const call = (fail: boolean) =>
      mw({ body: { event_id: "Ev1" }, next: async () => { runs++; if (fail) throw new Error("handler broke"); } } as never);
    await expect(call(true)).rejects.toThrow("handler broke");
    expect(store.keys.size).toBe(0);
    await call(false);
    await call(false);
    expect(runs).toBe(2);
  });

  it("prunes in the background: the event's handler does not wait for it, and a failed prune is only logged", async () => {
    const store = fakeStore();
    let finishPrune: (n: number) => void = () => {};
    let pruneStarted = false;
    store.forgetOnceBefore = () => { pruneStarted = true; return new Promise<number>((_, reject) => (finishPrune = () => reject(new Error("store down")))); };
    const log = new RecordingLogger();
    const mw = eventDedupe(store, new ManualClock(), log);
    let ran = false;
    await mw({ body: { event_id: "Ev1" }, next: async () => { ran = true; } } as never);
    expect(ran).toBe(true);
    expect(pruneStarted).toBe(false);
    await vi.waitFor(() => expect(pruneStarted).toBe(true));
    finishPrune(0);
    await vi.waitFor(() => expect(log.lines.map((l) => l.msg)).toContain("could not prune old Slack event ids"));
  });

  it("prunes stored event ids older than a day, at most once an hour", async () => {
    const store = fakeStore();
    const clock = new ManualClock("2026-03-02T10:00:00Z");
    const mw = eventDedupe(store, clock, silentLogger);
    const call = (id: string) => mw({ body: { event_id: id }, next: async () => {} } as never);
    await call("Ev1");
    clock.advance(30 * 60_000);
    await call("Ev2");
    clock.advance(30 * 60_000);
    await call("Ev3");
    await vi.waitFor(() => expect(store.prunes).toHaveLength(2));
    expect(store.prunes).toEqual([
      { prefix: "slack:event:", before: new Date("2026-03-01T10:00:00Z") },
      { prefix: "slack:event:", before: new Date("2026-03-01T11:00:00Z") },
    ]);
  });
});
