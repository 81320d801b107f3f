/**
 * The ask loop when Slack fails: a channel the bot is not in, an outage while DMing a candidate, a group DM that
 * cannot be opened. Real Bolt against the fake Web API.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findButton, startHarness, textOf, USERS, type Harness } from "./support/harness.js";

const C = "slack:T0001";
const shown = (r: { responses: Array<Record<string, unknown>> }) => `${String(r.responses.at(-1)?.text)} ${textOf(r.responses.at(-1)?.blocks)}`;

describe("asking when Slack fails", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.command(USERS.ana, "/skills", "add bookkeeping (expert), email deliverability");
  });
  afterEach(async () => {
    await h.close();
  });

  it("'Post to a channel' in a channel the bot was never invited to tells the asker to invite the bot (not 'try again in a minute')", async () => {
    h.fake.state.addChannel("C0RANDOM", [USERS.ben]);
    const ask = await h.command(USERS.ben, "/ask", "who can help with underwater basket weaving?", "C0RANDOM");
    const post = findButton(ask.responses[0]?.blocks, "ask.post_channel");
    h.fake.failNext("chat.postMessage", { kind: "error", error: "not_in_channel" }); // Slack's answer without chat:write.public
    const r = await h.press(USERS.ben, post.action_id, post.value!);
    expect(shown(r)).not.toMatch(/something went wrong/i);
    expect(shown(r)).toMatch(/I'm not in that channel.*\/invite @Knowhow/);
    // Nothing was used up: once the bot is invited, the same button posts it.
    const again = await h.press(USERS.ben, post.action_id, post.value!);
    expect(shown(again)).toMatch(/Posted/);
  });

  it("a Slack outage while DMing the candidate keeps the question open, says so, and the next sweep asks them", async () => {
    const ask = await h.command(USERS.ben, "/ask", "who can help with bookkeeping?");
    const best = findButton(ask.responses[0]?.blocks, "ask.best");
    h.fake.failNext("conversations.open", { kind: "http", status: 503 }, 4); // every retry of the SlackApi queue fails
    const r = await h.press(USERS.ben, best.action_id, best.value!);
    expect(shown(r)).not.toMatch(/nobody was free/i);
    expect(shown(r)).toMatch(/couldn't reach .* just now.*try again in a few minutes/);
    const [req] = await h.store.listRequests({ communityId: C });
    expect([req?.state, req?.round, req?.offeredTo]).toEqual(["offered", 0, []]);
    // An intro request that never went out is no request: nothing counts against Ana (helper load, no-replies).
    expect(await h.store.listOffers({ requestId: req!.id })).toEqual([]);
    expect(h.fake.state.dmsTo(USERS.ana)).toHaveLength(0);

    const swept = await h.core.asks.runDue(C, h.clock.now());
    expect(swept.widened).toEqual([req!.id]);
    expect(h.fake.state.dmsTo(USERS.ana).map((m) => m.text).join("\n")).toMatch(/bookkeeping/);
    expect((await h.store.getRequest(req!.id))?.offeredTo).toEqual([`${C}:${USERS.ana}`]);
  });

  it("when the group DM can't be opened after a yes, the asker is told who accepted", async () => {
    const ask = await h.command(USERS.ben, "/ask", "who can help with bookkeeping?");
    const best = findButton(ask.responses[0]?.blocks, "ask.best");
    await h.press(USERS.ben, best.action_id, best.value!);
    const offer = h.fake.state.dmsTo(USERS.ana).at(-1)!;
    const accept = findButton(offer.blocks, "offer.accept");
    h.fake.failNext("conversations.open", { kind: "http", status: 503 }, 4);
    const r = await h.press(USERS.ana, accept.action_id, accept.value!, { message: { text: offer.text, blocks: offer.blocks! } });
    expect(shown(r)).toMatch(/please message <@UBEN> directly/);
    expect(h.fake.state.dmsTo(USERS.ben).some((m) => m.text.includes("<@UANA>") && /can help/.test(m.text))).toBe(true);
  });
});
