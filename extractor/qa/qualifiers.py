"""What kind of figure, and when: money of another kind, the asked measure, the asked period.

A value answers an investment question only if it is an investment (not 营业额 or 授信), of the
asked measure (到位资金 is not 计划总投资, 外资 is not 内资), and of the asked time: the question's
half-year, quarter, month, edition and phase must be the statement's, and a running total
(累计) does not answer a question about one period.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from dataclasses import dataclass

from ..text.lexicon import ASKED_MEASURES, CN_NUMERAL, FOREIGN_CAPITAL, FUNDS_IN_PLACE, NOT_DEAL, alternation

_CN_NUM = CN_NUMERAL


# Money that is not an investment: the extraction's NOT_DEAL cues (营业额, 产值, 授信…) plus words
# that value a brand or a market rather than cost a project.
OTHER_MONEY = (*NOT_DEAL, "品牌价值", "价值", "营业额", "交易规模", "市场规模")
_OTHER_MONEY = re.compile(alternation(OTHER_MONEY))


def other_money(clause: str, question: str) -> str | None:
    """The other-kind cue (营业额, 授信…) in the value's clause, unless the question itself asks
    about money of another kind (发放了多少贷款 is answered by 发放贷款95.9亿元)."""
    if _OTHER_MONEY.search(question):
        return None
    m = _OTHER_MONEY.search(clause)
    return m.group(0) if m else None


# What was measured: the question's measure (到位资金, 完成投资) must be the value's clause's.
MEASURES: tuple[tuple[str, ...], ...] = (
    FUNDS_IN_PLACE,
    FOREIGN_CAPITAL,
    ("完成投资",),
    ("外商直接投资", "FDI"),
    ("年度计划", "年度投资", "年度"),
    *ASKED_MEASURES,  # 纳税, 产值, 营收, 就业
)


def measure_mismatch(question: str, clause: str) -> str | None:
    """The measure the question asks for that the value's clause does not state, if any."""
    # 省外资金 is domestic money, not 外资: stated, it is 内资; asked, it asks no 外资
    stated = _FROM_OUTSIDE.sub("内资", clause)
    wanted = _FROM_OUTSIDE.sub("", question)
    for ours, other in (("外资", "内资"), ("内资", "外资")):
        if ours in wanted and other in stated and ours not in stated:
            return ours  # 实际使用外资 is not 实际到位内资
    contracted = _CONTRACTED.search(question)
    paid = any(w in clause for w in FUNDS_IN_PLACE) and not any(w in question for w in FUNDS_IN_PLACE)
    if contracted and paid and not _CONTRACTED.search(clause):
        return contracted.group()  # 合同引资 is not 实际到位内资
    for group in MEASURES:
        asked = next((w for w in group if _as_measure(w, question)), None)
        if asked is not None and not any(w in clause for w in group):
            return asked
    if _YEARS_SHARE.search(question) and not _YEARS_SHARE_SAID.search(clause) and "总投资" in clause:
        return "年度投资"  # 今年投多少: 今年计划投资9亿元, not 总投资32亿元
    whole = WHOLE_ASKED.search(question) and not _PHASE.search(question)
    if whole and _PHASE.search(clause) and not WHOLE_ASKED.search(clause):
        return "总投资"  # 总投资45亿元，其中一期投资18亿元: the phase's sum is not the whole
    return None


# A year's share of a project's investment asked (今年投多少, 年度计划投资多少), and said.
_YEARS_SHARE = re.compile(
    "(?:今年|当年|本年度|年度)(?:计划|要|准备|将)?投(?:资|入)?(?:额)?(?:是|有|为)?(?:多少|几)"
)
_YEARS_SHARE_SAID = re.compile("今年|当年|本年度|年度|年内")


# A size class: 亿元以上(项目176个), 10亿元以上, 五千万元以上, 百亿级, 超亿元, 50亿美元以上.
SIZE_CLASS = (
    rf"(?:超|过)(?P<over>亿)|(?P<n>\d+(?:\.\d+)?|[{CN_NUMERAL}]+)?(?P<unit>[万亿])(?:美?元)?及?(?:以上|级)"
)
_CLASS_COUNTED = re.compile(SIZE_CLASS)


def counts_other_class(said: str, question: str) -> bool:
    """Whether ``said`` (a count's part of its sentence up to it) counts a size class, the last it
    names (…亿元以上项目58个、10亿元以上项目11个: 10亿元), that the question does not ask: 一共签约了
    多少个项目 is not answered by 亿元以上项目176个."""
    found = size_classes(said)
    return bool(found) and found[-1] not in size_classes(question)


def size_classes(text: str) -> list[float]:
    """The least amounts of the size classes ``text`` names, in order (其中50亿元、100亿元以上)."""
    out = []
    for m in _CLASS_COUNTED.finditer(text):
        n = m["n"]
        value = 1.0 if m["over"] or not n else float(n) if n[0].isdigit() else _number(n)
        if value is not None:
            out.append(value * (1e4 if m["unit"] == "万" else 1e8))
    return out


def _number(text: str) -> float | None:
    from ..text.amounts import parse_number

    n = parse_number(text)
    return None if n is None else float(n)


def asked_measure(question: str) -> str | None:
    """What the question asks besides investment (纳税, 固定资产投资, 注册资本…), if anything."""
    return next((w for group in ASKED_MEASURES for w in group if _as_measure(w, question)), None)


def _as_measure(word: str, question: str) -> bool:
    """Whether ``word`` is asked as a measure: not in the name of a kind (固定资产投资项目集中开工)."""
    kinds = (question[m.end() :] for m in re.finditer(re.escape(word), question))
    return any(not re.match(r"(?:投资)?项目", rest) for rest in kinds)


WHOLE_ASKED = re.compile("总投资|投资总额|总额")
# Money from outside the province or city (实际到位省外资金): domestic capital, whose 外资 is no 外资.
_FROM_OUTSIDE = re.compile("(?<!全)[省市县区域]外资金(?!额)")
# A sum agreed on paper (合同引资, 协议投资额, 签约金额), not money paid in.
_CONTRACTED = re.compile("合同|协议|签约")
_PHASE = re.compile(rf"(?<![\d{CN_NUMERAL}])(?:[一二三四五首]|\d)期")


@dataclass(frozen=True)
class Qualifier:
    """A class of time or phase words (quarter, half-year, edition, phase): the asked one must be
    the stated one, and a statement naming only another one of the same class does not answer."""

    name: str
    pattern: re.Pattern[str]


_ORD = rf"(?:\d+|[{_CN_NUM}]+)"
QUALIFIERS = (
    Qualifier("half", re.compile(r"[上下]半年")),
    Qualifier("quarter", re.compile(r"(?:第?[一二三四1-4]|前[二三两2-3])季度")),
    Qualifier(
        "month", re.compile(r"(?<![\d.])(?:1[0-2]|[1-9])月(?!\d{0,2}日)|[一二三四五六七八九十]{1,2}月份")
    ),
    Qualifier("edition", re.compile(rf"第{_ORD}届")),
    Qualifier("phase", re.compile(rf"(?<![\d{_CN_NUM}]){_ORD}期(?:工程|项目)?")),
    # 1-7月, 前7个月: a run of months from January, stated as such or not at all
    Qualifier("months", re.compile(rf"(?<!\d)1\s*[-—–~至到]\s*{_ORD}月|前{_ORD}个月")),
)
# A cumulative figure (累计, 以来, 至今) does not answer a question about one period.
_PERIOD = re.compile(r"[上下]半年|季度|今年|本年|全年|当年|\d{1,2}月|新签|新增")
_CUMULATIVE = re.compile(r"累计|以来|至今|历年|迄今|成立以来")


@functools.lru_cache(maxsize=1024)
def _norm_qualifier(word: str) -> str:
    """One form per qualifier: 第二十四届 and 第24届 are the same edition, 三季度 and 第3季度 the same."""
    from ..text.amounts import parse_number

    word = re.sub(r"(?:工程|项目|份)$", "", word).replace("第", "")
    word = re.sub(r"^前(.+)个月$", r"1-\1月", re.sub(r"\s*[-—–~至到]\s*", "-", word))
    return re.sub(rf"[{_CN_NUM}]+", lambda m: str(parse_number(m.group(0)) or m.group(0)), word)


# Other ways to write a period or phase: 1-6月 is the first half, 1—9月 the first three quarters,
# 首期 the first phase.
_PERIOD_FORMS = (
    (re.compile(r"(?<!\d)1\s*[-—–~至到]\s*6月|前(?:6|六)个月"), "上半年"),
    (re.compile(r"(?<!\d)7\s*[-—–~至到]\s*12月|后(?:6|六)个月"), "下半年"),
    (re.compile(r"(?<!\d)1\s*[-—–~至到]\s*3月"), "一季度"),
    (re.compile(r"(?<!\d)1\s*[-—–~至到]\s*9月"), "前三季度"),
    (re.compile(r"首期"), "一期"),
    (re.compile(r"上半年"), "1-6月"),
    (re.compile(r"前三季度"), "1-9月"),
)


def period_said(term: str, norm: str) -> bool:
    """Whether ``norm`` states the period ``term`` in another form (上半年 as 1—6月, 一季度 as 1—3月)."""
    return any(label == term and form.search(norm) for form, label in _PERIOD_FORMS)


# Classes the statement (or its context) must name when the question does: a half-year, quarter,
# edition or phase is never implied by an article's date.
_MUST_STATE = ("half", "quarter", "edition", "phase", "months")


# The other forms that can state each qualifier (a label its pattern finds: 1-6月 for 上半年 and
# for 6月), so a text is searched only for those.
_FORMS_OF = {
    q.name: [(form, label) for form, label in _PERIOD_FORMS if q.pattern.search(label)] for q in QUALIFIERS
}


def _stated(q: Qualifier, text: str) -> set[str]:
    """The qualifiers of ``q``'s class that ``text`` names, as written or in another form."""
    found = [m.group(0) for m in q.pattern.finditer(text)]
    for form, label in _FORMS_OF[q.name]:
        if form.search(text):
            found += [m.group(0) for m in q.pattern.finditer(label)]
    return {_norm_qualifier(word) for word in found}


_PERIODS = frozenset({"half", "quarter", "months"})


def period_missing(question: str, text: str) -> str | None:
    """The half-year, quarter or run of months the question asks (一季度, 1—7月) that ``text``
    does not name, if it asks one (editions and phases aside)."""
    return _missing(question, text, _PERIODS)


def qualifier_missing(question: str, context: str) -> str | None:
    """The question's half-year, quarter, edition or phase that the context never names, if any."""
    return _missing(question, context, _MUST_STATE)


@functools.lru_cache(maxsize=256)
def _asked(question: str) -> tuple[tuple[Qualifier, dict[str, str]], ...]:
    """The qualifiers ``question`` asks, in ``QUALIFIERS`` order, each as {normalised: as written}.
    Worked out once per question: a scope check runs for each of thousands of records."""
    found = []
    for q in QUALIFIERS:
        asked = {_norm_qualifier(m.group(0)): m.group(0) for m in q.pattern.finditer(question)}
        if asked:
            found.append((q, asked))
    return tuple(found)


def _missing(question: str, text: str, kinds: Collection[str]) -> str | None:
    """The question's qualifier of one of ``kinds`` that ``text`` never names, as asked."""
    for q, asked in _asked(question):
        if q.name in kinds and not (asked.keys() & _stated(q, text)):
            return "、".join(sorted(asked.values()))
    return None


def qualifier_clash(question: str, text: str) -> str | None:
    """The question's qualifier the text contradicts (asks 二季度, states only 三季度), if any.

    A qualifier the text does not mention at all is left to the caller's context check: an
    article about one half-year often names it once in its lead.
    """
    for q, asked in _asked(question):
        stated = _stated(q, text)
        if stated and not (asked.keys() & stated):
            return "、".join(sorted(stated))
    if _WHOLE_YEAR.search(question) and not _WHOLE_YEAR.search(text) and (part := _PART_OF_YEAR.search(text)):
        return part.group(0)  # asked 全年, the text reports 1—9月
    return None


# The whole year asked, a part of it stated (1—9月, 上半年, 一季度, 前10个月).
_WHOLE_YEAR = re.compile(r"全年")
_PART_OF_YEAR = re.compile(
    r"(?<!\d)1\s*[-—–~至到]\s*(?:1[01]|[1-9])月|前(?:1[01]|[1-9]|[二三四五六七八九十]|十一)个月"
    r"|[上下]半年|(?:第?[一二三四1-4]|前[二三两2-3])季度"
)
_ANY_PERIOD = re.compile(f"{_WHOLE_YEAR.pattern}|{_PART_OF_YEAR.pattern}")
# A year's total asked (2023年一共签了多少): the whole year, as 全年 asks it.
_YEARS_TOTAL = re.compile(r"(?:19|20)\d{2}年(?:全年|一共|总共|共|合计|累计)")


def asks_period_total(question: str) -> bool:
    """Whether the question asks a period's total (全年签约了多少, 上半年引进几个): one the article
    must state; the projects it names in that period are not known to be all of them."""
    return _ANY_PERIOD.search(question) is not None


# A year named on its own (2024年全县…), not a part of it (2024年1—9月, 2024年上半年).
_A_YEAR = re.compile(rf"\d{{4}}年(?!\s*(?:{_PART_OF_YEAR.pattern}|\d))")


_PHASE_Q = next(q for q in QUALIFIERS if q.name == "phase")


def names_phase(text: str) -> bool:
    """Whether ``text`` names a phase (一期, 二期工程, 首期)."""
    return _PHASE_Q.pattern.search(text) is not None


def without_phases(text: str) -> str:
    """``text`` without its phase words (a question's 一期 is not the 总投资 part's)."""
    return _PHASE_Q.pattern.sub("", text)


def phase_before(asked: str, said: str, rest: str = "") -> str | None:
    """The phase ``asked`` names (二期投资多少) when the phase said last before a value (``said``:
    its sentence up to it) is another one, or none and its clause (``rest``: what follows the
    value in it) names none either: 总投资不超过18亿元 is no 二期's sum; 总投资6200万元的…（二期）项目
    is."""
    wanted = {_norm_qualifier(m.group(0)): m.group(0) for m in _PHASE_Q.pattern.finditer(asked)}
    if not wanted:
        return None
    last = [_norm_qualifier(m.group(0)) for m in _PHASE_Q.pattern.finditer(said)]
    last = last or [_norm_qualifier(m.group(0)) for m in _PHASE_Q.pattern.finditer(rest)][:1]
    return None if last and last[-1] in wanted else "、".join(sorted(wanted.values()))


def part_of_year_before(question: str, before: str) -> str | None:
    """Asked about the whole year (全年), the period said last before a value (``before``: its
    paragraph up to it) is a part of the year: ``1—9月，全市…；其中…46个`` is no year's figure."""
    if not (_WHOLE_YEAR.search(question) or _YEARS_TOTAL.search(question)):
        return None
    said = list(_ANY_PERIOD.finditer(before))
    if not said or _WHOLE_YEAR.fullmatch(said[-1].group(0)):
        return None
    if _A_YEAR.search(before, said[-1].end()):
        return None  # 召开一季度…推进会。会议通报，2024年全县新签约…: the year's own figure after it
    return said[-1].group(0)


def cumulative_for_period(question: str, clause: str, sentence: str = "") -> bool:
    """The question asks about one period (上半年, 今年, 新签) and the clause states a running total
    not tied to that period in its sentence (今年以来累计… is this year's)."""
    asked = {m.group(0) for m in _PERIOD.finditer(question)}
    if not asked or _CUMULATIVE.search(question) or "截至" in question:
        return False
    if any(word in sentence for word in asked):
        return False
    return bool(_CUMULATIVE.search(clause))


# One event asked about (3月28号那场集中签约, 这次推介会上): a day or a pointer, then the event.
ONE_EVENT_POINTER = r"(?:那场|这场|那次|这次|本次|此次|当天|当日|\d{1,2}月\d{1,2}[日号])"
EVENT = r"(?:集中签约|签约仪式|签约活动|签约大会|推介会|洽谈会|开工仪式|集中开工|签约暨开工)"
_ONE_EVENT = re.compile(rf"{ONE_EVENT_POINTER}[^，,？?]{{0,24}}?{EVENT}")
# A run of months (1—3月, 1至5月): the one pattern QA reads spans with.
MONTH_SPAN = r"\d{1,2}\s*[—\-–~至到]\s*\d{1,2}月"
# A running total over a span: 1—3月, 今年以来累计, 截至3月底 (当天累计签约 is the day's own count).
_RUNNING = re.compile(rf"(?<!当天)(?<!当日)(?<!现场)(?<!本次)累计|以来|截至|截止|{MONTH_SPAN}")


def running_total_for_event(question: str, clause: str) -> bool:
    """The question asks about one event (3月28号那场集中签约) and the clause states a running
    total over a span (今年1—3月，全市累计签约…): the span's, not the day's."""
    return _ONE_EVENT.search(question) is not None and _RUNNING.search(clause) is not None


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
_RELATIVE_YEAR = {"今年": 0, "去年": -1, "前年": -2, "明年": 1}
_CLAUSE_SPLIT = re.compile("[，,；;]")
# A firm's operating figures, which a clause may date apart from the investment beside it.
_OPERATING = re.compile("营业收入|主营业务收入|营收|销售收入|销售额|纳税|税收|产值|利润|出口额")


def title_year(title: str | None) -> str | None:
    """The one year a title names (2023年…统计公报, published in 2024), if it names one."""
    years = set(_YEAR.findall(title or ""))
    return years.pop() if len(years) == 1 else None


def reported_year(title: str | None, published: str | None, section: str = "") -> str | None:
    """The year a statement that names none reports on, by what heads it: its section's heading
    (一、2023年工作回顾 in a report published in 2024), else its title's year, unless that is only
    the year it was published (2024年…政府工作报告 reviews 2023: its 全年 is the year just ended)."""
    year = title_year(section) or title_year(title)
    if year is None or (not title_year(section) and (published or "").startswith(year)):
        return None
    return year


def year_possible(year: str, text: str, published: str | None, reported: str | None) -> bool:
    """Whether ``text`` (a paragraph and its context) may speak of ``year``: it names it, its
    article was published then or reports on it (``reported_year``), or it reports a 全年 in the
    first quarter after it."""
    if year in text or (published or "").startswith(year) or reported == year:
        return True
    return _year_just_ended(text, published) == year


def _year_just_ended(text: str, published: str | None) -> str | None:
    """The year a 全年 figure said in January to March is of (the one just ended), if ``text`` says
    全年 and ``published`` is in that quarter."""
    if "全年" not in text or not published or published[5:7] not in {"01", "02", "03"}:
        return None
    return str(int(published[:4]) - 1) if published[:4].isdigit() else None


def year_mismatch(
    years: list[str], sentence: str, published: str | None, reported: str | None = None
) -> str | None:
    """The asked year a statement is not about: it names other years only, or (naming none) its
    article is about another year (``reported``: its title's year, 2023年…统计公报; else the year
    it was published); 去年/今年 count from the publication year."""
    if not years:
        return None
    # 投资2.8亿元，该公司去年营业收入12.3亿元: 去年 dates the firm's takings, not the investment
    sentence = "，".join(c for c in _CLAUSE_SPLIT.split(sentence) if not _OPERATING.search(c))
    stated = set(_YEAR.findall(sentence))
    base = int(published[:4]) if published and published[:4].isdigit() else None
    if base is not None:
        stated |= {str(base + delta) for word, delta in _RELATIVE_YEAR.items() if word in sentence}
    if not stated and reported is not None:
        stated = {reported}
    elif not stated and base is not None:
        # 全年新签约…58个 in a report of January to March: the year just ended
        stated = {_year_just_ended(sentence, published) or str(base)}
    if not stated:
        return None
    return None if any(y in stated for y in years) else "、".join(sorted(stated)) + "年"
