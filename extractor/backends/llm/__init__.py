"""The LLM backend: the model drafts over windows of an article, the verifier checks every
quote; ``windows`` plans what is sent, ``verify`` checks and salvages drafts for re-asks,
``cache`` keeps verified drafts by content. It talks to the model through ``extractor.client``.
"""

from __future__ import annotations

from .backend import PROMPT_NAME, LLMBackend
from .cache import clear_cache

__all__ = ["PROMPT_NAME", "LLMBackend", "clear_cache"]
