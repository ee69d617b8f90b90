"""The question's own numbers: premises, never answers.

``这9家企业分别是哪几家`` gives 9 and asks for names; ``签约的12个项目中有几个…`` asks about part of
a group of 12 whose own figures don't answer it; ``多少个商用案例`` counts 案例, not 家.
"""

from __future__ import annotations

import re

from ..text.lexicon import CN_NUMERAL
from ..text.normalize import normalize_text
from .parse import tagged

_CN_NUM = CN_NUMERAL


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


# 除了瀚储，另一个是哪个 / 除X项目以外还有哪些 / 除去X，其他… / 除X之外的其他…: what the question sets
# aside, at the start of a clause (never 排除, 除夕, 除尘设备项目: 除 alone needs its 外).
_EXCEPT = re.compile(
    r"(?:^|(?<=[，,。；;：:？?！!]))(?:"
    r"除(?:了|去|开|掉)(?P<a>[^，,。？?！!]{2,24}?)(?:(?:之|以)?外的?)?(?=[，,]|还|另|其[他余])"
    r"|除(?P<b>[^，,。？?！!]{2,24}?)(?:之|以)?外的?(?=[，,]|还|另|其[他余]|[\u4e00-\u9fff])"
    r")"
)
_POINTER = re.compile(r"^(?:此|这|上述|以上|前述|其)")
_SET_ASIDE_END = re.compile(r"的?(?:(?:这个|这一|该)?项目|这个|这家|该)?$")


def excepted(question: str) -> list[str]:
    """What the question sets aside (除了瀚储，另一个…: 瀚储; 除了A和B，其他…: A, B): its answer is
    about the others. 除此之外 points back and sets aside nothing named."""
    out: list[str] = []
    for m in _EXCEPT.finditer(question):
        x = normalize_text(m["a"] or m["b"])
        if _POINTER.match(x):
            continue
        for name in re.split("[和、及与]", x):
            bare = _SET_ASIDE_END.sub("", name)  # 除光大项目以外: 光大人工智能产业基地 is it
            if len(bare) >= 2:
                out.append(bare)
    return out


def without_excepted(question: str) -> str:
    """The question without what it sets aside (除了赣锋储能，另一个… → ，另一个…): the words of the
    project set aside are not the topic of the others (储能 of 赣锋储能 is no industry asked)."""
    return _EXCEPT.sub("", question)
