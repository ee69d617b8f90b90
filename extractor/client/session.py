"""One instructor session over the transport, shared by extraction and QA.

It patches the transport's ``send`` with instructor in the current structured-output mode,
sends the prompt as template variables (instructor renders messages with Jinja whenever
``context`` is given, so an article holding ``{{`` reaches the model verbatim), moves down the
mode fallback chain when a server refuses a mode and keeps the working mode for the rest of the
run (thread-safe: windows of one article are asked in parallel), and turns instructor's errors
into dealqa's. Re-asks that run out raise ``InstructorRetryException`` for the caller to salvage
what verified; a dealqa error underneath (a transport fault, a spent budget) is raised as itself.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

import instructor
from instructor.core import IncompleteOutputException, InstructorError, InstructorRetryException

from ..config import Settings
from ..errors import DealqaError, LLMError
from .modes import FALLBACK, MODE_LABELS, MODES
from .transport import CallLog, ModeRejected, Transport


class Session:
    """Structured requests to the configured server, in the mode that works."""

    def __init__(self, settings: Settings, transport: Transport) -> None:
        self.settings = settings
        self.transport = transport
        self._mode = MODES[settings.llm_mode]
        self._lock = threading.Lock()

    @property
    def mode(self) -> instructor.Mode:
        return self._mode

    def create(
        self,
        response_model: type[Any],
        *,
        system: str,
        user: str,
        context: dict[str, Any],
        retries: int,
        log: CallLog,
    ) -> Any:
        """``response_model`` filled by the model from the system and user prompts; ``context``
        reaches the model's validators. Raises ``InstructorRetryException`` when re-asks run out."""
        request: dict[str, Any] = {
            "response_model": response_model,
            "context": {"system": system, "user": user, **context},
            "messages": [
                {"role": "system", "content": "{{ system }}"},
                {"role": "user", "content": "{{ user }}"},
            ],
            "max_retries": retries,
            "strict": False,
            "model": self.transport.model,
            "temperature": self.settings.llm_temperature,
        }
        for _ in MODE_LABELS:  # at most one try per mode: the mode only moves down the chain
            with self._lock:
                mode = self._mode
            try:
                return self._create(mode, request, log)
            except ModeRejected as e:
                fallback = FALLBACK.get(mode)
                if fallback is None:
                    raise LLMError(
                        f"{e}; the server refused tools, response_format and plain JSON prompts alike: "
                        "is it an OpenAI-compatible chat server?",
                        original=e.original,
                    ) from e
                with self._lock:
                    if self._mode == mode:
                        self._mode = fallback
                log.notes.append(f"server rejected {MODE_LABELS[mode]}; fell back to {MODE_LABELS[fallback]}")
        raise LLMError(f"LLM server at {self.transport.url} refused every structured-output mode")

    def _create(self, mode: instructor.Mode, request: dict[str, Any], log: CallLog) -> Any:
        create = instructor.patch(create=functools.partial(self.transport.send, log), mode=mode)
        try:
            return create(**request)
        except InstructorRetryException as e:
            if isinstance(e.__cause__, DealqaError):
                # the transport's LLMError, ModeRejected or BudgetExceededError, unwrapped
                raise e.__cause__ from e.__cause__.__cause__
            raise
        except IncompleteOutputException as e:
            raise LLMError(
                f"the model's answer from {self.transport.url} was cut off (finish_reason=length): "
                "lower DEALQA_LLM_MAX_INPUT_TOKENS so each request asks for less",
                original=e,
            ) from e
        except InstructorError as e:
            raise LLMError(f"instructor could not run the request: {e}", original=e) from e
