"""Is a value stated about the asked subject, at the asked time? Checks shared by both QA routes.

A number near a name is not the name's number: news writes ``A、B、C等12个项目集中签约，
总投资80亿元`` (a total of the group A belongs to), ``营业额有望达到5亿元`` (money of
another kind) and ``累计签约…`` (a cumulative figure when a half-year is asked). These
pure functions over strings say when a value does not answer; the routes abstain then,
and the abstention says what the articles do state.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Literal

from ..text.lexicon import (
    FIRM_END,
    FOREIGN_CAPITAL,
    FUNDS_IN_PLACE,
    GENERIC_NAME_WORDS,
    INVESTMENT,
    NOT_DEAL,
    ORG_SUFFIX,
    PROJECT_SUFFIX,
    STAGE_CUES,
    TOTAL,
    alternation,
)
from ..text.normalize import normalize, normalize_text
from ..text.places import find_places
from .parse import tagged

Binding = Literal["bound", "group", "absent"]

_CN_NUM = "一二两三四五六七八九十百千"
# Where the subject of a question ends: the asked measure, a preposition, the question word.
_SUBJECT_END = re.compile(
    r"自己|本身|单独|的?(?:计划|协议|意向)?(?:总投资|投资额|投资总额|投资金额|投资规模|投资多少|投了|签约额|金额)"
    r"|落户|签约|签了|签下|是哪|是什么|是谁|位于|有多少|多少|几"
)
# Prepositions end the subject only as words of their own: 与 in 颐和城 does not.
_SUBJECT_END_WORDS = {"在", "于", "到", "把", "将", "由", "被", "给", "与", "和", "向", "跟", "同"}
# Measures, events and periods are not items: 外商直接投资, 海北州专场, 推介会, 济宁高新区今年.
_MEASURE_WORDS = (*INVESTMENT, *FUNDS_IN_PLACE, *FOREIGN_CAPITAL, "外商直接投资", "FDI", "资金", "外资")
_MEASURE_END = re.compile(rf"(?:{alternation(_MEASURE_WORDS)})$")
_EVENT_END = re.compile(r"(?:专场|大会|推介会|洽谈会|博览会|交易会|仪式|活动|论坛|峰会|会议)$")
_TIME_WORDS = re.compile(
    r"\d{4}年(?:以来|至今)?|今年|去年|上半年|下半年|近年来|目前|现在|以来|至今|这两年|近年"
)
_ITEM_END = re.compile(rf"(?:{alternation(PROJECT_SUFFIX + ORG_SUFFIX + FIRM_END)})$")
_LEADING = re.compile(r"^(?:请问|请|这次|本次|该|那个|这个)")
# When, not who: 2021年以来光谷招商项目 asks about 光谷's projects over a period.
_TIME_PREFIX = re.compile(
    r"^(?:\d{4}年(?:以来|至今|上半年|下半年)?|今年|去年|上半年|下半年|近年来|目前|截至目前)+"
)
_DEMONSTRATIVE = re.compile(r"那个|这个|那家|这家")
# Categories and measures are no names: 重点产业项目, 到位资金, 合同外资.
_GENERIC_WORD = re.compile(
    alternation(
        GENERIC_NAME_WORDS
        + PROJECT_SUFFIX
        + ORG_SUFFIX
        + INVESTMENT
        + FUNDS_IN_PLACE
        + FOREIGN_CAPITAL
        + TOTAL
    )
)
# A count of projects or firms between a name and an amount makes the amount the group's:
# A等12个项目…总投资80亿元 (but not 充电桩500个，总投资12亿元: a size, not a group).
_N = rf"(?:\d+|[{_CN_NUM}]+)\s*(?:余|多)?\s*(?:个|家|项|批)"
_GROUP_COUNT = re.compile(rf"等\s*{_N}|{_N}[^，,；;。]{{0,6}}?(?:项目|企业|公司)")
_LIST_AFTER = re.compile(r"^\s*(?:[、和及与]|等)")
_SENTENCE_END = re.compile(r"[。！？!?；;]")


def item_subject(question: str) -> str | None:
    """The named project or firm a question asks about (``华翔研发中心项目总投资多少`` → 华翔研发中心项目).

    ``None`` when the question opens with a place, an event or a category (嘉定区签约项目总投资
    多少): those ask for a group figure, which a group total does answer.
    """
    head = _TIME_PREFIX.sub("", _LEADING.sub("", question.strip()))
    m = _SUBJECT_END.search(head)
    end = m.start() if m else len(head)
    at = 0
    for word, _ in tagged(head):
        if at >= end:
            break
        if word in _SUBJECT_END_WORDS:
            end = at
            break
        at += len(word)
    subject = _TIME_WORDS.sub("", head[:end]).strip("“”\"'《》 ")
    if len(subject) < 2 or re.search("哪|什么|谁|多少|几", subject) or _EVENT_END.search(subject):
        return None
    if _MEASURE_END.search(subject):
        return None  # 外商直接投资, 到位资金: a measure, not an item
    for name in (subject, subject.rsplit("的", 1)[-1]):
        # 某县刚并网的独立储能电站: the head after the last 的 when the whole is no name
        if specific(name) and (_ITEM_END.search(name) or _is_name(name)):
            return name
    return None


def specific(name: str) -> bool:
    """A name, not a category: something is left when places and generic words are taken out
    (华翔研发中心项目 is specific; 重点产业项目, 一批优质项目 and 江宁区项目 are not)."""
    rest = name
    for start, end, _ in sorted(find_places(name), reverse=True):
        rest = rest[:start] + rest[end:]
    rest = _GENERIC_WORD.sub("", rest)
    return len(re.findall(r"[\u4e00-\u9fffA-Za-z]", rest)) >= 2


_NOT_NAME_FLAGS = ("r", "p", "c", "u", "d", "m", "q", "y", "t")
_STAGE_WORDS = {w for words in STAGE_CUES.values() for w in words}


def _is_name(word: str) -> bool:
    """A short run of name words (美团, 深蓝储能, 某银行洛阳分行): a name even without a legal
    suffix; not a question word, a stage verb or a run cut inside a word (洞泾意向 → 洞泾意)."""
    pairs = tagged(word)
    if not pairs or len(word) > 10 or re.search("哪|什么|谁|多少|几", word) or len(pairs[-1][0]) < 2:
        return False
    return not any(flag in _NOT_NAME_FLAGS or w in _STAGE_WORDS for w, flag in pairs)


def subject_variants(subject: str) -> list[str]:
    """How the text may write the subject: whole, without 项目, without the legal suffix."""
    subject = _DEMONSTRATIVE.sub("", subject)
    places = find_places(subject)
    # 农安县城开农投集团…: the place the question adds before a name is not part of it
    bare = subject[places[0][1] :] if places and places[0][0] == 0 else subject
    out = [subject, bare] if len(bare) >= 2 else [subject]
    for name in list(out):
        for suffix in ("项目", *ORG_SUFFIX):
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                out.append(name[: -len(suffix)])
    return [normalize_text(v) for v in dict.fromkeys(out)]


def _patterns(subject: str) -> list[re.Pattern[str]]:
    """The variants as patterns; ``X的Y`` also matches X and Y a few characters apart
    (鑫晟新能源的电池项目 ~ 鑫晟新能源年产20GWh电池项目), within one clause."""
    out = []
    for v in subject_variants(subject):
        owner, _, thing = v.partition("的")
        if thing and len(owner) >= 2 and len(thing) >= 2:
            out.append(re.compile(rf"{re.escape(owner)}[^，,；;。、]{{0,12}}?{re.escape(thing)}"))
        else:
            out.append(re.compile(re.escape(v)))
    return out


def _tokens(subject: str) -> list[str]:
    """The subject's words, places and legal suffixes left out: 美利信英山智能制造产业园项目 →
    美利, 信, 智能, 制造, 产业园 (英山 may be written elsewhere in the name)."""
    bare = subject_variants(subject)[-1]
    for start, end, _ in sorted(find_places(bare), reverse=True):
        bare = bare[:start] + " " + bare[end:]
    return [w for w, _ in tagged(bare) if w.strip() and w != "的" and w not in ORG_SUFFIX]


def _spans(subject: str, norm: str) -> list[tuple[int, int]]:
    """Where the text names the subject: a variant written out, or every one of its words in one
    stretch of a clause (英山美利信智能制造产业园 ~ 美利信英山智能制造产业园项目). Every word must be
    there: 电容器 never stands in for 电感器."""
    spans = [(m.start(), m.end()) for p in _patterns(subject) for m in p.finditer(norm)]
    words = _tokens(subject)
    if spans or len(words) < 2:
        return spans
    reach = len(subject) + 8
    for m in re.finditer(re.escape(words[0]), norm):
        lo, hi = max(0, m.start() - reach), m.end() + reach
        stretch = norm[lo:hi]
        at = [stretch.find(w) for w in words]
        if min(at) >= 0:
            start, end = lo + min(at), lo + max(a + len(w) for a, w in zip(at, words, strict=True))
            if not re.search(r"[，,；;。]", norm[start:end]):
                spans.append((start, end))
    return spans


def mentions(subject: str, text: str) -> bool:
    return bool(_spans(subject, normalize_text(text)))


# A sentence that refers back to the subject named before it: 该项目总投资3.5亿美元.
_REFERRED = alternation((*PROJECT_SUFFIX, *ORG_SUFFIX, "电站", "企业"))
_BACK_REFERENCE = re.compile(
    rf"^[“\"]?(?:(?:该|此|这个|这一)[\u4e00-\u9fff]{{0,4}}?(?:{_REFERRED})|其(?![中他余实次])|项目|公司|企业)"
)


def binding(text: str, subject: str, value_at: int, *, named_before: bool = False) -> Binding:
    """How the value at ``value_at`` relates to ``subject`` in ``text`` (one sentence or two).

    *bound*: the subject is named before the value in its sentence with nothing that makes the
    value a group's between them, or just after it (投资50亿元的S项目), or (``named_before``:
    the paragraph named it) the sentence opens by referring back to it (该项目总投资…).
    *group*: a count of items (等12个项目) or the rest of a list stands between them.
    *absent*: not named there.
    """
    copy = normalize(text)
    norm = copy.text
    value_at = bisect_left(copy.offsets, value_at)
    spans = _spans(subject, norm)
    lo = max((m.end() for m in _SENTENCE_END.finditer(norm, 0, value_at)), default=0)
    before = [sp for sp in spans if lo <= sp[0] < value_at]
    if not before:
        after = [
            sp[0] for sp in spans if sp[0] > value_at and not _SENTENCE_END.search(norm, value_at, sp[0])
        ]
        if after and re.fullmatch(r"[^，,；;。、]{0,12}的", norm[value_at : after[0]][-13:] or ""):
            return "bound"
        lead = norm[lo:value_at]
        if (spans or named_before) and _BACK_REFERENCE.match(lead):
            return "group" if _GROUP_COUNT.search(lead) else "bound"
        return "absent"
    start, end = max(before)
    between = norm[end:value_at]
    listed = (start > 0 and norm[start - 1] == "、") or _LIST_AFTER.match(between)
    if "分别" in between:
        return "bound"
    if listed or _GROUP_COUNT.search(between):
        return "group"
    return "bound"


# ----------------------------------------------------------------------------- money of another kind

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
)


def measure_mismatch(question: str, clause: str) -> str | None:
    """The measure the question asks for that the value's clause does not state, if any."""
    for ours, other in (("外资", "内资"), ("内资", "外资")):
        if ours in question and other in clause and ours not in clause:
            return ours  # 实际使用外资 is not 实际到位内资
    for group in MEASURES:
        asked = next((w for w in group if w in question), None)
        if asked is not None and not any(w in clause for w in group):
            return asked
    return None


def same_sentence(text: str, subject: str, value_at: int) -> bool:
    """Is the subject named in the sentence that holds the value (who/where/when answers)?"""
    lo = max((m.end() for m in _SENTENCE_END.finditer(text, 0, value_at)), default=0)
    nxt = _SENTENCE_END.search(text, value_at)
    sentence = text[lo : nxt.end() if nxt else len(text)]
    return mentions(subject, sentence) or bool(_BACK_REFERENCE.match(normalize_text(sentence)))


# ----------------------------------------------------------------------------- qualifiers


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
)
# A cumulative figure (累计, 以来, 至今) does not answer a question about one period.
_PERIOD = re.compile(r"[上下]半年|季度|今年|本年|全年|当年|\d{1,2}月|新签|新增")
_CUMULATIVE = re.compile(r"累计|以来|至今|历年|迄今|成立以来")


def _norm_qualifier(word: str) -> str:
    """One form per qualifier: 第二十四届 and 第24届 are the same edition, 三季度 and 第3季度 the same."""
    from ..text.amounts import parse_number

    word = re.sub(r"(?:工程|项目|份)$", "", word).replace("第", "")
    return re.sub(rf"[{_CN_NUM}]+", lambda m: str(parse_number(m.group(0)) or m.group(0)), word)


# Other ways to write a period: 1-6月 is the first half, 1—9月 the first three quarters.
_PERIOD_FORMS = (
    (re.compile(r"(?<!\d)1\s*[-—–~至到]\s*6月|前(?:6|六)个月"), "上半年"),
    (re.compile(r"(?<!\d)7\s*[-—–~至到]\s*12月|后(?:6|六)个月"), "下半年"),
    (re.compile(r"(?<!\d)1\s*[-—–~至到]\s*3月"), "一季度"),
    (re.compile(r"(?<!\d)1\s*[-—–~至到]\s*9月"), "前三季度"),
)
# Classes the statement (or its context) must name when the question does: a half-year, quarter,
# edition or phase is never implied by an article's date.
_MUST_STATE = ("half", "quarter", "edition", "phase")


def _stated(q: Qualifier, text: str) -> set[str]:
    text = text + " " + " ".join(label for pattern, label in _PERIOD_FORMS if pattern.search(text))
    return {_norm_qualifier(m.group(0)) for m in q.pattern.finditer(text)}


def qualifier_missing(question: str, context: str) -> str | None:
    """The question's half-year, quarter, edition or phase that the context never names, if any."""
    for q in QUALIFIERS:
        if q.name not in _MUST_STATE:
            continue
        asked = {_norm_qualifier(m.group(0)): m.group(0) for m in q.pattern.finditer(question)}
        if asked and not (asked.keys() & _stated(q, context)):
            return "、".join(sorted(asked.values()))
    return None


def qualifier_clash(question: str, text: str) -> str | None:
    """The question's qualifier the text contradicts (asks 二季度, states only 三季度), if any.

    A qualifier the text does not mention at all is left to the caller's context check: an
    article about one half-year often names it once in its lead.
    """
    for q in QUALIFIERS:
        asked = {_norm_qualifier(m.group(0)) for m in q.pattern.finditer(question)}
        if not asked:
            continue
        stated = _stated(q, text)
        if stated and not (asked & stated):
            return "、".join(sorted(stated))
    return None


def cumulative_for_period(question: str, clause: str, sentence: str = "") -> bool:
    """The question asks about one period (上半年, 今年, 新签) and the clause states a running total
    not tied to that period in its sentence (今年以来累计… is this year's)."""
    asked = {m.group(0) for m in _PERIOD.finditer(question)}
    if not asked or _CUMULATIVE.search(question) or "截至" in question:
        return False
    if any(word in sentence for word in asked):
        return False
    return bool(_CUMULATIVE.search(clause))


# ----------------------------------------------------------------------------- the question's own numbers

_STATED_NUMBER = re.compile(rf"(\d+(?:\.\d+)?|[{_CN_NUM}]+)\s*(?:余|多)?\s*(个|家|项|批|宗|名|场|次|亿|万)")


def premise_numbers(question: str) -> set[str]:
    """Numbers the question states as given (``这9家企业``, ``签约的12个项目``): never its answer."""
    from ..text.amounts import parse_number

    out = set()
    for m in _STATED_NUMBER.finditer(question):
        if question[max(0, m.start() - 1) : m.start()] == "哪":
            continue  # 哪两家 asks which two: no number is given
        n = parse_number(m.group(1)) if not m.group(1)[0].isdigit() else None
        out.add(str(n) if n is not None else m.group(1))
    return out


_SUBSET = re.compile(
    rf"((?:\d+|[{_CN_NUM}]+)\s*(?:个|家|项))(?:[\u4e00-\u9fff]{{0,6}}?(?:项目|企业|公司))?(?:里|中|当中|之中)"
)


def subset_premise(question: str) -> str | None:
    """``12个项目中，有几个…``: the question asks about part of a group it names; the group's own
    figures (the sentence that says 12个) do not answer it. Returns the group's count (``12个``)."""
    m = _SUBSET.search(question)
    return normalize_text(m.group(1)) if m else None


_GROUP = re.compile(rf"(\d+|[{_CN_NUM}]+)\s*(个|家|项)")


def states_group(question: str, context: str) -> bool:
    """A question that names its group by count (这9个项目, 签约的12个项目里) is answered only where
    that count is stated: another article's projects are not those 9."""
    norm = normalize_text(context)
    for m in _GROUP.finditer(question):
        n = m.group(1)
        digits = n if n.isdigit() else number_of(n)
        forms = {f"{n}{m.group(2)}"} | ({f"{digits}{m.group(2)}"} if digits else set())
        if not any(re.search(rf"(?<![\d.]){re.escape(f[:-1])}\s*(?:余|多)?{f[-1]}", norm) for f in forms):
            return False
    return True


_ASKED_UNIT = re.compile(r"(?:多少|几)\s*(个|家|项|批|宗|名|人|户|场次|场|套|座|台|栋|间|所|条|只|支)")
_SAME_UNIT = {"项": "个", "批": "个", "宗": "个", "场次": "场", "名": "人", "只": "支"}
# What is counted: the words after the count (多少个商用案例) or before it (农业项目有几个,
# 亿元以上的有几个); at least one of them must be in the value's clause.
_COUNTED_AFTER = re.compile(r"(?:多少|几)\s*(?:个|家|项|场次|场|套|座|台|名)([\u4e00-\u9fffA-Za-z0-9]{2,12})")
_COUNTED_BEFORE = re.compile(r"([^，,、；;中里]{2,10}?)(?:的)?(?:有|共有|一共)?(?:多少|几)\s*(?:个|家|项)?$")
_NOT_COUNTED = {
    "项目",
    "企业",
    "公司",
    "已经",
    "其中",
    "一共",
    "共有",
    "签约",
    "这次",
    "本次",
    "目前",
    "现在",
}


def _counted_words(phrase: str) -> list[str]:
    return [
        w
        for w, flag in tagged(phrase)
        if len(w) >= 2 and w not in _NOT_COUNTED and flag not in ("r", "d", "u", "p", "c", "m")
    ]


def count_fits(question: str, value: str, clause: str) -> bool:
    """A count answers when its unit is the asked one (多少个 is not 110万家) and its clause names
    what is counted (优选项目有多少个 is not 现场签约项目13个)."""
    asked = _ASKED_UNIT.search(question)
    if asked:
        unit = re.sub(r"^[\d.,万至到~\-一二两三四五六七八九十百千余多\s]+", "", value)
        if _SAME_UNIT.get(unit, unit) != _SAME_UNIT.get(asked.group(1), asked.group(1)):
            return False
    norm = normalize_text(clause)
    stem = re.sub(r"[?？。!！]+$", "", question)
    for m in (_COUNTED_AFTER.search(stem), _COUNTED_BEFORE.search(stem)):
        words = _counted_words(m.group(1)) if m else []
        if words and not any(normalize_text(w) in norm for w in words):
            return False
    return True


def number_of(value: str) -> str | None:
    """The leading number of a count or amount value (``12个`` → 12, ``九家`` → 9)."""
    from ..text.amounts import parse_number

    m = re.search(rf"\d+(?:\.\d+)?|[{_CN_NUM}]+", value)
    if m is None:
        return None
    if m.group(0)[0].isdigit():
        return m.group(0)
    n = parse_number(m.group(0))
    return str(n) if n is not None else None
