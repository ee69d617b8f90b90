"""A sum over projects the question names: exactly those, each once, none silently dropped."""

from __future__ import annotations

import re

import pytest

from extractor.config import Settings
from extractor.qa import ask
from tests.qa_fixtures import store_of

_ARTICLE = (
    "东湖区重大项目集中签约\n\n"
    "6月8日，东湖区举行重大项目集中签约仪式。鑫岳新材料产业园项目总投资32亿元；"
    "星澜智能装备制造基地项目总投资18亿元；蓝途冷链物流中心项目总投资超10亿元。\n\n"
    "此外，拓沃光电显示模组产业园项目也已签约，投资规模为百亿级。\n\n"
    "同日，港资企业投资的澜星精密部件项目签约，总投资5000万美元。\n"
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return store_of(tmp_path_factory.mktemp("named_sum"), {"a.txt": _ARTICLE})


def test_the_sum_takes_exactly_the_named_projects(store: Settings) -> None:
    answer = ask("鑫岳新材料产业园项目和星澜智能装备制造基地项目一共投资多少?", settings=store)
    assert answer.answer.startswith("合计50亿元（2个项目）"), answer.answer
    assert "蓝途" not in answer.answer


def test_an_at_least_amount_makes_the_sum_at_least(store: Settings) -> None:
    answer = ask("鑫岳新材料产业园项目和蓝途冷链物流中心项目一共投资多少?", settings=store)
    assert answer.answer.startswith("合计至少42亿元（2个项目）"), answer.answer


def test_a_project_left_out_of_a_sum_is_said_and_cited_by_its_own_number(store: Settings) -> None:
    answer = ask("鑫岳新材料产业园项目和澜星精密部件项目一共投资多少?", settings=store)
    # 5000万美元 has no yuan value here: said as left out, not dropped and not summed
    assert answer.answer.startswith("合计32亿元（1个项目）"), answer.answer
    assert "未计入：澜星精密部件项目" in answer.answer
    marks = [int(m) for m in re.findall(r"\[(\d+)\]", answer.answer)]
    assert marks and max(marks) <= len(answer.citations)  # every [n] names a citation given
    for n, span in enumerate(answer.citations, 1):
        assert f"[{n}]" in answer.answer, span
