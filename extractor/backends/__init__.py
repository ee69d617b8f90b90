"""Extraction backends: ``rules`` (offline default) and ``llm`` (OpenAI-compatible)."""

from __future__ import annotations

from ..config import Settings
from .base import Backend, BackendResult


def get_backend(name: str | None, settings: Settings) -> Backend:
    """The backend to run: ``name``, else the configured one, else llm when an LLM is configured."""
    resolved = settings.resolve_backend(name)
    if resolved == "llm":
        from .llm import LLMBackend  # imports openai + instructor only when needed

        return LLMBackend(settings)
    from .rules import RulesBackend

    return RulesBackend()


__all__ = ["Backend", "BackendResult", "get_backend"]
