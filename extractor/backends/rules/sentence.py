"""Sentences and tokens for the rules backend.

Each sentence keeps its exact span in ``Article.text`` (evidence is copied
from there) and a matching copy (NFKC, whitespace dropped, see
``text.normalize``) that the rules read: a sentence broken across a line by
page layout reads as one, and full-width digits and commas look like ASCII.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from ...schema import Article
from ...text.instructions import instruction_in
from ...text.normalize import Normalized, normalize, spoken, with_pauses, without_emphasis
from ...text.paragraphs import marker_shape
from ...text.segment import tags
from ...text.sentences import sentence_spans

_CLAUSE = re.compile(r"[,，:：。！？!?；;]")
_CN = "[一二三四五六七八九十]"
_MARKER = re.compile(
    rf"(?:^|(?<=[:：]))\s*(?:"
    rf"[(（](?:[0-9０-９]{{1,2}}|{_CN}{{1,3}})[)）]"  # (1) （一）
    r"|[0-9０-９]{1,2}(?:[、]|[.．](?![0-9０-９])|[)）])"  # 1、 1. 1)
    r"|[\u2460-\u2473\u2776-\u277f]"  # ① … ⑳, ❶ …
    r"|(?:NO|No)[.．]?\s*[0-9０-９]{1,3}(?![0-9０-９])"  # NO.1 of a ranked list
    rf"|{_CN}{{1,3}}(?:、|是(?![的否]))"  # 一、 一是
    rf"|其{_CN}[,，、]?"  # 其一，
    rf"|第{_CN}{{1,3}}[,，、]"  # 第一，
    r")\s*"
)
# A question (问：…, …进展如何？) asks; what it mentions (有报道说…引进了…项目) is not reported.
_QUESTION = re.compile(r"^\s*(?:问|提问|记者)\s*[：:]|[？?]\s*$")


@dataclass(frozen=True, slots=True)
class Token:
    word: str
    flag: str
    start: int
    end: int


@dataclass
class Sentence:
    """One sentence: its exact span in the article and the copy the rules read."""

    paragraph: int
    start: int
    end: int
    raw: str
    norm: Normalized
    heading: bool = False
    markers: tuple[tuple[int, int], ...] = ()  # list markers, as spans of ``text``
    _tokens: list[Token] | None = field(default=None, repr=False)
    _stops: list[int] | None = field(default=None, repr=False)  # where clause punctuation is

    @property
    def text(self) -> str:
        return self.norm.text

    def quote(self, start: int, end: int) -> str:
        """The exact article text behind ``text[start:end]``."""
        a, b = self.norm.to_original(start, end)
        return self.raw[a:b]

    def name(self, start: int, end: int) -> str:
        """A name from ``text[start:end]``, as written but without layout whitespace."""
        return re.sub(r"\s+", "", self.quote(start, end))

    @property
    def question(self) -> bool:
        """A question (问：…, …进展如何？) asks; what it mentions (有报道说…引进了…项目) is not
        reported, though its places and words still set the scene."""
        return _QUESTION.search(self.raw) is not None

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            self._tokens = tokenize(self.text)
        return self._tokens

    def clause_bounds(self, pos: int) -> tuple[int, int]:
        """The comma-delimited clause around ``pos``."""
        stops = self._clause_stops()
        i = bisect_left(stops, pos)
        return (stops[i - 1] + 1 if i else 0), (stops[i] if i < len(stops) else len(self.text))

    def clause_index(self, pos: int) -> int:
        return bisect_left(self._clause_stops(), pos)

    def _clause_stops(self) -> list[int]:
        if self._stops is None:
            self._stops = [m.start() for m in _CLAUSE.finditer(self.text)]
        return self._stops

    @property
    def item(self) -> bool:
        """Whether the sentence opens with a list marker: it is an item of a list."""
        return bool(self.markers) and self.markers[0][0] == 0

    @property
    def shape(self) -> str | None:
        """The shape of the list marker the sentence opens with (``marker_shape``), None for none."""
        return marker_shape(self.text[: self.markers[0][1]]) if self.item else None

    def marker_end(self, pos: int) -> int:
        """Where the text after the last list marker before ``pos`` starts (0 if none)."""
        return max((b for _, b in self.markers if b <= pos), default=0)

    def in_marker(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.markers)


def tokenize(text: str) -> list[Token]:
    """jieba words with part-of-speech tags and offsets."""
    out: list[Token] = []
    pos = 0
    for word, flag in tags(text):
        out.append(Token(word, flag, pos, pos + len(word)))
        pos += len(word)
    return out


def split_sentences(article: Article) -> list[Sentence]:
    """The sentences of every paragraph that is not page furniture, except instructions
    to the reader or a system (``请把…改为…``): they report nothing."""
    out: list[Sentence] = []
    pauses = spoken(article.text)
    for p in article.paragraphs:
        if p.kind == "boilerplate":
            continue
        for a, b in sentence_spans(article.text, p.start, p.end):
            raw = article.text[a:b]
            if instruction_in(raw):
                continue
            # 项目**42个** reads 项目42个; a transcript's 总投资12亿元 分两期 reads 总投资12亿元，分两期
            norm = normalize(raw)
            norm = without_emphasis(with_pauses(norm) if pauses else norm)
            if norm.text:
                heading = p.kind == "heading"
                out.append(Sentence(p.n, a, b, raw, norm, heading=heading, markers=_markers(raw, norm)))
    return out


def _markers(raw: str, norm: Normalized) -> tuple[tuple[int, int], ...]:
    """List markers in ``raw``, as spans of the matching copy."""
    out: list[tuple[int, int]] = []
    for m in _MARKER.finditer(raw):
        a, b = norm.to_copy(m.start()), norm.to_copy(m.end())
        if a < b < len(norm.text):  # a marker with nothing after it marks no item
            out.append((a, b))
    return tuple(out)
