"""Rules for source styles first met in evals/dev13 (traditional characters, a markdown ledger,
emphasis marks, a subsidiary named after 旗下, slide bullets): sentences of our own; each test
fails without its rule."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from extractor import extract
from extractor.qa.values import _typed
from extractor.schema import NOT_FOUND
from extractor.store.lexical import tokenize
from extractor.text import traditional
from extractor.text.amounts import find_money
from extractor.text.normalize import normalize, normalize_text, without_emphasis
from tests.extraction_helpers import amount_of as _amount
from tests.extraction_helpers import deals_of as _deals
from tests.extraction_helpers import totals_of as _totals
from tests.test_qa_subjects import _answer

_TRADITIONAL = (
    "港資企業星嵐控股昨晚公告，旗下全資附屬公司星嵐電子（贛州）有限公司已與贛州經開區管委會簽訂投資協議，"
    "擬投資不超過8億元人民幣，建設電子元件生產基地。"
)


def test_the_packaged_map_is_what_the_installed_jionlp_yields() -> None:
    mapping = traditional.from_jionlp()
    assert traditional.table() == mapping
    packaged = resources.files("extractor.text").joinpath(traditional.FILE).read_text(encoding="utf-8")
    assert json.loads(packaged)["map"] == mapping
    assert mapping["億"] == "亿" and mapping["簽"] == "签" and mapping["於"] == "于"
    assert "著" not in mapping and "乾" not in mapping  # both scripts write them: left alone


def test_a_traditional_text_is_matched_as_simplified_and_quoted_as_written() -> None:
    assert normalize_text("簽約項目18億元") == "签约项目18亿元"
    copy = normalize("項目總投資")
    assert copy.text == "项目总投资" and copy.offsets == (0, 1, 2, 3, 4)  # one for one
    # a simplified text's copy is unchanged (著名, 乾隆, 覆盖 are simplified too)
    assert normalize_text("著名企业在乾隆路覆盖建设") == "著名企业在乾隆路覆盖建设"
    # searching: a simplified question finds a traditional passage's words
    assert tokenize("簽約項目") == tokenize("签约项目")


def test_a_traditional_amount_reads_with_its_hedge() -> None:
    (m,) = find_money("擬投資不超過8億元人民幣")
    assert (m.text, m.money.value, m.money.kind) == ("不超過8億元人民幣", 8e8, "at_most")


def test_a_deal_in_traditional_characters() -> None:
    result = extract(_TRADITIONAL, backend="rules")
    (deal,) = result.deals
    assert (deal.project, deal.investors, _amount(deal), deal.stage) == (
        "電子元件生產基地",
        ["星嵐電子（贛州）有限公司"],  # as written, without 旗下全資附屬公司 before it
        "不超過8億元人民幣",
        "signed",
    )
    assert all(_TRADITIONAL[span.start : span.end] == span.quote for span in deal.evidence)


def test_a_subsidiary_named_after_whose_it_is() -> None:
    (deal,) = _deals(
        "星岚控股公告，旗下全资附属公司星岚电子（赣州）有限公司已与赣州经开区管委会签订投资协议，"
        "拟投资8亿元建设电子元件生产基地。"
    )
    assert deal.investors == ["星岚电子（赣州）有限公司"]


_LEDGER = """# 九江市重点招商项目推进台账

> 说明：“协议投资额”一栏单位为亿元。

| 序号 | 项目名称 | 投资方 | 所在地 | 协议投资额 | 状态 |
|---|---|---|---|---|---|
| 1 | 高纯硅材料项目 | 赣晶新材料有限公司 | 湖口县 | 22 | 已开工 |
| 2 | 冷链物流中心项目 | 浔运物流有限公司 | 濂溪区 | 3000万美元 | 已签约 |
| 3 | 竹木制品加工项目 | 庐竹家居有限公司 | 修水县 | 1.5 | 已终止 |
"""


def test_a_markdown_ledger_is_read_by_its_columns() -> None:
    deals = {d.project: d for d in _deals(_LEDGER)}
    # the rule line under the header keeps the header: each row's investor comes from its column
    assert deals["高纯硅材料项目"].investors == ["赣晶新材料有限公司"]
    assert deals["高纯硅材料项目"].stage == "started"
    # a bare number takes its unit from a note: read as no amount rather than guessed
    assert deals["高纯硅材料项目"].amount is None
    assert (_amount(deals["冷链物流中心项目"]), deals["冷链物流中心项目"].stage) == ("3000万美元", "signed")
    assert "竹木制品加工项目" not in deals  # 已终止: given up


def test_emphasis_marks_are_layout() -> None:
    text = "1—6月，全县新签约招商引资项目**18个**，协议投资额**96.5亿元**，同比增长8%。"
    assert without_emphasis(normalize("项目**18个**")).text == "项目18个"
    # a lone asterisk stays (2*66万千瓦), and evidence is matched with every character it spans
    assert without_emphasis(normalize("2*66万千瓦")).text == "2*66万千瓦"
    assert normalize_text("浙江***科技") == "浙江***科技"
    (total,) = _totals(text)
    assert (total.count, total.amount.text if total.amount else None) == (18, "96.5亿元")
    assert text[total.evidence[0].start : total.evidence[0].end] == total.evidence[0].quote


def test_a_name_with_multimodal_transport_in_it() -> None:
    (deal,) = _deals("◆ 华源多式联运物流园项目 ｜ 约45亿元 ｜ 11月签约")
    assert (deal.project, _amount(deal), deal.stage) == ("华源多式联运物流园项目", "约45亿元", "signed")


_PLANT = (
    "南川区招商引资项目简讯\n\n"
    "重庆川岳精密部件有限公司投资8.5亿元建设的精密部件项目位于南川工业园区，一期厂房已于今年1月竣工，"
    "达产后年产值约15亿元。另一家港资企业粤腾实业在南川投资2亿元的模具项目已投产。"
)


def test_a_question_about_tax_is_not_answered_by_the_output_value() -> None:
    assert _answer(_PLANT, "川岳精密的项目达产后每年纳税多少？") == NOT_FOUND
    # the measure asked is the measure stated: then the value answers, hedge and all
    assert _answer(_PLANT, "川岳精密的项目达产后年产值多少？").startswith("约15亿元")


def test_one_picked_out_by_a_determiner_counts_nothing() -> None:
    # 另一家港资企业: "another" firm, not "one" Hong Kong firm
    assert _answer(_PLANT, "南川有多少家港资企业？") == NOT_FOUND


def test_a_count_in_traditional_characters_is_found_and_quoted_as_written() -> None:
    sentence = "今年上半年全市新簽約招商項目87個，協議投資總額412.5億元人民幣。"
    assert [v for v, _ in _typed("count", sentence)] == ["87個"]


def test_a_sum_a_party_claims_in_court_is_no_deal() -> None:
    text = (
        "原告星禾生物科技有限公司与被告某县管委会合同纠纷一案。"
        "星禾公司主张的设备投资额9600万元未经审计确认，本院不予采信。"
    )
    assert not [d for d in _deals(text) if d.amount is not None]


def test_the_other_projects_set_apart_are_no_total() -> None:
    text = "管委会于2023年向同期投产的另外2个招商项目兑现设备补助共计860万元。"
    assert _totals(text) == []


def test_a_name_with_a_clad_laminate_in_it() -> None:
    (deal,) = _deals("今年5月，宏辉科技有限公司与鄂城区签订投资协议，计划投资12亿元建设高频覆铜板项目。")
    assert deal.project == "高频覆铜板项目"


_DIGEST = (
    "黄冈招商早报\n\n"
    "5.浠水县：去年签约的某光伏组件项目因投资方调整全国布局，已终止合作、收回用地。\n\n"
    "6.全市：1—10月，全市新签约亿元以上项目268个，协议投资额1386亿元。\n\n"
    "7.团风县：团风县在全市排名第3，今年新签约项目12个，协议投资额56亿元。"
)


def test_a_whole_citys_figure_does_not_answer_for_one_county() -> None:
    assert _answer(_DIGEST, "浠水县终止合作的光伏组件项目原计划投资多少？") == NOT_FOUND


def test_a_rank_in_the_city_is_no_figure_of_the_city() -> None:
    text = "济源高新区重点项目简讯\n\n2023年共入选省级重点项目11个，排名全市第2，项目总投资151.2亿元。"
    assert _answer(text, "济源高新区入选省重点项目的总投资是多少？").startswith("151.2亿元")


def test_each_ones_sum_is_not_the_total_of_all() -> None:
    text = "武宁县招商简讯\n\n10日，武宁县举行集中签约活动，签约项目6个，总投资42.6亿元。"
    assert _answer(text, "武宁县签约的项目各投多少？") == NOT_FOUND


def test_a_subsidy_asked_is_not_answered_by_the_investment() -> None:
    text = (
        "鄂城区政策问答\n\n今年5月，晶川显示科技有限公司与鄂城区签订投资协议，"
        "计划投资不低于10亿元建设车载显示模组项目。"
    )
    assert _answer(text, "晶川显示的车载显示模组项目享受了多少补助？") == NOT_FOUND


_JUDGMENT = (
    "民事判决书\n\n"
    "被告辩称，据其自行委托的审计，项目实际完成固定资产投资1.64亿元，请求驳回原告的诉讼请求。"
    "经双方共同委托的会计师事务所审计，项目实际完成固定资产投资1.93亿元。\n\n"
    "另查明，管委会向同期投产的另外2个招商项目兑现设备补助共计520万元。"
)


def test_a_sum_in_a_partys_plea_does_not_answer_but_the_finding_does() -> None:
    plea = _JUDGMENT.split("经双方")[0]
    assert _answer(plea, "项目实际完成了多少固定资产投资？") == NOT_FOUND
    assert _answer(_JUDGMENT, "项目实际完成了多少固定资产投资？").startswith("1.93亿元")


def test_a_stage_asked_after_an_amount_is_the_stage_now() -> None:
    from extractor.qa.passages import answer_from_passages
    from extractor.schema import Hit
    from extractor.text.article import build_article

    text = (
        "曹县生物医药产业园\n\n2022年3月，鲁泰药业冻干粉针剂项目签约落户，总投资16亿元，分两期建设。"
        "2023年9月，鲁泰药业冻干粉针剂项目一期建成投产。"
    )
    article = build_article(text, source="own_stage")
    p = article.paragraphs[-1]
    hits = [
        Hit(
            source="own_stage",
            paragraphs=[p.n],
            start=p.start,
            end=p.end,
            text=text[p.start : p.end],
            score=1,
        )
    ]
    question = "鲁泰药业冻干粉针剂项目总投资多少？现在到什么阶段了？"
    amount = answer_from_passages(
        question, hits, lambda _: article, part="鲁泰药业冻干粉针剂项目总投资多少？"
    )
    assert amount.answer.startswith("16亿元")
    # the part after it prefers the sentence that answered it, but not for the stage now
    stage = answer_from_passages(
        question, hits, lambda _: article, part="现在到什么阶段了？", near=amount.citations[0]
    )
    assert stage.answer.startswith("建成投产")


def test_a_question_is_searched_as_read_and_as_written() -> None:
    from extractor.store.lexical import query_tokens

    # a simplified question is searched as before
    assert query_tokens("光大项目总投资多少") == tokenize("光大项目总投资多少")
    # 昇腾 is read as 升腾, and still searched as written, for passages indexed before that reading
    words = query_tokens("华为昇腾项目")
    assert set(tokenize("华为升腾项目")) <= set(words) and "昇腾" in "".join(words)


# What the rules above must leave alone (a review's counter-examples, in sentences of our own).


def test_each_ones_own_total_is_its_sum() -> None:
    text = "湖州招商简讯\n\n其中，华海锂电材料项目总投资12亿元，星岚智能装备项目总投资8亿元。"
    assert _answer(text, "华海锂电材料项目和星岚智能装备项目各投资多少？").startswith("12亿元")


def test_a_county_pointed_back_at_in_a_city_event_is_that_county() -> None:
    text = "德清县招商简讯\n\n德清县昨日赴杭州招商。该县在全市招商引资推介会上集中签约项目12个。"
    assert _answer(text, "德清县在推介会上签约了多少个项目？").startswith("12个")


def test_words_that_are_no_claim_outside_a_court() -> None:
    (deal,) = _deals("该公司秉持绿色发展主张，投资20亿元建设锂电材料项目，日前在湖州签约。")
    assert _amount(deal) == "20亿元"
    (total,) = _totals("对高耗能项目一律不予支持，今年以来全县新签约项目18个，总投资96亿元。")
    assert total.amount is not None and total.amount.text == "96亿元"


def test_a_project_ended_before_another_firm_took_over_is_no_status_cell() -> None:
    deals = _deals("原项目已终止，浙江华海新材料有限公司随即接手，投资10亿元建设锂电材料项目，已签约。")
    assert [(d.project, _amount(d)) for d in deals] == [("锂电材料项目", "10亿元")]


@pytest.mark.parametrize(
    ("kind", "sentence", "values"),
    [
        ("quantity", "可新增就业岗位900人左右。", ["900人左右"]),
        ("quantity", "于10日签约。", []),
        ("count", "這一家企業已落戶。", []),
        ("project", "五家渠经济技术开发区光伏项目签约。", ["五家渠经济技术开发区光伏项目"]),
        ("project", "八一家园改造项目开工。", ["八一家园改造项目"]),
    ],
)
def test_values_kept_and_dropped(kind: str, sentence: str, values: list[str]) -> None:
    assert [v for v, _ in _typed(kind, sentence)] == values  # type: ignore[arg-type]


def test_people_put_in_are_a_quantity_not_money() -> None:
    from extractor.qa.parse import answer_type

    assert answer_type("项目计划投入多少研发人员？") == "quantity"
    assert answer_type("两个项目各投多少？") == "amount"
