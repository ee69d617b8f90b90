"""Is a value stated about the asked subject? Subject reading and binding, shared by both QA routes.

A number near a name is not the name's number: news writes ``A、B、C等12个项目集中签约，
总投资80亿元``, a total of the group A belongs to, never A's own amount. ``item_subject`` reads
the named project or firm a question asks about, ``mentions`` finds it in a text (whole, or
every one of its words: 电容器 never stands in for 电感器), and ``binding`` says whether a value
is stated of it, of a group it belongs to, or of something else. (What kind of figure and when:
``qualifiers``; the question's own numbers: ``premises``.)
"""

from __future__ import annotations

import re
from typing import Literal

from ..text.lexicon import (
    ASKED_MEASURES,
    CN_NUMERAL,
    FIRM_END,
    FOREIGN_CAPITAL,
    FUNDS_IN_PLACE,
    GENERIC_NAME_WORDS,
    GOVERNMENT_WORD,
    INVESTMENT,
    INVESTOR_FIELDS,
    ORG_SUFFIX,
    PROJECT_SUFFIX,
    STAGE_CUES,
    TOTAL,
    WORKS_SUFFIX,
    alternation,
)
from ..text.names import names_project
from ..text.normalize import normalize, normalize_text
from ..text.places import find_places, without_places
from .parse import tagged

Binding = Literal["bound", "group", "absent"]

_CN_NUM = CN_NUMERAL
_HOW_MUCH = "(?:投资|金额|总额|额)?(?:是|为|有|达|共|一共)?(?:多少|几)"
_ITEM_MEASURES = tuple(w for group in ASKED_MEASURES for w in group)
# Where the subject of a question ends: the asked measure, a preposition, the question word.
_SUBJECT_END = re.compile(
    r"自己|本身|单独|的?(?:计划|协议|意向|签约|合同)?(?:总投资|投资额|投资总额|投资金额|投资规模|投资多少|投资了|投了|签约额|金额)"
    r"|的?(?:营业收入|营收|净利润|利润总额|利润|税收)|落户|签约|签了|签下|是哪|是什么|是谁|位于|建在|选址"
    r"|有多少|多少|几"
    # 甲项目一期二期加起来总投资多少: the phases summed of the named item (not 甲项目二期, a name)
    r"|(?<=项目)(?:[一二三四首]期[和与、及]?){2,}(?=加起来|合计|一共|总共|共)"
    r"|(?:现在|目前)?的?(?:进展|进度|建设情况|推进情况)"
    # X项目的投资方是谁: the field that names who invests ends the item
    rf"|的(?:{alternation(INVESTOR_FIELDS)})|投资方"
    # X项目什么时候投产: when the named item did something
    # (not 甲公司的项目/投资项目什么时候投产: a firm's project, which a sentence may name apart from it)
    r"|(?:(?<=项目|公司|企业|集团|基地|中心)|(?<=园))(?<!的项目)(?<!投资项目)(?<!建设项目)(?<!签约项目)"
    r"是?(?:什么时候|何时|哪天|哪一天|哪年|哪一年|哪个月)"
    # X项目(的)合同外资是多少: a measure of a named item (not 全县招商引资实际到位资金, a total's)
    rf"|(?:(?<=项目|公司|企业|集团)的?|的)(?:{alternation(FOREIGN_CAPITAL + FUNDS_IN_PLACE)})"
    # (and what else of it a question asks: 项目固定资产投资多少, 项目公司注册资本多少; not
    # 就业服务中心项目, 设备购置项目, names holding a measure's word)
    rf"|(?:(?<=项目|公司|企业|集团)的?|的)(?:{alternation(_ITEM_MEASURES)})(?={_HOW_MUCH})"
)
# Prepositions end the subject only as words of their own: 与 in 颐和城 does not.
_SUBJECT_END_WORDS = {
    "打算",
    "计划",
    "预计",
    "准备",
    "拟",
    "想",
    "是",
    "在",
    "于",
    "到",
    "把",
    "将",
    "由",
    "被",
    "给",
    "与",
    "和",
    "向",
    "跟",
    "同",
}
# Measures, events and periods are not items: 外商直接投资, 海北州专场, 推介会, 济宁高新区今年.
_MEASURE_WORDS = (*INVESTMENT, *FUNDS_IN_PLACE, *FOREIGN_CAPITAL, "外商直接投资", "FDI", "资金", "外资")
_MEASURE_END = re.compile(rf"(?:{alternation(_MEASURE_WORDS)})$")
_EVENT_END = re.compile(r"(?:专场|大会|推介会|洽谈会|博览会|交易会|仪式|活动|论坛|峰会|会议)$")
_TIME_WORDS = re.compile(
    r"这次|本次|此次|这回|\d{4}年(?:以来|至今)?|今年|去年|上半年|下半年|近年来|目前|现在|以来|至今|这两年|近年"
)
# (a public work asked by name, 城乡供水一体化工程, is an item too: the question names it as one)
_ITEM_END = re.compile(rf"(?:{alternation(PROJECT_SUFFIX + WORKS_SUFFIX + ORG_SUFFIX + FIRM_END)})$")
_LEADING = re.compile(r"^(?:请问|请|这次|本次|该|那个|这个)")

# When, not who: 2021年以来光谷招商项目 asks about 光谷's projects over a period.
_TIME_PREFIX = re.compile(
    r"^(?:\d{4}年(?:以来|至今|上半年|下半年)?|今年|去年|上半年|下半年|近年来|目前|截至目前)+"
)
_DEMONSTRATIVE = re.compile(r"那个|这个|那家|这家")
# (not 这个季度, 那个时候: a time, not an item)
_DEMONSTRATIVE_OF = re.compile(
    rf"(?<=[\u4e00-\u9fff])的?(?:{_DEMONSTRATIVE.pattern})(?!月|季度|时候|时间|阶段|周|星期|年|次|批)"
)
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
_VERB_THEN_ITEM = re.compile(r"(?<=签约|落户|签了|签下)的(?=[^，,？?]{2,}?(?:项目|企业|公司))")
# A list closed by 等 before the value: A项目，B项目等，投资金额125亿元 is the list's amount.
_LIST_CLOSED = re.compile(r"等\s*[，,]|(?:项目|企业|公司)等\s*(?:总|合计|共|累计)?(?:投资|金额|签约)")
# 甲公司与乙区达成投资意向: the place it signs with is its partner, not another item of a list
_PARTNER = re.compile(
    r"\s*[与和同跟][^，,、]{1,12}?(?:区|县|市|镇|省|州|园|政府|管委会)(?:签约|签订|签署|达成|合作|对接)"
)
_LIST_AFTER = re.compile(r"^\s*(?:[、和及与]|等)")
_SENTENCE_END = re.compile(r"[。！？!?；;]")
_FULL_STOP = re.compile(r"[。！？!?]")


# A name that can only be a firm's (鼎盛陶瓷, 湘铧新材料): no place, number, project, event or
# government word in it; and what the firm did after it (这次跟邵阳签了, 在本地投了).
_FIRM_LIKE = re.compile(
    r"(?![^，,]*(?:项目|[会节展]|现场|仪式|活动|论坛|区|县|市|省|镇|政府|管委会|银行|基金|\d))[\u4e00-\u9fff]{3,8}"
)
_FIRM_DID = re.compile(
    r"(?:这次|此次|今年|去年|一共|共)?(?:跟|与|和|在)?(?:(?!多少|几)[^，,？?]){0,6}?(?:签|投|有(?=几|多少))"
)


_PERIOD_IN = re.compile(r"季度|[上下]半年|\d{1,2}月|今年|去年|全年|年度|集中")


def firm_asked(question: str) -> str | None:
    """The firm a question opens with as what signed or invested (湘铧新材料这次跟邵阳签了几个项目,
    鼎盛陶瓷签了几个项目), or None."""
    subject = item_subject(question)
    if subject is None or not _FIRM_LIKE.fullmatch(subject) or _PERIOD_IN.search(subject):
        return None  # (十堰一季度集中签约了几个: a place and a period, no firm)
    # (the subject leaves out a time word inside it, 华晟去年新材料: then it is not written whole)
    _, written, after = question.partition(subject)
    return subject if written and _FIRM_DID.match(after) else None


# 甲公司投的什么项目: an item a question asks to name is no item it names.
_ASKS_WHICH = re.compile("什么|哪|多少|几")


def item_subject(question: str) -> str | None:
    """The named project or firm a question asks about (``华翔研发中心项目总投资多少`` → 华翔研发中心项目).

    ``None`` when the question opens with a place, an event or a category (嘉定区签约项目总投资
    多少): those ask for a group figure, which a group total does answer.
    """
    head = _TIME_PREFIX.sub("", _LEADING.sub("", question.strip()))
    # 雅安荥经那个黑茶项目, 瀚湄实业的那个厨具项目: a demonstrative after a modifier is its 的
    head = _DEMONSTRATIVE_OF.sub("的", head)
    m = _SUBJECT_END.search(head)
    after = _VERB_THEN_ITEM.match(head, m.end()) if m else None
    if m and after and _only_place(head[: m.start()]):
        # 甲县签约的乙项目投资多少: the item after 签约的, not the place that signed it
        head = head[after.end() :]
        m = _SUBJECT_END.search(head)
    end = m.start() if m else len(head)
    cut = _after_actor(head, end)
    head, end = head[cut:], end - cut  # 甲银行等金融机构对乙项目投资了多少: the item after 对
    owned = _OWNED_ITEM.match(head, 0, end)
    if owned is not None and specific(owned.group("item")) and not _ASKS_WHICH.search(owned.group("item")):
        # 甲公司在乙地投资的丙项目总投资多少: 甲's 丙, not 甲's anything (乙 is where)
        return owned.group("owner") + "的" + owned.group("item")
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


_GOVERNMENT = re.compile(GOVERNMENT_WORD)


# 甲在乙投资的丙项目: a named project after its owner and its place, ending where the subject ends.
_OWNED_ITEM = re.compile(
    rf"(?P<owner>[^的，,？?在]{{2,20}})在[^的，,？?]{{1,12}}?的(?P<item>[^的，,？?]{{2,30}}?(?:{alternation(PROJECT_SUFFIX)}))$"
)


def actor(question: str) -> str | None:
    """Who a question says put money in (``甲银行等金融机构对乙项目投资了多少`` → 甲银行), when it
    names one before 对/向 and the item after it: the value must be stated of that actor."""
    head = _TIME_PREFIX.sub("", _LEADING.sub("", question.strip()))
    m = _SUBJECT_END.search(head)
    cut = _after_actor(head, m.start() if m else len(head))
    if not cut:
        return None
    who = re.split("等|及|和|与", head[: cut - 1])[0].strip()
    return who if len(who) >= 2 else None


def _after_actor(head: str, end: int) -> int:
    """Where the item starts after an actor and its preposition (甲对乙, 甲向乙): 0 if none."""
    at = 0
    for word, flag in tagged(head):
        if at >= end:
            break
        if word in ("对", "向") and flag == "p" and at >= 2 and end - at > 3:
            # 华岳集团向开发区投资了多少: a place after 向 is where, the firm stays the subject
            where = _only_place(head[at + 1 : end]) or _GOVERNMENT.fullmatch(head, at + 1, end)
            return 0 if where else at + 1
        at += len(word)
    return 0


def _only_place(text: str) -> bool:
    """Nothing but a place (甲县, 甲县在): the actor of a question, not the item it asks about."""
    text = text.rstrip("在于")
    return not text or any(s == 0 and e == len(text) for s, e, _ in find_places(text))


def specific(name: str) -> bool:
    """A name, not a category: something is left when places and generic words are taken out
    (华翔研发中心项目 is specific; 重点产业项目, 一批优质项目 and 江宁区项目 are not)."""
    rest = _GENERIC_WORD.sub("", without_places(name))
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
    bare = subject[places[0][1] :].lstrip("的") if places and places[0][0] == 0 else subject
    out = [subject, bare] if len(bare) >= 2 else [subject]
    owner, _, thing = bare.partition("的")
    words = tagged(owner) if thing else []
    if len(words) >= 2 and words[-1][1] == "v" and len(thing) >= 2:
        out.append(words[-1][0] + thing)  # 甲公司带动的乙项目 is written 带动乙项目 after naming 甲公司
    for name in list(out):
        for suffix in ("项目", *ORG_SUFFIX):
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                out.append(name[: -len(suffix)])
    return [normalize_text(v) for v in dict.fromkeys(out)]


# A whole clause of signing before a comma, then what the firm builds (甲集团与乙区签订投资协议，
# 投资…建设丙项目); not a visit (甲集团一行考察乙园区，投资…建设的丙项目…由丁公司投资).
_NOT_END = "[^，,；;。、]"
_SIGNED_THEN_BUILT = (
    rf"{_NOT_END}{{0,20}}?(?:签订|签署|签约){_NOT_END}{{0,8}}?[，,]投资{_NOT_END}{{1,10}}?建设{_NOT_END}{{0,6}}?"
)


def _patterns(subject: str) -> list[re.Pattern[str]]:
    """The variants as patterns; ``X的Y`` also matches X and Y a few characters apart
    (鑫晟新能源的电池项目 ~ 鑫晟新能源年产20GWh电池项目), within one clause or the next when
    that one says what the firm signs or builds (宝庆耐材科技有限公司，签约的是新型镁碳耐火材料项目;
    澜美电器有限公司投资12亿元，在毕节高新区建设厨房电器产业园)."""
    out = []
    for v in subject_variants(subject):
        owner, _, thing = v.partition("的")
        if thing and len(owner) >= 2 and len(thing) >= 2:
            link = r"[，,](?:在[^，,；;。、]{1,10}?)?(?:签约的是|签的是|签约|投资建设|建设)"
            gap = rf"(?:{_NOT_END}{{0,12}}?(?:{link}{_NOT_END}{{0,6}}?)?|{_SIGNED_THEN_BUILT})"
            out.append(re.compile(rf"{re.escape(owner)}{gap}{re.escape(thing)}"))
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


def _nearest(text: str, word: str, here: int) -> int:
    found = [x.start() for x in re.finditer(re.escape(word), text)]
    after = [x for x in found if x >= here]
    return min(after) if after else max(found, default=-1)


def _spans(subject: str, norm: str) -> list[tuple[int, int]]:
    """Where the text names the subject: a variant written out, or every one of its words in one
    stretch of a clause (英山美利信智能制造产业园 ~ 美利信英山智能制造产业园项目). Every word must be
    there: 电容器 never stands in for 电感器."""
    spans = [(m.start(), m.end()) for p in _patterns(subject) for m in p.finditer(norm)]
    words = _tokens(subject)
    if spans or len(words) < 2:
        return spans
    reach = len(subject) + 24  # a full legal name may stand between a brand and its product
    for m in re.finditer(re.escape(words[0]), norm):
        lo, hi = max(0, m.start() - reach), m.end() + reach
        stretch, here = norm[lo:hi], m.start() - lo
        # each word where it stands nearest after this occurrence of the first (a name is
        # written in its order; a 光伏 in the title before it is another mention), else before
        at = [_nearest(stretch, w, here) for w in words]
        if min(at) >= 0:
            start, end = lo + min(at), lo + max(a + len(w) for a, w in zip(at, words, strict=True))
            if not re.search(r"[，,；;。、\n]", norm[start:end]):  # one clause, one item of a list
                spans.append((start, end))
    return spans


def mentions(subject: str, text: str) -> bool:
    return bool(_spans(subject, normalize_text(text)))


_FIRM_BACK = re.compile(r"(?:公司|企业|其)$")


def _item_named(subject: str, text: str) -> bool:
    """Whether ``text`` names the item of ``subject`` (丙项目 of 甲的丙项目, or the whole)."""
    item = subject.rpartition("的")[2]
    return bool(_spans(item, text))


# A sentence that refers back to the subject named before it: 该项目总投资3.5亿美元.
_PROJECT_END = alternation(PROJECT_SUFFIX)
_REFERRED = alternation((*PROJECT_SUFFIX, *ORG_SUFFIX, "电站", "企业"))
_BACK_REFERENCE = re.compile(
    rf"^(?:据了解|据介绍|目前|此外|同时|另外|其中)?[，,]?[“\"]?(?:(?:该|此|这个|这一)[\u4e00-\u9fff]{{0,4}}?(?:{_REFERRED})|其(?![中他余实次])|项目|公司|企业)"
)


# 除X项目外 / 除X以外: what follows is about the others.
_EXCEPT_END = re.compile(r"[^，,。；;]{0,4}?(?:之外|以外|外)")


def _in_sentence(
    text: str, subject: str, value_at: int, stops: re.Pattern[str]
) -> tuple[str, int, int, list[tuple[int, int]]]:
    """``text``'s matching copy, the value's offset in it, where the value's sentence starts (after
    the last of ``stops`` before it) and every mention of ``subject`` in the copy."""
    copy = normalize(text)
    norm, at = copy.text, copy.to_copy(value_at)
    lo = max((m.end() for m in stops.finditer(norm, 0, at)), default=0)
    return norm, at, lo, _spans(subject, norm)


_VALUE_OF_NEXT = re.compile(r"[^，,；;。、]{0,30}的")
# After a subject found without its name's end (…高端铝型材), 及铝棒项目 ends that one name.
_NAME_GOES_ON = re.compile(
    rf"[及和与][^，,；;。、及和与]{{1,12}}?(?:{alternation(PROJECT_SUFFIX)})(?![及和与、])"
)
_ENDS_NAMED = re.compile(rf"(?:{alternation(PROJECT_SUFFIX)})$")


def binding(text: str, subject: str, value_at: int, *, named_before: bool = False) -> Binding:
    """How the value at ``value_at`` relates to ``subject`` in ``text`` (one sentence or two).

    *bound*: the subject is named before the value in its sentence with nothing that makes the
    value a group's between them, or just after it (投资50亿元的S项目), or (``named_before``:
    the paragraph named it) the sentence opens by referring back to it (该项目总投资…).
    *group*: a count of items (等12个项目) or the rest of a list stands between them.
    *absent*: not named there.
    """
    norm, value_at, lo, spans = _in_sentence(text, subject, value_at, _SENTENCE_END)
    before = [sp for sp in spans if lo <= sp[0] < value_at]
    if not before:
        after = [
            sp[0] for sp in spans if sp[0] > value_at and not _SENTENCE_END.search(norm, value_at, sp[0])
        ]
        # 投资50亿元的S项目: the value, then at most a few words and 的, then the subject (not
        # 12亿元的甲项目签约落户，…投资约3.2亿元的S: the clause between is 甲's)
        if after and _VALUE_OF_NEXT.fullmatch(norm, value_at, after[0]):
            return "bound"
        lead = norm[lo:value_at]
        back = _BACK_REFERENCE.match(lead)
        if (
            (spans or named_before)
            and back is not None
            and not another_item_before(subject, norm[:lo])
            # 公司全资子公司…签订了乙项目投资协议: 公司 points back to a firm, not to 甲的丙项目,
            # unless the sentence names 丙 itself (公司在X投资建设的丙项目计划总投资…)
            and not (
                _FIRM_BACK.search(back.group())
                and names_project(subject)
                and not _item_named(subject, lead)
            )
        ):
            return "group" if _GROUP_COUNT.search(lead) else "bound"
        return "absent"
    start, end = max(before)
    between = norm[end:value_at]
    if norm[start - 1 : start] == "除" and _EXCEPT_END.match(between):
        return "absent"  # 除紫晟铜箔项目外，同步开工的还有：总投资12.8亿元的…: everything but it
    listed = (start > 0 and norm[start - 1] == "、") or (
        _LIST_AFTER.match(between)
        and not _PARTNER.match(between)
        # 铝型材及铝棒项目总投资: the rest of the subject's own name, not a second item
        and not (_NAME_GOES_ON.match(between) and not _ENDS_NAMED.search(norm, start, end))
    )
    if "分别" in between:
        return "bound"
    if listed or _GROUP_COUNT.search(between) or _LIST_CLOSED.search(between):
        return "group"
    return "bound"


NAMED_ITEM = re.compile(rf"[^\s，,。；;、的“”\"：:]{{2,30}}?(?:{alternation(PROJECT_SUFFIX)})")


def another_item_before(subject: str, before: str) -> bool:
    """The sentence just before names another project and not the subject: 项目占地…, 该项目总投资…
    there speak of that project (甲项目日前投产。项目投资4亿元 is 甲's amount, never 乙's)."""
    sentences = [x for x in re.split(r"(?<=[。！？!?])", before) if x.strip()]
    if not sentences or mentions(subject, sentences[-1]):
        return False
    return any(specific(m.group(0)) for m in NAMED_ITEM.finditer(normalize_text(sentences[-1])))


_CLAUSE_END = re.compile("[，,；;。！？!?]")
_SEMICOLON = re.compile("[；;]")


def item_in_part_before(text: str, subject: str, value_at: int) -> bool:
    """The value's part of its sentence (between semicolons) names another project and not the
    subject, which a later part names (甲项目…计划今年三季度开工建设；乙区与X公司签订丙项目合作
    协议: 今年 is 甲's, never 丙's)."""
    norm, at, lo, spans = _in_sentence(text, subject, value_at, _FULL_STOP)
    start = max((m.end() for m in _SEMICOLON.finditer(norm, lo, at)), default=lo)
    end = _SEMICOLON.search(norm, at)
    stop = _FULL_STOP.search(norm, at)
    if end is None or (stop is not None and stop.start() < end.start()):
        return False  # the value's part is the sentence's last: the subject is named in no later one
    if any(start <= a < end.start() for a, _ in spans) or not any(a > end.start() for a, _ in spans):
        return False
    return any(specific(m.group(0)) for m in NAMED_ITEM.finditer(norm[start : end.start()]))


def item_between(text: str, subject: str, value_at: int, *, after: bool = False) -> bool:
    """Another project is named between the project asked about, last named before ``value_at``
    in its sentence, and the value, past a semicolon (甲项目于3月开工；乙项目于5月建成投产 — 5月 is
    乙's, not 甲's), or (``after``: for a date) after the value in its clause past one
    (甲项目已开工；去年签约的乙项目已投产 — 去年 is 乙's; an amount's clause goes on with what it
    builds: 投资5亿元建设乙生产线)."""
    if not names_project(subject):
        return False  # 甲公司在乙地投资的丙项目总投资…: a firm's own project stands between
    norm, at, lo, spans = _in_sentence(text, subject, value_at, _FULL_STOP)  # 。, not ；
    before = [sp for sp in spans if lo <= sp[0] < at]
    if not before:
        return False
    subject_end = max(before)[1]
    # only across a semicolon, which parts the statements of a list of projects (是继…乙项目之后,
    # 与乙项目毗邻, 包括乙项目和丙项目 still speak of the subject)
    semicolon = max((m.end() for m in _SEMICOLON.finditer(norm, subject_end, at)), default=-1)
    if semicolon < 0:
        return False
    between = norm[semicolon:at]
    # its clause after it (…；去年签约的乙项目已建成投产): the value is 乙's
    end = _CLAUSE_END.search(norm, at)
    rest = norm[at : end.start() if end else len(norm)] if after else ""
    return any(
        specific(m.group(0)) and not mentions(subject, m.group(0))
        for m in (*NAMED_ITEM.finditer(between), *NAMED_ITEM.finditer(rest))
    )


_LEAD_IN = r"^(?:据了解|据介绍|目前|此外|同时|另外|其中)?[，,]?[“\"]?"
_FIRM_REFERENCE = re.compile(rf"{_LEAD_IN}(?:(?:该|此|这个|这一)[\u4e00-\u9fff]{{0,4}}?)?(?:公司|企业|集团)")


def _refers_back(subject: str, lead: str) -> bool:
    """Does the sentence open by referring back to the subject? 该公司 refers to a firm, never to
    a project the question names (该公司注册在甲地 says where the firm is, not its project)."""
    if not _BACK_REFERENCE.match(lead):
        return False
    return not (names_project(subject) and _FIRM_REFERENCE.match(lead))


def same_sentence(text: str, subject: str, value_at: int, *, named_before: bool = True) -> bool:
    """Is the subject named in the sentence that holds the value (who/where/when answers), or
    (``named_before``: the paragraph named it last) does the sentence refer back to it?"""
    # 甲公司营业收入5亿元；净利润1亿元: the clauses after a semicolon go on about the same subject
    lo = max((m.end() for m in _FULL_STOP.finditer(text, 0, value_at)), default=0)
    nxt = _SENTENCE_END.search(text, value_at)
    sentence = text[lo : nxt.end() if nxt else len(text)]
    return mentions(subject, sentence) or (named_before and _refers_back(subject, normalize_text(sentence)))
