"""dealqa: Chinese investment-promotion news into deals you can check, and answers with citations.

from extractor import ingest, extract, ask, search

ingest(["seeds/"])                      # paragraphs, chunks, embeddings, deals -> Chroma
extract(text).deals                     # typed deals, every field backed by an exact Span
ask("光大人工智能产业基地总投资多少?")     # an Answer with citations, or an honest "not found"
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterable
from importlib import import_module
from typing import TYPE_CHECKING, Any

from .config import Settings, get_settings
from .errors import (
    BackendError,
    BudgetExceededError,
    ConfigError,
    DealqaError,
    DecodeError,
    EmbedderMismatchError,
    EmptyStoreError,
    EvidenceError,
    InputError,
    InterruptedRunError,
    LLMError,
    NotFoundError,
    PromptError,
    StoreError,
    StoreFullError,
    StoreLockedError,
)
from .filters import DealFilter
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

if TYPE_CHECKING:
    from .extract import extract, extract_file, extract_many
    from .ingest import IngestReport
    from .qa import ask

# Imported on first use (PEP 562), so that a command loads only what it runs: a cold ``dealqa ask``
# needs neither the extraction pipeline nor the ingest machinery. Public name -> its module.
_LAZY = {
    "extract": ".extract",
    "extract_file": ".extract",
    "extract_many": ".extract",
    "IngestReport": ".ingest",
    "ask": ".qa",
}
# ``ingest`` and ``extract`` are the functions, and importing the submodules of the same names later
# must not rebind them to their modules (the import system sets a loaded submodule on its package).
_SHADOWED = frozenset({"ingest", "extract"})


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def ingest(
    paths: list[Any],
    *,
    rebuild: bool = False,
    replace: bool = False,
    extract: bool = True,
    settings: Settings | None = None,
) -> IngestReport:
    """Ingest files and folders into the store, then extract deals from new or changed articles.

    A copy of a stored article's text is reported in ``duplicates``, not stored; a different file
    named like a stored article is refused (in ``failed``) unless ``replace``."""
    from .deals import extract_pending
    from .ingest import ingest as _ingest
    from .store import Store

    settings = settings or get_settings()
    report = _ingest(paths, settings=settings, rebuild=rebuild, replace=replace)
    if extract:
        extract_pending(Store(settings), settings=settings, keep_results=False)  # stored, not kept
    return report


def remove(sources: str | Iterable[str], *, settings: Settings | None = None) -> list[str]:
    """Remove stored articles with their chunks and deals, all or none (``NotFoundError`` names any
    source that is not stored, and then nothing is removed); the removed sources."""
    from .store import Store

    wanted = [sources] if isinstance(sources, str) else list(sources)
    return Store(settings or get_settings()).remove(wanted)


def query_deals(flt: DealFilter | None = None, *, settings: Settings | None = None) -> list[Deal]:
    """The stored deals that ``flt`` accepts (all of them without one)."""
    from .deals import query_deals as _query
    from .store import Store

    return _query(Store(settings or get_settings()), flt)


def query_aggregates(flt: DealFilter | None = None, *, settings: Settings | None = None) -> list[Aggregate]:
    """The stored reported totals that ``flt`` accepts (all of them without one)."""
    from .deals import query_aggregates as _query
    from .store import Store

    return _query(Store(settings or get_settings()), flt)


def list_articles(*, settings: Settings | None = None) -> list[dict[str, Any]]:
    """Every stored article: source, title, published date, paragraphs, chunks."""
    from .store import Store

    return Store(settings or get_settings()).list_sources()


def get_article(source: str, *, settings: Settings | None = None) -> Article:
    """One stored article exactly as ingested (``NotFoundError`` if there is none)."""
    from .store import Store

    return Store(settings or get_settings()).get_article(source)


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
    "DealFilter",
    "DealQuery",
    "DealqaError",
    "DecodeError",
    "EmbedderMismatchError",
    "EmptyStoreError",
    "EvidenceError",
    "Hit",
    "IngestReport",
    "InputError",
    "InterruptedRunError",
    "LLMError",
    "Location",
    "Money",
    "NotFoundError",
    "PromptError",
    "Settings",
    "Span",
    "StoreError",
    "StoreFullError",
    "StoreLockedError",
    "ask",
    "extract",
    "extract_file",
    "extract_many",
    "get_article",
    "ingest",
    "list_articles",
    "query_aggregates",
    "query_deals",
    "remove",
    "search",
]
