"""Re-extraction never silently loses records: a far poorer new extraction keeps the old one."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.backends.llm import LLMBackend
from extractor.config import Settings
from extractor.extract import extract_article
from extractor.guard import describe, keep_old, why_keep_old
from extractor.schema import ArticleExtraction, Deal, Span
from extractor.testing.openai_server import start_server
from extractor.text.article import build_article

from .conftest import SEEDS


def result(n: int, backend: str = "llm") -> ArticleExtraction:
    span = Span(source="a.txt", paragraph=1, start=0, end=1, quote="甲")
    return ArticleExtraction(
        source="a.txt", backend=backend, deals=[Deal(project=f"项目{i}", evidence=[span]) for i in range(n)]
    )


@pytest.mark.parametrize(
    ("old", "new", "kept"),
    [
        (0, 0, False),  # nothing to lose
        (0, 3, False),
        (5, 5, False),
        (5, 9, False),  # more is never a loss
        (5, 3, False),  # 60% kept: ordinary churn
        (2, 1, False),  # one record fewer
        (1, 0, True),  # none where there were some
        (489, 0, True),
        (10, 4, True),  # under half, and 6 lost
        (3, 1, True),
    ],
)
def test_keep_old(old: int, new: int, kept: bool) -> None:
    assert keep_old(old, result(new)) is kept
    assert (why_keep_old(old, result(new)) is not None) is kept


def test_the_summary_line_says_how_much_changed_and_why() -> None:
    assert describe("a.txt", 12, result(0)).startswith("a.txt: 12 → 0 (-12) by llm; 新抽取结果为空")
    assert describe("a.txt", 2, result(3, "rules")) == "a.txt: 2 → 3 (+1) by rules"


def test_a_model_answering_nothing_does_not_replace_the_rules_records(tmp_path: Path) -> None:
    """The probe's failure: an LLM server that answers every article with an empty, valid draft."""
    (path,) = SEEDS.glob("004_*.txt")
    article = build_article(path.read_text(encoding="utf-8"), source=path.name)
    old = extract_article(article, backend="rules")
    old_count = len(old.deals) + len(old.aggregates)
    assert old_count >= 5
    with start_server() as server:  # its default answer: {"deals": [], "aggregates": []}
        settings = Settings(
            llm_model="test-model", llm_base_url=server.base_url, llm_api_key="test", data_dir=tmp_path
        )
        new = extract_article(article, backend=LLMBackend(settings), settings=settings)
    assert new.deals == [] and new.aggregates == [] and new.diagnostics.calls >= 1
    assert keep_old(old_count, new)
    assert not keep_old(old_count, old)  # the same extraction again replaces freely
