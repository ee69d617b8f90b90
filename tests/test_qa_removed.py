"""An answer that starts before an article is removed still answers, from the store as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import remove
from extractor.config import Settings
from extractor.deals import extract_pending
from extractor.ingest import ingest
from extractor.qa import ask
from extractor.qa import context as qa_context
from extractor.store import Store

from .conftest import SEEDS


def test_a_removal_between_reading_and_answering_is_answered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(data_dir=tmp_path / "store", backend="rules")
    assert ingest([SEEDS], settings=settings).ok
    extract_pending(Store(settings), backend="rules", settings=settings)
    stale = qa_context.Context.open(settings)
    stale.deals()  # read: every seed's deals, from the generation before the removal
    (gone,) = [p.name for p in SEEDS.glob("004_*.txt")]
    remove([gone], settings=settings)
    real_open = qa_context.Context.open
    opened: list[qa_context.Context] = []

    def first_stale(s: Settings) -> qa_context.Context:
        ctx = stale if not opened else real_open(s)
        opened.append(ctx)
        return ctx

    monkeypatch.setattr(qa_context.Context, "open", staticmethod(first_stale))
    answer = ask("哪些项目在成都落地?", settings=settings)
    assert len(opened) == 2  # the stale read failed on the removed article and was answered again
    assert answer.citations and all(c.source != gone for c in answer.citations)
