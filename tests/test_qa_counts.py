"""Counts: a stated count beats a count of records; a group's own figures never answer a part of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from extractor.qa import ask_rules
from extractor.schema import Aggregate, Article, Deal, Hit, Span
from extractor.text.article import build_article

TEXT = (
    "江川县举行招商引资项目集中签约仪式\n\n"
    "3月1日，江川县举行招商引资项目集中签约仪式，现场签约15个项目，总投资64亿元。"
    "今年以来，江川县累计引进企业30余家。\n\n"
    "其中，丙方光电项目落户江川县，总投资6亿元；丁方新材料项目落户江川县，总投资5亿元。"
)


def _span(article: Article, quote: str) -> Span:
    start = article.text.index(quote)
    return article.span(start, start + len(quote))


@dataclass
class FakeContext:
    """What ``ask_rules`` reads: one article, its records and a search that returns every paragraph."""

    article_: Article = field(
        default_factory=lambda: build_article(TEXT, source="own_c", published="2025-03-01")
    )

    def article(self, source: str) -> Article:
        return self.article_

    def context(self, source: str, paragraph: int) -> str:
        return self.article_.text

    def require(self, sources: list[str]) -> None:
        for source in sources:
            self.article(source)

    def search(self, question: str, *, k: int, filters: Any) -> list[Hit]:
        a = self.article_
        return [
            Hit(
                source=a.source,
                paragraphs=[p.n],
                start=p.start,
                end=p.end,
                text=a.text[p.start : p.end],
                score=1,
            )
            for p in a.paragraphs
        ]

    def deals(self, filters: Any = None) -> list[Deal]:
        a = self.article_
        return [
            Deal(project="丙方光电项目", stage="landed", evidence=[_span(a, "丙方光电项目落户江川县")]),
            Deal(project="丁方新材料项目", stage="landed", evidence=[_span(a, "丁方新材料项目落户江川县")]),
        ]

    def aggregates(self, filters: Any = None) -> list[Aggregate]:
        a = self.article_
        return [Aggregate(count=15, stage="signed", evidence=[_span(a, "现场签约15个项目，总投资64亿元")])]


def test_a_stated_count_beats_a_count_of_records() -> None:
    answer = ask_rules("江川县今年引进了多少家企业?", FakeContext())
    assert not answer.abstained
    assert answer.answer.startswith("30余家"), answer.answer


def test_a_groups_own_count_does_not_answer_a_question_about_part_of_it() -> None:
    answer = ask_rules("江川县签约的15个项目中，有几个是农业项目?", FakeContext())
    assert answer.abstained, answer.answer
    assert answer.reason == "fact_not_stated"


def test_a_count_of_another_period_does_not_answer_on_the_deals_route() -> None:
    answer = ask_rules("江川县二季度签约了多少个项目?", FakeContext())
    assert answer.abstained, answer.answer
    assert answer.reason == "time_mismatch"


def test_a_size_class_aggregate_answers_neither_how_many_nor_how_much() -> None:
    from extractor.qa.deals import _size_class
    from extractor.schema import Money

    ctx = FakeContext()
    a = ctx.article_
    big = Aggregate(
        count=2,
        amount=Money(text="10亿元以上", value=1e9, cny=1e9, kind="at_least"),
        evidence=[Span(source=a.source, paragraph=2, start=0, end=1, quote="其中10亿元以上项目2个")],
    )
    assert _size_class(big)
    total = ctx.aggregates()[0].model_copy(update={"amount": Money(text="64亿元", value=6.4e9, cny=6.4e9)})
    assert not _size_class(total)
