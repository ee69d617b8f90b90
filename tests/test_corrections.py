"""A figure the article retracts (``“3.5亿元”有误，应为“5.3亿元”``) is neither a record's amount
nor an answer (sentences of our own)."""

from __future__ import annotations

from pathlib import Path

from extractor import ask, extract
from extractor.backends.rules.corrections import retracted
from tests.qa_fixtures import store_of

_NOTICE = (
    "高新区2024年第三批招商引资签约项目公示\n"
    "现将新签约项目情况公示如下：\n"
    "1\t新型储能电池项目\t湖南某新能源有限公司\t12亿元\n"
    "2\t精密齿轮加工项目\t湖南某机械有限公司\t2.6亿元\n"
    "更正说明：经核实，原公示第2项“精密齿轮加工项目”总投资“2.6亿元”有误，应为“6.2亿元”。\n"
)


def test_a_retraction_names_the_project_and_the_figure() -> None:
    assert retracted(_NOTICE) == [("精密齿轮加工项目", "2.6亿元")]
    assert retracted("项目总投资2.6亿元，有误差在所难免。") == []


def test_a_retracted_figure_is_no_amount_of_the_record() -> None:
    deals = {d.project: d for d in extract(_NOTICE, backend="rules").deals}
    assert deals["精密齿轮加工项目"].amount is None
    amount = deals["新型储能电池项目"].amount
    assert amount is not None and amount.text == "12亿元"  # the other row keeps its own


def test_a_retracted_figure_is_no_answer(tmp_path: Path) -> None:
    settings = store_of(tmp_path, {"notice.txt": _NOTICE})
    answer = ask("精密齿轮加工项目总投资多少？", settings=settings)
    assert answer.answer.startswith("6.2亿元")
