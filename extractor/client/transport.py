"""The wire: one OpenAI client, HTTP retries, and errors that say how to fix them.

The client's own retries are off (``max_retries=0``) so that retries are
counted, noted in the diagnostics, capped, and kept apart from instructor's
validation re-asks: ``send`` is the function instructor calls once per
attempt, and each attempt's HTTP request is retried here on 408/429/5xx,
timeouts and connection errors, with exponential backoff or the server's
``Retry-After``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import openai
from openai.types.chat import ChatCompletion

from ..config import Settings
from ..errors import ConfigError, LLMError
from .cost import TokenMeter, estimate_request_tokens

BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0
RETRY_AFTER_CAP = 30.0
_RETRY_STATUS = frozenset({408, 409, 429})
# Words a server uses when it refuses forced tool calls or a response_format.
_MODE_WORDS = ("tool_choice", "tools", "response_format", "json_schema", "json_object")


class ModeRejected(LLMError):
    """The server refused the structured-output mechanism of the current mode (HTTP 400)."""


@dataclass
class CallLog:
    """What the requests for one article cost and what happened on the wire."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    estimated_prompt_tokens: int = 0
    notes: list[str] = field(default_factory=list)


class Transport:
    """Sends chat requests to the configured server, retrying what is worth retrying."""

    def __init__(self, settings: Settings, meter: TokenMeter) -> None:
        if not settings.llm_model:
            raise ConfigError("the llm backend needs a model: set DEALQA_LLM_MODEL (e.g. gpt-4o-mini)")
        if not (settings.llm_api_key or settings.llm_base_url):
            raise ConfigError(
                "the llm backend needs OPENAI_API_KEY (or DEALQA_LLM_API_KEY) for api.openai.com, "
                "or OPENAI_BASE_URL (DEALQA_LLM_BASE_URL) for a local OpenAI-compatible server"
            )
        self.model = settings.llm_model
        self.timeout = settings.llm_timeout
        self.retries = settings.llm_http_retries
        self.encoding = settings.encoding
        self.meter = meter
        try:
            self.client = openai.OpenAI(
                base_url=settings.llm_base_url,
                # Local servers often need no key, but the client insists on one.
                api_key=settings.llm_api_key or "no-key",
                timeout=settings.llm_timeout,
                max_retries=0,
            )
        except openai.OpenAIError as e:
            raise ConfigError(f"could not set up the OpenAI client: {e}", original=e) from e
        self.url = str(self.client.base_url).rstrip("/")

    def send(self, log: CallLog, **request: Any) -> ChatCompletion:
        """One chat completion, retried on transient faults; every failure becomes an ``LLMError``."""
        estimate = estimate_request_tokens(request, encoding=self.encoding)
        for attempt in range(self.retries + 1):
            self.meter.reserve(estimate)
            try:
                response = self.client.chat.completions.create(**request)
            except openai.APIStatusError as e:
                self.meter.settle(estimate, 0)
                if _rejects_mode(e):
                    raise ModeRejected(f"LLM server at {self.url} refused: {_detail(e)}", original=e) from e
                if not _retryable(e.status_code) or attempt == self.retries:
                    raise self._status_error(e, attempt + 1) from e
                delay = _retry_after(e.response.headers)
                delay = _backoff(attempt) if delay is None else min(delay, RETRY_AFTER_CAP)
                reason = f"HTTP {e.status_code}"
            except openai.APITimeoutError as e:
                self.meter.settle(estimate, 0)
                if attempt == self.retries:
                    raise LLMError(
                        f"LLM server at {self.url} did not answer within {self.timeout:g}s "
                        f"({attempt + 1} tries): raise DEALQA_LLM_TIMEOUT, or check that the server is up",
                        original=e,
                    ) from e
                delay, reason = _backoff(attempt), f"timeout after {self.timeout:g}s"
            except openai.APIConnectionError as e:
                self.meter.settle(estimate, 0)
                if attempt == self.retries:
                    raise LLMError(
                        f"could not connect to the LLM server at {self.url} ({attempt + 1} tries): "
                        "is it running? check OPENAI_BASE_URL (or DEALQA_LLM_BASE_URL)",
                        original=e,
                    ) from e
                delay, reason = _backoff(attempt), "connection error"
            except openai.OpenAIError as e:
                self.meter.settle(estimate, 0)
                raise LLMError(f"LLM request to {self.url} failed: {e}", original=e) from e
            else:
                return self._account(log, response, estimate)
            log.notes.append(
                f"{reason} from the LLM server; retry {attempt + 1}/{self.retries} in {delay:.1f}s"
            )
            time.sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _account(self, log: CallLog, response: object, estimate: int) -> ChatCompletion:
        if not isinstance(response, ChatCompletion):
            self.meter.settle(estimate, 0)
            raise LLMError(
                f"LLM server at {self.url} answered with something that is not a chat completion "
                f"({type(response).__name__}); is it OpenAI-compatible?"
            )
        usage = response.usage
        prompt = usage.prompt_tokens if usage else 0
        completion = usage.completion_tokens if usage else 0
        self.meter.settle(estimate, prompt + completion)
        log.calls += 1
        log.prompt_tokens += prompt
        log.completion_tokens += completion
        log.estimated_prompt_tokens += estimate
        if usage is None and "the server reports no token usage" not in log.notes:
            log.notes.append("the server reports no token usage")
        return response

    def _status_error(self, e: openai.APIStatusError, tries: int) -> LLMError:
        status, detail = e.status_code, _detail(e)
        where = f"LLM server at {self.url} returned {status}"
        if status in (401, 403):
            hint = "check OPENAI_API_KEY (or DEALQA_LLM_API_KEY)"
        elif status == 404:
            hint = (
                f"check the model name (DEALQA_LLM_MODEL={self.model!r}) and that OPENAI_BASE_URL "
                "points at the API root, usually ending in /v1"
            )
        elif status == 429:
            hint = (
                f"still rate-limited after {tries} tries: lower DEALQA_CONCURRENCY "
                "or raise DEALQA_LLM_HTTP_RETRIES"
            )
        elif status >= 500 or _retryable(status):
            hint = f"still failing after {tries} tries: check the server, or raise DEALQA_LLM_HTTP_RETRIES"
        elif "context" in detail.lower() or "token" in detail.lower():
            hint = "the request may be too long: lower DEALQA_LLM_MAX_INPUT_TOKENS"
        else:
            hint = "the request was refused as invalid"
        return LLMError(f"{where} ({detail}): {hint}", original=e)


def _retryable(status: int) -> bool:
    return status in _RETRY_STATUS or status >= 500


def _backoff(attempt: int) -> float:
    # Jitter keeps concurrent workers from retrying in lockstep.
    delay: float = BACKOFF_BASE * 2.0**attempt
    return min(delay, BACKOFF_CAP) * random.uniform(0.8, 1.0)


def _retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds the server asked us to wait (``Retry-After-Ms``, ``Retry-After`` seconds or date)."""
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(float(ms) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - datetime.now(UTC)).total_seconds(), 0.0)


def _detail(e: openai.APIStatusError) -> str:
    body = e.body
    if isinstance(body, dict):
        err = body.get("error", body)
        message = err.get("message") if isinstance(err, dict) else err
        if message:
            return str(message)[:300]
    return str(e.message)[:300]


def _rejects_mode(e: openai.APIStatusError) -> bool:
    if e.status_code not in (400, 422):
        return False
    text = f"{e.message} {e.body}".lower()
    return any(word in text for word in _MODE_WORDS)
