"""Rules from working on a twentieth blind set (evals/dev20, its odd half): a work report's targets
and tasks, a dated plan to sign, a policy's class of projects, what was spent so far beside what is
planned, a status field, a cost part checked for a reward, a year's count said after another's.
Sentences of our own."""

from __future__ import annotations

from extractor import extract

from .qa_fixtures import passages_answer

Deals = list[tuple[str | None, float | None, str]]
Totals = list[tuple[int | None, float | None]]


def _read(text: str) -> tuple[Deals, Totals]:
    r = extract(text, source="own_dev20", backend="rules")
    deals: Deals = [(d.project, d.amount.value if d.amount else None, str(d.stage)) for d in r.deals]
    totals = [(a.count, a.amount.value if a.amount else None) for a in r.aggregates]
    return deals, totals


_REPORT = (
    "一、2022年工作回顾\n"
    "全年新签约招商引资项目36个，签约资金118.6亿元。南岭智造装备有限公司投资12亿元的精密铸件项目于10月开工建设。\n"
    "二、2023年主要目标和重点工作\n"
    "今年的主要预期目标是：地区生产总值增长7%左右；全年新签约招商引资项目40个以上，签约资金130亿元以上；"
    "实际到位资金50亿元以上。\n"
    "（一）全力抓好招商引资。推动精密铸件项目年内建成投产；力争签约羊绒制品产业园项目，计划总投资15亿元。"
)


def test_a_reports_targets_and_tasks_are_no_deals_or_totals() -> None:
    deals, totals = _read(_REPORT)
    assert deals == [("精密铸件项目", 1.2e9, "started")]
    assert totals == [(36, 1.186e10)]


def test_a_section_that_reports_on_its_tasks_still_reports() -> None:
    text = "一、重点工作完成情况\n全年新签约招商引资项目36个，签约资金118.6亿元。"
    assert _read(text)[1] == [(36, 1.186e10)]


def test_a_signing_dated_ahead_is_no_signing() -> None:
    text = (
        "陕西南岭医药科技有限公司的中药材质量检测中心项目拟于9月中国（甘肃）中医药产业博览会期间签约，"
        "计划投资6000万元。"
    )
    deals, _ = _read(text)
    assert [d[2] for d in deals] != ["signed"]


def test_a_policys_class_of_projects_is_no_project() -> None:
    assert _read("三是落实奖励政策，对新引进的精深加工项目按规定给予奖励。") == ([], [])


def test_what_was_spent_so_far_is_not_what_is_planned_and_a_status_field_says_the_stage() -> None:
    text = "3. 南岭皮毛制品有限公司，皮毛服饰加工项目，拟投资5000万元，已投资2300万元，状态：在建。"
    deals, _ = _read(text)
    assert deals == [("皮毛服饰加工项目", 5e7, "started")]


def test_a_cost_part_checked_for_a_reward_is_no_deal_of_its_own() -> None:
    text = (
        "3.海南南岭南药科技有限公司：年产500吨南药提取物项目总投资2.1亿元，2022年12月建成投产，"
        "经核定设备投资1.35亿元，按3%给予奖励405万元。"
    )
    assert [d[1] for d in _read(text)[0]] == [2.1e8]


def test_a_years_count_said_after_anothers_takes_the_sum_after_it() -> None:
    _, totals = _read("2021年我们签了31个项目，去年是43个、协议投资128亿元，一年一个台阶。")
    assert (43, 1.28e10) in totals and (31, 1.28e10) not in totals


def _passages(text: str, question: str) -> str:
    return passages_answer(text, question, published="2023-01-16")


def test_a_figure_after_a_paragraphs_goal_lead_is_a_target() -> None:
    from extractor.schema import NOT_FOUND

    text = (
        "石溪县今年的主要预期目标是：地区生产总值增长7%左右；"
        "全年新签约招商引资项目40个以上，签约资金130亿元以上。"
    )
    assert _passages(text, "石溪县2023年新签约了多少个招商项目？") == NOT_FOUND
    assert "40个" in _passages(text, "石溪县2023年的目标是新签约多少个项目？")


def test_a_yes_or_no_part_is_a_part_of_its_own() -> None:
    from extractor.qa.parts import split_question

    parts = ["南岭环保在石溪的项目投资多少", "开工了吗"]
    assert split_question("南岭环保在石溪的项目投资多少？开工了吗？") == parts
    assert split_question("这个项目是投资8个亿吗？") == ["这个项目是投资8个亿吗？"]


def test_a_range_states_both_its_ends() -> None:
    from extractor.evaluate import answer_has_keys
    from extractor.schema import Answer, Span

    cite = Span(source="own", paragraph=1, start=0, end=4, quote="投资")
    said = Answer(question="q", answer="投资6000万元至8000万元。", citations=[cite])
    assert answer_has_keys({"amounts": ["6000万元", "8000万元"]}, said)
    assert not answer_has_keys({"amounts": ["9000万元"]}, said)


# From a helper's review of the rules above (its counter-cases, of its own): each narrowing.


def test_a_sum_stated_as_the_investment_too_is_said_no_to_by_no_other_measure() -> None:
    from extractor.schema import NOT_FOUND

    text = "南岭智造装备有限公司精密铸件项目总投资8亿元，达产后年产值8亿元。"
    assert not _passages(text, "精密铸件项目是投资8亿元吗？").startswith("不是")
    text = "南岭智造装备有限公司精密铸件项目总投资8亿元，截至5月底累计完成投资3亿元。"
    answer = _passages(text, "精密铸件项目已经完成投资3亿元了吗？")
    assert answer == NOT_FOUND or not answer.startswith("不是")


def test_a_head_that_reports_its_targets_met_and_a_plan_sections_progress_are_reported() -> None:
    text = (
        "一、主要目标全面完成\n"
        "全年新签约招商引资项目36个，签约资金118.6亿元。"
        "南岭智造装备有限公司投资12亿元的精密铸件项目于10月开工建设。"
    )
    assert _read(text) == ([("精密铸件项目", 1.2e9, "started")], [(36, 1.186e10)])
    text = "二、2023年工作安排\n今年1-5月，全县新签约项目15个，总投资45亿元。"
    assert _read(text)[1] == [(15, 4.5e9)]
    text = "我们的目标是：全年签约项目40个。就在上周，南岭智造装备有限公司签约了精密铸件项目，投资5个亿。"
    assert _read(text) == ([("精密铸件项目", 5e8, "signed")], [])


def test_a_work_plans_deadlines_are_no_events() -> None:
    assert _read("推动南岭文冠果油项目上半年开工、高山茶园项目年内投产。") == ([], [])


def test_a_verb_between_a_place_and_a_firm_is_no_brand() -> None:
    text = "石溪县引进南岭智造装备有限公司投资5亿元建设精密铸件项目，5月开工。"
    deals = extract(text, source="own", backend="rules").deals
    assert [d.investors for d in deals] == [["南岭智造装备有限公司"]]


def test_a_phases_yi_of_something_else_is_no_money() -> None:
    text = "南岭电子有限公司芯片封测项目一期5亿颗芯片产能已于5月投产，项目总投资30亿元。"
    assert [d[1] for d in _read(text)[0]] == [3e9]


def test_achieving_an_output_is_no_figure_restated_now() -> None:
    text = "此前签约的南岭智造精密铸件项目总投资5亿元，投产后可实现年产值为12亿元。"
    assert [d[1] for d in _read(text)[0]] == [5e8]


def test_what_was_signed_is_named_by_the_copula_mid_clause() -> None:
    text = "在石溪县签约的是全省首个氢能重卡整车制造项目，由南岭氢能科技有限公司投资20亿元建设。"
    assert [(d[0], d[1]) for d in _read(text)[0]] == [("氢能重卡整车制造项目", 2e9)]
    text = "对新签约的南岭智造精密铸件项目，总投资5亿元，县里给予奖励。"
    assert [(d[0], d[1]) for d in _read(text)[0]] == [("南岭智造精密铸件项目", 5e8)]


def test_a_trips_item_heads_are_where_the_visits_were() -> None:
    text = (
        "石溪县外出招商工作汇报\n"
        "（一）上海。拜访南岭智造装备有限公司，签约精密铸件项目，总投资5亿元。\n"
        "（二）杭州。拜访南岭茶业有限公司，签约高山茶园项目，总投资2亿元。"
    )
    r = extract(text, source="own", backend="rules")
    assert [d.location.text if d.location else None for d in r.deals] == ["石溪县", "石溪县"]


def test_talks_broken_off_once_and_taken_up_again_leave_the_deal() -> None:
    text = "南岭智造精密铸件项目曾因疫情停止洽谈，后经多轮对接，于5月8日在石溪县正式签约，总投资5亿元。"
    assert [d[1] for d in _read(text)[0]] == [5e8]
    text = "经核查，其中2个项目的投资协议已于2024年解除，均不应计入签约数据。"
    assert _read(text) == ([], [])


def test_one_project_counted_after_its_name_is_still_named() -> None:
    deals, _ = _read("石溪县签约南岭智造精密铸件项目1个，总投资5亿元。")
    assert [d[0] for d in deals] == ["南岭智造精密铸件项目"]


def test_a_sole_investors_share_is_the_whole_sum_and_a_share_of_the_city_is_no_wider_area() -> None:
    text = "南岭智造装备有限公司独资建设精密铸件项目，总投资5亿元。"
    assert "5亿元" in _passages(text, "南岭智造在这个项目上出了多少钱？")
    text = "衢州经开区新签约项目20个，占全市的四成。实际利用外资2860万美元。"
    assert "2860万美元" in _passages(text, "衢州经开区实际利用外资多少？")


def test_a_projects_amount_in_ge_yi_before_de_is_money() -> None:
    r = extract("南岭茶业有限公司投资3个亿的项目昨日在青枫镇开工。", source="own", backend="rules")
    assert [d.amount.value if d.amount else None for d in r.deals] == [3e8] and r.aggregates == []


def test_a_topic_of_progress_is_no_work_plan() -> None:
    text = "项目推进方面，2024年上半年全市新开工招商引资项目64个。"
    assert [t[0] for t in _read(text)[1]] == [64]


def test_a_partys_share_is_said_with_the_party() -> None:
    from extractor.schema import NOT_FOUND

    text = (
        "在青枫镇，石门村与江西禾川旅游开发有限公司签约合作建设乡村客栈项目。"
        "南岭合作社今年投资420万元新建加工车间。"
    )
    assert _passages(text, "石门村在乡村客栈项目里出了多少钱？") == NOT_FOUND


def test_what_such_works_generally_cost_is_no_ones_sum() -> None:
    from extractor.schema import NOT_FOUND

    text = (
        "6月7日，小分队来到广东南岭汽车测试技术有限公司，"
        "企业介绍其在北方建设的寒地试车场投资一般在3亿元左右。"
    )
    assert _passages(text, "南岭汽车测试建寒地试车场投资多少？") == NOT_FOUND


def test_a_framework_whose_formal_agreement_is_to_come_signed_no_sum() -> None:
    from extractor.schema import NOT_FOUND

    text = (
        "11月，区政府与河北南岭农业集团签订玉米制种产业园战略合作框架协议，计划投资10亿元以上，"
        "具体项目待进一步论证后签订正式投资协议。"
    )
    assert _passages(text, "南岭农业的玉米制种产业园签约投资额是多少？") == NOT_FOUND
    assert "10亿元以上" in _passages(text, "南岭农业的玉米制种产业园计划投资多少？")


def test_the_phase_money_is_added_on_is_not_the_phase_asked() -> None:
    from extractor.schema import NOT_FOUND

    text = "根据协议，南岭电子科技有限公司在一期项目基础上追加投资3亿元，新建4条继电器生产线。"
    assert _passages(text, "南岭电子一期投资了多少？") == NOT_FOUND
    assert "3亿元" in _passages(text, "南岭电子追加投资了多少？")
