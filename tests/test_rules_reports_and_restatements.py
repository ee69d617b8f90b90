"""Rules for what reports restate, retract or only hear, and for how they break a total down
(sentences of our own; each test fails without its rule)."""

from __future__ import annotations

from extractor.text.article import build_article
from tests.extraction_helpers import amount_of as _amount
from tests.extraction_helpers import deals_of as _deals
from tests.extraction_helpers import totals_of as _totals


def test_a_pages_notice_and_other_stories_headlines_are_furniture() -> None:
    text = (
        "2024-06-01 10:00\n"
        "记者获悉，今年以来，永新县新签约项目18个，总投资96亿元。"
        "特别声明：以上内容为自媒体平台用户上传并发布，本平台仅提供信息存储服务。"
        "相关推荐 热点推荐 莲花县集中签约12个项目 总投资156亿元 网易热搜 换一换\n"
    )
    kinds = [p.kind for p in build_article(text, source="a.txt").paragraphs]
    assert kinds[-1] == "boilerplate" and kinds.count("boilerplate") == 1
    assert [(a.count, _amount(a)) for a in _totals(text)] == [(18, "96亿元")]


def test_a_title_and_a_breakdown_that_restate_a_total_are_that_total() -> None:
    text = (
        "泰和县上半年签约项目37个 协议投资超400亿元\n"
        "今年上半年，泰和县新签约项目37个，协议投资超400亿元。\n"
        "此次集中开工项目16个，总投资103.6亿元。本次开工的16个项目中，工业项目11个，总投资78.4亿元；"
        "基础设施和社会民生项目5个。\n"
    )
    found = {(a.count, _amount(a), a.stage) for a in _totals(text)}
    assert found == {
        (37, "超400亿元", "signed"),
        (16, "103.6亿元", "started"),
        (11, "78.4亿元", "started"),  # the breakdown's event, said before 项目中
        (5, None, "started"),  # after the semicolon the breakdown goes on
    }


def test_a_goal_runs_on_through_its_sentence() -> None:
    assert _totals("我们力争全年新签约亿元以上项目100个以上，实际利用外资3亿美元以上。") == []


def test_one_unnamed_project_elsewhere_is_no_total() -> None:
    assert _totals("邻近的遂川县上个月一个项目就签约了120亿元，兄弟县区你追我赶。") == []


def test_hearsay_and_a_denied_signing_state_no_deal() -> None:
    text = (
        "近期有自媒体称公司将在吉安另行投资50亿元建设碳化硅晶圆项目。"
        "经公司核实，公司目前未就该事项与任何一方进行洽谈或签署协议，上述信息不属实。"
    )
    assert _deals(text) == [] and _totals(text) == []
    # what the sentence states before the hearsay stands
    kept = _totals("今年全县签约项目12个，总投资80亿元，网传另有一个百亿项目将落地。")
    assert [(a.count, _amount(a)) for a in kept] == [(12, "80亿元")]


def test_a_project_only_heard_of_is_no_referent_for_the_next_sentence() -> None:
    text = (
        "今年3月，高新区与安泰集团签约精密铸件项目，总投资12亿元。坊间传闻，另有锂电池隔膜项目也将落地。"
        "该项目总投资约40亿元。"
    )
    assert [(d.project, _amount(d)) for d in _deals(text)] == [("精密铸件项目", "12亿元")]


def test_a_project_signed_before_is_as_far_as_the_sentence_says_it_got() -> None:
    today = _deals("在安福县分会场，去年10月签约的碳酸钙新材料产业园项目今天也正式开工，项目总投资约9亿元。")
    assert [(d.project, d.stage) for d in today] == [("碳酸钙新材料产业园项目", "started")]
    later = _deals("去年同期签约的电驱系统项目，从签约到投产只用了10个月，今年2月已实现投产。")
    assert [(d.project, d.stage) for d in later] == [("电驱系统项目", "operating")]
    planned = _deals("去年签约的光伏玻璃项目将于明年正式投产，总投资12亿元。")
    assert [(d.project, d.stage) for d in planned] == [("光伏玻璃项目", "signed")]


def test_firms_of_the_clause_before_pair_with_their_sums() -> None:
    text = (
        "当天，吉水县与江西赣青冷链物流有限公司、江西蓝晟电池科技有限公司分别签订投资协议，"
        "投资额分别为6亿元和8.5亿元。"
    )
    found = {(tuple(d.investors), _amount(d)) for d in _deals(text)}
    assert found == {(("江西赣青冷链物流有限公司",), "6亿元"), (("江西蓝晟电池科技有限公司",), "8.5亿元")}


def test_a_size_classs_sum_named_by_its_measure_is_its_total() -> None:
    found = _totals("全年新签约亿元以上项目412个，协议引资2105.6亿元，比上年增长14.8%。")
    assert [(a.count, _amount(a), a.stage) for a in found] == [(412, "2105.6亿元", "signed")]


def test_a_brands_short_name_is_the_project_named_in_full_before() -> None:
    text = (
        "上半年，江西晶锂新能源材料有限公司年产10万吨磷酸锰铁锂正极材料项目、吉安海川精密模具有限公司"
        "电池结构件项目等相继落户。其中，晶锂项目总投资约45亿元，计划年内开工。"
    )
    deals = {d.project: d for d in _deals(text)}
    full = "江西晶锂新能源材料有限公司年产10万吨磷酸锰铁锂正极材料项目"
    assert set(deals) == {full, "吉安海川精密模具有限公司电池结构件项目"}
    assert _amount(deals[full]) == "约45亿元"


def test_examples_of_the_groups_projects_are_its_deals() -> None:
    text = (
        "去年全县签约亿元以上项目50个。这些项目质量高、结构优，既有江西瑞捷新能源科技有限公司年产20GWh"
        "钠离子电池项目这样投资约56亿元的重大制造业项目，还有武功山景区的山地文旅综合体等一批现代服务业项目。"
    )
    deals = {d.project: d for d in _deals(text)}
    battery = deals["江西瑞捷新能源科技有限公司年产20GWh钠离子电池项目"]
    assert _amount(battery) == "约56亿元"
    assert deals["山地文旅综合体"].stage == battery.stage == "signed"


def test_a_bare_name_of_another_provinces_county_places_nothing() -> None:
    text = (
        "湖州市长兴县举行招商引资项目集中签约活动，长兴县共签约项目12个。"
        "挪威北极光游艇集团投资8000万美元的高端游艇制造项目落户太湖图影旅游度假区。"
    )
    (deal,) = [d for d in _deals(text) if d.project == "高端游艇制造项目"]
    assert deal.location is None or deal.location.province == "浙江省"


def test_a_hard_wrapped_documents_lines_join_into_its_paragraphs() -> None:
    text = (
        "2024-04-19 16:05\n"
        "关于一季度招商引资工作情况的通报\n"
        "　　一、总体情况\n"
        "　　一季度，全市新签约项目68个，合同引资412.6亿\n"
        "元，同比增长17.3%。汉寿县引进的甲鱼精深加工项目、\n"
        "智能家居产业园项目已全部完成签约。\n"
        "\n"
        "－ 1 －\n"
        "\n"
        "　　二、下一步工作安排\n"
        "　　二季度，各地要对照年度目标任务抓好落实。\n"
    )
    article = build_article(text, source="a.txt")
    kinds = [(p.kind, article.text[p.start : p.end][:6]) for p in article.paragraphs]
    assert ("boilerplate", "－ 1 －") in kinds  # a page number
    body = next(p for p in article.paragraphs if article.text[p.start : p.end].startswith("一季度"))
    assert article.text[body.start : body.end].endswith("已全部完成签约。")
    assert [(a.count, _amount(a)) for a in _totals(text)] == [(68, "412.6亿\n元")]
    assert {d.project for d in _deals(text)} == {"甲鱼精深加工项目", "智能家居产业园项目"}


def test_a_news_list_in_one_line_is_read_item_by_item() -> None:
    text = (
        "2024-07-29 09:12\n"
        "首页 > 招商动态 [2024-07-26] 高新区举行新材料项目集中签约活动 7月25日，高新区现场签约项目7个，"
        "总投资86.4亿元，其中A项目是单体投资最大的项目…[详细] [2024-07-22] 九原区绿电制氢项目开工 7月20日，"
        "九原区风光制氢一体化示范项目开工建设，总投资约43亿元…[详细] 共128条 每页7条\n"
    )
    article = build_article(text, source="a.txt")
    quotes = [article.text[p.start : p.end] for p in article.paragraphs]
    assert "九原区绿电制氢项目开工" in quotes and "[2024-07-22]" in quotes
    found = [(d.project, d.stage, _amount(d)) for d in _deals(text)]
    assert found == [("九原区风光制氢一体化示范项目", "started", "约43亿元")]


def test_a_reward_is_no_investment_whatever_measure_comes_before() -> None:
    text = "落实招商引资奖励政策，对新引进的总部型企业按其实际到位资金给予最高1000万元奖励。"
    assert _totals(text) == [] and _deals(text) == []


def test_a_goals_counts_are_no_totals() -> None:
    assert _totals("下一步，我们将力争2024年全市实际使用外资达到3亿美元，新设外商投资企业40家以上。") == []


def test_a_project_is_as_far_as_its_paragraphs_latest_event() -> None:
    text = (
        "7月12日，东胜区特种车辆关键零部件项目正式投产。"
        "该项目由某重工装备有限公司投资建设，2023年8月签约，总投资2.8亿元。"
    )
    found = [(d.project, d.stage, _amount(d)) for d in _deals(text)]
    assert found == [("东胜区特种车辆关键零部件项目", "operating", "2.8亿元")]
