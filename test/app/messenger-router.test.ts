import { describe, expect, it } from "vitest";
import { MessengerRouter } from "../../src/app/messenger-router.js";
import { DeliveryError } from "../../src/core/ports/messenger.port.js";
import { RecordingMessenger } from "../support/recording-messenger.js";

describe("MessengerRouter", () => {
  it("reaches a community only when its platform's adapter is connected (what scheduled jobs and `jobs run` sweep)", () => {
    const router = new MessengerRouter();
    router.register("slack", new RecordingMessenger());
    expect(router.reaches("slack:T1")).toBe(true);
    expect(router.reaches("discord:999")).toBe(false);
    expect(router.reaches("web:demo")).toBe(false);
    expect(router.reaches("nonsense")).toBe(false);
  });

  it("refuses to send to a member of a platform that is not connected, with a DeliveryError naming it", async () => {
    const router = new MessengerRouter();
    await expect(router.sendDirect("discord:999:42", { kind: "info", text: "hi" })).rejects.toBeInstanceOf(DeliveryError);
  });
});
