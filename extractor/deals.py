"""Deals beside their paragraphs: persist extractions, query them, resume a batch.

Each verified deal and aggregate is a record of the ``deals`` collection: the
document is the record's JSON, the metadata carries its normalised fields
(amount in yuan, province/city/district, stage, industry, date as a day
number, investors), so filters run inside Chroma in embedded and server mode
alike. One ``status`` record per article says which content hash and backend
it was extracted with, and whether that failed — which is how a re-run knows
to resume only what failed, changed or is new.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from .backends import Backend, get_backend
from .config import Settings, get_settings
from .extract import BatchResult, extract_many
from .filters import DatedDeal, DealFilter
from .guard import describe, keep_old
from .schema import Aggregate, Article, ArticleExtraction, Deal
from .store import Store
from .store.records import articles_by_source, find_records, record_metadatas, write_records
from .text.dates import day_number

STATUS = "status"
# Deal writes are batched: Chroma's cost per write call dominates small writes.
SAVE_BATCH = 64
_READ_BATCH = 256  # articles read from the store at a time: a run holds no more of them than that


def _meta(record: Deal | Aggregate, article: Article, backend: str, kind: str) -> dict[str, Any]:
    amount = record.amount
    meta: dict[str, Any] = {
        "kind": kind,
        "title": article.title,
        "published": article.published,
        "published_day": day_number(article.published),
        "sha256": article.sha256,
        "backend": backend,
        "stage": record.stage,
        "paragraph": record.evidence[0].paragraph,
        "cny": amount.cny if amount else None,
        "amount_value": amount.value if amount else None,
        "currency": amount.currency if amount else None,
        "amount_kind": amount.kind if amount else None,
    }
    if isinstance(record, Deal):
        loc = record.location
        meta |= {
            "project": record.project,
            "investors": "、".join(record.investors) or None,
            "location": loc.text if loc else None,
            "province": loc.province if loc else None,
            "city": loc.city if loc else None,
            "district": loc.district if loc else None,
            "industry": record.industry,
            "date": record.date.value if record.date else None,
            "date_day": day_number(record.date.value) if record.date else None,
        }
    else:
        meta |= {"count": record.count, "measure": record.measure, "scope": record.scope}
    return meta


def _describe(record: Deal | Aggregate) -> str:
    if isinstance(record, Deal):
        parts = [record.project, *record.investors, record.location.text if record.location else None]
        parts.append(record.industry)
    else:
        parts = [record.scope]
    return " ".join(p for p in [*parts, record.evidence[0].quote] if p)


def _records_of(
    article: Article, extraction: ArticleExtraction
) -> list[tuple[str, str, dict[str, Any], str]]:
    """``(id, document, metadata, text to embed)`` for every record of one extraction, status last."""
    key = f"{article.source}@{article.sha256[:12]}"
    out: list[tuple[str, str, dict[str, Any], str]] = []
    records: list[tuple[str, Deal | Aggregate]] = [(f"d{i}", d) for i, d in enumerate(extraction.deals)]
    records += [(f"a{i}", a) for i, a in enumerate(extraction.aggregates)]
    for suffix, rec in records:
        kind = "deal" if isinstance(rec, Deal) else "aggregate"
        meta = {**_meta(rec, article, extraction.backend, kind), "source": article.source}
        out.append((f"{key}:{suffix}", rec.model_dump_json(), meta, _describe(rec)))
    status = {
        "kind": STATUS,
        "source": article.source,
        "sha256": article.sha256,
        "backend": extraction.backend,
        "ok": True,
        "deals": len(extraction.deals),
        "aggregates": len(extraction.aggregates),
        "at": time.time(),
    }
    out.append(
        (f"{key}:status", extraction.diagnostics.model_dump_json(), status, article.title or article.source)
    )
    return out


def save_extractions(store: Store, done: list[tuple[Article, ArticleExtraction]]) -> None:
    """Replace each article's deals with its new extraction's, in one write for the whole batch.

    New records are written first, then the articles' other records are deleted,
    so a failure in between leaves the old records, never none.
    """
    if not done:
        return
    rows = [row for article, extraction in done for row in _records_of(article, extraction)]
    write_records(store, rows, sources=sorted({article.source for article, _ in done}))


def save_extraction(store: Store, article: Article, extraction: ArticleExtraction) -> None:
    """Replace the article's deals with this extraction's (and mark it done)."""
    save_extractions(store, [(article, extraction)])


def record_failure(store: Store, article: Article, backend: str, error: str) -> None:
    """Remember a failed extraction (the article's previous deals stay until one succeeds)."""
    meta: dict[str, Any] = {"kind": STATUS, "source": article.source, "sha256": article.sha256}
    meta["backend"] = backend
    meta |= {"ok": False, "error": error[:500], "at": time.time()}
    document = json.dumps({"error": error}, ensure_ascii=False)
    write_records(
        store, [(f"{article.source}@failed:status", document, meta, article.title or article.source)]
    )


def statuses(store: Store) -> dict[str, dict[str, Any]]:
    """Per source, the latest extraction status."""
    out: dict[str, dict[str, Any]] = {}
    for meta in record_metadatas(store, {"kind": STATUS}):
        prev = out.get(meta["source"])
        if prev is None or meta.get("at", 0) >= prev.get("at", 0):
            out[meta["source"]] = dict(meta)
    return out


def pending(store: Store, articles: list[Article], backend: str) -> list[Article]:
    """Articles with no successful extraction of their current text by this backend."""
    todo = set(pending_sources(store, {a.source: a.sha256 for a in articles}, backend))
    return [a for a in articles if a.source in todo]


def pending_sources(store: Store, shas: dict[str, str], backend: str) -> list[str]:
    """The sources (of ``shas``: source → sha256 of its current text) with no successful
    extraction of that text by this backend, sorted."""
    done = statuses(store)
    return sorted(
        source
        for source, sha in shas.items()
        if not (
            (s := done.get(source)) and s.get("ok") and s.get("sha256") == sha and s.get("backend") == backend
        )
    )


def extract_pending(
    store: Store,
    *,
    backend: str | Backend | None = None,
    settings: Settings | None = None,
    on_done: Callable[[Article, ArticleExtraction | None, str | None], None] | None = None,
    keep_results: bool = True,
) -> tuple[BatchResult, int]:
    """Extract every article that is new, changed or failed before; ``(result, skipped)``.
    ``keep_results=False``: the results are stored and counted, not kept (a large store's run)."""
    settings = settings or get_settings()
    engine = get_backend(backend, settings) if backend is None or isinstance(backend, str) else backend
    name = engine.name
    shas = store.article_shas()  # metadata only: the texts are read a batch at a time below
    sources = pending_sources(store, shas, name)
    todo = (
        article
        for i in range(0, len(sources), _READ_BATCH)
        for article in articles_by_source(store, sources[i : i + _READ_BATCH])
    )

    buffer: list[tuple[Article, ArticleExtraction]] = []
    stored = _record_counts(store) if sources else {}

    def done(article: Article, result: ArticleExtraction | None, error: str | None) -> None:
        if result is not None and keep_old(stored.get(article.source, 0), result):
            # a model that is down or wrong must not erase good records: keep them, flag the article
            error = describe(article.source, stored[article.source], result)
            result = None
        if result is not None:
            buffer.append((article, result))
            if len(buffer) >= SAVE_BATCH:
                save_extractions(store, buffer)
                buffer.clear()
        else:
            record_failure(store, article, name, error or "unknown error")
        if on_done:
            on_done(article, result, error)

    with store.writing():  # one lock for the batch: no other writer between two articles
        try:
            batch = extract_many(
                todo,
                backend=engine,
                settings=settings,
                on_done=done,
                expected=len(sources),
                keep_results=keep_results,
            )
        finally:
            save_extractions(store, buffer)  # what was extracted is kept, even if the batch stops
    return batch, len(shas) - len(sources)


def _record_counts(store: Store) -> dict[str, int]:
    """Per source, how many deal and aggregate records its current text has (metadata only)."""
    current = store.article_shas()
    counts: dict[str, int] = {}
    for meta in record_metadatas(store, {"kind": {"$in": ["deal", "aggregate"]}}):
        source = str(meta.get("source"))
        if current.get(source) == meta.get("sha256"):
            counts[source] = counts.get(source, 0) + 1
    return counts


def query_deals(store: Store, flt: DealFilter | None = None) -> list[Deal]:
    """Stored deals matching ``flt``: run in Chroma, then held to their fields by ``flt.matches``."""
    return [d.deal for d in query_dated_deals(store, flt)]


def query_dated_deals(store: Store, flt: DealFilter | None = None) -> list[DatedDeal]:
    """``query_deals`` with each deal's article date, which dates (and filters) the deals that have none."""
    flt = flt or DealFilter()
    found = [
        DatedDeal(Deal.model_validate_json(doc), meta.get("published") or None)
        for doc, meta in _query(store, flt, "deal")
    ]
    return flt.select_dated(found)


def query_aggregates(store: Store, flt: DealFilter | None = None) -> list[Aggregate]:
    return [Aggregate.model_validate_json(doc) for doc, _ in _query(store, flt or DealFilter(), "aggregate")]


def _query(store: Store, flt: DealFilter, kind: str) -> list[tuple[str, dict[str, Any]]]:
    """Documents and metadata of matching records extracted from the articles' *current* text only."""
    found = find_records(store, flt.to_where(kind), flt.where_document(), what=kind)
    current = store.article_shas()
    return [(doc, meta) for doc, meta in found if current.get(str(meta.get("source"))) == meta.get("sha256")]


