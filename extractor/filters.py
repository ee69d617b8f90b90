"""The one deal filter: the stored-deals query, the web table and QA's deal route all use it.

``to_where`` is the Chroma ``where`` over a record's metadata (see ``deals._meta``),
``where_document`` a coarse ``$contains`` over its JSON, and ``matches`` the same
conditions in memory, exactly: a test holds the two to agreement on every seed deal.
Text conditions (place, industry, investor, keywords) only narrow in Chroma; ``matches``
holds each to its field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .errors import InputError
from .schema import STAGE_LABELS, Deal, DealQuery
from .text.dates import day_number
from .text.normalize import normalize_text

_ADMIN_SUFFIXES = ("省", "市", "区", "县", "自治区")
YI = 1e8  # yuan in one 亿元


def stage_value(stage: str) -> str:
    """A stage by its name or its Chinese label (开工 -> started); a clear error otherwise."""
    by_label = {label: key for key, label in STAGE_LABELS.items()}
    if stage in STAGE_LABELS or stage in by_label:
        return by_label.get(stage, stage)
    names = ", ".join(f"{k} ({v})" for k, v in STAGE_LABELS.items())
    raise InputError(f"unknown stage {stage!r}: use one of {names}")


def _day(key: str, value: str, *, end: bool) -> int:
    day = day_number(value, end=end)
    if day is None:
        raise InputError(f"{key} must be an ISO date like 2023-07-28, not {value!r}")
    return day


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

    @classmethod
    def of(
        cls, *, min_yi: float | None = None, max_yi: float | None = None, **typed: str | None
    ) -> DealFilter:
        """The filter people type (CLI options, web parameters): amounts in 亿元, blanks as no condition."""
        fields: dict[str, Any] = {k: v or None for k, v in typed.items()}
        return cls(
            min_cny=None if min_yi is None else min_yi * YI,
            max_cny=None if max_yi is None else max_yi * YI,
            **fields,
        )

    @classmethod
    def from_query(cls, q: DealQuery) -> DealFilter:
        """The conditions of QA's typed query (its place is a scope, applied by the QA route)."""
        return cls(
            min_cny=q.min_cny,
            max_cny=q.max_cny,
            min_exclusive=q.min_exclusive,
            stage=q.stage,
            keywords=tuple(w for w in (q.industry, *q.keywords) if w),
            investor=q.investor,
            # a date the model wrote in some other form bounds nothing (it used to compare as text)
            date_from=q.date_from if day_number(q.date_from) else None,
            date_to=q.date_to if day_number(q.date_to) else None,
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
        if self.date_from:
            conds.append({"date_day": {"$gte": _day("date_from", self.date_from, end=False)}})
        if self.date_to:
            conds.append({"date_day": {"$lte": _day("date_to", self.date_to, end=True)}})
        return conds[0] if len(conds) == 1 else {"$and": conds}

    def where_document(self) -> dict[str, Any] | None:
        words = [w for w in (self.industry, self.investor, self.place) if w]
        conds = [{"$contains": w} for w in words]
        if not conds:
            return None
        return conds[0] if len(conds) == 1 else {"$and": conds}

    def matches(self, deal: Deal) -> bool:
        """``to_where`` and the text conditions, in memory, on one deal."""
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
        day = day_number(deal.date.value) if deal.date else None
        if self.date_from and (day is None or day < _day("date_from", self.date_from, end=False)):
            return False
        if self.date_to and (day is None or day > _day("date_to", self.date_to, end=True)):
            return False
        return self._text_fits(deal)

    def select(self, deals: Sequence[Deal]) -> list[Deal]:
        return [d for d in deals if self.matches(d)]

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


def _text_of(deal: Deal) -> str:
    parts = [deal.project or "", deal.industry or "", " ".join(deal.investors), deal.evidence[0].quote]
    return normalize_text(" ".join(parts))
