"""Rules from working on an eighteenth blind set (evals/dev17, its odd half): a report's section
that names its year, a wire's dateline, size classes before other words, figures of two things
asked together, an amount that belongs to the item after it. Sentences of our own."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from extractor import extract
from extractor.qa import ask_rules
from extractor.qa.binding import binding
from extractor.qa.parse import answer_type
from extractor.qa.passages import _joined_topics, answer_from_passages
from extractor.qa.relevance import report_year
from extractor.schema import NOT_FOUND, Aggregate, Article, Deal, Hit
from extractor.text.article import build_article
from extractor.text.dates import mask_datelines

_REPORT = (
    "2024年江川县人民政府工作报告\n"
    "各位代表：\n"
    "一、2023年工作回顾\n"
    "过去一年，全县经济稳中向好。\n"
    "招商引资成效明显。全年新签约亿元以上项目41个，协议投资236.5亿元。\n"
    "二、2024年主要目标\n"
    "（一）抓招商。力争全年新签约亿元以上项目45个以上。"
)


def _article(text: str, published: str) -> Article:
    return build_article(text, source="own_y", published=published)


def _hits(article: Article) -> list[Hit]:
    return [
        Hit(
            source=article.source,
            paragraphs=[p.n],
            start=p.start,
            end=p.end,
            text=article.paragraph_text(p.n),
            score=1,
        )
        for p in article.paragraphs
    ]


def _passages(text: str, question: str, published: str = "2025-03-01") -> str:
    article = _article(text, published)
    answer = answer_from_passages(question, _hits(article), lambda _: article)
    return NOT_FOUND if answer.abstained else answer.answer


@dataclass
class _Records:
    """What ``ask_rules`` reads: one article, the records the rules backend extracts from it, and a
    search that returns every paragraph."""

    text: str
    published: str
    article_: Article = field(init=False)

    def __post_init__(self) -> None:
        self.article_ = _article(self.text, self.published)
        self.result = extract(self.text, source=self.article_.source, backend="rules")

    def article(self, source: str) -> Article:
        return self.article_

    def context(self, source: str, paragraph: int) -> str:
        return self.article_.text

    def require(self, sources: list[str]) -> None:
        pass

    def search(self, question: str, *, k: int, filters: Any) -> list[Hit]:
        return _hits(self.article_)

    def deals(self, filters: Any = None) -> list[Deal]:
        return list(self.result.deals)

    def aggregates(self, filters: Any = None) -> list[Aggregate]:
        return list(self.result.aggregates)


def test_a_numbered_section_that_names_a_year_dates_what_stands_in_it() -> None:
    article = _article(_REPORT, "2024-01-18")
    total = next(p.n for p in article.paragraphs if "236.5" in article.paragraph_text(p.n))
    target = next(p.n for p in article.paragraphs if "力争" in article.paragraph_text(p.n))
    assert report_year(article, total) == "2023"
    assert report_year(article, target) == "2024"  # （一） stands in 二、2024年…


def test_a_title_naming_only_the_year_of_publication_does_not_date_the_report() -> None:
    plain = "2024年江川县人民政府工作报告\n\n招商引资成效明显。全年新签约亿元以上项目41个。"
    assert report_year(_article(plain, "2024-01-18"), 2) is None
    # a title naming another year than the publication's still dates it (2023年…统计公报)
    bulletin = "2023年江川县国民经济和社会发展统计公报\n\n全年新签约亿元以上项目41个。"
    assert report_year(_article(bulletin, "2024-03-10"), 2) == "2023"


def test_a_reports_full_year_is_the_year_its_section_reviews() -> None:
    assert "41个" in _passages(_REPORT, "江川县2023年新签约了多少个亿元以上项目？", "2024-01-18")
    assert _passages(_REPORT, "江川县2024年新签约了多少个亿元以上项目？", "2024-01-18") == NOT_FOUND
    # the records route too: the total extracted from 一、2023年工作回顾 is no answer for 2024
    answer = ask_rules("江川县2024年新签约了多少个亿元以上项目？", _Records(_REPORT, "2024-01-18"))
    assert answer.abstained, answer.answer


def test_a_wires_dateline_is_not_what_the_story_is_about() -> None:
    filed = "新华社榆州10月24日电（记者 张三）记者获悉"
    assert mask_datelines(filed) == "\u3000" * 5 + filed[5:]
    assert mask_datelines("10月24日，榆州市签约项目8个") == "10月24日，榆州市签约项目8个"
    text = (
        "新华社石家庄10月24日电（记者 张三）记者从河北省商务厅获悉，"
        "今年前三季度，河北省新签约亿元以上项目836个，签约总额5123.5亿元。"
    )
    assert _passages(text, "石家庄前三季度签约额是多少？") == NOT_FOUND
    assert "5123.5亿元" in _passages(text, "河北省前三季度签约总额是多少？")


def test_a_signing_sum_asked_is_an_amount() -> None:
    assert answer_type("全省前三季度签约额是多少？") == "amount"
    assert answer_type("合同额有多少？") == "amount"


def test_a_size_class_before_other_words_is_no_amount() -> None:
    text = "今年前三季度，河北省新签约亿元以上招商引资项目836个，签约总额5123.5亿元，同比增长26.4%。"
    assert _passages(text, "河北省前三季度签约额是多少？").startswith("5123.5亿元")


def test_a_figure_of_two_things_asked_together_names_both() -> None:
    assert _joined_topics("江川县魔芋和茶叶产业引进了多少投资？") == ("魔芋", "茶叶")
    assert _joined_topics("江川县魔芋产业引进了多少投资？") == ()
    text = "全年引进项目9个。澄江食品公司投资约3.2亿元的魔芋精深加工产业园建成投产。"
    assert _passages(text, "江川县魔芋和茶叶产业引进了多少投资？") == NOT_FOUND
    both = "今年江川县魔芋产业和茶叶产业新引进投资8.6亿元。"
    assert "8.6亿元" in _passages(both, "江川县魔芋和茶叶产业今年引进了多少投资？")


_TWO_ITEMS = (
    "总投资12亿元的青禾新能源风电场项目签约落户，澄江食品公司投资约3.2亿元的魔芋精深加工产业园建成投产。"
)


def test_an_amount_before_another_items_name_is_not_the_next_items() -> None:
    subject = "魔芋精深加工产业园"
    assert binding(_TWO_ITEMS, subject, _TWO_ITEMS.find("12亿元")) == "absent"
    assert binding(_TWO_ITEMS, subject, _TWO_ITEMS.find("3.2亿元")) == "bound"
    assert "3.2亿元" in _passages(_TWO_ITEMS, "魔芋精深加工产业园投资多少？")
    assert "12亿元" in _passages(_TWO_ITEMS, "青禾新能源风电场项目投资多少？")


def test_an_amount_in_a_clause_naming_another_item_is_not_the_topics() -> None:
    assert _passages(_TWO_ITEMS, "魔芋产业引进了多少投资？").startswith("约3.2亿元")
    # the topic's figure in the clause after it still answers
    plain = "全县魔芋产业签约项目5个，总投资12亿元。"
    assert "12亿元" in _passages(plain, "全县魔芋产业签约投资多少？")
