"""Presenting records to people: amounts in 亿元/万元, table rows, audit HTML.

Shared by the CLI and the web page, so a deal reads the same everywhere (files for
spreadsheets and scripts are ``extractor.export``'s).
"""

from __future__ import annotations

import html

from .schema import (
    MEASURE_LABELS,
    STAGE_LABELS,
    Aggregate,
    Article,
    ArticleExtraction,
    Deal,
    Money,
    Span,
)

KIND_PREFIX = {"at_least": "≥", "at_most": "≤", "exact": "", "range": ""}
# An approximate amount keeps the article's own word: 近3.26亿元 is not 约3.26亿元 (Money.kind is
# "approx" for both, see text.amounts). Longest first.
APPROX_BEFORE = ("将近", "接近", "大约", "近", "约")
APPROX_AFTER = ("左右", "上下")


def format_number(value: float) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "")


def format_cny(value: float) -> str:
    """Yuan as people read them: 200亿元, 3.26亿元, 5000万元, 80万元."""
    if abs(value) >= 1e8:
        return f"{format_number(value / 1e8)}亿元"
    if abs(value) >= 1e4:
        return f"{format_number(value / 1e4)}万元"
    return f"{format_number(value)}元"


def format_money(money: Money | None) -> str:
    if money is None:
        return ""
    if money.currency == "CNY" and money.cny is not None:
        amount = format_cny(money.cny)
        if money.kind == "range" and money.max_value is not None:
            amount = f"{amount}–{format_cny(money.max_value)}"
    else:
        amount = f"{format_number(money.value)} {money.currency}"
    if money.kind == "approx":
        return _approx(money.text, amount)
    return KIND_PREFIX.get(money.kind, "") + amount


def _approx(written: str, amount: str) -> str:
    """``amount`` hedged with the written word (近, 约, 左右…), or as written when it has none we know."""
    text = written.strip().removeprefix("人民币")
    before = next((w for w in APPROX_BEFORE if text.startswith(w)), None)
    if before:
        return before + amount
    after = next((w for w in APPROX_AFTER if text.endswith(w)), None)
    return amount + after if after else written


def cite(span: Span) -> str:
    if span.page is not None:  # a PDF: where a reader of the printed page looks
        return f"{span.source} 第{span.page}页 第{span.paragraph}段"
    return f"{span.source}#{span.paragraph}"


def deal_row(deal: Deal) -> dict[str, str]:
    return {
        "项目": deal.project or "",
        "投资方": "、".join(deal.investors),
        "地点": deal.location.text if deal.location else "",
        "产业": deal.industry or "",
        "金额": format_money(deal.amount),
        "阶段": STAGE_LABELS.get(deal.stage, deal.stage),
        "日期": (deal.date.value or deal.date.text) if deal.date else "",
        "来源": cite(deal.evidence[0]),
    }


def aggregate_row(agg: Aggregate) -> dict[str, str]:
    return {
        "范围": agg.scope or "",
        "项目数": "" if agg.count is None else str(agg.count),
        "金额": format_money(agg.amount),
        "口径": MEASURE_LABELS.get(agg.measure, agg.measure),
        "阶段": STAGE_LABELS.get(agg.stage, agg.stage),
        "来源": cite(agg.evidence[0]),
    }


def record_lines(extraction: ArticleExtraction) -> list[tuple[str, str, list[Span]]]:
    out: list[tuple[str, str, list[Span]]] = []
    for i, d in enumerate(extraction.deals, 1):
        fields = [d.project or "（未命名项目）", format_money(d.amount), STAGE_LABELS[d.stage]]
        if d.investors:
            fields.append("投资方：" + "、".join(d.investors))
        if d.location:
            fields.append("地点：" + d.location.text)
        out.append((f"D{i}", " · ".join(f for f in fields if f), d.evidence))
    for i, a in enumerate(extraction.aggregates, 1):
        fields = [a.scope or "汇总", f"{a.count}个" if a.count is not None else "", format_money(a.amount)]
        fields.append(MEASURE_LABELS[a.measure])
        out.append((f"A{i}", " · ".join(f for f in fields if f), a.evidence))
    return out


def audit_html(article: Article, extraction: ArticleExtraction) -> str:
    """The article with every extracted span highlighted and each record linked to its evidence."""
    records = record_lines(extraction)
    marks: dict[int, list[tuple[int, str]]] = {}
    for rid, _, spans in records:
        for s in spans:
            marks.setdefault(s.paragraph, []).append((s.start, rid))
    items = []
    for rid, label, spans in records:
        links = " ".join(f'<a href="#{rid}-{k}">{html.escape(cite(s))}</a>' for k, s in enumerate(spans))
        items.append(f'<li id="{rid}"><b>{rid}</b> {html.escape(label)} — {links}</li>')
    paras = []
    for p in article.paragraphs:
        paras.append(_paragraph_html(article, p.n, records))
    title = html.escape(article.title or article.source)
    return (
        "<!doctype html><html lang='zh-CN'><meta charset='utf-8'>"
        f"<title>{title} · dealqa</title><style>{_AUDIT_CSS}</style>"
        f"<h1>{title}</h1><p class='meta'>{html.escape(article.source)} · "
        f"{html.escape(article.published or '日期未知')} · 后端 {html.escape(extraction.backend)}</p>"
        f"<h2>抽取结果（{len(extraction.deals)} 个项目，{len(extraction.aggregates)} 个汇总）</h2>"
        f"<ol class='records'>{''.join(items)}</ol><h2>原文</h2>{''.join(paras)}</html>"
    )


def _paragraph_html(article: Article, n: int, records: list[tuple[str, str, list[Span]]]) -> str:
    p = article.paragraph(n)
    spans = sorted(
        ((s.start, s.end, rid, k) for rid, _, ss in records for k, s in enumerate(ss) if s.paragraph == n),
        key=lambda t: (t[0], -t[1]),
    )
    out: list[str] = []
    pos = p.start
    for start, end, rid, k in spans:
        if start < pos:  # overlapping spans: the first one wins the highlight
            continue
        out.append(html.escape(article.text[pos:start]))
        out.append(
            f'<mark id="{rid}-{k}" title="{rid}"><a href="#{rid}">'
            f"{html.escape(article.text[start:end])}</a><sup>{rid}</sup></mark>"
        )
        pos = end
    out.append(html.escape(article.text[pos : p.end]))
    return f'<p id="p{n}" class="{p.kind}"><span class="pn">{n}</span>{"".join(out)}</p>'


_AUDIT_CSS = """
body{font:16px/1.7 system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#222}
.meta{color:#666}.pn{display:inline-block;min-width:2.5em;color:#999;font-size:.8em}
p.boilerplate{color:#aaa;font-size:.85em}p.heading{font-weight:600}
mark{background:#fff3a8;padding:0 .1em}mark a{color:inherit;text-decoration:none}
sup{color:#b35c00;font-size:.7em;margin-left:.1em}.records li{margin:.3em 0}
"""
