import type { Command } from "commander";
import { loadConfig, type Config } from "../../app/config.js";
import { CliError } from "./members.js";

export type DiscordCliConfig = Pick<NonNullable<Config["discord"]>, "token" | "apiUrl">;

/** The Discord slice of the environment's configuration (the same variables as the service). */
export function discordConfigFromEnv(): DiscordCliConfig | null {
  return loadConfig(process.env).discord;
}

/**
 * `knowhow discord register [--guild ID] [--print]`: registers the slash commands (/ask, /skills,
 * /knowhow) for the bot of DISCORD_TOKEN — globally, or for one server (instant, for testing).
 */
export function registerDiscordCommands(program: Command, getConfig: () => DiscordCliConfig | null = discordConfigFromEnv, out: (line: string) => void = console.log): void {
  const discord = program.command("discord").description("Discord bot administration");
  discord
    .command("register")
    .description("Register Knowhow's slash commands with Discord (globally, or for one server with --guild)")
    .option("-g, --guild <id>", "register for this server only (takes effect at once)")
    .option("--print", "print the command definitions as JSON instead of registering them")
    .action(async (opts: { guild?: string; print?: boolean }) => {
      // discord.js is loaded by this command only: every other CLI command starts half a second sooner.
      const [{ REST }, { fetchApplicationId, registerCommands, COMMANDS }] = await Promise.all([import("discord.js"), import("../../../adapters/discord/commands.js")]);
      if (opts.print) return out(JSON.stringify(COMMANDS, null, 2));
      if (opts.guild !== undefined && !/^\d{15,21}$/.test(opts.guild)) throw new CliError(`--guild must be a server id (a number like 81234567890123456), not “${opts.guild}”`);
      const cfg = getConfig();
      if (!cfg) throw new CliError("DISCORD_TOKEN is not set: export it (and DISCORD_API_URL for a proxy) and run again. See docs/discord.md.");
      const rest = new REST({ ...(cfg.apiUrl ? { api: cfg.apiUrl.replace(/\/+$/, "") } : {}), retries: 1 }).setToken(cfg.token);
      let applicationId: string;
      try {
        applicationId = await fetchApplicationId(rest);
      } catch (e) {
        // Only a 401 is about the token; anything else (no network, a wrong DISCORD_API_URL, Discord down) is not.
        if ((e as { status?: unknown }).status === 401) throw new CliError(`Discord rejected the token (${(e as Error).message}). Check DISCORD_TOKEN.`);
        const why = (e as Error).message + ((e as Error).cause instanceof Error ? `: ${((e as Error).cause as Error).message}` : "");
        throw new CliError(`Could not reach Discord (${why}). Check the network (and DISCORD_API_URL if set), then run again.`);
      }
      const n = await registerCommands(rest, { applicationId, guildId: opts.guild ?? null });
      out(opts.guild ? `Registered ${n} commands for server ${opts.guild}.` : `Registered ${n} commands globally (Discord may take a few minutes to show them everywhere).`);
    });
}
