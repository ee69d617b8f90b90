// The deals page: filters and sorting run on the server (/api/deals), so the export is this exact view.
"use strict";

(() => {
  const { el, json, query, clear } = dq;
  const form = document.getElementById("filters");
  const body = document.querySelector("#deals tbody");
  const count = document.getElementById("count");
  const empty = document.getElementById("empty");
  const csv = document.getElementById("export-csv");
  const xlsx = document.getElementById("export-xlsx");
  const FIELDS = ["place", "industry", "stage", "min_yi", "max_yi", "date_from", "date_to"];
  let sort = "source";
  let order = "asc";

  function params() {
    const p = {};
    for (const name of FIELDS) p[name] = form.elements[name].value;
    if (sort !== "source" || order !== "asc") Object.assign(p, { sort, order });
    return p;
  }

  function fromUrl() {
    const q = new URLSearchParams(location.search);
    for (const name of FIELDS) if (q.has(name)) form.elements[name].value = q.get(name);
    sort = q.get("sort") || "source";
    order = q.get("order") === "desc" ? "desc" : "asc";
  }

  function showSort() {
    for (const th of document.querySelectorAll("#deals th")) {
      const on = th.dataset.sort === sort;
      th.setAttribute("aria-sort", on ? (order === "asc" ? "ascending" : "descending") : "none");
      th.querySelector(".arrow").textContent = on ? (order === "asc" ? " ▲" : " ▼") : "";
    }
  }

  function row(item) {
    const r = item.row;
    const link = el(
      "a",
      { href: item.href, title: `${item.title || item.source} 第${item.paragraph}段：${item.quote}` },
      el("span", { class: "title" }, item.title || item.source),
      el("span", { class: "para-no" }, `第${item.paragraph}段`),
    );
    return el(
      "tr",
      {},
      el("td", { class: "project" }, r["项目"] || "（未命名）"),
      el("td", {}, r["投资方"]),
      el("td", {}, r["地点"]),
      el("td", {}, r["产业"]),
      el("td", { class: "num" }, r["金额"]),
      el("td", {}, el("span", { class: `stage stage-${item.stage}` }, r["阶段"])),
      el("td", { class: "date" }, r["日期"]),
      el("td", { class: "source" }, link),
    );
  }

  // Each load bumps this; a response that arrives after a newer request started is dropped,
  // so two quick sort clicks can't leave the older order on screen.
  let latest = 0;

  async function load() {
    const mine = ++latest;
    const q = query(params());
    history.replaceState(null, "", q ? "?" + q : location.pathname);
    csv.href = "/api/deals?" + query({ ...params(), format: "csv" });
    xlsx.href = "/api/deals?" + query({ ...params(), format: "xlsx" });
    showSort();
    count.textContent = "加载中…";
    count.className = "";
    try {
      const data = await json("/api/deals?" + q);
      if (mine !== latest) return;
      clear(body);
      for (const item of data.deals) body.append(row(item));
      count.textContent = `共 ${data.count} 个项目`;
      empty.hidden = data.count > 0;
    } catch (err) {
      if (mine !== latest) return;
      count.textContent = err.message;
      count.className = "error";
    }
  }

  async function fillSuggestions() {
    try {
      const data = await json("/api/deals");
      const fill = (id, key) => {
        const list = clear(document.getElementById(id));
        const values = [...new Set(data.deals.map((d) => d.row[key]).filter(Boolean))].sort();
        for (const v of values) list.append(el("option", { value: v }));
      };
      fill("places", "地点");
      fill("industries", "产业");
    } catch (_) {
      /* suggestions are optional */
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  form.addEventListener("reset", () => setTimeout(load, 0));
  form.elements.stage.addEventListener("change", load);
  for (const th of document.querySelectorAll("#deals th")) {
    th.querySelector("button").addEventListener("click", () => {
      order = sort === th.dataset.sort && order === "asc" ? "desc" : "asc";
      sort = th.dataset.sort;
      load();
    });
  }
  fromUrl();
  load();
  fillSuggestions();
})();
