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


def test_the_public_api_reads_what_the_cli_and_the_web_show(seeds_with_deals: Settings) -> None:
    big = extractor.query_deals(extractor.DealFilter.of(min_yi=100), settings=seeds_with_deals)
    every = extractor.query_deals(settings=seeds_with_deals)
    assert big and len(big) < len(every)
    assert all(d.amount and d.amount.cny and d.amount.cny >= 100e8 for d in big)
    listed = extractor.list_articles(settings=seeds_with_deals)
    assert len(listed) == 5
    for deal in every:
        text = extractor.get_article(deal.evidence[0].source, settings=seeds_with_deals).text
        assert all(text[s.start : s.end] == s.quote for s in deal.evidence)
    assert any(a.count for a in extractor.query_aggregates(settings=seeds_with_deals))


def test_no_module_shadows_a_public_function() -> None:
    import importlib

    importlib.import_module("extractor.deals")  # loading the submodules must not replace the functions
    importlib.import_module("extractor.ingest")
    for name in ("query_deals", "query_aggregates", "list_articles", "get_article", "ingest", "extract"):
        assert type(getattr(extractor, name)).__name__ == "function", name
