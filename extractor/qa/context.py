"""What a question is answered over: the store's search, articles and deals, cached per generation.

Deal records are read through the store's record index (``records``: built or
loaded once per generation, parsed only where a question's words are), articles
as they are cited; both are dropped whenever the store's generation token
changes (every write bumps it).
"""

from __future__ import annotations

from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field
from threading import Lock
from typing import Any

from ..config import Settings
from ..errors import DealqaError, NotFoundError
from ..schema import Aggregate, Article, Deal, Hit
from ..store import Store
from ..store.records import articles_by_source
from ..text.normalize import normalize_text
from .records import RecordIndex, Records, open_index
from .relevance import context

# At most this many of the hits an answer is built from come from one article; the search
# goes this many times deeper than asked so the cap can be filled from others.
PER_ARTICLE = 5
_DEPTH = 3
_MAX_DEPTH = 200
_CACHE: dict[tuple[str, str, int], Context] = {}
_STORES: dict[tuple[str, str, int], Store] = {}
_LOCK = Lock()
_BUILD = Lock()


@dataclass
class Context:
    store: Store
    generation: str | None
    _articles: dict[str, Article] = field(default_factory=dict)
    _contexts: dict[tuple[str, int], str] = field(default_factory=dict)
    _records: RecordIndex | None = None

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

    def require(self, sources: list[str]) -> None:
        """Read the articles among ``sources`` not read yet, a batch of them per store read;
        ``NotFoundError`` for one the store no longer holds."""
        self._read_ahead(sources)
        for source in sources:
            self.article(source)  # one the batch did not return: the store's own error

    def _read_ahead(self, sources: list[str]) -> None:
        """Read the articles among ``sources`` not read yet in batches (one the store no longer
        holds is left to ``article``)."""
        missing = [s for s in dict.fromkeys(sources) if s not in self._articles]
        for article in articles_by_source(self.store, missing):
            self._articles[article.source] = article

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
            with suppress(DealqaError):  # only a batch read ahead: an article used is read below
                self._read_ahead(list(dict.fromkeys(hit.source for hit in found))[:k])
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

    def records(self) -> RecordIndex:
        """The store's record index of this generation (loaded or built on first use)."""
        with _BUILD:  # one build per process, however many threads ask
            if self._records is None:
                self._records = open_index(self.store, self.generation)
            return self._records

    def deals(self, filters: dict[str, Any] | None = None) -> Records[Deal]:
        """The current deal records a search filter admits (source, publication dates)."""
        return Records[Deal](self.records(), self.records().positions("deal")).only(filters)

    def aggregates(self, filters: dict[str, Any] | None = None) -> Records[Aggregate]:
        return Records[Aggregate](self.records(), self.records().positions("aggregate")).only(filters)
