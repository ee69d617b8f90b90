"""The LLM backend: the model drafts over windows of an article, the verifier checks every
quote; ``windows`` plans what is sent, ``verify`` checks and salvages drafts for re-asks,
``cache`` keeps verified drafts by content. It talks to the model through ``extractor.client``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .cache import clear_cache

if TYPE_CHECKING:
    from .backend import PROMPT_NAME, LLMBackend

__all__ = ["PROMPT_NAME", "LLMBackend", "clear_cache"]


def __getattr__(name: str) -> Any:
    # the backend (instructor, the model's client) loads when asked for, not when the cache is
    # cleared (``ingest --rebuild``, ``dealqa cache clear``)
    if name in ("PROMPT_NAME", "LLMBackend"):
        from . import backend

        return getattr(backend, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
