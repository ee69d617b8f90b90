"""Uploads ingested and extracted in the background, one job at a time, with progress to poll.

One worker thread per app: the store has one writer per data directory, so
jobs queue rather than fail on the write lock. While a job writes, the
sources it touches are *in flight*: readers (questions, the deals table)
leave them out until their article, chunks and deals are complete, so nobody
sees a half-written article.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..config import Settings
from ..deals import extract_pending, pending
from ..errors import DealqaError
from ..ingest import ingest
from ..schema import Article, ArticleExtraction
from ..store import Store
from .safety import inside

log = logging.getLogger(__name__)

FileState = Literal["queued", "ingesting", "ingested", "unchanged", "extracting", "done", "failed"]
JobState = Literal["queued", "running", "done", "failed"]
_KEEP_JOBS = 100


@dataclass
class FileStatus:
    name: str
    state: FileState = "queued"
    reason: str | None = None
    deals: int = 0
    aggregates: int = 0

    @property
    def finished(self) -> bool:
        return self.state in ("done", "unchanged", "failed")


@dataclass
class Job:
    id: str
    files: list[FileStatus]
    state: JobState = "queued"
    step: str = "排队中"
    error: str | None = None
    created: float = field(default_factory=time.time)
    finished_at: float | None = None

    def progress(self) -> float:
        """0..1: each file counts once for ingest and once for extraction."""
        if not self.files:
            return 1.0
        steps = 0
        for f in self.files:
            steps += 2 if f.finished else 1 if f.state in ("ingested", "extracting") else 0
        return 1.0 if self.state in ("done", "failed") else steps / (2 * len(self.files))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["progress"] = round(self.progress(), 3)
        data["status_url"] = f"/api/ingest/{self.id}"
        return data


class Jobs:
    """The app's ingest queue: submit saved uploads, poll jobs, ask which sources are in flight."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = settings.data_dir / "uploads"
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._in_flight: set[str] = set()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dealqa-ingest")

    # ------------------------------------------------------------------ API for routes

    def new_job(self, files: list[FileStatus]) -> tuple[Job, Path]:
        """A job for these files (refused ones already ``failed``) and the folder for accepted uploads."""
        job = Job(id=uuid.uuid4().hex[:12], files=files)
        folder = inside(self.root, job.id)
        folder.mkdir(parents=True, exist_ok=True)
        with self._lock:
            self._jobs[job.id] = job
            for old in sorted(self._jobs.values(), key=lambda j: j.created)[:-_KEEP_JOBS]:
                del self._jobs[old.id]
        return job, folder

    def start(self, job: Job, paths: dict[str, Path]) -> None:
        """Queue the job; ``paths`` maps accepted file names to their saved copies."""
        if not paths:
            self._finish(job, "done")
            return
        self._pool.submit(self._run, job, paths)

    def fail_file(self, job: Job, name: str, reason: str) -> None:
        self._set(job, name, "failed", reason)

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def snapshot(self, job: Job) -> dict[str, Any]:
        with self._lock:
            return job.to_dict()

    def in_flight(self) -> frozenset[str]:
        with self._lock:
            return frozenset(self._in_flight)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    # ------------------------------------------------------------------ the worker

    def _set(self, job: Job, name: str, state: FileState, reason: str | None = None) -> None:
        with self._lock:
            for f in job.files:
                if f.name == name and not (f.state == "failed" and state != "failed"):
                    f.state = state
                    f.reason = reason or f.reason

    def _step(self, job: Job, step: str, state: JobState = "running") -> None:
        with self._lock:
            job.step, job.state = step, state

    def _finish(self, job: Job, state: JobState, error: str | None = None) -> None:
        with self._lock:
            job.state, job.error, job.finished_at = state, error, time.time()
            job.step = "完成" if state == "done" else "失败"
            self._in_flight.clear()

    def _run(self, job: Job, paths: dict[str, Path]) -> None:
        try:
            self._ingest(job, paths)
            self._extract(job, set(paths))
            self._finish(job, "done")
        except DealqaError as exc:
            self._fail_rest(job, str(exc))
        except Exception as exc:
            log.exception("ingest job %s failed", job.id)
            self._fail_rest(job, f"内部错误 ({type(exc).__name__})")

    def _fail_rest(self, job: Job, reason: str) -> None:
        with self._lock:
            for f in job.files:
                if f.state not in ("done", "unchanged", "failed"):
                    f.state, f.reason = "failed", reason
        self._finish(job, "failed", reason)

    def _ingest(self, job: Job, paths: dict[str, Path]) -> None:
        with self._lock:
            self._in_flight |= set(paths)
        self._step(job, "入库中")
        for name in paths:
            self._set(job, name, "ingesting")
        stored: set[str] = set()

        def on_article(article: Article) -> None:
            stored.add(article.source)
            self._set(job, article.source, "ingested")

        report = ingest(list(paths.values()), settings=self.settings, on_article=on_article)
        by_path = {str(p): n for n, p in paths.items()}
        for path, reason in report.failed:
            self._set(job, by_path.get(path, Path(path).name), "failed", reason)
        for name in set(paths) - stored:
            self._set(job, name, "unchanged", "内容未变化，已跳过")

    def _extract(self, job: Job, names: set[str]) -> None:
        store = Store(self.settings)
        backend = self.settings.resolve_backend()
        todo = {a.source for a in pending(store, store.articles(), backend)}
        with self._lock:
            # Swap the ingest set for the extraction set in one step: no gap where a source shows.
            self._in_flight = set(todo)
        self._step(job, f"抽取项目中（{len(todo)} 篇）")
        for name in names & todo:
            self._set(job, name, "extracting")

        def on_done(article: Article, result: ArticleExtraction | None, error: str | None) -> None:
            with self._lock:
                self._in_flight.discard(article.source)
            if article.source not in names:
                return
            if result is None:
                self._set(job, article.source, "failed", f"抽取失败：{error}")
                return
            with self._lock:
                for f in job.files:
                    if f.name == article.source:
                        f.deals, f.aggregates = len(result.deals), len(result.aggregates)
            self._set(job, article.source, "done")

        extract_pending(store, settings=self.settings, on_done=on_done)
        with self._lock:
            for f in job.files:
                if f.name in names and f.state == "ingested":  # stored, but nothing left to extract
                    f.state = "done"
