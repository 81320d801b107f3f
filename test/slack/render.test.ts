import { describe, expect, it } from "vitest";
import { inboundText, mentionResolver, slackIdsOf, slackMember } from "../../adapters/slack/inbound.js";
import { actionTypeOf, chunk, renderMessage, toMrkdwn } from "../../adapters/slack/render/blocks.js";
import { readSkillsSubmission, skillsModal } from "../../adapters/slack/render/views.js";

describe("Slack rendering", () => {
  it("turns core mentions into native mentions and escapes everything else", () => {
    expect(toMrkdwn("<@slack:T1:UANA> asks: “a < b & <!here>”")).toBe("<@UANA> asks: “a &lt; b &amp; &lt;!here&gt;”");
    expect(toMrkdwn("see <#C123> and <@discord:9:42>")).toBe("see <#C123> and someone");
  });

  it("encodes the action type in a unique action_id and keeps the value", () => {
    const r = renderMessage({
      kind: "offer", title: "Can you help?", text: "x",
      actions: [
        { type: "offer.accept", label: "I can help", value: "o1", style: "primary" },
        { type: "offer.decline", label: "Not now", value: "o1" },
        { type: "forget.confirm", label: "Yes, delete my data", value: "confirm", style: "danger" },
      ],
    });
    const actions = r.blocks.find((b) => b.type === "actions") as { elements: Array<{ action_id: string; value: string; confirm?: unknown }> };
    const ids = actions.elements.map((e) => e.action_id);
    expect(new Set(ids).size).toBe(3);
    expect(ids.map(actionTypeOf)).toEqual(["offer.accept", "offer.decline", "forget.confirm"]);
    expect(actions.elements[0]!.value).toBe("o1");
    expect(actions.elements[2]!.confirm).toBeDefined();
    expect(actionTypeOf("other_app_button")).toBeNull();
    expect(r.text).toBe("Can you help?: x");
  });

  it("splits long text under Slack's section limit and caps blocks", () => {
    const long = "word ".repeat(2000);
    const parts = chunk(long, 3000);
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.every((p) => p.length <= 3000)).toBe(true);
    const r = renderMessage({ kind: "info", text: long, fields: Array.from({ length: 12 }, (_, i) => ({ label: `f${i}`, value: "v" })) });
    expect(r.blocks.length).toBeLessThanOrEqual(50);
    const fieldBlocks = r.blocks.filter((b) => "fields" in b && b.fields);
    expect(fieldBlocks).toHaveLength(2);
    expect(r.text.length).toBeLessThanOrEqual(3000);
  });

  it("prefills the skills modal with levels and reads a submission", () => {
    const at = new Date("2026-01-01T00:00:00Z");
    const modal = skillsModal({
      skills: [
        { label: "SEO", key: "seo", level: "can_help", source: "declared", addedAt: at, confirmedAt: at },
        { label: "copywriting", key: "copywriting", level: "expert", source: "declared", addedAt: at, confirmedAt: at },
      ],
      about: "Writer",
    } as never);
    expect(JSON.stringify(modal)).toContain("SEO\\ncopywriting (expert)");
    expect(readSkillsSubmission({ skills: { skills_input: { value: "a" } }, about: { about_input: { value: null } } })).toEqual({ skills: "a", about: "" });
  });

  it("prefills the skills editor within its max_length even when a typed list is added to a full profile: the member's own skills all stay", () => {
    const at = new Date("2026-01-01T00:00:00Z");
    const label = (i: number, p: string) => `${p} ${String(i).padStart(2, "0")}`.padEnd(60, "s");
    const skills = Array.from({ length: 40 }, (_, i) => ({ label: label(i, "own"), key: `own${i}`, level: "learning", source: "declared", addedAt: at, confirmedAt: at }));
    const adding = Array.from({ length: 10 }, (_, i) => ({ label: label(i, "new"), level: "expert" as const }));
    const modal = skillsModal({ skills, about: "" } as never, "", adding);
    const input = (modal.blocks[1] as { element: { initial_value: string; max_length: number } }).element;
    expect(input.initial_value.length).toBeLessThanOrEqual(input.max_length);
    expect(input.initial_value.split("\n").filter((l) => l.startsWith("own"))).toHaveLength(40);
    expect(input.initial_value).toContain("new 00");
  });
});

describe("Slack inbound parsing", () => {
  it("builds platform-prefixed ids and parses them back", () => {
    expect(slackMember("T1", "U2")).toBe("slack:T1:U2");
    expect(slackIdsOf("slack:T1:U2")).toEqual({ teamId: "T1", userId: "U2" });
    expect(slackIdsOf("discord:1:2")).toBeNull();
  });

  it("strips the bot mention, unescapes entities and neutralises special mentions", () => {
    expect(inboundText("<@UBOT> who knows SEO &amp; ads? cc <@UANA|ana> <!here> <#C1|general>", "T1", "UBOT"))
      .toBe("who knows SEO & ads? cc <@slack:T1:UANA> @here <#C1|general>");
  });

  it("reduces links of any scheme to their label, or to the address without the scheme", () => {
    expect(inboundText("mail <mailto:a@b.co|a@b.co>, call <tel:+441234>, see <https://x.io/a|the doc> or <https://x.io/b>", "T1", null))
      .toBe("mail a@b.co, call +441234, see the doc or https://x.io/b");
  });

  it("reduces Slack date tokens to their fallback text, with or without a link", () => {
    expect(inboundText("free after <!date^1392734382^{date_short}|Feb 18, 2014> or <!date^1392734382^{date_num} {time}^https://x.io/cal|2014-02-18 6:39 AM>", "T1", null))
      .toBe("free after Feb 18, 2014 or 2014-02-18 6:39 AM");
  });

  it("reads Slack's emoji shortcodes (how emoji and :) arrive) as the emoji, and leaves other colons alone", () => {
    expect(inboundText("yes, still accurate :slightly_smiling_face: :+1::skin-tone-3: :tada::tada:", "T1", null)).toBe("yes, still accurate 🙂 👍🏼 🎉🎉");
    expect(inboundText("quiet 21:00-8:00, see :partyparrot: at 10:30", "T1", null)).toBe("quiet 21:00-8:00, see :partyparrot: at 10:30");
  });

  it("keeps line breaks and folds spaces and tabs", () => {
    expect(inboundText("add SEO \n\tcopywriting  \nbookkeeping", "T1", null)).toBe("add SEO\ncopywriting\nbookkeeping");
  });

  it("resolves mentions typed after /skills list to members of the same workspace only", () => {
    const r = mentionResolver("T1");
    expect(r("<@UANA|ana>")).toBe("slack:T1:UANA");
    expect(r("<@slack:T1:UANA>")).toBe("slack:T1:UANA");
    expect(r("<@slack:T9:UANA>")).toBeNull();
    expect(r("@ana")).toBeNull();
  });
});
