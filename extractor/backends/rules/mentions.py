"""Names in a sentence: projects, organisations, enumerations, aliases.

A name is found from its end: a project suffix (产业基地, 中心, 项目 …) or an
organisation suffix (有限公司, 集团 …); jieba words are then taken backwards
until one cannot be part of a name: punctuation, particles, prepositions,
adverbs, counted numbers, or a verb of the sentence (签下, 落户, 开展 …).
Verbs that names do contain (创新, 改造, 示范) are let through.
Names made only of category words (重大项目, 生物医药产业项目) are generic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...text.amounts import find_money, parse_number
from ...text.lexicon import (
    LEGAL_ORG_END,
    NAME_VERBS,
    NOT_ORG_START,
    ORG_SUFFIX,
    PARK_END,
    PROJECT_SUFFIX,
    STAGE_CUES,
    VERBS_BEFORE_FIRMS,
    WORKS_SUFFIX,
    alternation,
)
from ...text.names import investor_problem, is_generic, project_problem, refused_investor
from ...text.places import without_places
from .sentence import Sentence, Token

# Words that end a name when met walking backwards, whatever jieba tags them.
# fmt: off
_STOP = {w for words in STAGE_CUES.values() for w in words} - set(NAME_VERBS) | {
    "的", "在", "与", "和", "及", "以及", "并", "是", "为", "将", "已", "已经", "也", "还", "又", "于",
    "由", "对", "向", "把", "等", "了", "着", "其", "该", "这", "此", "其中", "包括", "正式", "成功",
    "纷纷", "相继", "一批", "目前", "今年", "去年", "近日", "日前", "当前", "共", "共有", "累计", "总投资",
    "投资", "计划", "将于", "签下", "吸引", "位于", "举行", "完成", "推动", "打造", "建成", "加快",
    "实施", "推进", "围绕", "聚焦", "通过", "依托", "成立", "设立", "考察", "走进", "来到", "参观",
    "走访", "调研", "学习", "了解", "表示", "介绍", "指出", "希望", "作为", "以", "从", "同时", "此外",
    "另外", "获得", "获", "有", "带动", "支持", "迎来", "选择", "让", "使", "会上", "期间", "现场",
    "仪式", "分别", "共同", "携手", "联合", "主要", "一个", "一家", "高达", "达", "约", "近", "超", "逾",
}
# fmt: on
_CONJ = {"和", "及"}
_OPEN_QUOTES = {"“", "「", "《"}
_CLOSE_QUOTES = {"”", "」", "》"}
_GLUED = set("由与在对把被从向将")
# A role a firm is introduced by, written right before its name (签约企业X公司, 投资方X集团).
_ROLE_BEFORE_FIRM = re.compile("(?:签约|落户|入驻|外资|内资|重点)?(?:企业|客商|单位)|投资方|合作方")
_LINKS = set("与和同及跟为向对给把被由在从将")
# One-character verbs that really are verbs after a noun (天合光/能 is a split name; 集团/是 is not).
_REAL_VERBS = set("是有为建到来去获让使把被给向在与由对做搞抓促引招投签落拿达超近")
_BUILD = {"建设", "新建", "投资建设", "扩建", "打造", "建"}
_PLACE_ENDS = ("区", "县", "市", "镇", "乡", "省", "城", "园")
# Organisation names may hold words that end project names (中铁上海投资有限公司).
_ORG_KEEP = {"投资", "建设", "发展", "控股", "科技", "实业", "服务", "联合"}
_TIME_WORDS = {"目前", "今年", "去年", "明年", "当前", "近年来", "今天", "日前", "近日", "上半年", "下半年"}
_CLASSIFIERS = set("个家项批届名位人万亿元")
_UNITS = set("吨米瓦亩台套辆件只头斤克升个家项批元万亿")
_CAPACITY = {"年产", "年产能", "产能", "年处理", "年加工"}
# Units of a plant's capacity, which names hold (40万吨, 20万头, 10GW); not money or land (亿元, 亩).
_CAPACITY_UNIT = re.compile(r"(?:吨|头|只|片|台|套|辆|GW|MW|GWh|兆瓦|千瓦|瓦)$", re.IGNORECASE)
_LEADING_VERBS = re.compile(
    "(?:投资建设|建设|新建|打造|投资|引进|落户|实施|推进|启动|开工|签约|落地|扩建|建)"
)
_PROJECT_END = re.compile(alternation(PROJECT_SUFFIX))
_ORG_END = re.compile(alternation(ORG_SUFFIX))
# 位于板仓工业园公司现有厂区: after a park or a zone, a bare 公司 is "the company" of the story
# opening a new phrase, not the end of a firm's name.
_AFTER_AREA = re.compile(
    f"(?:{alternation((*PARK_END, '工业园', '工业园区', '开发区', '经开区', '高新区', '保税区', '厂区'))})$"
)  # (朱家角古镇公司, 浦东新区公司 are firms' names)
# A phase right after a name's suffix (交易中心一期, 产业园二期工程).
_PHASE_AFTER = re.compile(r"[一二三四五六七八九十]期(?:工程)?")
_ALIAS = re.compile(r"[(（](?:以下|下文)?(?:简称|下称)[:：]?[“\"「]?([^”\"」)）]{2,12})[”\"」]?[)）]")
_N = r"\d+|[一二两三四五六七八九十]+"
# The tail that closes an enumeration: 等项目 / 等一批重大项目 / 2个百亿级项目 / 等头部企业 / 等项目17个.
_LIST_TAIL = re.compile(
    rf"(?:等(?:(?P<n>{_N})(?:余|多)?[个项家]|一大批|一批|多个|多家|一系列)?|(?P<n2>{_N})[个项家]|一批)"
    r"(?P<mid>[^,，;；。、的“”\"]{0,10}?)(?P<noun>项目|企业|公司|央企|国企|民企|外企|集团|机构|单位)"
    rf"(?:(?:{_N})(?:余|多)?[个项家](?![^,，;；。]))?"  # 等项目17个: the count after the noun
)
# 三个项目 opening the clause after a list of names: the count of the names.
_RESTATING = re.compile(rf"(?:这|上述|以上)?(?P<n2>{_N})[个项](?P<mid>)(?P<noun>项目)")
# Between the items of a list: 、 (and 还有 after it), or a conjunction after a project's name.
_ITEM_SEP = re.compile("、(?:还有|以及)?|以及|还有|和|及")
_INVESTED = re.compile("投资|金额")
# A phase inside a project name: 覆铜板一期项目, 第二期, 首期.
_PHASE = re.compile(r"(?:第?[一二三四五六七八九十\d]+|首)期")
# 再 before a verb of making is part of a name: 装备再制造项目, 再利用.
_RE_MAKE = {"制造", "生产", "利用", "生", "循环", "加工"}
_CLAUSE_MARK = re.compile(r"[,，;；。:：!！?？]")
_MAX_NAME = 32


@dataclass(frozen=True, slots=True)
class Mention:
    """A name at ``text[start:end]`` of a sentence's matching copy; ``name`` is as written."""

    start: int
    end: int
    name: str
    generic: bool = False


@dataclass(frozen=True, slots=True)
class Enumeration:
    """``A、B、C等N个…项目`` (or one item before 等): the items and the tail that types them."""

    items: tuple[Mention, ...]
    tail_start: int
    tail_end: int
    mid: tuple[int, int]  # between the count and the noun: 百亿级 in 2个百亿级项目
    noun: str  # 项目, 企业 or 公司
    closes_clause: bool  # nothing but the tail after the items: the clause's verb governs them


def _token_index_ending_at(tokens: list[Token], end: int) -> int | None:
    for i, tok in enumerate(tokens):
        if tok.end == end:
            return i
        if tok.end > end:
            return None
    return None


_HYPHENS = {"-", "－"}


def _name_word(tok: Token | None) -> bool:
    return tok is not None and (tok.flag[:1] in {"n", "j"} or tok.flag == "eng") and not _digits(tok.word)


def _opens(tokens: list[Token], i: int) -> bool:
    """Whether ``tokens[i]`` opens a clause (nothing before it but punctuation)."""
    return i == 0 or tokens[i - 1].word in {"，", ",", "、", "；", ";", "：", ":", "。", "“", "（", "("}


def _opens_name(tokens: list[Token], i: int) -> bool:
    """Whether ``tokens[i]`` opens a clause or follows 由 (由韶关力拓精工…投资建设: the investor;
    after 与 a place is mostly the government side: 与德清县进行项目签约)."""
    return _opens(tokens, i) or tokens[i - 1].word == "由"


_FIRM_WORDS = {"公司", "企业", "集团"}


def _stops(tokens: list[Token], i: int, *, keep: set[str], conj: bool) -> bool:
    word, flag = tokens[i].word, tokens[i].flag
    prev = tokens[i - 1] if i > 0 else None
    nxt_tok = tokens[i + 1] if i + 1 < len(tokens) else None
    if word in keep or word in {"·", "・", "暨"} or _PHASE.fullmatch(word):
        return False
    if word in _FIRM_WORDS and prev is not None and prev.word in {"该", "本", "此", "其", "这家"}:
        return True  # 该公司年产3万吨…项目: the firm pointed back at is no part of the name
    if word == "再" and nxt_tok is not None and nxt_tok.word in _RE_MAKE:
        return False
    if (
        len(word) == 1
        and flag[:1] in {"d", "v", "a"}
        and word not in _STOP | _REAL_VERBS
        and any(
            t is not None and len(t.word) == 1 and t.flag[:1] in {"g", "n", "j"} and t.word not in _STOP
            for t in (nxt_tok, prev)
        )
    ):
        return False  # 极/d 氪/g汽车, 丸/ng 越/d食品: jieba splitting an unknown name into characters
    if (
        len(word) == 1
        and flag[:1] == "v"
        and word not in _STOP | _REAL_VERBS | _BUILD
        and prev is not None
        and prev.word == "的"
        and nxt_tok is not None
        and nxt_tok.flag[:1] in {"n", "j", "l"}
    ):
        return False  # 领衔的溅/v射靶/n材项目: a word jieba doesn't know, split after the 的 opening it
    if word in _CONJ:
        return not conj
    if (
        word[:1] == "超"
        and word != "超过"
        and nxt_tok is not None
        and nxt_tok.flag[:1] in {"n", "a", "j", "b"}
        and not _digits(nxt_tok.word)
    ):
        return False  # 超硬材料, 超导/v 材料: a material's name; 超10亿元 is a hedge (a number follows)
    if word in _HYPHENS and _name_word(prev) and _name_word(nxt_tok):
        return False  # 一汽-大众汽车有限公司: a hyphen between two names joins one firm's name
    if word in _STOP:
        return True
    if word in _BUILD:
        # 平安建设大健康产业园 keeps it; 开发区建设…项目, 10亿元建设…工厂 and 在X建设 do not
        if prev is None or prev.flag == "ns" or prev.word.endswith(_PLACE_ENDS):
            return True
        if i > 1 and tokens[i - 2].word in {"在", "于"}:
            return True  # 在电白建设…项目: where it is built, whatever jieba calls the place
        return prev.flag[:1] in {"m", "p", "v", "d", "x", "f", "r", "c", "u", "q", "t"}
    kind = flag[:1]
    if flag == "eng":
        return False  # AMOLED生产线, 5G基地: Latin letters are part of names ("e" is an interjection)
    if kind == "q":
        # a classifier after a number is a count; elsewhere it is jieba splitting a name (天/原集团)
        return word in _CLASSIFIERS or (prev is not None and prev.flag.startswith("m"))
    if flag == "x" and "\u4e00" <= word[:1] <= "\u9fff":
        return False  # 吖一乐食品: a character jieba doesn't know is a rare name's, not punctuation
    if kind in {"p", "u", "d", "r", "x", "w", "y", "e", "c"}:
        return True
    if (
        flag == "v"
        and len(word) == 2
        and prev is not None
        and prev.flag == "ns"
        and _opens_name(tokens, i - 1)
    ):
        # 韩国大成/v精密…, 由韶关力拓/v精工…: a brand read as a verb, after the place opening the name
        return False
    if (
        flag == "v"
        and len(word) == 2
        and i > 1
        and prev is not None
        and len(prev.word) == 1
        and prev.flag[:1] in {"n", "g"}
        and tokens[i - 2].flag == "ns"
        and _opens_name(tokens, i - 2)
    ):
        return False  # 察右前旗风/n启新/v能源…: the same brand split one character earlier

    if flag == "v" and _named_after_cue(word, prev, tokens[i - 2] if i > 1 else None):
        return False  # 先后招引鼎立/v高能动力…项目: a "verb" right after the event's verb opens the name
    if flag == "v":
        # names hold some verbs (创新中心); a one-character "verb" after a one-character
        # noun is jieba splitting an unknown name (蔚/来汽车)
        fragment = (
            len(word) == 1
            and prev is not None
            and prev.flag[:1] in {"n", "j"}
            and (len(prev.word) == 1 or word not in _REAL_VERBS)
        )
        return word not in NAME_VERBS and not fragment
    if _digits(word) and nxt_tok is not None and nxt_tok.flag == "eng" and nxt_tok.start == tokens[i].end:
        return False  # 4GW, 10MW: a number written against its Latin unit is part of the name
    if flag == "m" or (kind == "m" and any(c.isdigit() for c in word)):
        # 第一期 and numerals in names (三一重工, 亿一国际) stay; counts, measures and sums end a name
        nxt = tokens[i + 1].word if i + 1 < len(tokens) else ""
        counted = any(c.isdigit() for c in word) or word[-1] in _UNITS or nxt[:1] in _CLASSIFIERS
        ordinal = word.startswith("第") or (prev is not None and prev.word == "第")  # 第8.6代
        dated = word in {"日", "号", "月", "年"} and prev is not None and _digits(prev.word)  # 8月5日
        return dated or (not ordinal and counted)
    return kind == "t" and (word in _TIME_WORDS or any(c.isdigit() for c in word))


# Verbs that lead up to a project's name rather than open it (引进培育…, 签约推动…).
_LEAD_UP = {
    "培育",
    "谋划",
    "储备",
    "服务",
    "保障",
    "支持",
    "加快",
    "推动",
    "推进",
    "实施",
    "打造",
    "建设",
    "开展",
    "组织",
    "促成",
    "洽谈",
    "对接",
}


def _named_after_cue(word: str, prev: Token | None, before: Token | None) -> bool:
    """Whether the two-character "verb" ``word`` follows an event's verb (招引, 引进了, 签约) or
    the partner's 与 (与汇驰/v车桥科技有限公司签约), which a name, not a second verb, follows."""
    if len(word) != 2 or word in _STOP or word in _LEAD_UP or prev is None:
        return False
    cue = before if prev.word == "了" and before is not None else prev
    return cue.word in _EVENT_VERBS or prev.word in {"与", "同", "跟"}


# Verbs whose object is the project itself (not 建成 具有…, 开工 实现…).
_EVENT_VERBS = {"引进", "招引", "引入", "签下", "签约", "签订", "落户", "招来", "新引进"}


def _digits(word: str) -> bool:
    return word.replace(".", "").isdigit()  # jieba tags some numbers x (5/x 万吨/m)


# A power plant's capacity (20兆瓦, 100MW, 5万千瓦, 2GWh).
_POWER = re.compile(r"\d+(?:\.\d+)?(?:万)?(?:兆瓦|千瓦|吉瓦|MW|GW|kW|MWh|GWh)(?:时)?", re.IGNORECASE)


def _capacity_start(tokens: list[Token], j: int) -> int | None:
    """The index of 年产 when tokens ``…j`` read 年产 + a quantity (数字, 单位); or of the
    quantity itself when a name stands before it (通威股份40万吨…项目, 某集团20万头…项目)."""
    k = j
    while k >= 0 and (tokens[k].flag[:1] in {"m", "q"} or tokens[k].flag == "eng" or _digits(tokens[k].word)):
        k -= 1
    if not (k < j and k >= 0):
        return None
    if tokens[k].word in _CAPACITY:
        return k
    quantity = "".join(t.word for t in tokens[k + 1 : j + 1])
    opening = tokens[k].word in {"的", "、", "，", ",", "建设"} or tokens[k].flag == "x"
    if _POWER.fullmatch(quantity) and opening:
        return k + 1  # 投资建设的20兆瓦农光互补光伏项目: a plant's power opens its name
    named = tokens[k].flag[:1] in {"n", "j"} and tokens[k].word not in _STOP
    return k + 1 if named and _CAPACITY_UNIT.search(quantity) and any(c.isdigit() for c in quantity) else None


def _product_after_capacity(tokens: list[Token], j: int) -> int | None:
    """The index of 年产 when ``tokens[j]`` is one of the few words of a product right after a
    capacity (年产10万吨 + 休闲食品), else None."""
    for k in range(j - 1, max(j - 4, -1), -1):
        if not tokens[k + 1].word.isalnum():
            return None
        cap = _capacity_start(tokens, k)
        if cap is not None:
            return cap if tokens[cap].word in _CAPACITY else None
    return None


def walk_back(
    s: Sentence, end: int, *, keep: set[str] | None = None, conj: bool = False, in_project: bool = False
) -> int | None:
    """Where the name ending at ``end`` starts, or None if ``end`` splits a word."""
    tokens = s.tokens
    i = _token_index_ending_at(tokens, end)
    if i is None:
        return None
    keep = keep or set()
    start = tokens[i].start
    floor = s.marker_end(end)  # never back over a list marker: （1）奇瑞…项目
    if start < floor:
        return None
    j = i - 1
    while j >= 0 and end - start < _MAX_NAME and tokens[j].start >= floor:
        tok = tokens[j]
        if tok.word in _CLOSE_QUOTES:
            # a quoted brand inside a name: 普华永道“未来空间”项目
            k = next((k for k in range(j - 1, max(j - 8, -1), -1) if tokens[k].word in _OPEN_QUOTES), None)
            inner = s.text[tokens[k].end : tok.start] if k is not None else ""
            if k is None or tokens[k].start < floor or not 1 <= len(inner) <= 12:
                break
            start, j = tokens[k].start, k - 1
            continue
        if tok.word in {")", "）"}:
            # a short bracket inside a name: 西部(重庆)中心, 赛诺生(深圳)公司
            k = next((k for k in range(j - 1, max(j - 8, -1), -1) if tokens[k].word in {"(", "（"}), None)
            if k is not None and tokens[k].start < floor:
                break
            inner = s.text[tokens[k].end : tok.start] if k is not None else ""
            if k is None or not 1 <= len(inner) <= 6 or "称" in inner:
                break
            start, j = tokens[k].start, k - 1
            continue
        cap = _capacity_start(tokens, j)
        if cap is not None:
            # 年产50万吨粮油加工项目, 年产10GW高效组件项目: a capacity is part of the name
            start, j = tokens[cap].start, cap - 1
            continue
        if in_project and tok.word == "及" and _joins_name(s, tokens, j):
            start, j = tok.start, j - 1  # 动力电池及储能电池项目: one project of two products
            continue
        if _stops(tokens, j, keep=keep, conj=conj):
            cap = _product_after_capacity(tokens, j)
            if cap is None:
                break
            # 年产10万吨休闲食品项目: what follows a capacity is its product, verbs and all
            start, j = tokens[cap].start, cap - 1
            continue
        if tok.word[0] in _GLUED and len(tok.word) > 1 and tok.flag[:1] == "n":
            start = tok.start + 1  # jieba glued a preposition to an unknown name: 由江铃/汽车集团
            break
        if tok.word[0] in _LINKS and len(tok.word) > 1 and s.text[: tok.start].endswith(ORG_SUFFIX):
            start = tok.start + 1  # 宏达集团和中鼎/集团: an "and" glued to the next firm's name
            break
        start, j = tok.start, j - 1
    return start


def _joins_name(s: Sentence, tokens: list[Token], j: int) -> bool:
    """Whether the 及 at ``tokens[j]`` joins two products inside one project name
    (汽车电机壳体及精密结构件项目), not two names (A项目及B项目, A公司及B项目)."""
    if j == 0:
        return False
    prev = tokens[j - 1]
    if prev.word in _STOP or prev.flag == "ns" or prev.word.endswith(_PLACE_ENDS):
        return False
    if not (prev.flag[:1] in {"n", "j", "l"} or prev.flag in {"vn", "eng"} or _worked_product(tokens, j)):
        return False
    before = s.text[: prev.end]
    return not before.endswith(("项目", *ORG_SUFFIX))


def _worked_product(tokens: list[Token], j: int) -> bool:
    """``羊肚菌种植及…``, ``果品分级包装及…``, ``高纯碲及…``: before the 及, a product and the work
    done on it (a verb after a noun, not an event: 项目签约及开工), or an element jieba leaves
    as a bare morpheme."""
    prev = tokens[j - 1]
    if prev.flag == "g":
        return True
    if prev.flag != "v" or j < 2:
        return False  # (a stage word before the 及 was refused by the caller)
    noun = tokens[j - 2]
    return (noun.flag[:1] == "n" or noun.flag == "vn") and noun.word not in _STOP and noun.word != "项目"


def find_projects(
    s: Sentence, aliases: dict[str, str], places: frozenset[str] = frozenset()
) -> list[Mention]:
    """Project names ending in a project suffix, plus project aliases the article defined.

    ``places`` are the sentence's place names: one that jieba reads as a verb (遵义/v) is
    still a place, and a place may open a name (遵义南部陆港物流园二期项目)."""
    out: list[Mention] = []
    for m in _PROJECT_END.finditer(s.text):
        start = walk_back(s, m.end(), keep=set(places), in_project=True)
        if start is None:
            continue
        start = _opening_name_start(s, start, m.start(), m.end())
        start = _after_amount(s, start)
        lead = _LEADING_VERBS.match(s.text, start, m.end())
        if lead and lead.end() < m.start():
            start = lead.end()
        inner = s.text.rfind("项目", start, m.start())
        role = inner >= 0 and (m.group() != "项目" or is_generic(s.text[start : inner + 2]))
        if role and m.start() - (inner + 2) >= 4:
            start = inner + 2  # 主会场项目汉江智行…产业园, 主会场项目X项目: the name follows the role
        end = m.end()
        if m.group() != "项目" and (phase := _PHASE_AFTER.match(s.text, end)):
            end = phase.end()  # 黑木耳交易中心一期去年投用: the phase is part of what is named
        generic = project_problem(s.text, start, end) is not None
        out.append(Mention(start, end, s.name(start, end), generic))
    out.extend(_alias_mentions(s, aliases, _PROJECT_END))
    return _longest(out)


def _after_amount(s: Sentence, start: int) -> int:
    """``总投资68亿元的晶澜光电新型显示模组产业基地项目``: a name right after an amount's 的
    runs from the 的, over verbs names hold (显示), if only name words stand between."""
    t = s.text
    k = t.rfind("的", max(0, start - 12), start)
    if k < 1 or t[k - 1] != "元" or _CLAUSE_MARK.search(t, k, start) or "、" in t[k:start]:
        return start
    inner = [tok for tok in s.tokens if k < tok.start < start]
    if any(tok.start < k + 1 and tok.end > k + 1 for tok in s.tokens):
        return start  # 的 glued into a word
    if any(tok.word in _STOP or tok.flag[:1] in {"p", "u", "c", "r", "w", "x", "t"} for tok in inner):
        return start
    return k + 1


def _opening_name_start(s: Sentence, start: int, suffix: int, end: int) -> int:
    """Where a name that opens a list item or a sentence starts, verbs and all:
    ``（1）惠科光电显示模组项目，…``, ``包括：鸿图科技一体化压铸项目，…``.

    Walking back stopped at ``start``. After a list marker, the words before it join
    the name unless one is a word sentences are made of (与, 由, 签约, 的 …). At the
    start of a sentence or after a colon, only nouns join, and a verb right before
    the suffix (压铸项目): a sentence's subject may be someone doing something.
    """
    t = s.text
    c_start, _ = s.clause_bounds(start)
    floor = s.marker_end(end)
    marked = floor > 0 and floor >= c_start
    if not marked:
        if c_start > 0 and t[c_start - 1] not in ":：;；":
            return start
        floor = c_start
    if start <= floor or end - floor > _MAX_NAME:
        return start
    for tok in s.tokens:
        if tok.start < floor < tok.end:
            return start
        if not floor <= tok.start < start:
            continue
        if (
            tok.word in _STOP
            or tok.word in _GLUED
            or tok.flag[:1] in {"p", "u", "c", "r", "w", "x", "y", "t"}
        ):
            return start
        noun = tok.flag[:1] in {"n", "l", "j"} or tok.flag in {"vn", "eng"}
        if not marked and not noun and not (tok.flag == "v" and tok.end == suffix):
            return start
    return floor


def find_orgs(s: Sentence, aliases: dict[str, str], places: Sequence[str] = ()) -> list[Mention]:
    """Organisation names (companies, groups); government bodies are marked generic. The
    sentence's ``places`` may open a name, short forms too, whatever jieba calls them (介休/v
    of 在介休市，介休焦源能源科技有限公司)."""
    out: list[Mention] = []
    keep = _ORG_KEEP | set(places) | {p[:-1] for p in places if len(p) > 2 and p[-1] in "市县区旗"}
    for m in _ORG_END.finditer(s.text):
        if m.group() == "公司" and _AFTER_AREA.search(s.text, 0, m.start()):
            continue
        start = walk_back(s, m.end(), keep=keep)
        if start is not None and start >= m.start():
            start = _verb_head(s, m.start())
        if start is None or start >= m.start():
            continue
        start = _place_headed(s, start, keep)
        cut = s.text.rfind("项目", start, m.start())
        start = cut + 2 if cut >= 0 else start  # X项目由Y公司投资: the firm starts after the project
        role = _ROLE_BEFORE_FIRM.match(s.text, start, m.start())
        start = role.end() if role and m.end() - role.end() >= 4 else start  # 签约企业|X有限公司
        name = s.text[start : m.end()]
        generic = is_generic(name) or refused_investor(name)
        out.append(Mention(start, m.end(), s.name(start, m.end()), generic))
    out.extend(_alias_mentions(s, aliases, _ORG_END))
    return _longest(out)


def _place_headed(s: Sentence, start: int, keep: set[str]) -> int:
    """``青海翕辰食品有限公司``, ``安徽芃果食品有限公司``: a registered name is a place, a brand, then
    the trade; a brand jieba reads as a verb (翕辰/v) or as rare single characters (芃/yg 果/ng)
    stopped the walk back. Where the name starts: at the place before such a brand, else ``start``."""
    i = _token_index_ending_at(s.tokens, start)
    size = 0
    while i is not None and i >= 1 and size < 4:
        brand = s.tokens[i]
        # (嵘/x: a character jieba does not know is a piece too, unlike punctuation)
        han = brand.flag == "x" and "\u4e00" <= brand.word <= "\u9fff"
        bare = brand.flag[:1] not in _NOT_BRAND_PIECE or han
        piece = len(brand.word) == 1 and bare and brand.word not in _STOP
        # (浙江嵘盛/nr 生物科技有限公司: a brand read as a person's name)
        verbal = 2 <= len(brand.word) <= 3 and (brand.flag[:1] in {"v", "a", "d"} or brand.flag == "nr")
        verbal = verbal and brand.word not in _NOT_BRAND_WORDS
        if not (piece or verbal) or size + len(brand.word) > 4:
            return start
        size += len(brand.word)
        place = s.tokens[i - 1]
        if place.flag == "ns" or place.word in keep:
            return place.start
        if verbal:
            return start  # a verb-like brand stands alone before its place
        i -= 1
    return start


# Words that are never a brand's: the verbs put between a place and a firm, words no firm's
# name opens with, stage words.
_NOT_BRAND_WORDS = frozenset(VERBS_BEFORE_FIRMS) | frozenset(NOT_ORG_START) | _STOP
# Tags a piece of a brand never has: punctuation, particles, prepositions, conjunctions, numbers.
_NOT_BRAND_PIECE = frozenset({"x", "w", "u", "p", "c", "m", "q", "r"})


def _verb_head(s: Sentence, end: int) -> int | None:
    """``、远航控股集团与…``: a firm's head that jieba reads as a verb (远航/v), standing alone
    between a list's separator (or the clause's start) and the firm word: where it starts."""
    i = _token_index_ending_at(s.tokens, end)
    if i is None:
        return None
    tok = s.tokens[i]
    opens = tok.start == 0 or s.text[tok.start - 1] in "、，,：:；;与和及同跟"
    return tok.start if opens and len(tok.word) >= 2 and tok.flag[:1] in {"v", "a", "d"} else None


def _alias_mentions(s: Sentence, aliases: dict[str, str], kind: re.Pattern[str]) -> list[Mention]:
    """Uses of an alias, not its definition (the 西部智联 inside ``(以下简称“西部智联”)``)."""
    defined = [m.span(1) for m in _ALIAS.finditer(s.text)]
    out = []
    for alias, full in aliases.items():
        if kind.search(full):
            for m in re.finditer(re.escape(alias), s.text):
                if not any(a <= m.start() < b for a, b in defined):
                    # a filing's 公司 is its issuer, by the name its title gives
                    name = full if alias == ISSUER else s.name(*m.span())
                    out.append(Mention(m.start(), m.end(), name))
    return out


def _longest(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if not out or m.start >= out[-1].end:
            out.append(m)
    return out


def find_aliases(sentences: list[Sentence]) -> dict[str, str]:
    """``X(以下简称“Y”)`` anywhere in the article: alias Y → full name X; and in a listed firm's
    own filing (证券代码…, X公司2024年年度报告, …公告), 公司 is X."""
    out: dict[str, str] = {}
    for s in sentences:
        for m in _ALIAS.finditer(s.text):
            start = walk_back(s, m.start(), keep=_ORG_KEEP)
            if start is not None and start < m.start():
                out[m.group(1)] = s.text[start : m.start()]
    issuer = _issuer(sentences)
    if issuer is not None and ISSUER not in out:
        out[ISSUER] = issuer
    return out


# What a listed firm's filing calls the firm itself.
ISSUER = "公司"
# A firm's own filing: its title names it before the kind of filing.
_FILING = re.compile(
    rf"([\u4e00-\u9fff（）()]{{2,30}}?(?:{alternation(LEGAL_ORG_END)}))[^，,。]{{0,16}}?"
    r"(?:年度报告|年报|半年度报告|季度报告|公告|报告摘要)"
)


def _issuer(sentences: list[Sentence]) -> str | None:
    """The firm whose filing the article is (its title, within the first lines, after a 证券代码
    line), or None."""
    head = sentences[:6]
    if not any("证券代码" in s.text or "公告编号" in s.text for s in head):
        return None
    firms = {m.group(1) for s in head for m in _FILING.finditer(s.text)}
    return firms.pop() if len(firms) == 1 else None


def find_enumerations(s: Sentence) -> list[Enumeration]:
    """``A、B、C等…项目`` and ``A等N个…项目``: items the tail says are projects or firms.

    The first item is found by walking back from its end (so 签下 / 引进 are
    left out); middle items are whole segments; the last runs up to the tail.
    Items need no suffix: the tail says what they are.
    """
    out: list[Enumeration] = []
    t = s.text
    for run in re.finditer(r"[^,，;；。:：!！?？]+", t):
        run_start = max(run.start(), s.marker_end(run.end()))  # 1、A、B等项目: 1 is no item
        if run_start >= run.end():
            continue
        # the list ends at its tail, even when the clause goes on (…等项目开工、投产)
        tail = next(
            (m for m in _LIST_TAIL.finditer(t, run_start, run.end()) if m.start() - run_start >= 2), None
        )
        if tail is not None:
            items_end = tail.start()
        else:
            # A项目、B项目、还有C项目，三个项目总投资21亿元: the count after the comma restates the list
            tail = _restated(t, run_start, run.end())
            if tail is None:
                continue
            items_end = run.end()
        segs = _segments(t, run_start, items_end)
        if items_end - segs[-1][0] < 2:
            continue
        if len(segs) == 1 and not t.startswith("等", tail.start()):
            continue  # 签约2个项目: a count with no names
        if t[tail.start() - 1] in _LINKS and not t.startswith("等", tail.start()):
            continue  # A、B与10家企业签约: the firms counted are the other party, not the list
        first_end = segs[0][1] if len(segs) > 1 else items_end
        first_start = walk_back(s, first_end, conj=True)
        if first_start is None:
            continue
        spans = [(first_start, first_end), *segs[1:-1]]
        if len(segs) > 1:
            spans.append((segs[-1][0], items_end))
        spans = [spans[0], *(_after_attribute(t, a, e) for a, e in spans[1:])]
        if any(not 2 <= e - a <= _MAX_NAME or _CLAUSE_MARK.search(t, a, e) for a, e in spans):
            continue
        items = tuple(Mention(a, e, s.name(a, e), _item_problem(t, a, e)) for a, e in spans)
        clause_end = _CLAUSE_MARK.search(t, tail.end())
        closes = not t[tail.end() : clause_end.start() if clause_end else len(t)].strip()
        out.append(Enumeration(items, tail.start(), tail.end(), tail.span("mid"), tail.group("noun"), closes))
    return out


def _item_problem(t: str, a: int, e: int) -> bool:
    """An item of a list that is no name: a category, or (without a project's suffix) no firm."""
    suffixed = _PROJECT_END.fullmatch(t, e - 2, e) or _PROJECT_END.fullmatch(t, e - 3, e)
    if suffixed or t.endswith(WORKS_SUFFIX, a, e):
        return project_problem(t, a, e) is not None
    return is_generic(t[a:e]) or investor_problem(t[a:e]) is not None


def _after_attribute(t: str, a: int, e: int) -> tuple[int, int]:
    """``总投资30亿元的B项目`` / ``永城市的B项目``: the item is what follows an amount's or a
    place's 的 (the place is where it is, not part of its name)."""
    k = t.rfind("的", a, e)
    if k > a and (_INVESTED.search(t, a, k) or find_money(t[a:k]) or not without_places(t[a:k])):
        return k + 1, e
    return a, e


def _restated(t: str, a: int, b: int) -> re.Match[str] | None:
    """``A项目、B项目和C项目，三个项目…``: the count opening the next clause, when it counts exactly
    the names before it and each of them ends as a project's name does."""
    if not t.startswith(("，", ","), b):
        return None
    tail = _RESTATING.match(t, b + 1)
    segs = _segments(t, a, b)
    if tail is None or len(segs) < 2 or parse_number(tail["n2"]) != len(segs):
        return None
    return tail if all(_PROJECT_END.search(t, max(x, e - 4), e) for x, e in segs) else None


def _segments(t: str, a: int, b: int) -> list[tuple[int, int]]:
    """The items of a list: parted by 、, and by 和/及/以及/还有 after a project's name (A项目和B项目,
    not 研发中心和生产基地项目); 还有 opening an item is no part of it."""
    spans: list[tuple[int, int]] = []
    pos = a
    for m in _ITEM_SEP.finditer(t, a, b):
        if m.group() != "、" and not t.endswith("项目", pos, m.start()):
            continue
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, b))
    return spans


def org_prefix(name: str, orgs: list[Mention], start: int) -> list[str]:
    """The organisation a project name starts with (浪潮集团西部运营总部 → 浪潮集团)."""
    return [o.name for o in orgs if o.start == start and not o.generic and len(o.name) < len(name)]
