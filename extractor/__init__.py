"""dealqa: Chinese investment-promotion news into deals you can check, and answers with citations.

from extractor import ingest, extract, ask, search

ingest(["seeds/"])                      # paragraphs, chunks, embeddings, deals -> Chroma
extract(text).deals                     # typed deals, every field backed by an exact Span
ask("光大人工智能产业基地总投资多少?")     # an Answer with citations, or an honest "not found"
"""

from __future__ import annotations

from typing import Any

# Bind the submodules first: ``ingest`` and ``extract`` below are the functions, and a
# later ``import extractor.ingest`` must not replace them with their modules.
from . import extract as _extract_module  # noqa: F401
from . import ingest as _ingest_module  # noqa: F401
from .config import Settings, get_settings
from .errors import (
    BackendError,
    BudgetExceededError,
    ConfigError,
    DealqaError,
    DecodeError,
    EmbedderMismatchError,
    EvidenceError,
    InputError,
    LLMError,
    NotFoundError,
    PromptError,
    StoreError,
    StoreLockedError,
)
from .extract import extract, extract_file, extract_many
from .qa import ask
from .schema import (
    Aggregate,
    Answer,
    Article,
    ArticleExtraction,
    Deal,
    DealDate,
    DealQuery,
    Hit,
    Location,
    Money,
    Span,
)


def ingest(
    paths: list[Any], *, rebuild: bool = False, extract: bool = True, settings: Settings | None = None
) -> Any:
    """Ingest files and folders into the store, then extract deals from new or changed articles."""
    from .deals import extract_pending
    from .ingest import ingest as _ingest
    from .store import Store

    settings = settings or get_settings()
    report = _ingest(paths, settings=settings, rebuild=rebuild)
    if extract:
        extract_pending(Store(settings), settings=settings)
    return report


def search(
    query: str, *, k: int = 10, filters: dict[str, Any] | None = None, settings: Settings | None = None
) -> list[Hit]:
    """Hybrid (vector + BM25) search over the ingested paragraphs."""
    from .store import Store

    return Store(settings or get_settings()).search(query, k=k, filters=filters)


__all__ = [
    "Aggregate",
    "Answer",
    "Article",
    "ArticleExtraction",
    "BackendError",
    "BudgetExceededError",
    "ConfigError",
    "Deal",
    "DealDate",
    "DealQuery",
    "DealqaError",
    "DecodeError",
    "EmbedderMismatchError",
    "EvidenceError",
    "Hit",
    "InputError",
    "LLMError",
    "Location",
    "Money",
    "NotFoundError",
    "PromptError",
    "Settings",
    "Span",
    "StoreError",
    "StoreLockedError",
    "ask",
    "extract",
    "extract_file",
    "extract_many",
    "ingest",
    "search",
]
