"""A question that places a project in one county is not answered by a sentence that puts it in another."""

from __future__ import annotations

import pytest

from extractor.qa.relevance import site_elsewhere

_SENTENCE = "南昌恒锂新材料有限公司的锂电池隔膜项目在进贤县签约，总投资约32亿元。"


def test_a_site_in_another_county_is_elsewhere() -> None:
    assert site_elsewhere("南昌恒锂新材料有限公司在安义县的锂电池隔膜项目总投资多少？", _SENTENCE) == "进贤县"


@pytest.mark.parametrize(
    "question",
    [
        "进贤县的锂电池隔膜项目总投资多少？",  # the same county
        "南昌市的锂电池隔膜项目总投资多少？",  # the city it is in
        "南昌恒锂新材料有限公司的锂电池隔膜项目总投资多少？",  # 南昌 of the firm's name places nothing
        "锂电池隔膜项目总投资多少？",  # no place asked
    ],
)
def test_a_site_that_can_be_the_one_asked_is_not(question: str) -> None:
    assert site_elsewhere(question, _SENTENCE) is None


def test_a_venue_or_a_zone_is_no_site() -> None:
    # where a meeting was held is not where its projects are
    venue = "我县在杭州举办推介会，现场集中签约项目12个。"
    assert site_elsewhere("安义县一季度签约多少项目？", venue) is None
    # a zone's county is a guess of the place table: no clash is claimed from it
    zone = "某化学株式会社在独山港经济开发区投资建设工程塑料项目。"
    assert site_elsewhere("平湖的工程塑料项目总投资多少？", zone) is None


def test_a_signing_elsewhere_of_a_project_named_with_the_asked_place_is_no_clash() -> None:
    stated = "九江恒锂新材料有限公司投资的瑞昌市锂电池隔膜项目在南昌市签约，总投资10亿元。"
    assert site_elsewhere("瑞昌市锂电池隔膜项目总投资多少？", stated) is None
