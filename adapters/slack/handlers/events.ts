/**
 * Events API listeners (acked by Bolt before they run; redeliveries are dropped by the dedupe middleware):
 * mentions (answered in the thread, only the asker sees suggestions; "@Knowhow help" gets the help), DMs to the bot, App Home,
 * members joining and leaving.
 */
import type { App } from "@slack/bolt";
import type { Message } from "../../../src/core/messages.js";
import { inboundText, slackCommunity, slackMember } from "../inbound.js";
import { renderMessage } from "../render/blocks.js";
import { actorFor, guarded, refreshHome, viaDm, type HandlerContext, type Show } from "./context.js";

type TeamBody = { team_id?: string };

/** Message subtypes that are a person writing: plain, with a file attached, a thread reply also sent to the channel. */
const PERSON_WRITES = new Set<string | undefined>([undefined, "file_share", "thread_broadcast"]);

/** What the DM listener reads of a message a person wrote (Bolt types each subtype with its own fields). */
interface PersonMessage {
  subtype?: string;
  channel: string;
  channel_type?: string;
  user?: string;
  text?: string;
  team?: string;
  bot_id?: string;
  /** Set when the member wrote in a thread (e.g. a reply under one of the bot's DMs). */
  thread_ts?: string;
}

function personWriting(e: { subtype?: string }): e is PersonMessage {
  return PERSON_WRITES.has(e.subtype);
}

export function registerEvents(app: App, ctx: HandlerContext): void {
  app.event("app_mention", async ({ event, body }) => {
    const teamId = (body as TeamBody).team_id ?? event.team;
    const userId = event.user;
    if (!teamId || !userId || event.bot_id) return;
    const threadTs = event.thread_ts ?? event.ts;
    const show = ephemeralInThread(ctx, teamId, event.channel, userId, threadTs);
    await guarded(ctx, { event: "app_mention", teamId, userId }, show, async () => {
      const actor = await actorFor(ctx, teamId, userId);
      const text = inboundText(event.text, teamId, ctx.botUserId);
      const help = await ctx.core.conversation.mentionHelp(actor, text);
      if (help) return show(help);
      const isPrivate = await ctx.directory.isPrivate(teamId, event.channel);
      const { reply } = await ctx.core.asks.ask(actor, text, {
        surface: "mention", channelId: event.channel, threadId: threadTs, isPrivate,
      });
      await show(reply);
    });
  });

  app.event("message", async ({ event, body }) => {
    // Only messages people send to the bot in its DM; edits, deletes, bot posts and channel chatter are ignored.
    if (!personWriting(event) || event.channel_type !== "im" || event.bot_id) return;
    const teamId = (body as TeamBody).team_id ?? event.team;
    if (!teamId || !event.user || event.user === ctx.botUserId) return;
    const userId = event.user;
    // The answer goes where the member wrote: a reply in a thread of the DM is answered in that thread.
    const channel = event.channel;
    const threadTs = event.thread_ts ?? null;
    const show: Show = async (m) => {
      await ctx.messenger.post(teamId, channel, m, threadTs);
    };
    await guarded(ctx, { event: "message.im", teamId, userId }, show, async () => {
      const actor = await actorFor(ctx, teamId, userId);
      const reply = await ctx.core.conversation.handleDm(actor, inboundText(event.text ?? "", teamId, ctx.botUserId));
      // Someone writing to the bot has its DMs open, whatever an earlier failed DM said.
      await ctx.core.members.setDmClosed(actor.memberId, false);
      await show(reply);
    });
  });

  app.event("app_home_opened", async ({ event, body }) => {
    const teamId = (body as TeamBody).team_id;
    if (!teamId || event.tab === "messages") return;
    await refreshHome(ctx, teamId, event.user);
  });

  app.event("team_join", async ({ event, body }) => {
    const u = event.user;
    const teamId = (body as TeamBody).team_id ?? u.team_id;
    if (!teamId || u.is_bot || u.deleted) return;
    try {
      // The member exists from now on; the onboarding job welcomes them after the community's delay. The workspace's
      // name goes along, so a join that is the first event from it does not leave the community named by its id.
      const communityName = ctx.teamNames.get(teamId);
      await ctx.core.members.touch({
        memberId: slackMember(teamId, u.id), communityId: slackCommunity(teamId),
        displayName: u.profile?.display_name || u.real_name || u.name, timezone: u.tz ?? null,
        ...(communityName ? { communityName } : {}),
      });
    } catch (e) {
      ctx.logger.error({ err: e, teamId, userId: u.id }, "team_join: could not record the new member");
    }
  });

  app.event("user_change", async ({ event, body }) => {
    const u = event.user;
    const teamId = (body as TeamBody).team_id ?? u.team_id;
    if (!teamId) return;
    ctx.directory.forgetUser(teamId, u.id);
    const id = slackMember(teamId, u.id);
    try {
      // Every profile edit fires user_change: only a deactivation or a reactivation changes the member.
      if (u.deleted) await ctx.core.members.departed(id);
      else await ctx.core.members.returned(id);
    } catch (e) {
      ctx.logger.error({ err: e, teamId, userId: u.id }, "user_change: could not record the member's account status");
    }
  });
}

/** Suggestions for a mention are shown only to the asker, in the thread; a DM if the ephemeral fails. */
function ephemeralInThread(ctx: HandlerContext, teamId: string, channel: string, userId: string, threadTs: string): Show {
  return async (m: Message) => {
    try {
      await ctx.api.call(teamId, "chat.postEphemeral", { channel, user: userId, thread_ts: threadTs, ...renderMessage(m) });
    } catch (e) {
      ctx.logger.warn({ err: e, channel }, "ephemeral reply failed; answering by DM");
      await viaDm(ctx, teamId, userId)(m);
    }
  };
}
