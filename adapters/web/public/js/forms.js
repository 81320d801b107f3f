/* global CSS */
// Shows API validation errors next to the field they are about.
// A form marks its fields with data-field="<name>" on a wrapper; the API's error.field names one.

export function clearErrors(form) {
  for (const e of form.querySelectorAll(".field-error")) e.remove();
  for (const i of form.querySelectorAll("[aria-invalid]")) {
    i.removeAttribute("aria-invalid");
    const ids = (i.getAttribute("aria-describedby") ?? "").split(" ").filter((x) => x && !x.startsWith("err-"));
    if (ids.length) i.setAttribute("aria-describedby", ids.join(" "));
    else i.removeAttribute("aria-describedby");
  }
  const status = form.querySelector(".form-status");
  if (status) {
    status.textContent = "";
    status.classList.remove("ok");
  }
}

/** Finds the wrapper for a field: exact name, then its parents ("skills.1.label" → "skills.1" → "skills"). */
function wrapperFor(form, field) {
  let name = field;
  while (name) {
    const w = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (w) return w;
    name = name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : "";
  }
  return null;
}

let seq = 0;

/**
 * A server's message as nodes: `code` in it (e.g. “try `/knowhow help`”) as <code>, the rest as text. Built from text
 * nodes, never innerHTML: a message can quote what someone typed.
 */
function messageNodes(text) {
  return String(text).split(/`([^`\n]+)`/).map((part, i) => {
    if (i % 2 === 0) return document.createTextNode(part);
    const code = document.createElement("code");
    code.textContent = part;
    return code;
  });
}

/** Shows `error` (an ApiError or any Error) next to its field, or in the form's status line. */
export function showError(form, error) {
  const wrapper = error.field ? wrapperFor(form, error.field) : null;
  if (!wrapper) {
    const status = form.querySelector(".form-status");
    if (status) {
      status.classList.remove("ok");
      status.replaceChildren(...messageNodes(error.message));
    }
    return;
  }
  const id = `err-${++seq}`;
  const p = document.createElement("p");
  p.className = "field-error";
  p.id = id;
  p.setAttribute("role", "alert");
  p.replaceChildren(...messageNodes(error.message));
  wrapper.append(p);
  const input = wrapper.matches("input, select, textarea") ? wrapper : wrapper.querySelector("input, select, textarea");
  if (input) {
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", `${input.getAttribute("aria-describedby") ?? ""} ${id}`.trim());
    input.focus();
  }
}

export function showOk(form, text) {
  const status = form.querySelector(".form-status");
  if (status) {
    status.replaceChildren(...messageNodes(text));
    status.classList.add("ok");
  }
}
