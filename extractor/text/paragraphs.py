"""Numbered paragraphs over the exact article text.

Paragraphs are lines. Two page-layout defects are repaired without touching
the text: a sentence that the page broke across a blank line
(``益阳高新`` / ``区主动出击``) becomes one paragraph whose span covers the
break, and page furniture is marked ``boilerplate`` (see ``boilerplate.py``).
Short lines without sentence punctuation are ``heading``. A text whose lines
were cut at one width (a PDF or a memo saved as text) has its lines joined
back where a full line stops mid-sentence.

A form feed is a page break (PDF text, see ``office.py``): it ends a line and
counts as a blank line, so a sentence cut by a page break is joined like one
cut by a blank line. Each paragraph's page is read off the text by
``Article`` (the form feeds before it), so the stored text is the page map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from ..schema import Paragraph, ParagraphKind
from .amounts import BARE_NUMBER
from .boilerplate import boilerplate_flags, tail_start
from .normalize import display_width
from .segment import words

_TERMINAL = set("。！？!?；;…")
_CLOSING = set("”」』)）】》\"'’")
_SOFT_END = set("，,、：:（(《“‘—-")
# Words that cannot end a sentence or a title: a line ending in one was cut.
_DANGLING = set("的与和及或在对将把被从向为于之以并而但又就都也还已其由")
# (a decimal is no marker: 9.7亿元 opens a wrapped line)
LIST_MARKER = re.compile(
    r"^\s*(\d{1,2}(?:[、)）]|[.．](?!\d))|[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})[)）]|[①-⑳]|[一二三四五六七八九十]+[、是])"
)
_CN_NUMERAL = re.compile("[一二三四五六七八九十]+")


def marker_shape(marker: str) -> str:
    """A list marker with its number taken out (3. → 9., （二） → （一）): items of one list share it."""
    shape = _CN_NUMERAL.sub("一", re.sub(r"[0-9０-９]+", "9", marker.strip()))
    return re.sub("[\u2776-\u277f]", "❶", re.sub("[\u2460-\u2473]", "①", shape))  # ② → ①, ❷ → ❶


_INNER_PUNCT = re.compile(r"[，,。；;！？]")
_CONTINUES = re.compile(r"^[\u4e00-\u9fff0-9A-Za-z%％]")
_HEADING_MAX = 40
# A hard-wrapped text: its lines are cut at one column (a Chinese character is two), within this
# share of it, and no page is wider than _PAGE_MAX columns.
_FULL = 0.8
# Lines that are no wrapped prose: a table's row (cells split by a bar, a tab or spaces) or a
# card's field (投资额：28亿元).
_CELLS = re.compile(r"[|｜\t]|\S[ \u3000]+\S|^[^：:，,。]{1,7}[：:]")
_PAGE_MIN = 40
_PAGE_MAX = 160
# A paragraph's first-line indent: two ideographic spaces in a document, two or more spaces.
_INDENT = re.compile(r"^(?:\u3000|[ \t]{2,})")
# A sentence end followed by a short name: a reporter's sign-off (``…新空间。 信召红``).
_SIGNED_OFF = re.compile(r"[。！？!?]\s+\S{1,12}(\s+\S{1,4})*$")


# The gap between two columns of a table laid out in text: a bar, a tab, or a run of spaces.
_COLUMN_GAP = re.compile(r"\s*[|｜]\s*|\t|[ \u3000]{2,}")


def is_table_row(text: str) -> bool:
    """Whether a line is a table's row laid out in columns (复合集流体项目　　岳池县　　30亿元　　洽谈中)."""
    return len(_COLUMN_GAP.findall(text.strip())) >= 2


# A column's unit of money, in brackets at the end of its header cell: 总投资（亿元）, 协议投资额(万元).
MONEY_UNIT_CELL = re.compile(r"[(（]((?:亿|万)?美?元)[)）]$")
# A number cell (8500, 126,000, 9.6), or one left empty (—): not the column's header.
_NUMBER_CELL = re.compile(rf"{BARE_NUMBER.pattern}|[—–\-－/／]*")


def column_unit(text: str, at: int) -> str | None:
    """The unit of money (亿元) that the header of a table laid out in text names for the column of
    the cell at ``at``, when that cell is a number in a row of the table: the header is the first
    line above, in the run of rows, whose cell in that column is not a number."""
    start = text.rfind("\n", 0, at) + 1
    row = text[start : (text.find("\n", at) + 1 or len(text) + 1) - 1]
    if not is_table_row(row):
        return None
    column = len(_COLUMN_GAP.findall(row[: at - start]))
    end = start - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line, end = text[start:end], start - 1
        if not line.strip():
            continue  # a blank line between rows
        if not is_table_row(line):
            return None  # the table ends before a header is found
        cells = _COLUMN_GAP.split(line)
        cell = cells[column].strip() if column < len(cells) else ""
        if not _NUMBER_CELL.fullmatch(cell):
            unit = MONEY_UNIT_CELL.search(cell)
            return unit.group(1) if unit else None
    return None


def _headlike(text: str) -> bool:
    if len(text) > _HEADING_MAX or text[-1] in _TERMINAL:
        return False
    if is_table_row(text):
        return False  # a table's row is no heading
    return len(text) <= 25 or not _INNER_PUNCT.search(text)


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str
    furniture: bool
    blank_before: bool
    indent: bool = False  # opens with a paragraph indent (two spaces or an ideographic one)


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
        indent = _INDENT.match(raw) is not None
        # …招商引资。返回搜狐，查看更多 责任编辑： / …特别声明：以上内容… 相关推荐 …: the page's tail
        a = e if cut is None else s + cut
        for i, (x, y) in enumerate(_items(text, s, a)):
            out.append(_Line(x, y, text[x:y], False, blank if i == 0 else False, indent and i == 0))
        if cut is not None:
            out.append(_Line(s + cut, e, text[s + cut : e], True, False))
        blank = page_end
    for line, flag in zip(out, boilerplate_flags([ln.text for ln in out]), strict=True):
        line.furniture = flag or line.furniture  # a page's tail is furniture whatever the flags say
    return out


# A news list scraped into one line: [2024-07-26] 标题 7月25日，摘要…[详细] [2024-07-22] …
_ITEM_DATE = re.compile(r"[\[【]\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[\]】]")
_ITEM_END = re.compile(r"[\[【](?:详细|详情|更多|全文|阅读全文|查看全文)[\]】]")
# 九原区绿电制氢项目开工 7月20日，…: a headline, a space, then its story opening with a date
_HEADLINE = re.compile(
    r"[^，,。；;：:！？!?\s]{4,40}(?=\s+(?:\d{1,2}月|\d{4}年|近日|日前|近期|今年|昨天|今天|本周|上半年|下半年"
    r"|[一二三四]季度|前三季度))"
)


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of ``text[start:end]``: the whole, or, for a news list scraped into one line (two
    dated items or more), each item's date, headline and story apart; whitespace trimmed."""
    spans = [m.span() for m in _ITEM_DATE.finditer(text, start, end)]
    if len(spans) < 2:
        return [(start, end)]
    dates, ends = [a for a, _ in spans], [b for _, b in spans]
    cuts = {start, *dates, *ends, *(m.end() for m in _ITEM_END.finditer(text, start, end))}
    for d in ends:
        head = _HEADLINE.match(text, _skip_space(text, d, end), end)
        if head is not None:
            cuts.add(head.end())
    out = []
    for a, b in pairwise([*sorted(cuts), end]):
        a, b = _skip_space(text, a, b), b
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _skip_space(text: str, a: int, b: int) -> int:
    while a < b and text[a].isspace():
        a += 1
    return a


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
    if first or a.furniture or b.furniture or _SIGNED_OFF.search(a.text) or LIST_MARKER.match(b.text):
        return False
    last = a.text[-1]
    if last in _TERMINAL or last in _CLOSING or not _CONTINUES.match(b.text):
        return False
    cut = (last.isdigit() and not b.text[0].isdigit()) or _word_crosses(a.text, b.text)
    if b.blank_before:
        return cut or last in _SOFT_END or last in _DANGLING
    # Across a plain newline (the usual paragraph break) only a cut word or number in prose.
    return cut and bool(_INNER_PUNCT.search(a.text)) and len(a.text) >= 12


def _indented_body(lines: list[_Line]) -> int | None:
    """Where the body of a hard-wrapped document begins (a PDF or Word file saved as text): its
    paragraphs open with an indent and its lines are cut at the page's width. None when fewer than
    two lines are indented (a web page's paragraphs are whole lines)."""
    indented = [i for i, line in enumerate(lines) if line.indent]
    return indented[0] if len(indented) >= 2 else None


def _wrapped(a: _Line, b: _Line) -> bool:
    """In such a body, ``b`` goes on with ``a``'s paragraph: it opens with no indent, no blank
    line or furniture stands between, and it is no heading after a finished sentence."""
    if b.indent or b.blank_before or a.furniture or b.furniture or LIST_MARKER.match(b.text):
        return False
    return a.text[-1] not in _TERMINAL or not _headlike(b.text)


def _wrap_width(lines: list[_Line]) -> int | None:
    """The column a hard-wrapped text (a PDF's or a memo's lines, saved as text without indents)
    cuts its lines at, or None if it is not one: no prose line is wider than a page, and at least
    three lines, a third of the prose, reach within ``_FULL`` of the widest mid-sentence."""
    prose = [
        (display_width(ln.text), ln.text[-1])
        for ln in lines
        if not ln.furniture and len(ln.text) >= 8 and not _CELLS.search(ln.text)
    ]
    if not prose:
        return None
    widest = max(w for w, _ in prose)
    if not _PAGE_MIN <= widest <= _PAGE_MAX:
        return None
    cut = [w for w, last in prose if w >= widest * _FULL and last not in _TERMINAL and last not in _CLOSING]
    return widest if len(cut) >= 3 and 3 * len(cut) >= len(prose) else None


def _wrapped_at(a: _Line, b: _Line, width: int) -> bool:
    """In a hard-wrapped text, ``b`` goes on with ``a``: ``a`` fills the line mid-sentence and
    nothing (a blank line, furniture, a list marker) sets ``b`` apart."""
    if b.blank_before or a.furniture or b.furniture or LIST_MARKER.match(b.text):
        return False
    if _CELLS.search(a.text) or _CELLS.search(b.text):
        return False  # a table's rows: each line is a row
    last = a.text[-1]
    return display_width(a.text) >= width * _FULL and last not in _TERMINAL and last not in _CLOSING


def _kind(text: str, furniture: bool) -> ParagraphKind:
    if furniture:
        return "boilerplate"
    return "heading" if _headlike(text) else "body"


def split_paragraphs(text: str) -> list[Paragraph]:
    lines = _lines(text)
    body = _indented_body(lines)
    width = None if body is not None else _wrap_width(lines)
    groups: list[list[_Line]] = []
    for i, line in enumerate(lines):
        wrapped = i > 0 and (
            (body is not None and i > body and _wrapped(groups[-1][-1], line))
            or (width is not None and len(groups) > 1 and _wrapped_at(groups[-1][-1], line, width))
        )
        if groups and (wrapped or _is_broken(groups[-1][-1], line, first=i == 1 and len(groups) == 1)):
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
