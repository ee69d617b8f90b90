// The articles page: the list from /api/articles, and uploads that are ingested in the background.
"use strict";

(() => {
  const { el, json, clear, PAGE_HEADERS } = dq;
  const body = document.querySelector("#articles tbody");
  const empty = document.getElementById("empty");
  const form = document.getElementById("upload-form");
  const input = document.getElementById("files");
  const box = document.getElementById("upload");
  const bar = document.getElementById("upload-bar");
  const step = document.getElementById("upload-step");
  const fileList = document.getElementById("upload-files");
  const submit = form.querySelector("button[type=submit]");
  const replace = document.getElementById("replace");
  const STATES = {
    queued: "排队中",
    ingesting: "入库中",
    ingested: "已入库",
    unchanged: "未变化",
    extracting: "抽取中",
    done: "完成",
    failed: "失败",
  };

  function extraction(a) {
    if (a.error) return el("span", { class: "error" }, `抽取失败：${a.error}`);
    if (!a.extracted) return el("span", { class: "muted" }, "未抽取");
    return `${a.deals} 个项目` + (a.aggregates ? ` · ${a.aggregates} 个汇总` : "");
  }

  async function loadList() {
    try {
      const data = await json("/api/articles");
      clear(body);
      for (const a of data.articles) {
        body.append(
          el(
            "tr",
            {},
            el("td", {}, el("a", { href: a.href }, a.title || a.id)),
            el("td", { class: "date" }, a.published || "—"),
            el("td", { class: "num" }, String(a.paragraphs)),
            el("td", { class: "nowrap" }, extraction(a)),
            el("td", {}, el("code", {}, a.id)),
          ),
        );
      }
      empty.hidden = data.count > 0;
    } catch (err) {
      clear(body).append(el("tr", {}, el("td", { colspan: "5", class: "error" }, err.message)));
    }
  }

  function showJob(job) {
    bar.value = job.progress;
    const done = job.files.filter((f) => ["done", "unchanged", "failed"].includes(f.state)).length;
    step.textContent = `${job.step} · ${done}/${job.files.length} 个文件`;
    clear(fileList);
    for (const f of job.files) {
      let detail = f.state === "done" ? `${f.deals} 个项目` + (f.aggregates ? ` · ${f.aggregates} 个汇总` : "") : "";
      if (f.slow && !["done", "unchanged", "failed"].includes(f.state)) detail = `较慢：已用 ${Math.round(f.seconds)} 秒`;
      fileList.append(
        el(
          "li",
          { class: `file ${f.state}${f.slow ? " slow" : ""}`, data: { kind: f.kind || "" } },
          el("span", { class: "name" }, f.name),
          el("span", { class: "state" }, STATES[f.state] || f.state),
          detail ? el("span", { class: "detail" }, detail) : null,
          f.reason ? el("span", { class: "reason" }, f.reason) : null,
        ),
      );
    }
  }

  async function poll(url) {
    for (;;) {
      const job = await json(url);
      showJob(job);
      if (job.state === "done" || job.state === "failed") return job;
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  }

  /** XHR rather than fetch: it reports upload progress. */
  function send(files) {
    return new Promise((resolve, reject) => {
      const data = new FormData();
      for (const f of files) data.append("files", f, f.name);
      if (replace && replace.checked) data.append("replace", "true");
      const xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/ingest");
      xhr.setRequestHeader("Accept", "application/json");
      for (const [key, value] of Object.entries(PAGE_HEADERS)) xhr.setRequestHeader(key, value);
      xhr.responseType = "json";
      xhr.upload.addEventListener("progress", (e) => {
        if (!e.lengthComputable) return;
        bar.value = (0.2 * e.loaded) / e.total;
        step.textContent = `上传中 ${Math.round((100 * e.loaded) / e.total)}%`;
      });
      xhr.addEventListener("load", () => {
        if (xhr.status === 202) resolve(xhr.response);
        else reject(new Error((xhr.response && xhr.response.error) || `上传失败（${xhr.status}）`));
      });
      xhr.addEventListener("error", () => reject(new Error("上传失败：连接中断")));
      xhr.send(data);
    });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const files = [...input.files];
    box.hidden = false;
    clear(fileList);
    step.className = "";
    if (!files.length) {
      step.textContent = "请先选择文件。";
      return;
    }
    submit.disabled = true;
    bar.value = 0;
    try {
      const job = await poll((await send(files)).status_url);
      const failed = job.files.filter((f) => f.state === "failed").length;
      step.textContent =
        job.state === "failed" ? `入库失败：${job.error}` : failed ? `完成，${failed} 个文件未能入库（见原因）` : "全部完成";
      step.className = job.state === "failed" || failed ? "error" : "ok";
      form.reset();
      loadList();
    } catch (err) {
      step.textContent = err.message;
      step.className = "error";
    } finally {
      submit.disabled = false;
    }
  });

  loadList();
})();
