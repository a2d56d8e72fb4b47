// researchkit workspace: the segment table of SegmentBrowser.

function render({ model, el }) {
  el.classList.add("rkw", "rkw-segments");
  keepKeys(el);
  const head = h("div", { class: "rkw-head" });
  const filters = h("div", { class: "rkw-filters" });
  const list = h("div", { class: "rkw-seglist" });
  el.append(head, filters, list, messageBar(model));

  function send() {
    const s = model.get("state");
    const checked = (kind) => { const all = [...filters.querySelectorAll(`input[data-kind=${kind}]`)]; const on = all.filter((i) => i.checked).map((i) => i.value); return on.length === all.length ? null : on; };
    const attrs = {};
    for (const sel of filters.querySelectorAll("select[data-attr]")) if (sel.value) attrs[sel.getAttribute("data-attr")] = [sel.value];
    model.send({ cmd: "filter", coders: checked("coder"), sources: checked("source"), attributes: attrs });
  }
  function draw() {
    const s = model.get("state") || {};
    const f = s.filters || {};
    head.replaceChildren(h("h3", { text: s.title }), h("span", { class: "rkw-stats", text: `${s.rows.length} of ${s.total} segments` }));
    const group = (name, values, chosen) => h("span", { class: "rkw-fgroup" }, name + ": ",
      ...values.map((v) => h("label", {}, h("input", { type: "checkbox", "data-kind": name, value: v, checked: !chosen || chosen.includes(v), onchange: send }), " " + v)));
    const attrs = Object.entries(s.attributes || {}).map(([a, values]) => {
      const sel = h("select", { "data-attr": a, onchange: send }, h("option", { value: "", text: a + ": all" }), ...values.map((v) => h("option", { value: v, text: a + ": " + v })));
      const cur = (f.attributes || {})[a];
      sel.value = cur && cur.length ? cur[0] : "";
      return sel;
    });
    filters.replaceChildren(group("coder", s.coders || [], f.coders), group("source", s.sources || [], f.sources), ...attrs);
    list.replaceChildren(...s.rows.map((r) => h("div", { class: "rkw-seg", "data-k": r.k, tabindex: "0", onclick: () => model.send({ cmd: "open", k: r.k }),
      onkeydown: (ev) => { if (ev.key === "Enter") model.send({ cmd: "open", k: r.k }); } },
      h("div", { class: "rkw-segmeta", text: `${r.doc_id} · ${r.start}–${r.end} · ${r.code} · ${r.coder} (${r.source})` }),
      h("div", { class: "rkw-segtext" }, h("span", { class: "rkw-ctx", text: r.before }), h("mark", { text: r.text }), h("span", { class: "rkw-ctx", text: r.after })))));
    el.setAttribute("data-rk-ready", String((Number(el.getAttribute("data-rk-ready")) || 0) + 1));
  }
  model.on("change:state", draw);
  draw();
}

export default { render };
