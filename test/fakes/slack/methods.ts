/**
 * Realistic answers for the Web API methods Knowhow uses. Unknown methods answer `unknown_method`
 * (as Slack does), so a test notices an unexpected call.
 */
import type { FakeSlack } from "./web-api.js";

type Params = Record<string, unknown>;
type Body = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));

export function handleMethod(fake: FakeSlack, method: string, p: Params): Body {
  const s = fake.state;
  switch (method) {
    case "auth.test":
      return { ok: true, url: "https://acme.slack.com/", team: s.teamName, user: "knowhow", team_id: s.teamId, user_id: s.botUserId, bot_id: s.botId, is_enterprise_install: false };

    case "apps.connections.open":
      return { ok: true, url: fake.socket.urlFor(fake.baseUrl) };

    case "users.info": {
      const u = s.users.get(str(p.user));
      if (!u) return { ok: false, error: "user_not_found" };
      return {
        ok: true,
        user: {
          id: u.id, team_id: u.teamId, name: u.name, real_name: u.realName ?? u.name, deleted: u.deleted ?? false,
          ...(u.tz === null ? {} : { tz: u.tz ?? "America/Los_Angeles", tz_label: "Pacific Standard Time", tz_offset: -28800 }),
          is_admin: u.isAdmin ?? false, is_owner: u.isOwner ?? false, is_bot: u.isBot ?? false,
          ...(u.isOrgAdmin !== undefined ? { enterprise_user: { id: u.id, enterprise_id: "E0001", enterprise_name: "Acme Org", is_admin: u.isOrgAdmin, is_owner: false, teams: [u.teamId] } } : {}),
          profile: { real_name: u.realName ?? u.name, display_name: u.name, display_name_normalized: u.name },
        },
      };
    }

    case "team.info":
      return { ok: true, team: { id: s.teamId, name: s.teamName, domain: "acme" } };

    case "conversations.open": {
      const users = str(p.users).split(",").map((x) => x.trim()).filter(Boolean);
      if (users.length === 0) return { ok: false, error: "users_list_not_supplied" };
      if (users.length > 8) return { ok: false, error: "too_many_users" };
      for (const u of users) {
        const user = s.users.get(u);
        if (!user) return { ok: false, error: "user_not_found" };
        if (user.deleted) return { ok: false, error: "user_disabled" };
      }
      // The bot is always part of conversations it opens.
      const { id, kind } = s.openConversation(users);
      return { ok: true, no_op: false, already_open: false, channel: { id, is_im: kind === "im", is_mpim: kind === "mpim" } };
    }

    case "conversations.info": {
      const c = s.conversations.get(str(p.channel));
      if (!c) return { ok: false, error: "channel_not_found" };
      return { ok: true, channel: { id: str(p.channel), is_private: c.isPrivate, is_im: c.kind === "im", is_mpim: c.kind === "mpim" } };
    }

    case "chat.postMessage": {
      const channel = str(p.channel);
      if (!channel) return { ok: false, error: "channel_not_found" };
      let target = channel;
      if (/^U/.test(channel)) target = s.openConversation([channel]).id; // posting to a user id lands in their DM
      else if (/^D/.test(channel) && s.users.has(channel.slice(1))) s.openConversation([channel.slice(1)]); // the user's DM with the bot exists
      else if (!s.conversations.has(channel)) return { ok: false, error: "channel_not_found" };
      if (!p.text && !p.blocks) return { ok: false, error: "no_text" };
      const ts = s.nextTs();
      s.messages.push({ channel: target, ts, text: str(p.text), blocks: Array.isArray(p.blocks) ? p.blocks : null, threadTs: p.thread_ts ? str(p.thread_ts) : null, user: null, ephemeral: false });
      return { ok: true, channel: target, ts, message: { type: "message", text: str(p.text), user: s.botUserId, bot_id: s.botId, ts } };
    }

    case "chat.postEphemeral": {
      const channel = str(p.channel);
      const user = str(p.user);
      if (!s.users.has(user)) return { ok: false, error: "user_not_in_channel" };
      const c = s.conversations.get(channel);
      if (!c) return { ok: false, error: "channel_not_found" };
      if (c.kind === "channel" && !c.members.includes(user)) return { ok: false, error: "user_not_in_channel" };
      const ts = s.nextTs();
      s.messages.push({ channel, ts, text: str(p.text), blocks: Array.isArray(p.blocks) ? p.blocks : null, threadTs: p.thread_ts ? str(p.thread_ts) : null, user, ephemeral: true });
      return { ok: true, message_ts: ts };
    }

    case "chat.update": {
      const m = s.messages.find((x) => x.channel === str(p.channel) && x.ts === str(p.ts));
      if (!m) return { ok: false, error: "message_not_found" };
      m.text = str(p.text);
      m.blocks = Array.isArray(p.blocks) ? p.blocks : m.blocks;
      return { ok: true, channel: m.channel, ts: m.ts, text: m.text };
    }

    case "views.open":
    case "views.push": {
      if (!p.trigger_id) return { ok: false, error: "invalid_trigger_id" };
      const view = p.view as Record<string, unknown> | undefined;
      if (!view || typeof view !== "object") return { ok: false, error: "invalid_arguments" };
      // Slack refuses a view with an input prefilled beyond its own max_length.
      const blocks = Array.isArray(view.blocks) ? (view.blocks as Array<{ element?: { initial_value?: unknown; max_length?: unknown } }>) : [];
      if (blocks.some((b) => typeof b.element?.initial_value === "string" && typeof b.element.max_length === "number" && b.element.initial_value.length > b.element.max_length)) {
        return { ok: false, error: "invalid_arguments" };
      }
      const id = s.nextId("V");
      s.views.push({ id, via: "open", userId: null, view, triggerId: str(p.trigger_id) });
      return { ok: true, view: { id, ...view, state: { values: {} }, hash: `h${id}` } };
    }

    case "views.update": {
      const id = str(p.view_id);
      if (!s.views.some((v) => v.id === id)) return { ok: false, error: "not_found" };
      s.views.push({ id, via: "update", userId: null, view: p.view as Record<string, unknown>, triggerId: null });
      return { ok: true, view: { id, ...(p.view as object) } };
    }

    case "views.publish": {
      const user = str(p.user_id);
      if (!s.users.has(user)) return { ok: false, error: "user_not_found" };
      const view = p.view as Record<string, unknown>;
      if (!view || view.type !== "home") return { ok: false, error: "invalid_arguments" };
      const id = s.nextId("VH");
      s.views.push({ id, via: "publish", userId: user, view, triggerId: null });
      return { ok: true, view: { id, ...view } };
    }

    case "files.getUploadURLExternal": {
      const id = s.nextId("F");
      s.files.set(id, { id, filename: str(p.filename), length: Number(p.length), content: "", channelId: null, title: null, initialComment: null, completed: false });
      return { ok: true, upload_url: `${fake.baseUrl}/upload/${id}`, file_id: id };
    }

    case "files.completeUploadExternal": {
      const files = Array.isArray(p.files) ? (p.files as Array<{ id: string; title?: string }>) : [];
      const done = [];
      for (const f of files) {
        const stored = s.files.get(f.id);
        if (!stored) return { ok: false, error: "file_not_found" };
        stored.completed = true;
        stored.title = f.title ?? null;
        stored.channelId = p.channel_id ? str(p.channel_id) : null;
        stored.initialComment = p.initial_comment ? str(p.initial_comment) : null;
        done.push({ id: stored.id, name: stored.filename, title: stored.title });
      }
      return { ok: true, files: done };
    }

    default:
      return { ok: false, error: "unknown_method" };
  }
}
