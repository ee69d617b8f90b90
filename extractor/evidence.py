"""Drafts to verified records: find every quote, parse every amount, drop the rest.

This is where "evidence is exact" is enforced, for every backend alike. A draft
names its evidence sentence by copying it; we look that copy up in the article
(exact after NFKC and whitespace removal, nothing fuzzier), and the record's
spans are the *article's* characters at those offsets. The amount text must sit
inside the evidence and parse; names must occur in the article. A record whose
evidence does not verify is dropped and counted, never kept unverified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .schema import (
    Aggregate,
    AggregateDraft,
    Article,
    Deal,
    DealDate,
    DealDraft,
    ExtractionDraft,
    Money,
    Span,
)
from .text.amounts import find_money, parse_money, parse_number
from .text.dates import resolve_date
from .text.normalize import find_all, find_quote
from .text.places import parse_location


@dataclass
class Resolved:
    deals: list[Deal] = field(default_factory=list)
    aggregates: list[Aggregate] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _short(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[:n] + "…"


def locate_evidence(article: Article, quote: str, paragraph: int | None = None) -> Span | str:
    """The span of an evidence quote, or a reason (Chinese, for a re-ask) why it has none."""
    if not quote.strip():
        return "evidence 为空 (empty evidence)"
    prefer = None
    if paragraph is not None and 1 <= paragraph <= len(article.paragraphs):
        p = article.paragraph(paragraph)
        prefer = (p.start, p.end)
    found = find_quote(article.text, quote, prefer=prefer)
    if found is None:
        return f"evidence「{_short(quote)}」不是文章原文 (not an exact quote of the article)"
    start, end = found
    n = article.paragraph_at(start)
    p = article.paragraph(n)
    if end > p.end:
        return f"evidence「{_short(quote)}」跨越了多个段落 (spans several paragraphs; quote one sentence)"
    if p.kind == "boilerplate":
        return f"evidence「{_short(quote)}」来自网页模板而非正文 (is page furniture)"
    return article.span(start, end)


def money_in(article: Article, amount_text: str, evidence: Span) -> Money | str:
    """The amount, found inside its evidence span as a whole money mention; or why not.

    ``26亿元`` does not match inside ``近3.26亿元``: an occurrence must start and
    end on a number's boundary. When it sits inside a longer mention (the model
    left out the hedge word 近), the whole mention is the amount, hedge kept.
    """
    mentions = find_money(article.text[evidence.start : evidence.end])
    for start, end in find_all(article.text, amount_text, lo=evidence.start, hi=evidence.end):
        before = article.text[start - 1 : start]
        after = article.text[end : end + 1]
        if (before.isdigit() or before == ".") or after.isdigit():
            continue
        lo, hi = start - evidence.start, end - evidence.start
        whole = next((m for m in mentions if m.start <= lo and hi <= m.end), None)
        if whole is not None:
            return whole.money
        money = parse_money(article.text[start:end])
        if money is not None:
            return money
        return f"amount_text「{amount_text}」不是可解析的金额 (not a parseable amount of money)"
    return f"amount_text「{amount_text}」不在 evidence 中 (must be a substring of the evidence)"


def _backing(article: Article, name: str, evidence: Span) -> Span | None:
    """A span backing a name: inside the evidence if it is there, else its first mention."""
    inside = find_all(article.text, name, lo=evidence.start, hi=evidence.end)
    if inside:
        return None  # the evidence already backs it
    found = find_quote(article.text, name)
    if found is None:
        raise LookupError(name)
    return article.span(*found)


class _Record:
    """Shared checks for one draft: evidence first, then the fields that hang on it."""

    def __init__(self, article: Article, evidence: Span) -> None:
        self.article = article
        self.spans = [evidence]
        self.notes: list[str] = []

    def name(self, value: str | None, what: str) -> str | None:
        if not value or not value.strip():
            return None
        try:
            extra = _backing(self.article, value.strip(), self.spans[0])
        except LookupError:
            self.notes.append(f"{what}「{_short(value)}」不在文章中，已删除 (not in the article; removed)")
            return None
        if extra is not None and extra not in self.spans:
            self.spans.append(extra)
        return value.strip()


def _deal(article: Article, draft: DealDraft, evidence: Span, out: Resolved) -> Deal | None:
    rec = _Record(article, evidence)
    amount = None
    if draft.amount_text:
        parsed = money_in(article, draft.amount_text, evidence)
        if isinstance(parsed, str):
            out.dropped.append(parsed)
            return None
        amount = parsed
    investors = [n for n in (rec.name(i, "investor") for i in draft.investors) if n]
    location = None
    place = rec.name(draft.location, "location")
    if place:
        location = parse_location(place)
    date = None
    if draft.date_text and rec.name(draft.date_text, "date"):
        date = DealDate(
            text=draft.date_text.strip(), value=resolve_date(draft.date_text, base=article.published)
        )
    deal = Deal(
        project=rec.name(draft.project, "project"),
        investors=list(dict.fromkeys(investors)),
        location=location,
        industry=(draft.industry or None),
        amount=amount,
        stage=draft.stage,
        date=date,
        evidence=rec.spans,
    )
    out.notes.extend(rec.notes)
    if deal.project is None and not deal.investors and deal.amount is None:
        out.dropped.append(f"deal at「{_short(evidence.quote)}」has no project, investor or amount")
        return None
    return deal


def _aggregate(article: Article, draft: AggregateDraft, evidence: Span, out: Resolved) -> Aggregate | None:
    amount = None
    if draft.amount_text:
        parsed = money_in(article, draft.amount_text, evidence)
        if isinstance(parsed, str):
            out.dropped.append(parsed)
            return None
        amount = parsed
    if amount is None and draft.count is None:
        out.dropped.append(f"aggregate at「{_short(evidence.quote)}」has neither a count nor an amount")
        return None
    if draft.count is not None and not _count_stated(draft.count, evidence.quote):
        out.dropped.append(
            f"aggregate count {draft.count} 不在 evidence 中 (count not stated in the evidence)"
        )
        return None
    return Aggregate(
        scope=draft.scope,
        count=draft.count,
        amount=amount,
        measure=draft.measure,
        stage=draft.stage,
        evidence=[evidence],
    )


_DIGITS = re.compile(r"(?<![\d.])\d+(?![\d.])")
_NUMERALS = re.compile("[零〇一二两三四五六七八九十百千]+")


def _count_stated(count: int, quote: str) -> bool:
    """Is ``count`` written in the quote as a whole number (39, or 三十九)?"""
    if any(int(d) == count for d in _DIGITS.findall(quote)):
        return True
    return any(parse_number(n) == count for n in _NUMERALS.findall(quote))


def resolve(article: Article, draft: ExtractionDraft) -> Resolved:
    """Verify every draft record against the article; keep what holds, count what doesn't."""
    out = Resolved()
    for d in draft.deals:
        span = locate_evidence(article, d.evidence, d.paragraph)
        if isinstance(span, str):
            out.dropped.append(span)
            continue
        deal = _deal(article, d, span, out)
        if deal is not None:
            out.deals.append(deal)
    for a in draft.aggregates:
        span = locate_evidence(article, a.evidence, a.paragraph)
        if isinstance(span, str):
            out.dropped.append(span)
            continue
        agg = _aggregate(article, a, span, out)
        if agg is not None:
            out.aggregates.append(agg)
    return out


def problems(article: Article, draft: ExtractionDraft) -> list[str]:
    """Reasons a draft would lose records, for a re-ask (empty when everything verifies)."""
    result = resolve(article, draft)
    return result.dropped + result.notes


def check_spans(article: Article, spans: list[Span]) -> None:
    """Assert the evidence invariant: every span is the article's own characters."""
    for s in spans:
        if article.text[s.start : s.end] != s.quote or s.source != article.source:
            from .errors import EvidenceError

            raise EvidenceError(f"span {s.start}:{s.end} of {s.source} does not hold its quote")
