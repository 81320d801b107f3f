/**
 * Messages: an @-mention of the bot in a channel or thread is an ask answered in place (in a thread on
 * the message; help, small talk and skill lists get a reply to the message instead); a DM is free text
 * for the core's DM handler (questions become asks, skill lists get a confirm button). Bots' messages and
 * messages that don't concern the bot are ignored.
 */
import type { Message as DiscordMessage } from "discord.js";
import { FAULT_MESSAGE, isUserError } from "../../../src/core/errors.js";
import { errorMessage, info, type Message } from "../../../src/core/messages.js";
import { validateQuestion } from "../../../src/core/text.js";
import type { Actor } from "../../../src/core/index.js";
import type { SkillLevel } from "../../../src/core/domain/skill.js";
import { parseSkillLine } from "../../../src/core/skills/parse.js";
import { classifyDm } from "../../../src/core/usecases/conversation.js";
import { actorOf, communityForDm } from "../context.js";
import { isCannotPost } from "../errors.js";
import { inboundText } from "../ids.js";
import { clip, DISCORD_LIMITS } from "../render/limits.js";
import { originOf, type HandlerContext } from "./context.js";

/** In a DM, where Discord doesn't run Knowhow's commands. */
const HOW_TO_ASK_IN_DM = "Type your question here, e.g. “who can help with SEO for my Etsy shop?” — I'll find the people in your server who can help and ask them privately. Or tell me what you can help with.";
const HOW_TO_ASK = "Ask me with `/ask question:…` — for example `/ask question: who can help with SEO for my Etsy shop?`. I'll find the people here who can help and ask them privately.";

export async function handleMessage(msg: DiscordMessage, ctx: HandlerContext): Promise<void> {
  if (msg.author.bot || msg.system) return;
  const me = ctx.client.user?.id ?? null;
  if (msg.inGuild()) {
    if (!me || !mentionsMe(msg, me) || msg.mentions.everyone) return;
    await mention(msg, ctx, me);
  } else if (msg.channel.isDMBased()) {
    await directMessage(msg, ctx);
  }
}

/**
 * Whether the member @-mentioned the bot, or its managed role (Discord lists both as "@Knowhow"). A reply to one
 * of the bot's messages puts the bot in `mentions` too (the reply ping) without being addressed to it: that
 * counts only when the text names the bot as well.
 */
function mentionsMe(msg: DiscordMessage<true>, me: string): boolean {
  const role = botRoleOf(msg, me);
  if (role && msg.mentions.roles.has(role)) return true;
  if (!msg.mentions.users.has(me)) return false;
  return msg.mentions.repliedUser?.id !== me || msg.mentions.parsedUsers.has(me);
}

/** The id of the role Discord made for the bot when it joined (tagged with its id), if cached. */
function botRoleOf(msg: DiscordMessage<true>, me: string): string | null {
  return msg.guild.roles.botRoleFor(me)?.id ?? null;
}

async function mention(msg: DiscordMessage<true>, ctx: HandlerContext, me: string): Promise<void> {
  const log = ctx.logger.child({ messageId: msg.id, channelId: msg.channelId, surface: "mention" });
  const text = inboundText(msg.content, msg.guildId, me, botRoleOf(msg, me));
  const guildId = msg.guildId;
  // Without the Message Content intent (or with nothing after the mention but custom emoji) there is no question to read.
  if (!text || emojiOnly(text)) {
    await postIn(ctx, msg.channelId, info(msg.content ? `Hi! ${HOW_TO_ASK}` : `I can't read messages here (the Message Content intent is off). ${HOW_TO_ASK}`), guildId, log, msg.id, msg.author.id);
    return;
  }
  const actor = actorOf(msg.guild, msg.author, msg.member, false);
  // A thread is for a question: help, small talk and skill lists are answered in a reply to the message.
  let help: Message | null;
  try {
    help = await ctx.core.conversation.mentionHelp(actor, text);
  } catch (e) {
    help = failure(e, log);
  }
  if (help) {
    await postIn(ctx, msg.channelId, help, guildId, log, msg.id, msg.author.id);
    return;
  }
  const intent = classifyDm(text);
  if (intent === "skills") {
    await postIn(ctx, msg.channelId, info(`To add what you can help with, use \`/skills add skills:…\` — or DM me the list. ${HOW_TO_ASK}`), guildId, log, msg.id, msg.author.id);
    return;
  }
  try {
    validateQuestion(text);
  } catch (e) {
    if (!isUserError(e)) throw e;
    // Too long is worth saying whatever it was (Nitro lets a message run to 4,000 characters; a question may have 2,000).
    await postIn(ctx, msg.channelId, intent === "question" || e.code === "too_long" ? errorMessage(e.message) : info(`Hi! ${HOW_TO_ASK}`), guildId, log, msg.id, msg.author.id);
    return;
  }
  let where = msg.channel.isThread() ? msg.channelId : null;
  if (!where) {
    try {
      const name = text.replace(/<@[^>]+>/g, "").replace(/\s+/g, " ").trim() || "Question";
      const thread = await msg.startThread({ name: clip(name, DISCORD_LIMITS.threadName), autoArchiveDuration: 1440 });
      where = thread.id;
    } catch (e) {
      log.warn({ err: e }, "could not start a thread; answering in the channel");
    }
  }
  const origin = where && where !== msg.channelId
    ? { ...originOf(msg.channel, "mention"), threadId: where }
    : originOf(msg.channel, "mention");
  let reply: Message;
  try {
    reply = (await ctx.core.asks.ask(actor, text, origin)).reply;
  } catch (e) {
    reply = failure(e, log);
  }
  await postIn(ctx, where ?? msg.channelId, reply, guildId, log, where ? null : msg.id, msg.author.id);
}

async function directMessage(msg: DiscordMessage, ctx: HandlerContext): Promise<void> {
  const log = ctx.logger.child({ messageId: msg.id, surface: "dm" });
  const text = inboundText(msg.content, null, ctx.client.user?.id ?? null);
  let guildId = "0";
  let reply: Message;
  try {
    const { actor, ambiguous } = await communityForDm(ctx.client, ctx.core, msg.author);
    guildId = actor.communityId.slice("discord:".length);
    // Someone writing to the bot has its DMs open, whatever an earlier failed DM said.
    await ctx.core.members.setDmClosed(actor.memberId, false);
    // Custom emoji alone say nothing in words: read as a reaction (the core answers "👍" the same way).
    const words = emojiOnly(text) ? "" : text;
    reply = text ? (await typedCommand(ctx, actor, text)) ?? await ctx.core.conversation.handleDm(actor, words) : info(HOW_TO_ASK_IN_DM);
    if (ambiguous) reply = { ...reply, text: `${reply.text}\n_(for ${actor.communityName ?? "your server"} — use \`/ask\` inside another server to ask there)_` };
  } catch (e) {
    reply = failure(e, log);
  }
  await postIn(ctx, msg.channelId, reply, guildId, log, null);
}

/**
 * A slash command typed in a DM: Knowhow's commands run in servers only, so Discord sends `/ask …` there as plain text.
 * `/ask` asks the rest and `/skills add` offers the rest as skills (as if typed without the command, with Discord's option
 * names taken off); `/skills list`, `/knowhow help` and `/knowhow status` are answered; any other says where it works.
 * Null when the text is no command.
 */
async function typedCommand(ctx: HandlerContext, actor: Actor, text: string): Promise<Message | null> {
  const m = text.match(/^\/(ask|skills|knowhow)\b\s*([\s\S]*)$/i);
  if (!m) return null;
  const [, typed, rest] = m as unknown as [string, string, string];
  const command = typed.toLowerCase();
  const ask = command === "ask" ? rest.replace(/^question:\s*/i, "") : null;
  if (ask) return (await ctx.core.asks.ask(actor, ask, { surface: "dm", channelId: null, threadId: null, isPrivate: true })).reply;
  const add = command === "skills" ? rest.match(/^add\s+(?:skills:\s*)?([\s\S]+)$/i)?.[1] : undefined;
  if (add) {
    // `level:` last, as Discord's option takes it: for all of them.
    const level = add.match(/\s+level:\s*(can[ _]help|expert|learning)\s*$/i);
    const items = parseSkillLine(level ? add.slice(0, level.index) : add);
    const as = level ? (level[1]!.toLowerCase().replace(" ", "_") as SkillLevel) : null;
    return ctx.core.conversation.confirmSkills(actor, as ? items.map((x) => ({ ...x, level: as })) : items);
  }
  if (command === "ask") return info(HOW_TO_ASK_IN_DM);
  // What only reads the member's own profile needs no server: it is answered here.
  const read = `${command} ${rest.trim().toLowerCase()}`.trim();
  if (["skills list", "knowhow", "knowhow help", "knowhow status"].includes(read)) {
    const outcome = command === "skills" ? await ctx.core.commands.skillsCommand(actor, "list") : await ctx.core.commands.knowhowCommand(actor, rest.trim() || "help");
    if (outcome.kind === "reply") return outcome.message;
  }
  return info(`My commands only run inside a server: type \`${clip(text.split("\n")[0]!.replace(/`/g, ""), 100)}\` in a channel of ${actor.communityName ?? "your server"} (only you see the answer). Here, just ask me a question or tell me what you can help with.`);
}

/** Text made only of a server's custom emoji (as inboundText writes them, `:name:`). */
function emojiOnly(text: string): boolean {
  return text !== "" && text.replace(/:\w+:/g, "").trim() === "";
}

function failure(e: unknown, log: HandlerContext["logger"]): Message {
  if (isUserError(e)) return errorMessage(e.message);
  log.error({ err: e }, "message handler failed");
  return errorMessage(FAULT_MESSAGE);
}

/**
 * Answers in a channel. When the bot may not post there (its permissions or the channel's overwrites), the
 * answer goes to `dmTo` by DM instead, saying why: the member who mentioned it would otherwise get nothing.
 */
async function postIn(ctx: HandlerContext, channelId: string, message: Message, guildId: string, log: HandlerContext["logger"], replyTo: string | null, dmTo: string | null = null): Promise<void> {
  try {
    await ctx.messenger.post(channelId, message, guildId, [], replyTo);
    return;
  } catch (e) {
    if (!dmTo || !isCannotPost(e)) {
      log.error({ err: e, channelId }, "could not answer the message");
      return;
    }
    log.warn({ err: e, channelId }, "may not post in the channel; answering by DM");
  }
  try {
    const text = `I'm not allowed to post in <#${channelId}> (a server admin can change my permissions there), so I'm answering here.\n\n${message.text}`;
    await ctx.messenger.post(await ctx.messenger.openDm(dmTo), { ...message, text }, guildId);
  } catch (e) {
    log.error({ err: e, channelId, userId: dmTo }, "could not answer the message in the channel nor by DM");
  }
}
