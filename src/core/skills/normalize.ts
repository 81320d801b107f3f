import { BUILTIN_ALIASES } from "./aliases.js";

/**
 * Normalises a skill or question phrase into a matching key: lower case, accents and emoji removed,
 * punctuation folded to spaces (keeping the characters that make a skill: `c++`, `c#`, `.net`, `node.js`),
 * then aliases resolved (`k8s` → `kubernetes`, `js` → `javascript`).
 */
export function foldText(raw: string): string {
  return raw
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/\p{Extended_Pictographic}/gu, " ")
    .replace(/[^\p{L}\p{N}+#.\s-]/gu, " ")
    // Dots and dashes that only edge a word go (".. hello", "- bullet", "ok."), except the one that makes ".net".
    .replace(/(^|\s)(?!\.net(?:\s|$))[.-]+|[.-]+(?=\s|$)/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export type AliasTable = Readonly<Record<string, string>>;

/** The skill key for a label: folded, then resolved through the community's and the built-in aliases. */
export function skillKey(label: string, communityAliases: AliasTable = {}): string {
  const folded = foldText(label);
  // Own properties only: a skill called "constructor" must not resolve to Object.prototype's.
  if (Object.hasOwn(communityAliases, folded)) return communityAliases[folded]!;
  if (Object.hasOwn(BUILTIN_ALIASES, folded)) return BUILTIN_ALIASES[folded]!;
  return folded;
}
