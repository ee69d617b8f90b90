"""Numbered paragraphs over the exact text (placeholder: one per non-empty line)."""

from __future__ import annotations

import re

from ..schema import Paragraph

_LINE = re.compile(r"[^\n]+")


def split_paragraphs(text: str) -> list[Paragraph]:
    out: list[Paragraph] = []
    for m in _LINE.finditer(text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append(Paragraph(n=len(out) + 1, start=s, end=e))
    return out
