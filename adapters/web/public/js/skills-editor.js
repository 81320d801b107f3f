// The structured skills editor: one row per skill (label + level), rows added and removed in place.
import { el } from "./message.js";

const LEVELS = [["expert", "Expert"], ["can_help", "Can help"], ["learning", "Learning"]];

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
    li.querySelector("button").setAttribute("aria-label", `Remove skill ${i + 1}${input.value ? ` (${input.value})` : ""}`);
  });
}

export function addSkillRow(list, skill, focus = false) {
  const input = el("input", { type: "text", value: skill.label, maxlength: "200", autocomplete: "off" });
  const select = el("select", {}, ...LEVELS.map(([v, t]) => el("option", { value: v }, t)));
  select.value = skill.level;
  const remove = el("button", { type: "button", class: "remove danger" }, "Remove");
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
