"""A named project's amount or investor from its record when no one sentence holds both (real store)."""

from __future__ import annotations

import pytest

from extractor import ask
from extractor.config import Settings
from extractor.schema import NOT_FOUND
from tests.qa_fixtures import store_of

_LIST = (
    "武陵区2024年第二季度重大项目集中签约项目清单\n"
    "6月20日，武陵区重大项目集中签约活动举行，共签约项目7个，总投资86.4亿元。现将其中2个项目信息公布如下：\n"
    "1.\n"
    "项目名称：高性能碳纤维复合材料项目\n"
    "投资方：长沙星岳新材料有限公司\n"
    "投资额：28亿元\n"
    "签约类型：投资协议\n"
    "2.\n"
    "项目名称：冷链食品加工项目\n"
    "投资方：暂不公开\n"
    "投资额：约6亿元\n"
    "签约类型：投资协议\n"
)


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return store_of(tmp_path_factory.mktemp("from_records"), {"wuling.txt": _LIST})


def test_a_cards_amount_and_investor_are_answered_from_its_record(settings: Settings) -> None:
    answer = ask("高性能碳纤维复合材料项目的投资方和投资额是什么？", settings=settings)
    assert answer.answer.startswith("长沙星岳新材料有限公司。") and "28亿元" in answer.answer
    assert {c.quote for c in answer.citations} == {"长沙星岳新材料有限公司", "投资额：28亿元"}
    assert all(_LIST[c.start : c.end] == c.quote for c in answer.citations)


def test_a_place_before_the_name_is_where_it_is(settings: Settings) -> None:
    answer = ask("武陵区高性能碳纤维复合材料项目投资额多少？", settings=settings)
    assert answer.answer.startswith("28亿元")


@pytest.mark.parametrize(
    "question",
    [
        "冷链食品加工项目的投资方是谁？",  # 暂不公开: the record names no one
        "高性能碳纤维复合材料项目一期投资多少？",  # a phase: the record's total is not its amount
        "高性能碳纤维复合材料项目完成投资多少？",  # spent so far: not stated
        "湖南远航集团的高性能碳纤维复合材料项目投资额多少？",  # another owner than the record's
        "鼎城区的高性能碳纤维复合材料项目投资额多少？",  # another place than the article's
    ],
)
def test_what_the_record_does_not_say_is_not_answered(settings: Settings, question: str) -> None:
    assert ask(question, settings=settings).answer.startswith(NOT_FOUND)


def test_a_part_asking_for_a_project_is_unanswered_by_a_sentence_naming_none() -> None:
    from extractor.qa.parts import names_no_project
    from extractor.schema import Answer, Span

    def said(quote: str) -> Answer:
        span = Span(source="a.txt", paragraph=2, start=0, end=len(quote), quote=quote)
        return Answer(question="q", answer=f"原文：“{quote}”[1]", citations=[span])

    ceremony = said("5月20日，临川区2024年第二季度重大项目集中开工活动在临川经济开发区举行。")
    assert names_no_project("临川区集中开工的主会场项目是什么", ceremony)
    named = said("主会场项目——赣东新材料有限公司年产30万吨改性材料项目总投资42亿元。")
    assert not names_no_project("临川区集中开工的主会场项目是什么", named)
    # a part that asks no project's name is not held to naming one
    assert not names_no_project("临川区集中开工了多少个项目", ceremony)


def test_what_follows_an_unnamed_project_is_not_the_ceremonys_total(settings: Settings) -> None:
    answer = ask("武陵区集中签约的主会场项目是什么？投资多少？", settings=settings)
    assert "86.4亿元" not in answer.answer  # the signing's total is no one project's amount


def test_every_investor_named_is_cited(tmp_path_factory: pytest.TempPathFactory) -> None:
    text = (
        "项目清单\n项目名称：精密陶瓷材料项目\n投资方：长沙星岳新材料有限公司、湖南华联瓷业股份有限公司\n"
        "投资额：15亿元\n"
    )
    settings = store_of(tmp_path_factory.mktemp("two_firms"), {"two.txt": text})
    answer = ask("精密陶瓷材料项目的投资方是谁？", settings=settings)
    quotes = [c.quote for c in answer.citations]
    assert "长沙星岳新材料有限公司" in quotes and "湖南华联瓷业股份有限公司" in quotes
    assert all(text[c.start : c.end] == c.quote for c in answer.citations)


def test_a_firms_project_and_amount_are_answered_from_its_one_record(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    text = (
        "鼎城区签约项目公示\n现将新签约项目公示如下：\n"
        "序号\t项目名称\t投资主体\t总投资\t进展\n"
        "1\t高纯石英砂项目\t湖南晶岩新材料有限公司\t总投资8亿-10亿元\t6月签约\n"
        "2\t冷链仓储中心项目\t湖南鲜运物流有限公司\t3.2亿元\t7月签约\n"
    )
    settings = store_of(tmp_path_factory.mktemp("by_firm"), {"rows.txt": text})
    answer = ask("湖南晶岩新材料有限公司在鼎城区的项目是什么？投资多少？", settings=settings)
    assert "高纯石英砂项目" in answer.answer and "8亿-10亿元" in answer.answer
    quotes = {c.quote for c in answer.citations}
    assert any("湖南晶岩新材料有限公司" in q for q in quotes)  # the row that names the investor
    assert all(text[c.start : c.end] == c.quote for c in answer.citations)
    # a project the firm's record is not, and a firm the records don't name, have no answer here
    assert ask("湖南晶岩新材料有限公司在鼎城区的光伏玻璃项目投资多少？", settings=settings).answer.startswith(
        NOT_FOUND
    )
    assert ask("湖南鼎力机械有限公司在鼎城区的项目是什么？", settings=settings).answer.startswith(NOT_FOUND)


def test_a_county_named_by_its_short_form_is_asked_of_its_own_articles(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    other = (
        "宜春市上半年招商引资工作综述\n"
        "宜春经开区引进的锂电正极材料项目总投资120亿元，2月签约。"
        "樟树市与一家药业集团签约建设中药提取物项目，总投资15亿元。"
    )
    denial = (
        "前郭县商务局发布情况说明\n"
        "网传某车企将在我县投资建设整车基地，经核实，双方仅初步接触，未签署任何协议。"
    )
    settings = store_of(tmp_path_factory.mktemp("short_county"), {"yichun.txt": other, "qianguo.txt": denial})
    # 前郭县 (jieba: 前|郭县) is a place: the other county's signings are no answer for it
    answer = ask("前郭县今年上半年签约了多少个招商项目？", settings=settings)
    assert answer.answer.startswith(NOT_FOUND)
