// researchkit workspace: the review queue (ReviewQueue).

function render({ model, el }) {
  el.classList.add("rkw", "rkw-review");
  el.setAttribute("tabindex", "0");
  keepKeys(el);
  const bar = h("div", { class: "rkw-progress" }, h("div", { class: "rkw-fill" }));
  const count = h("span", { class: "rkw-count" });
  const card = h("div", { class: "rkw-card" });
  const codeIn = h("input", { class: "rkw-codein", placeholder: "change code: type, Enter", list: "rkw-review-codes" });
  const codeList = h("datalist", { id: "rkw-review-codes" });
  const btn = (cls, text, msg, key) => h("button", { type: "button", class: "rkw-" + cls, text, title: key ? "key: " + key : null, onclick: () => model.send(msg) });
  const buttons = h("div", { class: "rkw-row" },
    btn("accept", "Accept (a)", { cmd: "accept" }, "a / Enter"), btn("reject", "Reject (r)", { cmd: "reject" }, "r"), btn("skip", "Skip (s)", { cmd: "skip" }, "s"),
    btn("startL", "◀ start", { cmd: "adjust", edge: "start", direction: -1 }, "Shift+←"), btn("startR", "start ▶", { cmd: "adjust", edge: "start", direction: 1 }, "Shift+→"),
    btn("endL", "◀ end", { cmd: "adjust", edge: "end", direction: -1 }, "←"), btn("endR", "end ▶", { cmd: "adjust", edge: "end", direction: 1 }, "→"),
    codeIn, codeList);
  const keys = h("div", { class: "rkw-keys", text: "Keys: a/Enter accept · r reject · s skip · ←/→ end by a word · Shift+←/→ start by a word · c change code" });
  el.append(h("div", { class: "rkw-row" }, bar, count), card, buttons, keys, messageBar(model));

  codeIn.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") { ev.preventDefault(); model.send({ cmd: "code", code: codeIn.value }); codeIn.value = ""; el.focus(); }
    else if (ev.key === "Escape") { codeIn.value = ""; el.focus(); }
  });
  el.addEventListener("keydown", (ev) => {
    if (ev.target === codeIn) return;
    const k = ev.key;
    let msg = null;
    if (k === "a" || k === "Enter") msg = { cmd: "accept" };
    else if (k === "r") msg = { cmd: "reject" };
    else if (k === "s") msg = { cmd: "skip" };
    else if (k === "ArrowLeft") msg = { cmd: "adjust", edge: ev.shiftKey ? "start" : "end", direction: -1 };
    else if (k === "ArrowRight") msg = { cmd: "adjust", edge: ev.shiftKey ? "start" : "end", direction: 1 };
    else if (k === "c") { codeIn.focus(); ev.preventDefault(); return; }
    if (msg) { ev.preventDefault(); model.send(msg); }
  });

  function draw() {
    const s = model.get("state") || {};
    const p = s.progress || { done: 0, total: 0 };
    bar.firstChild.style.width = (p.total ? (100 * p.done / p.total) : 100).toFixed(1) + "%";
    count.textContent = `${p.done} / ${p.total} decided`;
    codeList.replaceChildren(...(s.codes || []).map((c) => h("option", { value: c.id, text: c.name })));
    const c = s.current;
    if (!c) {
      card.replaceChildren(h("p", { class: "rkw-done", text: "No suggestions left to review." }));
    } else {
      const ctx = c.context;
      card.replaceChildren(...[
        h("div", { class: "rkw-meta" }, h("b", { class: "rkw-badge", text: c.code }),
          c.code !== c.suggested_code ? h("span", { class: "rkw-was", text: " (suggested " + c.suggested_code + ")" }) : null,
          ` · ${c.doc_id} · ${c.speaker || ""} ${c.role ? "(" + c.role + ")" : ""} · ${c.coder}` +
          (c.confidence !== null ? ` · confidence ${c.confidence.toFixed(2)}` : "") + (c.rule_id ? ` · rule ${c.rule_id}` : "")),
        h("div", { class: "rkw-context" }, ctx[0], h("span", { class: "rkw-sentence" }, ctx[1], h("mark", { class: "rkw-sugg", text: ctx[2] }), ctx[3]), ctx[4]),
        c.evidence ? h("div", { class: "rkw-evidence", text: "evidence: " + c.evidence }) : null,
        c.adjusted ? h("div", { class: "rkw-adjusted", text: "adjusted: accept stores «" + c.text + "» as " + c.code }) : null].filter(Boolean));
    }
    el.setAttribute("data-rk-ready", String((Number(el.getAttribute("data-rk-ready")) || 0) + 1));
  }
  model.on("change:state", draw);
  draw();
}

export default { render };
