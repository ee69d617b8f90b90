"""A contracted sum is not money paid in, a date answers for its own clause's event, a report's
全年 of January is the year before, and a zone is named without its city (real store, sentences of
our own)."""

from __future__ import annotations

import pytest

from extractor import ask
from extractor.config import Settings
from extractor.qa.qualifiers import measure_mismatch, year_mismatch
from extractor.schema import NOT_FOUND
from extractor.text.amounts import find_money
from tests.qa_fixtures import store_of

_REPORT = (
    "2024-01-17 10:26\n"
    "政府工作报告\n"
    "过去一年，广水市经济稳中向好。坚持“一把手”招商，全年新签约亿元以上项目58个，协议投资326.8亿元；"
    "全区实际到位内资186.3亿元。今年，我们将力争新签约亿元以上项目60个以上。\n"
)
_LIST = (
    "2024-07-29 09:12\n"
    "鄂尔多斯市投资促进局 首页 > 招商动态 [2024-07-26] 高新区举行新材料项目集中签约活动 7月25日，"
    "康巴什高新区现场签约项目9个，总投资66.4亿元…[详细] [2024-07-15] 特种车辆零部件项目正式投产 7月12日，"
    "东胜区特种车辆关键零部件项目正式投产。该项目由某重工装备有限公司投资建设，2023年8月签约，总投资2.8亿元…[详细]\n"
)


_RUMOUR = (
    "2024-07-05 10:00\n"
    "关于网传“百亿元储能项目落户乌审旗”的情况说明\n"
    "近日，网络上流传“某储能企业投资百亿元落户乌审旗”的消息。经核实，该企业与乌审旗仍处于前期对接阶段，"
    "双方未签订任何投资协议，相关说法不实。\n"
)


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    articles = {"report.txt": _REPORT, "list.txt": _LIST, "rumour.txt": _RUMOUR}
    return store_of(tmp_path_factory.mktemp("measures"), articles)


def test_a_contracted_sum_is_not_money_paid_in() -> None:
    assert measure_mismatch("合同引资多少", "全市实际到位内资186.3亿元") == "合同"
    assert measure_mismatch("合同引资多少", "合同引资412.6亿元") is None
    assert measure_mismatch("实际到位内资多少", "全市实际到位内资186.3亿元") is None


def test_a_full_year_said_in_january_is_the_year_before() -> None:
    said = "全年新签约亿元以上项目58个"
    assert year_mismatch(["2023"], said, "2024-01-17") is None
    assert year_mismatch(["2024"], said, "2024-01-17") == "2023年"
    assert year_mismatch(["2024"], said, "2024-07-17") is None  # 全年 in July: this year's


def test_a_sum_cut_by_a_line_break_is_read() -> None:
    assert [(m.text, m.money.cny) for m in find_money("合同引资412.6亿\n元，同比增长")] == [
        ("412.6亿\n元", 41260000000.0)
    ]


def test_a_reports_total_answers_for_its_own_year_only(settings: Settings) -> None:
    assert ask("广水市2023年新签约了多少个亿元以上项目？", settings=settings).answer.startswith("58个")
    assert ask("广水市2024年新签约了多少个亿元以上项目？", settings=settings).answer.startswith(NOT_FOUND)


def test_a_date_answers_for_the_event_its_clause_says(settings: Settings) -> None:
    answer = ask("某重工装备有限公司的项目什么时候投产？", settings=settings)
    assert answer.answer.startswith("7月12日")  # the day it went into production, not 2023年8月签约


def test_a_zone_asked_with_its_city_is_the_zone_of_a_page_that_names_the_city(settings: Settings) -> None:
    answer = ask("鄂尔多斯康巴什高新区7月25日签约了多少个项目？", settings=settings)
    assert answer.answer.startswith("9个")


def test_a_yes_or_no_question_is_answered_with_the_denial(settings: Settings) -> None:
    answer = ask("网传的百亿元储能项目落户乌审旗了吗？", settings=settings)
    assert "不实" in answer.answer


def test_a_denial_answers_a_rumour_asked_or_the_event_it_denies() -> None:
    from extractor.qa.passages import _denies

    rumour = "经核实，网传“盘石县200亿元煤化工项目”的说法不准确。"
    assert _denies(rumour, "网传的煤化工项目落户盘石县了吗")
    assert not _denies(rumour, "煤焦油深加工项目开工了吗")  # it denies a rumour, not the 开工
    assert _denies("该项目目前尚未开工，正在开展环评。", "煤焦油深加工项目开工了吗")
