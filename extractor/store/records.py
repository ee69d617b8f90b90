"""Deal and aggregate records and their extraction statuses, kept in the ``deals`` collection.

The record-level reads and writes ``extractor.deals`` needs, so that it speaks to the
store and never to the Chroma wrapper: each function takes the ``Store`` and does one thing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from ..schema import Article
from .chroma import Metadata, wrapped
from .facade import Store, article_of

Row = tuple[str, str, Metadata, str]  # id, document, metadata, the text its vector embeds


def write_records(store: Store, rows: Sequence[Row], *, sources: Sequence[str] = ()) -> None:
    """Upsert ``rows``, then delete the other records of ``sources``: new before old, so a failure
    in between leaves the old records, never none (only inside ``store.writing()``)."""
    col = store.writable("deals")
    ids = [r[0] for r in rows]
    if rows:
        # a store of today's layout keeps no vector of a record: nothing to embed (or pay for)
        vectors = store.embedder.embed([r[3] for r in rows]) if store.chroma.needs_vectors(col) else None
        store.chroma.upsert(
            col, ids, documents=[r[1] for r in rows], metadatas=[r[2] for r in rows], embeddings=vectors
        )
    if sources:
        keep = set(ids)
        stale = [i for i in store.chroma.ids(col, where={"source": {"$in": list(sources)}}) if i not in keep]
        store.chroma.delete_ids(col, stale)


def record_metadatas(store: Store, where: Mapping[str, Any]) -> Iterator[Metadata]:
    """The metadata of every record matching ``where``, page by page."""
    col = store.chroma.collection("deals")
    if col is None:
        return
    for page in store.chroma.pages(col, where=where, include=["metadatas"]):
        yield from page["metadatas"]


def find_records(
    store: Store, where: Mapping[str, Any], where_document: Mapping[str, Any] | None, *, what: str
) -> list[tuple[str, Metadata]]:
    """Documents and metadata of the records matching ``where`` (and ``where_document``, a Chroma
    document filter of ``$contains``/``$not_contains`` terms joined by ``$and``/``$or``, tested here:
    today's records keep their JSON out of Chroma's documents, see ``store.chroma``)."""
    col = store.chroma.collection("deals")
    if col is None:
        return []
    test = document_test(where_document)
    with wrapped(f"read the {what} records"):
        return [
            (doc, meta)
            for page in store.chroma.pages(col, where=where, include=["documents", "metadatas"])
            for doc, meta in zip(page["documents"], page["metadatas"], strict=True)
            if test(doc)
        ]


def document_test(where_document: Mapping[str, Any] | None) -> Callable[[str], bool]:
    """A Chroma ``where_document`` filter as a test of one document (substrings, case-sensitive,
    as Chroma matches them)."""
    if not where_document:
        return lambda doc: True
    if len(where_document) != 1:
        raise ValueError(f"one operator per document filter, not {dict(where_document)!r}")
    ((op, arg),) = where_document.items()
    if op in ("$and", "$or"):
        parts = [document_test(p) for p in arg]
        join = all if op == "$and" else any
        return lambda doc: join(t(doc) for t in parts)
    if op in ("$contains", "$not_contains") and isinstance(arg, str):
        wanted = op == "$contains"
        return lambda doc: (arg in doc) == wanted
    raise ValueError(f"unsupported document filter {dict(where_document)!r}")


def articles_by_source(store: Store, sources: Sequence[str], *, batch: int = 256) -> Iterator[Article]:
    """The stored articles among ``sources``, full text included, a batch of reads at a time
    (one read per article costs a Chroma call each: minutes for a large store)."""
    col = store.chroma.collection("articles")
    if col is None:
        return
    for i in range(0, len(sources), batch):
        got = store.chroma.get(col, sources[i : i + batch], include=["documents", "metadatas"])
        for id_, doc, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
            yield article_of(id_, doc, meta)
