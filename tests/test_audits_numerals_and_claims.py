"""Sums written in Chinese numerals, firms named with what kind they are, audits' figures and
claims in quotation marks (sentences of our own; each test fails without its rule)."""

from __future__ import annotations

from extractor.qa.parse import route_of
from extractor.qa.passages import _as_of_clash, _no_to, _other_count, _yes_to
from extractor.text.amounts import find_money
from extractor.text.names import same_firm, without_subsidiary_lead
from tests.extraction_helpers import amount_of as _amount
from tests.extraction_helpers import deals_of as _deals
from tests.extraction_helpers import totals_of as _totals


def test_a_sum_of_yi_and_wan_is_one_sum() -> None:
    text = "总投资三亿五千万元，另有12亿5000万元。"
    found = {m.text: (m.money.value, m.money.kind) for m in find_money(text)}
    assert found == {"三亿五千万元": (3.5e8, "exact"), "12亿5000万元": (1.25e9, "exact")}
    assert [(m.money.value, m.money.kind) for m in find_money("约三亿五千万元")] == [(3.5e8, "approx")]
    assert [(m.money.value, m.money.kind) for m in find_money("不超过2亿5000万元")] == [(2.5e8, "at_most")]
    assert [m.money.currency for m in find_money("三亿五千万美元")] == ["USD"]
    assert find_money("3亿5000万人次") == []  # no currency: people, not money
    (deal,) = _deals("10月下旬，旺佳食品有限公司与永丰县签约年产5万吨米粉项目，总投资三亿五千万元。")
    assert _amount(deal) == "三亿五千万元" and deal.amount is not None and deal.amount.value == 3.5e8


def test_what_kind_of_firm_it_is_is_no_part_of_its_name() -> None:
    assert without_subsidiary_lead("台资企业旺佳食品（永丰）有限公司") == "旺佳食品（永丰）有限公司"
    assert without_subsidiary_lead("市属国有企业江东产业投资集团有限公司") == "江东产业投资集团有限公司"
    assert without_subsidiary_lead("中国宏冶集团所属宏冶新材料科技有限公司") == "宏冶新材料科技有限公司"
    assert without_subsidiary_lead("开发区台资企业晟鸿电子科技有限公司") == "晟鸿电子科技有限公司"
    assert without_subsidiary_lead("企业服务集团有限公司") == "企业服务集团有限公司"
    (deal,) = _deals("10月，台资企业鼎钰精密五金有限公司与吉水县签约精密五金项目，总投资3亿元。")
    assert deal.investors == ["鼎钰精密五金有限公司"]
    assert same_firm("宏冶集团", "中国宏冶集团有限公司")


def test_a_joint_venture_or_a_kind_of_capital_is_no_project_name() -> None:
    assert _deals("■ 合资项目：总投资42亿元，宏冶方持股51%") == []


def test_reserve_projects_are_no_total() -> None:
    assert _totals("另安排预备项目48个，总投资约2100亿元，待前期工作完成后调入正式清单。") == []


def test_an_audits_figures_and_claims_are_no_records() -> None:
    assert _totals("此次专项核查共核减全市一季度签约项目37个、协议投资额212.6亿元。") == []
    assert _totals("2025年一季度，莘县上报新签约招商引资项目21个、协议投资额128亿元。") == []
    assert _deals("2025年4月，该镇对外宣传一个总投资5亿元的食品加工项目“已开工建设”。") == []


def test_a_firms_stock_of_investment_is_no_total() -> None:
    text = "据了解，晟鸿电子于2012年落户吉安，先后两次扩产，累计投资已超过二亿美元。"
    assert _totals(text) == []


def test_a_claim_in_quotation_marks_is_no_yes() -> None:
    claim = "2025年4月，该镇对外宣传一个总投资5亿元的食品加工项目“已开工建设”。"
    assert _yes_to(claim, "那个食品加工项目真的开工了吗？") is None
    found = "经核查，该项目仅举行了开工仪式，现场未实质动工。"
    assert _no_to(found, "那个食品加工项目真的开工了吗？") == "没有。"


def test_a_sum_of_another_counted_group_is_no_answer() -> None:
    asked = "莘县那3个只签了战略合作框架协议的项目总投资多少？"
    said = "经核查，其中3个项目仅签订了框架协议；剔除后，莘县一季度实际新签约项目16个，协议投资额"
    assert _other_count(asked, said)
    assert not _other_count(asked, "其中3个项目仅签订了框架协议，合计投资额")


def test_a_figure_as_of_another_month_is_no_answer() -> None:
    assert _as_of_clash("截至5月底累计完成投资多少？", "截至6月20日，累计完成投资121.5亿元。")
    assert not _as_of_clash("截至6月底累计完成投资多少？", "截至6月20日，累计完成投资121.5亿元。")


def test_what_projects_have_spent_is_asked_of_the_text_not_the_records() -> None:
    assert route_of("百日攻坚项目累计完成投资多少？") == "passages"


def test_a_periods_planned_spending_and_a_main_venue_are_no_deals() -> None:
    text = (
        "1.长垣市起重装备智能制造产业园项目（建设单位：长垣宏起重工集团有限公司）：总投资32亿元，"
        "攻坚期计划投资8亿元，已完成6.2亿元。"
    )
    assert [_amount(d) for d in _deals(text)] == ["32亿元"]
    venue = "2.卫辉市聚酰胺切片项目：总投资约15亿元，5月28日开工，是全省集中开工活动我市分会场的主场项目。"
    assert [d.project for d in _deals(venue)] == ["卫辉市聚酰胺切片项目"]
