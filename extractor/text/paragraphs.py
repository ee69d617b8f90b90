"""Numbered paragraphs over the exact article text.

Paragraphs are lines. Two page-layout defects are repaired without touching
the text: a sentence that the page broke across a blank line
(``益阳高新`` / ``区主动出击``) becomes one paragraph whose span covers the
break, and page furniture is marked ``boilerplate`` (see ``boilerplate.py``).
Short lines without sentence punctuation are ``heading``.

A form feed is a page break (PDF text, see ``office.py``): it ends a line and
counts as a blank line, so a sentence cut by a page break is joined like one
cut by a blank line. Each paragraph's page is read off the text by
``Article`` (the form feeds before it), so the stored text is the page map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..schema import Paragraph, ParagraphKind
from .boilerplate import boilerplate_flags, tail_start
from .segment import words

_TERMINAL = set("。！？!?；;…")
_CLOSING = set("”」』)）】》\"'’")
_SOFT_END = set("，,、：:（(《“‘—-")
# Words that cannot end a sentence or a title: a line ending in one was cut.
_DANGLING = set("的与和及或在对将把被从向为于之以并而但又就都也还已其由")
_LIST_MARKER = re.compile(r"^\s*(\d{1,2}[、.．)）]|[（(]\d{1,2}[)）]|[①-⑳]|[一二三四五六七八九十]+[、是])")
_INNER_PUNCT = re.compile(r"[，,。；;！？]")
_CONTINUES = re.compile(r"^[\u4e00-\u9fff0-9A-Za-z%％]")
_HEADING_MAX = 40
# A sentence end followed by a short name: a reporter's sign-off (``…新空间。 信召红``).
_SIGNED_OFF = re.compile(r"[。！？!?]\s+\S{1,12}(\s+\S{1,4})*$")


def _headlike(text: str) -> bool:
    if len(text) > _HEADING_MAX or text[-1] in _TERMINAL:
        return False
    return len(text) <= 25 or not _INNER_PUNCT.search(text)


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str
    furniture: bool
    blank_before: bool


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    blank = False
    pos = 0
    # A form feed (a PDF page break) ends a line like a newline and counts as a blank line.
    for raw in re.split("[\n\f]", text):
        s, e = pos, pos + len(raw)
        pos = e + 1
        page_end = e < len(text) and text[e] == "\f"
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s == e:
            blank = True
            continue
        cut = tail_start(text[s:e])
        if cut is None:
            out.append(_Line(s, e, text[s:e], False, blank))
        else:
            # …招商引资。返回搜狐，查看更多 责任编辑： / …特别声明：以上内容… 相关推荐 …: two lines
            a = s + cut
            while a > s and text[a - 1].isspace():
                a -= 1
            out.append(_Line(s, a, text[s:a], False, blank))
            out.append(_Line(s + cut, e, text[s + cut : e], True, False))
        blank = page_end
    tails = [line.furniture for line in out]
    flags = boilerplate_flags([ln.text for ln in out])
    for line, flag, tail in zip(out, flags, tails, strict=True):
        line.furniture = flag or tail
    return out


def _word_crosses(left: str, right: str) -> bool:
    """Does a dictionary word run across the break (``南`` + ``京理工`` → 南京)?"""
    tail, head = left[-6:], right[:6]
    pos = 0
    for word in words(tail + head):
        if pos < len(tail) < pos + len(word) and len(word) >= 2:
            return True
        pos += len(word)
    return False


def _is_broken(a: _Line, b: _Line, *, first: bool) -> bool:
    """Was ``b`` cut off ``a`` by the page layout, mid-sentence?

    Only clear evidence counts: a word or a number cut in two (南 / 京理工大学,
    乐园5 / 个项目), a line ending in a comma or enumeration mark, or in a word
    that cannot end a sentence (的, 与, 已…). A line that merely lacks its final
    。 is not enough: real paragraphs and headings end that way too.
    """
    if first or a.furniture or b.furniture or _SIGNED_OFF.search(a.text) or _LIST_MARKER.match(b.text):
        return False
    last = a.text[-1]
    if last in _TERMINAL or last in _CLOSING or not _CONTINUES.match(b.text):
        return False
    cut = (last.isdigit() and not b.text[0].isdigit()) or _word_crosses(a.text, b.text)
    if b.blank_before:
        return cut or last in _SOFT_END or last in _DANGLING
    # Across a plain newline (the usual paragraph break) only a cut word or number in prose.
    return cut and bool(_INNER_PUNCT.search(a.text)) and len(a.text) >= 12


def _kind(text: str, furniture: bool) -> ParagraphKind:
    if furniture:
        return "boilerplate"
    return "heading" if _headlike(text) else "body"


def split_paragraphs(text: str) -> list[Paragraph]:
    lines = _lines(text)
    groups: list[list[_Line]] = []
    for i, line in enumerate(lines):
        if groups and _is_broken(groups[-1][-1], line, first=i == 1 and len(groups) == 1):
            groups[-1].append(line)
        else:
            groups.append([line])
    out: list[Paragraph] = []
    for n, group in enumerate(groups, start=1):
        start, end = group[0].start, group[-1].end
        furniture = all(line.furniture for line in group)
        kind = "body" if len(group) > 1 else _kind(group[0].text, furniture)
        out.append(Paragraph(n=n, start=start, end=end, kind=kind))
    return out
