"""Multi-part questions, list-versus-count reading, and QA's vocabulary being extraction's."""

from __future__ import annotations

import pytest

from extractor.qa.deals import INDUSTRY_WORDS, industry_in_question
from extractor.qa.parse import STAGE_PRECEDENCE, operation_of, stage_of, stage_words
from extractor.qa.parts import combine, split_question
from extractor.qa.passages import answer_from_passages
from extractor.schema import NOT_FOUND, Answer, Article, Hit
from extractor.text.article import build_article
from extractor.text.lexicon import INDUSTRY, STAGE_CUES


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("共签约几个项目?总投资多少?", ["共签约几个项目", "总投资多少"]),
        (
            "博览会签约的20个项目里，农业项目有几个、金额多少？",
            ["博览会签约的20个项目里，农业项目有几个", "金额多少"],
        ),
        ("园区签约金额和到位资金分别是多少？", ["园区签约金额是多少", "园区到位资金是多少"]),
        ("甲方科技智能装备项目总投资多少?", ["甲方科技智能装备项目总投资多少?"]),
        (
            "园区引进的项目里,青禾智能和远帆材料的项目各投资多少?",
            ["青禾智能的项目投资多少?", "远帆材料的项目投资多少?"],
        ),
        (
            "江宁区和溧水区在推介会上分别签了什么项目?",
            ["江宁区在推介会上签了什么项目?", "溧水区在推介会上签了什么项目?"],
        ),
        ("这次签约项目中，落在江宁区的是哪几个?", ["这次签约项目中，落在江宁区的是哪几个?"]),
    ],
)
def test_split_question(question: str, parts: list[str]) -> None:
    assert split_question(question) == parts


def test_which_ones_is_a_list_not_a_count() -> None:
    assert operation_of("这9个项目分别是哪几个?") == "list"
    assert operation_of("签约了几个项目?") == "count"


def test_each_part_is_answered_with_its_own_citation_or_said_to_be_not_stated() -> None:
    text = (
        "江川县举行招商引资项目集中签约仪式\n\n3月1日，江川县集中签约项目15个，总投资64亿元。\n\n"
        "签约企业代表发言。"
    )
    article = build_article(text, source="own_02", published="2025-03-01")
    hits = [
        Hit(
            source="own_02", paragraphs=[p.n], start=p.start, end=p.end, text=text[p.start : p.end], score=1.0
        )
        for p in article.paragraphs
    ]
    question = "江川县集中签约了几个项目?总投资多少?到位资金多少?"
    parts = split_question(question)
    answers = [answer_from_passages(question, hits, lambda _: article, part=p) for p in parts]
    answer = combine(question, parts, answers)
    assert not answer.abstained
    assert "15个" in answer.answer and "64亿元" in answer.answer
    assert "到位资金多少：资料中未找到相关信息" in answer.answer
    assert "[1]" in answer.answer and "[2]" in answer.answer and len(answer.citations) == 2


def test_all_parts_unanswered_is_one_abstention() -> None:
    text = "江川县举行招商引资项目集中签约仪式\n\n签约企业代表发言。"
    article = build_article(text, source="own_03", published="2025-03-01")
    p = article.paragraphs[-1]
    hits = [
        Hit(source="own_03", paragraphs=[p.n], start=p.start, end=p.end, text=text[p.start : p.end], score=1)
    ]
    question = "江川县到位资金多少?合同外资多少?"
    parts = split_question(question)
    answer = combine(
        question, parts, [answer_from_passages(question, hits, lambda _: article, part=x) for x in parts]
    )
    assert answer.abstained and answer.answer.startswith(NOT_FOUND) and not answer.citations


def test_qa_reads_stages_with_extractions_words() -> None:
    # every stage a question can ask about, with exactly the words extraction reads ("other" is no
    # stage anyone asks for: it marks projects pushed on without a stated stage)
    words = stage_words()
    assert set(STAGE_PRECEDENCE) == set(STAGE_CUES) - {"other"}
    assert all(words[stage] == set(STAGE_CUES[stage]) for stage in STAGE_PRECEDENCE)


@pytest.mark.parametrize(
    ("question", "stage"),
    [
        ("哪些项目已经开业?", "operating"),
        ("哪些项目已经达产?", "operating"),
        ("哪些研究院揭牌了?", "landed"),
        ("签约并开工的项目有哪些?", "started"),
        ("有哪些意向落地项目?", "intent"),
    ],
)
def test_a_stage_word_extraction_knows_filters_by_that_stage(question: str, stage: str) -> None:
    assert stage_of(question) == stage


def test_qa_reads_industries_with_extractions_words() -> None:
    assert tuple(keyword for keyword, _ in INDUSTRY) == INDUSTRY_WORDS
    assert industry_in_question("江宁区签约了哪些储能项目?") == "储能"


def test_exactly_an_amount_is_both_bounds() -> None:
    from extractor.qa.parse import amount_bounds, route_of

    assert amount_bounds("投资额正好10亿元的项目有哪些?") == (1e9, 1e9)
    assert route_of("投资额正好10亿元的项目有哪些?") == "deals"


def _hits(text: str, source: str) -> tuple[Article, list[Hit]]:
    article = build_article(text, source=source, published="2025-03-01")
    hits = [
        Hit(source=source, paragraphs=[p.n], start=p.start, end=p.end, text=text[p.start : p.end], score=1.0)
        for p in article.paragraphs
    ]
    return article, hits


def _ask_parts(question: str, text: str) -> str:
    article, hits = _hits(text, "own_p")
    parts = split_question(question)
    answers: list[Answer] = []
    for p in parts:
        near = next((a.citations[0] for a in reversed(answers) if a.citations), None)
        answers.append(answer_from_passages(question, hits, lambda _: article, part=p, near=near))
    return combine(question, parts, answers).answer


def test_a_later_part_is_answered_beside_the_previous_parts_answer() -> None:
    text = (
        "江川县举行项目集中开工仪式\n\n3月1日，江川县集中开工重点项目8个，总投资40亿元。"
        "其中现代服务业项目总投资12亿元。"
    )
    answer = _ask_parts("江川县集中开工了几个重点项目?总投资多少?", text)
    assert "8个" in answer and "40亿元" in answer and "12亿元" not in answer.split("原文")[1]


def test_a_size_class_never_answers_how_much_in_total() -> None:
    text = (
        "江川县举行项目集中开工仪式\n\n3月1日，江川县集中开工项目8个，其中包括2个投资规模百亿级以上的项目。"
    )
    answer = _ask_parts("江川县集中开工了几个项目?一共投资多少?", text)
    assert "8个" in answer and "一共投资多少：资料中" in answer


def test_count_units_and_the_annual_plan_measure() -> None:
    text = (
        "江川县设立产业基金\n\n3月1日，江川县累计出资5亿元，设立地方子基金3只。"
        "全县重点项目总投资90亿元，年度计划投资30亿元。"
    )
    answer = _ask_parts("江川县设了几只子基金?年度计划投资多少?", text)
    assert "3只" in answer and "30亿元" in answer.split("年度计划投资多少")[1][:12]
