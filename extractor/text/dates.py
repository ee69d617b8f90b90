"""Dates: the article's publication date, and deal dates resolved against it.

A full date in the page header (``2021-06-01 11:40``, ``发表于 2021-9-8``,
``2021年6月1日``) is the publication date. Failing that, a month-day in the
lead (``7月28日``) takes its year from a year named in the same paragraph;
without one there is no date, rather than a guessed one.
"""

from __future__ import annotations

import re
from datetime import date

from ..schema import Paragraph

_FULL = re.compile(
    r"(?<!\d)(?P<y>(19|20)\d{2})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    r"(?:\s*(?P<hm>\d{1,2}:\d{2}(?::\d{2})?))?"
)
_MONTH_DAY = re.compile(r"(?<![\d年])(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?![\d.%])")
_HEADER_PARAGRAPHS = 6


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def find_published(text: str, paragraphs: list[Paragraph]) -> tuple[str | None, str | None]:
    """``(iso_date, as_written)`` of the publication date, or ``(None, None)``."""
    head = paragraphs[:_HEADER_PARAGRAPHS]
    for p in head:
        m = _FULL.search(text, p.start, p.end)
        if m:
            iso = _iso(int(m["y"]), int(m["m"]), int(m["d"]))
            if iso:
                return iso, m.group(0).strip()
    for p in head:
        if p.kind == "boilerplate":
            continue
        m = _MONTH_DAY.search(text, p.start, min(p.end, p.start + 60))
        # The year must come from the same paragraph: a year elsewhere is often a past event.
        years = [int(y) for y in _YEAR.findall(text, p.start, p.end)]
        if m and years:
            iso = _iso(max(years), int(m["m"]), int(m["d"]))
            if iso:
                return iso, m.group(0)
    return None, None


def resolve_date(text: str, *, base: str | None) -> str | None:
    """An ISO date for a date as written (``7月28日``, ``2021年6月``), given the article date."""
    m = _FULL.search(text)
    if m:
        return _iso(int(m["y"]), int(m["m"]), int(m["d"]))
    if not base:
        return None
    return _parse_relative(text, date.fromisoformat(base))


def _parse_relative(text: str, base: date) -> str | None:
    """jionlp's time parser, for ``7月28日``, ``去年4月30日``, ``今年3月``, ``3月``."""
    import jionlp

    try:
        parsed = jionlp.parse_time(text, time_base={"year": base.year, "month": base.month, "day": base.day})
    except (ValueError, TypeError, KeyError, IndexError):
        return None
    if not isinstance(parsed, dict) or parsed.get("type") not in ("time_point", "time_span"):
        return None
    start = parsed.get("time", [None])[0]
    return start[:10] if isinstance(start, str) and start[:1].isdigit() else None
