"""The question log: every question asked through the CLI or the web, kept with the store.

One JSON line per answer in ``<data_dir>/questions.jsonl``: the question, the answer,
its citations as ``source#paragraph``, when, which backend and route, how long it took
and where it was asked. Appends take a file lock, so two processes never interleave
a line; a log that cannot be written (a read-only or full disk, a lock held too long)
loses that line and the answer goes out all the same. ``dealqa log`` and the web's
recent questions read it back, newest first.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from .config import Settings
from .errors import StoreError
from .schema import Answer

log = logging.getLogger(__name__)

LOG_NAME = "questions.jsonl"
# How long an append waits for another writer before giving the line up.
_LOCK_SECONDS = 2.0


class LogEntry(BaseModel):
    """One asked question, as the log keeps it."""

    time: str = Field(description="when the answer was given, ISO 8601 with the local offset")
    question: str
    answer: str
    citations: list[str] = Field(default_factory=list, description="source#paragraph, in order")
    abstained: bool = False
    backend: str
    route: str
    seconds: float = Field(description="how long ask() took")
    via: Literal["cli", "web", "api"] = "api"


def log_path(settings: Settings) -> Path:
    return settings.data_dir / LOG_NAME


def entry(answer: Answer, *, seconds: float, via: Literal["cli", "web", "api"]) -> LogEntry:
    """The log line for ``answer``."""
    return LogEntry(
        time=datetime.now().astimezone().isoformat(timespec="seconds"),
        question=answer.question,
        answer=answer.answer,
        citations=[f"{s.source}#{s.paragraph}" for s in answer.citations],
        abstained=answer.abstained,
        backend=answer.backend,
        route=answer.route,
        seconds=round(seconds, 3),
        via=via,
    )


def record(answer: Answer, *, settings: Settings, seconds: float, via: Literal["cli", "web", "api"]) -> bool:
    """Append ``answer`` to the store's question log; False (and a warning) when it could not be."""
    import filelock

    path = log_path(settings)
    line = entry(answer, seconds=seconds, via=via).model_dump_json() + "\n"
    try:
        if not settings.data_dir.is_dir():
            return False  # no store here: nothing was answered from it worth keeping
        with filelock.FileLock(f"{path}.lock", timeout=_LOCK_SECONDS), path.open("a", encoding="utf-8") as f:
            f.write(line)
    except (OSError, filelock.Timeout) as e:
        log.warning("the question was not logged in %s: %s", path, e)
        return False
    return True


def read(settings: Settings, *, limit: int | None = None) -> list[LogEntry]:
    """The logged questions, newest first (at most ``limit``); unreadable lines are skipped
    (``StoreError`` when the log exists but cannot be read)."""
    path = log_path(settings)
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return []
    except OSError as e:
        raise StoreError(
            f"cannot read the question log {path}: {e.strerror or e}; move it away to start a new one"
        ) from e
    out: list[LogEntry] = []
    for raw in reversed(lines):
        if limit is not None and len(out) >= limit:
            break
        try:
            out.append(LogEntry.model_validate(json.loads(raw)))
        except (ValueError, ValidationError):
            continue  # a line cut short by a full disk, or written by hand
    return out
