/**
 * The "done when", through the composition root: startService with DISCORD_TOKEN and
 * DISCORD_API_URL pointing at the fake logs in, registers its commands, and brokers an intro.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { loadConfig } from "../../src/app/config.js";
import { startService } from "../../src/app/service.js";
import { buttonsOf, FakeDiscord, textOf } from "../fakes/discord/index.js";
import { RecordingLogger } from "./support/logger.js";

it("npm start with DISCORD_TOKEN and DISCORD_API_URL: A adds SEO, B asks, A is named with a reason, A accepts, the intro includes both", async () => {
  const fake = await new FakeDiscord().start();
  const guild = fake.state.addGuild("Etsy sellers");
  const [a, b] = ["ana", "ben"].map((n) => {
    const u = fake.state.addUser(n);
    fake.state.addMember(guild.id, u.id);
    return u;
  }) as [ReturnType<typeof fake.state.addUser>, ReturnType<typeof fake.state.addUser>];
  const dir = mkdtempSync(join(tmpdir(), "knowhow-svc-"));
  const logger = new RecordingLogger();
  const config = loadConfig({ DISCORD_TOKEN: "fake-token", DISCORD_API_URL: fake.apiUrl, DATA_DIR: dir, PORT: "0", HOST: "127.0.0.1", JOBS: "off", WORD_VECTORS: "off", LOG_LEVEL: "silent" });
  const service = await startService(config, logger);
  try {
    expect(logger.lines.some((l) => l.msg === "Discord connected")).toBe(true);
    expect(fake.state.commands.get("global")).toHaveLength(3);
    const where = { guildId: guild.id, channelId: guild.channels[0]!.id };
    await fake.subcommand(a, where, "skills", "add", { skills: "SEO, copywriting" });
    const asked = await fake.command(b, where, "ask", [{ name: "question", type: 3, value: "who can help with seo for my etsy shop?" }]);
    expect(textOf(asked.data)).toMatch(new RegExp(`<@${a.id}> — .*SEO`));
    const askAna = buttonsOf(asked.data).find((x) => x.label === "Ask Ana")!;
    await fake.press(b, where, askAna.custom_id, { id: "1", channel_id: where.channelId });
    const offer = await fake.waitForDm(a);
    await fake.press(a, {}, buttonsOf(offer.body).find((x) => x.label === "I can help")!.custom_id, offer);
    const thread = [...fake.state.channels.values()].find((c) => c.type === 12)!;
    const intro = await fake.waitForMessageIn(thread.id);
    expect(intro.body.content).toContain(`<@${a.id}>`);
    expect(intro.body.content).toContain(`<@${b.id}>`);
  } finally {
    await service.stop();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
