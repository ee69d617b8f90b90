"""The LLM route of ``ask``: the model plans and writes; code counts and checks.

1. instructor fills a ``QueryPlan``; a deals question runs as a typed query
   over the stored records (arithmetic in code, as offline).
2. Otherwise the retrieved paragraphs are numbered as sources and the model
   fills a ``DraftAnswer``. Every citation's quote must occur exactly in the
   paragraph it names, and every amount, number and place in the answer must
   appear in a cited paragraph (amounts compared by value, so 2.5亿元 equals
   25000万元). A failure is re-asked once with the reason; what still fails is
   dropped sentence by sentence, and an answer left with nothing cited abstains.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Self

import instructor
from instructor.core import InstructorError, InstructorRetryException
from pydantic import ValidationError, ValidationInfo, model_validator

from ..client import FALLBACK, MODES, CallLog, ModeRejected, TokenMeter, Transport, completion_json
from ..config import Settings
from ..errors import DealqaError, LLMError
from ..prompts import RenderedPrompt, load_prompt
from ..schema import Answer, Article, DraftAnswer, Hit, QueryPlan, Span
from ..text.amounts import find_money, parse_money
from ..text.normalize import find_all, normalize_text
from ..text.places import find_places
from ..text.sentences import sentence_spans
from .abstain import abstain
from .binding import binding, item_subject, mentions
from .deals import answer_from_deals
from .parse import answer_type
from .qualifiers import other_money

SOURCES_KEY = "dealqa_sources"
QUESTION_KEY = "dealqa_question"
MAX_SOURCES = 8
_MARKER = re.compile(r"\[(\d+)\]")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


@dataclass(frozen=True)
class Source:
    n: int
    article: Article
    paragraph: int

    @property
    def bounds(self) -> tuple[int, int]:
        p = self.article.paragraph(self.paragraph)
        return p.start, p.end

    @property
    def text(self) -> str:
        start, end = self.bounds
        return self.article.text[start:end]


def number_sources(hits: list[Hit], article_of: Any) -> list[Source]:
    out: list[Source] = []
    seen: set[tuple[str, int]] = set()
    for hit in hits:
        for n in hit.paragraphs:
            if (hit.source, n) in seen or len(out) >= MAX_SOURCES:
                continue
            article = article_of(hit.source)
            if article.paragraph(n).kind == "boilerplate":
                continue
            seen.add((hit.source, n))
            out.append(Source(len(out) + 1, article, n))
    return out


def _values(text: str) -> list[tuple[str, float]]:
    """Every amount in ``text`` as (currency, value): 30亿美元 is not 30亿元."""
    out = []
    for m in find_money(text):
        money = parse_money(m.text)
        if money is not None:
            out.append((money.currency, money.value))
    return out


def misbound(sentence: str, cited: list[Source], question: str) -> list[str]:
    """Amounts an investment answer gives that the cited paragraphs state of something else: money
    of another kind (营业额, 授信), or a total of a group the asked item belongs to."""
    if not question or answer_type(question) != "amount":
        return []
    subject = item_subject(question)
    problems: list[str] = []
    for m in find_money(_MARKER.sub(" ", sentence)):
        money = parse_money(m.text)
        if money is None:
            continue
        verdicts = []
        for src in cited:
            text = src.text
            for found in find_money(text):
                other = parse_money(found.text)
                if other is None or other.currency != money.currency or abs(other.value - money.value) > 1e-6:
                    continue
                clause = re.split(r"[，,；;。]", text[found.start :])[0]
                head = re.split(r"[，,；;。]", text[: found.start])[-1]
                kind = other_money(head + clause, question)
                if kind is not None:
                    verdicts.append(f"是{kind}，不是投资额 (money of another kind)")
                elif subject is not None:
                    bound = binding(text, subject, found.start, named_before=mentions(subject, text))
                    verdicts.append("" if bound == "bound" else f"不是「{subject}」本身的投资额 ({bound})")
                else:
                    verdicts.append("")
        if verdicts and "" not in verdicts:
            problems.append(f"金额「{m.text}」{verdicts[0]}")
    return problems


def unsupported(sentence: str, cited: list[Source], question: str = "") -> list[str]:
    """Amounts, numbers and places in ``sentence`` that no cited paragraph states, and amounts it
    states of something other than the asked subject (``misbound``)."""
    context = "\n".join(s.text for s in cited)
    norm = normalize_text(context)
    problems: list[str] = []
    have = _values(context)
    rest = _MARKER.sub(" ", sentence)
    for m in find_money(rest):
        money = parse_money(m.text)
        if money is not None and not any(
            c == money.currency and abs(money.value - v) <= 1e-6 * max(v, 1.0) for c, v in have
        ):
            problems.append(f"金额「{m.text}」在引用的资料中找不到 (amount not in the cited sources)")
        rest = rest.replace(m.text, " ")
    for num in _NUMBER.findall(rest):
        if not re.search(rf"(?<![\d.]){re.escape(num)}(?![\d.])", norm):
            problems.append(f"数字「{num}」在引用的资料中找不到 (number not in the cited sources)")
    for _, _, place in find_places(rest):
        if normalize_text(place) not in norm:
            problems.append(f"地名「{place}」在引用的资料中找不到 (place not in the cited sources)")
    return problems + misbound(sentence, cited, question)


def answer_problems(draft: DraftAnswer, sources: list[Source], question: str = "") -> list[str]:
    if draft.abstained:
        return []
    problems: list[str] = []
    cited: list[Source] = []
    for c in draft.citations:
        if not 1 <= c.source <= len(sources):
            problems.append(f"引用编号 [{c.source}] 不存在 (no such source)")
            continue
        src = sources[c.source - 1]
        lo, hi = src.bounds
        if not find_all(src.article.text, c.quote, lo=lo, hi=hi):
            problems.append(f"引用 [{c.source}] 的原文「{c.quote[:40]}」不在该资料中 (not an exact quote)")
        else:
            cited.append(src)
    if not cited:
        problems.append("回答没有可核对的引用 (no verifiable citation)")
    for n in _MARKER.findall(draft.answer):
        if not any(s.n == int(n) for s in cited):
            problems.append(f"标注 [{n}] 没有对应的有效引用 (marker without a verified citation)")
    problems += unsupported(draft.answer, cited, question)
    return problems


class CheckedAnswer(DraftAnswer):
    @model_validator(mode="after")
    def _verified(self, info: ValidationInfo) -> Self:
        sources = (info.context or {}).get(SOURCES_KEY)
        if sources is not None:
            problems = answer_problems(self, sources, (info.context or {}).get(QUESTION_KEY, ""))
            if problems:
                raise ValueError("核对失败 verification failed:\n- " + "\n- ".join(problems))
        return self


class LLMAsker:
    """instructor over the configured server, with the extraction backend's transport and mode fallback."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.transport = Transport(settings, TokenMeter(settings.llm_token_budget))
        self.mode = MODES[settings.llm_mode]
        self.log = CallLog()

    def ask(self, model: type[Any], rendered: RenderedPrompt, context: dict[str, Any], retries: int) -> Any:
        for _ in range(len(MODES) + 1):
            create = instructor.patch(create=functools.partial(self.transport.send, self.log), mode=self.mode)
            try:
                return create(
                    response_model=model,
                    # the prompt travels as template variables: instructor renders messages with Jinja
                    context={"system": rendered.system, "user": rendered.user, **context},
                    messages=[
                        {"role": "system", "content": "{{ system }}"},
                        {"role": "user", "content": "{{ user }}"},
                    ],
                    max_retries=retries,
                    model=self.transport.model,
                    temperature=self.settings.llm_temperature,
                )
            except ModeRejected as e:
                fallback = FALLBACK.get(self.mode)
                if fallback is None:
                    raise LLMError(f"{e}; no structured-output mode works on this server", original=e) from e
                self.log.notes.append(f"server rejected {self.mode.value}; fell back to {fallback.value}")
                self.mode = fallback
            except InstructorRetryException as e:
                if isinstance(e.__cause__, DealqaError):
                    raise e.__cause__ from e
                raise
            except InstructorError as e:
                raise LLMError(f"instructor could not run the request: {e}", original=e) from e
        raise LLMError("the LLM server refused every structured-output mode")


def _quoted(c: Any, sources: list[Source]) -> bool:
    if not 1 <= c.source <= len(sources):
        return False
    src = sources[c.source - 1]
    lo, hi = src.bounds
    return bool(find_all(src.article.text, c.quote, lo=lo, hi=hi))


def _salvage(e: InstructorRetryException, sources: list[Source], question: str) -> DraftAnswer | None:
    """The last answer, cut down to the sentences and citations that verify."""
    for attempt in reversed(e.failed_attempts or []):
        try:
            draft = DraftAnswer.model_validate(completion_json(attempt.completion))
        except ValidationError:
            continue
        good = [c for c in draft.citations if _quoted(c, sources)]
        cited = [sources[c.source - 1] for c in good]
        kept = []
        for s, t in sentence_spans(draft.answer):
            sentence = draft.answer[s:t]
            markers = {int(n) for n in _MARKER.findall(sentence)}
            if markers and markers <= {c.n for c in cited} and not unsupported(sentence, cited, question):
                kept.append(sentence)
        return DraftAnswer(answer="".join(kept), citations=good) if kept else None
    return None


def _to_answer(question: str, draft: DraftAnswer, sources: list[Source]) -> Answer:
    spans: list[Span] = []
    renumber: dict[int, int] = {}
    for c in draft.citations:
        src = sources[c.source - 1]
        lo, hi = src.bounds
        found = find_all(src.article.text, c.quote, lo=lo, hi=hi)
        if not found:
            continue
        span = src.article.span(*found[0])
        if span not in spans:
            spans.append(span)
        renumber.setdefault(c.source, spans.index(span) + 1)
    text = _MARKER.sub(lambda m: f"[{renumber[int(m[1])]}]" if int(m[1]) in renumber else "", draft.answer)
    return Answer(question=question, answer=text, route="passages", citations=spans, backend="llm")


def ask_llm(question: str, ctx: Any, *, k: int, filters: dict[str, Any] | None, settings: Settings) -> Answer:
    asker = LLMAsker(settings)
    plan = asker.ask(QueryPlan, load_prompt("qa_route").render(question=question), {}, retries=1)
    if plan.route == "deals" and plan.query is not None:
        answer = answer_from_deals(
            question, plan.query, ctx.deals(filters), ctx.aggregates(filters), ctx.context
        )
        if answer is not None:
            return answer.model_copy(update={"backend": "llm"})
    hits = ctx.search(question, k=k, filters=filters)
    sources = number_sources(hits, ctx.article)
    if not sources:
        return abstain(question, hits, ctx.article).model_copy(update={"backend": "llm"})
    listing = "\n".join(
        f"[{s.n}] 《{s.article.title or s.article.source}》第{s.paragraph}段：{s.text}" for s in sources
    )
    rendered = load_prompt("qa_answer").render(sources=listing, question=question)
    try:
        draft = asker.ask(CheckedAnswer, rendered, {SOURCES_KEY: sources, QUESTION_KEY: question}, retries=1)
    except InstructorRetryException as e:
        draft = _salvage(e, sources, question)
    if draft is None or draft.abstained or not draft.citations:
        return abstain(question, hits, ctx.article).model_copy(update={"backend": "llm"})
    answer = _to_answer(question, draft, sources)
    if not answer.citations:
        return abstain(question, hits, ctx.article).model_copy(update={"backend": "llm"})
    return answer
