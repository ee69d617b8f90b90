"""An answer that starts before an article is removed still answers, from the store as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import remove
from extractor.config import Settings
from extractor.deals import extract_pending
from extractor.errors import NotFoundError
from extractor.ingest import ingest
from extractor.qa import ask
from extractor.qa import context as qa_context
from extractor.qa.deals import answer_from_deals
from extractor.qa.parse import parse_deal_query
from extractor.store import Store

from .conftest import SEEDS, offline_settings


def test_a_removal_between_reading_and_answering_is_answered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = offline_settings(tmp_path / "store")
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
    # a stale answer citing the removed article's records fails on reading it (and is asked again) ...
    question = "重庆高新区今年上半年一共签了几个项目?"
    for require in (stale.require, None):  # read in batches, or paragraph by paragraph
        with pytest.raises(NotFoundError):
            q = parse_deal_query(question)
            answer_from_deals(question, q, stale.deals(), stale.aggregates(), stale.context, require)
    # ... and ask() answers it again from the store as it is now: without the removed article's
    # records it no longer knows the count, and cites nothing of the article that is gone
    answer = ask(question, settings=settings)
    assert len(opened) == 2 and opened[0] is stale and opened[1] is not stale
    assert answer.abstained and all(c.source != gone for c in [*answer.citations, *answer.related])
    # an answer that doesn't cite it is the store's answer as it is now
    answer = ask("哪些项目在成都落地?", settings=settings)
    assert answer.citations and all(c.source != gone for c in answer.citations)
