/* global Node */
// Renders the core's platform-neutral Message into DOM nodes. Never uses innerHTML with message text:
// question text is user input.

// Mentions `<@id>`, channel references `<#id>` / `<#id|name>`, then *bold*, _italic_ and `code`. Emphasis takes
// word boundaries as Slack does: `snake_case_names` and `2*3*4` in a question stay as typed.
const TOKEN = /(<@(?:slack|discord|web):[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+>)|<#([A-Za-z0-9_.-]+)(?:\|([^>\n]+))?>|((?<![\w*])\*(?=\S)[^*\n]+?(?<=\S)\*(?![\w*]))|((?<![\w_])_(?=\S)[^_\n]+?(?<=\S)_(?![\w_]))|(`[^`\n]+`)/g;

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** Inline markup: *bold*, _italic_, `code`, <@memberId> mentions, <#channel> references; newlines become line breaks. */
export function richText(text, nameOf) {
  const frag = document.createDocumentFragment();
  const lines = String(text).split("\n");
  lines.forEach((line, i) => {
    let last = 0;
    for (const m of line.matchAll(TOKEN)) {
      if (m.index > last) frag.append(line.slice(last, m.index));
      const t = m[0];
      if (m[1]) frag.append(el("span", { class: "mention" }, `@${nameOf(t.slice(2, -1))}`));
      else if (m[2]) frag.append(el("span", { class: "channel" }, `#${m[3] ?? m[2]}`));
      else if (m[4]) frag.append(el("strong", {}, t.slice(1, -1)));
      else if (m[5]) frag.append(el("em", {}, t.slice(1, -1)));
      else frag.append(el("code", {}, t.slice(1, -1)));
      last = m.index + t.length;
    }
    if (last < line.length) frag.append(line.slice(last));
    if (i < lines.length - 1) frag.append(el("br"));
  });
  return frag;
}

/**
 * A message card. `onAction(action, button)` is called when a button is pressed; `answered` (optional)
 * shows what the member already answered (or how the item was settled for them) instead of the buttons.
 */
export function messageCard(message, { nameOf, onAction, onReplyAction, meta, answered, headingLevel = "h3" } = {}) {
  const card = el("article", { class: `message kind-${message.kind}` });
  if (message.title) card.append(el(headingLevel, {}, message.title));
  if (meta) card.append(el("p", { class: "meta" }, meta));
  card.append(el("div", { class: "body" }, richText(message.text, nameOf)));
  if (message.fields?.length) {
    const dl = el("dl", { class: "fields" });
    for (const f of message.fields) dl.append(el("dt", {}, f.label), el("dd", {}, richText(f.value, nameOf)));
    card.append(dl);
  }
  // The export's file, as a download (Slack and Discord upload it).
  if (message.attachment) {
    const { filename, content, mime } = message.attachment;
    // A data: URL, not an object URL: nothing to revoke when the card is drawn again.
    const href = `data:${mime};charset=utf-8,${encodeURIComponent(content)}`;
    card.append(el("p", { class: "attachment" }, el("a", { href, download: filename }, `Download ${filename}`)));
  }
  if (answered) {
    // Settled for the member (someone else stepped in, a newer reminder came): not something they pressed.
    const box = el("div", { class: "answered" }, el("p", {}, answered.settled ? "Closed: " : "You answered: ", el("strong", {}, answered.label)));
    if (answered.reply) box.append(el("div", {}, richText(answered.reply.text, nameOf)));
    // The answer's own buttons ("Post to a channel" after "Not really"), pressed as new actions, not on this item.
    if (answered.reply?.actions?.length && onReplyAction) box.append(actionBar(answered.reply, onReplyAction, card));
    card.append(box);
  } else if (message.actions?.length && onAction) {
    card.append(actionBar(message, onAction, card));
  }
  return card;
}

function actionBar(message, onAction, card) {
  const bar = el("div", { class: "actions", role: "group", "aria-label": message.title ? `Answer: ${message.title}` : "Answer" });
  for (const a of message.actions) {
    const b = el("button", { type: "button", class: a.style ?? "", "data-action": a.type }, a.label);
    b.addEventListener("click", () => onAction(a, b, card));
    bar.append(b);
  }
  return bar;
}
