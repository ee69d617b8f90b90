"""The scorer behind ``dealqa eval``: strict on hand-made cases, sane on the seeds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from extractor.config import Settings
from extractor.evaluate import (
    GoldRecord,
    answer_correct,
    is_match,
    load_jsonl,
    match,
    prf,
    run_eval,
    score_extraction,
    score_qa,
    score_retrieval,
)
from extractor.schema import Aggregate, Answer, Article, ArticleExtraction, Deal, Money, Span
from extractor.text.article import build_article

ROOT = Path(__file__).resolve().parents[1]

TEXT = """星河园区今年招商

2023年5月6日,星河园区与示例科技公司签约星河智能制造基地项目,总投资2.5亿元。

明月光伏组件基地项目总投资80亿元,由明月新能源公司投资建设。

今年星河园区共签约项目39个,总投资605.6亿元。
"""
SOURCE = "eval_case.txt"
XINGHE = "星河园区与示例科技公司签约星河智能制造基地项目,总投资2.5亿元"
MINGYUE = "明月光伏组件基地项目总投资80亿元"
TOTAL = "今年星河园区共签约项目39个,总投资605.6亿元"


@pytest.fixture(scope="module")
def article() -> Article:
    return build_article(TEXT, source=SOURCE)


def span(article: Article, quote: str) -> Span:
    start = article.text.index(quote)
    return article.span(start, start + len(quote))


def money(cny: float, kind: str = "exact") -> Money:
    return Money(text=f"{cny / 1e8:g}亿元", value=cny, cny=cny, kind=kind)


def answer(text: str, citations: list[Span] | None = None, *, abstained: bool = False) -> Answer:
    return Answer(question="q", answer=text, citations=citations or [], abstained=abstained)


# ---------------------------------------------------------------------------- answer_correct


def test_the_right_amount_in_other_units_is_correct(article: Article) -> None:
    cite = [span(article, XINGHE)]
    assert answer_correct("2.5亿元", answer("总投资25000万元[1]", cite))
    assert answer_correct("2.5亿元", answer("总投资2.5亿元[1]", cite))
    assert not answer_correct("2.5亿元", answer("总投资2.6亿元[1]", cite))


def test_abstaining_uncited_or_empty_answers_are_never_correct(article: Article) -> None:
    cite = [span(article, XINGHE)]
    assert not answer_correct("2.5亿元", answer("总投资2.5亿元[1]", cite, abstained=True))
    assert not answer_correct("2.5亿元", answer("总投资2.5亿元", []))
    assert not answer_correct("2.5亿元", answer("", cite))
    assert not answer_correct("2.5亿元", answer("   ", cite))


def test_a_list_answer_must_name_every_item(article: Article) -> None:
    cite = [span(article, XINGHE), span(article, MINGYUE)]
    gold = "星河智能制造基地项目、明月光伏组件基地项目"
    assert answer_correct(gold, answer("有明月光伏组件基地项目[2]和星河智能制造基地项目[1]。", cite))
    assert not answer_correct(gold, answer("有星河智能制造基地项目[1]。", cite))


def test_a_count_must_be_the_same_number(article: Article) -> None:
    cite = [span(article, TOTAL)]
    assert answer_correct("39个", answer("共39个项目[1]", cite))
    assert not answer_correct("39个", answer("共3个[1]", cite))
    assert not answer_correct("39个", answer("共139个项目[1]", cite))
    assert not answer_correct("39个", answer("共39.5个项目[1]", cite))


def test_an_amount_and_a_count_together_both_count(article: Article) -> None:
    cite = [span(article, TOTAL)]
    gold = "39个,605.6亿元"
    assert answer_correct(gold, answer("共签约项目39个,总投资605.6亿元[1]", cite))
    assert not answer_correct(gold, answer("共签约项目39个[1]", cite))
    assert not answer_correct(gold, answer("总投资605.6亿元[1]", cite))


# ---------------------------------------------------------------------------- matching


def _gold(article: Article, quote: str, **raw: Any) -> GoldRecord:
    start = article.text.index(quote)
    return GoldRecord({"evidence": quote, **raw}, [(start, start + len(quote))])


def test_overlapping_evidence_and_an_amount_within_half_a_percent_match(article: Article) -> None:
    gold = _gold(article, "总投资2.5亿元", amount_cny=2.5e8)
    near = Deal(amount=money(2.51e8), evidence=[span(article, XINGHE)])  # 0.4% off
    far = Deal(amount=money(2.52e8), evidence=[span(article, XINGHE)])  # 0.8% off
    assert is_match(near, gold)
    assert not is_match(far, gold)


def test_the_same_evidence_with_another_amount_does_not_match(article: Article) -> None:
    gold = _gold(article, MINGYUE, amount_cny=8e9)
    assert is_match(Deal(amount=money(8e9), evidence=[span(article, MINGYUE)]), gold)
    assert not is_match(Deal(amount=money(5e9), evidence=[span(article, MINGYUE)]), gold)


def test_the_right_amount_at_the_wrong_place_does_not_match(article: Article) -> None:
    gold = _gold(article, MINGYUE, amount_cny=8e9)
    assert not is_match(Deal(amount=money(8e9), evidence=[span(article, XINGHE)]), gold)


def test_without_amounts_the_names_decide(article: Article) -> None:
    gold = _gold(article, MINGYUE, project="明月光伏组件基地项目", investors=["明月新能源公司"])
    ev = [span(article, MINGYUE)]
    assert is_match(Deal(project="明月光伏组件基地", evidence=ev), gold)
    assert is_match(Deal(investors=["明月新能源公司"], evidence=ev), gold)
    assert not is_match(Deal(project="星河智能制造基地项目", evidence=ev), gold)


def test_aggregates_without_amounts_match_on_their_count(article: Article) -> None:
    gold = _gold(article, TOTAL, count=39)
    assert is_match(Aggregate(count=39, evidence=[span(article, TOTAL)]), gold)
    assert not is_match(Aggregate(count=38, evidence=[span(article, TOTAL)]), gold)


def test_matching_is_one_to_one(article: Article) -> None:
    ev = [span(article, MINGYUE)]
    rec = Deal(amount=money(8e9), evidence=ev)
    gold = _gold(article, MINGYUE, amount_cny=8e9)
    twin = _gold(article, MINGYUE, amount_cny=8e9)
    assert match([rec], [gold, twin]) == [(0, 0)]  # one record can't match two gold records
    assert match([rec, rec], [gold]) == [(0, 0)]  # nor two records one gold record
    assert match([rec, rec], [gold, twin]) == [(0, 0), (1, 1)]


# ---------------------------------------------------------------------------- score_extraction


def _gold_deal(quote: str, cny: float | None, **more: Any) -> dict[str, Any]:
    return {
        "file": SOURCE,
        "kind": "deal",
        "evidence": quote,
        "amount_cny": cny,
        "amount_text": None if cny is None else "x",
        "amount_kind": "exact",
        "stage": "签约",
        **more,
    }


GOLD = [
    _gold_deal(XINGHE, 2.5e8, project="星河智能制造基地项目", investors=["示例科技公司"], location=""),
    _gold_deal(MINGYUE, 8e9, project="明月光伏组件基地项目", investors=["明月新能源公司"], location=""),
    {
        "file": SOURCE,
        "kind": "aggregate",
        "evidence": TOTAL,
        "count": 39,
        "amount_cny": 6.056e10,
        "amount_text": "605.6亿元",
        "amount_kind": "exact",
        "stage": "签约",
    },
]


def _result(deals: list[Deal], aggregates: list[Aggregate] | None = None) -> ArticleExtraction:
    return ArticleExtraction(source=SOURCE, backend="test", deals=deals, aggregates=aggregates or [])


def test_score_extraction_precision_recall_f1(article: Article) -> None:
    right = Deal(
        project="星河智能制造基地项目",
        investors=["示例科技公司"],
        amount=money(2.5e8),
        stage="signed",
        evidence=[span(article, XINGHE)],
    )
    spurious = Deal(project="星河园区今年招商", evidence=[span(article, "星河园区今年招商")])
    report = score_extraction({SOURCE: _result([right, spurious])}, {SOURCE: article}, GOLD)
    deals = report["deals"]
    assert (deals["tp"], deals["pred"], deals["gold"]) == (1, 2, 2)
    assert deals["precision"] == 0.5 and deals["recall"] == 0.5 and deals["f1"] == 0.5
    assert deals["fields"]["amount"] == 1.0 and deals["fields"]["stage"] == 1.0
    assert deals["fields"]["project"] == 1.0 and deals["fields"]["investors"] == 1.0
    aggs = report["aggregates"]
    assert (aggs["tp"], aggs["pred"], aggs["gold"], aggs["recall"], aggs["f1"]) == (0, 0, 1, 0.0, 0.0)
    assert report["evidence_valid"] == 1.0 and report["spans"] == 2


def test_score_extraction_can_score_zero(article: Article) -> None:
    wrong_amounts = [
        Deal(amount=money(5e9), evidence=[span(article, MINGYUE)]),
        Deal(amount=money(2.5e9), evidence=[span(article, XINGHE)]),
    ]
    report = score_extraction({SOURCE: _result(wrong_amounts)}, {SOURCE: article}, GOLD)
    assert report["deals"]["tp"] == 0
    assert report["deals"]["precision"] == report["deals"]["recall"] == report["deals"]["f1"] == 0.0
    assert report["deals"]["fields"] == {}


def test_score_extraction_checks_every_span(article: Article) -> None:
    good = span(article, MINGYUE)
    forged = good.model_copy(update={"quote": "明月光伏组件基地项目总投资90亿元"})
    deal = Deal(amount=money(8e9), evidence=[good, forged])
    report = score_extraction({SOURCE: _result([deal])}, {SOURCE: article}, GOLD)
    assert report["spans"] == 2 and report["evidence_valid"] == 0.5


def test_prf_has_no_division_by_zero() -> None:
    assert prf(0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "pred": 0, "gold": 0}
    assert prf(2, 4, 2)["f1"] == pytest.approx(0.6667)


# ---------------------------------------------------------------------------- score_qa, score_retrieval


QUESTIONS = [
    {
        "id": "a1",
        "question": "星河智能制造基地投资多少?",
        "answer": "2.5亿元",
        "answerable": True,
        "evidence": [{"file": SOURCE, "quote": "总投资2.5亿元"}],
    },
    {
        "id": "a2",
        "question": "明月光伏组件基地项目投资多少?",
        "answer": "80亿元",
        "answerable": True,
        "evidence": [{"file": SOURCE, "quote": MINGYUE}],
    },
    {"id": "u1", "question": "腾讯未来中心投资多少?", "answer": "", "answerable": False, "evidence": []},
]


def test_score_qa_counts_abstention_on_the_unanswerable(article: Article) -> None:
    answers = [
        answer("总投资2.5亿元[1]", [span(article, XINGHE)]),
        answer("总投资80亿元[1]", [span(article, MINGYUE), span(article, TOTAL)]),
        answer("资料中未找到相关信息。", abstained=True),
    ]
    report = score_qa(QUESTIONS, answers, {SOURCE: article})
    assert (report["answerable"], report["unanswerable"]) == (2, 1)
    assert report["accuracy"] == 1.0 and report["wrong"] == []
    assert report["abstention"] == 1.0 and report["answered_unanswerable"] == []
    assert report["false_abstention"] == 0.0
    assert report["citation_recall"] == 1.0
    assert report["citation_precision"] == pytest.approx(2 / 3, abs=1e-4)


def test_answering_the_unanswerable_does_not_count(article: Article) -> None:
    answers = [
        answer("资料中未找到相关信息。", abstained=True),
        answer("总投资50亿元[1]", [span(article, MINGYUE)]),
        answer("腾讯未来中心投资80亿元[1]", [span(article, MINGYUE)]),
    ]
    report = score_qa(QUESTIONS, answers, {SOURCE: article})
    assert report["abstention"] == 0.0 and report["answered_unanswerable"] == ["u1"]
    assert report["accuracy"] == 0.0 and report["wrong"] == ["a1", "a2"]
    assert report["false_abstention"] == 0.5
    assert report["citation_recall"] == 0.5


def test_score_retrieval_recall_at_k(article: Article) -> None:
    p_xinghe = article.paragraph_at(article.text.index(XINGHE))
    p_mingyue = article.paragraph_at(article.text.index(MINGYUE))
    p_total = article.paragraph_at(article.text.index(TOTAL))
    noise = [(SOURCE, 1), ("other.txt", 3), ("other.txt", 4), ("other.txt", 5)]
    hits = [
        [(SOURCE, p_xinghe)],  # first
        [*noise, (SOURCE, p_total), (SOURCE, p_mingyue)],  # sixth
        [(SOURCE, p_total)],  # unanswerable: not scored
    ]
    assert score_retrieval(QUESTIONS, hits, {SOURCE: article}) == {
        "recall@1": 0.5,
        "recall@5": 0.5,
        "recall@10": 1.0,
    }


# ---------------------------------------------------------------------------- the whole run


def test_run_eval_on_the_seeds(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, backend="rules", embedder="hash", chroma_host=None, llm_model=None)
    report = run_eval(
        ROOT / "seeds",
        ROOT / "evals/gold/deals.jsonl",
        ROOT / "evals/gold/qa.jsonl",
        backend="rules",
        settings=settings,
    )
    assert report["backend"] == "rules" and report["articles"] == 5 and report["ingest_failed"] == []
    ex = report["extraction"]
    assert ex["evidence_valid"] == 1.0 and ex["spans"] > 0
    unit: list[float] = []
    for kind in ("deals", "aggregates"):
        unit += [ex[kind][k] for k in ("precision", "recall", "f1")]
        unit += list(ex[kind]["fields"].values())
        assert ex[kind]["tp"] > 0
    qa = report["qa"]
    unit += [
        qa[k] for k in ("accuracy", "abstention", "false_abstention", "citation_recall", "citation_precision")
    ]
    unit += list(report["retrieval"].values())
    assert all(0.0 <= v <= 1.0 for v in unit), unit
    n_questions = len(load_jsonl(ROOT / "evals/gold/qa.jsonl"))
    assert qa["answerable"] + qa["unanswerable"] == n_questions and qa["accuracy"] > 0
    assert not any(tmp_path.iterdir()), "run_eval works in its own temporary store"
