import { buttonId, type FakeUser, type PostedMessage } from "../../fakes/discord/index.js";
import type { DiscordWorld } from "./harness.js";

/**
 * Ana adds the skill "bookbinding"; `asker` (default Ben) runs `/ask` in #general about bookbinding and presses
 * "Ask the best ones for me". Resolves with the intro request DM Ana gets.
 */
export async function bookbindingOfferToAna(w: DiscordWorld, asker: FakeUser = w.ben): Promise<PostedMessage> {
  const where = { guildId: w.guild.id, channelId: w.general };
  await w.fake.subcommand(w.ana, where, "skills", "add", { skills: "bookbinding" });
  const asked = await w.fake.command(asker, where, "ask", [{ name: "question", type: 3, value: "who can help with bookbinding a journal?" }]);
  await w.fake.press(asker, where, buttonId(asked.data, "Ask the best ones for me"), { id: "1", channel_id: w.general });
  return w.fake.waitForDm(w.ana);
}
