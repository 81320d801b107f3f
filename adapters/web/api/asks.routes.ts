import type { Router } from "express";
import { z } from "zod";
import type { RequestOrigin } from "../../../src/core/domain/request.js";
import type { HelpRequest } from "../../../src/core/domain/request.js";
import { UserError } from "../../../src/core/errors.js";
import type { ActionOutcome } from "../../../src/core/index.js";
import { runTypedCommand, typedCommand, unknownCommandReply } from "../commands.js";
import type { WebContext } from "../context.js";
import { closedForMember, settledForMember, settleInbox } from "../inbox.js";
import { parseInput, route } from "../http-utils.js";
import { actorFor, DEMO_CHANNEL, memberIdFor, requireMember } from "../identity.js";

const AskBody = z.object({ question: z.string().max(10_000), where: z.enum(["channel", "dm"]).default("channel") });
const ActionBody = z.object({ type: z.string().min(1).max(64), value: z.string().max(2000), itemId: z.string().max(64).optional() });
const DmBody = z.object({ text: z.string().max(10_000) });

/** The origin of a playground question: asked "in #general" (so posting to the channel works) or by DM. */
function originFor(where: "channel" | "dm"): RequestOrigin {
  return where === "dm"
    ? { surface: "dm", channelId: null, threadId: null, isPrivate: true }
    : { surface: "web", channelId: DEMO_CHANNEL, threadId: null, isPrivate: false };
}

export function requestView(r: HelpRequest) {
  return {
    id: r.id, question: r.question, state: r.state, topics: r.topics, unmatched: r.unmatched, candidates: r.candidates,
    offeredTo: r.offeredTo, helperId: r.helperId, round: r.round, createdAt: r.createdAt, connectedAt: r.connectedAt, closedAt: r.closedAt,
  };
}

/** Asking, the inbox, buttons and free-text DMs: each a single core use case. */
export function mountAskRoutes(r: Router, ctx: WebContext): void {
  const { core } = ctx;

  r.post("/members/:slug/ask", route(async (req, res) => {
    const slug = String(req.params.slug);
    await requireMember(core.deps.store, slug);
    const body = parseInput(AskBody, req.body);
    const result = await core.asks.ask(actorFor(slug), body.question, originFor(body.where));
    res.json({ request: requestView(result.request), reply: result.reply });
  }));

  r.get("/members/:slug/requests", route(async (req, res) => {
    const id = memberIdFor(String(req.params.slug));
    const open = await core.asks.openRequestsFor(id);
    res.json({ asked: open.asked.map(requestView), pendingOffers: open.offers.map((o) => ({ offerId: o.offer.id, request: requestView(o.request) })) });
  }));

  r.get("/members/:slug/inbox", route(async (req, res) => {
    const id = memberIdFor(String(req.params.slug));
    await settleInbox(ctx, id);
    res.json({ items: ctx.messenger.inbox(id) });
  }));

  // Every button in the playground (inbox, ask results) comes back here, exactly as Slack and Discord do.
  r.post("/members/:slug/actions", route(async (req, res) => {
    const slug = String(req.params.slug);
    const id = memberIdFor(slug);
    await requireMember(core.deps.store, slug);
    const body = parseInput(ActionBody, req.body);
    const item = body.itemId ? ctx.messenger.item(id, body.itemId) : null;
    if (body.itemId && !item) throw new UserError("not_found", "That message is no longer in your inbox.");
    const action = item?.message.actions?.find((a) => a.type === body.type && a.value === body.value);
    if (item && !action) throw new UserError("invalid_input", "That button doesn't belong to this message.");
    if (item?.answer && closedForMember(item.answer)) throw new UserError("already_handled", "That question is no longer open — ask it again if you still need help.");
    if (item?.answer && !settledForMember(item.answer)) throw new UserError("already_handled", `You already answered this one (“${item.answer.label}”).`);
    const outcome = await core.actions.handle(actorFor(slug), body.type, body.value);
    // Forgotten: what the playground delivered to them goes too (a new member of the same name would get it).
    if (body.type === "forget.confirm") ctx.messenger.forget(id);
    else if (item && action) {
      ctx.messenger.markAnswered(id, item.id, { actionType: action.type, label: action.label, reply: outcome.kind === "reply" ? outcome.message : null, at: ctx.clock.now() });
    }
    res.json({ outcome });
  }));

  // The member's DM with the bot; with no slash commands in a browser, `/ask`, `/skills` and `/knowhow` are typed here.
  r.post("/members/:slug/dm", route(async (req, res) => {
    const slug = String(req.params.slug);
    await requireMember(core.deps.store, slug);
    const body = parseInput(DmBody, req.body);
    if (!body.text.trim()) throw new UserError("empty", "Type a message first.", "text");
    const command = typedCommand(body.text);
    const unknown = command ? null : unknownCommandReply(body.text);
    if (unknown) throw new UserError("invalid_input", unknown, "text");
    const outcome: ActionOutcome = command ? await runTypedCommand(ctx, slug, command) : { kind: "reply", message: await core.conversation.handleDm(actorFor(slug), body.text) };
    res.json({ outcome });
  }));

  r.get("/channels/:channel", route(async (req, res) => {
    res.json({ posts: ctx.messenger.channel(String(req.params.channel)) });
  }));
}
