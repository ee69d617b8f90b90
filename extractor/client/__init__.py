"""The one LLM client, shared by extraction (``backends/llm``) and QA (``qa/llm``).

``transport`` speaks to any OpenAI-compatible server over the ``openai`` client (retries,
Retry-After, a mode a server rejects); ``cost`` estimates and meters tokens against a budget;
``modes`` holds instructor's modes with their fallback order and reads JSON out of a completion;
``session`` is the one instructor session over the transport (prompts as template variables,
mode fallback, instructor's errors turned into dealqa's).
"""

from __future__ import annotations

from .cost import TokenMeter, estimate_request_tokens
from .modes import MODE_LABELS, completion_json
from .session import Session
from .transport import CallLog, Transport

__all__ = [
    "MODE_LABELS",
    "CallLog",
    "Session",
    "TokenMeter",
    "Transport",
    "completion_json",
    "estimate_request_tokens",
]
