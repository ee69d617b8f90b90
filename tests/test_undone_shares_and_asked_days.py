"""Rules read off a blind set's odd half (dev7), each on sentences of our own: an undone agreement
and a figure said not to count are no records, one party's share of a total is no deal of its
own, a topped-out building is a started project, a district's trade-named park is one project; a
question is never quoted as its own answer, the days a question names must be the answer's, and a
project asked with 的签约投资额 is the project asked (real store where it takes one)."""

from __future__ import annotations

from pathlib import Path

from extractor import ask, extract
from extractor.qa.binding import item_subject
from extractor.qa.parse import days_in
from extractor.schema import NOT_FOUND
from extractor.text.names import project_problem
from tests.qa_fixtures import store_of


def test_an_undone_agreement_and_a_figure_not_counted_are_no_records() -> None:
    row = (
        "6\t生物基材料项目\t福建绿源新材料有限公司\t2024年2月2日\t不超过6亿元\t罗江区\t"
        "企业经营战略调整，双方协商一致解除协议"
    )
    assert extract(row, backend="rules").deals == []
    note = "3.序号6项目已解除协议，不计入上半年签约项目数和协议投资额。"
    result = extract(note, backend="rules")
    assert result.deals == [] and result.aggregates == []


def test_one_partys_share_of_a_total_is_no_deal_of_its_own() -> None:
    text = "引进某精密光学公司，合资建设红外镜头生产线项目，总投资6000万美元，其中外方出资3600万美元。"
    deals = extract(text, backend="rules").deals
    assert [d.amount.text if d.amount else None for d in deals] == ["6000万美元"]


def test_a_topped_out_trade_park_of_a_district_is_a_started_project() -> None:
    assert project_problem("丛台区数字经济产业园项目", 0, 12) is None
    assert project_problem("数字经济产业园项目", 0, 9) == "category"  # no one's: a kind of park
    deals = extract("丛台区数字经济产业园项目总投资15.2亿元，3栋主楼已封顶。", backend="rules").deals
    assert [(d.project, d.stage) for d in deals] == [("丛台区数字经济产业园项目", "started")]


def test_a_question_names_its_project_and_its_days() -> None:
    assert item_subject("东城区总部经济大楼项目的签约投资额是多少？") == "东城区总部经济大楼项目"
    assert days_in("7月29日至8月4日那一周签约了多少个项目？") == ("7月29日", "8月4日")


def test_a_question_in_the_text_is_no_answer_and_other_days_are_not_asked(tmp_path: Path) -> None:
    text = (
        "2024-08-12 09:00\n"
        "县长专访\n"
        "记者：最近有传言说，一个百亿级的储能项目要落户德兴，是真的吗？"
        "县长：这个项目我们确实在接触，目前还在洽谈阶段，没有签订任何协议，也谈不上落户。\n"
        "本周（8月5日—8月11日），全市新签约项目5个，总投资37.2亿元。\n"
    )
    settings = store_of(tmp_path, {"talk.txt": text})
    answer = ask("传言中的百亿级储能项目落户德兴了吗？", settings=settings).answer
    assert "没有签订任何协议" in answer
    assert ask("7月29日至8月4日那一周新签约了多少个项目？", settings=settings).answer.startswith(NOT_FOUND)


def test_a_firm_referred_to_is_no_investor_and_a_subsidiary_is_named_without_whose_it_is() -> None:
    from extractor.text.names import investor_problem, without_subsidiary_lead

    assert investor_problem("公司还") == "reference" and investor_problem("该公司") == "reference"
    assert without_subsidiary_lead("公司全资子公司博远智能（惠州）有限公司") == "博远智能（惠州）有限公司"
    assert extract("同日，公司还与赣榆区人民政府签订了战略合作框架协议。", backend="rules").deals == []
    text = (
        "公司全资子公司博远智能（惠州）有限公司与某高新区管委会签订了《智能座舱项目投资协议书》，"
        "项目总投资约8亿元。"
    )
    deals = extract(text, backend="rules").deals
    assert [d.investors for d in deals] == [["博远智能（惠州）有限公司"]]


def test_a_firm_pointed_back_to_is_not_its_other_project() -> None:
    from extractor.qa.binding import binding

    other = "公司全资子公司博远智能有限公司签订了《智能座舱项目投资协议书》，项目总投资约8亿元。"
    subject = "博远科技的化学镀铜材料项目"
    assert binding(other, subject, other.find("约8亿元"), named_before=True) == "absent"
    own = "公司在博罗县投资建设的化学镀铜材料项目计划总投资不超过15亿元。"
    assert binding(own, subject, own.find("不超过15亿元"), named_before=True) == "bound"


def test_a_total_is_quoted_from_the_story_not_its_headline() -> None:
    text = (
        "潮南一季度6个项目集中签约，总投资超55亿元！\n"
        "3月28日，潮南区举行集中签约活动，现场签约项目6个，总投资超55亿元。\n"
    )
    (total,) = extract(text, backend="rules").aggregates
    assert total.evidence[0].quote.startswith("3月28日")
