"""The offline passages route: the best sentence that carries the question's terms and answer type.

A sentence answers a question when (1) its paragraph carries the question's
anchor terms (names and specific nouns), (2) the sentence itself carries most
of the question's content words, and (3) it holds a value of the type the
question asks for (an amount for 投资多少, a count for 多少个, an organisation
for 哪家, a place for 哪里, a date for 什么时候). Otherwise we abstain.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from ..schema import STAGE_PROGRESS, Answer, Article, Hit, Span
from ..text.amounts import find_money, parse_number
from ..text.dates import mask_datelines
from ..text.instructions import instruction_in
from ..text.lexicon import (
    CLAIMS,
    CN_NUMERAL,
    COURT,
    DENIAL,
    FUTURE_CLAUSE,
    FUTURE_NEAR,
    GOAL_LEAD,
    HEARSAY,
    INDUSTRY,
    INVESTMENT,
    LEGAL_ORG_END,
    NOT_DEAL,
    PLAN_ASKED,
    PLAN_TARGET,
    PROGRESS_TIME,
    STAGE_CUES,
    STAGE_OF_WORD,
    TRUTH_ASKED,
    UNDONE,
    WORK_TARGET,
    ZONE_SUFFIX,
    alternation,
)
from ..text.lexicon import (
    GENERIC as GENERALISING,
)
from ..text.normalize import normalize_text
from ..text.paragraphs import is_table_row
from ..text.places import find_places, parse_location
from ..text.sentences import sentence_spans
from .abstain import Miss, MissKind, explained, miss
from .binding import (
    NAMED_ITEM,
    actor,
    another_item_before,
    binding,
    firm_asked,
    item_between,
    item_in_part_before,
    item_subject,
    mentions,
    same_sentence,
)
from .parse import (
    GENERIC,
    AnswerType,
    amount_bounds,
    anchor_terms,
    answer_type,
    days_in,
    is_why,
    key_terms,
    kinds_asked,
    noun_terms,
    organisations,
    premise_verbs,
    stage_of,
    stage_pattern,
    years_in,
)
from .parts import each_subject
from .premises import count_fits, number_of, premise_numbers, states_group, subset_premise
from .qualifiers import (
    MONTH_SPAN,
    SIZE_CLASS,
    WHOLE_ASKED,
    counts_other_class,
    cumulative_for_period,
    measure_mismatch,
    names_phase,
    part_of_year_before,
    period_missing,
    phase_before,
    qualifier_clash,
    qualifier_missing,
    running_total_for_event,
    size_classes,
    without_phases,
    year_mismatch,
    year_possible,
)
from .relevance import (
    asked_abroad,
    context,
    coverage,
    is_place,
    place_cores,
    places_asked,
    present_in,
    report_year,
    section_below,
    section_heading,
    site_elsewhere,
    whole_area,
    zone_of_named_city,
)
from .values import (
    PART_END,
    clause_at,
    enumerates,
    names_items,
    org_names,
    pair_asked,
    pair_sum,
    place_denied,
    sentence_at,
    typed_values,
    value_in,
)

# 哪些项目, 三个项目分别是: a list of named projects or firms; 哪些问题: any list will do.
_LISTED_NOUN = re.compile(
    r"(?:哪些|哪几个?|哪几家)([\u4e00-\u9fff]{1,4})|([\u4e00-\u9fff]{2})(?:分别是|都有)"
)
_ITEM_NOUN = re.compile(r"项目|企业|公司|机构|单位|家|个|谁")
_CAUSE = re.compile(r"因为|由于|原因|为了|导致|所以|鉴于|因此|因而|是因|源于|出于")
# A plan or a wish (extraction's future cues): not something that happened.
_PLAN = re.compile(alternation((*FUTURE_CLAUSE, *FUTURE_NEAR)))
# A target or a plan (力争上半年新签约项目60个以上): its figures are no report of what was done.
_TARGET = re.compile(alternation(PLAN_TARGET))
_TARGET_ASKED = re.compile(alternation(PLAN_TARGET + PLAN_ASKED))

# Kinds whose sentence must name the asked event (when it started, not when it was signed); for
# the others the event only picks the paragraph (签约项目中落在吴江区的是哪几个).
_EVENT_IN_SENTENCE = ("date", "count", "amount", "quantity", "project", "org")
# The subject's own figure, not the whole's: 单独, 各自 against 共, 合计.
_SIZE_CLASS = re.compile(r"\d+(?:\.\d+)?[万亿]元?以上")
# A size class right after a count (6个50亿元以上项目, 3个百亿级项目).
_CLASS_NEXT = re.compile(rf"\s*(?:{SIZE_CLASS})")
_SPEECH_ASKED = re.compile(r"发言|致辞|讲话")
_SPEECH = re.compile(r"发言|致辞|讲话|表示|说|介绍|称")
_OWN = re.compile(r"单独|各自|自己|本身")
# A yes-or-no question (落户了吗, 是否签约) and what says no (经核实…不实, 双方未签订任何投资协议).
_YES_NO = re.compile(r"了吗|是否|有没有|了没有|没有[？?]?$|吗[？?]?$")
_DENIAL = re.compile(alternation(DENIAL))
DENIAL_BONUS = 1.0
_RUMOUR_ASKED = re.compile(alternation(HEARSAY + TRUTH_ASKED))
# A firm's legal ending, which a story may leave out after naming it once.
_LEGAL_END = re.compile(f"(?:{alternation(LEGAL_ORG_END)})$")
# Talks still going on: what is asked to have happened (签约, 开工) has not.
_IN_TALKS = re.compile(r"洽谈中|正在洽谈|仍在洽谈|尚在洽谈|还在洽谈|洽谈阶段")
# A stage said that talks can't undo (已建成投产, 开工): the project got further than talks.
_PAST_TALKS = [w for s in ("signed", "landed", "started", "operating") for w in STAGE_CUES[s] if len(w) > 1]
_FURTHER_THAN_TALKS = re.compile(alternation(_PAST_TALKS))
# A window that itself asks (…的电池厂？有知道内情的吗).
_ASKS = re.compile(r"(?:[？?]|吗|呢)[\s”\"」]*$")
# What someone says they heard: a claim, not a report (听我亲戚说, 网传).
_CLAIMED = re.compile(rf"{alternation(HEARSAY)}|听[^，,。；;！？!?]{{0,8}}说")
_ASKED = re.compile(r"[？?]\s*$")
PERIOD_BONUS = 0.5
# A title's figures are its story's: the body's sentence stating the same, in full, is cited first.
HEADLINE_COST = 1.0
# Any stage word: a date's clause that says one says when that happened.
_ANY_EVENT = re.compile(alternation([w for words in STAGE_CUES.values() for w in words if len(w) > 1]))
_WHOLE = re.compile(r"共|合计|总计|累计|全部")
# What a quantity is measured in, by what is asked: an area, a duration.
_UNIT_OF = (
    (re.compile(r"占地|面积|用地"), re.compile(r"亩|公顷|平方|平米|㎡")),
    # a duration, whole: 9个月, 18天 (not 去年6月, a date, nor 6月签)
    (
        re.compile(r"多长时间|多久|多少天|几天"),
        re.compile(r"^[\d一二两三四五六七八九十百半]+(?:\.\d+)?(?:多|余)?(?:个月|个多月|天|日|年|小时|周|个星期|星期)$"),
    ),
)
# When, not what: 上半年 in 上半年净利润多少 does not say which figure is asked.
_PERIOD_WORD = re.compile(r"\d{4}年|今年|去年|明年|[上下]半年|全年|.{0,2}季度|\d{1,2}月|.{0,2}月份")
MIN_SENTENCE_COVERAGE = 0.5
MIN_CONTEXT_COVERAGE = 0.5
MAX_CITATIONS = 2
# How much a later part of a question prefers the sentence (or paragraph) that answered the part before.
NEAR_BONUS = 1.0
# Per step of a project's stages (意向 < 签约 < 落地 < 开工 < 投产): among equally relevant sentences,
# the one stating the furthest stage says where the project is now.
STAGE_STEP = 0.02  # at most 0.1 (投产 over 其他): a tie-break within a runner-up's margin
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
    at: int = -1  # the value's offset in the window, when it has one
    # a yes-or-no question's window that says no or yes: how the answer says it (尚未签约。/ 已投产。)
    says: str | None = None


def subject_anchors(question: str) -> list[str]:
    """The names a statement about the question's subject must carry: jieba's names, or for a
    question whose names jieba does not know (椰林生物科技有限公司的天然胶乳制品项目), its firm's
    written name without the legal ending."""
    return anchor_terms(question) or [
        _LEGAL_END.sub("", o) for o in org_names(question) if _LEGAL_END.search(o) and "哪" not in o
    ]


def _about_subject(window: str, anchors: list[str]) -> bool:
    """For who/where/when questions the sentence itself must name the subject, not just its context."""
    subjects = [a for a in anchors if not is_place(a)] or anchors
    return not subjects or any(present_in(a, window) for a in subjects)


def _windows(article: Article, n: int) -> list[tuple[int, int]]:
    """Single sentences and pairs of neighbouring sentences of paragraph ``n``; a sentence that
    instructs the reader (``请把…改为…``) is never quoted as an answer."""
    p = article.paragraph(n)
    spans = sentence_spans(article.text, p.start, p.end)
    pairs = [(a[0], b[1]) for a, b in pairwise(spans)]
    # a question (记者：…是真的吗？) is never quoted alone as an answer
    asked = [(a, b) for a, b in spans if _ASKED.search(article.text, a, b)]
    kept = [(a, b) for a, b in spans + pairs if (a, b) not in asked]
    return [(a, b) for a, b in kept if not instruction_in(article.text, a, b)]


# Before a sum, these make it a threshold asked about (超过10亿元了吗), not a sum named.
_THRESHOLD_BEFORE = re.compile("(?:超过|超|过|达到|达|突破|大于|高于|不少于|不低于|逾)$")


def _sums_in(text: str) -> list[float]:
    return [m.money.cny for m in find_money(text) if m.money.cny]


def _states_sums(window: str, sums: list[float]) -> bool:
    """Whether ``window`` states each sum a yes-or-no question names (那9.8亿元是…吗, 投了45个亿吗)."""
    stated = _sums_in(window) if sums else []
    return all(any(abs(x - y) <= 1e-6 * max(x, y) for y in stated) for x in sums)


def _below(window: str, floor: float) -> bool:
    """Whether every sum ``window`` states is below ``floor`` (a size class asked: 百亿级)."""
    stated = _sums_in(window)
    return bool(stated) and all(x < floor for x in stated)


# 魔芋和茶叶产业, 文旅、康养两大行业: two things a figure is asked of together.
_JOINED_TOPICS = re.compile(
    r"([\u4e00-\u9fff]{2,4}?)[和与及、]([\u4e00-\u9fff]{2,4}?)(?:两大|两个)?(?:特色|主导|重点|优势)?"
    r"(?:产业|行业|领域|板块)"
)


def _joined_topics(question: str) -> tuple[str, ...]:
    """The two things a question asks one figure of (魔芋和茶叶产业): a figure answers only if its
    clause names both."""
    for place in places_asked(question):
        question = question.replace(place, "，")  # 建始县魔芋和…: the topic starts after the place
    m = _JOINED_TOPICS.search(question)
    return (m[1], m[2]) if m else ()


_CURRENCY_ASKED = re.compile(
    r"(?:折合|合)?(?P<unit>人民币|美元)(?:是|为|有)?(?:多少|几)|多少(?:万|亿)?(?P<u2>人民币|美元)"
)


def _other_currency(question: str, value: str) -> bool:
    """Whether the question asks the sum in one currency (折合人民币, 多少美元) and ``value`` is in
    another."""
    asked = _CURRENCY_ASKED.search(question)
    if asked is None:
        return False  # (投资1.2亿美元的那个项目…: 美元 names the project, it asks no unit)
    dollars = "美元" in value
    return dollars if (asked["unit"] or asked["u2"]) == "人民币" else not dollars


# What a question's figure is of, not what it asks about it (产业, 招商, 投资…).
_NOT_TOPIC = {*GENERIC, "产业", "行业", "领域", "招商", "引资", "招商引资", "资金", "钱"}


def _topic_of_another(question: str, clause: str, sentence: str) -> bool:
    """Whether an amount's clause names an item of its own (总投资12亿元的楚岭…风电场项目签约落户)
    while what the question asks about (魔芋 of 魔芋产业) is only elsewhere in the sentence."""
    places = places_asked(question)
    topics = [t for t in noun_terms(question) if t not in _NOT_TOPIC and not any(t in p for p in places)]
    said = [t for t in topics if t in sentence]
    return bool(said) and not any(t in clause for t in said) and NAMED_ITEM.search(clause) is not None


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
    published: str | None = None,
    reported: str | None = None,
    before: str = "",
    title: str = "",
) -> MissKind | None:
    """Why the value at ``at`` does not answer the ``asked`` part of ``question`` (``None``: it does);
    ``before`` is the paragraph's text before ``window``, ``title`` its article's title."""
    start, end = clause_at(window, at)
    if kind == "amount":
        bound = binding(window, subject, at, named_before=named_before) if subject is not None else "bound"
        if bound != "bound":
            return bound
        if measure_mismatch(asked, window[start:end]):
            return "absent"  # asked for funds in place; the clause states a plan (计划总投资)
    elif subject is not None and not same_sentence(window, subject, at, named_before=named_before):
        return "absent"
    if kind == "quantity" and measure_mismatch(asked, window[start:end]):
        return "absent"  # asked how much tax; the clause states the output value (年产值约20亿元)
    each = each_subject(question, asked)  # 甲市、乙市各签了几个: one part per place
    if kind in ("count", "amount") and (_OWN.search(question) or each):
        said = sentence_at(window, at)
        if _WHOLE.search(said[: said.find(value) + len(value)]):
            return "group"  # 甲市单独签了几个: 活动共签约59个 is the whole event's
        lead = each or _leading_place(question)
        if lead and not present_in(lead, said):
            return "absent"  # its own figure is stated with its name, not in the next sentence
    if kind in ("count", "quantity") and any(
        c not in sentence_at(window, at) for c in _SIZE_CLASS.findall(asked)
    ):
        return "absent"  # 10亿元以上的有多少个: a count of that class, stated with it
    signing = _SIGNING_ASKED.search(question) is not None
    if kind in ("count", "amount") and signing and _only_intended(sentence_at(window, at)):
        return "absent"  # 签了几个项目？各投多少: not 达成合作意向，拟投资约2亿元
    numeric = kind in ("count", "amount", "quantity")
    # the kind is said in the value's part of its sentence (全县签约工业项目12个，总投资86亿元)
    upto = window[_sentence_start(window, at) : at]  # the value's sentence before it
    part = upto[max((m.end() for m in _SEGMENT_END.finditer(upto)), default=0) :] + value
    if numeric and any(c not in part for c in kinds_asked(asked)):
        return "absent"  # 协议类项目有多少: 协议类项目5个 or 协议金额42.6亿元, not the whole event's 9个
    clause = window[start:end]
    if kind == "amount" and _other_currency(asked, value):
        return "absent"  # 折合人民币是多少: 4860万美元 is not said in yuan
    if kind == "amount" and subject is None and _topic_of_another(asked, clause, sentence_at(window, at)):
        return "absent"  # 魔芋产业…多少投资: 总投资12亿元的…风电场项目 is that project's, not 魔芋's
    if numeric and any(t not in part and t not in clause for t in _joined_topics(asked)):
        return "absent"  # 魔芋和茶叶产业引进了多少投资: a figure of both, not a project of one
    if kind == "count" and counts_other_class(part, asked):
        return "absent"  # 签约了几个项目: not 新签约5000万元以上项目18个, the big ones only
    if kind in ("count", "amount", "quantity") and number_of(value) in premise_numbers(question):
        return "premise"
    sentence = sentence_at(window, at)
    if kind == "amount" and _EACH_ASKED.search(asked) and _group_total(window[start:at], sentence, value):
        return "group"  # 各投多少: each item's own sum, not 总投资87.2亿元 of them all
    head = sentence[: sentence.find(value)]
    # (实际利用外资5860万美元。 after 全市…。: a sentence with no place of its own goes on with the last)
    going_on = not find_places(head) and not _WHOLE_AREA.search(head)
    last = _last_sentence(before + window[: _sentence_start(window, at)]) if going_on else ""
    wider = _wider_area(question, head) or (going_on and _wider_area(question, last + head))
    if kind in ("count", "amount") and (wider or _narrower_area(question, head)):
        # asked about 甲县, 全市新签约…1386亿元 is the whole city's; asked about 十堰,
        # 张湾区一季度签约项目9个 is one district's
        return "group"
    if kind in ("count", "amount") and _beside_area(question, head):
        return "absent"  # asked about 万载县, 丰城市签约项目41个、签约资金226.5亿元 is 丰城市's
    earlier = before + window[: _sentence_start(window, at)]
    if kind in ("count", "amount") and _whole_of_another(question, head, earlier):
        return "absent"  # asked about 泸州, 乐山市…集中开工活动…。全市集中开工项目32个 is 乐山's
    if kind in ("count", "amount") and _as_of_clash(question, sentence):
        return "time"  # 截至5月底累计完成多少: 截至6月20日… is another day's figure
    claimed = _CLAIM.search(sentence) and _COURT.search(window)
    if kind in ("amount", "quantity") and claimed and not _CLAIM.search(question):
        return "absent"  # …1.86亿元…请求驳回…诉讼请求: a party's claim in court, not the court's finding
    if kind == "amount" and _other_count(question, head):
        return "absent"  # 那3个项目总投资多少: 实际新签约项目16个，协议投资额81.5亿元 is another group's
    if qualifier_clash(asked, sentence) is not None:
        return "time"  # asked 二季度, this sentence reports 三季度
    # (a report's title dates all of it: …前三季度招商引资工作情况报告; not a meeting's, 召开一季度…推进会)
    report = title if _REPORT_TITLE.search(title) else ""
    if kind in ("count", "amount") and part_of_year_before(question, f"{report}\n{before}{window[:at]}"):
        return "time"  # asked 全年, the paragraph (or the report) is of 1—9月 up to here
    cut = sentence.find(value) + len(value)
    if kind == "amount" and phase_before(asked, sentence[:cut], sentence[cut : cut + end - at - len(value)]):
        return "phase"  # asked 二期, the sentence states the whole project's sum (or 一期's)
    if kind in ("project", "org", "place", "date") and _amount_unstated(question, sentence):
        return "sum"  # 签约的120亿元项目是什么: a project stated with that sum, or none
    if year_mismatch(_asked_years(question, asked), sentence, published, reported):
        return "time"  # asked about 2022, the sentence (or its article) is about 2023
    dated = kind == "date"
    if kind in ("amount", "date", "place") and subject and item_in_part_before(window, subject, at):
        return "absent"  # 甲项目…计划今年三季度开工；…签订乙项目合作协议: 今年 is 甲's
    if kind in ("amount", "date") and subject is not None and item_between(window, subject, at, after=dated):
        return "absent"  # 甲项目于3月开工；乙项目于5月建成投产: 5月 is 乙's
    if kind in ("org", "project") and _THE_OTHER.search(asked) and "另" not in window[start:end]:
        return "absent"  # 另一家意向投资人是哪家: not the one chosen, named beside it
    if kind == "date":
        # 哪天来对接的: the date stated with 对接 (within a few clauses), not the report's own date
        near = window[max(0, at - 60) : at + len(value) + 60]
        verbs = [v for v in premise_verbs(asked) if not (subject and v in subject)]
        if not all(present_in(v, near) for v in verbs):
            return "absent"
        asked_event = stage_pattern(asked)
        clause = window[start:end]
        if asked_event is not None and not asked_event.search(clause) and _ANY_EVENT.search(clause):
            return "absent"  # 什么时候投产: not the date of its clause's 签约
        unquoted = _QUOTED.sub("", sentence) if _DENIAL.search(sentence) else sentence
        if asked_event is not None and not asked_event.search(unquoted):
            # 什么时候开工: not 7月4日，…发布情况说明称…网传“年内开工”等内容不实 (a start only quoted)
            return "absent"
    if (
        kind in ("org", "person")
        and _SPEECH_ASKED.search(asked)
        and not _SPEECH.search(sentence_at(window, at))
    ):
        return "absent"  # 谁代表企业发言: someone who spoke, not everyone who attended
    lead = _leading_place(asked)
    if kind in ("project", "org") and lead and not present_in(lead, window[start:end]):
        return "absent"  # 甲县签了什么项目: the project named in 甲县's clause, not the list's first
    said = sentence[: sentence.find(value) + len(value)]
    if kind in ("project", "org", "place") and re.search("了|已", asked) and _PLAN.search(said):
        return "plan"  # asked what it built; the sentence hopes it will (希望…早日布局生产基地)
    if kind in ("count", "amount") and _TARGET.search(said) and not _TARGET_ASKED.search(question):
        return "plan"  # asked how many were signed; the sentence sets a target (力争…60个以上)
    if kind == "amount" and _asked_base(asked, window[start:at]):
        return "absent"  # 一期投资了多少: 在一期项目基础上追加投资3亿元 is what is added on it, not its sum
    if kind in ("count", "amount") and _GENERALISED.search(window, start, at):
        return "absent"  # 其在北方建设的试车场投资一般在3亿元左右: what such works cost, no one's sum
    if kind in ("count", "amount") and "签" in asked and _FORMAL_TO_COME.search(sentence):
        return "plan"  # 签约投资额: 框架协议，计划投资10亿元以上，待…签订正式投资协议 signed no investment
    targets = _GOAL_LEAD.search(_paragraph_so_far(before + window[:at])) and not _PROGRESS_TIME.search(said)
    if kind in ("count", "amount") and targets and not _TARGET_ASKED.search(question):
        return "plan"  # 主要预期目标是：…；全年新签约项目50个以上: the paragraph sets targets
    if kind == "count" and not count_fits(
        asked, value, window[start:end] + _counted_phrase(window, at, value)
    ):
        return "absent"
    if kind == "quantity" and any(q.search(asked) and not u.search(value) for q, u in _UNIT_OF):
        return "absent"  # 占地多少 is answered in 亩 or 公顷, 多长时间 in days or months
    if kind == "quantity" and not _asked_in(asked, window[start:end]):
        return "absent"  # 销售额有多少: the number of the clause that says 销售额
    if (group := subset_premise(question)) and group in normalize_text(sentence):
        return "premise"
    if cumulative_for_period(question, window[start:end], sentence):
        return "cumulative"
    if kind in ("count", "amount") and _industrys_figure(question, upto, value):
        return "group"  # 签约了多少项目: not 全市签约锂电新能源产业链项目58个, one industry's
    if kind == "count" and not size_classes(asked) and _CLASS_NEXT.match(window, at + len(value)):
        return "group"  # 签约了多少项目: not 6个50亿元以上项目, one size class of them
    if kind == "count" and _UNDONE.search(window, at, end) and not _UNDONE.search(question):
        return "absent"  # 签约了多少项目: not 上半年签约项目中尚有87个未开工
    if kind in ("count", "amount") and running_total_for_event(question, _figures_run(upto)):
        return "cumulative"  # 3月28号那场集中签约: not 今年1—3月，全市累计签约…
    return None


# A sentence that opens by pointing back at the project just named.
_POINTS_BACK = re.compile(r"\s*(?:[^，,。；;]{0,6}[，,：:])?(?:该|此|这个|这一|其)?项目")  # 经核查，该项目…


def _named_lately(subject: str, article: Article, n: int, at: int) -> bool:
    """Whether one of the two sentences before ``at`` (in paragraph ``n``, or ending the paragraph
    before it: a heading) names ``subject``: only then can 该项目 or 这个项目 there mean it, not a
    project named once early in a long one-paragraph story."""
    return mentions(subject, _lately(article, n, at))


def _placed_by_its_namers(
    asked: str, subject: str, stated: str, article: Article, n: int, start: int
) -> str | None:
    """Where the sentences that named ``subject`` put it, for a ``stated`` value (at ``start`` in
    the text) that neither names it nor states a place of its own: the place, when every one of the
    two sentences before that names it puts it elsewhere than the question and none names the asked
    place (位于滕州市的瀚储科技…, asked 薛城区); None when one of them agrees or states no site
    (…落户薛城区。…总部位于深圳市。)."""
    if mentions(subject, stated) or find_places(stated):
        return None
    namers = [x for x in _sentences_before(article, n, start) if mentions(subject, x)]
    if any(p in normalize_text(x) for p in places_asked(asked) for x in namers):
        return None  # 在上海签约，项目选址薛城区: the asked place is said of it too
    sites = [site_elsewhere(asked, x) for x in namers]
    return sites[-1] if sites and all(sites) else None


def _lately(article: Article, n: int, at: int) -> str:
    """The two sentences before ``at`` in paragraph ``n`` (or ending the paragraph before it)."""
    return "".join(_sentences_before(article, n, at))


def _sentences_before(article: Article, n: int, at: int) -> list[str]:
    """``_lately``'s two sentences, each on its own."""
    para = article.paragraph(n)
    before = article.text[para.start : at]
    if n > 1 and article.paragraph(n - 1).kind != "boilerplate":
        before = article.paragraph_text(n - 1) + "\n" + before
    return [x for x in re.split(r"(?<=[。！？!?\n])", before) if x.strip()][-2:]


# 那3个只签了框架协议的项目, 这5个项目: a count of projects the question names.
_ASKED_COUNT = re.compile(r"(?P<n>\d+|[一二两三四五六七八九十]+)个[^，,。？?]{0,24}?项目")
_SAID_COUNT = re.compile(r"(?P<n>\d+|[一二两三四五六七八九十]+)个(?:[^，,。；;]{0,8})?项目|项目(?P<m>\d+)个")


_AS_OF = re.compile(r"截[至止](?:\d{4}年)?(?P<m>\d{1,2})月")


def _as_of_clash(question: str, sentence: str) -> bool:
    """Whether the question asks for a figure as of one month's end (截至5月底) and the sentence
    gives it as of another month only."""
    asked = {m["m"] for m in _AS_OF.finditer(question)}
    said = {m["m"] for m in _AS_OF.finditer(sentence)}
    return bool(asked and said) and not asked & said


def _other_count(question: str, before: str) -> bool:
    """Whether the question asks about a counted group of projects and the sentence, before the
    sum, counts a different number of them (the sum is that other group's)."""
    asked = _ASKED_COUNT.search(question)
    if asked is None:
        return False
    before = re.split("[；;]", before)[-1]  # 其中3个项目…；剔除后，…项目16个: the sum's own part
    said = [parse_number(m["n"] or m["m"]) for m in _SAID_COUNT.finditer(before)]
    return bool(said) and parse_number(asked["n"]) not in said


def _sentence_start(window: str, at: int) -> int:
    """Where the sentence holding ``window[at]`` begins in ``window``."""
    return max((m.end() for m in re.finditer("[。！？!?]", window[:at])), default=0)


def _denies(window: str, asked: str) -> bool:
    """Whether ``window`` says no to what ``asked`` asks (see ``_no_to``)."""
    return _no_to(window, asked) is not None


def _no_to(window: str, asked: str) -> str | None:
    """How ``window`` says no to what ``asked`` asks, as the answer's first words: a rumour asked
    about and a denial (网传…落户了吗 / 经核实…不实: 不属实), the asked event denied (开工了吗 / 尚未开工)
    or still ahead and not done (签约了吗 / 按程序报批后尽快签约: 尚未签约), the asked word itself
    denied (是否停工 / 不存在“停工”问题: 没有); None when it does not."""
    event = stage_pattern(asked)
    denials = list(_DENIAL.finditer(window))
    if event is not None and any(event.search(window, d.end(), d.end() + 12) for d in denials):
        return "没有。"  # 传言…落户了吗 / 谈不上落户: the event itself did not happen
    if _RUMOUR_ASKED.search(asked):
        return "不属实。" if denials else None
    if event is not None:
        verb = _as_done(m.group()) if (m := event.search(asked)) else ""
        talks = _IN_TALKS.search(window) and not event.search(window)
        if talks and not _FURTHER_THAN_TALKS.search(window) and verb:
            return f"尚未{verb}。"  # 签约了吗 / 复合集流体项目…洽谈中: still being negotiated
        said = list(event.finditer(window))
        ahead = any(
            (
                _AHEAD.search(window, max(0, m.start() - 12), m.start())
                or _TARGET_SET.search(window, _sentence_start(window, m.start()), m.start())
            )
            and not _came_out(window, m.start())
            for m in said
        )
        done = any(_DONE_BEFORE.search(window, max(0, m.start() - 14), m.start()) for m in said)
        if ahead and not done and stage_of(asked) != "intent":
            return f"尚未{verb}。"  # 预计2025年一季度开工, 报批后尽快签约: to come, and not said done
    # 是否停工？ / 该项目此前尚未开工，不存在“停工”问题: the asked word itself, denied
    words = [w for w in key_terms(asked) if len(w) >= 2 and not is_place(w)]
    denied = any(
        any(w in window[m.end() : m.end() + 8] for w in words) for m in denials if m.group() in _DENIES_WORD
    )
    return "没有。" if denied else None


# A work plan's target for a project, however long its name (推动X项目上半年开工，Y项目年底前建成
# 投产): a deadline ahead, not a thing done (一年来推动32个项目开工 names none).
_TARGET_SET = re.compile(WORK_TARGET)


def _came_out(window: str, at: int) -> bool:
    """Whether the sentence of the event at ``at`` looks back (去年, 一年来) or says how a target
    came out (如期, 已完成投资, 并网发电): then a plan word before the event set no deadline ahead."""
    sentence = sentence_at(window, at)
    return _LOOKING_BACK.match(sentence) is not None or _OUTCOME.search(sentence) is not None


# A sentence that looks back on a year (去年, 一年来, 过去一年), or says how a target came out.
_LOOKING_BACK = re.compile(r"\s*(?:去年|上年|前年|一年来|过去一年|过去的一年|\d{4}年以来|近年来)")
_OUTCOME = re.compile("如期|完成投资|并网|投入使用|已建成|已投产|已开工|已经开工|已经投产")


def _as_done(verb: str) -> str:
    """The asked event's verb as 尚未… says it: 签了 → 签约, 开工了 → 开工."""
    verb = verb.removesuffix("了")
    return "签约" if verb in ("签", "签下", "签订") else verb


# A question about the other one of two (另一家意向投资人是哪家): the one named is not it.
_THE_OTHER = re.compile("另一家|另外一家|另一个|另外一个|另一方")
_DONE_BEFORE = re.compile(r"(?:已经?|正式|顺利|成功)[^，,。；;]{0,10}$")
# Before an event, these put it ahead (尽快签约, 再行签约, 预计…开工); 已 or a past date do not.
_AHEAD = re.compile(
    f"(?:尽快|再行|即将|有望|{alternation(FUTURE_NEAR)}|将|力争|争取|确保|待)[^，,。；;已]{{0,10}}$"
)


def _yes_to(window: str, asked: str) -> str | None:
    """``已投产。`` when ``window`` says the asked event happened (今年2月已实现投产, 已于3月开工) and
    never that it is still ahead; None otherwise."""
    event = stage_pattern(asked)
    if event is None or _RUMOUR_ASKED.search(asked):
        return None
    # a claim in quotation marks (对外宣传…“已开工建设”) is what someone said, not what happened;
    # a question asked in the text (去年底已经开工了吧？) states nothing
    said = [m for m in event.finditer(window) if not _claimed_at(window, m.start())]
    # 旁边的文昌鸡加工厂倒是已经动工了: said of another item its clause names, not of the one asked
    said = [m for m in said if not _of_another_item(window, m.start(), asked)]
    done = any(_DONE_BEFORE.search(window, max(0, m.start() - 14), m.start()) for m in said)
    ahead = any(_AHEAD.search(window, max(0, m.start() - 12), m.start()) for m in said)
    verb = m.group() if (m := event.search(asked)) else ""
    return f"已{verb}。" if done and not ahead and verb else None


# A party's own share asked (乙村出了多少钱, 甲公司出资多少), and the words that state one.
# (not 每年拿出多少资金, 支出多少: what a government spends, no party's share of a project)
_SHARE_ASKED = re.compile(r"(?<![拿支付产输])出了?多少|出资(?:了|额)?|入股(?:了)?多少|占股|持股")
_SHARE_WORD = re.compile("出资|入股|认缴|持股|占股|投入|折股")
# The party a share question asks about, opening it (切扎村在乡村客栈项目里出了多少钱).
_PARTY = re.compile(r"(?P<who>[\u4e00-\u9fff]{2,12}?)(?:在|对|为|给|向|于)")
# Parties who build a project together (甲村与乙公司签约合作建设, 共同投资, 合资).
_PARTNERS = re.compile("与[^，,。；;]{1,20}(?:合作|共建|共同|合资|联合)|共同投资|合资|联合投资|共建")
# A question that asks whether a sum is the investment (是投资8个亿吗, 投了1.2个亿吗), and the
# words that say what a sum is: the lexicon's investment words and the words of what is not one.
_INVESTMENT_ASKED = re.compile("投资|投了|投入")
_MEASURE_WORD = re.compile(alternation(list(NOT_DEAL) + list(INVESTMENT)))
_NOT_DEAL_WORDS = frozenset(NOT_DEAL)


def _names_measure(asked: str, word: str) -> bool:
    """Whether the question names the measure ``word`` (or a not-deal word inside it)."""
    return word in asked or any(w in asked for w in _NOT_DEAL_WORDS if w in word and len(w) >= 2)


def _other_measure(window: str, asked: str) -> str | None:
    """``不是。8个亿左右是年产值，不是投资额。`` when the question asks whether a sum it states is
    the investment, and ``window`` states that sum as something else: the last measure word before
    it in its clause, or the noun right after it (以1.2亿元成交价竞得), is no investment word."""
    if _INVESTMENT_ASKED.search(asked) is None:
        return None
    sums = [m.money.value for m in find_money(asked)]
    said: list[tuple[str, str | None]] = []  # each time the sum is stated: as written, and as what
    for m in find_money(window):
        if not any(abs(m.money.value - v) < 0.5 for v in sums):
            continue
        words = list(_MEASURE_WORD.finditer(window, clause_at(window, m.start)[0], m.start))
        after = _MEASURE_WORD.match(window, m.end)
        said.append((m.text, after.group() if after else words[-1].group() if words else None))
    # (总投资8亿元，…年产值8亿元: stated as the investment too, it is one; 计划投资3亿元吗 asks the
    # measure the text names)
    if any(word is None or word not in _NOT_DEAL_WORDS for _, word in said):
        return None
    # (已经完成投资3亿元了吗 asks the 累计完成投资 the text states)
    other = next(((text, word) for text, word in said if word and not _names_measure(asked, word)), None)
    return f"不是。{other[0]}是{other[1]}，不是投资额。" if other else None


def _of_another_item(window: str, at: int, asked: str) -> bool:
    """Whether the clause before ``at`` names an item (…加工厂, …项目) and none of the words the
    question names its item by (火箭整流罩 of 龙楼镇那个火箭整流罩项目)."""
    clause = window[clause_at(window, at)[0] : at]
    if NAMED_ITEM.search(clause) is None:
        return False
    words = [w for w in key_terms(asked) if len(w) >= 2 and w not in GENERIC and not is_place(w)]
    return not any(w in clause for w in words if stage_of(w) is None)


def _claimed_at(text: str, at: int) -> bool:
    """Whether position ``at`` of ``text`` is said, not stated: in quotation marks or in a question."""
    return _quoted_at(text, at) or _asked_at(text, at)


def _asked_at(text: str, at: int) -> bool:
    """Whether position ``at`` of ``text`` stands in a question (…已经开工了吧？)."""
    return sentence_at(text, at).rstrip().endswith(("？", "?"))


def _quoted_at(text: str, at: int) -> bool:
    """Whether ``text[at]`` stands inside “…” quotation marks."""
    return text.count("“", 0, at) > text.count("”", 0, at)


# Denials that say the thing named right after them is not so (不存在“停工”, 并非撤资).
_DENIES_WORD = frozenset({"不存在", "并非", "并未"})


def _amount_unstated(question: str, sentence: str) -> bool:
    """Whether the question gives a sum as known (120亿元项目) that ``sentence`` does not state;
    a bound (超过100亿元的) gives none."""
    lo, hi = amount_bounds(question)
    if lo is not None or hi is not None:
        return False
    said = normalize_text(sentence)  # NFKC, whitespace dropped
    return any(normalize_text(m.text) not in said for m in find_money(question))


def _counted_phrase(window: str, at: int, value: str) -> str:
    """What a count counts, up to the next comma when no other number intervenes: 30家来自A、B、C等
    新赛道的企业签约落户 counts 企业 that 落户, past the list's 、."""
    rest = window[at + len(value) :]
    stop = re.search(r"[，,。；;！？!?]", rest)
    phrase = rest[: stop.start()] if stop else rest
    return "" if re.search(r"\d|[一二两三四五六七八九十百千]+[个家项]", phrase) else phrase


def _statement_at(window: str, at: int) -> str:
    """The sentence, or the part of it between semicolons, that holds offset ``at``."""
    lo = max((m.end() for m in re.finditer(r"[。；;！？!?]", window[:at])), default=0)
    hi = re.search(r"[。；;！？!?]", window[at:])
    return window[lo : at + hi.end() if hi else len(window)]


# A sum claimed in court: a claim or refusal word in a passage with a court's words.
_CLAIM = re.compile(alternation(CLAIMS))
_COURT = re.compile(alternation(COURT))
# 各投多少, 每个项目投资多少: each item's own (not 总投资和年度投资分别是多少: two measures)
_EACH_ASKED = re.compile(r"各(?:投|自|项目|家|个)|每个|每家|每项")
# A total of a counted group: 签约项目11个，总投资87.2亿元 (not 华海项目总投资12亿元, one project's own).
_TOTAL_SAID = re.compile(r"总投资|投资总额|总额|共计|合计|总计|累计")
_GROUP_COUNTED = re.compile(r"\d+\s*(?:个|家|项)(?!月|小时|百分点)")


def _group_total(clause_before: str, sentence: str, value: str) -> bool:
    """Whether ``value`` is stated as the total of a group counted before it in its sentence."""
    counted = _GROUP_COUNTED.search(sentence[: sentence.find(value)])
    return bool(_TOTAL_SAID.search(clause_before)) and counted is not None


# A whole area a figure is stated for (全市新签约…), by level, and the levels of asked places.
# (排名全市第2, 位居全省前列: a rank among the area's places, not a figure for the area)
# (占全市的四成: a share of the whole, not a figure for it)
_WHOLE_AREA = re.compile(
    r"(?<!排名)(?<!位列)(?<!居)(?<!占)全(省|市|县|区)(?!第|前列|前茅|首位|之首|场|域|面|链)"
)
# 该县在全市推介会上…: the asked place, pointed back at
_POINTED_AREA = re.compile(r"(?:该|本|我)(?:省|市|县|区|镇|州)")
_LEVEL = {"省": 3, "自治区": 3, "市": 2, "州": 2, "县": 1, "区": 1, "旗": 1, "镇": 0, "乡": 0}


# A phase or project the money is added on (在一期项目基础上追加投资3亿元), and a phase's own sum said
# in the same clause (一期投资5亿元).
_ON_THE_BASE = re.compile(r"在(?P<base>[^，,。；;]{0,12})基础上")
_PHASE_NAMED = re.compile(r"[一二三四首]期")


def _asked_base(asked: str, clause: str) -> bool:
    """Whether the phase the question asks about (一期投资了多少) is, in the value's clause, only
    what the money is added on (在一期项目基础上追加投资3亿元): the sum is the next phase's."""
    phases = set(_PHASE_NAMED.findall(asked))
    bases = [m["base"] for m in _ON_THE_BASE.finditer(clause)]
    outside = _ON_THE_BASE.sub("", clause)
    return any(p in b for p in phases for b in bases) and not any(p in outside for p in phases)
# Words that make a sum a generalisation (投资一般在3亿元左右), and a formal agreement still to come
# (具体项目待进一步论证后签订正式投资协议).
_GENERALISED = re.compile(alternation(GENERALISING))
_FORMAL_TO_COME = re.compile(
    r"(?:待|尚未|还未|暂未|拟)[^。；;]{0,16}签订(?:正式)?(?:的)?(?:投资)?(?:协议|合同)"
)
# A paragraph's lead-in that sets its targets (主要预期目标是：).
_GOAL_LEAD = re.compile(GOAL_LEAD)


def _paragraph_so_far(text: str) -> str:
    """The end of ``text`` after its last line break or full stop: what a goal's lead-in before
    the value still governs (目标是：全年签约项目30个。截至11月底… is past it)."""
    return text[max(text.rfind("\n"), text.rfind("。")) + 1 :]


# A time that reports progress (截至11月底, 今年以来, 1—5月): what it dates is done, not a target.
_PROGRESS_TIME = re.compile(PROGRESS_TIME)


# A zone's name (湘潭经开区, 池州经济开发区): a place inside its city.
_ZONE_NAME = re.compile(f"(?:{alternation(ZONE_SUFFIX)})$")


def _last_sentence(text: str) -> str:
    """The last sentence of ``text`` that says something."""
    return next((x for x in reversed(re.split(r"(?<=[。！？!?])", text)) if x.strip()), "")


def _wider_area(question: str, before: str) -> bool:
    """Whether ``before`` (the value's sentence up to it) states the figure for a whole area of a
    higher level than every place the question asks about, none of which it names: 全市 is not
    甲县 (全省 in a province's own report still is 河北省)."""
    whole = _WHOLE_AREA.search(before)
    if whole is None or _POINTED_AREA.search(before):
        return False
    asked = places_asked(question)
    if not asked or any(present_in(p, before) for p in asked):
        return False
    levels = [next((v for k, v in _LEVEL.items() if p.endswith(k)), None) for p in asked]
    return all(lv is not None and lv < _LEVEL[whole.group(1)] for lv in levels)


def _narrower_area(question: str, before: str) -> bool:
    """Whether the value's clause (the end of ``before``) opens with a district or county of the
    city the question asks about, and the sentence names neither that city nor a whole area (全市):
    张湾区一季度签约项目9个 is not 十堰's."""
    asked = places_asked(question)
    # (the city named only inside a zone's name is not named: 湘潭经开区 is not 湘潭市)
    zones = [p for _, _, p in find_places(before) if _ZONE_NAME.search(p) and p not in asked]
    outside = re.sub("|".join(map(re.escape, zones)), "", before) if zones else before
    if not asked or _WHOLE_AREA.search(before) or any(present_in(p, outside) for p in asked):
        return False
    cities = {loc.city for p in asked if (loc := parse_location(p)).city and not loc.district}
    if len(cities) != len(asked):
        return False  # a county, a province, or a place not read as a city is asked
    clause = before[max((m.end() for m in PART_END.finditer(before)), default=0) :]
    if _SOME_COUNTY.match(clause):
        return True  # 该旗县2022年签约的12个项目: one county the text won't name, not the city
    opening = next(iter(find_places(clause)), None)
    if opening is None or opening[0] != 0 or _VENUE_AFTER.match(clause, opening[1]):
        return False  # 老边区与X公司签约，企业追加投资…: about the firm; 张湾区主会场…: where it was held
    loc = parse_location(opening[2])
    # (a zone of the city is narrower too: 湘潭经开区542300万元 is not 湘潭市's)
    return (bool(loc.district) or _ZONE_NAME.search(opening[2]) is not None) and loc.city in cities


def _beside_area(question: str, before: str) -> bool:
    """Whether the value's clause (the end of ``before``) opens with a place (a county, a zone, a
    city) other than each county the question asks about, none of which the sentence names: in
    分县市区看，丰城市签约项目41个、签约资金226.5亿元, the figures are 丰城市's, not 万载县's."""
    asked = places_asked(question)
    if not asked or any(present_in(p, before) for p in asked):
        return False
    counties = {loc.district for p in asked if (loc := parse_location(p)).district}
    if len(counties) != len(asked):
        return False  # a city, a province, or a place not read as a county is asked
    clause = before[max((m.end() for m in PART_END.finditer(before)), default=0) :]
    # the clause's subject, or the sentence's after a time (1—6月，岳阳市新签约…，签约资金…)
    segment = before[max((m.end() for m in _SEGMENT_END.finditer(before)), default=0) :]
    subject = _TIME_LEAD.match(segment)
    for text, at in ((clause, 0), (segment, subject.end() if subject else 0)):
        opening = next(iter(find_places(text[at:])), None)
        if opening is not None and opening[0] == 0 and not _VENUE_AFTER.match(text, at + opening[1]):
            # (南海区 is the 佛山南海区 asked, written otherwise)
            return parse_location(opening[2]).district not in counties
    return False


def _whole_of_another(question: str, head: str, earlier: str) -> bool:
    """Whether the whole area of ``head`` (the value's sentence up to it: 全市…) is, by the place
    the sentence before opens with, another than each place the question asks about: in a
    roundup's 6月15日，乐山市…举行。全市集中开工项目32个, 全市 is 乐山, not 泸州."""
    whole = _WHOLE_AREA.search(head)
    asked = places_asked(question)
    if whole is None or not asked or any(present_in(p, head) for p in asked):
        return False
    # the sentence before (a report's 二、我市招商引资基本情况。 turns to the writer's own city)
    earlier = next((x for x in reversed(re.split(r"(?<=[。！？!?])", earlier)) if x.strip()), "")
    if _POINTED_AREA.search(earlier + head):
        return False
    level = whole.group(1)
    if level not in ("市", "省"):
        return False

    def area(place: str) -> str | None:
        loc = parse_location(place)
        if level == "市":
            return loc.city if loc.city and not loc.district else None
        return loc.province if loc.province and not loc.city else None

    wanted = {area(p) for p in asked}
    if None in wanted:
        return False  # a county asked of 全市 is the wider-area rule's
    # the subject of the sentence before: the place it opens with, after its date (6月15日，乐山市…),
    # not a place further on (…会见了深圳市远帆集团…, …杭州青禾集团投资…)
    lead = _TIME_LEAD.match(earlier.lstrip())
    rest = earlier.lstrip()[lead.end() if lead else 0 :]
    opening = next(iter(find_places(rest)), None)
    if opening is None or opening[0] != 0:
        return False
    said = area(opening[2])
    return said is not None and said not in wanted


# A report's title, which dates all of it (…前三季度招商引资工作情况报告).
_REPORT_TITLE = re.compile("(?:情况|总结|报告|综述|通报|盘点)$")
_SEGMENT_END = re.compile("[；;。！？!?]")
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:个|家|亿|万)")
_MONTH_SPAN = re.compile(MONTH_SPAN)
# (截至当天下午 is the event's own tally)
_AS_OF_LEAD = re.compile(r"(?:(?:截至|截止)(?!当天|当日|今天|目前|发稿)|今年以来|年初以来)[^，,]{0,8}[，,]?$")


def _figures_run(said: str) -> str:
    """The clauses of ``said`` (a sentence up to a value) that state the value's run of figures
    (全市累计签约项目95个，协议投资701.2亿元), and a time span leading them (今年1—5月，截至3月底，):
    not a description before them (这是今年以来规模最大的一次集中签约，现场签约项目26个)."""
    cuts = [0, *(m.end() for m in PART_END.finditer(said))]
    start = cuts[-1]
    for a, b in zip(reversed(cuts[:-1]), reversed(cuts[1:]), strict=True):
        clause = said[a:b]
        if _FIGURE.search(clause):
            start = a
        else:
            start = a if _MONTH_SPAN.search(clause) or _AS_OF_LEAD.match(clause) else start
            break
    return said[start:]


# A time leading a sentence before its subject (1—6月，岳阳市…; 6月15日，乐山市…).
_TIME_LEAD = re.compile(
    r"[^，,；;。]{0,16}?(?:月|年|季度|以来|期间|半年|日|号)(?:份|底|末|内|[上下]午)?[，,]"
)


def _industrys_figure(question: str, said: str, value: str) -> bool:
    """Whether the value (``said``: its sentence before it) is stated of one industry's projects
    (全市签约锂电新能源产业链项目58个、签约资金612.3亿元: both the count and the sum) when the question
    names no industry."""
    if _INDUSTRY.search(question):
        return False
    part = said[max((m.end() for m in PART_END.finditer(said)), default=0) :] + value
    return _INDUSTRY_COUNT.search(part) is not None


_UNDONE = re.compile(UNDONE)
# Signing asked (签了几个项目), and a sentence that states only an intention or talks.
_SIGNING_ASKED = re.compile("签了|签约|签下|签订|签署")
_INTENDED = re.compile(rf"达成(?:合作|投资)?意向|意向投资|初步接触|{_IN_TALKS.pattern}")


def _only_intended(sentence: str) -> bool:
    """Whether the sentence states an intention or talks (达成合作意向，拟投资约2亿元) and no signing."""
    return _INTENDED.search(sentence) is not None and _SIGNING_ASKED.search(sentence) is None
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
# An industry's count of projects (锂电新能源产业链项目58个, 纺织服装产业链新签约项目17个): that
# industry's figures, not all.
_INDUSTRY = re.compile(alternation([word for word, _ in INDUSTRY]))
_INDUSTRY_COUNT = re.compile(
    rf"(?<!、)(?:{_INDUSTRY.pattern}|(?<!签约)(?<!引进)产业链(?!上下游))[^，,、；;。等]{{0,12}}?(?:项目|企业)\s*\d+\s*[个家]"
)
_SOME_COUNTY = re.compile("(?:该|某|这个|这一)(?:旗县|县区|县|区|旗)")
_VENUE_AFTER = re.compile("(?:主|分)?会场")


_AMOUNT_WORDS = re.compile(r"投资|金额|资金|总额|规模|亿|万")
_PLANNED_BEFORE = re.compile(r"(?:预计|计划|将|拟|力争|争取|有望)[^，,。；;]{0,10}$")


def _advance(window: str, value: str, at: int) -> int:
    """How far the stage words in ``value`` go (0 for none, or for a stage only planned:
    预计2026年建成投产): 建成投产 → 投产's step."""
    if _PLANNED_BEFORE.search(window[:at]):
        return 0
    steps = [STAGE_PROGRESS.index(stage) for word, stage in STAGE_OF_WORD.items() if word in value]
    return max(steps, default=0)


def _leading_place(question: str) -> str | None:
    """The place a question opens with as its subject (甲县在推介会上签了什么项目 → 甲县)."""
    first = next(iter(find_places(question)), None)
    if first is None or first[0] != 0 or not re.match(r"在|于|签|引进|落地|落户", question[first[1] :]):
        return None  # 某县刚并网的电站: the place only modifies the subject
    return first[2]


def _asked_years(question: str, asked: str) -> list[str]:
    """The years a part asks about: its own, else those of the parts before it (2021年签约几个?总投资
    多少? asks both about 2021; 几个?2021年以来FDI多少? asks the first about no year)."""
    own = years_in(asked)
    if own or asked == question:
        return own
    at = question.find(asked)
    return years_in(question[:at]) if at > 0 else []


def _asked_in(asked: str, clause: str) -> bool:
    """Does the clause name what the question asks the quantity of? One of the question's words
    that are neither its subject's name nor question words (员工, 销售额, 签约…投产) must be there."""
    names = " ".join([item_subject(asked) or "", *anchor_terms(asked)])
    words = [
        t
        for t in key_terms(asked)
        if len(t) >= 2
        and t not in names
        and not re.search("多|几|什么|哪", t)
        and not _PERIOD_WORD.fullmatch(t)
    ]
    return not words or any(present_in(w, clause) for w in words)


# 是哪两家, 哪三个项目: the question asks for that many items by name
_WHICH_N = re.compile(r"哪(?:[两三四五六七八九十]|\d+)(?:个|家|项|批)")
# 另有2家企业…, 向另外2个项目兑现…: the rest, counted; a list after it (、, 分别是, ：) names them
_THE_REST = re.compile(
    r"(?:另有|另外|还有|其余|其他)\s*(?:\d+|[一二两三四五六七八九十几多]+)\s*(?:个|家|项|批)"
)
_LISTED = re.compile(r"、|分别|[：:]|包括|即")


def _counts_the_rest(sentence: str) -> bool:
    """Whether ``sentence`` counts the rest of a group (另有2家校友企业与平谷区达成意向) and names none."""
    return bool(_THE_REST.search(sentence)) and not _LISTED.search(sentence) and names_items(sentence) < 2


def answer_from_passages(
    question: str,
    hits: list[Hit],
    article_of: Callable[[str], Article],
    *,
    part: str | None = None,
    near: Span | None = None,
) -> Answer:
    """The best cited sentence for ``question`` (or for one ``part`` of it), else an explained abstention."""
    asked = part or question
    kind = answer_type(asked)
    # a part's own words (投了多少 has none that match): else the whole question's
    # (a stage question's words are no help: 现在到哪一步了 names neither the project nor the stage)
    terms = [t for t in key_terms(asked) if len(t) >= 2] if part and kind != "stage" else []
    whole = key_terms(question)
    terms = terms or whole
    if part and kind == "stage":
        # 总投资多少？现在到什么阶段了？: the amount part's words pick the amount's sentence, not the stage's
        terms = [t for t in terms if not _AMOUNT_WORDS.search(t)] or terms
    anchors = subject_anchors(question)
    places = place_cores(question)  # 宝鸡高新区签了什么: never from an article about another place
    abroad = asked_abroad(question)  # 在越南的工厂: a site abroad
    nouns = noun_terms(question)
    place_terms = {t: cores[0] for t in {*anchors, *nouns, *places} if (cores := place_cores(t))}
    # 总投资多少？一期投资多少？: the whole's part asks for no phase
    whole_part = part is not None and WHOLE_ASKED.search(part) is not None and not names_phase(part)
    scoped = without_phases(question) if whole_part else question
    # a period asked (一季度, 上半年, 1—7月): a statement that names it beats one its context dates
    period_asked = period_missing(scoped, "") is not None
    orgs = organisations(question)
    years = years_in(question)
    days = days_in(question)
    event = stage_pattern(asked)
    subject = item_subject(asked) or (item_subject(question) if part else None)
    payer = actor(asked)  # 甲银行对乙项目投资了多少: what 甲 put in, not what 乙 costs
    # a named item binds answers about it; a fact or list question's subject may be its actor
    subject = (
        subject
        if kind in ("amount", "org", "person", "project", "place", "date", "stage", "quantity")
        else None
    )
    # 湘铧新材料签了几个项目: a count of one firm's projects is said where the firm is
    counted_firm = firm_asked(asked) if kind == "count" else None
    share_asked = kind == "amount" and _SHARE_ASKED.search(asked) is not None
    party = _PARTY.match(asked) if share_asked else None  # 切扎村 of 切扎村在…出了多少钱
    pair = pair_asked(asked) if kind == "amount" else None
    asks_why = is_why(asked)
    yes_no = kind == "fact" and _YES_NO.search(asked) is not None
    rumour_asked = yes_no and _RUMOUR_ASKED.search(asked) is not None
    # 光学膜项目签的是投资协议吗: the project asked about, as the question names it
    named_item = value_in("project", asked, []) if yes_no else None
    named_sums = [
        m.money.cny
        for m in find_money(asked)
        if m.money.cny and m.money.kind == "exact" and not _THRESHOLD_BEFORE.search(asked, 0, m.start)
    ] if yes_no else []
    class_floor = amount_bounds(asked)[0] if yes_no else None
    # (中昇储能和蚌埠签的是项目投资协议吗: a firm asked about, when no project is named)
    asked_item = named_item if isinstance(named_item, str) else item_subject(asked) if yes_no else None
    # what a why or passive question presumes happened (为什么被取消): its verbs must be stated
    presumed = premise_verbs(asked) if kind == "fact" and (asks_why or "被" in asked) else []
    listed = _LISTED_NOUN.search(asked)
    items = listed is None or bool(_ITEM_NOUN.search(listed.group(1) or listed.group(2) or ""))
    plural = kind == "list" and bool(re.search(r"哪些|哪几|分别|列出|列举|都有", asked))
    which_n = _WHICH_N.search(asked) is not None
    unasked_count = _WHICH_N.sub("", question)  # 哪两家 gives no count: it asks for two
    candidates: list[_Candidate] = []
    misses: list[Miss] = []
    subject_seen: list[Span] = []
    seen: set[tuple[str, int]] = set()
    for rank, hit in enumerate(hits):
        article = article_of(hit.source)
        for n in section_below(article, list(hit.paragraphs)):
            if (hit.source, n) in seen:
                continue
            seen.add((hit.source, n))
            if article.paragraph(n).kind == "boilerplate":
                continue
            para = article.paragraph(n)
            if subject is not None and mentions(subject, article.text[para.start : para.end]):
                subject_seen.append(article.span(para.start, para.end))
            # a card's or a memo's fields stand under the heading that names their project
            heading_above = section_heading(article, n)
            headed = bool(heading_above) and subject is not None and mentions(subject, heading_above)
            around = context(article, n) + ("\n" + heading_above if heading_above else "")
            named_before = subject is not None and mentions(subject, around)
            norm = mask_datelines(normalize_text(around))  # not 新华社哈尔滨…电's 哈尔滨
            # 河北省 asked, 全省 said in a report by 河北省商务厅: the place is named as a whole
            as_whole = {
                t
                for t, c in place_terms.items()
                if t not in norm
                and (whole_area(c, norm, article.text) or zone_of_named_city(t, norm, article.text))
            }
            if (
                coverage([t for t in anchors if t not in as_whole], norm, normalized=True) < 0.99
                or coverage([t for t in nouns if t not in as_whole], norm, normalized=True)
                < MIN_CONTEXT_COVERAGE
                or any(core not in norm and core not in as_whole for core in places)
            ):
                continue
            if counted_firm is not None and not mentions(counted_firm, article.text[para.start : para.end]):
                continue  # the firm's count is said in its own paragraph, not the one before
            # a year the question names must be the year the paragraph speaks of
            reported = report_year(article, n)  # the year the paragraph reports on, read once
            if any(not year_possible(y, around, article.published, reported) for y in years):
                continue
            if any(d not in norm for d in days):
                continue  # the days a question names (7月29日) must be the paragraph's
            if not states_group(question, around):
                continue  # 这9个项目分别是: only where those 9 are spoken of
            unsaid = [v for v in presumed if not present_in(v, around)]
            if unsaid:
                note = f"文中没有提到{unsaid[0]}"
                misses.append(Miss("premise_not_supported", note, article.span(para.start, para.end)))
                continue  # 为什么被取消: an article that never says 取消 can't say why
            missing = qualifier_missing(scoped, around)
            if missing is not None:
                note = f"文中没有{missing}的数据"
                misses.append(Miss("time_mismatch", note, article.span(para.start, para.end)))
                continue
            heading = para.kind == "heading"
            for s, e in _windows(article, n):
                window = article.text[s:e]
                if kind in ("list", "fact") and (heading or window.rstrip()[-1] in "：:"):
                    continue  # a title or a lead-in (重点项目包括：) answers nothing by itself
                if kind in ("list", "fact") and not yes_no and is_table_row(window):
                    continue  # a table's row states fields: a value or a yes or no, not a fact
                if asks_why and not _CAUSE.search(window):
                    continue  # a why question is answered by a reason, not by any sentence on the topic
                # 会议原则同意…尽快签约, the sentence after the one naming it: said of it
                lead_in = ""
                if yes_no and asked_item is not None and not mentions(asked_item, window + heading_above):
                    # only a window that points back (该项目…) and speaks of the asked event
                    lead_in = _lately(article, n, s)
                    if (
                        not _POINTS_BACK.match(window)
                        or (event is not None and not event.search(window))
                        or not mentions(asked_item, lead_in + window)  # (该项目由牧泾食品…: the firm here)
                    ):
                        continue  # 光学膜项目签的是投资协议吗: not a bank's 金融服务协议 of another sentence
                if yes_no and not _states_sums(window, named_sums):
                    continue  # 那9.8亿元是企业投资吗: only a sentence stating that sum says what it is
                if yes_no and class_floor is not None and _below(window, class_floor):
                    continue  # 那个百亿级项目签了没有: a project of 约46亿元 is another one
                if kind in (
                    "place",
                    "org",
                    "person",
                    "project",
                    "date",
                    "stage",
                    "fact",
                ) and not _about_subject(lead_in + window + heading_above, anchors):
                    continue
                if (
                    orgs
                    and not any(present_in(o, window) for o in orgs)
                    and not (
                        subject and mentions(subject, window) and all(present_in(o, around) for o in orgs)
                    )
                ):
                    continue  # 建设银行…投资了多少: another firm's amount nearby answers nothing
                if plural and not any(
                    states_group(question, one) and enumerates(one, loose=not items)
                    for one in re.split(r"(?<=[。！？!?])", window)
                ):
                    continue  # no list (三个项目全部入选), or not the list of the group asked (这9家…)
                if which_n and not any(
                    states_group(unasked_count, one) and not _counts_the_rest(one)
                    for one in re.split(r"(?<=[。！？!?])", window)
                ):
                    # 那2家是哪两家: 另有2家校友企业… counts them and names none, and the sentence
                    # before names others
                    continue
                cover = coverage(terms, lead_in + window, context=around)
                if part:
                    # a part's few words (投资总额) may be paraphrased (总金额): the whole question counts
                    cover = max(cover, coverage(whole, window, context=around))
                if cover < MIN_SENTENCE_COVERAGE:
                    continue
                if (
                    event is not None
                    and not event.search(window if kind in _EVENT_IN_SENTENCE else around)
                    and not (yes_no and _IN_TALKS.search(window))
                ):
                    continue  # asked when it started; the sentence says when it was signed
                clash = qualifier_clash(asked, window) if kind in ("fact", "list") else None
                if clash is not None:
                    misses.append(Miss("time_mismatch", f"文中只有{clash}的数据", article.span(s, e)))
                    continue
                value: str | None = None
                value_at = -1
                if pair is not None:
                    summed = pair_sum(window, pair)
                    if summed is None:
                        continue  # A和B合计: a window stating only one of them answers nothing
                    value = summed[0]
                elif kind not in ("fact", "list"):
                    for text, at in typed_values(kind, window, anchors, event, asked):
                        if kind == "place" and place_denied(text, article.text[s : para.end]):
                            continue  # 有请邵东市…。…是落户新邵县，不是邵东市
                        if _asked_at(window, at):
                            continue  # 那个项目去年底已经开工了吧？: a question in the text states nothing
                        why = _check_value(
                            kind,
                            asked,
                            question,
                            subject,
                            window,
                            text,
                            at,
                            named_before=(
                                named_before
                                and not another_item_before(subject or "", article.text[para.start : s])
                                and _named_lately(subject or "", article, n, s + _sentence_start(window, at))
                            )
                            or headed,  # 项目概况：…总投资5.2亿元 under 1.项目名称：X项目
                            published=article.published,
                            reported=reported,
                            before=article.text[para.start : s],
                            title=article.title or "",
                        )
                        said = sentence_at(window, at)
                        unpaid = payer is not None and not present_in(payer, said)
                        if why is None and unpaid:
                            why = "absent"  # 甲银行对乙投资了多少: a sum stated without 甲 is not 甲's
                        uncounted = counted_firm is not None and not mentions(counted_firm, said)
                        if why is None and uncounted:
                            why = "absent"  # 禾焓能源有几个项目: not 全年签约项目11个, said of no firm
                        unshared = (
                            share_asked
                            and _PARTNERS.search(said) is not None  # (a sole investor's sum is its own)
                            and not _SHARE_WORD.search(window, *clause_at(window, at))
                        )
                        if why is None and unshared:
                            why = "absent"  # 乙村出了多少钱: not 投资规模300万元, the project's whole sum
                        if why is None and party is not None and not present_in(party["who"], said):
                            why = "absent"  # 乙村出了多少钱: a sum said of no 乙村 is not its share
                        if why is None:
                            value, value_at = text, at
                            break
                        if why != "absent":
                            misses.append(miss(why, window, text, at, subject, article.span(s, e), asked))
                    if value is None:
                        continue
                # 瑞昌市的锂电池隔膜项目…: the statement of the value puts it 在湖口县 (a 在哪里
                # question asks for the site: any it states is the answer)
                stated = _statement_at(window, value_at) if value_at >= 0 else window
                elsewhere = site_elsewhere(asked, stated) if (places or abroad) and kind != "place" else None
                if elsewhere is None and (places or abroad) and kind != "place" and subject is not None:
                    # 位于滕州市的瀚储科技…项目。项目总投资约120亿元: a statement that points back
                    # is placed by the sentence that named its subject
                    at = s + window.find(stated)
                    elsewhere = _placed_by_its_namers(asked, subject, stated, article, n, at)
                if elsewhere is not None:
                    misses.append(Miss("place_mismatch", f"文中写的是{elsewhere}", article.span(s, e)))
                    continue
                # prefer single sentences: a pair must earn its extra length
                score = 2 * cover + coverage(terms, around) + 1 / (rank + 2) - 0.002 * len(window)
                said_no = _no_to(window, asked) if yes_no else None
                if said_no is None and rumour_asked and (_CLAIMED.search(window) or _ASKS.search(window)):
                    # 真的要建电池厂吗: the rumour itself (听…说, 网传), or someone asking it, answers nothing
                    continue
                if said_no is not None:
                    score += DENIAL_BONUS  # 网传…落户了吗: the sentence that says it is not so
                said = sentence_at(window, value_at) if value_at >= 0 else ""
                if period_asked and said and period_missing(scoped, said) is None:
                    score += PERIOD_BONUS  # 一季度新签约多少: 一季度…87个 over a meeting's 12 in March
                # (a heading's part answered: the paragraph it heads is where the next part is)
                headed = near is not None and near.paragraph == n - 1
                headed = headed and article.paragraph(n - 1).kind == "heading"
                # (a stage asked after an amount: the project's stage now, wherever it is stated,
                # not the stage in the sentence that gave its amount: 签约落户，总投资28亿元 … 一期建成投产)
                if kind == "stage" and value is not None:
                    score += STAGE_STEP * _advance(window, value, value_at)  # the furthest stated
                beside = near is not None and near.source == hit.source and (near.paragraph == n or headed)
                if kind != "stage" and beside and near is not None:
                    # 共签约几个项目?总投资多少?: the total of those projects, stated beside their count
                    score += NEAR_BONUS if s < near.end and near.start < e else NEAR_BONUS / 3
                if yes_no:  # 签约了吗 said yes or no; 是投资8个亿吗 said of another measure
                    said_no = said_no or _other_measure(window, asked) or _yes_to(window, asked)
                says = said_no
                candidates.append(_Candidate(score, hit.source, s, e, value, article, value_at, says))
    if not candidates:
        return explained(question, hits, article_of, subject, misses, subject_seen, kind)
    # a title restates its story: when the story states the same figure, its sentence is cited
    told = {c.value for c in candidates if c.value and not _in_title(c)}
    candidates = [
        dataclasses.replace(c, score=c.score - HEADLINE_COST) if c.value in told and _in_title(c) else c
        for c in candidates
    ]
    candidates.sort(key=lambda c: -c.score)
    best = candidates[0]
    runners_up = [
        c
        for c in candidates[1:]
        if c.score >= best.score - RUNNER_UP_MARGIN
        and not _overlap(c, best)
        and (best.value is None or c.value == best.value)  # a second quote must state the same answer
        and not _repeats(c, best)
    ]
    chosen = [best, *runners_up[: MAX_CITATIONS - 1]]
    citations = [c.article.span(*_quoted(c)) for c in chosen]
    parts = []
    for i, (c, span) in enumerate(zip(chosen, citations, strict=True), 1):
        lead = f"{_in_digits(c.value)}。" if c.value and i == 1 else ""
        if c.says is not None and i == 1:
            lead = c.says  # 签约了吗, and the text says no (or yes): say so, then quote it
        quote = span.quote.rstrip(";；,，、")
        # a quote that opens with its own “ (a speech) is set in 「」, not in doubled marks
        opening, closing = ("「", "」") if "“" in quote or "”" in quote else ("“", "”")
        parts.append(f"{lead}原文：{opening}{quote}{closing}[{i}]")
    return Answer(
        question=question, answer="；".join(parts), route="passages", citations=citations, backend="rules"
    )


MAX_QUOTE = 80
_CN_COUNT = re.compile(rf"(?P<n>[{CN_NUMERAL}]+)(?P<unit>[余多]?[个家项批])")


def _in_digits(value: str) -> str:
    """A count written in Chinese numerals, with its digits beside it for scripts and tables:
    五十六个（56个）, 九个（9个）; not 一个 (one of a kind, no count to read)."""
    m = _CN_COUNT.fullmatch(value)
    n = parse_number(m.group("n")) if m else None
    return f"{value}（{n}{m.group('unit')}）" if m and n is not None and n >= 2 else value


def _in_title(c: _Candidate) -> bool:
    return c.article.paragraph(c.article.paragraph_at(c.start)).kind == "heading"


def _quoted(c: _Candidate) -> tuple[int, int]:
    """What to quote: the clauses around the value (two before it, one after) in its own
    sentence, not a long sentence or the byline glued to it; the whole window without a value."""
    if c.at < 0:
        return c.start, c.end
    window = c.article.text[c.start : c.end]
    lo = max((m.end() for m in re.finditer(r"[。！？!?]", window[: c.at])), default=0)
    stop = re.search(r"[。！？!?]", window[c.at :])
    hi = c.at + stop.end() if stop else len(window)
    if hi - lo > MAX_QUOTE:
        marks = [m.end() for m in re.finditer(r"[，,；;]", window[lo:hi])]
        before = [lo + m for m in marks if lo + m <= c.at]
        after = [lo + m for m in marks if lo + m > c.at]
        lo = before[-3] if len(before) >= 3 else lo
        hi = after[1] if len(after) >= 2 else hi
    while lo < hi and window[lo].isspace():
        lo += 1
    return c.start + lo, c.start + hi


def _repeats(a: _Candidate, b: _Candidate) -> bool:
    """A quote that repeats the other's clause (another outlet's copy of the sentence) supports
    nothing more."""
    if a.at < 0 or b.at < 0:
        return False
    wa, wb = a.article.text[a.start : a.end], b.article.text[b.start : b.end]
    return wa[slice(*clause_at(wa, a.at))] == wb[slice(*clause_at(wb, b.at))]


def _overlap(a: _Candidate, b: _Candidate) -> bool:
    return a.source == b.source and a.start < b.end and b.start < a.end
