// The index of a review sample: one row per sampled document, linked to its review page.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("review-data").textContent);
  document.getElementById("how").textContent =
    `${data.sample} documents drawn at random (seed ${data.seed}) from the ${data.population} documents of ` +
    `${data.db}, on ${data.made}. Each page shows the extraction stored in the database over the document's ` +
    "own pages. The same sample is drawn again with `kommunrapport corpus review --seed " + data.seed + "`.";
  const body = document.querySelector("#sample tbody");
  const td = (text, cls) => { const c = document.createElement("td"); c.textContent = text; if (cls) c.className = cls; return c; };
  for (const r of data.rows) {
    const tr = document.createElement("tr");
    if (r.problem) tr.className = "problem";
    tr.append(td(String(r.n), "num"), td(r.file_name), td(r.municipality), td(r.committee), td(r.document_type),
      td(r.fiscal_year === null ? "" : String(r.fiscal_year), "num"), td(String(r.facts), "num"),
      td(String(r.placed), "num"), td(String(r.silent), "num"),
      td(String(r.silent_unexplained), "num" + (r.silent_unexplained ? " hot" : "")));
    const link = document.createElement("td");
    if (r.review) {
      const a = document.createElement("a");
      a.href = encodeURI(r.review);
      a.textContent = "open";
      link.append(a);
    } else link.textContent = r.problem;
    tr.append(link);
    body.append(tr);
  }
})();
