/** Autocomplete: the member's own skills for `/skills remove`, timezones, setting names. Never throws. */
import type { AutocompleteInteraction } from "discord.js";
import { CommunityService } from "../../../src/core/usecases/communities.js";
import { foldText } from "../../../src/core/skills/normalize.js";
import { discordMember } from "../ids.js";
import { clip, DISCORD_LIMITS as L } from "../render/limits.js";
import type { HandlerContext } from "./context.js";

/**
 * Today's names of zones Node's ICU still lists under an older one (both are accepted: `validTimezone` keeps the
 * name as typed). Someone in Kyiv looks for Kyiv, not Kiev.
 */
const CURRENT_NAMES: Record<string, string> = {
  "Europe/Kiev": "Europe/Kyiv",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "America/Godthab": "America/Nuuk",
};

let zones: string[] | null = null;
/** Intl's zones, with UTC first (Intl leaves it out, and it is what many people type) and the current names beside the old. */
function timezones(): string[] {
  zones ??= [...new Set(["UTC", ...Intl.supportedValuesOf("timeZone").flatMap((z) => (CURRENT_NAMES[z] ? [z, CURRENT_NAMES[z]] : [z]))])];
  return zones;
}

function pick(values: string[], typed: string): Array<{ name: string; value: string }> {
  const q = foldText(typed);
  return values.filter((v) => !q || foldText(v).includes(q)).slice(0, L.choices).map((v) => ({ name: clip(v, L.choiceName), value: v.slice(0, 100) }));
}

export async function handleAutocomplete(i: AutocompleteInteraction, ctx: HandlerContext): Promise<void> {
  try {
    const focused = i.options.getFocused(true);
    let values: string[] = [];
    if (i.commandName === "skills" && focused.name === "skill" && i.guildId) {
      const m = await ctx.core.deps.store.getMember(discordMember(i.guildId, i.user.id));
      values = m?.skills.map((s) => s.label) ?? [];
    } else if (focused.name === "timezone") values = timezones();
    else if (focused.name === "name") values = CommunityService.settingNames;
    await i.respond(pick(values, String(focused.value)));
  } catch (e) {
    ctx.logger.error({ err: e, interactionId: i.id }, "autocomplete failed");
    await i.respond([]).catch(() => undefined);
  }
}
