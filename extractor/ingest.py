"""Files and folders into the store: decode, paragraphs, chunks, embeddings.

Idempotent: a file whose text (and chunking) is unchanged since it was stored
is skipped; a changed one replaces its previous version completely. Bad input
never stops a batch: each failure is reported with a one-line reason.

Preparing an article (decoding, paragraphs, chunks, jieba tokens, vectors)
is Python CPU work, and Chroma's embedded writes hold the GIL, so threads
cannot overlap the two. For larger batches, worker processes prepare files
while this process writes, running ahead by a bounded number of files whose
results wait on disk, so memory stays flat. Very large files are prepared
here, streamed in chunk batches.

The workers are plain ``python -c`` subprocesses speaking pickle over pipes,
not ``multiprocessing``: its spawn mode re-runs the caller's main module in
every worker (``python -m extractor`` would start the CLI again), and fork
is unsafe in a process running Chroma's native threads.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .config import Settings, get_settings
from .errors import DealqaError
from .schema import Article
from .store import Store
from .store.embedders import Embedder, make_embedder
from .store.lexical import tokenize
from .store.writer import ArticleRecord, BatchWriter, ChunkBatch, Outcome, prepare
from .text.article import build_article
from .text.chunks import chunk_key, iter_chunks
from .text.decode import read_text_file
from .text.files import collect_files
from .text.tokens import get_encoding

Progress = Callable[[int, int, Path], None]
OnArticle = Callable[[Article], None]

# Below this many files, starting worker processes (about a second each) does not pay.
_POOL_MIN_FILES = 24
# Files above this size are prepared in this process, streamed, not shipped whole between processes.
_POOL_MAX_BYTES = 2_000_000
# How far workers may run ahead of the writer: enough for a flush of BatchWriter, bounded on disk.
_AHEAD_FILES = 600
_AHEAD_BYTES = 64_000_000


@dataclass
class IngestReport:
    files: int = 0
    ingested: int = 0
    skipped_unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    paragraphs: int = 0
    chunks: int = 0
    tokens: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> dict[str, Any]:
        """The report as plain data (for ``--format json``)."""
        data = {k: v for k, v in vars(self).items() if k != "failed"}
        data["seconds"] = round(self.seconds, 3)
        data["failed"] = [{"path": p, "reason": r} for p, r in self.failed]
        return data


def ingest(
    paths: Iterable[str | Path],
    *,
    settings: Settings | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
    on_article: OnArticle | None = None,
) -> IngestReport:
    """Ingest files and folders into the store; see ``IngestReport`` for what happened."""
    settings = settings or get_settings()
    started = time.perf_counter()
    files, failed = collect_files(paths)
    report = IngestReport(files=len(files) + len(failed), failed=failed)
    # Started first: they boot (imports, jieba, tiktoken) while this process opens Chroma.
    n = min(4, (os.cpu_count() or 1) - 1) if len(files) >= _POOL_MIN_FILES else 0
    workers = _Workers(n, settings) if n > 0 else None
    try:
        store = Store(settings)
        with store.writing(rebuild=rebuild):
            _Run(store, settings, report, on_article, workers).run(files, progress)
    finally:
        if workers is not None:
            workers.close()
    report.seconds = time.perf_counter() - started
    return report


# --------------------------------------------------------------------------- preparing


@dataclass
class _Skipped:
    pass


@dataclass
class _Failed:
    reason: str
    started: bool  # some of its chunk batches were already handed over


_Item = ChunkBatch | ArticleRecord | _Skipped | _Failed
Stored = tuple[str, str] | None  # the stored (sha256, chunk_key) of a source


def _prepare(path: Path, stored: Stored, settings: Settings, embedder: Embedder) -> Iterator[_Item]:
    """Everything but writing, for one file; failures become a ``_Failed`` item."""
    started = False
    try:
        for item in _prepare_unsafe(path, stored, settings, embedder):
            yield item
            started = True
    except (DealqaError, OSError, UnicodeError, MemoryError) as e:
        yield _Failed(_one_line(e), started)


def _prepare_unsafe(path: Path, stored: Stored, settings: Settings, embedder: Embedder) -> Iterator[_Item]:
    text, html_title = read_text_file(path)
    article = build_article(text, source=path.name, path=str(path), html_title=html_title)
    key = chunk_key(article, max_tokens=settings.chunk_tokens, encoding=settings.encoding)
    if stored == (article.sha256, key):
        yield _Skipped()
        return
    chunks = iter_chunks(article, max_tokens=settings.chunk_tokens, encoding=settings.encoding)
    yield from prepare(article, chunks, embedder=embedder, chunk_key=key)


def serve_worker() -> None:
    """A worker's main loop (``python -c``): prepare each requested file into a result file.

    Results go to files, not back through the pipe, so a worker never waits
    for the writer to read: it keeps preparing while the writer is busy in
    a long Chroma flush. The pipe carries only ``(seq, ok)`` receipts.
    """
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever else prints to stdout must not corrupt the receipts
    inp = sys.stdin.buffer
    try:
        settings, folder = pickle.load(inp)
        embedder = make_embedder(settings)
        tokenize("")  # load jieba's dictionary and the encoding before the first file arrives
        get_encoding(settings.encoding)
        for seq, path, stored in iter(lambda: pickle.load(inp), None):
            ok = True
            try:
                items = list(_prepare(Path(path), stored, settings, embedder))
                target = Path(folder) / f"{seq}.pickle"
                with target.with_suffix(".partial").open("wb") as f:
                    pickle.dump(items, f, protocol=pickle.HIGHEST_PROTOCOL)
                target.with_suffix(".partial").replace(target)
            except Exception:
                ok = False  # a bug: the parent prepares this file itself, where it raises properly
            pickle.dump((seq, ok), out)
            out.flush()
    except EOFError:  # the parent is gone
        return


class _Workers:
    """Worker processes preparing files ahead of the writer; each answers its requests in order."""

    def __init__(self, n: int, settings: Settings) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="dealqa-prepare-"))
        package_root = str(Path(__file__).resolve().parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([package_root, os.environ.get("PYTHONPATH", "")])}
        code = "from extractor.ingest import serve_worker; serve_worker()"
        self.procs: list[subprocess.Popen[bytes] | None] = []
        for _ in range(n):
            try:
                proc = subprocess.Popen(
                    [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
                )
            except OSError:  # no workers then: everything is prepared in this process
                break
            self.procs.append(proc if self._send(proc, (settings, str(self.folder))) else None)
        self.next = 0
        self.seq = 0

    def submit(self, path: Path, stored: Stored) -> tuple[int, int] | None:
        """Queue a file on the next live worker: (worker, seq), or None if none is alive."""
        for _ in range(len(self.procs)):  # no iteration (and None) when no worker started
            i, self.next = self.next, (self.next + 1) % len(self.procs)
            proc = self.procs[i]
            self.seq += 1
            if proc is not None and self._send(proc, (self.seq, str(path), stored)):
                return i, self.seq
            self.procs[i] = None
        return None

    def result(self, job: tuple[int, int]) -> list[_Item] | None:
        """The items of a queued file; None if its worker died or failed on it."""
        i, seq = job
        proc = self.procs[i]
        if proc is None:
            return None
        try:
            done, ok = pickle.load(_pipe(proc.stdout))
        except (EOFError, OSError, pickle.UnpicklingError):
            self.procs[i] = None  # died (out of memory?): its files are prepared here instead
            return None
        if done != seq or not ok:
            return None
        path = self.folder / f"{seq}.pickle"
        with path.open("rb") as f:
            items: list[_Item] = pickle.load(f)
        path.unlink()
        return items

    def close(self) -> None:
        for proc in self.procs:
            if proc is not None:
                self._send(proc, None)
        for proc in self.procs:
            if proc is not None:
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    @staticmethod
    def _send(proc: subprocess.Popen[bytes], message: object) -> bool:
        try:
            stream = _pipe(proc.stdin)
            pickle.dump(message, stream, protocol=pickle.HIGHEST_PROTOCOL)
            stream.flush()
            return True
        except OSError:
            return False


def _pipe(stream: IO[bytes] | None) -> IO[bytes]:
    assert stream is not None
    return stream


# --------------------------------------------------------------------------- writing


class _Run:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        report: IngestReport,
        on_article: OnArticle | None,
        workers: _Workers | None,
    ) -> None:
        self.store = store
        self.workers = workers
        self.settings = settings
        self.report = report
        self.on_article = on_article
        self.stored: dict[str, Stored] = {
            source: (str(meta.get("sha256")), str(meta.get("chunk_key")))
            for source, meta in store.stored_states().items()
        }
        self.writer = BatchWriter(store, known=self.stored)

    def run(self, files: list[Path], progress: Progress | None) -> None:
        done = 0
        for path, item in self._prepared(files):
            if isinstance(item, ChunkBatch | ArticleRecord):
                self._settle(self.writer.add(item))
            elif isinstance(item, _Skipped):
                self.report.skipped_unchanged += 1
            else:
                self.report.failed.append((str(path), item.reason))
                if item.started:
                    self.writer.abandon(path.name)
            if not isinstance(item, ChunkBatch):
                done += 1
                if progress is not None:
                    progress(done, len(files), path)
        self._settle(self.writer.flush())

    def _prepared(self, files: list[Path]) -> Iterator[tuple[Path, _Item]]:
        """Prepared items of every file, in file order; workers run ahead of the writer."""
        workers = self.workers
        # (path, stored state, worker job or failure or None for "prepare here", bytes in the workers)
        ahead: deque[tuple[Path, Stored, tuple[int, int] | _Failed | None, int]] = deque()
        ahead_bytes = 0
        names: dict[str, Path] = {}
        todo = iter(files)

        def submit() -> bool:
            nonlocal ahead_bytes
            path = next(todo, None)
            if path is None:
                return False
            stored = self.stored.get(path.name)
            # Sources are named by file name (that is what citations show), so
            # two files of one name in a batch cannot both be stored.
            if (other := names.setdefault(path.name, path)) is not path:
                reason = f"another file named {path.name} was ingested from {other}; rename one"
                ahead.append((path, stored, _Failed(reason, False), 0))
            elif workers is not None and (size := _size(path)) <= _POOL_MAX_BYTES:
                ahead.append((path, stored, workers.submit(path, stored), size))
                ahead_bytes += size
            else:
                ahead.append((path, stored, None, 0))  # prepared here, streamed
            return True

        while ahead or submit():
            # Keep the workers busy through a whole flush of the writer.
            while len(ahead) < _AHEAD_FILES and ahead_bytes < _AHEAD_BYTES and submit():
                pass
            path, stored, job, size = ahead.popleft()
            ahead_bytes -= size
            if isinstance(job, _Failed):
                yield path, job
                continue
            done = workers.result(job) if workers is not None and job is not None else None
            items = done if done is not None else _prepare(path, stored, self.settings, self.store.embedder)
            for item in items:
                yield path, item

    def _settle(self, outcomes: list[Outcome]) -> None:
        for o in outcomes:
            article = o.record.article
            path = article.path or article.source
            if o.error is not None:
                self.report.failed.append((path, " ".join(o.error.split())))
                continue
            self.report.ingested += 1
            self.report.paragraphs += len(article.paragraphs)
            self.report.chunks += o.record.chunks
            self.report.tokens += o.record.tokens
            if self.on_article is not None:
                try:
                    self.on_article(article)
                except DealqaError as e:
                    self.report.failed.append((path, f"stored, but then: {_one_line(e)}"))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _one_line(e: BaseException) -> str:
    msg = " ".join(str(e).split()) or type(e).__name__
    return msg if isinstance(e, DealqaError) else f"{type(e).__name__}: {msg}"


def list_sources(settings: Settings | None = None) -> list[dict[str, Any]]:
    """Every stored article: id, title, published, paragraphs, chunks."""
    return Store(settings).list_sources()


def get_article(source: str, settings: Settings | None = None) -> Article:
    """A stored article, exactly as ingested (raises ``NotFoundError``)."""
    return Store(settings).get_article(source)
