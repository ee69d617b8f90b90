"""One project identity (``text.names.same_project``), asked by every merge."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.backends.llm import LLMBackend
from extractor.backends.llm.verify import merge_drafts
from extractor.extract import extract_article
from extractor.filters import dedupe_groups
from extractor.schema import Deal, DealDraft, ExtractionDraft, Span
from extractor.testing.openai_server import FakeOpenAI
from extractor.text.article import build_article
from extractor.text.names import same_project

from .test_llm_backend import oracle, server, settings

__all__ = ["server"]  # a fixture, used by name

FULL, SHORT = "平安建设大健康产业园项目", "平安大健康产业园"
NEWS = (
    "平安园区招商动态\n"
    f"6月5日,{FULL}签约落户重庆高新区,项目总投资50亿元。\n"
    f"据悉,{SHORT}将于年内开工建设,主要发展康养产业。\n"
)
SIGNED = {
    "evidence": f"6月5日,{FULL}签约落户重庆高新区,项目总投资50亿元。",
    "project": FULL,
    "amount_text": "50亿元",
    "stage": "signed",
}
LATER = {"evidence": f"据悉,{SHORT}将于年内开工建设,主要发展康养产业。", "project": SHORT, "stage": "intent"}


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("平安大健康产业园", "平安建设大健康产业园", True),  # words left out
        ("汉江智行产业园", "汉江智行产业园项目", True),  # a trailing 项目 after another suffix
        (SHORT, FULL, True),
        ("星河基地", "星河基地", True),
        ("星河智能制造基地", "明月智能制造基地", False),  # another first character
        ("光大人工智能产业基地", "光大人工智能产业园", False),  # another ending
        ("大健康产业园", "平安建设大健康产业园", False),  # too short beside the longer one
    ],
)
def test_same_project(a: str, b: str, same: bool) -> None:
    assert same_project(a, b) is same and same_project(b, a) is same


def test_the_llm_backend_merges_two_names_of_one_park(server: FakeOpenAI, tmp_path: Path) -> None:
    server.responder = oracle(SIGNED, LATER)
    article = build_article(NEWS, source="pingan.txt")
    result = extract_article(article, backend=LLMBackend(settings(server, tmp_path)))
    (deal,) = result.deals  # the rules backend's merge, now the pipeline's for every backend
    assert deal.project == FULL and deal.amount is not None and deal.amount.text == "50亿元"
    assert [s.quote for s in deal.evidence] == [SIGNED["evidence"], LATER["evidence"]]


def test_a_window_overlap_naming_the_park_twice_is_kept_once() -> None:
    ev = SIGNED["evidence"]
    one = ExtractionDraft(deals=[DealDraft(evidence=ev, project=FULL, amount_text="50亿元")])
    two = ExtractionDraft(deals=[DealDraft(evidence=ev, project=SHORT, amount_text="50亿元")])
    other = ExtractionDraft(deals=[DealDraft(evidence=ev, project="明月光伏组件基地", amount_text="50亿元")])
    assert [d.project for d in merge_drafts([one, two, other]).deals] == [FULL, "明月光伏组件基地"]


def _deal(project: str | None, source: str) -> Deal:
    quote = f"{project or '某企业'}签约"
    return Deal(
        project=project, evidence=[Span(source=source, paragraph=1, start=0, end=len(quote), quote=quote)]
    )


def test_dedupe_groups_one_park_across_articles() -> None:
    deals = [
        _deal(FULL, "a.txt"),
        _deal("明月光伏组件基地", "a.txt"),
        _deal(SHORT, "b.txt"),
        _deal(None, "b.txt"),
    ]
    groups = dedupe_groups(deals)
    assert [[d.evidence[0].source for d in g] for g in groups] == [["a.txt", "b.txt"], ["a.txt"], ["b.txt"]]
    assert groups[0][1].project == SHORT
