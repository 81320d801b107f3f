import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { postJson } from "../../adapters/slack/handlers/context.js";
import { blockAction } from "../fakes/slack/index.js";
import { findButton, GENERAL, startHarness, TEAM, textOf, USERS, type Harness } from "./support/harness.js";

describe("Slack: declare → ask → accept → group DM", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("introduces asker and helper in a group DM when the candidate says yes", async () => {
    const declare = await h.command(USERS.ana, "/skills", "add SEO, copywriting");
    expect(declare.http.status).toBe(200);
    expect(declare.responses[0]?.response_type).toBe("ephemeral");
    expect(String(declare.responses[0]?.text)).toContain("Added");

    const ask = await h.command(USERS.ben, "/ask", "who can help me with seo for my etsy shop?");
    expect(ask.http.status).toBe(200);
    const suggestions = ask.responses[0]!;
    expect(suggestions.response_type).toBe("ephemeral");
    const shown = textOf(suggestions.blocks);
    expect(shown).toContain("<@UANA>");
    expect(shown).toContain("declared *SEO*");
    // Core mentions are rendered as native Slack mentions (ids appear only in button values).
    expect(JSON.stringify((suggestions.blocks as Array<{ type: string }>).filter((b) => b.type === "section"))).not.toContain("slack:T0001");

    // Ben asks Ana specifically: she gets a DM with three buttons.
    const askAna = findButton(suggestions.blocks, "ask.candidate");
    const pressed = await h.press(USERS.ben, askAna.action_id, askAna.value!);
    expect(pressed.http.status).toBe(200);
    expect(String(pressed.responses.at(-1)?.text)).toContain("privately");
    const offerDm = h.fake.state.dmsTo(USERS.ana).at(-1)!;
    expect(offerDm.text).toContain("<@UBEN> asks");
    findButton(offerDm.blocks, "offer.decline");
    findButton(offerDm.blocks, "offer.not_my_area");
    const accept = findButton(offerDm.blocks, "offer.accept");

    const accepted = await h.press(USERS.ana, accept.action_id, accept.value!, { message: { text: offerDm.text, blocks: offerDm.blocks! } });
    expect(accepted.http.status).toBe(200);
    // The group DM holds both people and the intro.
    const open = h.fake.callsOf("conversations.open").find((c) => String(c.params.users).split(",").length === 2)!;
    expect(String(open.params.users).split(",").sort()).toEqual([USERS.ana, USERS.ben].sort());
    const groupId = h.fake.state.openConversation([USERS.ana, USERS.ben]).id;
    const intro = h.fake.state.messagesIn(groupId)[0]!;
    expect(intro.text).toContain("<@UBEN>, meet <@UANA>");
    // Ana's offer buttons are replaced by what she chose; she is thanked.
    const replaced = accepted.responses.find((r) => r.replace_original === true)!;
    expect(JSON.stringify(replaced.blocks)).toContain("You chose: *I can help*");
    expect(JSON.stringify(replaced.blocks)).not.toContain("kh:offer.accept");
    expect(String(accepted.responses.at(-1)?.text)).toContain("introduced you");

    const requests = await h.store.listRequests({ communityId: "slack:T0001" });
    expect(requests.map((r) => r.state)).toEqual(["connected"]);
    expect(requests[0]?.helperId).toBe("slack:T0001:UANA");
  });

  it("'Ask the best ones' on the ephemeral suggestions (Slack sends no copy of an ephemeral message) replaces them with the answer, so it can't be pressed twice", async () => {
    await h.command(USERS.ana, "/skills", "add SEO");
    const ask = await h.command(USERS.ben, "/ask", "who can help me with seo for my etsy shop?");
    const best = findButton(ask.responses[0]!.blocks, "ask.best");
    const r = h.fake.newResponseUrl();
    const payload = blockAction({ teamId: TEAM, userId: USERS.ben, actionId: best.action_id, value: best.value!, responseUrl: r.url, channelId: GENERAL });
    delete payload.message;
    (payload.container as Record<string, unknown>).is_ephemeral = true;
    await h.slack.interaction(payload);
    const responses = h.fake.responsesTo(r.id);
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ replace_original: true });
    expect(String(responses[0]!.text)).toContain("I've asked <@UANA> privately");
    expect(JSON.stringify(responses[0]!.blocks)).not.toContain("kh:ask.");
    expect(h.fake.state.dmsTo(USERS.ana)).toHaveLength(1);
  });

  it("widens to the next candidate after a decline, then suggests a channel post", async () => {
    await h.command(USERS.ana, "/skills", "add SEO (expert)");
    const set = await h.command(USERS.admin, "/knowhow", "settings candidates 1");
    expect(String(set.responses[0]?.text)).toContain("updated");
    await h.command(USERS.admin, "/knowhow", "settings rounds 2");
    await h.command(USERS.cat, "/skills", "add SEO");

    const ask = await h.command(USERS.ben, "/ask", "anyone good with seo?");
    const best = findButton(ask.responses[0]?.blocks, "ask.best");
    await h.press(USERS.ben, best.action_id, best.value!);
    // Round 1: only the best candidate (Ana, expert) is asked.
    expect(h.fake.state.dmsTo(USERS.ana)).toHaveLength(1);
    expect(h.fake.state.dmsTo(USERS.cat)).toHaveLength(0);

    const offerAna = h.fake.state.dmsTo(USERS.ana)[0]!;
    const declined = await h.press(USERS.ana, findButton(offerAna.blocks, "offer.decline").action_id, findButton(offerAna.blocks, "offer.decline").value!);
    expect(String(declined.responses.at(-1)?.text)).toContain("ask someone else");
    // Round 2: Cat is asked.
    const offerCat = h.fake.state.dmsTo(USERS.cat).at(-1)!;
    expect(offerCat.text).toContain("<@UBEN> asks");

    const nope = findButton(offerCat.blocks, "offer.not_my_area");
    await h.press(USERS.cat, nope.action_id, nope.value!);
    // Nobody left: Ben hears that nobody was free, with a button to post in the channel.
    const told = h.fake.state.dmsTo(USERS.ben).at(-1)!;
    expect(told.text).toContain("nobody was free");
    const post = findButton(told.blocks, "ask.post_channel");
    await h.press(USERS.ben, post.action_id, post.value!);
    const inChannel = h.fake.state.messagesIn("C0GENERAL", { ephemeral: false });
    expect(inChannel.at(-1)?.text).toContain("anyone good with seo?");
  });

  it("thanks the second person to accept and tells them it is covered", async () => {
    await h.command(USERS.ana, "/skills", "add SEO");
    await h.command(USERS.cat, "/skills", "add SEO");
    const ask = await h.command(USERS.ben, "/ask", "who knows seo?");
    const best = findButton(ask.responses[0]?.blocks, "ask.best");
    await h.press(USERS.ben, best.action_id, best.value!);
    const a = findButton(h.fake.state.dmsTo(USERS.ana)[0]!.blocks, "offer.accept");
    const c = findButton(h.fake.state.dmsTo(USERS.cat)[0]!.blocks, "offer.accept");
    const [ra, rc] = await Promise.all([h.press(USERS.ana, a.action_id, a.value!), h.press(USERS.cat, c.action_id, c.value!)]);
    const texts = [String(ra.responses.at(-1)?.text), String(rc.responses.at(-1)?.text)];
    expect(texts.filter((t) => t.includes("introduced you"))).toHaveLength(1);
    expect(texts.filter((t) => t.includes("Someone else already stepped in"))).toHaveLength(1);
    const groups = [...h.fake.state.conversations.values()].filter((x) => x.kind === "mpim");
    expect(groups).toHaveLength(1);
  });
});

describe("Slack: a press on ephemeral suggestions that are gone", () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it("given Slack refuses to replace the ephemeral suggestions (gone after a reload), when the asker presses 'Ask the best ones', then the answer still comes, beside them", async () => {
    // The response_url takes new messages but no longer the one to replace.
    h = await startHarness({ adapter: { postToResponseUrl: async (url, body) => {
      if (body.replace_original === true) throw new Error("response_url: 404 message_not_found");
      await postJson(url, body);
    } } });
    await h.command(USERS.ana, "/skills", "add SEO");
    const ask = await h.command(USERS.ben, "/ask", "who can help me with seo for my etsy shop?");
    const best = findButton(ask.responses[0]!.blocks, "ask.best");
    const r = h.fake.newResponseUrl();
    const payload = blockAction({ teamId: TEAM, userId: USERS.ben, actionId: best.action_id, value: best.value!, responseUrl: r.url, channelId: GENERAL });
    delete payload.message;
    (payload.container as Record<string, unknown>).is_ephemeral = true;
    await h.slack.interaction(payload);
    const responses = await h.fake.waitForResponse(r.id);
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(String(responses[0]!.text)).toContain("I've asked <@UANA> privately");
    expect(h.fake.state.dmsTo(USERS.ana)).toHaveLength(1);
  });
});
