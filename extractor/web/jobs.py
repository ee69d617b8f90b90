"""Uploads ingested and extracted in the background: a bounded pool, a time limit, jobs kept on disk.

- **Bounded, per file**: each uploaded file is its own task in a pool of
  ``WORKERS`` threads (the store's write lock is shared within the process),
  so a big file never holds up a small one. An article longer than
  ``INLINE_CHARS`` is extracted in a child process that is killed after
  ``FILE_SECONDS``; the file is then reported failed (``kind`` ``timeout``)
  with its text stored, and a file running longer than ``SLOW_SECONDS`` is
  flagged ``slow`` in the job status while it runs.
- **Nothing piles up**: a refused file is deleted at once (or never written);
  an accepted upload is deleted as soon as the store holds its article text.
  Only the job records stay: one small JSON file per job in
  ``<data_dir>/uploads/``, the last ``KEEP_JOBS`` of them.
- **Restart-safe**: ``resume`` (called when the app starts) finishes the jobs a
  stopped server left unfinished, from their saved uploads or, when those are
  already stored, by extracting the stored articles.
- **No half-written articles**: while a file is written, its source is *in
  flight* and readers (questions, tables, pages) leave it out.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import re
import shutil
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from ..config import Settings
from ..deals import pending, record_failure, save_extraction
from ..errors import DealqaError, NotFoundError, StoreLockedError
from ..extract import extract_article, read_article
from ..ingest import ingest
from ..qa import prepare
from ..schema import Article, ArticleExtraction
from ..store import Store
from .safety import inside
from .worker import TimedOutError, extract_in_child

log = logging.getLogger(__name__)

FileState = Literal["queued", "ingesting", "ingested", "unchanged", "extracting", "done", "failed"]
JobState = Literal["queued", "running", "done", "failed"]
FINISHED: frozenset[str] = frozenset({"done", "unchanged", "failed"})

WORKERS = 3
INLINE_CHARS = 20_000  # shorter articles extract in well under a second: no child process needed
FILE_SECONDS = 300.0
SLOW_SECONDS = 10.0
KEEP_JOBS = 100
LOCK_WAIT_SECONDS = 60.0  # a CLI writing to the same store: wait for it this long

# Reasons from the ingest layer (English, for the CLI) as the page shows them, with a code for scripts.
_REASONS: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"empty|whitespace", re.I), "文件是空的（没有正文）", "empty"),
    (re.compile(r"binary|NUL", re.I), "不是文本文件（二进制内容）", "binary"),
    (
        re.compile(r"unsupported file type", re.I),
        "不支持的文件类型：只接受 .txt .md .html .docx .pdf",
        "unsupported",
    ),
    (re.compile(r"no text layer", re.I), "PDF 没有文字层（扫描件），不支持 OCR", "no_text_layer"),
    (re.compile(r"too (large|big)|larger than|exceeds", re.I), "文件过大", "too_large"),
    (
        re.compile(r"not a readable|cannot read|corrupt", re.I),
        "无法读取这个文件（已损坏或格式不对）",
        "unreadable",
    ),
    (re.compile(r"decode|encoding", re.I), "无法识别文件编码：请另存为 UTF-8 再上传", "encoding"),
    (
        re.compile(r"another dealqa process is writing", re.I),
        "另一个 dealqa 进程正在写入，请稍后再上传",
        "locked",
    ),
]


def explain(reason: str) -> tuple[str, str]:
    """(Chinese message, English kind) for a failure reason from the layers below."""
    for pattern, message, kind in _REASONS:
        if pattern.search(reason):
            return message, kind
    return f"无法入库：{reason}", "refused"


@dataclass
class FileStatus:
    name: str
    state: FileState = "queued"
    reason: str | None = None
    kind: str | None = None  # why it failed, for scripts: empty, binary, exists, timeout, …
    detail: str | None = None
    deals: int = 0
    aggregates: int = 0
    started: float | None = None
    finished_at: float | None = None

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    def fail(self, reason: str, kind: str, detail: str | None = None) -> None:
        self.state, self.reason, self.kind, self.detail = "failed", reason, kind, detail
        self.finished_at = self.finished_at or time.time()

    def to_dict(self, now: float) -> dict[str, Any]:
        data = asdict(self)
        end = self.finished_at or now
        data["seconds"] = round(end - self.started, 1) if self.started else 0.0
        data["slow"] = bool(self.started and end - self.started > SLOW_SECONDS)
        return data


@dataclass
class Job:
    id: str
    files: list[FileStatus]
    replace: bool = False
    state: JobState = "queued"
    step: str = "排队中"
    error: str | None = None
    created: float = field(default_factory=time.time)
    finished_at: float | None = None

    def progress(self) -> float:
        """0..1: each file counts once for ingest and once for extraction."""
        if not self.files or self.state in ("done", "failed"):
            return 1.0
        steps = sum(
            2 if f.finished else 1 if f.state in ("ingested", "extracting") else 0 for f in self.files
        )
        return steps / (2 * len(self.files))

    def to_dict(self) -> dict[str, Any]:
        now = time.time()
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "files"}
        data["files"] = [f.to_dict(now) for f in self.files]
        data["progress"] = round(self.progress(), 3)
        data["status_url"] = f"/api/ingest/{self.id}"
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Job:
        names = {f.name for f in fields(FileStatus)}
        files = [FileStatus(**{k: v for k, v in f.items() if k in names}) for f in data.get("files", [])]
        keep = {f.name for f in fields(cls)} - {"files"}
        return cls(files=files, **{k: v for k, v in data.items() if k in keep})


class Jobs:
    """The app's upload queue: submit saved uploads, poll jobs, ask which sources are in flight."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = settings.data_dir / "uploads"
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._in_flight: set[str] = set()
        self._preparing = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="dealqa-upload")
        self._load()

    # ------------------------------------------------------------------ API for routes

    def new_job(self, files: list[FileStatus], *, replace: bool = False) -> tuple[Job, Path]:
        """A job for these files (refused ones already ``failed``) and the folder for accepted uploads."""
        job = Job(id=uuid.uuid4().hex[:12], files=files, replace=replace)
        folder = inside(self.root, job.id)
        folder.mkdir(parents=True, exist_ok=True)
        with self._lock:
            self._jobs[job.id] = job
            self._save(job)
        self._prune()
        return job, folder

    def start(self, job: Job, paths: dict[str, Path]) -> None:
        """Queue each accepted file of the job; ``paths`` maps file names to their saved copies."""
        with self._lock:
            job.state, job.step = "running", "处理中"
            self._save(job)
        todo = [f.name for f in job.files if not f.finished]
        if not todo:
            self._settle(job)
        for name in todo:
            self._pool.submit(self._run_file, job, name, paths.get(name))

    def fail_file(self, job: Job, name: str, reason: str, kind: str) -> None:
        with self._lock:
            for f in job.files:
                if f.name == name:
                    f.fail(reason, kind)
            self._save(job)

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def snapshot(self, job: Job) -> dict[str, Any]:
        with self._lock:
            return job.to_dict()

    def in_flight(self) -> frozenset[str]:
        with self._lock:
            return frozenset(self._in_flight)

    def resume(self) -> int:
        """Finish the jobs a stopped server left unfinished; how many files were queued again."""
        queued = 0
        with self._lock:
            unfinished = [j for j in self._jobs.values() if j.state in ("queued", "running")]
        for job in unfinished:
            folder = self.root / job.id
            paths = {f.name: folder / f.name for f in job.files if (folder / f.name).is_file()}
            with self._lock:
                for f in job.files:
                    if not f.finished:
                        f.state, f.started = "queued", None
            queued += sum(1 for f in job.files if not f.finished)
            log.info("resuming upload job %s", job.id)
            self.start(job, paths)
        return queued

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    # ------------------------------------------------------------------ one file

    def _update(self, job: Job, name: str, **changes: Any) -> None:
        with self._lock:
            for f in job.files:
                if f.name == name and not f.finished:
                    for key, value in changes.items():
                        setattr(f, key, value)
            self._save(job)

    def _fail(self, job: Job, name: str, reason: str, kind: str, detail: str | None = None) -> None:
        with self._lock:
            for f in job.files:
                if f.name == name and not f.finished:
                    f.fail(reason, kind, detail)
            self._save(job)

    def _run_file(self, job: Job, name: str, path: Path | None) -> None:
        with self._lock:
            self._in_flight.add(name)
        self._update(job, name, started=time.time())
        try:
            self._process(job, name, path)
        except DealqaError as exc:
            message, kind = explain(str(exc))
            self._fail(job, name, message, kind, str(exc))
        except Exception as exc:
            log.exception("upload %s of job %s failed", name, job.id)
            self._fail(job, name, f"内部错误（{type(exc).__name__}），请查看服务日志", "internal")
        finally:
            with self._lock:
                self._in_flight.discard(name)
            if path is not None:
                path.unlink(missing_ok=True)  # refused, or its text is in the store now
            self._settle(job)

    def _process(self, job: Job, name: str, path: Path | None) -> None:
        store = Store(self.settings)
        if path is not None:
            if not job.replace and (message := self._collision(store, name, path)):
                self._fail(job, name, message, "exists")
                return
            self._update(job, name, state="ingesting")
            # checked above: a name already stored is replaced only by its own text or by choice
            report = _with_lock_wait(lambda: ingest([path], settings=self.settings, replace=True))
            if report.failed:
                detail = report.failed[0][1]
                message, kind = explain(detail)
                self._fail(job, name, message, kind, detail)
                return
            if report.duplicates:
                same = report.duplicates[0][1]
                self._fail(job, name, f"与已有文章 {same} 内容相同，未重复入库", "duplicate_text")
                return
            unchanged = not report.ingested
            self._update(job, name, state="ingested")
        else:
            unchanged = False
        try:
            article = store.get_article(name)
        except NotFoundError:
            self._fail(job, name, "上传的文件已不在（服务重启前未保存完），请重新上传", "lost")
            return
        backend = self.settings.resolve_backend()
        if not pending(store, [article], backend):
            self._finish_file(job, name, None, unchanged=unchanged)
            return
        self._update(job, name, state="extracting")
        result = self._extract(job, name, store, article, backend)
        if result is not None:
            self._finish_file(job, name, result, unchanged=False)

    def _collision(self, store: Store, name: str, path: Path) -> str | None:
        """Why this upload may not silently replace a stored article of the same name (None if it may)."""
        stored = store.stored_states().get(name)
        if stored is None:
            return None
        try:
            article = read_article(path, source=name)
        except DealqaError:
            return None  # ingest reports why the file is refused
        if article.sha256 == stored.get("sha256"):
            return None  # the same text: ingest skips it as unchanged
        return f"已有同名文章 {name}，内容不同：如要替换，请勾选“替换同名文章”后重新上传"

    def _extract(
        self, job: Job, name: str, store: Store, article: Article, backend: str
    ) -> ArticleExtraction | None:
        try:
            if len(article.text) <= INLINE_CHARS:
                result = extract_article(article, backend=backend, settings=self.settings)
            else:
                result = extract_in_child(article, self.settings, timeout=FILE_SECONDS)
        except TimedOutError:
            reason = f"抽取超过 {FILE_SECONDS:g} 秒上限，已停止（原文已入库，可用 dealqa extract 重试）"
            self._record_failure(store, article, backend, "timeout")
            self._fail(job, name, reason, "timeout")
            return None
        except DealqaError as exc:
            self._record_failure(store, article, backend, str(exc))
            self._fail(job, name, f"抽取失败：{exc}", "extract_failed", str(exc))
            return None
        with store.writing():
            save_extraction(store, article, result)
        return result

    def _record_failure(self, store: Store, article: Article, backend: str, error: str) -> None:
        with store.writing():
            record_failure(store, article, backend, error)

    def _finish_file(self, job: Job, name: str, result: ArticleExtraction | None, *, unchanged: bool) -> None:
        with self._lock:
            for f in job.files:
                if f.name == name and not f.finished:
                    if result is not None:
                        f.deals, f.aggregates = len(result.deals), len(result.aggregates)
                    f.state = "unchanged" if unchanged else "done"
                    if unchanged:
                        f.reason = "内容未变化，已跳过"
                    f.finished_at = time.time()
            self._save(job)

    # ------------------------------------------------------------------ the job

    def _settle(self, job: Job) -> None:
        with self._lock:
            finished = job.finished_at is None and all(f.finished for f in job.files)
            if finished:
                job.state, job.step, job.finished_at = "done", "完成", time.time()
                gc.unfreeze()  # the store changed: what warming froze may be garbage now (see app.warm)
                with contextlib.suppress(OSError):
                    (self.root / job.id).rmdir()  # empty by now: every upload was deleted
            self._save(job)
        if finished and any(f.state == "done" for f in job.files):
            with contextlib.suppress(RuntimeError):  # the server is shutting down
                self._pool.submit(self._prepare_answers)

    def _prepare_answers(self) -> None:
        """Build the record index of the store as the job left it, and save it, now rather than
        in the next deal question (15 s at 20,000 articles); one build at a time."""
        with self._preparing:
            try:
                prepare(self.settings)
            except DealqaError as exc:  # the next question builds it, or says what is wrong
                log.warning("could not prepare the record index after an upload: %s", exc)

    def _save(self, job: Job) -> None:
        """Write the job's record (under ``self._lock``): atomically, so a crash leaves the old one."""
        self.root.mkdir(parents=True, exist_ok=True)
        target = self.root / f"{job.id}.json"
        partial = target.with_suffix(".partial")
        partial.write_text(json.dumps(job.to_dict(), ensure_ascii=False), encoding="utf-8")
        partial.replace(target)

    def _load(self) -> None:
        if not self.root.is_dir():
            return
        for record in self.root.glob("*.json"):
            try:
                job = Job.from_dict(json.loads(record.read_text(encoding="utf-8")))
            except (OSError, ValueError, TypeError) as exc:
                log.warning("ignoring unreadable upload job record %s: %s", record, exc)
                continue
            self._jobs[job.id] = job
        self._prune()

    def _prune(self) -> None:
        """Keep the last ``KEEP_JOBS`` finished jobs' records; older ones go with their folders."""
        with self._lock:
            finished = sorted((j for j in self._jobs.values() if j.finished_at), key=lambda j: j.created)
            old = finished[: max(0, len(self._jobs) - KEEP_JOBS)]
            for job in old:
                del self._jobs[job.id]
        for job in old:
            (self.root / f"{job.id}.json").unlink(missing_ok=True)
            shutil.rmtree(self.root / job.id, ignore_errors=True)


def _with_lock_wait(write: Any) -> Any:
    """Run a write, waiting up to ``LOCK_WAIT_SECONDS`` while another process holds the store."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            return write()
        except StoreLockedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
