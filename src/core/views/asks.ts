import type { HelpRequest } from "../domain/request.js";
import { mention, pairValue, type Action, type Message } from "../messages.js";
import type { MatchResult } from "../ports/matcher.port.js";
import type { Member } from "../domain/member.js";
import { quote } from "./format.js";

export function suggestionsMessage(req: HelpRequest, result: MatchResult, canPost: boolean): Message {
  // The asker also hears when it is night for someone (they may answer later); the candidate's reason leaves it out.
  const night = (s: MatchResult["suggestions"][number]) => s.signals.some((x) => x.kind === "timezone" && x.weight < 0) ? " (it's night for them now)" : "";
  const lines = result.suggestions.map((s, i) => `${i + 1}. ${mention(s.memberId)} — ${s.reason}${night(s)}`);
  const actions: Action[] = [
    { type: "ask.best", label: "Ask the best ones for me", value: req.id, style: "primary" },
    ...result.suggestions.map((s) => ({ type: "ask.candidate" as const, label: `Ask ${s.displayName}`, value: pairValue(req.id, s.memberId) })),
  ];
  if (canPost) actions.push({ type: "ask.post_channel", label: "Post to a channel instead", value: req.id });
  return {
    kind: "suggestions",
    title: "Who can help",
    text: `For ${quote(req.question, 200)} I'd ask:\n${lines.join("\n")}${awayNote(result.away)}\n\nI'll ask them privately and only introduce you if they say yes — nobody else is pinged.`,
    actions,
  };
}

export function nobodyFitsMessage(req: HelpRequest, result: MatchResult, canPost: boolean): Message {
  const closest = result.closestSkills.length > 0
    ? `\nThe closest skills people here have declared: ${result.closestSkills.slice(0, 6).join(", ")}.`
    : "";
  return {
    kind: "nobody_fits",
    title: result.away ? "The people who fit are away" : "Nobody here fits this well",
    text: `${nobodyFitsReason(req, result)}${result.away ? "" : closest}${canPost ? "\nWant me to post it to a channel so anyone can chip in?" : ""}`,
    actions: canPost ? [{ type: "ask.post_channel", label: "Post to a channel", value: req.id, style: "primary" }] : [],
  };
}

/** Beside suggestions: better-fitting members exist but are away (never who). */
function awayNote(away: number | undefined): string {
  if (!away) return "";
  return away === 1
    ? "\n(One member who fits this better is taking a break or has had enough requests this week, so I've left them out.)"
    : `\n(${away} members who fit this better are taking a break or have had enough requests this week, so I've left them out.)`;
}

function nobodyFitsReason(req: HelpRequest, result: MatchResult): string {
  const q = quote(req.question, 200);
  if (result.away) {
    const who = result.away === 1 ? "The one member who fits it is taking a break or has" : `The ${result.away} members who fit it are taking a break or have`;
    return `${who} had enough requests this week, so I won't bother anyone with ${q} right now. Try again in a few days.`;
  }
  if (result.need) return `Nobody here lists anything like “${result.need}”, so I won't bother anyone with ${q}.`;
  return `I couldn't find anyone here who fits ${q} well enough, so I won't bother anyone with it.`;
}

export function offerMessage(req: HelpRequest, offerId: string, asker: Member, reason: string): Message {
  const ask = `${mention(asker.id)} asks: ${quote(req.question, 1500)}\nSuggested because: ${reason}.\n\n`;
  return {
    kind: "offer",
    title: "Can you help?",
    text: `${ask}If you say yes I'll introduce you two; otherwise nobody will know you were asked.`,
    publicText: `${ask}If you say yes I'll introduce you two. (I'm asking here because I couldn't send you a DM.)`,
    actions: [
      { type: "offer.accept", label: "I can help", value: offerId, style: "primary" },
      { type: "offer.decline", label: "Not now", value: offerId },
      { type: "offer.not_my_area", label: "Not my area", value: offerId },
    ],
  };
}

export function introMessage(req: HelpRequest, helperId: string, reason: string): Message {
  return {
    kind: "intro",
    title: "Introduction",
    text: `${mention(req.askerId)}, meet ${mention(helperId)} — they said they can help with ${quote(req.question, 600)}\n(Suggested because: ${reason}.)\n${mention(helperId)}, over to you. I'll check back later to see how it went.`,
  };
}

export function followUpMessage(req: HelpRequest): Message {
  return {
    kind: "followup",
    title: "Did you get help?",
    text: `You asked ${quote(req.question, 300)}${req.helperId ? ` and I introduced you to ${mention(req.helperId)}` : ""}. Did you get the help you needed?`,
    actions: [
      { type: "followup.yes", label: "Yes, thanks!", value: req.id, style: "primary" },
      { type: "followup.no", label: "Not really", value: req.id },
    ],
  };
}

/** `unreachable`: how many of those asked could not get a DM from the bot at all. */
export function nobodyAcceptedMessage(req: HelpRequest, canPost: boolean, unreachable = 0): Message {
  const asked = req.offeredTo.length;
  const noneReached = unreachable > 0 && unreachable >= asked;
  const what = noneReached
    ? `I couldn't reach ${asked === 1 ? "the person" : "the people"} who fit ${quote(req.question, 300)}: they don't accept direct messages from me.`
    : `I asked ${asked === 1 ? "one person" : `${asked} people`} about ${quote(req.question, 300)}, but nobody was free to help this time${unreachable > 0 ? ` (${unreachable} of them I couldn't reach by DM)` : ""}.`;
  return {
    kind: "followup",
    title: noneReached ? "Nobody could be reached" : "Nobody was free",
    text: `${what}${canPost ? " Want me to post it to a channel so anyone can chip in?" : " You could ask in a channel where people with this skill hang out."}`,
    actions: canPost ? [{ type: "ask.post_channel", label: "Post to a channel", value: req.id, style: "primary" }] : [],
  };
}

export function channelPostMessage(req: HelpRequest): Message {
  return {
    kind: "info",
    title: "Can anyone help?",
    text: `${mention(req.askerId)} is looking for help: ${quote(req.question, 1500)}\nIf you know about this, reply in the thread.`,
  };
}
