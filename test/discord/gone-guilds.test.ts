/**
 * Which stored servers a ready client may judge gone (removed-offline.ts): with one shard every server it is not in;
 * with several, only those whose shard it runs, as the others' servers are never in its cache; after one shard's new
 * session, only that shard's. A real discord.js
 * Client, never logged in (no network): `shards` and `shardCount` are what login leaves in its options.
 */
import { Client } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { goneGuilds } from "../../adapters/discord/handlers/removed-offline.js";

const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.destroy();
});
function client(shards: number[], shardCount: number): Client {
  const c = new Client({ intents: [], shards, shardCount });
  clients.push(c);
  return c;
}

/** Discord's shard of a guild: (guild_id >> 22) % shard count. */
const shardOf = (guildId: string, count: number) => Number((BigInt(guildId) >> 22n) % BigInt(count));
const [even, odd] = (() => {
  const ids = Array.from({ length: 8 }, (_, i) => (1_300_000_000_000_000_000n + (BigInt(i) << 22n)).toString());
  return [ids.find((g) => shardOf(g, 2) === 0)!, ids.find((g) => shardOf(g, 2) === 1)!];
})();

describe("goneGuilds: the stored Discord servers a ready client is not in", () => {
  it("given one shard, then every stored Discord server not in the cache; other platforms and malformed ids are left out", () => {
    expect(goneGuilds([`discord:${even}`, `discord:${odd}`, "slack:T0123", "web:demo", "discord:not-a-guild"], client([0], 1))).toEqual([even, odd]);
  });

  it("given the client runs shard 1 of 2, then only the servers of shard 1: shard 0's are never in its cache", () => {
    expect(goneGuilds([`discord:${even}`, `discord:${odd}`], client([1], 2))).toEqual([odd]);
  });

  it("given the client runs both shards of 2 (internal sharding: ready once both are), then all of them", () => {
    expect(goneGuilds([`discord:${even}`, `discord:${odd}`], client([0, 1], 2))).toEqual([even, odd]);
  });

  it("given one shard of the client had a new session, then only that shard's servers", () => {
    expect(goneGuilds([`discord:${even}`, `discord:${odd}`], client([0, 1], 2), 0)).toEqual([even]);
    expect(goneGuilds([`discord:${even}`, `discord:${odd}`], client([0, 1], 2), 1)).toEqual([odd]);
    expect(goneGuilds([`discord:${even}`, `discord:${odd}`], client([0], 1), 0)).toEqual([even, odd]);
  });
});
