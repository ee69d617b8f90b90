"""Deal records are read in pages: a large store's records never go through one unpaged get."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from extractor.config import Settings
from extractor.deals import query_aggregates, query_deals
from extractor.filters import DealFilter
from extractor.store import Store

from .qa_fixtures import seeded

__all__ = ["seeded"]


def test_small_pages_read_every_record(seeded: Settings) -> None:
    whole = Store(seeded)
    paged = Store(seeded)
    paged.chroma._batch = 3  # pages of three records
    pages: list[int] = []
    read = paged.chroma.pages

    def counted(*args: Any, **kwargs: Any) -> Iterator[dict[str, Any]]:
        for page in read(*args, **kwargs):
            pages.append(len(page["ids"]))
            yield page

    paged.chroma.pages = counted  # type: ignore[method-assign]
    for flt in (DealFilter(), DealFilter.of(min_yi=10), DealFilter.of(place="重庆")):
        expected = sorted(d.model_dump_json() for d in query_deals(whole, flt))
        assert expected, flt
        assert sorted(d.model_dump_json() for d in query_deals(paged, flt)) == expected
    assert len(query_aggregates(paged)) == len(query_aggregates(whole)) > 3
    assert len(pages) > 3 and max(pages) <= 3  # the records came in pages, none larger than asked
