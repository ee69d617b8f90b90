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
from .jio import jionlp

_FULL = re.compile(
    r"(?<!\d)(?P<y>(19|20)\d{2})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    r"(?:\s*(?P<hm>\d{1,2}:\d{2}(?::\d{2})?))?"
)
_MONTH_DAY = re.compile(r"(?<![\d年])(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?![\d.%])")
_HEADER_PARAGRAPHS = 6
_LEAD_CHARS = 60
_DATELINE_CHARS = 24
_EVENT_BEFORE = re.compile(r"[于在自从至到]\s*$")
_FUTURE_BEFORE = re.compile(r"(到|至|预计|力争|计划|将于|将在|目标|有望|争取)\s*$")


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _header_spans(paragraphs: list[Paragraph]) -> list[tuple[int, int, bool]]:
    """Where a page states its date: the lines above the first body paragraph, the page's
    metadata lines near the top, and the opening words of the first body paragraph."""
    spans: list[tuple[int, int, bool]] = []
    for p in paragraphs[:_HEADER_PARAGRAPHS]:
        if p.kind == "body":
            # only a dateline: 2023年5月6日讯, 本报讯 5月6日 — not 成立于2015年3月12日
            spans.append((p.start, min(p.end, p.start + _DATELINE_CHARS), True))
            break
        spans.append((p.start, p.end, False))
    return spans


def _context_years(text: str, start: int, end: int) -> list[int]:
    """Years named in ``text[start:end]``, except targets (预计2026年, 到2025年): those are not now."""
    return [
        int(m.group(1))
        for m in _YEAR.finditer(text, start, end)
        if not _FUTURE_BEFORE.search(text, max(start, m.start() - 4), m.start())
    ]


def find_published(text: str, paragraphs: list[Paragraph]) -> tuple[str | None, str | None]:
    """``(iso_date, as_written)`` of the publication date, or ``(None, None)``.

    A date in the body (成立于2015年3月12日) is an event, not the publication date,
    so only the header is searched for a full date.
    """
    for start, end, body in _header_spans(paragraphs):
        m = _FULL.search(text, start, end)
        if m and not (body and _EVENT_BEFORE.search(text, max(start, m.start() - 2), m.start())):
            iso = _iso(int(m["y"]), int(m["m"]), int(m["d"]))
            if iso:
                return iso, m.group(0).strip()
    for p in paragraphs[:_HEADER_PARAGRAPHS]:
        if p.kind == "boilerplate":
            continue
        m = _MONTH_DAY.search(text, p.start, min(p.end, p.start + _LEAD_CHARS))
        # The year must come from the same paragraph: a year elsewhere is often a past event.
        years = _context_years(text, p.start, p.end)
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
    try:
        time_base = {"year": base.year, "month": base.month, "day": base.day}
        parsed = jionlp().parse_time(text, time_base=time_base)
    except (ValueError, TypeError, KeyError, IndexError):
        return None
    if not isinstance(parsed, dict) or parsed.get("type") not in ("time_point", "time_span"):
        return None
    start = parsed.get("time", [None])[0]
    return start[:10] if isinstance(start, str) and start[:1].isdigit() else None


_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def day_number(iso: str | None, *, end: bool = False) -> int | None:
    """``2023-07-28`` as 20230728; a partial date is the first (or, with ``end``, last) day."""
    if not iso:
        return None
    m = _ISO_DATE.match(iso.strip())
    if not m:
        return None
    y, mo, d = int(m[1]), m[2], m[3]
    month = int(mo) if mo else (12 if end else 1)
    day = int(d) if d else (31 if end else 1)
    return y * 10000 + month * 100 + day


# A wire's dateline (新华社哈尔滨10月24日电, 人民网贵港6月12日电): the agency and the place the story
# was filed from, right before the day and 电.
_DATELINE_PLACE = re.compile(
    r"[\u4e00-\u9fff]{2,9}(?=\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*电(?![\u4e00-\u9fff]))"
)


def mask_datelines(text: str) -> str:
    """``text`` with the place of a wire's dateline blanked (same length): where a story was filed
    (新华社哈尔滨…电) is not what it is about."""
    return _DATELINE_PLACE.sub(lambda m: "\u3000" * len(m.group()), text)
