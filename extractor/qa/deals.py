"""The deals route: a typed query over stored deals, arithmetic done here, every row cited.

Filters come from the ``DealQuery`` (amount bounds, stage, place, industry,
investor, dates, keywords); the question text fills place and industry by
matching the names the stored deals actually use. Reported totals
(``Aggregate``) answer count and sum questions when one matches the question.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from ..filters import DealFilter, dedupe_groups
from ..render import format_cny, format_money
from ..schema import NOT_FOUND, STAGE_LABELS, Aggregate, Answer, Deal, DealQuery, Span
from ..text.lexicon import INDUSTRY, NARROW_STAGE_WORDS
from ..text.normalize import normalize_text
from ..text.places import find_places, parse_location
from .binding import firm_asked, item_subject, mentions
from .parse import days_in, kinds_asked, noun_terms, stage_of, years_in
from .premises import excepted, number_of, subset_premise, without_excepted
from .qualifiers import (
    EVENT,
    ONE_EVENT_POINTER,
    asks_period_total,
    counts_other_class,
    names_phase,
    part_of_year_before,
    period_missing,
    qualifier_clash,
    qualifier_missing,
)
from .records import Records, deal_places, record_fields, record_text
from .relevance import coverage, places_asked, present, variants
from .values import is_size_class

R = TypeVar("R", Deal, Aggregate)
# (source, paragraph) -> the normalised context of that paragraph (see relevance.context)
ContextOf = Callable[[str, int], str]
# Share of the question's topic words a record's context must carry.
AGGREGATE_TOPIC = 0.6
DEAL_TOPIC = 0.5

# The industry keywords extraction reads (lexicon.INDUSTRY), in its order: the first one the
# question names filters the deals.
INDUSTRY_WORDS = tuple(keyword for keyword, _ in INDUSTRY)


def known_places(records: Sequence[Deal | Aggregate]) -> set[str]:
    """The place names (and variants) the records state."""
    if isinstance(records, Records):
        return set(records.idx.places)
    return set().union(*(deal_places(r) for r in records)) if records else set()


def places_in_question(question: str, known: Iterable[str]) -> list[str]:
    """Place names the stored records use (``known``) that the question mentions (longest first)."""
    q = normalize_text(question)
    hits = [p for p in known if p in q]
    # drop a place that is only part of a longer one the question names
    return sorted((p for p in hits if not any(p != o and p in o for o in hits)), key=len, reverse=True)


def industry_in_question(question: str) -> str | None:
    return next((w for w in INDUSTRY_WORDS if w in question), None)


def _cny(deal: Deal) -> float:
    return deal.amount.cny or 0.0 if deal.amount else 0.0


def select(deals: Sequence[Deal], q: DealQuery) -> list[Deal]:
    """The deals that meet the query's conditions (the one ``DealFilter``, as the table uses)."""
    return DealFilter.from_query(q).select(deals)


def _label(deal: Deal) -> str:
    name = deal.project or "、".join(deal.investors) or "（未命名项目）"
    facts = [f for f in (format_money(deal.amount), STAGE_LABELS.get(deal.stage, "")) if f]
    if deal.location:
        facts.append(deal.location.text)
    return f"{name}（{'，'.join(facts)}）" if facts else name


def _cited_groups(groups: Sequence[Sequence[Deal]]) -> tuple[list[str], list[Span]]:
    """One text per group (its lead's label) with a citation of every report in it."""
    texts: list[str] = []
    spans: list[Span] = []
    number: dict[tuple[str, int, int, int, str, int | None], int] = {}  # citation number by span fields
    for group in groups:
        marks = ""
        for d in group:
            span = d.evidence[0]
            key = (span.source, span.paragraph, span.start, span.end, span.quote, span.page)
            if key not in number:
                spans.append(span)
                number[key] = len(spans)
            marks += f"[{number[key]}]"
        texts.append(f"{_label(group[0])}{marks}")
    return texts, spans


@dataclass
class Scope:
    """What the question restricts beyond the typed query: places, years, topic words."""

    places: list[str]
    years: list[str]
    topic: list[str]
    # the question itself, for its half-year, quarter, edition and phase (see binding.QUALIFIERS)
    question: str = ""

    @property
    def open(self) -> bool:
        """Whether the question restricts nothing: every record is in scope."""
        return not (self.places or self.years or self.topic or self.question)

    @cached_property
    def step(self) -> str | None:
        """The narrow step of a stage the question asks about (试生产), if any."""
        return next((w for w in NARROW_STAGE_WORDS if w in self.question), None)


def question_scope(question: str, q: DealQuery, known: Iterable[str]) -> Scope:
    """The question's scope; ``known``: the place names the stored records state."""
    named = [p for _, _, p in find_places(question)] + places_in_question(question, known)
    if q.place:
        named.append(q.place)
    places = [p for p in dict.fromkeys(named) if not any(p != o and p in o for o in named)]
    years = years_in(question)
    skip = {normalize_text(w) for w in [*places, q.industry or ""] if w}
    topic = [
        t
        for t in noun_terms(question)
        if not any(normalize_text(t) in w or w in normalize_text(t) for w in skip) and stage_of(t) is None
    ]
    return Scope(places, years, topic, question)


def _record_context(rec: Deal | Aggregate, context_of: ContextOf) -> str:
    """The record's fields and its paragraph's context, normalised for matching."""
    span = rec.evidence[0]
    return record_text(context_of(span.source, span.paragraph), normalize_text(record_fields(rec)))


# A span of years (2023—2026年): a period, which dates no event in it.
_YEAR_SPAN = re.compile(r"(?:19|20)\d{2}年?[—\-–~至到](?:19|20)\d{2}年?")


def in_scope(
    rec: Deal | Aggregate, scope: Scope, context_of: ContextOf, *, min_topic: float, norm: str | None = None
) -> bool:
    """Does the record speak of the question's places, years and topic (``norm``: its
    ``_record_context``, when the caller has it)?"""
    if scope.open:
        return True
    if norm is None:
        norm = _record_context(rec, context_of)
    return _text_in_scope(scope, norm, min_topic=min_topic) and _record_in_scope(rec, scope, norm)


def _text_in_scope(scope: Scope, norm: str, *, min_topic: float) -> bool:
    """The part of ``in_scope`` its normalised context and fields decide alone: over the record
    index it is asked before a record is parsed, and once per paragraph context (each check is of
    words found, so what the context alone passes, the record's text passes)."""
    if scope.question and qualifier_missing(scope.question, norm):
        return False  # asked about 二季度 or 第二届; the record is of none stated
    if any(d not in norm for d in days_in(scope.question or "")):
        return False  # 7月29日至8月4日那一周: not a record of the week after
    return coverage(scope.topic, norm, normalized=True) >= min_topic


def _record_in_scope(rec: Deal | Aggregate, scope: Scope, norm: str) -> bool:
    """The part of ``in_scope`` that needs the parsed record."""
    if scope.question and qualifier_clash(scope.question, rec.evidence[0].quote):
        return False  # asked about 第二届; the record is of another
    if scope.step is not None and scope.step not in rec.evidence[0].quote:
        return False  # asked which entered 试生产: one 竣工交付 is operating too, but not that step
    for place in scope.places:
        if not (present(place, norm) or variants(place) & deal_places(rec)):
            return False
        if isinstance(rec, Deal) and _placed_elsewhere(rec, place):
            return False  # 扎兰屯市 asked: a deal in 乌兰浩特市, in a paragraph that names both
    date = rec.date.value if isinstance(rec, Deal) and rec.date and rec.date.value else ""
    if scope.years:
        dated = _YEAR_SPAN.sub("", norm)  # 建设年限2023—2026年 is how long it builds, not when it happened
        if any(y not in dated and not date.startswith(y) for y in scope.years):
            return False
    return True


def _placed_elsewhere(deal: Deal, place: str) -> bool:
    """Whether the deal's own location is another place than ``place`` at a level both name
    (another county, city or province), and its sentence does not name ``place`` either."""
    if deal.location is None or present(place, normalize_text(deal.evidence[0].quote)):
        return False
    asked, own = parse_location(place), deal.location
    return any(
        a is not None and b is not None and a != b
        for a, b in ((asked.province, own.province), (asked.city, own.city), (asked.district, own.district))
    )


def _aggregate_fits(question: str, agg: Aggregate, q: DealQuery) -> bool:
    if not _aggregate_placed(question, agg):
        return False
    if q.stage is not None and agg.stage not in (q.stage, "other"):
        return False
    if agg.measure == "funds_in_place" and not re.search(r"到位", question):
        return False
    if agg.measure == "contracted_foreign_capital" and not re.search(r"外资", question):
        return False
    if q.operation == "count" and agg.count is None:
        return False
    own = _own_part(agg)
    if any(k not in own for k in kinds_asked(question)):
        return False  # 协议类项目有多少: not the whole event's 签约项目9个
    if q.industry and not any(w in own for w in _same_industry(q.industry)):
        return False  # 新能源项目有多少个: not the whole city's 签约项目186个 (旅游 asked, 文旅 said: one)
    if q.min_cny is not None or q.max_cny is not None:
        # with an amount bound, only a size class stated with that bound answers (9个10亿元以上项目)
        money = agg.amount
        bound = q.min_cny if q.min_cny is not None else q.max_cny
        if money is None or money.cny is None or abs(money.cny - (bound or 0)) > 1e-6 * money.cny:
            return False
    elif _size_class(agg):
        return False  # 2个百亿级项目 answers neither how many in all nor how much in total
    elif q.operation == "count" and counts_other_class(own, question):
        return False  # 一共签约了多少个项目: not 新签约亿元以上项目176个, the big ones only
    return not (q.operation == "sum" and agg.amount is None)


# The projects the articles give a sum for (给出金额的几个项目, 有具体金额的那些项目): not all of them.
_NAMED_ONES = re.compile(
    r"(?:给出|写明|公布)(?:了)?(?:具体)?(?:投资)?金额的[^，,？?]{0,4}?(?:几个|这些|那些|各)?项目"
    r"|有(?:具体)?(?:投资)?金额的[^，,？?]{0,4}?(?:几个|这些|那些)项目"
)


def _said_before(agg: Aggregate, context_of: ContextOf) -> str:
    """The total's own paragraph up to its quote (normalised; not the title and lead of its context,
    which may be a meeting's: 召开一季度…推进会)."""
    span = agg.evidence[0]
    text = normalize_text(context_of(span.source, span.paragraph))  # (a no-op on a normalised one)
    at = text.rfind(normalize_text(span.quote))
    return text[text.rfind("\n", 0, at) + 1 : at] if at >= 0 else ""


def _own_part(agg: Aggregate) -> str:
    """The total's quote from its clause before its count or sum up to that figure: what it counts
    (平江县新签约项目30个，其中工业项目12个: the 30 are no 工业项目)."""
    quote = agg.evidence[0].quote
    figures = [agg.amount.text] if agg.amount else []
    figures += [f"{agg.count}个"] if agg.count else []
    at = min((i for t in figures if (i := quote.find(t)) >= 0), default=-1)
    if at < 0:
        return quote
    start = max((m.end() for m in _PART_STOP.finditer(quote, 0, at)), default=0)
    return quote[start:at]


_PART_STOP = re.compile("[，,；;。]")


def _same_industry(word: str) -> list[str]:
    """The industry keywords that mean what ``word`` means (旅游 and 文旅: 文化旅游)."""
    labels = {label for keyword, label in INDUSTRY if keyword == word}
    return [word, *(keyword for keyword, label in INDUSTRY if label in labels)]


def _aggregate_placed(question: str, agg: Aggregate) -> bool:
    """Whether a total whose scope names its place (1—6月 宜春市) is of a place the question asks
    about: 宜春市's total is not 丰城市's or 樟树市's, nor 长沙市's 长沙县's."""
    own = [p for _, _, p in find_places(agg.scope or "")]
    if not own:
        return True  # a total that states no place is placed by its paragraph (in_scope)
    asked = places_asked(question)
    return not asked or any(_same_place(p, o) for p in asked for o in own)


_ADMIN_END = re.compile("(?:省|市|县|区|旗)$")


def _same_place(a: str, b: str) -> bool:
    """Whether two place names are one place: as written (丰城 ~ 丰城市), or one written with the
    places it is in (平江县 ~ 岳阳市平江县)."""
    # (read off the names: resolving them would load jionlp's resolver into a cold ask)
    x, y = normalize_text(a), normalize_text(b)
    short, long = sorted((x, y), key=len)
    level, other = _ADMIN_END.search(short), _ADMIN_END.search(long)
    if level and other and level.group() != other.group():
        return long.endswith(short)  # 长沙县 is not 长沙市; 岳阳市平江县 is 平江县
    ends = _ADMIN_END.sub("", long)  # 宜春市丰城市 → 宜春市丰城, which 丰城 ends
    return any(len(v) >= 2 and ends.endswith(v) for v in variants(short))


def _size_class(agg: Aggregate) -> bool:
    """Is the aggregate a size class (N个10亿元以上项目, 2个百亿级项目) rather than a total?"""
    if agg.amount is None:
        return False
    quote = agg.evidence[0].quote
    at = quote.find(agg.amount.text)
    return at >= 0 and is_size_class(quote, agg.amount.text, at + len(agg.amount.text))


def _from_aggregates(question: str, aggs: list[Aggregate], q: DealQuery) -> Answer:
    parts, spans = [], []
    for i, a in enumerate(aggs, 1):
        facts = []
        if a.count is not None:
            facts.append(f"{a.count}个项目")
        if a.amount is not None:
            facts.append(format_money(a.amount))
        scope = f"{a.scope}：" if a.scope else ""
        parts.append(f"{scope}{'，'.join(facts)}[{i}]")
        spans.append(a.evidence[0])
    q = q.model_copy(update={"target": "aggregates"})
    text = "；".join(parts) + "。"
    if q.operation == "sum" and _one_each(question, aggs):
        # 丰城市和樟树市的签约资金加起来: one total of each place asked, added up
        amounts = [a.amount for a in aggs if a.amount is not None]
        kinds = {m.kind for m in amounts} - {"exact"}
        hedge = "至少" if kinds == {"at_least"} else ("约" if kinds else "")
        text = f"合计{hedge}{format_cny(sum(m.cny or 0.0 for m in amounts))}：" + text
    return Answer(question=question, answer=text, route="deals", citations=spans, query=q)


def _one_each(question: str, aggs: Sequence[Aggregate]) -> bool:
    """Whether the totals are one per place the question asks (two or more), each in CNY."""
    asked = places_asked(question)
    if len(asked) < 2 or len(aggs) != len(asked):
        return False
    if any(a.amount is None or a.amount.cny is None or a.amount.currency != "CNY" for a in aggs):
        return False
    own = [[p for _, _, p in find_places(a.scope or "")] for a in aggs]
    return all(sum(any(_same_place(p, o) for o in places) for places in own) == 1 for p in asked)


def _firms_asked(question: str, deals: Sequence[Deal]) -> list[str]:
    """The firm the question opens with (``binding.firm_asked``) when some stored deal's investor
    holds it (湘铧新材料 of 湘铧新材料科技有限公司): the firm whose projects are asked about."""
    name = firm_asked(question)
    if name is None:
        return []
    if isinstance(deals, Records):
        return [name] if deals.invested_by(name) else []
    return [name] if any(name in investor for d in deals for investor in d.investors) else []


def _named_in(question: str, deals: Sequence[Deal]) -> list[Deal]:
    """The records whose project the question names in full (光大人工智能产业基地和…)."""
    asked = normalize_text(question)
    if isinstance(deals, Records):
        return deals.named(asked)
    return [d for d in deals if d.project and len(p := normalize_text(d.project)) >= 4 and p in asked]


def _names_any(deal: Deal, names: Sequence[str]) -> bool:
    """Whether the deal's project or an investor holds one of ``names`` (normalised); a name of a
    firm's project (澜美的厨房电器产业园) when each part is held by one of them."""
    own = [normalize_text(t) for t in (deal.project, *deal.investors) if t]
    return any(all(any(part in t for t in own) for part in n.split("的") if part) for n in names)


def _scope_terms(scope: Scope) -> list[set[str]]:
    """Groups of words a record's haystack must hold one of (each group) to be in ``scope``: each
    place, each year, and one topic word. Only a coarse first cut: ``in_scope`` decides."""
    groups = [set(variants(p)) for p in scope.places] + [{y} for y in scope.years]
    if scope.topic:
        groups.append(set().union(*(variants(t) for t in scope.topic)))
    return groups


def _scoped(records: Sequence[R], scope: Scope, context_of: ContextOf, *, min_topic: float) -> list[R]:
    """The records in the question's scope, in order. Over the store's record index, only the
    records that hold the scope's words are read at all."""
    if isinstance(records, Records):
        if scope.open:
            return list(records)
        return [
            r
            for r, norm in records.in_scope(
                _scope_terms(scope), admits=lambda norm: _text_in_scope(scope, norm, min_topic=min_topic)
            )
            if _record_in_scope(r, scope, norm)
        ]
    return [r for r in records if in_scope(r, scope, context_of, min_topic=min_topic)]


def answer_from_deals(
    question: str,
    q: DealQuery,
    deals: Sequence[Deal],
    aggregates: Sequence[Aggregate],
    context_of: ContextOf,
    require: Callable[[list[str]], None] | None = None,
) -> Answer | None:
    """The answer over stored records, or ``None`` when nothing matches (the caller falls back).

    ``require`` reads the articles of the given sources in a few batched reads (``NotFoundError``
    for one the store no longer holds); without it each cited paragraph is read in turn."""
    answer = _answer(question, q, deals, aggregates, context_of)
    if answer is not None and isinstance(deals, Records):
        # the index answered without reading the cited articles: read them now, so an article
        # removed since this generation's index was built is noticed (``NotFoundError``)
        if require is not None:
            require([span.source for span in answer.citations])
        else:
            for span in answer.citations:
                context_of(span.source, span.paragraph)
    return answer


def _answer(
    question: str,
    q: DealQuery,
    deals: Sequence[Deal],
    aggregates: Sequence[Aggregate],
    context_of: ContextOf,
) -> Answer | None:
    aside = excepted(question)
    asked = without_excepted(question) if aside else question
    if q.industry is None:
        q = q.model_copy(update={"industry": industry_in_question(asked)})
    scope = question_scope(asked, q, known_places(deals) | known_places(aggregates))
    group = subset_premise(question)
    firms = _firms_asked(question, deals)
    # 除了X，其他项目一共…: a reported total takes X in; only the records can leave it out
    # 报道给出金额的几个项目合计多少: the named ones, whose sum no reported total of all is
    wanted = q.operation in ("count", "sum") or q.target == "aggregates"
    # 甲项目一期二期加起来总投资多少: one named item's phases, which no reported total sums
    named_item = item_subject(asked) if q.operation == "sum" and names_phase(asked) else None
    if wanted and not aside and not _NAMED_ONES.search(asked) and named_item is None:
        matching = [
            a
            for a in _scoped(aggregates, scope, context_of, min_topic=AGGREGATE_TOPIC)
            # 湘铧新材料签了几个项目: one firm's projects, not the event's 签约项目18个
            if all(f in a.evidence[0].quote for f in firms)
            # 签约的12个项目中有几个…: the 12's own total is the premise, not the answer
            if (group is None or a.count is None or str(a.count) != number_of(group))
            and _aggregate_fits(question, a, q)
            # 今年全年签约了多少: not a figure under 1—9月，全市新签约…
            and part_of_year_before(question, _said_before(a, context_of)) is None
        ]
        # 一季度新签约多少: the total said of 一季度, not one meeting's in March of it
        dated = [a for a in matching if period_missing(question, a.evidence[0].quote) is None]
        if dated and period_missing(question, "") is not None:
            matching = dated
        if matching:
            return _from_aggregates(question, matching[:3], q)
    named = _named_in(question, deals) if q.operation == "sum" else []
    if len(dedupe_groups(named)) >= 2:
        rows = named  # A项目和B项目一共投资多少: exactly the projects the question names
    else:
        rows = select(_scoped(deals, scope, context_of, min_topic=DEAL_TOPIC), q)
    if named_item is not None:
        # 甲项目一期二期加起来: 甲's own record (its whole sum), not another of its firm's
        rows = [d for d in rows if d.project and mentions(named_item, d.project)]
    if rows and aside:
        others = [d for d in rows if not _names_any(d, aside)]
        if not others:
            # 除了瀚储，另一个是哪个: the records name only 瀚储's; the other one is not named
            _, spans = _cited_groups(dedupe_groups(rows))
            note = f"文中除{'、'.join(aside)}外没有点名其他符合所问条件的项目。"
            return _not_stated(question, q, note, spans)
        rows = others
    if not rows:
        return None
    rows.sort(key=lambda d: -_cny(d))
    # each project once, however many outlets reported it; cited by every report of it
    groups = dedupe_groups(rows)
    priced = [g for g in groups if g[0].amount and g[0].amount.cny is not None]
    if q.operation in ("max", "min"):
        if not priced:
            return None
        pick = (max if q.operation == "max" else min)(priced, key=lambda g: _cny(g[0]))
        texts, spans = _cited_groups([pick])
        word = "最大" if q.operation == "max" else "最小"
        text = f"投资额{word}的是{texts[0]}。"
        return Answer(question=question, answer=text, route="deals", citations=spans, query=q)
    if q.operation == "sum":
        if not priced:
            return None
        # a project the question takes in whose amount is no number (百亿级) is said, not dropped
        unpriced = [g for g in groups if not (g[0].amount and g[0].amount.cny is not None)]
        texts, spans = _cited_groups(priced + unpriced)  # one numbering for both parts
        if len(named) < 2 and _wider_total(rows, aggregates, places_asked(question), len(groups)):
            # 扎兰屯市一共签了多少钱: the article counts 呼伦贝尔市's 14 and names these; their sum
            # is no total of the place's
            note = f"文中点名的有{len(texts)}个：" + "；".join(texts) + "，未给出所问范围的合计。"
            return _not_stated(question, q, note, spans)
        leads = [g[0] for g in priced]
        kinds = {d.amount.kind for d in leads if d.amount} - {"exact"}
        hedge = "至少" if kinds == {"at_least"} else ("约" if kinds else "")
        total = format_cny(sum(_cny(d) for d in leads))
        text = f"合计{hedge}{total}（{len(priced)}个项目）：" + "；".join(texts[: len(priced)]) + "。"
        if unpriced:
            more = "；".join(texts[len(priced) :])
            text += f"另有{len(unpriced)}个项目未给出确切金额，未计入：{more}。"
        return Answer(question=question, answer=text, route="deals", citations=spans, query=q)
    texts, spans = _cited_groups(groups)
    if q.operation == "count" and asks_period_total(question):
        # 今年全年签约了多少项目: a year's count is stated or unknown; these are the named ones
        note = f"文中点名的有{len(texts)}个：" + "；".join(texts) + "，未给出所问时期的总数。"
        return _not_stated(question, q, note, spans)
    if q.operation == "count":
        kind = q.industry or kinds_asked(question)
        beyond = _counts_beyond(rows, aggregates, scope, context_of, len(groups))
        placed = places_asked(question) and not _ONE_EVENT_ASKED.search(question)
        if (kind or placed) and beyond:
            # 新能源项目一共有多少个: the article counts 186 of all kinds and names 2 of this kind,
            # which are then not all of them; 恩阳区落地了多少个: it counts 巴中市's 47 and names
            # one of 恩阳区's
            note = f"文中点名的有{len(texts)}个：" + "；".join(texts) + "，未给出所问项目的总数。"
            return _not_stated(question, q, note, spans)
        text = f"共{len(texts)}个：" + "；".join(texts) + "。"
        return Answer(question=question, answer=text, route="deals", citations=spans, query=q)
    # 共签约项目8个 and four named: the count the listed projects' own article states for more
    # (the projects of several articles: no one article's count covers them)
    one_article = len({d.evidence[0].source for d in rows}) == 1
    larger = _counts_beyond(rows, aggregates, scope, context_of, len(groups)) if one_article else []
    fitting = [a for a in larger if _aggregate_fits(question, a, q)]
    stated = max(fitting, key=lambda a: a.count or 0, default=None)
    if stated is None:
        text = f"共{len(texts)}个项目：" + "；".join(texts) + "。"
    else:
        # 共签约项目8个 and four named: the list is of the named ones, not all of them
        said = stated.evidence[0]
        # the count stated in a sentence already cited is cited by that sentence's number
        same = [
            i for i, sp in enumerate(spans) if sp.source == said.source and sp.start <= said.start < sp.end
        ]
        if not same:
            spans.append(said)
        mark = (same[0] if same else len(spans) - 1) + 1
        text = f"文中说共{stated.count}个项目[{mark}]，点名的有{len(texts)}个：" + "；".join(texts) + "。"
    return Answer(question=question, answer=text, route="deals", citations=spans, query=q)


# A question about one day or event (江川县5月8日签约了几个, 这次签约): its named projects may be all.
_ONE_EVENT_ASKED = re.compile(rf"{ONE_EVENT_POINTER}|{EVENT}|仪式|活动")


def _not_stated(question: str, q: DealQuery, note: str, related: list[Span]) -> Answer:
    """Not found, with what the records do say (``note``) and the records it comes from."""
    return Answer(
        question=question,
        answer=NOT_FOUND + note,
        abstained=True,
        route="deals",
        related=related,
        query=q,
        reason="fact_not_stated",
    )


def _wider_total(
    rows: Sequence[Deal], aggregates: Sequence[Aggregate], places: Sequence[str], listed: int
) -> bool:
    """Whether the rows' articles count more projects than ``listed`` for a place that holds one
    of ``places`` (扎兰屯市 asked, 呼伦贝尔市签约项目14个 said): the rows are some of them, and
    their sum is no total of the place asked."""
    sources = {d.evidence[0].source for d in rows}
    asked = [parse_location(p) for p in places]
    for a in aggregates:
        if a.count is None or a.count <= listed or a.evidence[0].source not in sources or not a.scope:
            continue
        held = [parse_location(p) for _, _, p in find_places(a.scope)]
        if any(
            h.city is not None and h.district is None and q.district is not None and q.city == h.city
            for h in held
            for q in asked
        ):
            return True
    return False


def _counts_beyond(
    rows: Sequence[Deal], aggregates: Sequence[Aggregate], scope: Scope, context_of: ContextOf, listed: int
) -> list[Aggregate]:
    """The totals the listed projects' own articles state, of their stages, for more projects
    than are listed."""
    sources = {d.evidence[0].source for d in rows}
    stages = {d.stage for d in rows}
    return [
        a
        for a in _scoped(aggregates, scope, context_of, min_topic=AGGREGATE_TOPIC)
        if a.count is not None and a.count > listed and a.evidence[0].source in sources and a.stage in stages
    ]

