import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createWebClient, SlackApi, SlackApiError } from "../../adapters/slack/api.js";
import { RecentIds } from "../../adapters/slack/dedupe.js";
import { SlackDirectory } from "../../adapters/slack/directory.js";
import { SlackMessenger } from "../../adapters/slack/messenger.js";
import { ManualClock } from "../../src/core/ports/clock.port.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { DeliveryError } from "../../src/core/ports/messenger.port.js";
import { FakeSlack } from "../fakes/slack/index.js";

describe("Slack Web API queue, messenger and directory (against the fake Web API)", () => {
  let fake: FakeSlack;
  let sleeps: number[];
  let api: SlackApi;
  let now: number;

  beforeEach(async () => {
    fake = await new FakeSlack().start();
    fake.state.addUser({ id: "UANA", name: "Ana", tz: "Europe/Lisbon" });
    fake.state.addUser({ id: "UBEN", name: "Ben", tz: "America/New_York", isOwner: true });
    sleeps = [];
    now = 1_000_000;
    api = new SlackApi({
      client: createWebClient("xoxb-test-token", fake.apiUrl), logger: silentLogger, maxAttempts: 4,
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    });
  });
  afterEach(async () => {
    await api.stop();
    await fake.stop();
  });

  it("honours Retry-After on 429 and then succeeds", async () => {
    fake.failNext("chat.postMessage", { kind: "rate_limited", retryAfterSeconds: 3 }, 2);
    const m = new SlackMessenger(api, silentLogger);
    const d = await m.sendDirect("slack:T0001:UANA", { kind: "info", text: "hello" });
    expect(d.channelId).toBe("DUANA");
    expect(fake.callsOf("chat.postMessage").map((c) => c.status)).toEqual([429, 429, 200]);
    expect(sleeps).toEqual([3000, 3000]);
  });

  it("gives up after the last attempt with a rate_limited DeliveryError", async () => {
    fake.failNext("chat.postMessage", { kind: "rate_limited", retryAfterSeconds: 1 }, 10);
    const m = new SlackMessenger(api, silentLogger);
    const err = await m.sendDirect("slack:T0001:UANA", { kind: "info", text: "hello" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).reason).toBe("rate_limited");
    expect(fake.callsOf("chat.postMessage")).toHaveLength(4);
  });

  it("makes later calls of the rate-limited method wait out the Retry-After window, in that workspace only", async () => {
    // Time stands still here, so every call made inside the window must wait for its remainder.
    const waits: number[] = [];
    const still = new SlackApi({ client: createWebClient("xoxb-test-token", fake.apiUrl), logger: silentLogger, now: () => 5_000, sleep: async (ms) => void waits.push(ms) });
    fake.failNext("chat.postMessage", { kind: "rate_limited", retryAfterSeconds: 5 });
    await still.call("T0001", "chat.postMessage", { channel: "UANA", text: "a" });
    await still.call("T0001", "chat.postMessage", { channel: "UBEN", text: "b" });
    await still.call("T0002", "chat.postMessage", { channel: "UBEN", text: "other workspace" });
    expect(waits).toEqual([5000, 5000]);
    await still.stop();
  });

  it("a Retry-After on one method (DMs of a nudge sweep) holds back neither other methods nor queue slots: a modal opens at once", async () => {
    // Slack limits each method separately, and a modal's trigger_id is dead after 3 s: views.open must not wait 30 s
    // behind a rate-limited chat.postMessage, nor for the queue slot that post would hold while it waits.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const waits: number[] = [];
    const busy = new SlackApi({
      client: createWebClient("xoxb-test-token", fake.apiUrl), logger: silentLogger, maxConcurrentPerTeam: 1, now: () => 5_000,
      sleep: async (ms) => {
        waits.push(ms);
        await held;
      },
    });
    fake.failNext("chat.postMessage", { kind: "rate_limited", retryAfterSeconds: 30 });
    const post = busy.call("T0001", "chat.postMessage", { channel: "UANA", text: "nudge" });
    await fake.waitForCall((c) => c.method === "chat.postMessage" && c.status === 429);
    await new Promise((r) => setTimeout(r, 20));
    const opened = await Promise.race([
      busy.call("T0001", "views.open", { trigger_id: "trig.1", view: { type: "modal", title: { type: "plain_text", text: "Your skills" }, blocks: [] } }).then(() => "done"),
      new Promise((r) => setTimeout(() => r("still waiting"), 1000)),
    ]);
    expect(opened).toBe("done");
    expect(waits).toEqual([30_000]);
    release();
    await post;
    expect(fake.callsOf("chat.postMessage").map((c) => c.status)).toEqual([429, 200]);
    await busy.stop();
  });

  it("retries 5xx with exponential backoff, but not platform errors", async () => {
    fake.failNext("chat.postMessage", { kind: "http", status: 503 }, 2);
    await api.call("T0001", "chat.postMessage", { channel: "UANA", text: "x" });
    expect(sleeps).toEqual([500, 1000]);
    fake.failNext("chat.postMessage", { kind: "error", error: "channel_not_found" });
    const err = await api.call("T0001", "chat.postMessage", { channel: "C404", text: "x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SlackApiError);
    expect((err as SlackApiError).slackError).toBe("channel_not_found");
    expect(sleeps).toHaveLength(2);
  });

  it("maps closed DMs to dm_closed", async () => {
    fake.failNext("chat.postMessage", { kind: "error", error: "cannot_dm_bot" });
    const m = new SlackMessenger(api, silentLogger);
    const err = await m.sendDirect("slack:T0001:UANA", { kind: "info", text: "hi" }).catch((e: unknown) => e);
    expect((err as DeliveryError).reason).toBe("dm_closed");
  });

  it("falls back to a thread mention when DMs are closed and the origin is public", async () => {
    fake.state.addChannel("CPUB", ["UANA", "UBEN"]);
    fake.failNext("conversations.open", { kind: "error", error: "cannot_dm_bot" });
    const m = new SlackMessenger(api, silentLogger);
    const d = await m.sendDirect("slack:T0001:UANA", { kind: "offer", text: "can you help?" }, { surface: "mention", channelId: "CPUB", threadId: "1.2", isPrivate: false });
    expect(d.channelId).toBe("CPUB");
    const post = fake.callsOf("chat.postMessage").at(-1)!;
    expect(post.params).toMatchObject({ channel: "CPUB", thread_ts: "1.2" });
    expect(String(post.params.text)).toContain("<@UANA> can you help?");
  });

  it("a deactivated account (user_disabled) is gone, not a member with DMs off: no intro request is posted at them in a public thread", async () => {
    fake.state.addChannel("CPUB", ["UANA", "UBEN"]);
    fake.failNext("conversations.open", { kind: "error", error: "user_disabled" });
    const dmStatus: boolean[] = [];
    const m = new SlackMessenger(api, silentLogger, undefined, async (_id, closed) => void dmStatus.push(closed));
    const err = await m.sendDirect("slack:T0001:UANA", { kind: "offer", text: "can you help?" }, { surface: "mention", channelId: "CPUB", threadId: "1.2", isPrivate: false }).catch((e: unknown) => e);
    expect((err as DeliveryError).reason).toBe("not_found");
    expect(fake.callsOf("chat.postMessage")).toHaveLength(0);
    expect(dmStatus).toEqual([]);
  });

  it("not_allowed_token_type is a token fault the operator must see, not a member who closed their DMs", async () => {
    fake.state.addChannel("CPUB", ["UANA", "UBEN"]);
    fake.failNext("conversations.open", { kind: "error", error: "not_allowed_token_type" });
    const dmStatus: boolean[] = [];
    const errors: string[] = [];
    const logger = { ...silentLogger, error: (_o: unknown, msg?: string) => void errors.push(String(msg)), child: () => logger };
    const m = new SlackMessenger(api, logger, undefined, async (_id, closed) => void dmStatus.push(closed));
    const err = await m.sendDirect("slack:T0001:UANA", { kind: "offer", text: "can you help?" }, { surface: "mention", channelId: "CPUB", threadId: "1.2", isPrivate: false }).catch((e: unknown) => e);
    expect((err as DeliveryError).reason).toBe("platform_error");
    // Not flagged as the member's choice, and nothing posted at them in public.
    expect(dmStatus).toEqual([]);
    expect(fake.callsOf("chat.postMessage")).toHaveLength(0);
    expect(errors.join("\n")).toMatch(/token/i);
  });

  it("an intro whose group DM fails because a member's account is deactivated (user_disabled) is not posted in the public thread", async () => {
    fake.state.addChannel("CPUB", ["UANA", "UBEN"]);
    fake.failNext("conversations.open", { kind: "error", error: "user_disabled" });
    const m = new SlackMessenger(api, silentLogger);
    const err = await m.introduce(["slack:T0001:UBEN", "slack:T0001:UANA"], { kind: "intro", text: "<@UBEN>, meet <@UANA>" }, { surface: "mention", channelId: "CPUB", threadId: "1.2", isPrivate: false }).catch((e: unknown) => e);
    expect((err as DeliveryError).reason).toBe("not_found");
    expect(fake.callsOf("chat.postMessage")).toHaveLength(0);
  });

  it("never falls back to a channel for a /ask (its text was only ever shown to the asker)", async () => {
    fake.state.addChannel("CPUB", ["UANA", "UBEN"]);
    fake.failNext("conversations.open", { kind: "error", error: "cannot_dm_bot" });
    const m = new SlackMessenger(api, silentLogger);
    const err = await m.sendDirect("slack:T0001:UANA", { kind: "offer", text: "can you help?" }, { surface: "command", channelId: "CPUB", threadId: null, isPrivate: false }).catch((e: unknown) => e);
    expect((err as DeliveryError).reason).toBe("dm_closed");
    expect(fake.callsOf("chat.postMessage")).toHaveLength(0);
  });

  it("caches users.info until it expires", async () => {
    const clock = new ManualClock("2026-03-02T10:00:00Z");
    const dir = new SlackDirectory(api, clock, silentLogger, { userTtlMs: 60_000 });
    const [a, b] = await Promise.all([dir.user("T0001", "UBEN"), dir.user("T0001", "UBEN")]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ name: "Ben", timezone: "America/New_York", isAdmin: true });
    await dir.user("T0001", "UBEN");
    expect(fake.callsOf("users.info")).toHaveLength(1);
    clock.advance(61_000);
    await dir.user("T0001", "UBEN");
    expect(fake.callsOf("users.info")).toHaveLength(2);
    expect(await dir.userOrNull("T0001", "UNOBODY")).toBeNull();
  });

  it("treats channels it cannot inspect as private", async () => {
    fake.state.addChannel("CPUB", ["UANA"]);
    fake.state.addChannel("CPRIV", ["UANA"], true);
    const dir = new SlackDirectory(api, new ManualClock(), silentLogger);
    expect(await dir.isPrivate("T0001", "CPUB")).toBe(false);
    expect(await dir.isPrivate("T0001", "CPRIV")).toBe(true);
    expect(await dir.isPrivate("T0001", "CUNKNOWN")).toBe(true);
    expect(await dir.isPrivate("T0001", "DUANA")).toBe(true);
  });

  it("RecentIds lets each id through once and forgets the oldest", () => {
    const r = new RecentIds(2);
    expect(r.add("a")).toBe(true);
    expect(r.add("a")).toBe(false);
    r.add("b");
    r.add("c");
    expect(r.add("a")).toBe(true);
  });
});
