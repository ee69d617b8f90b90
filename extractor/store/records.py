"""Deal and aggregate records and their extraction statuses, kept in the ``deals`` collection.

The record-level reads and writes ``extractor.deals`` needs, so that it speaks to the
store and never to the Chroma wrapper: each function takes the ``Store`` and does one thing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
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
        vectors = store.embedder.embed([r[3] for r in rows])
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
    """Documents and metadata of the records matching ``where`` (and ``where_document``)."""
    col = store.chroma.collection("deals")
    if col is None:
        return []
    with wrapped(f"read the {what} records"):
        return [
            (doc, meta)
            for page in store.chroma.pages(
                col, where=where, where_document=where_document, include=["documents", "metadatas"]
            )
            for doc, meta in zip(page["documents"], page["metadatas"], strict=True)
        ]


def article_shas(store: Store) -> dict[str, str]:
    """The sha256 of each stored article's current text, by source."""
    col = store.chroma.collection("articles")
    if col is None:
        return {}
    return {
        id_: str(meta.get("sha256"))
        for page in store.chroma.pages(col, include=["metadatas"])
        for id_, meta in zip(page["ids"], page["metadatas"], strict=True)
    }


def articles_by_source(store: Store, sources: Sequence[str], *, batch: int = 256) -> Iterator[Article]:
    """The stored articles among ``sources``, full text included, a batch of reads at a time
    (one read per article costs a Chroma call each: minutes for a large store)."""
    col = store.chroma.collection("articles")
    if col is None:
        return
    for i in range(0, len(sources), batch):
        with wrapped("read article texts", where=store.chroma.where):
            got: Any = col.get(ids=list(sources[i : i + batch]), include=["documents", "metadatas"])
        for id_, doc, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
            yield article_of(id_, doc, meta)
