"""Re-extraction through the store never silently loses records (a real loopback model server)."""

from __future__ import annotations

from pathlib import Path

from extractor.config import Settings
from extractor.deals import extract_pending, query_aggregates, query_deals
from extractor.ingest import ingest
from extractor.store import Store
from extractor.testing.openai_server import start_server

from .conftest import SEEDS


def test_an_empty_model_keeps_the_stored_records_and_flags_the_article(tmp_path: Path) -> None:
    (path,) = SEEDS.glob("004_*.txt")
    settings = Settings(data_dir=tmp_path / "store", backend="rules")
    assert ingest([path], settings=settings).ok
    store = Store(settings)
    extract_pending(store, backend="rules", settings=settings)
    before = len(query_deals(store)) + len(query_aggregates(store))
    assert before >= 5
    errors: list[str] = []
    with start_server() as server:  # its default answer: {"deals": [], "aggregates": []}
        llm = settings.with_(
            backend="llm", llm_model="test-model", llm_base_url=server.base_url, llm_api_key="test"
        )
        extract_pending(
            Store(llm), backend="llm", settings=llm, on_done=lambda a, r, e: errors.append(e or "")
        )
    assert len(query_deals(store)) + len(query_aggregates(store)) == before
    assert len(errors) == 1 and f"{before} → 0" in errors[0]


def test_a_rebuild_empties_the_llm_cache(tmp_path: Path) -> None:
    from extractor.backends.llm.cache import DraftCache, llm_cache_dir
    from extractor.schema import ExtractionDraft

    (path,) = SEEDS.glob("004_*.txt")
    settings = Settings(data_dir=tmp_path / "store", backend="rules")
    assert ingest([path], settings=settings).ok
    cache = DraftCache(llm_cache_dir(settings))
    cache.put("k1", ExtractionDraft(deals=[], aggregates=[]), chunks=1, meta={})
    assert cache.get("k1") is not None
    assert ingest([path], settings=settings, rebuild=True).ok
    assert cache.get("k1") is None
