"""``Store``: the one object the rest of dealqa talks to about storage.

Writes happen inside ``with store.writing():``, which holds the data
directory's write lock; reads need no lock. Search fuses a vector ranking
(Chroma) and a BM25 ranking (jieba tokens) by reciprocal rank.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from ..config import Settings, get_settings
from ..errors import NotFoundError, StoreError
from ..schema import Article, Chunk, Hit, Paragraph
from .chroma import KINDS, Chroma, Metadata, describe, make_client, wrapped
from .embedders import Embedder, make_embedder
from .filters import Filters, day_number, matcher, to_where
from .fusion import rrf
from .lexical import LexicalIndex, tokenize
from .lock import WriteLock

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

T = TypeVar("T")
# How deep each ranking goes before fusion: RRF needs more than the final k.
_MIN_DEPTH = 50


@dataclass
class _Lexical:
    generation: str | None
    count: int
    ids: list[str]
    metas: list[Metadata]
    index: LexicalIndex


# One BM25 index per store location, shared by every Store in the process.
_LEXICAL: dict[tuple[str, str], _Lexical] = {}
_LEXICAL_LOCK = threading.Lock()


class Store:
    """Chunks, articles and deals in Chroma (embedded or server), with hybrid search."""

    def __init__(self, settings: Settings | None = None, *, embedder: Embedder | None = None) -> None:
        self.settings = settings or get_settings()
        self.embedder = embedder or make_embedder(self.settings)
        self._chroma: Chroma | None = None
        self._lock: WriteLock | None = None
        self._dirty = False

    @property
    def chroma(self) -> Chroma:
        if self._chroma is None:
            self._chroma = Chroma(
                make_client(self.settings),
                prefix=self.settings.collection_prefix,
                embedder=self.embedder,
                where=describe(self.settings),
            )
        return self._chroma

    # ------------------------------------------------------------------ writing

    @contextmanager
    def writing(self, *, rebuild: bool = False) -> Iterator[Store]:
        """Hold the write lock; ``rebuild`` first deletes every collection."""
        if self._lock is not None:
            yield self
            return
        lock = WriteLock(self.settings.data_dir)
        lock.acquire()
        self._lock = lock
        try:
            if rebuild:
                self._dirty = True
                self.chroma.drop_all()
            for kind in KINDS:
                self.chroma.collection(kind, create=True)
            yield self
        finally:
            try:
                if self._dirty:
                    self.chroma.bump_generation()
            finally:
                self._dirty = False
                self._lock = None
                lock.release()

    def _writable(self, kind: str) -> Collection:
        if self._lock is None:
            raise StoreError("writing to the store needs its lock: use `with store.writing(): ...`")
        col = self.chroma.collection(kind, create=True)
        assert col is not None
        self._dirty = True
        return col

    def stored_state(self, source: str) -> Metadata | None:
        """The article record's metadata (sha256, chunk_key, …), or None if not stored."""
        col = self.chroma.collection("articles")
        if col is None:
            return None
        with wrapped(f"read the article {source}"):
            got: Any = col.get(ids=[source], include=["metadatas"])
        return dict(got["metadatas"][0]) if got["ids"] else None

    def put_article(self, article: Article, chunks: Iterable[Chunk], *, chunk_key: str) -> tuple[int, int]:
        """Store an article and its chunks, replacing any previous version; (chunks, tokens) written.

        New chunks are written first (their ids are content-addressed), then the
        previous version's chunks are deleted, then the article record, whose
        sha256 marks the article as stored. A failure anywhere leaves the
        previous record in place, so the next ingest redoes the article.
        """
        col = self._writable("chunks")
        kept: set[str] = set()
        n = tokens = 0
        for batch in _batched(chunks, min(self.chroma.batch_size, 256)):
            texts = [c.text for c in batch]
            metas = [_chunk_metadata(article, c, tokenize(c.text)) for c in batch]
            ids = [c.id for c in batch]
            self.chroma.upsert(
                col, ids, documents=texts, metadatas=metas, embeddings=self.embedder.embed(texts)
            )
            kept.update(ids)
            n += len(batch)
            tokens += sum(c.tokens for c in batch)
        stale = [i for i in self.chroma.ids(col, where={"source": article.source}) if i not in kept]
        self.chroma.delete_ids(col, stale)
        arts = self._writable("articles")
        meta = _article_metadata(article, chunks=n, tokens=tokens, chunk_key=chunk_key)
        vector = self.embedder.embed([article.title or article.source])
        self.chroma.upsert(
            arts, [article.source], documents=[article.text], metadatas=[meta], embeddings=vector
        )
        return n, tokens

    def replace_records(
        self,
        kind: str,
        source: str,
        ids: Sequence[str],
        documents: Sequence[str],
        metadatas: Sequence[Metadata],
        embeddings: Sequence[Sequence[float]],
    ) -> None:
        """Make ``ids`` the only records of ``source`` in the ``kind`` collection (e.g. "deals")."""
        self._writable(kind)
        self.chroma.replace_records(kind, source, ids, documents, metadatas, embeddings)

    def delete_source(self, source: str) -> None:
        """Remove an article, its chunks and its deals."""
        self._writable("chunks")
        self.chroma.delete_source(source)

    # ------------------------------------------------------------------ reading

    def get_article(self, source: str) -> Article:
        col = self.chroma.collection("articles")
        got: Any = None
        if col is not None:
            with wrapped(f"read the article {source}"):
                got = col.get(ids=[source], include=["documents", "metadatas"])
        if not got or not got["ids"]:
            raise NotFoundError(f"no article {source!r} in {self.chroma.where}; `dealqa sources` lists them")
        return _article(source, got["documents"][0], got["metadatas"][0])

    def articles(self) -> list[Article]:
        """Every stored article, full text included, sorted by source."""
        col = self.chroma.collection("articles")
        if col is None:
            return []
        out = [
            _article(id_, doc, meta)
            for page in self.chroma.pages(col, include=["documents", "metadatas"])
            for id_, doc, meta in zip(page["ids"], page["documents"], page["metadatas"], strict=True)
        ]
        return sorted(out, key=lambda a: a.source)

    def list_sources(self) -> list[dict[str, Any]]:
        """Every stored article: id, title, published, paragraphs, chunks (counts), sorted by id."""
        col = self.chroma.collection("articles")
        if col is None:
            return []
        out = [
            {
                "id": id_,
                "title": meta.get("title"),
                "published": meta.get("published"),
                "paragraphs": meta.get("n_paragraphs", 0),
                "chunks": meta.get("n_chunks", 0),
            }
            for page in self.chroma.pages(col, include=["metadatas"])
            for id_, meta in zip(page["ids"], page["metadatas"], strict=True)
        ]
        return sorted(out, key=lambda d: d["id"])

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        """The ``k`` best chunks for ``query``: vector and BM25 rankings fused by RRF."""
        col = self.chroma.collection("chunks")
        if col is None or k <= 0 or not query.strip():
            return []
        where = to_where(filters)
        depth = max(_MIN_DEPTH, 4 * k)
        with wrapped("count the chunks"):
            total = col.count()
        if total == 0:
            return []
        with wrapped("search the chunks"):
            res: Any = col.query(
                query_embeddings=np.asarray([self.embedder.embed_query(query)], dtype=np.float32),
                n_results=min(depth, total),
                where=where,
                include=["documents", "metadatas"],
            )
        found: dict[str, tuple[str, Metadata]] = {
            i: (d, m) for i, d, m in zip(res["ids"][0], res["documents"][0], res["metadatas"][0], strict=True)
        }
        lex = self._lexical(col, total)
        predicate = matcher(filters)
        mask = (
            None
            if predicate is None
            else np.fromiter((predicate(m) for m in lex.metas), bool, len(lex.metas))
        )
        lexical_ids = [lex.ids[i] for i, _ in lex.index.top(tokenize(query), depth, mask)]
        fused = rrf([res["ids"][0], lexical_ids])[:k]
        missing = [i for i, _ in fused if i not in found]
        if missing:
            with wrapped("read chunks"):
                got: Any = col.get(ids=missing, include=["documents", "metadatas"])
            found.update(
                {i: (d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)}
            )
        return [_hit(found[i], score) for i, score in fused if i in found]

    def _lexical(self, col: Collection, total: int) -> _Lexical:
        """The BM25 index of the chunks, rebuilt when the generation (or count) moved."""
        generation = (col.metadata or {}).get("generation")
        key = (self.chroma.where, col.name)
        with _LEXICAL_LOCK:
            cached = _LEXICAL.get(key)
            if cached and cached.generation == generation and cached.count == total and generation:
                return cached
            ids: list[str] = []
            metas: list[Metadata] = []
            docs: list[list[str]] = []
            for page in self.chroma.pages(col, include=["metadatas"]):
                for id_, meta in zip(page["ids"], page["metadatas"], strict=True):
                    meta = dict(meta)
                    docs.append(str(meta.pop("lex", "")).split())
                    ids.append(id_)
                    metas.append(meta)
            built = _Lexical(
                None if generation is None else str(generation), len(ids), ids, metas, LexicalIndex(docs)
            )
            _LEXICAL[key] = built
            return built


def _batched(items: Iterable[T], n: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == n:
            yield batch
            batch = []
    if batch:
        yield batch


def _chunk_metadata(article: Article, chunk: Chunk, lex: list[str]) -> Metadata:
    return {
        "source": article.source,
        "paragraphs": ",".join(map(str, chunk.paragraphs)),
        "p_first": chunk.paragraphs[0],
        "p_last": chunk.paragraphs[-1],
        "start": chunk.start,
        "end": chunk.end,
        "tokens": chunk.tokens,
        "title": article.title,
        "published": article.published,
        "published_day": day_number(article.published),
        "lex": " ".join(lex),
    }


def _article_metadata(article: Article, *, chunks: int, tokens: int, chunk_key: str) -> Metadata:
    return {
        "source": article.source,
        "title": article.title,
        "published": article.published,
        "published_text": article.published_text,
        "published_day": day_number(article.published),
        "sha256": article.sha256,
        "chunk_key": chunk_key,
        "path": article.path,
        "paragraphs": json.dumps([[p.n, p.start, p.end, p.kind] for p in article.paragraphs]),
        "n_paragraphs": len(article.paragraphs),
        "n_chunks": chunks,
        "tokens": tokens,
    }


def _article(source: str, text: str, meta: Metadata) -> Article:
    return Article(
        source=source,
        title=meta.get("title"),
        published=meta.get("published"),
        published_text=meta.get("published_text"),
        sha256=meta["sha256"],
        text=text,
        paragraphs=[Paragraph(n=n, start=s, end=e, kind=k) for n, s, e, k in json.loads(meta["paragraphs"])],
        path=meta.get("path"),
    )


def _hit(record: tuple[str, Metadata], score: float) -> Hit:
    text, meta = record
    return Hit(
        source=str(meta["source"]),
        title=meta.get("title"),
        paragraphs=[int(p) for p in str(meta["paragraphs"]).split(",") if p],
        start=int(meta["start"]),
        end=int(meta["end"]),
        text=text,
        score=score,
    )
