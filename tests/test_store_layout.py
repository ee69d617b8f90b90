"""The store's record layout: today's articles and deals collections keep no vectors and no Chroma
documents (their text in metadata), and a store written in the older layout still opens and answers
the same."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from extractor.config import Settings
from extractor.deals import extract_pending, query_aggregates, query_deals
from extractor.filters import DealFilter
from extractor.ingest import get_article, ingest
from extractor.qa import ask
from extractor.store import Store
from extractor.store.chroma import DOCUMENT, KINDS, LAYOUT
from extractor.store.packing import SUFFIX
from extractor.store.records import document_test

from .conftest import ROOT, SEEDS, seed_path
from .fixtures_store import chroma_server, store_settings

__all__ = ["chroma_server"]

QUESTIONS = [
    json.loads(line)["question"]
    for line in (ROOT / "evals/gold/qa.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
][:10]


def _old_layout(settings: Settings) -> None:
    """Create the three collections as the previous version did: full vectors, no layout mark
    (every write then keeps that collection's layout: documents in Chroma, a vector per record)."""
    store = Store(settings)
    meta = {"embedder": store.embedder.name, "dim": store.embedder.dim}
    for kind in KINDS:
        store.chroma.client.get_or_create_collection(
            store.chroma.name(kind),
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
            metadata=meta,
        )


def _build(settings: Settings, *, old: bool) -> Settings:
    if old:
        _old_layout(settings)
    assert ingest([SEEDS], settings=settings).ok
    batch, _ = extract_pending(Store(settings), backend="rules", settings=settings)
    assert batch.ok
    return settings


def _raw(settings: Settings, kind: str) -> dict[str, Any]:
    """One record of ``kind`` as Chroma holds it (not through the store's reading of it)."""
    col = Store(settings).chroma.collection(kind)
    assert col is not None
    got: Any = col.get(limit=1, include=["documents", "metadatas", "embeddings"])
    return {
        "document": got["documents"][0],
        "metadata": got["metadatas"][0],
        "dim": len(got["embeddings"][0]),
    }


def _fts_rows(settings: Settings) -> int:
    db = sqlite3.connect(f"file:{settings.data_dir / 'chroma' / 'chroma.sqlite3'}?mode=ro", uri=True)
    try:
        (n,) = db.execute("select count(*) from embedding_fulltext_search_content").fetchone()
    finally:
        db.close()
    return int(n)


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Settings]:
    """The seeds, extracted, in a store of the older layout and in one of today's."""
    base = tmp_path_factory.mktemp("layout")
    old = _build(store_settings(base / "old"), old=True)
    new = _build(store_settings(base / "new"), old=False)
    return old, new


def test_todays_store_keeps_no_vectors_or_documents_but_for_chunks(stores: tuple[Settings, Settings]) -> None:
    old, new = stores
    dim = Store(new).embedder.dim
    for kind in ("articles", "deals"):
        col = Store(new).chroma.collection(kind)
        assert col is not None and (col.metadata or {}).get("layout") == LAYOUT
        raw = _raw(new, kind)
        assert raw["document"] is None and raw["dim"] == 1 and raw["metadata"][DOCUMENT + SUFFIX]
        before = _raw(old, kind)
        assert before["document"] and before["dim"] == dim
        assert not {DOCUMENT, DOCUMENT + SUFFIX} & set(before["metadata"])
    assert _raw(new, "chunks")["dim"] == dim  # the only vectors searched
    assert _fts_rows(new) == 0 < _fts_rows(old)  # nothing in Chroma's full-text index


def test_an_older_store_answers_as_todays_does(stores: tuple[Settings, Settings]) -> None:
    old, new = stores
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert get_article(path.name, old).text == get_article(path.name, new).text == text
    for question in QUESTIONS:
        a, b = ask(question, settings=old, backend="rules"), ask(question, settings=new, backend="rules")
        assert (a.answer, [c.quote for c in a.citations]) == (b.answer, [c.quote for c in b.citations])
        assert [(h.source, h.start) for h in Store(old).search(question, k=8)] == [
            (h.source, h.start) for h in Store(new).search(question, k=8)
        ]
    deals = query_deals(Store(new))
    assert len(deals) >= 10
    investor = next(i for d in deals for i in d.investors)
    place = next(d.location.text for d in deals if d.location and d.location.text)
    for flt in (DealFilter(), DealFilter(investor=investor), DealFilter(place=place, min_cny=1e8)):
        got = [d.model_dump_json() for d in query_deals(Store(old), flt)]
        assert sorted(got) == sorted(d.model_dump_json() for d in query_deals(Store(new), flt))
    assert len(query_aggregates(Store(old))) == len(query_aggregates(Store(new))) > 0


def test_todays_layout_written_into_an_older_store_stays_old(stores: tuple[Settings, Settings]) -> None:
    old, _ = stores
    path = seed_path("001")
    with Store(old).writing() as store:  # a re-extraction and a re-ingest write the old layout again
        store.delete_source(path.name)
    assert ingest([path], settings=old).ingested == 1
    extract_pending(Store(old), backend="rules", settings=old)
    assert get_article(path.name, old).text == path.read_text(encoding="utf-8")
    for kind in ("articles", "deals"):
        assert not {DOCUMENT, DOCUMENT + SUFFIX} & set(_raw(old, kind)["metadata"])
    assert any(path.name == d.evidence[0].source for d in query_deals(Store(old)))


def test_document_filters_match_as_chromas() -> None:
    doc = '{"project": "光大人工智能产业基地", "investors": ["ABC"]}'
    assert document_test(None)(doc) and document_test({"$contains": "光大"})(doc)
    assert not document_test({"$contains": "abc"})(doc)  # case-sensitive, as Chroma's $contains
    assert document_test({"$and": [{"$contains": "光大"}, {"$not_contains": "华润"}]})(doc)
    assert not document_test({"$and": [{"$contains": "光大"}, {"$contains": "华润"}]})(doc)
    assert document_test({"$or": [{"$contains": "华润"}, {"$contains": "ABC"}]})(doc)
    with pytest.raises(ValueError, match="unsupported"):
        document_test({"$regex": "光.*"})


def _long_article(tmp: Path) -> Path:
    """An article near the ingest's cap (2,000,000 characters), ending in a deal."""
    filler = "本市持续优化营商环境，推动产业转型升级。" * 90_000
    path = tmp / "long.txt"
    path.write_text(filler + "\n\n星河智造园项目总投资88亿元，落户高新区。\n", encoding="utf-8")
    return path


def test_a_long_article_round_trips_in_metadata(tmp_path: Path) -> None:
    settings = store_settings(tmp_path / "data")
    path = _long_article(tmp_path)
    assert ingest([path], settings=settings).ok
    text = path.read_text(encoding="utf-8")
    assert len(text) > 1_800_000 and get_article(path.name, settings).text == text
    hits = Store(settings).search("星河智造园 总投资", k=3)
    assert hits and all(h.text == text[h.start : h.end] for h in hits)


@pytest.mark.server
def test_todays_layout_on_a_chroma_server(chroma_server: int, tmp_path: Path) -> None:
    settings = store_settings(
        tmp_path / "data", chroma_host="127.0.0.1", chroma_port=chroma_server, collection_prefix="layout"
    )
    _build(settings, old=False)
    path = _long_article(tmp_path)
    assert ingest([path], settings=settings).ok
    assert get_article(path.name, settings).text == path.read_text(encoding="utf-8")
    for kind in ("articles", "deals"):
        raw = _raw(settings, kind)
        assert raw["document"] is None and raw["dim"] == 1 and raw["metadata"][DOCUMENT + SUFFIX]
    deals = query_deals(Store(settings))
    investor = next(i for d in deals for i in d.investors)
    assert query_deals(Store(settings), DealFilter(investor=investor))
    answer = ask("光大人工智能产业基地总投资多少?", settings=settings, backend="rules")
    assert "200亿元" in answer.answer
