// The deals page: filters, sorting and paging run on the server (/api/deals), so the export is this exact view.
"use strict";

(() => {
  const { el, json, query, clear } = dq;
  const form = document.getElementById("filters");
  const body = document.querySelector("#deals tbody");
  const count = document.getElementById("count");
  const empty = document.getElementById("empty");
  const csv = document.getElementById("export-csv");
  const xlsx = document.getElementById("export-xlsx");
  const totalAmount = document.getElementById("total-amount");
  const totalNote = document.getElementById("total-note");
  const pager = document.getElementById("pager");
  const pageInfo = document.getElementById("page-info");
  const prev = document.getElementById("prev");
  const next = document.getElementById("next");
  const FIELDS = ["place", "industry", "stage", "min_yi", "max_yi", "date_from", "date_to", "dedupe"];
  const PAGE = 100;
  let sort = "source";
  let order = "asc";
  let offset = 0;

  // The view's filters and order (what the export downloads); paging is added per request.
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
    offset = Math.max(0, parseInt(q.get("offset") || "0", 10) || 0);
  }

  function showSort() {
    for (const th of document.querySelectorAll("#deals th[data-sort]")) {
      const on = th.dataset.sort === sort;
      th.setAttribute("aria-sort", on ? (order === "asc" ? "ascending" : "descending") : "none");
      th.querySelector(".arrow").textContent = on ? (order === "asc" ? " ▲" : " ▼") : "";
    }
  }

  function reportLink(report) {
    return el(
      "a",
      { href: report.href, title: `${report.title || report.source} 第${report.paragraph}段：${report.quote}` },
      el("span", { class: "title" }, report.title || report.source),
      el("span", { class: "para-no" }, `第${report.paragraph}段`),
    );
  }

  // data-label names the column: on a phone each row is a card and the label stands beside its value.
  function cell(label, props, ...children) {
    return el("td", { ...props, "data-label": label }, ...children);
  }

  function row(item) {
    const r = item.row;
    return el(
      "tr",
      {},
      cell("项目", { class: "project" }, r["项目"] || "（未命名）"),
      cell("投资方", {}, r["投资方"]),
      cell("地点", {}, r["地点"]),
      cell("产业", {}, r["产业"]),
      cell("金额", { class: "num" }, r["金额"]),
      cell("阶段", {}, el("span", { class: `stage stage-${item.stage}` }, r["阶段"])),
      cell("日期", { class: "date", title: item.date_source === "article" ? "项目无日期，用文章发布日期" : "" }, r["日期"]),
      cell("来源", { class: "source" }, ...item.reports.map(reportLink)),
    );
  }

  function yi(value) {
    return `${Number(value.toFixed(2))}亿`;
  }

  function showTotals(data) {
    const amounts = data.totals.amounts;
    totalAmount.textContent = amounts
      .map((a) => (a.currency === "CNY" ? `${yi(a.sum_yi)}元` : `${yi(a.sum_yi)} ${a.currency}`))
      .join(" + ");
    const priced = amounts.reduce((n, a) => n + a.count, 0);
    totalNote.textContent = `${data.count} 个项目，其中 ${priced} 个有金额`;
  }

  function showPager(data) {
    pager.hidden = data.count <= PAGE;
    const last = Math.min(data.offset + PAGE, data.count);
    pageInfo.textContent = ` 第 ${data.count ? data.offset + 1 : 0}–${last} 条，共 ${data.count} 条 `;
    prev.disabled = data.offset === 0;
    next.disabled = last >= data.count;
  }

  // Each load bumps this; a response that arrives after a newer request started is dropped,
  // so two quick sort clicks can't leave the older order on screen.
  let latest = 0;

  async function load() {
    const mine = ++latest;
    const view = params();
    const q = query(offset ? { ...view, offset } : view);
    history.replaceState(null, "", (q ? "?" + q : location.pathname) + location.hash);
    csv.href = "/api/deals?" + query({ ...view, format: "csv" });
    xlsx.href = "/api/deals?" + query({ ...view, format: "xlsx" });
    showSort();
    count.textContent = "加载中…";
    count.className = "";
    try {
      const data = await json("/api/deals?" + query({ ...view, limit: PAGE, offset }));
      if (mine !== latest) return;
      clear(body);
      for (const item of data.deals) body.append(row(item));
      count.textContent = `共 ${data.count} 个项目`;
      empty.hidden = data.count > 0;
      showTotals(data);
      showPager(data);
      showFacets(data.facets);
    } catch (err) {
      if (mine !== latest) return;
      count.textContent = err.message;
      count.className = "error";
    }
  }

  // A new filter or order starts at the first page.
  function reload() {
    offset = 0;
    load();
  }

  // Facet counts of the current view: the place and industry suggestions (the most common also as
  // buttons beside the filters) and each stage option, e.g. "重庆高新区 (12)".
  const FACETS_SHOWN = 5;
  const stageNames = new Map([...form.elements.stage.options].map((o) => [o.value, o.textContent]));

  function facetButton(name, value, n) {
    const pick = () => {
      form.elements[name].value = value;
      reload();
    };
    return el("button", { type: "button", class: "facet link", onclick: pick }, `${value} (${n})`);
  }

  function showFacets(facets) {
    for (const [id, key] of [["places", "place"], ["industries", "industry"]]) {
      const list = clear(document.getElementById(id));
      for (const [value, n] of facets[key]) list.append(el("option", { value, label: `${value} (${n})` }));
    }
    const box = clear(document.getElementById("facets"));
    for (const [key, name, label] of [["place", "place", "地点"], ["industry", "industry", "产业"]]) {
      const top = facets[key].slice(0, FACETS_SHOWN);
      if (!top.length) continue;
      box.append(el("span", { class: "facet-group", "data-facet": key }, `${label}：`,
        ...top.map(([value, n]) => facetButton(name, value, n))));
    }
    const stageCounts = new Map(facets.stage);
    for (const option of form.elements.stage.options) {
      if (!option.value) continue;
      const n = stageCounts.get(option.value);
      option.textContent = n ? `${stageNames.get(option.value)} (${n})` : stageNames.get(option.value);
    }
  }

  // The aggregates tab: reported totals over many projects, read once when the tab is first opened.
  const tabs = { deals: document.getElementById("tab-deals"), aggregates: document.getElementById("tab-aggregates") };
  let aggregatesLoaded = false;

  function aggregateRow(item) {
    const r = item.row;
    return el(
      "tr",
      {},
      cell("范围", { class: "project" }, r["范围"] || "（未写范围）"),
      cell("项目数", { class: "num" }, r["项目数"]),
      cell("金额", { class: "num" }, r["金额"]),
      cell("亿元", { class: "num" }, item.amount_yi === null ? "" : String(Number(item.amount_yi.toFixed(2)))),
      cell("口径", {}, r["口径"]),
      cell("阶段", {}, el("span", { class: `stage stage-${item.stage}` }, r["阶段"])),
      cell("来源", { class: "source" }, reportLink(item)),
    );
  }

  async function loadAggregates() {
    const status = document.getElementById("agg-count");
    const rows = document.querySelector("#aggregates tbody");
    status.textContent = "加载中…";
    status.className = "";
    try {
      const data = await json("/api/aggregates");
      clear(rows);
      for (const item of data.aggregates) rows.append(aggregateRow(item));
      status.textContent = `共 ${data.count} 条汇总数据`;
      document.getElementById("agg-empty").hidden = data.count > 0;
      aggregatesLoaded = true;
    } catch (err) {
      status.textContent = err.message;
      status.className = "error";
    }
  }

  function showTab(name) {
    for (const [key, tab] of Object.entries(tabs)) {
      tab.setAttribute("aria-selected", String(key === name));
      document.getElementById(tab.getAttribute("aria-controls")).hidden = key !== name;
    }
    history.replaceState(null, "", location.pathname + location.search + (name === "aggregates" ? "#aggregates" : ""));
    if (name === "aggregates" && !aggregatesLoaded) loadAggregates();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    reload();
  });
  form.addEventListener("reset", () => setTimeout(reload, 0));
  form.elements.stage.addEventListener("change", reload);
  form.elements.dedupe.addEventListener("change", reload);
  prev.addEventListener("click", () => {
    offset = Math.max(0, offset - PAGE);
    load();
  });
  next.addEventListener("click", () => {
    offset += PAGE;
    load();
  });
  for (const th of document.querySelectorAll("#deals th[data-sort]")) {
    th.querySelector("button").addEventListener("click", () => {
      order = sort === th.dataset.sort && order === "asc" ? "desc" : "asc";
      sort = th.dataset.sort;
      reload();
    });
  }
  for (const [key, tab] of Object.entries(tabs)) tab.addEventListener("click", () => showTab(key));
  fromUrl();
  load();
  if (location.hash === "#aggregates") showTab("aggregates");
})();
