"""Rules for source styles first met in evals/dev12 (spoken amounts, a list restated by its count,
fields run together in one paragraph, refused projects): sentences of our own; each test fails
without its rule."""

from __future__ import annotations

import pytest

from extractor.schema import NOT_FOUND
from extractor.text.amounts import find_money
from tests.extraction_helpers import amount_of as _amount
from tests.extraction_helpers import deals_of as _deals
from tests.extraction_helpers import totals_of as _totals
from tests.test_qa_subjects import _answer


@pytest.mark.parametrize(
    ("text", "said", "value", "kind"),
    [
        ("前后加起来投了3.2个亿左右，产品主要出口。", "3.2个亿左右", 3.2e8, "approx"),
        ("这个项目总共投了二十个亿。", "二十个亿", 2e9, "exact"),
    ],
)
def test_a_spoken_amount_counts_yi_with_a_measure_word(text: str, said: str, value: float, kind: str) -> None:
    (m,) = find_money(text)
    assert (m.text, m.money.value, m.money.kind) == (said, value, kind)
    assert text[m.start : m.end] == said


def test_projects_counted_by_size_class_are_no_spoken_amount() -> None:
    # 3个亿元以上项目: three projects of at least 1亿元 each, not 3亿元
    assert [m.text for m in find_money("今年招了3个亿元以上项目。")] == ["亿元以上"]


def test_a_spoken_amount_makes_a_deal() -> None:
    text = (
        "主持人：牡蛎项目呢？嘉宾：海澄食品在东山工业园建的牡蛎精深加工项目，今年4月已经正式投产，"
        "前后加起来投了3.2个亿左右。"
    )
    (deal,) = _deals(text)
    assert (deal.project, _amount(deal), deal.stage) == ("牡蛎精深加工项目", "3.2个亿左右", "operating")


def test_a_list_restated_by_its_count_shares_the_event_of_the_clause_after() -> None:
    text = "嘉宾：对，冷链物流项目、海带加工项目、还有游艇码头项目，三个项目总投资15亿元，同一天开工。"
    deals = {d.project: (d.stage, d.amount) for d in _deals(text)}
    # each named project started, and none has the shared total as its own amount
    assert deals == {
        "冷链物流项目": ("started", None),
        "海带加工项目": ("started", None),
        "游艇码头项目": ("started", None),
    }
    assert [(a.count, _amount(a), a.stage) for a in _totals(text)] == [(3, "15亿元", "started")]


def test_a_count_that_does_not_count_the_names_before_it_restates_nothing() -> None:
    text = "冷链物流项目、海带加工项目，三个项目总投资15亿元，同一天开工。"
    assert _deals(text) == []


def test_a_bare_clause_after_a_plan_says_no_event() -> None:
    text = "冷链物流项目、海带加工项目，两个项目总投资15亿元，计划明年开工。"
    assert _deals(text) == []
    assert [a.stage for a in _totals(text)] == ["other"]


def test_two_projects_joined_by_he_are_two_items_and_one_name_with_he_is_one() -> None:
    listed = "冷链物流项目、海带加工项目和游艇码头项目等3个项目集中开工，总投资15亿元。"
    two = {d.project for d in _deals(listed)}
    assert two == {"冷链物流项目", "海带加工项目", "游艇码头项目"}
    one = {d.project for d in _deals("华为研发中心和生产基地项目等2个项目签约。")}
    assert "研发中心" not in one and "华为研发中心" not in one


_NOTICE = (
    "首页 > 通知公告 关于2025年第二批节能审查意见的公示 发布时间：2025-03-02 浏览次数：88 "
    "根据有关规定，我委对以下项目节能报告进行了审查，现予公示：一、拟同意的项目 "
    "1.项目名称：年产10万吨再生铝项目；建设单位：淮北铝循环科技有限公司；建设地点：濉溪经济开发区；"
    "项目总投资：6.2亿元；项目情况：2024年9月签订投资协议。"
    "2.项目名称：新型墙材项目；建设单位：淮北砌砖建材有限公司；建设地点：杜集区；项目总投资：约1.8亿元。"
    "二、拟不予同意的项目 1.项目名称：年产20万吨焦化项目；建设单位：某焦化有限公司；建设地点：烈山区；"
    "项目总投资：9亿元；审查意见：能耗强度高于基准水平，建议不予同意。公示期为5个工作日。"
)


def test_cards_whose_fields_run_together_in_one_paragraph() -> None:
    deals = {d.project: d for d in _deals(_NOTICE)}
    aluminium, bricks = deals["年产10万吨再生铝项目"], deals["新型墙材项目"]
    assert aluminium.investors == ["淮北铝循环科技有限公司"] and bricks.investors == ["淮北砌砖建材有限公司"]
    assert _amount(aluminium) == "6.2亿元" and _amount(bricks) == "约1.8亿元"
    assert aluminium.location is not None and aluminium.location.text == "濉溪经济开发区"
    # 项目情况：…签订投资协议 after the amount's field says how far it got
    assert aluminium.stage == "signed"


def test_a_section_of_refused_projects_holds_no_deal() -> None:
    assert not any("焦化" in (d.project or "") for d in _deals(_NOTICE))
    assert "以下项目" not in {d.project for d in _deals(_NOTICE)}


@pytest.mark.parametrize(
    "text",
    [
        "（三）清理低效项目。对签约后长期未开工的项目开展专项清理。",
        "备注：原意向受让方拟投资3亿元建设陶瓷釉料项目，因其未按期支付价款，本项目终结挂牌。",
        "当天，区政府与江淮理工学院签署人才合作协议，双方将联合培养工程硕士。",
    ],
)
def test_no_deal_in_a_clean_up_a_listing_that_ended_or_a_talent_pact(text: str) -> None:
    assert _deals(text) == []


def test_a_party_named_by_its_role_is_the_firm_its_field_named() -> None:
    text = (
        "二、成交项目\n受让方：莒南精锻机械有限公司\n成交日期：2024年8月22日\n"
        "备注：受让方已与莒南县人民政府签订投资协议，拟投资2.5亿元建设年产300台精密锻压设备项目。\n"
    )
    (deal,) = _deals(text)
    assert deal.investors == ["莒南精锻机械有限公司"]
    # the contract is signed; 拟 tells what it provides for
    assert (deal.project, _amount(deal), deal.stage) == ("年产300台精密锻压设备项目", "2.5亿元", "signed")


@pytest.mark.parametrize("name", ["受让方已", "承租方", "某焦化有限公司"])
def test_a_role_or_an_unnamed_firm_is_no_investor(name: str) -> None:
    from extractor.text.names import investor_problem

    assert investor_problem(name) is not None


def test_a_framework_signed_before_a_plan_stays_an_intention() -> None:
    text = "莒南精锻机械有限公司已与莒南县人民政府签订框架协议，拟投资2.5亿元建设精密锻压设备项目。"
    assert [d.stage for d in _deals(text)] == ["intent"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # 在秀山乡建…: where it is built, and 建 the verb, are no part of the name
        ("澜海水务有限公司在秀山乡建海水淡化及浓盐水利用项目，协议投资5亿元。", "海水淡化及浓盐水利用项目"),
        # 牵头的溅射靶材项目: jieba splits the unknown word 溅射 after the 的 that opens the name
        ("其中一个由青年博士团队牵头的溅射靶材项目计划投资约2亿元。", "溅射靶材项目"),
    ],
)
def test_a_name_starts_after_where_it_is_built_and_keeps_its_first_word(text: str, name: str) -> None:
    assert [d.project for d in _deals(text)] == [name]


@pytest.mark.parametrize(
    "text",
    [
        # a firm's factory abroad is its outbound investment, no deal of the region's
        "公司于2022年在越南北宁设立的海外工厂（投资1,500万美元）已于今年3月投产。",
        # a project the board stopped
        "原计划在开发区实施的智能仓储项目（计划投资2.1亿元），经董事会审议，已于今年4月终止实施。",
        # a bankruptcy's money: paid to creditors, owed, appraised
        "根据协议，重整投资人支付重整投资款1.8亿元，用于清偿债务。经审查，债权总额为6.2亿元，资产评估价值为2.4亿元。",
    ],
)
def test_no_deal_abroad_stopped_or_in_a_bankruptcys_accounts(text: str) -> None:
    assert _deals(text) == []


def test_a_foreign_investor_building_here_is_still_a_deal() -> None:
    deals = _deals("德国博世集团在苏州投资5亿元建设新能源汽车零部件项目。")
    assert [d.project for d in deals] == ["新能源汽车零部件项目"]


def test_projects_counted_by_where_their_money_comes_from_are_a_total_not_a_project() -> None:
    text = "近年来，全县累计引进侨资项目27个，总投资41.2亿元。"
    assert _deals(text) == [] and [(a.count, _amount(a)) for a in _totals(text)] == [(27, "41.2亿元")]


def test_a_firm_named_after_where_its_money_comes_from_still_names_its_project() -> None:
    text = "同日，台资企业吉州鼎盛五金有限公司新厂区二期项目在永丰县开工，二期追加投资三千万美元。"
    assert [d.investors for d in _deals(text)] == [["吉州鼎盛五金有限公司"]]


def test_when_a_named_project_did_something_names_it_as_the_subject() -> None:
    from extractor.qa.binding import item_subject

    assert item_subject("青禾膜材料生产基地项目什么时候投产？") == "青禾膜材料生产基地项目"
    # a firm's project may be named apart from the firm: no subject is read
    assert item_subject("青禾科技有限公司的项目什么时候投产？") is None


def test_a_date_said_of_the_next_project_in_the_sentence_is_not_the_asked_ones() -> None:
    text = (
        "上半年项目建设情况\n\n"
        "其中，总投资8亿元的青禾膜材料生产基地项目于3月开工建设；"
        "远帆新材投资1亿元的涂层改造项目于5月建成投产。"
    )
    assert "5月" not in _answer(text, "青禾膜材料生产基地项目什么时候投产？")
    assert "5月" in _answer(text, "涂层改造项目什么时候投产？")


def test_a_date_in_the_field_of_the_card_before_is_not_the_next_cards() -> None:
    text = (
        "节能审查意见公示\n\n"
        "1.项目名称：年产5万吨再生铝项目；建设单位：淮北铝循环科技有限公司；项目总投资：4亿元；"
        "项目情况：招商引资项目，2024年7月签约，计划2025年3月开工。"
        "2.项目名称：新型墙材生产项目；建设单位：淮北砌砖建材有限公司；项目总投资：1.2亿元。"
    )
    assert _answer(text, "新型墙材生产项目是什么时候签约的？") == NOT_FOUND


def test_a_date_in_a_clause_about_another_project_is_not_the_asked_ones() -> None:
    text = (
        "侨资项目建设情况\n\n"
        "青岩新材料有限公司投资约2亿元的石英砂板项目已于8月开工；"
        "去年签约的竹林家居有限公司竹制家具项目已建成投产，投资8000万元。"
    )
    assert _answer(text, "青岩新材料有限公司的石英砂板项目什么时候投产？") == NOT_FOUND


def test_the_other_one_of_two_is_not_the_one_named() -> None:
    text = (
        "重整投资人招募结果公告\n\n"
        "经评审委员会评审，确定远帆实业集团有限公司为重整投资人；另一家意向投资人未被选定，其保证金已退还。"
    )
    assert _answer(text, "另一家意向投资人是哪家企业？") == NOT_FOUND
    assert "远帆实业集团有限公司" in _answer(text, "重整投资人是哪家企业？")


def test_a_firm_named_as_the_investor_by_its_short_name_is_the_investor() -> None:
    text = "这个是上个月刚签的约，投资方是澜海水务科技，在秀山乡建海水淡化项目，协议投资不低于5亿元。"
    assert [d.investors for d in _deals(text)] == [["澜海水务科技"]]
    # a question about the investor names no one
    assert _deals("投资方是谁，目前还不清楚。") == []


def test_a_teaser_of_figures_before_an_ellipsis_is_the_next_named_projects() -> None:
    text = (
        "市商务局供图 本报记者 李明投资36亿元，可实现年产值50亿元，新增就业岗位约1500人……"
        "近日，远帆新材料年产20万吨电池级碳酸锂项目签约落户宜春市袁州区。"
    )
    (deal,) = _deals(text)
    assert (deal.project, _amount(deal)) == ("远帆新材料年产20万吨电池级碳酸锂项目", "36亿元")
    # a project that states its own sum keeps it
    own = "投资36亿元，年产值50亿元……近日，远帆新材料年产20万吨电池级碳酸锂项目签约，总投资40亿元。"
    assert [_amount(d) for d in _deals(own)] == ["40亿元"]


# Sentences from a review of this stop's rules, where a first version of a rule was too wide.


@pytest.mark.parametrize(
    "text",
    [
        # a firm described by where it invested abroad still invests here
        "在德国设立研发中心的浙江天宇科技有限公司投资10亿元建设年产5万吨新材料项目，已于3月签约。",
        # 人才合作 named among fields of cooperation, beside a signed project
        "签约仪式上，双方将在产业投资、人才合作等方面深化合作，浙江天宇科技有限公司年产5万吨新材料项目总投资50亿元。",
        # a stop said of something else, or denied
        "原计划的项目终止建设后，县里重新招引浙江天宇科技有限公司投资10亿元建设新材料项目，目前已开工。",
    ],
)
def test_a_real_deal_survives_words_of_the_new_rules_near_it(text: str) -> None:
    assert [_amount(d) for d in _deals(text)] in (["10亿元"], ["50亿元"])


def test_a_refused_section_ends_at_the_next_section() -> None:
    text = (
        "公示：一、拟不予同意的项目 1.项目名称：年产20万吨焦化项目；建设单位：某焦化有限公司；"
        "项目总投资：9亿元；二、拟同意入园的企业 1.项目名称：年产5万吨新材料项目；"
        "建设单位：浙江天宇科技有限公司；项目总投资：12亿元；"
        "公示期为5个工作日。"
    )
    assert [(d.project, _amount(d)) for d in _deals(text)] == [("年产5万吨新材料项目", "12亿元")]


def test_projects_counted_by_size_are_no_spoken_amount() -> None:
    text = "全市签约3个百亿元项目、12个十亿元项目，引进5个十亿元项目和12个亿元项目。"
    found = [m.text for m in find_money(text)]
    assert not any("个" in f for f in found)


def test_a_plan_after_a_cooperation_agreement_stays_an_intention() -> None:
    text = "浙江天宇科技有限公司已与县政府签订战略合作协议，拟投资50亿元建设新材料产业园项目。"
    assert [d.stage for d in _deals(text)] == ["intent"]


def test_a_party_called_by_its_contract_side_keeps_its_name() -> None:
    deals = _deals("乙方浙江海利新材料股份有限公司投资10亿元建设年产5万吨新材料项目，已于3月签约。")
    # (a party's side left in front of its name, as before: no firm lost)
    firm = "浙江海利新材料股份有限公司"
    assert [d.investors for d in deals] in ([[firm]], [["乙方" + firm]])


@pytest.mark.parametrize(
    ("text", "question", "said"),
    [
        (
            "重大项目建设情况\n\n宁德时代新能源电池基地项目是继去年落户的比亚迪零部件项目之后我县引进的又一重大项目，"
            "总投资120亿元，于3月开工。",
            "宁德时代新能源电池基地项目总投资多少？",
            "120亿元",
        ),
        (
            "重大项目建设情况\n\n宁德时代新能源电池基地项目总投资120亿元，包括电芯项目和储能系统项目，于2024年3月开工。",
            "宁德时代新能源电池基地项目什么时候开工？",
            "2024年3月",
        ),
    ],
)
def test_another_project_named_in_passing_leaves_the_value_to_the_subject(
    text: str, question: str, said: str
) -> None:
    assert said in _answer(text, question)
