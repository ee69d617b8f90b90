"""Rules from working on an eighteenth blind set (evals/dev17, its odd half): a report's section
that names its year, a wire's dateline, size classes before other words, figures of two things
asked together, an amount that belongs to the item after it. Sentences of our own."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from extractor import extract
from extractor.qa import ask_rules
from extractor.qa.binding import binding
from extractor.qa.parse import answer_type
from extractor.qa.passages import _joined_topics, answer_from_passages
from extractor.qa.relevance import report_year
from extractor.schema import NOT_FOUND, Aggregate, Article, Deal, Hit
from extractor.text.article import build_article
from extractor.text.dates import mask_datelines

_REPORT = (
    "2024年江川县人民政府工作报告\n"
    "各位代表：\n"
    "一、2023年工作回顾\n"
    "过去一年，全县经济稳中向好。\n"
    "招商引资成效明显。全年新签约亿元以上项目41个，协议投资236.5亿元。\n"
    "二、2024年主要目标\n"
    "（一）抓招商。力争全年新签约亿元以上项目45个以上。"
)


def _article(text: str, published: str) -> Article:
    return build_article(text, source="own_y", published=published)


def _hits(article: Article) -> list[Hit]:
    return [
        Hit(
            source=article.source,
            paragraphs=[p.n],
            start=p.start,
            end=p.end,
            text=article.paragraph_text(p.n),
            score=1,
        )
        for p in article.paragraphs
    ]


def _passages(text: str, question: str, published: str = "2025-03-01") -> str:
    article = _article(text, published)
    answer = answer_from_passages(question, _hits(article), lambda _: article)
    return NOT_FOUND if answer.abstained else answer.answer


@dataclass
class _Records:
    """What ``ask_rules`` reads: one article, the records the rules backend extracts from it, and a
    search that returns every paragraph."""

    text: str
    published: str
    article_: Article = field(init=False)

    def __post_init__(self) -> None:
        self.article_ = _article(self.text, self.published)
        self.result = extract(self.text, source=self.article_.source, backend="rules")

    def article(self, source: str) -> Article:
        return self.article_

    def context(self, source: str, paragraph: int) -> str:
        return self.article_.text

    def require(self, sources: list[str]) -> None:
        pass

    def search(self, question: str, *, k: int, filters: Any) -> list[Hit]:
        return _hits(self.article_)

    def deals(self, filters: Any = None) -> list[Deal]:
        return list(self.result.deals)

    def aggregates(self, filters: Any = None) -> list[Aggregate]:
        return list(self.result.aggregates)


def test_a_numbered_section_that_names_a_year_dates_what_stands_in_it() -> None:
    article = _article(_REPORT, "2024-01-18")
    total = next(p.n for p in article.paragraphs if "236.5" in article.paragraph_text(p.n))
    target = next(p.n for p in article.paragraphs if "力争" in article.paragraph_text(p.n))
    assert report_year(article, total) == "2023"
    assert report_year(article, target) == "2024"  # （一） stands in 二、2024年…


def test_a_title_naming_only_the_year_of_publication_does_not_date_the_report() -> None:
    plain = "2024年江川县人民政府工作报告\n\n招商引资成效明显。全年新签约亿元以上项目41个。"
    assert report_year(_article(plain, "2024-01-18"), 2) is None
    # a title naming another year than the publication's still dates it (2023年…统计公报)
    bulletin = "2023年江川县国民经济和社会发展统计公报\n\n全年新签约亿元以上项目41个。"
    assert report_year(_article(bulletin, "2024-03-10"), 2) == "2023"


def test_a_reports_full_year_is_the_year_its_section_reviews() -> None:
    assert "41个" in _passages(_REPORT, "江川县2023年新签约了多少个亿元以上项目？", "2024-01-18")
    assert _passages(_REPORT, "江川县2024年新签约了多少个亿元以上项目？", "2024-01-18") == NOT_FOUND
    # the records route too: the total extracted from 一、2023年工作回顾 is no answer for 2024
    answer = ask_rules("江川县2024年新签约了多少个亿元以上项目？", _Records(_REPORT, "2024-01-18"))
    assert answer.abstained, answer.answer


def test_a_wires_dateline_is_not_what_the_story_is_about() -> None:
    filed = "新华社榆州10月24日电（记者 张三）记者获悉"
    assert mask_datelines(filed) == "\u3000" * 5 + filed[5:]
    assert mask_datelines("10月24日，榆州市签约项目8个") == "10月24日，榆州市签约项目8个"
    text = (
        "新华社石家庄10月24日电（记者 张三）记者从河北省商务厅获悉，"
        "今年前三季度，河北省新签约亿元以上项目836个，签约总额5123.5亿元。"
    )
    assert _passages(text, "石家庄前三季度签约额是多少？") == NOT_FOUND
    assert "5123.5亿元" in _passages(text, "河北省前三季度签约总额是多少？")


def test_a_signing_sum_asked_is_an_amount() -> None:
    assert answer_type("全省前三季度签约额是多少？") == "amount"
    assert answer_type("合同额有多少？") == "amount"


def test_a_size_class_before_other_words_is_no_amount() -> None:
    text = "今年前三季度，河北省新签约亿元以上招商引资项目836个，签约总额5123.5亿元，同比增长26.4%。"
    assert _passages(text, "河北省前三季度签约额是多少？").startswith("5123.5亿元")


def test_a_figure_of_two_things_asked_together_names_both() -> None:
    assert _joined_topics("江川县魔芋和茶叶产业引进了多少投资？") == ("魔芋", "茶叶")
    assert _joined_topics("江川县魔芋产业引进了多少投资？") == ()
    text = "全年引进项目9个。澄江食品公司投资约3.2亿元的魔芋精深加工产业园建成投产。"
    assert _passages(text, "江川县魔芋和茶叶产业引进了多少投资？") == NOT_FOUND
    both = "今年江川县魔芋产业和茶叶产业新引进投资8.6亿元。"
    assert "8.6亿元" in _passages(both, "江川县魔芋和茶叶产业今年引进了多少投资？")


_TWO_ITEMS = (
    "总投资12亿元的青禾新能源风电场项目签约落户，澄江食品公司投资约3.2亿元的魔芋精深加工产业园建成投产。"
)


def test_an_amount_before_another_items_name_is_not_the_next_items() -> None:
    subject = "魔芋精深加工产业园"
    assert binding(_TWO_ITEMS, subject, _TWO_ITEMS.find("12亿元")) == "absent"
    assert binding(_TWO_ITEMS, subject, _TWO_ITEMS.find("3.2亿元")) == "bound"
    assert "3.2亿元" in _passages(_TWO_ITEMS, "魔芋精深加工产业园投资多少？")
    assert "12亿元" in _passages(_TWO_ITEMS, "青禾新能源风电场项目投资多少？")


def test_an_amount_in_a_clause_naming_another_item_is_not_the_topics() -> None:
    assert _passages(_TWO_ITEMS, "魔芋产业引进了多少投资？").startswith("约3.2亿元")
    # the topic's figure in the clause after it still answers
    plain = "全县魔芋产业签约项目5个，总投资12亿元。"
    assert "12亿元" in _passages(plain, "全县魔芋产业签约投资多少？")


_TABLE = (
    "4月26日，榆州市重点项目集中签约仪式举行，现场签约项目3个。现将签约项目清单公布如下：\n"
    "序号\t项目名称\t投资方\t总投资（亿元）\t落户地\n"
    "1\t年产5万吨青禾膜材料项目\t榆州青禾材料有限公司\t28\t榆阳区\n"
    "2\t冷链仓储配送项目\t榆州远帆物流有限公司\t—\t横山区\n"
    "3\t多肽药物生产基地\t榆州澄江药业有限公司\t9.6\t神木市\n"
)


def test_a_bare_number_takes_its_unit_from_its_columns_header() -> None:
    from extractor.text.amounts import money_in_unit
    from extractor.text.paragraphs import column_unit

    assert column_unit(_TABLE, _TABLE.index("28\t")) == "亿元"
    assert column_unit(_TABLE, _TABLE.index("9.6")) == "亿元"  # past a row left empty (—)
    assert column_unit(_TABLE, _TABLE.index("1\t年产")) is None  # 序号 names no unit
    assert column_unit("本次签约28个项目。", 4) is None  # no table
    money = money_in_unit("126,000", "万元")
    assert money is not None and money.cny == 1.26e9 and money.text == "126,000"
    deals = {d.project: d for d in extract(_TABLE, backend="rules").deals}
    first = deals["年产5万吨青禾膜材料项目"]
    assert first.amount is not None and first.amount.cny == 2.8e9 and first.amount.text == "28"
    span = first.evidence[0]
    assert _TABLE[span.start : span.end] == span.quote and "28" in span.quote
    third = deals["多肽药物生产基地"]
    assert third.amount is not None and third.amount.cny == 9.6e8


def test_a_rows_stage_is_supported_by_its_tables_lead_in() -> None:
    deals = extract(_TABLE, backend="rules").deals
    assert deals and all(d.stage == "signed" and not d.unverified_fields for d in deals)
    # a table whose lead-in says no stage gives its rows none
    plain = _TABLE.replace("集中签约仪式举行，现场签约项目3个。现将签约项目清单", "重点项目清单")
    assert all(d.stage == "other" for d in extract(plain, backend="rules").deals)


_LARGEST = (
    "榆阳区上半年招商引资成绩单出炉\n"
    "2月，榆州青禾材料有限公司年产5万吨膜材料项目签约落户榆阳工业园区，总投资不低于30亿元，"
    "是今年以来全区签约的单体投资最大项目。6月，区政府与远帆物流集团签约建设冷链配送中心，计划投资5亿元以上。"
)


def test_a_stated_superlative_beats_one_computed_over_the_records() -> None:
    answer = ask_rules("榆阳区今年签约的单体最大项目是哪个？", _Records(_LARGEST, "2023-07-20"))
    assert not answer.abstained and "膜材料项目" in answer.answer, answer.answer
    assert "冷链" not in answer.answer
    # the sentence that ranks it names no project of its own
    projects = [d.project for d in extract(_LARGEST, backend="rules").deals]
    assert all(p is None or "最大" not in p for p in projects), projects


def test_a_signing_meeting_is_one_word_of_a_question() -> None:
    from extractor.qa.parse import noun_terms

    assert "签约会" in noun_terms("阳关镇那次签约会签了几个项目？")


def test_a_rate_answers_no_question_of_how_much() -> None:
    from extractor.qa.values import typed_values

    sentence = "产业链本地配套率由年初的31%提高到38%，新增配套企业7家。"
    assert not any("%" in v for v, _ in typed_values("quantity", sentence, [], None, "产业链签约规模多大"))
    assert any("%" in v for v, _ in typed_values("quantity", sentence, [], None, "配套率提高了多少"))


def test_how_much_was_signed_asks_for_money() -> None:
    assert answer_type("榆阳区新材料产业链上半年签了多少？") == "amount"
    assert answer_type("榆阳区上半年签了多少个项目？") == "count"


def test_a_place_opening_a_firms_name_is_not_where_its_project_is() -> None:
    text = "广东晟远鞋业有限公司投资4.5亿元建设的年产1200万双休闲鞋项目于8月建成投产。"
    assert _passages(text, "晟远鞋业的休闲鞋项目在哪？") == NOT_FOUND
    sited = "广东晟远鞋业有限公司投资4.5亿元在平果市建设的年产1200万双休闲鞋项目于8月建成投产。"
    assert "平果" in _passages(sited, "晟远鞋业的休闲鞋项目在哪？")


def test_a_yes_or_no_question_about_a_sum_is_answered_by_the_sentence_stating_it() -> None:
    text = (
        "截至10月底，全市新引进广东企业投资项目48个，总投资163.5亿元。\n"
        "据了解，今年广东投入百色的东西部协作财政援助资金9.8亿元，其中用于产业发展的占比超过七成。"
    )
    answer = _passages(text, "广东给百色的那9.8亿元是企业投资吗？")
    assert "9.8亿元" in answer and "163.5" not in answer, answer
    assert _passages(text, "广东给百色的那7.5亿元是企业投资吗？") == NOT_FOUND


def test_a_target_in_a_work_plan_is_no_event_done() -> None:
    text = "（一）抓招商。推动青禾新能源高坪风电场项目上半年开工，澄江茶业提质扩能项目年底前建成投产。"
    answer = _passages(text, "青禾新能源的高坪风电场项目开工了没有？")
    assert answer.startswith("尚未开工"), answer
    assert _passages(text, "澄江茶业提质扩能项目投产了吗？").startswith("尚未投产")
    # a year's tally of what was pushed to start names no deadline: no 尚未
    done = "一年来，推动青禾新能源高坪风电场项目开工建设，全年新开工项目26个。"
    assert not _passages(done, "青禾新能源的高坪风电场项目开工了没有？").startswith("尚未")


def test_a_size_class_asked_is_not_answered_by_a_smaller_project() -> None:
    text = "达州高新区由渝蜀能源集团投资的天然气化工新材料产业园项目总投资约46亿元，3月已签约开工。"
    assert _passages(text, "那个百亿级能源化工项目签了没有？") == NOT_FOUND
    assert "46亿元" in _passages(text, "那个天然气化工新材料产业园项目签了没有？")


def test_the_county_whose_government_signs_hosts_the_project() -> None:
    from extractor.qa.relevance import site_elsewhere

    text = "同日，乌拉特中旗人民政府与国禹新能源有限公司签订合成氨示范项目投资协议，项目总投资约36亿元。"
    assert site_elsewhere("磴口县的合成氨项目总投资多少？", text) == "乌拉特中旗"
    assert site_elsewhere("乌拉特中旗的合成氨项目总投资多少？", text) is None
    assert _passages(text, "磴口县的合成氨项目总投资多少？") == NOT_FOUND


def test_a_project_in_another_town_is_not_the_asked_towns() -> None:
    from extractor.qa.relevance import site_elsewhere

    text = "5月，文莱骊湾控股集团投资1.2亿美元的热带水果供应链中心项目落户嘉积镇。"
    assert site_elsewhere("骊湾控股集团在潭门镇的项目投资多少？", text) == "嘉积镇"
    assert site_elsewhere("骊湾控股集团在嘉积镇的项目投资多少？", text) is None
    assert _passages(text, "骊湾控股集团在潭门镇的项目投资多少？") == NOT_FOUND


def test_a_sum_asked_in_yuan_is_not_answered_in_dollars() -> None:
    assert answer_type("琼海前三季度实际使用外资折合人民币是多少？") == "amount"
    text = "今年前三季度，琼海市实际使用外资4860万美元，同比增长18.7%。"
    assert _passages(text, "琼海前三季度实际使用外资折合人民币是多少？") == NOT_FOUND
    assert "4860万美元" in _passages(text, "琼海前三季度实际使用外资是多少？")


def test_a_year_that_dates_a_firms_takings_does_not_date_its_investment() -> None:
    from extractor.qa.qualifiers import year_mismatch

    sentence = "此次签约天然香精香料扩产项目，投资2.8亿元，该公司2022年营业收入12.3亿元。"
    assert year_mismatch(["2022"], sentence, "2023-06-01") == "2023年"
    assert year_mismatch(["2023"], sentence, "2023-06-01") is None


def test_a_name_joined_by_ji_is_one_item_not_a_list() -> None:
    text = "在主会场，山西砾晟铝业有限公司年产15万吨高端铝型材及铝棒项目总投资32亿元，今年计划投资9亿元。"
    assert binding(text, "砾晟铝业的铝型材项目", text.find("32亿元")) == "bound"
    two = "会上，青禾膜材料项目及远帆物流项目总投资32亿元。"
    assert binding(two, "青禾膜材料项目", two.find("32亿元")) == "group"


def test_a_years_share_is_not_the_total() -> None:
    from extractor.qa.qualifiers import measure_mismatch

    assert measure_mismatch("今年投多少？", "项目总投资32亿元") == "年度投资"
    assert measure_mismatch("今年投多少？", "今年计划投资9亿元") is None
    assert measure_mismatch("总投资多少？", "项目总投资32亿元") is None


def test_a_place_opening_a_firms_name_says_where_the_firm_comes_from() -> None:
    from extractor.text.names import opens_a_name

    assert opens_a_name("陕西芃蘅生物科技有限公司此次签约", 2)
    assert opens_a_name("深圳市沃能储能科技有限公司", 3)
    assert not opens_a_name("袁州区由江西赣峪锂业有限公司投资的", 3)  # the site, then its investor
    assert not opens_a_name("威远县|≥8|已落地|已注册公司", 3)  # a table's cells
    assert not opens_a_name("落户平果市的晟远鞋业有限公司", 5)
    text = (
        "榆阳区三季度项目集中签约。签约项目中，已在区内投产的陕西芃蘅生物科技有限公司此次签约"
        "天然香精香料扩产项目，投资2.8亿元。"
    )
    assert all(d.location is None or d.location.text != "陕西" for d in extract(text, backend="rules").deals)


def test_a_years_planned_spending_is_no_deal() -> None:
    text = "文水县分会场，山西犇晋食品有限公司肉制品加工项目开工，总投资2.6亿元，年度计划投资1.8亿元。"
    amounts = sorted(d.amount.cny for d in extract(text, backend="rules").deals if d.amount and d.amount.cny)
    assert amounts == [2.6e8]


def test_witnesses_sign_nothing_and_a_framework_signed_is_an_intention() -> None:
    text = (
        "9月5日，榆州市人民政府与国禹能源集团有限公司战略合作框架协议签约仪式举行。"
        "市长张三与国禹能源集团董事长李四共同见证签约并座谈。"
        "根据协议，国禹能源集团未来五年拟在榆州投资约100亿元。"
    )
    deals = extract(text, backend="rules").deals
    assert not any("见证" in d.evidence[0].quote for d in deals)
    assert deals and all(d.stage == "intent" for d in deals), [(d.investors, d.stage) for d in deals]
    assert any(d.amount is not None and d.amount.cny == 1e10 for d in deals)


def test_a_notice_ending_agreements_states_no_total() -> None:
    text = "经开发区管委会研究决定，终止以下两个项目的投资协议。"
    assert extract(text, backend="rules").aggregates == []
    assert extract("经开发区管委会研究决定，与以下两个项目签订投资协议。", backend="rules").aggregates


def test_a_park_that_signs_hosts_the_project_and_is_none() -> None:
    text = "现场签约项目九个。青禾产业园与深圳市珑岫电子有限公司签约电容器生产项目，总投资15亿元。"
    deals = extract(text, backend="rules").deals
    assert [d.project for d in deals] == ["电容器生产项目"]
    assert deals[0].location is not None and deals[0].location.text == "青禾产业园"


_FAIR = (
    "从盟市看，呼伦贝尔市签约项目14个、签约额132.4亿元；兴安盟签约项目11个，签约额86.5亿元。\n"
    "在呼伦贝尔市，扎兰屯市与浙江禾湛食品集团签约大豆分离蛋白项目，总投资18亿元；"
    "牙克石市与吉林莓屿农业科技有限公司签约野生蓝莓精深加工项目，投资5.6亿元。"
    "兴安盟乌兰浩特市与山东泽蕤生物科技有限公司签约苏氨酸项目，计划投资不低于20亿元。"
)


def test_a_places_sum_is_not_of_another_places_deals_nor_of_some_of_a_wider_count() -> None:
    from tests.extraction_helpers import answer_over_records

    answer = answer_over_records(_FAIR, "扎兰屯市一共签了多少钱的项目？")
    assert "苏氨酸" not in answer and "20亿元" not in answer, answer  # 乌兰浩特市's
    assert not answer.startswith("合计"), answer  # 呼伦贝尔市 counts 14: one named is no total


def test_a_count_of_projects_asked_with_a_kind_between_is_not_of_batches() -> None:
    from extractor.qa.values import typed_values

    sentence = "一季度全市外出招商42批次，接待客商来朔考察78批次。"
    assert typed_values("count", sentence, [], None, "上半年一共签了多少个招商项目？") == []
    assert typed_values("count", "全市新签约招商项目68个。", [], None, "签了多少个招商项目？")


def test_one_before_a_projects_own_name_counts_nothing() -> None:
    from extractor.qa.values import typed_values

    hearsay = "去年听说龙楼镇引进了一个火箭整流罩生产项目，说是已经签约了。"
    assert typed_values("count", hearsay, [], None, "今年签约了多少个项目？") == []
    assert typed_values("count", "今年签约一个项目，投资5亿元。", [], None, "签约了多少个项目？")


def test_a_periods_count_is_not_a_count_of_the_named_projects() -> None:
    from tests.extraction_helpers import answer_over_records

    text = "文昌国际航天城今年签约运载火箭整流罩生产基地项目，总投资约8.6亿元。"
    assert not answer_over_records(text, "文昌国际航天城今年全年签约了多少项目？").startswith("共")
    assert answer_over_records(text, "文昌国际航天城签约了多少项目？").startswith("共1个")


def test_an_event_said_of_another_item_is_no_yes() -> None:
    text = "留言内容：龙楼镇引进的火箭整流罩生产项目地块上还是一片荒地，旁边的文昌鸡加工厂倒是已经动工了。"
    assert not _passages(text, "龙楼镇那个火箭整流罩项目开工了吗？").startswith("已")
    own = "龙楼镇的火箭整流罩生产项目已于3月开工建设。"
    assert _passages(own, "龙楼镇那个火箭整流罩项目开工了吗？").startswith("已开工")


def test_a_years_total_asked_is_not_a_quarters() -> None:
    from extractor.qa.qualifiers import part_of_year_before

    assert part_of_year_before("白城经开区2023年一共签了多少项目？", "第三季度签约项目17个") == "第三季度"
    assert part_of_year_before("2023年签约的甲项目投资多少？", "第三季度签约项目17个") is None


def test_a_firms_count_is_said_with_the_firm() -> None:
    text = (
        "（三）秸秆综合利用产业链。依托本地丰富的秸秆资源，全年签约项目11个。"
        "辽宁禾焓能源有限公司在签约热电联产项目的同时，8月签约秸秆收储运体系项目，投资控制在8000万元以内。"
    )
    assert _passages(text, "禾焓能源在本区有几个项目？") == NOT_FOUND


def test_kinds_of_supplier_firms_are_no_firms() -> None:
    text = "该项目11月建成投产，带动引进齿轮箱、塔架、主轴等配套企业7家。"
    assert not any(d.project is None for d in extract(text, backend="rules").deals)
    named = "带动引进青禾科技、远帆电子等配套企业7家。"
    assert {i for d in extract(named, backend="rules").deals for i in d.investors} == {"青禾科技", "远帆电子"}


def test_a_signing_that_sets_up_a_fund_is_no_deal() -> None:
    text = "榆州城投集团有限公司与岳衡资本管理有限公司签署合作协议，共同发起设立汽车零部件产业投资基金。"
    assert extract(text, backend="rules").deals == []


def test_a_shell_built_is_no_plant_running() -> None:
    text = "骅衡传动风电齿轮箱项目主体厂房已完工，正在进行设备安装，计划明年3月投产。"
    assert [d.stage for d in extract(text, backend="rules").deals] == ["started"]
    # a later 投产 still says it runs (the review's case)
    done = "骅衡传动风电齿轮箱项目主体厂房已完工，目前已正式投产。"
    assert [d.stage for d in extract(done, backend="rules").deals] == ["operating"]


def test_a_problem_said_of_projects_names_none() -> None:
    text = "从全年看，还存在签约项目开工率不高、产业链高端环节项目偏少等问题。"
    assert extract(text, backend="rules").deals == []


# Cases a reviewer of this change built, each an over-reach of a first version of a rule above.


def test_review_a_target_reported_done_or_looked_back_on_is_no_not_yet() -> None:
    done = [
        "今年以来，榆阳区推动重点项目建设提速，青禾风电场项目上半年开工建设，目前已完成投资3亿元。",
        "一年来，全县推进项目建设，青禾风电场项目年内开工并完成投资5亿元。",
        "2024年，县里成立工作专班，确保青禾风电场项目上半年开工，10月首批风机并网发电。",
    ]
    for text in done:
        assert not _passages(text, "青禾风电场项目开工了没有？").startswith("尚未"), text
    looked_back = "去年，县里推进青禾风电场项目年底前建成投产，如期实现并网发电。"
    assert not _passages(looked_back, "青禾风电场项目投产了吗？").startswith("尚未")


def test_review_a_verb_after_a_place_is_no_firms_name() -> None:
    from extractor.text.names import opens_a_name

    text = "榆阳区成功引进青禾新能源集团，投资12亿元建设风电装备制造项目。"
    assert not opens_a_name(text, 3)
    assert not opens_a_name("横山区设立西北区域分公司", 3)
    (deal,) = extract(text, backend="rules").deals
    assert deal.location is not None and deal.location.text == "榆阳区"


def test_review_a_stated_largest_answers_no_question_of_the_least() -> None:
    answer = ask_rules("榆阳区今年签约的投资最小的项目是哪个？", _Records(_LARGEST, "2023-07-20"))
    assert "膜材料" not in answer.answer, answer.answer


def test_review_a_lead_in_that_undoes_supports_no_stage() -> None:
    text = "经研究，以下项目终止签约：\n1.青禾膜材料项目，总投资12亿元；\n2.远帆冷链项目，总投资5亿元。"
    assert all(d.stage != "signed" for d in extract(text, backend="rules").deals)


def test_review_a_since_heading_names_no_one_year() -> None:
    text = "榆阳区人民政府工作报告\n一、2023年以来工作成效\n全区累计新签约项目86个，协议投资520亿元。"
    assert "86个" not in _passages(text, "榆阳区2023年新签约了多少个项目？", "2025-03-01")


def test_review_witnessed_or_agreed_signings_keep_their_stage() -> None:
    witnessed = "青禾集团年产10万吨正极材料项目总投资20亿元，市委书记张三、市长李四共同见证签约。"
    assert [d.stage for d in extract(witnessed, backend="rules").deals] == ["signed"]
    agreed = "3月5日，榆州市政府与青禾集团签订项目投资协议。根据协议，青禾集团将投资20亿元建设正极材料项目。"
    assert [d.stage for d in extract(agreed, backend="rules").deals] == ["signed"]


def test_review_thresholds_identifiers_and_counts_still_answer() -> None:
    from extractor.qa.values import is_size_class, typed_values

    text = "青禾膜材料项目总投资12亿元，已于3月开工建设。"
    assert _passages(text, "青禾膜材料项目总投资超过10亿元了吗？") != NOT_FOUND  # a threshold asked
    assert not _asks_another_currency("投资1.2亿美元的那个项目一期投资多少")
    sentence = "总投资12亿元的制造业项目开工。"
    assert not is_size_class(sentence, "12亿元", sentence.index("的"))
    assert typed_values("count", "今年只签约了一个新能源装备制造项目。", [], None, "今年签约了几个项目？")
    lead = "榆阳区10月24日电子信息产业项目集中签约"
    assert mask_datelines(lead) == lead  # 日电子: no dateline


def _asks_another_currency(question: str) -> bool:
    from extractor.qa.passages import _other_currency

    return _other_currency(question, "3亿元")


def test_review_a_venue_town_is_no_site_and_named_firms_stay() -> None:
    from extractor.qa.relevance import site_elsewhere

    venue = "青禾集团冷链项目落户潭门，签约仪式在嘉积镇举行。"
    assert site_elsewhere("青禾集团在潭门镇的项目投资多少？", venue) is None
    named = "带动引进宁德时代、比亚迪等上下游企业12家。"
    assert len(extract(named, backend="rules").deals) == 2
    kept = "全年新签约项目12个，总投资86亿元，另有2个项目因企业原因终止了投资协议。"
    assert extract(kept, backend="rules").aggregates


def test_a_later_part_left_unanswered_does_not_say_the_project_was_missing() -> None:
    text = "广东晟远鞋业有限公司投资4.5亿元建设的年产1200万双休闲鞋项目于8月建成投产。"
    answer = ask_rules("晟远鞋业的休闲鞋项目在哪？投了多少？", _Records(text, "2023-09-01"))
    assert "项目或企业文中未找到" not in answer.answer, answer.answer
