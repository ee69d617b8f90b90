"""A duration is a length of time, a period asked is best answered by the statement that names
it, a yes-or-no question about a project is answered about that project, and a subheading's part
is followed in the paragraph it heads (real store, sentences of our own)."""

from __future__ import annotations

import pytest

from extractor import ask
from extractor.config import Settings
from extractor.schema import NOT_FOUND
from tests.qa_fixtures import store_of

_CARDS = (
    "2024-04-02 09:00\n"
    "高新区一季度项目建设速览\n"
    "◆ 开工：压铸件项目破土动工\n"
    "3月8日，吉安恒远汽车零部件有限公司铝合金压铸件项目开工建设。项目总投资15亿元，其中一期投资6亿元。\n"
    "◆ 投产：从签约到投产仅用9个月\n"
    "3月19日，由吉安智造轴承有限公司投资的精密轴承项目正式投产。该项目去年6月签约，总投资3.8亿元。\n"
)
_BRIEFING = (
    "2024-04-12 10:00\n"
    "抚州市一季度招商引资新闻发布会\n"
    "问：今年以来我市开展了哪些招商活动？\n"
    "答：3月18日，我市在杭州举办电子信息产业招商推介会，现场集中签约项目12个，总投资156亿元。\n"
    "问：一季度全市招商引资情况如何？\n"
    "答：一季度，全市新签约项目87个，签约总金额612.4亿元，同比增长18.2%。\n"
)
_LIST = (
    "2024-06-20 10:00\n"
    "临川区签约项目清单\n"
    "同日，区投资促进局与某银行临川支行签订《招商引资项目金融服务协议》，意向授信50亿元。\n"
    "项目名称：新型显示光学膜项目\n"
    "投资额：约20亿元\n"
    "签约类型：投资意向书\n"
)


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    articles = {"cards.txt": _CARDS, "briefing.txt": _BRIEFING, "list.txt": _LIST}
    return store_of(tmp_path_factory.mktemp("durations"), articles)


def test_a_duration_is_a_length_of_time_and_the_next_part_stays_with_its_project(settings: Settings) -> None:
    question = "吉安智造轴承有限公司的精密轴承项目从签约到投产用了多久？投资多少？"
    answer = ask(question, settings=settings).answer
    took, cost = answer.split("投资多少")
    assert "6月签" not in took  # a date with the word after it is no length of time
    assert "15亿元" not in cost and "3.8亿元" in cost  # its own sum, not the 压铸件 project's


def test_a_period_asked_is_answered_by_the_statement_that_names_it(settings: Settings) -> None:
    answer = ask("抚州市一季度新签约了多少个项目？", settings=settings).answer
    assert "87个" in answer and "12个" not in answer


def test_a_yes_or_no_question_about_a_project_is_answered_about_it(settings: Settings) -> None:
    answer = ask("临川区新型显示光学膜项目签的是投资协议吗？", settings=settings).answer
    assert "金融服务协议" not in answer and answer.startswith(NOT_FOUND)  # no sentence on it says
