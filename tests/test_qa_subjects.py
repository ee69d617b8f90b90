"""Whose figure, over which months: subject reading and binding rules, each on sentences of our own."""

from __future__ import annotations

from extractor.qa import ask_rules
from extractor.qa.binding import another_item_before, binding, item_subject
from extractor.qa.passages import answer_from_passages
from extractor.qa.qualifiers import qualifier_missing
from extractor.qa.values import typed_values
from extractor.schema import NOT_FOUND, Article, Hit
from extractor.text.article import build_article

from .test_qa_counts import FakeContext


def _article(text: str) -> tuple[Article, list[Hit]]:
    article = build_article(text, source="own_s", published="2025-03-01")
    hits = [
        Hit(source="own_s", paragraphs=[p.n], start=p.start, end=p.end, text=text[p.start : p.end], score=1.0)
        for p in article.paragraphs
    ]
    return article, hits


def _answer(text: str, question: str) -> str:
    article, hits = _article(text)
    answer = answer_from_passages(question, hits, lambda _: article)
    return NOT_FOUND if answer.abstained else answer.answer


HEAD = "江川县举行招商引资项目集中签约仪式\n\n"


def test_this_time_is_no_part_of_a_firms_name() -> None:
    assert item_subject("青禾智能这次在江川签约投资了多少钱?") == "青禾智能"
    assert item_subject("远帆材料本次签约的投资额是多少?") == "远帆材料"


def test_the_item_after_a_place_that_signed_it_is_the_subject() -> None:
    assert item_subject("江川县签约的年产8万吨青禾膜材料项目投资多少?") == "年产8万吨青禾膜材料项目"


def test_a_number_in_the_asked_name_must_be_the_texts() -> None:
    text = HEAD + "江川县签约年产6万吨青禾膜材料项目。项目总投资超20亿元，用地约90亩。"
    assert _answer(text, "江川县签约的年产8万吨青禾膜材料项目投资多少?") == NOT_FOUND
    assert "20亿元" in _answer(text, "江川县签约的年产6万吨青禾膜材料项目投资多少?")


def test_a_list_closed_by_deng_shares_its_amount() -> None:
    text = "会上共签约项目9个，涉及甲方光电产业园项目，乙方新材料项目等，投资金额30亿元。"
    assert binding(text, "甲方光电产业园项目", text.index("30亿元")) == "group"


def test_project_refers_to_the_project_named_just_before() -> None:
    assert another_item_before("丙方物流园项目", "在某县，丁方集团30万头生猪屠宰项目日前投产。")
    assert not another_item_before("丙方物流园项目", "丙方物流园项目日前投产。")
    text = (
        HEAD + "江川县谋划建设丙方物流园，可满足20家企业入驻。"
        "在某镇，丁方集团30万头生猪屠宰项目日前投产。项目占地12公顷，投资5.2亿元。"
    )
    assert _answer(text, "江川县丙方物流园项目总投资是多少?") == NOT_FOUND


def test_project_after_a_verb_is_no_project_name() -> None:
    sentence = "当天，青禾科技有限公司、远帆材料有限公司与江川县进行项目签约。"
    assert typed_values("project", sentence, [], None, "远帆材料有限公司和江川签的是什么项目?") == []


def test_a_places_own_figure_is_not_the_whole_events() -> None:
    text = (
        HEAD
        + "本次活动由省政府主办，青州市政府承办，活动共签约项目40个，签约金额300亿元。其中，现场签约项目8个。"
    )
    assert _answer(text, "青州市在本次活动里单独签了几个项目?") == NOT_FOUND


def test_a_run_of_months_must_be_stated() -> None:
    assert qualifier_missing("江川县1-8月新签项目有多少个?", "1-7月，江川县新签项目20个") == "1-8月"
    assert qualifier_missing("江川县前8个月新签项目有多少个?", "今年1-8月，江川县新签项目20个") is None
    assert qualifier_missing("江川县前六个月新签几个?", "上半年，江川县新签项目20个") is None


def test_a_deals_answer_needs_the_asked_run_of_months() -> None:
    answer = ask_rules("江川县1-8月签约了多少个项目?", FakeContext())
    assert answer.abstained, answer.answer
    assert answer.reason == "time_mismatch"


def test_an_area_is_answered_in_an_area_unit() -> None:
    text = HEAD + "丙方光电项目签约落户江川县，丙方光电项目总投资逾百亿建设，预计明年投产。"
    assert _answer(text, "丙方光电项目占地多少?") == NOT_FOUND
    text = HEAD + "丙方光电项目签约落户江川县，丙方光电项目占地120亩。"
    assert "120亩" in _answer(text, "丙方光电项目占地多少?")


def test_a_place_around_or_inside_a_name_is_no_answer_to_where_in_it() -> None:
    question = "丙方光电项目打算建在龙华区什么位置?"
    sentence = "丙方光电项目由海南海口龙华区招商中心对接。"
    assert typed_values("place", sentence, ["龙华区"], None, question) == []
    sentence = "丙方光电（海南）有限公司的丙方光电项目落户龙华区。"
    assert typed_values("place", sentence, ["龙华区"], None, question) == []


def test_the_firm_referred_back_to_is_not_the_project_asked() -> None:
    assert item_subject("丙方集团的总部大厦项目打算建在什么地方?") == "丙方集团的总部大厦项目"
    text = HEAD + "丙方集团声称将建设总部大厦项目。经查询，该公司系注册在香港的私人公司。"
    assert _answer(text, "丙方集团的总部大厦项目打算建在什么地方?") == NOT_FOUND


def test_two_measures_asked_each_are_two_parts() -> None:
    from extractor.qa.parts import split_question

    assert split_question("青禾电力上半年营业收入和净利润各是多少?") == [
        "青禾电力上半年营业收入是多少",
        "青禾电力上半年净利润是多少",
    ]


def test_each_measure_is_the_value_of_its_own_clause_after_a_semicolon() -> None:
    text = (
        HEAD
        + "3月1日晚间，青禾电力披露年报，上半年公司实现营业收入52亿元，同比增长6%；"
        + "净利润7.5亿元，同比增长8%。"
    )
    assert "7.5亿元" in _answer(text, "青禾电力上半年净利润是多少?")
    assert _answer(text, "青禾电力上半年净利润是多少?").startswith("7.5亿元")


def test_a_project_referred_back_to_after_a_lead_in_and_a_date_with_its_season() -> None:
    text = HEAD + "近日，丙方光电项目签约落户江川县。据了解，该项目一期预计2026年底前建成投产。"
    assert _answer(text, "丙方光电项目一期什么时候能投产?").startswith("2026年底")


def test_a_second_quote_must_state_the_same_answer() -> None:
    text = (
        HEAD + "青禾电力披露年报，上半年公司实现营业收入52亿元。\n\n"
        "数据显示，上半年，青禾电力在家庭市场收入达到19亿元。"
    )
    article, hits = _article(text)
    answer = answer_from_passages("青禾电力上半年营业收入是多少?", hits, lambda _: article)
    assert answer.answer.startswith("52亿元") and len(answer.citations) == 1


def test_a_list_of_places_asked_each_is_one_part_per_place() -> None:
    from extractor.qa.parts import each_subject, split_question

    question = "江宁、溧水、高淳三区这次各签了多少个项目?"
    assert split_question(question) == ["江宁签了多少个项目?", "溧水签了多少个项目?", "高淳签了多少个项目?"]
    assert each_subject(question, "溧水签了多少个项目?") == "溧水"


def test_a_places_part_is_not_answered_by_the_whole_lists_count() -> None:
    text = HEAD + "江宁、溧水、高淳三区举行集中签约。本次集中签约合同项目35个，总投资160亿元。"
    article, hits = _article(text)
    question = "江宁、溧水、高淳三区这次各签了多少个项目?"
    answer = answer_from_passages(question, hits, lambda _: article, part="溧水签了多少个项目?")
    assert answer.abstained, answer.answer


def test_the_place_a_firm_signs_with_is_its_partner_not_a_list() -> None:
    assert item_subject("青禾硅业有限公司拟投资多少建设晶硅项目?") == "青禾硅业有限公司"
    text = "青禾硅业有限公司与江川经开区达成投资意向，拟投资8亿元以上建设晶硅项目。"
    assert binding(text, "青禾硅业有限公司", text.index("8亿元")) == "bound"
    text = "青禾硅业有限公司与远帆材料有限公司等5家企业签约，总投资8亿元。"
    assert binding(text, "青禾硅业有限公司", text.index("8亿元")) == "group"


def test_an_ordinal_counts_nothing() -> None:
    sentence = "第7届青禾博览会签约仪式举行，此次共计80个项目集中签约。"
    assert [v for v, _ in typed_values("count", sentence, [], None, "青禾博览会签约了多少个项目?")] == [
        "80个"
    ]


def test_a_count_of_a_size_class_is_stated_with_the_class() -> None:
    text = (
        HEAD + "此次共计80个项目集中签约，协议投资额900亿元。\n\n"
        "本次签约项目中，10亿元以上重大项目26个，其中50亿元以上5个。"
    )
    assert _answer(text, "本次签约项目中10亿元以上的有多少?").startswith("26个")


def test_another_outlets_copy_of_the_clause_is_not_a_second_citation() -> None:
    text = (
        HEAD + "从项目推进来看，江川县成立至今，已签约落地的产业项目45个，其中已有7个项目投产。\n\n"
        "江川县经济指标逆势上扬；已签约落地的产业项目45个，其中已有7个项目投产。"
    )
    article, hits = _article(text)
    answer = answer_from_passages("江川县已签约落地的产业项目有多少个?", hits, lambda _: article)
    assert answer.answer.startswith("45个") and len(answer.citations) == 1


def test_how_many_projects_and_how_much_is_two_parts() -> None:
    from extractor.qa.parts import split_question

    assert split_question("博览会期间搞了几场?签了多少项目和金额?") == [
        "博览会期间搞了几场",
        "签了多少项目",
        "签了多少金额",
    ]


def test_how_much_output_and_jobs_is_two_parts() -> None:
    from extractor.qa.parts import split_question

    assert split_question("丙方光电项目能带来多少年产值和就业岗位?") == [
        "丙方光电项目能带来多少年产值",
        "丙方光电项目能带来多少就业岗位",
    ]


def test_a_year_or_a_phase_is_no_quantity() -> None:
    sentence = "据了解，该项目一期预计2026年底前建成投产，可新增就业岗位约900人。"
    found = [v for v, _ in typed_values("quantity", sentence, [], None, "能带来多少就业岗位?")]
    assert found == ["约900人"]  # its hedge kept


def test_a_count_counts_the_noun_after_its_list() -> None:
    text = (
        HEAD + "3月1日，江川县第二次重点项目集中签约。签约仪式上，12家来自生物科技、新能源等新赛道的优质企业"
        "集中签约落户江川。2021年，丁方集团在江川设立公司，集团3家子公司也相继落户江川。"
    )
    assert _answer(text, "江川县第二次重点项目集中签约有多少家企业签约落户?").startswith("12家")


def test_a_firms_verb_the_item_is_written_verb_item_after_naming_the_firm() -> None:
    text = (
        HEAD + "3月1日晚间，青禾电信披露半年报。\n\n"
        "青禾电信政企市场保持增长。上半年带动云网项目签约金额达到人民币56亿元，同比增长20%。"
    )
    assert _answer(text, "青禾电信上半年带动的云网项目签约金额有多少?").startswith("56亿元")
    assert _answer(text, "远帆电信上半年带动的云网项目签约金额有多少?") == NOT_FOUND


def test_two_kinds_within_a_group_asked_each_are_two_parts() -> None:
    from extractor.qa.parts import split_question

    assert split_question("博览会签约项目里光伏项目和文旅康养项目各有多少个?") == [
        "博览会签约项目里光伏项目有多少个?",
        "博览会签约项目里文旅康养项目有多少个?",
    ]


def test_a_kind_of_firm_is_no_firms_name() -> None:
    sentence = "区属公司分管负责人、龙头企业代表等在线参会。"
    assert typed_values("org", sentence, [], None, "哪家公司在线参会?") == []


def test_who_spoke_is_answered_by_a_sentence_that_says_someone_spoke() -> None:
    text = HEAD + "签约仪式上，青禾科技有限公司、远帆材料有限公司等企业代表在线参会。"
    assert _answer(text, "签约仪式上作为企业代表发言的是哪家公司?") == NOT_FOUND
    text = HEAD + "签约仪式上，企业代表青禾科技有限公司总经理发言说，江川的服务让企业安心。"
    assert "青禾科技有限公司" in _answer(text, "签约仪式上作为企业代表发言的是哪家公司?")


def test_a_place_in_a_media_outlets_name_is_no_venue() -> None:
    sentence = "来源：人民网－云南频道 青禾论坛签约仪式现场。"
    assert typed_values("place", sentence, [], None, "青禾论坛是在哪里办的?") == []
