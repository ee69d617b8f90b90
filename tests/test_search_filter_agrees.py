"""One search filter: the passages a question reads and the records it counts are held to it alike."""

from __future__ import annotations

from extractor.config import Settings
from extractor.qa.context import Context
from extractor.store import Store

from .qa_fixtures import seeded

__all__ = ["seeded"]


def test_records_and_passages_follow_one_filter(seeded: Settings) -> None:
    ctx = Context.open(seeded)
    articles = {a.source: a.published for a in Store(seeded).articles()}
    dated = sorted(d for d in articles.values() if d)
    cut = dated[len(dated) // 2]
    for filters in ({"source": sorted(articles)[1]}, {"published_from": cut}, {"published_to": cut}):
        admitted = {
            s
            for s, day in articles.items()
            if ("source" not in filters or s == filters["source"])
            and ("published_from" not in filters or (day or "") >= cut)
            and ("published_to" not in filters or (day is not None and day[:10] <= cut))
        }
        records = {d.evidence[0].source for d in ctx.deals(filters)} | {
            a.evidence[0].source for a in ctx.aggregates(filters)
        }
        hits = {h.source for h in ctx.search("项目 投资 签约", k=20, filters=filters)}
        assert records and records <= admitted, filters
        assert hits and hits <= admitted, filters
