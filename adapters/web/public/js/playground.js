/* global CSS */
// The playground: act as any member of the demo community. Every button and form calls the web
// adapter's JSON API, which calls the same core use cases as Slack and Discord.
import { api } from "./api.js";
import { clearErrors, showError, showOk } from "./forms.js";
import { el, messageCard } from "./message.js";
import { fillSkillRows, readSkillRows, addSkillRow, mergeSkillRows } from "./skills-editor.js";

const P = "/api/playground";
const $ = (sel) => document.querySelector(sel);
// `filled`: what the profile's parts held when last filled from the server, and for whom (see renderProfile).
// `notices`: per part, what changed elsewhere while it was edited here (see renderProfile).
// `inboxSeen`: the inbox items last drawn, and for whom (see loadInbox).
const state = { slug: null, names: new Map(), members: [], filled: { slug: null }, notices: {}, inboxSeen: { slug: null, ids: new Set() }, clock: { simulated: true, busy: false } };

const nameOf = (id) => state.names.get(id) ?? id.split(":").pop();
export const when = (iso) => `${new Date(iso).toLocaleString("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" })} UTC`;
const num = (v) => (v === "" ? undefined : Number(v));

/**
 * Runs a form submission: clears old errors, shows the new one next to its field, or the text `fn` returns in the
 * form's status line. A form sent as a member (`asMember`; `fn` gets their slug) shows neither once the page acts as
 * someone else (see stillActingAs): "Saved." or a refused timezone next to the next member's field would pass for theirs.
 */
function onSubmit(form, fn, opts = {}) {
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void runForm(form, fn, opts);
  });
}

/** One run of a form's action (its submission, or another button of it such as Resume): see onSubmit. */
async function runForm(form, fn, { asMember = false } = {}) {
  clearErrors(form);
  const slug = state.slug;
  const shown = () => !asMember || stillActingAs(slug);
  // With no member left (all forgotten), a request would go out as one called "null".
  if (asMember && !slug) return showError(form, new Error("There is no member to act as: create one under “New member's name” first."));
  const button = form.querySelector("button[type=submit]");
  if (button) button.disabled = true;
  try {
    const ok = await fn(form, slug);
    if (ok && shown()) showOk(form, ok);
  } catch (e) {
    if (shown()) showError(form, e);
  } finally {
    if (button) button.disabled = false;
  }
}

// ── members ───────────────────────────────────────────────────────────────────────────────────────

async function loadMembers() {
  const { members } = await api("GET", `${P}/members`);
  const was = state.slug;
  const wasName = was ? state.names.get(`web:demo:${was}`) ?? was : null;
  state.members = members;
  state.names = new Map(members.map((m) => [m.id, m.displayName]));
  const select = $("#actor");
  select.replaceChildren(...members.map((m) => el("option", { value: m.slug }, m.inbox ? `${m.displayName} (${m.inbox} to answer)` : m.displayName)));
  if (!members.some((m) => m.slug === state.slug)) state.slug = localStorage.getItem("knowhow.actor");
  if (!members.some((m) => m.slug === state.slug)) state.slug = members[0]?.slug ?? null;
  if (state.slug) select.value = state.slug;
  if (was && state.slug !== was) {
    // The member acted as is gone (their forget-me, or forgotten from the CLI): say who the page acts as now, and drop
    // what the page showed for them, as picking someone does: their ask results and replies, whose buttons would
    // otherwise be pressed as the next member, and their forms' messages ("Your skills: …" under someone else's).
    if (state.slug) localStorage.setItem("knowhow.actor", state.slug);
    clearMemberView();
    const next = members.find((m) => m.slug === state.slug);
    showOk($("#new-member"), `${wasName} is no longer a member of the playground. ${next ? `You are now acting as ${next.displayName}.` : "Create a member to go on."}`);
  }
}

/**
 * Drops what the page shows for the member acted as until now: their inbox, ask results, replies, forms' errors and
 * messages, and text typed in their inputs and not sent.
 */
function clearMemberView() {
  // Sent after the switch, a question, a message or skills typed for one member would go out as the next one's. (The
  // profile form is filled anew from the next member's profile: see renderProfile.)
  for (const sel of ["#question", "#dm-text", "#skills-line"]) $(sel).value = "";
  // Until the next member's inbox is read, theirs would stay on screen under the next one's name.
  $("#inbox").replaceChildren(el("p", { class: "empty" }, "Loading…"));
  $("#inbox-count").hidden = true;
  $("#inbox-news").textContent = "";
  $("#ask-result").replaceChildren();
  $("#dm-result").replaceChildren();
  // Where one member asks is theirs: picked next, another would ask privately (or in public) without having chosen to.
  $("#ask-form").querySelector("input[name=where][value=channel]").checked = true;
  for (const f of document.querySelectorAll("form")) clearErrors(f);
  state.notices = {};
  showChanged();
}

/**
 * Whether the answer to a request made as `slug` may still be drawn: the page acts as them, or moved on itself because
 * they are gone (their own forget-me, whose reply says it is done). Not under a member picked meanwhile, as a late
 * profile is not (see renderProfile): the reply, its buttons or the skills it adds to the editor would pass for theirs.
 */
function stillActingAs(slug) {
  return slug === state.slug || !state.members.some((m) => m.slug === slug);
}

/**
 * Throws unless the profile form holds `slug`'s profile. Right after a switch it still holds the previous member's
 * until the new one's arrives, and saving it then would store their skills or availability as this member's.
 */
function profileShownFor(slug) {
  if (state.filled.slug !== slug) throw new Error("This member's profile is still loading: try again in a moment.");
}

async function selectActor(slug) {
  state.slug = slug;
  localStorage.setItem("knowhow.actor", slug);
  clearMemberView();
  // A failed read is said where its answer would be (the inbox would stay at "Loading…", the form at the last member's).
  await Promise.all([
    loadProfile().catch((e) => { if (slug === state.slug) showError($("#skills-form"), e); }),
    loadInbox().catch((e) => {
      if (slug === state.slug) $("#inbox").replaceChildren(el("p", { class: "empty" }, `Couldn't read this inbox (${e.message}). Pick the member again to retry.`));
    }),
  ]);
}

/** Reads the member's profile; `reload` names parts to fill from it over edits not saved (see renderProfile). */
async function loadProfile(reload = []) {
  if (!state.slug) return;
  const { member } = await api("GET", `${P}/members/${state.slug}`);
  renderProfile(member, reload);
}

/** The availability form's fields, each as the form shows it (a number input's value is a string). */
const AVAILABILITY_FIELDS = [
  {
    name: "optedIn", label: "suggest me to people who ask", say: (v) => (v ? "on" : "off"),
    get: () => $("#opted-in").checked, set: (v) => { $("#opted-in").checked = v; }, of: (m) => m.availability.optedIn,
  },
  {
    name: "cap", label: "most intro requests per week", say: String,
    get: () => $("#cap").value, set: (v) => { $("#cap").value = v; }, of: (m) => String(m.availability.weeklyCap),
  },
  {
    name: "quietHours", label: "quiet hours", say: ([a, b]) => (a === b ? "off" : `${a}–${b}`),
    get: () => [$("#quiet-start").value, $("#quiet-end").value],
    set: ([a, b]) => { $("#quiet-start").value = a; $("#quiet-end").value = b; },
    of: (m) => [String(m.availability.quietHours.start), String(m.availability.quietHours.end)],
  },
  {
    name: "timezone", label: "timezone", say: (v) => v || "none",
    get: () => $("#timezone").value, set: (v) => { $("#timezone").value = v; }, of: (m) => m.timezone ?? "",
  },
  {
    name: "reminders", label: "reminders", say: (v) => (v ? "on" : "off"),
    get: () => $("#reminders").checked, set: (v) => { $("#reminders").checked = v; }, of: (m) => m.reminders !== "never",
  },
];

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The profile's parts. `of(member)` is what the part's form shows when filled from the member (`fill`), and `read()`
 * what it shows now, in the same shape: compared with what the part was last filled from, they tell whether the member
 * edited it since, and whether it changed elsewhere since. `merge(base, member)`, where a part has one, brings what
 * changed elsewhere into the form over edits not saved (see renderProfile).
 */
const PROFILE_PARTS = {
  skills: {
    label: "skills",
    form: "#skills-form",
    read: () => readSkillRows($("#skill-rows")),
    of: (member) => member.skills.map((s) => ({ label: s.label, level: s.level })),
    fill: (member) => fillSkillRows($("#skill-rows"), member.skills),
    merge: (base, member) => mergeSkillRows($("#skill-rows"), base, PROFILE_PARTS.skills.of(member)),
  },
  about: {
    label: "about line",
    form: "#skills-form",
    read: () => $("#about").value,
    of: (member) => member.about,
    fill: (member) => { $("#about").value = member.about; },
  },
  availability: {
    label: "availability",
    form: "#avail-form",
    read: () => Object.fromEntries(AVAILABILITY_FIELDS.map((f) => [f.name, f.get()])),
    of: (member) => Object.fromEntries(AVAILABILITY_FIELDS.map((f) => [f.name, f.of(member)])),
    fill: (member) => { for (const f of AVAILABILITY_FIELDS) f.set(f.of(member)); },
    // Field by field: one not edited here takes what it is now; one edited here too stays as typed.
    merge: (base, member) => {
      const merged = [];
      const kept = [];
      const here = PROFILE_PARTS.availability.read();
      for (const f of AVAILABILITY_FIELDS) {
        const now = f.of(member);
        if (same(now, base[f.name]) || same(now, here[f.name])) continue;
        if (same(here[f.name], base[f.name])) {
          f.set(now);
          merged.push(`${f.label}: ${f.say(now)}`);
        } else {
          kept.push(f.label);
        }
      }
      return { merged, kept };
    },
  },
};

/**
 * Shows the member's profile; `saved` names the parts the member just saved or asked to reload, which show what the
 * server holds.
 */
function renderProfile(member, saved = []) {
  // A profile that answers after the page moved on (a quick switch, a slow answer) would put this member's skills in
  // the next one's form, to be saved as theirs.
  if (member.slug !== state.slug) return;
  // The page is read again after every action: a part the member has edited and not saved yet keeps what they typed
  // (a refresh would wipe it), unless the form showed someone else or that part was just saved. When such a part
  // changed elsewhere meanwhile (a typed /skills add, “Add these”, a cap set by command), what changed is brought in
  // next to the edits where the two don't touch the same skill or field (saving the form as it was would silently put
  // back what it was filled with), and the page says what it brought in and what it kept as typed.
  const sameMember = state.filled.slug === member.slug;
  for (const [name, part] of Object.entries(PROFILE_PARTS)) {
    const was = state.filled[name];
    if (sameMember && !saved.includes(name) && !same(part.read(), was.form)) {
      if (same(part.of(member), was.base)) continue;
      const { merged, kept } = part.merge ? part.merge(was.base, member) : { merged: [], kept: [part.label] };
      if (merged.length || kept.length) {
        const notice = state.notices[name] ?? { merged: [], kept: [] };
        state.notices[name] = { merged: [...notice.merged, ...merged], kept: [...new Set([...notice.kept, ...kept])] };
      }
      // Filled from the member as they are now: the next change elsewhere is told from this one.
      state.filled[name] = { form: part.of(member), base: part.of(member) };
      continue;
    }
    part.fill(member);
    state.filled[name] = { form: part.read(), base: part.of(member) };
    delete state.notices[name];
  }
  state.filled.slug = member.slug;
  showChanged();
  // A live region: written again with the same text at every refresh, it could be read out again each time.
  const summary = `${member.displayName}: ${member.availabilityText}.`;
  if ($("#avail-summary").textContent !== summary) $("#avail-summary").textContent = summary;
}

/**
 * Says above each profile form's Save what changed elsewhere in its parts edited here and not saved: what was brought
 * in next to the edits, what was kept as typed (saving replaces it), with a way to drop the edits and load what is stored.
 */
function showChanged() {
  for (const sel of new Set(Object.values(PROFILE_PARTS).map((p) => p.form))) {
    const form = $(sel);
    const parts = Object.keys(state.notices).filter((name) => PROFILE_PARTS[name].form === sel);
    const merged = parts.flatMap((name) => state.notices[name].merged);
    const kept = parts.flatMap((name) => state.notices[name].kept);
    const labels = parts.map((name) => PROFILE_PARTS[name].label);
    const key = JSON.stringify([merged, kept]);
    const old = form.querySelector(".changed");
    // Left as it is when it says the same: it would be announced again at every refresh.
    if ((old?.dataset.says ?? "[[],[]]") === key) continue;
    old?.remove();
    if (parts.length === 0) continue;
    // In the form's live region, there from the start: a live region added with its text is not read out.
    form.querySelector(".changed-region").append(el("p", { class: "changed", "data-parts": parts.join(" "), "data-says": key },
      `Your ${labels.join(" and ")} changed since you started editing. `,
      merged.length ? `Brought in here, next to your edits (not saved yet): ${merged.join("; ")}. ` : "",
      kept.length ? `Changed here too, so kept as you typed it (saving replaces what is stored): ${kept.join(", ")}. ` : "",
      el("button", { type: "button", class: "link", onclick: () => loadProfile(parts).catch((e) => showError(form, e)) }, `Reload ${labels.join(" and ")}`),
      " to drop your edits and see what is stored."));
  }
}

// ── inbox, channel, actions ─────────────────────────────────────────────────────────────────────────

async function loadInbox() {
  const slug = state.slug;
  if (!slug) return;
  const { items } = await api("GET", `${P}/members/${slug}/inbox`);
  if (slug !== state.slug) return;
  const box = $("#inbox");
  // The inbox is drawn anew after every action, so it is no live region (it would be read out whole each time): what
  // came since it was last drawn for this member is announced instead.
  const seen = state.inboxSeen;
  const fresh = seen.slug === slug ? items.filter((i) => !seen.ids.has(i.id)) : [];
  state.inboxSeen = { slug, ids: new Set(items.map((i) => i.id)) };
  const titles = fresh.map((i) => i.message.title).filter(Boolean);
  $("#inbox-news").textContent = fresh.length
    ? `${fresh.length} new message${fresh.length === 1 ? "" : "s"} in the inbox${titles.length ? `: ${titles.join(", ")}` : ""}.`
    : "";
  const open = items.filter((i) => !i.answer && i.message.actions?.length).length;
  $("#inbox-count").hidden = open === 0;
  $("#inbox-count").textContent = String(open);
  $("#inbox-count").setAttribute("aria-label", `${open} waiting for an answer`);
  if (items.length === 0) {
    box.replaceChildren(el("p", { class: "empty" }, "Nothing here yet."));
    return;
  }
  // The buttons press as `slug`, the member this inbox is drawn for, not as whoever the page acts as when pressed (a
  // switch clears the inbox, see clearMemberView, but a press does not rely on it).
  box.replaceChildren(...items.map((item) => {
    const others = item.participants.filter((p) => p !== `web:demo:${slug}`).map(nameOf);
    const meta = item.kind === "intro" ? `Conversation with ${others.join(", ")} · ${when(item.at)}` : `From Knowhow · ${when(item.at)}`;
    const card = messageCard(item.message, { nameOf, meta, answered: item.answer, onAction: (a, b) => press(slug, a, b, item.id, box), onReplyAction: (a, b) => press(slug, a, b, item.id, box, false) });
    // Focusable from script: the place a keyboard user is given back once the item is drawn again (see press).
    card.dataset.item = item.id;
    card.tabIndex = -1;
    return card;
  }));
}

async function loadChannel() {
  const { posts } = await api("GET", `${P}/channels/general`);
  const box = $("#channel");
  if (posts.length === 0) box.replaceChildren(el("p", { class: "empty" }, "No posts yet."));
  else box.replaceChildren(...posts.slice().reverse().map((p) => messageCard(p.message, { nameOf, meta: when(p.at) })));
}

/** What a button or a typed command as `slug` led to: the skills editor, or a reply (with its buttons) in `container`. */
function showOutcome(slug, outcome, container) {
  if (outcome.kind === "open_skills_editor") {
    // The list just typed (Edit under "Add these skills?"), below the member's own skills, to correct before saving.
    const rows = $("#skill-rows");
    const has = new Set(readSkillRows(rows).map((s) => s.label.toLowerCase()));
    if (has.size === 0 && outcome.adding?.length) rows.replaceChildren();
    const first = rows.children.length;
    for (const s of outcome.adding ?? []) if (!has.has(s.label.toLowerCase())) addSkillRow(rows, s);
    $("#skills-h").scrollIntoView({ behavior: "smooth" });
    // The keyboard goes to what there is to correct: the first row added (else the first row).
    (rows.children[first]?.querySelector("input") ?? $("#skill-rows input"))?.focus();
    showOk($("#skills-form"), outcome.adding?.length ? "Here is what I understood, below your skills: correct it, then save." : "Edit your skills here, then save.");
  } else {
    container.append(messageCard(outcome.message, { nameOf, onAction: (a, b) => press(slug, a, b, undefined, container) }));
  }
}

/**
 * A button press as `slug`, the member it was drawn for: goes to core.actions through the API; the reply is shown under
 * the message. `itemId` names the inbox item the button is on; `onItem` false when it is a button of the item's answer,
 * pressed as a new action.
 */
async function press(slug, action, button, itemId, container, onItem = true) {
  // Before it is disabled, which takes the focus away from it.
  const focused = document.activeElement === button;
  button.disabled = true;
  let outcome;
  try {
    ({ outcome } = await api("POST", `${P}/members/${slug}/actions`, { type: action.type, value: action.value, itemId: onItem ? itemId : undefined }));
  } catch (e) {
    button.disabled = false;
    if (stillActingAs(slug)) container.append(messageCard({ kind: "error", text: e.message }, { nameOf }));
    return;
  }
  // Shown once the page is read again, which would otherwise redraw it away: the inbox holding the reply, the
  // profile the editor's new rows were added to. An inbox item shows its answer itself. The button stays pressed.
  const stale = await readAgain();
  // Nothing under a member picked meanwhile. An inbox item's answer is kept with the item, for its member to find when
  // picked again; other replies go, as they would have gone with the pick (clearMemberView) had they come before it.
  if (!stillActingAs(slug)) return;
  // The inbox was drawn anew, the button pressed with it: the keyboard's place goes to its item, not to the page's top.
  if (itemId && focused && !button.isConnected) $(`#inbox [data-item="${CSS.escape(itemId)}"]`)?.focus();
  if (!itemId || !onItem || stale || outcome.kind === "open_skills_editor") showOutcome(slug, outcome, container);
  if (stale) container.append(messageCard({ kind: "error", text: staleText(stale) }, { nameOf }));
}

/**
 * After an action that went through, reads the page (or the part `load` reads) again: the error, or null once read. The
 * action is done whatever this gives, so a read that fails is said as that, never as the action failing (done again,
 * it would act twice).
 */
function readAgain(load = refreshAll) {
  return load().then(() => null, (e) => e);
}

/** What to say when an action went through but the page could not be read again after it. */
function staleText(e) {
  return `The page couldn't be read again (${e.message}): press Refresh to see the rest.`;
}

/** A form's `done`, or, when the page could not be read again after it (`stale`), that too, thrown for the form to show. */
function doneThough(done, stale) {
  if (stale) throw new Error(`${done} ${staleText(stale)}`);
  return done;
}

async function refreshAll() {
  await loadMembers();
  await Promise.all([loadInbox(), loadChannel(), loadClock(), loadProfile()]);
}

// ── clock ───────────────────────────────────────────────────────────────────────────────────────────

async function loadClock() {
  const c = await api("GET", `${P}/clock`);
  $("#clock-now").textContent = when(c.now);
  state.clock.simulated = c.simulated;
  clockButtons();
}

/** The clock's buttons: none while a move or a sweep runs, and no move on a server that runs on real time. */
function clockButtons() {
  for (const b of $("#clock-form").querySelectorAll("button")) {
    b.disabled = state.clock.busy || (!state.clock.simulated && b.id !== "sweep-now");
  }
}

/**
 * Runs a move or a sweep of the clock (`fn`, which answers what to say), one at a time: a move of many sweeps takes a
 * moment, and a second press meanwhile would move the clock twice as far.
 */
async function clockAction(doing, fn) {
  if (state.clock.busy) return;
  const form = $("#clock-form");
  clearErrors(form);
  state.clock.busy = true;
  clockButtons();
  form.querySelector(".form-status").textContent = doing;
  try {
    showOk(form, await fn());
  } catch (e) {
    showError(form, e);
    // A move that failed part of the way leaves the clock where it got to.
    await loadClock().catch(() => {});
  } finally {
    state.clock.busy = false;
    clockButtons();
  }
}

function sweepSummary(s) {
  if (!s) return "";
  const n = (k, one, many) => `${k} ${k === 1 ? one : many}`;
  const c = s.counts;
  const done = [
    c.widened && n(c.widened, "question went on to the next people", "questions went on to the next people"),
    c.followUps && n(c.followUps, "“did you get help?” sent", "“did you get help?” sent"),
    c.welcomed && n(c.welcomed, "welcome sent", "welcomes sent"),
    c.nudged && n(c.nudged, "skills reminder sent", "skills reminders sent"),
    c.digests && n(c.digests, "admin digest sent", "admin digests sent"),
  ].filter(Boolean);
  const ran = s.sweeps > 1 ? `The scheduled jobs ran ${s.sweeps} times along the way` : "The scheduled jobs ran";
  return ` ${ran}: ${done.length ? done.join(", ") : "nothing was due"}.${s.ran === "requests" ? " (Welcomes, reminders and admin digests need the jobs module.)" : ""}`;
}

function advance(hours) {
  return clockAction("Moving the clock…", async () => {
    const r = await api("POST", `${P}/clock/advance`, { hours, sweep: $("#sweep-after").checked });
    const stale = await readAgain();
    return doneThough(`Moved to ${when(r.now)}.${sweepSummary(r.sweep)}`, stale);
  });
}

// ── wiring ──────────────────────────────────────────────────────────────────────────────────────────

function wire() {
  $("#actor").addEventListener("change", (e) => selectActor(e.target.value));

  onSubmit($("#new-member"), async (form) => {
    const { member } = await api("POST", `${P}/members`, { displayName: form.displayName.value });
    form.displayName.value = "";
    state.slug = member.slug;
    const stale = await readAgain(loadMembers);
    await selectActor(member.slug);
    return doneThough(`Created ${member.displayName}; you are now acting as them.`, stale);
  });

  $("#add-skill").addEventListener("click", () => addSkillRow($("#skill-rows"), { label: "", level: "can_help" }, true));

  onSubmit($("#skills-form"), async (form, slug) => {
    profileShownFor(slug);
    const { member, message } = await api("PUT", `${P}/members/${slug}/skills`, { skills: readSkillRows($("#skill-rows")), about: $("#about").value });
    renderProfile(member, ["skills", "about"]);
    return message.text.replace(/\*/g, "");
  }, { asMember: true });

  onSubmit($("#skills-line-form"), async (form, slug) => {
    const { member, message } = await api("POST", `${P}/members/${slug}/skills`, { skills: form.skills.value });
    // Under a member picked meanwhile, the box holds what was typed for them since.
    if (stillActingAs(slug)) form.skills.value = "";
    // The editor shows the skills just added: below rows edited there and not saved, which stay (see renderProfile).
    renderProfile(member);
    return message.text.replace(/\*/g, "");
  }, { asMember: true });

  onSubmit($("#avail-form"), async (form, slug) => {
    profileShownFor(slug);
    // Left out of the request, an empty cap would be kept as it was under “Saved.”, and the field filled back.
    if (num($("#cap").value) === undefined) {
      throw Object.assign(new Error("Give the most intro requests a week you want, from 0 to 50 (0: none)."), { field: "cap" });
    }
    const start = num($("#quiet-start").value);
    const end = num($("#quiet-end").value);
    if (start === undefined || end === undefined) {
      throw Object.assign(new Error("Give both quiet hours, from 0 to 23 (the same hour twice turns quiet hours off)."), { field: "quietHours" });
    }
    const body = {
      optedIn: $("#opted-in").checked,
      cap: num($("#cap").value),
      quietHours: { start, end },
      timezone: $("#timezone").value,
      reminders: $("#reminders").checked,
    };
    const { member } = await api("PUT", `${P}/members/${slug}/availability`, body);
    renderProfile(member, ["availability"]);
    return "Saved.";
  }, { asMember: true });

  onSubmit($("#pause-form"), async (form, slug) => {
    const { member } = await api("PUT", `${P}/members/${slug}/availability`, { days: num(form.days.value) ?? 0 });
    renderProfile(member);
    return "Paused.";
  }, { asMember: true });
  $("#resume").addEventListener("click", () => runForm($("#pause-form"), async (form, slug) => {
    const { member } = await api("PUT", `${P}/members/${slug}/availability`, { resume: true });
    renderProfile(member);
    return "You're available again.";
  }, { asMember: true }));

  onSubmit($("#ask-form"), async (form, slug) => {
    const where = form.querySelector("input[name=where]:checked")?.value ?? "channel";
    const { reply } = await api("POST", `${P}/members/${slug}/ask`, { question: form.question.value, where });
    // Not under a member picked meanwhile: the suggestions' buttons would be pressed as them.
    if (stillActingAs(slug)) {
      const box = $("#ask-result");
      box.replaceChildren(messageCard(reply, { nameOf, onAction: (a, b) => press(slug, a, b, undefined, box) }));
    }
    // The question is asked by now: a list that cannot be read again is said as that, not as the ask failing.
    try {
      await loadMembers();
    } catch (e) {
      throw new Error(`Asked. The member list couldn't be read again (${e.message}): press Refresh to see it.`);
    }
  }, { asMember: true });

  // Free text, or a command typed as in Slack (`/ask …`, `/skills …`, `/knowhow …`).
  onSubmit($("#dm-form"), async (form, slug) => {
    const { outcome } = await api("POST", `${P}/members/${slug}/dm`, { text: form.text.value });
    // As for the skills line: not what was typed since for a member picked meanwhile.
    if (stillActingAs(slug)) form.text.value = "";
    // The reply once the page is read again, as a button's is (see press).
    const stale = await readAgain();
    if (!stillActingAs(slug)) return;
    const box = $("#dm-result");
    box.replaceChildren();
    showOutcome(slug, outcome, box);
    if (stale) throw new Error(`Sent. ${staleText(stale)}`);
  }, { asMember: true });

  // A refresh that fails is said next to it: the button would otherwise seem to do nothing.
  $("#refresh-inbox").addEventListener("click", async () => {
    const status = $("#inbox-status");
    status.textContent = "";
    status.hidden = true;
    try {
      await refreshAll();
    } catch (e) {
      status.textContent = `Couldn't refresh (${e.message}). Try again in a moment.`;
      status.hidden = false;
    }
  });
  for (const b of document.querySelectorAll("[data-hours]")) b.addEventListener("click", () => advance(Number(b.dataset.hours)));
  $("#clock-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    void advance(num($("#hours").value) ?? 0);
  });
  $("#sweep-now").addEventListener("click", () => clockAction("Running the sweep…", async () => {
    const r = await api("POST", `${P}/clock/sweep`);
    const stale = await readAgain();
    return doneThough(`Swept at ${when(r.now)}.${sweepSummary(r.sweep)}`, stale);
  }));

  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  $("#zones").replaceChildren(...zones.map((z) => el("option", { value: z })));
}

async function init() {
  wire();
  await loadMembers();
  await Promise.all([state.slug ? selectActor(state.slug) : Promise.resolve(), loadChannel(), loadClock()]);
  document.body.dataset.ready = "true";
}

init().catch((e) => {
  document.body.prepend(el("p", { class: "field-error", role: "alert" }, `The playground could not load: ${e.message}`));
});
