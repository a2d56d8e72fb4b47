// researchkit workspace: helpers shared by the widgets (joined in front of each widget's module).
// No offset arithmetic happens here: the browser counts UTF-16 units of Range.toString(),
// Python (researchkit/workspace/offsets.py) turns them into code points of the canonical text.

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "style") el.setAttribute("style", v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) el.append(c);
  return el;
}

// UTF-16 length of the rendered text from the start of `root` to (node, offset).
function offsetOf(root, node, offset) {
  if (!root.contains(node)) {
    const before = root.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_PRECEDING;
    const all = document.createRange();
    all.selectNodeContents(root);
    return before ? 0 : all.toString().length;
  }
  const r = document.createRange();
  r.setStart(root, 0);
  r.setEnd(node, offset);
  return r.toString().length;
}

// The DOM point at a UTF-16 offset of the rendered text under `root`.
function pointAt(root, offset16, preferNext) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let acc = 0, node, last = null;
  while ((node = walker.nextNode())) {
    const n = node.data.length;
    if (offset16 < acc + n || (offset16 === acc + n && !preferNext)) return [node, offset16 - acc];
    acc += n;
    last = node;
  }
  return last ? [last, last.data.length] : [root, 0];
}

function rangeAt(root, start16, end16) {
  const r = document.createRange();
  const [a, ao] = pointAt(root, start16, true);
  const [b, bo] = pointAt(root, end16, false);
  r.setStart(a, ao);
  r.setEnd(b, bo);
  return r;
}

function messageBar(model) {
  const bar = h("div", { class: "rkw-msg", role: "status", "aria-live": "polite" });
  const show = () => {
    const m = model.get("message") || {};
    bar.textContent = m.text || "";
    bar.className = "rkw-msg " + (m.level || "info");
  };
  model.on("change:message", show);
  show();
  return bar;
}

function keepKeys(el) {
  // keys typed in the widget must not reach JupyterLab's notebook shortcuts
  el.setAttribute("data-lm-suppress-shortcuts", "true");
  el.addEventListener("keydown", (ev) => ev.stopPropagation());
}
