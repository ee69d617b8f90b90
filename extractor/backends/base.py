"""The one small interface every extraction backend implements.

A backend reads an ``Article`` and returns *drafts*: what the article says,
copied as text (evidence sentences, amount text, names). It does not compute
offsets or parse amounts; ``extractor.evidence`` does that for every backend
alike and drops whatever does not verify. So the LLM and the rules backend
produce the same types and nothing downstream asks which one ran.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ..schema import Article, Diagnostics, ExtractionDraft


@dataclass
class BackendResult:
    draft: ExtractionDraft
    diagnostics: Diagnostics = field(default_factory=Diagnostics)


class Backend(Protocol):
    name: str

    def extract(self, article: Article) -> BackendResult:
        """Drafts for one article. Raise ``BackendError`` (or a subclass) on failure."""
        ...
