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
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TypeVar

from .schema import (
    STAGE_LABELS,
    Aggregate,
    AggregateDraft,
    Article,
    Deal,
    DealDate,
    DealDraft,
    ExtractionDraft,
    Money,
    Span,
    Stage,
)
from .text.amounts import find_money, money_in_unit, parse_money, parse_number
from .text.dates import resolve_date
from .text.lexicon import CANCELLED, CN_NUMERAL, INDUSTRY, INDUSTRY_SUFFIX, STAGE_CUES, alternation
from .text.names import amount_problem, investor_problem, project_problem
from .text.normalize import find_all, normalize_text, occurs
from .text.paragraphs import LIST_MARKER, column_unit, is_table_row
from .text.places import parse_location


@dataclass
class Resolved:
    deals: list[Deal] = field(default_factory=list)
    aggregates: list[Aggregate] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Fields cleared for want of support: noted, never re-asked (a record isn't lost for its label).
    cleared: list[str] = field(default_factory=list)


def _short(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[:n] + "…"


def _place_of(article: Article, start: int, end: int) -> str | None:
    """Why ``text[start:end]`` can't be evidence (crosses paragraphs, is furniture), or None if it can."""
    n = article.paragraph_at(start)
    p = article.paragraph(n)
    if end > p.end:
        return "跨越了多个段落 (spans several paragraphs; quote one sentence)"
    if p.kind == "boilerplate":
        return "来自网页模板而非正文 (is page furniture)"
    return None


def locate_evidence(
    article: Article, quote: str, paragraph: int | None = None, *, within: Collection[int] | None = None
) -> Span | str:
    """The span of an evidence quote, or a reason (Chinese, for a re-ask) why it has none.

    Every occurrence is considered, the stated paragraph's first: the same sentence
    may also stand in a related-links list or a repeated summary.
    """
    if not quote.strip():
        return "evidence 为空 (empty evidence)"
    hits = find_all(article.text, quote)
    if not hits:
        return f"evidence「{_short(quote)}」不是文章原文 (not an exact quote of the article)"
    hits.sort(key=lambda h: paragraph is None or article.paragraph_at(h[0]) != paragraph)
    reason = ""
    for start, end in hits:
        reason = _place_of(article, start, end) or ""
        if not reason and within is not None and article.paragraph_at(start) not in within:
            reason = "不在所给段落中 (outside the paragraphs given)"
        if not reason:
            return article.span(start, end)
    return f"evidence「{_short(quote)}」{reason}"


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
        if (before.isdigit() or before == ".") or (after.isdigit() and amount_text[-1:].isdigit()):
            continue  # 26亿元 inside 3.26亿元; but 50亿元以上 before 15个 is whole
        lo, hi = start - evidence.start, end - evidence.start
        whole = next((m for m in mentions if m.start <= lo and hi <= m.end), None)
        if whole is not None:
            return whole.money
        money = parse_money(article.text[start:end])
        if money is None and (unit := column_unit(article.text, start)) is not None:
            money = money_in_unit(amount_text, unit)  # 28 in the column 总投资（亿元）
        if money is not None:
            return money
        return f"amount_text「{amount_text}」不是可解析的金额 (not a parseable amount of money)"
    return f"amount_text「{amount_text}」不在 evidence 中 (must be a substring of the evidence)"


def _backing(article: Article, name: str, evidence: Span) -> Span | None:
    """A span backing a name: None when the evidence holds it, else its first mention in the body.

    A mention must sit inside one body paragraph: a name "found" across a
    paragraph break (制造业项目 / 项目建成后) is not in the article.
    """
    if find_all(article.text, name, lo=evidence.start, hi=evidence.end):
        return None
    for start, end in find_all(article.text, name):
        if _place_of(article, start, end) is None:
            return article.span(start, end)
    raise LookupError(name)


_LINE_BREAKS = re.compile(r"\s*\n\s*")


def _mention_in(article: Article, name: str, evidence: Span) -> Span:
    start, end = find_all(article.text, name, lo=evidence.start, hi=evidence.end)[0]
    return article.span(start, end)


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
        # the article's own characters, less a layout break inside the name (南\n\n京 -> 南京)
        span = extra or _mention_in(self.article, value.strip(), self.spans[0])
        return _LINE_BREAKS.sub("", span.quote)


def _amount(
    article: Article, amount_text: str | None, evidence: Span, out: Resolved
) -> tuple[bool, Money | None]:
    """``(verified, money)``: no amount text verifies as no amount; a bad one is dropped and counted."""
    if not amount_text:
        return True, None
    parsed = money_in(article, amount_text, evidence)
    if isinstance(parsed, str):
        out.dropped.append(parsed)
        return False, None
    return True, parsed


def _not_one_project(article: Article, name: str, evidence: Span) -> str | None:
    """The name validator's verdict on a project name, read where the evidence states it."""
    hits = find_all(article.text, name, lo=evidence.start, hi=evidence.end) or find_all(article.text, name)
    if not hits:
        return None
    start, end = hits[0]
    return project_problem(article.text, start, end)


def _validated(article: Article, draft: DealDraft, evidence: Span, out: Resolved) -> DealDraft | None:
    """The draft without names that name no one project or organisation; None if nothing is left.

    A category, a batch or a ceremony (重点产业项目集中开工, 首批合作项目) is no project, and its
    money is a shared total: such a draft is kept only for a real investor, without the amount;
    except a kind of project one firm builds (``X公司投资建设数据中心项目，总投资5亿元``): the
    firm's deal keeps its own amount, without the name.
    """
    investors = [i for i in draft.investors if investor_problem(i.strip()) is None]
    for name in set(draft.investors) - set(investors):
        out.notes.append(f"investor「{_short(name)}」不是机构名称，已删除 (not an organisation; removed)")
    project, amount_text = draft.project, draft.amount_text
    if amount_text and (money_why := amount_problem(evidence.quote, amount_text)) is not None:
        out.notes.append(f"amount_text「{_short(amount_text)}」不是该项目的投资额 ({money_why})，已删除")
        amount_text = None
    why = _not_one_project(article, project.strip(), evidence) if project and project.strip() else None
    if why is not None:
        out.dropped.append(f"project「{_short(project or '')}」不是单个项目 ({why})")
        if not investors:
            return None
        own = why == "category" and len(investors) == 1
        project, amount_text = None, (amount_text if own else None)
    return draft.model_copy(update={"investors": investors, "project": project, "amount_text": amount_text})


def _deal(article: Article, draft: DealDraft, evidence: Span, out: Resolved) -> Deal | None:
    rec = _Record(article, evidence)
    checked = _validated(article, draft, evidence, out)
    if checked is None:
        return None
    draft = checked
    ok, amount = _amount(article, draft.amount_text, evidence, out)
    if not ok:
        return None
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
        rule=draft.rule,
    )
    out.notes.extend(rec.notes)
    if deal.project is None and not deal.investors and deal.amount is None:
        out.dropped.append(f"deal at「{_short(evidence.quote)}」has no project, investor or amount")
        return None
    return _supported(article, deal, out)


def _aggregate(article: Article, draft: AggregateDraft, evidence: Span, out: Resolved) -> Aggregate | None:
    ok, amount = _amount(article, draft.amount_text, evidence, out)
    if not ok:
        return None
    if amount is None and draft.count is None:
        out.dropped.append(f"aggregate at「{_short(evidence.quote)}」has neither a count nor an amount")
        return None
    if draft.count is not None and not _count_stated(draft.count, evidence.quote):
        out.dropped.append(
            f"aggregate count {draft.count} 不在 evidence 中 (count not stated in the evidence)"
        )
        return None
    aggregate = Aggregate(
        scope=draft.scope,
        count=draft.count,
        amount=amount,
        measure=draft.measure,
        stage=draft.stage,
        evidence=[evidence],
        rule=draft.rule,
    )
    return _supported(article, aggregate, out)


# --------------------------------------------------------------------------- labels the text must support
# Quotes, names and amounts are found in the text above; the labels a model chooses (stage,
# industry) and the scope it writes are checked here against the record's own paragraphs, so
# an invented or injected label is cleared and named in ``unverified_fields``, never stored.

_INDUSTRY_WORDS: dict[str, tuple[str, ...]] = {}
for _word, _label in INDUSTRY:
    _INDUSTRY_WORDS[_label] = (*_INDUSTRY_WORDS.get(_label, ()), _word)
_PARTS = re.compile(r"[、，,/；;]+")
_SUFFIX = re.compile(f"(?:{alternation(INDUSTRY_SUFFIX)})$")


def _support(article: Article, spans: list[Span]) -> str:
    """The matching copy of the paragraphs a record's evidence stands in, and of the lead-in of
    the list, table or card a paragraph is a line of (…签约项目清单公布如下： over its rows)."""
    numbers = dict.fromkeys(n for s in spans for n in (s.paragraph, _lead_in(article, s.paragraph)) if n)
    return "\n".join(normalize_text(article.paragraph_text(n)) for n in numbers)


_LINE_REACH = 40  # lines of one list, table or card
_UNDOES = re.compile(alternation([*CANCELLED, "终止", "取消", "撤销", "解除", "未签约", "尚未"]))
_FIELD_LINE = re.compile(r"[\u4e00-\u9fff]{2,8}[:：]")


def _a_line(text: str) -> bool:
    """An item of a list (1.…), a row of a table, or a field of a card (投资金额：…)."""
    return bool(LIST_MARKER.match(text) or is_table_row(text) or _FIELD_LINE.match(text))


def _lead_in(article: Article, n: int) -> int | None:
    """The paragraph that introduces the list, table or card whose line paragraph ``n`` is."""
    if not _a_line(article.paragraph_text(n)):
        return None
    for k in range(n - 1, max(0, n - _LINE_REACH), -1):
        if article.paragraph(k).kind == "boilerplate" or not _a_line(article.paragraph_text(k)):
            lead = article.paragraph_text(k)
            # (以下项目终止签约：: a lead-in that undoes what its lines name supports no stage)
            undone = _UNDOES.search(lead) is not None
            return k if article.paragraph(k).kind != "boilerplate" and not undone else None
    return None


def stage_supported(stage: Stage, support: str) -> bool:
    """Does the text say the stage (one of its cue words, or its label)? ``other`` needs no word."""
    if stage == "other":
        return True
    words = (*STAGE_CUES.get(stage, ()), STAGE_LABELS[stage])
    return any(normalize_text(w) in support for w in words)


def industry_supported(industry: str, support: str) -> bool:
    """Is the industry written in the text: itself, a lexicon keyword of its label (集成电路 ← 芯片),
    either with a generic suffix (新能源汽车产业)? A list (人工智能、大数据) needs every part."""
    whole = normalize_text(industry)
    parts = [p for p in _PARTS.split(whole) if p]
    return bool(parts) and (_said(whole, support) or all(_said(p, support) for p in parts))


def _said(industry: str, support: str) -> bool:
    if industry in support:
        return True
    bare = _SUFFIX.sub("", industry) or industry
    words = {bare, *_INDUSTRY_WORDS.get(bare, ())}
    return any(normalize_text(w) in support for w in words)


def scope_supported(article: Article, scope: str) -> bool:
    """Each part of a scope (今年上半年 重庆高新区) is the article's own words."""
    parts = scope.split()
    return bool(parts) and all(occurs(article.text, p) for p in parts)


_R = TypeVar("_R", Deal, Aggregate)


def _supported(article: Article, record: _R, out: Resolved) -> _R:
    """The record with every label its paragraphs don't support cleared and named."""
    support = _support(article, record.evidence)
    cleared: dict[str, object] = {}
    if not stage_supported(record.stage, support):
        cleared["stage"] = "other"
    if isinstance(record, Deal) and record.industry and not industry_supported(record.industry, support):
        cleared["industry"] = None
    if isinstance(record, Aggregate) and record.scope and not scope_supported(article, record.scope):
        cleared["scope"] = None
    if not cleared:
        return record
    at = _short(record.evidence[0].quote)
    for name in cleared:
        out.cleared.append(
            f"{name}「{_short(str(getattr(record, name)))}」在「{at}」所在段落中没有依据，已清空 "
            "(not supported by the record's paragraph; cleared)"
        )
    return record.model_copy(update={**cleared, "unverified_fields": [*record.unverified_fields, *cleared]})


_DIGITS = re.compile(r"(?<![\d.])\d+(?![\d.])")
_NUMERALS = re.compile(f"[{CN_NUMERAL}]+")


def _count_stated(count: int, quote: str) -> bool:
    """Is ``count`` written in the quote as a whole number (39, or 三十九)?"""
    if any(int(d) == count for d in _DIGITS.findall(quote)):
        return True
    return any(parse_number(n) == count for n in _NUMERALS.findall(quote))


def _resolve_one(
    article: Article,
    record: DealDraft | AggregateDraft,
    out: Resolved,
    *,
    within: Collection[int] | None = None,
) -> None:
    """Verify one draft record; the verified record goes to ``out``, or the reason it was dropped."""
    span = locate_evidence(article, record.evidence, record.paragraph, within=within)
    if isinstance(span, str):
        out.dropped.append(span)
    elif isinstance(record, DealDraft):
        if (deal := _deal(article, record, span, out)) is not None:
            out.deals.append(deal)
    elif (agg := _aggregate(article, record, span, out)) is not None:
        out.aggregates.append(agg)


def resolve(article: Article, draft: ExtractionDraft) -> Resolved:
    """Verify every draft record against the article; keep what holds, count what doesn't."""
    out = Resolved()
    records: list[DealDraft | AggregateDraft] = [*draft.deals, *draft.aggregates]
    for record in records:
        _resolve_one(article, record, out)
    out.notes.extend(out.cleared)
    return out


def record_problems(
    article: Article, record: DealDraft | AggregateDraft, *, within: Collection[int] | None = None
) -> list[str]:
    """Why one draft record would lose data when resolved (for a re-ask); empty if it verifies."""
    out = Resolved()
    _resolve_one(article, record, out, within=within)
    return out.dropped + out.notes


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
