"""The same ingest and search against a real ``chroma run`` server on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.errors import EmbedderMismatchError
from extractor.ingest import get_article, ingest, list_sources
from extractor.store import Store

from .conftest import SEEDS, seed_path
from .fixtures_store import chroma_server, store_settings

__all__ = ["chroma_server"]


@pytest.mark.server
def test_ingest_and_search_in_server_mode(chroma_server: int, tmp_path: Path) -> None:
    settings = store_settings(
        tmp_path / "data", chroma_host="127.0.0.1", chroma_port=chroma_server, collection_prefix="srv"
    )
    report = ingest([SEEDS], settings=settings)
    assert report.ok and report.ingested == 5
    assert not (tmp_path / "data" / "chroma").exists(), "server mode must not write an embedded store"
    again = ingest([SEEDS], settings=settings)
    assert (again.ingested, again.skipped_unchanged) == (0, 5)

    hits = Store(settings).search("光大人工智能产业基地总投资多少", k=5)
    assert hits[0].source == seed_path("004").name and "总投资200亿元" in hits[0].text
    article = get_article(hits[0].source, settings)
    assert all(get_article(h.source, settings).text[h.start : h.end] == h.text for h in hits)
    assert article.text == seed_path("004").read_text(encoding="utf-8")
    assert [r["id"] for r in list_sources(settings)] == sorted(p.name for p in SEEDS.glob("*.txt"))
    only = Store(settings).search("投资", k=5, filters={"source": seed_path("002").name})
    assert {h.source for h in only} == {seed_path("002").name}

    with pytest.raises(EmbedderMismatchError):
        Store(settings.with_(embed_dim=128)).search("投资")


@pytest.mark.server
def test_a_changed_file_replaces_its_chunks_on_the_server(chroma_server: int, tmp_path: Path) -> None:
    settings = store_settings(
        tmp_path / "data", chroma_host="127.0.0.1", chroma_port=chroma_server, collection_prefix="srv2"
    )
    path = tmp_path / "a.txt"
    path.write_text("甲公司签约落户高新区。\n\n项目总投资10亿元。", encoding="utf-8")
    assert ingest([path], settings=settings).ingested == 1
    path.write_text("甲公司签约落户高新区。\n\n项目总投资30亿元，建设研发中心。", encoding="utf-8")
    assert ingest([path], settings=settings).ingested == 1
    col = Store(settings).chroma.collection("chunks")
    assert col is not None
    sha = get_article("a.txt", settings).sha256
    metas = col.get(where={"source": "a.txt"})["metadatas"]
    assert metas and all(m["sha256"] == sha for m in metas)
    assert "30亿元" in Store(settings).search("总投资", k=1)[0].text
