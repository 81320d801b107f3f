import type { CommunityId, MemberId } from "../ids.js";
import { info, type Message } from "../messages.js";
import { andList, plural } from "../views/format.js";
import type { Actor, CoreDeps } from "./context.js";
import type { MemberService } from "./members.js";
import { ownedKey } from "./skills.js";

/** A member's own data: export it, or delete it. */
export class PrivacyService {
  constructor(private readonly d: CoreDeps, private readonly members: MemberService) {}

  /** Everything stored about the member, as JSON they can keep. */
  /**
   * Everything stored about the member. Asked by the member, it counts as their activity (as any command does);
   * asked by an operator (`byOperator`), it changes nothing: a member who left stays gone.
   */
  async export(actor: Actor, opts: { byOperator?: boolean } = {}): Promise<{ data: Record<string, unknown>; message: Message }> {
    const member = opts.byOperator ? await this.members.require(actor.memberId) : await this.members.touch(actor);
    const asked = await this.d.store.listRequests({ communityId: actor.communityId, askerId: actor.memberId });
    const helped = await this.d.store.listRequests({ communityId: actor.communityId, helperId: actor.memberId });
    const offers = await this.d.store.listOffers({ candidateId: actor.memberId });
    const data = {
      exportedAt: this.d.clock.now().toISOString(),
      member,
      questionsAsked: asked.map((r) => ({ id: r.id, question: r.question, state: r.state, createdAt: r.createdAt, helperId: r.helperId })),
      questionsHelped: helped.map((r) => ({ id: r.id, question: r.question, state: r.state, askerId: r.askerId, connectedAt: r.connectedAt })),
      introRequestsReceived: offers.map((o) => ({ id: o.id, requestId: o.requestId, status: o.status, sentAt: o.sentAt, respondedAt: o.respondedAt })),
    };
    const content = JSON.stringify(data, null, 2);
    return {
      data,
      message: {
        kind: "export",
        title: "Your Knowhow data",
        text: `Here is everything Knowhow stores about you: ${andList([plural(member.skills.length, "skill"), `${plural(asked.length, "question")} asked`, `${plural(offers.length, "intro request")} received`])}.`,
        attachment: { filename: "knowhow-export.json", content, mime: "application/json" },
      },
    };
  }

  /** Asks for confirmation before deleting (the confirm button calls `forget`). */
  forgetPrompt(): Message {
    return {
      kind: "confirm",
      title: "Delete your data?",
      text: "This deletes your skills, availability, the questions you asked and the intro requests you received, in this community. It can't be undone.",
      actions: [{ type: "forget.confirm", label: "Yes, delete my data", value: "confirm", style: "danger" }],
    };
  }

  /** Deletes everything stored about the member in this community; the member's answer. */
  async forget(actor: Actor): Promise<Message> {
    const { existed } = await this.erase(actor);
    return info(existed ? "Done — I've deleted everything I stored about you here. If you use Knowhow again, you'll start fresh." : "I had nothing stored about you here.");
  }

  /**
   * Deletes the member and everything that names them: their offers, the requests they asked, their id as helper or
   * candidate (the store's cascade), and their place among the community's admins and digest recipients. Runs all of
   * it even when the member row is already gone, so a retry finishes the job. Says what it deleted, counted.
   */
  async erase(actor: Actor): Promise<ForgetReport> {
    const { store } = this.d;
    const [asked, helped, offers] = await Promise.all([
      store.listRequests({ communityId: actor.communityId, askerId: actor.memberId }),
      store.listRequests({ communityId: actor.communityId, helperId: actor.memberId }),
      store.listOffers({ candidateId: actor.memberId }),
    ]);
    const existed = await store.deleteMember(actor.memberId);
    // Questions that were waiting only for their answer are due at once, as when a candidate leaves.
    const now = this.d.clock.now();
    for (const requestId of new Set(offers.filter((o) => o.status === "pending").map((o) => o.requestId))) await this.members.dueIfNobodyWaiting(requestId, now);
    await store.releaseOnce(ownedKey(actor.memberId));
    const unlisted = await this.unlist(actor.communityId, actor.memberId);
    await this.d.matcher.remove(actor.memberId, actor.communityId);
    this.d.logger.info({ memberId: actor.memberId, existed, ...unlisted }, "member forgotten");
    return { memberId: actor.memberId, existed, questionsAsked: asked.length, introRequests: offers.length, helped: helped.length, ...unlisted };
  }

  /**
   * Takes the member off the community's admins and digest recipients. As when they turn the digest off themselves,
   * it stays on only while someone still gets it.
   */
  private async unlist(communityId: CommunityId, id: MemberId): Promise<{ wasAdmin: boolean; gotDigest: boolean }> {
    const c = await this.d.store.getCommunity(communityId);
    const wasAdmin = c?.adminIds.includes(id) ?? false;
    const gotDigest = c?.settings.digestTo.includes(id) ?? false;
    if (!c || (!wasAdmin && !gotDigest)) return { wasAdmin, gotDigest };
    const adminIds = c.adminIds.filter((m) => m !== id);
    const digestTo = c.settings.digestTo.filter((m) => m !== id);
    const settings = gotDigest ? { digestTo, digestEnabled: c.settings.digestEnabled && (digestTo.length > 0 || adminIds.length > 0) } : {};
    await this.d.store.updateCommunity(communityId, { adminIds, settings }, this.d.clock.now());
    return { wasAdmin, gotDigest };
  }
}

/** What forgetting a member deleted (the operator's CLI says so). */
export interface ForgetReport {
  memberId: MemberId;
  /** The member record existed (false: only what still named them was cleaned up). */
  existed: boolean;
  /** Questions they asked, deleted with their offers. */
  questionsAsked: number;
  /** Intro requests they were sent, deleted. */
  introRequests: number;
  /** Questions they were introduced on as the helper (kept for the asker, without their name). */
  helped: number;
  /** They were one of the community's Knowhow admins. */
  wasAdmin: boolean;
  /** They had asked for the weekly digest. */
  gotDigest: boolean;
}
