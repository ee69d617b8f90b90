"""Field blocks, questions, past stages, spent money, a firm's own stock and bare parts: own sentences."""

from __future__ import annotations

import pytest

from extractor import extract
from extractor.backends.rules.backend import RulesBackend
from extractor.text.article import build_article
from tests.test_rules_cards import _deals

_BLOCKS = (
    "武陵区2024年第二季度重大项目集中签约项目清单\n"
    "6月20日，武陵区重大项目集中签约活动举行，共签约项目7个，总投资86.4亿元。"
    "现将其中3个项目信息公布如下（其余4个项目暂不公布）：\n"
    "1.\n"
    "项目名称：高性能碳纤维复合材料项目\n"
    "投资方：长沙星岳新材料有限公司\n"
    "投资额：28亿元\n"
    "建设内容：新建碳纤维预浸料生产线，年产复合材料3000吨\n"
    "签约类型：投资协议\n"
    "2.\n"
    "项目名称：冷链食品加工项目\n"
    "投资方：暂不公开\n"
    "投资额：约6亿元\n"
    "建设内容：建设冷库及中央厨房\n"
    "签约类型：投资意向书\n"
    "3.\n"
    "项目名称：智能仓储物流园项目\n"
    "投资方：湖南远航物流集团\n"
    "投资额：不超过5亿元\n"
    "签约类型：投资协议\n"
)


def _draft_stages(text: str) -> dict[str, str]:
    """The stages the rules read, before the stored record's labels are checked against its paragraphs."""
    draft = RulesBackend().extract(build_article(text, source="t")).draft
    return {d.project or "": d.stage for d in draft.deals}


def test_each_block_of_fields_is_a_deal() -> None:
    deals = _deals(_BLOCKS)
    assert deals["高性能碳纤维复合材料项目"] == (["长沙星岳新材料有限公司"], "28亿元", "signed")
    assert deals["冷链食品加工项目"][:2] == ([], "约6亿元")  # 暂不公开 names no one
    assert deals["智能仓储物流园项目"] == (["湖南远航物流集团"], "不超过5亿元", "signed")
    assert len(deals) == 3


def test_a_block_takes_the_stage_its_type_line_says() -> None:
    stages = _draft_stages(_BLOCKS)
    assert stages["冷链食品加工项目"] == "intent"  # 签约类型：投资意向书
    assert stages["高性能碳纤维复合材料项目"] == "signed"


def test_the_parts_a_notice_shows_are_no_counted_total() -> None:
    result = extract(_BLOCKS, backend="rules")
    # 共签约项目7个，总投资86.4亿元 only: 其中3个项目 / 其余4个项目 are no kind of project
    assert [(a.count, a.amount.text if a.amount else None) for a in result.aggregates] == [(7, "86.4亿元")]


def test_a_breakdown_by_kind_is_still_a_count() -> None:
    text = "标题\n今天，全区集中签约项目11个，总投资86亿元，其中工业项目8个、服务业项目3个。\n"
    counts = sorted(a.count for a in extract(text, backend="rules").aggregates if a.count)
    assert counts == [3, 8, 11]


def test_a_question_reports_nothing() -> None:
    text = (
        "发布会实录\n"
        "问：有报道说临江市引进了一个百亿级铜基新材料项目，目前进展如何？"
        "答：该项目还在洽谈阶段。今年以来，临江市新签约项目20个，总投资150亿元。\n"
    )
    result = extract(text, backend="rules")
    assert result.deals == []
    # the answer is read; the question's 百亿级 is no size class
    assert [(a.count, a.amount.text if a.amount else None) for a in result.aggregates] == [(20, "150亿元")]


def test_what_a_sentence_goes_on_to_say_outranks_a_past_before_the_name() -> None:
    deals = _deals("标题\n去年签约的宁远风电装备制造基地项目已于3月28日正式开工，总投资18亿元。\n")
    assert deals["宁远风电装备制造基地项目"][2] == "started"
    text = "标题\n去年签约的华源新能源电池项目总投资40亿元，从签约到投产仅用了11个月，今年6月已正式投产。\n"
    assert _deals(text)["华源新能源电池项目"][2] == "operating"


def test_a_past_before_the_name_stays_when_nothing_follows_for_it() -> None:
    deals = _deals("标题\n此次签约的光明新材料项目总投资40亿元，华星电子项目落户高新区。\n")
    assert deals["光明新材料项目"][2] == "signed"  # 落户 is 华星电子's, after another name


def test_money_spent_so_far_is_no_project_amount() -> None:
    deals = _deals("标题\n青禾锂电新材料产业园二期项目已完成投资12.6亿元，正在进行设备安装。\n")
    assert all(amount is None for _, amount, _ in deals.values())


def test_size_classes_by_money_spent_are_still_read() -> None:
    text = "标题\n截至目前，全区已完成投资50亿元以上重大产业项目1个、10亿元重大产业项目2个。\n"
    classes = sorted(
        (a.count, a.amount.text if a.amount else None) for a in extract(text, backend="rules").aggregates
    )
    assert classes == [(1, "50亿元以上"), (2, "10亿元")]


def test_a_firms_own_investments_so_far_are_no_total() -> None:
    assert extract("标题\n目前，集团在湘累计投资已超过60亿元。\n", backend="rules").aggregates == []
    region = extract("标题\n今年以来，全市累计签约项目46个，协议引资超300亿元。\n", backend="rules")
    assert [a.count for a in region.aggregates] == [46]


def test_a_wish_that_projects_land_soon_is_no_deal() -> None:
    text = "标题\n希望集团以此次考察为契机，推动电池回收利用、储能系统等项目早日落地。\n"
    assert extract(text, backend="rules").deals == []


def test_some_projects_name_no_project() -> None:
    assert extract("标题\n一是签约项目转化率不够高，部分项目签约后推进较慢。\n", backend="rules").deals == []


def test_a_capacitys_product_stays_in_the_name_whatever_its_words() -> None:
    deals = _deals("标题\n蓬安县润丰食品年产10万吨休闲食品项目总投资5.2亿元，于4月建成投产。\n")
    assert "润丰食品年产10万吨休闲食品项目" in next(iter(deals))


# --------------------------------------------------------------------------- a page of short items

_PAGE = (
    "江南日报 区域新闻\n"
    "临川区12个重大项目集中开工\n"
    "本报讯（记者 王力）5月20日，临川区重大项目集中开工活动举行。"
    "同日，东乡区的东湖冷链物流中心项目也举行了开工仪式。\n"
    "抚州曲江精密铸造产业园一期投产\n"
    "本报讯（记者 何佳）日前，位于抚州市宜黄县的赣东精密铸造产业园项目一期正式投产。"
    "该项目由抚州力拓精工有限公司投资建设，项目总投资15亿元，其中一期投资6.8亿元。\n"
    "南城签下1.2亿美元冷链项目\n"
    "本报讯（记者 陈宇）5月17日，南城县与澳门嘉润海洋集团签订投资协议，嘉润海洋集团将投资1.2亿美元，"
    "在南城建设水产品精深加工及冷链物流项目。\n"
)


def test_a_heading_opens_another_story() -> None:
    deals = _deals(_PAGE)
    # 该项目 of the second item is its own project, not the first item's
    assert deals["东湖冷链物流中心项目"][1] is None
    assert deals["赣东精密铸造产业园项目"][1] == "15亿元"
    # a firm jieba splits after its place (抚州 力拓/v 精工) keeps its whole name
    assert deals["赣东精密铸造产业园项目"][0] == ["抚州力拓精工有限公司"]


def test_a_headline_restating_a_story_deal_is_no_other_deal() -> None:
    deals = _deals(_PAGE)
    assert "冷链项目" not in deals
    # 在南城建设…: the place and the verb are no part of the name; the firm is named once
    assert deals["水产品精深加工及冷链物流项目"][:2] == (["澳门嘉润海洋集团"], "1.2亿美元")


def test_a_place_before_de_is_where_a_listed_project_is() -> None:
    text = (
        "标题\n东乡区的预制菜产业园项目、南城县的冷链装备制造项目、"
        "宜黄县的铝基新材料深加工项目等一批重大项目先后落户。\n"
    )
    result = extract(text, backend="rules")
    where = {d.project: (d.location.text if d.location else None, d.investors) for d in result.deals}
    assert where["冷链装备制造项目"] == ("南城县", [])
    assert where["铝基新材料深加工项目"] == ("宜黄县", [])  # 铝基 says what the material is, no firm


def test_firms_whose_projects_landed_are_each_a_deal() -> None:
    text = "标题\n此外，星海氢能、中澜碳材、北辰储能等企业的项目也相继落户高新区。\n"
    deals = extract(text, backend="rules").deals
    assert sorted(i for d in deals for i in d.investors) == ["中澜碳材", "北辰储能", "星海氢能"]


def test_a_project_not_yet_signed_is_no_deal() -> None:
    table = (
        "二、重点项目进展\n"
        "序号\t项目名称\t投资主体\t总投资\t进展\n"
        "1\t新能源汽车热管理系统项目\t淮安凯达汽车部件有限公司\t12.5亿元\t10月18日开工\n"
        "2\t智能仓储物流中心项目\t（在谈）\t约5亿元\t洽谈中，尚未签约\n"
        "3\t光学镜头模组二期项目\t淮安华光电路有限公司\t20亿元\t设备安装调试，预计12月投产\n"
    )
    stages = _draft_stages(table)
    assert "智能仓储物流中心项目" not in stages
    # a progress column: its latest done event is the row's stage; a 预计 is none
    assert stages["新能源汽车热管理系统项目"] == "started"
    assert stages["光学镜头模组二期项目"] == "other"
    assert _deals("标题\n华光新材料项目目前仍在洽谈，尚未签约，投资额约5亿元。\n") == {}


def test_an_ordinal_or_sales_name_no_project_and_no_amount() -> None:
    text = "标题\n【润晶化工】食品级磷酸盐项目10月9日投产，这是该公司继2021年落户以来的第二个项目。\n"
    assert set(_deals(text)) == {"食品级磷酸盐项目"}
    sales = _deals("标题\n华科电路一期项目于2022年投产，今年1—10月实现开票销售9.3亿元。\n")
    assert all(amount is None for _, amount, _ in sales.values())


def test_a_bracket_after_a_listed_name_holds_that_projects_amount_and_site() -> None:
    text = (
        "标题\n成功引进南湖储能科技有限公司储能电芯项目（总投资约80亿元，5月签约落户临川经开区）、"
        "西宏智能装备有限公司智能装备制造基地项目（总投资25亿元，落户临川高新区）等一批重大项目。\n"
    )
    result = extract(text, backend="rules")
    got = {
        d.project: (d.amount.text if d.amount else None, d.location.text if d.location else None)
        for d in result.deals
    }
    assert got["西宏智能装备有限公司智能装备制造基地项目"] == ("25亿元", "临川高新区")
    assert got["南湖储能科技有限公司储能电芯项目"] == ("约80亿元", "临川经开区")
    assert result.aggregates == []  # 25亿元 is the second project's, not the list's total


# --------------------------------------------------------------------------- a second pair of eyes


@pytest.mark.parametrize(
    "text",
    [
        # signed, not landed yet; others not signed yet
        "标题\n赣江锂业投资10亿元建设锂电池隔膜项目，项目已于去年签约，但至今尚未落地。\n",
        "标题\n华润集团投资20亿元的光伏产业园项目已签约，目前还有3个项目正在洽谈，尚未签约。\n",
    ],
)
def test_not_yet_said_of_something_else_keeps_the_deal(text: str) -> None:
    assert [d.amount.text for d in extract(text, backend="rules").deals if d.amount] in (
        ["10亿元"],
        ["20亿元"],
    )


@pytest.mark.parametrize(
    "text",
    [
        "标题\n今天签约的星岳新能源汽车项目总投资100亿元，活动现场还为5个重点项目集中开工揭牌。\n",
        "标题\n正式签约的星岳新能源汽车项目总投资100亿元，标志着招引工作取得突破，全年已开工项目达到30个。\n",
    ],
)
def test_a_stage_said_of_other_projects_is_not_the_signed_ones(text: str) -> None:
    assert _deals(text)["星岳新能源汽车项目"][2] == "signed"


def test_a_cards_type_line_does_not_undo_its_fact_lines_event() -> None:
    text = (
        "项目清单\n项目名称：高性能碳纤维复合材料项目\n投资方：长沙星岳新材料有限公司\n"
        "投资额：28亿元，已于10月开工\n签约类型：投资协议\n"
    )
    assert _draft_stages(text)["高性能碳纤维复合材料项目"] == "started"


def test_a_subheading_with_the_same_amount_as_another_project_stays() -> None:
    text = (
        "标题\n一、星岳新能源汽车项目总投资10亿元\n星岳控股集团投资10亿元建设新能源汽车项目。\n"
        "二、华联动力电池项目总投资10亿元\n该项目由华联股份有限公司投资建设。\n"
    )
    assert "华联动力电池项目" in _deals(text)


def test_an_origin_before_de_is_no_site_and_many_firms_stock_is_a_total() -> None:
    result = extract("标题\n来自深圳市的锂电池隔膜项目总投资10亿元，落户瑞昌市。\n", backend="rules")
    assert [d.location.text for d in result.deals if d.location] == ["瑞昌市"]
    many = extract("标题\n截至目前，全市外资企业累计投资超过300亿元。\n", backend="rules")
    assert [a.amount.text for a in many.aggregates if a.amount] == ["超过300亿元"]
