import { describe, expect, it } from "vitest";
import { phraseConcepts } from "../../src/ranking/analyze.js";
import { PhraseKeySet } from "../../src/ranking/phrase-keys.js";

const keysOf = (text: string, keys: ReadonlySet<string>, aliases: Record<string, string> = {}) =>
  phraseConcepts(text.split(" "), aliases, keys).map((c) => c.key);

describe("phrase keys", () => {
  it("finds keys of several words added after construction, as a plain set does", () => {
    const keys = new PhraseKeySet(["search engine optimisation"]);
    keys.add("sourdough bread baking");
    const text = "help with sourdough bread baking and search engine optimisation please";
    expect(keysOf(text, keys)).toEqual(["sourdough bread baking", "search engine optimisation"]);
    expect(keysOf(text, keys)).toEqual(keysOf(text, new Set(keys)));
    expect([...keys.starts].sort()).toEqual(["search", "sourdough"]);
  });

  it("stops matching a deleted key and matches it again when it comes back", () => {
    const keys = new PhraseKeySet(["sourdough bread baking"]);
    keys.delete("sourdough bread baking");
    expect(keysOf("sourdough bread baking tips", keys)).toEqual([]);
    keys.add("bread baking");
    expect(keysOf("sourdough bread baking tips", keys)).toEqual(["bread baking"]);
  });

  it("still finds built-in and community aliases of several words", () => {
    const keys = new PhraseKeySet();
    expect(keysOf("help with gh actions", keys, { "gh actions": "github actions" })).toEqual(["github actions"]);
  });
});
