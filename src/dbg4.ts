// temporary (not committed): show question terms and each member's skill tokens + hits
import { silentLogger } from "./core/ports/logger.port.js";
import { loadDataset, toMember } from "./cli/bench/ranking/dataset.js";
import { loadWinkVectors } from "./ranking/wink-vectors.js";
import { CommunityIndex } from "./ranking/community-index.js";
import { parseQuestion, ExpansionCache } from "./ranking/query.js";
import { DEFAULT_WEIGHTS } from "./ranking/hybrid-matcher.js";
import { explainFit } from "./ranking/explain.js";
const vectors = (await loadWinkVectors({ cacheDir: "./data/vectors", logger: silentLogger }))!;
const [dir, qid, ...mids] = process.argv.slice(2);
const ds = loadDataset(dir!);
const index = new CommunityIndex({}, () => 1);
for (const m of ds.members) index.put(toMember(m, "web:bench", new Date("2026-03-04T12:00:00Z")));
index.compact();
const q = ds.questions.find((x) => x.id === qid)!;
const parsed = parseQuestion(q.text, index, {}, { ...DEFAULT_WEIGHTS.query, vectors }, new ExpansionCache());
console.log(q.text, "gold", q.gold, "topic", parsed.topicWords, "target", parsed.targetWords);
for (const t of parsed.terms.values()) console.log("  term", t.token, t.kind, t.weight.toFixed(2), "from", t.from, t.common ? "common" : "", t.fit ?? "");
for (const id of mids) {
  const e = [...Array(index.size + 5).keys()].map((s) => index.entry(s)).find((x) => x?.member.id.endsWith(":" + id))!;
  for (const s of index.skillsOf(e)) console.log(" ", id, s.skill.label, JSON.stringify(s.tokens));
  const f = explainFit(e, parsed, index, parsed.wantsLearner);
  console.log(" ", id, "conf", f.confidence.toFixed(3), "topical", f.topical.toFixed(3), f.signals.map((x) => x.detail).join(" | "));
}
