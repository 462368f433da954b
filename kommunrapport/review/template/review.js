// The review page: builds the pages, the boxes, the list and the detail panel from the JSON in
// #review-data. Every text from the document is set with textContent, never parsed as HTML.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("review-data").textContent);
  const facts = data.facts;
  const byId = new Map(facts.map((f) => [f.id, f]));
  const tables = new Map(data.tables.map((t) => [t.id, t]));
  const boxes = new Map();      // fact id -> its element(s) on the page
  const state = { kinds: new Set(data.kinds.map((k) => k.id)), warningsOnly: false, noBoxOnly: false, query: "" };
  let selected = null;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k === "style") node.setAttribute("style", v);
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }
  const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  const kindLabel = (k) => (data.kinds.find((x) => x.id === k) || { label: k }).label;

  // ---- header: the document and the legend --------------------------------------------------------
  function header() {
    const d = data.doc;
    const doc = document.getElementById("doc");
    doc.append(el("h1", { text: d.name }));
    doc.append(el("div", { class: "meta", text: d.summary }));
    const legend = document.getElementById("legend");
    for (const k of data.kinds) {
      legend.append(el("span", {}, el("span", { class: "swatch k-" + k.id }), k.label));
    }
    for (const [st, label] of [["reconciled", "table reconciled"], ["unreconciled", "table does not add up"],
      ["warning", "warning"], ["skipped", "skipped table"]]) {
      legend.append(el("span", {}, el("span", { class: "swatch st-" + st, style: "--c:#444" }), label));
    }
    legend.append(el("span", {}, el("span", { class: "swatch silent" }), "amount-shaped number with no fact"));
  }

  // ---- the side list and its filters --------------------------------------------------------------
  function filters() {
    const box = document.getElementById("filters");
    for (const k of data.kinds) {
      const cb = el("input", { type: "checkbox", checked: true, "data-kind": k.id,
        onchange: (e) => { e.target.checked ? state.kinds.add(k.id) : state.kinds.delete(k.id); applyFilters(); } });
      box.append(el("label", { class: "k-" + k.id }, cb, el("span", { class: "dot" }), `${k.label} (${k.count})`));
    }
    const w = el("input", { type: "checkbox", id: "only-warnings",
      onchange: (e) => { state.warningsOnly = e.target.checked; applyFilters(); } });
    box.append(el("label", {}, w, `with a warning (${data.counts.warned})`));
    const nb = el("input", { type: "checkbox", id: "only-nobox",
      onchange: (e) => { state.noBoxOnly = e.target.checked; applyFilters(); } });
    box.append(el("label", {}, nb, `not drawn on a page (${data.counts.unplaced})`));
    const sil = el("input", { type: "checkbox", checked: true,
      onchange: (e) => document.body.classList.toggle("hide-silent", !e.target.checked) });
    box.append(el("label", {}, sil, "mark numbers with no fact"));
    box.append(el("input", { type: "search", placeholder: "search label, text, amount …",
      oninput: (e) => { state.query = e.target.value.toLowerCase(); applyFilters(); } }));
  }

  function factList() {
    const list = document.getElementById("fact-list");
    for (const f of facts) {
      const where = f.page ? `p.${f.page}` : f.line ? `l.${f.line}` : "–";
      const nobox = !f.placed && !f.offPage;
      const li = el("li", { class: `k-${f.kind} st-${f.status}` + (nobox ? " nobox" : f.offPage ? " offpage" : ""),
        "data-id": f.id, title: f.offPage ? "its page was not drawn" : f.placed ? ""
          : "not drawn on a page: " + (f.page || f.line ? "no box was recorded" : "no place was recorded"),
        onclick: () => select(f.id, true) },
        el("span", { class: "dot" }), el("span", { class: "title", text: f.title }),
        el("span", { class: "where", text: nobox ? where + " · no box" : where }));
      f.li = li;
      list.append(li);
    }
  }

  function applyFilters() {
    let shown = 0;
    for (const f of facts) {
      const hay = (f.title + " " + f.fields.map((x) => x[1]).join(" ")).toLowerCase();
      const visible = state.kinds.has(f.kind) && (!state.warningsOnly || f.warnings.length > 0)
        && (!state.noBoxOnly || (!f.placed && !f.offPage)) && (!state.query || hay.includes(state.query));
      f.li.hidden = !visible;
      for (const b of boxes.get(f.id) || []) b.classList.toggle("filtered", !visible);
      if (visible) shown += 1;
    }
    document.getElementById("counts").textContent =
      `${shown} of ${facts.length} facts shown · ` + (data.doc.format === "pdf"
        ? `${data.counts.boxed} drawn on a page · ` : `${facts.length - data.counts.unplaced} marked on their lines · `) +
      `${data.counts.unplaced} without a place on the page · ` +
      (data.counts.off_pages ? `${data.counts.off_pages} on pages not drawn · ` : "") +
      `${data.counts.silent} amount-shaped numbers with no fact (${data.counts.silent_unexplained} without a warning)`;
  }

  function loneWarnings() {
    const lone = document.getElementById("lone");
    const rows = data.warnings.filter((w) => w.facts.length === 0);
    if (!rows.length) return;
    lone.append(el("h3", { text: `Warnings at no fact (${rows.length})` }));
    const ul = el("ul");
    rows.forEach((w) => {
      const where = w.page ? `p.${w.page}` : w.line ? `l.${w.line}` : "document";
      ul.append(el("li", { onclick: () => selectWarning(w) }, el("b", { text: w.code }), ` ${where}: ${w.message}`));
    });
    lone.append(ul);
  }

  function tableList() {
    const box = document.getElementById("table-list");
    if (!data.tables.length) return;
    box.append(el("h3", { text: `Tables (${data.tables.length})` }));
    const ul = el("ul");
    for (const t of data.tables) {
      const where = t.page ? `p.${t.page}` : t.line ? `l.${t.line}` : "";
      ul.append(el("li", { class: "st-" + t.status, "data-table": t.id, onclick: () => selectTable(t.id, true) },
        el("b", { text: t.id }), ` ${where} · ${t.status}${t.skipped ? " (" + t.skipped + ")" : ""} · ${t.title}`));
    }
    box.append(ul);
  }

  // ---- pages --------------------------------------------------------------------------------------
  function pct(v, lo, span) { return ((v - lo) / span * 100).toFixed(3) + "%"; }
  function place(node, box, frame) {
    const w = frame[2] - frame[0], h = frame[3] - frame[1];
    node.style.left = pct(box[0], frame[0], w);
    node.style.top = pct(box[1], frame[1], h);
    node.style.width = ((box[2] - box[0]) / w * 100).toFixed(3) + "%";
    node.style.height = ((box[3] - box[1]) / h * 100).toFixed(3) + "%";
    return node;
  }

  function hover(node, text) {
    const tip = document.getElementById("tooltip");
    node.addEventListener("mouseenter", () => { tip.textContent = text(); tip.hidden = false; });
    node.addEventListener("mousemove", (e) => {
      tip.style.left = Math.min(e.clientX + 14, window.innerWidth - 390) + "px";
      tip.style.top = (e.clientY + 14) + "px";
    });
    node.addEventListener("mouseleave", () => { tip.hidden = true; });
  }

  function factTip(f) {
    return () => `${kindLabel(f.kind)} · ${f.status}\n${f.title}` + (f.warnings.length ? `\n⚠ ${f.warnings[0][0]}` : "");
  }

  function overview(main) {
    const ov = el("div", { id: "overview" });
    for (const p of data.pages) {
      const cls = (p.silent_unexplained ? "has-unexplained" : "") + (p.facts ? "" : " no-facts");
      const label = p.n === null ? "before p.1" : p.n;
      ov.append(el("a", { href: p.n === null ? "#line-1" : "#page-" + p.n, class: cls,
        title: `${p.facts} facts, ${p.silent.length} numbers with no fact (${p.silent_unexplained} without a warning)`,
        text: `${label}: ${p.facts}` + (p.silent.length ? ` · ${p.silent.length}` : "") }));
    }
    main.append(ov);
  }

  function pdfPages(main) {
    overview(main);
    const onPage = new Map();
    for (const f of facts) if (f.box && f.page) {
      if (!onPage.has(f.page)) onPage.set(f.page, []);
      onPage.get(f.page).push(f);
    }
    for (const p of data.pages) {
      const frame = p.frame;
      const sec = el("section", { class: "page", id: "page-" + p.n, "data-page": p.n });
      const silentText = `${p.silent.length} amount-shaped numbers with no fact` +
        (p.silent.length ? ` (${p.silent_unexplained} without a warning)` : "");
      sec.append(el("h2", {}, el("span", { text: `Page ${p.n}` }), el("span", { text: `${p.facts} facts` }),
        el("span", { class: "silent-count" + (p.silent.length ? "" : " zero"), "data-silent": p.silent.length,
          text: silentText }), p.error ? el("span", { class: "err", text: p.error }) : null));
      const sheet = el("div", { class: "sheet", style: `aspect-ratio: ${frame[2] - frame[0]} / ${frame[3] - frame[1]}` });
      if (p.img) sheet.append(el("img", { src: p.img, alt: `page ${p.n}`, draggable: "false" }));
      for (const t of data.tables) if (t.page === p.n && t.box) {
        const node = place(el("div", { class: `tbl st-${t.status}`, "data-table": t.id }), t.box, frame);
        const tab = el("span", { class: "tab", text: `${t.id} ${t.kind || ""} · ${t.status}`,
          onclick: (e) => { e.stopPropagation(); selectTable(t.id); } });
        node.append(tab);
        if (t.status === "skipped") node.addEventListener("click", () => selectTable(t.id));
        hover(tab, () => `${t.title}\n${t.status}${t.skipped ? ": " + t.skipped : ""}`);
        sheet.append(node);
      }
      for (const w of data.warnings) if (w.page === p.n && w.box && w.facts.length === 0 && !w.table) {
        const node = place(el("div", { class: "warn", "data-warning": w.code }), w.box, frame);
        node.addEventListener("click", () => selectWarning(w));
        hover(node, () => `⚠ ${w.code}\n${w.message}`);
        w.node = node;
        sheet.append(node);
      }
      for (const s of p.silent) {
        const node = place(el("div", { class: "silent" + (s.explained ? " explained" : "") }), s.box, frame);
        sheet.append(node);
      }
      for (const f of onPage.get(p.n) || []) {
        const node = place(el("div", { class: `box k-${f.kind} st-${f.status}`, "data-id": f.id,
          "data-kind": f.kind, "data-status": f.status }), f.box, frame);
        node.addEventListener("click", (e) => { e.stopPropagation(); select(f.id, false); });
        hover(node, factTip(f));
        boxes.set(f.id, [node]);
        sheet.append(node);
      }
      sec.append(sheet);
      main.append(sec);
    }
  }

  function textLines(main) {
    overview(main);
    const doc = el("div", { class: "textdoc" });
    const byLine = new Map();
    for (const f of facts) if (f.line) {
      if (!byLine.has(f.line)) byLine.set(f.line, []);
      byLine.get(f.line).push(f);
    }
    let page = null;
    for (const ln of data.lines) {
      if (ln.page !== page) {
        page = ln.page;
        if (page !== null) doc.append(el("div", { class: "pagebreak", id: "page-" + page, text: `page ${page}` }));
      }
      const here = byLine.get(ln.n) || [];
      const row = el("div", { class: "tline" + (here.length ? " has-fact" : "") + (ln.warned ? " warned" : ""),
        id: "line-" + ln.n });
      row.append(el("span", { class: "ln", text: String(ln.n) }));
      const chips = el("span", { class: "chips" });
      for (const t of data.tables) if (t.line === ln.n) {
        chips.append(el("span", { class: `ttab st-${t.status}`, "data-table": t.id, text: t.id,
          title: `${t.title} · ${t.status}${t.skipped ? ": " + t.skipped : ""}`, onclick: () => selectTable(t.id) }));
      }
      for (const f of here) {
        const chip = el("span", { class: `box k-${f.kind} st-${f.status}`, "data-id": f.id, "data-kind": f.kind,
          "data-status": f.status, onclick: () => select(f.id, false) });
        hover(chip, factTip(f));
        boxes.set(f.id, [chip]);
        chips.append(chip);
      }
      row.append(chips);
      row.append(lineText(ln));
      doc.append(row);
    }
    main.append(doc);
  }

  function lineText(ln) {
    // marks: [start, end, kind of mark, fact id]; the text between them stays plain
    const marks = ln.spans.map(([s, e, id]) => [s, e, "hit", id]).concat(
      ln.silent.map(([s, e, explained]) => [s, e, explained ? "silent explained" : "silent", null]));
    marks.sort((a, b) => a[0] - b[0]);
    const txt = el("span", { class: "txt" });
    let at = 0;
    for (const [s, e, cls, id] of marks) {
      if (s < at) continue;
      txt.append(ln.text.slice(at, s));
      const f = id ? byId.get(id) : null;
      const span = el("span", { class: cls + (f ? " k-" + f.kind : ""), "data-id": id, text: ln.text.slice(s, e) });
      if (f) {
        span.addEventListener("click", () => select(id, false));
        hover(span, factTip(f));
        boxes.get(id).push(span);
      }
      txt.append(span);
      at = e;
    }
    txt.append(ln.text.slice(at));
    return txt;
  }

  // ---- selection and the detail panel -------------------------------------------------------------
  function clearSelection() {
    document.querySelectorAll(".selected").forEach((n) => n.classList.remove("selected"));
  }

  function fieldTable(fields) {
    const t = el("table", { class: "fields" });
    for (const [k, v] of fields) {
      t.append(el("tr", { "data-field": slug(k) }, el("th", { text: k }), el("td", { class: "v", text: v })));
    }
    return t;
  }

  function tableSection(t) {
    const parts = [el("h3", { text: `Table ${t.title}` }),
      el("span", { class: "status " + t.status, text: t.status + (t.skipped ? ": " + t.skipped : "") }),
      fieldTable(t.fields)];
    const said = data.warnings.filter((w) => w.table === t.id);
    if (said.length) {
      const ul = el("ul", { class: "warnings" });
      said.forEach((w) => ul.append(el("li", {}, el("b", { text: w.code }), " " + w.message)));
      parts.push(ul);
    }
    if (t.columns.length) {
      const ct = el("table", { class: "columns" }, el("tr", {}, el("th", { text: "column" }),
        el("th", { text: "measure" }), el("th", { text: "period" })));
      for (const [h, m, p] of t.columns) ct.append(el("tr", {}, el("td", { text: h }), el("td", { text: m }), el("td", { text: p })));
      parts.push(ct);
    }
    return parts;
  }

  function select(id, scroll) {
    const f = byId.get(id);
    if (!f) return;
    clearSelection();
    selected = id;
    const nodes = boxes.get(id) || [];
    nodes.forEach((n) => n.classList.add("selected"));
    f.li.classList.add("selected");
    if (scroll && nodes.length) nodes[0].scrollIntoView({ block: "center", behavior: "smooth" });
    else if (scroll && f.page) document.getElementById("page-" + f.page)?.scrollIntoView({ block: "start" });
    else if (scroll && f.line) document.getElementById("line-" + f.line)?.scrollIntoView({ block: "center" });
    if (!scroll) f.li.scrollIntoView({ block: "nearest" });
    const detail = document.getElementById("detail");
    detail.replaceChildren(
      el("div", { class: "kind k-" + f.kind, text: kindLabel(f.kind) }),
      el("span", { class: "status " + f.status, "data-status": f.status, text: f.status }),
      el("h3", { class: "fact-title", text: f.title }),
      fieldTable(f.fields),
      el("p", { class: "hint", text: "Drawn at: " + f.boxNote }));
    if (f.warnings.length) {
      const ul = el("ul", { class: "warnings" });
      f.warnings.forEach(([code, msg]) => ul.append(el("li", {}, el("b", { text: code }), " " + msg)));
      detail.append(el("h3", { text: "Warnings" }), ul);
    }
    detail.append(verdictControls(f));
    const t = f.table ? tables.get(f.table) : null;
    if (t) detail.append(...tableSection(t));
    detail.dataset.fact = id;
  }

  // ---- the reviewer's verdicts: kept in this browser (localStorage, per document), exported as CSV ----
  const storeKey = "kommunrapport-review:" + data.doc.sha256;
  const verdicts = (() => { try { return JSON.parse(localStorage.getItem(storeKey) || "{}"); } catch (e) { return {}; } })();

  function saveVerdicts() {
    try { localStorage.setItem(storeKey, JSON.stringify(verdicts)); } catch (e) { /* private mode: kept for this visit */ }
    showVerdicts();
  }

  function markListItem(f) {
    const v = verdicts[f.id];
    f.li.dataset.verdict = v ? v.verdict : "";
  }

  function verdictControls(f) {
    const v = verdicts[f.id] || {};
    const set = (verdict) => () => {
      if (verdict) verdicts[f.id] = { verdict, note: note.value }; else delete verdicts[f.id];
      markListItem(f);
      saveVerdicts();
      select(f.id, false);
    };
    const note = el("input", { type: "text", class: "note", placeholder: "note (what is wrong, what it should be)",
      value: v.note || "", onchange: (e) => { if (verdicts[f.id]) { verdicts[f.id].note = e.target.value; saveVerdicts(); } } });
    return el("div", { class: "verdict" }, el("h3", { text: "Your check" }),
      el("button", { class: "right" + (v.verdict === "right" ? " on" : ""), onclick: set("right"), text: "✓ right" }),
      el("button", { class: "wrong" + (v.verdict === "wrong" ? " on" : ""), onclick: set("wrong"), text: "✗ wrong" }),
      el("button", { class: "small", onclick: set(null), text: "clear" }), note);
  }

  function showVerdicts() {
    const box = document.getElementById("verdicts");
    const all = Object.values(verdicts);
    const right = all.filter((v) => v.verdict === "right").length;
    box.replaceChildren(el("span", { text: `Checked ${all.length} of ${facts.length}: ${right} right, ` +
      `${all.length - right} wrong ` }), el("button", { class: "small", onclick: exportVerdicts, text: "download CSV" }));
  }

  function csvCell(value) {
    let s = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(s) && !/^-?[\d\s\u202f]+$/.test(s)) s = "'" + s;   // never a formula in a spreadsheet
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function exportVerdicts() {
    const head = ["document", "sha256", "fact", "kind", "title", "page", "line", "amount", "raw", "rule", "verdict", "note"];
    const rows = [head];
    for (const f of facts) {
      const v = verdicts[f.id];
      if (!v) continue;
      const fields = Object.fromEntries(f.fields);
      rows.push([data.doc.name, data.doc.sha256, f.id, f.kind, f.title, f.page, f.line, f.amount,
        fields["Raw text"] || fields["Raw"] || "", fields["Rule"] || "", v.verdict, v.note]);
    }
    const text = rows.map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
    const a = el("a", { href: URL.createObjectURL(new Blob([text], { type: "text/csv" })),
      download: data.doc.name.replace(/\.[^.]+$/, "") + ".verdicts.csv" });
    document.body.append(a);
    a.click();
    a.remove();
  }

  function selectTable(id, scroll) {
    const t = tables.get(id);
    clearSelection();
    const nodes = document.querySelectorAll(`[data-table="${CSS.escape(id)}"]`);
    nodes.forEach((n) => n.classList.add("selected"));
    const drawn = [...nodes].find((n) => !n.closest("#table-list"));
    if (scroll && drawn) drawn.scrollIntoView({ block: "center", behavior: "smooth" });
    else if (scroll && t.page) document.getElementById("page-" + t.page)?.scrollIntoView({ block: "start" });
    const detail = document.getElementById("detail");
    detail.replaceChildren(el("div", { class: "kind", text: "table" }), ...tableSection(t));
    detail.dataset.fact = "";
  }

  function selectWarning(w) {
    if (w.table) { selectTable(w.table, true); return; }
    clearSelection();
    if (w.node) { w.node.classList.add("selected"); w.node.scrollIntoView({ block: "center", behavior: "smooth" }); }
    else if (w.line) document.getElementById("line-" + w.line)?.scrollIntoView({ block: "center" });
    else if (w.page) document.getElementById("page-" + w.page)?.scrollIntoView({ block: "start" });
    const detail = document.getElementById("detail");
    detail.replaceChildren(el("div", { class: "kind", text: "warning at no fact" }),
      el("h3", { text: w.code }), el("p", { text: w.message }),
      el("p", { class: "hint", text: w.place }));
    detail.dataset.fact = "";
  }

  // keyboard: j / k walk the facts shown in the list
  document.addEventListener("keydown", (e) => {
    if (e.target.tagName === "INPUT" || !["j", "k"].includes(e.key)) return;
    const shown = facts.filter((f) => !f.li.hidden);
    if (!shown.length) return;
    const i = shown.findIndex((f) => f.id === selected);
    const next = e.key === "j" ? Math.min(i + 1, shown.length - 1) : Math.max(i - 1, 0);
    select(shown[next < 0 ? 0 : next].id, true);
  });

  header();
  filters();
  factList();
  const main = document.getElementById("pages");
  if (data.doc.format === "pdf") pdfPages(main); else textLines(main);
  loneWarnings();
  tableList();
  facts.forEach(markListItem);
  showVerdicts();
  applyFilters();
  document.body.dataset.ready = "1";
})();
