"""A store's extraction run holds a batch of articles at a time, never the whole store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import extractor.deals as deals_module
from extractor.deals import extract_pending
from extractor.extract import extract_many
from extractor.ingest import ingest
from extractor.schema import Article
from extractor.store import Store
from extractor.store import records as store_records
from extractor.text.article import build_article

from .conftest import SEEDS, offline_settings


def test_a_run_reads_the_articles_in_batches_not_the_whole_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = offline_settings(tmp_path / "data")
    assert ingest([SEEDS], settings=settings).ok

    def whole_store(self: Store) -> list[Article]:
        raise AssertionError("an extraction run must not load every article at once")

    reads: list[int] = []
    real = store_records.articles_by_source

    def counted(store: Store, sources: list[str], **kw: object) -> Iterator[Article]:
        reads.append(len(sources))
        return real(store, sources)

    monkeypatch.setattr(Store, "articles", whole_store)
    monkeypatch.setattr("extractor.deals.articles_by_source", counted)
    monkeypatch.setattr(deals_module, "_READ_BATCH", 2)
    batch, skipped = extract_pending(Store(settings), backend="rules", settings=settings)
    assert len(batch.results) == 5 and skipped == 0 and reads == [2, 2, 1]
    # a second run reads nothing: everything is extracted
    reads.clear()
    batch, skipped = extract_pending(Store(settings), backend="rules", settings=settings)
    assert batch.results == [] and skipped == 5 and reads == []


def test_one_worker_reads_an_iterable_as_it_goes() -> None:
    pulled: list[int] = []

    def articles() -> Iterator[Article]:
        for i in range(3):
            pulled.append(i)
            yield build_article(f"第{i}篇\n\n甲公司投资{i + 1}亿元建设乙项目。", source=f"a{i}.txt")

    seen_when_done: list[int] = []
    extract_many(articles(), backend="rules", on_done=lambda *_: seen_when_done.append(len(pulled)))
    assert seen_when_done == [1, 2, 3]


def test_a_store_run_can_count_its_results_without_keeping_them(tmp_path: Path) -> None:
    kept, counted = offline_settings(tmp_path / "kept"), offline_settings(tmp_path / "counted")
    assert ingest([SEEDS], settings=kept).ok and ingest([SEEDS], settings=counted).ok
    full, _ = extract_pending(Store(kept), backend="rules", settings=kept)
    batch, _ = extract_pending(Store(counted), backend="rules", settings=counted, keep_results=False)
    assert batch.results == []  # nothing of the batch held in memory
    assert batch.totals == full.totals  # the same counts as a run that keeps its results
    assert batch.totals.extracted == len(full.results) == len(list(SEEDS.glob("*.txt")))
    assert batch.totals.deals == sum(len(r.deals) for r in full.results) > 0
