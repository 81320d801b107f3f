import { isIP } from "node:net";
import type { Request } from "express";

/**
 * Where a request comes from, given how many reverse proxies in front of Knowhow are trusted (TRUST_PROXY):
 * - 0 (the default): the socket's address. X-Forwarded-For is not read: any client can write it.
 * - n ≥ 1: the address the n-th proxy counting back from Knowhow saw, i.e. the n-th entry of X-Forwarded-For from the
 *   right (each proxy appends the address it was reached from). With one proxy that is the last entry, which the
 *   proxy wrote itself; whatever a client put before it is ignored. When the header has fewer entries than that, the
 *   leftmost one (as Express's `trust proxy` hop count does).
 * An entry that is not an IP address (a proxy that writes `unknown`, or adds a port) gives the socket's address: such
 * requests share one allowance rather than each getting a new one.
 */
export function clientAddress(req: Pick<Request, "headers" | "socket">, trustedProxies: number): string {
  const socket = req.socket.remoteAddress ?? "unknown";
  if (trustedProxies <= 0) return socket;
  const hops = forwardedList(req.headers["x-forwarded-for"]);
  if (hops.length === 0) return socket;
  const picked = hops[Math.max(0, hops.length - trustedProxies)] ?? socket;
  return isIP(picked) ? picked : socket;
}

/**
 * Whether the request reached Knowhow's side over HTTPS: its own socket, or, when proxies are trusted, the scheme the
 * nearest proxy put last in X-Forwarded-Proto (a TLS-terminating proxy forwards plain HTTP).
 */
export function cameOverHttps(req: Pick<Request, "headers" | "secure">, trustedProxies: number): boolean {
  if (req.secure) return true;
  if (trustedProxies <= 0) return false;
  const protos = forwardedList(req.headers["x-forwarded-proto"]);
  return protos[protos.length - 1]?.toLowerCase() === "https";
}

/** A comma-separated forwarding header (Node joins repeated ones with ", ") as its entries, left to right. */
function forwardedList(header: string | string[] | undefined): string[] {
  const joined = Array.isArray(header) ? header.join(",") : (header ?? "");
  return joined.split(",").map((s) => s.trim()).filter((s) => s !== "");
}
