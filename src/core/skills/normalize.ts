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

/** Bump when foldText changes what keys it makes (the built-in aliases are hashed in on their own). */
const FOLD_REVISION = 2;

/**
 * Identifies how this version makes skill keys: the fold revision and a hash (FNV-1a) of the built-in alias table.
 * Stored keys made under another one are brought up to date at start (CommunityService.refreshSkillKeys).
 */
export const SKILL_KEYS_VERSION = `${FOLD_REVISION}-${fnv1a(JSON.stringify(Object.entries(BUILTIN_ALIASES).sort()))}`;

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/** The skill key for a label: folded, then resolved through the community's and the built-in aliases. */
export function skillKey(label: string, communityAliases: AliasTable = {}): string {
  const folded = foldText(label);
  // Own properties only: a skill called "constructor" must not resolve to Object.prototype's.
  if (Object.hasOwn(communityAliases, folded)) return communityAliases[folded]!;
  if (!Object.hasOwn(BUILTIN_ALIASES, folded)) return folded;
  // A community may rename what a built-in alias leads to ("javascript = typescript" reaches "js" too). Its table is
  // flat and its targets are already resolved, so one more step is the end.
  const builtin = BUILTIN_ALIASES[folded]!;
  return Object.hasOwn(communityAliases, builtin) ? communityAliases[builtin]! : builtin;
}
