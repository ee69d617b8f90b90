"""Chinese-aware lexical ranking: jieba-dictionary words (``text.segment``) and BM25 (bm25s).

Tokens are computed once, at ingest, and stored with each chunk (as one
space-joined metadata string), so embedded and server mode behave the same.
The BM25 index is built from those strings at the end of a write session and
saved beside the store (``Store._lexical``), so a new process loads it instead
of rebuilding it; it is rebuilt only when the store's generation changes.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..text.segment import search_words
from ..text.traditional import simplified
from .disk import save_folder

# Function words and question words: they match everywhere and rank nothing.
_STOPWORDS_TEXT = """
    的 了 和 与 及 或 等 是 在 对 为 将 把 被 由 从 向 于 以 之 其 这 那 该 此 也 都 而 并 且 就 又 还
    个 着 过 吗 呢 吧 啊 呀 么 什么 多少 哪些 哪个 哪里 如何 怎么 怎样 为什么 是否 有没有 有 没有
    一 一个 我们 你们 他们 它 他 她 你 我 请问 the a an of and or to in on for is are was were
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def tokenize(text: str) -> list[str]:
    """Search-mode words of ``text`` (``text.segment``), normalised, without stopwords or punctuation."""
    return _words(simplified(unicodedata.normalize("NFKC", text)))  # 簽約 is indexed as 签约


def query_tokens(text: str) -> list[str]:
    """A question's words: as ``tokenize`` reads them, and as written where that differs (華為昇騰,
    or 昇腾 in a simplified question), so passages indexed before traditional forms were read as
    simplified are still found."""
    norm = unicodedata.normalize("NFKC", text)
    seen = simplified(norm)
    read = _words(seen)
    return read if seen == norm else list(dict.fromkeys(read + _words(norm)))


def _words(text: str) -> list[str]:
    norm = text.lower()
    # dictionary words only (no HMM): unknown words still match because the query is
    # segmented the same way as the documents.
    return [
        t for t in search_words(norm) if t not in STOPWORDS and (t.isalnum() or any(ch.isalnum() for ch in t))
    ]


class LexicalIndex:
    """BM25 over a fixed list of tokenised documents (bm25s's index, built by ``BM25Builder``)."""

    def __init__(self, docs: Iterable[Sequence[str]] = ()) -> None:
        self._build([docs])

    @classmethod
    def from_pages(cls, pages: Iterable[Iterable[Sequence[str]]]) -> LexicalIndex:
        """The index of every page's documents, in order, holding one page's words at a time."""
        index = cls.__new__(cls)
        index._build(pages)
        return index

    def _build(self, pages: Iterable[Iterable[Sequence[str]]]) -> None:
        builder = BM25Builder()
        for docs in pages:
            builder.add(docs)
        self.size, self._bm25 = builder.size, builder.finish()

    def save(self, folder: Path) -> None:
        """Write the index into ``folder`` (bm25s's own files), for ``load``."""
        folder.mkdir(parents=True, exist_ok=True)
        if self.size:
            self._bm25.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, size: int) -> LexicalIndex:
        """The index ``save`` wrote into ``folder`` over ``size`` documents (memory-mapped)."""
        import bm25s

        index = cls.__new__(cls)
        index.size = size
        index._bm25 = bm25s.BM25.load(str(folder), mmap=True, show_progress=False) if size else bm25s.BM25()
        return index

    def scores(self, query_tokens: Sequence[str]) -> npt.NDArray[np.float32]:
        """A BM25 score per document (0 where no query token occurs)."""
        tokens = [t for t in query_tokens if t]
        if not self.size or not tokens:
            return np.zeros(self.size, dtype=np.float32)
        out: npt.NDArray[np.float32] = np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)
        return out

    def top(
        self, query_tokens: Sequence[str], k: int, mask: npt.NDArray[np.bool_] | None = None
    ) -> list[tuple[int, float]]:
        """The ``k`` best (document index, score) pairs with a positive score, within ``mask``."""
        s = self.scores(query_tokens)
        if mask is not None:
            s = np.where(mask, s, 0.0)
        if k <= 0 or not self.size:
            return []
        k = min(k, self.size)
        idx = np.argpartition(-s, k - 1)[:k]
        idx = idx[np.argsort(-s[idx], kind="stable")]
        return [(int(i), float(s[i])) for i in idx if s[i] > 0]


class BM25Builder:
    """bm25s's index (its Lucene BM25, k1 1.5, b 0.75) built a page of documents at a time.

    ``bm25s.BM25.index`` holds every word of every document as a Python object at once:
    6.9 GB for the 370,000 chunks of 100,000 articles. This keeps each page's words only
    while counting them, then one ``(document, word, count)`` triple per distinct word of a
    document in numpy arrays, and gives the same scores (``tests/test_lexical_build.py``).
    An empty document counts as the one word ``""``, as bm25s needs.
    """

    K1, B = 1.5, 0.75

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.size = 0
        self._lengths: list[npt.NDArray[np.int64]] = []
        self._docs: list[npt.NDArray[np.int32]] = []
        self._words: list[npt.NDArray[np.int32]] = []
        self._counts: list[npt.NDArray[np.int32]] = []

    def add(self, docs: Iterable[Sequence[str]]) -> None:
        """Count the words of the next documents."""
        vocab, ids, lengths = self.vocab, [], []
        for doc in docs:
            words = doc or ("",)
            lengths.append(len(words))
            ids.extend([vocab.setdefault(w, len(vocab)) for w in words])
        if not lengths:
            return
        n = np.asarray(lengths, dtype=np.int64)
        rows = np.repeat(np.arange(self.size, self.size + len(n), dtype=np.int64), n)
        pairs, counts = np.unique((rows << 32) | np.asarray(ids, dtype=np.int64), return_counts=True)
        self._docs.append((pairs >> 32).astype(np.int32))
        self._words.append((pairs & 0xFFFFFFFF).astype(np.int32))
        self._counts.append(counts.astype(np.int32))
        self._lengths.append(n)
        self.size += len(n)

    def finish(self) -> Any:
        """The ``bm25s.BM25`` of every document added (an empty one if none was)."""
        import bm25s

        bm25 = bm25s.BM25(k1=self.K1, b=self.B)
        if not self.size:
            return bm25
        lengths = np.concatenate(self._lengths)
        docs, words = np.concatenate(self._docs), np.concatenate(self._words)
        tf = np.concatenate(self._counts).astype(np.float32)
        self._docs, self._words, self._counts, self._lengths = [], [], [], []
        n_words = len(self.vocab)
        df = np.bincount(words, minlength=n_words)
        # Lucene's idf, per word in float64 then stored as float32, as bm25s does
        idf = np.log(1 + (self.size - df + 0.5) / (df + 0.5)).astype(np.float32)
        avg = lengths.mean()
        tfc = tf / (self.K1 * ((1 - self.B) + self.B * lengths[docs] / avg) + tf)
        scores = (idf[words] * tfc).astype(np.float32)
        order = np.argsort(words, kind="stable")  # by word, each word's documents in order
        indptr = np.zeros(n_words + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        bm25.scores = {
            "data": scores[order],
            "indices": docs[order],
            "indptr": indptr,
            "num_docs": self.size,
        }
        vocab = self.vocab
        vocab.setdefault("", n_words)  # bm25s's empty word, outside the matrix when no document is empty
        bm25.vocab_dict = vocab
        bm25.unique_token_ids_set = set(vocab.values())
        bm25.nonoccurrence_array = None
        self.vocab = {}
        return bm25


_RECORDS = "records.json"


@dataclass
class Snapshot:
    """The BM25 index of one text generation of a store, with the chunk records it ranks."""

    generation: str | None
    count: int
    ids: list[str]
    metas: list[dict[str, Any]]  # chunk metadata, without its tokens
    index: LexicalIndex
    shas: dict[str, str]  # source -> sha256 of its stored article

    @classmethod
    def load(cls, folder: Path, generation: str | None, count: int) -> Snapshot | None:
        """The snapshot saved in ``folder`` for this generation and count, or None (missing,
        stale or unreadable: the caller builds it from the store instead)."""
        try:
            records = json.loads((folder / _RECORDS).read_text(encoding="utf-8"))
            if (
                records["generation"] != generation
                or records["count"] != count
                or len(records["ids"]) != count
            ):
                return None
            index = LexicalIndex.load(folder, count)
        except Exception:  # a folder half removed by a newer generation's writer, or not ours
            return None
        return cls(generation, count, records["ids"], records["metas"], index, records["shas"])

    def save(self, folder: Path) -> None:
        """Write into ``folder`` all at once (a temporary folder renamed), then drop the folders of
        other generations beside it (``disk.save_folder``: best effort)."""

        def write(tmp: Path) -> None:
            self.index.save(tmp)
            records = {
                "generation": self.generation,
                "count": self.count,
                "ids": self.ids,
                "metas": self.metas,
                "shas": self.shas,
            }
            (tmp / _RECORDS).write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")

        save_folder(folder, write)
