/**
 * Identities are platform-prefixed strings so that nothing ever crosses communities by accident:
 * a community is `slack:T0123` or `discord:81234`; a member is `slack:T0123:U0456`.
 */
export type Platform = "slack" | "discord" | "web";
export type CommunityId = string;
export type MemberId = string;
export type RequestId = string;
export type OfferId = string;

const PLATFORMS: readonly Platform[] = ["slack", "discord", "web"];
const PART = /^[A-Za-z0-9_.-]{1,64}$/;

export function communityId(platform: Platform, nativeId: string): CommunityId {
  if (!PART.test(nativeId)) throw new Error(`Invalid ${platform} community id: ${JSON.stringify(nativeId)}`);
  return `${platform}:${nativeId}`;
}

export function memberId(community: CommunityId, nativeUserId: string): MemberId {
  if (!PART.test(nativeUserId)) throw new Error(`Invalid user id: ${JSON.stringify(nativeUserId)}`);
  return `${community}:${nativeUserId}`;
}

export interface ParsedMemberId {
  platform: Platform;
  communityId: CommunityId;
  /** The platform's own user id (Slack `U0456`, a Discord snowflake). */
  nativeId: string;
}

/** Splits a member id into its parts; returns null when the string is not a member id. */
export function parseMemberId(id: string): ParsedMemberId | null {
  const parts = id.split(":");
  if (parts.length !== 3) return null;
  const [platform, community, user] = parts as [string, string, string];
  if (!PLATFORMS.includes(platform as Platform) || !PART.test(community) || !PART.test(user)) return null;
  return { platform: platform as Platform, communityId: `${platform}:${community}`, nativeId: user };
}

/** True when the id is a well-formed community id (`platform:native`). */
export function isCommunityId(id: string): boolean {
  const parts = id.split(":");
  return parts.length === 2 && PLATFORMS.includes(parts[0] as Platform) && PART.test(parts[1] ?? "");
}

export function platformOf(id: string): Platform | null {
  const p = id.split(":")[0] as Platform;
  return PLATFORMS.includes(p) ? p : null;
}

/** The community a member belongs to (the id minus its last segment). */
export function communityOf(member: MemberId): CommunityId {
  const parsed = parseMemberId(member);
  if (!parsed) throw new Error(`Not a member id: ${JSON.stringify(member)}`);
  return parsed.communityId;
}
