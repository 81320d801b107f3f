/**
 * The fake Slack workspace's data: users, conversations, posted messages, views and uploaded files.
 * Deterministic ids so that tests can assert on them.
 */
export interface FakeUser {
  id: string;
  teamId: string;
  name: string;
  realName?: string;
  /** Left out: a default zone. `null`: Slack reports none (users.info then has no `tz`, as for some accounts). */
  tz?: string | null;
  isAdmin?: boolean;
  isOwner?: boolean;
  /** Enterprise Grid: an admin of the whole organisation (users.info `enterprise_user.is_admin`), maybe of no workspace. */
  isOrgAdmin?: boolean;
  isBot?: boolean;
  deleted?: boolean;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[] | null;
  threadTs: string | null;
  /** `postEphemeral` only: who saw it. */
  user: string | null;
  ephemeral: boolean;
  updatedFrom?: string;
}

export interface StoredView {
  id: string;
  /** `open` (modal), `home` (published App Home), `update`. */
  via: "open" | "publish" | "update";
  userId: string | null;
  view: Record<string, unknown>;
  triggerId: string | null;
}

export interface UploadedFile {
  id: string;
  filename: string;
  length: number;
  content: string;
  channelId: string | null;
  title: string | null;
  initialComment: string | null;
  completed: boolean;
}

export class FakeSlackState {
  readonly users = new Map<string, FakeUser>();
  /** Conversation id → member user ids (DMs: the one user; group DMs: all users, sorted). */
  readonly conversations = new Map<string, { kind: "im" | "mpim" | "channel"; members: string[]; isPrivate: boolean }>();
  readonly messages: PostedMessage[] = [];
  readonly views: StoredView[] = [];
  readonly files = new Map<string, UploadedFile>();
  private seq = 0;
  private tsSeq = 0;

  constructor(readonly teamId = "T0001", readonly teamName = "Acme Makers", readonly botUserId = "UBOT", readonly botId = "BBOT") {}

  addUser(u: Omit<FakeUser, "teamId"> & { teamId?: string }): FakeUser {
    const user: FakeUser = { teamId: this.teamId, ...u };
    this.users.set(user.id, user);
    return user;
  }

  addChannel(id: string, members: string[], isPrivate = false): void {
    this.conversations.set(id, { kind: "channel", members, isPrivate });
  }

  nextId(prefix: string): string {
    this.seq++;
    return `${prefix}${String(this.seq).padStart(6, "0")}`;
  }

  nextTs(): string {
    this.tsSeq++;
    return `1767607200.${String(this.tsSeq).padStart(6, "0")}`;
  }

  /** conversations.open: a DM id per user (`D<user>`) or a stable group DM id for a set of users. */
  openConversation(userIds: string[]): { id: string; kind: "im" | "mpim" } {
    const members = [...new Set(userIds)].sort();
    if (members.length === 1) {
      const id = `D${members[0]}`;
      if (!this.conversations.has(id)) this.conversations.set(id, { kind: "im", members, isPrivate: true });
      return { id, kind: "im" };
    }
    for (const [id, c] of this.conversations) {
      if (c.kind === "mpim" && c.members.join(",") === members.join(",")) return { id, kind: "mpim" };
    }
    const id = this.nextId("G");
    this.conversations.set(id, { kind: "mpim", members, isPrivate: true });
    return { id, kind: "mpim" };
  }

  /** Messages posted to a conversation (excluding ephemeral ones unless asked). */
  messagesIn(channel: string, opts: { ephemeral?: boolean } = {}): PostedMessage[] {
    return this.messages.filter((m) => m.channel === channel && (opts.ephemeral === undefined || m.ephemeral === opts.ephemeral));
  }

  /** DMs sent to a user (their `D<user>` conversation). */
  dmsTo(userId: string): PostedMessage[] {
    return this.messagesIn(`D${userId}`, { ephemeral: false });
  }

  /** The last App Home published for a user. */
  homeOf(userId: string): Record<string, unknown> | null {
    const v = [...this.views].reverse().find((x) => x.via === "publish" && x.userId === userId);
    return v?.view ?? null;
  }
}
