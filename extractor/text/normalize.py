"""Matching copies of text, with a map back to the original offsets.

The article text is never changed. To compare a quote with it we build a
*matching copy* (NFKC per character, so full-width digits and punctuation
become ASCII; whitespace dropped) plus, for each character of the copy, the
offset of the original character it came from. A hit in the copy maps back to
an exact original span, so ``text[start:end]`` is what the article says. Only
whitespace, NFKC compatibility forms (full-width ３９ for 39, ⑤ for 5) and the traditional
forms ``traditional`` maps (億 for 亿) may differ from the quote: the same characters in
another form, never another digit.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from .traditional import simplified


@dataclass(frozen=True, slots=True)
class Normalized:
    """A matching copy of ``original`` and, per copy character, its source offset."""

    original: str
    text: str
    offsets: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the copy back to a half-open span of the original."""
        if start >= end:
            raise ValueError("empty span")
        return self.offsets[start], self.offsets[end - 1] + 1

    def to_copy(self, pos: int) -> int:
        """The copy's offset of the original's position ``pos`` (the first copy character at or after it)."""
        return bisect_left(self.offsets, pos)


def normalize_char(ch: str) -> str:
    """NFKC of one character, whitespace removed (``""`` for whitespace)."""
    if ch.isspace():
        return ""
    out = unicodedata.normalize("NFKC", ch)
    return "".join(c for c in out if not c.isspace())


class _Table(dict[int, str]):
    """Each character's matching copy, as a ``str.translate`` table filled as characters are met:
    NFKC, whitespace dropped, and a traditional character read as simplified (``traditional``)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = ch if ch.isascii() and not ch.isspace() else simplified(normalize_char(ch))
        self[code] = out
        return out


_TABLE = _Table()


class _Uneven(dict[int, str]):
    """``str.translate`` table keeping only the characters whose matching copy is not one
    character (whitespace, ⑩, ㎡): a text it empties maps offsets one to one."""

    def __missing__(self, code: int) -> str:
        out = "" if len(_TABLE[code]) == 1 else chr(code)
        self[code] = out
        return out


_UNEVEN = _Uneven()


@lru_cache(maxsize=256)
def normalize(original: str) -> Normalized:
    if not original.translate(_UNEVEN):  # most sentences: one copy character per character
        return Normalized(original, original.translate(_TABLE), tuple(range(len(original))))
    parts: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(original):
        n = _TABLE[ord(ch)]
        parts.append(n)
        offsets.extend([i] * len(n))
    return Normalized(original, "".join(parts), tuple(offsets))


# A transcript's pause: a space between two Han characters, in a text that writes its clauses
# with spaces instead of commas (口播稿: 本次集中开工项目15个 总投资46.3亿元 其中…).
_PAUSE = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000](?=[\u4e00-\u9fff])")
_COMMA = re.compile("[，,、；;]")
# A table flattened into one run of text (序号 项目名称 总投资（亿元） 1 甲项目 45 3月 已投产 2 …):
# bare numbers between spaces are its cells, and its spaces part cells, not clauses.
_BARE_CELL = re.compile(r"(?:^|\s)\d+(?:\.\d+)?(?=\s)")


def spoken(text: str) -> bool:
    """Whether ``text`` (an article) is written as it is spoken: more pauses than commas."""
    return len(_PAUSE.findall(text)) > len(_COMMA.findall(text))


def with_pauses(copy: Normalized) -> Normalized:
    """``copy`` with a transcript's pauses read as commas, so its clauses part where the
    speaker's do (for the sentences of a ``spoken`` text); a sentence with a comma of its own, or
    a flattened table, is returned as it is."""
    raw = copy.original
    if _COMMA.search(raw) or len(_BARE_CELL.findall(raw)) >= 2:
        return copy
    pauses = {m.start() for m in _PAUSE.finditer(raw)}
    if not pauses:
        return copy
    parts: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(raw):
        n = "，" if i in pauses else _TABLE[ord(ch)]
        parts.append(n)
        offsets.extend([i] * len(n))
    return Normalized(raw, "".join(parts), tuple(offsets))


# Markdown's and pasted rich text's emphasis (项目**42个**): a run of two or more asterisks.
_EMPHASIS = re.compile(r"\*{2,}")


def without_emphasis(copy: Normalized) -> Normalized:
    """``copy`` without emphasis marks, for reading (a lone * stays: 2*66万千瓦). Evidence is never
    matched on this: a quote must still hold every character its span does."""
    if "**" not in copy.text:
        return copy
    drop = {i for m in _EMPHASIS.finditer(copy.text) for i in range(m.start(), m.end())}
    keep = [i for i in range(len(copy.text)) if i not in drop]
    text = "".join(copy.text[i] for i in keep)
    return Normalized(copy.original, text, tuple(copy.offsets[i] for i in keep))


def normalize_text(s: str) -> str:
    """The matching copy alone (for keys and comparisons), without the offset map: fast enough
    for the record index's tens of millions of characters."""
    return s.translate(_TABLE)


def find_all(text: str, quote: str, *, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    """Every exact occurrence of ``quote`` in ``text[lo:hi]``, as original offsets.

    Equality is exact after NFKC, whitespace removal and the traditional map on both sides; nothing
    else is forgiven (no edit distance, no snapping to a nearby number). The
    search runs over ``[lo, hi)`` only, so a bounded look costs the window's
    length, not the article's (one-line articles of a million characters).
    """
    needle = normalize_text(quote)
    if not needle:
        return []
    norm = normalize(text)
    hi = len(text) if hi is None else hi
    if lo >= hi:
        return []
    # copy positions whose first character starts at or after lo, and whose last ends by hi
    first = bisect_left(norm.offsets, lo)
    stop = bisect_right(norm.offsets, hi - 1)
    hits: list[tuple[int, int]] = []
    pos = norm.text.find(needle, first, stop)
    while pos != -1:
        hits.append(norm.to_original(pos, pos + len(needle)))
        pos = norm.text.find(needle, pos + 1, stop)
    return hits


def occurs(text: str, quote: str) -> bool:
    """Does ``quote`` occur in ``text`` (as ``find_all`` matches)? Stops at the first hit."""
    needle = normalize_text(quote)
    return bool(needle) and needle in normalize(text).text


def find_quote(text: str, quote: str, *, prefer: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """The span of ``quote`` in ``text``: inside ``prefer`` if it occurs there, else the first."""
    if prefer is not None:
        inside = find_all(text, quote, lo=prefer[0], hi=prefer[1])
        if inside:
            return inside[0]
    hits = find_all(text, quote)
    return hits[0] if hits else None


def display_width(text: str) -> int:
    """Columns a text takes on a page or a sheet: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
