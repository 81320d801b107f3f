import type { Router } from "express";
import type { Core } from "../core/index.js";
import type { Messenger } from "../core/ports/messenger.port.js";
import type { Logger } from "../core/ports/logger.port.js";
import type { MemberId, Platform } from "../core/ids.js";

/**
 * What the composition root needs from each platform adapter (Slack, Discord, the web playground).
 * Adapters read nothing from the environment: they get their slice of Config from the app.
 */
export interface PlatformAdapter {
  readonly platform: Platform;
  /** Outgoing messages for members of this platform. */
  readonly messenger: Messenger;
  /** Connects / starts accepting events. Rejects with a clear error if credentials are wrong. */
  start(): Promise<void>;
  /** Stops intake and waits for in-flight handlers (bounded by the app's shutdown timeout). */
  stop(): Promise<void>;
  /**
   * Members deleted from the store by another process (the operator CLI's `forget`): an adapter that keeps
   * anything of theirs itself (the playground's inboxes) drops it.
   */
  membersRemoved?(ids: readonly MemberId[]): void;
}

export interface AdapterDeps {
  core: Core;
  logger: Logger;
  /** Express router mounted on the app's HTTP server (PORT) for adapters that receive HTTP. */
  http: Router;
}
