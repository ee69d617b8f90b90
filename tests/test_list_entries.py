"""A project list's entries: a numbered title with its tag over one line of fields, and a section
heading that counts its projects (sentences of our own; each test fails without its rule)."""

from __future__ import annotations

from tests.extraction_helpers import amount_of as _amount
from tests.extraction_helpers import deals_of as _deals
from tests.extraction_helpers import totals_of as _totals

_LIST = """关于下达2025年市重点项目计划的通知
附件：2025年市重点项目表（节选）
（一）临河区（共18个，总投资326亿元）
1.临河区智能农机装备产业园项目（续建）
建设单位：河套农装科技有限公司　建设地点：临河区　总投资：48亿元　2025年计划投资：12亿元
2.光伏制氢一体化项目（新开工）
建设单位：朔方绿能氢源有限公司　建设地点：甘其毛都口岸加工园区　总投资：约65亿元　建设年限：2025—2027年
3.五原县乳制品深加工项目（预备）
建设单位：待定　建设地点：五原县　估算总投资：约9亿元
"""


def test_a_list_entry_is_its_title_and_its_line_of_fields() -> None:
    deals = {d.project: d for d in _deals(_LIST)}
    assert set(deals) == {"临河区智能农机装备产业园项目", "光伏制氢一体化项目"}
    farm, hydrogen = deals["临河区智能农机装备产业园项目"], deals["光伏制氢一体化项目"]
    # the amount is the 总投资 field's, never the year's planned investment
    assert _amount(farm) == "48亿元" and _amount(hydrogen) == "约65亿元"
    assert farm.investors == ["河套农装科技有限公司"] and hydrogen.investors == ["朔方绿能氢源有限公司"]
    # the 建设地点 field is where it is built
    assert farm.location is not None and farm.location.text == "临河区"
    assert hydrogen.location is not None and hydrogen.location.text == "甘其毛都口岸加工园区"


def test_a_list_entrys_tag_says_how_far_it_is_and_a_reserve_entry_is_no_deal() -> None:
    stages = {d.project: d.stage for d in _deals(_LIST)}
    # 续建 is under construction; 新开工 in a year's plan is still to start; 预备 is no deal
    assert stages == {"临河区智能农机装备产业园项目": "started", "光伏制氢一体化项目": "other"}
    assert not any("乳制品" in (d.project or "") for d in _deals(_LIST))


def test_a_list_sections_heading_counts_its_projects() -> None:
    totals = {(a.count, _amount(a)) for a in _totals(_LIST)}
    assert (18, "326亿元") in totals


def test_a_planned_count_is_no_event_and_the_count_done_after_it_is() -> None:
    text = "截至6月底，全县攻坚项目中，计划新开工项目28个，已开工21个；计划竣工投产项目12个，已投产7个。"
    counted = {(a.count, a.stage) for a in _totals(text)}
    assert (21, "started") in counted and (7, "operating") in counted
    assert not {28, 12} & {a.count for a in _totals(text)}


def test_a_span_of_building_years_dates_no_event() -> None:
    from extractor.qa.deals import Scope, in_scope
    from extractor.schema import Deal, Span

    quote = "建设单位：河套农装科技有限公司　总投资：48亿元　建设年限：2023—2026年"
    span = Span(source="a.txt", paragraph=1, start=0, end=len(quote), quote=quote)
    deal = Deal(project="智能农机装备产业园项目", stage="started", evidence=[span])
    for year, fits in (("2023", False), ("2026", False)):
        scope = Scope([], [year], [], f"{year}年开工了多少个项目？")
        assert in_scope(deal, scope, lambda *_: quote, min_topic=0.0) is fits
    dated = quote.replace("建设年限：2023—2026年", "2023年5月开工")
    span = Span(source="a.txt", paragraph=1, start=0, end=len(dated), quote=dated)
    scope = Scope([], ["2023"], [], "2023年开工了多少个项目？")
    assert in_scope(deal.model_copy(update={"evidence": [span]}), scope, lambda *_: dated, min_topic=0.0)


def test_a_share_asked_is_answered_by_a_share_only() -> None:
    from extractor.qa.values import typed_values

    asked = "合资双方的持股比例是多少？"
    stated = "合资公司注册资本10亿元，其中甲方持股60%，乙方持股40%。"
    assert [v for v, _ in typed_values("quantity", stated, [], question=asked)] == ["60%", "40%"]
    assert typed_values("quantity", "合资公司注册资本10亿元，由甲乙两方共同出资。", [], question=asked) == []


def test_a_line_whose_only_amount_field_is_a_years_plan_states_no_project_amount() -> None:
    text = (
        "2025年县级重点项目清单（节选）\n"
        "1.乌兰察布云计算配套产业园项目（续建）\n"
        "建设单位：云端数智科技有限公司　建设地点：集宁区　年度计划投资额：6亿元\n"
    )
    # 年度计划投资额 is what the year plans to spend, so it is no amount of the project
    assert not any(_amount(d) == "6亿元" for d in _deals(text))


_FIRM_ITEMS = """邢台市关于公布2024年招商引资守信企业名单的公告
经邢台市各县（市、区）推荐，现将守信企业名单公布如下。
1.冀北精材新材料有限公司
统一社会信用代码：91130500MA0AAAAA1X
认定事由：该企业在清河县投资建设的年产5万吨改性塑料项目总投资4亿元，已建成投产。
2.泊湾食品有限公司
统一社会信用代码：91130500MA0BBBBB2Y
认定事由：该企业在威县投资建设的年产3万吨速冻食品项目总投资约2亿元，2024年4月签约后已开工建设。
3.星岚机械制造有限公司
统一社会信用代码：91130500MA0CCCCC3Z
认定事由：该企业投资建设的矿山机械项目总投资1.2亿元，2024年2月全面复工。
"""


def test_an_item_headed_by_a_firm_is_that_firms_and_not_its_neighbours_place() -> None:
    deals = {d.project: d for d in _deals(_FIRM_ITEMS)}
    assert set(deals) == {"年产5万吨改性塑料项目", "年产3万吨速冻食品项目", "矿山机械项目"}
    # 该企业 points back at the firm the item is headed by
    assert deals["年产5万吨改性塑料项目"].investors == ["冀北精材新材料有限公司"]
    assert deals["年产3万吨速冻食品项目"].investors == ["泊湾食品有限公司"]
    assert deals["矿山机械项目"].investors == ["星岚机械制造有限公司"]
    # item 3 says no place: item 2's 威县 is another firm's, so only the notice's city is left
    mine = deals["矿山机械项目"].location
    assert mine is not None and mine.text == "邢台市"
    # and no item borrows the stage its neighbour's text says (签约后已开工 is item 2's)
    assert deals["矿山机械项目"].stage != "started"


_LEAD_THEN_ITEMS = """北辰区重点项目集中签约
6月18日，北辰区举行重点项目集中签约仪式，签约项目如下：
1.北辰新能源电池项目，总投资20亿元。
该项目由天河锂电科技有限公司投资建设。
2.南星食品加工项目，总投资5亿元。
"""


def test_a_list_lead_in_still_speaks_for_every_item() -> None:
    deals = {d.project: d for d in _deals(_LEAD_THEN_ITEMS)}
    # item 2 comes after item 1's own text, and still happens as the lead-in says (签约)
    assert deals["南星食品加工项目"].stage == "signed"
    assert deals["北辰新能源电池项目"].stage == "signed"


_SIGNED_FIRMS = """北辰区招商引资签约企业名单
6月18日，北辰区举行招商引资项目集中签约仪式，签约企业如下：
1.云翎锂电科技有限公司
统一社会信用代码：91120113MA0AAAAA1X
该企业投资建设的动力电池项目已于3月开工建设。
2.南星食品有限公司
3.北岳精工机械有限公司
"""


def test_an_items_own_text_is_no_lead_in_of_the_next_item() -> None:
    deals = _deals(_SIGNED_FIRMS)
    battery = next(d for d in deals if d.project == "动力电池项目")
    assert (battery.investors, battery.stage) == (["云翎锂电科技有限公司"], "started")
    # items 2 and 3 are signed as the list's lead-in says, not whatever item 1's lines say
    firms = {d.investors[0]: d.stage for d in deals if d.project is None}
    assert firms == {"南星食品有限公司": "signed", "北岳精工机械有限公司": "signed"}


_TWO_LISTS = """澄江县项目集中签约暨开工仪式举行
5月6日，澄江县举行招商引资项目集中签约暨开工仪式。
本次签约的项目有：
1.禾丰智能农机项目，总投资7亿元。
2.远湖新材料项目，总投资4亿元。
同日开工的项目有：
1.星川储能电站项目，总投资11亿元。
2.抚湖康养综合体项目，总投资16亿元。
"""


def test_a_second_list_under_its_own_lead_in_is_read_as_that_lead_in_says() -> None:
    stages = {d.project: d.stage for d in _deals(_TWO_LISTS)}
    assert stages == {
        "禾丰智能农机项目": "signed",
        "远湖新材料项目": "signed",
        "星川储能电站项目": "started",  # 同日开工的项目有： begins a list of its own
        "抚湖康养综合体项目": "started",
    }


_FIRMS_THEN_PROSE = """宁晋县招商引资守信企业名单
1.晋川机械有限公司
该企业在宁晋经济开发区投资建设的轴承项目总投资3亿元，已建成投产。
2.冀禾食品有限公司
该企业投资建设的速冻面点项目总投资2亿元，已开工建设。
此外，宁晋县与北岳建材集团签订合作协议。该集团将投资5亿元建设装配式建筑部品项目。
"""


def test_a_firm_named_after_the_items_is_what_a_later_gai_points_at() -> None:
    investors = {d.project: d.investors for d in _deals(_FIRMS_THEN_PROSE)}
    assert investors["轴承项目"] == ["晋川机械有限公司"]
    assert investors["速冻面点项目"] == ["冀禾食品有限公司"]
    # 该集团 is 北岳建材集团, named the sentence before: never the last item's firm
    assert "冀禾食品有限公司" not in investors["装配式建筑部品项目"]


_SECTIONS = """邯郸市重点项目进展
（一）永年区
1.永年标准件产业园项目，总投资10亿元。
项目由冀南紧固件有限公司投资建设，已开工建设。
2.广府文旅综合体项目，总投资6亿元，已签约。
（二）肥乡区
1.肥乡精细化工项目，总投资8亿元，已开工建设。
2.天台山康养项目，总投资5亿元，已签约。
"""


def test_a_section_heading_places_the_items_under_it() -> None:
    places = {d.project: d.location.text if d.location else None for d in _deals(_SECTIONS)}
    assert places["广府文旅综合体项目"] == "永年区"
    assert places["天台山康养项目"] == "肥乡区"


_ITEMS_ELSEWHERE = """徐州市赴苏南招商成果
一、在苏州签约项目
1.徐辰新能源科技有限公司动力电池项目，落户邳州市，总投资20亿元。
2.苏徐精密制造项目，落户新沂市，总投资6亿元。
二、在常州签约项目
1.常徐半导体封测项目，落户睢宁县，总投资9亿元。
2.汉韵智慧物流项目，总投资3亿元。
"""


def test_a_place_only_the_other_items_name_is_no_items_place() -> None:
    (logistics,) = [d for d in _deals(_ITEMS_ELSEWHERE) if d.project == "汉韵智慧物流项目"]
    # 邳州市, 新沂市, 睢宁县 are the other items' sites
    assert logistics.location is None or logistics.location.text not in {"邳州市", "新沂市", "睢宁县"}


def test_circled_items_are_one_lists() -> None:
    from extractor.text.paragraphs import marker_shape

    assert marker_shape("①") == marker_shape("②") and marker_shape("❶") == marker_shape("❸")
