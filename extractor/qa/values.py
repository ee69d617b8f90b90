"""Typed values in a sentence: the amount, count, organisation, place, date… a question asks for.

Pure functions over strings. ``typed_values`` lists the values of one kind with their offsets, the
one stated about the question's subject first (after it in its clause, then in its clause, then
nearest); ``passages`` decides which of them answers.
"""

from __future__ import annotations

import re

from ..text.amounts import HEDGES_BEFORE, find_money
from ..text.lexicon import (
    CORRECTED,
    INSTITUTION_SUFFIX,
    LEGAL_ORG_END,
    ORG_SUFFIX,
    PROJECT_SUFFIX,
    SET_APART,
    STAGE_CUES,
    SUPERSEDED,
    alternation,
)
from ..text.names import opens_a_name, project_problem
from ..text.normalize import normalize_text
from ..text.places import find_places, parse_location
from ..text.traditional import simplified
from .binding import specific
from .parse import COUNT_UNITS, AnswerType, tagged
from .qualifiers import other_money
from .relevance import is_place

_NAMED_ITEM = re.compile(
    rf"[\u4e00-\u9fffA-Za-z0-9（）()]{{2,}}(?:{alternation(PROJECT_SUFFIX + ORG_SUFFIX)})"
    r"(?=[、，,和及与等；;。]|$)"
)
# The stage a project reached, in the words extraction reads (已基本完工, 落地投产, 开工建设).
_STAGE_WORDS = [w for stage, words in STAGE_CUES.items() if stage != "other" for w in words if len(w) > 1]
_STAGE_VALUE = re.compile(rf"(?:已|已经|正式|顺利|全面|基本|已基本)*(?:{alternation(_STAGE_WORDS)})+")
# A project's name as an answer: the shortest run (no break, no 的) ending in a project suffix.
_PROJECT_VALUE = re.compile(
    rf"(?![）)])[^\s，,。；;、的“”\"：:—《》【】「」]{{2,30}}?(?:{alternation(PROJECT_SUFFIX)})+"
)
# What a run before a project's name may end with: the verb that builds it, or its amount (由其投资
# 18亿元在…建设年产5万吨…项目: the name is what comes after the last of them).
_BUILT = re.compile(r"(?:投资建设|建设|投建|签约|签订|[亿万]元(?!级))")
_VERB_PROJECT = re.compile(r"(?:进行|开展|举行|洽谈|对接|签约|签订|引进|招引|推进)项目$")
_PHASE = re.compile(r"[一二三四五六七八九十\d]+期")  # 一期: a phase, not a quantity
_YEAR_DATE = re.compile(r"(?:19|20)\d{2}年")
_OUTLET_AFTER = re.compile(r"频道|日报|晚报|电视台|广播电视台|融媒|新闻网|发布")
_LOOSE_RUN = re.compile(r"[\u4e00-\u9fff]{2,12}(?:、[\u4e00-\u9fff]{2,12})+")
_ITEM = r"[\u4e00-\u9fffA-Za-z0-9（）()]{2,20}"
_RUN = re.compile(rf"{_ITEM}(?:、{_ITEM})+等[^，,。；;]{{0,6}}(?:项目|企业|公司|单位|机构)")

# A count: not the tail of a decimal (4.3个百分点), a share (个百分点), a duration (六个月) nor
# spoken money (8个亿, 500个万); a range counts whole (20至30家).
_NUMBER = r"(?<![\d.,])(?:\d+(?:\.\d+)?万?(?:(?:至|到|-|~)\d+)?|[一二两三四五六七八九十百千]+)"
# (8个亿 is money; 12个亿元以上项目 and 5个万吨级项目 count projects, as amounts reads them)
_NOT_COUNTED = "百分点|月|小时|工作日|季度|[十百千]?亿(?!元?级|元?以上|元?的?(?:项目|企业))"
_COUNT_VALUE = re.compile(rf"({_NUMBER})(?:余|多)?\s*(个(?!{_NOT_COUNTED})|{COUNT_UNITS.replace('个|', '')})")
# Any stated quantity with its unit and its hedge (约20亿元, 超5000人): 7个月, 1200万元, 210.2亩, 85%.
_QUANTITY_VALUE = re.compile(
    rf"(?:(?<![签大最])(?:{HEDGES_BEFORE}))?"  # 约, 近 (not 签约, 最近)
    rf"(?:{_NUMBER}|\d+(?:,\d{{3}})+(?:\.\d+)?)(?:余|多)?\s*(?:万|亿)?"
    r"(?:%|元|美元|(?!左右)[\u4e00-\u9fff](?:(?!左右)[\u4e00-\u9fff])?)(?:左右)?"
)
_PERSON_TAGS = ("nr", "nrfg", "nrt")
_ORG_SUFFIXES = f"({alternation([*LEGAL_ORG_END, '股份公司', '集团', *INSTITUTION_SUFFIX])})"
# The whole name, branch included: 某某集团投资有限公司华中分公司, not 某某集团.
_ORG_VALUE = re.compile(
    rf"[\u4e00-\u9fff（）()A-Za-z·]{{2,30}}?{_ORG_SUFFIXES}(?:[\u4e00-\u9fff]{{0,8}}?(?:有限公司|分公司|公司))*"
)
_DATE_VALUE = re.compile(
    r"(\d{4}年|今年|去年|明年|前年)?\d{1,2}月(\d{1,2}日|底|初|中旬|下旬|上旬)?|\d{4}-\d{1,2}-\d{1,2}"
    r"|\d{4}年(?:底|初|年底|年初|上半年|下半年)?"
    r"|(今年|去年|明年|前年)(上半年|下半年|初|底)?"
)

# A share asked (持股比例, 占比多少) and a value that is one (51%, 三成, 2个百分点).
_SHARE_ASKED = re.compile(r"比例|占比|比重|股比|百分之几|百分比|几成")
_SHARE_VALUE = re.compile(r"[%％]|成$|百分点|百分之")
# A question a rate or a change answers (增长多少, 配套率多少, 提高了多少).
_RATE_ASKED = re.compile(rf"{_SHARE_ASKED.pattern}|率|增长|增速|增幅|下降|提高|提升|降低|同比|环比|[%％]")

# A figure the text retracts: “3.5亿元”有误.
_RETRACTED = re.compile(rf"[”\"’']?(?:{alternation(CORRECTED)})")

# Clauses end at commas and stops, and at 、 between the items of a list of projects.
_CLAUSE_END = re.compile(r"[，,；;。！？!?、]")


def typed_values(
    kind: AnswerType,
    sentence: str,
    anchors: list[str],
    event: re.Pattern[str] | None = None,
    question: str = "",
) -> list[tuple[str, int]]:
    """The typed values in the sentence with their offsets, the one stated about the subject first."""
    if kind == "amount":
        found = [
            (m.text, m.start)
            for m in find_money(sentence)
            if not _other_money(sentence, m.start, question)
            and not is_size_class(sentence, m.text, m.end)
            # 总投资由28,000万元调整为36,800万元: what it was, not what it is
            and not (_SUPERSEDED.match(sentence, m.end) and not _BEFORE_ASKED.search(question))
        ]
    else:
        found = _typed(kind, sentence)
        # a value that merely repeats the question's own names answers nothing
        found = [f for f in found if not any(normalize_text(f[0]) in normalize_text(a) for a in anchors)]
    if kind == "date":
        # as fine as the question asks: 哪天 wants a day (not 2024年第一季度), 哪一年 a year
        wanted = (
            2
            if re.search(r"哪一?天|几号|几日|日期", question)
            else 1
            if re.search("几月|哪个月", question)
            else 0
        )
        found = [
            f
            for f in found
            if _date_detail(f[0]) >= wanted and (wanted or "年" in f[0] or _date_detail(f[0]))
        ]
    if kind == "count" and (counted := _NOUN_COUNTED.search(question)) is not None:
        # 签了多少个项目 is not answered by 报告一个好消息: the value's clause counts the noun asked
        if counted["noun"]:
            nouns = _SAME_NOUN.get(counted["noun"], (counted["noun"],))
            found = [f for f in found if _counts_noun(sentence, f[1], nouns)]
        else:
            # 签约项目多少个: not what is counted in batches or heads (招商活动46批次); 共签约12个 is
            other = _OTHER_UNITS[counted["before"]]
            found = [f for f in found if not other.search(f[0])]
        # 引进了一个火箭整流罩生产项目: 一个 before a project's own name says "a", it counts nothing
        found = [
            f
            for f in found
            if not (_ONE_OF_A_KIND.match(sentence, f[1]) and not _ONLY_BEFORE.search(sentence, 0, f[1]))
        ]
    if kind == "quantity" and _SHARE_ASKED.search(question):
        # 持股比例是多少 asks for a share: a sum or a count beside it answers nothing
        found = [f for f in found if _SHARE_VALUE.search(f[0])]
    elif kind == "quantity" and question and not _RATE_ASKED.search(question):
        # 签了多少 asks for an amount or a count: 配套率由31%提高到38% is a rate, no answer
        found = [f for f in found if not _SHARE_VALUE.search(f[0])]
    if kind == "org":
        # 哪家公司与某研究所合作: the 研究所 is the question's, not its answer
        found = [f for f in found if not question or normalize_text(f[0]) not in normalize_text(question)]
    if kind == "place":
        # 是落户新邵县，不是邵东市: a place the sentence denies is no answer, wherever else it stands
        found = [f for f in found if not place_denied(f[0], sentence)]
        if (within := _COUNTY_OF.search(question)) is not None:
            # 昭通哪个县区签约额最高: one of 昭通's counties, not where a meeting is held (浙江瑞安)
            city = parse_location(within["city"]).city
            found = [f for f in found if city is None or _county_in(f[0], city)]
        if _TOWN_ASKED.search(question):
            # 建在哪个乡镇: a town answers it, not the county or city around one
            found = [f for f in found if f[0].endswith(_TOWN_ENDS) and "各" not in f[0]]
        # a place the question names is its setting, not its answer (拉萨的推介会在哪里办 → 北京)
        asked = {normalize_text(p) for _, _, p in find_places(question)}
        asked |= {normalize_text(a) for a in anchors if is_place(a)}
        found = [f for f in found if not any(a and (a in normalize_text(f[0])) for a in asked)]
        # 海口市龙华区 when asked where in 龙华区: the place around the asked one is no answer either
        around = {
            f[0]
            for f in found
            if any(a and normalize_text(sentence[f[1] + len(f[0]) :]).startswith(a) for a in asked)
        }
        # 海南海口龙华区: what comes before the asked place in one compound name encloses it
        prefixes = [
            normalize_text(p).split(a)[0]
            for _, _, p in find_places(sentence)
            for a in asked
            if a and a in normalize_text(p)
        ]
        around |= {f[0] for f in found for pre in prefixes if normalize_text(f[0]) in pre}
        found = [
            f
            for f in found
            if f[0] not in around
            # 人民网－黑龙江频道, 潍坊日报: a place in a media outlet's name says who reported
            and not _OUTLET_AFTER.match(sentence, f[1] + len(f[0]))
            # 某某（海南）有限公司: a place in brackets is part of a firm's name
            and not (f[1] > 0 and sentence[f[1] - 1] in "（(" and sentence[f[1] + len(f[0]) :][:1] in "）)")
            # 广东晟屐鞋业有限公司投资…: a place opening a firm's name says where it comes from
            and not opens_a_name(sentence, f[1] + len(f[0]))
        ]
        # where something is: the place right after 在/于/落户/位于 first
        placed = [f for f in found if re.search(r"(?:在|于|落户|落地|位于|选址|到)$", sentence[: f[1]])]
        found = placed + [f for f in found if f not in placed]
        if placed:
            return found
    found = [f for f in found if not _RETRACTED.match(sentence, f[1] + len(f[0]))]
    if not found:
        return []
    at = _focus(sentence, anchors, event)
    start, end = clause_at(sentence, at)
    # the value stated about the subject: after it in its clause, else in its clause, else nearest
    after = sorted((f for f in found if at <= f[1] < end), key=lambda f: f[1])
    inside = sorted(
        (f for f in found if start <= f[1] < end and f not in after), key=lambda f: abs(f[1] - at)
    )
    # then the nearest after it (…B意向落地，意向投资金额近百亿), then the nearest before it
    rest = sorted(
        (f for f in found if f not in after and f not in inside), key=lambda f: (f[1] < at, abs(f[1] - at))
    )
    found = after + inside + rest
    return [_with_year(sentence, f) for f in found] if kind == "date" else found


def _typed(kind: AnswerType, sentence: str) -> list[tuple[str, int]]:
    """The values of ``kind`` in ``sentence``, each with where it starts: read as simplified (87個
    is 87个, 這一家 is 这一家), quoted as written (one character for one)."""
    seen = simplified(sentence)
    return [
        (sentence[at : at + len(v)], at) if seen[at : at + len(v)] == v else (v, at)
        for v, at in _typed_seen(kind, seen)
    ]


def _typed_seen(kind: AnswerType, sentence: str) -> list[tuple[str, int]]:
    if kind == "person":
        out, at = [], 0
        for word, flag in tagged(sentence):
            if flag in _PERSON_TAGS and len(word) >= 2:
                out.append((word, sentence.find(word, at)))
            at += len(word)
        return out
    if kind == "place":
        places = [(sentence[s:e], s) for s, e, _ in find_places(sentence)]
        # a county written without its suffix (在罗平项目…) that the place table does not know
        unknown = [(m.group(1), m.start(1)) for m in _PLACE_AFTER_IN.finditer(sentence)]
        return places + [u for u in unknown if not any(p[1] <= u[1] < p[1] + len(p[0]) for p in places)]
    if kind == "stage":
        return [(m.group(0), m.start()) for m in _STAGE_VALUE.finditer(sentence)]
    pattern = {
        "count": _COUNT_VALUE,
        "org": _ORG_VALUE,
        "project": _PROJECT_VALUE,
        "date": _DATE_VALUE,
        "quantity": _QUANTITY_VALUE,
    }[kind]
    found = [(m.group(0), m.start()) for m in pattern.finditer(sentence)]
    if kind == "project":
        found = [_project_name(text, at) for text, at in found]
    if kind == "org":
        # 联盟揭牌暨首批基金 is an event, 两家公司 a count: neither is a name
        found = [_org_name(text, at) for text, at in found if not _EVENT_IN_NAME.search(text)]
        found = [f for f in found if not _COUNTED_ORG.match(f[0]) and not _CATEGORY_ORG.match(f[0])]
        # 拟由一家央企下属物流公司投资建设: a firm the text does not name
        found = [f for f in found if not _INDEFINITE.search(normalize_text(sentence[: f[1]]))]
    if kind == "count":
        found = [f for f in found if f[0] not in _VAGUE_COUNTS]
        # 另一家港资企业, 同一个项目: "one" after a determiner picks one out, it counts nothing
        found = [f for f in found if not (f[0].startswith("一") and _DETERMINER.search(sentence[: f[1]]))]
    if kind in ("count", "quantity"):
        # 第7届, 第3批: an ordinal names which one, it counts nothing; 2024年底 is a date
        found = [
            f
            for f in found
            if not sentence[: f[1]].endswith("第")
            and not _YEAR_DATE.match(f[0])
            and not _PHASE.match(f[0])
            and not _DAY_DATE.match(f[0])
        ]
    if kind == "project":
        # 与乙县进行项目签约: 项目 after a verb is the word, not a name's end; 一个项目 is none either
        return [
            f
            for f in found
            if specific(f[0])
            and not _SELF_REFERENCE.match(f[0])
            and not _COUNTED_ITEMS.match(f[0])
            and not _VERB_PROJECT.search(f[0])
            and project_problem(sentence, f[1], f[1] + len(f[0])) != "counted"
        ]
    return found


def _project_name(run: str, at: int) -> tuple[str, int]:
    """A project's name out of the run before its suffix: what follows the last verb that builds
    it or the last amount, when four characters or more are left."""
    cuts = [m.end() for m in _BUILT.finditer(run) if len(run) - m.end() >= 4 + 2]
    return (run[cuts[-1] :], at + cuts[-1]) if cuts else (run, at)


# 区属公司, 龙头企业: a kind of firm, not a firm's name
_CATEGORY_ORG = re.compile(
    r"^(?:[区市省县镇]属|国有|民营|外资|外商|央|地方|相关|有关|各类?|其他|本地|龙头|重点|上市|优质|头部|知名|意向|签约)"
    r"(?:企业|公司|集团|机构|单位)$"
)
# 另外2个招商项目, 这3个项目, 2个项目: a count of items (八一家园, 五家渠 are names)
_COUNTED_ITEMS = re.compile(
    rf"(?:{alternation(SET_APART)}|这|该|上述)[\d一二两三四五六七八九十几多数]+\s*[个家项批]|\d+\s*[个家项批]"
)
_DAY_DATE = re.compile(r"\d{1,2}(?:日|号|月)")  # 10日签约, 3月: when, not how much
_DETERMINER = re.compile(r"(?:另|这|那|同|每|任|哪|其中)$")
_INDEFINITE = re.compile(r"(?:一家|某家?|一所)[^的，,。；;]{0,6}$")
_COUNTED_ORG = re.compile(r"^[\d一二两三四五六七八九十几多数]+[家个]")
_YEAR = re.compile(r"\d{4}年|今年|去年|明年|前年")
_EVENT_IN_NAME = re.compile(rf"暨|{alternation(_STAGE_WORDS)}")
_PLACE_AFTER_IN = re.compile(
    r"(?:在|于|落户|落地|位于)([\u4e00-\u9fff]{2,3}?)(?=项目|建设|投资|举办|落地|设立|开工|签约)"
)
_SUPERSEDED = re.compile(alternation(SUPERSEDED))
_BEFORE_ASKED = re.compile("原来|原先|原计划|之前|调整前|变更前|原备案")
# 与我中心台账一致, 本中心: the writer's own body, no project
_SELF_REFERENCE = re.compile("(?:[与和跟同对向在])?(?:我|本)(?:中心|局|委|办|单位|部门|院|所)")
# (我县年产10万吨…项目, 本田…, 其亚… are projects' names)
# What a count question counts (多少个项目, 几家企业), and what parts the clause a count stands
# in (a colon too: 报告一个好消息：X项目已投产 counts no project).
# (签约项目多少个 counts projects too: not 开展招商活动46批次)
_NOUN_COUNTED = re.compile(
    # (多少个招商项目: a word or two of kind between)
    "(?:几|多少)[个家项所]?[\u4e00-\u9fff]{0,4}?(?P<noun>项目|企业|公司)"
    "|(?P<before>项目|企业|公司)(?:数量|数|有|共|一共)?(?:几|多少)"
)
PART_END = re.compile("[，,；;。！？!?：:]")  # not 、: 30家来自甲、乙等行业的企业


_ONE_OF_A_KIND = re.compile(r"一[个家项][^，,；;。、\d]{4,20}?(?:项目|企业|公司)")
_ONLY_BEFORE = re.compile(r"(?:只|仅|仅仅|共|一共|总共|合计)[^，,；;。]{0,4}$")  # 只签约了一个…项目: a count
_SAME_NOUN = {"企业": ("企业", "公司", "家"), "公司": ("企业", "公司", "家")}
# The units that count something else than the noun asked (项目: not 批, 次, 人, 家…).
_OTHER_UNITS = {
    "项目": re.compile("[批次场人名户家]"),
    "企业": re.compile("[批次场人名户项]"),
    "公司": re.compile("[批次场人名户项]"),
}


def _counts_noun(sentence: str, at: int, nouns: tuple[str, ...]) -> bool:
    """Whether the count at ``at`` counts one of ``nouns``: its part of the sentence names it, or
    the part before ends with it (签约项目：12个, 现场签约项目，共计12个)."""
    ends = [m.end() for m in PART_END.finditer(sentence, 0, at)]
    start = ends[-1] if ends else 0
    end = PART_END.search(sentence, at)
    # (read in simplified characters: 港資項目15個 counts 项目)
    if any(n in normalize_text(sentence[start : end.start() if end else len(sentence)]) for n in nouns):
        return True
    before = normalize_text(sentence[ends[-2] if len(ends) > 1 else 0 : max(start - 1, 0)])
    return bool(ends) and before.endswith(nouns)


# A question that asks for a town (建在哪个乡镇, 落在哪个镇), and the ends of a town's name.
_TOWN_ASKED = re.compile("哪个?(?:乡镇|镇|乡|街道)")
_TOWN_ENDS = ("镇", "乡", "街道")
# 甲市哪个县区…: the question asks for one of the city's counties or districts.
_COUNTY_OF = re.compile(
    r"(?P<city>[\u4e00-\u9fff]{2,6}?)(?:市|州)?(?:的)?哪(?:个|一个|些)?(?:县区|县市区|县市|区县|县|区)"
)


def _county_in(place: str, city: str) -> bool:
    """Whether ``place`` may be one of ``city``'s (鼓楼区, a namesake of several cities, may be)."""
    found = parse_location(place).city
    return found is None or found == city


# 一批 is "a batch", 一些 "some": no count.
_VAGUE_COUNTS = ("一批", "一些", "一系列")


def place_denied(place: str, text: str) -> bool:
    """Whether ``text`` says the place is not the one (是落户新邵县，不是邵东市; a speaker's slip taken
    back): the place ends its clause after the denial (不是邵东市第一次 denies nothing)."""
    return re.search(f"(?:不是|并非|而非|不在){re.escape(place)}(?:[，,。；;！!、]|$)", text) is not None
_ORG_LEAD = re.compile(r".*[由与和是为在的及向对给]")


def _org_name(text: str, at: int) -> tuple[str, int]:
    """The name without the words before it the pattern swept in (该电站由某某公司 → 某某公司)."""
    m = _ORG_LEAD.match(text)
    if m is None or len(text) - m.end() < 4:
        return text, at
    return text[m.end() :], at + m.end()


def org_names(text: str) -> list[str]:
    """The organisations ``text`` names in full (上海某某生物科技有限公司, 瑞典某某集团)."""
    return [name for name, _ in _typed("org", text)]


def value_in(
    kind: AnswerType,
    sentence: str,
    anchors: list[str],
    event: re.Pattern[str] | None = None,
    question: str = "",
) -> str | bool | None:
    """The typed value in the sentence; ``True`` when the type needs none; ``None`` when absent."""
    if kind in ("fact", "list"):
        return True
    found = typed_values(kind, sentence, anchors, event, question)
    return found[0][0] if found else None


# 2个百亿级以上项目, 10亿元以上重大项目116个, 亿元以上招商引资项目1136个: an amount that sizes a
# class of projects.
_SIZE_CLASS = re.compile(r"^(?:级|以上|以下|及以上|的)*(?:的)?(?:重大|重点|产业|大|优质)*(?:项目|企业)")
# 亿元以上招商引资项目1136个: kinds of project after a class (never after 的: 12亿元的工业项目 is one)
_CLASS_KINDS = re.compile(r"^(?:级|以上|及以上)?(?:招商引资|工业|制造业|服务业|外资|内资)+(?:项目|企业)")


def is_size_class(sentence: str, text: str, end: int) -> bool:
    """Is the amount a size class (百亿级项目), which never answers how much in total?"""
    after = sentence[end:]
    classed = text.endswith(("以上", "级")) or after.startswith(("以上", "级", "及以上"))
    kinds = classed and _CLASS_KINDS.match(after) is not None
    return text.endswith("级") or bool(_SIZE_CLASS.match(after)) or kinds


def _with_year(sentence: str, found: tuple[str, int]) -> tuple[str, int]:
    """A month without a year takes the year of the date before it in the sentence
    (去年5月办理…，11月投产 → 去年11月)."""
    text, at = found
    if _YEAR.search(text) or "月" not in text:
        return found
    years = [m.group(0) for m in _YEAR.finditer(sentence[:at]) if re.match(r"\d{1,2}月", sentence[m.end() :])]
    return (years[-1] + text, at) if years else found


def _date_detail(value: str) -> int:
    return 2 if "日" in value or value.count("-") == 2 else 1 if "月" in value else 0


def _other_money(sentence: str, at: int, question: str) -> bool:
    """Money of another kind (a loan, a subsidy, output) unless the question asks about that kind."""
    start, end = clause_at(sentence, at)
    return other_money(sentence[start:end], question) is not None


def clause_at(sentence: str, at: int) -> tuple[int, int]:
    """The clause (between ，；。) holding position ``at``."""
    marks = [m.end() for m in _CLAUSE_END.finditer(sentence)]
    start = max((m for m in marks if m <= at), default=0)
    end = min((m for m in marks if m > at), default=len(sentence))
    return start, end


def _focus(sentence: str, anchors: list[str], event: re.Pattern[str] | None) -> int:
    """Where in the sentence the question's subject is: the event asked about (投产), else the
    longest name that is not a place (a place is often part of another name: 华为云贵阳…)."""
    if event is not None and (m := event.search(sentence)):
        return m.start()
    present = [a for a in anchors if a in sentence]
    subjects = [a for a in present if not is_place(a)] or present
    return sentence.find(max(subjects, key=len)) if subjects else 0


def enumerates(window: str, *, loose: bool = False) -> bool:
    """A list answer needs a list: two named items (…项目、…公司) or a run closed by 等 (A、B、C等
    企业); ``loose``, for lists of other things (哪些问题), any run of items joined by 、."""
    if loose and _LOOSE_RUN.search(window):
        return True
    return len(_NAMED_ITEM.findall(window)) >= 2 or bool(_RUN.search(window))


# A part of a sentence between joiners, and a name in it (一体投资控股集团, 赛诺生(深圳)公司两家…);
# a count (2家校友企业, 另外2个招商项目) is items counted, not named.
_PART = re.compile(r"[^、，,和及与；;。！？!?]+")
_NAME_IN = re.compile(rf"[\u4e00-\u9fffA-Za-z0-9（）()]{{2,}}?(?:{alternation(PROJECT_SUFFIX + ORG_SUFFIX)})")
_COUNTED = re.compile(r"(?:\d+|[一二两三四五六七八九十几多]+)\s*(?:个|家|项|批)")


def names_items(sentence: str) -> int:
    """How many items ``sentence`` names, one per part between joiners (A和B两家公司, A、B项目):
    另有2家校友企业 counts its firms and names none."""
    named = (_NAME_IN.search(m.group()) for m in _PART.finditer(sentence))
    return sum(1 for n in named if n is not None and not _COUNTED.search(n.group()))


def sentence_at(window: str, at: int) -> str:
    """The sentence of the window holding offset ``at``."""
    lo = max((m.end() for m in re.finditer(r"[。！？!?]", window[:at])), default=0)
    hi = re.search(r"[。！？!?]", window[at:])
    return window[lo : at + hi.end() if hi else len(window)]


# 实质落地和意向落地的投资金额合计: a sum of two stated amounts, one for each named part.
_PAIR_SUM = re.compile(
    r"(?P<a>[\u4e00-\u9fff]{2,6})(?:和|与|及|加上)(?P<b>[\u4e00-\u9fff]{2,6})的?.{0,8}?(?:合计|加起来|总共|一共|共计|总和)"
)


def pair_asked(question: str) -> tuple[str, str] | None:
    """The two parts a sum question adds up (A和B的…合计), if it asks for one."""
    m = _PAIR_SUM.search(question)
    return (m["a"], m["b"].split("的")[0]) if m else None


def _found(term: str, sentence: str, *, suffix: bool) -> str | None:
    """The longest end (or start) of ``term`` the sentence writes: 洞泾实质落地 ~ 实质落地."""
    for size in range(len(term), 1, -1):
        part = term[-size:] if suffix else term[:size]
        if part in sentence:
            return part
    return None


def pair_sum(sentence: str, pair: tuple[str, str]) -> tuple[str, int] | None:
    """The sum of the amount stated after each part of ``pair`` (before the next part), when the
    sentence states both: ``A…投资超百亿，B…近百亿`` → 约200亿元. ``None`` unless both are there."""
    from ..render import format_cny
    from ..text.amounts import parse_money

    terms = [_found(pair[0], sentence, suffix=True), _found(pair[1], sentence, suffix=False)]
    if terms[0] is None or terms[1] is None or terms[0] == terms[1]:
        return None
    spots = sorted((sentence.find(term), term) for term in terms if term is not None)
    amounts = []
    for i, (at, _) in enumerate(spots):
        end = spots[i + 1][0] if i + 1 < len(spots) else len(sentence)
        found = [m for m in find_money(sentence[at:end])]
        money = parse_money(found[0].text) if found else None
        if money is None or money.cny is None:
            return None
        amounts.append((found[0].text, money))
    total = sum(m.cny or 0.0 for _, m in amounts)
    hedge = "约" if any(m.kind != "exact" for _, m in amounts) else ""
    parts = "，".join(f"{term}{text}" for (_, term), (text, _) in zip(spots, amounts, strict=True))
    return f"合计{hedge}{format_cny(total)}（{parts}）", spots[0][0]
