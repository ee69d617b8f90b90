"""Build an ``Article`` from decoded text: hash, paragraphs, title, date."""

from __future__ import annotations

import hashlib

from ..schema import Article
from .paragraphs import split_paragraphs


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
        title = text[first.start : first.end][:80] if first else None
    return Article(
        source=source,
        title=title,
        published=published,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text=text,
        paragraphs=paragraphs,
        path=path,
    )
