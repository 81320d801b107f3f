import { UserError } from "../../src/core/errors.js";
import type { ActionOutcome, MentionResolver } from "../../src/core/index.js";
import { listDemoMembers } from "./api/members.routes.js";
import type { WebContext } from "./context.js";
import { foldText } from "../../src/core/skills/normalize.js";
import { actorFor, slugify, slugOf } from "./identity.js";

/** The slash commands Slack and Discord register; the playground has no slash commands, so they are typed. */
const TYPED = /^\/(ask|skills|knowhow)(?=\s|$)\s*/i;

export interface TypedCommand {
  name: "ask" | "skills" | "knowhow";
  /** What follows the command name, as Slack's `command.text` carries it. */
  text: string;
}

/** `/ask …`, `/skills …` or `/knowhow …` typed in the playground's message box; null for anything else. */
export function typedCommand(raw: string): TypedCommand | null {
  const t = raw.trim();
  const m = TYPED.exec(t);
  if (!m?.[1]) return null;
  return { name: m[1].toLowerCase() as TypedCommand["name"], text: t.slice(m[0].length) };
}

const COMMANDS = ["ask", "skills", "knowhow"] as const;

/** Edits (insert, delete, replace) that turn `a` into `b`. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/**
 * What to say to a slash command that is none of the three (`/skill add SEO`, `/help`), or null for anything else.
 * Slack and Discord refuse such a command in the client, so it never reaches the bot; taken as a message, it would be
 * read as skills to add ("I understood: /skill add SEO").
 */
export function unknownCommandReply(raw: string): string | null {
  const name = /^\/([A-Za-z][\w-]*)(?=\s|$)/.exec(raw.trim())?.[1]?.toLowerCase();
  if (!name || (COMMANDS as readonly string[]).includes(name)) return null;
  const meant = COMMANDS.find((c) => distance(name, c) <= (c.length > 3 ? 2 : 1));
  return `There's no \`/${name}\` command${meant ? `: did you mean \`/${meant}\`?` : "."} Here you can type \`/ask\`, \`/skills\` and \`/knowhow\` as in Slack (\`help\` lists them).`;
}

/**
 * Who `/skills list @maya` means: a core mention (`<@web:demo:maya>`), or after `@` a member's slug ("@maya") or
 * display name ("@Maya Okafor", "@lars nystrom": case and accents aside; its slug form "@maya-okafor" too). The demo
 * members' slugs are short, so a name cannot simply be slugified. Null for anything else; a name nobody has is
 * refused here as no such member (the core would say the member "hasn't declared any skills").
 */
export function mentionResolver(ctx: WebContext): MentionResolver {
  return async (token) => {
    const t = token.trim();
    const core = /^<@(web:[^>]+)>$/.exec(t)?.[1];
    if (core) return slugOf(core) !== null ? core : null;
    if (!t.startsWith("@")) return null;
    const wanted = t.slice(1).trim();
    const slug = slugify(wanted);
    if (!slug && !/[\p{L}\p{N}]/u.test(wanted)) return null;
    const members = await listDemoMembers(ctx);
    // As the core compares names (CommunityService.findMembers): accents, case, punctuation and spacing aside.
    const name = foldText(wanted);
    const found = members.find((m) => slugOf(m.id) === wanted.toLowerCase())
      ?? members.find((m) => foldText(m.displayName) === name)
      ?? (slug ? members.find((m) => slugify(m.displayName) === slug) : undefined);
    if (!found) throw new UserError("not_found", `There is no member “${wanted.slice(0, 40)}” in the playground.`, "member");
    return found.id;
  };
}

/**
 * Runs a typed command as Slack's command handlers do (adapters/slack/handlers/commands.ts): the same actor, one
 * core call, and the outcome shown to the member. The message box is the member's DM with the bot, so `/ask`
 * asks privately, as `/ask` in a Slack DM does.
 */
export async function runTypedCommand(ctx: WebContext, slug: string, cmd: TypedCommand): Promise<ActionOutcome> {
  const actor = actorFor(slug);
  switch (cmd.name) {
    case "ask": {
      const { reply } = await ctx.core.asks.ask(actor, cmd.text, { surface: "dm", channelId: null, threadId: null, isPrivate: true });
      return { kind: "reply", message: reply };
    }
    case "skills":
      return ctx.core.commands.skillsCommand(actor, cmd.text, mentionResolver(ctx));
    case "knowhow":
      return ctx.core.commands.knowhowCommand(actor, cmd.text);
  }
}
