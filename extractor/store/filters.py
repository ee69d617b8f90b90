"""Search filters: one dict, translated to a Chroma ``where`` and to an in-process test.

Keys:
  ``source``          a source id, or a list of them
  ``published_from``  ISO date (``YYYY-MM-DD``, or a prefix such as ``2023-07``), inclusive
  ``published_to``    ISO date, inclusive
  anything else       equality on chunk metadata (a list means "any of")

Both translations must agree: the vector side filters in Chroma, the BM25
side filters the cached metadata in Python.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..errors import InputError
from ..text.dates import day_number

Filters = Mapping[str, Any]
Predicate = Callable[[Mapping[str, Any]], bool]


def _conditions(filters: Filters) -> list[tuple[str, str, Any]]:
    out: list[tuple[str, str, Any]] = []
    for key, value in filters.items():
        if value is None:
            continue
        if key in ("published_from", "published_to"):
            day = day_number(str(value), end=key == "published_to")
            if day is None:
                raise InputError(f"{key} must be an ISO date like 2023-07-28, not {value!r}")
            out.append(("published_day", "$gte" if key == "published_from" else "$lte", day))
        elif isinstance(value, list | tuple | set | frozenset):
            out.append((key, "$in", list(value)))
        else:
            out.append((key, "$eq", value))
    return out


def matches_nothing(filters: Filters | None) -> bool:
    """An empty "any of" list: Chroma rejects it, and nothing can match it anyway."""
    return any(isinstance(v, list | tuple | set | frozenset) and not v for v in (filters or {}).values())


def to_where(filters: Filters | None) -> dict[str, Any] | None:
    """The Chroma ``where`` clause for ``filters`` (None when there is nothing to filter)."""
    conds = [{key: {op: value}} for key, op, value in _conditions(filters or {})]
    if not conds:
        return None
    return conds[0] if len(conds) == 1 else {"$and": conds}


def matcher(filters: Filters | None) -> Predicate | None:
    """A predicate over a metadata dict that agrees with ``to_where``, or None for no filter."""
    conds = _conditions(filters or {})
    if not conds:
        return None

    def test(meta: Mapping[str, Any]) -> bool:
        for key, op, value in conds:
            have = meta.get(key)
            if op == "$eq" and have != value:
                return False
            if op == "$in" and have not in value:
                return False
            if op in ("$gte", "$lte") and (
                not isinstance(have, int | float) or (have < value if op == "$gte" else have > value)
            ):
                return False
        return True

    return test
