"""Build an ``Article`` from decoded text: hash, paragraphs, title, date."""

from __future__ import annotations

import hashlib
import re

from ..schema import Article
from .dates import find_published
from .paragraphs import split_paragraphs

# Line breaks of other systems; and every C0/C1 control but tab, newline and form feed (a page break).
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
# A line that is only a time stamp (2023-08-15 19:01:07, 2024年7月12日 09:18): no title.
_STAMP = re.compile(
    r"\s*(?:发布时间|时间|日期)?[:：]?\s*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*"
)


def clean_text(text: str) -> str:
    """The text as stored: one kind of newline, no control characters (see ``decode``)."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))


def _first_sentence(line: str, limit: int = 60) -> str:
    line = line.lstrip("#").strip()
    for i, ch in enumerate(line):
        if ch in "。！？!?" and i + 1 < len(line):
            line = line[: i + 1]
            break
    return line if len(line) <= limit else line[:limit] + "…"


def build_article(
    text: str,
    *,
    source: str,
    path: str | None = None,
    html_title: str | None = None,
    published: str | None = None,
) -> Article:
    text = clean_text(text)
    paragraphs = split_paragraphs(text)
    title = html_title
    if title is None:
        first = next(
            (p for p in paragraphs if p.kind != "boilerplate" and not _STAMP.fullmatch(text, p.start, p.end)),
            None,
        )
        title = _first_sentence(text[first.start : first.end]) if first else None
    published_text = None
    if published is None:
        published, published_text = find_published(text, paragraphs)
    return Article(
        source=source,
        title=title,
        published=published,
        published_text=published_text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text=text,
        paragraphs=paragraphs,
        path=path,
    )
