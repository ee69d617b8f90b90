"""Explained abstentions: ``资料中未找到相关信息。`` and one sentence on what the articles do state.

While answering, the passages route records each statement it turned down and why (a group's
total, a running total, another quarter, a plan); when nothing answers, the first of them
explains the abstention and its paragraphs are shown as related, never as citations.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..schema import NOT_FOUND, AbstainReason, Answer, Article, Hit, Span
from ..text.amounts import find_money
from .parse import AnswerType
from .qualifiers import phase_before, qualifier_clash
from .values import sentence_at

_FACT_NAMES = {
    "amount": "投资额",
    "org": "相关企业",
    "person": "姓名",
    "project": "项目名称",
    "place": "地点",
    "date": "时间",
    "quantity": "所问的数值",
}
MissKind = Literal["group", "absent", "premise", "cumulative", "time", "plan", "phase", "sum"]
_GROUP_COUNT_BEFORE = re.compile(
    r"(?:\d+|[一二两三四五六七八九十百千]+)\s*(?:余|多)?\s*(?:个|家|项)(?:项目|企业)?"
)


@dataclass
class Miss:
    """A statement near the question that does not answer it, and why: what an abstention explains."""

    reason: AbstainReason
    note: str
    span: Span


def miss(
    why: MissKind, window: str, value: str, at: int, subject: str | None, span: Span, asked: str
) -> Miss:
    if why == "group":
        count = _GROUP_COUNT_BEFORE.findall(window[:at])
        group = f"{count[-1]}合计{value}" if count else f"一组项目合计{value}"
        return Miss("fact_not_stated", f"文中只给出{group}，未单独披露{subject or '该项目'}的投资额", span)
    if why == "time":
        clash = qualifier_clash(asked, sentence_at(window, at)) or "其他年份"
        return Miss("time_mismatch", f"文中只有{clash}的数据", span)
    if why == "plan":
        return Miss("premise_not_supported", f"文中的{value}只是计划或意向，并未说已经实现", span)
    if why == "phase":
        phase = phase_before(asked, "") or "该期"
        return Miss("fact_not_stated", f"文中没有单独给出{phase}的金额", span)
    if why == "sum":
        given = "、".join(m.text for m in find_money(asked)) or "问题所给金额"
        return Miss("premise_not_supported", f"文中没有投资{given}的具体项目", span)
    if why == "premise":
        return Miss("fact_not_stated", f"文中只给出总数{value}，没有问题所问的细分数据", span)
    return Miss("time_mismatch", f"文中的{value}是累计数，不是问题所问时段的数据", span)


def explained(
    question: str,
    hits: list[Hit],
    article_of: Callable[[str], Article],
    subject: str | None,
    misses: list[Miss],
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


def abstain(
    question: str,
    hits: list[Hit],
    article_of: Callable[[str], Article],
    route: str = "passages",
    *,
    reason: AbstainReason | None = None,
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
