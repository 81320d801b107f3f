import type { ActionOutcome } from "../../src/core/index.js";
import type { MemberId } from "../../src/core/ids.js";
import type { WebContext } from "./context.js";
import { actorFor, memberIdFor, slugify, slugOf } from "./identity.js";

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

/**
 * Who `/skills list @maya` means: a core mention (`<@web:demo:maya>`), or a member's slug or name after `@`
 * ("@maya-okafor", "@Maya Okafor" — a name gives its slug). Null for anything else.
 */
export function resolveMention(token: string): MemberId | null {
  const t = token.trim();
  const core = /^<@(web:[^>]+)>$/.exec(t)?.[1];
  if (core) return slugOf(core) !== null ? core : null;
  if (!t.startsWith("@")) return null;
  const slug = slugify(t.slice(1));
  try {
    return slug ? memberIdFor(slug) : null;
  } catch {
    return null;
  }
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
      return ctx.core.commands.skillsCommand(actor, cmd.text, resolveMention);
    case "knowhow":
      return ctx.core.commands.knowhowCommand(actor, cmd.text);
  }
}
