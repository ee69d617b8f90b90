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


def answer_over_records(text: str, question: str) -> str:
    """The records route's answer to ``question`` over the records extracted from ``text`` ('' for
    none)."""
    from extractor.qa.deals import answer_from_deals
    from extractor.qa.parse import parse_deal_query

    result = extract(text, backend="rules")
    query = parse_deal_query(question)
    got = answer_from_deals(question, query, result.deals, result.aggregates, lambda *_: text)
    return got.answer if got else ""
