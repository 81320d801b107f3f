/**
 * End-to-end harness: the real core on the embedded SQLite store (temp dir), the real Bolt app in HTTP
 * mode on a local express server, pointed at the fake Slack Web API. Requests are signed like Slack's.
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from "../../../adapters/slack/index.js";
import type { SlackConfig } from "../../../adapters/slack/transport.js";
import { MessengerRouter } from "../../../src/app/messenger-router.js";
import { createCore, type Core } from "../../../src/core/index.js";
import { ManualClock } from "../../../src/core/ports/clock.port.js";
import { silentLogger } from "../../../src/core/ports/logger.port.js";
import type { Matcher } from "../../../src/core/ports/matcher.port.js";
import type { Store } from "../../../src/core/ports/store.port.js";
import { openStore } from "../../../src/store/open.js";
import { blockAction, eventEnvelope, FakeSlack, slashCommand, SlackRequester, type PostResult } from "../../fakes/slack/index.js";
import { OverlapMatcher } from "../../../src/core/matching/overlap-matcher.js";

export const TEAM = "T0001";
export const SECRET = "test-signing-secret";
export const BOT_TOKEN = "xoxb-test-token";
export const APP_TOKEN = "xapp-test-token";
export const USERS = { ana: "UANA", ben: "UBEN", cat: "UCAT", dan: "UDAN", admin: "UADM" } as const;
export const GENERAL = "C0GENERAL";
export const PRIVATE = "C0SECRET";

export interface Harness {
  fake: FakeSlack;
  core: Core;
  store: Store;
  clock: ManualClock;
  adapter: SlackAdapter;
  slack: SlackRequester;
  /** Waits the adapter asked for (Retry-After, backoff), in ms. */
  sleeps: number[];
  /** Runs a slash command; resolves with the HTTP result and what was posted to its response_url. */
  command(user: string, command: string, text: string, channel?: string): Promise<{ http: PostResult; responses: Array<Record<string, unknown>>; responseId: string }>;
  /** Sends an event (fresh event_id unless given). */
  event(event: Record<string, unknown>, opts?: { eventId?: string; retryNum?: number }): Promise<PostResult>;
  /** Presses a button; resolves with the HTTP result and the response_url posts. */
  press(user: string, actionId: string, value: string, opts?: { container?: "message" | "view"; message?: { text: string; blocks: unknown[] } }): Promise<{ http: PostResult; responses: Array<Record<string, unknown>> }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  matcher?: (store: Store) => Matcher;
  adapter?: SlackAdapterOptions;
  mode?: "http" | "socket";
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "knowhow-slack-"));
  const store = await openStore({ kind: "sqlite", file: join(dir, "knowhow.sqlite") }, silentLogger);
  const clock = new ManualClock("2026-03-02T10:00:00Z");
  const router = new MessengerRouter();
  let seq = 0;
  const core = createCore({ store, matcher: (o.matcher ?? ((s) => new OverlapMatcher(s)))(store), messenger: router, clock, logger: silentLogger, newId: () => `id${++seq}` });

  const fake = await new FakeSlack(undefined, [BOT_TOKEN], APP_TOKEN).start();
  fake.state.addUser({ id: USERS.ana, name: "Ana", tz: "Europe/Lisbon" });
  fake.state.addUser({ id: USERS.ben, name: "Ben", tz: "America/New_York" });
  fake.state.addUser({ id: USERS.cat, name: "Cat", tz: "Europe/Berlin" });
  fake.state.addUser({ id: USERS.dan, name: "Dan", tz: "Asia/Tokyo" });
  fake.state.addUser({ id: USERS.admin, name: "Ada", tz: "Europe/London", isAdmin: true });
  fake.state.addChannel(GENERAL, Object.values(USERS));
  fake.state.addChannel(PRIVATE, [USERS.ben, USERS.admin], true);

  const app = express();
  const http = express.Router();
  app.use(http);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;

  const sleeps: number[] = [];
  const config: SlackConfig = {
    botToken: BOT_TOKEN, signingSecret: SECRET, appToken: o.mode === "socket" ? APP_TOKEN : null, apiUrl: fake.apiUrl, mode: o.mode ?? "http",
  };
  const adapter = createSlackAdapter(config, { core, logger: silentLogger, http }, {
    processBeforeResponse: true,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    socket: { autoReconnect: false },
    ...o.adapter,
  });
  router.register("slack", adapter.messenger);
  await adapter.start();
  const slack = new SlackRequester(`http://127.0.0.1:${port}/slack/events`, SECRET);

  return {
    fake, core, store, clock, adapter, slack, sleeps,
    async command(user, command, text, channel = GENERAL) {
      const r = fake.newResponseUrl();
      const http = await slack.command(slashCommand({ teamId: TEAM, userId: user, command, text, channelId: channel, responseUrl: r.url }));
      return { http, responses: fake.responsesTo(r.id), responseId: r.id };
    },
    event(event, opts = {}) {
      return slack.event(eventEnvelope(TEAM, event, opts.eventId), opts.retryNum !== undefined ? { retryNum: opts.retryNum } : {});
    },
    async press(user, actionId, value, opts = {}) {
      const r = fake.newResponseUrl();
      const payload = blockAction({ teamId: TEAM, userId: user, actionId, value, responseUrl: r.url, ...(opts.container ? { container: opts.container } : {}) });
      if (opts.message && payload.message) {
        Object.assign(payload.message as object, opts.message);
        // Like Slack: the action carries the pressed button's label and block.
        const blocks = opts.message.blocks as Array<{ type: string; block_id?: string; elements?: Btn[] }>;
        const block = blocks.find((b) => b.elements?.some((e) => e.action_id === actionId));
        const btn = block?.elements?.find((e) => e.action_id === actionId);
        const act = (payload.actions as Array<Record<string, unknown>>)[0]!;
        if (btn?.text) act.text = { type: "plain_text", text: btn.text.text };
        if (block?.block_id) act.block_id = block.block_id;
      }
      if (opts.container === "view") delete payload.response_url;
      const http = await slack.interaction(payload);
      return { http, responses: fake.responsesTo(r.id) };
    },
    async close() {
      await adapter.stop();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await fake.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Btn = { type: string; action_id: string; value?: string; text?: { text: string } };

/** All buttons in a list of blocks. */
export function buttonsIn(blocks: unknown): Btn[] {
  if (!Array.isArray(blocks)) return [];
  return (blocks as Array<{ type: string; elements?: Btn[] }>).flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : []));
}

/** The first button whose action_id encodes `type` (e.g. "offer.accept"). */
export function findButton(blocks: unknown, type: string, label?: string): Btn {
  const b = buttonsIn(blocks).find((x) => x.action_id.startsWith(`kh:${type}:`) && (!label || x.text?.text.includes(label)));
  if (!b) throw new Error(`no ${type} button in ${JSON.stringify(blocks)}`);
  return b;
}

/** All mrkdwn/plain text in blocks, joined (for assertions). */
export function textOf(blocks: unknown): string {
  return JSON.stringify(blocks ?? []);
}
