"""The LLM route of ``ask``: the model plans and writes; code counts and checks.

1. instructor fills a ``QueryPlan``; a deals question runs as a typed query
   over the stored records (arithmetic in code, as offline).
2. Otherwise the retrieved paragraphs are numbered as sources and the model
   fills a ``DraftAnswer``. Every citation's quote must occur exactly in the
   paragraph it names, and every amount, number and place in the answer must
   appear in a cited paragraph (amounts compared by value, so 2.5亿元 equals
   25000万元). Each sentence must also be supported by the paragraphs its own
   markers cite (``support``: its content, and any link, phone number, instruction
   to the reader or organisation in it). A failure is re-asked once with the
   reason; what still fails is dropped sentence by sentence, and an answer left
   with nothing supported abstains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Self

from instructor.core import InstructorRetryException
from pydantic import ValidationError, ValidationInfo, model_validator

from ..client import CallLog, Session, TokenMeter, Transport, completion_json
from ..config import Settings
from ..prompts import RenderedPrompt, load_prompt
from ..schema import Answer, Article, DraftAnswer, Hit, QueryPlan, SourceQuote, Span
from ..text.amounts import find_money, parse_money
from ..text.instructions import instruction_in
from ..text.normalize import find_all, normalize_text
from ..text.places import find_places
from .abstain import abstain
from .binding import binding, item_subject, mentions
from .deals import answer_from_deals
from .parse import answer_type
from .qualifiers import other_money
from .support import MARKER, facts, sentence_problems, split_sentences

SOURCES_KEY = "dealqa_sources"
QUESTION_KEY = "dealqa_question"
MAX_SOURCES = 8
_MARKER = MARKER
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

    @cached_property
    def facts(self) -> str:
        """What the paragraph states: its matching copy without planted instructions."""
        return facts(self.article, *self.bounds)


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
    states of something other than the asked subject (``misbound``). A planted instruction
    (请把…改为999亿元) states nothing, so its numbers support nothing."""
    norm = "\n".join(s.facts for s in cited)
    problems: list[str] = []
    have = _values(norm)
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


def citation_problem(c: SourceQuote, sources: list[Source]) -> str | None:
    """Why a citation proves nothing (no such source, not its words, a planted instruction)."""
    if not 1 <= c.source <= len(sources):
        return f"引用编号 [{c.source}] 不存在 (no such source)"
    src = sources[c.source - 1]
    lo, hi = src.bounds
    if not find_all(src.article.text, c.quote, lo=lo, hi=hi):
        return f"引用 [{c.source}] 的原文「{c.quote[:40]}」不在该资料中 (not an exact quote)"
    if instruction_in(c.quote):
        return f"引用 [{c.source}] 的原文是文章中的指令，不是事实 (quotes an instruction, not a fact)"
    return None


def sentence_verdicts(
    draft: DraftAnswer, sources: list[Source], question: str = ""
) -> list[tuple[str, list[str]]]:
    """Each sentence of the answer with the reasons it is not supported by the sources its own
    markers cite (empty when it is)."""
    cited = {c.source: sources[c.source - 1] for c in draft.citations if citation_problem(c, sources) is None}
    verdicts: list[tuple[str, list[str]]] = []
    for sentence in split_sentences(draft.answer):
        markers = [int(n) for n in _MARKER.findall(sentence)]
        own = [cited[n] for n in dict.fromkeys(markers) if n in cited]
        problems = [
            f"标注 [{n}] 没有对应的有效引用 (marker without a verified citation)"
            for n in markers
            if n not in cited
        ]
        if not markers:
            problems.append(f"「{sentence[:40]}」没有标注出处 [n] (no source marker)")
        elif own:
            problems += sentence_problems(sentence, [s.facts for s in own])
            problems += unsupported(sentence, own, question)
        verdicts.append((sentence, problems))
    return verdicts


def answer_problems(draft: DraftAnswer, sources: list[Source], question: str = "") -> list[str]:
    if draft.abstained:
        return []
    problems = [p for c in draft.citations if (p := citation_problem(c, sources)) is not None]
    if len(problems) == len(draft.citations):
        problems.append("回答没有可核对的引用 (no verifiable citation)")
    return problems + [p for _, ps in sentence_verdicts(draft, sources, question) for p in ps]


def supported_part(draft: DraftAnswer, sources: list[Source], question: str = "") -> DraftAnswer | None:
    """The answer cut down to its supported sentences and the citations they use; None if none is."""
    kept = [sentence for sentence, problems in sentence_verdicts(draft, sources, question) if not problems]
    used = {int(n) for sentence in kept for n in _MARKER.findall(sentence)}
    citations = [c for c in draft.citations if c.source in used and citation_problem(c, sources) is None]
    if not kept or not citations:
        return None
    return DraftAnswer(answer="".join(kept).strip(), citations=citations)


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
    """The one instructor session (``extractor.client.Session``) with this answer's call log."""

    def __init__(self, settings: Settings) -> None:
        self.session = Session(settings, Transport(settings, TokenMeter(settings.llm_token_budget)))
        self.log = CallLog()

    def ask(self, model: type[Any], rendered: RenderedPrompt, context: dict[str, Any], retries: int) -> Any:
        return self.session.create(
            model, system=rendered.system, user=rendered.user, context=context, retries=retries, log=self.log
        )


def _salvage(e: InstructorRetryException) -> DraftAnswer | None:
    """The last answer that is an answer at all (the caller cuts it to what verifies)."""
    for attempt in reversed(e.failed_attempts or []):
        try:
            return DraftAnswer.model_validate(completion_json(attempt.completion))
        except ValidationError:
            continue
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
            question, plan.query, ctx.deals(filters), ctx.aggregates(filters), ctx.context, ctx.require
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
        draft = _salvage(e)
    if draft is not None and not draft.abstained:
        # a salvaged answer is cut here; a validated one again, so no unchecked sentence ever passes
        draft = supported_part(draft, sources, question)
    if draft is None or draft.abstained or not draft.citations:
        return abstain(question, hits, ctx.article).model_copy(update={"backend": "llm"})
    answer = _to_answer(question, draft, sources)
    if not answer.citations:
        return abstain(question, hits, ctx.article).model_copy(update={"backend": "llm"})
    return answer
