"""Batched writes: articles are prepared anywhere, written in few large upserts.

Chroma's embedded store pays per write call (it persists its vector index
and log each time, a cost that grows with the collection), so writing
article by article was ten times slower than writing thousands of records at
once. ``prepare`` turns an article into records (the CPU part: jieba tokens,
vectors) and can run in a worker process; ``BatchWriter`` buffers them and
commits in this order, per flush:

1. the new chunks (content-addressed ids, so old and new versions coexist);
2. deletion of the article's chunks that are not in the new version;
3. the article record, whose sha256 marks the article as stored.

A failure leaves the previous article record in place, so the next ingest
redoes that article. When a batched write fails, each article is retried on
its own, so one bad record fails one article; a full disk fails the run at
once instead (every retry would fail too).
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from ..errors import StoreError, StoreFullError
from ..schema import Article, Chunk
from ..text.dates import day_number
from .chroma import Metadata
from .embedders import Embedder
from .lexical import tokenize
from .packing import packed

if TYPE_CHECKING:
    from .facade import Store

Vectors = npt.NDArray[np.float32]


@dataclass(eq=False)
class ChunkBatch:
    """Some chunk records of one article (a long article comes in several)."""

    source: str
    ids: list[str]
    metadatas: list[Metadata]
    embeddings: Vectors


@dataclass(eq=False)
class ArticleRecord:
    """The article record, sent after all of its chunks."""

    article: Article
    metadata: Metadata
    kept: set[str] = field(default_factory=set)
    chunks: int = 0
    tokens: int = 0


Prepared = ChunkBatch | ArticleRecord


def content_hash(text: str) -> str:
    """sha256 of the text in NFKC with whitespace dropped, as ``text.normalize`` compares quotes:
    copies that differ only in full-width forms, spacing or line breaks are one content. (Not
    ``normalize_text`` itself: its matching copy keeps an offset per character, too much here.)"""
    flat = "".join(unicodedata.normalize("NFKC", text).split())
    return hashlib.sha256(flat.encode("utf-8")).hexdigest()


def prepare(
    article: Article,
    chunks: Iterable[Chunk],
    *,
    embedder: Embedder,
    chunk_key: str,
    batch: int = 256,
    content: str | None = None,
) -> Iterator[Prepared]:
    """The records of ``article``: chunk batches, then the article record (``content``: its
    ``content_hash``, when the caller has it already)."""
    record = ArticleRecord(article, {})
    pending: list[Chunk] = []

    def emit() -> ChunkBatch:
        ids = [c.id for c in pending]
        record.kept.update(ids)
        record.chunks += len(pending)
        record.tokens += sum(c.tokens for c in pending)
        metas = [_chunk_metadata(article, c) for c in pending]
        return ChunkBatch(article.source, ids, metas, _vectors(embedder, [c.text for c in pending]))

    for chunk in chunks:
        pending.append(chunk)
        if len(pending) >= batch:
            yield emit()
            pending = []
    if pending:
        yield emit()
    record.metadata = _article_metadata(article, record, chunk_key, content or content_hash(article.text))
    yield record


@dataclass(eq=False)
class Outcome:
    """What happened to one article at a flush: stored, or the reason it was not."""

    record: ArticleRecord
    error: str | None = None


class BatchWriter:
    """Buffers prepared records and writes them in large upserts (needs the store's write lock)."""

    def __init__(
        self,
        store: Store,
        *,
        max_records: int = 8192,
        max_articles: int = 512,
        known: Iterable[str] | None = None,
    ) -> None:
        """``known``: the sources that may already have chunks (None: any may)."""
        self.store = store
        self.known = None if known is None else set(known)
        self.max_records = max_records
        self.max_articles = max_articles
        self._batches: list[ChunkBatch] = []
        self._records: list[ArticleRecord] = []
        self._buffered = 0
        self._written: dict[str, list[str]] = {}  # chunk ids already written, per unfinished article
        self._failed: dict[str, str] = {}  # unfinished articles whose chunks failed to write

    def add(self, item: Prepared) -> list[Outcome]:
        """Buffer ``item``; the outcomes of any flush this caused."""
        if isinstance(item, ChunkBatch):
            self._batches.append(item)
            self._buffered += len(item.ids)
            if self._buffered >= self.max_records:
                self._flush_chunks()
            return []
        self._records.append(item)
        if len(self._records) >= self.max_articles or self._buffered >= self.max_records:
            return self.flush()
        return []

    def abandon(self, source: str) -> None:
        """Forget an article that failed while being prepared, removing its half-written chunks."""
        self._batches = [b for b in self._batches if b.source != source]
        self._buffered = sum(len(b.ids) for b in self._batches)
        self._failed.pop(source, None)
        self._discard(self._written.pop(source, []))

    def flush(self) -> list[Outcome]:
        """Write everything buffered; one outcome per article record that was buffered."""
        self._flush_chunks()
        records, self._records = self._records, []
        ready: list[ArticleRecord] = []
        outcomes: list[Outcome] = []
        for r in records:
            reason = self._failed.pop(r.article.source, None)
            if reason is None:
                ready.append(r)
            else:
                outcomes.append(Outcome(r, reason))
        if ready:
            try:
                self._commit(ready)
                outcomes += [Outcome(r) for r in ready]
            except StoreFullError:
                raise
            except StoreError:
                for r in ready:
                    try:
                        self._commit([r])
                        outcomes.append(Outcome(r))
                    except StoreError as e:
                        outcomes.append(Outcome(r, str(e)))
        for o in outcomes:
            written = self._written.pop(o.record.article.source, [])
            if o.error is not None:
                self._discard(written)
        return outcomes

    # ------------------------------------------------------------------ internals

    def _flush_chunks(self) -> None:
        batches, self._batches, self._buffered = self._batches, [], 0
        if not batches:
            return
        try:
            self._write_chunks(batches)
        except StoreFullError:
            raise  # retrying article by article on a full disk only takes longer to fail
        except StoreError:
            for source in dict.fromkeys(b.source for b in batches):
                try:
                    self._write_chunks([b for b in batches if b.source == source])
                except StoreError as e:
                    self._failed[source] = str(e)
        for b in batches:
            if b.source not in self._failed:
                self._written.setdefault(b.source, []).extend(b.ids)

    def _discard(self, ids: list[str]) -> None:
        # Best effort: a chunk whose sha256 differs from its article record's
        # is never shown by search anyway, this only saves space.
        if ids:
            with suppress(StoreError):
                self.store.chroma.delete_ids(self.store.writable("chunks"), ids)

    def _write_chunks(self, batches: list[ChunkBatch]) -> None:
        col = self.store.writable("chunks")
        ids = [i for b in batches for i in b.ids]
        metas = [m for b in batches for m in b.metadatas]
        vectors = np.concatenate([b.embeddings for b in batches])
        self.store.chroma.upsert(col, ids, metadatas=metas, embeddings=vectors)

    def _commit(self, records: list[ArticleRecord]) -> None:
        chroma = self.store.chroma
        col = self.store.writable("chunks")
        kept = {r.article.source: r.kept for r in records}
        # A new source has no old chunks to look for (that saves a query per flush on a first ingest).
        old = [s for s in kept if self.known is None or s in self.known]
        stale: list[str] = []
        if old:
            for page in chroma.pages(col, where={"source": {"$in": old}}, include=["metadatas"]):
                metas = page["metadatas"]
                stale += [i for i, m in zip(page["ids"], metas, strict=True) if i not in kept[m["source"]]]
        chroma.delete_ids(col, stale)
        arts = self.store.writable("articles")
        # an older store's articles carry their title's vector; today's none (never searched)
        titles = [r.article.title or r.article.source for r in records]
        chroma.upsert(
            arts,
            [r.article.source for r in records],
            documents=[r.article.text for r in records],
            metadatas=[r.metadata for r in records],
            embeddings=_vectors(self.store.embedder, titles) if chroma.needs_vectors(arts) else None,
        )


def _vectors(embedder: Embedder, texts: list[str]) -> Vectors:
    array = getattr(embedder, "embed_array", None)
    out: Vectors = array(texts) if array else np.asarray(embedder.embed(texts), dtype=np.float32)
    return out


def _chunk_metadata(article: Article, chunk: Chunk) -> Metadata:
    # No document: the chunk's text is article.text[start:end], read from the
    # article record. Chroma's write cost grows with the bytes it stores.
    meta: Metadata = {
        "source": article.source,
        "sha256": article.sha256,
        "paragraphs": ",".join(map(str, chunk.paragraphs)),
        "p_first": chunk.paragraphs[0],
        "p_last": chunk.paragraphs[-1],
        "start": chunk.start,
        "end": chunk.end,
        "tokens": chunk.tokens,
        "title": article.title,
        "published": article.published,
        "published_day": day_number(article.published),
    }
    # the words BM25 indexes, read back by every client that builds it (``Store._lexical``)
    packed(meta, "lex", " ".join(tokenize(chunk.text)))
    return meta


def _article_metadata(article: Article, record: ArticleRecord, chunk_key: str, content: str) -> Metadata:
    meta: dict[str, Any] = {
        "source": article.source,
        "title": article.title,
        "published": article.published,
        "published_text": article.published_text,
        "published_day": day_number(article.published),
        "sha256": article.sha256,
        "chunk_key": chunk_key,
        "content": content,
        "path": article.path,
        # the file it came from, resolved: a later file of the same name from elsewhere is a collision
        "origin": str(Path(article.path).resolve()) if article.path else None,
        "paragraphs": json.dumps([[p.n, p.start, p.end, p.kind] for p in article.paragraphs]),
        "n_paragraphs": len(article.paragraphs),
        "n_chunks": record.chunks,
        "tokens": record.tokens,
    }
    return meta
