"""The LLM backend: instructor over an OpenAI-compatible server, every quote checked.

For one article: look in the cache; cut the body paragraphs into windows
(``windows``); for each window render the prompt and ask through
instructor, whose validator (``verify.CheckedDraft``) re-asks, up to
``llm_max_retries`` times, with the reason any quote failed; when the re-asks
run out, keep the records of the last answer that verify and count the
others as dropped. HTTP faults are retried underneath, per request
(``extractor.client.transport``). If the server refuses forced tool calls or a
``response_format``, fall back tools → json_schema → json → md_json and
keep the working mode for the rest of the run.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field

from instructor.core import InstructorRetryException

from ...client import MODE_LABELS, CallLog, Session, TokenMeter, Transport, completion_json
from ...config import Settings
from ...errors import LLMError
from ...prompts import Prompt, load_prompt
from ...schema import SCHEMA_VERSION, Article, Diagnostics, ExtractionDraft
from ..base import BackendResult
from .cache import DraftCache, cache_key, llm_cache_dir
from .verify import VERIFY_KEY, CheckedDraft, Shown, merge_drafts, plain, salvage
from .windows import Window, plan_windows

PROMPT_NAME = "extract"
# The schema the model is sent is part of what shapes its answer, so it is part of the cache key.
SCHEMA_DIGEST = hashlib.sha256(
    json.dumps(CheckedDraft.model_json_schema(), sort_keys=True, ensure_ascii=False).encode("utf-8")
).hexdigest()[:16]


@dataclass
class _Outcome:
    draft: ExtractionDraft
    reasks: int = 0
    dropped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # False when the re-asks ran out and only the verifying part of an answer was kept.
    complete: bool = True


class LLMBackend:
    """Extraction drafts from an OpenAI-compatible chat model; thread-safe, one per batch."""

    name = "llm"

    def __init__(
        self, settings: Settings, *, meter: TokenMeter | None = None, prompt: Prompt | None = None
    ) -> None:
        self.settings = settings
        self.prompt = prompt or load_prompt(PROMPT_NAME)
        self.meter = meter or TokenMeter(settings.llm_token_budget)
        self.transport = Transport(settings, self.meter)
        self.session = Session(settings, self.transport)
        self.cache = DraftCache(llm_cache_dir(settings))

    @property
    def mode(self) -> str:
        """The structured-output mode in use now (after any fallback)."""
        return MODE_LABELS[self.session.mode]

    def cache_key(self, article: Article) -> str:
        layout = json.dumps([(p.start, p.end, p.kind) for p in article.paragraphs])
        return cache_key(
            model=self.transport.model,
            mode=self.settings.llm_mode,
            prompt=f"{self.prompt.id}:{self.prompt.digest}",
            schema_version=f"{SCHEMA_VERSION}:{SCHEMA_DIGEST}",
            text=article.text,
            extra=(
                f"max_input_tokens={self.settings.llm_max_input_tokens}",
                f"encoding={self.settings.encoding}",
                "paragraphs=" + hashlib.sha256(layout.encode()).hexdigest(),
            ),
        )

    def extract(self, article: Article) -> BackendResult:
        started = time.monotonic()
        key = self.cache_key(article)
        if self.settings.use_cache and (hit := self.cache.get(key)) is not None:
            diagnostics = Diagnostics(chunks=hit.chunks, cached=True, seconds=time.monotonic() - started)
            return BackendResult(hit.draft, diagnostics)

        limit = self.settings.llm_max_input_tokens
        windows = plan_windows(article, max_tokens=limit, encoding=self.settings.encoding)
        log = CallLog()
        outcomes: list[_Outcome] = []
        for window in windows:
            if window.tokens > limit:
                log.notes.append(
                    f"paragraph P{window.paragraphs[0]} alone is {window.tokens} tokens, over "
                    f"llm_max_input_tokens={limit}; sent whole"
                )
            outcomes.append(self._window(article, window, log))
        if not windows:
            log.notes.append("no body paragraphs to send")

        draft = _unnamed(merge_drafts([o.draft for o in outcomes]))
        dropped = [reason for o in outcomes for reason in o.dropped]
        diagnostics = Diagnostics(
            chunks=len(windows),
            calls=log.calls,
            prompt_tokens=log.prompt_tokens,
            completion_tokens=log.completion_tokens,
            estimated_prompt_tokens=log.estimated_prompt_tokens,
            reasks=sum(o.reasks for o in outcomes),
            dropped=len(dropped),
            drop_reasons=dropped,
            notes=[*log.notes, *(n for o in outcomes for n in o.notes)],
        )
        partial = sum(not o.complete for o in outcomes)
        if partial:
            # A partial answer is not locked in: the next run asks again.
            diagnostics.notes.append(f"not cached: {partial} of {len(windows)} answers kept only in part")
        else:
            self._remember(key, draft, article, chunks=len(windows), diagnostics=diagnostics)
        diagnostics.seconds = time.monotonic() - started
        return BackendResult(draft, diagnostics)

    def _remember(
        self, key: str, draft: ExtractionDraft, article: Article, *, chunks: int, diagnostics: Diagnostics
    ) -> None:
        """Cache a draft every answer of which verified whole."""
        try:
            self.cache.put(
                key,
                draft,
                chunks=chunks,
                meta={"model": self.transport.model, "prompt": self.prompt.id, "source": article.source},
            )
        except OSError as e:
            diagnostics.notes.append(
                f"could not write the LLM cache ({e}); check that DEALQA_DATA_DIR is writable"
            )

    def _window(self, article: Article, window: Window, log: CallLog) -> _Outcome:
        label = f"window {window.index + 1}/{window.count}" if window.count > 1 else ""
        shown = Shown(article, frozenset(window.paragraphs), label)
        rendered = self.prompt.render(window=window.describe(), article=window.text)
        calls_before = log.calls
        try:
            result = self.session.create(
                CheckedDraft,
                system=rendered.system,
                user=rendered.user,
                context={VERIFY_KEY: shown},
                retries=self.settings.llm_max_retries,
                log=log,
            )
        except InstructorRetryException as e:
            outcome = self._salvage(e, shown)
            outcome.reasks = max(log.calls - calls_before - 1, 0)
            return outcome
        return _Outcome(plain(result), reasks=max(log.calls - calls_before - 1, 0))

    def _salvage(self, e: InstructorRetryException, shown: Shown) -> _Outcome:
        """After the last re-ask: the verifying records of the latest answer that is a draft at all."""
        attempts = e.failed_attempts or []
        for attempt in reversed(attempts):
            saved = salvage(completion_json(attempt.completion), shown)
            if saved is not None:
                where = f"{shown.label}: " if shown.label else ""
                note = (
                    f"{where}re-asks exhausted after {len(attempts)} answers; kept "
                    f"{len(saved.draft.deals) + len(saved.draft.aggregates)} verified records, "
                    f"dropped {len(saved.dropped)}"
                )
                notes = [*saved.notes, note]
                return _Outcome(saved.draft, dropped=saved.dropped, notes=notes, complete=False)
        raise LLMError(
            f"the model at {self.transport.url} gave no usable ExtractionDraft in {len(attempts)} answers "
            f"(last error: {str(e.__cause__ or e)[:300]}): try another DEALQA_LLM_MODE "
            "(tools, json_schema, json) or a stronger model",
            original=e,
        )


def _unnamed(draft: ExtractionDraft) -> ExtractionDraft:
    """A model names no rule: whatever it wrote in the hidden ``rule`` field is dropped."""
    return ExtractionDraft(
        deals=[d.model_copy(update={"rule": None}) for d in draft.deals],
        aggregates=[a.model_copy(update={"rule": None}) for a in draft.aggregates],
    )
