import { Command, CommanderError } from "commander";
import { ConfigError } from "../app/config.js";
import { isUserError } from "../core/errors.js";
import { registerCommunityCommands } from "./commands/community.js";
import { registerDiscordCommands } from "./commands/discord.js";
import { registerJobsCommands } from "./commands/jobs.js";
import { registerMemberCommands, CliError } from "./commands/members.js";
import { cliRuntime } from "./runtime.js";

/** `knowhow …`: operators' command line. Uses the same configuration (environment) as the service. */
export function buildProgram(): Command {
  const program = new Command("knowhow")
    .description("Knowhow: find the people in your community who can help")
    .showHelpAfterError()
    // Commander's own messages (a bad option value, a missing argument) go where the CLI's other errors go.
    .configureOutput({ writeErr: (text) => console.error(text.trimEnd()) })
    .exitOverride();
  registerMemberCommands(program, cliRuntime);
  registerCommunityCommands(program, cliRuntime);
  registerDiscordCommands(program);
  registerJobsCommands(program, cliRuntime);
  return program;
}

export async function run(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: "user" });
    return Number(process.exitCode ?? 0);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    // Found while opening the runtime (an unusable DATA_DIR): the same exit status as an invalid variable.
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 78;
    }
    if (e instanceof CliError || isUserError(e)) {
      console.error(e.message);
      return 1;
    }
    console.error(e instanceof Error ? e.message : e);
    return 1;
  }
}
