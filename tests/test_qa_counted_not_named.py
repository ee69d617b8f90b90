"""是哪两家 asks for the names of that many items: a sentence that only counts them (另有3家企业…)
answers nothing, and the items named must be those the question counts. Sentences of our own."""

from __future__ import annotations

import pytest

from extractor.qa.values import names_items
from extractor.schema import NOT_FOUND
from tests.test_qa_subjects import _answer

_COUNTED = (
    "本次推介会上，星河智造有限公司与江川县签约新能源电池项目，总投资12亿元。"
    "另有3家企业与江川县达成合作意向，意向投资额约6亿元。"
)
_NAMED = "江川县与蓝海投资控股集团和青禾(江川)新材料有限公司两家企业举行了签约仪式，总投资20亿元。"


def test_items_counted_are_not_named() -> None:
    assert names_items("另有3家企业与江川县达成合作意向，意向投资额约6亿元。") == 0
    assert names_items("向同期投产的另外2个招商项目兑现设备补助") == 0
    assert names_items("在蓝海投资控股集团和青禾(江川)公司,江川县分别与两家公司签约。") == 2
    assert names_items("蓝海科技有限公司、青禾新材料有限公司、星河智造有限公司") == 3


def test_which_two_is_not_answered_by_a_count_or_by_other_names() -> None:
    # the count sentence names none; the sentence before names a firm, but not one of those 3
    assert _answer(_COUNTED, "与江川县达成合作意向的3家企业是哪三家？") == NOT_FOUND


def test_which_two_is_answered_where_both_are_named() -> None:
    answer = _answer(_NAMED, "江川县和哪两家企业举行了签约仪式？")
    assert "蓝海投资控股集团" in answer and "青禾(江川)新材料有限公司" in answer


@pytest.mark.parametrize(
    ("text", "question", "named"),
    [
        (
            "宁陵县与两家世界500强企业签约，分别是西门子和巴斯夫，总投资15亿元。",
            "宁陵县和哪两家世界500强企业签约了？",
            "巴斯夫",
        ),
        ("宁陵县与宁德时代、比亚迪两家企业签约，总投资150亿元。", "宁陵县和哪两家企业签约了？", "比亚迪"),
        (
            "宁陵县此次签约的两个项目分别是年产5万吨正极材料项目和锂电池回收利用项目，总投资22亿元。",
            "宁陵县签约的是哪两个项目？",
            "锂电池回收利用项目",
        ),
        (
            "本次活动上，宁陵县另有2家企业达成合作意向，分别是泓川新材料有限公司、晟拓智能装备有限公司。",
            "宁陵县达成合作意向的2家企业是哪两家？",
            "晟拓智能装备有限公司",
        ),
    ],
)
def test_which_two_is_answered_by_names_without_a_suffix_or_after_a_count(
    text: str, question: str, named: str
) -> None:
    assert named in _answer(text, question)
