"""An article's title is its first line that says something, not a time stamp above it."""

from __future__ import annotations

import pytest

from extractor.text.article import build_article


@pytest.mark.parametrize(
    "stamp",
    ["2024-07-12 09:18", "2023-08-15 19:01:07", "2024年7月12日 09:18", "发布时间：2024-07-12", "2024/7/12"],
)
def test_a_time_stamp_line_is_no_title(stamp: str) -> None:
    article = build_article(f"{stamp}\n临川区上半年工作总结\n上半年，全区新签约项目64个。\n", source="t")
    assert article.title == "临川区上半年工作总结"


def test_a_title_with_a_date_in_it_stays_the_title() -> None:
    article = build_article("2024年7月12日临川区重大项目集中签约\n今天，全区签约项目12个。\n", source="t")
    assert article.title == "2024年7月12日临川区重大项目集中签约"
