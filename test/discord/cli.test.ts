import { Command } from "commander";
import { afterEach, beforeEach, expect, it } from "vitest";
import { registerDiscordCommands } from "../../src/cli/commands/discord.js";
import { FakeDiscord } from "../fakes/discord/index.js";

let fake: FakeDiscord;
beforeEach(async () => { fake = await new FakeDiscord().start(); });
afterEach(async () => { await fake.stop(); });

function program(out: string[], cfg = { token: "fake-token", apiUrl: fake.apiUrl as string | null }) {
  const p = new Command("knowhow").exitOverride();
  registerDiscordCommands(p, () => cfg, (l) => out.push(l));
  return p;
}

it("knowhow discord register --guild ID registers /ask, /skills and /knowhow for that server", async () => {
  const out: string[] = [];
  const g = fake.state.addGuild("Makers");
  await program(out).parseAsync(["discord", "register", "--guild", g.id], { from: "user" });
  expect((fake.state.commands.get(g.id) as Array<{ name: string }>).map((c) => c.name)).toEqual(["ask", "skills", "knowhow"]);
  expect(fake.state.commands.has("global")).toBe(false);
  expect(out).toEqual([`Registered 3 commands for server ${g.id}.`]);
  const call = fake.state.callsTo("PUT", `/applications/${fake.state.applicationId}/guilds/${g.id}/commands`)[0]!;
  const ask = (call.body as Array<{ name: string; options: Array<{ max_length: number }> }>)[0]!;
  expect(ask.options[0]!.max_length).toBe(2000);
});

it("without --guild it registers globally; a bad guild id is refused before any call", async () => {
  const out: string[] = [];
  await program(out).parseAsync(["discord", "register"], { from: "user" });
  expect(fake.state.commands.get("global")).toHaveLength(3);
  const before = fake.state.calls.length;
  await expect(program(out).parseAsync(["discord", "register", "--guild", "general"], { from: "user" })).rejects.toThrow(/server id/);
  expect(fake.state.calls.length).toBe(before);
});

it("a token Discord refuses (401) is reported as such; Discord unreachable is reported as that, with the error, not as a bad token", async () => {
  const out: string[] = [];
  fake.state.tokenRejected = true;
  await expect(program(out).parseAsync(["discord", "register"], { from: "user" })).rejects.toThrow(/^Discord rejected the token \(.*401.*\)\. Check DISCORD_TOKEN\.$/);
  // Nothing listens there: a network error.
  const down = program(out, { token: "fake-token", apiUrl: "http://127.0.0.1:1/api" }).parseAsync(["discord", "register"], { from: "user" });
  await expect(down).rejects.toThrow(/^Could not reach Discord \(.*ECONNREFUSED.*\)\. Check the network \(and DISCORD_API_URL if set\), then run again\.$/);
  expect(fake.state.commands.size).toBe(0);
  expect(out).toEqual([]);
});
