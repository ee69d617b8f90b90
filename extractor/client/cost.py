"""What a run costs: token estimates before sending, a budget shared by a batch."""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from typing import Any

from ..errors import BudgetExceededError
from ..text.tokens import count_tokens

# Chat formats add a few tokens per message for role and separators.
_PER_MESSAGE = 4


def estimate_request_tokens(request: Mapping[str, Any], *, encoding: str) -> int:
    """Prompt tokens of a chat request: messages, plus any tool or response-format schema."""
    total = 0
    for message in request.get("messages") or []:
        content = message.get("content") if isinstance(message, Mapping) else None
        if isinstance(content, str):
            total += count_tokens(content, encoding=encoding)
        elif content is not None:
            total += count_tokens(json.dumps(content, ensure_ascii=False), encoding=encoding)
        for call in (message.get("tool_calls") or []) if isinstance(message, Mapping) else []:
            total += count_tokens(json.dumps(call, ensure_ascii=False, default=str), encoding=encoding)
        total += _PER_MESSAGE
    for key in ("tools", "response_format"):
        if request.get(key):
            total += count_tokens(json.dumps(request[key], ensure_ascii=False), encoding=encoding)
    return total


class TokenMeter:
    """Tokens spent by a batch, against an optional budget; share one across threads.

    Before each request its estimated prompt tokens are reserved; the request
    is refused (``BudgetExceededError``) if spent + reserved + estimate would
    pass the budget. After it, the reservation becomes the tokens actually
    used (prompt + completion, from the response).
    """

    def __init__(self, budget: int | None = None) -> None:
        self.budget = budget
        self._spent = 0
        self._reserved = 0
        self._lock = threading.Lock()

    @property
    def spent(self) -> int:
        with self._lock:
            return self._spent

    def reserve(self, estimate: int) -> None:
        with self._lock:
            if self.budget is not None and self._spent + self._reserved + estimate > self.budget:
                raise BudgetExceededError(
                    f"token budget of {self.budget} would be overspent: {self._spent} spent, "
                    f"{self._reserved} in flight, and the next request needs about {estimate} prompt "
                    "tokens; raise DEALQA_LLM_TOKEN_BUDGET or extract fewer articles"
                )
            self._reserved += estimate

    def settle(self, estimate: int, used: int) -> None:
        """Turn a reservation into ``used`` tokens (0 when the request failed)."""
        with self._lock:
            self._reserved -= estimate
            self._spent += used
