"""Subject binding, money of another kind, qualifiers and premises: each rule on sentences of our own."""

from __future__ import annotations

import pytest

from extractor.qa.binding import binding, item_subject, mentions
from extractor.qa.passages import answer_from_passages
from extractor.qa.premises import count_fits, premise_numbers, states_group, subset_premise
from extractor.qa.qualifiers import cumulative_for_period, measure_mismatch, other_money, qualifier_clash
from extractor.schema import NOT_FOUND, Article, Hit
from extractor.text.article import build_article


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("华明光电电容器项目总投资多少?", "华明光电电容器项目"),
        ("青禾智能在江宁签约的项目计划投资多少?", "青禾智能"),
        ("远帆材料公司把研发中心放在哪里?", "远帆材料公司"),
        ("2022年以来东湖园区招商项目签约金额是多少?", None),  # a place and a period: a group figure
        ("江宁区签约项目总投资多少?", None),
        ("本次开工的重点产业项目一共投资多少?", None),
        ("松和苑康养中心项目是哪家企业投资的?", "松和苑康养中心项目"),  # 和 inside a name
        ("青禾银行江宁支行给丙方光电的授信额度是多少?", "青禾银行江宁支行"),
        ("江宁区专场签约了多少钱?", None),  # an event, not an item
        ("江宁高新区今年总投资多少?", None),  # a place and a period
        ("哪家公司与某研究所合作?", None),
    ],
)
def test_item_subject_is_the_named_project_or_firm(question: str, subject: str | None) -> None:
    assert item_subject(question) == subject


def _at(text: str, value: str) -> int:
    return text.index(value)


def test_a_total_shared_by_a_list_is_the_groups_value() -> None:
    text = "甲科技、乙材料、丙光电等8个项目集中签约，总投资60亿元。"
    assert binding(text, "丙光电", _at(text, "60亿元")) == "group"
    assert binding(text, "甲科技", _at(text, "60亿元")) == "group"


def test_a_value_stated_of_the_subject_is_bound() -> None:
    text = "丁能源储能项目总投资25亿元，主要建设电芯产线。"
    assert binding(text, "丁能源储能项目", _at(text, "25亿元")) == "bound"
    before = "投资12亿元的己方新材料项目正式开工。"
    assert binding(before, "己方新材料项目", _at(before, "12亿元")) == "bound"
    split = "甲方科技、乙方材料两个项目总投资分别为5亿元、3亿元。"
    assert binding(split, "乙方材料", _at(split, "5亿元")) == "bound"


def test_a_sentence_referring_back_binds_to_the_subject_named_before() -> None:
    text = "戊集团华东基地项目签约落户。该项目总投资9亿元。"
    assert binding(text, "戊集团华东基地项目", _at(text, "9亿元")) == "bound"
    alone = "该项目总投资9亿元。"
    assert binding(alone, "戊集团华东基地项目", 7) == "absent"
    assert binding(alone, "戊集团华东基地项目", 7, named_before=True) == "bound"


def test_other_items_of_a_paragraph_are_no_back_reference() -> None:
    text = "其中，辛材料项目总投资20亿元。"
    assert binding(text, "青禾银行江宁支行", _at(text, "20亿元"), named_before=True) == "absent"


def test_another_subjects_value_is_absent() -> None:
    text = "庚科技智能终端项目总投资15亿元。"
    assert binding(text, "辛材料项目", _at(text, "15亿元")) == "absent"


def test_a_near_miss_name_does_not_match_on_shared_characters() -> None:
    assert not mentions("华明电感器项目", "华明电容器项目总投资5亿元")
    assert not mentions("云岭三期项目", "云岭二期项目已建成投产")
    assert mentions("云岭新能源的储能项目", "云岭新能源年产5GWh储能项目总投资30亿元")


def test_money_of_another_kind_does_not_answer_an_investment_question() -> None:
    assert other_money("营业额有望从去年的2亿元增加到5亿元", "某科技公司的新项目投资多少?") == "营业额"
    assert other_money("获得银行授信10亿元", "项目投资多少?") == "授信"
    assert other_money("项目总投资8亿元", "项目投资多少?") is None
    assert other_money("银行发放贷款30亿元", "银行发放了多少贷款?") is None


@pytest.mark.parametrize(
    ("question", "text", "clash"),
    [
        ("第二届博览会签约多少项目?", "第三届博览会共签约30个项目", "3届"),
        ("二季度签约额是多少?", "三季度签约额达40亿元", "3季度"),
        ("云岭二期项目总投资多少?", "云岭三期项目总投资20亿元", "3期"),
        ("上半年引进多少家企业?", "下半年引进企业12家", "下半年"),
        ("第二届博览会签约多少项目?", "第二届博览会共签约30个项目", None),
        ("第24届博览会签约多少项目?", "第二十四届博览会共签约30个项目", None),
        ("三季度签约额是多少?", "第3季度签约额达40亿元", None),
        ("二季度签约额是多少?", "签约额达40亿元", None),  # not stated: the context decides
    ],
)
def test_the_asked_time_edition_and_phase_must_be_the_stated_one(
    question: str, text: str, clash: str | None
) -> None:
    assert qualifier_clash(question, text) == clash


def test_a_running_total_does_not_answer_a_question_about_one_period() -> None:
    assert cumulative_for_period("今年上半年新签了多少个合同?", "累计签约合同超3000个")
    assert not cumulative_for_period("截至6月底累计签了多少合同?", "累计签约合同超3000个")
    assert not cumulative_for_period("上半年签了多少合同?", "上半年签约合同120个")
    assert not cumulative_for_period(
        "今年引进了多少家企业?", "累计引进企业30余家", "今年以来，累计引进企业30余家。"
    )


def test_the_questions_own_numbers_are_premises_not_answers() -> None:
    assert "9" in premise_numbers("这9家龙头企业分别是哪几家?")
    assert not premise_numbers("和哪两家公司签约?")
    assert subset_premise("签约的15个项目中，有几个是农业项目?") == "15个"
    assert subset_premise("签约了多少个项目?") is None
    assert states_group("这9个项目分别是哪些?", "推介会上签约9个项目，总投资40亿元")
    assert not states_group("这9个项目分别是哪些?", "推介会上签约19个项目，总投资40亿元")


def test_a_count_must_count_the_asked_thing_in_the_asked_unit() -> None:
    assert not count_fits("新增了多少个应用案例?", "110万家", "企业客户净增110万家")
    assert count_fits("新增了多少个应用案例?", "300个", "新增应用案例300个")
    assert not count_fits("农业项目有几个?", "40个", "重大项目40个")
    assert count_fits("农业项目有几个?", "6个", "农业项目6个")


def test_the_asked_measure_must_be_the_values() -> None:
    assert measure_mismatch("全市到位资金一共多少?", "计划总投资50亿元") == "到位资金"
    assert measure_mismatch("全市到位资金一共多少?", "到位资金50亿元") is None
    assert measure_mismatch("完成投资额是多少?", "项目计划总投资80亿元") == "完成投资"


def _article(text: str) -> tuple[Article, list[Hit]]:
    article = build_article(text, source="own_01", published="2025-03-01")
    hits = [
        Hit(
            source="own_01", paragraphs=[p.n], start=p.start, end=p.end, text=text[p.start : p.end], score=1.0
        )
        for p in article.paragraphs
    ]
    return article, hits


def test_an_items_amount_question_abstains_with_what_the_article_states() -> None:
    text = (
        "江川县举行招商引资项目集中签约仪式\n\n"
        "3月1日，江川县举行招商引资项目集中签约仪式，甲方科技智能装备项目、乙方材料项目等12个项目集中签约，"
        "总投资80亿元。\n\n"
        "乙方材料项目将建设高性能膜材料生产线。"
    )
    article, hits = _article(text)
    answer = answer_from_passages("乙方材料项目的投资额是多少?", hits, lambda _: article)
    assert answer.abstained and answer.answer.startswith(NOT_FOUND)
    assert answer.reason == "fact_not_stated"
    assert "12个项目合计80亿元" in answer.answer
    assert not answer.citations and answer.related
    assert any("80亿元" in r.quote for r in answer.related)


def test_an_unknown_subject_abstains_as_not_found() -> None:
    text = "江川县举行招商引资项目集中签约仪式\n\n3月1日，丙方光电项目签约落户江川，总投资6亿元。"
    article, hits = _article(text)
    answer = answer_from_passages("丁方电感器项目总投资多少?", hits, lambda _: article)
    assert answer.abstained and answer.reason == "subject_not_found"


def test_an_items_own_amount_is_answered() -> None:
    text = "江川县举行招商引资项目集中签约仪式\n\n3月1日，丙方光电项目签约落户江川，总投资6亿元。"
    article, hits = _article(text)
    answer = answer_from_passages("丙方光电项目总投资多少?", hits, lambda _: article)
    assert not answer.abstained and "6亿元" in answer.answer
    assert answer.citations[0].quote in text


def _answer(text: str, question: str) -> str:
    article, hits = _article(text)
    answer = answer_from_passages(question, hits, lambda _: article)
    return NOT_FOUND if answer.abstained else answer.answer


HEAD = "江川县举行招商引资项目集中签约仪式\n\n"


def test_a_how_many_question_needs_a_number_of_the_asked_thing() -> None:
    text = HEAD + "3月1日，园区现场签约项目9个。推介会推出优选项目25个，吸引客商120家。"
    assert _answer(text, "推介会推出了多少个优选项目?").startswith("25个")
    assert _answer(text, "有多少名嘉宾参会?") == NOT_FOUND  # 120家 is firms, not people


def test_a_quantity_is_the_one_the_clause_names() -> None:
    text = HEAD + "3月1日，丙方光电项目签约落户江川。项目从签约到投产仅5个月，目前月产值达800万元。"
    assert _answer(text, "丙方光电项目从签约到投产用了多长时间?").startswith("5个月")
    assert _answer(text, "丙方光电项目有多少名员工?") == NOT_FOUND  # a quote with no such number


def test_which_project_needs_a_named_project_in_the_sentence() -> None:
    text = HEAD + "3月1日，园区以一批优质项目为抓手推动发展。丙方光电项目已经投产。"
    assert _answer(text, "有哪个项目已经投产?").startswith("丙方光电项目")
    text = HEAD + "3月1日，甲方科技、乙方材料等企业代表出席签约仪式。"
    assert _answer(text, "甲方科技签了什么项目?") == NOT_FOUND


def test_the_asked_period_is_checked_in_the_values_own_sentence() -> None:
    text = HEAD + "3月1日，江川县上半年实际到位资金42亿元。下半年将继续加大招商力度。"
    assert _answer(text, "江川县上半年实际到位资金多少?").startswith("42亿元")
    text = HEAD + "3月1日，江川县下半年实际到位资金42亿元。"
    assert _answer(text, "江川县上半年实际到位资金多少?") == NOT_FOUND


def test_a_wish_is_not_a_fact_that_happened() -> None:
    text = HEAD + "3月1日，在丙方光电，县长希望企业早日在江川布局生产基地。"
    article, hits = _article(text)
    answer = answer_from_passages("丙方光电在江川投资建设了什么项目?", hits, lambda _: article)
    assert answer.abstained and answer.reason == "premise_not_supported"


def test_a_half_year_quarter_edition_or_phase_must_be_stated_somewhere_near() -> None:
    from extractor.qa.qualifiers import qualifier_missing

    assert qualifier_missing("二季度签约额是多少?", "三季度全县签约额达40亿元") == "二季度"
    assert qualifier_missing("上半年签约额是多少?", "1-6月，全县签约额达40亿元") is None
    assert qualifier_missing("第二届博览会签约了多少?", "第二届博览会共签约") is None
    assert qualifier_missing("云岭一期项目投资多少?", "云岭首期项目投资8亿元") is None
    assert qualifier_missing("江川县签约额是多少?", "全县签约额达40亿元") is None


def test_an_article_about_another_edition_does_not_answer() -> None:
    text = "第三届江川博览会举行\n\n3月1日，第三届江川博览会开幕，现场签约项目30个，总投资90亿元。"
    article, hits = _article(text)
    answer = answer_from_passages("第二届江川博览会签约了多少个项目?", hits, lambda _: article)
    assert answer.abstained and answer.reason == "time_mismatch"


def test_a_why_question_needs_its_premise_and_a_reason() -> None:
    text = HEAD + "3月1日，丙方光电项目签约落户江川，总投资6亿元。"
    article, hits = _article(text)
    answer = answer_from_passages("丙方光电项目为什么被取消?", hits, lambda _: article)
    assert answer.abstained and answer.reason == "premise_not_supported"
    assert "取消" in answer.answer
    text = HEAD + "3月1日，丙方光电项目暂停建设，原因是环评手续尚未完成。"
    assert _answer(text, "丙方光电项目为什么暂停建设?") != NOT_FOUND


def test_a_sum_of_two_parts_needs_both_and_adds_them() -> None:
    text = HEAD + "3月1日，江川县签约项目投资40亿元，意向项目投资近20亿元。"
    answer = _answer(text, "江川县签约项目和意向项目的投资合计多少?")
    assert answer.startswith("合计约60亿元"), answer
    text = HEAD + "3月1日，江川县签约项目投资40亿元。"
    assert _answer(text, "江川县签约项目和意向项目的投资合计多少?") == NOT_FOUND


def test_which_project_a_place_signed_is_the_one_in_its_clause() -> None:
    text = HEAD + "3月1日，共签约项目3个，涉及江宁区食品加工项目，溧水区光伏电站项目，高淳区物流园项目。"
    assert _answer(text, "溧水区签了什么项目?").startswith("溧水区光伏电站项目")


def test_a_subject_written_in_another_order_still_binds_but_not_without_its_name() -> None:
    text = "江宁智能装备产业园项目总投资30亿元。"
    assert binding(text, "青禾江宁智能装备产业园项目", _at(text, "30亿元")) == "absent"
    text = "江宁青禾智能装备产业园项目总投资30亿元。"
    assert binding(text, "青禾江宁智能装备产业园项目", _at(text, "30亿元")) == "bound"


def test_how_far_a_project_got_is_answered_in_extractions_stage_words() -> None:
    text = HEAD + "3月1日，丙方光电项目主体工程已基本完工，预计年底投产。"
    assert _answer(text, "丙方光电项目现在到哪一步了?").startswith("已基本完工")


def test_foreign_capital_is_not_domestic_capital() -> None:
    assert measure_mismatch("上半年实际使用外资多少?", "实际到位内资96亿元") == "外资"
    assert measure_mismatch("上半年实际使用外资多少?", "实际使用外资4亿美元") is None


def test_who_invested_is_the_whole_firm_name_without_the_words_before_it() -> None:
    text = HEAD + "3月1日，江川县新建的储能电站并网。该电站由青禾能源投资有限公司华东分公司投资建设。"
    assert _answer(text, "江川县新建的储能电站是谁投资的?").startswith("青禾能源投资有限公司华东分公司")


def test_a_batch_is_no_count() -> None:
    text = HEAD + "3月1日，推介会上一批项目签约落地，共签约项目8个。"
    assert _answer(text, "推介会签了几个项目?").startswith("8个")


def test_when_it_happened_is_the_date_stated_with_the_asked_event() -> None:
    text = HEAD + "5月2日消息，县里通报了一起投资纠纷。3月1日，丙方光电负责人与县招商中心对接。"
    assert _answer(text, "丙方光电负责人是哪天来对接的?").startswith("3月1日")


def test_where_is_the_place_after_in_not_the_place_the_question_names() -> None:
    text = HEAD + "3月1日，2025年江川县文旅招商推介会在昆明市成功举办。"
    assert _answer(text, "江川县文旅招商推介会在哪里举办的?").startswith("昆明市")


def test_which_project_a_venue_is_set_in_is_a_project_not_a_place() -> None:
    from extractor.qa.parse import answer_type

    assert answer_type("开工仪式的主会场设在哪个项目?") == "project"
    text = HEAD + "3月1日，集中开工活动在主会场——丙方光电智能终端项目现场举行。"
    assert _answer(text, "集中开工活动的主会场设在哪个项目?").startswith("丙方光电智能终端项目")


def test_a_list_of_projects_needs_named_projects_a_list_of_problems_any_list() -> None:
    text = HEAD + "3月1日，园区三个项目全部入选十佳，涵盖高端装备、生物医药、新材料等产业。"
    assert _answer(text, "入选十佳的三个项目分别是什么?") == NOT_FOUND
    text = HEAD + "3月1日，丙方光电项目遇到的用地、用水、用电等问题已全部解决。"
    assert _answer(text, "丙方光电项目遇到了哪些问题?") != NOT_FOUND


def test_a_county_written_without_its_suffix_is_still_a_place() -> None:
    text = HEAD + "3月1日，在云南的台资企业中，丙方光电在罗平项目遇到的问题已全部解决。"
    assert _answer(text, "丙方光电在云南哪个地方有项目?").startswith("罗平")


def test_which_firm_is_not_the_firm_the_question_names_nor_a_count_of_firms() -> None:
    text = HEAD + "3月1日，青禾材料有限公司与江川研究所签订合作协议。"
    assert _answer(text, "哪家公司与江川研究所合作?").startswith("青禾材料有限公司")


def test_a_month_takes_the_year_of_the_date_before_it() -> None:
    text = HEAD + "3月1日，丙方光电负责人介绍，公司去年5月注册，11月工厂就实现投产。"
    assert _answer(text, "丙方光电的工厂什么时候实现投产的?").startswith("去年11月")


def test_the_value_after_the_asked_event_comes_before_the_one_before_it() -> None:
    text = HEAD + "3月1日，10家企业实质落地，投资金额超50亿元，8家企业意向落地，意向投资金额近30亿元。"
    assert _answer(text, "江川县意向落地企业的意向投资金额是多少?").startswith("近30亿")


def test_the_list_of_a_named_group_is_the_one_beside_its_count() -> None:
    text = HEAD + "3月1日，江川县已与6家龙头企业洽谈。县里正与丙方光电、丁方材料等企业沟通。"
    assert _answer(text, "江川县洽谈的6家龙头企业分别是哪几家?") == NOT_FOUND


def test_the_asked_year_is_the_statements_or_its_articles() -> None:
    from extractor.qa.qualifiers import year_mismatch

    assert year_mismatch(["2024"], "今年签约项目30个", "2025-03-01") == "2025年"
    assert year_mismatch(["2024"], "去年签约项目30个", "2025-03-01") is None
    assert year_mismatch(["2024"], "2024年签约项目30个", "2025-03-01") is None
    assert year_mismatch(["2025"], "签约项目30个", "2025-03-01") is None
    text = HEAD + "3月1日，江川县今年签约项目30个。"
    assert _answer(text, "江川县2024年签约了多少个项目?") == NOT_FOUND


def test_a_firm_asked_with_a_time_word_inside_its_name_is_no_crash() -> None:
    from extractor.qa.binding import firm_asked

    assert firm_asked("华晟新材料今年在蚌埠投了多少？") == "华晟新材料"
    # the subject read leaves 去年 out, so it is not written whole in the question: no firm
    assert firm_asked("华晟去年新材料签了几个项目？") is None


def test_a_public_work_asked_by_name_is_bound_to_its_own_figures() -> None:
    from tests.test_qa_subjects import _answer

    text = (
        "鹰潭市重大项目集中开工。龙虎山景区上清古镇提升工程总投资约4.3亿元，将对古镇街巷进行整体提升；"
        "余江区城乡供水一体化工程、月湖区老旧小区改造等项目同步开工。"
    )
    assert item_subject("余江区城乡供水一体化工程总投资多少？") == "余江区城乡供水一体化工程"
    # its clause states no sum: the 4.3亿元 of the work named before it is no answer
    assert _answer(text, "余江区城乡供水一体化工程总投资多少？") == NOT_FOUND
    assert "4.3亿元" in _answer(text, "龙虎山景区上清古镇提升工程总投资多少？")


def test_one_event_is_not_answered_by_a_running_total_over_its_quarter() -> None:
    from tests.test_qa_subjects import _answer

    text = (
        "淮安市二季度重大招商项目集中签约仪式5月18日举行。"
        "据统计，今年1—5月，全市通过集中签约等方式累计签约项目95个，协议投资701.2亿元。"
        "当天签约的36个项目总投资302.4亿元。"
    )
    got = _answer(text, "淮安5月18号那场集中签约，一共签了多少个项目？")
    assert "36个" in got and "95个" not in got
    got = _answer(text, "淮安5月18号那场集中签约总投资多少？")
    assert "302.4亿元" in got and "701.2亿元" not in got
    # the running total is still what a question about the span gets
    assert "701.2亿元" in _answer(text, "淮安今年1—5月累计签约亿元以上项目协议投资多少？")


def test_a_start_only_quoted_in_a_denial_dates_nothing() -> None:
    from tests.test_qa_subjects import _answer

    text = (
        "网传某车企百亿项目落户\n近日，有自媒体发布“华骋汽车将投资100亿元在我县建设整车基地，年内开工”等消息。"
        "8月2日，县商务局发布情况说明称，经核实，双方仅进行了初步接触，网传“投资100亿元”“年内开工”等内容不实。"
    )
    # 8月2日 is when the statement came out; the start is only quoted, and denied
    assert _answer(text, "华骋汽车要投100亿建整车基地，什么时候开工？") == NOT_FOUND
    dated = "华骋汽车整车基地项目于8月2日开工建设，总投资100亿元。"
    assert "8月2日" in _answer(dated, "华骋汽车整车基地什么时候开工？")


def test_a_yes_no_question_about_a_firm_is_answered_only_where_the_firm_is() -> None:
    from tests.test_qa_subjects import _answer

    text = (
        "滁州市重大招商项目集中签约\n仪式上，市政府与华昇储能科技集团签署战略合作备忘录，双方将在储能领域开展合作；"
        "市政府还与6家银行签订银企合作协议。\n市委书记在致辞中指出，招商引资是推动高质量发展的重要抓手。"
        "全市上下要牢固树立“项目为王”理念，对签约项目实行专班推进，确保签约一个、落地一个、投产一个。"
        "他希望各位企业家继续关注滁州、投资滁州。"
    )
    # the speech's 确保签约一个 says nothing of 华昇储能's paper
    got = _answer(text, "华昇储能和滁州签的是项目投资协议吗？")
    assert "项目为王" not in got


def test_a_date_in_the_part_before_is_anothers() -> None:
    from tests.test_qa_subjects import _answer

    assert item_subject("璟昊经编的高端经编面料项目计划什么时候开工？") == "璟昊经编的高端经编面料项目"
    text = (
        "东营区集中签约一批项目\n东营经济开发区与浙江澄河化纤有限公司签订年产6万吨差别化涤纶长丝项目投资协议，"
        "项目总投资8.5亿元，计划今年三季度开工建设；东营区与海宁璟昊经编有限公司签订高端经编面料项目合作协议，"
        "投资不低于3亿元。"
    )
    # 今年三季度 is the 涤纶长丝 project's, in the part before the semicolon
    assert _answer(text, "璟昊经编的高端经编面料项目计划什么时候开工？") == NOT_FOUND
    assert "三季度" in _answer(text, "澄河化纤的涤纶长丝项目计划什么时候开工？")


def test_where_a_project_is_built_is_said_where_it_is_named() -> None:
    from extractor.qa.binding import mentions
    from tests.test_qa_subjects import _answer

    text = (
        "潢水县重点项目集中开工\n3月18日，潢水县一季度重点项目集中开工仪式在潢水经济开发区举行。"
        "总投资3.5亿元的华翎服饰年产600万件羽绒制品项目同日开工。"
        "此外，县职业教育中心实训楼、仁和镇农产品冷链配送中心等项目也同步开工。"
    )
    assert item_subject("华翎服饰的羽绒制品项目建在哪个园区或乡镇？") == "华翎服饰的羽绒制品项目"
    # 仁和镇 opens another project's name, in a sentence that does not name this one
    assert _answer(text, "华翎服饰的羽绒制品项目建在哪个园区或乡镇？") == NOT_FOUND
    # a firm and its project one clause apart are still named together
    called = "有请新邵县和宝瑞耐材科技有限公司，签约的是新型镁碳耐火材料项目"
    assert mentions("宝瑞耐材的镁碳耐火材料项目", called)


def test_a_firm_and_a_project_across_a_comma_only_through_a_signing() -> None:
    from extractor.qa.binding import mentions

    # 远帆集团's speech and 恒通's battery project: not 远帆集团's battery project
    text = "签约仪式上，远帆集团董事长发言，恒通电池项目同日签约，总投资5亿元。"
    assert not mentions("远帆集团的电池项目", text)
    built = "顺德澜川电器有限公司投资12亿元，在安顺高新区建设厨房电器产业园"
    assert mentions("顺德澜川电器的厨房电器产业园", built)
