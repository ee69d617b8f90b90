"""What the rules backend extracts from a text of our own, for the tests that read sentences."""

from __future__ import annotations

from extractor import extract
from extractor.schema import Aggregate, Deal


def deals_of(text: str) -> list[Deal]:
    return extract(text, backend="rules").deals


def totals_of(text: str) -> list[Aggregate]:
    return extract(text, backend="rules").aggregates


def amount_of(record: Deal | Aggregate) -> str | None:
    """The amount as written, or None."""
    return record.amount.text if record.amount else None
