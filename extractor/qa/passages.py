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
from typing import Literal

from ..schema import NOT_FOUND, Answer, Article, Hit, Span
from ..text.amounts import find_money
from ..text.lexicon import FUTURE_CLAUSE, FUTURE_NEAR, ORG_SUFFIX, PROJECT_SUFFIX, alternation
from ..text.normalize import normalize_text
from ..text.sentences import sentence_spans
from .binding import (
    binding,
    count_fits,
    cumulative_for_period,
    item_subject,
    measure_mismatch,
    mentions,
    number_of,
    other_money,
    premise_numbers,
    qualifier_clash,
    same_sentence,
    specific,
    states_group,
    subset_premise,
)
from .parse import (
    COUNT_UNITS,
    AnswerType,
    anchor_terms,
    answer_type,
    key_terms,
    noun_terms,
    organisations,
    stage_pattern,
    tagged,
    years_in,
)
from .relevance import context, coverage, is_place, present_in

_NAMED_ITEM = re.compile(
    rf"[\u4e00-\u9fffA-Za-z0-9（）()]{{2,}}(?:{alternation(PROJECT_SUFFIX + ORG_SUFFIX)})"
    r"(?=[、，,和及与等；;。]|$)"
)
# A project's name as an answer: the shortest run (no break, no 的) ending in a project suffix.
_PROJECT_VALUE = re.compile(rf"[^\s，,。；;、的“”\"：:]{{2,30}}?(?:{alternation(PROJECT_SUFFIX)})")
_ITEM = r"[\u4e00-\u9fffA-Za-z0-9（）()]{2,20}"
_RUN = re.compile(rf"{_ITEM}(?:、{_ITEM})+等[^，,。；;]{{0,6}}(?:项目|企业|公司|单位|机构)")
# Kinds whose sentence must name the asked event (when it started, not when it was signed); for
# the others the event only picks the paragraph (签约项目中落在吴江区的是哪几个).
_EVENT_IN_SENTENCE = ("date", "count", "amount", "quantity", "project")
_FACT_NAMES = {
    "amount": "投资额",
    "org": "相关企业",
    "person": "姓名",
    "project": "项目名称",
    "place": "地点",
    "date": "时间",
    "quantity": "所问的数值",
}
Reason = Literal["fact_not_stated", "subject_not_found", "time_mismatch", "premise_not_supported"]
_MissKind = Literal["group", "absent", "premise", "cumulative", "time", "plan"]
# A plan or a wish (extraction's future cues): not something that happened.
_PLAN = re.compile(alternation((*FUTURE_CLAUSE, *FUTURE_NEAR)))
_GROUP_COUNT_BEFORE = re.compile(
    r"(?:\d+|[一二两三四五六七八九十百千]+)\s*(?:余|多)?\s*(?:个|家|项)(?:项目|企业)?"
)

# A count: not the tail of a decimal (4.3个百分点), a share (个百分点) nor a duration (六个月);
# a range counts whole (20至30家).
_NUMBER = r"(?<![\d.,])(?:\d+(?:\.\d+)?万?(?:(?:至|到|-|~)\d+)?|[一二两三四五六七八九十百千]+)"
_COUNT_VALUE = re.compile(
    rf"({_NUMBER})(?:余|多)?\s*(个(?!百分点|月|小时|工作日|季度)|{COUNT_UNITS.replace('个|', '')})"
)
# Any stated quantity with its unit: 7个月, 1200万元, 210.2亩, 85%.
_QUANTITY_VALUE = re.compile(
    rf"(?:{_NUMBER}|\d+(?:,\d{{3}})+(?:\.\d+)?)(?:余|多)?\s*(?:万|亿)?(?:%|[\u4e00-\u9fff]{{1,2}})"
)
_PERSON_TAGS = ("nr", "nrfg", "nrt")
_ORG_SUFFIXES = r"(有限公司|股份公司|集团|公司|研究院|研究所|大学|银行|基金|机构|协会|商会)"
# The whole name, branch included: 某某集团投资有限公司华中分公司, not 某某集团.
_ORG_VALUE = re.compile(
    rf"[\u4e00-\u9fff（）()A-Za-z·]{{2,30}}?{_ORG_SUFFIXES}(?:[\u4e00-\u9fff]{{0,8}}?(?:有限公司|分公司|公司))*"
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


def _values(
    kind: AnswerType,
    sentence: str,
    anchors: list[str],
    event: re.Pattern[str] | None = None,
    question: str = "",
) -> list[tuple[str, int]]:
    """The typed values in the sentence with their offsets, the one stated about the subject first."""
    if kind == "amount":
        found = [
            (m.text, m.start) for m in find_money(sentence) if not _other_money(sentence, m.start, question)
        ]
    else:
        found = _typed(kind, sentence)
        # a value that merely repeats the question's own names answers nothing
        found = [f for f in found if not any(normalize_text(f[0]) in normalize_text(a) for a in anchors)]
    if kind == "date":
        # as fine as the question asks: 哪天 wants a day (not 2024年第一季度), 哪一年 a year
        wanted = (
            2
            if re.search(r"哪一?天|几号|几日|日期", question)
            else 1
            if re.search("几月|哪个月", question)
            else 0
        )
        found = [
            f
            for f in found
            if _date_detail(f[0]) >= wanted and (wanted or "年" in f[0] or _date_detail(f[0]))
        ]
    if not found:
        return []
    at = _focus(sentence, anchors, event)
    start, end = _clause(sentence, at)
    # the value stated about the subject: after it in its clause, else in its clause, else nearest
    after = sorted((f for f in found if at <= f[1] < end), key=lambda f: f[1])
    inside = sorted(
        (f for f in found if start <= f[1] < end and f not in after), key=lambda f: abs(f[1] - at)
    )
    rest = sorted((f for f in found if f not in after and f not in inside), key=lambda f: abs(f[1] - at))
    return after + inside + rest


def _typed(kind: AnswerType, sentence: str) -> list[tuple[str, int]]:
    if kind == "person":
        out, at = [], 0
        for word, flag in tagged(sentence):
            if flag in _PERSON_TAGS and len(word) >= 2:
                out.append((word, sentence.find(word, at)))
            at += len(word)
        return out
    pattern = {
        "count": _COUNT_VALUE,
        "org": _ORG_VALUE,
        "project": _PROJECT_VALUE,
        "place": _PLACE_VALUE,
        "date": _DATE_VALUE,
        "quantity": _QUANTITY_VALUE,
    }[kind]
    found = [(m.group(0), m.start()) for m in pattern.finditer(sentence)]
    return [f for f in found if specific(f[0])] if kind == "project" else found


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
    found = _values(kind, sentence, anchors, event, question)
    return found[0][0] if found else None


def _date_detail(value: str) -> int:
    return 2 if "日" in value or value.count("-") == 2 else 1 if "月" in value else 0


def _other_money(sentence: str, at: int, question: str) -> bool:
    """Money of another kind (a loan, a subsidy, output) unless the question asks about that kind."""
    start, end = _clause(sentence, at)
    return other_money(sentence[start:end], question) is not None


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


@dataclass
class _Miss:
    """A statement near the question that does not answer it, and why: what an abstention explains."""

    reason: Reason
    note: str
    span: Span


def _enumerates(window: str) -> bool:
    """A list answer needs a list: two named items (…项目、…公司) or a run closed by 等 (A、B、C等)."""
    return len(_NAMED_ITEM.findall(window)) >= 2 or bool(_RUN.search(window))


def _check_value(
    kind: AnswerType,
    asked: str,
    question: str,
    subject: str | None,
    window: str,
    value: str,
    at: int,
    *,
    named_before: bool = False,
) -> _MissKind | None:
    """Why the value at ``at`` does not answer the ``asked`` part of ``question`` (``None``: it does)."""
    start, end = _clause(window, at)
    if kind == "amount":
        bound = binding(window, subject, at, named_before=named_before) if subject is not None else "bound"
        if bound != "bound":
            return bound
        if measure_mismatch(asked, window[start:end]):
            return "absent"  # asked for funds in place; the clause states a plan (计划总投资)
    elif subject is not None and not same_sentence(window, subject, at):
        return "absent"
    if number_of(value) in premise_numbers(question):
        return "premise"
    sentence = _sentence(window, at)
    if qualifier_clash(asked, sentence) is not None:
        return "time"  # asked 二季度, this sentence reports 三季度
    said = sentence[: sentence.find(value) + len(value)]
    if kind in ("project", "org", "place") and re.search("了|已", asked) and _PLAN.search(said):
        return "plan"  # asked what it built; the sentence hopes it will (希望…早日布局生产基地)
    if kind == "count" and not count_fits(asked, value, window[start:end]):
        return "absent"
    if kind == "quantity" and not _asked_in(asked, window[start:end]):
        return "absent"  # 销售额有多少: the number of the clause that says 销售额
    if (group := subset_premise(question)) and group in normalize_text(sentence):
        return "premise"
    if cumulative_for_period(question, window[start:end], sentence):
        return "cumulative"
    return None


def _asked_in(asked: str, clause: str) -> bool:
    """Does the clause name what the question asks the quantity of? One of the question's words
    that are neither its subject's name nor question words (员工, 销售额, 签约…投产) must be there."""
    names = " ".join([item_subject(asked) or "", *anchor_terms(asked)])
    words = [
        t for t in key_terms(asked) if len(t) >= 2 and t not in names and not re.search("多|几|什么|哪", t)
    ]
    return not words or any(present_in(w, clause) for w in words)


def _sentence(window: str, at: int) -> str:
    """The sentence of the window holding offset ``at``."""
    lo = max((m.end() for m in re.finditer(r"[。！？!?]", window[:at])), default=0)
    hi = re.search(r"[。！？!?]", window[at:])
    return window[lo : at + hi.end() if hi else len(window)]


def answer_from_passages(
    question: str, hits: list[Hit], article_of: Callable[[str], Article], *, part: str | None = None
) -> Answer:
    """The best cited sentence for ``question`` (or for one ``part`` of it), else an explained abstention."""
    asked = part or question
    kind = answer_type(asked)
    # a part's own words (投了多少 has none that match): else the whole question's
    terms = [t for t in key_terms(asked) if len(t) >= 2] if part else []
    terms = terms or key_terms(question)
    anchors = anchor_terms(question)
    nouns = noun_terms(question)
    orgs = organisations(question)
    years = years_in(question)
    event = stage_pattern(asked)
    subject = item_subject(asked) or (item_subject(question) if part else None)
    # a named item binds answers about it; a fact or list question's subject may be its actor
    subject = subject if kind in ("amount", "org", "person", "project", "place", "date", "quantity") else None
    plural = kind == "list" and bool(re.search(r"哪些|哪几|分别|列出|列举", asked))
    candidates: list[_Candidate] = []
    misses: list[_Miss] = []
    subject_seen: list[Span] = []
    seen: set[tuple[str, int]] = set()
    for rank, hit in enumerate(hits):
        article = article_of(hit.source)
        for n in hit.paragraphs:
            if (hit.source, n) in seen:
                continue
            seen.add((hit.source, n))
            if article.paragraph(n).kind == "boilerplate":
                continue
            para = article.paragraph(n)
            if subject is not None and mentions(subject, article.text[para.start : para.end]):
                subject_seen.append(article.span(para.start, para.end))
            around = context(article, n)
            named_before = subject is not None and mentions(subject, around)
            if coverage(anchors, around) < 0.99 or coverage(nouns, around) < MIN_CONTEXT_COVERAGE:
                continue
            # a year the question names must be the year the paragraph speaks of
            if any(y not in around and not (article.published or "").startswith(y) for y in years):
                continue
            if not states_group(question, around):
                continue  # 这9个项目分别是: only where those 9 are spoken of
            heading = para.kind == "heading"
            for s, e in _windows(article, n):
                window = article.text[s:e]
                if kind in ("list", "fact") and (heading or window.rstrip()[-1] in "：:"):
                    continue  # a title or a lead-in (重点项目包括：) answers nothing by itself
                if kind in ("place", "org", "person", "project", "date", "fact") and not _about_subject(
                    window, anchors
                ):
                    continue
                if orgs and not any(present_in(o, window) for o in orgs):
                    continue  # 建设银行…投资了多少: another firm's amount nearby answers nothing
                if plural and not _enumerates(window):
                    continue  # 三个项目全部入选 names none of them
                cover = coverage(terms, window, context=around)
                if cover < MIN_SENTENCE_COVERAGE:
                    continue
                if event is not None and not event.search(window if kind in _EVENT_IN_SENTENCE else around):
                    continue  # asked when it started; the sentence says when it was signed
                clash = qualifier_clash(asked, window) if kind in ("fact", "list") else None
                if clash is not None:
                    misses.append(_Miss("time_mismatch", f"文中只有{clash}的数据", article.span(s, e)))
                    continue
                value: str | None = None
                if kind not in ("fact", "list"):
                    for text, at in _values(kind, window, anchors, event, asked):
                        why = _check_value(
                            kind, asked, question, subject, window, text, at, named_before=named_before
                        )
                        if why is None:
                            value = text
                            break
                        if why != "absent":
                            misses.append(_miss(why, window, text, at, subject, article.span(s, e), asked))
                    if value is None:
                        continue
                # prefer single sentences: a pair must earn its extra length
                score = 2 * cover + coverage(terms, around) + 1 / (rank + 2) - 0.002 * len(window)
                candidates.append(_Candidate(score, hit.source, s, e, value, article))
    if not candidates:
        return _explained(question, hits, article_of, subject, misses, subject_seen, kind)
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


def _miss(
    why: _MissKind, window: str, value: str, at: int, subject: str | None, span: Span, asked: str
) -> _Miss:
    if why == "group":
        count = _GROUP_COUNT_BEFORE.findall(window[:at])
        group = f"{count[-1]}合计{value}" if count else f"一组项目合计{value}"
        return _Miss("fact_not_stated", f"文中只给出{group}，未单独披露{subject or '该项目'}的投资额", span)
    if why == "time":
        clash = qualifier_clash(asked, _sentence(window, at)) or ""
        return _Miss("time_mismatch", f"文中只有{clash}的数据", span)
    if why == "plan":
        return _Miss("premise_not_supported", f"文中的{value}只是计划或意向，并未说已经实现", span)
    if why == "premise":
        return _Miss("fact_not_stated", f"文中只给出总数{value}，没有问题所问的细分数据", span)
    return _Miss("time_mismatch", f"文中的{value}是累计数，不是问题所问时段的数据", span)


def _explained(
    question: str,
    hits: list[Hit],
    article_of: Callable[[str], Article],
    subject: str | None,
    misses: list[_Miss],
    subject_seen: list[Span],
    kind: AnswerType = "amount",
) -> Answer:
    """Not found, plus one sentence on what the articles do state, with those paragraphs as related."""
    if misses:
        best = misses[0]
        related = [m.span for m in misses if m.reason == best.reason][:3]
        return abstain(question, hits, article_of, reason=best.reason, note=best.note, related=related)
    if subject is not None and subject_seen:
        note = f"文中提到{subject}，但未给出其{_FACT_NAMES.get(kind, '相关信息')}"
        return abstain(
            question, hits, article_of, reason="fact_not_stated", note=note, related=subject_seen[:3]
        )
    if subject is not None:
        note = f"资料中没有提到{subject}"
        return abstain(question, hits, article_of, reason="subject_not_found", note=note)
    return abstain(question, hits, article_of)


def _overlap(a: _Candidate, b: _Candidate) -> bool:
    return a.source == b.source and a.start < b.end and b.start < a.end


def abstain(
    question: str,
    hits: list[Hit],
    article_of: Callable[[str], Article],
    route: str = "passages",
    *,
    reason: Reason | None = None,
    note: str = "",
    related: list[Span] | None = None,
) -> Answer:
    """``资料中未找到相关信息。`` and, when known, what the articles do state (``note``), with the
    paragraphs that state it as related; otherwise the nearest paragraphs are related."""
    near: list[Span] = []
    for hit in hits[:3]:
        article = article_of(hit.source)
        p = article.paragraph(hit.paragraphs[0])
        near.append(article.span(p.start, p.end))
    text = NOT_FOUND + (f"{note}。" if note else "")
    return Answer(
        question=question,
        answer=text,
        abstained=True,
        route="deals" if route == "deals" else "passages",
        related=related or near,
        backend="rules",
        reason=reason,
    )
