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
from ..text.lexicon import (
    CN_NUMERAL,
    COMPLETED_INVESTMENT,
    PROJECT_KINDS,
    SPOKEN_QUESTION,
    STAGE_CUES,
    UNRECORDED_MEASURES,
    alternation,
)
from ..text.normalize import normalize_text
from ..text.segment import Tagger

AnswerType = Literal[
    "amount", "count", "org", "person", "project", "place", "date", "stage", "list", "quantity", "fact"
]

_NUM = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)"
# An amount needs its unit: 在3月, 在2024年 and 超过3个 are not money.
_AMOUNT = (
    rf"{_NUM}\s*(?:(?:万亿|亿|千万|百万|万)\s*(?:美元|港元|欧元|日元|元|人民币)?|美元|港元|欧元|日元|元)"
)
_AT_LEAST = re.compile(
    rf"(?:超过|超|高于|大于|多于|不低于|不少于|至少|逾|达到|在)\s*(?P<a>{_AMOUNT})(?:及)?(?:以上)?"
)
_FOREIGN = re.compile(rf"{_NUM}\s*(?:万亿|亿|千万|百万|万)?\s*(?:美元|港元|欧元|日元)")
# (and what projects have spent so far, 完成投资: no record holds it)
_UNRECORDED = re.compile(alternation(UNRECORDED_MEASURES + COMPLETED_INVESTMENT))
_SIZE_CLASS = re.compile(r"(?P<a>(?:\d+|[十百千])?亿元?)级")
_AT_LEAST_SUFFIX = re.compile(rf"(?P<a>{_AMOUNT})\s*(?:及以上|以上)")
_AT_MOST = re.compile(
    rf"(?:低于|少于|不超过|不到|小于|不足)\s*(?P<a>{_AMOUNT})|(?P<b>{_AMOUNT})\s*(?:以下|以内)"
)

# 哪几个 asks which ones (a list), not how many.
_COUNT = re.compile(r"(多少|(?<!哪)几)\s*(个|家|项|批|宗)")
_SUM = re.compile(r"(一共|总共|合计|共计|总计|加起来|总额|累计).{0,6}(多少|几)|多少.{0,4}(总额|合计)")
_MAX = re.compile(r"最(大|多|高)|第一大|规模最大")
_PUNCT = re.compile(r"[，,。？?；;、]")
_MIN = re.compile(r"最(小|少|低)")
_LIST = re.compile(r"哪些|有哪|哪几|列出|列举|都有什么|分别是")
_DEAL_NOUN = re.compile(r"项目|企业|公司|投资|签约|落地|产业园|基地|总部")

# The stage words are extraction's (lexicon.STAGE_CUES), so a question reads 开业 or 达产 as the
# stage extraction gave the record. When a question names two, the later stage wins (签约并开工
# asks about starting), and intent first: 意向落地 is still an intent.
STAGE_PRECEDENCE: tuple[Stage, ...] = ("intent", "operating", "started", "signed", "landed")
_STAGE_WORDS: list[tuple[Stage, re.Pattern[str]]] = [
    (stage, re.compile(alternation(STAGE_CUES[stage]))) for stage in STAGE_PRECEDENCE
]


def stage_words() -> dict[Stage, set[str]]:
    """The words each stage is asked with (the same table extraction reads)."""
    return {stage: set(STAGE_CUES[stage]) for stage in STAGE_PRECEDENCE}


# What a count is counted in (多少套公寓, 几座厂房): the question's unit and the value's.
COUNT_UNITS = "个|家|项|批|宗|名|人|户|场次|场|套|座|台|栋|间|所|条|只|支"
_TYPE_PATTERNS: list[tuple[AnswerType, re.Pattern[str]]] = [
    ("person", re.compile(r"叫什么(名字)?|姓名|什么名字")),
    # 哪两家公司: several names, answered by the sentence that lists them
    ("list", re.compile(r"哪[两几二三四五六七八九]家")),
    (
        "count",
        re.compile(
            rf"(多少|(?<!哪)几)\s*({COUNT_UNITS})|多少.{{0,4}}(项目|企业|公司)"
            r"|(项目|企业|公司)(有|共有|一共有|总共有|数量|个数)(是)?(多少|几)(?![钱亿万元])"
        ),
    ),
    (
        "amount",
        re.compile(
            r"多少(钱|亿|万|元|资金|贷款|授信|投资|外资|内资)"
            r"|(投资|金额|资金|外资|内资|引资|到位额|增资|贷款|授信|规模|总额|签约额|合同额|协议额|投了|花了|花费)"
            r".{0,4}(多少|几何|多大)"
            r"|投入?多少(?=钱|资金|[？?]|$)"  # 各投多少, 投入多少钱 (not 投入多少研发人员)
            r"|(?:签约?|签下|引进|引资|招引)了?多少(?=[？?]?$)"  # 产业链上半年签了多少？ (money signed)
            r"|(?:人民币|美元).{0,3}(?:多少|几)"  # 折合人民币是多少
            r"|投资额|金额"
        ),
    ),
    ("date", re.compile(r"什么时候|何时|哪一?天|哪一?年|几月|哪个月|什么时间|日期")),
    # 在哪几个项目上, 设在哪个项目 ask which projects, not where
    (
        "place",
        re.compile(
            r"哪里|哪儿|在哪(?!几|些|个项目|家)|何处|什么地方|哪个地方|哪一?块|哪个(区|市|省|县|园区|城市|乡镇|镇|乡|街道)"
            r"|落户.{0,3}(哪|何)|位于|什么位置|哪个位置"
        ),
    ),
    (
        "org",
        re.compile(
            r"哪[两几一二三四五六七八九]?家|哪些(企业|公司|机构|单位)|(?<!都有)谁|什么(企业|公司|机构)|哪个(企业|公司|机构|集团)"
            r"|与.{0,6}合作的"
        ),
    ),
    ("project", re.compile(r"什么项目|哪个项目|哪一个项目")),
    # 到哪一步了, 进度怎么样: the stage reached, in extraction's stage words
    ("stage", re.compile(r"哪一步|什么阶段|进度|进展(?:如何|怎么样|情况)|建设情况|现在怎么样|目前状态")),
    ("list", re.compile(r"哪些|有哪|哪几|列出|列举|分别是什么|都有谁|都有哪")),
    # how many, how long, how large with no unit we know: any stated quantity, never a bare quote
    ("quantity", re.compile(r"多少|多长|多久|多大|多高|多远|(?<!哪)几")),
]

# Word lists stay packed for reading; the formatter would put one word per line.
# fmt: off
_QUESTION_WORDS = {
    "多少", "哪些", "哪个", "哪家", "哪里", "什么", "怎么", "如何", "是否", "有没有", "几个", "吗", "呢",
    "请问", "一共", "总共", "合计", "分别", "目前", "这个", "那个", "哪儿", "何时", "什么时候", "时候",
    "哪天", "哪年", "几月", "谁", "请", "告诉", "我", "一下", "情况", "资料", "文章", "相关", "的", "了",
    "是", "在", "和", "与", "及", "有", "被", "把", "将", "其", "该", "为", "对", "从", "到", "等", "中",
    "上", "个", "家", "项", "这次", "本次", "那次", "大概", "大约", "左右", "具体", "单个", "超过",
    "以上", "以下", "不到", "低于", "高于", "达到", "不低于", "不少于",
}
# Words that say what kind of answer is wanted, not what it is about: never anchors.
GENERIC = {
    "项目", "企业", "公司", "机构", "单位", "投资", "投资额", "投资总额", "总投资", "投资规模", "规模",
    "金额", "资金", "总额", "合计", "数量", "情况", "地方", "时间", "日期", "名称", "名字", "问题",
    "亿元", "万元", "人民币", "签约", "落地", "落户", "开工", "投产", "意向", "引进", "入驻", "阶段",
    "集团", "工厂", "哪些", "目前", "已经", "现在", "今年", "去年", "上半年", "下半年", "截至",
}
# fmt: on


def _amount_cny(text: str) -> float | None:
    text = text.strip()
    if not re.search(r"[亿万元]", text):
        text += "元"
    money = parse_money(text)
    return money.cny if money else None


# A kind of project asked (协议类, 工业类), not 各类 or 这类.
_KIND = re.compile(r"([\u4e00-\u9fff]{2})(?<![各这那此该两几哪每分门种同人])类")
# (a kind word inside a name, 绿源智慧农业项目, 古镇文旅项目, is no kind asked)
_KIND_PROJECTS = re.compile(rf"(?:^|(?<=[的了个中，,、]))({alternation(PROJECT_KINDS)})项目")


def kinds_asked(question: str) -> list[str]:
    """The stems of the kinds of project a question asks about (协议 of 协议类项目有多少, 工业 of
    工业项目占多少): a figure answers it only when stated with its stem (协议类项目5个, 协议金额42.6亿元,
    工业项目12个)."""
    return _KIND.findall(question) + [m.group(1) for m in _KIND_PROJECTS.finditer(question)]


def answer_type(question: str) -> AnswerType:
    for kind, pattern in _TYPE_PATTERNS:
        if pattern.search(question):
            return kind
    return "fact"


def _stage(question: str) -> tuple[Stage, re.Pattern[str]] | None:
    """The stage asked: of several (有意落户…的光伏玻璃项目签约了吗), the last one that does not
    describe a name (落户…的); else the first by precedence."""
    found = [(m.start(), m.end(), stage, p) for stage, p in _STAGE_WORDS for m in p.finditer(question)]
    # 意向落地 is one word of intent, not 落地 after 意向
    said = [x for x in found if not any(y[0] <= x[0] and x[1] <= y[1] and y[:2] != x[:2] for y in found)]
    asked = [x for x in said if not _DESCRIBES.match(question, x[1])]
    if len({x[2] for x in said}) > 1 and asked:
        _, _, stage, p = max(asked, key=lambda x: x[0])
        return stage, p
    return next(((stage, p) for stage, p in _STAGE_WORDS if p.search(question)), None)


# 有意落户…的, 签约的: a stage word that describes the name after it.
_DESCRIBES = re.compile(r"[^，,？?]{0,14}的")


def stage_of(question: str) -> Stage | None:
    """The stage the question names (开工 -> started), if any."""
    found = _stage(question)
    return found[0] if found else None


def stage_pattern(question: str) -> re.Pattern[str] | None:
    """The event the question asks about (开工, 签约, 投产…), as the pattern that finds it."""
    found = _stage(question)
    return found[1] if found else None


@lru_cache(maxsize=256)
def days_in(question: str) -> tuple[str, ...]:
    """Days the question names (7月29日): a record or a passage answers only if it names them."""
    return tuple(re.findall(r"(?<!\d)(\d{1,2}月\d{1,2}日)", normalize_text(question)))


def years_in(question: str) -> list[str]:
    """Years the question names (2019年, 2019)."""
    return re.findall(r"(?<!\d)((?:19|20)\d{2})(?:年|\b)", question)


# 投资额正好10亿元的项目: both bounds at once.
_EXACTLY = re.compile(rf"(?:正好|恰好|刚好|等于)\s*(?P<a>{_AMOUNT})")


def amount_bounds(question: str) -> tuple[float | None, float | None]:
    exact = _EXACTLY.search(question)
    if exact:
        value = _amount_cny(exact["a"])
        return value, value
    lo = hi = None
    for pattern in (_AT_LEAST, _AT_LEAST_SUFFIX):
        m = pattern.search(question)
        if m and lo is None:
            lo = _amount_cny(m["a"])
    size = _SIZE_CLASS.search(question)
    if size and lo is None:
        lo = _amount_cny(size["a"])  # 百亿级项目: a project of at least 百亿
    m = _AT_MOST.search(question)
    if m:
        hi = _amount_cny(m["a"] or m["b"])
    return lo, hi


def operation_of(question: str) -> Literal["list", "count", "sum", "max", "min"] | None:
    count, total = _COUNT.search(question), _SUM.search(question)
    if (
        count is not None
        and total is not None
        and total.start() > count.end()
        and not _PUNCT.search(question, count.end(), total.start())
    ):
        return "sum"  # 给出金额的几个项目合计投资多少: 几个 picks the projects, the sum is asked
    if count:
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


# (a spoken measure word, 5个亿, only after a number and not before 元: 12个亿元以上项目 counts projects)
_SPOKEN = re.compile(
    "|".join(
        rf"(?<=[\d{CN_NUMERAL}]){re.escape(w)}(?!元)" if w.startswith("个") else re.escape(w)
        for w in sorted(SPOKEN_QUESTION, key=len, reverse=True)
    )
)


def written(question: str) -> str:
    """The question in written words (啥时候投产的 → 什么时候投产的), which the readers know."""
    return _SPOKEN.sub(lambda m: SPOKEN_QUESTION[m.group()], question)


def route_of(question: str) -> Literal["deals", "passages"]:
    """Deals when the question filters, counts, ranks or sums deals; passages otherwise."""
    op = operation_of(question)
    lo, hi = amount_bounds(question)
    if not _DEAL_NOUN.search(question) or _FOREIGN.search(question) or _UNRECORDED.search(question):
        # a bound in dollars can't filter amounts in yuan, nor can records without taxes or
        # output values pick 税收过亿的项目: read the passages
        return "passages"
    if op in ("count", "sum", "max", "min") or lo is not None or hi is not None:
        return "deals"
    if op == "list" and re.search(r"哪些.{0,8}(项目|企业|公司)|(项目|企业|公司)有哪些", question):
        return "deals"
    return "passages"


def strict_lower_bound(question: str) -> bool:
    """超过/高于/大于 X exclude X itself; X以上, 不低于 X, 至少 X include it."""
    m = _AT_LEAST.search(question)
    return bool(m and re.match(r"超过|超|高于|大于|多于|逾", m.group(0)) and "以上" not in m.group(0))


def parse_deal_query(question: str) -> DealQuery:
    lo, hi = amount_bounds(question)
    return DealQuery(
        operation=operation_of(question) or "list",
        min_cny=lo,
        min_exclusive=lo is not None and strict_lower_bound(question),
        max_cny=hi,
        stage=stage_of(question),
    )


# Terms of the trade jieba's dictionary splits (智博会 -> 智/博会).
DOMAIN_WORDS = (
    "智博会",
    "进博会",
    "广交会",
    "服贸会",
    "招商引资",
    "双招双引",
    "签约仪式",
    "签约会",
    "推介会",
    "洽谈会",
    "产业园",
    "高新区",
    "经开区",
)


@lru_cache(maxsize=1)
def _tagger() -> Tagger:
    """A tagger with its own words: the domain words must not change how the index tokenises."""
    return Tagger(DOMAIN_WORDS)


def key_terms(question: str) -> list[str]:
    """Content words of a question, longest first, question words and particles dropped."""
    words: list[str] = []
    for word, flag in tagged(question):
        if not word or word in _QUESTION_WORDS or flag in ("x", "w", "u", "y", "p", "c", "r", "m", "q"):
            continue
        if _QWORD.match(word):
            continue
        if re.fullmatch(r"[\W_]+", word):
            continue
        if len(word) == 1 and flag not in ("n", "nr", "ns", "nt", "nz", "v", "vn"):
            continue
        words.append(word)
    return sorted(dict.fromkeys(words), key=len, reverse=True)


_QWORD = re.compile(r"哪|什么|多少|几")
_NAME_FLAGS = ("nr", "ns", "nt", "nz", "nrt", "nrfg", "eng", "j")
_CONJUNCTION = re.compile(r"^[和与跟同及](?=..)")


# Tags of single characters that may be pieces of a name jieba does not know (磬/ng 川/j of 磬川),
# and the tags among them that only such a piece gets (a bound morpheme, an abbreviation's letter).
_PIECE_FLAGS = frozenset({"ng", "g", "j", "nr", "nz", "n", "ns", "b", "ag", "tg", "vg"})
_ODD_PIECE = frozenset({"ng", "g"})


def tagged(question: str) -> list[tuple[str, str]]:
    """jieba's words and tags, with a conjunction glued to a name split off (和光远 → 光远)."""
    out: list[tuple[str, str]] = []
    for raw, flag in _tagger().tags(question):
        word = raw.strip()
        if _CONJUNCTION.match(word) and flag not in ("c", "p"):
            word = word[1:]
        out.append((word, flag))
    return out


def _pieces_joined(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The question's words with a name jieba cut into single characters put back together
    (磬|川|化工 → 磬川 化工): a run of two or more single characters of name-piece tags, one of
    them a piece no word of its own gets (磬/ng), is one unknown name (nz)."""
    out: list[tuple[str, str]] = []
    run: list[tuple[str, str]] = []
    for item in [*words, ("", "x")]:
        word, flag = item
        if len(word) == 1 and flag in _PIECE_FLAGS and not _QWORD.match(word):
            run.append(item)
            continue
        if len(run) >= 2 and any(f in _ODD_PIECE for _, f in run):
            out.append(("".join(w for w, _ in run), "nz"))
        else:
            out.extend(run)
        run = []
        if word:
            out.append(item)
    return out


def anchor_terms(question: str) -> list[str]:
    """Names in the question (people, places, organisations, unknown words): context must carry them."""
    anchors: list[str] = []
    for word, flag in _pieces_joined(tagged(question)):
        if word in _QUESTION_WORDS or word in GENERIC or len(word) < 2 or _QWORD.match(word):
            continue
        if flag in _NAME_FLAGS or (flag == "x" and re.search(r"[\u4e00-\u9fff]", word)):
            anchors.append(word)
    return list(dict.fromkeys(anchors))


_WHY = re.compile(r"为什么|为何|什么原因|原因是什么|原因何在|因何|怎么会")


def is_why(question: str) -> bool:
    return bool(_WHY.search(question))


def premise_verbs(question: str) -> list[str]:
    """What a fact question presumes happened (为什么被取消 presumes 取消): its own verbs."""
    return [
        w
        for w, flag in tagged(question)
        if flag.startswith("v")
        and len(w) >= 2
        and w not in GENERIC
        and w not in _QUESTION_WORDS
        and not _QWORD.match(w)
    ]


def organisations(question: str) -> list[str]:
    """Organisations the question names (建设银行, 华为集团): who did it, not where."""
    return [w for w, f in tagged(question) if f == "nt" and len(w) >= 2]


def noun_terms(question: str) -> list[str]:
    """Names and nouns of the question (no verbs): what a record must be about."""
    out = []
    for word, flag in tagged(question):
        if word in _QUESTION_WORDS or word in GENERIC or len(word) < 2 or _QWORD.match(word):
            continue
        if (flag.startswith("n") and flag != "vn") or flag in ("eng", "j"):
            out.append(word)
    return list(dict.fromkeys(out))
