import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page, type Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberIdFor } from "../../adapters/web/identity.js";
import { operator } from "../../src/core/usecases/communities.js";
import { startHarness, type Harness } from "./support/harness.js";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = join(process.cwd(), "test-artifacts");
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`[test/web/browser] SKIPPED: ${CHROMIUM} is absent. Install it with: apt-get install -y chromium`);

async function createMember(page: Page, name: string, slug: string): Promise<void> {
  await page.getByLabel("New member's name").fill(name);
  await page.getByRole("button", { name: "Create member" }).click();
  await expect.poll(() => page.locator("#actor").inputValue()).toBe(slug);
  await page.locator("#new-member .form-status", { hasText: "Created" }).waitFor();
}

async function actAs(page: Page, slug: string): Promise<void> {
  if ((await page.locator("#actor").inputValue()) === slug) return;
  // Until the member's profile is drawn, a field the test fills would be filled again from the server.
  await thenLoaded(page, `/members/${slug}`, () => page.locator("#actor").selectOption(slug).then(() => undefined));
  await expect.poll(() => page.evaluate(() => localStorage.getItem("knowhow.actor"))).toBe(slug);
}

/** The member acted as adds `skill` as an expert; then Tom asks about it by DM and has the best ones asked for him. */
async function askedByTom(page: Page, skill: string): Promise<void> {
  await page.getByLabel("Or type several at once").fill(`${skill} (expert)`);
  await page.getByRole("button", { name: "Add these" }).click();
  await page.locator("#skills-line-form .form-status", { hasText: skill }).waitFor();
  await actAs(page, "tom-becker");
  await page.getByLabel("Your question").fill(`Who can help me with ${skill}?`);
  await page.getByLabel("By DM to the bot (private)").check();
  await page.getByRole("button", { name: "Ask", exact: true }).click();
  await page.getByRole("button", { name: "Ask the best ones for me" }).click();
  await page.locator("#ask-result", { hasText: "I've asked" }).waitFor();
}

/** Does `act`, then waits for the answer to the page's `method` request of `path` (under /api/playground) to be read, and a moment to draw it. */
async function thenAnswered(page: Page, method: string, path: string, act: () => Promise<void>): Promise<void> {
  const answered = page.waitForResponse((r) => r.request().method() === method && r.url().endsWith(`/api/playground${path}`));
  await act();
  await (await answered).finished();
  await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
}

/** Does `act`, then waits for the page's GET of `path` (under /api/playground) to be read, and a moment to draw it. */
function thenLoaded(page: Page, path: string, act: () => Promise<void>): Promise<void> {
  return thenAnswered(page, "GET", path, act);
}

/** Does `act`, then waits until the page has drawn `selector` anew (the element found before is gone). */
async function thenRedrawn(page: Page, selector: string, act: () => Promise<void>): Promise<void> {
  const before = await page.locator(selector).first().elementHandle();
  await act();
  await page.waitForFunction((e) => !e?.isConnected, before);
}

/** Holds a request back a moment: an answer that arrives after the user moved on. */
async function slow(route: Route): Promise<void> {
  await new Promise((r) => setTimeout(r, 300));
  await route.continue();
}

/** Holds the page's next request to `url` until the returned function is called (an answer that comes when the test says). */
async function hold(page: Page, url: string): Promise<() => void> {
  let release = (): void => {};
  const held = new Promise<void>((r) => { release = r; });
  await page.route(url, async (route) => { await held; await route.continue(); }, { times: 1 });
  return release;
}

/**
 * Does `act` with the page's requests to `member`'s `path` held back (see slow), and waits for the page's read of
 * `after` that follows their answer: what the page draws once the late answer is in.
 */
async function whileSlow(page: Page, member: string, path: string, after: string, act: () => Promise<void>): Promise<void> {
  const url = `**/api/playground/members/${member}/${path}`;
  await page.route(url, slow);
  try {
    await thenLoaded(page, after, act);
  } finally {
    await page.unroute(url, slow);
  }
}

/** Does `act`, then waits for the dashboard's answer to be read and a moment to draw it. */
async function thenDashboard(page: Page, act: () => Promise<void>): Promise<void> {
  const answered = page.waitForResponse((r) => r.url().includes("/api/admin/dashboard?"));
  await act();
  await (await answered).finished();
  await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
}

/** The skill editor's rows, as shown. */
function skillRows(page: Page): Promise<string[]> {
  return page.locator("#skill-rows input").evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
}

/** Non-transparent pixels in a canvas: proof that chart.js actually drew something. */
function paintedPixels(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext("2d")?.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    if (data) for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) n++;
    return n;
  });
}

describe.skipIf(!haveChromium)("playground in headless Chromium", () => {
  let h: Harness;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    h = await startHarness({ seedDemo: false });
    profileDir = mkdtempSync(join(tmpdir(), "knowhow-chromium-"));
    // A fresh, throw-away profile per run (playwright passes it as --user-data-dir).
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (e) => console.error("[browser]", e.message));
  });

  afterAll(async () => {
    await context?.close();
    await h?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it("declares skills for two members, asks as a third, accepts as the first and shows the intro", async () => {
    await page.goto(`${h.baseUrl}/`);
    await page.locator("body[data-ready=true]").waitFor();

    await createMember(page, "Maya Okafor", "maya-okafor");
    await page.getByLabel("Skill 1", { exact: true }).fill("magazine query letters");
    await page.getByLabel("Level of skill 1").selectOption("expert");
    await page.getByRole("button", { name: "Add a skill" }).click();
    await page.getByLabel("Skill 2", { exact: true }).fill("copywriting");
    await page.getByRole("button", { name: "Save skills" }).click();
    await page.locator("#skills-form .form-status", { hasText: "Added magazine query letters and copywriting" }).waitFor();

    await createMember(page, "Tom Becker", "tom-becker");
    await page.getByLabel("Or type several at once").fill("Etsy SEO (expert), copywriting");
    await page.getByRole("button", { name: "Add these" }).click();
    await page.locator("#skills-line-form .form-status", { hasText: "Added Etsy SEO and copywriting" }).waitFor();

    await createMember(page, "Sam Lee", "sam-lee");
    await page.getByLabel("Your question").fill("Who can help me with magazine query letters?");
    await page.getByRole("button", { name: "Ask", exact: true }).click();
    const suggestions = page.locator("#ask-result .message.kind-suggestions");
    await suggestions.waitFor();
    expect(await suggestions.textContent()).toContain("@Maya Okafor");
    await page.getByRole("button", { name: "Ask the best ones for me" }).click();
    await page.locator("#ask-result", { hasText: "privately" }).waitFor();

    await actAs(page, "maya-okafor");
    const offer = page.locator("#inbox .message.kind-offer");
    await offer.waitFor();
    expect(await offer.textContent()).toContain("@Sam Lee asks");
    await offer.getByRole("button", { name: "I can help" }).click();
    const intro = page.locator("#inbox .message.kind-intro");
    await intro.waitFor();
    expect(await intro.textContent()).toMatch(/@Sam Lee, meet @Maya Okafor/);
    await page.locator("#inbox .answered", { hasText: "I can help" }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "playground-intro.png"), fullPage: true });

    await actAs(page, "sam-lee");
    await page.locator("#inbox .message.kind-intro").waitFor();
  });

  it("asks for both quiet hours when one is left empty, next to them, instead of sending -1", async () => {
    await actAs(page, "sam-lee");
    await page.locator("#quiet-start").fill("");
    await page.getByRole("button", { name: "Save availability" }).click();
    await page.locator("#avail-form .field-error", { hasText: "Give both quiet hours" }).waitFor();
    expect(await page.locator("#avail-form").textContent()).not.toContain("-1");
  });

  it("asks for the weekly cap when it is left empty, instead of saying “Saved.” and putting the old one back", async () => {
    await actAs(page, "sam-lee");
    // The quiet hour emptied just before, given back.
    await page.locator("#quiet-start").fill("21");
    await page.getByLabel("Most intro requests per week").fill("");
    await page.getByRole("button", { name: "Save availability" }).click();
    await page.locator('#avail-form [data-field="cap"] .field-error', { hasText: "Give the most intro requests a week" }).waitFor();
    expect(await page.locator("#avail-form .form-status").textContent()).toBe("");
    expect(await page.getByLabel("Most intro requests per week").getAttribute("aria-invalid")).toBe("true");
    await page.getByLabel("Most intro requests per week").fill("3");
  });

  it("shows a bad question's error next to the question field", async () => {
    await page.getByLabel("Your question").fill("?!");
    await page.getByRole("button", { name: "Ask", exact: true }).click();
    const error = page.locator('#ask-form [data-field="question"] .field-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/couldn't find a question/i);
    expect(await page.getByLabel("Your question").getAttribute("aria-invalid")).toBe("true");

    await page.getByRole("button", { name: "Add a skill" }).click();
    await page.getByRole("button", { name: "Save skills" }).click();
    const rowError = page.locator('#skills-form [data-field="skills.0.label"] .field-error');
    await rowError.waitFor();
    expect(await rowError.textContent()).toMatch(/can't be empty/i);
    await page.screenshot({ path: join(ARTIFACTS, "playground-errors.png"), fullPage: true });
  });

  it("runs a command typed in the message box, and forget-me's button in the reply deletes the member", async () => {
    await page.goto(`${h.baseUrl}/`);
    await page.locator("body[data-ready=true]").waitFor();
    await createMember(page, "Zoe Quinn", "zoe-quinn");
    await page.getByLabel("Message the bot").fill("/skills add SEO, bookkeeping");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await page.locator("#dm-result", { hasText: "Added SEO and bookkeeping" }).waitFor();
    await page.locator("#skills-form input[value=bookkeeping]").waitFor();

    await page.getByLabel("Message the bot").fill("/knowhow forget-me");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    const prompt = page.locator("#dm-result .message.kind-confirm");
    await prompt.waitFor();
    await prompt.getByRole("button", { name: "Yes, delete my data" }).click();
    await page.locator("#dm-result", { hasText: "Done — I've deleted everything" }).waitFor();
    await expect.poll(() => page.locator("#actor option[value=zoe-quinn]").count()).toBe(0);
    // The page says whom it acts as now, and shows nothing that only Slack's or Discord's members could do.
    const now = await page.locator("#actor option:checked").textContent();
    await page.locator("#new-member .form-status", { hasText: `Zoe Quinn is no longer a member of the playground. You are now acting as ${now}.` }).waitFor();
    expect(await page.locator("body").innerText()).not.toContain("/skills add");
  });

  it("after forget-me, drops the member's ask results and messages, says whom it acts as now, and asks as them", async () => {
    await page.goto(`${h.baseUrl}/`);
    await page.locator("body[data-ready=true]").waitFor();
    await createMember(page, "Uma Patel", "uma-patel");
    await page.getByLabel("Or type several at once").fill("baking");
    await page.getByRole("button", { name: "Add these" }).click();
    await page.locator("#skills-line-form .form-status", { hasText: "Your skills: baking" }).waitFor();
    await page.getByLabel("Your question").fill("Who can help me with copywriting?");
    await page.getByRole("button", { name: "Ask", exact: true }).click();
    await page.locator("#ask-result .message.kind-suggestions").waitFor();

    await page.getByLabel("Message the bot").fill("/knowhow forget-me");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await page.locator("#dm-result .message.kind-confirm").getByRole("button", { name: "Yes, delete my data" }).click();
    await page.locator("#dm-result", { hasText: "Done — I've deleted everything" }).waitFor();
    await expect.poll(() => page.locator("#actor option[value=uma-patel]").count()).toBe(0);
    const slug = await page.locator("#actor").inputValue();
    const name = (await h.store.getMember(memberIdFor(slug)))?.displayName;
    await page.locator("#new-member .form-status", { hasText: `Uma Patel is no longer a member of the playground. You are now acting as ${name}.` }).waitFor();
    // Nothing of hers is left to press or read as theirs: her suggestions' buttons, her skills' “Your skills: baking”.
    expect(await page.locator("#ask-result").innerHTML()).toBe("");
    expect(await page.getByRole("button", { name: "Ask the best ones for me" }).count()).toBe(0);
    expect(await page.locator("#skills-line-form .form-status").textContent()).toBe("");
    await page.locator("#avail-summary", { hasText: `${name}: ` }).waitFor();

    // A new question is theirs, and so is the button pressed under it: Tom's intro request names them.
    await page.getByLabel("Your question").fill("Who can help me with Etsy SEO?");
    await page.getByLabel("By DM to the bot (private)").check();
    await page.getByRole("button", { name: "Ask", exact: true }).click();
    const suggestions = page.locator("#ask-result .message.kind-suggestions");
    await suggestions.waitFor();
    expect(await suggestions.textContent()).toContain("@Tom Becker");
    await page.getByRole("button", { name: "Ask the best ones for me" }).click();
    await page.locator("#ask-result", { hasText: "I've asked" }).waitFor();
    await actAs(page, "tom-becker");
    await page.locator("#inbox .message.kind-offer", { hasText: `@${name} asks: “Who can help me with Etsy SEO?”` }).waitFor();
  });

  it("shows the member picked last when an earlier pick's profile answers late, so Save never writes one's skills onto another", async () => {
    await actAs(page, "sam-lee");
    // Maya's profile answers after Tom's: a quick switch on a slow server.
    await page.route("**/api/playground/members/maya-okafor", async (route) => {
      await new Promise((r) => setTimeout(r, 300));
      await route.continue();
    });
    await thenLoaded(page, "/members/maya-okafor", async () => {
      await page.locator("#actor").selectOption("maya-okafor");
      await page.locator("#actor").selectOption("tom-becker");
      await page.locator("#avail-summary", { hasText: "Tom Becker: " }).waitFor();
    });
    await page.unroute("**/api/playground/members/maya-okafor");
    expect(await page.locator("#avail-summary").textContent()).toMatch(/^Tom Becker: /);
    expect(await page.locator("#skill-rows input").evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(["Etsy SEO", "copywriting"]);
  });

  it("Edit under “Add these skills?” puts the skills just typed below the member's own in the editor", async () => {
    await actAs(page, "tom-becker");
    await page.getByLabel("Message the bot").fill("I can help with woodworking");
    await thenRedrawn(page, "#skill-rows li", () => page.getByRole("button", { name: "Send", exact: true }).click());
    // The press reads the page again, the profile too: the rows added stay, below Tom's own.
    await thenRedrawn(page, "#skill-rows li", () => page.locator("#dm-result .message").getByRole("button", { name: "Edit" }).click());
    await page.locator("#skills-form .form-status", { hasText: "Here is what I understood, below your skills" }).waitFor();
    expect(await page.locator("#skill-rows input").evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(["Etsy SEO", "copywriting", "woodworking"]);
    // The keyboard is taken to what there is to correct: the first row added, not the member's first skill.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe("woodworking");
  });

  it("shows the reply to a button under an answer in the inbox (“Post to a channel” after “Not really”)", async () => {
    // Sam was introduced to Maya in the first test: a day later he is asked whether he got help.
    await actAs(page, "sam-lee");
    await page.getByRole("button", { name: "+1 day" }).click();
    await page.locator("#clock-form .form-status", { hasText: "Moved to" }).waitFor();
    const followup = page.locator("#inbox .message.kind-followup");
    await followup.getByRole("button", { name: "Not really" }).click();
    const post = followup.locator(".answered").getByRole("button", { name: "Post to a channel" });
    await post.waitFor();
    // The press reads the inbox again: the reply stays on the page.
    await thenRedrawn(page, "#inbox .message.kind-followup", () => post.click());
    await page.locator("#inbox", { hasText: "Posted — people who know can answer you there." }).waitFor();
    await page.locator("#channel", { hasText: "Who can help me with magazine query letters?" }).waitFor();
    // The post asks people to reply in its thread, which the playground has not: the channel's hint says so.
    expect(await page.locator("#channel").textContent()).toContain("reply in the thread");
    expect(await page.locator("#channel-h + .hint").textContent()).toContain("the playground has no threads to reply in");
  });

  it("moves the clock once for a press, however often it is pressed while the move runs, and says it is moving", async () => {
    const moves: string[] = [];
    const onRequest = (r: { method: () => string; url: () => string }): void => {
      if (r.method() === "POST" && r.url().endsWith("/clock/advance")) moves.push(r.url());
    };
    page.on("request", onRequest);
    const release = await hold(page, "**/api/playground/clock/advance");
    const before = await page.locator("#clock-now").textContent();
    await page.getByRole("button", { name: "+1 hour" }).click();
    await page.locator("#clock-form .form-status", { hasText: "Moving the clock…" }).waitFor();
    expect(await page.getByRole("button", { name: "+1 hour" }).isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Run sweep now" }).isDisabled()).toBe(true);
    await page.getByRole("button", { name: "+1 hour" }).click({ force: true });
    await thenAnswered(page, "POST", "/clock/advance", async () => release());
    await page.locator("#clock-form .form-status", { hasText: "Moved to" }).waitFor();
    page.off("request", onRequest);
    expect(moves).toHaveLength(1);
    expect(await page.locator("#clock-now").textContent()).not.toBe(before);
    expect(await page.getByRole("button", { name: "+1 hour" }).isDisabled()).toBe(false);
  });

  it("shows channel references as #name, like mentions, and leaves snake_case and 2*3*4 in a question as typed", async () => {
    await page.goto(`${h.baseUrl}/`);
    await page.locator("body[data-ready=true]").waitFor();
    await createMember(page, "Rita Admin", "rita-admin");
    await h.core.communities.changeAdmins(operator("web:demo"), { add: ["web:demo:rita-admin"] });
    await h.core.communities.setSetting(operator("web:demo"), "channel", "general");
    await page.getByLabel("Message the bot").fill("/knowhow settings");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await page.locator("#dm-result .message dd").first().waitFor();
    expect(await page.locator("#dm-result .message dd .channel").allTextContents()).toEqual(["#general"]);
    expect(await page.locator("#dm-result").textContent()).not.toContain("<#");

    // A string, not a function: vitest would rewrite the function's dynamic import for Node.
    const html = await page.evaluate(`(async () => {
      const { richText } = await import("/assets/js/message.js");
      const box = document.createElement("div");
      box.append(richText("Post in <#C1|help> or <#general>. Set MY_ENV_VAR, 2*3*4, *bold* and _italic_ \`a_b_c\`", (id) => id));
      return box.innerHTML;
    })()`);
    expect(html).toBe('Post in <span class="channel">#help</span> or <span class="channel">#general</span>. Set MY_ENV_VAR, 2*3*4, <strong>bold</strong> and <em>italic</em> <code>a_b_c</code>');
  });

  it("draws no reply to an ask under the member picked while it was on its way", async () => {
    await createMember(page, "Nina Park", "nina-park");
    // Nina's ask answers after the page moved on to Tom: her suggestions' buttons would be pressed as him.
    // The page reads the member list once the reply is drawn (or dropped).
    await whileSlow(page, "nina-park", "ask", "/members", async () => {
      await page.getByLabel("Your question").fill("Who can help me with copywriting?");
      await page.getByLabel("By DM to the bot (private)").check();
      await page.getByRole("button", { name: "Ask", exact: true }).click();
      await actAs(page, "tom-becker");
    });
    await page.locator("#avail-summary", { hasText: "Tom Becker: " }).waitFor();
    expect(await page.locator("#ask-result").innerHTML()).toBe("");
    // Asked as Nina all the same.
    expect((await h.core.asks.openRequestsFor(memberIdFor("nina-park"))).asked.map((r) => r.question)).toEqual(["Who can help me with copywriting?"]);
  });

  it("draws no reply to a button under the member picked while it was on its way", async () => {
    await actAs(page, "nina-park");
    await page.getByLabel("Your question").fill("Who can help me with copywriting?");
    await page.getByLabel("By DM to the bot (private)").check();
    await page.getByRole("button", { name: "Ask", exact: true }).click();
    await page.locator("#ask-result .message.kind-suggestions").waitFor();
    // A press reads the page again (the clock too) before it shows its reply.
    await whileSlow(page, "nina-park", "actions", "/clock", async () => {
      await page.getByRole("button", { name: "Ask the best ones for me" }).click();
      await actAs(page, "tom-becker");
    });
    expect(await page.locator("#ask-result").innerHTML()).toBe("");
    // Pressed as Nina all the same: Tom has her intro request.
    const offer = page.locator("#inbox .message.kind-offer", { hasText: "@Nina Park asks: “Who can help me with copywriting?”" });
    await offer.waitFor();

    // An inbox item's answer is kept with the item, on the server: Tom finds it when picked again.
    await whileSlow(page, "tom-becker", "actions", "/clock", async () => {
      await offer.getByRole("button", { name: "Not now" }).click();
      await actAs(page, "maya-okafor");
    });
    await actAs(page, "tom-becker");
    await offer.locator(".answered", { hasText: "Not now" }).waitFor();
  });

  it("adds no skills typed as one member to the editor of the member picked while Edit's answer was on its way, nor shows a typed command's reply", async () => {
    await actAs(page, "nina-park");
    await page.getByLabel("Message the bot").fill("I can help with pottery");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    const offer = page.locator("#dm-result .message", { hasText: "pottery" });
    await offer.waitFor();
    await whileSlow(page, "nina-park", "actions", "/clock", async () => {
      await offer.getByRole("button", { name: "Edit" }).click();
      await actAs(page, "tom-becker");
    });
    expect(await page.locator("#skill-rows input").evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(["Etsy SEO", "copywriting"]);
    expect(await page.locator("#skills-form .form-status").textContent()).toBe("");

    await actAs(page, "nina-park");
    await whileSlow(page, "nina-park", "dm", "/clock", async () => {
      await page.getByLabel("Message the bot").fill("/knowhow cap 2");
      await page.getByRole("button", { name: "Send", exact: true }).click();
      await actAs(page, "tom-becker");
    });
    expect(await page.locator("#dm-result").innerHTML()).toBe("");
    expect((await h.store.getMember(memberIdFor("nina-park")))?.availability.weeklyCap).toBe(2);
  });

  it("keeps skills and about typed but not saved when the page is read again after an action, and fills them anew after Save or from another member", async () => {
    await createMember(page, "Ola Berg", "ola-berg");
    await page.getByLabel("Or type several at once").fill("pottery, glazing");
    await page.getByRole("button", { name: "Add these" }).click();
    await page.locator("#skills-line-form .form-status", { hasText: "Added pottery and glazing" }).waitFor();
    await page.getByLabel("Skill 2", { exact: true }).fill("raku glazing");
    await page.getByLabel("About you").fill("Potter in Leeds.");
    // A typed command reads the page again: the availability it changed is shown, the edits stay.
    await page.getByLabel("Message the bot").fill("/knowhow cap 5");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await page.locator("#dm-result .message").waitFor();
    expect(await skillRows(page)).toEqual(["pottery", "raku glazing"]);
    expect(await page.getByLabel("About you").inputValue()).toBe("Potter in Leeds.");
    expect(await page.locator("#cap").inputValue()).toBe("5");

    await page.getByRole("button", { name: "Save skills" }).click();
    await page.locator("#skills-form .form-status.ok").waitFor();
    expect((await h.store.getMember(memberIdFor("ola-berg")))?.skills.map((s) => s.label)).toEqual(["pottery", "raku glazing"]);

    // Edits not saved are dropped with the member: picked again, they show what is stored.
    await page.getByLabel("Skill 1", { exact: true }).fill("clay");
    await actAs(page, "tom-becker");
    await page.locator("#avail-summary", { hasText: "Tom Becker: " }).waitFor();
    expect(await skillRows(page)).toEqual(["Etsy SEO", "copywriting"]);
    await actAs(page, "ola-berg");
    await page.locator("#avail-summary", { hasText: "Ola Berg: " }).waitFor();
    expect(await skillRows(page)).toEqual(["pottery", "raku glazing"]);
    expect(await page.getByLabel("About you").inputValue()).toBe("Potter in Leeds.");
  });

  it("says so when a member's inbox cannot be read, instead of staying at “Loading…”, and reads it when picked again", async () => {
    await actAs(page, "nina-park");
    const failing = "**/api/playground/members/tom-becker/inbox";
    await page.route(failing, (route) => route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "fault", message: "the store is not answering" } }) }), { times: 1 });
    await actAs(page, "tom-becker");
    await page.locator("#inbox", { hasText: "Couldn't read this inbox (the store is not answering)" }).waitFor();
    await actAs(page, "nina-park");
    await actAs(page, "tom-becker");
    await expect.poll(() => page.locator("#inbox").textContent()).not.toMatch(/Couldn't read|Loading…/);
  });

  it("says so next to the inbox when Refresh cannot read the page again, instead of doing nothing", async () => {
    await actAs(page, "tom-becker");
    await page.route("**/api/playground/members", (route) => route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "fault", message: "the store is not answering" } }) }), { times: 1 });
    await page.getByRole("button", { name: "Refresh" }).click();
    const said = page.locator("#inbox-status", { hasText: "Couldn't refresh (the store is not answering)" });
    await said.waitFor();
    // The next refresh that works says nothing more.
    await thenLoaded(page, "/members/tom-becker/inbox", () => page.getByRole("button", { name: "Refresh" }).click());
    expect(await page.locator("#inbox-status").textContent()).toBe("");
  });

  it("shows no member's inbox under the member picked next while theirs is on its way", async () => {
    // Nina knows knitting, and Tom asks about it: Nina has an intro request to answer.
    await actAs(page, "nina-park");
    await askedByTom(page, "knitting");
    await actAs(page, "nina-park");
    const offer = page.locator("#inbox .message.kind-offer", { hasText: "@Tom Becker asks: “Who can help me with knitting?”" });
    await offer.waitFor();
    expect(await page.locator("#inbox-count").isVisible()).toBe(true);

    // Tom's inbox is held back: under “Acting as Tom Becker” the page shows that it is loading, not Nina's messages
    // and her count of requests to answer.
    const release = await hold(page, "**/api/playground/members/tom-becker/inbox");
    await actAs(page, "tom-becker");
    await page.locator("#avail-summary", { hasText: "Tom Becker: " }).waitFor();
    expect(await page.locator("#inbox").innerText()).toBe("Loading…");
    expect(await page.locator("#inbox-count").isVisible()).toBe(false);
    await thenLoaded(page, "/members/tom-becker/inbox", async () => release());
    expect(await offer.count()).toBe(0);

    // Nina finds her request when picked again, and her answer introduces Tom to her.
    await actAs(page, "nina-park");
    await offer.getByRole("button", { name: "I can help" }).click();
    await offer.locator(".answered", { hasText: "I can help" }).waitFor();
    await actAs(page, "tom-becker");
    await page.locator("#inbox .message.kind-intro", { hasText: "@Nina Park" }).waitFor();
  });

  it("drops text typed and not sent as one member (question, message, skills line), and where they would ask, when another member is picked", async () => {
    await actAs(page, "nina-park");
    const inputs = [page.getByLabel("Your question"), page.getByLabel("Message the bot"), page.getByLabel("Or type several at once")];
    for (const input of inputs) await input.fill("typed as Nina");
    // Nina's choice of where she asks is hers too: Tom's next question would go out privately, and nothing posted.
    await page.getByLabel("By DM to the bot (private)").check();
    // Sent as Tom, any of them would speak for him.
    await actAs(page, "tom-becker");
    for (const input of inputs) expect(await input.inputValue()).toBe("");
    expect(await page.getByLabel("In #general (a channel post is possible)").isChecked()).toBe(true);
  });

  it("keeps what is typed in the “add skills” line under the member picked while the previous one's “Add these” was on its way", async () => {
    await actAs(page, "nina-park");
    const release = await hold(page, "**/api/playground/members/nina-park/skills");
    const line = page.getByLabel("Or type several at once");
    await line.fill("spinning");
    await page.getByRole("button", { name: "Add these" }).click();
    await actAs(page, "tom-becker");
    await line.fill("macramé");
    await thenAnswered(page, "POST", "/members/nina-park/skills", async () => release());
    expect(await line.inputValue()).toBe("macramé");
    // Added as Nina all the same.
    expect((await h.store.getMember(memberIdFor("nina-park")))?.skills.map((s) => s.label)).toContain("spinning");
    await line.fill("");
  });

  it("keeps what is typed in the message box under the member picked while the previous one's message was on its way", async () => {
    await actAs(page, "nina-park");
    const release = await hold(page, "**/api/playground/members/nina-park/dm");
    const box = page.getByLabel("Message the bot");
    await box.fill("/knowhow cap 3");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await actAs(page, "tom-becker");
    await box.fill("/knowhow cap 4");
    await thenAnswered(page, "POST", "/members/nina-park/dm", async () => release());
    expect(await box.inputValue()).toBe("/knowhow cap 4");
    expect((await h.store.getMember(memberIdFor("nina-park")))?.availability.weeklyCap).toBe(3);
    await box.fill("");
  });

  it("saves no profile form while the member just picked has not been drawn yet (it still holds the previous one's)", async () => {
    await actAs(page, "nina-park");
    await page.locator("#avail-summary", { hasText: "Nina Park: " }).waitFor();
    const release = await hold(page, "**/api/playground/members/tom-becker");
    const writes: string[] = [];
    const onRequest = (r: { method: () => string; url: () => string }): void => {
      if (r.method() !== "GET" && /\/members\/tom-becker\/(?:skills|availability)$/.test(r.url())) writes.push(r.url());
    };
    page.on("request", onRequest);
    await page.locator("#actor").selectOption("tom-becker");
    for (const [form, button] of [["#skills-form", "Save skills"], ["#avail-form", "Save availability"]] as const) {
      await page.getByRole("button", { name: button }).click();
      await page.locator(`${form} .form-status`, { hasText: "still loading" }).waitFor();
    }
    release();
    await page.locator("#avail-summary", { hasText: "Tom Becker: " }).waitFor();
    page.off("request", onRequest);
    expect(writes).toEqual([]);
  });

  it("shows no form's message or error, sent as one member, under the member picked while its answer was on its way", async () => {
    // Each would pass for Tom's: “Your skills: …”, a timezone refused next to his field, “Paused.”, a question refused.
    const sent = ["skills", "availability", "ask"];
    for (const path of sent) await page.route(`**/api/playground/members/nina-park/${path}`, slow);
    const asNinaThenTom = async (method: string, path: string, act: () => Promise<void>): Promise<void> => {
      await actAs(page, "nina-park");
      await page.locator("#avail-summary", { hasText: "Nina Park: " }).waitFor();
      await thenAnswered(page, method, `/members/nina-park/${path}`, async () => {
        await act();
        await actAs(page, "tom-becker");
      });
      expect(await page.locator("main .field-error").count()).toBe(0);
      expect(await page.locator("main [aria-invalid]").count()).toBe(0);
      expect((await page.locator("main .form-status").allTextContents()).filter(Boolean)).toEqual([]);
    };
    await asNinaThenTom("POST", "skills", async () => {
      await page.getByLabel("Or type several at once").fill("crochet");
      await page.getByRole("button", { name: "Add these" }).click();
    });
    await asNinaThenTom("PUT", "availability", async () => {
      await page.getByLabel("Timezone").fill("Mars/Olympus");
      await page.getByRole("button", { name: "Save availability" }).click();
    });
    await asNinaThenTom("PUT", "availability", () => page.getByRole("button", { name: "Pause", exact: true }).click());
    await asNinaThenTom("POST", "ask", async () => {
      await page.getByLabel("Your question").fill("?!");
      await page.getByRole("button", { name: "Ask", exact: true }).click();
    });
    for (const path of sent) await page.unroute(`**/api/playground/members/nina-park/${path}`, slow);
    // Sent as Nina all the same.
    const nina = await h.store.getMember(memberIdFor("nina-park"));
    expect(nina?.skills.map((s) => s.label)).toContain("crochet");
    expect(nina?.availability.pausedUntil).toBeTruthy();
  });

  it("resumes a paused member with “Resume now”, and says so next to it when the server refuses", async () => {
    await actAs(page, "nina-park");
    await page.locator("#avail-summary", { hasText: "paused until" }).waitFor();
    await page.route("**/api/playground/members/nina-park/availability", (route) => route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "fault", message: "the store is not answering" } }) }), { times: 1 });
    await page.getByRole("button", { name: "Resume now" }).click();
    await page.locator("#pause-form .form-status", { hasText: "the store is not answering" }).waitFor();
    expect((await h.store.getMember(memberIdFor("nina-park")))?.availability.pausedUntil).toBeTruthy();

    await page.getByRole("button", { name: "Resume now" }).click();
    await page.locator("#pause-form .form-status", { hasText: "You're available again." }).waitFor();
    expect(await page.locator("#avail-summary").textContent()).not.toContain("paused");
    expect((await h.store.getMember(memberIdFor("nina-park")))?.availability.pausedUntil ?? null).toBeNull();
  });

  it("keeps the keyboard's place on an inbox item it answered, and announces new messages instead of reading the whole inbox again", async () => {
    await createMember(page, "Kai Moss", "kai-moss");
    await askedByTom(page, "bookbinding");
    await actAs(page, "kai-moss");
    const offer = page.locator("#inbox .message.kind-offer", { hasText: "bookbinding" });
    await offer.waitFor();
    // Redrawn after every action, the inbox and the channel are no live regions: each redraw would be read out whole.
    expect(await page.locator("#inbox").getAttribute("aria-live")).toBeNull();
    expect(await page.locator("#channel").getAttribute("aria-live")).toBeNull();
    expect(await page.locator("#inbox-news").textContent()).toBe("");

    // Answered from the keyboard, the item is drawn anew: the focus goes to it, not back to the top of the page.
    const item = await offer.getAttribute("data-item");
    await offer.getByRole("button", { name: "I can help" }).focus();
    await page.keyboard.press("Enter");
    await offer.locator(".answered", { hasText: "I can help" }).waitFor();
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.item)).toBe(item);
    // The introduction that came with it is announced, once.
    expect(await page.locator("#inbox-news").textContent()).toBe("1 new message in the inbox: Introduction.");
    await thenLoaded(page, "/members/kai-moss/inbox", () => page.getByRole("button", { name: "Refresh" }).click());
    expect(await page.locator("#inbox-news").textContent()).toBe("");
  });

  it("leaves the availability line (a live region) alone when a refresh finds it unchanged, so it is not read out again", async () => {
    await actAs(page, "kai-moss");
    const text = await page.locator("#avail-summary").evaluate((e) => { (e.firstChild as Text & { mark?: boolean }).mark = true; return e.textContent; });
    await thenLoaded(page, "/members/kai-moss", () => page.getByRole("button", { name: "Refresh" }).click());
    expect(await page.locator("#avail-summary").evaluate((e) => [e.textContent, (e.firstChild as Text & { mark?: boolean }).mark === true])).toEqual([text, true]);
  });

  it("names a skill row's Remove button after what the row says now, not what it said when drawn", async () => {
    await actAs(page, "kai-moss");
    await page.getByLabel("Skill 1", { exact: true }).fill("hand bookbinding");
    expect(await page.getByRole("button", { name: "Remove skill 1 (hand bookbinding)" }).count()).toBe(1);
    await page.getByRole("button", { name: "Add a skill" }).click();
    await page.getByLabel("Skill 2", { exact: true }).fill("marbling");
    expect(await page.getByRole("button", { name: "Remove skill 2 (marbling)" }).count()).toBe(1);
    await page.getByRole("button", { name: "Remove skill 2 (marbling)" }).click();
    await page.getByLabel("Skill 1", { exact: true }).fill("bookbinding");
  });

  it("brings what changed elsewhere into a part edited but not saved, keeps the edits, and says what it brought in and what it kept", async () => {
    await createMember(page, "Pia Holm", "pia-holm");
    await page.getByLabel("Or type several at once").fill("weaving, spinning");
    await page.getByRole("button", { name: "Add these" }).click();
    await page.locator("#skills-line-form .form-status", { hasText: "weaving" }).waitFor();
    const stored = { quietStart: await page.locator("#quiet-start").inputValue() };
    await page.getByLabel("Skill 1", { exact: true }).fill("hand weaving");
    await page.locator("#quiet-start").fill("20");
    // The notice is said in a live region that is there, empty, before it: one added with its text is not read out.
    const skillsRegion = await page.locator("#skills-form .changed-region[role=status]").elementHandle();
    expect(await skillsRegion?.textContent()).toBe("");

    // A typed command adds a skill: it joins the edited rows, which stay, and the page says so.
    await page.getByLabel("Message the bot").fill("/skills add dyeing");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await page.locator("#dm-result .message", { hasText: "dyeing" }).waitFor();
    await expect.poll(() => skillRows(page)).toEqual(["hand weaving", "spinning", "dyeing"]);
    const skillsNotice = page.locator("#skills-form .changed");
    expect(await skillsNotice.textContent()).toContain("Your skills changed since you started editing. Brought in here, next to your edits (not saved yet): added dyeing.");
    expect(await skillsRegion?.evaluate((e) => e.isConnected && e.textContent?.includes("added dyeing"))).toBe(true);
    // One removed elsewhere goes from the rows, as it was not edited here; the notice adds it.
    await page.getByLabel("Message the bot").fill("/skills remove spinning");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect.poll(() => skillRows(page)).toEqual(["hand weaving", "dyeing"]);
    await expect.poll(() => skillsNotice.textContent()).toContain("added dyeing; removed spinning.");
    // “Add these” too adds below the edits instead of wiping them.
    await page.getByLabel("Or type several at once").fill("felting (expert)");
    await page.getByRole("button", { name: "Add these" }).click();
    await page.locator("#skills-line-form .form-status", { hasText: "felting" }).waitFor();
    expect(await skillRows(page)).toEqual(["hand weaving", "dyeing", "felting"]);
    expect(await skillsNotice.textContent()).toContain("added dyeing; removed spinning; added felting (expert).");
    // The availability edited is kept, with nothing to say: it did not change.
    expect(await page.locator("#quiet-start").inputValue()).toBe("20");
    expect(await page.locator("#avail-form .changed").count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, "playground-changed-elsewhere.png"), fullPage: true });
    // Saved, the edits and what was brought in are stored together.
    await page.getByRole("button", { name: "Save skills" }).click();
    await page.locator("#skills-form .form-status.ok").waitFor();
    expect((await h.store.getMember(memberIdFor("pia-holm")))?.skills.map((s) => s.label)).toEqual(["hand weaving", "dyeing", "felting"]);
    expect(await skillsNotice.count()).toBe(0);

    // Availability, field by field: the cap set by command shows, the quiet hours typed stay.
    await page.getByLabel("Message the bot").fill("/knowhow cap 4");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    const availNotice = page.locator("#avail-form .changed");
    await availNotice.waitFor();
    expect(await page.locator("#cap").inputValue()).toBe("4");
    expect(await page.locator("#quiet-start").inputValue()).toBe("20");
    expect(await availNotice.textContent()).toContain("Brought in here, next to your edits (not saved yet): most intro requests per week: 4.");
    // A field edited here and changed elsewhere keeps what was typed, and the notice says saving would replace it.
    await page.locator("#cap").fill("6");
    await page.getByLabel("Message the bot").fill("/knowhow cap 2");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect.poll(() => availNotice.textContent()).toContain("Changed here too, so kept as you typed it (saving replaces what is stored): most intro requests per week.");
    expect(await page.locator("#cap").inputValue()).toBe("6");
    await availNotice.getByRole("button", { name: "Reload availability" }).click();
    await expect.poll(() => page.locator("#cap").inputValue()).toBe("2");
    expect(await page.locator("#quiet-start").inputValue()).toBe(stored.quietStart);
    expect(await availNotice.count()).toBe(0);
  });

  it("shows an inbox item the playground settled for the member as closed, not as their answer", async () => {
    const texts = await page.evaluate(`(async () => {
      const { messageCard } = await import("/assets/js/message.js");
      const msg = { kind: "nudge", text: "Still accurate?", actions: [{ type: "nudge.confirm", label: "Still accurate", value: "x" }] };
      const at = new Date().toISOString();
      return [
        messageCard(msg, { nameOf: (id) => id, answered: { actionType: "nudge.confirm", label: "Replaced by a newer reminder", reply: null, at, settled: true } }),
        messageCard(msg, { nameOf: (id) => id, answered: { actionType: "nudge.confirm", label: "Still accurate", reply: null, at } }),
      ].map((card) => card.querySelector(".answered p").textContent);
    })()`);
    expect(texts).toEqual(["Closed: Replaced by a newer reminder", "You answered: Still accurate"]);
  });

  it("shows the buttons an answer came with (“Post to a channel” after “Not really”), pressed as a new action", async () => {
    const pressed = await page.evaluate(`(async () => {
      const { messageCard } = await import("/assets/js/message.js");
      const msg = { kind: "followup", text: "Did you get help?", actions: [{ type: "followup.no", label: "Not really", value: "r1" }] };
      const reply = { kind: "followup", text: "Sorry it didn't work out. Want me to post the question to a channel?", actions: [{ type: "ask.post_channel", label: "Post to a channel", value: "r1" }] };
      const seen = [];
      const card = messageCard(msg, { nameOf: (id) => id, answered: { actionType: "followup.no", label: "Not really", reply, at: new Date().toISOString() }, onAction: (a) => seen.push("item:" + a.type), onReplyAction: (a) => seen.push("new:" + a.type) });
      card.querySelector(".answered button").click();
      return seen;
    })()`);
    expect(pressed).toEqual(["new:ask.post_channel"]);
  });

  it("renders the dashboard's charts and the signals behind a question's candidates", async () => {
    await page.goto(`${h.baseUrl}/admin`);
    await page.locator("body[data-ready=true]").waitFor();
    await page.locator("#skill-map[data-drawn=true]").waitFor();
    expect(await paintedPixels(page, "#skill-map")).toBeGreaterThan(500);
    expect(await page.locator("#skill-table").textContent()).toContain("magazine query letters");
    await page.getByRole("button", { name: "Show ranking" }).click();
    await page.locator("#candidates .signals li", { hasText: "declared magazine query letters (expert)" }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "dashboard.png"), fullPage: true });
  });

  it("shows no ranking of one community's question under another community picked on the dashboard", async () => {
    await h.core.skills.add({ memberId: "slack:T1:U1", communityId: "slack:T1", displayName: "Elsewhere" }, "bookkeeping (expert)");
    await h.core.asks.ask({ memberId: "slack:T1:U2", communityId: "slack:T1", displayName: "Asker" }, "Who knows bookkeeping here?", { surface: "command", channelId: "C1", threadId: null, isPrivate: false });
    await page.goto(`${h.baseUrl}/admin`);
    await page.locator("body[data-ready=true]").waitFor();
    const question = page.getByLabel("Question", { exact: true });
    const magazine = await question.locator("option", { hasText: "magazine query letters" }).first().getAttribute("value");
    await question.selectOption(magazine ?? "");
    await page.getByRole("button", { name: "Show ranking" }).click();
    await page.locator("#candidates", { hasText: "Maya Okafor" }).waitFor();
    // Shown again for the same community, a question still listed keeps its pick and its ranking.
    await thenDashboard(page, () => page.getByRole("button", { name: "Show", exact: true }).click());
    expect(await question.inputValue()).toBe(magazine);
    expect(await page.locator("#candidates").textContent()).toContain("Maya Okafor");

    await page.locator("#community").selectOption("slack:T1");
    await thenDashboard(page, () => page.getByRole("button", { name: "Show", exact: true }).click());
    expect(await page.locator("#as-of").textContent()).toContain("slack:T1");
    expect(await page.locator("#candidates").textContent()).not.toContain("Maya Okafor");
  });

  it("fits a phone-width screen without horizontal scrolling", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${h.baseUrl}/`);
    await page.locator("body[data-ready=true]").waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(ARTIFACTS, "playground-phone.png"), fullPage: true });
  });

  it("shows `code` in a server's message as code, not backticks, and never as markup", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${h.baseUrl}/`);
    await page.locator("body[data-ready=true]").waitFor();
    await actAs(page, "sam-lee");
    await page.getByLabel("Or type several at once").fill("");
    await page.getByRole("button", { name: "Add these" }).click();
    const error = page.locator('#skills-line-form [data-field="skills"] .field-error');
    await error.waitFor();
    expect(await error.textContent()).toBe("Please list at least one skill, e.g. SEO, copywriting (expert), learning react.");
    expect(await error.locator("code").textContent()).toBe("SEO, copywriting (expert), learning react");
    // A message's text is never parsed as HTML: markup inside backticks stays text.
    await page.route("**/api/playground/members/sam-lee/skills", (route) => route.fulfill({ status: 400, contentType: "application/json", body: JSON.stringify({ error: { code: "invalid_input", message: "Try `<img src=x onerror=alert(1)>` now", field: null } }) }), { times: 1 });
    await page.getByLabel("Or type several at once").fill("knitting");
    await page.getByRole("button", { name: "Add these" }).click();
    const status = page.locator("#skills-line-form .form-status code");
    await status.waitFor();
    expect(await status.textContent()).toBe("<img src=x onerror=alert(1)>");
    expect(await page.locator("#skills-line-form img").count()).toBe(0);
  });

  it("says the question was asked when only reading the member list again fails after it, and shows the reply", async () => {
    await actAs(page, "sam-lee");
    await page.route("**/api/playground/members", (route) => route.request().method() === "GET"
      ? route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "The store is busy.", field: null } }) })
      : route.continue(), { times: 1 });
    await page.getByLabel("Your question").fill("Who can help me with copywriting?");
    await page.getByRole("button", { name: "Ask", exact: true }).click();
    await page.locator("#ask-result .message.kind-suggestions").waitFor();
    await page.locator("#ask-form .form-status", { hasText: "Asked. The member list couldn't be read again (The store is busy.): press Refresh to see it." }).waitFor();
    expect(await page.locator("#ask-form .field-error").count()).toBe(0);
  });

  it("after a message or a button that went through, a page that cannot be read again is said as that: the reply shows and the button stays pressed", async () => {
    await actAs(page, "sam-lee");
    const busy = (route: Route) => route.request().method() === "GET"
      ? route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "The store is busy.", field: null } }) })
      : route.continue();
    await page.route("**/api/playground/members", busy, { times: 1 });
    await page.getByLabel("Message the bot").fill("/knowhow status");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await page.locator("#dm-result", { hasText: "Your availability" }).waitFor();
    await page.locator("#dm-form .form-status", { hasText: "Sent. The page couldn't be read again (The store is busy.): press Refresh to see the rest." }).waitFor();

    await page.getByLabel("Your question").fill("Who can help me with Etsy SEO?");
    await page.getByRole("button", { name: "Ask", exact: true }).click();
    const best = page.getByRole("button", { name: "Ask the best ones for me" });
    await best.waitFor();
    await page.route("**/api/playground/members", busy, { times: 1 });
    await best.click();
    await page.locator("#ask-result", { hasText: "The page couldn't be read again (The store is busy.): press Refresh to see the rest." }).waitFor();
    await page.locator("#ask-result", { hasText: "I've asked" }).waitFor();
    // Done once: not offered again as if it had failed.
    expect(await best.isDisabled()).toBe(true);
  });

  it("a clock move or a new member that went through is said as done when only reading the page again fails after it", async () => {
    const busy = (route: Route) => route.request().method() === "GET"
      ? route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "The store is busy.", field: null } }) })
      : route.continue();
    await page.route("**/api/playground/members", busy, { times: 1 });
    await page.getByRole("button", { name: "+1 hour" }).click();
    await expect.poll(() => page.locator("#clock-form .form-status").textContent(), { timeout: 5000 }).toMatch(/^Moved to .*The page couldn't be read again \(The store is busy\.\): press Refresh to see the rest\.$/);

    // The member list read right after the POST that creates the member fails (not a read still on its way from before).
    let created = false;
    let failed = false;
    const afterCreate = (route: Route) => {
      if (route.request().method() === "POST") created = true;
      else if (created && !failed) {
        failed = true;
        return busy(route);
      }
      return route.continue();
    };
    await page.route("**/api/playground/members", afterCreate);
    await page.getByLabel("New member's name").fill("Noor Haddad");
    await page.getByRole("button", { name: "Create member" }).click();
    await expect.poll(() => page.locator("#new-member .form-status").textContent(), { timeout: 10_000 }).toBe("Created Noor Haddad; you are now acting as them. The page couldn't be read again (The store is busy.): press Refresh to see the rest.");
    await page.unroute("**/api/playground/members", afterCreate);
    expect(await page.getByLabel("New member's name").inputValue()).toBe("");
  });

  it("with no member left, says there is no member to act as instead of acting as one called “null”", async () => {
    const none = (route: Route) => route.request().method() === "GET" ? route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ members: [] }) }) : route.continue();
    await page.route("**/api/playground/members", none);
    try {
      await page.goto(`${h.baseUrl}/`);
      await page.locator("body[data-ready=true]").waitFor();
      const sent: string[] = [];
      page.on("request", (r) => { if (r.url().includes("/members/null")) sent.push(r.url()); });
      await page.getByLabel("Your question").fill("Who can help me with copywriting?");
      await page.getByRole("button", { name: "Ask", exact: true }).click();
      await page.locator("#ask-form .form-status", { hasText: "There is no member to act as: create one under “New member's name” first." }).waitFor();
      await page.getByLabel("Message the bot").fill("hello");
      await page.getByRole("button", { name: "Send", exact: true }).click();
      await page.locator("#dm-form .form-status", { hasText: "There is no member to act as" }).waitFor();
      expect(sent).toEqual([]);
    } finally {
      await page.unroute("**/api/playground/members", none);
    }
  });
});
