// researchkit workspace: the coding view (CodingView).

function render({ model, el }) {
  el.classList.add("rkw", "rkw-coding");
  keepKeys(el);
  const state = { blocks: new Map(), docId: null, active: null, picker: null };

  // ---------------------------------------------------------------- skeleton
  const docSelect = h("select", { class: "rkw-docsel", "aria-label": "Document" });
  const pos = h("input", { class: "rkw-pos", type: "number", min: "0", placeholder: "offset", "aria-label": "Go to offset" });
  const snapSel = h("select", { class: "rkw-snap", "aria-label": "Selection snaps to" },
    ...["word", "sentence", "turn", "none"].map((m) => h("option", { value: m, text: "snap: " + m })));
  const undoBtn = h("button", { class: "rkw-undo", type: "button", text: "Undo", onclick: () => model.send({ cmd: "undo" }) });
  const toolbar = h("div", { class: "rkw-toolbar" },
    h("button", { class: "rkw-prev", type: "button", text: "◀ Previous", onclick: () => model.send({ cmd: "step", delta: -1 }) }),
    docSelect,
    h("button", { class: "rkw-next", type: "button", text: "Next ▶", onclick: () => model.send({ cmd: "step", delta: 1 }) }),
    pos,
    h("button", { class: "rkw-go", type: "button", text: "Go", onclick: () => model.send({ cmd: "goto", doc_id: docSelect.value, position: pos.value }) }),
    snapSel, undoBtn,
    h("button", { class: "rkw-refresh", type: "button", text: "Refresh", onclick: () => model.send({ cmd: "refresh" }) }));
  docSelect.addEventListener("change", () => model.send({ cmd: "goto", doc_id: docSelect.value }));
  snapSel.addEventListener("change", () => model.send({ cmd: "snap", mode: snapSel.value }));

  const head = h("div", { class: "rkw-head" });
  const docEl = h("div", { class: "rkw-doc", tabindex: "0" });
  const search = h("input", { class: "rkw-search", type: "search", placeholder: "Type a code, Enter applies", "aria-label": "Find a code" });
  const tree = h("ul", { class: "rkw-tree" });
  const filters = h("div", { class: "rkw-filters" });
  const panel = h("div", { class: "rkw-panel" });
  const memos = h("div", { class: "rkw-memos" });
  const side = h("aside", { class: "rkw-side" }, h("h4", { text: "Codes" }), search, tree, h("h4", { text: "Show" }), filters, panel, memos);
  const main = h("div", { class: "rkw-main" }, head, docEl);
  el.append(toolbar, h("div", { class: "rkw-body" }, main, side), messageBar(model));

  // ---------------------------------------------------------------- transcript
  function codingsOf() { return model.get("model").codings || []; }
  function byId() { const m = new Map(); for (const c of codingsOf()) m.set(c.id, c); return m; }

  function segNode(seg, codings) {
    let node = document.createTextNode(seg[0]);
    const ids = seg[1];
    for (let j = ids.length - 1; j >= 0; j--) {
      const c = codings.get(ids[j]);
      const m = h("mark", { "data-c": ids[j], style: "--c:" + (c ? c.color : "#777") });
      m.append(node);
      node = m;
    }
    return node;
  }

  function blockEl(b, codings) {
    const mg = h("div", { class: "rkw-mg", "aria-hidden": "true" });
    for (const i of b.codings) {
      const c = codings.get(i);
      if (!c) continue;
      mg.append(h("span", { class: "rkw-st", "data-c": i, "data-code": c.code, style: "--c:" + c.color,
        title: c.code + " · " + c.coder + " (" + c.source + ")" }));
    }
    const who = h("div", { class: "rkw-who" });
    const tx = h("div", { class: "rkw-tx" });
    for (const part of b.parts) {
      const span = h("span", { class: "rkw-" + part.cls + (part.s === null ? " rkw-gen" : "") });
      for (const seg of part.segs) span.append(segNode(seg, codings));
      (part.col === "who" ? who : tx).append(span);
    }
    return h("div", { class: "rkw-blk rkw-" + b.kind + (b.role ? " rkw-r-" + b.role : ""), "data-n": b.n }, mg, who, tx);
  }

  // Place each stripe beside the lines its coding covers, in lanes that do not overlap.
  // All geometry is read first, then all styles are written: one layout pass, not one per block.
  function measure(blk) {
    const mg = blk.firstChild;
    if (!mg.children.length) return null;
    const box = mg.getBoundingClientRect();
    const ext = {};
    for (const m of blk.querySelectorAll("mark")) {
      const c = m.getAttribute("data-c");
      for (const r of m.getClientRects()) {
        const e = ext[c];
        if (!e) ext[c] = [r.top, r.bottom];
        else { e[0] = Math.min(e[0], r.top); e[1] = Math.max(e[1], r.bottom); }
      }
    }
    const items = [];
    for (const st of mg.children) {
      const e = ext[st.getAttribute("data-c")];
      if (e) items.push([e[0] - box.top, e[1] - box.top, st]);
    }
    items.sort((p, q) => p[0] - q[0] || q[1] - p[1]);
    const lanes = [];
    for (const it of items) {
      let lane = 0;
      while (lane < lanes.length && lanes[lane] > it[0] + 0.5) lane++;
      lanes[lane] = it[1] + 2;
      it.push(lane);
    }
    return items;
  }
  function layoutStripes(blocks) {
    const jobs = [];
    for (const blk of blocks) { const items = measure(blk); if (items) jobs.push(items); }
    for (const items of jobs) for (const [top, bottom, st, lane] of items) {
      st.style.top = top.toFixed(1) + "px";
      st.style.height = Math.max(4, bottom - top).toFixed(1) + "px";
      st.style.right = (lane * 15) + "px";
    }
  }

  function drawDoc() {
    const m = model.get("model");
    const doc = m.doc, codings = byId();
    const fresh = doc.doc_id !== state.docId;
    if (fresh) { docEl.replaceChildren(); state.blocks.clear(); state.docId = doc.doc_id; docEl.scrollTop = 0; }
    const changed = [];
    const keep = new Set();
    let prev = null;
    for (const b of doc.blocks) {
      keep.add(b.n);
      const have = state.blocks.get(b.n);
      if (have && have.key === b.key) { prev = have.el; continue; }
      const el2 = blockEl(b, codings);
      if (have) have.el.replaceWith(el2);
      else if (prev) prev.after(el2);
      else docEl.prepend(el2);
      state.blocks.set(b.n, { key: b.key, el: el2 });
      changed.push(el2);
      prev = el2;
    }
    for (const [n, v] of state.blocks) if (!keep.has(n)) { v.el.remove(); state.blocks.delete(n); }
    // stripe tooltips and colours may change without the text changing: refresh them everywhere
    if (!fresh) for (const v of state.blocks.values()) for (const st of v.el.firstChild.children) {
      const c = codings.get(st.getAttribute("data-c"));
      if (c && st.getAttribute("data-code") !== c.code) { st.style.setProperty("--c", c.color); st.setAttribute("data-code", c.code); }
    }
    requestAnimationFrame(() => {
      layoutStripes(changed);
      el.setAttribute("data-rk-ready", String((Number(el.getAttribute("data-rk-ready")) || 0) + 1));
    });
    const attrs = Object.entries(doc.attributes || {}).map(([k, v]) => k + ": " + v).join(" · ");
    head.replaceChildren(h("h3", { text: doc.doc_id }),
      h("span", { class: "rkw-stats", text: `${doc.index + 1}/${doc.n_docs} · ${doc.n_turns} turns · ${codings.size} codings shown` + (attrs ? " · " + attrs : "") }));
  }

  function drawToolbar() {
    const m = model.get("model");
    if (docSelect.options.length !== m.doc_ids.length) docSelect.replaceChildren(...m.doc_ids.map((d) => h("option", { value: d, text: d })));
    docSelect.value = m.doc.doc_id;
    snapSel.value = model.get("snap");
    undoBtn.disabled = !m.undo;
    undoBtn.title = m.undo ? "Undo: " + m.undo : "Nothing to undo";
  }

  function drawFilters() {
    const m = model.get("model");
    const f = m.filters || {};
    const group = (name, values, chosen) => h("div", { class: "rkw-fgroup" }, h("span", { text: name + ": " }),
      ...values.map((v) => h("label", {}, h("input", { type: "checkbox", "data-kind": name, value: v, checked: !chosen || chosen.includes(v),
        onchange: sendFilters }), " " + v)));
    filters.replaceChildren(group("coder", m.coders, f.coders), group("source", m.sources, f.sources));
  }
  function sendFilters() {
    const pick = (kind) => [...filters.querySelectorAll(`input[data-kind=${kind}]`)];
    const sel = (kind) => { const all = pick(kind); const on = all.filter((i) => i.checked).map((i) => i.value); return on.length === all.length ? null : on; };
    model.send({ cmd: "filter", coders: sel("coder"), sources: sel("source") });
  }

  // ---------------------------------------------------------------- code tree and type-ahead
  function matches(q) {
    const codes = model.get("model").codes || [];
    q = q.trim().toLowerCase();
    if (!q) return codes;
    const pre = codes.filter((c) => c.id.toLowerCase().startsWith(q));
    const rest = codes.filter((c) => !pre.includes(c) && (c.id.toLowerCase().includes(q) || c.name.toLowerCase().includes(q)));
    return pre.concat(rest);
  }
  let hi = 0;
  function drawTree() {
    const list = matches(search.value);
    hi = Math.min(hi, Math.max(0, list.length - 1));
    tree.replaceChildren(...list.map((c, k) => h("li", {
      class: "rkw-code lv" + Math.min(c.level, 5) + (k === hi && search.value ? " hi" : "") + (c.missing ? " missing" : ""),
      "data-code": c.id, title: c.description || c.name,
      onclick: () => chooseCode(c.id),
    }, h("span", { class: "rkw-sw", style: "--c:" + c.color }), h("b", { text: c.id }), " ", h("span", { class: "rkw-cname", text: c.name }),
      h("span", { class: "rkw-n", text: c.n_doc + " / " + c.n_all, title: "in this document / in the project" }))));
  }
  function chooseCode(code) {
    if (state.active && !Object.keys(model.get("selection") || {}).length) model.send({ cmd: "recode", id: state.active, code });
    else model.send({ cmd: "apply", code });
    search.value = ""; hi = 0; drawTree(); docEl.focus({ preventScroll: true });
  }
  search.addEventListener("input", () => { hi = 0; drawTree(); });
  search.addEventListener("keydown", (ev) => {
    const list = matches(search.value);
    if (ev.key === "ArrowDown") { hi = Math.min(hi + 1, list.length - 1); drawTree(); ev.preventDefault(); }
    else if (ev.key === "ArrowUp") { hi = Math.max(hi - 1, 0); drawTree(); ev.preventDefault(); }
    else if (ev.key === "Enter") { ev.preventDefault(); if (list.length) chooseCode(list[hi].id); else model.send({ cmd: "apply", code: search.value }); }
    else if (ev.key === "Escape") { search.value = ""; drawTree(); docEl.focus(); }
  });

  // ---------------------------------------------------------------- selection
  function highlight(sel) {
    if (!window.CSS || !CSS.highlights) return;
    CSS.highlights.delete("rkw-sel");
    if (sel && sel.start16 !== undefined) CSS.highlights.set("rkw-sel", new Highlight(rangeAt(docEl, sel.start16, sel.end16)));
  }
  docEl.addEventListener("mouseup", (ev) => {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) {
      const t = ev.target.closest && ev.target.closest("mark, .rkw-st");
      if (t) activate(t.getAttribute("data-c"));
      return;
    }
    if (!docEl.contains(sel.anchorNode) && !docEl.contains(sel.focusNode)) return;
    const a = offsetOf(docEl, sel.anchorNode, sel.anchorOffset);
    const b = offsetOf(docEl, sel.focusNode, sel.focusOffset);
    if (a === b) return;
    model.send({ cmd: "select", start16: a, end16: b });
  });
  docEl.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") { model.send({ cmd: "clear" }); activate(null); }
    else if ((ev.key === "z" && (ev.ctrlKey || ev.metaKey)) || ev.key === "u") { model.send({ cmd: "undo" }); ev.preventDefault(); }
    else if (ev.key.length === 1 && /\S/.test(ev.key) && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      search.focus(); search.value = ev.key; hi = 0; drawTree(); ev.preventDefault();
    }
  });
  function onSelection() {
    const sel = model.get("selection") || {};
    highlight(sel);
    if (sel.start16 !== undefined) {
      search.placeholder = "Code «" + (sel.text.length > 40 ? sel.text.slice(0, 37) + "..." : sel.text) + "»: type, Enter";
      search.focus({ preventScroll: true });
    } else search.placeholder = "Type a code, Enter applies";
  }

  // ---------------------------------------------------------------- the active coding
  function activate(id) {
    state.active = id && byId().has(id) ? id : null;
    drawPanel();
  }
  function drawPanel() {
    for (const x of docEl.querySelectorAll(".on")) x.classList.remove("on");
    const c = byId().get(state.active);
    if (!c) { state.active = null; panel.replaceChildren(); return; }
    for (const x of docEl.querySelectorAll(`[data-c="${c.id}"]`)) x.classList.add("on");
    const memo = h("textarea", { class: "rkw-memo-text", rows: "2", placeholder: "Memo on this coding" });
    const recode = h("input", { class: "rkw-recode", placeholder: "change code to…", list: "rkw-codes-list" });
    recode.addEventListener("keydown", (ev) => { if (ev.key === "Enter") model.send({ cmd: "recode", id: c.id, code: recode.value }); });
    const nudge = (edge, d, label) => h("button", { type: "button", class: `rkw-nudge rkw-${edge}${d > 0 ? "R" : "L"}`, text: label,
      onclick: () => model.send({ cmd: "nudge", id: c.id, edge, direction: d }) });
    panel.replaceChildren(h("h4", { text: "Coding" }),
      h("div", { class: "rkw-cinfo" }, h("span", { class: "rkw-sw", style: "--c:" + c.color }), h("b", { text: c.code }),
        ` · ${c.coder} · ${c.source} · ${c.start}–${c.end}`),
      h("div", { class: "rkw-ctext", text: "«" + c.text + "»" }),
      h("div", { class: "rkw-row" }, h("button", { type: "button", class: "rkw-remove", text: "Remove", onclick: () => model.send({ cmd: "remove", id: c.id }) }),
        h("button", { type: "button", class: "rkw-movesel", text: "Move to selection", onclick: () => model.send({ cmd: "move_to_selection", id: c.id }) })),
      h("div", { class: "rkw-row" }, nudge("start", -1, "◀ start"), nudge("start", 1, "start ▶"), nudge("end", -1, "◀ end"), nudge("end", 1, "end ▶")),
      recode,
      h("datalist", { id: "rkw-codes-list" }, ...(model.get("model").codes || []).map((x) => h("option", { value: x.id, text: x.name }))),
      memo,
      h("button", { type: "button", class: "rkw-savememo", text: "Save memo", onclick: () => model.send({ cmd: "memo", id: c.id, text: memo.value }) }));
  }
  function drawMemos() {
    const m = model.get("model");
    const sel = model.get("selection") || {};
    const area = h("textarea", { class: "rkw-selmemo", rows: "2", placeholder: sel.text ? "Memo on the selection" : "Select text to write a memo on it" });
    memos.replaceChildren(h("h4", { text: "Memos" }),
      ...(m.memos || []).map((x) => h("div", { class: "rkw-memo" + (x.start !== null ? " passage" : ""), title: x.author,
        onclick: x.start !== null ? () => model.send({ cmd: "goto", doc_id: m.doc.doc_id, position: x.start }) : null },
        h("b", { text: x.author + (x.start !== null ? ` @${x.start}` : x.target_type === "coding" ? " (coding)" : "") + ": " }), x.text)),
      area, h("button", { type: "button", class: "rkw-addmemo", text: "Memo on selection", onclick: () => model.send({ cmd: "memo", text: area.value }) }));
  }

  // ---------------------------------------------------------------- wiring
  function all() { drawToolbar(); drawDoc(); drawTree(); drawFilters(); drawPanel(); drawMemos(); }
  model.on("change:model", all);
  model.on("change:selection", () => { onSelection(); drawMemos(); });
  model.on("change:snap", drawToolbar);
  model.on("change:focus", () => {
    const f = model.get("focus") || {};
    if (f.start16 === undefined) return;
    requestAnimationFrame(() => {
      const [node] = pointAt(docEl, f.start16, true);
      const target = node.nodeType === 3 ? node.parentElement : node;
      if (target && target.scrollIntoView) target.scrollIntoView({ block: "center" });
    });
  });
  const ro = new ResizeObserver(() => layoutStripes([...state.blocks.values()].map((v) => v.el)));
  ro.observe(docEl);
  all();
  onSelection();
  return () => ro.disconnect();
}

export default { render };
