"""Build an ``Article`` from decoded text: hash, paragraphs, title, date."""

from __future__ import annotations

import hashlib

from ..schema import Article
from .dates import find_published
from .paragraphs import split_paragraphs


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
    text = normalize_newlines(text)
    paragraphs = split_paragraphs(text)
    title = html_title
    if title is None:
        first = next((p for p in paragraphs if p.kind != "boilerplate"), None)
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
