"""Rules found on a tenth blind set's odd half (a land-sale notice, a research note, a translated
foreign-media item, a utility's news, a forum thread), each tested on sentences of our own."""

from __future__ import annotations

from pathlib import Path

from tests.extraction_helpers import amount_of as _amount
from tests.extraction_helpers import deals_of as _deals
from tests.extraction_helpers import totals_of as _totals


def test_a_plot_that_found_no_buyer_is_no_deal() -> None:
    assert _deals("三、B-07地块原拟用于一家企业的康养旅居项目，因意向企业未参与竞买，该宗地流拍。") == []


def test_a_sum_restated_in_another_currency_is_no_second_deal() -> None:
    deals = _deals("4月，奥地利林德精工公司与江阴市签署增资协议，追加投资约5000万欧元（约合3.9亿元人民币）。")
    assert [_amount(d) for d in deals] == ["约5000万欧元"]


def test_the_existing_plant_is_no_project_name() -> None:
    deals = _deals("林德精工公司与江阴市签署增资协议，将在现有工厂追加投资约5000万欧元。")
    assert [d.project for d in deals] == [None]


def test_put_into_operation_is_operating() -> None:
    (deal,) = _deals("8月6日，临河区河套云谷数据中心项目一期工程正式投运，项目总投资60亿元。")
    assert deal.stage == "operating"


def test_a_utilitys_works_for_a_project_are_no_deal() -> None:
    text = "为保障项目用水，市水务集团投资2亿元建设的配套水厂同步建成投运。"
    assert _deals(text) == []
    assert _deals("为满足园区企业用电需求，供电公司投资1.2亿元新建110千伏变电站。") == []


def test_a_phase_right_after_a_names_suffix_is_part_of_the_name() -> None:
    text = (
        "网友说，东宁的黑木耳交易中心一期去年就投用了。"
        "另据通报，东宁市黑木耳交易中心一期项目已于去年10月投入使用。"
    )
    names = {d.project for d in _deals(text)}
    assert "黑木耳交易中心一期" in names and "黑木耳交易中心" not in names


def test_a_later_sentence_about_a_project_is_sited_where_its_name_opens() -> None:
    text = (
        "8月6日，临河区河套云谷数据中心项目正式投运。该项目总投资60亿元。"
        "在磴口县，一个光伏项目正在建设，磴口县另有两个项目在谈，磴口县的企业也在扩产。"
    )
    deal = next(d for d in _deals(text) if d.project and "数据中心" in d.project)
    assert deal.location is not None and deal.location.text == "临河区"


def test_a_brand_that_jieba_splits_into_a_noun_and_a_verb_stays_whole() -> None:
    (deal,) = _deals("在四子王旗，四子王旗风启新能源有限公司投资建设的绿氨项目于4月开工，总投资约42亿元。")
    assert deal.investors == ["四子王旗风启新能源有限公司"]


def test_a_name_keeps_the_verb_its_product_holds() -> None:
    (deal,) = _deals("华蓥市红外热成像模组项目于3月开工，总投资20亿元。")
    assert deal.project == "华蓥市红外热成像模组项目"


def test_the_firm_a_project_was_signed_with_is_its_investor() -> None:
    (deal,) = _deals("邻水县：4月与汇驰车桥科技有限公司签约的年产20万台驱动桥项目是该县最大的工业项目。")
    assert deal.investors == ["汇驰车桥科技有限公司"] and deal.stage == "signed"


def test_a_county_the_place_table_lacks_is_still_another_county() -> None:
    from extractor.qa.relevance import site_elsewhere

    stated = "在察右前旗，风启新能源有限公司投资建设的绿氨项目于4月开工，项目总投资约42亿元"
    assert site_elsewhere("商都县绿氨项目总投资多少？", stated) == "察右前旗"
    assert site_elsewhere("察右前旗绿氨项目总投资多少？", stated) is None


def test_a_site_abroad_the_statement_does_not_name_is_elsewhere() -> None:
    from extractor.qa.relevance import site_elsewhere

    stated = "林德精工公司与江门鹤山市签署增资协议，将在鹤山工业城的现有工厂追加投资约5000万欧元"
    assert site_elsewhere("林德精工公司在越南的新工厂投资多少？", stated) is not None
    assert site_elsewhere("林德精工公司在鹤山的工厂投资多少？", stated) is None


def test_talks_still_going_on_say_not_yet() -> None:
    from extractor.qa.passages import _no_to

    row = "钠电正极材料项目　　　　岳池县　　拟投资30亿元　　洽谈中"
    assert _no_to(row, "岳池县的钠电正极材料项目签约了吗？") == "尚未签约。"
    assert _no_to(row, "岳池县的钠电正极材料项目在洽谈吗？") is None


def test_a_row_of_a_table_in_columns_is_no_heading() -> None:
    from extractor.text.article import build_article

    text = "重点项目进展\n项目名称　　所在地　　投资额\n钠电正极材料项目　　岳池县　　30亿元\n一、总体情况\n"
    kinds = [p.kind for p in build_article(text, source="a.txt").paragraphs]
    assert kinds == ["heading", "body", "body", "heading"]


def test_a_rumour_or_a_question_about_it_is_no_answer_to_whether_it_is_true(tmp_path: Path) -> None:
    from extractor import Settings, ask, ingest

    article = tmp_path / "a.txt"
    article.write_text(
        "论坛 › 民生 › 安平县真要建一个百亿的储能电站？\n"
        "1楼 网友甲\n听我表哥说，安平县要上一个外地老板投的储能电站，投资100个亿。\n"
        "2楼 网友乙\n别信，今年签的是个面粉厂。\n",
        encoding="utf-8",
    )
    settings = Settings(data_dir=tmp_path / "store")
    ingest([article], settings=settings)
    answer = ask("安平县真的要建一个百亿的储能电站吗？", settings=settings)
    assert answer.abstained and not answer.citations


_EIA = """关于拟对建设项目环境影响评价文件作出审批意见的公示
一、拟批准的项目
1.项目名称：年产8万吨竹纤维板材项目
建设地点：武夷山市星村镇
建设单位：武夷竹语新材料有限公司
环境影响评价机构：闽北青禾环境咨询有限公司
项目概况：项目系武夷山市2024年5月招商签约项目，总投资3.6亿元，新建热压成型生产线及配套设施。其中环保投资900万元。
2.项目名称：年产4万吨高纯石英砂二期项目
建设地点：浦城县工业园区
建设单位：浦城晶砂新材料有限公司
项目概况：该公司年产2万吨高纯石英砂一期项目已于2023年9月建成投产。本次二期项目总投资6 亿元。
"""


def test_a_notice_card_of_fields_and_an_overview_is_one_deal() -> None:
    deals = {d.project: d for d in _deals(_EIA)}
    board = deals["年产8万吨竹纤维板材项目"]
    assert _amount(board) == "3.6亿元" and board.stage == "signed"  # never the 环保投资
    assert board.investors == ["武夷竹语新材料有限公司"]
    assert board.location is not None and board.location.text == "武夷山市星村镇"
    # 本次二期项目 is the card's; 该公司 is no part of the first phase's name
    assert _amount(deals["年产4万吨高纯石英砂二期项目"]) == "6 亿元"
    assert deals["年产2万吨高纯石英砂一期项目"].stage == "operating"


def test_taxes_refunded_are_no_deal() -> None:
    text = "焦化产业园项目于8月建成投产，税务部门在项目建设期为企业办理增值税留抵退税2860万元。"
    assert [_amount(d) for d in _deals(text)] == [None]


def test_connected_to_the_grid_is_operating_and_the_power_opens_the_name() -> None:
    (deal,) = _deals("由一家央企子公司投资建设的20兆瓦农光互补光伏项目已于9月20日并网发电，总投资超3.5亿元。")
    assert deal.stage == "operating" and deal.project == "20兆瓦农光互补光伏项目"


def test_what_a_project_builds_is_not_its_name() -> None:
    text = "二期项目总投资4.6亿元，主要建设速溶咖啡、咖啡浓缩液生产线及仓储物流设施。"
    assert not any(d.project == "咖啡浓缩液生产线" for d in _deals(text))


def test_a_notices_body_calls_the_project_its_title_names_this_project() -> None:
    text = (
        "腾冲云岭咖啡有限公司年产1万吨咖啡精深加工二期项目施工总承包招标公告\n"
        "1.招标条件\n"
        "2.项目概况\n"
        "2.1项目概况：本项目系腾冲市2023年11月招商引资签约项目。二期项目总投资4.6亿元，主要建设速溶咖啡生产线。\n"
        "2.2招标估算价：约2.1亿元。\n"
    )
    (deal,) = _deals(text)
    assert deal.project == "腾冲云岭咖啡有限公司年产1万吨咖啡精深加工二期项目"
    assert _amount(deal) == "4.6亿元" and deal.stage == "signed"


def test_a_places_figures_in_a_report_on_a_visit_there_are_not_the_articles() -> None:
    text = (
        "关于赴中卫、固原学习考察招商引资工作的报告\n"
        "一、考察地区的主要做法。中卫市2023年新签约数据中心项目21个，协议投资额超过600亿元，"
        "其中一个总投资120亿元的数据中心集群项目已开工建设。\n"
        "二、我市情况。临泽县引进的年产2万吨瓜菜种子加工项目总投资3.6亿元，今年9月建成投产。\n"
    )
    assert [_amount(d) for d in _deals(text)] == ["3.6亿元"]
    assert not any(a.amount and a.amount.text == "超过600亿元" for a in _totals(text))


def test_where_a_project_settles_beats_where_it_was_signed() -> None:
    text = (
        "考察期间，民乐县与张掖祁连光电科技有限公司在张掖签约年产500套定日镜项目，"
        "项目落户民乐县生态工业园区，计划总投资不超过15亿元。"
    )
    (deal,) = _deals(text)
    assert deal.location is not None and deal.location.text == "民乐县生态工业园区"


def test_a_place_jieba_reads_as_a_verb_still_opens_a_firms_name() -> None:
    (deal,) = _deals("在介休市，介休宏晟能源科技有限公司投资25亿元建设的焦化产业园项目于8月建成投产。")
    assert deal.investors == ["介休宏晟能源科技有限公司"]


def test_a_cards_overview_answers_for_the_project_its_name_field_heads(tmp_path: Path) -> None:
    from extractor import Settings, ask, ingest

    article = tmp_path / "eia.txt"
    article.write_text(_EIA, encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "store")
    ingest([article], settings=settings)
    both = ask("年产8万吨竹纤维板材项目总投资多少？其中环保投资多少？", settings=settings)
    assert "3.6亿元" in both.answer and "900万元" in both.answer
    # the card's own phase is in its name: the record of 二期项目 answers for it
    phase = ask("浦城晶砂新材料有限公司的高纯石英砂二期项目总投资多少？", settings=settings)
    assert phase.answer.startswith("6 亿元") and phase.citations


def test_a_township_its_government_names_is_the_storys_place() -> None:
    text = (
        "白岩镇召开招商引资工作推进会\n"
        "白岩镇人民政府讯 10月15日，白岩镇召开招商引资推进会。会议通报，今年1—9月，全镇新引进项目7个。"
        "从具体项目看，青林生态农业有限公司茶叶深加工项目于8月签约，总投资8000万元。\n"
    )
    (deal,) = _deals(text)
    assert deal.location is not None and deal.location.text == "白岩镇"


def test_another_phase_does_not_inherit_the_stage_of_the_phase_named_before() -> None:
    text = (
        "项目概况：该公司年产2万吨高纯石英砂一期项目已于2023年9月建成投产。"
        "本次二期项目总投资6亿元，利用一期预留用地建设。"
    )
    stages = {d.project: d.stage for d in _deals("2.项目名称：年产4万吨高纯石英砂二期项目\n" + text)}
    assert stages["年产4万吨高纯石英砂二期项目"] == "other"
    assert stages["年产2万吨高纯石英砂一期项目"] == "operating"


def test_investors_visiting_the_place_that_reports_are_no_study_visit() -> None:
    text = "华润集团董事长一行赴乐山考察。乐山市与华润集团签约光伏新材料产业园项目，总投资50亿元。"
    assert [_amount(d) for d in _deals(text)] == ["50亿元"]


def test_a_firm_building_for_a_supply_need_is_still_a_deal() -> None:
    (deal,) = _deals("为满足园区企业用电需求，明阳新能源有限公司投资5亿元建设分布式光伏项目。")
    assert _amount(deal) == "5亿元"


def test_talking_about_a_project_or_a_later_phase_in_talks_is_no_not_yet() -> None:
    from extractor.qa.passages import _no_to

    said = "县长在谈到华强新材料项目时表示，要做好要素保障。"
    assert _no_to(said, "华强新材料项目开工了吗？") is None
    assert _no_to("该项目已于去年投产，二期正在洽谈中。", "该项目开工了吗？") is None
