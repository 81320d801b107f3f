import { beforeEach, describe, expect, it } from "vitest";
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
