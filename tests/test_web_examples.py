"""The example questions the page offers staff are answered, with citations, over the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

import extractor
from extractor.config import Settings
from extractor.web.views import EXAMPLES

from .conftest import ROOT
from .fixtures_store import store_settings


@pytest.fixture(scope="module")
def seeds_with_deals(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The seeds ingested and extracted, as ``dealqa ingest seeds/`` does."""
    settings = store_settings(Path(tmp_path_factory.mktemp("examples")) / "data")
    extractor.ingest([ROOT / "seeds"], settings=settings)
    return settings


@pytest.mark.parametrize("question", EXAMPLES)
def test_every_example_question_is_answered(seeds_with_deals: Settings, question: str) -> None:
    answer = extractor.ask(question, backend="rules", settings=seeds_with_deals)
    assert not answer.abstained, answer.answer
    assert answer.citations and all(c.quote for c in answer.citations)


def test_firms_are_not_counted_from_project_records(seeds_with_deals: Settings) -> None:
    """The records are projects: a count of firms comes from the text or not at all."""
    answer = extractor.ask("洞泾镇迎来了多少家落地企业?", backend="rules", settings=seeds_with_deals)
    assert answer.abstained or "40余家" in answer.answer


def test_a_size_class_in_a_question_bounds_the_amount() -> None:
    from extractor.qa.parse import amount_bounds

    assert amount_bounds("有哪些百亿级项目?") == (1e10, None)
    assert amount_bounds("十亿级以上的项目有几个?") == (1e9, None)
