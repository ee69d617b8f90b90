"""Rules found on an eleventh blind set's odd half (a listed firm's annual report, a short-video
script, a reply to an information request, a party branch's news, a customs item), each tested on
sentences of our own."""

from __future__ import annotations

from tests.extraction_helpers import amount_of as _amount
from tests.extraction_helpers import deals_of as _deals
from tests.extraction_helpers import totals_of as _totals

_FILING = """证券代码：600999　　证券简称：华岳材料　　公告编号：2025-011
华岳新材料股份有限公司2024年年度报告摘要（节选）
报告期内，公司在临港经济开发区投资9.6亿元建设的年产2万吨电子级氢氟酸项目于2024年5月开工建设。
注：1.年产1万吨氧化铝陶瓷项目系公司募集资金投资项目。经公司股东大会审议通过，该项目实施地点由老厂区变更为新材料产业园，计划总投资由2.8亿元调整为3.5亿元。
"""


def test_a_filings_company_is_its_issuer() -> None:
    deals = {d.project: d for d in _deals(_FILING)}
    assert deals["年产2万吨电子级氢氟酸项目"].investors == ["华岳新材料股份有限公司"]


def test_a_figure_changed_into_another_is_superseded_and_the_clause_refers_back() -> None:
    deals = {d.project: d for d in _deals(_FILING)}
    assert _amount(deals["年产1万吨氧化铝陶瓷项目"]) == "3.5亿元"
    assert not any(_amount(d) == "2.8亿元" for d in _deals(_FILING))


def test_one_firm_is_no_count_and_a_sums_purpose_is_no_class() -> None:
    text = "7月，一家饲草贸易企业签约入驻综保区，计划投资不低于3000万元建设进口饲草加工项目。"
    (deal,) = _deals(text)
    assert deal.project == "进口饲草加工项目" and _amount(deal) == "不低于3000万元"


def test_a_framework_signed_is_an_intent_when_the_project_agreement_is_still_to_come() -> None:
    text = (
        "2024年3月，安宁县人民政府与鹿鸣健康产业集团签订战略合作框架协议，规划投资约20亿元，"
        "目前尚未签订具体项目投资协议。"
    )
    (deal,) = _deals(text)
    assert deal.investors == ["鹿鸣健康产业集团"] and _amount(deal) == "约20亿元"
    assert _deals("甲公司正与乙县洽谈投资约20亿元的电池项目，目前尚未签订任何协议。") == []


def test_a_short_quoted_phrase_or_a_clause_of_none_is_no_record() -> None:
    assert _deals("您申请获取：3.“总投资30亿元的石墨烯产业园项目”相关信息；4.奖励资金数额。") == []
    assert _totals("园区现有生产企业12家，没有哪个单体项目投资500亿元。") == []
    assert _deals("该公司自称将投资逾百亿建设总部大厦项目。") == []


def test_customs_figures_are_no_amounts() -> None:
    text = "葵花籽加工项目今年6月建成投产，海关为其进口的榨油生产线办理减免税手续，涉及设备货值1.2亿元。"
    assert [_amount(d) for d in _deals(text)] == [None]


def test_projects_in_general_are_no_project() -> None:
    assert _deals("9名党员分别联系21家重点企业，全程跟踪服务项目签约、开工、投产。") == []
    assert _deals("今年1—7月，综保区新签约入区项目14个，协议投资额37.5亿元。") == []


def test_a_question_naming_a_firm_jieba_does_not_know_is_about_that_firm() -> None:
    from extractor.qa.parse import anchor_terms
    from extractor.qa.passages import subject_anchors

    asked = "椰林生物科技有限公司的天然胶乳制品项目什么时候开工？"
    assert anchor_terms(asked) == []  # jieba knows none of its names
    assert subject_anchors(asked) == ["椰林生物科技"]
    assert subject_anchors("是哪家公司跟5个项目运营商签的入驻协议？") == []


def test_a_fraudsters_pretext_and_research_funds_are_no_deals() -> None:
    assert _deals("近期有不法分子冒充招商人员，谎称将在奉贤投资建设总投资10亿元的细胞治疗科创产业园。") == []
    text = "学校与平谷区人民政府签署校地全面战略合作协议，共建平谷研究院，平谷区每年安排科研经费500万元。"
    assert not any(_amount(d) for d in _deals(text))


def test_a_date_is_no_part_of_a_firms_name_and_the_park_it_lands_in_is_no_project() -> None:
    (deal,) = _deals("8月5日　康泽医疗器械（永川）有限公司人工晶状体生产基地项目落户三教产业园。")
    assert deal.investors == ["康泽医疗器械（永川）有限公司"]
    assert deal.project == "康泽医疗器械（永川）有限公司人工晶状体生产基地项目"


def test_projects_counted_for_what_they_have_not_done_are_no_total() -> None:
    text = "抽查的42个签约项目中，有9个项目签约一年以上仍未开工，其中1个总投资6亿元的项目至今未开工。"
    assert {a.count for a in _totals(text)} <= {42}


def test_a_corrected_quote_a_pact_of_no_investment_and_a_crimes_money_are_no_records() -> None:
    text = (
        "【更正】上期7月18日条目中“永川区与渝驰科技有限公司签约车路协同测试服务中心项目，"
        "协议投资额5亿元”，协议投资额应为3.5亿元。"
    )
    assert not any(_amount(d) == "5亿元" for d in _deals(text))
    assert _deals("8月30日，永川区与西南地区一所高校签署校地合作框架协议，双方将共建现代产业学院。") == []
    text = "化妆品基地项目于6月投产，总投资约4.2亿元，民警帮助企业追回被骗资金320万元。"
    assert [_amount(d) for d in _deals(text)] == ["约4.2亿元"]


def test_other_places_totals_are_not_the_storys() -> None:
    text = "这是系列活动的第三站，此前在其他两地举办的两站活动共促成签约项目9个，总投资21.6亿元。"
    assert _totals(text) == []


def test_investors_from_elsewhere_are_still_the_storys_total() -> None:
    assert [a.count for a in _totals("今年以来，全县引进外地客商投资项目30个，总投资50亿元。")] == [30]
