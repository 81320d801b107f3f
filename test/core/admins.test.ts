import { beforeEach, describe, expect, it } from "vitest";
import { COMMUNITY_LIMITS } from "../../src/core/domain/community.js";
import { operator } from "../../src/core/usecases/communities.js";
import { COMMUNITY, useTestCore } from "../support/harness.js";

describe("the operator names admins as they know them", () => {
  const t = useTestCore();
  beforeEach(async () => {
    await t.core.members.touch(t.actor("grace", { displayName: "Grace Hill" }));
    await t.core.members.touch(t.actor("maya", { displayName: "Maya Okafor" }));
    await t.core.members.touch(t.actor("zoe", { displayName: "Zoë Apiary" }));
  });
  const by = () => operator(COMMUNITY);

  it("by id, by the platform's id or by display name (any case or accents); the list gives names with ids", async () => {
    await t.core.communities.changeAdmins(by(), { add: ["slack:T1:grace", "Maya Okafor", "zoe apiary"] });
    expect((await t.core.communities.get(COMMUNITY)).adminIds).toEqual(["slack:T1:grace", "slack:T1:maya", "slack:T1:zoe"]);
    await t.core.communities.changeAdmins(by(), { remove: ["maya", "ZOË APIARY"] });
    expect(await t.core.communities.admins(by())).toEqual([{ id: "slack:T1:grace", displayName: "Grace Hill" }]);
  });

  it("a name that fits nobody, or several members, is refused with the id form to use", async () => {
    await expect(t.core.communities.changeAdmins(by(), { add: ["Maya Okafur"] })).rejects.toThrow("“Maya Okafur” is not a member of slack:T1 that Knowhow knows: name them by id (e.g. slack:T1:grace) or by display name (e.g. “Grace Hill”).");
    await t.core.members.touch(t.actor("maya2", { displayName: "maya okafor" }));
    await expect(t.core.communities.changeAdmins(by(), { add: ["Maya Okafor"] })).rejects.toThrow("“Maya Okafor” is the name of 2 members of slack:T1: slack:T1:maya and slack:T1:maya2. Give the id of the one you mean.");
    expect((await t.core.communities.get(COMMUNITY)).adminIds).toEqual([]);
  });

  it("an admin who is no longer a member is listed as such, and can still be removed by id", async () => {
    await t.core.communities.changeAdmins(by(), { add: ["grace", "maya"] });
    await t.core.members.departed("slack:T1:maya");
    expect(await t.core.communities.admins(by())).toEqual([{ id: "slack:T1:grace", displayName: "Grace Hill" }, { id: "slack:T1:maya", displayName: null }]);
    await t.core.communities.changeAdmins(by(), { remove: ["slack:T1:maya"] });
    expect((await t.core.communities.get(COMMUNITY)).adminIds).toEqual(["slack:T1:grace"]);
  });
});

describe("community lists stay within what every store keeps (MongoDB refuses longer ones)", () => {
  const t = useTestCore();
  const by = () => operator(COMMUNITY);

  it("a community with the most aliases it can keep is told to remove one before adding another; removing still works", async () => {
    const aliases = Object.fromEntries(Array.from({ length: COMMUNITY_LIMITS.aliases }, (_, i) => [`term ${i}`, `skill ${i}`]));
    await t.core.members.community(COMMUNITY);
    await t.store.updateCommunity(COMMUNITY, { settings: { aliases } }, t.clock.now());
    await expect(t.core.communities.addAlias(by(), "gh actions", "github actions")).rejects.toThrow(`This community has ${COMMUNITY_LIMITS.aliases} aliases, the most it can keep: remove one first (\`/knowhow unalias …\`).`);
    expect(Object.keys((await t.core.communities.get(COMMUNITY)).settings.aliases)).toHaveLength(COMMUNITY_LIMITS.aliases);
    // Changing where an existing alias leads adds none.
    await t.core.communities.addAlias(by(), "term 1", "skill 2");
    await t.core.communities.removeAlias(by(), "term 0");
    await t.core.communities.addAlias(by(), "gh actions", "github actions");
  });

  it("the digest's chat recipients and the Knowhow admins are capped with a clear answer", async () => {
    const ids = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${COMMUNITY}:${p}${i}`);
    await t.core.members.community(COMMUNITY);
    await t.store.updateCommunity(COMMUNITY, { settings: { digestTo: ids(COMMUNITY_LIMITS.digestTo, "d") }, adminIds: ids(COMMUNITY_LIMITS.adminIds, "a") }, t.clock.now());
    const admin = t.actor("grace", { isPlatformAdmin: true });
    await expect(t.core.commands.knowhowCommand(admin, "settings digest on")).rejects.toThrow(`The digest already goes to ${COMMUNITY_LIMITS.digestTo} people who asked for it in chat, the most it can: it can't be added for you.`);
    await t.core.members.touch(t.actor("maya"));
    await expect(t.core.communities.changeAdmins(by(), { add: ["maya"] })).rejects.toThrow(`slack:T1 can have at most ${COMMUNITY_LIMITS.adminIds} Knowhow admins (it has ${COMMUNITY_LIMITS.adminIds}): remove some first.`);
    // Turning it off, and removing an admin, still work.
    await t.core.commands.knowhowCommand({ ...t.actor("d0"), isPlatformAdmin: true }, "settings digest off");
    await t.core.communities.changeAdmins(by(), { remove: [`${COMMUNITY}:a0`] });
  });
});
