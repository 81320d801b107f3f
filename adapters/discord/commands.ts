/**
 * Slash command definitions (`/ask`, `/skills`, `/knowhow`) and their registration by bulk overwrite,
 * globally or for one guild (instant; handy while developing). Used on start (DISCORD_REGISTER_COMMANDS)
 * and by `knowhow discord register [--guild ID]`.
 */
import { Routes, type REST, type RESTPutAPIApplicationCommandsJSONBody } from "discord.js";
import { LIMITS } from "../../src/core/text.js";

const STRING = 3;
const INTEGER = 4;
const USER = 6;
const ROLE = 8;
const SUB = 1;
/** Commands are used inside servers only: a DM has no community (free-text DMs still work). */
const GUILD_ONLY = { contexts: [0], integration_types: [0] };

const sub = (name: string, description: string, options: unknown[] = []) => ({ type: SUB, name, description, options });

export const COMMANDS = [
  {
    name: "ask",
    description: "Find the people here who can help with your question",
    ...GUILD_ONLY,
    options: [{ type: STRING, name: "question", description: "What do you need help with?", required: true, min_length: 1, max_length: LIMITS.question }],
  },
  {
    name: "skills",
    description: "View and edit what you can help with",
    ...GUILD_ONLY,
    options: [
      sub("add", "Add skills you can help with", [
        { type: STRING, name: "skills", description: "e.g. SEO, copywriting (expert), learning react", required: true, min_length: 1, max_length: LIMITS.skillLine },
        { type: STRING, name: "level", description: "Level for all of them (default: can help)", choices: [
          { name: "can help", value: "can_help" }, { name: "expert", value: "expert" }, { name: "learning", value: "learning" },
        ] },
      ]),
      sub("remove", "Remove a skill", [{ type: STRING, name: "skill", description: "The skill to remove", required: true, autocomplete: true, max_length: 200 }]),
      sub("list", "Show your skills, or another member's", [{ type: USER, name: "member", description: "Whose skills (default: yours)" }]),
      sub("edit", "Edit all your skills at once"),
    ],
  },
  {
    name: "knowhow",
    description: "Help, availability, your data and server settings",
    ...GUILD_ONLY,
    options: [
      sub("help", "How Knowhow works"),
      sub("pause", "Don't suggest me for a while", [{ type: INTEGER, name: "days", description: "How many days (default 7)", min_value: 1, max_value: 365 }]),
      sub("resume", "Suggest me to askers again"),
      sub("cap", "Most intro requests per week", [{ type: INTEGER, name: "per_week", description: "0–50", required: true, min_value: 0, max_value: 50 }]),
      sub("quiet-hours", "No requests during these local hours", [
        { type: INTEGER, name: "start", description: "Local hour quiet time starts (0–23)", required: true, min_value: 0, max_value: 23 },
        { type: INTEGER, name: "end", description: "Local hour quiet time ends (0–23); equal to start turns it off", required: true, min_value: 0, max_value: 23 },
      ]),
      sub("timezone", "Set your timezone", [{ type: STRING, name: "timezone", description: "e.g. Europe/Paris", required: true, autocomplete: true, max_length: 64 }]),
      sub("status", "Your availability: paused, weekly cap, quiet hours, timezone"),
      sub("opt-out", "Never suggest me to askers (you can still ask)"),
      sub("opt-in", "Suggest me to askers again"),
      sub("reminders", "Reminders to keep your skills current", [
        { type: STRING, name: "state", description: "on or off", required: true, choices: [{ name: "on", value: "on" }, { name: "off", value: "off" }] },
      ]),
      sub("export", "Get everything Knowhow stores about you"),
      sub("forget-me", "Delete everything Knowhow stores about you here"),
      sub("settings", "Server settings (Manage Server)", [
        { type: STRING, name: "name", description: "Setting to change (leave empty to see all)", autocomplete: true, max_length: 40 },
        { type: STRING, name: "value", description: "New value", max_length: 100 },
      ]),
      sub("alias", "List the server's aliases, or make one skill name mean another (Manage Server)", [
        { type: STRING, name: "from", description: "e.g. gh actions (leave both empty to list the aliases)", max_length: 60 },
        { type: STRING, name: "to", description: "e.g. github actions", max_length: 60 },
      ]),
      sub("unalias", "Remove an alias (Manage Server)", [{ type: STRING, name: "alias", description: "The alias to remove, e.g. gh actions", required: true, max_length: 60 }]),
      sub("report", "What people ask and who helps (Manage Server)"),
      sub("import-roles", "Turn self-assigned skill roles into skills (Manage Server)", [
        { type: ROLE, name: "role", description: "One skill role to import" },
        { type: STRING, name: "pattern", description: "Role names to import, e.g. skill-* or *-helpers", max_length: 60 },
      ]),
    ],
  },
] as const;

export interface RegisterOptions {
  applicationId: string;
  /** Register for this guild only (instant); otherwise globally. */
  guildId?: string | null;
}

/** Replaces the application's commands with COMMANDS. Returns how many were registered. */
export async function registerCommands(rest: REST, opts: RegisterOptions): Promise<number> {
  const route = opts.guildId ? Routes.applicationGuildCommands(opts.applicationId, opts.guildId) : Routes.applicationCommands(opts.applicationId);
  const res = (await rest.put(route, { body: COMMANDS as unknown as RESTPutAPIApplicationCommandsJSONBody })) as unknown[];
  return res.length;
}

/** The application id of the bot token (`GET /applications/@me`). */
export async function fetchApplicationId(rest: REST): Promise<string> {
  const app = (await rest.get(Routes.currentApplication())) as { id: string };
  return app.id;
}
