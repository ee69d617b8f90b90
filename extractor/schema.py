"""The public data contract: what the LLM fills and what scripts read.

Field descriptions and class docstrings are sent to the model by instructor,
so they are written for it, once, here (they are the prompt's schema part).
Offsets are character offsets into ``Article.text`` as ingested, and every
``Span`` satisfies ``text[start:end] == quote``.
"""

from __future__ import annotations

import bisect
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

SCHEMA_VERSION = "1"

Stage = Literal["intent", "signed", "landed", "started", "operating", "other"]
AmountKind = Literal["exact", "approx", "at_least", "at_most", "range"]
Measure = Literal["investment", "funds_in_place", "contracted_foreign_capital", "other"]
ParagraphKind = Literal["body", "heading", "boilerplate"]
# How far a project has got, least first: when two mentions of one project disagree, the later
# stage is the one it has reached ("other" says none).
STAGE_PROGRESS: tuple[Stage, ...] = ("other", "intent", "signed", "landed", "started", "operating")

STAGE_LABELS: dict[str, str] = {
    "intent": "意向",
    "signed": "签约",
    "landed": "落地",
    "started": "开工",
    "operating": "投产",
    "other": "其他",
}
MEASURE_LABELS: dict[str, str] = {
    "investment": "投资额",
    "funds_in_place": "到位资金",
    "contracted_foreign_capital": "合同外资",
    "other": "其他",
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- evidence


class Span(_Model):
    """An exact piece of an article: ``text[start:end] == quote``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    paragraph: int = Field(description="1-based paragraph number")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str
    page: int | None = Field(None, description="1-based page of a paged source (PDF), else None")


class Money(_Model):
    """An amount of money as written, with its parsed value."""

    text: str = Field(description="exact substring, hedge words kept: 近百亿, 超50亿元, 5000万元以上")
    value: float = Field(description="value in `currency` units (the lower bound for ranges)")
    max_value: float | None = Field(None, description="upper bound, for ranges only")
    currency: str = "CNY"
    cny: float | None = Field(None, description="yuan, for CNY amounts")
    kind: AmountKind = "exact"


class Location(_Model):
    text: str = Field(description="the place as written, e.g. 重庆高新区")
    province: str | None = None
    city: str | None = None
    district: str | None = None


class DealDate(_Model):
    text: str
    value: str | None = Field(None, description="ISO date, when it can be resolved")


class Deal(_Model):
    """One project or investment, backed by evidence."""

    project: str | None = None
    investors: list[str] = Field(default_factory=list)
    location: Location | None = None
    industry: str | None = None
    amount: Money | None = None
    stage: Stage = "other"
    date: DealDate | None = None
    evidence: list[Span] = Field(min_length=1)
    rule: str | None = Field(None, description="the offline backend's rule that made it (None: a model)")
    # Fields a model filled that its paragraph doesn't support: cleared by the verifier, named here.
    unverified_fields: SkipJsonSchema[list[str]] = Field(default_factory=list)


class Aggregate(_Model):
    """A reported total over many projects, not one deal."""

    scope: str | None = None
    count: int | None = None
    amount: Money | None = None
    measure: Measure = "investment"
    stage: Stage = "other"
    evidence: list[Span] = Field(min_length=1)
    rule: str | None = Field(None, description="the offline backend's rule that made it (None: a model)")
    # Fields a model filled that its paragraph doesn't support: cleared by the verifier, named here.
    unverified_fields: SkipJsonSchema[list[str]] = Field(default_factory=list)


class Diagnostics(_Model):
    """How an extraction went: cost, cache, what was dropped and why."""

    chunks: int = 1
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    estimated_prompt_tokens: int = 0
    cached: bool = False
    reasks: int = 0
    dropped: int = 0
    drop_reasons: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    seconds: float = 0.0


class ArticleExtraction(_Model):
    source: str
    title: str | None = None
    published: str | None = Field(None, description="ISO date")
    backend: str
    deals: list[Deal] = Field(default_factory=list)
    aggregates: list[Aggregate] = Field(default_factory=list)
    diagnostics: Diagnostics = Field(default_factory=Diagnostics)


# --------------------------------------------------------------------------- what the LLM fills
# The model copies text; code finds offsets, parses amounts and places, and
# checks every quote. Nothing the model writes is kept unless it verifies.


class DealDraft(BaseModel):
    """一个具体的投资项目或投资行为（不是多个项目的汇总数字）。

    只记录文章明确写出的投资项目。银行贷款、授信、补助、财政收入、GDP、增加值、营业收入不是投资项目。
    """

    paragraph: int | None = Field(None, description="证据所在段落编号 [P#]")
    evidence: str = Field(description="陈述该项目的原句，必须逐字照抄文章原文")
    project: str | None = Field(None, description="项目名称，照抄原文，如 光大人工智能产业基地")
    investors: list[str] = Field(default_factory=list, description="投资方/签约企业，照抄原文")
    location: str | None = Field(None, description="项目所在地，照抄原文，如 重庆高新区")
    industry: str | None = Field(None, description="所属产业，如 人工智能、生物医药")
    amount_text: str | None = Field(
        None, description="金额原文（含 近/约/超/以上 等限定词），必须是 evidence 的子串"
    )
    stage: Stage = Field(
        "other", description="intent 意向, signed 签约, landed 落地/入驻, started 开工, operating 投产/运营"
    )
    date_text: str | None = Field(None, description="项目日期原文，如 7月28日")
    # Which offline rule drafted it; hidden from a model's schema, never taken from a model.
    rule: SkipJsonSchema[str | None] = None


class AggregateDraft(BaseModel):
    """多个项目的汇总数字，如“共签约项目39个，总投资605.6亿元”。"""

    paragraph: int | None = Field(None, description="证据所在段落编号 [P#]")
    evidence: str = Field(description="陈述该汇总的原句，必须逐字照抄文章原文")
    scope: str | None = Field(None, description="汇总范围原文，如 今年上半年 重庆高新区 签约项目")
    count: int | None = Field(None, description="项目个数")
    amount_text: str | None = Field(None, description="金额原文，必须是 evidence 的子串")
    measure: Measure = Field(
        "investment",
        description="investment 投资额, funds_in_place 到位资金, contracted_foreign_capital 合同外资",
    )
    stage: Stage = "other"
    rule: SkipJsonSchema[str | None] = None


class ExtractionDraft(BaseModel):
    """文章中的全部投资项目和汇总数字。"""

    deals: list[DealDraft] = Field(default_factory=list)
    aggregates: list[AggregateDraft] = Field(default_factory=list)


# --------------------------------------------------------------------------- articles and retrieval


class Paragraph(_Model):
    n: int = Field(description="1-based paragraph number")
    start: int
    end: int
    kind: ParagraphKind = "body"
    page: int | None = Field(None, description="1-based page of a paged source (PDF), else None")


class Article(_Model):
    source: str
    title: str | None = None
    published: str | None = None
    published_text: str | None = None
    sha256: str
    text: str
    paragraphs: list[Paragraph]
    path: str | None = None

    @model_validator(mode="after")
    def _pages(self) -> Article:
        """Paged text (PDF) ends each page with a form feed: a paragraph's page is read off the
        text, so the stored text alone carries the page map."""
        if "\f" in self.text and any(p.page is None for p in self.paragraphs):
            breaks = [m.start() for m in re.finditer("\f", self.text)]
            for p in self.paragraphs:
                p.page = bisect.bisect_right(breaks, p.start) + 1
        return self

    def paragraph(self, n: int) -> Paragraph:
        if not 1 <= n <= len(self.paragraphs):
            from .errors import NotFoundError

            raise NotFoundError(f"{self.source} has paragraphs 1–{len(self.paragraphs)}, not {n}")
        return self.paragraphs[n - 1]

    def paragraph_text(self, n: int) -> str:
        p = self.paragraph(n)
        return self.text[p.start : p.end]

    def paragraph_at(self, offset: int) -> int:
        """The number of the paragraph holding character ``offset``."""
        for p in self.paragraphs:
            if p.start <= offset < p.end:
                return p.n
        raise ValueError(f"offset {offset} is outside every paragraph of {self.source}")

    def span(self, start: int, end: int) -> Span:
        n = self.paragraph_at(start)
        return Span(
            source=self.source,
            paragraph=n,
            start=start,
            end=end,
            quote=self.text[start:end],
            page=self.paragraph(n).page,
        )


class Chunk(_Model):
    id: str
    source: str
    paragraphs: list[int]
    start: int
    end: int
    text: str
    tokens: int


class Hit(_Model):
    """One retrieved chunk: where it is, what it says, how well it matched."""

    source: str
    title: str | None = None
    paragraphs: list[int]
    start: int
    end: int
    text: str
    score: float


# --------------------------------------------------------------------------- questions


class DealQuery(BaseModel):
    """把关于投资项目的问题转成结构化查询。只填写问题中明确提到的条件。"""

    operation: Literal["list", "count", "sum", "max", "min"] = Field(
        "list", description="list 列出, count 计数, sum 求和, max 最大, min 最小"
    )
    target: Literal["deals", "aggregates"] = Field(
        "deals", description="aggregates: 问的是报道中的汇总数字（如 上半年签约了多少个项目）"
    )
    min_cny: float | None = Field(None, description="金额下限（元），如 超过100亿元 → 1e10")
    min_exclusive: bool = Field(False, description="超过/高于/大于：不含下限本身；以上/不低于/至少：含")
    max_cny: float | None = Field(None, description="金额上限（元）")
    place: str | None = Field(None, description="地点，如 重庆、松江区")
    industry: str | None = Field(None, description="产业关键词，如 新能源、人工智能")
    stage: Stage | None = None
    investor: str | None = Field(None, description="投资方名称关键词")
    date_from: str | None = Field(None, description="ISO 日期")
    date_to: str | None = Field(None, description="ISO 日期")
    keywords: list[str] = Field(default_factory=list, description="项目名称关键词")


class QueryPlan(BaseModel):
    """判断问题的回答方式。deals: 对投资项目做筛选、计数、排名或求和；passages: 其他问题，从段落中找答案。"""

    route: Literal["deals", "passages"] = "passages"
    query: DealQuery | None = Field(None, description="route 为 deals 时填写")


class SourceQuote(BaseModel):
    source: int = Field(description="资料编号，即 [n] 中的 n")
    quote: str = Field(description="支撑回答的原文，必须从该资料中逐字照抄")


class DraftAnswer(BaseModel):
    """只根据给定资料回答问题；每句话用 [n] 标明出处。资料中没有答案时 abstained 为 true。"""

    answer: str = Field(description="中文回答，句中用 [n] 标注出处")
    citations: list[SourceQuote] = Field(default_factory=list)
    abstained: bool = Field(False, description="资料中找不到答案时为 true")


AbstainReason = Literal[
    "fact_not_stated", "subject_not_found", "time_mismatch", "premise_not_supported", "place_mismatch"
]


class Answer(_Model):
    question: str
    answer: str = Field(description="中文回答，带 [1] [2] 引用标记")
    abstained: bool = False
    route: Literal["deals", "passages"] = "passages"
    citations: list[Span] = Field(default_factory=list)
    related: list[Span] = Field(
        default_factory=list, description="when abstaining: the nearest paragraphs, not citations"
    )
    backend: str = "rules"
    query: DealQuery | None = None
    reason: AbstainReason | None = Field(
        default=None,
        description="when abstaining: why (the subject is there but not the fact, the subject is not, "
        "only another time is reported, the question's premise is not supported)",
    )


NOT_FOUND = "资料中未找到相关信息。"
