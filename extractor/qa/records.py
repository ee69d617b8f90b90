"""The deal route's records: a compact index of the store's current deals and aggregates.

Answering a deal question over every record meant parsing each one and reading
its paragraph's context (so its article): at 20,000 articles the first deal
question of a process took a minute and the process grew past 2 GB. Instead,
once per store generation, every current record's *haystack* (what
``deals.in_scope`` matches against: its paragraph's normalised context with its
fields, then its place names and its date) is laid end to end in one UTF-8 buffer
(each paragraph's context once, however many records it holds, then each record's own
part), and its JSON is kept aside. A question scans those bytes for its places, years
and topic words (``find``, C speed), and parses only the records that can
be in its scope: the rest are never read.

The index is saved under ``<data_dir>/records/<generation>`` (embedded store,
not while a write session runs, like the lexical index): the next process
loads it instead of building it. A Chroma server's process builds it once.
"""

from __future__ import annotations

import json
import mmap
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

import numpy as np
import numpy.typing as npt

from ..schema import Aggregate, Deal
from ..store import Store, save_folder
from ..store.filters import matcher
from ..store.records import articles_by_source, find_records
from ..text.dates import day_number
from ..text.names import same_project
from ..text.normalize import normalize_text
from .postings import CharPostings
from .relevance import context, variants

R = TypeVar("R", Deal, Aggregate)
_FOLDER = "records"
# The haystacks as UTF-8, memory-mapped when loaded: a process that answers reads no more of it
# than its scans touch (it was zlib, and decompressing it took half a second at 20k articles).
_META, _HAY, _DOCS = "index.json", "segments.utf8", "docs.jsonl"
_SEGMENTS, _CONTEXT_OF, _FIELDS_ENDS = "segment_starts.npy", "context_of.npy", "fields_ends.npy"
# Between a record's parts and after each record: characters no normalised question term holds,
# so no match spans two parts or two records.
_PART, _END = "\x00", "\x01"
_END_BYTE, _PART_BYTE = _END.encode("utf-8"), _PART.encode("utf-8")
_PARSED = 32768  # parsed records kept per index, most recently used
_TERMS = 512  # terms whose records are kept per index, most recently used


def deal_places(deal: Deal | Aggregate) -> set[str]:
    """The place names a record states (its location's text, province, city, district), with variants."""
    out: set[str] = set()
    loc = getattr(deal, "location", None)
    if loc is not None:
        for value in (loc.text, loc.province, loc.city, loc.district):
            out |= variants(value) if value else set()
    return out


def record_text(context: str, fields: str) -> str:
    """A record's normalised paragraph context and fields, as scope checks read them: ``_PART``
    between the two, so no word is found across them (and a word found in the context alone is
    found here)."""
    return context + _PART + fields


def record_fields(rec: Deal | Aggregate) -> str:
    """The record's own words that ``deals.in_scope`` matches beside its paragraph's context."""
    if isinstance(rec, Deal):
        fields = [rec.project or "", " ".join(rec.investors), rec.industry or ""]
        fields.append(rec.location.text if rec.location else "")
    else:
        fields = [rec.scope or ""]
    return " ".join(fields)


def parse(kind: str, doc: str) -> Deal | Aggregate:
    return Deal.model_validate_json(doc) if kind == "deal" else Aggregate.model_validate_json(doc)


class RecordIndex:
    """Every current deal and aggregate record of one store generation, searchable by text."""

    def __init__(
        self,
        *,
        generation: str | None,
        kinds: list[str],
        sources: list[str],
        published: Mapping[str, str | None],
        projects: list[str],
        hay: bytes | mmap.mmap,
        segments: npt.NDArray[np.int64],
        context_of: npt.NDArray[np.int64],
        fields_ends: npt.NDArray[np.int64],
        docs: Callable[[int], str],
        places: set[str],
        postings: CharPostings,
    ) -> None:
        self.generation = generation
        self.kinds = kinds
        self.sources = sources
        self.published = dict(published)
        self.projects = projects  # normalised project name per record ("" for none)
        # The haystacks as segments of UTF-8 bytes, each ended by _END: first each paragraph context
        # once (records of one paragraph share it), then each record's own part (its fields, places
        # and date). Record i's haystack is its context's segment then segment n_contexts + i.
        self.hay = hay
        self.segments = segments  # segment k is hay[segments[k]:segments[k + 1]]
        self.context_of = context_of  # record i's context segment
        self.fields_ends = fields_ends  # where record i's fields end in its own segment
        self.postings = postings  # the segments each character occurs in
        self.n_contexts = len(segments) - 1 - len(kinds)
        # the records of each context segment (the inverse of context_of), as CSR arrays
        order = np.argsort(context_of, kind="stable")
        self._by_context = order
        self._context_ptr = np.searchsorted(context_of[order], np.arange(self.n_contexts + 1))
        self._docs = docs
        self.places = frozenset(places)  # every place name (and variant) the records state
        self._parsed: OrderedDict[int, Deal | Aggregate] = OrderedDict()
        self._lock = threading.Lock()
        self._positions: dict[str, list[int]] = {}
        self._terms: OrderedDict[str, frozenset[int]] = OrderedDict()  # term -> records holding it

    def __len__(self) -> int:
        return len(self.kinds)

    def record(self, i: int) -> Deal | Aggregate:
        """Record ``i``, parsed (the most recently used stay parsed)."""
        with self._lock:
            got = self._parsed.get(i)
            if got is not None:
                self._parsed.move_to_end(i)
                return got
        rec = parse(self.kinds[i], self._docs(i))
        with self._lock:
            self._parsed[i] = rec
            while len(self._parsed) > _PARSED:
                self._parsed.popitem(last=False)
        return rec

    def _context(self, i: int) -> bytes:
        return self._segment(int(self.context_of[i]))

    def _segment(self, k: int) -> bytes:
        """Segment ``k`` without its ``_END``."""
        return self.hay[int(self.segments[k]) : int(self.segments[k + 1]) - 1]

    def norm(self, i: int) -> str:
        """Record ``i``'s normalised paragraph context and fields (``record_text``)."""
        return (self._context(i) + _PART_BYTE + self.fields(i)).decode("utf-8")

    def context_text(self, k: int) -> str:
        """Context segment ``k``, decoded."""
        return self._segment(k).decode("utf-8")

    def fields(self, i: int) -> bytes:
        """Record ``i``'s normalised fields (project, investors, industry or scope, location)."""
        return self.hay[int(self.segments[self.n_contexts + i]) : int(self.fields_ends[i])]

    def positions(self, kind: str) -> list[int]:
        """The records of ``kind``, in the store's order (computed once)."""
        with self._lock:
            if kind not in self._positions:
                self._positions[kind] = [i for i, k in enumerate(self.kinds) if k == kind]
            return self._positions[kind]

    def matching(self, groups: Sequence[set[str]], among: Sequence[int]) -> list[int]:
        """The records of ``among`` (in order) whose haystack holds a term of every group: the
        first group's records are looked up (``_holding``), the other groups' terms are looked
        for in those records' paragraph context (once per context: records of one paragraph
        share it) or their own segment, as ``_holding`` finds a term."""
        if not groups:
            return list(among)
        # the other groups' terms as UTF-8: a term's bytes occur exactly where the term does
        rest = [[t.encode("utf-8") for t in group] for group in groups[1:]]
        found = frozenset().union(*(self._holding(term) for term in groups[0]))
        if not rest:
            return [i for i in among if i in found]
        in_context: dict[int, list[bool]] = {}  # per context segment: which groups it holds a term of
        out = []
        for i in among:
            if i not in found:
                continue
            k = int(self.context_of[i])
            held = in_context.get(k)
            if held is None:
                text = self._segment(k)
                held = in_context[k] = [any(t in text for t in group) for group in rest]
            if all(held):
                out.append(i)
                continue
            own = self._segment(self.n_contexts + i)
            if all(h or any(t in own for t in group) for h, group in zip(held, rest, strict=True)):
                out.append(i)
        return out

    def _holding(self, term: str) -> frozenset[int]:
        """The records whose haystack holds ``term``: looked for in the segments that hold its
        characters (``postings``), kept for the next questions (places and topic words recur; the
        index never changes)."""
        with self._lock:
            got = self._terms.get(term)
            if got is not None:
                self._terms.move_to_end(term)
                return got
        # UTF-8 is self-synchronising: a term's bytes never match inside another character's
        segs = self.postings.holding(term, self.hay, self.segments)
        contexts, owns = segs[segs < self.n_contexts], segs[segs >= self.n_contexts] - self.n_contexts
        shared = [self._by_context[self._context_ptr[k] : self._context_ptr[k + 1]] for k in contexts]
        found = frozenset(int(i) for i in np.concatenate([owns, *shared]))
        with self._lock:
            self._terms[term] = found
            while len(self._terms) > _TERMS:
                self._terms.popitem(last=False)
        return found

    # ------------------------------------------------------------------ building and saving

    @classmethod
    def build(cls, store: Store, generation: str | None) -> RecordIndex:
        """Read the store's current records and the articles they cite, once."""
        current = store.article_shas()
        rows: list[tuple[str, str, str]] = []  # kind, document, source: in the store's order
        for kind in ("deal", "aggregate"):
            for doc, meta in find_records(store, {"kind": kind}, None, what=kind):
                source = str(meta.get("source"))
                if current.get(source) == meta.get("sha256"):
                    rows.append((kind, doc, source))
        by_source: dict[str, list[int]] = {}
        for i, (_, _, source) in enumerate(rows):
            by_source.setdefault(source, []).append(i)
        owns: list[bytes] = [b""] * len(rows)  # a record's own segment: fields, places, date
        fields_lengths = [0] * len(rows)
        context_key: list[tuple[str, int]] = [("", 0)] * len(rows)
        contexts: dict[tuple[str, int], bytes] = {}  # a paragraph's normalised context, once
        projects = [""] * len(rows)
        places: set[str] = set()
        published: dict[str, str | None] = {}
        for article in articles_by_source(store, list(by_source)):
            published[article.source] = article.published
            for i in by_source[article.source]:
                kind, doc, _ = rows[i]
                rec = parse(kind, doc)
                key = (article.source, rec.evidence[0].paragraph)
                if key not in contexts:
                    contexts[key] = normalize_text(context(article, key[1])).encode("utf-8") + _END_BYTE
                context_key[i] = key
                fields = normalize_text(record_fields(rec)).encode("utf-8")
                known = deal_places(rec)
                places |= known
                date = rec.date.value if isinstance(rec, Deal) and rec.date and rec.date.value else ""
                if isinstance(rec, Deal) and rec.project:
                    projects[i] = normalize_text(rec.project)
                fields_lengths[i] = len(fields)
                owns[i] = fields + (_PART + _PART.join(sorted(known)) + _PART + date + _END).encode("utf-8")
        # a record whose article went meanwhile (no text to match) is left out
        keep = [i for i, (_, _, source) in enumerate(rows) if source in published]
        docs = [rows[i][1] for i in keep]
        used = list(dict.fromkeys(context_key[i] for i in keep))
        number = {key: k for k, key in enumerate(used)}
        pieces = [contexts[key] for key in used] + [owns[i] for i in keep]
        segments = np.zeros(len(pieces) + 1, dtype=np.int64)
        np.cumsum(np.fromiter((len(b) for b in pieces), dtype=np.int64, count=len(pieces)), out=segments[1:])
        own_starts = segments[len(used) : -1]
        return cls(
            generation=generation,
            kinds=[rows[i][0] for i in keep],
            sources=[rows[i][2] for i in keep],
            published=published,
            projects=[projects[i] for i in keep],
            hay=b"".join(pieces),
            segments=segments,
            context_of=np.asarray([number[context_key[i]] for i in keep], dtype=np.int64),
            fields_ends=own_starts + np.asarray([fields_lengths[i] for i in keep], dtype=np.int64),
            docs=docs.__getitem__,
            places=places,
            postings=CharPostings.build(p.decode("utf-8") for p in pieces),
        )

    def save(self, folder: Path) -> None:
        """Write into ``folder`` all at once, then drop other generations' folders beside it
        (``save_folder``: best effort)."""

        def write(tmp: Path) -> None:
            offsets = [0]
            with open(tmp / _DOCS, "wb") as out:  # a record at a time: no second copy of them all
                for i in range(len(self.kinds)):
                    line = self._docs(i).encode("utf-8") + b"\n"
                    out.write(line)
                    offsets.append(offsets[-1] + len(line))
            (tmp / _HAY).write_bytes(self.hay[:])
            for name, array in (
                (_SEGMENTS, self.segments), (_CONTEXT_OF, self.context_of), (_FIELDS_ENDS, self.fields_ends)
            ):
                np.save(tmp / name, array, allow_pickle=False)
            meta = {
                "generation": self.generation,
                "kinds": self.kinds,
                "sources": self.sources,
                "published": self.published,
                "projects": self.projects,
                "doc_offsets": offsets,
                "places": sorted(self.places),
            }
            (tmp / _META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
            self.postings.save(tmp)

        save_folder(folder, write)

    @classmethod
    def load(cls, folder: Path, generation: str | None) -> RecordIndex | None:
        """The index saved in ``folder`` for ``generation``, or None (missing, stale, damaged)."""
        try:
            meta = json.loads((folder / _META).read_text(encoding="utf-8"))
            if meta["generation"] != generation:
                return None
            with open(folder / _HAY, "rb") as f:
                hay_size = os.fstat(f.fileno()).st_size
                hay: bytes | mmap.mmap = b""
                if hay_size:
                    hay = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            with open(folder / _DOCS, "rb") as f:
                size = os.fstat(f.fileno()).st_size
                docs_map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else None
            offsets: list[int] = meta["doc_offsets"]
            if len(offsets) != len(meta["kinds"]) + 1 or (docs_map is None and len(offsets) > 1):
                return None

            def doc(i: int) -> str:
                assert docs_map is not None
                return docs_map[offsets[i] : offsets[i + 1] - 1].decode("utf-8")

            segments, context_of, fields_ends = (
                np.load(folder / name, allow_pickle=False) for name in (_SEGMENTS, _CONTEXT_OF, _FIELDS_ENDS)
            )
            n = len(meta["kinds"])
            if int(segments[-1]) != hay_size or len(context_of) != n or len(fields_ends) != n:
                return None
            postings = CharPostings.load(folder)  # none in an index saved before them: built again
            return cls(
                generation=generation,
                kinds=meta["kinds"],
                sources=meta["sources"],
                published=meta["published"],
                projects=meta["projects"],
                hay=hay,
                segments=segments,
                context_of=context_of,
                fields_ends=fields_ends,
                docs=doc,
                places=set(meta["places"]),
                postings=postings,
            )
        except Exception:  # half removed by a newer generation's writer, or not ours
            return None


def open_index(store: Store, generation: str | None) -> RecordIndex:
    """The store's record index for ``generation``: loaded if saved, else built (and saved)."""
    folder = None if generation is None else store.index_folder(_FOLDER, generation)
    if folder is not None:
        loaded = RecordIndex.load(folder, generation)
        if loaded is not None:
            return loaded
    index = RecordIndex.build(store, generation)
    # not while a write session runs: its half-written state may keep the old generation's token
    if folder is not None and not store.writing_now() and store.generation() == generation:
        index.save(folder)
    return index


class Records(Sequence[R], Generic[R]):
    """The records of one kind an answer may use: a view of the index, parsed when read."""

    def __init__(self, index: RecordIndex, positions: list[int]) -> None:
        self.idx = index
        self.positions = positions

    def __len__(self) -> int:
        return len(self.positions)

    @overload
    def __getitem__(self, i: int) -> R: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[R]: ...

    def __getitem__(self, i: int | slice) -> R | Sequence[R]:
        if isinstance(i, slice):
            return [self._at(p) for p in self.positions[i]]
        return self._at(self.positions[i])

    def __iter__(self) -> Iterator[R]:
        return (self._at(p) for p in self.positions)

    def _at(self, position: int) -> R:
        rec: Any = self.idx.record(position)
        return rec  # type: ignore[no-any-return]

    def only(self, filters: Mapping[str, Any] | None) -> Records[R]:
        """The records a search filter admits, by source and their article's publication date
        (the search filter's own test, ``store.filters.matcher``)."""
        wanted = {k: v for k, v in (filters or {}).items() if k in _RECORD_KEYS}
        test = matcher(wanted)
        if test is None:
            return self
        idx = self.idx

        def admitted(p: int) -> bool:
            source = idx.sources[p]
            return test({"source": source, "published_day": day_number(idx.published.get(source))})

        return Records(idx, [p for p in self.positions if admitted(p)])

    def called(self, project: str) -> list[R]:
        """The records whose project is ``project`` (normalised), by ``same_project``."""
        names, first = self.idx.projects, project[:1]
        # a cheap test before the full one: the same first character (a name asked with a place
        # before it, 东宁市X, is asked as the stored name is written)
        return [
            self._at(p) for p in self.positions if names[p][:1] == first and same_project(names[p], project)
        ]

    def in_scope(
        self, groups: Sequence[set[str]], admits: Callable[[str], bool] | None = None
    ) -> list[tuple[R, str]]:
        """The records whose haystack holds a term of every group and whose normalised text
        (``record_text``) ``admits``, parsed, each with that text. ``admits`` is asked before a
        record is parsed, once of each paragraph context alone and of a record's own text only
        when its context fails: it must hold of a record's text whenever it holds of the context
        (as a check for words found does)."""
        idx, of_context, out = self.idx, dict[int, bool](), []
        for p in idx.matching(groups, self.positions):
            norm = idx.norm(p)
            if admits is not None:
                k = int(idx.context_of[p])
                if k not in of_context:
                    of_context[k] = admits(idx.context_text(k))
                if not of_context[k] and not admits(norm):
                    continue
            out.append((self._at(p), norm))
        return out

    def invested_by(self, name: str) -> bool:
        """Whether some record's investor holds ``name`` (normalised): only the records whose own
        fields hold it are parsed (a place or an event named in thousands of contexts costs a
        byte search per record holding it, not a parse)."""
        norm = normalize_text(name)
        needle, idx = norm.encode("utf-8"), self.idx
        for p in idx.matching([{norm}], self.positions) if norm else []:
            if needle in idx.fields(p):
                rec = self._at(p)
                if isinstance(rec, Deal) and any(norm in normalize_text(i) for i in rec.investors):
                    return True
        return False

    def named(self, asked: str) -> list[R]:
        """The records whose normalised project name (of 4 characters or more) ``asked`` holds."""
        projects = self.idx.projects
        return [self._at(p) for p in self.positions if len(projects[p]) >= 4 and projects[p] in asked]


# The search filter's keys a deal record can be held to (the others are chunk metadata).
_RECORD_KEYS = frozenset({"source", "published_from", "published_to"})
