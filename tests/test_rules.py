"""The rules backend: what a careful reader finds in the seeds, and in sentences it has never seen."""

from __future__ import annotations

import time

import pytest

from extractor.backends.rules import RulesBackend
from extractor.evidence import resolve
from extractor.schema import AggregateDraft, Article, DealDraft, ExtractionDraft
from extractor.text.amounts import parse_money
from extractor.text.article import build_article


@pytest.fixture(scope="module")
def drafts(seeds: dict[str, Article]) -> dict[str, ExtractionDraft]:
    backend = RulesBackend()
    return {k: backend.extract(a).draft for k, a in seeds.items()}


def _deal(draft: ExtractionDraft, project: str) -> DealDraft:
    (found,) = [d for d in draft.deals if d.project and project in d.project]
    return found


def _records(draft: ExtractionDraft) -> list[DealDraft | AggregateDraft]:
    return [*draft.deals, *draft.aggregates]


def _amounts(draft: ExtractionDraft) -> list[str]:
    return [r.amount_text for r in _records(draft) if r.amount_text]


def _value(amount_text: str | None) -> tuple[float, str] | None:
    money = parse_money(amount_text or "")
    return (money.value, money.kind) if money else None


# --------------------------------------------------------------------------- seeds


def test_every_draft_quotes_its_sentence(
    seeds: dict[str, Article], drafts: dict[str, ExtractionDraft]
) -> None:
    for key, draft in drafts.items():
        article = seeds[key]
        assert _records(draft), key
        for r in _records(draft):
            assert r.evidence in article.text, r.evidence
            assert r.paragraph is not None
            assert r.evidence in article.paragraph_text(r.paragraph)
            assert len(r.evidence) < 400  # a sentence, not a paragraph
            if r.amount_text:
                assert r.amount_text in r.evidence
        resolved = resolve(article, draft)
        assert resolved.dropped == [], resolved.dropped
        assert len(resolved.deals) == len(draft.deals)
        assert len(resolved.aggregates) == len(draft.aggregates)


def test_seed_004_guangda_base(drafts: dict[str, ExtractionDraft]) -> None:
    d = _deal(drafts["004"], "光大人工智能产业基地")
    assert d.project == "光大人工智能产业基地"
    assert _value(d.amount_text) == (2e10, "exact")
    assert d.amount_text == "200亿元"
    assert d.stage == "started"
    assert d.location == "重庆高新区"
    assert d.industry == "人工智能"
    assert "总投资200亿元的光大人工智能产业基地正式开工建设" in d.evidence


def test_seed_001_xibu_zhilian(drafts: dict[str, ExtractionDraft]) -> None:
    (d,) = [d for d in drafts["001"].deals if d.amount_text == "50亿元"]
    assert d.project in {"西部科学城智能网联汽车创新中心暨李克强院士工作站", "西部智联"}
    assert d.stage == "signed"
    assert d.industry == "智能网联汽车"


def test_seed_004_half_year_total(drafts: dict[str, ExtractionDraft]) -> None:
    (a,) = [a for a in drafts["004"].aggregates if a.count == 39]
    assert a.amount_text == "605.6亿元"
    assert a.stage == "signed"
    assert a.measure == "investment"
    assert a.scope is not None and "今年上半年" in a.scope


def test_seed_004_no_loans_grants_or_funds(drafts: dict[str, ExtractionDraft]) -> None:
    draft = drafts["004"]
    for r in _records(draft):
        for word in ("贷款", "授信", "资金合作计划", "补助", "资助"):
            assert word not in r.evidence, (word, r)
        if "产业发展基金" in r.evidence:  # the firms it brought in are deals; its 10亿元 is not
            assert r.amount_text is None
    assert not {"95.9亿元", "1亿元", "10亿元", "约2140万元", "700万元", "2000万元", "近百亿元"} & set(
        _amounts(draft)
    )


def test_seed_000_no_value_added_or_revenue(drafts: dict[str, ExtractionDraft]) -> None:
    assert not {"1448.9亿元", "5271.3亿元"} & set(_amounts(drafts["000"]))


def test_seed_000_projects_landed_by_name(drafts: dict[str, ExtractionDraft]) -> None:
    draft = drafts["000"]
    listed = [d for d in draft.deals if "已吸引落地" in d.evidence]
    assert {d.project for d in listed} >= {"网易数字产业基地", "腾讯新文创总部", "快手直播电商总部"}
    assert all(d.stage == "landed" and d.location == "成都" and d.amount_text is None for d in listed)
    bytedance = _deal(draft, "字节跳动生活服务全国总部")
    assert (bytedance.stage, bytedance.date_text) == ("signed", "3月")
    tencent = _deal(draft, "腾讯未来中心")
    assert (tencent.stage, tencent.date_text) == ("landed", "6月")
    # the four companies at the online fair only "表达了落地意愿": wishes, not deals
    assert not [d for d in draft.deals if any("柏睿" in i or "宾果" in i for i in d.investors)]


def test_seed_002_fiscal_revenue_is_not_a_deal(drafts: dict[str, ExtractionDraft]) -> None:
    draft = drafts["002"]
    assert not {"22.08亿元", "5.44亿元", "数十亿"} & set(_amounts(draft))
    pairs = {(a.count, _value(a.amount_text), a.stage) for a in draft.aggregates}
    assert (20, (1e10, "at_least"), "landed") in pairs
    assert (20, (1e10, "approx"), "intent") in pairs


def test_seed_001_totals(drafts: dict[str, ExtractionDraft]) -> None:
    aggs = drafts["001"].aggregates
    (signed,) = [a for a in aggs if a.count == 207]
    assert (signed.amount_text, signed.stage, signed.measure) == ("约6876亿元", "signed", "investment")
    (funds,) = [a for a in aggs if a.amount_text == "1102.2亿元"]
    assert (funds.measure, funds.count) == ("funds_in_place", None)
    # 128项开工投产: of stage words written together, the last says how far they got (see
    # backends/rules/cues._compound); evals/gold labels this one 开工, the real corpus labels 开工投产 投产
    assert [a.stage for a in aggs if a.count == 128 and a.amount_text is None] == ["operating"]


def test_seed_003_size_classes_are_not_totals(drafts: dict[str, ExtractionDraft]) -> None:
    draft = drafts["003"]
    classes = {(a.count, a.amount_text) for a in draft.aggregates if a.measure == "other"}
    assert {(1, "50亿元以上"), (2, "10亿元"), (10, "5000万元以上")} <= classes
    assert all(d.amount_text is None for d in draft.deals)
    assert "1000万元以上" not in _amounts(draft)  # 注册资本
    # 分别与两家公司举行项目签约仪式: one signed deal per named firm
    firms = {i for d in draft.deals if d.stage == "signed" for i in d.investors}
    assert firms == {"一体投资控股集团", "赛诺生(深圳)公司"}


def test_seed_004_two_phases_and_hundred_billion_class(drafts: dict[str, ExtractionDraft]) -> None:
    draft = drafts["004"]
    first = _deal(draft, "第一期智慧清溪提质改造项目")
    second = _deal(draft, "第二期智慧清溪提质改造项目")
    assert (first.amount_text, first.stage) == ("约2亿元", "operating")
    assert (second.amount_text, second.stage) == ("近3.26亿元", "started")
    for name in ("大健康产业园", "中国电子重庆信创产业示范基地"):
        d = _deal(draft, name)
        assert (_value(d.amount_text), d.stage) == ((1e10, "at_least"), "signed")
    tiger = _deal(draft, "泰格医药临床研究西部(重庆)中心")
    assert _value(tiger.amount_text) == (1e9, "at_least")


def test_each_seed_is_fast(seeds: dict[str, Article]) -> None:
    backend = RulesBackend()
    backend.extract(seeds["000"])  # jieba and jionlp load once per process
    for article in seeds.values():
        began = time.perf_counter()
        backend.extract(article)
        assert time.perf_counter() - began < 1.0


# --------------------------------------------------------------------------- unseen sentences


def _extract(text: str) -> ExtractionDraft:
    return RulesBackend().extract(build_article(text, source="hand.txt")).draft


def test_named_project_with_total_investment_started() -> None:
    draft = _extract("7月15日,总投资30亿元的宁德时代新能源电池项目在溧阳经开区开工。")
    (d,) = draft.deals
    assert (d.project, d.amount_text, d.stage) == ("宁德时代新能源电池项目", "30亿元", "started")
    assert (d.location, d.date_text, d.industry) == ("溧阳经开区", "7月15日", "新能源")
    assert draft.aggregates == []


def test_firm_signs_with_district_in_dollars() -> None:
    (d,) = _extract("比亚迪股份有限公司与合肥市长丰县签约,计划投资10亿美元建设新能源电池工厂。").deals
    assert d.investors == ["比亚迪股份有限公司"]
    assert (d.amount_text, d.stage, d.location) == ("10亿美元", "signed", "合肥市长丰县")
    money = parse_money(d.amount_text or "")
    assert money is not None and (money.currency, money.cny) == ("USD", None)


def test_each_investor_gets_the_amount() -> None:
    deals = _extract("宁德时代新能源科技股份有限公司和上汽集团分别投资50亿元。").deals
    assert sorted(i for d in deals for i in d.investors) == ["上汽集团", "宁德时代新能源科技股份有限公司"]
    assert {d.amount_text for d in deals} == {"50亿元"}


@pytest.mark.parametrize(
    "sentence",
    [
        "截至6月底,区内银行为园区企业发放贷款95.9亿元,同比增长2.5%。",
        "上半年,全市实现地区生产总值3200亿元,同比增长6.5%。",
        "该市今年一季度实现税收收入45亿元,营业收入突破800亿元。",
        "公司注册资本5000万元,主要从事软件开发。",
        "该区获得省级专项资金补助3000万元,用于支持企业技术改造。",
        "双方拟共同出资设立规模20亿元的新能源产业基金。",
        "该项目建成投产后,预计可实现年销售收入50亿元,利税5亿元。",
        "截至目前,该区已累计完成固定资产投资120亿元,同比增长15%。",
        "市委书记会见比亚迪股份有限公司董事长一行,希望比亚迪进一步加大在我市的投资力度,推动更多项目落地。",
        "项目占地约200亩,总建筑面积10万平方米。",
    ],
)
def test_not_deals(sentence: str) -> None:
    draft = _extract(sentence)
    assert draft.deals == []
    assert draft.aggregates == []


def test_total_over_counted_projects() -> None:
    (a,) = _extract("今年1-5月,全市新签约亿元以上项目156个,总投资1230亿元。").aggregates
    assert (a.count, a.amount_text, a.stage, a.measure) == (156, "1230亿元", "signed", "investment")
    assert a.scope is not None and a.scope.startswith("今年1-5月")


def test_counts_by_stage_and_foreign_capital() -> None:
    draft = _extract(
        "据统计,今年一季度,南昌县新签约项目28个,新开工项目15个,新投产项目9个,实际利用外资1.2亿美元。"
    )
    by_count = {a.count: a for a in draft.aggregates}
    assert (by_count[28].stage, by_count[15].stage, by_count[9].stage) == ("signed", "started", "operating")
    (fdi,) = [a for a in draft.aggregates if a.amount_text]
    assert (fdi.amount_text, fdi.measure, fdi.count) == ("1.2亿美元", "funds_in_place", None)
    assert draft.deals == []


def test_contracted_foreign_capital() -> None:
    (a,) = _extract("今年上半年,园区新设外资项目86个,合同外资28.5亿美元。").aggregates
    assert (a.count, a.amount_text, a.measure) == (86, "28.5亿美元", "contracted_foreign_capital")


def test_size_classes_after_a_total() -> None:
    draft = _extract("会上,18个项目集中签约,签约金额超过200亿元,其中投资10亿元以上项目8个。")
    pairs = {(a.count, a.amount_text, a.measure) for a in draft.aggregates}
    assert pairs == {(18, "超过200亿元", "investment"), (8, "10亿元以上", "other")}


def test_project_detailed_after_a_signing_total() -> None:
    text = (
        "4月12日,南昌县举行重大项目集中签约仪式,共签约项目16个,签约总金额达218.6亿元。"
        "其中,江铃集团新能源汽车零部件产业园项目由江铃汽车集团有限公司投资建设,总投资35亿元,"
        "建成后预计年产值60亿元,年税收3亿元。"
    )
    draft = _extract(text)
    (d,) = draft.deals
    assert (d.project, d.amount_text, d.stage) == ("江铃集团新能源汽车零部件产业园项目", "35亿元", "signed")
    assert "江铃汽车集团有限公司" in d.investors
    assert [(a.count, a.amount_text) for a in draft.aggregates] == [(16, "218.6亿元")]


def test_firms_listed_as_landed() -> None:
    deals = _extract("近年来,两江新区先后引进了京东方、华星光电等一批龙头企业。").deals
    assert [(d.investors, d.project, d.stage) for d in deals] == [
        (["京东方"], None, "landed"),
        (["华星光电"], None, "landed"),
    ]


def test_plans_are_not_stages() -> None:
    (d,) = _extract("此外,双汇发展冷链物流基地项目总投资12亿元,将于年内开工建设。").deals
    assert (d.project, d.amount_text, d.stage) == ("双汇发展冷链物流基地项目", "12亿元", "other")


def test_capacity_and_firm_before_project() -> None:
    (d,) = _extract(
        "天合光能股份有限公司年产10GW高效组件项目落户盐城经济技术开发区,项目总投资约40亿元。"
    ).deals
    # the name as written, the registered firm that opens it as the investor
    assert (d.project, d.investors) == ("天合光能股份有限公司年产10GW高效组件项目", ["天合光能股份有限公司"])
    assert (d.amount_text, d.stage, d.location) == ("约40亿元", "landed", "盐城经济技术开发区")


def test_hyphenated_registered_firm_opens_the_project_name() -> None:
    text = "总投资80亿元的东风-日产汽车有限公司襄阳分公司新能源整车升级项目正式落户襄阳高新区。"
    (d,) = _extract(text).deals
    assert d.project == "东风-日产汽车有限公司襄阳分公司新能源整车升级项目"
    assert (d.investors, d.amount_text) == (["东风-日产汽车有限公司襄阳分公司"], "80亿元")


def test_purpose_clause_names_the_project() -> None:
    (d,) = _extract(
        "浙江华友钴业股份有限公司计划投资约50亿元,在桐乡经济开发区建设年产20万吨新材料项目,项目达产后年产值可达80亿元。"
    ).deals
    assert (d.project, d.amount_text, d.location) == ("年产20万吨新材料项目", "约50亿元", "桐乡经济开发区")
    assert d.investors == ["浙江华友钴业股份有限公司"]


def test_range_amount_and_zone() -> None:
    (d,) = _extract("总投资5亿-8亿元的杭州湾新材料研究院项目签约落户宁波杭州湾新区。").deals
    assert _value(d.amount_text) == (5e8, "range")
    assert (d.stage, d.location, d.industry) == ("landed", "宁波杭州湾新区", "新材料")  # 签约落户: landed


def test_total_after_a_list_is_an_aggregate() -> None:
    draft = _extract("签约项目包括华为云创新中心、阿里巴巴数字农业基地等,总投资超过150亿元。")
    assert [a.amount_text for a in draft.aggregates] == ["超过150亿元"]
    assert all(d.amount_text is None for d in draft.deals)


def test_company_name_without_suffix_lands() -> None:
    (d,) = _extract("云潼科技落户两江新区一年多以来,持续完善现有产品布局。").deals
    assert (d.investors, d.stage, d.location) == (["云潼科技"], "landed", "两江新区")


@pytest.mark.parametrize(
    "sentence",
    [
        "华为、腾讯等企业负责人参加了签约仪式。",  # people at a ceremony, not firms investing
        "目前,苏州纳米城已入驻企业300余家。",  # a park that hosts firms is not itself a deal
        "该市与华为技术有限公司签署战略合作协议,双方将在智慧城市等领域开展合作。",
        "全力确保意向合作项目在滨湖尽快落地。",  # a wish
        "宾果智能想在成都落地西南区总部。",
    ],
)
def test_no_deal_without_a_project_event(sentence: str) -> None:
    assert _extract(sentence).deals == []


def test_project_named_in_the_sentence_before() -> None:
    text = (
        "6月,博世新能源汽车核心部件项目在苏州工业园区正式投产。该项目由德国博世集团投资建设,总投资2亿美元。"
    )
    (d,) = _extract(text).deals
    assert (d.project, d.investors) == ("博世新能源汽车核心部件项目", ["德国博世集团"])
    assert d.amount_text == "2亿美元"
    assert (d.stage, d.location, d.date_text) == ("operating", "苏州工业园区", "6月")
    assert "总投资2亿美元" in d.evidence


@pytest.mark.parametrize(
    ("sentence", "amount"),
    [
        ("本次签约项目总投资额达1200亿元,涵盖电子信息、装备制造等领域。", "1200亿元"),
        ("今年全县重点项目计划总投资560亿元。", "560亿元"),
        ("该区成功引进中国华能集团、国家电投集团等央企,总投资超过300亿元。", "超过300亿元"),
    ],
)
def test_sums_over_sets_of_projects_are_aggregates(sentence: str, amount: str) -> None:
    draft = _extract(sentence)
    assert [a.amount_text for a in draft.aggregates] == [amount]
    assert all(d.amount_text is None for d in draft.deals)


def test_investor_named_after_the_amount() -> None:
    (d,) = _extract("项目总投资10亿元,由浙江吉利控股集团有限公司投资建设。").deals
    assert (d.investors, d.amount_text) == (["浙江吉利控股集团有限公司"], "10亿元")


def test_name_split_by_the_tokenizer_is_whole() -> None:
    (d,) = _extract(
        "5月20日,吉利汽车与宁波杭州湾新区签约,总投资120亿元的极氪汽车智能工厂项目正式落户。"
    ).deals
    assert (d.project, d.amount_text, d.stage) == ("极氪汽车智能工厂项目", "120亿元", "landed")
    assert (d.location, d.date_text) == ("宁波杭州湾新区", "5月20日")


def test_intent_with_purpose_clause() -> None:
    (d,) = _extract("奥克斯集团拟投资20亿元,在南昌经开区建设空调生产基地,目前项目正在办理前期手续。").deals
    assert (d.project, d.investors, d.amount_text, d.stage) == (
        "空调生产基地",
        ["奥克斯集团"],
        "20亿元",
        "intent",
    )


# --------------------------------------------------------------------------- numbered lists and plans

_HEFEI = """合肥高新区举行2024年第二季度重大项目集中签约活动
6月18日，合肥高新区举行2024年第二季度重大项目集中签约活动，共签约项目12个，总投资286亿元，涵盖新能源、集成电路、人工智能等领域。
此次签约的重点项目包括：
1、比亚迪储能电池项目，总投资120亿元；
2、美的智能家电产业园项目，总投资50亿元；
3、科大讯飞人工智能研究院项目，总投资约30亿元；
4、长鑫存储芯片封装测试基地项目，总投资25.5亿元。
合肥高新区管委会负责人表示，将全力做好项目服务，推动签约项目早落地、早开工、早投产。
"""

_XIAN = """西安经开区3个重大项目集中开工
3月8日上午，西安经开区2024年一季度重大项目集中开工仪式举行。本次集中开工项目3个，总投资68亿元。
其中，隆基绿能年产15GW单晶电池项目总投资45亿元，项目计划2025年投产，达产后预计年产值可达80亿元。
陕汽集团重卡智能制造基地项目总投资15亿元，主要建设智能化冲压、焊装车间，预计于2025年6月建成投用。
"""

_FOSHAN = """佛山顺德区签约一批先进制造业项目
9月12日，佛山市顺德区举行先进制造业项目签约仪式，美的集团智能机器人产业基地项目、格兰仕高端厨电智造中心项目等5个项目签约，总投资超过100亿元。
其中，美的集团智能机器人产业基地项目总投资40亿元，计划于2024年动工建设，预计2026年建成投产。
活动现场，中国工商银行佛山分行、中国建设银行佛山分行与10家企业签订银企合作协议，意向授信金额达80亿元。
此外，顺德农商银行为签约企业提供项目贷款20亿元，支持项目加快建设。
"""

_WUHU = """芜湖经开区集中签约5个新能源汽车产业链项目
11月2日，芜湖经开区举行新能源汽车产业链项目集中签约仪式，现场签约项目5个，总投资165亿元。签约项目分别为：
（1）奇瑞新能源汽车零部件产业园项目，总投资60亿元，主要建设电驱动系统生产线；
（2）伯特利智能底盘系统项目，总投资35亿元；
（3）惠科光电显示模组项目，总投资约20亿元；
（4）瑞鹄模具汽车轻量化部件项目，计划总投资30亿元。
据悉，上述项目全部建成达产后，预计年产值超300亿元。
"""


def _deals(draft: ExtractionDraft) -> list[tuple[str | None, str | None, str]]:
    return [(d.project, d.amount_text, d.stage) for d in draft.deals]


def test_numbered_list_of_signed_projects() -> None:
    draft = _extract(_HEFEI)
    assert _deals(draft) == [
        ("比亚迪储能电池项目", "120亿元", "signed"),
        ("美的智能家电产业园项目", "50亿元", "signed"),
        ("科大讯飞人工智能研究院项目", "约30亿元", "signed"),
        ("长鑫存储芯片封装测试基地项目", "25.5亿元", "signed"),
    ]
    assert {d.location for d in draft.deals} == {"合肥高新区"}  # from the lead-in's context
    assert [(a.count, a.amount_text, a.stage) for a in draft.aggregates] == [(12, "286亿元", "signed")]


def test_list_in_bracketed_numbers_loses_its_markers() -> None:
    draft = _extract(_WUHU)
    assert _deals(draft) == [
        ("奇瑞新能源汽车零部件产业园项目", "60亿元", "signed"),
        ("伯特利智能底盘系统项目", "35亿元", "signed"),
        ("惠科光电显示模组项目", "约20亿元", "signed"),  # the item opens with its name, 显示 and all
        ("瑞鹄模具汽车轻量化部件项目", "30亿元", "signed"),
    ]
    assert all(d.location == "芜湖经开区" for d in draft.deals)
    # a firm's short name opening a project's name is its investor (惠科光电), a product is not
    assert [d.investors for d in draft.deals] == [[], [], ["惠科光电"], []]
    assert [(a.count, a.amount_text) for a in draft.aggregates] == [(5, "165亿元")]


def test_started_project_with_a_planned_opening() -> None:
    draft = _extract(_XIAN)
    assert _deals(draft) == [
        ("隆基绿能年产15GW单晶电池项目", "45亿元", "started"),  # 集中开工, not 计划2025年投产
        # 预计于…建成投用 is a plan; the article's 集中开工 is what happened to it
        ("陕汽集团重卡智能制造基地项目", "15亿元", "started"),
    ]
    # 2025年6月 is when it is due, not a date it happened
    assert all(d.date_text is None for d in draft.deals)
    assert [(a.count, a.amount_text, a.stage) for a in draft.aggregates] == [(3, "68亿元", "started")]


def test_signing_with_bank_credit_and_loans() -> None:
    draft = _extract(_FOSHAN)
    assert _deals(draft) == [
        ("美的集团智能机器人产业基地项目", "40亿元", "signed"),
        ("格兰仕高端厨电智造中心项目", None, "signed"),
    ]
    for d in draft.deals:
        assert not any("银行" in i for i in d.investors)
        assert "授信" not in d.evidence and "贷款" not in d.evidence
    assert [(a.count, a.amount_text, a.stage) for a in draft.aggregates] == [(5, "超过100亿元", "signed")]


@pytest.mark.parametrize(
    "items",
    [
        "①比亚迪储能电池项目，总投资120亿元；\n②美的智能家电产业园项目，总投资50亿元。",
        "一是比亚迪储能电池项目，总投资120亿元；二是美的智能家电产业园项目，总投资50亿元。",
        "一、比亚迪储能电池项目，总投资120亿元；\n二、美的智能家电产业园项目，总投资50亿元。",
        "1.比亚迪储能电池项目：总投资120亿元；\n2.美的智能家电产业园项目：总投资50亿元。",
        "(1)比亚迪储能电池项目，总投资120亿元；\n(2)美的智能家电产业园项目，总投资50亿元。",
    ],
)
def test_list_marker_forms(items: str) -> None:
    text = "5月8日，南昌经开区举行项目集中签约仪式。签约项目包括：\n" + items
    draft = _extract(text)
    assert _deals(draft) == [
        ("比亚迪储能电池项目", "120亿元", "signed"),
        ("美的智能家电产业园项目", "50亿元", "signed"),
    ]
    assert {d.location for d in draft.deals} == {"南昌经开区"}


def test_list_inline_after_the_colon() -> None:
    draft = _extract(
        "8月9日，成都高新区与3家企业签署投资协议，协议总投资达115亿元。具体包括：一是京东方第8.6代AMOLED生产线项目，"
        "投资63亿元；二是通威太阳能电池片项目，投资40亿元；三是华为鲲鹏生态基地，投资12亿元。"
    )
    assert _deals(draft) == [
        ("京东方第8.6代AMOLED生产线项目", "63亿元", "signed"),
        ("通威太阳能电池片项目", "40亿元", "signed"),
        ("华为鲲鹏生态基地", "12亿元", "signed"),
    ]
    assert [(a.count, a.amount_text) for a in draft.aggregates] == [(3, "115亿元")]


def test_heading_items_with_their_paragraphs() -> None:
    draft = _extract(
        "近日，苏州工业园区举行外资项目签约仪式，共签约外资项目8个，总投资12亿美元。\n重点签约项目\n"
        "（一）博世汽车电子研发中心项目\n该项目由德国博世集团投资，总投资2亿美元，主要从事汽车电子研发。\n"
        "（二）三星电子半导体封装测试项目\n项目总投资3.5亿美元，建成后年产值可达50亿元。\n"
    )
    assert _deals(draft) == [
        ("博世汽车电子研发中心项目", "2亿美元", "signed"),
        ("三星电子半导体封装测试项目", "3.5亿美元", "signed"),
    ]
    assert draft.deals[0].investors == ["德国博世集团"]


def test_listed_firms_without_amounts() -> None:
    draft = _extract(
        "6月6日，青岛西海岸新区举行重点项目集中签约仪式，签约企业包括：\n1、海尔智家股份有限公司；\n"
        "2、青岛啤酒股份有限公司。\n此次签约的10个项目总投资达320亿元。"
    )
    assert [(d.investors, d.stage) for d in draft.deals] == [
        (["海尔智家股份有限公司"], "signed"),
        (["青岛啤酒股份有限公司"], "signed"),
    ]
    (total,) = draft.aggregates
    assert (total.count, total.amount_text, total.scope) == (10, "320亿元", "青岛西海岸新区")


@pytest.mark.parametrize(
    "text",
    [
        # a list of measures: rewards, subsidies and wishes are no deals
        "南宁市出台稳外资措施，主要内容包括：\n1、对新设外资项目给予最高500万元奖励；\n"
        "2、对实际使用外资超过1亿美元的项目，按实际使用外资的1%给予补助；\n3、支持外资企业参与重大项目建设。",
        "会议要求，下一步要重点做好以下工作：\n一是强化产业链招商，聚焦集成电路等主导产业；\n"
        "二是优化营商环境，推动签约项目早开工、早投产。",
    ],
)
def test_lists_that_hold_no_deals(text: str) -> None:
    draft = _extract(text)
    assert draft.deals == []
    assert draft.aggregates == []


@pytest.mark.parametrize(
    ("sentence", "stage"),
    [
        ("项目计划于2024年动工", "other"),
        ("项目拟于2024年底开工建设", "other"),
        ("预计明年6月建成投产", "other"),
        ("力争于2024年底前竣工投产", "other"),
        ("有望在今年年底前投产", "other"),
        ("已于3月开工，预计2025年投产", "started"),
        ("双方当天签约，项目计划于2024年动工", "signed"),
    ],
)
def test_plans_with_a_time_are_not_stages(sentence: str, stage: str) -> None:
    (d,) = _extract(f"比亚迪储能电池项目总投资10亿元，{sentence}。").deals
    assert (d.project, d.amount_text, d.stage) == ("比亚迪储能电池项目", "10亿元", stage)


def test_money_before_the_project_is_not_a_plan() -> None:
    (d,) = _extract("计划总投资50亿元的比亚迪储能电池项目今天开工。").deals
    assert (d.project, d.amount_text, d.stage) == ("比亚迪储能电池项目", "50亿元", "started")


def test_schedule_after_a_plan_and_the_stage_of_the_sentence_before() -> None:
    text = (
        "近日，常州市金坛区与中创新航科技股份有限公司签订投资协议，中创新航将在金坛投资建设储能电池三期项目。"
        "项目总投资120亿元，计划于明年一季度开工，2025年建成投产。"
    )
    (d,) = _extract(text).deals
    # 2025年建成投产 carries on the plan; the project was signed in the sentence before
    assert (d.project, d.amount_text, d.stage) == ("储能电池三期项目", "120亿元", "signed")


def test_semicolon_list_and_amounts_before_listed_names() -> None:
    draft = _extract(
        "4月10日，肇庆高新区举行5个重大项目集中开工仪式，总投资约80亿元的宁德时代储能系统项目、"
        "总投资30亿元的小鹏汽车零部件产业园项目等5个项目集中开工，总投资135亿元。\n"
        "签约项目包括：璞泰来负极材料项目，总投资25亿元；鸿图科技一体化压铸项目，总投资12亿元；"
        "风华高科电子元器件项目（总投资8亿元）。"
    )
    assert _deals(draft) == [
        ("宁德时代储能系统项目", "约80亿元", "started"),
        ("小鹏汽车零部件产业园项目", "30亿元", "started"),
        ("璞泰来负极材料项目", "25亿元", "signed"),
        ("鸿图科技一体化压铸项目", "12亿元", "signed"),  # 压铸 is the work the project does
        ("风华高科电子元器件项目", "8亿元", "signed"),
    ]
    assert {d.location for d in draft.deals} == {"肇庆高新区"}  # not 宁德 of 宁德时代
    assert [(a.count, a.amount_text, a.stage) for a in draft.aggregates] == [(5, "135亿元", "started")]


@pytest.mark.parametrize(
    "text",
    [
        "6月5日，南昌经开区举行项目集中签约仪式。签约项目包括：比亚迪储能电池项目、美的智能家电产业园项目和格力电器产业基地项目。",
        "南昌经开区集中签约项目：比亚迪储能电池项目；美的智能家电产业园项目；格力电器产业基地项目。",
        "南昌经开区举行项目集中签约仪式。具体如下：比亚迪储能电池项目；美的智能家电产业园项目；格力电器产业基地项目。",
    ],
)
def test_projects_listed_after_a_colon_without_amounts(text: str) -> None:
    assert _deals(_extract(text)) == [
        ("比亚迪储能电池项目", None, "signed"),
        ("美的智能家电产业园项目", None, "signed"),
        ("格力电器产业基地项目", None, "signed"),
    ]


def test_items_of_a_speech_do_not_take_an_earlier_event() -> None:
    draft = _extract(
        "今年以来，全区签约项目45个。会议强调：\n一是要推动比亚迪储能项目加快建设；\n二是要做好美的产业园项目要素保障。"
    )
    assert draft.deals == []


@pytest.mark.parametrize(
    "text",
    [
        "5月9日，农业银行南通分行、江苏银行南通分行等6家银行与开发区40家企业签订授信协议，授信总额达58亿元。",
        "交通银行绍兴分行与浙江越美纺织有限公司等8家企业签订贷款合同，贷款金额合计9.3亿元。",
        "市融资担保集团与20家小微企业签署担保协议，担保金额共计2.4亿元。",
    ],
)
def test_credit_loan_and_guarantee_agreements_are_not_deals(text: str) -> None:
    draft = _extract(text)
    assert draft.deals == [] and draft.aggregates == []


@pytest.mark.parametrize(
    "text",
    [
        "今年，全县计划实施亿元以上重点项目85个，年度计划投资210亿元。",
        "下半年，全市将聚焦智能制造，力争全年新签约项目60个以上、实际使用外资3.5亿美元以上。",
    ],
)
def test_plan_targets_are_not_totals(text: str) -> None:
    assert _extract(text).aggregates == []


@pytest.mark.parametrize(
    "name",
    [
        "华拓新能源年产10GWh钠离子电池及储能系统项目",  # 及 joins two products of one project
        "鼎盛重工工程机械再制造项目",  # 再制造 is one word of the name
        "金岭新材料年产5万吨再生铜项目",
        "宏宇电子柔性线路板一期项目",  # a phase stays in the name
    ],
)
def test_project_name_keeps_及_再_and_its_phase(name: str) -> None:
    (d,) = _extract(f"5月20日，总投资12亿元的{name}在滁州经开区正式开工。").deals
    assert (d.project, d.amount_text, d.stage) == (name, "12亿元", "started")


def test_及_between_two_projects_still_splits() -> None:
    draft = _extract("5月20日，华拓电池储能项目及鼎盛重工装备项目在滁州经开区同时开工。")
    assert [d.project for d in draft.deals] == ["华拓电池储能项目", "鼎盛重工装备项目"]


def test_list_with_the_amount_before_each_name() -> None:
    draft = _extract(
        "同时开工的还有：总投资18亿元的宏图新材料碳纤维复合材料项目、总投资9亿元的康泰医疗器械产业园项目、"
        "投资6.5亿元的华北物流冷链仓储中心项目。"
    )
    assert _deals(draft) == [
        ("宏图新材料碳纤维复合材料项目", "18亿元", "started"),
        ("康泰医疗器械产业园项目", "9亿元", "started"),
        ("华北物流冷链仓储中心项目", "6.5亿元", "started"),
    ]
    assert draft.aggregates == []


def test_name_after_an_amount_runs_from_its_的() -> None:
    (d,) = _extract("总投资40亿元的晶辉光电新型显示面板产业基地项目于5月签约落户。").deals
    assert (d.project, d.amount_text) == ("晶辉光电新型显示面板产业基地项目", "40亿元")
