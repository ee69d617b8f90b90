"""Money mentions: what counts as one, where it starts and ends, what it is worth."""

from __future__ import annotations

import pytest

from extractor.schema import Article
from extractor.text.amounts import find_money, money_equal, money_key, parse_money, parse_number


@pytest.mark.parametrize(
    ("text", "value", "kind", "max_value", "currency"),
    [
        ("200亿元", 2e10, "exact", None, "CNY"),
        ("605.6亿元", 6.056e10, "exact", None, "CNY"),
        ("近百亿", 1e10, "approx", None, "CNY"),
        ("近3.26亿元", 3.26e8, "approx", None, "CNY"),
        ("约2亿元", 2e8, "approx", None, "CNY"),
        ("5亿元左右", 5e8, "approx", None, "CNY"),
        ("超50亿元", 5e9, "at_least", None, "CNY"),
        ("超过100亿元", 1e10, "at_least", None, "CNY"),
        ("逾10亿元", 1e9, "at_least", None, "CNY"),
        ("5000万元以上", 5e7, "at_least", None, "CNY"),
        ("上百亿元", 1e10, "at_least", None, "CNY"),
        ("20余亿元", 2e9, "at_least", None, "CNY"),  # "more than 20亿", not jionlp's 20–30亿
        ("800多万元", 8e6, "at_least", None, "CNY"),
        ("百亿级", 1e10, "at_least", None, "CNY"),
        ("3亿元以下", 3e8, "at_most", None, "CNY"),
        ("不超过3亿元", 3e8, "at_most", None, "CNY"),
        ("1亿元以内", 1e8, "at_most", None, "CNY"),
        ("1亿-2亿元", 1e8, "range", 2e8, "CNY"),
        ("3-5亿元", 3e8, "range", 5e8, "CNY"),
        ("3000万至5000万元", 3e7, "range", 5e7, "CNY"),
        ("数十亿", 1e9, "range", 1e10, "CNY"),
        ("3000万美元", 3e7, "exact", None, "USD"),
        ("约1.5亿美元", 1.5e8, "approx", None, "USD"),
        ("5亿港元", 5e8, "exact", None, "HKD"),
        ("2亿欧元", 2e8, "exact", None, "EUR"),
        ("100亿日元", 1e10, "exact", None, "JPY"),
        ("10亿元人民币", 1e9, "exact", None, "CNY"),
        ("两亿元", 2e8, "exact", None, "CNY"),
        ("１００亿元", 1e10, "exact", None, "CNY"),
        ("1,000万元", 1e7, "exact", None, "CNY"),
        ("1.2万亿元", 1.2e12, "exact", None, "CNY"),
    ],
)
def test_parse_money(text: str, value: float, kind: str, max_value: float | None, currency: str) -> None:
    money = parse_money(text)
    assert money is not None
    assert money.text == text
    assert money.value == pytest.approx(value)
    assert money.kind == kind
    assert money.currency == currency
    assert (money.max_value is None) == (max_value is None)
    if max_value is not None:
        assert money.max_value == pytest.approx(max_value)
    assert money.cny == (pytest.approx(value) if currency == "CNY" else None)


@pytest.mark.parametrize("text", ["", "百亿级项目", "三十九个", "29.5%"])
def test_parse_money_refuses_non_amounts(text: str) -> None:
    assert parse_money(text) is None


def _texts(sentence: str) -> list[str]:
    return [m.text for m in find_money(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("合同协议投资总额达605.6亿元。", ["605.6亿元"]),  # 达 is a verb, not a hedge
        ("投资金额高达50亿元。", ["50亿元"]),
        ("20余家企业实质落地,投资金额超百亿,意向投资金额近百亿。", ["超百亿", "近百亿"]),
        ("目前储备重点在谈项目34个,意向投资达100亿元以上。", ["100亿元以上"]),
        ("总投资约2亿元的第一期项目已经完工", ["约2亿元"]),
        ("计划投资1亿-2亿元建设研发中心", ["1亿-2亿元"]),
        ("该公司拟投资3000万美元扩产", ["3000万美元"]),
        ("本次投资的金额也动辄数十亿,呈现出投资公司云集的场景", ["数十亿"]),
        ("成功签下2个百亿级项目,9个10亿元以上项目", ["百亿级", "10亿元以上"]),
        ("共签约50亿元", ["50亿元"]),  # the 约 of 签约 is not a hedge
        ("最近5亿元的订单", ["5亿元"]),
        ("贷款余额1亿元", ["1亿元"]),
        ("投资３．５亿元，合同额约１，０００万美元", ["３．５亿元", "约１，０００万美元"]),
    ],
)
def test_find_money_spans(sentence: str, expected: list[str]) -> None:
    found = find_money(sentence)
    assert [m.text for m in found] == expected
    for m in found:
        assert sentence[m.start : m.end] == m.text
        assert m.money.text == m.text


@pytest.mark.parametrize(
    "sentence",
    [
        "占成都市GDP比重29.5%,同比增长18.1%。",
        "共签约项目39个,引进项目23个,惠及2980家次企业。",
        "2020年—2022年3届智博会于7月28日举行。",
        "暂存库面积103.77平方米,年最大中转各类危险废物291吨。",
        "通过腾讯平台面向全网共邀海内外客商及网友近10万人参与实时直播。",
        "会上,香港亿一国际有限公司分别与迪拜星世界签订入驻协议。",
        "元宇宙与双碳服务,三元锂电池项目,千万不要放松。",
        "成都的市场主体总数已经突破300万,位居全国前三。",
        "40余家企业“双百亿”投资花落洞泾",
        "新经济企业新增4.1万户,同比增长28%。",
    ],
)
def test_find_money_ignores_non_money(sentence: str) -> None:
    assert find_money(sentence) == []


def test_find_money_hedges_around_the_number() -> None:
    found = find_money("补助约2140万元,超过1亿元,5000万元以上,近千亿元,5亿元左右,逾千万元")
    assert [(m.text, m.money.kind) for m in found] == [
        ("约2140万元", "approx"),
        ("超过1亿元", "at_least"),
        ("5000万元以上", "at_least"),
        ("近千亿元", "approx"),
        ("5亿元左右", "approx"),
        ("逾千万元", "at_least"),
    ]


def test_money_equal_normalises_units() -> None:
    assert money_equal("2.5亿元", "25000万元")
    assert money_equal("1亿元", "10000万元")
    assert money_equal("超百亿", "超100亿元")
    assert not money_equal("约2亿元", "2亿元")  # a hedge changes what is claimed
    assert not money_equal("2亿美元", "2亿元")
    assert not money_equal("不是金额", "不是金额")
    assert money_key("1亿-2亿元") == ("CNY", "range", 1e8, 2e8)


SEED_MONEY = {
    "000": ["1448.9亿元", "5271.3亿元"],
    "001": ["约6876亿元", "1102.2亿元", "50亿元"],
    "002": ["超百亿", "近百亿", "数十亿", "22.08亿元", "5.44亿元"],
    "003": ["50亿元以上", "10亿元", "2亿元以上", "5000万元以上", "1亿元以上", "1000万元以上"],
    "004": [
        "百亿级", "605.6亿元", "200亿元", "百亿级", "10亿元以上", "百亿级", "10亿元", "100亿元以上",
        "约2亿元", "近3.26亿元", "700万元", "2000万元", "近百亿元", "1亿元", "95.9亿元", "10亿元",
        "约2140万元", "80万元",
    ],
}  # fmt: skip


@pytest.mark.parametrize("prefix", sorted(SEED_MONEY))
def test_every_money_mention_in_the_seeds(seeds: dict[str, Article], prefix: str) -> None:
    text = seeds[prefix].text
    found = find_money(text)
    assert [m.text for m in found] == SEED_MONEY[prefix]
    for m in found:
        assert text[m.start : m.end] == m.text
        assert parse_money(m.text) == m.money
        assert m.money.value > 0


@pytest.mark.parametrize(
    ("text", "n"), [("39", 39), ("三十九", 39), ("二十", 20), ("两", 2), ("十", 10), ("个", None)]
)
def test_parse_number(text: str, n: int | None) -> None:
    assert parse_number(text) == n


@pytest.mark.parametrize(
    ("text", "found", "cny"),
    [
        ("南湖区引进亿元项目56个", "亿元", 1e8),
        ("完成亿元以上工业项目20个", "亿元以上", 1e8),
        ("其中有3个投资规模百亿级以上的项目", "百亿级以上", 1e10),
        ("年均签约百亿级项目2个", "百亿级", 1e10),
    ],
)
def test_a_size_class_with_no_number_is_its_least_amount(text: str, found: str, cny: float) -> None:
    (m,) = find_money(text)
    assert (m.text, m.money.cny, m.money.kind) == (found, cny, "at_least")


@pytest.mark.parametrize(
    ("text", "kind"),
    [("投资不超8亿元", "at_most"), ("总投资不超过8亿元", "at_most"), ("不低于8亿元", "at_least"),
     ("上限为8亿元", "at_most"), ("至少8亿元", "at_least"), ("超8亿元", "at_least")],
)  # fmt: skip
def test_hedges_set_the_kind(text: str, kind: str) -> None:
    (m,) = find_money(text)
    assert (m.money.cny, m.money.kind) == (8e8, kind)


def test_one_bound_for_two_thresholds() -> None:
    (a, b) = find_money("引进5000万元或500万美元以上项目12个")
    assert (a.money.kind, b.money.kind) == ("at_least", "at_least")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("该冷库项目投资额 1 亿元，明年投用。", [("1 亿元", 1e8, "exact")]),
        ("总投资10 亿元-15 亿元。", [("10 亿元-15 亿元", 1e9, "range")]),
        ("协议投资约 3 亿元。", [("约 3 亿元", 3e8, "approx")]),
        ("合同金额174,757.01 万元。", [("174,757.01 万元", 1747570100.0, "exact")]),
    ],
)
def test_a_space_between_a_number_and_its_unit(text: str, found: list[tuple[str, float, str]]) -> None:
    # pages set numbers apart with a space; the span keeps it exactly as written
    got = find_money(text)
    assert [(m.text, m.money.value, m.money.kind) for m in got] == found
    assert all(text[m.start : m.end] == m.text for m in got)
