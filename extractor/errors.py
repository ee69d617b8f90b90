"""The one exception hierarchy of dealqa.

Every error the package raises on purpose is a ``DealqaError``; errors from the
SDKs underneath (openai, chromadb, instructor) are wrapped, with the original
kept on ``.original``. Messages say what went wrong *and* how to fix it.

    DealqaError
    ├── ConfigError            settings that can't work (bad URL, missing key, …)
    ├── InputError             a file or text we refuse to ingest
    │   └── DecodeError        bytes that are not text in any supported encoding
    ├── StoreError             the Chroma store or the lexical index
    │   ├── StoreLockedError   another writer holds the data directory
    │   ├── StoreFullError     no space left on the store's disk
    │   └── EmbedderMismatchError  the store was built with another embedder
    ├── EvidenceError          a quote or offset that does not hold in the text
    ├── BackendError           an extraction / answer backend failed
    │   ├── LLMError           the LLM server failed after retries
    │   │   └── BudgetExceededError  the token budget would be overspent
    │   └── PromptError        a prompt file is missing, malformed or mis-rendered
    ├── NotFoundError          a source, paragraph or deal that is not in the store
    │   └── EmptyStoreError    nothing is ingested in the store yet
    └── InterruptedRunError    Ctrl-C stopped a run (what is stored stays; re-run to resume)
"""

from __future__ import annotations


class DealqaError(Exception):
    """Base class of every error dealqa raises on purpose."""

    def __init__(self, message: str, *, original: BaseException | None = None) -> None:
        super().__init__(message)
        self.original = original


class ConfigError(DealqaError):
    """Settings that cannot work."""


class InputError(DealqaError):
    """A file or text that cannot be ingested."""


class DecodeError(InputError):
    """Bytes that do not decode as text in a supported encoding."""


class StoreError(DealqaError):
    """The vector store or the lexical index failed."""


class StoreLockedError(StoreError):
    """Another process is writing to the same data directory."""


class StoreFullError(StoreError):
    """The disk holding the store is full (ENOSPC from Chroma, sqlite or our own writes)."""


class EmbedderMismatchError(StoreError):
    """The collection was built with a different embedder than the one in use."""


class EvidenceError(DealqaError):
    """A quote or an offset that does not hold in the article text."""


class BackendError(DealqaError):
    """An extraction or answering backend failed."""


class LLMError(BackendError):
    """The LLM server failed after all retries."""


class BudgetExceededError(LLMError):
    """Sending the next request would overspend the configured token budget."""


class PromptError(BackendError):
    """A prompt file is missing, malformed or rendered with a missing variable."""


class NotFoundError(DealqaError):
    """A source, paragraph or record that is not in the store."""


class EmptyStoreError(NotFoundError):
    """The store has no articles yet."""


class InterruptedRunError(DealqaError):
    """The run was interrupted (Ctrl-C); what it stored is kept and a re-run resumes."""


__all__ = [
    "BackendError",
    "BudgetExceededError",
    "ConfigError",
    "DealqaError",
    "DecodeError",
    "EmbedderMismatchError",
    "EmptyStoreError",
    "EvidenceError",
    "InputError",
    "InterruptedRunError",
    "LLMError",
    "NotFoundError",
    "PromptError",
    "StoreError",
    "StoreFullError",
    "StoreLockedError",
]
