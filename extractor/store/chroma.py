"""Chroma, embedded or server: the client, the three collections, batched writes.

``{prefix}_chunks``   one record per chunk, embedded by us (no Chroma embedding function)
``{prefix}_articles`` one record per article: the full text and what we know of it
``{prefix}_deals``    written by the extraction pipeline through ``replace_records``

Only chunks are searched by vector. Articles and deals collections created by
this version (``layout`` 2 in their metadata) hold a one-dimensional stand-in
vector per record and keep each record's text (an article's, a deal's JSON)
in its metadata under ``document`` (packed, as ``document_z``: ``store.packing``;
records written before that keep it plain), not as a Chroma document: Chroma writes
every document into a trigram full-text index and every vector into an HNSW
index it loads whole on the collection's first use, which at 20,000 articles
were 0.8 GB of the store's 2.2 GB and a second of each process's first
question, for nothing we read. Collections of older stores (no ``layout``)
keep full vectors and documents; ``upsert`` writes each collection in its own
layout and reads (``pages``, ``get``) return the text as the document either way.

Every record's metadata has ``source``, so an article can be replaced or
removed across all three. The chunks collection's metadata carries the
embedder (name, dim) and two tokens that change after write sessions:
``generation`` after any write (readers caching deals or articles drop
them), ``text_generation`` only when chunks or articles changed (readers
rebuild their BM25 index, which costs a second per ten thousand chunks).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from ..config import Settings
from ..errors import DealqaError, EmbedderMismatchError, StoreError
from .disk import ensure_folder, full_error, is_disk_full, is_read_only, read_only_error
from .embedders import Embedder
from .packing import SUFFIX, packed, unpacked

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

KINDS = ("chunks", "articles", "deals")
Metadata = dict[str, Any]
# The layout of the articles and deals collections this version creates (see the docstring),
# and the metadata key that holds a record's text in it.
LAYOUT = 2
DOCUMENT = "document"
Include = Literal["documents", "metadatas", "embeddings"]


def describe(settings: Settings) -> str:
    """Where the store is, for messages."""
    if settings.chroma_host:
        scheme = "https" if settings.chroma_ssl else "http"
        return f"the Chroma server at {scheme}://{settings.chroma_host}:{settings.chroma_port}"
    return str(settings.data_dir / "chroma")


@contextmanager
def wrapped(action: str, *, where: str | None = None) -> Iterator[None]:
    """Turn whatever Chroma raises into a ``StoreError`` that says what we were doing
    (a full disk, however Chroma or sqlite words it, into a ``StoreFullError``)."""
    try:
        yield
    except DealqaError:
        raise
    except Exception as e:  # chromadb raises ValueError, its own errors and httpx errors alike
        if is_disk_full(e):
            raise full_error(where or "the store", original=e) from e
        detail = " ".join(str(e).split())
        raise StoreError(f"Chroma failed to {action}: {detail}", original=e) from e


def make_client(settings: Settings) -> ClientAPI:
    """A server client when ``chroma_host`` is set, else a persistent client under ``data_dir``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    where = describe(settings)
    try:
        if settings.chroma_host:
            return chromadb.HttpClient(
                host=settings.chroma_host,
                port=settings.chroma_port,
                ssl=settings.chroma_ssl,
                settings=chroma_settings,
            )
        path = settings.data_dir / "chroma"
        ensure_folder(path)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except DealqaError:
        raise
    except Exception as e:
        if is_disk_full(e):
            raise full_error(str(settings.data_dir), original=e) from e
        if not settings.chroma_host and is_read_only(e):
            raise read_only_error(settings.data_dir, e) from e
        fix = (
            "is the server running? (`chroma run --path <dir> --port <port>`), or unset DEALQA_CHROMA_HOST "
            "to use the embedded store"
            if settings.chroma_host
            else "check that the directory is writable, or use another --data-dir"
        )
        detail = " ".join(str(e).split())
        raise StoreError(f"cannot open {where}: {detail}; {fix}", original=e) from e


def _setting_for(embedder_name: str) -> str:
    return "openai" if embedder_name.startswith("openai:") else embedder_name.split("-")[0]


class Chroma:
    """The dealqa collections of one Chroma database, checked against one embedder."""

    def __init__(self, client: ClientAPI, *, prefix: str, embedder: Embedder, where: str) -> None:
        self.client = client
        self.prefix = prefix
        self.embedder = embedder
        self.where = where
        self._batch: int | None = None
        self.changed: set[str] = set()  # kinds written since the last bump_generation

    def name(self, kind: str) -> str:
        return f"{self.prefix}_{kind}"

    @property
    def batch_size(self) -> int:
        if self._batch is None:
            with wrapped("read its maximum batch size", where=self.where):
                self._batch = int(self.client.get_max_batch_size())
        return self._batch

    # ------------------------------------------------------------------ collections

    def collection(self, kind: str, *, create: bool = False) -> Collection | None:
        """The collection, checked against our embedder; None if it does not exist and not ``create``."""
        import chromadb.errors

        name = self.name(kind)
        with wrapped(f"open the collection {name}", where=self.where):
            try:
                col = self.client.get_collection(name, embedding_function=None)
            except (chromadb.errors.NotFoundError, ValueError):
                if not create:
                    return None
                meta: Metadata = {"embedder": self.embedder.name, "dim": self.embedder.dim}
                if kind != "chunks":
                    meta["layout"] = LAYOUT
                col = self.client.get_or_create_collection(
                    name,
                    embedding_function=None,
                    configuration={"hnsw": {"space": "cosine"}},
                    metadata=meta,
                )
        self._check(col)
        return col

    def _check(self, col: Collection) -> None:
        meta = col.metadata or {}
        name, dim = meta.get("embedder"), meta.get("dim")
        if name is None:
            return
        if name != self.embedder.name or (dim is not None and dim != self.embedder.dim):
            raise EmbedderMismatchError(
                f"{self.where} was built with the {name} embedder ({dim} dimensions), but this run uses "
                f"{self.embedder.name} ({self.embedder.dim} dimensions): set DEALQA_EMBEDDER="
                f"{_setting_for(str(name))} (and its model) back, or re-ingest everything with --rebuild"
            )

    def drop_all(self) -> None:
        """Delete the three collections (``--rebuild``)."""
        import chromadb.errors

        for kind in KINDS:
            self.changed.add(self.name(kind))
            with (
                wrapped(f"delete the collection {self.name(kind)}", where=self.where),
                suppress(chromadb.errors.NotFoundError, ValueError),
            ):
                self.client.delete_collection(self.name(kind))

    # ------------------------------------------------------------------ generation

    def generation(self, key: str = "generation") -> str | None:
        """A token that changes after each write session (``text_generation``: chunk or article writes),
        or any other value kept in the chunks collection's metadata (the store's own notes)."""
        col = self.collection("chunks")
        if col is None:
            return None
        value = (col.metadata or {}).get(key)
        return None if value is None else str(value)

    @property
    def text_changed(self) -> bool:
        """Whether this session wrote text (chunks or articles), not only deal records."""
        return bool(self.changed & {self.name("chunks"), self.name("articles")})

    def bump_generation(self, **also: str | None) -> None:
        """Publish the writes made since the last bump to readers' caches (and set ``also`` keys)."""
        if not self.changed and not also:
            return
        changes: dict[str, str | None] = dict(also)
        if self.changed:
            token = uuid.uuid4().hex
            changes["generation"] = token
            if self.text_changed:
                changes["text_generation"] = token
        self.set_meta(**changes)
        self.changed.clear()

    def set_meta(self, **changes: str | None) -> None:
        """Set (or, with None, drop) keys of the chunks collection's metadata, in one write."""
        col = self.collection("chunks", create=True)
        assert col is not None
        meta = {k: v for k, v in (col.metadata or {}).items() if not k.startswith("hnsw:")}
        for key, value in changes.items():
            if value is None:
                meta.pop(key, None)
            else:
                meta[key] = value
        with wrapped("update the store's metadata", where=self.where):
            col.modify(metadata=meta)

    # ------------------------------------------------------------------ records

    @staticmethod
    def needs_vectors(col: Collection) -> bool:
        """Whether ``col``'s records carry real vectors (chunks, and collections of older stores)."""
        return (col.metadata or {}).get("layout") != LAYOUT

    def upsert(
        self,
        col: Collection,
        ids: Sequence[str],
        *,
        documents: Sequence[str] | None = None,
        metadatas: Sequence[Metadata],
        embeddings: Sequence[Sequence[float]] | npt.NDArray[np.float32] | None,
    ) -> None:
        """Insert or replace records, in as few calls as Chroma's batch limit allows, in ``col``'s
        layout (``embeddings`` may be None for a collection that ``needs_vectors`` not).

        Chroma's upsert of an existing id merges the new metadata into the old, key by key, and a
        key set to None is deleted (on a new id it is not written): so a value that is gone (an
        article's date, a deal's city) is passed as None, never left out, or the old one stays."""
        full = self.needs_vectors(col)
        if embeddings is None and full:
            raise ValueError(f"{col.name} needs a vector per record")
        if (
            len(metadatas) != len(ids)
            or (embeddings is not None and len(embeddings) != len(ids))
            or (documents and len(documents) != len(ids))
        ):
            raise ValueError("ids, documents, metadatas and embeddings must have the same length")
        if full:
            vectors = np.asarray(embeddings, dtype=np.float32)
        else:  # a stand-in: never searched (cosine needs a non-zero vector)
            vectors = np.ones((len(ids), 1), dtype=np.float32)
            if documents is not None:
                metadatas = [_with_document(m, d) for m, d in zip(metadatas, documents, strict=True)]
                documents = None
        step = self.batch_size
        self.changed.add(col.name)
        for i in range(0, len(ids), step):
            with wrapped(f"write {min(step, len(ids) - i)} records to {col.name}", where=self.where):
                col.upsert(
                    ids=list(ids[i : i + step]),
                    documents=None if documents is None else list(documents[i : i + step]),
                    metadatas=list(metadatas[i : i + step]),
                    embeddings=vectors[i : i + step],
                )

    def get(self, col: Collection, ids: Sequence[str], *, include: Sequence[Include] = ()) -> dict[str, Any]:
        """``col.get(ids=…)``, each record's text as its document whichever the layout."""
        with wrapped(f"read {col.name}", where=self.where):
            got: Any = col.get(ids=list(ids), include=_with_metadatas(include))
        return _unpack(got, include)

    def pages(
        self,
        col: Collection,
        *,
        where: Mapping[str, Any] | None = None,
        include: Sequence[Include] = (),
    ) -> Iterator[dict[str, Any]]:
        """``col.get`` in pages of at most the batch size (ids always included; each record's text
        as its document whichever the layout): one unpaged get of a large store fails in SQLite
        (too many SQL variables)."""
        step, offset = self.batch_size, 0
        # a plain dict: chroma types its filters with its own TypedDicts
        query: dict[str, Any] = {"where": dict(where) if where else None}
        while True:
            with wrapped(f"read {col.name}", where=self.where):
                page: Any = col.get(**query, include=_with_metadatas(include), limit=step, offset=offset)
            yield _unpack(page, include)
            if len(page["ids"]) < step:
                return
            offset += step

    def ids(self, col: Collection, *, where: Mapping[str, Any]) -> list[str]:
        return [i for page in self.pages(col, where=where) for i in page["ids"]]

    def delete_ids(self, col: Collection, ids: Sequence[str]) -> None:
        if ids:
            self.changed.add(col.name)
        step = self.batch_size
        for i in range(0, len(ids), step):
            with wrapped(f"delete records from {col.name}", where=self.where):
                col.delete(ids=list(ids[i : i + step]))

    def replace_records(
        self,
        kind: str,
        source: str,
        ids: Sequence[str],
        documents: Sequence[str],
        metadatas: Sequence[Metadata],
        embeddings: Sequence[Sequence[float]],
    ) -> None:
        """Make ``ids`` the only records of ``source`` in ``kind``: write them, then drop the rest."""
        col = self.collection(kind, create=True)
        assert col is not None
        metas = [{**m, "source": source} for m in metadatas]
        self.upsert(col, ids, documents=documents, metadatas=metas, embeddings=embeddings)
        keep = set(ids)
        stale = [i for i in self.ids(col, where={"source": source}) if i not in keep]
        self.delete_ids(col, stale)

    def delete_where(self, col: Collection, where: Mapping[str, Any]) -> None:
        """Delete the records of ``col`` that ``where`` selects, in one call."""
        self.changed.add(col.name)
        with wrapped(f"delete records from {col.name}", where=self.where):
            col.delete(where=dict(where))


def _with_document(meta: Metadata, text: str) -> Metadata:
    out = dict(meta)
    packed(out, DOCUMENT, text)
    return out


def _with_metadatas(include: Sequence[Include]) -> list[Any]:  # chroma types it with a wider Literal
    # a layout-2 record's text is in its metadata
    return [*include, "metadatas"] if "documents" in include and "metadatas" not in include else list(include)


def _unpack(got: dict[str, Any], include: Sequence[Include]) -> dict[str, Any]:
    """A ``get`` result with each record's ``DOCUMENT`` metadata moved to its document (and left
    out of the metadata either way: callers that read metadata only don't carry texts around)."""
    metas = got.get("metadatas")
    if metas is None:
        return got
    docs = got.get("documents")
    docs = list(docs) if docs is not None else [None] * len(metas)
    clean: list[Metadata] = []
    texts = "documents" in include
    for i, meta in enumerate(metas):
        if meta and (DOCUMENT in meta or DOCUMENT + SUFFIX in meta):
            meta = dict(meta)
            if texts:
                docs[i] = unpacked(meta, DOCUMENT)
            else:  # not unpacked for nothing
                meta.pop(DOCUMENT, None)
                meta.pop(DOCUMENT + SUFFIX, None)
        clean.append(meta)
    got["metadatas"] = clean if "metadatas" in include else None
    got["documents"] = docs if "documents" in include else None
    return got
