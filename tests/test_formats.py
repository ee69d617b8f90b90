"""Word, PDF and HTML read right: paragraphs kept, pages cited, offsets exact, nothing invented.

The .docx and .pdf files are written by python-docx and fpdf2 (with the Noto
CJK font that Debian's fonts-noto-cjk installs), then read back by the product.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from PIL import Image

from extractor import extract_file
from extractor.config import Settings
from extractor.errors import InputError
from extractor.ingest import get_article, ingest
from extractor.render import cite
from extractor.schema import Aggregate, ArticleExtraction, Deal, Span
from extractor.text.article import build_article
from extractor.text.decode import read_document
from extractor.text.office import NO_TEXT_LAYER, PAGE_BREAK
from extractor.web.safety import safe_upload_name
from extractor.web.views import paragraph_html

from .fixtures_store import settings

__all__ = ["settings"]

RULES = Settings(backend="rules", embedder="hash", chroma_host=None, llm_model=None)
FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
DEAL = "某某集团与某区签约华能新能源项目，总投资10亿元。"
LONG = (
    DEAL + "该项目将建设一条年产5万吨的新能源材料生产线，预计明年投产，届时将带动当地就业两千余人，"
    "为地方经济注入新的活力，也将吸引上下游配套企业集聚发展。"
)
PAGE_TWO_DEAL = "某某科技有限公司投资5亿元建设光大光伏电站项目。"


def _pdf(path: Path, pages: list[list[str]], *, image_only: bool = False) -> Path:
    """A PDF with a text layer: each page's paragraphs set by fpdf2, a blank line between them."""
    assert FONT.exists(), "install Debian's fonts-noto-cjk (the CJK font the PDF fixtures are set in)"
    pdf = FPDF()
    pdf.add_font("noto", fname=str(FONT), collection_font_number=2)  # Noto Sans CJK SC
    pdf.set_font("noto", size=12)
    for paragraphs in pages:
        pdf.add_page()
        if image_only:  # a scan: one picture, no text
            picture = io.BytesIO()
            Image.new("RGB", (200, 100), "white").save(picture, format="PNG")
            pdf.image(picture, x=10, y=10, w=100)
        for para in paragraphs:
            pdf.multi_cell(0, 8, para)
            pdf.ln(8)
    pdf.output(str(path))
    return path


def _docx(path: Path) -> Path:
    doc = docx.Document()
    doc.add_heading("某市招商引资成果丰硕", level=1)
    doc.add_paragraph("")
    doc.add_paragraph(DEAL)
    doc.add_paragraph("会上还签约了其他项目。")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "项目"
    table.cell(0, 1).text = "金额"
    table.cell(1, 0).text = "光伏项目"
    table.cell(1, 1).text = "5亿元"
    doc.save(str(path))
    return path


def _spans(result: ArticleExtraction) -> list[Span]:
    records: list[Deal | Aggregate] = [*result.deals, *result.aggregates]
    return [s for r in records for s in r.evidence]


def test_docx_keeps_paragraphs_and_table_rows(tmp_path: Path) -> None:
    path = _docx(tmp_path / "签约.docx")
    doc = read_document(path)
    assert doc.text.split("\n") == [
        "某市招商引资成果丰硕",
        DEAL,
        "会上还签约了其他项目。",
        "项目\t金额",
        "光伏项目\t5亿元",
    ]
    article = build_article(doc.text, source=path.name)
    assert [article.paragraph_text(p.n) for p in article.paragraphs][:3] == doc.text.split("\n")[:3]
    assert all(p.page is None for p in article.paragraphs)  # Word has no fixed pages

    result = extract_file(path, backend="rules", settings=RULES)
    assert [d.amount.text for d in result.deals if d.amount] == ["10亿元"]
    for span in _spans(result):
        assert article.text[span.start : span.end] == span.quote
        assert span.page is None and cite(span) == f"签约.docx#{span.paragraph}"


def test_pdf_pages_are_kept_on_paragraphs_and_cited(tmp_path: Path) -> None:
    path = _pdf(
        tmp_path / "report.pdf",
        [["某市招商引资成果丰硕", LONG, "另一段落。"], ["第二页的内容。", PAGE_TWO_DEAL]],
    )
    doc = read_document(path)
    assert doc.text.count(PAGE_BREAK) == 2 and doc.text.endswith(PAGE_BREAK)
    article = build_article(doc.text, source=path.name)
    texts = [(p.page, article.paragraph_text(p.n)) for p in article.paragraphs]
    # the long paragraph fpdf2 wrapped over several lines is one paragraph again
    assert texts == [
        (1, "某市招商引资成果丰硕"),
        (1, LONG),
        (1, "另一段落。"),
        (2, "第二页的内容。"),
        (2, PAGE_TWO_DEAL),
    ]

    result = extract_file(path, backend="rules", settings=RULES)
    by_amount = {d.amount.text: d for d in result.deals if d.amount}
    assert set(by_amount) == {"10亿元", "5亿元"}
    first, second = by_amount["10亿元"].evidence[0], by_amount["5亿元"].evidence[0]
    assert (first.page, first.paragraph) == (1, 2) and (second.page, second.paragraph) == (2, 5)
    assert cite(second) == "report.pdf 第2页 第5段"
    for span in _spans(result):
        assert article.text[span.start : span.end] == span.quote


def test_a_pdf_without_a_text_layer_says_so(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "scan.pdf", [[], []], image_only=True)
    with pytest.raises(InputError, match=NO_TEXT_LAYER):
        read_document(path)


def test_a_broken_pdf_or_docx_is_refused_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 not really")
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match="not a readable PDF"):
        read_document(tmp_path / "bad.pdf")
    with pytest.raises(InputError, match=r"not a Word \.docx"):
        read_document(tmp_path / "bad.docx")


def test_pages_survive_the_store_and_show_on_the_article_page(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _pdf(folder / "report.pdf", [["某市招商引资成果丰硕", DEAL], [PAGE_TWO_DEAL]])
    _docx(folder / "word.docx")
    (folder / "notes.pptx").write_bytes(b"PK\x03\x04")
    report = ingest([folder], settings=settings)
    assert report.ingested == 2
    allowed = ".docx .htm .html .markdown .md .pdf .text .txt .xhtml"
    assert report.ok and report.skipped == [
        (str(folder / "notes.pptx"), f"unsupported file type .pptx; use {allowed}")
    ]
    stored = get_article("report.pdf", settings)
    assert [p.page for p in stored.paragraphs] == [1, 1, 2]
    assert stored.span(stored.paragraphs[2].start, stored.paragraphs[2].end).page == 2
    html = paragraph_html(stored, 3, [])
    assert "第2页" in html and 'id="p3"' in html
    assert all(p.page is None for p in get_article("word.docx", settings).paragraphs)


def test_the_web_upload_takes_word_and_pdf() -> None:
    assert safe_upload_name("报告.pdf") == "报告.pdf"
    assert safe_upload_name("纪要.DOCX") == "纪要.DOCX"
    with pytest.raises(InputError, match="不支持"):
        safe_upload_name("旧文档.doc")


# --------------------------------------------------------------------------- HTML

CHROME = """<html><head><meta charset="utf-8">
<title>某区签约新能源项目_新闻中心_某市人民政府</title></head><body>
<div class="top"><a href="/">首页</a> | <a href="/news">新闻</a> | <a href="/gov">政务公开</a></div>
<div class="crumb">当前位置：首页 &gt; 新闻中心 &gt; 本地要闻</div>
<h1>某区签约新能源项目</h1>
<div class="info">来源：某市日报　　字号：大 中 小　　分享到：微信 微博</div>
<div class="content">
<p>　　某某集团与某区签约华能新能源项目，总投资10亿元。</p>
<p>　　该项目将建设年产5万吨新能源材料生产线，预计明年投产。</p>
</div>
<div>分享到：</div>
<div><a href="#top">返回顶部</a></div>
<div class="footer">版权所有：某市人民政府办公室 © 2023 主办单位：某市人民政府 ICP备12345678号</div>
</body></html>"""

SEMANTIC = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>光伏项目开工</title>
<meta property="article:published_time" content="2024-05-20T08:00:00+08:00"></head><body>
<header><nav><ul><li><a href="/">首页</a></li><li><a href="/n">新闻</a></li></ul></nav></header>
<nav class="breadcrumb"><a href="/">首页</a> &gt; <a href="/n">招商动态</a></nav>
<main><article><h1>光伏项目开工</h1>
<p>5月18日，总投资20亿元的某光伏电站项目在某县开工建设。</p>
<p>项目建成后年发电量可达3亿千瓦时。</p></article>
<aside><h3>相关新闻</h3><ul><li><a href="/1">某市召开招商大会</a></li></ul></aside></main>
<footer>版权所有 © 2024 某县融媒体中心 | 联系我们 | 网站地图</footer>
</body></html>"""

TABLE_LAYOUT = """<html><head><title>招商引资工作会议召开</title></head><body>
<table><tr><td><a href="/">网站首页</a></td><td><a href="/a">机构概况</a></td></tr></table>
<table><tr><td><div id="zoom">
<p>发布时间：2024年3月12日 来源：县投资促进局</p>
<p>3月11日，全县招商引资工作会议召开。会议指出，2023年全县共签约项目42个，协议投资总额186亿元。</p>
<p>会上，某某电子科技有限公司与县经开区签订投资协议，总投资8亿元建设智能终端生产基地。</p>
</div></td></tr></table>
<div>【打印本页】【关闭窗口】</div><div>上一篇：县领导调研重点项目 下一篇：没有了</div>
</body></html>"""


def _html(tmp_path: Path, name: str, page: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(page.encode(encoding))
    return path


@pytest.mark.parametrize("page", [CHROME, SEMANTIC, TABLE_LAYOUT], ids=["chrome", "semantic", "table"])
def test_html_navigation_and_chrome_stay_out(tmp_path: Path, page: str) -> None:
    doc = read_document(_html(tmp_path, "page.html", page))
    for chrome in (
        "首页",
        "新闻中心",
        "当前位置",
        "分享到",
        "返回顶部",
        "版权所有",
        "相关新闻",
        "打印本页",
        "上一篇",
    ):
        assert chrome not in doc.text, chrome
    assert "亿元" in doc.text


def test_html_without_a_date_has_none_and_nothing_is_added(tmp_path: Path) -> None:
    doc = read_document(_html(tmp_path, "chrome.html", CHROME))
    assert doc.published is None and doc.title == "某区签约新能源项目"
    assert doc.text.split("\n") == [
        "某区签约新能源项目",
        "某某集团与某区签约华能新能源项目，总投资10亿元。",
        "该项目将建设年产5万吨新能源材料生产线，预计明年投产。",
    ]
    article = build_article(doc.text, source="chrome.html", html_title=doc.title)
    assert article.published is None  # the © 2023 footer is no publication date


def test_html_dates_come_from_the_page_only(tmp_path: Path) -> None:
    stated = read_document(_html(tmp_path, "table.html", TABLE_LAYOUT, "gbk"))
    assert build_article(stated.text, source="table.html").published == "2024-03-12"
    meta = read_document(_html(tmp_path, "semantic.html", SEMANTIC))
    assert meta.published == "2024-05-20" and "2024-05-20" not in meta.text
    assert meta.text.split("\n")[0] == "光伏项目开工"
