"""Reading the asked item and its payer, and finding a short name of it, on sentences of our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.qa.binding import actor, item_subject, mentions
from extractor.qa.qualifiers import measure_mismatch
from extractor.schema import NOT_FOUND
from tests.test_qa_binding import _answer


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("青禾药业研发中心投资了多少钱?", "青禾药业研发中心"),  # 投资了 ends the subject
        ("江川农商银行等金融机构对丙方光伏项目投资了多少?", "丙方光伏项目"),  # the item after 对
        ("青禾集团向江川县投资了多少?", "青禾集团"),  # a place after 向 is where, not what
    ],
)
def test_the_item_a_question_asks_about(question: str, subject: str) -> None:
    assert item_subject(question) == subject


def test_the_payer_named_before_the_item() -> None:
    assert actor("江川农商银行等金融机构对丙方光伏项目投资了多少?") == "江川农商银行"
    assert actor("丙方光伏项目总投资多少?") is None
    assert actor("青禾集团向江川县投资了多少?") is None


@pytest.mark.parametrize(
    ("text", "named"),
    [
        # a brand and its product, a full legal name between them
        ("山西丙方新能源科技有限公司年产10GW高效光伏组件项目一期投产。", True),
        # the product word in a title before it is another mention; the name is read in its order
        ("这个光伏大项目投产。11月7日，山西丙方新能源科技有限公司年产10GW高效光伏组件项目投产。", True),
        # an item of a list is not joined to the next one
        ("丙方新能源项目、丁方光伏组件项目同时开工。", False),
    ],
)
def test_a_short_name_of_a_project(text: str, named: bool) -> None:
    assert mentions("丙方光伏组件项目", text) is named


def test_a_phase_is_not_the_whole() -> None:
    assert measure_mismatch("丙方项目总投资多少?", "其中一期投资18亿元") == "总投资"
    assert measure_mismatch("丙方项目总投资多少?", "该项目总投资45亿元") is None
    assert measure_mismatch("丙方项目一期投资多少?", "其中一期投资18亿元") is None


_PAGE = (
    "江川高新区光伏项目投产\n\n"
    "11月7日，山西丙方新能源科技有限公司年产10GW高效光伏组件项目一期投产仪式在江川高新区举行。\n\n"
    "据介绍，该项目总投资45亿元，其中一期投资18亿元，建设4GW光伏组件生产线。"
    "为保障项目建设，江川农商银行等4家金融机构为项目提供银团贷款12亿元。\n\n"
    "当天，由戊方精密机械有限公司投资 5.5 亿元建设的戊方铸件项目进入试生产阶段。"
)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("丙方光伏组件项目总投资多少?", "45亿元"),
        ("丙方光伏组件项目一期投资多少?", "18亿元"),
        ("戊方铸件项目投资多少?", "5.5 亿元"),  # a space between a number and its unit
        # a loan is no investment, and another project's amount is not this one's
        ("江川农商银行等金融机构对丙方光伏组件项目投资了多少?", NOT_FOUND),
        ("己方药业研发中心投资了多少钱?", NOT_FOUND),
    ],
)
def test_answers_about_a_project_named_short(question: str, expected: str) -> None:
    assert _answer(_PAGE, question).startswith(expected)


def test_a_step_of_a_stage_is_asked_as_such() -> None:
    from extractor.qa.deals import Scope, in_scope
    from extractor.schema import Deal, Span

    def deal(quote: str) -> Deal:
        span = Span(source="a.txt", paragraph=1, start=0, end=len(quote), quote=quote)
        return Deal(project="甲项目", stage="operating", evidence=[span])

    scope = Scope([], [], [], "哪些项目进入了试生产阶段？")
    assert in_scope(deal("甲项目已进入试生产阶段。"), scope, lambda *_: "", min_topic=0.0)
    assert not in_scope(deal("甲项目竣工交付。"), scope, lambda *_: "", min_topic=0.0)


def test_a_list_of_named_projects_says_how_many_the_article_counts(tmp_path: Path) -> None:
    from extractor import Settings, ask, ingest

    article = tmp_path / "a.txt"
    article.write_text(
        "江川区集中签约\n3月11日，江川区一季度重大项目集中签约仪式举行，共签约项目8个，总投资56亿元。"
        "其中，华岳新材料锂电隔膜项目总投资18亿元，晨光电子元件项目、海川智能装备项目等项目同步签约。\n",
        encoding="utf-8",
    )
    settings = Settings(data_dir=tmp_path / "store")
    ingest([article], settings=settings)
    answer = ask("江川区签约了哪些项目？", settings=settings)
    assert answer.route == "deals" and answer.answer.startswith("文中说共8个项目[")
    assert "点名的有3个" in answer.answer
    assert any("共签约项目8个" in c.quote for c in answer.citations)


def test_a_project_named_after_its_owner_and_place() -> None:
    # 甲在乙投资的丙项目: 甲's 丙, asked by what 丙 is; a near-miss 丙 is not found
    assert (
        item_subject("晶川新能在大庆投资的年产10万吨电解液项目总投资是多少？")
        == "晶川新能的年产10万吨电解液项目"
    )
    assert (
        item_subject("鑫晟新能源的动力电池及储能电池项目总投资多少?") == "鑫晟新能源的动力电池及储能电池项目"
    )
    page = (
        "晶川新能公告\n\n公司拟在大庆高新区投资建设年产10万吨电池级六氟磷酸锂及配套项目，总投资不超过36亿元。"
    )
    assert _answer(page, "晶川新能在大庆投资的年产10万吨电解液项目总投资是多少？") == NOT_FOUND


@pytest.mark.parametrize(
    "question",
    [
        "金川锂电隔膜项目现在进展到哪一步了？",
        "金川锂电隔膜项目目前的建设情况如何？",
        "金川锂电隔膜项目进展如何？",
    ],
)
def test_progress_words_end_the_subject(question: str) -> None:
    assert item_subject(question) == "金川锂电隔膜项目"
