"""除了X，另一个是哪个: a question that sets a project aside is answered by the others, and by
nothing when the articles name no other. Sentences of our own."""

from __future__ import annotations

from extractor.qa.premises import excepted
from extractor.schema import NOT_FOUND
from tests.extraction_helpers import answer_over_records as _over_records

_ONE_NAMED = (
    "今年全市新签约储能产业链项目12个，其中百亿级项目2个。"
    "位于临川县的赣锋储能科技年产10GWh储能电池项目总投资约120亿元，8月开工建设。"
)
_TWO_NAMED = (
    _ONE_NAMED + "宜黄县的恒川新材料年产20万吨负极材料项目总投资105亿元，已于10月签约。"
)


def test_what_a_question_sets_aside() -> None:
    assert excepted("那两个百亿级项目，除了赣锋储能，另一个是哪个项目？") == ["赣锋储能"]
    assert excepted("除赣锋储能项目以外还签了哪些项目？") == ["赣锋储能"]
    assert excepted("除外资项目外，还有哪些项目?") == ["外资"]
    assert excepted("除澜峰新能源之外的其他项目一共投资多少？") == ["澜峰新能源"]
    assert excepted("除了澜峰新能源这个项目，另外三个项目一共投资多少？") == ["澜峰新能源"]
    assert excepted("除了澜峰新能源和铭泰精密，其他项目一共投资多少？") == ["澜峰新能源", "铭泰精密"]
    assert excepted("除去澜峰新能源，其他项目总投资多少？") == ["澜峰新能源"]
    assert excepted("除了铭泰精密制造的项目，其他项目一共投资多少？") == ["铭泰精密制造"]
    # 除 inside a word, or pointing back: nothing set aside
    for question in (
        "去除重复后有几个项目？",
        "签约的项目有哪些？",
        "除夕前一天，丰城市一共签约了多少个项目？",
        "排除重复统计后，丰城市一共签约了多少个项目？",
        "除此之外，丰城市还签约了多少个项目？",
        "除湿机等家电项目，丰城市今年一共引进了几个？",
        "除尘设备项目，丰城市一季度签了几个？",
    ):
        assert excepted(question) == [], question


def test_the_one_set_aside_is_no_answer_when_no_other_is_named() -> None:
    question = "那两个百亿级项目，除了赣锋储能，另一个是哪个项目？"
    answer = _over_records(_ONE_NAMED, question)
    assert answer.startswith(NOT_FOUND) and "除赣锋储能外" in answer


def test_the_others_answer_when_they_are_named() -> None:
    question = "那两个百亿级项目，除了赣锋储能，另一个是哪个项目？"
    answer = _over_records(_TWO_NAMED, question)
    assert "恒川新材料" in answer and "赣锋储能" not in answer


def test_a_sum_of_the_others_leaves_the_one_set_aside_out() -> None:
    answer = _over_records(_TWO_NAMED, "除了赣锋储能，其他百亿级项目一共投资多少？")
    assert "105亿元" in answer and "225" not in answer and "赣锋储能" not in answer


def test_a_firms_project_set_aside_by_both_names_is_left_out() -> None:
    text = (
        "现场集中签约项目17个，签约金额93.6亿元，其中10亿元以上项目3个。"
        "签约项目中，顺德澜峰电器有限公司投资12亿元，在毕节高新区建设厨房电器产业园。"
    )
    got = _over_records(text, "10亿元以上的3个项目，除了澜峰的厨房电器产业园，另外两个是什么？")
    # 澜峰 is the firm, 厨房电器产业园 its project: the one set aside is no answer
    assert got.startswith(NOT_FOUND)
