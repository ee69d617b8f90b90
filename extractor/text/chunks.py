"""Paragraph-aligned chunks under a token bound, with exact offsets.

Consecutive non-boilerplate paragraphs are packed into one chunk while it
stays within ``max_tokens``; boilerplate ends a chunk and is never inside
one. A paragraph over the bound is cut at sentence ends, and a sentence over
the bound is cut by tokens. Every chunk is a slice of the article:
``article.text[chunk.start:chunk.end] == chunk.text``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

import tiktoken

from ..schema import Article, Chunk, Paragraph
from .sentences import sentence_spans
from .tokens import get_encoding

# Above this many characters per allowed token we do not count a span whole
# (that would encode megabytes at once); we cut it first. Splitting a span
# that would have fit is harmless, encoding a 20 MB line is not.
_CHARS_PER_TOKEN_GUARD = 32


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int
    end: int
    paragraph: int
    tokens: int


def chunk_key(article: Article, *, max_tokens: int, encoding: str) -> str:
    """A digest of everything the chunks depend on (text, paragraphs, bound, encoding)."""
    h = hashlib.sha256(f"{article.sha256}|{encoding}|{max_tokens}|".encode())
    for p in article.paragraphs:
        h.update(f"{p.n}:{p.start}:{p.end}:{p.kind};".encode())
    return h.hexdigest()[:12]


def chunk_article(article: Article, *, max_tokens: int, encoding: str) -> list[Chunk]:
    """The chunks of ``article``, in text order."""
    return list(iter_chunks(article, max_tokens=max_tokens, encoding=encoding))


def iter_chunks(article: Article, *, max_tokens: int, encoding: str) -> Iterator[Chunk]:
    """Like ``chunk_article``, one chunk at a time (for very long articles)."""
    if max_tokens < 1:
        raise ValueError("max_tokens must be positive")
    packer = _Packer(article, max_tokens, get_encoding(encoding))
    for p in article.paragraphs:
        if p.kind == "boilerplate":
            yield from packer.flush()
            continue
        for piece in packer.pieces(p):
            yield from packer.add(piece)
    yield from packer.flush()


class _Packer:
    def __init__(self, article: Article, max_tokens: int, enc: tiktoken.Encoding) -> None:
        self.article = article
        self.text = article.text
        self.max = max_tokens
        self.enc = enc
        self.prefix = f"{article.source}#{chunk_key(article, max_tokens=max_tokens, encoding=enc.name)}"
        self.run: list[_Piece] = []
        self.estimate = 0
        self.index = 0

    def count(self, start: int, end: int) -> int:
        return len(self.enc.encode_ordinary(self.text[start:end]))

    # ------------------------------------------------------------------ pieces

    def pieces(self, p: Paragraph) -> Iterator[_Piece]:
        """The paragraph whole if it fits, else its sentences (cut further if need be)."""
        start, end = p.start, _rstrip(self.text, p.start, p.end)
        while start < end and self.text[start].isspace():
            start += 1
        if start == end:
            return
        if (t := self._fits(start, end)) is not None:
            yield _Piece(start, end, p.n, t)
            return
        for s, e in sentence_spans(self.text, start, end):
            if (t := self._fits(s, e)) is not None:
                yield _Piece(s, e, p.n, t)
            else:
                yield from self._hard_split(s, e, p.n)

    def _fits(self, start: int, end: int) -> int | None:
        if end - start > self.max * _CHARS_PER_TOKEN_GUARD:
            return None
        t = self.count(start, end)
        return t if t <= self.max else None

    def _hard_split(self, start: int, end: int, n: int) -> Iterator[_Piece]:
        """Cut ``text[start:end]`` after every ``max`` tokens, encoding a bounded window at a time."""
        pos = start
        while pos < end:
            while pos < end and self.text[pos].isspace():
                pos += 1
            if pos >= end:
                return
            window = min(end, pos + self.max * 8)
            toks = self.enc.encode_ordinary(self.text[pos:window])
            while len(toks) <= self.max and window < end:
                window = min(end, pos + (window - pos) * 2)
                toks = self.enc.encode_ordinary(self.text[pos:window])
            if len(toks) <= self.max:
                cut = window
            else:
                # Cut after the characters the first `max` tokens cover in full (a
                # token may end inside a multi-byte character: that one goes next).
                head = b"".join(self.enc.decode_tokens_bytes(toks[: self.max]))
                cut = pos + max(1, len(head.decode("utf-8", errors="ignore")))
            stop = _rstrip(self.text, pos, cut)
            t = self.count(pos, stop)
            while t > self.max and stop > pos + 1:
                stop = _rstrip(self.text, pos, stop - max(1, (stop - pos) // 16))
                t = self.count(pos, stop)
            yield _Piece(pos, stop, n, t)
            pos = stop

    # ------------------------------------------------------------------ packing

    def add(self, piece: _Piece) -> Iterator[Chunk]:
        # The estimate adds one token for the whitespace between pieces; the
        # exact count is taken when a chunk is closed.
        if self.run and self.estimate + 1 + piece.tokens > self.max:
            yield from self.flush()
        self.estimate += piece.tokens + (1 if self.run else 0)
        self.run.append(piece)

    def flush(self) -> Iterator[Chunk]:
        run, self.run, self.estimate = self.run, [], 0
        while run:
            j = len(run)
            tokens = self.count(run[0].start, run[j - 1].end)
            # BPE over the joined text can differ from the sum of its parts:
            # give back trailing pieces until the exact count fits. A single
            # piece always fits, it was counted exactly.
            while tokens > self.max and j > 1:
                j -= 1
                tokens = self.count(run[0].start, run[j - 1].end)
            yield self._chunk(run[:j], tokens)
            run = run[j:]

    def _chunk(self, run: list[_Piece], tokens: int) -> Chunk:
        start, end = run[0].start, run[-1].end
        chunk = Chunk(
            id=f"{self.prefix}:{self.index}",
            source=self.article.source,
            paragraphs=sorted({p.paragraph for p in run}),
            start=start,
            end=end,
            text=self.text[start:end],
            tokens=tokens,
        )
        self.index += 1
        return chunk


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
