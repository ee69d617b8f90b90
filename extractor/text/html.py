"""HTML pages to article text, with trafilatura (main-content extraction)."""

from __future__ import annotations

from ..errors import InputError
from .decode import decode_bytes


def html_to_text(data: bytes, *, name: str = "<html>") -> tuple[str, str | None]:
    """The page's main text (paragraphs on their own lines) and its title."""
    import trafilatura

    html = decode_bytes(data, name=name)
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise InputError(f"{name}: no article text found in the HTML page")
    title = getattr(doc, "title", None) or None
    date = getattr(doc, "date", None)
    if date and date not in text:
        # Keep the page's stated date where the date finder (and a reader) can see it.
        text = f"{date}\n{text}"
    return text, title
