// The ask page: question -> /api/ask -> answer with clickable [n] markers and the cited paragraphs.
"use strict";

(() => {
  const { el, json, clear } = dq;
  const form = document.getElementById("ask-form");
  const input = document.getElementById("q");
  const button = document.getElementById("ask-button");
  const status = document.getElementById("status");
  const box = document.getElementById("answer");
  const questionOut = document.getElementById("answer-q");
  const answerOut = document.getElementById("answer-text");
  const view = document.getElementById("cite-view");
  const listTitle = document.getElementById("list-title");
  const list = document.getElementById("cite-list");
  const meta = document.getElementById("answer-meta");
  const recentBox = document.getElementById("recent-box");
  const recentList = document.getElementById("recent");
  // The store's question log (/api/log) is the list; 清除 hides what was asked up to now, in this browser only.
  const CLEARED_KEY = "dealqa.recent.cleared";
  let memoryCleared = "";
  let recent = [];

  function clearedAt() {
    try {
      return localStorage.getItem(CLEARED_KEY) || "";
    } catch (_) {
      return memoryCleared;
    }
  }

  async function loadRecent() {
    try {
      const data = await json("/api/log?limit=50", { headers: { Accept: "application/json" } });
      const since = clearedAt();
      const seen = new Set();
      recent = [];
      for (const entry of data.entries) {
        if ((since && Date.parse(entry.time) <= Date.parse(since)) || seen.has(entry.question)) continue;
        seen.add(entry.question);
        recent.push(entry.question);
        if (recent.length === 10) break;
      }
    } catch (_) {
      /* the log could not be read: keep the list as it was */
    }
    showRecent();
  }

  function showRecent() {
    recentBox.hidden = recent.length === 0;
    clear(recentList);
    for (const q of recent) {
      recentList.append(el("li", {}, el("button", { type: "button", class: "link", onclick: () => ask(q) }, q)));
    }
  }

  document.getElementById("clear-recent").addEventListener("click", () => {
    memoryCleared = new Date().toISOString();
    try {
      localStorage.setItem(CLEARED_KEY, memoryCleared);
    } catch (_) {
      /* storage unavailable: hidden for this page only */
    }
    recent = [];
    showRecent();
  });

  // ------------------------------------------------------------------ answers

  function paragraphNode(card, highlight) {
    const p = el("p", { class: "para" });
    if (card.verified) {
      p.append(card.before, highlight ? el("mark", {}, card.quote) : card.quote, card.after);
    } else {
      p.append(highlight ? el("mark", {}, card.quote) : card.quote);
    }
    return p;
  }

  function source(card) {
    const where = card.page ? `第${card.page}页 第${card.paragraph}段` : `第${card.paragraph}段`;
    const bits = [card.title || card.source, card.published || "日期未知", where];
    return bits.join(" · ");
  }

  function showCard(card, kind) {
    clear(view);
    view.hidden = false;
    const label = kind === "cite" ? `引用 [${card.n}]` : `相关段落 ${card.n}`;
    view.append(
      el("div", { class: "card-head" }, el("span", { class: "badge" }, label), el("span", { class: "src" }, source(card))),
      paragraphNode(card, kind === "cite"),
    );
    if (!card.verified) view.append(el("p", { class: "note" }, "原文已更新，仅显示当时引用的文字。"));
    view.append(el("a", { class: "open", href: card.href }, `查看原文第${card.paragraph}段 →`));
    for (const marker of answerOut.querySelectorAll(".marker")) {
      marker.classList.toggle("active", kind === "cite" && marker.dataset.n === String(card.n));
    }
  }

  function render(question, data) {
    const answer = data.answer;
    box.hidden = false;
    box.classList.toggle("abstained", answer.abstained);
    questionOut.textContent = question;
    clear(answerOut);
    clear(list);
    view.hidden = true;
    const cards = new Map(data.citations.map((c) => [String(c.n), c]));
    // "[n]" markers become buttons; everything else stays text.
    const parts = answer.answer.split(/(\[\d+\])/);
    for (const part of parts) {
      const m = /^\[(\d+)\]$/.exec(part);
      if (m && cards.has(m[1]) && !answer.abstained) {
        const card = cards.get(m[1]);
        answerOut.append(
          el("button", { type: "button", class: "marker", data: { n: m[1] }, title: source(card), onclick: () => showCard(card, "cite") }, part),
        );
      } else if (part) {
        answerOut.append(part);
      }
    }
    const shown = answer.abstained ? data.related : data.citations;
    listTitle.textContent = answer.abstained ? "相关段落（仅供参考，不是引用）" : shown.length ? "引用" : "";
    for (const card of shown) {
      const kind = answer.abstained ? "related" : "cite";
      list.append(
        el(
          "li",
          { class: kind },
          el("button", { type: "button", class: "link", onclick: () => showCard(card, kind) }, answer.abstained ? "相关段落" : `[${card.n}]`),
          " ",
          el("span", { class: "src" }, source(card)),
          el("q", {}, card.quote.length > 90 ? card.quote.slice(0, 90) + "…" : card.quote),
        ),
      );
    }
    const route = answer.route === "deals" ? "依据项目库统计" : "依据原文段落";
    const engine = answer.backend === "llm" ? `大模型 ${data.model || ""}`.trim() : "离线规则";
    meta.textContent = `${route} · ${engine}`;
  }

  async function ask(question) {
    question = question.trim();
    if (!question) return;
    input.value = question;
    button.disabled = true;
    status.textContent = "正在查找…";
    status.className = "status";
    try {
      const data = await json("/api/ask", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ question }),
      });
      status.textContent = "";
      render(question, data);
      recent = [question, ...recent.filter((q) => q !== question)].slice(0, 10);
      showRecent();
      history.replaceState(null, "", "?q=" + encodeURIComponent(question));
    } catch (err) {
      status.textContent = err.message;
      status.className = "status error";
    } finally {
      button.disabled = false;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    ask(input.value);
  });
  for (const chip of document.querySelectorAll(".chip")) {
    chip.addEventListener("click", () => ask(chip.dataset.q));
  }
  loadRecent();
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) ask(initial);
})();
