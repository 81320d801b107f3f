// The admin dashboard: one community at a time, charts drawn with chart.js (served locally).
import { api } from "./api.js";
import { clearErrors, showError } from "./forms.js";
import { el, richText } from "./message.js";

const $ = (sel) => document.querySelector(sel);
const charts = {};
let current = null;
// Okabe–Ito palette: distinguishable with colour-vision deficiencies.
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7f7f7f"];

function table(headers, rows, numeric = []) {
  return el("table", {},
    el("thead", {}, el("tr", {}, ...headers.map((h, i) => el("th", { scope: "col", class: numeric.includes(i) ? "num" : null }, h)))),
    el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c, i) => el("td", { class: numeric.includes(i) ? "num" : null }, c))))),
  );
}

function draw(id, config) {
  charts[id]?.destroy();
  const canvas = document.getElementById(id);
  charts[id] = new window.Chart(canvas, { ...config, options: { animation: false, responsive: true, maintainAspectRatio: false, ...config.options } });
  canvas.dataset.drawn = "true";
}

function renderSkillMap(rows) {
  $("#skill-table").replaceChildren(rows.length
    ? table(["Skill", "Helpers", "Experts", "Learners", "Questions"], rows.map((r) => [r.label, r.helpers, r.experts, r.learners, r.demand]), [1, 2, 3, 4])
    : el("p", { class: "empty" }, "No skills declared yet."));
  // One readable band per skill: the chart grows with the number of skills.
  document.getElementById("skill-map").parentElement.style.height = `${Math.max(240, rows.length * 40 + 90)}px`;
  draw("skill-map", {
    type: "bar",
    data: {
      labels: rows.map((r) => r.label),
      datasets: [
        { label: "Members who can help", data: rows.map((r) => r.helpers), backgroundColor: PALETTE[0] },
        { label: "Questions about it", data: rows.map((r) => r.demand), backgroundColor: PALETTE[1] },
      ],
    },
    options: { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { position: "top" } } },
  });
}

function renderLoad(load) {
  $("#load-table").replaceChildren(load.series.length
    ? table(["Helper", ...load.weeks.map((w) => `Week of ${w}`)], load.series.map((s) => [s.name, ...s.offers.map((n, i) => `${n} (${s.accepted[i]} accepted)`)]))
    : el("p", { class: "empty" }, "Nobody has been asked yet."));
  draw("helper-load", {
    type: "bar",
    data: {
      labels: load.weeks.map((w) => `w/c ${w.slice(5)}`),
      datasets: load.series.map((s, i) => ({ label: s.name, data: s.offers, backgroundColor: PALETTE[i % PALETTE.length] })),
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
  });
}

function renderUnmatched(list, privately) {
  const items = list.map((u) => el("li", {}, el("strong", {}, u.topic), ` — ${u.count} question${u.count === 1 ? "" : "s"}`, u.examples[0] ? el("div", { class: "hint" }, `e.g. “${u.examples[0]}”`) : null));
  if (privately > 0) items.push(el("li", {}, `${privately} question${privately === 1 ? "" : "s"} asked privately`, el("div", { class: "hint" }, "Topics not shown: they were asked in a DM or a private channel.")));
  $("#unmatched").replaceChildren(items.length ? el("ul", {}, ...items) : el("p", { class: "empty" }, "None — every question found someone."));
}

function renderNudges(n) {
  $("#nudges").replaceChildren(
    el("dl", { class: "totals" }, ...[["Members nudged", n.sent], ["Confirmed", n.confirmed], ["Edited", n.edited], ["Paused", n.paused], ["Opted out", n.optedOut]].map(([k, v]) => el("div", {}, el("dt", {}, k), el("dd", {}, String(v))))),
    el("p", { class: "hint" }, "Members whose latest nudge falls in this period, and what each did after it (skills changed or confirmed, paused, reminders turned off). Derived from member records: nudges are not stored as separate events, so a member nudged twice counts once, for the latest."),
  );
}

function renderTotals(d) {
  const t = d.totals;
  $("#totals").replaceChildren(...[
    ["Members", t.members], ["With skills", t.membersWithSkills], ["Questions", t.questions], ["Connected", t.connected], ["Confirmed helped", t.resolved], ["Nobody fitted", t.unmatched],
  ].map(([k, v]) => el("div", {}, el("dt", {}, k), el("dd", {}, String(v)))));
  $("#as-of").textContent = `${d.communityName} (${d.communityId}) — last ${d.days} days, as of ${new Date(d.now).toISOString().slice(0, 16).replace("T", " ")} UTC.`;
}

function renderQuestions(questions, askedPrivately) {
  const select = $("#question");
  // The question picked and its ranking stay when it is listed again (the same community shown anew); otherwise the
  // ranking shown is another community's or period's, and goes.
  const picked = select.value;
  const shown = $("#candidates").dataset.question;
  select.replaceChildren(...questions.map((q) => el("option", { value: q.id }, `${q.createdAt.slice(0, 10)} · ${q.askerName}: ${q.question.slice(0, 90)}${q.unmatched ? " (nobody fitted)" : ""}`)));
  $("#question-form").querySelector("button").disabled = questions.length === 0;
  // Private questions are in the totals only: not who asked them, nor when.
  $("#asked-privately").textContent = askedPrivately > 0
    ? `${askedPrivately} question${askedPrivately === 1 ? "" : "s"} asked privately (in a DM or a private channel) ${askedPrivately === 1 ? "is" : "are"} counted in the totals above but not listed here.`
    : "";
  if (questions.some((q) => q.id === picked)) select.value = picked;
  if (shown && !(shown === picked && select.value === picked)) {
    $("#candidates").replaceChildren();
    delete $("#candidates").dataset.question;
  }
  if (questions.length === 0) $("#candidates").replaceChildren(el("p", { class: "empty" }, askedPrivately > 0 ? "No question asked in public in this period." : "No questions in this period."));
}

/** Shows `community`'s dashboard; until it is in, the page (and "Show ranking") stays on the one shown. */
async function loadDashboard(community) {
  const form = $("#community-form");
  clearErrors(form);
  const days = $("#days").value || "30";
  const d = await api("GET", `/api/admin/dashboard?community=${encodeURIComponent(community)}&days=${encodeURIComponent(days)}`);
  current = community;
  renderTotals(d);
  renderSkillMap(d.skillMap);
  renderUnmatched(d.unmatchedByTopic, d.unmatchedPrivately);
  renderLoad(d.helperLoad);
  renderNudges(d.nudges);
  renderQuestions(d.questions, d.askedPrivately);
  document.body.dataset.ready = "true";
}

async function showCandidates(id) {
  const r = await api("GET", `/api/admin/questions/${encodeURIComponent(id)}/candidates?community=${encodeURIComponent(current)}`);
  $("#candidates").dataset.question = id;
  if (r.request.private) {
    $("#candidates").replaceChildren(el("p", { class: "empty" }, "Asked privately (in a DM or a private channel): its topics, who it was offered to and why are not shown."));
    return;
  }
  const nameOf = (mid) => r.now.suggestions.find((s) => s.memberId === mid)?.displayName ?? r.atAskTime.find((c) => c.memberId === mid)?.displayName ?? mid;
  const ranked = r.now.suggestions.length
    ? table(["#", "Member", "Score", "Signals behind the score"], r.now.suggestions.map((s, i) => [
      String(i + 1), s.displayName, s.score.toFixed(2),
      el("ul", { class: "signals" }, ...s.signals.map((g) => el("li", {}, `${g.kind} ${g.weight >= 0 ? "+" : ""}${g.weight.toFixed(2)}: `, richText(g.detail, nameOf)))),
    ]), [0, 2])
    : el("p", { class: "empty" }, `Nobody fits now${r.now.closestSkills.length ? `; closest skills: ${r.now.closestSkills.join(", ")}` : ""}.`);
  $("#candidates").replaceChildren(
    el("h3", {}, "Ranked now, with signals"),
    el("p", { class: "hint" }, `Topics: ${r.now.topics.join(", ") || "none found"}. State: ${r.request.state.replace(/_/g, " ")}.`),
    ranked,
    el("h3", { style: "margin-top:1rem" }, "Ranked when it was asked"),
    r.atAskTime.length
      ? table(["#", "Member", "Score", "Reason"], r.atAskTime.map((c, i) => [String(i + 1), c.displayName, c.score.toFixed(2), richText(c.reason, nameOf)]), [0, 2])
      : el("p", { class: "empty" }, "Nobody fitted at the time."),
  );
}

async function init() {
  const { communities } = await api("GET", "/api/admin/communities");
  const select = $("#community");
  select.replaceChildren(...communities.map((c) => el("option", { value: c.id }, `${c.name} (${c.id})`)));
  const wanted = new URLSearchParams(window.location.search).get("community");
  const first = communities.find((c) => c.id === wanted)?.id ?? communities.find((c) => c.id === "web:demo")?.id ?? communities[0]?.id ?? null;
  if (!first) {
    $("#main").prepend(el("p", { class: "empty" }, "No communities yet."));
    return;
  }
  select.value = first;
  $("#community-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    loadDashboard(select.value).catch((e) => showError($("#community-form"), e));
  });
  $("#question-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    clearErrors($("#question-form"));
    showCandidates($("#question").value).catch((e) => showError($("#question-form"), e));
  });
  await loadDashboard(first);
}

init().catch((e) => {
  if (e.status === 401) window.location.href = "/admin/login";
  else document.body.prepend(el("p", { class: "field-error", role: "alert" }, `The dashboard could not load: ${e.message}`));
});
