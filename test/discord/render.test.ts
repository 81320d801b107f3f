import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CustomIds } from "../../adapters/discord/custom-id.js";
import { inboundText, mentionResolver } from "../../adapters/discord/ids.js";
import { discordCommand, withDiscordCommands } from "../../adapters/discord/render/command-syntax.js";
import { clip, splitText } from "../../adapters/discord/render/limits.js";
import { renderMessage, toDiscordMarkdown, toRestBody } from "../../adapters/discord/render/message.js";
import { selectSkillRoles } from "../../adapters/discord/roles/map.js";
import { ManualClock } from "../../src/core/ports/clock.port.js";
import { misnamedCommands } from "./support/commands.js";

const G = "111111111111111111";
const U = "222222222222222222";
const V = "333333333333333333";

describe("custom ids", () => {
  const ids = new CustomIds(new ManualClock());
  it("round-trip type, guild and value, shortening this guild's member ids", () => {
    const value = `0f8fad5b-d9cb-469f-a165-70867728950e|discord:${G}:${U}`;
    const id = ids.encode("ask.candidate", G, value);
    expect(id).toBe(`ask.candidate:${G}:0f8fad5b-d9cb-469f-a165-70867728950e|~${U}`);
    expect(id.length).toBeLessThanOrEqual(100);
    expect(ids.decode(id)).toEqual({ type: "ask.candidate", guildId: G, value });
  });
  it("keep values that don't fit server-side, and they expire", () => {
    const clock = new ManualClock();
    const c = new CustomIds(clock);
    const value = "SEO, copywriting (expert), learning react, bookkeeping, etsy shop photography";
    const id = c.encode("skills.confirm_parsed", G, value);
    expect(id.length).toBeLessThanOrEqual(100);
    expect(c.decode(id)?.value).toBe(value);
    clock.advance(8 * 24 * 3600_000);
    expect(c.decode(id)?.value).toBeNull();
  });
  it("never mistake a literal ~ or # for an encoding", () => {
    const id = ids.encode("skills.confirm_parsed", G, "#hashtags ~ tilde");
    expect(ids.decode(id)?.value).toBe("#hashtags ~ tilde");
  });
  it("reject foreign ids", () => {
    expect(ids.decode("something-else")).toBeNull();
  });
});

describe("rendering", () => {
  const customIds = new CustomIds(new ManualClock());
  it("turns core markup and mentions into Discord markdown, defusing @everyone", () => {
    expect(toDiscordMarkdown(`*Ana* <@discord:${G}:${U}> and <@slack:T1:U1> @everyone`, G)).toBe(`**Ana** <@${U}> and someone @\u200beveryone`);
  });
  it("clips long text with … and keeps the embed under 6,000 characters", () => {
    const r = renderMessage({ kind: "info", title: "T".repeat(300), text: "x".repeat(9000), fields: Array.from({ length: 30 }, (_, i) => ({ label: `f${i}`, value: "v".repeat(2000) })) }, { guildId: G, customIds });
    const e = r.embeds[0]!;
    expect(e.title).toHaveLength(256);
    expect(e.title?.endsWith("…")).toBe(true);
    const total = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
    expect(e.fields!.length).toBeLessThanOrEqual(25);
    expect(e.description?.endsWith("…")).toBe(true);
  });
  it("puts buttons in rows of five and only pings whom it is told to", () => {
    const actions = Array.from({ length: 7 }, (_, i) => ({ type: "ask.best" as const, label: `b${i}`, value: "r" }));
    const { body } = toRestBody(renderMessage({ kind: "intro", text: `<@discord:${G}:${U}> meet <@discord:${G}:${V}>`, actions }, { guildId: G, customIds, ping: [U, V] }));
    expect((body.components as Array<{ components: unknown[] }>).map((r) => r.components.length)).toEqual([5, 2]);
    expect(body.content).toBe(`<@${U}> <@${V}>`);
    expect(body.allowed_mentions).toEqual({ parse: [], users: [U, V], replied_user: false });
  });
  it("splits and clips plain text at limits", () => {
    expect(clip("abcdef", 4)).toBe("abc…");
    expect(splitText("a".repeat(2500), 2000).map((s) => s.length)).toEqual([2000, 500]);
  });
});

describe("inbound text", () => {
  it("removes the bot mention, converts user mentions and defuses roles and @everyone", () => {
    expect(inboundText(`<@${V}> ask <@!${U}> about <@&444444444444444444> @here`, G, V)).toBe(`ask <@discord:${G}:${U}> about a role here`);
  });
  it("writes a server's custom emoji as its :name:", () => {
    expect(inboundText("who knows <:python:1300000000000000077> or <a:rust_spin:1300000000000000078>?", G, V)).toBe("who knows :python: or :rust_spin:?");
  });
  it("resolves mentions of this guild only", () => {
    const r = mentionResolver(G);
    expect(r(`<@${U}>`)).toBe(`discord:${G}:${U}`);
    expect(r(`<@discord:999999999999999999:${U}>`)).toBeNull();
    expect(r("@ana")).toBeNull();
  });
});

describe("skill roles", () => {
  const roles = [
    { id: G, name: "@everyone", managed: false },
    { id: "1", name: "skill-python", managed: false },
    { id: "2", name: "Skill-Data_Science", managed: false },
    { id: "3", name: "moderators", managed: false },
    { id: "4", name: "skill-bots", managed: true },
    { id: "5", name: "Rust helpers", managed: false },
  ];
  it("map a glob's * part to the skill and skip managed roles and @everyone", () => {
    expect(selectSkillRoles(roles, G, { roleIds: [], pattern: "skill-*" }).roles.map((r) => r.skill)).toEqual(["python", "Data Science"]);
    expect(selectSkillRoles(roles, G, { roleIds: [], pattern: "* helpers" }).roles.map((r) => r.skill)).toEqual(["Rust"]);
  });
  it("accept picked roles and exact name lists", () => {
    expect(selectSkillRoles(roles, G, { roleIds: ["3"], pattern: "skill-python, nothing" }).roles.map((r) => r.skill)).toEqual(["skill python", "moderators"]);
  });
});

describe("commands quoted in core messages, on Discord", () => {
  it("are rewritten to Discord's named options (`/knowhow quiet 21-8` → `quiet-hours start: 21 end: 8`)", () => {
    expect(withDiscordCommands("Change them with `/knowhow quiet 21-8` (local hours), or `/knowhow quiet off`."))
      .toBe("Change them with `/knowhow quiet-hours start: 21 end: 8` (local hours), or `/knowhow quiet-hours start: 0 end: 0`.");
    expect(withDiscordCommands("just `/skills` to edit, `/skills list @ana`, `/knowhow alias gh actions = github actions`"))
      .toBe("just `/skills edit` to edit, `/skills list member: @ana`, `/knowhow alias from: gh actions to: github actions`");
    expect(discordCommand("/knowhow cap per_week: 3")).toBe("/knowhow cap per_week: 3");
  });

  it("every command the core quotes can be typed on Discord as the rewrite shows it", () => {
    const root = fileURLToPath(new URL("../../src/core", import.meta.url));
    const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    const quoted = files.flatMap((f) => [...readFileSync(join(root, f), "utf8").matchAll(/`(\/(?:ask|skills|knowhow)\b[^`\n$\\]*)\\?`/g)].map((m) => m[1]!));
    // Slack-only usage lines (`/skills [add|remove|…] …`) come from parsing typed text, which Discord never does.
    const typed = quoted.filter((q) => !/[[\]|<>…]/.test(q));
    expect(typed.length).toBeGreaterThan(30);
    const { wrong } = misnamedCommands(typed.map((q) => `\`${discordCommand(q)}\``).join(" "));
    expect(wrong).toEqual([]);
  });
});
