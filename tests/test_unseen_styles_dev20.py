"""Rules from working on a twentieth blind set (evals/dev20, its odd half): a work report's targets
and tasks, a dated plan to sign, a policy's class of projects, what was spent so far beside what is
planned, a status field, a cost part checked for a reward, a year's count said after another's.
Sentences of our own."""

from __future__ import annotations

from extractor import extract

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
    from extractor.qa.passages import answer_from_passages
    from extractor.schema import NOT_FOUND, Hit
    from extractor.text.article import build_article

    article = build_article(text, source="own_goal", published="2023-01-16")
    hits = [
        Hit(source=article.source, paragraphs=[p.n], start=p.start, end=p.end,
            text=article.paragraph_text(p.n), score=1)
        for p in article.paragraphs
    ]  # fmt: skip
    answer = answer_from_passages(question, hits, lambda _: article)
    return NOT_FOUND if answer.abstained else answer.answer


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
