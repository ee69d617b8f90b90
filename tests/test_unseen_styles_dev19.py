"""Rules from working on a nineteenth blind set (evals/dev19, its odd half): a spoken transcript's
pauses, Chinese decimals, 个亿 before a name, a promotion handbook's pitched projects, land sold at
auction, what a project brings its village, a kind of projects counted after its noun, a brand
jieba reads as a verb, every county of a level, a town asked for. Sentences of our own."""

from __future__ import annotations

from extractor import extract
from extractor.qa.parse import answer_type
from extractor.schema import NOT_FOUND
from extractor.text.amounts import find_money
from extractor.text.normalize import normalize, spoken, with_pauses
from extractor.text.places import find_places

from .qa_fixtures import passages_answer

_SPOKEN = (
    "【口播】5月8日上午 石溪县二季度重点项目集中开工 本次开工项目9个 总投资21.4亿元\n"
    "【解说】这是南岭智造装备有限公司投资建设的精密铸件及锻件项目 项目总投资6亿元 分两期建设 "
    "其中一期2亿 二期4个亿 今天开工的是一期工程\n"
    "【解说】在青枫镇 南岭茶业有限公司投资近3个亿的高山茶叶种植及茶旅综合体项目也在当天开工\n"
    "【解说】开工仪式上 石溪县还与江西禾川生物科技有限公司签约了灵芝种植及深加工项目 投资二点五亿元"
)


def _deals(text: str) -> list[tuple[str | None, float | None, str]]:
    r = extract(text, source="own_dev19", backend="rules")
    return [(d.project, d.amount.value if d.amount else None, d.stage) for d in r.deals]


def test_a_transcripts_spaces_part_its_clauses() -> None:
    assert spoken(_SPOKEN)
    copy = with_pauses(normalize("项目总投资6亿元 分两期建设 其中一期2亿 二期4个亿"))
    assert copy.text == "项目总投资6亿元，分两期建设，其中一期2亿，二期4个亿"
    start, end = copy.to_original(0, 8)
    assert copy.original[start:end] == "项目总投资6亿元"
    # a written article's spaces stay as they are: it has more commas than pauses
    assert not spoken("甲县与乙公司签约，总投资5亿元，项目 建成后 年产值10亿元。")


def test_a_flattened_tables_spaces_are_not_pauses() -> None:
    row = "序号 项目名称 总投资 1 精密铸件项目 6 已开工 2 高山茶园项目 3 已签约"
    assert with_pauses(normalize(row)).text == normalize(row).text


def test_a_spoken_report_gives_each_project_its_own_amount_and_no_phase_of_its_own() -> None:
    deals = _deals(_SPOKEN)
    assert ("精密铸件及锻件项目", 6e8, "started") in deals
    assert ("高山茶叶种植及茶旅综合体项目", 3e8, "started") in deals
    assert ("灵芝种植及深加工项目", 2.5e8, "signed") in deals
    assert len(deals) == 3  # 一期2亿 二期4个亿 is the first project's, no deal of its own


def test_a_chinese_decimal_is_read_whole() -> None:
    found = [(m.text, m.money.value) for m in find_money("投资二点五亿元，另有十二点三亿元")]
    assert found == [("二点五亿元", 2.5e8), ("十二点三亿元", 1.23e9)]


def test_ge_yi_before_a_name_is_money_not_a_count() -> None:
    deals = _deals("江北镇南岭茶业有限公司投资3个亿的高山茶园项目昨日开工。")
    assert deals == [("高山茶园项目", 3e8, "started")]
    # while a count of a size class stays a count
    r = extract("今年成功签下甲产业园、乙基地2个百亿级项目。", source="own", backend="rules")
    assert [a.count for a in r.aggregates] == [2]


def test_a_handbooks_pitched_projects_are_no_deals() -> None:
    text = (
        "石溪县2023年招商项目推介手册\n"
        "本手册共收录拟招商项目20个，总投资估算约96亿元。\n"
        "一、拟招商项目\n"
        "（一）竹木精深加工项目\n"
        "建设内容：新建竹地板生产线。\n"
        "投资估算：约6亿元\n"
        "二、近期签约成果\n"
        "4月2日，石溪县与南岭智造装备有限公司签订投资协议，由其投资8亿元建设精密铸件项目。"
    )
    r = extract(text, source="own", backend="rules")
    assert [(d.project, d.amount.value if d.amount else None) for d in r.deals] == [("精密铸件项目", 8e8)]
    assert r.aggregates == []


def test_what_a_project_is_described_as_is_no_second_project() -> None:
    deals = _deals(
        "5月3日，南岭茶业有限公司与石溪县签约，建设高山茶园项目，总投资2亿元，是今年全县签约的首个茶旅融合项目。"
    )
    assert [d[0] for d in deals] == ["高山茶园项目"]


def test_land_bought_at_auction_is_not_the_investment() -> None:
    text = (
        "同日，一宗工业用地由南岭智造装备有限公司以4200万元竞得，将用于建设精密铸件项目，"
        "该项目已于5月签约，总投资5亿元。"
    )
    assert [(d[0], d[1]) for d in _deals(text)] == [("精密铸件项目", 5e8)]
    text = "南岭智造装备有限公司以1.3亿元成交价竞得一宗工业用地。"
    assert [d[1] for d in _deals(text)] == []


def test_what_a_project_brings_its_village_is_not_an_investment() -> None:
    r = extract(
        "今年以来，全县共引进特色种养项目七个，总投资8600万元，带动村集体经济增收42万元。",
        source="own",
        backend="rules",
    )
    assert r.deals == []
    assert [(a.count, a.amount.value if a.amount else None) for a in r.aggregates] == [(7, 8.6e7)]


def test_a_count_after_a_noun_makes_it_a_kind_of_projects() -> None:
    r = extract("今年以来，全县共引进特色种养产业化项目七个，总投资8600万元。", source="own", backend="rules")
    assert r.deals == []
    assert [a.count for a in r.aggregates] == [7]


def test_a_registered_firms_brand_read_as_a_verb_is_still_its_name() -> None:
    text = "县里引进的江西翕澄食品有限公司辣椒深加工项目5月落地，计划投资3000万元。"
    r = extract(text, source="own", backend="rules")
    assert [d.investors for d in r.deals] == [["江西翕澄食品有限公司"]]


def test_every_county_of_a_level_is_no_place() -> None:
    assert find_places("各县市招商引资成绩单出炉") == []
    assert find_places("全市各乡镇") == []


def _passages(text: str, question: str) -> str:
    return passages_answer(text, question)


def test_a_town_asked_is_not_answered_by_its_county() -> None:
    assert answer_type("禾川生物的灵芝项目建在哪个乡镇？") == "place"
    text = "5月8日，石溪县与江西禾川生物科技有限公司签约灵芝种植项目，投资2亿元。"
    assert _passages(text, "禾川生物的灵芝项目建在哪个乡镇？") == NOT_FOUND
    text = "5月8日，江西禾川生物科技有限公司在石溪县青枫镇签约灵芝种植项目，投资2亿元。"
    assert _passages(text, "禾川生物的灵芝项目建在哪个镇？").split("。")[0].endswith("青枫镇")


def test_a_phases_bare_yi_is_money() -> None:
    found = [(m.text, m.money.value) for m in find_money("项目总投资12亿元，其中一期5亿，二期约7亿")]
    assert found == [("12亿元", 1.2e9), ("5亿", 5e8), ("约7亿", 7e8)]
    assert find_money("一期5亿吨") == [] and find_money("人口14亿") == []


def test_a_key_listed_as_an_amount_is_one_without_its_yuan() -> None:
    from extractor.evaluate import answer_has_keys
    from extractor.schema import Answer, Span

    cite = Span(source="own", paragraph=1, start=0, end=4, quote="一期5亿")
    said = Answer(question="q", answer="一期5亿，二期7个亿。", citations=[cite])
    assert answer_has_keys({"amounts": ["5亿", "7个亿"]}, said)
    assert not answer_has_keys({"amounts": ["6亿"]}, said)


def test_a_sum_asked_as_the_investment_but_stated_as_another_measure_is_said_no() -> None:
    text = (
        "南岭智造装备有限公司精密铸件项目总投资6亿元。公司负责人说，项目达产后年产值能达到9亿元左右。"
        "公司拟设立全资子公司，注册资本5000万元。"
    )
    assert _passages(text, "南岭智造的项目是投资9亿元吗？").startswith("不是。9亿元左右是年产值")
    assert _passages(text, "南岭智造的项目是投资5000万元吗？").startswith("不是。5000万元是注册资本")
    assert not _passages(text, "南岭智造的项目投资6亿元吗？").startswith("不是")


def test_a_firm_jieba_cuts_into_single_characters_is_one_name_of_the_question() -> None:
    from extractor.qa.parse import anchor_terms

    assert "磬川" in anchor_terms("磬川化工投的什么项目？")  # 磬/ng 川/j
    text = (
        "（二）氟硅精细化工项目\n"
        "3月16日，甘溪县与贵州磬川化工有限公司签订投资协议，由其投资18亿元在甘溪经济开发区建设年产5万吨电子级磷酸项目。"
    )
    assert _passages(text, "磬川化工投的什么项目？").startswith("年产5万吨电子级磷酸项目。")


def test_a_partys_share_asked_is_not_the_projects_whole_sum() -> None:
    text = "在青枫镇，石门村与江西禾川旅游开发有限公司签约合作建设乡村客栈项目，投资规模控制在300万元以内。"
    assert _passages(text, "石门村在乡村客栈项目里出了多少钱？") == NOT_FOUND
    text = "江西禾川旅游开发有限公司与石门村合作建设乡村客栈项目，其中石门村以闲置农房折股入股80万元。"
    assert "80万元" in _passages(text, "石门村在乡村客栈项目里出了多少钱？")


def test_a_project_asked_to_be_named_is_no_subject_of_the_question() -> None:
    from extractor.qa.binding import item_subject

    assert item_subject("磬川化工在甘溪投的什么项目") == "磬川化工"
    assert item_subject("磬川化工在甘溪投的什么项目？") == "磬川化工"


def test_what_a_government_sets_aside_is_no_partys_share() -> None:
    text = "广南每年统筹80亿元资金用于支持工业振兴。"
    assert "80亿元" in _passages(text, "广南每年拿出多少资金支持工业振兴？")


# From dev19's even half, after its odd half's rules were measured on it.


def test_talks_broken_off_leave_no_deal() -> None:
    text = (
        "会议指出，东湖区此前洽谈的浙江琰澄控股集团物流中心项目（意向投资约20亿元），"
        "因投资方调整布局，已终止洽谈。"
    )
    assert _deals(text) == []


def test_a_figure_reported_earlier_and_corrected_now_is_not_the_figure() -> None:
    text = "注：甘溪县新签约项目协议投资额此前报送为53.7亿元，经核实其中1个项目为框架协议，现更正为43.7亿元。"
    r = extract(text, source="own", backend="rules")
    assert 5.37e9 not in [a.amount.value for a in r.aggregates if a.amount]


def test_the_project_built_on_is_not_the_one_invested_in() -> None:
    text = "根据协议，该公司在一期项目基础上追加投资3亿元，新建4条继电器智能生产线。"
    assert _deals(text) == []  # neither 一期项目 nor 4条…生产线 is the new project's name


def test_a_problem_said_of_projects_names_none() -> None:
    text = "部分园区标准化厂房储备不足，能耗、用地指标制约项目落地。"
    assert _deals(text) == []


def test_a_verb_that_is_also_a_districts_short_name_is_no_place() -> None:
    assert find_places("新建4条生产线") == []
    assert [p for _, _, p in find_places("在南昌市新建区")] == ["南昌市新建区"]


def test_a_sum_of_units_named_one_by_one_is_no_total() -> None:
    text = "从完成情况看，甘溪经开区、青枫新区两个园区新签约协议投资合计160.9亿元，占全市的53.7%。"
    assert extract(text, source="own", backend="rules").aggregates == []


def test_a_brand_of_rare_single_characters_is_part_of_the_firms_name() -> None:
    text = "由安徽芃澄食品有限公司投资8600万元建设的黄桃罐头生产线项目已投产。"
    r = extract(text, source="own", backend="rules")
    assert [d.investors for d in r.deals] == [["安徽芃澄食品有限公司"]]


def test_an_items_head_names_where_its_deals_are() -> None:
    text = (
        "二、重点项目进展\n"
        "从完成情况看，石台县新签约亿元以上项目不足5个。\n"
        "（一）青枫产业集中区。湖北玥澄化学有限公司锰盐一体化项目1月签约，总投资约65亿元。\n"
        "（二）甘溪经开区。江苏珩澄半导体有限公司外延片项目总投资52亿元，5月开工。"
    )
    r = extract(text, source="own", backend="rules")
    found = [(d.amount.value if d.amount else None, d.location.text if d.location else None) for d in r.deals]
    assert found == [(6.5e9, "青枫产业集中区"), (5.2e9, "甘溪经开区")]


def test_a_zones_figure_is_not_its_citys() -> None:
    text = "各县市区、园区实际到位内资排名如下：衢州经开区342300万元，完成率86.5%；青枫县298700万元。"
    assert _passages(text, "衢州市今年实际到位内资是多少？") == NOT_FOUND
    assert "342300万元" in _passages(text, "衢州经开区今年实际到位内资是多少？")  # the zone asked is named


def test_a_sentence_with_no_place_of_its_own_goes_on_with_the_last() -> None:
    text = "衢州市招商引资通报\n上半年，全市新签约项目87个，协议投资272.4亿元。实际利用外资2860万美元。"
    assert _passages(text, "衢州经开区上半年实际利用外资多少？") == NOT_FOUND
    assert "2860万美元" in _passages(text, "衢州上半年实际利用外资多少？")
