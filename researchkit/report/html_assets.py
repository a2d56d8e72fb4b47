"""The inline CSS and JavaScript of the coded-transcripts page (no external files, no fonts, no network).

Examples
--------
>>> _CSS.startswith(":root"), "use strict" in _JS
(True, True)
"""

_CSS = """\
:root{--side:17rem;--mgw:3rem;--who:9.5rem}
*{box-sizing:border-box}
body{margin:0;color:#1d1d1f;background:#fff;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.layout{display:grid;grid-template-columns:var(--side) minmax(0,1fr)}
#rk-side{position:sticky;top:0;height:100vh;overflow:auto;padding:.8rem 1rem;border-right:1px solid #d8d8dc;background:#f7f7f9;font-size:13px}
#rk-side h2{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#555;margin:1rem 0 .4rem}
#rk-side h2:first-child{margin-top:0}
#rk-doc{width:100%;font:inherit}
.toc{list-style:none;margin:.4rem 0;padding:0}
.toc li{display:flex;gap:.35em;align-items:baseline;padding:1px 0}
.toc .desc{color:#666;flex:1;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.n{float:right;color:#555;font-variant-numeric:tabular-nums}
#rk-codes{list-style:none;margin:0;padding:0}
#rk-codes li{padding:1px 0}
#rk-codes label{display:block;cursor:pointer}
#rk-codes .grp{color:#555;padding-left:1.4rem}
#rk-codes .lv2{margin-left:1rem}#rk-codes .lv3{margin-left:2rem}#rk-codes .lv4,#rk-codes .lv5,#rk-codes .lv6{margin-left:3rem}
.sw{display:inline-block;width:.8em;height:.8em;border-radius:2px;background:var(--c);vertical-align:-1px}
.cid{font-weight:600}.cname{color:#444}
.fbtn button{font:inherit;padding:0 .5em}
main{padding:1rem 2rem 4rem;min-width:0;max-width:72rem}
header.page h1{margin:.2rem 0}
.summary{color:#555;margin:.2rem 0 1rem}
.notice{background:#fff4d6;border:1px solid #e0c060;padding:.4rem .6rem;border-radius:4px}
article.doc{border-top:2px solid #d8d8dc;margin-top:1.5rem;padding-top:.5rem}
article.doc>header h2{margin:.2rem 0}
.attrs{display:flex;flex-wrap:wrap;gap:.1rem 1rem;margin:.2rem 0;font-size:13px}
.attrs dt{color:#666}.attrs dt::after{content:":"}.attrs dd{margin:0 0 0 .3rem}
.stats{color:#666;font-size:13px;margin:.2rem 0 .6rem}
.blk{position:relative;display:grid;grid-template-columns:var(--mgw) var(--who) minmax(0,1fr);column-gap:.6rem;padding:.3rem 0}
.blk.turn+.blk.turn{border-top:1px solid #f0f0f2}
.mg{grid-column:1;grid-row:1;display:flex;justify-content:flex-end;gap:2px}
.st{display:block;width:4px;min-height:4px;border-radius:1px;background:var(--c)}
.js .mg{display:block;position:relative}
.js .st{position:absolute;top:0;height:100%;right:0}
.who{grid-column:2;grid-row:1;white-space:normal;overflow-wrap:anywhere;font-size:13px}
.lbl{font-weight:600}
.meta{display:block;color:#666}
.role{font-size:11px;text-transform:uppercase;letter-spacing:.04em;border:1px solid #ccc;border-radius:3px;padding:0 .3em}
.r-respondent .role{border-color:#6a9fd4;color:#245e99}
.tx{grid-column:3;grid-row:1;white-space:pre-wrap;overflow-wrap:anywhere}
.blk:not(.turn) .tx{grid-column:2/4;color:#555}
.r-interviewer .tx{color:#3c3c43}
mark{color:inherit;background:none;border-radius:2px}
mark.on,.st.on{outline:2px solid var(--c);outline-offset:0}
#rk-tip{position:fixed;z-index:10;max-width:28rem;padding:.35rem .55rem;background:#222;color:#fff;font-size:12px;line-height:1.4;border-radius:4px;pointer-events:none;white-space:pre-line;box-shadow:0 2px 8px rgba(0,0,0,.25)}
time{font-variant-numeric:tabular-nums}
[hidden]{display:none!important}
@media print{.layout{display:block}#rk-side{display:none}}
"""

_JS = r"""(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var hidden = {};
  var main = document.getElementById("rk-main");

  function docs() { return document.querySelectorAll("article.doc"); }

  // Place each stripe beside the lines its coding covers in that block, in lanes
  // that do not overlap. Reads all geometry first, then writes (one layout pass).
  function layout(articles) {
    var jobs = [], i, j;
    for (i = 0; i < articles.length; i++) {
      var art = articles[i];
      if (art.hidden) continue;
      var margins = art.querySelectorAll(".mg");
      for (j = 0; j < margins.length; j++) {
        var mg = margins[j];
        var stripes = mg.children;
        if (!stripes.length) continue;
        var box = mg.getBoundingClientRect();
        if (!box.width && !box.height) continue;
        var spans = mg.parentNode.querySelectorAll("mark"), ext = {};
        for (var s = 0; s < spans.length; s++) {
          var c = spans[s].getAttribute("data-c"), r = spans[s].getBoundingClientRect();
          var e = ext[c];
          if (!e) ext[c] = [r.top, r.bottom];
          else { if (r.top < e[0]) e[0] = r.top; if (r.bottom > e[1]) e[1] = r.bottom; }
        }
        jobs.push([mg, box, ext]);
      }
    }
    for (i = 0; i < jobs.length; i++) {
      var m = jobs[i][0], b = jobs[i][1], x = jobs[i][2], items = [];
      for (j = 0; j < m.children.length; j++) {
        var st = m.children[j];
        if (hidden[st.getAttribute("data-k")]) continue;
        var ex = x[st.getAttribute("data-c")];
        if (!ex) continue;
        items.push([ex[0] - b.top, ex[1] - b.top, j, st]);
      }
      items.sort(function (p, q) { return p[0] - q[0] || q[1] - p[1] || p[2] - q[2]; });
      var lanes = [];
      for (j = 0; j < items.length; j++) {
        var it = items[j], lane = 0;
        while (lane < lanes.length && lanes[lane] > it[0] + 0.5) lane++;
        lanes[lane] = it[1] + 2;
        it.push(lane);
      }
      var pitch = Math.max(1.5, Math.min(6, b.width / Math.max(1, lanes.length)));
      var width = Math.max(1, Math.min(4, pitch - 1));
      for (j = 0; j < items.length; j++) {
        var el = items[j][3];
        el.style.top = items[j][0].toFixed(1) + "px";
        el.style.height = Math.max(3, items[j][1] - items[j][0]).toFixed(1) + "px";
        el.style.right = (items[j][4] * pitch).toFixed(1) + "px";
        el.style.width = width.toFixed(1) + "px";
      }
    }
  }
  function layoutAll() { layout(docs()); root.setAttribute("data-rk-ready", "1"); }

  // Code filter: a class x<k> on <html> hides code k's stripes and highlights (CSS).
  var boxes = document.querySelectorAll("#rk-codes input[type=checkbox]");
  function setCode(k, on) {
    if (on) { delete hidden[k]; root.classList.remove("x" + k); }
    else { hidden[k] = true; root.classList.add("x" + k); }
  }
  for (var b = 0; b < boxes.length; b++) {
    boxes[b].addEventListener("change", function (ev) {
      setCode(ev.target.getAttribute("data-k"), ev.target.checked); layoutAll();
    });
    if (!boxes[b].checked) setCode(boxes[b].getAttribute("data-k"), false);
  }
  function setAll(on) {
    for (var i = 0; i < boxes.length; i++) { boxes[i].checked = on; setCode(boxes[i].getAttribute("data-k"), on); }
    layoutAll();
  }
  var all = document.getElementById("rk-all"), none = document.getElementById("rk-none");
  if (all) all.addEventListener("click", function () { setAll(true); });
  if (none) none.addEventListener("click", function () { setAll(false); });

  // Document selector: show one document or all.
  var select = document.getElementById("rk-doc");
  function showDoc(id) {
    var list = docs();
    for (var i = 0; i < list.length; i++) list[i].hidden = !!id && list[i].id !== id;
    layoutAll();
  }
  select.addEventListener("change", function () {
    showDoc(select.value);
    if (select.value) location.hash = select.value; else window.scrollTo(0, 0);
  });
  window.addEventListener("hashchange", function () {
    var id = location.hash.slice(1);
    if (select.value && select.value !== id && /^doc-\d+$/.test(id) && document.getElementById(id)) {
      select.value = id; showDoc(id);
    }
  });

  // Hovering a highlight or stripe outlines the coding's text and shows a tooltip with
  // code id and name, coder and source of every (visible) coding at that place.
  var data = JSON.parse(document.getElementById("rk-data").textContent);
  var tip = document.getElementById("rk-tip");
  function codingsAt(t) {
    var out = [];
    if (t.classList.contains("st")) out.push(t);
    else for (var e = t; e && e.tagName === "MARK"; e = e.parentNode) out.unshift(e);
    return out;
  }
  function describe(c) {
    var d = data.codings[c];
    var line = data.codes[d[0]] + "\n  coder: " + (d[1] || "?") + " \u00b7 source: " + d[2];
    return d[3] ? line + "\n  " + d[3] : line;
  }
  function hover(ev, on) {
    var t = ev.target;
    if (!t || !t.classList || !(t.tagName === "MARK" || t.classList.contains("st"))) return;
    var blk = t.closest(".blk"), els = codingsAt(t), lines = [];
    for (var i = 0; i < els.length; i++) {
      var c = els[i].getAttribute("data-c");
      if (hidden[data.codings[c][0]]) continue;
      lines.push(describe(c));
      var same = blk.querySelectorAll('[data-c="' + c + '"]');
      for (var j = 0; j < same.length; j++) same[j].classList.toggle("on", on);
    }
    if (on && lines.length) {
      tip.textContent = lines.join("\n");
      tip.hidden = false;
      var x = Math.min(ev.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
      var y = ev.clientY + 16;
      if (y + tip.offsetHeight > window.innerHeight) y = ev.clientY - tip.offsetHeight - 8;
      tip.style.left = Math.max(4, x) + "px"; tip.style.top = Math.max(4, y) + "px";
    } else tip.hidden = true;
  }
  main.addEventListener("mouseover", function (ev) { hover(ev, true); });
  main.addEventListener("mouseout", function (ev) { hover(ev, false); });

  var pending = false;
  window.addEventListener("resize", function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; layoutAll(); });
  });
  layoutAll();
})();
"""
