"""Rules found on a tenth blind set's odd half (a land-sale notice, a research note, a translated
foreign-media item, a utility's news, a forum thread), each tested on sentences of our own."""

from __future__ import annotations

from pathlib import Path

from extractor.text.names import same_project
from tests.extraction_helpers import amount_of as _amount
from tests.extraction_helpers import deals_of as _deals


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


def test_one_project_named_with_and_without_the_place_it_opens_with() -> None:
    assert same_project("黑木耳交易中心", "东宁市黑木耳交易中心")
    assert same_project("东宁黑木耳交易中心", "东宁市黑木耳交易中心")
    assert not same_project("东宁市黑木耳交易中心", "海林市黑木耳交易中心")


def test_a_phase_right_after_a_names_suffix_is_part_of_the_name() -> None:
    text = (
        "网友说，东宁的黑木耳交易中心一期去年就投用了。"
        "另据通报，东宁市黑木耳交易中心一期项目已于去年10月投入使用。"
    )
    deals = _deals(text)
    assert len(deals) == 1 and deals[0].stage == "operating"


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
