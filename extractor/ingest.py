"""Files and folders into the store: decode, paragraphs, chunks, embeddings.

Idempotent: a file whose text (and chunking) is unchanged since it was stored
is skipped; a changed one replaces its previous version completely. Bad input
never stops a batch: each failure is reported with a one-line reason.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Settings, get_settings
from .errors import DealqaError, InputError
from .schema import Article
from .store import Store
from .text.article import build_article
from .text.chunks import chunk_key, iter_chunks

Progress = Callable[[int, int, Path], None]
OnArticle = Callable[[Article], None]


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


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """The files to ingest (folders walked recursively for supported types) and the paths that failed."""
    from .text.decode import SUPPORTED_SUFFIXES

    files: list[Path] = []
    failed: list[tuple[str, str]] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES)
            if not found:
                failed.append((str(p), f"no {', '.join(sorted(SUPPORTED_SUFFIXES))} files in this folder"))
        elif p.exists():
            found = [p]
        else:
            failed.append((str(p), "no such file or folder"))
            continue
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files, failed


def ingest(
    paths: Iterable[str | Path],
    *,
    settings: Settings | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
    on_article: OnArticle | None = None,
) -> IngestReport:
    """Ingest files and folders into the store; see ``IngestReport`` for what happened."""
    from .text.decode import read_text_file

    settings = settings or get_settings()
    started = time.perf_counter()
    files, failed = collect_files(paths)
    report = IngestReport(files=len(files) + len(failed), failed=failed)
    store = Store(settings)
    names: dict[str, Path] = {}
    with store.writing(rebuild=rebuild):
        for done, path in enumerate(files, 1):
            try:
                # Sources are named by file name (that is what citations show),
                # so two files of the same name in one batch cannot both be stored.
                if (other := names.setdefault(path.name, path)) is not path:
                    raise InputError(f"another file named {path.name} was ingested from {other}; rename one")
                text, html_title = read_text_file(path)
                article = build_article(text, source=path.name, path=str(path), html_title=html_title)
                if _store(store, article, settings, report) and on_article is not None:
                    on_article(article)
            except DealqaError as e:
                report.failed.append((str(path), _one_line(e)))
            except (OSError, UnicodeError, MemoryError) as e:
                report.failed.append((str(path), _one_line(e)))
            if progress is not None:
                progress(done, len(files), path)
    report.seconds = time.perf_counter() - started
    return report


def _store(store: Store, article: Article, settings: Settings, report: IngestReport) -> bool:
    """Store ``article`` unless it is stored already, unchanged; whether it was stored."""
    key = chunk_key(article, max_tokens=settings.chunk_tokens, encoding=settings.encoding)
    state = store.stored_state(article.source)
    if state and state.get("sha256") == article.sha256 and state.get("chunk_key") == key:
        report.skipped_unchanged += 1
        return False
    chunks = iter_chunks(article, max_tokens=settings.chunk_tokens, encoding=settings.encoding)
    n, tokens = store.put_article(article, chunks, chunk_key=key)
    report.ingested += 1
    report.paragraphs += len(article.paragraphs)
    report.chunks += n
    report.tokens += tokens
    return True


def _one_line(e: BaseException) -> str:
    msg = " ".join(str(e).split()) or type(e).__name__
    return msg if isinstance(e, DealqaError) else f"{type(e).__name__}: {msg}"


def list_sources(settings: Settings | None = None) -> list[dict[str, Any]]:
    """Every stored article: id, title, published, paragraphs, chunks."""
    return Store(settings).list_sources()


def get_article(source: str, settings: Settings | None = None) -> Article:
    """A stored article, exactly as ingested (raises ``NotFoundError``)."""
    return Store(settings).get_article(source)
