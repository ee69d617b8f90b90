"""A question that places a project in one county is not answered by a sentence that puts it in another."""

from __future__ import annotations

import pytest

from extractor.qa.relevance import site_elsewhere
from extractor.schema import NOT_FOUND

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


def test_a_zone_named_after_its_county_alone_is_in_that_county() -> None:
    stated = "签约项目中，江西铜岭新材料有限公司年产10万吨铜箔项目总投资约30亿元，落户贵溪经济开发区。"
    assert site_elsewhere("铜岭新材料在余江区的铜箔项目投资多少？", stated) == "贵溪经济开发区"
    assert site_elsewhere("铜岭新材料在贵溪的铜箔项目投资多少？", stated) is None
    # a zone named after a city that has a county of the same name is no county's for sure
    city_zone = "一家企业的轴承项目落户铁岭经济开发区，总投资5亿元。"
    assert site_elsewhere("开原市的轴承项目投资多少？", city_zone) is None


def test_a_signing_elsewhere_of_a_project_named_with_the_asked_place_is_no_clash() -> None:
    stated = "九江恒锂新材料有限公司投资的瑞昌市锂电池隔膜项目在南昌市签约，总投资10亿元。"
    assert site_elsewhere("瑞昌市锂电池隔膜项目总投资多少？", stated) is None


# --------------------------------------------------------------------------- said where it was named

_STORY = (
    "今年以来，九江全市新签约新能源项目18个。位于湖口县的赣锋储能科技年产10GWh储能电池项目，"
    "是其中投资最大的一个。项目总投资约86亿元，3月签约，6月开工。"
    "瑞昌市也不甘落后，恒川新材料年产5万吨负极材料项目总投资22亿元，已于9月投产。"
)


def test_a_value_that_points_back_is_placed_by_the_sentence_that_named_its_project() -> None:
    from tests.test_qa_subjects import _answer

    # 瑞昌市 is in the paragraph, but for another project: the 储能 project is 湖口县's
    assert _answer(_STORY, "赣锋储能科技在瑞昌市的项目投资多少？") == NOT_FOUND
    assert "86亿元" in _answer(_STORY, "赣锋储能科技在湖口县的项目投资多少？")
    assert "86亿元" in _answer(_STORY, "赣锋储能科技的项目投资多少？")  # no place asked
    assert "22亿元" in _answer(_STORY, "恒川新材料在瑞昌市的项目投资多少？")  # it names itself


def test_a_statement_naming_its_project_or_a_place_is_not_placed_by_an_earlier_sentence() -> None:
    from extractor.qa.passages import _placed_by_its_namers
    from tests.test_qa_subjects import _article

    article, _ = _article(_STORY)

    def placed(asked: str, subject: str, stated: str) -> str | None:
        return _placed_by_its_namers(asked, subject, stated, article, 1, article.text.index(stated))

    named = "瑞昌市也不甘落后，恒川新材料年产5万吨负极材料项目总投资22亿元，已于9月投产。"
    assert placed("恒川新材料在湖口县的项目投资多少？", "恒川新材料", named) is None
    pointing = "项目总投资约86亿元，3月签约，6月开工。"
    assert placed("赣锋储能科技在瑞昌市的项目投资多少？", "赣锋储能科技", pointing) == "湖口县"


@pytest.mark.parametrize(
    "text",
    [
        # the project placed first, the firm's home or another plant of it after
        "恒峤储能科技有限公司年产10GWh储能电池项目签约落户薛城区。恒峤储能科技成立于2016年，总部位于深圳市。"
        "项目总投资约120亿元，计划分两期建设。",
        "恒峤储能科技年产10GWh储能电池项目落户薛城区。恒峤储能科技目前在滕州市也有一座工厂。项目总投资约120亿元。",
        # the value's own sentence places it
        "恒峤储能科技总部位于深圳市，是国内领先的储能系统集成商。该项目落户薛城区，总投资约120亿元，计划分两期建设。",
        # signed in one place, sited in the asked one
        "恒峤储能科技年产10GWh储能电池项目在上海签约，项目选址薛城区。项目总投资约120亿元。",
    ],
)
def test_a_firms_home_another_plant_or_a_signing_elsewhere_does_not_move_its_project(text: str) -> None:
    from tests.test_qa_subjects import _answer

    assert "120亿元" in _answer(text, "恒峤储能科技在薛城区的项目投资多少？")
