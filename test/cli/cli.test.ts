import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { csvDelimiter } from "../../src/cli/import-file.js";
import { run } from "../../src/cli/program.js";
import { createCore } from "../../src/core/index.js";
import { OverlapMatcher } from "../../src/core/matching/overlap-matcher.js";
import { ManualClock } from "../../src/core/ports/clock.port.js";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { openStore } from "../../src/store/open.js";
import { RecordingMessenger } from "../support/recording-messenger.js";

const ONSTARTUPS = join(import.meta.dirname, "../../../shared/bench/expert-finding/onstartups/members.json");

describe("knowhow CLI on the embedded store", () => {
  let dir: string;
  let out: string[];
  const saved = { ...process.env };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "knowhow-cli-"));
    process.env = { ...saved, DATA_DIR: join(dir, "data"), LOG_LEVEL: "silent" };
    delete process.env.MONGODB_URI;
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  async function cli(...args: string[]): Promise<{ code: number; out: string }> {
    out = [];
    const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
    const err = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
    try {
      const code = await run(args);
      return { code, out: out.join("\n") };
    } finally {
      log.mockRestore();
      err.mockRestore();
      process.exitCode = 0;
    }
  }

  it("imports a JSON file, reports rejected rows with reasons, and is idempotent", async () => {
    const file = join(dir, "members.json");
    writeFileSync(file, JSON.stringify([
      { id: "ana", name: "Ana", skills: ["magazine writing", "query letters"], about: "Freelance writer." },
      { id: "ben", name: "Ben", skills: ["bookkeeping", "VAT"], extra: "ignored" },
      { id: "bad id!", name: "X", skills: [] },
      { id: "cy", name: "Cy", skills: ["x".repeat(80)] },
      { id: "ana", name: "Ana again", skills: [] },
    ], null, 0).replace(/},{/g, "},\n{"));
    const first = await cli("import", file, "--community", "demo");
    // The good rows are imported, the bad ones listed, and the exit code says the file was not clean.
    expect(first.code).toBe(1);
    expect(first.out).toMatch(/Imported 2 members into web:demo \(2 new, 0 updated, 0 unchanged\); rejected 3 rows, not imported:/);
    expect(first.out).toMatch(/Fix those rows and re-run the import: re-running is safe\. See “Importing members”/);
    expect(first.out).toMatch(/\(bad id!\): id must be/);
    expect(first.out).toMatch(/\(cy\): .*too long/);
    expect(first.out).toMatch(/\(ana\): duplicate id/);
    const again = await cli("import", file, "--community", "demo");
    expect(again.out).toMatch(/Imported 2 members into web:demo \(0 new, 0 updated, 2 unchanged\); rejected 3/);
    const members = await cli("members", "--community", "demo");
    expect(members.out).toMatch(/\(2 of 2 members\)/);
  });

  it("a re-import updates members as the file says, but leaves alone those who edited their profile since", async () => {
    const file = join(dir, "reimport.json");
    const write = (rows: object[]) => writeFileSync(file, JSON.stringify(rows));
    write([{ id: "hal", name: "Hal", skills: ["pottery"] }, { id: "ivy", name: "Ivy", skills: ["SEO"] }, { id: "jo", name: "Jo", skills: ["VAT"] }, { id: "lu", name: "Lu", skills: ["pottery"] }]);
    await cli("import", file, "--community", "reimport");
    const store = await openStore({ kind: "sqlite", file: join(dir, "data", "knowhow.sqlite") }, silentLogger);
    const before = (await store.getMember("web:reimport:hal"))!.skills[0]!;
    // Ivy edits her own skills in the platform; Jo confirms his are still accurate.
    const core = createCore({ store, matcher: new OverlapMatcher(store), messenger: new RecordingMessenger(), clock: new ManualClock("2026-03-03T10:00:00Z"), logger: silentLogger });
    await core.skills.remove({ memberId: "web:reimport:ivy", communityId: "web:reimport" }, "SEO");
    await core.skills.add({ memberId: "web:reimport:ivy", communityId: "web:reimport" }, "copywriting");
    await core.skills.confirmAll({ memberId: "web:reimport:jo", communityId: "web:reimport" });
    // Lu removes every skill the import gave her: nothing of hers says "declared" any more.
    await core.skills.remove({ memberId: "web:reimport:lu", communityId: "web:reimport" }, "pottery");
    await store.close();

    write([{ id: "hal", name: "Hal Jordan", skills: ["pottery", "glazing"] }, { id: "ivy", name: "Ivy", skills: ["SEO", "PPC"] }, { id: "jo", name: "Jo", skills: ["bookkeeping"] }, { id: "kim", name: "Kim", skills: ["knitting"] }, { id: "lu", name: "Lu", skills: ["pottery"] }]);
    const r = await cli("import", file, "--community", "reimport");
    expect(r.out).toMatch(/Imported 2 members into web:reimport \(1 new, 1 updated, 0 unchanged\); left 3 as their members edited them \(a member's own word wins over the file\); rejected 0\./);
    const after = await openStore({ kind: "sqlite", file: join(dir, "data", "knowhow.sqlite") }, silentLogger);
    const hal = (await after.getMember("web:reimport:hal"))!;
    expect(hal.skills.map((s) => `${s.label}:${s.source}`)).toEqual(["pottery:imported", "glazing:imported"]);
    expect(hal.displayName).toBe("Hal Jordan"); // a name corrected in the file is taken
    // An import is no confirmation by the member: the skill the file repeats keeps its dates.
    expect(hal.skills[0]!.confirmedAt).toEqual(before.confirmedAt);
    expect((await after.getMember("web:reimport:ivy"))!.skills.map((s) => s.label)).toEqual(["copywriting"]);
    expect((await after.getMember("web:reimport:jo"))!.skills.map((s) => s.label)).toEqual(["VAT"]);
    expect((await after.getMember("web:reimport:lu"))!.skills).toEqual([]);
    await after.close();
  });

  it("names what is wrong with a row that has no id or is not valid JSON, and imports the rest", async () => {
    const file = join(dir, "lines.json");
    writeFileSync(file, '{"id":"fay","name":"Fay","skills":["pottery"]}\n{"name":"No Id","skills":["SEO"]}\n{"id":"gus", oops}\n');
    const r = await cli("import", file, "--community", "linestest");
    expect(r.out).toMatch(/Imported 1 member into web:linestest \(1 new, 0 updated, 0 unchanged\); rejected 2/);
    expect(r.out).toMatch(/line 2: id is missing/);
    expect(r.out).toMatch(/line 3: not valid JSON/);
    // A field of the wrong type is named, with what it should be, in words (not zod's “Invalid input”).
    const typed = join(dir, "typed.json");
    writeFileSync(typed, '{"id":"hil","skills":5}\n{"id":"ida","name":7,"skills":["SEO"]}\n{"id":"jan","skills":["SEO", 3]}\n');
    const t = await cli("import", typed, "--community", "linestest");
    expect(t.out).toMatch(/line 1 \(hil\): skills must be a list or text, not a number$/m);
    expect(t.out).toMatch(/line 2 \(ida\): name must be text, not a number$/m);
    expect(t.out).toMatch(/line 3 \(jan\): skills\.1 must be text$/m);
    const members = await cli("members", "--community", "linestest");
    expect(members.out).toMatch(/\(1 of 1 member/);
  });

  it("imports CSV saved with semicolons or tabs (a spreadsheet in a European locale), told by the header line", async () => {
    const semi = join(dir, "semicolons.csv");
    writeFileSync(semi, "id;name;skills;about\r\nkim;Kim;SEO, copywriting (expert);Marketer, part time\r\nlou;Lou;\"knitting; crochet\";\r\n");
    const r = await cli("import", semi, "--community", "semitest");
    expect(r.out).toMatch(/Imported 2 members into web:semitest \(2 new, 0 updated, 0 unchanged\); rejected 0\./);
    const tabs = join(dir, "tabs.tsv");
    writeFileSync(tabs, "name\tid\tskills\nMo\tmo\tbaking, welding\n");
    expect((await cli("import", tabs, "--community", "semitest")).out).toMatch(/Imported 1 member into web:semitest \(1 new/);
    const members = (await cli("members", "--community", "semitest")).out;
    expect(members).toMatch(/^web:semitest:kim\tKim\tcopywriting \(expert\), SEO$/m);
    expect(members).toMatch(/^web:semitest:lou\tLou\tcrochet, knitting$/m);
    expect(members).toMatch(/^web:semitest:mo\tMo\tbaking, welding$/m);
    expect(csvDelimiter('"a;b",c\n')).toBe(",");
  });

  it("imports CSV with typed skill lines", async () => {
    const file = join(dir, "members.csv");
    writeFileSync(file, "id,name,skills,about\ndee,Dee,\"SEO; copywriting (expert)\",Marketer\neve,Eve,\"knitting (lvl)\",\n");
    const r = await cli("import", file, "--community", "csvtest");
    expect(r.out).toMatch(/Imported 1 member into web:csvtest \(1 new, 0 updated, 0 unchanged\); rejected 1/);
    expect(r.out).toMatch(/line 3 \(eve\): I don't know the level “lvl”/);
    const skills = await cli("skills", "--community", "csvtest");
    expect(skills.out).toMatch(/copywriting\texpert 1/);
  });

  it("refuses a file it cannot read as a whole with one line naming the file, the line, what is wrong and the format", async () => {
    const cases: Array<[string, string | Buffer, RegExp]> = [
      ["unclosed.csv", 'id,name,skills\nann,Ann,"SEO, copywriting\nbob,Bob,knitting\n', /unclosed\.csv, line 2: a field opens a double quote that is never closed/],
      ["stray.csv", 'id,name,skills\nann,Ann,"SEO" x\n', /stray\.csv, line 2: a quoted field goes on after its closing quote/],
      ["noheader.csv", "ann,Ann,SEO\nbob,Bob,knitting\n", /noheader\.csv, line 1: the first line must be a header naming the columns id \(required\), name, skills and about, in any order, separated by commas, semicolons or tabs; it names “ann”, “Ann”, “SEO”\./],
      ["headeronly.csv", "id,name,skills\n", /headeronly\.csv: it has a header but no members/],
      ["empty.csv", "\n  \n", /empty\.csv: the file is empty/],
      ["binary.csv", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0]), /binary\.csv: it is a binary file/],
      ["latin1.csv", Buffer.from("id,name\nzoe,Zo\xe9\n", "latin1"), /latin1\.csv, line 2: it is not UTF-8 text/],
      ["object.json", '{"members":[{"id":"a"}]}', /object\.json: it is an object with the fields members, not a list of members/],
      ["number.json", "42", /number\.json: it is a single number, not a list of members/],
      ["empty.json", "[]", /empty\.json: the list is empty/],
      ["broken.json", '[\n  {\n    "id": "a",\n    "name": oops\n  }\n]', /broken\.json: it is not valid JSON \(Unexpected token 'o'\)\./],
      ["missing.csv", null as unknown as string, /missing\.csv: there is no such file/],
    ];
    for (const [name, content, message] of cases) {
      const file = join(dir, name);
      if (content !== null) writeFileSync(file, content);
      const r = await cli("import", file, "--community", "badfiles");
      expect(r.code, name).toBe(1);
      expect(r.out.split("\n"), name).toHaveLength(1);
      expect(r.out, name).toMatch(message);
      expect(r.out, name).toMatch(/^Cannot import .*Nothing was imported\. See “Importing members” in the README/);
    }
    // A refused file creates no community either.
    expect(await cli("members", "--community", "badfiles")).toEqual({ code: 1, out: "There is no community web:badfiles in this store." });
  });

  it("imports the good rows of a CSV whose other rows are bad, says which were left out, and exits non-zero", async () => {
    const file = join(dir, "mixed.csv");
    // A byte-order mark (spreadsheets write one), a row with an unquoted comma in its skills, a blank name, a quote in a name.
    writeFileSync(file, '\ufeffID,Name,Skills,About\nhal,Hal,SEO, copywriting,Marketer\nivy,,knitting,\njo,Jo "JJ" Lee,pottery\n');
    const r = await cli("import", file, "--community", "mixedcsv");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Imported 2 members into web:mixedcsv \(2 new, 0 updated, 0 unchanged\); rejected 1 row, not imported:\n {2}line 2 \(hal\): 5 fields but the header names 4 \(put a field with commas in double quotes, or separate skills with ;\)\nFix that row/);
    const members = await cli("members", "--community", "mixedcsv");
    expect(members.out).toMatch(/web:mixedcsv:ivy\tivy\tknitting/);
    expect(members.out).toMatch(/web:mixedcsv:jo\tJo "JJ" Lee\tpottery/);
  });

  it("imports the shared onstartups members as is and ranks members for a question with reasons", async () => {
    const imp = await cli("import", ONSTARTUPS, "--community", "startups");
    expect(imp.out).toMatch(/Imported 1464 members into web:startups \(1464 new, 0 updated, 0 unchanged\); rejected 0/);
    const ask = await cli("ask", "how should I split equity with my co-founder?", "--community", "startups");
    expect(ask.code).toBe(0);
    expect(ask.out).toMatch(/^1\. .+ \(web:startups:m\d+\) — score/m);
    expect(ask.out).toMatch(/declared \*(equity|co-founder)\*/);
  });

  it("says when nobody fits, and exports / forgets one member", async () => {
    const none = await cli("ask", "who can repair a cello bridge?", "--community", "demo");
    expect(none.out).toMatch(/Nobody here fits/);
    const exp = await cli("export", "web:demo:ana");
    expect(JSON.parse(exp.out).member.displayName).toBe("Ana");
    // An operator's export changes nothing about the member (it is not their activity): one who left stays gone.
    const store = await openStore({ kind: "sqlite", file: join(dir, "data", "knowhow.sqlite") }, silentLogger);
    const ana = (await store.getMember("web:demo:ana"))!;
    await store.replaceMember({ ...ana, departed: true }, new Date());
    expect(JSON.parse((await cli("export", "web:demo:ana")).out).member.departed).toBe(true);
    expect((await store.getMember("web:demo:ana"))?.departed).toBe(true);
    await store.updateCommunity("web:demo", { adminIds: ["web:demo:ana"] }, new Date());
    await store.close();
    expect((await cli("forget", "web:demo:ana")).code).toBe(1);
    const f = await cli("forget", "web:demo:ana", "--yes");
    // The operator reads what was deleted, not the member's "I've deleted everything I stored about you".
    expect(f).toEqual({ code: 0, out: "Deleted web:demo:ana and everything that named them: 0 questions they asked, 0 intro requests they were sent and their place among the community's admins." });
    expect((await cli("admins", "--community", "demo")).out).not.toContain("web:demo:ana");
    expect((await cli("export", "web:demo:ana")).out).toMatch(/No member web:demo:ana/);
  });

  it("a community typed wrong is named as missing, not read as an empty one; an import that creates one says so", async () => {
    const file = join(dir, "typo.json");
    writeFileSync(file, JSON.stringify([{ id: "ola", name: "Ola", skills: ["SEO"] }]));
    const first = await cli("import", file, "--community", "typotest");
    expect(first.out.split("\n")[0]).toBe("Created community web:typotest.");
    expect((await cli("import", file, "--community", "typotest")).out).not.toMatch(/Created community/);
    const missing = { code: 1, out: "There is no community web:typotestt in this store." };
    expect(await cli("members", "--community", "typotestt")).toEqual(missing);
    expect(await cli("skills", "--community", "typotestt")).toEqual(missing);
    expect(await cli("ask", "who knows SEO?", "--community", "typotestt")).toEqual(missing);
    expect(await cli("export", "ola", "--community", "typotestt")).toEqual(missing);
    expect(await cli("forget", "ola", "--community", "typotestt", "--yes")).toEqual(missing);
    // The community is right, the member is not: said so.
    expect(await cli("export", "olaf", "--community", "typotest")).toEqual({ code: 1, out: "No member web:typotest:olaf." });
    expect((await cli("members", "--community", "typotest")).out).toMatch(/\(1 of 1 members\)$/);
  });

  it("checks numeric options instead of reading nonsense as a default", async () => {
    for (const bad of ["-3", "0", "1e9", "abc"]) {
      const r = await cli("ask", "who can help with seo?", "--community", "demo", "-n", bad);
      expect(r.code, bad).not.toBe(0);
      expect(r.out, bad).toMatch(/--limit must be a whole number from 1 to 50/);
    }
    expect((await cli("members", "--community", "demo", "--limit", "-5")).out).toMatch(/--limit must be a whole number from 1 to 1000/);
  });

  it("shows and changes a community's settings with the chat's validation; errors are one line and exit 1", async () => {
    const file = join(dir, "settings.json");
    writeFileSync(file, JSON.stringify([{ id: "sal", name: "Sal", skills: ["SEO"] }, { id: "mo", name: "Maya Okafor", skills: ["VAT"] }]));
    await cli("import", file, "--community", "settingstest");
    const show = await cli("settings", "--community", "settingstest");
    expect(show.code).toBe(0);
    expect(show.out).toMatch(/^ {2}digest {12}weekly admin digest off$/m);
    const on = await cli("settings", "--community", "settingstest", "digest", "on");
    expect(on).toEqual({ code: 0, out: "Setting digest updated in web:settingstest: weekly admin digest on.\nNobody gets it yet: add an admin with knowhow admins --community settingstest add MEMBER, or have one type /knowhow settings digest on." });
    expect((await cli("settings", "--community", "settingstest")).out).toMatch(/digest {12}weekly admin digest on/);
    // The operator names admins (who then get the digest); only members Knowhow knows.
    expect(await cli("admins", "--community", "settingstest", "add", "nobody")).toEqual({ code: 1, out: "“nobody” is not a member of web:settingstest that Knowhow knows: name them by id (e.g. web:settingstest:mo) or by display name (e.g. “Maya Okafor”)." });
    expect(await cli("admins", "--community", "settingstest", "add", "sal")).toEqual({ code: 0, out: "Admins of web:settingstest: Sal (web:settingstest:sal)" });
    expect(await cli("admins", "--community", "settingstest", "add", "Sal")).toEqual({ code: 0, out: "Admins of web:settingstest: Sal (web:settingstest:sal)" });
    expect(await cli("admins", "--community", "settingstest", "add", "Maya", "Okafor")).toEqual({ code: 0, out: "Admins of web:settingstest: Sal (web:settingstest:sal), Maya Okafor (web:settingstest:mo)" });
    expect(await cli("admins", "--community", "settingstest", "remove", "Maya", "Okafor,", "sal")).toEqual({ code: 0, out: "web:settingstest has no Knowhow admins besides the platform's." });
    expect(await cli("admins", "--community", "settingstest", "add", "Maya", "Smith")).toEqual({ code: 1, out: "“Maya” is not a member of web:settingstest that Knowhow knows: name them by id (e.g. web:settingstest:mo) or by display name (e.g. “Maya Okafor”)." });
    for (const [args, message] of [
      [["wait", "2"], "wait must be a whole number from 5 to 10080."],
      [["bogus", "1"], /^Unknown setting “bogus”\. Settings: wait, candidates/],
      [["wait"], "Give a value, e.g. knowhow settings --community settingstest wait …"],
    ] as const) {
      const r = await cli("settings", "--community", "settingstest", ...args);
      expect(r.code, args.join(" ")).toBe(1);
      if (typeof message === "string") expect(r.out).toBe(message);
      else expect(r.out).toMatch(message);
    }
    // A typo must not create a community.
    expect(await cli("settings", "--community", "settingstypo", "digest", "on")).toEqual({ code: 1, out: "There is no community web:settingstypo in this store." });
    const store = await openStore({ kind: "sqlite", file: join(dir, "data", "knowhow.sqlite") }, silentLogger);
    expect(await store.getCommunity("web:settingstypo")).toBeNull();
    await store.close();
  });

  it("lists, adds and removes aliases like the chat command: stored skills move, cycles are refused", async () => {
    const file = join(dir, "aliases.json");
    writeFileSync(file, JSON.stringify([{ id: "ana", name: "Ana", skills: ["bike repair (expert)"] }, { id: "ben", name: "Ben", skills: ["bicycle repair"] }]));
    await cli("import", file, "--community", "aliastest");
    expect(await cli("alias", "--community", "aliastest")).toEqual({ code: 0, out: "No aliases in web:aliastest yet." });
    const add = await cli("alias", "--community", "aliastest", "bike", "repair", "=", "bicycle", "repair");
    expect(add).toEqual({ code: 0, out: "From now on “bike repair” means “bicycle repair” here. Skills of 1 member moved under “bicycle repair”." });
    expect((await cli("skills", "--community", "aliastest")).out).toMatch(/^bike repair\texpert 1\tcan help 1/m);
    const store = await openStore({ kind: "sqlite", file: join(dir, "data", "knowhow.sqlite") }, silentLogger);
    expect((await store.getMember("web:aliastest:ana"))?.skills.map((s) => s.key)).toEqual(["bicycle repair"]);
    await store.close();
    const cycle = await cli("alias", "--community", "aliastest", "bicycle repair=bike repair");
    expect(cycle.code).toBe(1);
    expect(cycle.out).toMatch(/^“bike repair” already means “bicycle repair” here, so “bicycle repair” can't mean “bike repair”/);
    expect((await cli("alias", "--community", "aliastest", "list")).out).toBe("bike repair → bicycle repair\n(1 alias in web:aliastest)");
    const removed = await cli("alias", "--community", "aliastest", "remove", "bike", "repair");
    expect(removed.code).toBe(0);
    expect(removed.out).toMatch(/no longer means .* can't split them apart again\.$/);
    expect((await cli("alias", "--community", "aliastest", "remove", "bike repair")).code).toBe(1);
    expect(await cli("alias", "--community", "aliastest", "frob")).toEqual({ code: 1, out: "Use: knowhow alias --community aliastest [list | FROM = TO | remove FROM]" });
    expect((await cli("alias", "--community", "aliastypo")).code).toBe(1);
  });

  it("fails clearly on a bad community id", async () => {
    const r = await cli("ask", "who knows seo?", "--community", "bad:id:x");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Invalid community id/);
  });
});
