"""Multi-part questions: ``共签约几个项目?总投资多少?`` is two questions, each answered on its own.

A part is answered with its own citation or said to be not stated; one part's answer never
stands in for another's (the count alone for "how many and how much").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..schema import NOT_FOUND, Answer, Span
from ..text.lexicon import PROJECT_SUFFIX, alternation
from ..text.names import is_generic
from ..text.normalize import normalize_text
from .binding import item_subject, specific
from .parse import anchor_terms

# (开工了吗, 签了没有: a yes-or-no part asks too)
_ASKS = re.compile(r"多少|几|哪|什么|谁|何时|多大|多高|多长|怎么样|如何|是否|吗$|了没有$")
_STOP = re.compile(r"[?？;；]")
# 农业项目有几个、金额多少: a comma that opens a second question
_COMMA = re.compile(r"[，,、]")
_MARK = re.compile(r"\[(\d+)\]")
# 签约金额和到位资金分别是多少: one question per measure
_MEASURE = (
    r"(?:总投资|投资额|投资|金额|资金|外资|内资|引资|总额|规模|产值|营业收入|营收|收入|净利润|利润|税收)"
)
# 合同引资和实际到位内资各多少, 协议投资额和省外资金到位额各多少
_BOTH = re.compile(
    rf"(?P<head>.*?)(?P<a>(?:(?![年月度半])[\u4e00-\u9fff]){{0,2}}{_MEASURE}(?:到位额|到位)?)(?:和|与|及|、)"
    rf"(?P<b>[\u4e00-\u9fff]{{0,4}}{_MEASURE}(?:到位额|到位)?)(?:分别|各)(?:是|为|有)?(?P<ask>多少|多大|几)"
)


# 签了多少项目和金额: how many projects, and how much money
_ASK_BOTH = re.compile(
    rf"(?P<head>.*?)(?P<ask>多少|几)(?P<a>个?项目|家企业|个|年?{_MEASURE})(?:和|与|及|、)"
    rf"(?P<b>{_MEASURE}|就业岗位|岗位|就业|税收|员工)(?P<end>[?？]?)"
)


# 甲县和乙县分别签了什么项目: one question per subject.
_EACH = re.compile(
    r"(?:^|[,，])(?P<a>[\u4e00-\u9fff\-A-Za-z]{2,12}?)(?:和|与|、)(?P<b>[\u4e00-\u9fff\-A-Za-z]{2,12}?)"
    r"(?P<rest>(?:在|于|的|各).*?(?:分别|各).*)$"
)


# 甲市、乙市、丙市三市这次各签了多少个项目: a list of places, counted as places, then 各
_PLACE_LIST = re.compile(
    r"^(?P<list>[\u4e00-\u9fff]{2,6}?(?:[、和与][\u4e00-\u9fff]{2,6}?)+)"
    r"(?P<n>[两二三四五六七八九十]个?(?:市|县|区|地|省|镇|州))?(?:这次|本次|此次)?"
    r"(?P<rest>(?:在|于|的)?[^，,？?、和与]*?(?:分别|各)[^，,]*)$"
)


# 签约项目里甲类项目和乙类项目各有多少个: the same count for each kind, within the group named first
_EACH_WITHIN = re.compile(
    r"(?P<pre>[^，,？?]{2,}?(?:里|中|当中))(?P<a>[\u4e00-\u9fff]{2,12}?)(?:和|与|、)"
    r"(?P<b>[\u4e00-\u9fff]{2,12}?)(?P<rest>(?:分别|各)[^，,]*)$"
)


# 协议类和意向类项目各有多少: the same question for each kind; a later 金额各多少 asks it of both too
_KINDS = re.compile(
    r"(?P<pre>.*?)(?P<a>(?:(?![的了在])[\u4e00-\u9fff]){1,3}类)(?:和|与|及|、)(?P<b>[\u4e00-\u9fff]{1,3}类)"
    r"(?P<noun>[\u4e00-\u9fff]{0,4}?)(?:分别|各)(?P<rest>.*)$"
)
_EACH_AGAIN = re.compile(r"^(?P<what>[\u4e00-\u9fff]{1,6}?)(?:分别|各)(?P<rest>.*)$")


def _kinds(m: re.Match[str]) -> list[tuple[str, str]]:
    """The two kinds of a ``_KINDS`` match with what precedes each; the first is as long as the
    second (签约协议类和意向类: 协议类, not 约协议类)."""
    cut = max(0, len(m["a"]) - len(m["b"]))
    return [(m["pre"] + m["a"][:cut], m["a"][cut:]), (m["pre"] + m["a"][:cut], m["b"])]


def _per_place(question: str) -> list[str] | None:
    """``甲市、乙市、丙市三市各签了多少个项目``: the same question about each place of the list."""
    from ..text.places import find_places

    m = _PLACE_LIST.match(question.strip())
    if m is None:
        return None
    names = re.split("[、和与]", m["list"])
    whole = [any(s == 0 and e == len(x) for s, e, _ in find_places(x)) for x in names]
    if len(names) < 3 or not (all(whole) or (m["n"] and any(whole))):
        return None  # two are read by _per_subject; a list not known as places is not split
    rest = re.sub("分别|各", "", m["rest"], count=1)
    return [n + rest for n in names]


def _per_subject(question: str) -> list[str] | None:
    """``A和B…分别…`` (or 各) over two places or two named firms: the same question about each."""
    from ..text.places import find_places

    listed = _per_place(question)
    if listed is not None:
        return listed
    within = _EACH_WITHIN.match(question.strip())
    if within and specific(within["a"]) and specific(within["b"]):
        rest = re.sub("分别|各", "", within["rest"], count=1)
        return [within["pre"] + within["a"] + rest, within["pre"] + within["b"] + rest]
    m = _EACH.search(question.strip())
    if m is None:
        return None
    a, b = m["a"], m["b"]
    places = all(any(s == 0 and e == len(x) for s, e, _ in find_places(x)) for x in (a, b))
    if not places and not (specific(a) and specific(b)):
        return None
    rest = re.sub("分别|各", "", m["rest"], count=1)
    return [a + rest, b + rest]


def each_subject(question: str, part: str) -> str | None:
    """The place or firm a part of a per-subject question is about (甲市 in 甲市签了几个)."""
    if part == question:
        return None
    for name, rest in _subjects(question):
        if part == name + rest:
            return name
    return None


def _subjects(question: str) -> list[tuple[str, str]]:
    return [
        (p[: len(p) - len(rest)], rest) for p in _per_subject(question) or [] for rest in [_rest(question, p)]
    ]


def _rest(question: str, part: str) -> str:
    """The shared tail of a per-subject part: what follows the subject's name."""
    listed = _PLACE_LIST.match(question.strip()) if _per_place(question) else None
    m = listed or _EACH.search(question.strip())
    return re.sub("分别|各", "", m["rest"], count=1) if m else part


def split_question(question: str) -> list[str]:
    """The parts of a question that asks several things; one part when it asks one."""
    each = _per_subject(question)
    if each is not None:
        return each
    parts: list[str] = []
    for piece in (p.strip() for p in _STOP.split(question)):
        if not piece:
            continue
        pending = ""
        for clause in _COMMA.split(piece):
            if _ASKS.search(clause):
                parts.append(pending + clause)
                pending = ""
            else:
                pending += clause + "，"
        if pending and parts:
            parts[-1] += "，" + pending.rstrip("，")
        elif pending:
            parts.append(pending.rstrip("，"))
    out = []
    kinds: re.Match[str] | None = None
    for part in parts:
        m = _BOTH.fullmatch(part)
        two = _ASK_BOTH.fullmatch(part)
        again = _EACH_AGAIN.fullmatch(part) if kinds else None
        if (k := _KINDS.fullmatch(part)) is not None:
            kinds = k
            out += [f"{pre}{kind}{k['noun']}{k['rest']}" for pre, kind in _kinds(k)]
        elif kinds is not None and again is not None:
            noun = kinds["noun"] + again["what"] + again["rest"]
            out += [f"{pre}{kind}{noun}" for pre, kind in _kinds(kinds)]
        elif m:
            out += [f"{m['head']}{m['a']}是{m['ask']}", f"{m['head']}{m['b']}是{m['ask']}"]
        elif two:
            out += [f"{two['head']}{two['ask']}{two['a']}", f"{two['head']}{two['ask']}{two['b']}"]
        else:
            out.append(part)
    return out if len(out) > 1 else [question]


# A part that asks which one (哪家企业, 什么项目, 谁): what the parts after it speak of.
_WHICH = re.compile(r"哪|什么|谁")


# 主会场项目是什么 / 签了什么项目 / 哪个项目: a part that asks to name a project.
_WHICH_PROJECT = re.compile(
    rf"(?:{alternation(PROJECT_SUFFIX)})(?:是什么|是哪个|是哪一个|叫什么)|(?:什么|哪个|哪一个|哪些)(?:{alternation(PROJECT_SUFFIX)})"
)
_PROJECT_NAME = re.compile(rf"[\u4e00-\u9fffA-Za-z0-9]{{2,30}}?(?:{alternation(PROJECT_SUFFIX)})")


def names_no_project(part: str, answer: Answer) -> bool:
    """Whether ``part`` asks to name a project and ``answer`` quotes none the part doesn't already
    name (``主会场项目是什么`` answered by the ceremony's sentence)."""
    if answer.abstained or not _WHICH_PROJECT.search(part):
        return False
    asked = normalize_text(part)
    quoted = normalize_text(" ".join(c.quote for c in answer.citations))
    names = [m.group() for m in _PROJECT_NAME.finditer(quoted)]
    return not any(n not in asked and not is_generic(n) for n in names)  # 第二季度重大项目 names none


def unknown_referent(part: str, before: list[str], answers: list[Answer]) -> bool:
    """Does ``part`` speak of what an earlier part asked to identify and could not?

    In ``和哪家企业签了什么项目?投资多少?`` the second part has no subject of its own: it asks
    about the project the first part names. Unnamed, that project's amount is unknown, and any
    amount near the question's words (the next project's, the year's) would answer the wrong thing.
    """
    if not before or item_subject(part) or anchor_terms(part):
        return False
    asked, answer = before[-1], answers[-1]
    return bool(_WHICH.search(asked)) and (answer.abstained or not answer.citations)


def combine(question: str, parts: list[str], answers: list[Answer]) -> Answer:
    """One answer: each part's answer with its citations renumbered, or that part marked not stated."""
    texts: list[str] = []
    citations: list[Span] = []
    related: list[Span] = []
    for part, answer in zip(parts, answers, strict=True):
        if answer.abstained or not answer.citations:
            note = answer.answer.removeprefix(NOT_FOUND).rstrip("。") or "资料中未找到相关信息"
            texts.append(f"{part}：{note}。")
            related += answer.related[:1]
            continue
        offset = len(citations)
        citations += answer.citations
        texts.append(f"{part}：" + _MARK.sub(_shift(offset), answer.answer))
    answered = [a for a in answers if not a.abstained and a.citations]
    if not answered:
        first = answers[0]
        reasons = [a.reason for a in answers if a.reason]
        return first.model_copy(
            update={
                "question": question,
                "answer": NOT_FOUND + "".join(t.split("：", 1)[1] for t in texts if "资料中" not in t),
                "related": related or first.related,
                "reason": reasons[0] if reasons else None,
            }
        )
    return Answer(
        question=question,
        answer="\n".join(texts),
        route=answered[0].route,
        citations=citations,
        related=related,
        backend=answered[0].backend,
    )


def _shift(offset: int) -> Callable[[re.Match[str]], str]:
    return lambda m: f"[{int(m.group(1)) + offset}]"
