/**
 * A set of phrase keys ("search engine optimisation", "ci/cd") that also knows the first words of its keys of two or
 * more words, so that a text's longer n-grams are looked up only where one could start (`phraseConcepts`). The first
 * words only grow: after a key is deleted its first word may still be listed, which costs a lookup, never a match.
 */
export class PhraseKeySet extends Set<string> {
  readonly starts = new Set<string>();

  constructor(keys: Iterable<string> = []) {
    super();
    for (const k of keys) this.add(k);
  }

  override add(key: string): this {
    const space = key.indexOf(" ");
    if (space > 0) this.starts.add(key.slice(0, space));
    return super.add(key);
  }
}
