"""Fakes beside the real parts: a backend that fails on chosen articles and counts its calls."""

from __future__ import annotations

from extractor.backends.base import BackendResult
from extractor.backends.rules import RulesBackend
from extractor.errors import BackendError
from extractor.schema import Article


class FlakyRules:
    """The rules backend, failing on the sources it is told to; counts its calls."""

    name = "rules"

    def __init__(self, fail: set[str] | None = None) -> None:
        self.fail = fail or set()
        self.calls: list[str] = []
        self.inner = RulesBackend()

    def extract(self, article: Article) -> BackendResult:
        self.calls.append(article.source)
        if article.source in self.fail:
            raise BackendError(f"server said no to {article.source}")
        return self.inner.extract(article)
