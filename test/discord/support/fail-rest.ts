import type { FakeDiscord } from "../../fakes/discord/index.js";

/** An answer of the fake REST: an HTTP status and a JSON body. */
export type RestReply = { status: number; body?: unknown };
type Route = (method: string, path: string, query: URLSearchParams, body: Record<string, unknown>, files: unknown[]) => RestReply;

/** Makes `fake`'s REST answer `reply` for every call matching `pred` from now on; other calls are answered as before. */
export function failRest(fake: FakeDiscord, pred: (method: string, path: string) => boolean, reply: RestReply): void {
  const rest = fake.rest as unknown as { route: Route };
  const orig = rest.route.bind(fake.rest);
  rest.route = (method, path, query, body, files) => (pred(method, path) ? reply : orig(method, path, query, body, files));
}
