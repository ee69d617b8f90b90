"""A date the page's metadata states reaches the stored article (and none is invented)."""

from __future__ import annotations

from pathlib import Path

from extractor.text.decode import read_article

_PAGE = """<html><head><title>东湖区重大项目集中签约_东湖新闻</title>
<meta name="publishdate" content="2023-07-28"></head>
<body><article><h1>东湖区重大项目集中签约</h1>
<p>东湖区举行重大项目集中签约仪式，鑫岳新材料产业园项目总投资32亿元。</p>
<p>此次签约项目涵盖新材料、智能装备等产业。</p></article></body></html>"""


def test_a_date_in_the_metadata_is_the_articles(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(_PAGE, encoding="utf-8")
    article = read_article(page)
    assert article.published == "2023-07-28"
    assert "2023" not in article.text  # stated in the metadata, not written into the text


def test_no_date_is_invented(tmp_path: Path) -> None:
    page = tmp_path / "b.html"
    page.write_text(_PAGE.replace('<meta name="publishdate" content="2023-07-28">', ""), encoding="utf-8")
    assert read_article(page).published is None
