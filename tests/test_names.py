"""The name validator: what names one project or one organisation, on sentences written for these tests."""

from __future__ import annotations

import pytest

from extractor import extract
from extractor.evidence import resolve
from extractor.schema import DealDraft, ExtractionDraft
from extractor.text.article import build_article
from extractor.text.names import investor_problem, project_problem


def _problem(sentence: str, name: str) -> str | None:
    start = sentence.index(name)
    return project_problem(sentence, start, start + len(name))


@pytest.mark.parametrize(
    ("sentence", "name", "rule"),
    [
        ("9月3日，东城区举行重点产业项目集中开工仪式。", "重点产业项目", "category"),
        ("举行秋季推介会暨固投项目集中签约活动。", "暨固投项目", "starts_with_link"),
        ("召开2024年一季度重大项目推进会。", "年一季度重大项目", "time_fragment"),
        ("本区三周年产业项目集中开工。", "三周年产业项目", "time_fragment"),
        ("已落地的新材料供地类项目80个。", "新材料供地类项目", "category"),
        ("评出招商引资十佳项目。", "招商引资十佳项目", "category"),
        ("会上，8个涉长三角一体化文旅项目签约。", "长三角一体化文旅项目", "counted"),
        ("会上，8个涉长三角一体化文旅项目签约。", "个涉长三角一体化文旅项目", "counted"),  # classifier glued
        ("产业联盟成立暨首批产业协作项目签约仪式举行。", "产业协作项目", "batch"),
        ("河西区远洋装备产业园项目集中签约仪式举行。", "河西区远洋装备产业园项目", "event_title"),
        ("为提升项目落地效率，南湖区推行承诺制。", "提升项目", "verb_phrase"),
        ("北湖区压缩重点项目审批时限。", "压缩重点项目", "category"),
        ("南湖区压缩澜岳光电项目审批时限。", "澜岳光电项目", "modifier"),
    ],
)
def test_spans_that_name_no_single_project(sentence: str, name: str, rule: str) -> None:
    assert _problem(sentence, name) == rule


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("青松生物年产3万吨可降解材料项目在南湖区开工。", "青松生物年产3万吨可降解材料项目"),
        ("年产8万吨再生铝配套项目签约。", "年产8万吨再生铝配套项目"),
        ("远洋智能装备产业园项目签约仪式在高新区举行。", "远洋智能装备产业园项目"),
        ("星海半导体封测二期项目主体结构封顶。", "星海半导体封测二期项目"),
    ],
)
def test_project_names_pass(sentence: str, name: str) -> None:
    assert _problem(sentence, name) is None


@pytest.mark.parametrize(
    "name", ["当地智能家电", "开发光伏", "新能源等新兴产业领域的", "制造业数字化", "生物医药"]
)
def test_not_organisations(name: str) -> None:
    assert investor_problem(name) == "not_an_organisation"


@pytest.mark.parametrize("name", ["青松生物", "澜岳", "远洋控股集团有限公司", "星海科技", "鹿鸣文化"])
def test_organisations_pass(name: str) -> None:
    assert investor_problem(name) is None


def test_the_verifier_drops_a_ceremony_taken_for_a_project() -> None:
    """Any backend's draft: a category 'project' with a shared total is no deal."""
    text = "6月2日，东城区举行重点产业项目集中开工仪式，共12个项目，总投资86亿元。"
    article = build_article(text, source="t")
    draft = ExtractionDraft(
        deals=[
            DealDraft(evidence=text, project="重点产业项目", amount_text="86亿元", stage="started"),
            DealDraft(evidence=text, project="重点产业项目", investors=["青松生物"], stage="started"),
        ]
    )
    resolved = resolve(article, draft)
    assert [d.project for d in resolved.deals] == []
    assert any("category" in r for r in resolved.dropped)


def test_the_verifier_keeps_the_investor_of_a_batch_without_the_shared_amount() -> None:
    text = "首批产业协作项目签约，青松生物等5家企业签约，总投资30亿元。"
    article = build_article(text, source="t")
    draft = ExtractionDraft(
        deals=[DealDraft(evidence=text, project="产业协作项目", investors=["青松生物"], amount_text="30亿元")]
    )
    (deal,) = resolve(article, draft).deals
    assert deal.project is None and deal.investors == ["青松生物"] and deal.amount is None


def test_rules_record_no_ceremony_as_a_project() -> None:
    result = extract(
        "8月8日，北湖区举行五周年重点产业项目集中开工仪式，本次开工项目共9个，总投资120亿元。",
        backend="rules",
    )
    assert result.deals == []
    assert [(a.count, a.amount and a.amount.cny) for a in result.aggregates] == [(9, 120e8)]


# --------------------------------------------------------------------------- listed projects


def _deals(text: str) -> list[tuple[str | None, str]]:
    return [(d.project, d.stage) for d in extract(text, backend="rules").deals]


def test_each_project_a_lead_in_names_is_a_deal_with_the_lead_ins_event() -> None:
    text = "标题\n会上共签约项目6个，涉及青松生物可降解材料项目，远洋智能装备产业园项目，鹿鸣文旅小镇项目等。"
    assert _deals(text) == [
        ("青松生物可降解材料项目", "signed"),
        ("远洋智能装备产业园项目", "signed"),
        ("鹿鸣文旅小镇项目", "signed"),
    ]


def test_a_lead_in_without_an_event_takes_the_ceremony_of_the_article() -> None:
    text = (
        "标题\n5月6日，三地联合举行重点项目集中开工仪式。"
        "南湖区的2个项目分别是澜岳光电显示模组项目、星海半导体封测二期项目。"
    )
    assert _deals(text) == [("澜岳光电显示模组项目", "started"), ("星海半导体封测二期项目", "started")]


def test_a_list_stops_at_the_first_segment_that_names_no_project() -> None:
    text = "标题\n签约项目包括青松生物可降解材料项目、总投资约30亿元的一批配套产业项目。"
    assert _deals(text) == [("青松生物可降解材料项目", "signed")]


def test_projects_drawn_in_are_landed() -> None:
    text = "标题\n近年来，北湖区先后招引青松生物可降解材料项目、澜岳光电显示模组项目等一批重大项目。"
    assert _deals(text) == [("青松生物可降解材料项目", "landed"), ("澜岳光电显示模组项目", "landed")]


def test_a_list_ends_at_its_tail_even_when_the_clause_goes_on() -> None:
    text = "标题\n青松生物可降解材料项目、澜岳光电显示模组项目等一批10亿元以上项目正式开工、投产。"
    names = [p for p, _ in _deals(text)]
    assert names == ["青松生物可降解材料项目", "澜岳光电显示模组项目"]


def test_a_centre_and_a_base_joined_by_ji_are_one_project() -> None:
    text = (
        "标题\n5月6日举行集中开工仪式，分会场包括澜岳光电显示模组项目、青松研发中心及生物材料生产基地项目。"
    )
    assert [p for p, _ in _deals(text)] == ["澜岳光电显示模组项目", "青松研发中心及生物材料生产基地项目"]


def test_firms_invested_in_are_deals_of_stage_other() -> None:
    text = "标题\n基金先后对青松生物、澜岳光电等重点项目进行投资。"
    deals = extract(text, backend="rules").deals
    assert [(d.investors, d.stage) for d in deals] == [(["青松生物"], "other"), (["澜岳光电"], "other")]


@pytest.mark.parametrize(
    ("project", "firm"),
    [
        ("澜岳科技泛半导体装备项目", "澜岳科技"),
        ("青松生物可降解材料项目", "青松生物"),
        ("星海新能源汽车零部件项目", None),  # 新能源汽车 is a product
        ("上海生物医药产业园项目", None),  # a place, not a firm
        ("星源材质华南新能源材料基地项目", None),  # too long to be a short firm name
        ("高能动力锂离子电池项目", None),  # 动力 names products too
        ("远洋科技项目", "远洋科技"),  # the firm's own project
        ("远洋科技", None),  # a firm, no project after it
        # before a word that also names products, only a brand no dictionary knows
        ("蓝岳供应链冷链仓储中心项目", "蓝岳供应链"),
        ("拓沃新材料锂电池隔膜项目", "拓沃新材料"),
        ("泰岳医药临床研究西部中心", "泰岳医药"),
        ("生物医药产业园项目", None),
        ("冷链物流中心项目", None),  # 冷链 is a kind of 物流, and nothing but a head follows
        ("复合材料产业园项目", None),
        ("智慧物流园项目", None),
        ("高端新材料产业园项目", None),
        ("绿源生物质发电项目", None),  # 生物 is part of 生物质 (biomass)
        ("华光电子商务产业园项目", None),  # 电子 is part of 电子商务
        # a registered firm's full name, of any length, up to its last legal form
        ("江西星澜光学材料有限公司高端镜头模组项目", "江西星澜光学材料有限公司"),
        ("东风-日产汽车有限公司襄阳分公司整车升级项目", "东风-日产汽车有限公司襄阳分公司"),
        ("恒拓精工股份有限公司项目", None),  # the firm, no project of its own after it
        ("两家公司合作项目", None),  # no firm's name
        ("区招商局公司化改革项目", None),  # the government side is no investor
    ],
)
def test_the_firm_opening_a_project_name(project: str, firm: str | None) -> None:
    from extractor.text.names import firm_prefix

    assert firm_prefix(project) == firm


# --------------------------------------------------------------------------- totals


def _aggs(text: str) -> list[tuple[int | None, str | None, str]]:
    result = extract(text, backend="rules")
    return [(a.count, a.amount.text if a.amount else None, a.stage) for a in result.aggregates]


def test_a_count_said_again_with_a_demonstrative_is_no_new_total() -> None:
    text = "标题\n北湖区本次集中开工的重点项目共9个，总投资120亿元。这9个重点项目的开工，将带动就业。"
    assert _aggs(text) == [(9, "120亿元", "started")]


def test_planned_projects_are_no_reported_total() -> None:
    assert _aggs("标题\n该市谋划建设了80个康养项目，总投资达500亿元。") == []


def test_a_class_of_two_thresholds_is_no_amount() -> None:
    text = "标题\n上半年，南湖区引进1亿元或1000万美元以上项目30个，签约投资总额210.5亿元。"
    assert _aggs(text) == [(30, "210.5亿元", "landed")]


def test_agreements_counted_with_their_total() -> None:
    assert _aggs("标题\n大会现场签署了18个合作协议，协议投资规模约66亿元。") == [(18, "约66亿元", "signed")]


def test_projects_in_trial_production_are_operating() -> None:
    assert _aggs("标题\n其中已有9个项目实现试生产。") == [(9, None, "operating")]


# --------------------------------------------------------------------------- firms


def _firms(text: str) -> list[tuple[list[str], str]]:
    return [(d.investors, d.stage) for d in extract(text, backend="rules").deals]


def test_firms_with_legal_names_that_sign_with_a_county_each_have_a_deal() -> None:
    text = "标题\n当天，青松生物科技有限公司、澜岳控股集团有限公司与德清县进行项目签约。"
    assert _firms(text) == [(["青松生物科技有限公司"], "signed"), (["澜岳控股集团有限公司"], "signed")]


def test_a_credit_agreement_is_no_firms_deal() -> None:
    assert _firms("标题\n青松生物科技有限公司与南湖农商银行签订授信协议。") == []


def test_short_firm_names_after_a_lead_in_each_have_a_deal() -> None:
    text = "标题\n9个重点项目集中签约，包括澜岳光电、星海微纳、鹿鸣文旅等。"
    assert _firms(text) == [(["澜岳光电"], "signed"), (["星海微纳"], "signed"), (["鹿鸣文旅"], "signed")]


def test_a_list_with_one_non_firm_gives_no_deals() -> None:
    assert _firms("标题\n6个项目集中签约，包括澜岳光电、当地特色农业、星海微纳等。") == []


def test_the_firm_given_as_an_example_has_a_deal() -> None:
    text = "标题\n包括青松生物科技有限公司在内的12家公司正式开工投产。"
    assert _firms(text) == [(["青松生物科技有限公司"], "operating")]


def test_funds_that_join_an_alliance_are_no_deals() -> None:
    assert _firms("标题\n首批入驻南湖产业基金、星海创投基金、鹿鸣投资等12家机构。") == []


@pytest.mark.parametrize(
    ("sentence", "stage"),
    [
        ("标题\n澜岳光电显示模组项目签约落地。", "landed"),
        ("标题\n澜岳光电显示模组项目落地投产。", "operating"),
        ("标题\n澜岳光电显示模组项目开工并投产。", "operating"),
        ("标题\n澜岳光电显示模组项目正式开工。", "started"),
    ],
)
def test_of_stage_words_written_together_the_last_counts(sentence: str, stage: str) -> None:
    assert [s for _, s in _deals(sentence)] == [stage]


def test_counts_by_kind_take_the_event_of_what_they_break_down() -> None:
    text = (
        "标题\n8月9日，南湖区举行项目集中签约仪式。本次签约项目中，10亿元以上项目16个，其中50亿元以上3个。"
        "从产业分布看，新能源项目9个、新材料项目7个。"
    )
    assert _aggs(text) == [
        (16, "10亿元以上", "signed"),
        (3, "50亿元以上", "signed"),
        (9, None, "signed"),
        (7, None, "signed"),
    ]


def test_firms_counted_after_they_landed() -> None:
    assert _aggs("标题\n园区已落户企业120余家。") == [(120, None, "landed")]


def test_a_planned_size_class_is_no_total() -> None:
    assert _aggs("标题\n今年，全区计划实施亿元以上项目40个。") == []


def test_firms_on_both_sides_of_a_signing_make_one_deal() -> None:
    text = "标题\n青松生物科技有限公司与澜岳控股集团有限公司进行项目合作签约。"
    assert _firms(text) == [(["青松生物科技有限公司", "澜岳控股集团有限公司"], "signed")]


def test_an_alliance_signing_is_no_deal() -> None:
    assert _firms("标题\n青松生物科技有限公司与南湖大学等高校进行产业链联盟签约。") == []


def test_a_count_and_a_sum_after_the_list_are_one_total() -> None:
    text = "标题\n会上，共签约项目6个，涉及澜岳光电显示模组项目，星海半导体封测二期项目等，投资金额36亿元。"
    assert _aggs(text) == [(6, "36亿元", "signed")]
    assert [d.amount for d in extract(text, backend="rules").deals] == [None, None]


def test_a_capacity_and_a_quoted_brand_are_parts_of_a_name() -> None:
    assert _deals("标题\n近日，青松股份30万吨再生材料项目签约落户南湖区。") == [
        ("青松股份30万吨再生材料项目", "landed")
    ]
    assert _deals("标题\n在南湖区，星海“未来工场”项目正加紧建设。") == [("星海“未来工场”项目", "other")]


def test_as_many_items_as_the_lead_in_counts_are_all_projects() -> None:
    text = (
        "标题\n南湖区举行集中签约仪式。北湖区的3个项目分别是云上会客厅、澜岳光电显示模组项目、星海研发中心。"
    )
    assert [p for p, _ in _deals(text)] == ["云上会客厅", "澜岳光电显示模组项目", "星海研发中心"]


def test_a_list_after_yiji_takes_the_event_of_the_clause_it_details() -> None:
    text = "标题\n本次集中开工的重点项目共8个，总投资96亿元，以及澜岳光电、星海微纳等外资项目。"
    assert _firms(text) == [(["澜岳光电"], "started"), (["星海微纳"], "started")]


def test_a_centre_unveiled_at_a_signing_ceremony_is_an_event_title() -> None:
    assert _problem("南湖协同创新中心揭牌暨项目签约仪式举行。", "南湖协同创新中心") == "event_title"


@pytest.mark.parametrize(
    ("text", "firm", "stage"),
    [
        ("标题\n签约企业代表南湖青松科技有限公司致力于可降解材料研发。", "南湖青松科技有限公司", "signed"),
        ("标题\n签约项目之一——澜岳智能致力于提供整体解决方案。", "澜岳智能", "signed"),
        ("标题\n此次会上签约落户的星海云科是鹿鸣集团设立的又一主体。", "星海云科", "landed"),
    ],
)
def test_a_firm_introduced_as_one_that_signed_or_landed(text: str, firm: str, stage: str) -> None:
    assert _firms(text) == [([firm], stage)]


def test_no_firm_is_introduced_by_a_project() -> None:
    assert _firms("标题\n签约落户的项目是一个新材料项目。") == []


def test_a_firm_inside_the_next_projects_name_is_not_this_ones_investor() -> None:
    text = (
        "标题\n龙头项目如投资额80亿元的澜岳光电显示模组产业基地项目、"
        "投资额60亿元的星海汽车有限公司南湖分公司新能源汽车零部件项目等。"
    )
    deals = extract(text, backend="rules").deals
    assert [(d.project, d.investors, d.amount and d.amount.cny) for d in deals] == [
        ("澜岳光电显示模组产业基地项目", ["澜岳光电"], 80e8),
        ("星海汽车有限公司南湖分公司新能源汽车零部件项目", ["星海汽车有限公司南湖分公司"], 60e8),
    ]


# --------------------------------------------------------------------------- amounts of one deal


@pytest.mark.parametrize(
    ("evidence", "amount", "rule"),
    [
        ("澜岳光电、星海微纳等9个项目集中签约，总投资80亿元。", "80亿元", "shared_total"),
        ("当天签约项目合计45亿元。", "45亿元", "shared_total"),
        ("青松生物营业额有望从去年的2亿元增加到5亿元。", "5亿元", "not_investment"),
        ("南湖农商银行向青松生物授信3亿元。", "3亿元", "not_investment"),
        ("青松生物可降解材料项目总投资12亿元。", "12亿元", None),
        ("项目达产后产值10亿元，总投资6亿元。", "6亿元", None),
    ],
)
def test_amounts_that_are_no_deals_own(evidence: str, amount: str, rule: str | None) -> None:
    from extractor.text.names import amount_problem

    assert amount_problem(evidence, amount) == rule


def test_the_verifier_keeps_the_deal_but_not_a_shared_total() -> None:
    text = "澜岳光电显示模组项目、星海半导体封测二期项目等9个项目集中签约，总投资80亿元。"
    article = build_article(text, source="t")
    draft = ExtractionDraft(
        deals=[DealDraft(evidence=text, project="澜岳光电显示模组项目", amount_text="80亿元", stage="signed")]
    )
    resolved = resolve(article, draft)
    assert [(d.project, d.amount) for d in resolved.deals] == [("澜岳光电显示模组项目", None)]
    assert any("shared_total" in n for n in resolved.notes)


def test_a_size_class_of_listed_projects_is_each_ones_amount() -> None:
    from extractor.text.names import amount_problem

    evidence = "签下澜岳、星海2个百亿级项目，青松研发中心等6个10亿元以上项目。"
    assert amount_problem(evidence, "10亿元以上") is None


def test_a_role_before_a_name_is_not_part_of_it() -> None:
    text = "标题\n主会场项目澜岳智行汽车零部件产业园由澜岳智行科技股份有限公司投资建设，总投资45亿元。"
    assert [p for p, _ in _deals(text)] == ["澜岳智行汽车零部件产业园"]


def test_a_name_with_and_without_xiangmu_is_one_project() -> None:
    text = (
        "标题\n主会场设在澜岳智行汽车零部件产业园项目现场，该项目集中开工。"
        "澜岳智行汽车零部件产业园由澜岳智行科技股份有限公司投资建设，总投资45亿元。"
    )
    deals = extract(text, backend="rules").deals
    assert [(d.project, d.amount and d.amount.cny) for d in deals] == [("澜岳智行汽车零部件产业园", 45e8)]


def test_every_rules_record_names_the_rule_that_made_it() -> None:
    text = (
        "标题\n当天，青松生物科技有限公司、澜岳控股集团有限公司与德清县进行项目签约。"
        "会上共签约项目6个，总投资36亿元。"
    )
    result = extract(text, backend="rules")
    assert [d.rule for d in result.deals] == ["firms_sign_with", "firms_sign_with"]
    assert [a.rule for a in result.aggregates] == ["money"]


def test_a_model_is_shown_no_rule_field() -> None:
    assert "rule" not in DealDraft.model_json_schema()["properties"]


def test_a_total_before_its_count() -> None:
    text = "标题\n8月4日，南湖区与总投资36.5亿元的9个重点项目进行集中签约。"
    assert _aggs(text) == [(9, "36.5亿元", "signed")]


def test_firms_among_the_ceremonys_projects_take_its_stage() -> None:
    text = (
        "标题\n5月6日，北湖区举行重点项目集中开工仪式。"
        "据了解，这些重点项目中，有澜岳光电、星海微纳等外资企业进驻。"
    )
    assert _firms(text) == [(["澜岳光电"], "started"), (["星海微纳"], "started")]


def test_luozi_is_landing() -> None:
    assert _deals("标题\n近日，青松股份30万吨再生材料项目签约落子南湖区。") == [
        ("青松股份30万吨再生材料项目", "landed")
    ]


def test_a_place_from_another_province_is_not_the_context() -> None:
    """盐湖 is also a district of 山西's 运城: in a story about 青海 it is the salt lakes."""
    text = (
        "标题\n7月24日，青海省在西宁市举行招商引资推介会，海东市、海北州、格尔木市参加。"
        "盐湖提锂、盐湖化工前景广阔。会上签约了澜岳锂电材料项目、星海光伏组件项目等一批项目。"
    )
    locations = {d.location.text for d in extract(text, backend="rules").deals if d.location}
    assert locations and "盐湖" not in locations


def test_the_ceremonys_venue_is_one_of_its_projects() -> None:
    text = "标题\n8月5日，北湖区举行重点项目集中开工仪式，主会场设在青松生物可降解材料项目地块上。"
    assert _deals(text) == [("青松生物可降解材料项目", "started")]


def test_a_project_where_something_else_happens_is_no_deal() -> None:
    text = "标题\n8月5日，北湖区举行集中开工仪式，澜岳光电在青松生物可降解材料项目旁开工。"
    assert "青松生物可降解材料项目" not in [p for p, _ in _deals(text)]
