"""The store: hybrid search over the seeds, filters, articles, records, embedder checks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest

from extractor.config import Settings
from extractor.errors import ConfigError, EmbedderMismatchError, InputError, NotFoundError, StoreError
from extractor.ingest import ingest
from extractor.store import HashEmbedder, OpenAIEmbedder, Store
from extractor.store.filters import matcher, to_where
from extractor.store.fusion import rrf
from extractor.text.article import build_article
from extractor.text.dates import day_number

from .conftest import SEEDS, seed_article, seed_path
from .fixtures_store import seeded_settings, settings, store_settings

__all__ = ["seeded_settings", "settings"]  # fixtures used below

QUESTION = "光大人工智能产业基地总投资多少"
S002 = seed_path("002").name
S004 = seed_path("004").name


# --------------------------------------------------------------------------- search


def test_the_investment_question_finds_its_paragraph_first(seeded_settings: Settings) -> None:
    hits = Store(seeded_settings).search(QUESTION, k=5)
    top = hits[0]
    assert top.source == S004
    assert "总投资200亿元" in top.text
    article = seed_article("004")
    (n,) = [p.n for p in article.paragraphs if article.paragraph_text(p.n).startswith("平安大健康产业园")]
    assert n in top.paragraphs
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_hits_are_exact_slices_of_their_articles(seeded_settings: Settings) -> None:
    store = Store(seeded_settings)
    for query in (QUESTION, "洞泾镇 人工智能", "招商引资 签约 项目", "health"):
        hits = store.search(query, k=8)
        assert len(hits) <= 8
        assert len({(h.source, h.start) for h in hits}) == len(hits)
        for h in hits:
            article = store.get_article(h.source)
            assert article.text[h.start : h.end] == h.text
            assert h.paragraphs == [p.n for p in article.paragraphs if p.start < h.end and h.start < p.end]
            assert h.title == article.title


def test_filters(seeded_settings: Settings) -> None:
    store = Store(seeded_settings)
    assert {h.source for h in store.search("投资 项目", k=10, filters={"source": S002})} == {S002}
    two = {S002, S004}
    assert {h.source for h in store.search("投资 项目", k=20, filters={"source": sorted(two)})} == two
    dated = {a.source: a.published for a in map(store.get_article, [r["id"] for r in store.list_sources()])}
    since = "2021-09-01"
    hits = store.search("投资 项目", k=20, filters={"published_from": since})
    assert hits and all((dated[h.source] or "") >= since for h in hits)
    assert {h.source for h in hits} == {s for s, d in dated.items() if d and d >= since}
    hits = store.search("投资", k=20, filters={"published_from": "2021", "published_to": "2021-12"})
    assert hits and all((dated[h.source] or "").startswith("2021") for h in hits)
    title = store.get_article(S002).title
    assert {h.source for h in store.search("投资", k=5, filters={"title": title})} == {S002}
    assert all(h.paragraphs[0] == 1 for h in store.search("投资", k=5, filters={"p_first": 1}))
    assert store.search("投资", filters={"source": "nothing-like-this.txt"}) == []
    assert store.search("投资", filters={"source": []}) == []
    with pytest.raises(InputError, match="ISO date"):
        store.search("投资", filters={"published_from": "last week"})


def test_filter_translations_agree() -> None:
    metas = [
        {"source": "a", "published_day": 20210601, "title": "x", "p_first": 1},
        {"source": "b", "published_day": 20220630, "title": "y", "p_first": 2},
        {"source": "c", "title": "x", "p_first": 1},
    ]
    cases: list[dict[str, Any]] = [
        {"source": "a"},
        {"source": ["a", "c"]},
        {"published_from": "2022"},
        {"published_to": "2021-06-30", "title": "x"},
        {"p_first": 1, "source": None},
    ]
    expected = [["a"], ["a", "c"], ["b"], ["a"], ["a", "c"]]
    for flt, want in zip(cases, expected, strict=True):
        test = matcher(flt)
        assert test is not None
        assert [m["source"] for m in metas if test(m)] == want
        assert to_where(flt) is not None
    assert to_where({}) is None and matcher(None) is None
    assert to_where({"source": "a", "p_first": 1}) == {
        "$and": [{"source": {"$eq": "a"}}, {"p_first": {"$eq": 1}}]
    }
    assert day_number("2021-07") == 20210701 and day_number("2021-07", end=True) == 20210731
    assert day_number("nonsense") is None


def test_rrf_rewards_agreement() -> None:
    fused = rrf([["a", "b", "c"], ["b", "d"]])
    assert [i for i, _ in fused] == ["b", "a", "d", "c"]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)


def test_degenerate_queries(seeded_settings: Settings, settings: Settings) -> None:
    store = Store(seeded_settings)
    assert store.search("   ") == []
    assert store.search(QUESTION, k=0) == []
    assert len(store.search("的 了 吗", k=3)) <= 3  # only stopwords: vector results alone
    empty = Store(settings)
    assert empty.search(QUESTION) == []
    assert empty.list_sources() == []
    with pytest.raises(NotFoundError):
        empty.get_article(S002)


# --------------------------------------------------------------------------- articles


def test_articles_round_trip(seeded_settings: Settings) -> None:
    store = Store(seeded_settings)
    rows = store.list_sources()
    assert [r["id"] for r in rows] == sorted(p.name for p in SEEDS.glob("*.txt"))
    for row in rows:
        original = build_article((SEEDS / row["id"]).read_text(encoding="utf-8"), source=row["id"])
        stored = store.get_article(row["id"])
        assert stored.text == original.text and stored.sha256 == original.sha256
        assert stored.paragraphs == original.paragraphs
        assert (row["title"], row["published"], row["paragraphs"]) == (
            original.title,
            original.published,
            len(original.paragraphs),
        )
        assert row["chunks"] > 0
    assert [a.source for a in store.articles()] == [r["id"] for r in rows]
    with pytest.raises(NotFoundError, match="sources"):
        store.get_article("missing.txt")


def test_a_search_sees_what_was_ingested_after_it(settings: Settings, tmp_path: Path) -> None:
    store = Store(settings)
    assert ingest([seed_path("000")], settings=settings).ok
    assert store.search("蓉聚向新力")[0].source == seed_path("000").name
    new = tmp_path / "new.txt"
    new.write_text("独角兽企业星河科技落户滨江新区\n\n星河科技总投资88亿元建设星河智造园。", encoding="utf-8")
    assert ingest([new], settings=settings).ingested == 1
    hits = store.search("星河智造园 总投资", k=3)  # same Store, its BM25 index built before the ingest
    assert hits[0].source == "new.txt" and "88亿元" in hits[0].text


def test_replace_records_and_delete_source(settings: Settings) -> None:
    assert ingest([seed_path("002"), seed_path("003")], settings=settings).ok
    store = Store(settings)
    vec = store.embedder.embed(["a", "b", "c"])
    with store.writing():
        store.replace_records("deals", S002, ["d1", "d2"], ["x", "y"], [{"kind": "deal"}] * 2, vec[:2])
        store.replace_records("deals", S002, ["d2", "d3"], ["y", "z"], [{"kind": "deal"}] * 2, vec[1:])
    deals = store.chroma.collection("deals")
    assert deals is not None
    assert sorted(deals.get(where={"source": S002})["ids"]) == ["d2", "d3"]
    with store.writing():
        store.delete_source(S002)
    assert deals.get(where={"source": S002})["ids"] == []
    assert [r["id"] for r in store.list_sources()] == [seed_path("003").name]
    assert {h.source for h in store.search("洞泾 人工智能", k=10)} <= {seed_path("003").name}


def test_generations_tell_readers_what_changed(settings: Settings) -> None:
    assert ingest([seed_path("002")], settings=settings).ok
    store = Store(settings)
    first, text = store.chroma.generation(), store.chroma.generation("text_generation")
    assert first and text
    with store.writing():
        pass  # nothing written: nothing to publish
    assert store.chroma.generation() == first
    with store.writing():
        deals = store.writable("deals")
        store.chroma.upsert(
            deals, ["d"], documents=["{}"], metadatas=[{"source": S002}], embeddings=[[0.5] * 1024]
        )
    assert store.chroma.generation() != first  # deal caches must drop
    assert store.chroma.generation("text_generation") == text  # the BM25 index stays
    assert ingest([seed_path("003")], settings=settings).ok
    assert store.chroma.generation("text_generation") != text


def test_writes_need_the_lock(settings: Settings) -> None:
    store = Store(settings)
    with pytest.raises(StoreError, match=r"store\.writing"):
        store.delete_source("x")


def test_a_leftover_chunk_of_another_version_is_never_returned(settings: Settings) -> None:
    assert ingest([seed_path("004")], settings=settings).ok
    store = Store(settings)
    col = store.chroma.collection("chunks")
    assert col is not None
    meta = {"source": S004, "sha256": "0" * 64, "paragraphs": "1", "start": 0, "end": 5, "lex": "幽灵 片段"}
    with store.writing():
        store.chroma.upsert(col, ["ghost"], metadatas=[meta], embeddings=store.embedder.embed(["幽灵片段"]))
    assert col.get(ids=["ghost"])["ids"] == ["ghost"]
    assert not any(h.start == 0 and h.end == 5 for h in store.search("幽灵 片段", k=50))


# --------------------------------------------------------------------------- embedders


def test_embedder_mismatch_explains_the_fix(settings: Settings) -> None:
    assert ingest([seed_path("001")], settings=settings).ok
    other = settings.with_(embed_dim=256)
    with pytest.raises(EmbedderMismatchError) as err:
        Store(other).search(QUESTION)
    assert "--rebuild" in str(err.value) and "DEALQA_EMBEDDER" in str(err.value)
    with pytest.raises(EmbedderMismatchError):
        ingest([seed_path("002")], settings=other)
    report = ingest([seed_path("002")], settings=other, rebuild=True)
    assert report.ok and report.ingested == 1
    assert [r["id"] for r in Store(other).list_sources()] == [S002]


def test_hash_embedder_is_normalised_deterministic_and_meaningful() -> None:
    e = HashEmbedder(dim=512)
    texts = ["光大人工智能产业基地总投资200亿元", "人工智能产业基地投资", "今天天气很好，适合散步", ""]
    v = np.asarray(e.embed(texts))
    assert v.shape == (4, 512)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2
    assert e.embed_query(texts[0]) == e.embed([texts[0]])[0]
    code = (
        "from extractor.store import HashEmbedder\n"
        "print(HashEmbedder(dim=512).embed(['光大人工智能产业基地'])[0][:64])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(out.stdout) == pytest.approx(e.embed(["光大人工智能产业基地"])[0][:64], abs=1e-7)


class _Embeddings(BaseHTTPRequestHandler):
    calls: ClassVar[list[list[str]]] = []
    fail = False

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Embeddings.calls.append(body["input"])
        if _Embeddings.fail:
            self.send_response(500)
            self.end_headers()
            return
        # deliberately out of order: the client must sort by index
        data = [
            {"object": "embedding", "index": i, "embedding": [float(len(t)), float(i), 1.0]}
            for i, t in reversed(list(enumerate(body["input"])))
        ]
        payload = json.dumps({"object": "list", "data": data, "model": body["model"], "usage": {}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def embeddings_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Embeddings)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Embeddings.calls, _Embeddings.fail = [], False
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_openai_embedder_batches_and_orders(embeddings_server: str, tmp_path: Path) -> None:
    s = store_settings(
        tmp_path, embedder="openai", embed_base_url=embeddings_server, embed_api_key="k", embed_batch=2
    )
    e = OpenAIEmbedder.from_settings(s)
    out = e.embed(["a", "bb", "ccc", "", "eeeee"])
    assert [v[0] for v in out] == [1.0, 2.0, 3.0, 1.0, 5.0]  # the empty text went as " "
    assert [len(c) for c in _Embeddings.calls] == [2, 2, 1]
    assert e.dim == 3 and e.name == "openai:text-embedding-3-small"
    _Embeddings.fail = True
    with pytest.raises(StoreError, match="DEALQA_EMBED_BASE_URL"):
        OpenAIEmbedder.from_settings(s.with_(llm_http_retries=0)).embed(["x"])


def test_openai_embedder_needs_a_key_or_a_server(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="DEALQA_EMBED_API_KEY"):
        OpenAIEmbedder.from_settings(store_settings(tmp_path, embedder="openai", llm_api_key=None))


def test_store_copies_keep_working(seeded_settings: Settings, tmp_path: Path) -> None:
    # a data directory moved elsewhere is still a store (nothing absolute is recorded in Chroma)
    copy = tmp_path / "copy"
    shutil.copytree(seeded_settings.data_dir, copy)
    assert Store(seeded_settings.with_(data_dir=copy)).search(QUESTION)[0].source == S004
