import { COMMANDS } from "../../../adapters/discord/index.js";

type Option = { name: string; type: number; options?: Option[] };
const commands = new Map<string, Option[]>(COMMANDS.map((c) => [c.name, c.options as unknown as Option[]]));

/**
 * The quoted commands in `text` (`/knowhow …` in backticks) a Discord member could not type as written: an unknown
 * command or subcommand, a command with subcommands named bare, typed text where Discord takes named options, or an
 * option the command does not have. Returns them with the count of commands seen.
 */
export function misnamedCommands(text: string): { seen: number; wrong: string[] } {
  const wrong: string[] = [];
  const named = [...text.matchAll(/`\/([a-z-]+)(?: ([^`]*))?`/g)];
  for (const [quoted, name, rest = ""] of named) {
    const options = commands.get(name!);
    if (!options) { wrong.push(quoted); continue; }
    const subs = options.filter((o) => o.type === 1);
    const sub = subs.find((o) => o.name === rest.split(/\s+/)[0]);
    if (subs.length > 0 && !sub) wrong.push(quoted);
    else if (rest.includes("=") || !/^(?:[a-z_]+:.*)?$/.test(rest.slice(sub ? sub.name.length : 0).trim())) wrong.push(quoted);
    else if ([...rest.matchAll(/([a-z_]+):/g)].some((m) => !(sub?.options ?? options).some((o) => o.name === m[1]))) wrong.push(quoted);
  }
  return { seen: named.length, wrong };
}
