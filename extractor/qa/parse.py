"""Reading a Chinese question: its route, its typed deal query, its key terms.

Pure functions over the question string, so they are cheap to test. The
offline router sends a question to the *deals* route when it filters, counts,
ranks or sums deals (``哪些项目投资额超过100亿元``, ``多少个``, ``一共多少亿``,
``最大``); everything else goes to the *passages* route.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from ..schema import DealQuery, Stage
from ..text.amounts import parse_money

AnswerType = Literal["amount", "count", "org", "place", "date", "list", "fact"]

_NUM = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)"
_AMOUNT = rf"{_NUM}\s*(?:万亿|亿|千万|百万|万)?\s*(?:美元|元|人民币)?"
_AT_LEAST = re.compile(
    rf"(?:超过|超|高于|大于|多于|不低于|不少于|至少|逾|达到|在)\s*(?P<a>{_AMOUNT})(?:及)?(?:以上)?"
)
_AT_LEAST_SUFFIX = re.compile(rf"(?P<a>{_AMOUNT})\s*(?:及以上|以上)")
_AT_MOST = re.compile(
    rf"(?:低于|少于|不超过|不到|小于|不足)\s*(?P<a>{_AMOUNT})|(?P<b>{_AMOUNT})\s*(?:以下|以内)"
)

_COUNT = re.compile(r"(多少|几)\s*(个|家|项|批|宗)")
_SUM = re.compile(r"(一共|总共|合计|共计|总计|加起来|总额|累计).{0,6}(多少|几)|多少.{0,4}(总额|合计)")
_MAX = re.compile(r"最(大|多|高)|第一大|规模最大")
_MIN = re.compile(r"最(小|少|低)")
_LIST = re.compile(r"哪些|有哪|列出|列举|都有什么|分别是")
_DEAL_NOUN = re.compile(r"项目|企业|公司|投资|签约|落地|产业园|基地|总部")

_STAGE_WORDS: list[tuple[Stage, re.Pattern[str]]] = [
    ("intent", re.compile(r"意向|在谈|洽谈")),
    ("operating", re.compile(r"投产|运营|竣工|建成")),
    ("started", re.compile(r"开工|动工|开建|建设中")),
    ("signed", re.compile(r"签约|签订|签署|协议")),
    ("landed", re.compile(r"落地|落户|入驻|引进")),
]

_TYPE_PATTERNS: list[tuple[AnswerType, re.Pattern[str]]] = [
    ("count", re.compile(r"(多少|几)\s*(个|家|项|批|宗|名|人)")),
    (
        "amount",
        re.compile(
            r"多少(钱|亿|万|元)|投资(额|了)?多少|总投资(额)?(是)?多少|金额|多少资金|规模多大|投了多少"
        ),
    ),
    ("date", re.compile(r"什么时候|何时|哪一?天|哪一?年|几月|哪个月|什么时间|日期")),
    ("place", re.compile(r"哪里|哪儿|在哪|何处|什么地方|哪个(区|市|省|县|园区|城市)|落户.{0,3}(哪|何)|位于")),
    (
        "org",
        re.compile(
            r"哪家|哪些(企业|公司|机构|单位)|谁|什么(企业|公司|机构)|哪个(企业|公司|机构|集团)|与.{0,6}合作的"
        ),
    ),
    ("list", re.compile(r"哪些|有哪|列出|列举")),
]

_QUESTION_WORDS = {
    "多少",
    "哪些",
    "哪个",
    "哪家",
    "哪里",
    "什么",
    "怎么",
    "如何",
    "是否",
    "有没有",
    "几个",
    "吗",
    "呢",
    "请问",
    "一共",
    "总共",
    "合计",
    "分别",
    "目前",
    "这个",
    "那个",
    "哪儿",
    "何时",
    "什么时候",
    "谁",
    "请",
    "告诉",
    "我",
    "一下",
    "情况",
    "资料",
    "文章",
    "相关",
    "的",
    "了",
    "是",
    "在",
    "和",
    "与",
    "及",
    "有",
    "被",
    "把",
    "将",
    "其",
    "该",
    "为",
    "对",
    "从",
    "到",
    "等",
    "中",
    "上",
    "个",
    "家",
    "项",
}


def _amount_cny(text: str) -> float | None:
    text = text.strip()
    if not re.search(r"[亿万元]", text):
        text += "元"
    money = parse_money(text)
    return money.cny if money else None


def answer_type(question: str) -> AnswerType:
    for kind, pattern in _TYPE_PATTERNS:
        if pattern.search(question):
            return kind
    return "fact"


def stage_of(question: str) -> Stage | None:
    for stage, pattern in _STAGE_WORDS:
        if pattern.search(question):
            return stage
    return None


def amount_bounds(question: str) -> tuple[float | None, float | None]:
    lo = hi = None
    for pattern in (_AT_LEAST, _AT_LEAST_SUFFIX):
        m = pattern.search(question)
        if m and lo is None:
            lo = _amount_cny(m["a"])
    m = _AT_MOST.search(question)
    if m:
        hi = _amount_cny(m["a"] or m["b"])
    return lo, hi


def operation_of(question: str) -> Literal["list", "count", "sum", "max", "min"] | None:
    if _COUNT.search(question):
        return "count"
    if _SUM.search(question):
        return "sum"
    if _MAX.search(question):
        return "max"
    if _MIN.search(question):
        return "min"
    if _LIST.search(question):
        return "list"
    return None


def route_of(question: str) -> Literal["deals", "passages"]:
    """Deals when the question filters, counts, ranks or sums deals; passages otherwise."""
    op = operation_of(question)
    lo, hi = amount_bounds(question)
    if not _DEAL_NOUN.search(question):
        return "passages"
    if op in ("count", "sum", "max", "min") or lo is not None or hi is not None:
        return "deals"
    if op == "list" and re.search(r"哪些.{0,8}(项目|企业|公司)|(项目|企业|公司)有哪些", question):
        return "deals"
    return "passages"


def parse_deal_query(question: str) -> DealQuery:
    lo, hi = amount_bounds(question)
    return DealQuery(
        operation=operation_of(question) or "list",
        min_cny=lo,
        max_cny=hi,
        stage=stage_of(question),
    )


@lru_cache(maxsize=1)
def _posseg() -> object:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    return jieba.posseg


def key_terms(question: str) -> list[str]:
    """Content words of a question, longest first, question words and particles dropped."""
    words: list[str] = []
    for pair in _posseg().lcut(question):  # type: ignore[attr-defined]
        word, flag = pair.word.strip(), pair.flag
        if not word or word in _QUESTION_WORDS or flag in ("x", "w", "u", "y", "p", "c", "r", "m", "q"):
            continue
        if re.fullmatch(r"[\W_]+", word):
            continue
        if len(word) == 1 and flag not in ("n", "nr", "ns", "nt", "nz", "v", "vn"):
            continue
        words.append(word)
    return sorted(dict.fromkeys(words), key=len, reverse=True)


def anchor_terms(question: str) -> list[str]:
    """The terms an answer must carry: names and specific nouns (not verbs or generic words)."""
    anchors: list[str] = []
    for pair in _posseg().lcut(question):  # type: ignore[attr-defined]
        word, flag = pair.word.strip(), pair.flag
        if word in _QUESTION_WORDS or len(word) < 2:
            continue
        if flag in ("nr", "ns", "nt", "nz", "eng", "nrt") or (flag == "n" and len(word) >= 3):
            anchors.append(word)
    return list(dict.fromkeys(anchors))
