/**
 * Members who came and went while the bot could not hear it (offline, a lost or resumed gateway session, a server
 * outage, the bot removed live or while offline, and invited back), and leaves of members discord.js had not cached:
 * the real discord.js against the fake Discord, whose gateway answers Request Guild Members with member chunks.
 */
import { afterEach, describe, expect, it } from "vitest";
import { textOf, type FakeUser } from "../fakes/discord/index.js";
import type { Member } from "../../src/core/domain/member.js";
import { faultyStore } from "./support/faulty-store.js";
import { recordingStore } from "./support/recording-store.js";
import { bookbindingOfferToAna } from "./support/scenarios.js";
import { discordWorld, type DiscordWorld, type WorldOptions } from "./support/harness.js";

const DAY = 86_400_000;
let w: DiscordWorld;
afterEach(async () => {
  await w?.close();
});

const RECONCILED = "reconciled the stored members";

async function world(opts: WorldOptions = {}): Promise<DiscordWorld> {
  w = await discordWorld(opts);
  // Ana, Ben and Cat are known to Knowhow; the server's owner (a member too) never used it.
  for (const u of [w.ana, w.ben, w.cat]) await w.fake.subcommand(u, { guildId: w.guild.id, channelId: w.general }, "skills", "list");
  return w;
}

/** The user leaves the fake server without any event reaching the bot. */
function leaveQuietly(userId: string): void {
  const g = w.fake.state.requireGuild(w.guild.id);
  g.members = g.members.filter((m) => m.user.id !== userId);
}

const departed = async (u: FakeUser) => (await w.store.getMember(w.id(u)))?.departed;
const reconciledLines = () => w.logger.lines.filter((l) => l.msg?.startsWith(RECONCILED));

/** Waits for the n-th reconciliation of this world to be applied, then for every handler. */
async function reconciled(n: number): Promise<void> {
  await expect.poll(() => reconciledLines().length, { timeout: 4000 }).toBeGreaterThanOrEqual(n);
  await w.adapter.idle();
}

describe("Discord members: catching up after the bot was offline", () => {
  it("given a member left while the bot was offline, then at ready they are departed and their open intro request is withdrawn; the others and unknown members are untouched", async () => {
    await world();
    await bookbindingOfferToAna(w, w.cat);
    const [offer] = await w.store.listOffers({ candidateId: w.id(w.ana), statuses: ["pending"] });
    expect(offer).toBeDefined();

    const n = reconciledLines().length;
    await w.restart(() => leaveQuietly(w.ana.id));
    await reconciled(n + 1);

    expect(await departed(w.ana)).toBe(true);
    expect((await w.store.listOffers({ requestId: offer!.requestId }))[0]?.status).toBe("no_reply");
    // The question has nobody left to wait for: it is due now, so the next sweep asks someone else.
    expect((await w.store.getRequest(offer!.requestId))?.dueAt).toEqual(w.clock.now());
    expect(await departed(w.ben)).toBe(false);
    expect(await departed(w.cat)).toBe(false);
    expect(await w.store.getMember(`discord:${w.guild.id}:${w.guild.owner_id}`)).toBeNull();
    expect(reconciledLines().at(-1)?.obj).toMatchObject({ reason: "ready", departed: 1, restored: 0, failed: 0 });
    // The whole list came over the gateway in one request, not member by member over REST.
    expect(w.fake.gateway.memberRequestsReceived.at(-1)).toMatchObject({ guild_id: w.guild.id, query: "", limit: 0 });
    expect(w.fake.state.callsTo("GET", `/guilds/${w.guild.id}/members`)).toHaveLength(0);
  });

  it("given a member left (live) and came back while the bot was offline, then at ready they are active again, as on a live rejoin", async () => {
    await world();
    w.fake.gateway.dispatch("GUILD_MEMBER_REMOVE", { guild_id: w.guild.id, user: w.ben });
    leaveQuietly(w.ben.id);
    await expect.poll(() => departed(w.ben), { timeout: 2000 }).toBe(true);

    const n = reconciledLines().length;
    w.clock.advance(DAY);
    await w.restart(() => w.fake.state.addMember(w.guild.id, w.ben.id));
    await reconciled(n + 1);
    const ben = await w.store.getMember(w.id(w.ben));
    expect(ben?.departed).toBe(false);
    // Matched again without counting as activity (`members.returned`): the member did nothing the bot saw.
    expect(ben?.lastActiveAt).not.toEqual(w.clock.now());
    expect(reconciledLines().at(-1)?.obj).toMatchObject({ departed: 0, restored: 1 });
  });
});

describe("Discord members: catching up after a gateway disconnect or an outage", () => {
  it("given a member left during a disconnect that resumed (discord.js emits no event for replayed leaves), then they are departed", async () => {
    await world();
    const n = reconciledLines().length;
    w.fake.gateway.disconnect();
    leaveQuietly(w.ben.id);
    w.fake.gateway.dispatch("GUILD_MEMBER_REMOVE", { guild_id: w.guild.id, user: w.ben });
    await expect.poll(() => w.fake.gateway.resumes, { timeout: 4000 }).toBe(1);
    await reconciled(n + 1);
    expect(await departed(w.ben)).toBe(true);
    expect(await departed(w.ana)).toBe(false);
    expect(reconciledLines().at(-1)?.obj).toMatchObject({ reason: "resumed" });
  });

  it("given a server outage during which a member left, then when the server is available again they are departed", async () => {
    await world();
    const n = reconciledLines().length;
    w.fake.gateway.dispatch("GUILD_DELETE", { id: w.guild.id, unavailable: true });
    await expect.poll(() => w.adapter.client.guilds.cache.get(w.guild.id)?.available, { timeout: 2000 }).toBe(false);
    leaveQuietly(w.cat.id);
    w.fake.gateway.dispatch("GUILD_CREATE", w.fake.gateway.guildPayload(w.guild));
    await reconciled(n + 1);
    expect(await departed(w.cat)).toBe(true);
    expect(await departed(w.ana)).toBe(false);
    expect(reconciledLines().at(-1)?.obj).toMatchObject({ reason: "available" });
  });

  it("given a live leave and a live join while the member list is on its way, then the events win over the older list", async () => {
    await world();
    const n = reconciledLines().length;
    w.fake.gateway.memberRequests.hold = true;
    const asked = w.fake.gateway.memberRequestsReceived.length;
    await w.restart();
    await expect.poll(() => w.fake.gateway.memberRequestsReceived.length, { timeout: 2000 }).toBe(asked + 1);

    // The list was taken with Ana in it and without Dan; then Ana leaves and Dan joins.
    leaveQuietly(w.ana.id);
    w.fake.gateway.dispatch("GUILD_MEMBER_REMOVE", { guild_id: w.guild.id, user: w.ana });
    await expect.poll(() => departed(w.ana), { timeout: 2000 }).toBe(true);
    const dan = w.fake.join(w.guild.id, "dan");
    await expect.poll(() => w.store.getMember(w.id(dan)), { timeout: 2000 }).not.toBeNull();

    expect(w.fake.gateway.releaseMemberRequests()).toBe(1);
    await reconciled(n + 1);
    expect(await departed(w.ana)).toBe(true);
    expect(await departed(dan)).toBe(false);
  });
});

describe("Discord members: a member list that fails or comes back short changes nothing", () => {
  it("given the member list never arrives, then nobody is departed, and the retry that gets it catches up", async () => {
    await world({ memberReconcile: { fetchTimeoutMs: 300, retryMs: 300 } });
    w.fake.gateway.memberRequests.sendChunks = 0;
    await w.restart(() => leaveQuietly(w.ana.id));
    await expect.poll(() => w.logger.lines.some((l) => l.level === "warn" && l.msg?.startsWith("could not fetch the server's member list")), { timeout: 4000 }).toBe(true);
    expect(await departed(w.ana)).toBe(false);
    expect(await departed(w.ben)).toBe(false);

    w.fake.gateway.memberRequests.sendChunks = null;
    await expect.poll(() => departed(w.ana), { timeout: 4000 }).toBe(true);
    expect(await departed(w.ben)).toBe(false);
  });

  it("given the gateway rate-limits the request, then nobody is departed until the retry gets the list", async () => {
    await world({ memberReconcile: { retryMs: 200 } });
    w.fake.gateway.memberRequests.rateLimited = 1;
    const sent = w.fake.gateway.memberRequestsReceived.length;
    await w.restart(() => leaveQuietly(w.ben.id));
    await expect.poll(() => w.logger.lines.some((l) => l.level === "warn" && l.obj.retryInMs !== undefined), { timeout: 4000 }).toBe(true);
    expect(await departed(w.ben)).toBe(false);
    await expect.poll(() => departed(w.ben), { timeout: 4000 }).toBe(true);
    expect(w.fake.gateway.memberRequestsReceived.length - sent).toBe(2);
  });

  it("given a chunk smaller than Discord's 1,000 that is not the last (discord.js takes it as the last), then the short list is refused and nobody is departed", async () => {
    await world({ memberReconcile: { attempts: 1 } });
    w.fake.gateway.memberRequests.chunkSize = 2;
    await w.restart(() => leaveQuietly(w.ana.id));
    await expect.poll(() => w.logger.lines.some((l) => l.level === "error" && l.msg?.startsWith("the server's member list came back incomplete")), { timeout: 4000 }).toBe(true);
    await w.adapter.idle();
    for (const u of [w.ana, w.ben, w.cat]) expect(await departed(u)).toBe(false);
  });

  it("given the store fails to mark one member departed, then the others are done and that one is tried again", async () => {
    const faults = faultyStore({ replaceMember: (m: Member) => m.id === w.id(w.ana) && m.departed });
    await world({ memberReconcile: { retryMs: 200 }, wrapStore: faults.wrap });
    faults.arm();
    await w.restart(() => {
      leaveQuietly(w.ana.id);
      leaveQuietly(w.ben.id);
    });
    await expect.poll(() => w.logger.lines.some((l) => l.level === "warn" && l.msg?.startsWith("some stored members could not be updated")), { timeout: 4000 }).toBe(true);
    expect(await departed(w.ben)).toBe(true);
    await expect.poll(() => departed(w.ana), { timeout: 4000 }).toBe(true);
    expect(faults.spent).toBe(true);
  });
});

describe("Discord members: the bot removed and invited back", () => {
  it("given the bot is invited back, then members still in the server are active again (nudged again), one who left meanwhile stays departed", async () => {
    await world();
    await w.fake.subcommand(w.ana, { guildId: w.guild.id, channelId: w.general }, "skills", "add", { skills: "woodworking" });
    w.fake.state.guilds.delete(w.guild.id);
    w.fake.gateway.dispatch("GUILD_DELETE", { id: w.guild.id });
    await expect.poll(() => departed(w.cat), { timeout: 2000 }).toBe(true);
    expect(await departed(w.ana)).toBe(true);

    // A week later an admin invites Knowhow back; Ben had left the server in between.
    w.clock.advance(7 * DAY);
    const n = reconciledLines().length;
    w.fake.state.guilds.set(w.guild.id, w.guild);
    leaveQuietly(w.ben.id);
    w.fake.gateway.dispatch("GUILD_CREATE", w.fake.gateway.guildPayload(w.guild));
    await reconciled(n + 1);
    expect(reconciledLines().at(-1)?.obj).toMatchObject({ reason: "joined", restored: 2, departed: 0 });
    expect(await departed(w.ana)).toBe(false);
    expect(await departed(w.cat)).toBe(false);
    expect(await departed(w.ben)).toBe(true);

    // Back in matching and in the scheduled jobs: three months on, Ana's skills nudge reaches her.
    const before = w.fake.state.dmsTo(w.ana.id).length;
    w.clock.advance(91 * DAY);
    await w.core.nudges.runInactivity({});
    expect(w.fake.state.dmsTo(w.ana.id).length).toBe(before + 1);
  });
});

const REMOVED = "the bot is no longer in this Discord server";
const removedLines = () => w.logger.lines.filter((l) => l.msg?.startsWith(REMOVED));

describe("Discord members: the bot removed from a server while it was offline (no GUILD_DELETE ever comes)", () => {
  it("given the bot was kicked while offline, then at ready that server's members are departed and no longer nudged, its other server untouched; invited back, those still there are active again", async () => {
    await world();
    await w.fake.subcommand(w.ana, { guildId: w.guild.id, channelId: w.general }, "skills", "add", { skills: "woodworking" });
    // Ana is in a second server too, which keeps the bot.
    const other = w.fake.state.addGuild("Woodshop");
    w.fake.state.addMember(other.id, w.ana.id);
    w.fake.gateway.dispatch("GUILD_CREATE", w.fake.gateway.guildPayload(other));
    await expect.poll(() => w.adapter.client.guilds.cache.has(other.id), { timeout: 2000 }).toBe(true);
    await w.fake.subcommand(w.ana, { guildId: other.id, channelId: other.channels[0]!.id }, "skills", "add", { skills: "joinery" });

    await w.restart(() => w.fake.state.guilds.delete(w.guild.id));
    await w.adapter.idle();
    for (const u of [w.ana, w.ben, w.cat]) expect(await departed(u)).toBe(true);
    expect((await w.store.getMember(`discord:${other.id}:${w.ana.id}`))?.departed).toBe(false);
    expect(removedLines().map((l) => l.obj)).toEqual([expect.objectContaining({ guildId: w.guild.id, departed: 3 })]);

    // Three months on, the skills nudge Ana gets is Woodshop's only.
    w.clock.advance(91 * DAY);
    const before = w.fake.state.dmsTo(w.ana.id).length;
    await w.core.nudges.runInactivity({});
    const nudges = w.fake.state.dmsTo(w.ana.id).slice(before).map((m) => textOf(m.body));
    expect(nudges).toHaveLength(1);
    expect(nudges[0]).toContain("joinery");

    // An admin invites Knowhow back; Ben had left the server in between.
    const n = reconciledLines().length;
    w.fake.state.guilds.set(w.guild.id, w.guild);
    leaveQuietly(w.ben.id);
    w.fake.gateway.dispatch("GUILD_CREATE", w.fake.gateway.guildPayload(w.guild));
    await reconciled(n + 1);
    expect(reconciledLines().at(-1)?.obj).toMatchObject({ guildId: w.guild.id, reason: "joined", restored: 2, departed: 0 });
    expect(await departed(w.ana)).toBe(false);
    expect(await departed(w.cat)).toBe(false);
    expect(await departed(w.ben)).toBe(true);
  });

  it("given the server is still gone at the next start, then there is nobody left to depart: its members are not read again, and nothing more is done or logged", async () => {
    const rec = recordingStore();
    await world({ wrapStore: rec.wrap });
    await w.restart(() => w.fake.state.guilds.delete(w.guild.id));
    await w.adapter.idle();
    expect(removedLines()).toHaveLength(1);
    const updated = (await w.store.getMember(w.id(w.ana)))?.updatedAt;

    w.clock.advance(DAY);
    const before = rec.calls.length;
    await w.restart();
    await w.adapter.idle();
    expect(removedLines()).toHaveLength(1);
    expect((await w.store.getMember(w.id(w.ana)))?.updatedAt).toEqual(updated);
    const readMembers = rec.calls.slice(before).filter((c) => c.method === "listMembers" && c.args[0] === `discord:${w.guild.id}`);
    expect(readMembers).toEqual([]);
  });

  it("given the server is in an outage when the bot starts (READY lists it as unavailable), then that is no removal: nobody is departed", async () => {
    await world();
    w.fake.gateway.unavailableAtIdentify.add(w.guild.id);
    await w.restart();
    await w.adapter.idle();
    expect(w.adapter.client.guilds.cache.get(w.guild.id)?.available).toBe(false);
    for (const u of [w.ana, w.ben, w.cat]) expect(await departed(u)).toBe(false);
    expect(removedLines()).toHaveLength(0);
  });

  it("given the store fails (listing the communities, then marking one member), then it is logged and tried again until the members are departed", async () => {
    const faults = faultyStore({ listCommunityIds: () => true, replaceMember: (m: Member) => m.id === w.id(w.ana) && m.departed });
    await world({ memberReconcile: { retryMs: 200 }, wrapStore: faults.wrap });
    faults.arm();
    await w.restart(() => w.fake.state.guilds.delete(w.guild.id));
    const warned = (what: string) => w.logger.lines.some((l) => l.level === "warn" && l.msg?.startsWith(what) && l.obj.retryInMs === 200);
    await expect.poll(() => warned("could not list the stored communities"), { timeout: 4000 }).toBe(true);
    await expect.poll(() => warned("some Discord servers the bot was removed from could not be updated"), { timeout: 4000 }).toBe(true);
    await expect.poll(() => departed(w.ana), { timeout: 4000 }).toBe(true);
    await w.adapter.idle();
    for (const u of [w.ben, w.cat]) expect(await departed(u)).toBe(true);
    expect(faults.spent).toBe(true);
  });
});

describe("Discord members: the bot removed from a server while the gateway connection was down and the session could not be resumed", () => {
  // discord.js identifies anew (a new READY, GUILD_CREATEs) and emits ShardReady, but not ClientReady again; its guild
  // cache keeps the servers the new READY no longer lists. Its identify throttle makes the second identify of a client
  // wait out 5 s from the first: hence the longer waits.
  const identified = (n: number) => expect.poll(() => w.fake.gateway.identifies, { timeout: 10_000 }).toBe(n);

  it("given the bot was kicked meanwhile (its GUILD_DELETE lost with the session), then once the shard is ready again that server's members are departed, its other server untouched; invited back, they are active again", async () => {
    await world();
    const other = w.fake.state.addGuild("Woodshop");
    w.fake.state.addMember(other.id, w.ana.id);
    w.fake.gateway.dispatch("GUILD_CREATE", w.fake.gateway.guildPayload(other));
    await expect.poll(() => w.adapter.client.guilds.cache.has(other.id), { timeout: 2000 }).toBe(true);
    await w.fake.subcommand(w.ana, { guildId: other.id, channelId: other.channels[0]!.id }, "skills", "list");

    const identifies = w.fake.gateway.identifies;
    w.fake.gateway.disconnect({ resumable: false });
    w.fake.state.guilds.delete(w.guild.id);
    w.fake.gateway.dispatch("GUILD_DELETE", { id: w.guild.id });
    await identified(identifies + 1);
    expect(w.fake.gateway.invalidSessions).toBe(1);
    await expect.poll(() => departed(w.cat), { timeout: 4000 }).toBe(true);
    await w.adapter.idle();
    for (const u of [w.ana, w.ben]) expect(await departed(u)).toBe(true);
    expect((await w.store.getMember(`discord:${other.id}:${w.ana.id}`))?.departed).toBe(false);
    expect(removedLines().map((l) => l.obj)).toEqual([expect.objectContaining({ guildId: w.guild.id, shard: 0, departed: 3 })]);
    // Gone from discord.js's cache too, so that an invitation back is a GuildCreate.
    expect(w.adapter.client.guilds.cache.has(w.guild.id)).toBe(false);

    const n = reconciledLines().length;
    w.fake.state.guilds.set(w.guild.id, w.guild);
    w.fake.gateway.dispatch("GUILD_CREATE", w.fake.gateway.guildPayload(w.guild));
    await reconciled(n + 1);
    expect(reconciledLines().at(-1)?.obj).toMatchObject({ guildId: w.guild.id, reason: "joined", restored: 3, departed: 0 });
  });

  it("given the client starts, and later a session resumes or is renewed with every server still there, then the stored servers are judged once at start and once for the new session, and nobody is departed", async () => {
    const rec = recordingStore();
    await world({ wrapStore: rec.wrap });
    // At start, ShardReady comes before ClientReady: the sweep runs once, at ClientReady.
    expect(rec.callsTo("listCommunityIds")).toHaveLength(1);

    w.fake.gateway.disconnect();
    await expect.poll(() => w.fake.gateway.resumes, { timeout: 4000 }).toBe(1);
    await w.settle();
    expect(rec.callsTo("listCommunityIds")).toHaveLength(1);

    const identifies = w.fake.gateway.identifies;
    w.fake.gateway.disconnect({ resumable: false });
    await identified(identifies + 1);
    await expect.poll(() => rec.callsTo("listCommunityIds").length, { timeout: 4000 }).toBe(2);
    await w.adapter.idle();
    for (const u of [w.ana, w.ben, w.cat]) expect(await departed(u)).toBe(false);
    expect(removedLines()).toHaveLength(0);
  });
});

describe("Discord members: the leave of a member discord.js never cached (a large server sends only the bot's own member at connect)", () => {
  const cached = (u: FakeUser) => w.adapter.client.guilds.cache.get(w.guild.id)?.members.cache.has(u.id);

  it("given a member leaves while the server's member list is on its way, then they are departed at once, and the older list does not bring them back", async () => {
    await world();
    const n = reconciledLines().length;
    w.fake.gateway.largeGuilds = true;
    w.fake.gateway.memberRequests.hold = true;
    const asked = w.fake.gateway.memberRequestsReceived.length;
    await w.restart();
    await expect.poll(() => w.fake.gateway.memberRequestsReceived.length, { timeout: 2000 }).toBe(asked + 1);
    expect(cached(w.ana)).toBe(false);

    leaveQuietly(w.ana.id);
    w.fake.gateway.dispatch("GUILD_MEMBER_REMOVE", { guild_id: w.guild.id, user: w.ana });
    await expect.poll(() => departed(w.ana), { timeout: 2000 }).toBe(true);

    expect(w.fake.gateway.releaseMemberRequests()).toBe(1);
    await reconciled(n + 1);
    expect(await departed(w.ana)).toBe(true);
    expect(await departed(w.ben)).toBe(false);
  });

  it("given the member list never arrived (the reconciliation gave up), then a member who leaves later is departed", async () => {
    await world({ memberReconcile: { fetchTimeoutMs: 200, attempts: 1 } });
    w.fake.gateway.largeGuilds = true;
    w.fake.gateway.memberRequests.sendChunks = 0;
    await w.restart();
    await expect.poll(() => w.logger.lines.some((l) => l.level === "error" && l.msg?.startsWith("could not fetch the server's member list")), { timeout: 4000 }).toBe(true);
    expect(cached(w.ben)).toBe(false);

    leaveQuietly(w.ben.id);
    w.fake.gateway.dispatch("GUILD_MEMBER_REMOVE", { guild_id: w.guild.id, user: w.ben });
    await expect.poll(() => departed(w.ben), { timeout: 2000 }).toBe(true);
    expect(await departed(w.ana)).toBe(false);
  });
});
