"""Question answering with verified citations: ``ask``.

Two routes. *Deals*: a question that filters, counts, ranks or sums deals
becomes a typed ``DealQuery`` run over the stored records (arithmetic in
code, each row cited). *Passages*: everything else is answered from
retrieved paragraphs. With an LLM configured, the model fills the query and
writes the passage answer, and every citation and number it gives is checked
against the cited paragraphs; offline, rules do both. Either way, when the
articles don't carry the answer, the answer says so.
"""

from __future__ import annotations

import re
from typing import Any

from ..config import Settings, get_settings
from ..errors import NotFoundError
from ..schema import Answer
from .parse import parse_deal_query, route_of, written


def ask(
    question: str,
    *,
    k: int = 8,
    backend: str | None = None,
    filters: dict[str, Any] | None = None,
    settings: Settings | None = None,
) -> Answer:
    """Answer ``question`` from the ingested articles, citing the paragraphs that support it."""
    from .context import Context

    settings = settings or get_settings()
    name = settings.resolve_backend(backend)
    question = question.strip()
    for attempt in range(2):
        ctx = Context.open(settings)
        try:
            if name == "llm":
                from .llm import ask_llm

                return ask_llm(question, ctx, k=k, filters=filters, settings=settings)
            # read in written words, answered as asked
            answer = ask_rules(written(question), ctx, k=k, filters=filters)
            return answer.model_copy(update={"question": question})
        except NotFoundError:
            # an article removed while this answer read the store's previous generation: answer
            # once more from the store as it is now (any other miss can't be helped by a retry)
            if attempt or ctx.store.generation() == ctx.generation:
                raise
    raise AssertionError("unreachable")


def prepare(settings: Settings | None = None, *, serving: bool = False) -> None:
    """Load or build now what answers otherwise read on first use: the store's record index of its
    current generation (built once per write, then saved for every later reader) and jionlp's
    place tables (half a second). A write run calls it last; a server calls it while warming up,
    with ``serving``: it also loads jieba's whole dictionary (0.6 s), which a process switches to
    once it has tagged a few pages of questions and passages, else in the middle of some question."""
    from ..text.places import parse_location
    from ..text.segment import load_whole_dictionary
    from .context import Context

    Context.open(settings or get_settings()).records()
    parse_location("北京市")
    if serving:
        load_whole_dictionary()


def ask_rules(question: str, ctx: Any, *, k: int = 8, filters: dict[str, Any] | None = None) -> Answer:
    from .abstain import abstain
    from .deals import answer_from_deals
    from .parts import combine, names_no_project, split_question, unknown_referent
    from .passages import answer_from_passages
    from .recorded import answer_from_record

    if not question:
        return abstain(question, [], ctx.article)
    parts = split_question(question)
    if len(parts) > 1:
        # each part read over the whole question's context (its names, places and years)
        hits = ctx.search(question, k=k, filters=filters)
        answers: list[Answer] = []
        for i, p in enumerate(parts):
            if unknown_referent(p, parts[:i], answers):
                answers.append(abstain(p, [], ctx.article, reason="subject_not_found", note=_UNNAMED))
                continue
            # a part without its own subject continues the previous one: look near its answer first
            near = next((a.citations[0] for a in reversed(answers) if a.citations), None)
            found = answer_from_passages(question, hits, ctx.article, part=p, near=near)
            if found.abstained and found.reason in _RECORD_MAY_ANSWER:
                found = answer_from_record(question, ctx.deals(filters), part=p) or found
            if names_no_project(p, found):
                # 主会场项目是什么 answered by a sentence naming no project: unanswered, and so is
                # what the next part asks of it (its 投资多少 is not the ceremony's total)
                found = abstain(p, [], ctx.article, reason="fact_not_stated", related=found.citations[:1])
            answers.append(found)
        return combine(question, parts, answers)
    if route_of(question) == "deals":
        query = parse_deal_query(question)
        deals, aggregates = ctx.deals(filters), ctx.aggregates(filters)
        answer = answer_from_deals(question, query, deals, aggregates, ctx.context, ctx.require)
        asked = answer.query if answer is not None else None
        firms_asked = _FIRMS_COUNTED.search(question) is not None
        if asked is not None and asked.operation == "count" and asked.target == "aggregates" and firms_asked:
            # 迎来了多少家企业: a count of firms is said in words (20余家企业实质落地) the records don't keep
            return answer_from_passages(question, ctx.search(question, k=k, filters=filters), ctx.article)
        if asked is not None and asked.operation == "count" and asked.target == "deals":
            # a count the article states (引进40余家) beats a count of the records we extracted
            stated = answer_from_passages(question, ctx.search(question, k=k, filters=filters), ctx.article)
            if not stated.abstained or firms_asked:
                # 多少家企业: our records are projects, not firms; only a stated count answers
                return stated
        if asked is not None and asked.operation in ("max", "min"):
            # 单体最大项目是哪个: a superlative the article states (…是全县签约的单体投资最大项目)
            # beats one computed over the records extracted, which may miss or mis-stage one
            stated = answer_from_passages(question, ctx.search(question, k=k, filters=filters), ctx.article)
            superlative = _SUPERLATIVE[asked.operation]
            if not stated.abstained and any(superlative.search(c.quote) for c in stated.citations):
                return stated
        if answer is not None:
            return _period_checked(question, answer, ctx.article)
    hits = ctx.search(question, k=k, filters=filters)
    found = answer_from_passages(question, hits, ctx.article)
    if found.abstained and found.reason in _RECORD_MAY_ANSWER:
        # 项目名称：…/投资额：… on lines of their own: no one sentence holds both, the record does
        return answer_from_record(question, ctx.deals(filters)) or found
    return found


# An abstention a deal record may still answer: the fact or the subject was not found in one
# statement; never one that found the statement about another time, phase or premise.
_RECORD_MAY_ANSWER = (None, "fact_not_stated", "subject_not_found")


def _period_checked(question: str, answer: Answer, article_of: Any) -> Answer:
    """A deals answer stands only if its articles name the question's period (1-7月, 上半年, 二期):
    a record of 1-6月 or of one day's signing does not answer for 1-7月."""
    from .abstain import abstain
    from .parse import years_in
    from .qualifiers import qualifier_missing, year_mismatch
    from .relevance import report_year

    if answer.abstained or not answer.citations:
        return answer
    texts = " ".join(article_of(c.source).text for c in answer.citations)
    missing = qualifier_missing(question, texts)
    if missing is None and answer.query is not None and answer.query.target == "aggregates":
        # 2024年签约了多少: a total whose sentence (or, naming none, its report) is of 2023 is not
        years = years_in(question)
        for c in answer.citations:
            article = article_of(c.source)
            missing = year_mismatch(years, c.quote, article.published, report_year(article, c.paragraph))
            if missing is not None:
                break
    if missing is None:
        return answer
    related = list(answer.citations[:3])
    note = f"文中没有{missing}的数据" if not missing.endswith("年") else f"文中只有{missing}的数据"
    return abstain(question, [], article_of, "deals", reason="time_mismatch", note=note, related=related)


_SUPERLATIVE = {"max": re.compile("最大|最高|最多"), "min": re.compile("最小|最低|最少")}
_UNNAMED = "前一问所问的内容文中未找到，这一问无从回答"
_FIRMS_COUNTED = re.compile("多少家|几家|家企业|个企业|企业数")

__all__ = ["ask"]
