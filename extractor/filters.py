"""The one deal filter: the stored-deals query, the web table and QA's deal route all use it.

``to_where`` is the Chroma ``where`` over a record's metadata (see ``deals._meta``),
``where_document`` a coarse ``$contains`` over its JSON, and ``matches`` the same
conditions in memory, exactly: a test holds the two to agreement on every seed deal.
Text conditions (place, industry, investor, keywords) only narrow in Chroma; ``matches``
holds each to its field. So do dates: a deal without a date of its own is dated by its
article's publication (``DatedDeal``), which Chroma can only approximate (its ``where``
cannot ask whether a field is missing), so ``to_where`` keeps either date and
``matches`` decides.

Every condition is checked when the filter is made: a bad value is an ``InputError``
naming the accepted forms, never a filter that silently matches nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, NamedTuple, TypeVar

from .errors import InputError
from .schema import STAGE_LABELS, Deal, DealQuery
from .text.dates import day_number
from .text.names import project_key, same_project
from .text.normalize import normalize_text

_ADMIN_SUFFIXES = ("省", "市", "区", "县", "自治区")
YI = 1e8  # yuan in one 亿元
DATE_FORMS = "2023-07-28, 2023-07 or 2023 (/ or . may separate)"
_DATE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")
DateOrigin = Literal["deal", "article"]


def stage_value(stage: str) -> str:
    """A stage by its name or its Chinese label (开工 -> started); a clear error otherwise."""
    by_label = {label: key for key, label in STAGE_LABELS.items()}
    if stage in STAGE_LABELS or stage in by_label:
        return by_label.get(stage, stage)
    names = ", ".join(f"{k} ({v})" for k, v in STAGE_LABELS.items())
    raise InputError(f"unknown stage {stage!r}: use one of {names}")


def parse_date(value: str) -> str:
    """A date as people type it, checked against the calendar, as ISO (2023/7/28 -> 2023-07-28)."""
    m = _DATE.fullmatch(value.strip())
    try:
        if m is None:
            raise ValueError(value)
        date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        raise InputError(f"{value!r} is not a date: use an ISO date like {DATE_FORMS}") from None
    return "-".join([m[1], *(f"{int(part):02d}" for part in (m[2], m[3]) if part)])


@functools.lru_cache(maxsize=256)
def _day(value: str, *, end: bool) -> int:
    """The day number of a bound (parsed once per bound, not once per deal matched)."""
    day = day_number(parse_date(value), end=end)
    assert day is not None  # parse_date gives ISO
    return day


class DatedDeal(NamedTuple):
    """A deal with its article's publication date, which dates it when it has no date of its own."""

    deal: Deal
    published: str | None = None

    def date(self) -> tuple[str | None, DateOrigin | None]:
        """The date the deal is filtered and shown by, and where it comes from."""
        own = self.deal.date.value if self.deal.date else None
        if day_number(own) is not None:
            return own, "deal"
        if day_number(self.published) is not None:
            return self.published, "article"
        return None, None


@dataclass(frozen=True)
class DealFilter:
    """Conditions on deal records; None (or empty) means no condition.

    Amounts are in yuan (``of`` reads 亿元); ``min_exclusive`` leaves out exactly
    ``min_cny`` unless the amount is hedged above it (超50亿). Dates compare as days,
    a partial date being its first day on the deal and its first or last day as a bound.
    ``keywords`` must all be in the record's text (name, industry, investors, sentence).
    """

    min_cny: float | None = None
    max_cny: float | None = None
    min_exclusive: bool = False
    province: str | None = None
    city: str | None = None
    district: str | None = None
    stage: str | None = None
    industry: str | None = None
    investor: str | None = None
    place: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    source: str | None = None
    keywords: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for key in ("min_cny", "max_cny"):
            value = getattr(self, key)
            if value is not None and not value >= 0:  # NaN too
                raise InputError(f"{key} must be an amount of 0 or more, not {value!r}")
        if self.stage:
            stage_value(self.stage)
        for key in ("date_from", "date_to"):
            value = getattr(self, key)
            if value:
                object.__setattr__(self, key, parse_date(value))

    @classmethod
    def of(
        cls, *, min_yi: float | None = None, max_yi: float | None = None, **typed: str | None
    ) -> DealFilter:
        """The filter people type (CLI options, web parameters): amounts in 亿元, blanks as no condition."""
        fields: dict[str, Any] = {k: v or None for k, v in typed.items()}
        flt = cls(
            min_cny=None if min_yi is None else min_yi * YI,
            max_cny=None if max_yi is None else max_yi * YI,
            **fields,
        )
        # bounds the wrong way round select nothing: a typing slip, said so rather than an empty table
        if min_yi is not None and max_yi is not None and min_yi > max_yi:
            raise InputError(f"the lowest amount ({min_yi:g}亿元) is above the highest ({max_yi:g}亿元)")
        if flt.date_from and flt.date_to and _day(flt.date_from, end=False) > _day(flt.date_to, end=True):
            raise InputError(f"the first date ({flt.date_from}) is after the last ({flt.date_to})")
        return flt

    @classmethod
    def from_query(cls, q: DealQuery) -> DealFilter:
        """The conditions of QA's typed query (its place is a scope, applied by the QA route)."""
        return cls(
            min_cny=q.min_cny if q.min_cny is None or q.min_cny >= 0 else None,
            max_cny=q.max_cny if q.max_cny is None or q.max_cny >= 0 else None,
            min_exclusive=q.min_exclusive,
            stage=q.stage,
            keywords=tuple(w for w in (q.industry, *q.keywords) if w),
            investor=q.investor,
            # a date the model wrote in some other form bounds nothing (it used to compare as text)
            date_from=_valid_date(q.date_from),
            date_to=_valid_date(q.date_to),
        )

    def to_where(self, kind: str = "deal") -> dict[str, Any]:
        """The Chroma ``where`` for records of ``kind`` (deal or aggregate)."""
        conds: list[dict[str, Any]] = [{"kind": kind}]
        for key in ("province", "city", "district"):
            value = getattr(self, key)
            if value:
                # 重庆 finds 重庆市: stored names are full, people type short ones
                conds.append({key: {"$in": [value, *(value + s for s in _ADMIN_SUFFIXES)]}})
        if self.stage:
            conds.append({"stage": stage_value(self.stage)})
        if self.source:
            conds.append({"source": self.source})
        if self.min_cny is not None:
            low = float(self.min_cny)
            conds.append({"cny": {"$gte": low}})
            if self.min_exclusive:
                hedged = {"$and": [{"cny": low}, {"amount_kind": "at_least"}]}
                conds.append({"$or": [{"cny": {"$gt": low}}, hedged]})
        if self.max_cny is not None:
            conds.append({"cny": {"$lte": float(self.max_cny)}})
        # the deal's own date or its article's: ``matches`` keeps the article's only for undated deals
        if self.date_from:
            after = {"$gte": _day(self.date_from, end=False)}
            conds.append({"$or": [{"date_day": after}, {"published_day": after}]})
        if self.date_to:
            before = {"$lte": _day(self.date_to, end=True)}
            conds.append({"$or": [{"date_day": before}, {"published_day": before}]})
        return conds[0] if len(conds) == 1 else {"$and": conds}

    def where_document(self) -> dict[str, Any] | None:
        words = [w for w in (self.industry, self.investor, self.place) if w]
        conds = [{"$contains": w} for w in words]
        if not conds:
            return None
        return conds[0] if len(conds) == 1 else {"$and": conds}

    def matches(self, deal: Deal, *, published: str | None = None) -> bool:
        """``to_where`` and the text conditions, in memory, on one deal (dated by ``published``,
        its article's date, when it has no date of its own)."""
        loc = deal.location
        for key in ("province", "city", "district"):
            value = getattr(self, key)
            have = getattr(loc, key) if loc else None
            if value and have not in (value, *(value + s for s in _ADMIN_SUFFIXES)):
                return False
        if self.stage and deal.stage != stage_value(self.stage):
            return False
        if self.source and deal.evidence[0].source != self.source:
            return False
        if not self._amount_fits(deal):
            return False
        day = day_number(DatedDeal(deal, published).date()[0])
        if self.date_from and (day is None or day < _day(self.date_from, end=False)):
            return False
        if self.date_to and (day is None or day > _day(self.date_to, end=True)):
            return False
        return self._text_fits(deal)

    def select(self, deals: Sequence[Deal]) -> list[Deal]:
        return [d for d in deals if self.matches(d)]

    def select_dated(self, deals: Sequence[DatedDeal]) -> list[DatedDeal]:
        return [d for d in deals if self.matches(d.deal, published=d.published)]

    def _amount_fits(self, deal: Deal) -> bool:
        cny = deal.amount.cny if deal.amount else None
        if self.min_cny is not None and (cny is None or cny < self.min_cny):
            return False
        # "more than 50亿" leaves out exactly 50亿, but not 超50亿 (at least, hedged above it)
        if self.min_exclusive and cny == self.min_cny and deal.amount and deal.amount.kind != "at_least":
            return False
        return not (self.max_cny is not None and (cny is None or cny > self.max_cny))

    def _text_fits(self, deal: Deal) -> bool:
        """A place must be in the place, an industry in the industry or the name, an investor in one
        investor's name, keywords anywhere in the record's text."""
        loc = deal.location
        places = " ".join(x for x in (loc.text, loc.province, loc.city, loc.district) if x) if loc else ""
        checks = ((self.place, places), (self.industry, f"{deal.industry or ''} {deal.project or ''}"))
        if not all(normalize_text(want) in normalize_text(have) for want, have in checks if want):
            return False
        if self.investor and not any(
            normalize_text(self.investor) in normalize_text(i) for i in deal.investors
        ):
            return False
        text = _text_of(deal)
        return all(normalize_text(k) in text for k in self.keywords)


def _valid_date(value: str | None) -> str | None:
    try:
        return parse_date(value) if value else None
    except InputError:
        return None


def _text_of(deal: Deal) -> str:
    parts = [deal.project or "", deal.industry or "", " ".join(deal.investors), deal.evidence[0].quote]
    return normalize_text(" ".join(parts))


# One project told by several reports, for the deduplicated views (CLI, web, answers).
AnyDeal = TypeVar("AnyDeal", Deal, DatedDeal)


def same_deal(a: Deal, b: Deal) -> bool:
    """One project told by two reports: one project identity (``same_project``), or the same
    firms with no project named; amounts, when both give one, agree."""
    if a.amount and b.amount and a.amount.cny and b.amount.cny and abs(a.amount.cny - b.amount.cny) > 1:
        return False
    if a.project and b.project:
        return same_project(normalize_text(a.project), normalize_text(b.project))
    firms, others = ({normalize_text(i) for i in d.investors} for d in (a, b))
    return not a.project and not b.project and bool(firms) and firms == others


def dedupe_groups(deals: Sequence[AnyDeal]) -> list[list[AnyDeal]]:
    """Deals (or dated deals) grouped by project across articles (``same_deal`` with the group's
    first report), in first-seen order; the first report with an amount leads its group."""

    def deal(d: Deal | DatedDeal) -> Deal:
        return d.deal if isinstance(d, DatedDeal) else d

    def key(d: Deal) -> Hashable:
        # reports same_deal may join share it: their project's key, or the same firms
        if d.project:
            return project_key(normalize_text(d.project))
        return frozenset(normalize_text(i) for i in d.investors)

    def yuan(d: Deal) -> int | None:
        return round(d.amount.cny) if d.amount and d.amount.cny else None

    groups: list[list[AnyDeal]] = []
    # by key, the groups whose lead has that key: by the lead's amount in yuan (None: no amount), as
    # (creation number, group); same_deal never joins two reports whose amounts differ
    by_key: dict[Hashable, dict[int | None, list[tuple[int, list[AnyDeal]]]]] = {}
    for item in deals:
        d = deal(item)
        amounts = by_key.setdefault(key(d), {})
        y = yuan(d)
        if y is None:
            candidates = sorted((c for cs in amounts.values() for c in cs), key=lambda c: c[0])
        else:
            near = [c for k in (y - 1, y, y + 1, None) for c in amounts.get(k, [])]
            candidates = sorted(near, key=lambda c: c[0])
        group = next((g for _, g in candidates if same_deal(deal(g[0]), d)), None)
        if group is None:
            groups.append([item])
            amounts.setdefault(y, []).append((len(groups), groups[-1]))
        else:
            group.append(item)
    return [sorted(g, key=lambda d: deal(d).amount is None) for g in groups]
