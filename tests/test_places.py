"""Places: mentions in a sentence and their province / city / district."""

from __future__ import annotations

import pytest

from extractor.text.places import find_places, parse_location


@pytest.mark.parametrize(
    ("text", "province", "city", "district"),
    [
        ("重庆高新区", "重庆市", "重庆市", None),
        ("益阳高新区", "湖南省", "益阳市", None),  # jionlp's county guess is not what is written
        ("松江区洞泾镇", "上海市", "上海市", "松江区"),
        ("松江", "上海市", "上海市", "松江区"),
        ("武侯区", "四川省", "成都市", "武侯区"),
        ("广东省深圳市", "广东省", "深圳市", None),
        ("合肥市长丰县", "安徽省", "合肥市", "长丰县"),
        ("滨湖", "江苏省", "无锡市", "滨湖区"),
        ("两江新区", "重庆市", "重庆市", None),  # jionlp alone files it under a county named 新区
        ("西部(重庆)科学城", "重庆市", "重庆市", None),
        ("北京经济技术开发区", "北京市", "北京市", None),
        ("烟台高新区", "山东省", "烟台市", None),
        ("洞泾", None, None, None),  # a town jionlp does not know: no guess
        ("迪拜", None, None, None),
    ],
)
def test_parse_location(text: str, province: str | None, city: str | None, district: str | None) -> None:
    loc = parse_location(text)
    assert loc.text == text
    assert (loc.province, loc.city, loc.district) == (province, city, district)


def _places(text: str) -> list[str]:
    found = find_places(text)
    for start, end, quote in found:
        assert text[start:end] == quote
    return [quote for _, _, quote in found]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("7月28日,重庆高新区加快数字经济发展融入主城区城市建设暨上半年经济形势分析会召开。", ["重庆高新区"]),
        ("是什么让这些投资公司在松江区洞泾镇集体亮相?", ["松江区洞泾镇"]),
        ("下一步,重庆高新区将积极抢抓西部(重庆)科学城建设机遇", ["重庆高新区", "西部(重庆)科学城"]),
        ("7月22日,位于北京经济技术开发区的生物医药园危险废物集中收运体系正式启动", ["北京经济技术开发区"]),
        ("云潼科技落户两江新区一年多以来", ["两江新区"]),
        ("比亚迪集团与合肥市长丰县签约", ["合肥市长丰县"]),
        ("区委书记率队赴广东省深圳市开展招商考察", ["广东省深圳市"]),
        ("天合光能年产10GW高效组件项目落户盐城经济技术开发区", ["盐城经济技术开发区"]),
        ("成功签下平安建设大健康产业园", []),  # 平安 is a county's short name, here a company
        ("市场主体数量快速增长,城市建设加快推进", []),
        ("12月1日,绵阳科技城新区举行重大项目集中签约仪式", ["绵阳科技城新区"]),  # two zone suffixes
        ("郑州航空港区近日集中签约一批项目", ["郑州航空港区"]),
    ],
)
def test_find_places(sentence: str, expected: list[str]) -> None:
    assert _places(sentence) == expected


def test_find_places_keeps_order_and_offsets() -> None:
    text = "北京、上海等地的企业参加了推介会,成都市新经济发展委员会主办。"
    assert _places(text) == ["北京", "上海", "成都市"]


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("7月9日，滨江新片区举行签约仪式", "滨江新片区"),
        ("项目落户临沂国家高新技术产业开发区", "临沂国家高新技术产业开发区"),
        ("位于宁乡先进制造业开发区", "宁乡先进制造业开发区"),
        ("澜岳光电落户两江新区", "两江新区"),
    ],
)
def test_a_zone_named_after_a_place_is_one_mention(text: str, zone: str) -> None:
    assert zone in [p for _, _, p in find_places(text)]


def test_a_county_opening_a_project_name_is_its_site() -> None:
    from extractor import extract

    text = (
        "标题\n近日，湖州市举行招商推介会，"
        "会上共签约项目5个，涉及德清县绿色建材产业园项目，星海半导体封测二期项目等。"
    )
    deals = {d.project: d.location and d.location.text for d in extract(text, backend="rules").deals}
    assert deals == {"德清县绿色建材产业园项目": "德清县", "星海半导体封测二期项目": "湖州市"}


@pytest.mark.parametrize(
    "text",
    [
        "重庆高新区",
        "青海西宁",
        "北海市重庆路其仓11号",
        "上海市嘉定区太原路99号",
        "合肥市长丰县",
        "滨湖区",
        "两江新区",
        "迪拜",
    ],
)
def test_the_narrowed_resolver_answers_as_jionlp_does(text: str) -> None:
    from extractor.text.jio import jionlp
    from extractor.text.places import _resolver

    assert _resolver()(text) == jionlp().parse_location(text)


def test_a_countys_short_form_with_its_level_is_a_place_where_jieba_cut_it_elsewhere() -> None:
    from extractor.text.places import find_places

    # jieba reads 前|郭县: the short form 前郭 (of 前郭尔罗斯蒙古族自治县) and its 县 are one place
    assert find_places("前郭县商务局发布情况说明") == [(0, 3, "前郭县")]
    assert find_places("据了解，长阳县今年签约项目12个") == [(4, 7, "长阳县")]
    assert find_places("在郭县") == []  # no short form: nothing


def test_a_countys_short_form_opening_a_text_before_a_time_is_a_place() -> None:
    from extractor.text.places import find_places

    # jieba tags 固安 an adjective; opening a question before 今年 it is the county
    assert find_places("固安今年上半年实际利用外资多少？") == [(0, 2, "固安")]
    assert find_places("和平今年签约多少") == []  # a common word stays one
    assert find_places("今年固安签约") == []  # not opening the text: as jieba tags it
