"""A first answer without the set-up: the BM25 index saved with the store and loaded by the next
process (never a stale one), the question tagger built from the dictionary already loaded, and
`dealqa serve` warmed before it reports ready."""

from __future__ import annotations

import gc
import json
import shutil
from pathlib import Path

import jieba
import jieba.posseg
import pytest
from fastapi.testclient import TestClient

from extractor.config import Settings
from extractor.ingest import ingest
from extractor.qa import parse
from extractor.store import Store, facade
from extractor.text.segment import Tagger
from extractor.web.app import create_app

from .conftest import SEEDS, offline_settings

ROOT = Path(__file__).resolve().parents[1]
QUERY = "光大人工智能产业基地总投资"


def saved(settings: Settings) -> list[Path]:
    folder = settings.data_dir / "lexical"
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def forget_in_process() -> None:
    """What a new process starts with: no index in memory."""
    facade._LEXICAL.clear()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    s = offline_settings(tmp_path / "data")
    assert ingest([SEEDS], settings=s).ok
    return s


def test_the_index_is_saved_by_the_write_session_and_loaded_by_the_next_process(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder,) = saved(settings)
    generation = Store(settings).chroma.generation("text_generation")
    assert folder.name.startswith(f"{generation}-")
    built = [(h.source, h.start, h.end, round(h.score, 9)) for h in Store(settings).search(QUERY, k=8)]
    assert built and built[0][0].startswith("004_")

    forget_in_process()

    def no_rebuild(*_: object) -> None:
        raise AssertionError("the saved index should have been loaded")

    monkeypatch.setattr(Store, "_build_lexical", no_rebuild)
    loaded = [(h.source, h.start, h.end, round(h.score, 9)) for h in Store(settings).search(QUERY, k=8)]
    assert loaded == built


def test_a_stale_index_is_never_used(settings: Settings, tmp_path: Path) -> None:
    (old,) = saved(settings)
    extra = tmp_path / "new"
    extra.mkdir()
    (extra / "new_article.txt").write_text(
        "青龙湖星辰量子计算产业园签约\n\n青龙湖星辰量子计算产业园总投资88亿元，昨日正式签约。\n",
        encoding="utf-8",
    )
    # a copy of the old index kept where a reader of the old generation would look
    keep = tmp_path / "old-copy"
    shutil.copytree(old, keep)
    assert ingest([extra], settings=settings).ok
    (new,) = saved(settings)
    assert new != old and not old.exists()  # the old generation's folder is dropped
    shutil.copytree(keep, old)  # even if it were still there, it is not the current generation
    forget_in_process()
    hits = Store(settings).search("星辰量子计算产业园", k=3)
    assert hits and hits[0].source == "new_article.txt"


def test_chunks_are_counted_only_while_a_write_session_runs(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between write sessions the generation names the chunks: a question costs no count (a request
    to a Chroma server). While a session runs (or after one was killed) the count is checked, so a
    reader sees the session's chunks as they come, as before."""
    from chromadb.api.models.Collection import Collection

    counted: list[str] = []
    real_count = Collection.count

    def count(self: Collection) -> int:
        counted.append(self.name)
        return real_count(self)

    monkeypatch.setattr(Collection, "count", count)
    store = Store(settings)
    assert store.search(QUERY, k=3)
    counted.clear()
    assert store.search(QUERY, k=3) and counted == []
    with store.writing():
        assert store.search(QUERY, k=3) and counted  # a session runs: its chunks may have moved
    counted.clear()
    assert store.search(QUERY, k=3) and counted == []  # the session's end named a generation again


def test_a_damaged_index_is_rebuilt_from_the_store(settings: Settings) -> None:
    (folder,) = saved(settings)
    records = folder / "records.json"
    records.write_text(records.read_text(encoding="utf-8")[:100], encoding="utf-8")
    forget_in_process()
    hits = Store(settings).search(QUERY, k=3)
    assert hits and hits[0].source.startswith("004_")
    (rebuilt,) = saved(settings)  # and saved again, whole
    assert rebuilt == folder
    chunks = Store(settings).chroma.collection("chunks")
    assert chunks is not None
    assert json.loads(records.read_text(encoding="utf-8"))["count"] == chunks.count()


def test_the_question_tagger_tags_as_a_tagger_of_its_own_would() -> None:
    tokenizer = jieba.Tokenizer()
    for word in parse.DOMAIN_WORDS:
        tokenizer.add_word(word, freq=20000, tag="n")
    own = jieba.posseg.POSTokenizer(tokenizer)
    shared = Tagger(parse.DOMAIN_WORDS)
    questions = [
        json.loads(line)["question"]
        for name in ("evals/gold/qa.jsonl", "evals/corpus/qa.jsonl")
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert len(questions) > 100
    for q in questions:
        assert shared.tags(q) == [(p.word, p.flag) for p in own.lcut(q)], q
    # and the shared dictionary stays as jieba ships it: the domain words are the tagger's own
    assert "推介会" not in jieba.dt.FREQ or jieba.dt.FREQ["推介会"] != 20000


def test_serve_warms_up_before_it_reports_ready(settings: Settings) -> None:
    parse._tagger.cache_clear()
    forget_in_process()
    gc.unfreeze()
    try:
        with TestClient(create_app(settings, warm_up=True)):
            assert parse._tagger.cache_info().currsize == 1  # the question tagger is loaded
            assert facade._LEXICAL  # and the BM25 index
            # what warming loaded is out of the collector's sight: no full collection walks it mid-question
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    parse._tagger.cache_clear()
    forget_in_process()
    with TestClient(create_app(settings)):
        assert parse._tagger.cache_info().currsize == 0  # only `dealqa serve` asks for it
