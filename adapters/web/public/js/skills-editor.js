// The structured skills editor: one row per skill (label + level), rows added and removed in place.
import { el } from "./message.js";

const LEVELS = [["expert", "Expert"], ["can_help", "Can help"], ["learning", "Learning"]];
/** A level in a sentence: "can help". */
const LEVEL_WORDS = Object.fromEntries(LEVELS.map(([v, t]) => [v, t.toLowerCase()]));

/** Renumbers ids, labels and data-field names so that API errors (`skills.2.label`) find their row. */
function renumber(list) {
  [...list.children].forEach((li, i) => {
    const input = li.querySelector("input");
    const select = li.querySelector("select");
    input.id = `skill-${i}-label`;
    select.id = `skill-${i}-level`;
    li.querySelector(".label-field").dataset.field = `skills.${i}.label`;
    li.querySelector(".level-field").dataset.field = `skills.${i}.level`;
    li.querySelector(".label-field label").htmlFor = input.id;
    li.querySelector(".level-field label").htmlFor = select.id;
    li.querySelector(".label-field label").textContent = `Skill ${i + 1}`;
    li.querySelector(".level-field label").textContent = `Level of skill ${i + 1}`;
    nameRemove(li, i);
  });
}

/** The row's Remove button, named after its number and what the row says (kept up to date as it is typed in). */
function nameRemove(li, i) {
  const label = li.querySelector("input").value.trim();
  li.querySelector("button").setAttribute("aria-label", `Remove skill ${i + 1}${label ? ` (${label})` : ""}`);
}

export function addSkillRow(list, skill, focus = false) {
  const input = el("input", { type: "text", value: skill.label, maxlength: "200", autocomplete: "off" });
  const select = el("select", {}, ...LEVELS.map(([v, t]) => el("option", { value: v }, t)));
  select.value = skill.level;
  const remove = el("button", { type: "button", class: "remove danger" }, "Remove");
  input.addEventListener("input", () => nameRemove(li, [...list.children].indexOf(li)));
  const li = el("li", { class: "skill-row" },
    el("div", { class: "field label-field" }, el("label", { class: "sr-only" }), input),
    el("div", { class: "field level-field" }, el("label", { class: "sr-only" }), select),
    remove,
  );
  remove.addEventListener("click", () => {
    const next = li.nextElementSibling ?? li.previousElementSibling;
    li.remove();
    renumber(list);
    (next?.querySelector("input") ?? document.querySelector("#add-skill")).focus();
  });
  list.append(li);
  renumber(list);
  if (focus) input.focus();
}

export function fillSkillRows(list, skills) {
  list.replaceChildren();
  for (const s of skills) addSkillRow(list, s);
  if (skills.length === 0) addSkillRow(list, { label: "", level: "can_help" });
}

/** The rows as the API wants them; a single blank row means "no skills". */
export function readSkillRows(list) {
  const rows = [...list.children].map((li) => ({ label: li.querySelector("input").value, level: li.querySelector("select").value }));
  return rows.length === 1 && rows[0].label.trim() === "" ? [] : rows;
}

const keyOf = (label) => label.trim().toLowerCase();

/**
 * Brings into rows edited and not saved what changed on the server since they were filled from `base` (a skill list as
 * the server held it then): a skill added there is added below them, one removed or changed there is removed or
 * changed here when its row is as it was filled. A row the member edited (or removed) stays as they have it. Returns
 * what was brought in (`merged`, in words) and what was kept against a change there (`kept`, skill names).
 */
export function mergeSkillRows(list, base, remote) {
  const rowOf = (key) => [...list.children].find((li) => keyOf(li.querySelector("input").value) === key);
  const asFilled = (li, s) => li.querySelector("input").value === s.label && li.querySelector("select").value === s.level;
  const before = new Map(base.map((s) => [keyOf(s.label), s]));
  const after = new Map(remote.map((s) => [keyOf(s.label), s]));
  const merged = [];
  const kept = [];
  for (const [key, s] of after) {
    const was = before.get(key);
    if (was && was.label === s.label && was.level === s.level) continue;
    const li = rowOf(key);
    if (!was && !li) {
      // An editor showing no skills holds one blank row, to be replaced rather than left above the new one.
      if (readSkillRows(list).length === 0) list.replaceChildren();
      addSkillRow(list, s);
      merged.push(`added ${s.label}${s.level === "can_help" ? "" : ` (${LEVEL_WORDS[s.level]})`}`);
    } else if (was && li && asFilled(li, was)) {
      li.querySelector("input").value = s.label;
      li.querySelector("select").value = s.level;
      merged.push(`${s.label} now ${LEVEL_WORDS[s.level]}`);
    } else if (!li || li.querySelector("select").value !== s.level || li.querySelector("input").value !== s.label) {
      kept.push(s.label);
    }
  }
  for (const [key, s] of before) {
    if (after.has(key)) continue;
    const li = rowOf(key);
    if (!li) continue;
    if (asFilled(li, s)) {
      li.remove();
      merged.push(`removed ${s.label}`);
    } else {
      kept.push(s.label);
    }
  }
  if (list.children.length === 0) addSkillRow(list, { label: "", level: "can_help" });
  renumber(list);
  return { merged, kept };
}
