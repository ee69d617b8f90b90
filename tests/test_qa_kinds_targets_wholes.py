"""Questions over a report's figures: two measures or two kinds asked at once, a target that is no
result, and 全市 / 全省 standing for the place the report is from (real store, sentences of our own)."""

from __future__ import annotations

import pytest

from extractor import ask, extract
from extractor.config import Settings
from extractor.qa.parse import answer_type
from extractor.qa.parts import split_question
from extractor.schema import NOT_FOUND
from tests.qa_fixtures import store_of

_CITY = (
    "1—9月全市招商引资工作情况通报\n"
    "来源：常德市商务局\n"
    "9月下旬，市政府听取了关于长沙某科技有限公司拟在桃源县投资建设年产5万吨新材料项目的汇报，桃源县要做好要素保障。\n"
    "1—9月，全市新签约招商引资项目126个，合同引资352.8亿元；实际到位内资118.4亿元。"
    "其中，协议类项目80个，协议金额260.5亿元；意向类项目46个，意向金额92.3亿元。"
    "下一步，全市将力争全年新签约项目180个以上。\n"
)
_PROVINCE = (
    "1—10月全省利用外资情况\n"
    "发布日期：2024-11-20 来源：湖南省商务厅\n"
    "1—10月，全省新设立外商投资企业268家；实际使用外资13.2亿美元，同比增长4.1%。\n"
)


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return store_of(tmp_path_factory.mktemp("wholes"), {"changde.txt": _CITY, "hunan.txt": _PROVINCE})


def test_two_measures_asked_at_once_are_two_parts() -> None:
    assert split_question("一季度新签约多少个项目？合同引资和实际到位内资各多少？") == [
        "一季度新签约多少个项目",
        "合同引资是多少",
        "实际到位内资是多少",
    ]
    both = split_question("协议投资额和省外资金到位额各多少？")
    assert both == ["协议投资额是多少", "省外资金到位额是多少"]


def test_two_kinds_asked_at_once_are_asked_of_each_and_so_is_the_follow_up() -> None:
    assert split_question("会上签约的协议类和意向类项目各有多少？金额各多少？") == [
        "会上签约的协议类项目有多少",
        "会上签约的意向类项目有多少",
        "会上签约的协议类项目金额多少",
        "会上签约的意向类项目金额多少",
    ]


def test_projects_has_how_many_asks_a_count() -> None:
    assert answer_type("协议类项目有多少") == "count"
    assert answer_type("合同引资是多少") == "amount"
    assert answer_type("项目投资多少") == "amount"


def test_each_measure_is_answered_with_its_own_figure(settings: Settings) -> None:
    answer = ask("常德市1—9月合同引资和实际到位内资各多少？", settings=settings)
    assert "352.8亿元" in answer.answer and "118.4亿元" in answer.answer


def test_a_kind_is_answered_by_its_own_figures_not_the_whole(settings: Settings) -> None:
    answer = ask("常德市1—9月协议类和意向类项目各有多少？金额各多少？", settings=settings)
    for figure in ("80个", "46个", "260.5亿元", "92.3亿元"):
        assert figure in answer.answer
    assert "126个" not in answer.answer and "352.8亿元" not in answer.answer


def test_a_target_is_no_answer_to_what_was_signed(settings: Settings) -> None:
    answer = ask("常德市全年新签约了多少个项目？", settings=settings)
    assert answer.answer.startswith(NOT_FOUND) and "180" not in answer.answer
    # asked as a target, it is one
    assert "180个" in ask("常德市全年力争新签约多少个项目？", settings=settings).answer


def test_a_province_asked_is_the_whole_province_of_its_own_report(settings: Settings) -> None:
    answer = ask("湖南省1—10月实际使用外资多少？", settings=settings)
    assert answer.answer.startswith("13.2亿美元")
    # another province's report would be no answer
    assert ask("湖北省1—10月实际使用外资多少？", settings=settings).answer.startswith(NOT_FOUND)


def test_a_citys_total_is_the_citys_though_a_county_was_just_named() -> None:
    result = extract(_CITY, backend="rules")
    totals = [a for a in result.aggregates if a.count == 126]
    assert [a.scope for a in totals] == ["1—9月 常德市"]
