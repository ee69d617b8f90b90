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

The workers are ``workers.Pool`` children (``python -c``, pickle over pipes).
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Settings, get_settings
from .errors import DealqaError, InterruptedRunError, StoreFullError
from .schema import Article
from .store import Store
from .store.disk import full_error
from .store.embedders import Embedder, make_embedder
from .store.facade import location
from .store.lexical import tokenize
from .store.writer import ArticleRecord, BatchWriter, ChunkBatch, Outcome, content_hash, prepare
from .text.chunks import chunk_key, iter_chunks
from .text.decode import read_article
from .text.files import SUPPORTED_SUFFIXES as SUPPORTED_SUFFIXES  # what ingest reads, for callers above
from .text.files import collect_files
from .text.tokens import get_encoding
from .workers import Pool, serve

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
    # (path, reason): files met in a folder that are not read (.jpg, a link leaving the folder…);
    # named for the user, but no failure of the run
    skipped: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, the stored source it repeats)
    paragraphs: int = 0
    chunks: int = 0
    tokens: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> dict[str, Any]:
        """The report as plain data (for ``--format json``)."""
        data = {k: v for k, v in vars(self).items() if k not in ("failed", "skipped", "duplicates")}
        data["seconds"] = round(self.seconds, 3)
        data["failed"] = [{"path": p, "reason": r} for p, r in self.failed]
        data["skipped"] = [{"path": p, "reason": r} for p, r in self.skipped]
        data["duplicates"] = [{"path": p, "duplicate_of": s} for p, s in self.duplicates]
        return data


def ingest(
    paths: Iterable[str | Path],
    *,
    settings: Settings | None = None,
    rebuild: bool = False,
    replace: bool = False,
    progress: Progress | None = None,
    on_article: OnArticle | None = None,
) -> IngestReport:
    """Ingest files and folders into the store; see ``IngestReport`` for what happened.

    A file whose text (normalised) is already stored under another name is
    reported in ``duplicates`` and not stored again. A file named like a stored
    article that came from another path is refused unless ``replace``; from
    the same path, a changed file is an update. Ctrl-C raises
    ``InterruptedRunError`` (what was stored stays; a re-run resumes), a full
    disk ``StoreFullError``, both in one line.
    """
    settings = settings or get_settings()
    started = time.perf_counter()
    files, failed, skipped = collect_files(paths)
    report = IngestReport(files=len(files) + len(failed) + len(skipped), failed=failed, skipped=skipped)
    workers: _Workers | None = None
    run: _Run | None = None
    finished = False
    try:
        # Started first: they boot (imports, jieba, tiktoken) while this process opens Chroma.
        n = min(4, (os.cpu_count() or 1) - 1) if len(files) >= _POOL_MIN_FILES else 0
        workers = _Workers(n, settings) if n > 0 else None
        store = Store(settings)
        with store.writing(rebuild=rebuild):
            if rebuild:
                from .backends.llm import clear_cache  # the model's client loads only when needed

                clear_cache(settings)  # a rebuild asks the model again: no cached answer survives it
            run = _Run(store, settings, report, on_article, workers, replace=replace)
            run.run(files, progress)
        finished = True
    except KeyboardInterrupt:
        stored = report.ingested + report.skipped_unchanged
        raise InterruptedRunError(
            f"interrupted: {stored} of {len(files)} articles stored; run the same command again to resume"
        ) from None
    except StoreFullError as e:
        need = 20 * sum(_size(p) for p in files[run.done if run else 0 :])  # the store holds ~20x the text
        raise full_error(location(settings), need=need, original=e) from None
    finally:
        if workers is not None:
            workers.close(abort=not finished)  # queued files of a stopped run are not waited for
    report.seconds = time.perf_counter() - started
    return report


# --------------------------------------------------------------------------- preparing


@dataclass
class _Skipped:
    pass


@dataclass
class _Header:
    """What the writer decides on before any record of a file is written (duplicate? collision?)."""

    source: str
    sha256: str
    content: str  # hash of the normalised text: equal for copies that differ only in form
    origin: str  # the file's resolved path


@dataclass
class _Duplicate:
    of: str


@dataclass
class _Failed:
    reason: str
    started: bool  # some of its chunk batches were already handed over


_Item = ChunkBatch | ArticleRecord | _Header | _Skipped | _Duplicate | _Failed
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
    article = read_article(path)
    key = chunk_key(article, max_tokens=settings.chunk_tokens, encoding=settings.encoding)
    if stored == (article.sha256, key):
        yield _Skipped()
        return
    header = _Header(article.source, article.sha256, content_hash(article.text), str(path.resolve()))
    yield header
    chunks = iter_chunks(article, max_tokens=settings.chunk_tokens, encoding=settings.encoding)
    yield from prepare(article, chunks, embedder=embedder, chunk_key=key, content=header.content)


def serve_worker() -> None:
    """A worker's main loop (``python -c``): prepare each requested file."""
    serve(_preparer)


def _preparer(settings: Settings) -> Callable[[tuple[str, Stored]], list[_Item] | None]:
    embedder = make_embedder(settings)
    tokenize("")  # load jieba's dictionary and the encoding before the first file arrives
    get_encoding(settings.encoding)

    def prepare_one(request: tuple[str, Stored]) -> list[_Item] | None:
        path, stored = request
        try:
            return list(_prepare(Path(path), stored, settings, embedder))
        except Exception:
            return None  # a bug: the parent prepares this file itself, where it raises properly

    return prepare_one


class _Workers:
    """Worker processes preparing files ahead of the writer; each answers its requests in order."""

    def __init__(self, n: int, settings: Settings) -> None:
        self.pool = Pool(n, "extractor.ingest", "serve_worker", settings)
        self.next = 0

    def submit(self, path: Path, stored: Stored) -> int | None:
        """Queue a file on the next live worker: which one, or None if none is alive."""
        for _ in range(len(self.pool)):  # no iteration (and None) when no worker started
            i, self.next = self.next, (self.next + 1) % len(self.pool)
            if self.pool.send(i, (str(path), stored)):
                return i
        return None

    def result(self, worker: int) -> list[_Item] | None:
        """The items of the oldest file queued on ``worker``; None if it died or failed on it."""
        ok, items = self.pool.receive(worker)
        return items if ok else None

    def close(self, *, abort: bool = False) -> None:
        """End the workers: after their queued files, or at once (``abort``: the run is over)."""
        self.pool.close(abort=abort)


# --------------------------------------------------------------------------- writing


class _Run:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        report: IngestReport,
        on_article: OnArticle | None,
        workers: _Workers | None,
        *,
        replace: bool = False,
    ) -> None:
        self.store = store
        self.workers = workers
        self.settings = settings
        self.report = report
        self.on_article = on_article
        self.replace = replace
        self.states = store.stored_states()
        self.stored: dict[str, Stored] = {
            source: (str(meta.get("sha256")), str(meta.get("chunk_key")))
            for source, meta in self.states.items()
        }
        # content hash -> the source holding it (stored, or admitted earlier in this batch)
        self.contents = {str(m["content"]): s for s, m in self.states.items() if m.get("content")}
        self.writer = BatchWriter(store, known=self.stored)
        self.done = 0  # files finished (stored, skipped or failed), for the interrupted/full messages

    def _admit(self, path: Path, header: _Header) -> _Duplicate | _Failed | None:
        """None when the file may be stored; else why not (a copy of another article, or a name
        that a file from another path holds)."""
        owner = self.contents.get(header.content)
        if owner is not None and owner != header.source:
            return _Duplicate(owner)
        meta = self.states.get(header.source)
        origin = meta.get("origin") if meta else None
        if origin and origin != header.origin and not self.replace:
            return _Failed(
                f"{header.source} is already stored from {origin}, and this is a different file of that "
                "name: re-run with --replace to replace the stored article, or rename this file",
                False,
            )
        old = meta.get("content") if meta else None
        if old and self.contents.get(str(old)) == header.source:
            del self.contents[str(old)]
        self.contents[header.content] = header.source
        return None

    def run(self, files: list[Path], progress: Progress | None) -> None:
        done = 0
        for path, item in self._prepared(files):
            if isinstance(item, ChunkBatch | ArticleRecord):
                self._settle(self.writer.add(item))
            elif isinstance(item, _Skipped):
                self.report.skipped_unchanged += 1
            elif isinstance(item, _Duplicate):
                self.report.duplicates.append((str(path), item.of))
            elif isinstance(item, _Header):
                raise AssertionError("headers are decided on in _prepared")
            else:
                self.report.failed.append((str(path), item.reason))
                if item.started:
                    self.writer.abandon(path.name)
            if not isinstance(item, ChunkBatch):
                done += 1
                self.done = done
                if progress is not None:
                    progress(done, len(files), path)
        self._settle(self.writer.flush())

    def _prepared(self, files: list[Path]) -> Iterator[tuple[Path, _Item]]:
        """Prepared items of every file, in file order; workers run ahead of the writer."""
        workers = self.workers
        # (path, stored state, its worker or failure or None for "prepare here", bytes in the workers)
        ahead: deque[tuple[Path, Stored, int | _Failed | None, int]] = deque()
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
                if isinstance(item, _Header):
                    verdict = self._admit(path, item)
                    if verdict is not None:  # nothing of it was written yet: its header comes first
                        yield path, verdict
                        break
                    continue
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
