import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { makeDir } from "../../src/store/make-dir.js";
import { z } from "zod";
import type { Message } from "../../src/core/messages.js";
import type { Logger } from "../../src/core/ports/logger.port.js";
import type { ChannelPost, InboxItem } from "./messenger.js";

/**
 * What the playground keeps across restarts beside the store: members' inboxes and channel feeds (the web messenger's
 * deliveries — without them an offer waiting in the store could no longer be answered) and how far the simulated
 * clock was moved forward.
 */
export interface PlaygroundState {
  seq: number;
  inboxes: Record<string, readonly InboxItem[]>;
  channels: Record<string, readonly ChannelPost[]>;
  /** Simulated time minus real time when saved (0 on real time). */
  clockOffsetMs: number;
}

const message = z.custom<Message>((v) => typeof v === "object" && v !== null && typeof (v as { text?: unknown }).text === "string");
const Item = z.object({
  id: z.string(),
  kind: z.enum(["dm", "intro"]),
  at: z.coerce.date(),
  message,
  participants: z.array(z.string()),
  answer: z.object({ actionType: z.string(), label: z.string(), reply: message.nullable(), at: z.coerce.date(), settled: z.boolean().optional() }).nullable(),
});
const Post = z.object({ id: z.string(), channelId: z.string(), threadId: z.string().nullable(), asMemberOf: z.string(), at: z.coerce.date(), message });
const State = z.object({
  version: z.literal(1),
  seq: z.number().int().nonnegative(),
  inboxes: z.record(z.string(), z.array(Item)),
  channels: z.record(z.string(), z.array(Post)),
  clockOffsetMs: z.number(),
});

/**
 * The playground's state in one JSON file (`DATA_DIR/playground.json`), written whole and atomically on every change,
 * before the answer that caused it: the store commits at once, so a save left for later (even 250 ms) lost what a
 * `kill -9` caught in between — an offer kept in the store but gone from the member's inbox, never to be answered.
 * A save is cheap: about a millisecond for the demo community after a few weeks' moves (~40 KB), ~15 ms with every
 * inbox at MAX_ITEMS.
 */
export class PlaygroundStateFile {
  constructor(private readonly path: string, private readonly snapshot: () => PlaygroundState, private readonly logger: Logger) {
    // Once, here (the folder of DATA_DIR stays): each save then only writes its file.
    makeDir(dirname(path));
  }

  /**
   * The saved state, or null when there is none. A file that cannot be read back (hand-edited, from another version)
   * is moved aside with a warning: the playground starts with empty inboxes rather than not at all.
   */
  load(): PlaygroundState | null {
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
    let parsed: z.infer<typeof State> | null = null;
    try {
      parsed = State.parse(JSON.parse(text));
    } catch (e) {
      const aside = `${this.path}.unreadable-${Date.now()}`;
      renameSync(this.path, aside);
      this.logger.warn({ err: e, file: this.path, movedTo: aside }, "playground state unreadable; starting with empty inboxes");
      return null;
    }
    return { seq: parsed.seq, inboxes: parsed.inboxes, channels: parsed.channels, clockOffsetMs: parsed.clockOffsetMs };
  }

  /** Saves now. */
  changed(): void {
    this.save();
  }

  private save(): void {
    try {
      const tmp = `${this.path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ version: 1, ...this.snapshot() }));
      renameSync(tmp, this.path);
    } catch (e) {
      // The playground keeps working from memory; the next change tries again.
      this.logger.warn({ err: e, file: this.path }, "could not save the playground's inboxes");
    }
  }
}
