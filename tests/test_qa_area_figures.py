"""A figure stated for one place of a breakdown answers for that place only. Sentences of our own."""

from __future__ import annotations

from extractor.schema import NOT_FOUND
from tests.test_qa_subjects import _answer

_BREAKDOWN = (
    "1—6月，全市新签约项目206个，签约资金980.4亿元。"
    "分县市区看，临湘市签约项目31个、签约资金146.2亿元，华容县签约项目27个、签约资金118.9亿元，"
    "岳阳经济技术开发区签约项目22个、签约资金101.5亿元；平江县、湘阴县分别签约项目19个、16个。"
)


def test_a_county_named_only_with_a_count_has_no_amount_of_anothers() -> None:
    # 平江县 is counted (19个) but its money is not stated: 临湘市's or the zone's is no answer
    assert _answer(_BREAKDOWN, "平江县上半年签约资金是多少？") == NOT_FOUND


def test_a_county_whose_figure_is_stated_gets_its_own() -> None:
    assert "118.9亿元" in _answer(_BREAKDOWN, "华容县上半年签约资金是多少？")
    assert "146.2亿元" in _answer(_BREAKDOWN, "临湘市上半年签约资金是多少？")
