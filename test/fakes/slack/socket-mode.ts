/**
 * A local Socket Mode endpoint: `apps.connections.open` hands out `ws://127.0.0.1:PORT/socket?ticket=…`;
 * on connect the server says hello; `send()` pushes an envelope and resolves with the client's ack.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";

export type EnvelopeType = "events_api" | "slash_commands" | "interactive";

export interface Ack {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export class FakeSocketMode {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly clients = new Set<WebSocket>();
  private readonly pending = new Map<string, (ack: Ack) => void>();
  private readonly connectWaiters: Array<() => void> = [];
  private seq = 0;
  /** Every ack received, in order. */
  readonly acks: Ack[] = [];

  urlFor(httpBase: string): string {
    return `${httpBase.replace(/^http/, "ws")}/socket?ticket=t${++this.seq}`;
  }

  get connected(): boolean {
    return this.clients.size > 0;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!(req.url ?? "").startsWith("/socket")) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.clients.add(ws);
      ws.on("close", () => this.clients.delete(ws));
      ws.on("message", (data) => {
        let msg: Ack;
        try {
          msg = JSON.parse(String(data)) as Ack;
        } catch {
          return;
        }
        if (!msg.envelope_id) return;
        this.acks.push(msg);
        this.pending.get(msg.envelope_id)?.(msg);
        this.pending.delete(msg.envelope_id);
      });
      ws.send(JSON.stringify({ type: "hello", num_connections: 1, debug_info: { host: "fake", approximate_connection_time: 18060 }, connection_info: { app_id: "A0001" } }));
      for (const w of this.connectWaiters.splice(0)) w();
    });
  }

  /** Resolves once a client is connected (immediately if one is). */
  waitForConnection(safetyMs = 5000): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error("fake Socket Mode: no client connected")), safetyMs);
      this.connectWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /** Sends an envelope to the connected client and resolves with its ack. */
  send(type: EnvelopeType, payload: Record<string, unknown>, safetyMs = 5000): Promise<Ack> {
    const ws = [...this.clients][0];
    if (!ws) return Promise.reject(new Error("fake Socket Mode: no client connected"));
    const envelope_id = `env-${++this.seq}`;
    return new Promise<Ack>((resolve, reject) => {
      const t = setTimeout(() => {
        this.pending.delete(envelope_id);
        reject(new Error(`fake Socket Mode: no ack for ${type} envelope ${envelope_id}`));
      }, safetyMs);
      this.pending.set(envelope_id, (ack) => {
        clearTimeout(t);
        resolve(ack);
      });
      ws.send(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== "events_api", retry_attempt: 0, retry_reason: "" }));
    });
  }

  async close(): Promise<void> {
    for (const ws of this.clients) ws.terminate();
    this.clients.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
