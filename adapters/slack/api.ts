/**
 * Outbound Web API calls: one send queue per workspace (bottleneck), 429s honoured with the server's
 * Retry-After (every later call of that method in that workspace waits too: Slack limits each method separately, so a
 * rate-limited chat.postMessage does not hold back a views.open whose trigger dies in 3 s), transient faults (5xx,
 * network) retried with exponential backoff, everything else surfaced as a coded SlackApiError. Waits happen outside the
 * queue, so a call waiting out a Retry-After or a backoff holds no slot.
 */
import Bottleneck from "bottleneck";
import { webApi } from "@slack/bolt";
import type { Logger } from "../../src/core/ports/logger.port.js";

type WebClient = InstanceType<typeof webApi.WebClient>;

export type SlackApiErrorCode = "slack_platform_error" | "slack_rate_limited" | "slack_unavailable";

export class SlackApiError extends Error {
  override readonly name = "SlackApiError";
  constructor(
    readonly code: SlackApiErrorCode,
    /** Slack's own error string (`channel_not_found`, `cannot_dm_bot`…) or an HTTP/network description. */
    readonly slackError: string,
    readonly method: string,
    override readonly cause?: unknown,
  ) {
    super(`Slack ${method} failed: ${slackError}`);
  }
}

export interface SlackApiOptions {
  /** A WebClient created with `retryConfig: { retries: 0 }` and `rejectRateLimitedCalls: true`: this class retries. */
  client: WebClient;
  logger: Logger;
  /** Waits; injected so tests never sleep for real. */
  sleep?: (ms: number) => Promise<void>;
  /** Wall-clock milliseconds (for Retry-After windows). */
  now?: () => number;
  /** Attempts per call, including the first (default 4). */
  maxAttempts?: number;
  /** Calls in flight per workspace (default 4). */
  maxConcurrentPerTeam?: number;
  /** Minimum spacing between two calls of a workspace, ms (default 0). */
  minTimeMs?: number;
  /** First backoff for 5xx/network faults, doubled each attempt (default 500 ms). */
  baseBackoffMs?: number;
}

const RETRYABLE_PLATFORM = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited"]);

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SlackApi {
  private readonly queues = new Map<string, Bottleneck>();
  private readonly pausedUntil = new Map<string, number>();
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly log: Logger;

  constructor(private readonly o: SlackApiOptions) {
    this.sleep = o.sleep ?? realSleep;
    this.now = o.now ?? Date.now;
    this.log = o.logger.child({ component: "slack-api" });
  }

  get client(): WebClient {
    return this.o.client;
  }

  /**
   * Calls `method` with `args` through the workspace's queue. Resolves with Slack's response (`ok: true`);
   * rejects with SlackApiError once retries are exhausted or for non-transient platform errors.
   */
  async call<T = Record<string, unknown>>(teamId: string, method: string, args: Record<string, unknown>): Promise<T> {
    return this.withRetries(teamId, method, () => this.queue(teamId).schedule(async () => (await this.o.client.apiCall(method, args)) as unknown as T));
  }

  /** Runs `fn` (which may make several client calls, e.g. files.uploadV2) as one job of the workspace's queue, with the same retries. */
  async run<T>(teamId: string, label: string, fn: (client: WebClient) => Promise<T>): Promise<T> {
    return this.withRetries(teamId, label, () => this.queue(teamId).schedule(() => fn(this.o.client)));
  }

  /** Stops accepting work and waits for queued calls to finish. */
  async stop(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.stop({ dropWaitingJobs: false }).catch(() => undefined)));
    this.queues.clear();
  }

  private queue(teamId: string): Bottleneck {
    let q = this.queues.get(teamId);
    if (!q) {
      q = new Bottleneck({ maxConcurrent: this.o.maxConcurrentPerTeam ?? 4, minTime: this.o.minTimeMs ?? 0, id: `slack-${teamId}` });
      this.queues.set(teamId, q);
    }
    return q;
  }

  /** `fn` runs one attempt through the queue; the waits between attempts happen here, outside it. */
  private async withRetries<T>(teamId: string, method: string, fn: () => Promise<T>): Promise<T> {
    const max = Math.max(1, this.o.maxAttempts ?? 4);
    const key = `${teamId} ${method}`;
    for (let attempt = 1; ; attempt++) {
      const wait = (this.pausedUntil.get(key) ?? 0) - this.now();
      if (wait > 0) await this.sleep(wait);
      try {
        return await fn();
      } catch (e) {
        const err = classify(e, method);
        if (err.retryAfterMs !== null && attempt < max) {
          // Honour Retry-After for this method in this workspace: its other calls wait too.
          this.pausedUntil.set(key, Math.max(this.pausedUntil.get(key) ?? 0, this.now() + err.retryAfterMs));
          this.log.warn({ teamId, method, attempt, retryAfterMs: err.retryAfterMs }, "slack rate limited; backing off");
          continue;
        }
        if (err.transient && attempt < max) {
          const backoff = (this.o.baseBackoffMs ?? 500) * 2 ** (attempt - 1);
          this.log.warn({ teamId, method, attempt, backoffMs: backoff, error: err.error.slackError }, "slack call failed; retrying");
          await this.sleep(backoff);
          continue;
        }
        throw err.error;
      }
    }
  }
}

interface Classified {
  error: SlackApiError;
  retryAfterMs: number | null;
  transient: boolean;
}

/** Maps @slack/web-api errors to SlackApiError plus what to do about them. */
export function classify(e: unknown, method: string): Classified {
  const err = e as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  switch (err?.code) {
    case webApi.ErrorCode.RateLimitedError:
      return { error: new SlackApiError("slack_rate_limited", "ratelimited", method, e), retryAfterMs: Math.max(1, err.retryAfter ?? 1) * 1000, transient: true };
    case webApi.ErrorCode.PlatformError: {
      const code = err.data?.error ?? "unknown_error";
      return { error: new SlackApiError("slack_platform_error", code, method, e), retryAfterMs: null, transient: RETRYABLE_PLATFORM.has(code) };
    }
    case webApi.ErrorCode.HTTPError: {
      const status = err.statusCode ?? 0;
      return { error: new SlackApiError("slack_unavailable", `http_${status}`, method, e), retryAfterMs: null, transient: status >= 500 || status === 408 };
    }
    case webApi.ErrorCode.RequestError:
      return { error: new SlackApiError("slack_unavailable", "request_error", method, e), retryAfterMs: null, transient: true };
    default:
      if (e instanceof SlackApiError) return { error: e, retryAfterMs: null, transient: false };
      return { error: new SlackApiError("slack_unavailable", err?.message ?? String(e), method, e), retryAfterMs: null, transient: false };
  }
}

/** Builds the WebClient this adapter expects: our own retries, optional API base URL. */
export function createWebClient(token: string, apiUrl: string | null, timeoutMs = 10_000): WebClient {
  return new webApi.WebClient(token, {
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/` } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    logLevel: webApi.LogLevel.ERROR,
  });
}
