"""What a question is answered over: the store's search, articles and deals, cached per generation.

Reading every deal and article from Chroma per question would dominate the
latency budget, so they are cached in-process and dropped whenever the store's
generation token changes (every write bumps it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from threading import Lock
from typing import Any

from ..config import Settings
from ..errors import NotFoundError
from ..schema import Aggregate, Article, Deal, Hit
from ..store import Store
from ..store.filters import matcher
from ..text.dates import day_number
from ..text.normalize import normalize_text
from .relevance import context

# At most this many of the hits an answer is built from come from one article; the search
# goes this many times deeper than asked so the cap can be filled from others.
PER_ARTICLE = 5
_DEPTH = 3
_MAX_DEPTH = 200
_CACHE: dict[tuple[str, str, int], Context] = {}
_STORES: dict[tuple[str, str, int], Store] = {}
_LOCK = Lock()


@dataclass
class Context:
    store: Store
    generation: str | None
    _articles: dict[str, Article] = field(default_factory=dict)
    _contexts: dict[tuple[str, int], str] = field(default_factory=dict)
    _deals: list[Deal] | None = None
    _aggregates: list[Aggregate] | None = None

    @classmethod
    def open(cls, settings: Settings) -> Context:
        key = (str(settings.data_dir.resolve()), settings.chroma_host or "", settings.chroma_port)
        with _LOCK:
            store = _STORES.get(key)
            if store is None or store.settings != settings:
                store = _STORES[key] = Store(settings)
        generation = store.generation()
        with _LOCK:
            ctx = _CACHE.get(key)
            if ctx is None or ctx.generation != generation:
                ctx = cls(store=store, generation=generation)
                _CACHE[key] = ctx
        return ctx

    def article(self, source: str) -> Article:
        if source not in self._articles:
            self._articles[source] = self.store.get_article(source)
        return self._articles[source]

    def context(self, source: str, paragraph: int) -> str:
        """The normalised context of a paragraph (title, lead, neighbour, itself), computed once."""
        key = (source, paragraph)
        if key not in self._contexts:
            self._contexts[key] = normalize_text(context(self.article(source), paragraph))
        return self._contexts[key]

    def search(self, question: str, *, k: int, filters: dict[str, Any] | None) -> list[Hit]:
        """The ``k`` best hits whose article is fully stored (a writer may be between a chunk and
        its article), at most ``PER_ARTICLE`` from one article, so one keyword-stuffed article
        can't crowd the others out of what an answer is built from: the search goes deeper
        until ``k`` are found or the store has no more."""
        depth = _DEPTH * k
        while True:
            found = self.store.search(question, k=depth, filters=filters)
            hits: list[Hit] = []
            per: Counter[str] = Counter()
            for hit in found:
                if per[hit.source] >= PER_ARTICLE:
                    continue
                try:
                    self.article(hit.source)
                except NotFoundError:
                    continue
                per[hit.source] += 1
                hits.append(hit)
                if len(hits) == k:
                    return hits
            if len(found) < depth or depth >= _MAX_DEPTH * k:
                return hits
            depth *= 4

    def _published(self, source: str) -> str | None:
        return self.article(source).published

    def _load(self) -> None:
        from ..deals import query_aggregates, query_deals

        self._deals = query_deals(self.store)
        self._aggregates = query_aggregates(self.store)

    def deals(self, filters: dict[str, Any] | None = None) -> list[Deal]:
        if self._deals is None:
            self._load()
        assert self._deals is not None
        return _only(self._deals, filters, self._published)

    def aggregates(self, filters: dict[str, Any] | None = None) -> list[Aggregate]:
        if self._aggregates is None:
            self._load()
        assert self._aggregates is not None
        return _only(self._aggregates, filters, self._published)


def _only(
    records: list[Any], filters: dict[str, Any] | None, published: Callable[[str], str | None]
) -> list[Any]:
    """The records a search filter admits, by source and by their article's publication date:
    the search filter's own test (``store.filters.matcher``), over the record's article."""
    wanted = {k: v for k, v in (filters or {}).items() if k in _RECORD_KEYS}
    test = matcher(wanted)
    if test is None:
        return list(records)
    out = []
    for r in records:
        src = r.evidence[0].source
        if test({"source": src, "published_day": day_number(published(src))}):
            out.append(r)
    return out


# The search filter's keys a deal record can be held to (the others are chunk metadata).
_RECORD_KEYS = frozenset({"source", "published_from", "published_to"})
