"""``Store``: the one object the rest of dealqa talks to about storage.

Writes happen inside ``with store.writing():``, which holds the data
directory's write lock; reads need no lock. Search fuses a vector ranking
(Chroma) and a BM25 ranking (jieba tokens) by reciprocal rank.

Chunk records carry no document: a chunk's text is ``article.text[start:end]``
of the article record with the same sha256 (read once, then cached; where the
article record keeps its text, ``store.chroma`` says). A chunk
whose sha256 is not its article's is a leftover of an interrupted write and
is never returned.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..config import Settings, get_settings
from ..errors import DealqaError, EmptyStoreError, NotFoundError, StoreError
from ..schema import Article, Chunk, Hit, Paragraph
from .chroma import KINDS, Chroma, Metadata, describe, make_client, wrapped
from .disk import check_folder, size_on_disk
from .embedders import Embedder, make_embedder
from .filters import Filters, matcher, matches_nothing, to_where
from .fusion import rrf
from .lexical import LexicalIndex, Snapshot, query_tokens
from .lock import WriteLock
from .packing import unpacked
from .writer import BatchWriter, prepare

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

# How deep each ranking goes before fusion: RRF needs more than the final k.
_MIN_DEPTH = 50
# Article texts kept for building hits, in characters, per process.
_TEXT_CACHE_CHARS = 64_000_000
# The chunks collection's metadata key set while a write session runs (see ``Store.writing``).
_DIRTY = "writing_pid"
# The saved lexical index, one folder per text generation, under the data directory.
_LEXICAL_DIR = "lexical"


# Shared by every Store in the process, keyed by store location.
_LEXICAL: dict[tuple[str, str], Snapshot] = {}
_TEXTS: OrderedDict[tuple[str, str], tuple[str, str]] = OrderedDict()  # -> (sha256, text)
_CACHE_LOCK = threading.Lock()


def location(settings: Settings) -> str:
    """Where the store of ``settings`` is, for messages: its folder, or its Chroma server."""
    return describe(settings) if settings.chroma_host else str(settings.data_dir.absolute())


class Store:
    """Chunks, articles and deals in Chroma (embedded or server), with hybrid search."""

    def __init__(self, settings: Settings | None = None, *, embedder: Embedder | None = None) -> None:
        self.settings = settings or get_settings()
        check_folder(self.settings.data_dir)
        self.embedder = embedder or make_embedder(self.settings)
        self._chroma: Chroma | None = None
        self._lock: WriteLock | None = None

    @property
    def location(self) -> str:
        """The store, for messages: its folder, or its Chroma server."""
        return location(self.settings)

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

    def index_folder(self, kind: str, key: str) -> Path:
        """Where a reader may keep an index of the store's state ``key`` (a generation): a folder
        beside an embedded store; for a server's store, one in this client's data folder named for
        the server and the collections (a generation token is unique, so no other store's index is
        ever taken for this one's)."""
        s = self.settings
        if not s.chroma_host:
            return s.data_dir / kind / key
        server = re.sub(r"[^\w.-]", "_", f"{s.chroma_host}-{s.chroma_port}-{s.collection_prefix}")
        return s.data_dir / "servers" / server / kind / key

    def writing_now(self) -> bool:
        """Whether a write session runs (or was killed): its half-written state may still carry
        the old generation's token, so no reader saves an index of it."""
        return self.chroma.generation(_DIRTY) is not None

    def generation(self) -> str | None:
        """A token that changes after every write session: what a reader's caches are keyed by."""
        return self.chroma.generation()

    # ------------------------------------------------------------------ writing

    @contextmanager
    def writing(self, *, rebuild: bool = False) -> Iterator[Store]:
        """Hold the write lock; ``rebuild`` first deletes every collection.

        The outermost session of a process marks the store *dirty* while it
        writes and clears the mark when it ends cleanly. A session that finds
        the mark (the last one was killed, interrupted or failed) first sweeps
        the records no stored article owns: readers never saw them, this frees
        their space.
        """
        if self._lock is not None:
            yield self
            return
        lock = WriteLock(self.settings.data_dir)
        outermost = lock.acquire()
        self._lock = lock
        clean = False
        try:
            if rebuild:
                self.chroma.drop_all()
            for kind in KINDS:
                self.chroma.collection(kind, create=True)
            if outermost:
                if self.chroma.generation(_DIRTY) is not None:
                    self.sweep()
                    # a killed session may have stored text without naming a new text generation:
                    # this one names it, so readers holding the old generation's index rebuild it
                    self.chroma.changed.add(self.chroma.name("chunks"))
                self.chroma.set_meta(**{_DIRTY: str(os.getpid())})
            yield self
            clean = True
        finally:
            try:
                # whoever wrote through self.chroma, readers now see it; a clean end clears the mark
                text_changed = self.chroma.text_changed  # read before the bump clears it
                self.chroma.bump_generation(**({_DIRTY: None} if clean and outermost else {}))
                if clean and outermost and text_changed:  # a deals-only session leaves the index as it is
                    with suppress(DealqaError):  # the written data stands; the next reader builds the index
                        self.save_lexical()
            except DealqaError:
                if clean:
                    raise  # else the error that stopped the session is the one to report
            finally:
                self._lock = None
                lock.release()

    def sweep(self) -> int:
        """Delete chunks and deal records that no stored article owns (leftovers of an interrupted
        write or removal); how many. Chunks of another version of their article go too."""
        shas = self.article_shas()
        removed = 0
        for kind in ("chunks", "deals"):
            col = self.writable(kind)
            stale: list[str] = []
            for page in self.chroma.pages(col, include=["metadatas"]):
                for id_, meta in zip(page["ids"], page["metadatas"], strict=True):
                    source = str(meta.get("source"))
                    # a deal of an older text stays (deals.py keeps it until a new extraction succeeds)
                    orphan = source not in shas or (kind == "chunks" and shas[source] != meta.get("sha256"))
                    if orphan:
                        stale.append(id_)
            self.chroma.delete_ids(col, stale)
            removed += len(stale)
        return removed

    def writable(self, kind: str) -> Collection:
        """A collection to write to (only inside ``writing()``)."""
        if self._lock is None:
            raise StoreError("writing to the store needs its lock: use `with store.writing(): ...`")
        col = self.chroma.collection(kind, create=True)
        assert col is not None
        return col

    def stored_states(self) -> dict[str, Metadata]:
        """Per stored source, its article record's metadata (sha256, chunk_key, …)."""
        col = self.chroma.collection("articles")
        if col is None:
            return {}
        return {
            id_: dict(meta)
            for page in self.chroma.pages(col, include=["metadatas"])
            for id_, meta in zip(page["ids"], page["metadatas"], strict=True)
        }

    def article_shas(self) -> dict[str, str]:
        """The sha256 of each stored article's current text, by source."""
        return {source: str(meta.get("sha256")) for source, meta in self.stored_states().items()}

    def put_article(self, article: Article, chunks: Iterable[Chunk], *, chunk_key: str) -> tuple[int, int]:
        """Store one article and its chunks, replacing any previous version; (chunks, tokens)."""
        writer = BatchWriter(self)
        for item in prepare(article, chunks, embedder=self.embedder, chunk_key=chunk_key):
            writer.add(item)
        (outcome,) = writer.flush()
        if outcome.error:
            raise StoreError(outcome.error)
        return outcome.record.chunks, outcome.record.tokens

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
        self.writable(kind)
        self.chroma.replace_records(kind, source, ids, documents, metadatas, embeddings)

    def delete_source(self, source: str) -> None:
        """Remove an article, its chunks and its deals, if stored (only inside ``writing()``)."""
        self.writable("articles")
        self._remove([source], strict=False)

    def remove(self, sources: Sequence[str]) -> list[str]:
        """Remove articles with their chunks, lexical entries and deal records, as one step.

        All named sources must be stored (``NotFoundError`` names the others and
        nothing is removed). The article records go first, in one call: readers
        check every chunk and deal against its article's sha256, so from then
        on they see none of the rest. Chunks and deal records go next; if that
        fails, the session stays marked dirty and the next one sweeps them.
        """
        wanted = list(dict.fromkeys(sources))
        if not wanted:
            return []
        with self.writing():
            self._remove(wanted, strict=True)
        return wanted

    def _remove(self, wanted: list[str], *, strict: bool) -> None:
        arts = self.writable("articles")
        with wrapped("read the articles to remove", where=self.chroma.where):
            present = set(arts.get(ids=wanted, include=[])["ids"])
        missing = [s for s in wanted if s not in present]
        if missing and strict:
            raise NotFoundError(
                f"not stored in {self.location}: {', '.join(missing)}; nothing was removed "
                "(`dealqa sources` lists the stored articles)"
            )
        self.chroma.delete_ids(arts, [s for s in wanted if s in present])
        self.chroma.bump_generation()  # readers drop their cached deals and articles now
        for kind in ("chunks", "deals"):
            self.chroma.delete_where(self.writable(kind), {"source": {"$in": wanted}})

    def require_articles(self) -> None:
        """``EmptyStoreError`` (with the command that fills it) when the store holds no article."""
        col = self.chroma.collection("articles")
        with wrapped("count the articles", where=self.chroma.where):
            empty = col is None or col.count() == 0
        if empty:
            raise EmptyStoreError(f"no articles in {self.location}: run dealqa ingest PATH first")

    def info(self) -> dict[str, Any]:
        """Where the store is, how many articles and chunks it holds, and its bytes on disk."""
        counts: dict[str, int] = {}
        for kind in ("articles", "chunks"):
            col = self.chroma.collection(kind)
            with wrapped(f"count the {kind}", where=self.chroma.where):
                counts[kind] = 0 if col is None else col.count()
        data_dir = self.settings.data_dir
        return {
            "store": self.location,
            "data_dir": str(data_dir.absolute()),
            "server": bool(self.settings.chroma_host),
            **counts,
            "bytes_on_disk": size_on_disk(data_dir) if data_dir.is_dir() else 0,
        }

    # ------------------------------------------------------------------ reading articles

    def get_article(self, source: str) -> Article:
        col = self.chroma.collection("articles")
        got: Any = None
        if col is not None:
            got = self.chroma.get(col, [source], include=["documents", "metadatas"])
        if not got or not got["ids"]:
            raise NotFoundError(f"no article {source!r} in {self.chroma.where}; `dealqa sources` lists them")
        return article_of(source, got["documents"][0], got["metadatas"][0])

    def articles(self) -> list[Article]:
        """Every stored article, full text included, sorted by source."""
        col = self.chroma.collection("articles")
        if col is None:
            return []
        out = [
            article_of(id_, doc, meta)
            for page in self.chroma.pages(col, include=["documents", "metadatas"])
            for id_, doc, meta in zip(page["ids"], page["documents"], page["metadatas"], strict=True)
        ]
        return sorted(out, key=lambda a: a.source)

    def list_sources(self) -> list[dict[str, Any]]:
        """Every stored article: id, title, published, paragraphs, chunks (counts), sorted by id."""
        rows = [
            {
                "id": id_,
                "title": meta.get("title"),
                "published": meta.get("published"),
                "paragraphs": meta.get("n_paragraphs", 0),
                "chunks": meta.get("n_chunks", 0),
            }
            for id_, meta in self.stored_states().items()
        ]
        return sorted(rows, key=lambda d: d["id"])

    # ------------------------------------------------------------------ search

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        """The ``k`` best chunks for ``query``: vector and BM25 rankings fused by RRF."""
        col = self.chroma.collection("chunks")
        if col is None or k <= 0 or not query.strip() or matches_nothing(filters):
            return []
        lex = self._lexical(col)
        if lex.count == 0:
            return []
        depth = max(_MIN_DEPTH, 4 * k)
        with wrapped("search the chunks"):
            res: Any = col.query(  # Chroma returns fewer when it holds fewer
                query_embeddings=np.asarray([self.embedder.embed_query(query)], dtype=np.float32),
                n_results=depth,
                where=to_where(filters),
                include=["metadatas"],
            )

        def live(meta: Metadata) -> bool:
            # a chunk of another version of its article (left by an interrupted write) is not shown
            return lex.shas.get(str(meta.get("source"))) == meta.get("sha256")

        metas: dict[str, Metadata] = {}
        vector: list[str] = []
        for id_, meta in zip(res["ids"][0], res["metadatas"][0], strict=True):
            if live(meta):
                metas[id_] = meta
                vector.append(id_)
        predicate = matcher(filters)
        mask = None
        if predicate is not None:
            mask = np.fromiter((predicate(m) for m in lex.metas), bool, len(lex.metas))
        lexical: list[str] = []
        for i, _ in lex.index.top(query_tokens(query), depth, mask):
            if live(lex.metas[i]):
                metas.setdefault(lex.ids[i], lex.metas[i])
                lexical.append(lex.ids[i])
        fused = rrf([vector, lexical])[:k]
        texts = self._texts({str(metas[i]["source"]): str(metas[i]["sha256"]) for i, _ in fused})
        return [
            _hit(metas[i], score, texts[str(metas[i]["source"])])
            for i, score in fused
            if str(metas[i]["source"]) in texts
        ]

    def save_lexical(self) -> None:
        """Build (or load) the BM25 index of the store as it is now and save it beside the store,
        so the next process loads it instead of building it (the end of each write session)."""
        col = self.chroma.collection("chunks")
        if col is not None:
            self._lexical(col, self._count(col))

    def _count(self, col: Collection) -> int:
        with wrapped("count the chunks", where=self.chroma.where):
            return int(col.count())

    def _lexical(self, col: Collection, total: int | None = None) -> Snapshot:
        """The BM25 index of the chunks, rebuilt when the text generation (or, while a write
        session runs or after one was killed, the count) moved.

        Kept per process, and saved under ``<data_dir>/lexical/<generation>-<count>``: a process
        that finds the folder of the store's current generation loads it; any other folder is stale.
        Between write sessions a generation's chunks never change, so the chunks are counted only
        when the index is not at hand or a session runs (a count of a server's store is a request).
        """
        meta = col.metadata or {}
        generation, dirty = meta.get("text_generation"), meta.get(_DIRTY) is not None
        if total is None and (dirty or not generation):
            total = self._count(col)
        key = (self.chroma.where, col.name)
        with _CACHE_LOCK:
            cached = _LEXICAL.get(key)
            if cached and generation and cached.generation == generation and total in (None, cached.count):
                return cached
        if total is None:
            total = self._count(col)
        gen = None if generation is None else str(generation)
        # Saved (for a server's store, in this client's data folder: ``index_folder``), but
        # not while a write session runs: its half-written state may keep the old generation's token.
        folder = None if gen is None or dirty else self.index_folder(_LEXICAL_DIR, f"{gen}-{total}")
        built = Snapshot.load(folder, gen, total) if folder else None
        if built is None:
            built = self._build_lexical(col, gen)
            if folder is not None and built.count == total:
                built.save(folder)
        with _CACHE_LOCK:
            _LEXICAL[key] = built
        return built

    def _build_lexical(self, col: Collection, generation: str | None) -> Snapshot:
        ids: list[str] = []
        metas: list[Metadata] = []

        def words() -> Iterator[list[list[str]]]:  # a page's chunks' words at a time
            for page in self.chroma.pages(col, include=["metadatas"]):
                docs: list[list[str]] = []
                for id_, meta in zip(page["ids"], page["metadatas"], strict=True):
                    meta = dict(meta)
                    docs.append((unpacked(meta, "lex") or "").split())
                    ids.append(id_)
                    metas.append(meta)
                yield docs

        index = LexicalIndex.from_pages(words())
        return Snapshot(generation, len(ids), ids, metas, index, self.article_shas())

    def _texts(self, wanted: dict[str, str]) -> dict[str, str]:
        """Article texts by source, for the given article sha256s (cached; a changed sha refetches)."""
        out: dict[str, str] = {}
        with _CACHE_LOCK:
            for source, sha in wanted.items():
                got = _TEXTS.get((self.chroma.where, source))
                if got and got[0] == sha:
                    _TEXTS.move_to_end((self.chroma.where, source))
                    out[source] = got[1]
        missing = [s for s in wanted if s not in out]
        col = self.chroma.collection("articles") if missing else None
        if col is None:
            return out
        res = self.chroma.get(col, missing, include=["documents", "metadatas"])
        with _CACHE_LOCK:
            for source, text, meta in zip(res["ids"], res["documents"], res["metadatas"], strict=True):
                _TEXTS[(self.chroma.where, source)] = (str(meta.get("sha256")), text)
                if meta.get("sha256") == wanted[source]:
                    out[source] = text
            while sum(len(t) for _, t in _TEXTS.values()) > _TEXT_CACHE_CHARS and len(_TEXTS) > 1:
                _TEXTS.popitem(last=False)
        return out


def article_of(source: str, text: str, meta: Metadata) -> Article:
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


def _hit(meta: Metadata, score: float, text: str) -> Hit:
    start, end = int(meta["start"]), int(meta["end"])
    return Hit(
        source=str(meta["source"]),
        title=meta.get("title"),
        paragraphs=[int(p) for p in str(meta["paragraphs"]).split(",") if p],
        start=start,
        end=end,
        text=text[start:end],
        score=score,
    )
