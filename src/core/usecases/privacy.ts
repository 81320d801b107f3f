import { info, type Message } from "../messages.js";
import type { Actor, CoreDeps } from "./context.js";
import type { MemberService } from "./members.js";

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
        text: `Here is everything Knowhow stores about you: ${member.skills.length} skills, ${asked.length} questions asked, ${offers.length} intro requests received.`,
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

  /** Deletes everything stored about the member in this community. */
  async forget(actor: Actor): Promise<Message> {
    const existed = await this.d.store.deleteMember(actor.memberId);
    await this.d.matcher.remove(actor.memberId, actor.communityId);
    this.d.logger.info({ memberId: actor.memberId, existed }, "member forgotten");
    return info(existed ? "Done — I've deleted everything I stored about you here. If you use Knowhow again, you'll start fresh." : "I had nothing stored about you here.");
  }
}
