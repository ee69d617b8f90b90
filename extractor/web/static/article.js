// The article page: bring a cited quote (?hl=start-end) into view; the #pN anchor does the rest.
"use strict";

(() => {
  const mark = document.querySelector("mark.cite");
  if (mark) mark.scrollIntoView({ block: "center" });
})();

// Remove this article (its paragraphs, index entries and deals go with it), after a confirmation.
(() => {
  const prefix = "/articles/";
  const meta = document.querySelector("p.meta");
  if (!meta || !location.pathname.startsWith(prefix)) return;
  const source = decodeURIComponent(location.pathname.slice(prefix.length));
  const status = dq.el("span", { id: "remove-status", role: "status" });
  const button = dq.el("button", { type: "button", id: "remove-article" }, "删除这篇文章");
  button.addEventListener("click", async () => {
    const question = `确定删除“${source}”吗？\n文章、段落索引和从中抽取的项目将一并删除，无法恢复。`;
    if (!window.confirm(question)) return;
    button.disabled = true;
    status.textContent = "正在删除…";
    try {
      await dq.json(`/api/articles/${encodeURIComponent(source)}`, { method: "DELETE" });
      status.textContent = "已删除，正在返回文章列表…";
      location.assign("/articles");
    } catch (err) {
      status.textContent = `删除失败：${err.message}`;
      button.disabled = false;
    }
  });
  meta.after(dq.el("p", { class: "actions" }, button, " ", status));
})();
