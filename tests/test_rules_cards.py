"""Item cards, ranked groups, phases and meetings, and counts of new foreign firms: own sentences."""

from __future__ import annotations

import pytest

from extractor import extract
from tests.test_names import _problem

_CARDS = (
    "【年终盘点】江川县2024年度十大招商引资项目出炉\n"
    "2024年，江川县全年新签约项目52个。近日，县招商委评选出年度十大招商引资项目。\n"
    "NO.1 年产3GW异质结光伏组件项目\n"
    "投资方：江苏青禾新能源科技有限公司\n"
    "总投资超40亿元，5月签约，9月开工建设，一期厂房已封顶。\n"
    "NO.2 浙江丙川新材料股份有限公司高性能薄膜项目\n"
    "总投资约12亿元，11月签约，主要建设年产5万吨薄膜生产线。\n"
    "NO.3 丁方医药制剂项目\n"
    "投资方：南京丁方医药有限公司\n"
    "总投资8亿元，6月开工，预计明年5月投产。\n"
    "NO.4 高端定制家居及板材深加工项目\n"
    "总投资85000万元，3月签约，11月投产。\n"
    "（评选依据：项目投资规模、产业带动作用）\n"
)


def _deals(text: str) -> dict[str, tuple[list[str], str | None, str]]:
    result = extract(text, backend="rules")
    return {
        d.project or "": (d.investors, d.amount.text if d.amount else None, d.stage) for d in result.deals
    }


def test_each_card_is_a_deal_with_its_fields() -> None:
    deals = _deals(_CARDS)
    # the fact line's amount and latest done event, the 投资方 line's investor
    assert deals["年产3GW异质结光伏组件项目"] == (["江苏青禾新能源科技有限公司"], "超40亿元", "started")
    # a firm before the title's name stays in it and is its investor
    assert deals["浙江丙川新材料股份有限公司高性能薄膜项目"] == (
        ["浙江丙川新材料股份有限公司"],
        "约12亿元",
        "signed",
    )
    # the 投资方 line's full name, not the short form read off the name; a 预计 is no event yet
    assert deals["丁方医药制剂项目"] == (["南京丁方医药有限公司"], "8亿元", "started")
    # NO.4 is the list's marker, not part of a name that 及 would otherwise split
    assert deals["高端定制家居及板材深加工项目"] == ([], "85000万元", "operating")


def test_evidence_of_card_deals_is_exact() -> None:
    result = extract(_CARDS, backend="rules")
    spans = [s for d in result.deals for s in d.evidence]
    assert len(spans) >= 6 and all(_CARDS[s.start : s.end] == s.quote for s in spans)


def test_an_amount_line_after_a_paragraph_of_prose_is_no_card() -> None:
    text = (
        "江川县招商引资工作综述\n"
        "今年以来，江川县年产3GW异质结光伏组件项目进展顺利，产业链日趋完善。\n"
        "总投资超40亿元的重点项目已有12个。\n"
    )
    result = extract(text, backend="rules")
    assert not [d for d in result.deals if d.amount is not None and d.amount.text == "超40亿元"]


@pytest.mark.parametrize(
    ("sentence", "name", "rule"),
    [
        ("十大项目计划总投资超150亿元。", "十大项目", "ranked_group"),
        ("一期工厂2007年建成投产。", "一期工厂", "phase_only"),
        ("明确项目从洽谈到投产的责任分工。", "明确项目", "verb_phrase"),
        ("会议原则同意项目投资协议文本。", "会议原则同意项目", "meeting"),
    ],
)
def test_names_that_name_no_one_project(sentence: str, name: str, rule: str) -> None:
    assert _problem(sentence, name) == rule


def test_a_place_that_opens_with_a_count_is_a_name() -> None:
    assert _problem("五大连池矿泉水项目开工。", "五大连池矿泉水项目") is None


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("江川开发区前三季度新设外商投资企业126家，实际使用外资5.2亿美元。", 126),
        ("上半年，全省新设立外商投资企业732家，同比增长12%。", 732),
    ],
)
def test_a_count_of_new_foreign_firms_is_a_reported_total(text: str, count: int) -> None:
    result = extract("标题\n" + text, backend="rules")
    counted = [a for a in result.aggregates if a.count == count]
    assert len(counted) == 1 and counted[0].amount is None
    assert not result.deals


def test_firms_visited_are_not_counted_as_new_foreign_firms() -> None:
    result = extract("标题\n小分队先后走访外商投资企业9家。", backend="rules")
    assert not [a for a in result.aggregates if a.count == 9]


_NOTICE = (
    "关于江川区2024年第一季度新签约招商引资项目的公示\n"
    "现将我区2024年第一季度新签约招商引资项目情况公示如下：\n"
    "序号 项目名称 投资方 总投资 建设内容\n"
    "1 锂电隔膜项目 湖北青禾新材料有限公司 12亿元 建设年产2万吨锂电隔膜生产线\n"
    "2 冷链物流中心项目 江川丙方农业发展有限公司 1.2亿元 建设冷库3万立方米\n"
)


def test_a_notice_table_with_row_numbers_and_a_works_column() -> None:
    deals = _deals(_NOTICE)
    # the rows are new signings, as the notice's lead-in says (现将…公示如下 is "hereby", no plan)
    assert deals == {
        "锂电隔膜项目": (["湖北青禾新材料有限公司"], "12亿元", "signed"),
        "冷链物流中心项目": (["江川丙方农业发展有限公司"], "1.2亿元", "signed"),
    }


def test_purchase_contracts_are_no_investment() -> None:
    text = "标题\n新区已连续六年组织企业参加进博会，累计签订进口采购合同金额超过8亿美元。"
    result = extract(text, backend="rules")
    assert not result.aggregates and not result.deals
