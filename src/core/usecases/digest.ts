import { localDay } from "../domain/availability.js";
import { DEFAULT_AVAILABILITY } from "../domain/member.js";
import type { CommunityId, MemberId } from "../ids.js";
import type { Message } from "../messages.js";
import { DeliveryError, type Messenger } from "../ports/messenger.port.js";
import type { CommunityReport, CommunityService } from "./communities.js";
import type { CoreDeps } from "./context.js";
import { isDaytimeFor } from "./nudges.js";

export const DIGEST_DAYS = 7;

/**
 * not_monday: the digest goes out on the admin's Monday; quiet_week: no question was asked in the week (checked
 * before the platform is asked about admin rights, so a quiet week costs no platform call);
 * not_admin: a chat admin who turned it on is no longer an admin on the platform (and is taken off the list);
 * admin_unknown: the platform could not say (asked again at the next run).
 */
export type DigestSkip = "already_sent" | "quiet_hours" | "departed" | "not_monday" | "quiet_week" | "not_admin" | "admin_unknown";

export interface DigestOptions {
  /** Only these communities; every community when absent. */
  communityIds?: readonly CommunityId[];
  now?: Date;
  /** The scheduler's rate-limited queue; defaults to the core's messenger. */
  messenger?: Messenger;
}

export interface CommunityDigestReport {
  communityId: CommunityId;
  /** Why nothing was sent to anyone, when that is the case for the whole community. */
  status: "ok" | "disabled" | "no_admins" | "unknown_community";
  sentTo: MemberId[];
  skipped: Array<{ memberId: MemberId; reason: DigestSkip }>;
  failed: Array<{ memberId: MemberId; reason: string }>;
  /** The fault that stopped this community's digest (what it did before is listed); the next hourly run retries. */
  error: string | null;
}

export interface DigestReport {
  now: Date;
  week: string;
  communities: CommunityDigestReport[];
}

/** ISO-8601 week of `d` in UTC, e.g. "2026-W02" (the digest's once-per-week period). */
export function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/**
 * The weekly admin digest (opt-in per community: `digestEnabled`): unmatched questions by topic, busiest
 * helpers, skills with only one expert, over the last 7 days. Sent by DM to the community's Knowhow admins
 * (`adminIds`, and the admins who turned it on in chat: `settings.digestTo`, whose admin rights are asked of the
 * platform afresh each week) on their Monday, in their daytime,
 * once per admin per week of their calendar (`digest:<community>:<admin>:<week>` once-only key, released when a
 * send fails transiently). The job runs hourly, so each admin gets it in their Monday morning. A week in which
 * nobody asked anything sends nothing: an empty digest is only noise (`/knowhow report` shows the same on demand).
 * A fault for one admin (a store error) is counted in `failed` and the next admin is served; one that stops a
 * community is its `error`, and the other communities are still served.
 */
export class DigestService {
  constructor(private readonly d: CoreDeps, private readonly communities: CommunityService) {}

  /** The digest message for a community now (also what `jobs run digest` shows). */
  async build(communityId: CommunityId, now = this.d.clock.now()): Promise<Message> {
    return this.message(await this.communities.report(communityId, now, DIGEST_DAYS));
  }

  private message(report: CommunityReport): Message {
    return { ...this.communities.reportMessage(report, DIGEST_DAYS), title: "Knowhow weekly digest" };
  }

  async sendWeekly(opts: DigestOptions = {}): Promise<DigestReport> {
    const now = opts.now ?? this.d.clock.now();
    const week = isoWeek(now);
    const ids = opts.communityIds ?? (await this.d.store.listCommunityIds());
    const communities: CommunityDigestReport[] = [];
    for (const communityId of ids) {
      const out: CommunityDigestReport = { communityId, status: "ok", sentTo: [], skipped: [], failed: [], error: null };
      try {
        await this.sendTo(out, now, opts.messenger ?? this.d.messenger);
      } catch (e) {
        out.error = e instanceof Error ? e.message : String(e);
        this.d.logger.error({ err: e, communityId }, "digest stopped in this community; the next run retries");
      }
      communities.push(out);
    }
    return { now, week, communities };
  }

  private async sendTo(out: CommunityDigestReport, now: Date, messenger: Messenger): Promise<void> {
    const communityId = out.communityId;
    const community = await this.d.store.getCommunity(communityId);
    if (!community) {
      out.status = "unknown_community";
      return;
    }
    if (!community.settings.digestEnabled) {
      out.status = "disabled";
      return;
    }
    const recipients = [...new Set([...community.adminIds, ...community.settings.digestTo])];
    if (recipients.length === 0) {
      out.status = "no_admins";
      return;
    }
    let message: Message | null = null;
    let report: CommunityReport | null = null;
    const demoted: MemberId[] = [];
    for (const adminId of recipients) {
      try {
        const admin = await this.d.store.getMember(adminId);
        if (admin?.departed) {
          out.skipped.push({ memberId: adminId, reason: "departed" });
          continue;
        }
        const day = localDay(admin?.timezone ?? null, now);
        if (day.getUTCDay() !== 1) {
          out.skipped.push({ memberId: adminId, reason: "not_monday" });
          continue;
        }
        if (!isDaytimeFor(admin ?? { timezone: null, availability: DEFAULT_AVAILABILITY }, now)) {
          out.skipped.push({ memberId: adminId, reason: "quiet_hours" });
          continue;
        }
        const key = `digest:${communityId}:${adminId}:${isoWeek(day)}`;
        // Checked before the report is made: the job runs hourly, and this week's digest has usually gone already.
        if (await this.d.store.hasClaimed(key)) {
          out.skipped.push({ memberId: adminId, reason: "already_sent" });
          continue;
        }
        // Before the platform is asked anything below: a quiet week sends nothing to anyone, so it costs no API call.
        report ??= await this.communities.report(communityId, now, DIGEST_DAYS);
        if (report.questions === 0) {
          out.skipped.push({ memberId: adminId, reason: "quiet_week" });
          continue;
        }
        // A chat admin who turned the digest on may have lost their admin rights since: asked afresh each week that has
        // a digest to send (one who lost them during a quiet week is found out, and dropped, at the next busy one).
        if (!community.adminIds.includes(adminId)) {
          const still = await this.stillAdmin(messenger, adminId);
          if (still !== true) {
            out.skipped.push({ memberId: adminId, reason: still === false ? "not_admin" : "admin_unknown" });
            if (still === false) demoted.push(adminId);
            continue;
          }
        }
        if (!(await this.d.store.claimOnce(key, now))) {
          out.skipped.push({ memberId: adminId, reason: "already_sent" });
          continue;
        }
        try {
          message ??= this.message(report);
          await messenger.sendDirect(adminId, message);
          out.sentTo.push(adminId);
        } catch (e) {
          out.failed.push({ memberId: adminId, reason: e instanceof DeliveryError ? e.reason : "error" });
          this.d.logger.warn({ err: e, communityId, adminId }, "digest not delivered");
          const permanent = e instanceof DeliveryError && (e.reason === "dm_closed" || e.reason === "not_found");
          if (!permanent) await this.d.store.releaseOnce(key);
        }
      } catch (e) {
        // A store fault for this admin: the next admins are still served, and the next hourly run retries this one.
        if (out.failed.at(-1)?.memberId !== adminId) out.failed.push({ memberId: adminId, reason: "error" });
        this.d.logger.error({ err: e, communityId, adminId }, "digest failed for this admin; the next run retries");
      }
    }
    if (demoted.length > 0) await this.dropRecipients(communityId, demoted);
  }

  /** true / false from the platform; null when it cannot say now (the next hourly run asks again). */
  private async stillAdmin(messenger: Messenger, memberId: MemberId): Promise<boolean | null> {
    if (!messenger.isPlatformAdmin) return true;
    try {
      return (await messenger.isPlatformAdmin(memberId)) ?? true;
    } catch (e) {
      this.d.logger.warn({ err: e, memberId }, "could not check whether a digest recipient is still an admin; trying again next run");
      return null;
    }
  }

  /** Members who are no longer admins stop getting the digest (they can turn it on again if they become one). */
  private async dropRecipients(communityId: CommunityId, ids: MemberId[]): Promise<void> {
    const c = await this.d.store.getCommunity(communityId);
    if (!c) return;
    const digestTo = c.settings.digestTo.filter((id) => !ids.includes(id));
    const digestEnabled = c.settings.digestEnabled && (digestTo.length > 0 || c.adminIds.length > 0);
    await this.d.store.updateCommunity(communityId, { settings: { digestTo, digestEnabled } }, this.d.clock.now());
    this.d.logger.info({ communityId, removed: ids }, "digest recipients who are no longer admins removed");
  }
}
