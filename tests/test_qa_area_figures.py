"""A figure stated for one place of a breakdown answers for that place only. Sentences of our own."""

from __future__ import annotations

from extractor.schema import NOT_FOUND
from tests.extraction_helpers import answer_over_records as _over_records
from tests.test_qa_subjects import _answer

_BREAKDOWN = (
    "1—6月，岳阳市新签约项目206个，签约资金980.4亿元。"
    "分县市区看，临湘市签约项目31个、签约资金146.2亿元，华容县签约项目27个、签约资金118.9亿元，"
    "岳阳经济技术开发区签约项目22个、签约资金101.5亿元；平江县、湘阴县分别签约项目19个、16个。"
)


def test_a_county_named_only_with_a_count_has_no_amount_of_anothers() -> None:
    # 平江县 is counted (19个) but its money is not stated: 临湘市's or the zone's is no answer
    assert _answer(_BREAKDOWN, "平江县上半年签约资金是多少？") == NOT_FOUND


def test_a_county_whose_figure_is_stated_gets_its_own() -> None:
    assert "118.9亿元" in _answer(_BREAKDOWN, "华容县上半年签约资金是多少？")
    assert "146.2亿元" in _answer(_BREAKDOWN, "临湘市上半年签约资金是多少？")


def test_a_citys_total_is_no_answer_for_two_of_its_counties() -> None:
    got = _over_records(_BREAKDOWN, "上半年临湘市和华容县的签约资金加起来是多少？")
    assert "980.4亿元" not in got  # the whole city's
    assert "101.5亿元" not in got  # the zone's, named beside them


_NAMED_OF_A_KIND = (
    "2023年，全市新签约招商引资项目186个，协议投资额1025.6亿元。"
    "其中，新能源项目占比较大，敖汉旗光伏治沙项目、巴林右旗风机叶片项目相继签约。"
)


def test_a_kind_of_project_is_not_counted_by_the_total_of_all_kinds_nor_by_those_named() -> None:
    got = _over_records(_NAMED_OF_A_KIND, "2023年签约的新能源项目一共有多少个？")
    assert "186" not in got  # all kinds
    assert not got or got.startswith(NOT_FOUND)  # two named are not all of them


def test_counts_said_respectively_go_to_their_places_in_order() -> None:
    from tests.extraction_helpers import totals_of

    totals = {(a.scope, a.count) for a in totals_of("平江县、湘阴县分别签约项目19个、16个。")}
    assert totals == {("平江县", 19), ("湘阴县", 16)}
    # three places and two counts pair with nothing: no total is given to a wrong place
    assert totals_of("平江县、湘阴县、汨罗市分别签约项目19个、16个。") == []


_HALF_YEAR = (
    "抚州市上半年招商引资工作综述\n"
    "上半年，全市签约锂电新能源产业链项目24个、签约资金210.5亿元。"
    "纺织服装产业方面，上半年全市纺织服装产业链新签约项目9个。"
    "某再生资源项目计划投资30亿元以上，是上半年全市签约的4个30亿元以上项目之一。"
    "截至6月底，上半年签约项目中尚有35个未开工。"
    "1—6月，全市新签约项目168个，签约资金802.7亿元，同比增长11.2%。"
)


def test_the_whole_half_year_is_not_answered_by_a_part_of_it() -> None:
    # an industry's count and sum, a size class, projects not yet started: none is the whole
    got = _answer(_HALF_YEAR, "抚州上半年新签约了多少项目？")
    assert "168个" in got
    assert "802.7亿元" in _answer(_HALF_YEAR, "抚州上半年签约资金多少？")
    # each part answers when it is what is asked
    assert "24个" in _answer(_HALF_YEAR, "抚州上半年签约了多少个锂电新能源产业链项目？")
    assert "4个" in _answer(_HALF_YEAR, "抚州上半年签约了几个30亿元以上项目？")


def test_a_part_of_the_half_year_is_no_answer_when_the_whole_is_not_stated() -> None:
    text = _HALF_YEAR.split("1—6月")[0]
    assert _answer(text, "抚州上半年新签约了多少项目？") == NOT_FOUND


def test_money_from_outside_the_province_is_no_foreign_capital() -> None:
    from extractor.qa.qualifiers import measure_mismatch

    assert measure_mismatch("今年上半年实际利用外资多少？", "全市实际到位省外资金482.3亿元") == "外资"
    assert measure_mismatch("今年上半年实际利用外资多少？", "实际利用外资2.16亿美元") is None
    text = (
        "抚州市上半年经济运行\n"
        "1—6月，全市实际到位省外资金312.5亿元，同比增长9.6%；实际利用外资1.36亿美元。"
    )
    got = _answer(text, "抚州上半年实际利用外资多少？")
    assert got.startswith("1.36亿美元")


def test_a_kind_of_project_asked_is_answered_by_its_own_figure() -> None:
    text = (
        "光山县二季度重点项目集中开工\n4月17日，光山县第二季度重点项目集中开工，21个项目总投资86.7亿元。"
        "从项目类型看，工业项目12个、总投资61.2亿元，基础设施项目5个，社会民生项目4个。"
    )
    got = _answer(text, "光山二季度集中开工的工业项目占多少？")
    assert "12个" in got and not got.startswith("21")
    assert _answer(text, "光山二季度集中开工的外资项目有多少个？") == NOT_FOUND


def test_an_intention_is_no_answer_to_what_was_signed() -> None:
    text = (
        "东营区赴浙江开展招商活动 签约项目1个\n"
        "活动期间，东营经济开发区与浙江澄河化纤有限公司签订涤纶长丝项目投资协议，项目总投资8.5亿元。"
        "此外，浙江锐山智能装备有限公司与东营区达成合作意向，拟投资约2亿元建设石油装备项目。"
    )
    assert _answer(text, "锐山智能装备签约的项目投资多少？") == NOT_FOUND
    assert "约2亿元" in _answer(text, "锐山智能装备有意向投资多少？")


def test_the_sum_of_the_projects_given_an_amount_is_not_the_events_total() -> None:
    from extractor.qa.parse import operation_of

    assert operation_of("报道给出金额的几个项目合计投资多少？") == "sum"
    assert operation_of("签了几个项目？") == "count"
    text = (
        "安顺市赴深圳招商\n现场集中签约项目12个，签约金额63.5亿元。"
        "签约项目中，深圳澜川电器有限公司投资10亿元，在安顺高新区建设厨房电器产业园；"
        "深圳锦川五金制品有限公司投资3亿元，在平坝区建设厨卫五金项目。"
    )
    got = _over_records(text, "这次签约的项目里，报道给出金额的几个项目合计投资多少？")
    assert "63.5亿元" not in got and "13亿元" in got


def test_firms_from_a_province_are_no_project_name() -> None:
    from tests.extraction_helpers import deals_of

    deals = deals_of("今年以来，毕节市先后赴广东开展专题招商活动11次，签约粤企项目64个、总投资326.8亿元。")
    assert [d.project for d in deals] == []


# --------------------------------------------------------------- the rules above, kept to their reach


def test_a_county_level_citys_own_whole_is_its_figure() -> None:
    text = "昆山市召开一季度招商工作会议\n会议通报，今年一季度，全市新签约项目56个，总投资312亿元。"
    assert "56个" in _answer(text, "昆山市一季度签约了多少个项目？")


def test_a_total_of_a_county_written_with_its_city_is_that_countys() -> None:
    text = "上半年，岳阳市平江县新签约项目19个，总投资86亿元。"
    assert "19个" in _over_records(text, "平江县上半年新签约了多少个项目？")
    assert "19个" in _over_records(text, "平江上半年新签约了多少个项目？")


def test_where_a_county_went_to_sign_is_not_whose_total_it_is() -> None:
    from tests.extraction_helpers import totals_of

    (total,) = totals_of("平江县赴长沙开展招商活动，签约项目8个，总投资30亿元。")
    assert total.scope == "平江县"


def test_a_kind_said_earlier_in_the_sentence_or_inside_a_name() -> None:
    kind = "光山县上半年招商成果\n上半年，全县签约工业项目12个，总投资86亿元。"
    assert "86亿元" in _answer(kind, "光山县上半年签约的工业项目总投资多少？")
    name = "光山县上半年招商成果\n光山县绿源智慧农业项目日前签约，总投资3.5亿元。"
    assert "3.5亿元" in _answer(name, "绿源智慧农业项目总投资多少？")


def test_an_events_own_tally_is_no_running_total() -> None:
    text = "4月18日，全县招商引资项目集中签约活动举行，当天累计签约项目18个，总投资96亿元。"
    assert "18个" in _answer(text, "4月18日那场集中签约签了多少个项目？")
    lead = "3月28日，我市举行集中签约仪式，这是今年以来规模最大的一次集中签约，现场签约项目26个。"
    assert "26个" in _answer(lead, "3月28号那场集中签约签了多少个项目？")
    tally = "本次推介会上，截至当天下午，共有18个项目完成签约，总投资96亿元。"
    assert "18个" in _answer(tally, "本次推介会签约了多少个项目？")
    running = "3月28日，我市举行集中签约仪式。截至3月底，全市共签约项目86个，总投资420亿元。"
    assert "86个" not in _answer(running, "3月28号那场集中签约签了多少个项目？")


def test_foreign_money_words_that_are_not_money_from_outside() -> None:
    from extractor.qa.qualifiers import measure_mismatch

    assert measure_mismatch("全市外资金额是多少？", "全市外资金额达3.2亿美元") is None
    assert measure_mismatch("全县实际到位市外资金多少？", "全县实际到位市外资金12亿元") is None


def test_a_provinces_merchants_park_is_a_name() -> None:
    from tests.extraction_helpers import deals_of

    (deal,) = deals_of("闽商产业园项目在三明市签约，总投资20亿元。")
    assert deal.project == "闽商产业园项目"


def test_a_citys_total_is_not_its_namesake_countys() -> None:
    text = "1—6月，长沙市新签约项目206个，总投资900亿元。长沙县签约项目31个，总投资120亿元。"
    got = _over_records(text, "长沙县上半年新签约多少个项目？")
    assert "31个" in got and "206" not in got


def test_a_total_counts_what_its_own_clause_says() -> None:
    text = "平江县新签约项目30个，总投资90亿元，其中工业项目12个。"
    got = _over_records(text, "平江县新签约的工业项目有多少个？")
    assert "12个" in got and "30个" not in got
    # 报道中提到的 picks nothing: the reported total is the answer
    told = "报道中提到的集中签约活动共签约项目26个，总投资80亿元。"
    assert "26个" in _over_records(told, "报道中提到的集中签约活动一共签约了多少个项目？")


def test_a_kind_is_read_at_the_value_not_at_its_first_twin() -> None:
    text = "光山县上半年招商成果\n上半年，全县签约项目12个，其中工业项目12个，均已开工。"
    assert "12个" in _answer(text, "光山县上半年签约的工业项目有多少个？")


def test_two_counties_totals_asked_together_are_added_up() -> None:
    got = _over_records(_BREAKDOWN, "上半年临湘市和华容县的签约资金加起来是多少？")
    assert got.startswith("合计265.1亿元") and "146.2亿元" in got and "118.9亿元" in got
    # one county asked: nothing to add up
    assert not _over_records(_BREAKDOWN, "上半年临湘市的签约资金加起来是多少？").startswith("合计")
