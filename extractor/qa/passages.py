"""The offline passages route: the best sentence that carries the question's terms and answer type.

A sentence answers a question when (1) its paragraph carries the question's
anchor terms (names and specific nouns), (2) the sentence itself carries most
of the question's content words, and (3) it holds a value of the type the
question asks for (an amount for 投资多少, a count for 多少个, an organisation
for 哪家, a place for 哪里, a date for 什么时候). Otherwise we abstain.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from ..schema import NOT_FOUND, Answer, Article, Hit, Span
from ..text.amounts import find_money
from ..text.normalize import normalize_text
from ..text.sentences import sentence_spans
from .parse import (
    AnswerType,
    anchor_terms,
    answer_type,
    key_terms,
    noun_terms,
    organisations,
    stage_pattern,
    years_in,
)
from .relevance import context, coverage, is_place, present_in

_COUNT_VALUE = re.compile(r"(\d+|[一二两三四五六七八九十百]+)(?:余|多)?\s*(个|家|项|批|宗|名|人)")
_ORG_VALUE = re.compile(
    r"[\u4e00-\u9fff（）()A-Za-z·]{2,30}?(有限公司|股份公司|集团|公司|研究院|研究所|大学|银行|基金|机构|协会|商会)"
)
_PLACE_VALUE = re.compile(
    r"[\u4e00-\u9fff]{1,12}?(省|市|区|县|镇|乡|街道|园区|新区|高新区|经开区|开发区|科学城|产业园|工业园)|"
    r"(北京|上海|天津|重庆|深圳|广州|成都|杭州|南京|武汉|西安|苏州)"
)
_DATE_VALUE = re.compile(
    r"(\d{4}年|今年|去年|明年|前年)?\d{1,2}月(\d{1,2}日)?|\d{4}-\d{1,2}-\d{1,2}|\d{4}年"
    r"|(今年|去年|明年|前年)(上半年|下半年|初|底)?"
)

# Clauses end at commas and stops, and at 、 between the items of a list of projects.
_CLAUSE_END = re.compile(r"[，,；;。！？!?、]")
# What kind of money the question asks about: the value's own clause should say the same.
_MEASURE = re.compile(
    r"合同外资|实际使用外资|使用外资|到位资金|到位内资|内资|外资|增资|注册资本|授信|贷款|总投资"
)
_NON_INVESTMENT = re.compile(
    r"贷款|授信|担保|融资|补贴|补助|奖励|资助|财政收入|税收|产值|营业收入|营收|销售额|增加值|GDP|注册资本"
)
MIN_SENTENCE_COVERAGE = 0.5
MIN_CONTEXT_COVERAGE = 0.5
MAX_CITATIONS = 2
# A second citation only when it is nearly as good as the best: citations must support the answer.
RUNNER_UP_MARGIN = 0.1


@dataclass
class _Candidate:
    score: float
    source: str
    start: int
    end: int
    value: str | None
    article: Article


def _value(
    kind: AnswerType,
    sentence: str,
    anchors: list[str],
    event: re.Pattern[str] | None = None,
    question: str = "",
) -> str | bool | None:
    """The typed value in the sentence; ``True`` when the type needs none; ``None`` when absent."""
    if kind in ("fact", "list"):
        return True
    if kind == "amount":
        found = [m.text for m in find_money(sentence) if not _other_money(sentence, m.start, question)]
    else:
        pattern = {"count": _COUNT_VALUE, "org": _ORG_VALUE, "place": _PLACE_VALUE, "date": _DATE_VALUE}[kind]
        found = [m.group(0) for m in pattern.finditer(sentence)]
        # a value that merely repeats the question's own names answers nothing
        found = [f for f in found if not any(normalize_text(f) in normalize_text(a) for a in anchors)]
    if not found:
        return None
    if kind == "date":
        # as fine as the question asks: 哪天 wants a day (not 2024年第一季度), 哪一年 a year
        wanted = (
            2
            if re.search(r"哪一?天|几号|几日|日期", question)
            else 1
            if re.search("几月|哪个月", question)
            else 0
        )
        found = [f for f in found if _date_detail(f) >= wanted and (wanted or "年" in f or _date_detail(f))]
        if not found:
            return None
    at = _focus(sentence, anchors, event)
    start, end = _clause(sentence, at)
    # the value stated about the subject: after it in its clause, else in its clause, else nearest
    after = [f for f in found if at <= sentence.find(f) < end]
    inside = [f for f in found if start <= sentence.find(f) < end]
    if after:
        return min(after, key=sentence.find)
    return min(inside or found, key=lambda f: abs(sentence.find(f) - at))


def _date_detail(value: str) -> int:
    return 2 if "日" in value or value.count("-") == 2 else 1 if "月" in value else 0


def _other_money(sentence: str, at: int, question: str) -> bool:
    """Money of another kind (a loan, a subsidy, output) unless the question asks about that kind."""
    start, end = _clause(sentence, at)
    kind = _NON_INVESTMENT.search(sentence, start, end)
    return kind is not None and kind.group(0) not in question


def _clause(sentence: str, at: int) -> tuple[int, int]:
    """The clause (between ，；。) holding position ``at``."""
    marks = [m.end() for m in _CLAUSE_END.finditer(sentence)]
    start = max((m for m in marks if m <= at), default=0)
    end = min((m for m in marks if m > at), default=len(sentence))
    return start, end


def _focus(sentence: str, anchors: list[str], event: re.Pattern[str] | None) -> int:
    """Where in the sentence the question's subject is: the event asked about (投产), else the
    longest name that is not a place (a place is often part of another name: 华为云贵阳…)."""
    if event is not None and (m := event.search(sentence)):
        return m.start()
    present = [a for a in anchors if a in sentence]
    subjects = [a for a in present if not is_place(a)] or present
    return sentence.find(max(subjects, key=len)) if subjects else 0


def _about_subject(window: str, anchors: list[str]) -> bool:
    """For who/where/when questions the sentence itself must name the subject, not just its context."""
    subjects = [a for a in anchors if not is_place(a)] or anchors
    return not subjects or any(present_in(a, window) for a in subjects)


def _windows(article: Article, n: int) -> list[tuple[int, int]]:
    """Single sentences and pairs of neighbouring sentences of paragraph ``n``."""
    p = article.paragraph(n)
    spans = sentence_spans(article.text, p.start, p.end)
    pairs = [(a[0], b[1]) for a, b in pairwise(spans)]
    return spans + pairs


def answer_from_passages(question: str, hits: list[Hit], article_of: Callable[[str], Article]) -> Answer:
    kind = answer_type(question)
    terms = key_terms(question)
    anchors = anchor_terms(question)
    nouns = noun_terms(question)
    orgs = organisations(question)
    years = years_in(question)
    event = stage_pattern(question)
    candidates: list[_Candidate] = []
    seen: set[tuple[str, int]] = set()
    for rank, hit in enumerate(hits):
        article = article_of(hit.source)
        for n in hit.paragraphs:
            if (hit.source, n) in seen:
                continue
            seen.add((hit.source, n))
            if article.paragraph(n).kind == "boilerplate":
                continue
            around = context(article, n)
            if coverage(anchors, around) < 0.99 or coverage(nouns, around) < MIN_CONTEXT_COVERAGE:
                continue
            # a year the question names must be the year the paragraph speaks of
            if any(y not in around and not (article.published or "").startswith(y) for y in years):
                continue
            heading = article.paragraph(n).kind == "heading"
            for s, e in _windows(article, n):
                window = article.text[s:e]
                if kind in ("list", "fact") and (heading or window.rstrip()[-1] in "：:"):
                    continue  # a title or a lead-in (重点项目包括：) answers nothing by itself
                if kind in ("place", "org", "date", "fact") and not _about_subject(window, anchors):
                    continue
                if orgs and not any(present_in(o, window) for o in orgs):
                    continue  # 建设银行…投资了多少: another firm's amount nearby answers nothing
                cover = coverage(terms, window, context=around)
                value = _value(kind, window, anchors, event, question)
                if value is None or cover < MIN_SENTENCE_COVERAGE:
                    continue
                if event is not None and not event.search(window):
                    continue  # asked when it started; the sentence says when it was signed
                # prefer single sentences: a pair must earn its extra length
                score = 2 * cover + coverage(terms, around) + 1 / (rank + 2) - 0.002 * len(window)
                candidates.append(
                    _Candidate(score, hit.source, s, e, value if isinstance(value, str) else None, article)
                )
    if not candidates:
        return abstain(question, hits, article_of)
    candidates.sort(key=lambda c: -c.score)
    best = candidates[0]
    runners_up = [
        c for c in candidates[1:] if c.score >= best.score - RUNNER_UP_MARGIN and not _overlap(c, best)
    ]
    chosen = [best, *runners_up[: MAX_CITATIONS - 1]]
    citations = [c.article.span(c.start, c.end) for c in chosen]
    parts = []
    for i, (c, span) in enumerate(zip(chosen, citations, strict=True), 1):
        lead = f"{c.value}。" if c.value and i == 1 else ""
        parts.append(f"{lead}原文：“{span.quote.rstrip(';；,，、')}”[{i}]")
    return Answer(
        question=question, answer="；".join(parts), route="passages", citations=citations, backend="rules"
    )


def _overlap(a: _Candidate, b: _Candidate) -> bool:
    return a.source == b.source and a.start < b.end and b.start < a.end


def abstain(
    question: str, hits: list[Hit], article_of: Callable[[str], Article], route: str = "passages"
) -> Answer:
    related: list[Span] = []
    for hit in hits[:3]:
        article = article_of(hit.source)
        p = article.paragraph(hit.paragraphs[0])
        related.append(article.span(p.start, p.end))
    return Answer(
        question=question,
        answer=NOT_FOUND,
        abstained=True,
        route="deals" if route == "deals" else "passages",
        related=related,
        backend="rules",
    )
