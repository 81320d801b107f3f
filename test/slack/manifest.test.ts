import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../adapters/slack/handlers/commands.js";

const manifest = JSON.parse(readFileSync(new URL("../../adapters/slack/manifest.json", import.meta.url), "utf8")) as {
  features: { slash_commands: Array<{ command: string; url: string; should_escape: boolean }>; app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[]; request_url: string }; interactivity: { is_enabled: boolean; request_url: string } };
};

/** Web API methods the adapter calls, with the bot scopes each needs. */
const METHOD_SCOPES: Record<string, string[]> = {
  "chat.postMessage": ["chat:write"],
  "chat.postEphemeral": ["chat:write"],
  "conversations.open": ["im:write", "mpim:write"],
  "conversations.info": ["channels:read", "groups:read", "im:read", "mpim:read"],
  "users.info": ["users:read"],
  "files.uploadV2": ["files:write"],
};

describe("Slack app manifest", () => {
  it("declares every command the adapter handles, all on /slack/events with escaping", () => {
    const declared = manifest.features.slash_commands.map((c) => c.command).sort();
    expect(declared).toEqual(Object.values(COMMANDS).sort());
    for (const c of manifest.features.slash_commands) {
      expect(c.url.endsWith("/slack/events")).toBe(true);
      expect(c.should_escape).toBe(true);
    }
  });

  it("subscribes to every event the adapter listens to and enables interactivity and the App Home", () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(["app_home_opened", "app_mention", "message.im", "team_join", "user_change"]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.interactivity.request_url.endsWith("/slack/events")).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
  });

  it("requests the scopes for every Web API method used, and the events' scopes", () => {
    const scopes = new Set(manifest.oauth_config.scopes.bot);
    for (const [method, needed] of Object.entries(METHOD_SCOPES)) for (const s of needed) expect(scopes.has(s), `${method} needs ${s}`).toBe(true);
    for (const s of ["commands", "app_mentions:read", "im:history"]) expect(scopes.has(s)).toBe(true);
  });
});
