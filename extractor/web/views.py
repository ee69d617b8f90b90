"""Server-rendered HTML: the page shell, and an article with every extracted span highlighted.

Everything from an article or a person goes through ``html.escape``; the page
scripts fill in data with ``textContent`` only.
"""

from __future__ import annotations

import hashlib
from functools import cache
from html import escape
from itertools import pairwise
from pathlib import Path

from ..ingest import SUPPORTED_SUFFIXES
from ..render import cite, record_lines
from ..schema import STAGE_LABELS, Article, ArticleExtraction, Span
from .safety import MAX_FILE_BYTES, MAX_FILES

_ACCEPT = ",".join(sorted(SUPPORTED_SUFFIXES))  # the file picker offers what ingest reads
STATIC = Path(__file__).parent / "static"
Records = list[tuple[str, str, list[Span]]]
NAV = [("ask", "/", "问答"), ("deals", "/deals", "项目"), ("articles", "/articles", "文章")]
EXAMPLES = [
    "光大人工智能产业基地总投资多少?",
    "哪些项目投资额超过100亿元?",
    "洞泾实质落地的企业投资金额有多少?",
]


@cache
def asset(name: str) -> str:
    """``/static/name`` with a content hash, so a new version is never served from cache."""
    digest = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:10]
    return f"/static/{name}?v={digest}"


def page(title: str, body: str, *, active: str, script: str | None = None) -> str:
    nav = "".join(
        f'<a href="{href}"{" class=on aria-current=page" if key == active else ""}>{label}</a>'
        for key, href, label in NAV
    )
    scripts = f'<script src="{asset("common.js")}"></script>'
    if script:
        scripts += f'<script src="{asset(script)}"></script>'
    return (
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)} · 招商引资项目库</title>"
        f"<link rel='icon' href='data:,'><link rel='stylesheet' href='{asset('app.css')}'></head>"
        f"<body data-page='{active}'><header class='top'><a class='brand' href='/'>招商引资项目库</a>"
        f"<nav>{nav}</nav></header><main>{body}</main>"
        "<footer>每个回答和项目都标明出处：点击引用或“来源”可查看原文段落。</footer>"
        f"{scripts}</body></html>"
    )


def ask_page() -> str:
    chips = "".join(
        f'<button type="button" class="chip" data-q="{escape(q)}">{escape(q)}</button>' for q in EXAMPLES
    )
    body = f"""
<section class="ask">
  <h1>问答</h1>
  <form id="ask-form" class="askbox" autocomplete="off">
    <label for="q" class="sr">问题</label>
    <input id="q" name="q" type="search" maxlength="500" required
      placeholder="用中文提问，例如：光大人工智能产业基地总投资多少?">
    <button type="submit" id="ask-button">提问</button>
  </form>
  <p class="hint">试试：{chips}</p>
  <div id="status" class="status" role="status" aria-live="polite"></div>
  <article id="answer" class="answer" hidden>
    <p class="question" id="answer-q"></p>
    <p class="answer-text" id="answer-text"></p>
    <div id="cite-view" class="cite-view" hidden></div>
    <h2 id="list-title"></h2>
    <ol id="cite-list" class="cite-list"></ol>
    <p class="meta" id="answer-meta"></p>
  </article>
  <aside class="recent" id="recent-box" hidden>
    <h2>最近的问题 <button type="button" id="clear-recent" class="link">清除</button></h2>
    <ol id="recent"></ol>
  </aside>
</section>"""
    return page("问答", body, active="ask", script="ask.js")


def deals_page() -> str:
    stages = "".join(f'<option value="{k}">{escape(v)}</option>' for k, v in STAGE_LABELS.items())
    heads = [
        ("project", "项目"), ("investors", "投资方"), ("location", "地点"), ("industry", "产业"),
        ("amount", "金额"), ("stage", "阶段"), ("date", "日期"), ("source", "来源"),
    ]  # fmt: skip
    ths = "".join(
        f'<th data-sort="{k}" aria-sort="none">'
        f'<button type="button">{v}<span class="arrow"></span></button></th>'
        for k, v in heads
    )
    agg_heads = "".join(f"<th>{h}</th>" for h in ("范围", "项目数", "金额", "亿元", "口径", "阶段", "来源"))
    body = f"""
<h1>项目</h1>
<div class="tabs" role="tablist" aria-label="项目或汇总数据">
  <button type="button" role="tab" id="tab-deals" aria-controls="panel-deals"
    aria-selected="true">项目</button>
  <button type="button" role="tab" id="tab-aggregates" aria-controls="panel-aggregates"
    aria-selected="false">汇总数据</button></div>
<section id="panel-deals" role="tabpanel" aria-labelledby="tab-deals">
<form id="filters" class="filters">
  <label>地点 <input name="place" list="places" placeholder="如 重庆"></label>
  <label>产业 <input name="industry" list="industries" placeholder="如 人工智能"></label>
  <label>阶段 <select name="stage"><option value="">全部</option>{stages}</select></label>
  <label>金额（亿元）<input name="min_yi" type="number" min="0" step="any" class="num" placeholder="最低">
    – <input name="max_yi" type="number" min="0" step="any" class="num" placeholder="最高"></label>
  <label title="项目没有自己的日期时，按文章发布日期筛选">日期 <input name="date_from" type="date"> –
    <input name="date_to" type="date"></label>
  <label title="多篇文章报道的同一项目只列一行，来源列出每篇报道">报道 <select name="dedupe">
    <option value="">逐篇列出</option><option value="true">合并同一项目</option></select></label>
  <button type="submit">筛选</button> <button type="reset" class="secondary">清除</button>
  <datalist id="places"></datalist><datalist id="industries"></datalist>
</form>
<p id="facets" class="facets" aria-label="当前结果中的地点和产业（项目数）"></p>
<div class="toolbar"><span id="count" role="status"></span>
  <span>导出当前结果：<a id="export-csv" href="/api/deals?format=csv">CSV</a> ·
  <a id="export-xlsx" href="/api/deals?format=xlsx">Excel</a></span></div>
<div class="table-wrap"><table id="deals" class="deals">
  <thead><tr>{ths}</tr></thead><tbody></tbody>
  <tfoot><tr id="total"><td colspan="4">合计</td><td class="num" id="total-amount"></td>
    <td colspan="3" id="total-note"></td></tr></tfoot></table></div>
<p id="empty" class="empty" hidden>没有符合条件的项目。</p>
<nav id="pager" class="pager" aria-label="翻页" hidden>
  <button type="button" id="prev" class="secondary">上一页</button><span id="page-info"></span>
  <button type="button" id="next" class="secondary">下一页</button></nav>
</section>
<section id="panel-aggregates" role="tabpanel" aria-labelledby="tab-aggregates" hidden>
<div class="toolbar"><span id="agg-count" role="status"></span>
  <span>导出：<a id="export-agg-csv" href="/api/aggregates?format=csv">CSV</a> ·
  <a href="/api/deals?format=xlsx" title="Excel 的“汇总”工作表">Excel</a></span></div>
<p class="note">文章报道的汇总数字（如“共签约项目39个，总投资605.6亿元”），不是单个项目，不计入项目合计。</p>
<div class="table-wrap"><table id="aggregates" class="deals aggregates">
  <thead><tr>{agg_heads}</tr></thead><tbody></tbody></table></div>
<p id="agg-empty" class="empty" hidden>没有汇总数据。</p>
</section>"""
    return page("项目", body, active="deals", script="deals.js")


def articles_page() -> str:
    mb = MAX_FILE_BYTES // 1024 // 1024
    body = f"""
<h1>文章</h1>
<section class="upload">
  <form id="upload-form">
    <label for="files">上传新文章（.txt .md .html .docx .pdf，可多选，
      每个不超过 {mb} MB，每次最多 {MAX_FILES} 个）</label>
    <div class="row"><input id="files" name="files" type="file" multiple
      accept="{_ACCEPT}"><button type="submit">上传并入库</button></div>
    <label class="check"><input id="replace" name="replace" type="checkbox" value="true">
      替换同名文章（已有同名而内容不同的文章，勾选后才会被替换）</label>
  </form>
  <div id="upload" class="progress-box" hidden>
    <progress id="upload-bar" max="1" value="0"></progress> <span id="upload-step"></span>
    <ul id="upload-files" class="files"></ul>
  </div>
</section>
<table id="articles" class="articles"><thead><tr><th>文章</th><th>日期</th><th>段落</th>
  <th class=nowrap>抽取</th><th>来源编号</th></tr></thead><tbody></tbody></table>
<p id="empty" class="empty" hidden>还没有文章：上传几篇试试。</p>"""
    return page("文章", body, active="articles", script="articles.js")


def error_page(status: int, message: str) -> str:
    body = f"<h1>出错了（{status}）</h1><p class='error'>{escape(message)}</p><p><a href='/'>回到首页</a></p>"
    return page("出错了", body, active="")


# --------------------------------------------------------------------------- one article


def article_page(article: Article, extraction: ArticleExtraction, focus: tuple[int, int] | None) -> str:
    records = record_lines(extraction)
    items = []
    for rid, label, spans in records:
        links = " ".join(f'<a href="#{rid}-{k}">{escape(cite(s))}</a>' for k, s in enumerate(spans))
        items.append(f'<li id="{rid}"><b>{rid}</b> {escape(label)} — {links}</li>')
    listing = (
        f"<ol class='records'>{''.join(items)}</ol>" if items else "<p class='empty'>没有抽取到项目。</p>"
    )
    paras = "".join(paragraph_html(article, p.n, records, focus) for p in article.paragraphs)
    title = escape(article.title or article.source)
    meta = " · ".join(
        escape(x) for x in (article.source, article.published or "日期未知", f"{len(article.paragraphs)} 段")
    )
    n_deals, n_aggs = len(extraction.deals), len(extraction.aggregates)
    money = sum(1 for d in extraction.deals if d.amount)
    body = f"""
<p class="crumbs"><a href="/articles">文章</a> › {escape(article.source)}</p>
<h1>{title}</h1>
<p class="meta">{meta} · 抽取后端 {escape(extraction.backend)}</p>
<section class="audit">
  <h2>抽取结果（{n_deals} 个项目，其中 {money} 个有金额；{n_aggs} 个汇总）</h2>
  {listing}
</section>
<section class="text"><h2>原文 <small>高亮为抽取证据，段落号可链接</small></h2>{paras}</section>"""
    return page(article.title or article.source, body, active="articles", script="article.js")


def paragraph_html(article: Article, n: int, records: Records, focus: tuple[int, int] | None = None) -> str:
    """Paragraph ``n`` with every record span marked, and ``focus`` (a citation) marked on top."""
    p = article.paragraph(n)
    spans = [(s.start, s.end, rid, k) for rid, _, ss in records for k, s in enumerate(ss) if s.paragraph == n]
    cuts = {p.start, p.end}
    for start, end, _, _ in spans:
        cuts |= {max(start, p.start), min(end, p.end)}
    if focus:
        cuts |= {min(max(focus[0], p.start), p.end), min(max(focus[1], p.start), p.end)}
    bounds = sorted(cuts)
    out: list[str] = []
    for a, b in pairwise(bounds):
        if a >= b:
            continue
        text = escape(article.text[a:b])
        covering = [(rid, k, s) for s, e, rid, k in spans if s <= a and b <= e]
        focused = focus is not None and focus[0] <= a and b <= focus[1]
        classes = " ".join(c for c, on in (("ev", covering), ("cite", focused)) if on)
        # an anchor where each record span starts, for the links in the record list
        out += [f'<span class="anchor" id="{rid}-{k}"></span>' for rid, k, s in covering if s == a]
        if classes:
            title = " ".join(dict.fromkeys(rid for rid, _, _ in covering))
            text = f'<mark class="{classes}" title="{title}">{text}</mark>'
        out.append(text)
        for rid in dict.fromkeys(rid for _, e, rid, _ in spans if e == b):
            out.append(f'<sup><a href="#{rid}">{rid}</a></sup>')
    target = " target" if focus and p.start <= focus[0] < p.end else ""
    # a PDF's page starts here: say so, as the printed page would
    first = p.page is not None and (n == 1 or article.paragraph(n - 1).page != p.page)
    return (
        (f'<p class="page-no" id="page{p.page}">第{p.page}页</p>' if first else "")
        + f'<p id="p{n}" class="{p.kind}{target}"><a class="pn" href="#p{n}" title="第{n}段">{n}</a>'
        f"{''.join(out)}</p>"
    )
