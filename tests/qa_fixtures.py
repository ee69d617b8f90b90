"""A store with the five seeds ingested and extracted by the rules backend, shared per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor.config import Settings
from extractor.deals import extract_pending
from extractor.ingest import ingest
from extractor.qa.passages import answer_from_passages
from extractor.schema import NOT_FOUND, Hit
from extractor.store import Store
from extractor.text.article import build_article

from .conftest import SEEDS


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    settings = Settings(data_dir=Path(tmp_path_factory.mktemp("qa")), backend="rules")
    report = ingest([SEEDS], settings=settings)
    assert report.ok
    batch, _ = extract_pending(Store(settings), backend="rules", settings=settings)
    assert batch.ok
    yield settings


def store_of(root: Path, articles: dict[str, str]) -> Settings:
    """A store in ``root`` holding ``articles`` (file name → text), ingested and extracted by the
    rules backend."""
    folder = root / "articles"
    folder.mkdir()
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    settings = Settings(data_dir=root / "store", backend="rules")
    assert ingest([folder], settings=settings).ok
    batch, _ = extract_pending(Store(settings), backend="rules", settings=settings)
    assert batch.ok
    return settings


def passages_answer(text: str, question: str, published: str = "2023-06-01") -> str:
    """What the passages route answers ``question`` from one article of ``text``, every paragraph a
    hit (no store, no search); ``NOT_FOUND`` when it abstains."""
    article = build_article(text, source="own_passages", published=published)
    hits = [
        Hit(source=article.source, paragraphs=[p.n], start=p.start, end=p.end,
            text=article.paragraph_text(p.n), score=1)
        for p in article.paragraphs
    ]  # fmt: skip
    answer = answer_from_passages(question, hits, lambda _: article)
    return NOT_FOUND if answer.abstained else answer.answer
