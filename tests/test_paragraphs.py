from __future__ import annotations

import pytest

from extractor.schema import Article
from extractor.text.article import build_article
from extractor.text.normalize import find_all, normalize


def _para(article: Article, needle: str) -> int:
    hits = [p.n for p in article.paragraphs if needle in article.paragraph_text(p.n)]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def test_offsets_are_exact_for_every_paragraph(seeds: dict[str, Article]) -> None:
    for article in seeds.values():
        assert [p.n for p in article.paragraphs] == list(range(1, len(article.paragraphs) + 1))
        for p in article.paragraphs:
            chunk = article.text[p.start : p.end]
            assert chunk == chunk.strip() and chunk


def test_sentences_broken_by_the_layout_are_one_paragraph(seeds: dict[str, Article]) -> None:
    a = seeds["004"]
    n = _para(a, "益阳高新\n\n区主动出击")
    assert a.paragraph(n).kind == "body"
    assert "京理工大学长期进行产学研合作" in a.paragraph_text(_para(a, "与南\n\n京理工大学"))
    assert _para(a, "占科学城主导") == _para(a, "产业项目的44.2%")


def test_headings_are_not_glued_to_the_next_paragraph(seeds: dict[str, Article]) -> None:
    a = seeds["004"]
    for heading in ("百亿项目纷纷落地", "打造特色产业增长极", "宁波高新区内银行 为企业发放贷款近百亿元"):
        n = _para(a, heading)
        assert a.paragraph_text(n) == heading
        assert a.paragraph(n).kind == "heading"
    # a reporter's sign-off ends its paragraph; the next item's title stays apart
    assert a.paragraph_text(_para(a, "信召红")).endswith("信召红")


def test_page_furniture_is_boilerplate_and_the_rest_is_not(seeds: dict[str, Article]) -> None:
    a = seeds["001"]
    kinds = {a.paragraph_text(p.n)[:8]: p.kind for p in a.paragraphs}
    assert kinds["原文链接:htt"] == "boilerplate"
    assert kinds["[免责声明] 本"] == "boilerplate"
    assert kinds["- 盘锦市盘山县"] == "boilerplate"
    assert kinds["- 天水:召开“"] == "boilerplate"
    assert sum(p.kind == "boilerplate" for p in a.paragraphs) == 20
    b = seeds["002"]
    assert b.paragraph(len(b.paragraphs)).kind == "boilerplate"  # Copyright line
    assert b.paragraph(2).kind == "boilerplate"  # 人工智能 2021-06-01 11:40www.robotxin.com…
    body = [p for p in b.paragraphs if p.kind == "body"]
    assert all("Copyright" not in b.paragraph_text(p.n) for p in body)


def test_plain_lines_are_paragraphs() -> None:
    a = build_article("标题\r\n第一段，有逗号。\r\n\r\n第二段。\n", source="x.txt")
    assert a.text == "标题\n第一段，有逗号。\n\n第二段。\n"
    assert [a.paragraph_text(p.n) for p in a.paragraphs] == ["标题", "第一段，有逗号。", "第二段。"]
    assert a.title == "标题"


def test_matching_copy_maps_back_to_exact_original_offsets() -> None:
    text = "签约项目３９个，总投资 605.6 亿元"
    norm = normalize(text)
    assert norm.text == "签约项目39个,总投资605.6亿元"
    [(s, e)] = find_all(text, "39个,总投资605.6亿元")
    assert text[s:e] == "３９个，总投资 605.6 亿元"
    assert find_all(text, "总投资650.6亿元") == []  # a different number never matches


def test_published_dates(seeds: dict[str, Article]) -> None:
    assert seeds["002"].published == "2021-06-01"
    assert seeds["003"].published == "2021-09-08"
    assert seeds["000"].published == "2022-06-30"  # 6月30日 + 2022 in the same paragraph
    assert seeds["004"].published is None  # 7月28日 with no year nearby: no guess


def test_real_paragraphs_without_a_final_stop_stay_apart() -> None:
    text = (
        "西安高新区重大项目集中开工\n\n"
        "3月20日，比亚迪储能电池项目在西安高新区开工，这是今年全市最大的制造业项目\n\n"
        "项目建成后将年产储能电池20GWh。\n\n"
        "签约项目如下：\n1、比亚迪储能项目，总投资120亿元；\n2、美的智能家电产业园项目，总投资50亿元。\n"
    )
    a = build_article(text, source="x.txt")
    paras = [a.paragraph_text(p.n) for p in a.paragraphs]
    assert "项目建成后将年产储能电池20GWh。" in paras
    assert "1、比亚迪储能项目，总投资120亿元；" in paras  # a list item is never glued on
    assert all(p.kind != "boilerplate" for p in a.paragraphs)  # a list of projects is content


def test_a_byline_before_the_lead_does_not_hide_the_lead() -> None:
    lead = "（记者 王磊 通讯员 李娜）3月14日，合肥高新区集中签约12个重大项目，总投资286亿元。"
    a = build_article(f"合肥高新区签约12个项目\n{lead}\n记者 张锦辉 摄\n", source="x.txt")
    kinds = {a.paragraph_text(p.n): p.kind for p in a.paragraphs}
    assert kinds[lead] == "body" and kinds["记者 张锦辉 摄"] == "boilerplate"


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("标题\nA公司成立于2015年3月12日，今年与园区签约。", None),  # an event in the body
        ("标题\n7月8日，比亚迪项目开工，预计2026年全面投产。", None),  # a target year is not now
        ("标题\n发布时间：2023-05-06\n正文，签约。", "2023-05-06"),
        ("标题\n本报讯（记者 王磊）2023年5月6日，某项目签约。", "2023-05-06"),
        ("标题\n6月30日，“2022成都新经济云招商推介会”圆满结束。", "2022-06-30"),
    ],
)
def test_publication_date_comes_from_the_header_or_the_dateline(text: str, published: str | None) -> None:
    assert build_article(text, source="x.txt").published == published


def test_related_links_with_money_in_their_headlines_are_furniture() -> None:
    text = (
        "标题\n3月27日，某县签约项目4个，总投资32.6亿元。\n相关链接：\n"
        "· 郴州市一季度重大项目集中签约 76个项目总投资486亿元\n· 某县召开招商引资工作推进会\n"
        "· 桂阳县新签约项目11个 总投资58.3亿元\n"
    )
    a = build_article(text, source="x.txt")
    kinds = [(a.paragraph_text(p.n)[:6], p.kind) for p in a.paragraphs]
    assert [k for _, k in kinds] == [
        "heading",
        "body",
        "boilerplate",
        "boilerplate",
        "boilerplate",
        "boilerplate",
    ]
