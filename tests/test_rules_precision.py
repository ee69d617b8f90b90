"""Precision rules of the offline backend, each on sentences of our own: what is no deal,
no name, no investor and no amount."""

from __future__ import annotations

import pytest

from extractor import extract
from tests.test_names import _aggs


def _deals(sentence: str) -> list[tuple[str | None, list[str], str | None, str]]:
    result = extract("标题\n" + sentence, backend="rules")
    return [(d.project, d.investors, d.amount.text if d.amount else None, d.stage) for d in result.deals]


@pytest.mark.parametrize(
    "sentence",
    [
        # how fast it went (从…到…用了): no event of its own
        "“晶澜电驱项目从接洽到签约只用了不到两个月时间。”",
        "“华岳光伏组件项目从落地到投产用了不到一年时间。”",
        # a venue, a kind of capital, a field: no project's name
        "与会领导为主会场项目奠基培土。",
        "双方就氢能装备、半导体材料等领域项目合作开展洽谈。",
        # talks and plans state no intention to invest
        "目前，拟引进的风光氢储一体化项目等一批重大项目正在积极洽谈中。",
        "另有博川新材等12个项目拟落户该区。",
    ],
)
def test_no_deal(sentence: str) -> None:
    assert _deals(sentence) == []


def test_the_name_after_a_venue_role() -> None:
    assert _deals("主会场项目黔川酱酒技改扩能项目总投资8.6亿元。") == [
        ("黔川酱酒技改扩能项目", [], "8.6亿元", "other")
    ]


def test_a_stated_intention_is_still_one() -> None:
    ((project, _, _, stage),) = _deals("光晶硅业有限公司与经开区达成投资意向，拟建设高纯晶硅材料项目。")
    assert (project, stage) == ("高纯晶硅材料项目", "intent")


@pytest.mark.parametrize(
    ("sentence", "investor"),
    [
        ("投资方华岳集团有限公司计划投资10亿元建设智能工厂项目。", "华岳集团有限公司"),
        ("签约企业宜宾晟川光储科技有限公司计划投资10亿元建设智能工厂项目。", "宜宾晟川光储科技有限公司"),
        ("方正集团有限公司计划投资10亿元建设智能工厂项目。", "方正集团有限公司"),  # 方 opens a name here
    ],
)
def test_a_role_before_a_firm_is_no_part_of_its_name(sentence: str, investor: str) -> None:
    assert [inv for _, inv, _, _ in _deals(sentence)] == [[investor]]


def test_an_investment_density_is_no_amount() -> None:
    deals = _deals("华岳集团有限公司智能工厂项目正式签约，投资强度不低于300万元/亩。")
    assert [(p, amount) for p, _, amount, _ in deals] == [("华岳集团有限公司智能工厂项目", None)]


def test_a_kind_of_project_one_firm_builds_keeps_the_firms_amount() -> None:
    assert _deals("华岳集团有限公司投资建设数据中心项目，总投资5亿元。") == [
        (None, ["华岳集团有限公司"], "5亿元", "other")
    ]


def test_a_firm_whose_head_reads_as_a_verb_is_still_a_firm() -> None:
    # jieba tags 远航 a verb; between a list's 、 and 控股集团 it is the firm's head
    text = "会上，芜湖汇川新材料有限公司、远航控股集团与芜湖经开区管委会签订投资协议。"
    assert [inv for _, inv, _, _ in _deals(text)] == [["芜湖汇川新材料有限公司"], ["远航控股集团"]]


def test_an_amount_without_a_stage_happens_as_the_articles_ceremony_says() -> None:
    text = (
        "标题\n5月16日，某开发区重大项目集中签约活动举行。"
        "华岳精工高端轴承项目投资额近12亿元，建成后将形成年产800万套轴承的生产能力。"
    )
    (d,) = extract(text, backend="rules").deals
    assert (d.project, d.amount.text if d.amount else None) == ("华岳精工高端轴承项目", "近12亿元")
    assert d.stage == "signed"


def test_a_goal_is_no_deal_even_at_a_ceremony() -> None:
    text = "标题\n某新区重大项目集中签约活动举行。该园区将力争在未来5年内，打造成为“万亩千亿级”制造业大平台。"
    assert extract(text, backend="rules").deals == []


def _located(text: str) -> list[str | None]:
    return [d.location.text if d.location else None for d in extract("标题\n" + text, backend="rules").deals]


def test_a_place_in_a_persons_title_is_no_projects_place() -> None:
    text = "江川区重大项目集中开工。宜州市人大常委会副主任、江川区委书记陈某宣布开工，华岳工厂项目投资5亿元。"
    assert _located(text) == ["江川区"]


def test_the_venue_of_a_promotion_meeting_is_not_where_its_projects_go() -> None:
    text = "4月26日，武清区招商推介会在北京举办，天枢智能、蓝川数科等22个项目集中签约。"
    assert _located(text) == ["武清区", "武清区"]


def test_a_projects_own_foreign_capital_is_its_amount() -> None:
    # 丸/ng 越/d: jieba splits an unknown name into characters; 日本 opens a name, no date
    text = "签约项目中，日本丸越食品株式会社预制菜生产基地项目，合同外资3000万美元，建成后主要面向出口。"
    assert _deals(text) == [
        ("日本丸越食品株式会社预制菜生产基地项目", ["日本丸越食品株式会社"], "3000万美元", "signed")
    ]


def test_foreign_capital_of_many_firms_stays_a_total() -> None:
    result = extract("标题\n今年以来，全区新设外资企业12家，合同外资3000万美元。", backend="rules")
    assert result.deals == [] and [a.count for a in result.aggregates] == [12]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("食品株式会社", "not_an_organisation"),  # a trade and a legal form: the name was cut off
        ("新能源科技有限公司", "not_an_organisation"),
        ("北京汽车集团", None),  # a place and a trade name a firm
        ("华为技术有限公司", None),
    ],
)
def test_a_legal_form_needs_a_head(name: str, problem: str | None) -> None:
    from extractor.text.names import investor_problem

    assert investor_problem(name) == problem


def test_a_character_jieba_does_not_know_stays_in_the_name() -> None:
    assert _deals("吖一乐食品生产项目在高新区举行开工仪式，项目总投资3亿元。") == [
        ("吖一乐食品生产项目", [], "3亿元", "started")
    ]


def test_a_count_and_its_sum_with_the_fields_between() -> None:
    text = "本次共签约项目13个，涉及锦程汽车零部件、华睿半导体封测等领域，签约金额56.3亿元。"
    result = extract("标题\n" + text, backend="rules")
    assert [(a.count, a.amount.text if a.amount else None) for a in result.aggregates] == [(13, "56.3亿元")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the i-th sum is the i-th project's, never the first sum for all
        (
            "华岳新材料项目和晨光电子元件项目同时开工，总投资分别为5亿元和3亿元。",
            [("华岳新材料项目", [], "5亿元", "started"), ("晨光电子元件项目", [], "3亿元", "started")],
        ),
        # firms listed before 分别, the projects the next clause builds
        (
            "鑫川集团、华昱科技分别投资45亿元、28亿元，在工业园区建设煤基可降解材料项目和海川装备项目。",
            [
                ("煤基可降解材料项目", ["鑫川集团"], "45亿元", "other"),
                ("海川装备项目", ["华昱科技"], "28亿元", "other"),
            ],
        ),
        # three projects, two sums: none may be given a sum it may not own
        ("华岳新材料项目、晨光电子元件项目和海川装备项目总投资分别为5亿元和3亿元。", []),
        # one sum for each
        (
            "宏达集团和中鼎集团分别投资50亿元。",
            [(None, ["宏达集团"], "50亿元", "other"), (None, ["中鼎集团"], "50亿元", "other")],
        ),
    ],
)
def test_respective_sums(
    sentence: str, expected: list[tuple[str | None, list[str], str | None, str]]
) -> None:
    assert _deals(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a brand jieba reads as a verb, after the country that opens the name
        (
            "韩国大川精密汽车传感器项目总投资2亿美元。",
            [("韩国大川精密汽车传感器项目", [], "2亿美元", "other")],
        ),
        # the firm that builds the project named right after it; 认证 is a word names hold
        (
            "由天津中川检测技术有限公司投资建设的华北新能源汽车检测认证中心同步揭牌。",
            [("华北新能源汽车检测认证中心", ["天津中川检测技术有限公司"], None, "landed")],
        ),
        # a phase's part of a stated total is no deal of its own; 4GW stays whole
        ("该项目总投资45亿元，其中一期投资18亿元，建设4GW高效TOPCon光伏组件生产线，于今年3月开工建设。", []),
    ],
)
def test_names_and_parts(
    sentence: str, expected: list[tuple[str | None, list[str], str | None, str]]
) -> None:
    assert _deals(sentence) == expected


def test_a_number_against_its_latin_unit_stays_in_the_name() -> None:
    assert _deals("华岳集团投资建设的4GW高效光伏组件生产线正式开工。") == [
        ("4GW高效光伏组件生产线", ["华岳集团"], None, "started")
    ]


def test_listed_public_works_are_projects_not_firms() -> None:
    text = "江川湖生态康养配套提升工程、江川镇污水处理厂提标改造工程等7个基础设施项目也同步动工。"
    assert _deals(text) == [
        ("江川湖生态康养配套提升工程", [], None, "started"),
        ("江川镇污水处理厂提标改造工程", [], None, "started"),
    ]


@pytest.mark.parametrize("sentence", ["目前，项目主体工程已基本完工。", "该区把招商引资作为“一号工程”来抓。"])
def test_a_part_or_a_slogan_is_no_project(sentence: str) -> None:
    assert _deals(sentence) == []


def _totals(text: str) -> list[tuple[int | None, str | None, str]]:
    return _aggs("标题\n" + text)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("今年以来，江川区新开工项目累计达56个。", [(56, None, "started")]),
        ("上半年全市招商引资项目新开工73个。", [(73, None, "started")]),
        ("今年一季度，滨湖区新引进外资项目8个，合同外资1.1亿美元。", [(8, "1.1亿美元", "landed")]),
        ("江川区还与6家银行签订战略合作协议，获得意向性授信300亿元。", []),  # banks' credit, no projects
    ],
)
def test_counted_totals(sentence: str, expected: list[tuple[int | None, str | None, str]]) -> None:
    assert _totals(sentence) == expected


def test_a_place_jieba_reads_as_a_verb_opens_a_name() -> None:
    # jieba tags 遵义 a verb; the sentence's places say it is one
    assert _deals("遵义南部陆港物流园二期项目总投资超6亿元。") == [
        ("遵义南部陆港物流园二期项目", [], "超6亿元", "other")
    ]


def test_what_happened_to_a_project_outranks_how_it_came() -> None:
    assert _deals("江川区招引的宁夏德川化工有限公司电解液添加剂项目已进入试生产。") == [
        ("宁夏德川化工有限公司电解液添加剂项目", ["宁夏德川化工有限公司"], None, "operating")
    ]


def test_an_energy_projects_capacity_and_kind_stay_in_its_name() -> None:
    assert _deals("华岳集团200MW渔光互补光伏电站项目正式开工。") == [
        ("华岳集团200MW渔光互补光伏电站项目", ["华岳集团"], None, "started")
    ]


def test_a_persons_title_inside_a_name_is_no_project() -> None:
    assert _deals("县委书记温某宣布项目开工，县长罗某致辞。") == []


def test_a_phase_after_the_total_is_no_deal_of_its_own() -> None:
    text = "由华港新材料有限公司投资建设的磷酸铁锂正极材料项目总投资约68亿元，分两期建设，一期投资28亿元。"
    assert [amount for _, _, amount, _ in _deals(text)] == ["约68亿元"]


def test_an_ordinal_is_no_count() -> None:
    assert _totals("这是今年以来江川市签约的第7个外资项目。") == []


def test_breakdowns_take_the_stage_of_the_total_they_break_down() -> None:
    text = (
        "标题\n1—10月，全省新签约省外资金项目1526个，协议投资额6835.2亿元；省外资金到位额3124.6亿元。"
        "按投资规模分：10亿元以上项目146个，50亿元以上项目31个。按产业分：先进制造业项目612个、现代服务业项目418个。"
    )
    result = extract(text, backend="rules")
    counted = {a.count: a.stage for a in result.aggregates if a.count}
    assert counted == {1526: "signed", 146: "signed", 31: "signed", 612: "signed", 418: "signed"}


def test_rows_of_a_flattened_table() -> None:
    text = (
        "部分重点签约项目一览\n项目名称 投资主体 投资额 进展\n"
        "鼎川氢能装备制造基地 广东鼎川氢能科技有限公司 10-15亿元 已签约\n"
        "博川坦汽车零部件华南生产基地 博川坦（中国）投资有限公司 3800万美元 已签约\n"
        "粤川湾生物医药产业园（二期） 肇庆粤川湾生物科技有限公司 约20亿元 已开工\n"
        "江川新区 高新区 管委会 主任\n"  # cells that are no deal's: no row
    )
    result = extract(text, backend="rules")
    assert [(d.project, d.investors, d.amount.text if d.amount else None, d.stage) for d in result.deals] == [
        ("鼎川氢能装备制造基地", ["广东鼎川氢能科技有限公司"], "10-15亿元", "signed"),
        ("博川坦汽车零部件华南生产基地", ["博川坦（中国）投资有限公司"], "3800万美元", "signed"),
        ("粤川湾生物医药产业园（二期）", ["肇庆粤川湾生物科技有限公司"], "约20亿元", "started"),
    ]
