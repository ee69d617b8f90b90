"""What makes a span a name of one project or one organisation: the name validator, and
``same_project``, when two names are one project.

Shared by the rules backend (which marks such mentions generic) and the verifier
(which drops them from any backend's drafts). Each check is a named rule that
returns its name when the span is *not* a name, so a dropped record can say why:

- ``category``: only category words are left once suffixes, places and times go
  (重大项目, 生物医药产业项目, 合同项目), or a class marker sits inside it
  (招商引资十佳项目, 重点产业项目, 产业供地类项目);
- ``verb_phrase``: it starts with a verb of policy (提升项目落地效率, 推动项目建设);
- ``modifier``: 项目 modifies the noun after it (项目落地效率, 项目审批时限);
- ``holds_amount``: an amount inside it (总投资30亿元的配套项目) describes it, it names nothing;
- ``starts_with_link``: a span that starts with a conjunction (暨固投项目, 及配套项目);
- ``person``: a person's title or 宣布 inside it (县委书记某某宣布项目开工);
- ``time_fragment``: a span that starts with a date, an ordinal or an anniversary
  (年普陀区第四次重点项目, 月份重点项目, 四周年…);
- ``counted``: a count right before it makes it a class (15个涉…养老项目);
- ``batch``: a batch word right before it (首批基金合作项目, 一批重大项目);
- ``event_title``: it names a ceremony of many projects or a meeting about them
  (…项目集中开工仪式, …试点项目推进暨签约对接会);
- ``fund``: a fund (…基金): its registration is no deal, as with the money rules;
- ``shared_total`` / ``not_investment`` (``amount_problem``): a list's total or money of
  another kind (revenue, output, credit) is no deal's amount;
- ``not_an_organisation``: an investor that is an industry, a place word or a verb
  phrase (当地智慧家居, 开发风电, 生物医药等新兴产业领的).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .amounts import SPOKEN_YI, find_money
from .lexicon import (
    BRAND_NAME_END,
    CLASS_MARKERS,
    CN_NUMERAL,
    COUNT_NUMBER,
    FIRM_NAME_END,
    GENERIC_NAME_WORDS,
    INDUSTRY,
    INSTITUTION_SUFFIX,
    INVESTMENT,
    LEGAL_ORG_END,
    NOT_DEAL,
    NOT_INVESTOR,
    NOT_NAME_START,
    NOT_ORG_START,
    OFFICIAL_TITLES,
    ORG_SUFFIX,
    PARK_END,
    PROJECT_SUFFIX,
    STAGE_CUES,
    WORKS_SUFFIX,
    alternation,
)
from .places import find_places, without_places
from .segment import words
from .traditional import simplified

_PROJECT_END = re.compile(f"(?:{alternation(PROJECT_SUFFIX)})$")
_ORG_END = re.compile(f"(?:{alternation(ORG_SUFFIX)})$")
# Single characters (大, 新) are left to the length test: stripped, they would eat names (科大智能).
_GENERIC = re.compile(
    alternation([w for w in (*GENERIC_NAME_WORDS, *(k for k, _ in INDUSTRY)) if len(w) > 1])
)
NUMERAL = CN_NUMERAL
_ORDINAL = rf"第?[{NUMERAL}\d]+"
_TIME = re.compile(
    rf"\d*年度?|[{NUMERAL}]季度|[上下]半年|{_ORDINAL}(?:批|次|届|周年)|\d+月份?|今年|去年|明年|首批|本批"
)
_CLASS = re.compile(alternation(CLASS_MARKERS))
_CLASS_END = re.compile(r"类(?:项目|企业)$")
_PARK_END = re.compile(rf"(?:{alternation(PARK_END)})$")
_LINK_START = re.compile("[暨及和与并或等]")
_TIME_START = re.compile(
    rf"(?:\d+年|年(?![产处加出屠销])|月份?|日(?![本韩照光用化])|\d+[月日]|[上下]半年|[{NUMERAL}\d]+季度|{_ORDINAL}(?:次|批|届|周年))"
)
# 一家国内头部投资机构, 6家银行: a count of organisations, not the name of one.
_COUNTED_START = re.compile(rf"(?:{COUNT_NUMBER})(?:余|多)?[个家批所]")
# (not 4个亿的…项目: spoken Chinese counts 亿 with 个, and that is money)
_NOT_MONEY = f"(?!{SPOKEN_YI})"
_COUNTED_BEFORE = re.compile(
    rf"(?:{COUNT_NUMBER})(?:余|多)?[个项家批条座栋]{_NOT_MONEY}[^,，;；。、:：]{{0,3}}$"
)
# 引进农牧业产业化项目九个: a count right after the noun makes it a kind of projects.
# (not 幼教乐园5个项目运营商: there the count is of the list, by another noun)
_COUNTED_AFTER = re.compile(
    rf"(?:共|共计|合计|累计|达|有)?(?![1一][个项])(?:{COUNT_NUMBER})(?:余|多)?[个项]{_NOT_MONEY}(?![\u4e00-\u9fff])"
)
# 安吉县上个月一个项目: a count of projects ends the span, no name does.
_COUNTED_END = re.compile(rf"(?:{COUNT_NUMBER})(?:余|多)?个[^,，;；。]{{0,4}}项目$")
_BATCH_BEFORE = re.compile(rf"(?:首批|一批|本批|这批|该批|{_ORDINAL}批|批次|系列)$")
_EVENT_WORD = alternation([w for s in ("signed", "landed", "started", "operating") for w in STAGE_CUES[s]])
_STAGES_AFTER = re.compile(f"(?:{_EVENT_WORD})[、和及与](?:{_EVENT_WORD})")
_MANY_AFTER = re.compile(
    "集中(?:签约|开工|竣工|投产|开业|揭牌)|(?:签约|开工|竣工|投产|揭牌)(?:暨|及)"
    "|(?:推进|签约|对接|推介|洽谈|观摩|调度|暨)*(?:推进会|对接会|推介会|洽谈会|观摩会|调度会|座谈会)"
)
_NOT_ORG_START = re.compile(alternation(NOT_ORG_START))
# 县委书记温建平宣布项目: a person's title inside a "name" makes it a sentence about someone.
_PERSON_TITLE = re.compile(alternation([*OFFICIAL_TITLES, "董事长", "总经理", "宣布"]))
_VERB_START = re.compile("提升|推动|推进|加快|加速|促进|保障|服务|优化|强化|抓好|做好|围绕|聚焦|助力|明确")
# 会议原则同意项目…: the meeting that decides about a project, swept into its "name".
_MEETING_START = re.compile("(?:常务)?会议(?:原则|同意|审议|研究|决定|听取|要求|强调)")
# 十大项目, 三大产业项目: a ranked group of projects, not one.
_GROUP_START = re.compile(rf"(?:{COUNT_NUMBER})大")
# 第二个项目, 第2个外资项目: which one in a series, not a name.
_ORDINAL_COUNT = re.compile(rf"第(?:\d+|[{NUMERAL}]+)[个项家]")
# …，是全区今年签约的单体投资最大的农产品加工项目: the record it holds, said of the project named
# (…签约的单体投资最大的X项目: the biggest of those signed; not 签约了全省最大的X项目, which names it)
_BIGGEST_BEFORE = re.compile("的[^,，;；。]{0,8}?(?:最大|最高|最多)的$")
_BASE_AFTER = re.compile("的?基础上")
_POLICY_CLASS = re.compile("对(?:新|新近|今后)?(?:引进|落户|签约|投资|入驻)的$")
_HINDERS = re.compile("制约|阻碍|困扰|拖累|掣肘")
# …，是今年全县签约的首个磷渣资源化利用项目: what the project just named is, not another one.
# (the copula opening its clause: 在石溪县签约的是全省首个…项目 names the project it signed)
_DESCRIBED = re.compile(
    rf"[，,]是[^,，;；。]{{0,9}}?(?:首个|首家|第(?:\d+|[{NUMERAL}]+)个|又一个|又一|唯一的?)$"
)
# 一期工厂, 二期项目: a phase of a project named elsewhere, with no name of its own.
_FIRM_NOUN = re.compile("企业|公司|集团")
_POINTS_BACK = re.compile("[该此其本]$")
_PHASE_ONLY = re.compile(rf"(?:\d+|[{NUMERAL}首])期(?:项目|工程|工厂|厂房|基地|园区)")
_CLAUSE_END = re.compile(r"(?:^|[,，;；。:：\s]|本次|本|该|此|其|[该本此其](?:企业|公司|集团))$")
_MODIFIER_AFTER = re.compile(
    "(?:落地|建设|审批|开工)?(?:效率|速度|时限|审批|服务|环境|质量|进度|手续|要素|保障|管理|专班|清单|库)"
)
_CLAUSE_START = re.compile("[,，;；。!！?？]")
# (一家饲草贸易企业: one firm, not a count of them)
_SHARED = re.compile(
    rf"(?<![\d{CN_NUMERAL}])(?!一[个项家])(?:{COUNT_NUMBER})(?:余|多)?[个项家]{_NOT_MONEY}[^,，;；。]{{0,12}}(?:项目|企业)"
    "|合计|共计|总计|总共"
)
_EACH_OF_CLASS = re.compile("的?(?:[^,，;；。]{0,4})(?:项目|企业)")
_NOT_DEAL_WORD = re.compile(alternation(NOT_DEAL))
_INVESTMENT_WORD = re.compile(alternation(INVESTMENT))
_FIRM_NAME = re.compile(alternation(FIRM_NAME_END))
_BRAND_NAME = re.compile(alternation(BRAND_NAME_END))
_MATERIAL_QUALIFIER = ("基", "系", "型", "质", "级")
# A registered firm's full name opening a project's name, up to its last legal form:
# 一汽-大众汽车有限公司佛山分公司|新能源汽车…项目.
_LEGAL_FIRM = re.compile(rf"^[^，,。；;、：:\s]{{2,40}}(?:{alternation(LEGAL_ORG_END)})")


# The rest of a firm's or an institution's name after a place that opens it (广东|晟屐鞋业有限公司),
# with no word between that would make the place a site (落户平果市的X有限公司).
_NAME_GOES_ON = re.compile(
    r"(?:(?![的在于是与和及由为向对从被将把以同跟已]|引进|招引|引入|设立|成立|注册|携手|新建|投资|建设|签约|签订|落户|洽谈)"
    r"[\u4e00-\u9fffA-Za-z（）()·]){0,12}?"
    rf"(?:{alternation(ORG_SUFFIX + INSTITUTION_SUFFIX)})"
)


def opens_a_name(text: str, end: int) -> bool:
    """Whether the place ending at ``end`` opens a firm's or an institution's name: where the firm
    comes from, not where its project is (深圳市沃能储能科技有限公司, 陕西芃蘅生物科技有限公司)."""
    return _NAME_GOES_ON.match(text, end) is not None


def names_project(name: str) -> bool:
    """Whether ``name`` ends as a project's name does (…基地项目, …产业园), not as a firm's."""
    return _PROJECT_END.search(name) is not None


def same_project(a: str, b: str) -> bool:
    """Two names of one project: equal, or the shorter is the longer with words left out
    (平安大健康产业园 / 平安建设大健康产业园), long enough and close enough not to be a coincidence.

    The one project identity: the rules merge, the LLM window merge, the pipeline's merge
    and the cross-article grouping all ask it. Names are compared as given (callers pass
    them without whitespace, or as ``normalize_text`` gives them).
    """
    a, b = _bare(a), _bare(b)  # 汉江智行产业园 / 汉江智行产业园项目
    short, long_ = sorted((a, b), key=len)
    if short == long_:
        return True
    if len(short) < 6 or len(short) < 0.7 * len(long_) or short[0] != long_[0] or short[-2:] != long_[-2:]:
        return False
    chars = iter(long_)
    return all(c in chars for c in short)


def project_key(name: str) -> tuple[str, str]:
    """What two names ``same_project`` joins always share (the first character and the last two of
    the bare name): a key to look candidates up by instead of comparing every pair."""
    bare = _bare(name)
    return bare[:1], bare[-2:]


def same_firm(a: str, b: str) -> bool:
    """Whether the shorter of two names is the firm the longer one opens with, after any
    places (中创新航 / 中创新航科技股份有限公司, 天枢智能 / 北京天枢智能科技有限公司…项目)."""
    short, long_ = sorted((a, b), key=len)
    at = long_.find(short)
    if len(short) < 2 or at < 0:
        return False
    return without_places(long_[:at]) in ("", "中国")  # 宏冶集团 / 中国宏冶集团有限公司


def _bare(name: str) -> str:
    """A name without a trailing 项目 when another suffix stands before it."""
    return name[:-2] if name.endswith("项目") and len(name) > 6 else name


def is_generic(name: str) -> bool:
    """Whether ``name`` is a category, not a name: what is left without its suffix, places,
    times and category words is under two characters (宜宾市2023年一季度重大项目, 生物医药产业项目),
    or it holds a class marker (招商引资十佳项目)."""
    return category(name) is not None


def category(name: str) -> str | None:
    """``category`` when ``name`` names a kind of project or firm rather than one; else None."""
    suffix = _PROJECT_END.search(name)
    core = name[: suffix.start()] if suffix else name
    org = _ORG_END.search(core)
    core = core[: org.start()] if org else core
    if _CLASS.search(core) or _CLASS_END.search(name):
        return "category"
    placed = without_places(core)
    if placed != core and core.endswith(placed) and _PARK_END.search(placed):
        return None  # 邯山区数字经济产业园(项目): a district's one park, named by its trade
    core = _TIME.sub("", placed)
    core = re.sub(r"[\d\s·()（）]", "", _GENERIC.sub("", core))
    if len(core) < 2 or name.startswith(NOT_NAME_START):
        return "category"
    return None


def project_problem(text: str, start: int, end: int) -> str | None:
    """The name of the rule by which ``text[start:end]`` is not the name of one project, or None.

    ``text`` is the sentence (or article) around the name: the words right before and
    after it tell a batch or a ceremony from one project.
    """
    name, before = text[start:end], text[max(0, start - 12) : start]
    return next((rule for rule, says in _PROJECT_RULES if says(name, before, text[end:])), None)


# The project-name rules in the order they are tried, each ``(name, test of (name, before, after))``.
_PROJECT_RULES: tuple[tuple[str, Callable[[str, str, str], object]], ...] = (
    ("starts_with_link", lambda name, before, after: _LINK_START.match(name)),
    ("person", lambda name, before, after: _PERSON_TITLE.search(name)),
    ("time_fragment", lambda name, before, after: _TIME_START.match(name)),
    ("verb_phrase", lambda name, before, after: _VERB_START.match(name)),
    ("meeting", lambda name, before, after: _MEETING_START.match(name)),
    ("ordinal", lambda name, before, after: _ORDINAL_COUNT.match(name)),
    ("described", lambda name, before, after: _DESCRIBED.search(before) or _BIGGEST_BEFORE.search(before)),
    # 在一期项目基础上追加投资3亿元: the project built on, not the one invested in
    ("base", lambda name, before, after: _BASE_AFTER.match(after)),
    # 对新引进的精深加工项目按规定给予奖励: a policy's class of projects, no project
    ("policy_class", lambda name, before, after: _POLICY_CLASS.search(before) and _unnamed(name)),
    # 用地指标制约项目落地: a problem said of projects, no name
    ("hindered", lambda name, before, after: _HINDERS.search(name)),
    ("ranked_group", lambda name, before, after: _GROUP_START.match(name) and not _place_at_start(name)),
    # (after a break or a pointer only, 本次二期项目: 星海封测二期项目 is a phase of the name before
    # it, and that is the name)
    ("phase_only", lambda name, before, after: _PHASE_ONLY.fullmatch(name) and _CLAUSE_END.search(before)),
    ("category", lambda name, before, after: category(name)),
    # 该企业一期项目: the firm is named elsewhere; this points back at it
    ("back_reference", lambda name, before, after: _FIRM_NOUN.match(name) and _POINTS_BACK.search(before)),
    ("holds_amount", lambda name, before, after: find_money(name)),
    ("modifier", lambda name, before, after: _MODIFIER_AFTER.match(after)),
    # 15个涉…养老项目: the count before the name, or its classifier glued to the name
    (
        "counted",
        lambda name, before, after: _COUNTED_BEFORE.search(before + name[:1])
        or _COUNTED_END.search(name)
        or _COUNTED_AFTER.match(after),
    ),
    ("batch", lambda name, before, after: _BATCH_BEFORE.search(before)),
    ("event_title", lambda name, before, after: _MANY_AFTER.match(after)),
    # 全程跟踪服务项目签约、开工、投产: projects in general, through their stages
    ("stages_listed", lambda name, before, after: _STAGES_AFTER.match(after)),
)


def _unnamed(name: str) -> bool:
    """A kind of project, no one's (精深加工项目): no firm, brand or place opens it."""
    return firm_prefix(name) is None and not find_places(name) and len(name) <= 8 and not _ORG_IN.search(name)


_ORG_IN = re.compile("公司|集团|企业")


def _place_at_start(name: str) -> bool:
    """五大连池…: a place that happens to open with a count and 大."""
    return any(a == 0 for a, _, _ in find_places(name))


def firm_prefix(project: str) -> str | None:
    """The firm a project's name opens with (迈为科技泛半导体装备项目 → 迈为科技), or None.

    Only a short name (at most six characters) ending in a firm word, with a head of its own
    that is no place (上海生物… is no firm) and more of the project's name after it (长电科技项目);
    before a word that also names products (材料, 物流), the head must be a brand no
    dictionary knows (蓝途供应链, not 冷链物流). A registered firm's full name
    (晖致医药有限公司数字医疗业务项目 → 晖致医药有限公司) may be of any length.
    """
    legal = _LEGAL_FIRM.match(project)
    if legal:
        firm, rest = legal.group(), project[legal.end() :]
        if _PROJECT_END.fullmatch(rest) or refused_investor(firm):
            return None  # 某某有限公司项目: the firm, no project of its own; or no firm at all
        return firm
    for pattern, brand_only in ((_FIRM_NAME, False), (_BRAND_NAME, True)):
        m = pattern.search(project)
        if m is None or m.end() > 6 or len(project) - m.end() < 2:
            continue
        head = without_places(project[: m.start()])
        firm = project[: m.end()]
        if len(head) < 2 or investor_problem(firm) is not None or is_generic(firm):
            continue
        if brand_only and not _brand_before_product(project, m.start(), m.end()):
            continue
        if not _whole_word(project, m.start(), m.end()):
            continue  # 绿源生物质发电项目: 生物 is part of 生物质 (biomass), no firm word
        return firm
    return None


def _whole_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` starts and ends where the segmenter's words do."""
    bounds, pos = {0}, 0
    for word in words(text):
        pos += len(word)
        bounds.add(pos)
    return start in bounds and end in bounds


def _brand_before_product(project: str, start: int, end: int) -> bool:
    """蓝途 of 蓝途供应链冷链物流中心项目: a head no dictionary knows (no place, no word), and a
    product named after the firm word, not just a project's head (冷链物流中心项目)."""
    head, rest = project[:start], project[end:]
    if head.endswith(_MATERIAL_QUALIFIER) or head.startswith("超"):
        return False  # 铝基新材料, 碳基材料, 超硬材料: what the material is made of or like, no brand
    while (suffix := _PROJECT_END.search(rest)) is not None and suffix.start() < len(rest):
        rest = rest[: suffix.start()]
    known = find_places(head) or any(len(w) > 1 for w in words(head))
    return not known and len(rest) >= 2


# 公司还, 该公司, 本企业: a firm referred to, not named.
_REFERENCE_ONLY = re.compile(r"^(?:该|本|我|其|此)?(?:公司|企业|集团)(?:还|也|又|将|已|则|均|亦)?$")
# 公司全资子公司博辰智能（惠州）有限公司: the words before the subsidiary's own name.
_SUBSIDIARY_LEAD = re.compile(
    r"^(?:(?:该|本|我|其)?(?:公司|集团))?(?:的)?(?:旗下)?(?:全资|控股|下属)?(?:子公司|附属公司)(?=.{4,})"
)


# 台资企业X有限公司, 市属国有企业X集团, 会员企业X公司, 中国X集团所属X公司: what kind of firm it
# is, or whose, said before its name.
_KIND_LEAD = re.compile(
    r"^(?:[^，,、]{0,16}?(?:[区市省县州]属)?(?:国有|民营|台资|港资|澳资|外资|侨资|外商独资|中外合资|合资|会员)企业"
    r"|[^，,、]{2,12}?(?:集团|公司)所属)(?=.{4,})"
)


def without_subsidiary_lead(name: str) -> str:
    """``name`` without the words that say whose subsidiary it is (公司全资子公司X有限公司 → X有限公司)
    or what kind of firm it is (台资企业X有限公司 → X有限公司), in either script."""
    seen = simplified(name)  # one character for one: a cut in it is a cut in the name
    lead = _SUBSIDIARY_LEAD.match(seen)
    cut = lead.end() if lead else 0
    kind = _KIND_LEAD.match(seen[cut:])  # anchored at the start of what is left
    return name[cut + (kind.end() if kind else 0) :]


def investor_problem(name: str) -> str | None:
    """The name of the rule by which ``name`` is not an organisation, or None.

    A short firm name (法液空, 长电科技) is fine; an industry (生物医药), a place word or a
    verb phrase before one (当地智慧家居, 开发风电), or a phrase with 的/等 in it is not.
    A name in traditional characters is judged as its simplified form (星嵐電子集團).
    """
    name = simplified(name)
    if "的" in name or "等" in name or _NOT_ORG_START.match(name) or _LINK_START.match(name):
        return "not_an_organisation"
    if _REFERENCE_ONLY.match(name):
        return "reference"  # 公司还与…签订: which firm is said elsewhere
    if _COUNTED_START.match(name):
        return "counted"
    if name.endswith("化") and not name.endswith("文化"):
        return "not_an_organisation"  # 数字化, 新四化: a process, not a firm
    if name.endswith((*WORKS_SUFFIX, "项目")):
        return "not_an_organisation"  # 污水处理厂提标改造工程: works, not the firm doing them
    if name.endswith("基金"):
        return "fund"  # a fund registering or joining an alliance is no project's investor
    suffix = _ORG_END.search(name)
    if suffix and len(name) > 4 and _has_head(name[: suffix.start()]):
        return None  # a legal or group suffix after a real head (X有限公司, X集团)
    if suffix and len(name) > 4:
        return "not_an_organisation"  # 食品株式会社, 科技有限公司: a kind of firm, its name cut off
    core = without_places(_GENERIC.sub("", name))
    return "not_an_organisation" if len(core) < 2 else None


def _has_head(head: str) -> bool:
    """Whether a firm's head names it: a place and a trade (北京汽车, 上海电气), or something
    left without generic and industry words (华为技术 → 华为); a trade alone (食品, 新能源科技)
    is what a name's cut-off tail looks like."""
    places = find_places(head)
    core = without_places(head, places)
    if places and places[0][0] == 0:
        return len(core) >= 2
    return len(core) >= 2 and len(_GENERIC.sub("", core)) >= 1


def refused_investor(name: str) -> bool:
    """Whether the rules take ``name`` for no investor: no organisation (``investor_problem``),
    or one on the side that is never an investor here (管委会, 政府, banks)."""
    return investor_problem(name) is not None or any(w in name for w in NOT_INVESTOR)


def amount_problem(evidence: str, amount_text: str) -> str | None:
    """The name of the rule by which ``amount_text`` in ``evidence`` is no one deal's amount, or None.

    ``shared_total``: a count of projects or a sum word stands before it in its clause or
    the one before (``A、B等12个项目集中签约，总投资80亿元``, ``合计80亿元``): the list's
    total, not an item's.
    ``not_investment``: the nearest money word before it says revenue, output, trade or
    credit (``营业额有望增加到5亿元``), not what a project costs.
    """
    at = evidence.find(amount_text)
    if at < 0:
        return None
    clauses = _CLAUSE_START.split(evidence[:at])
    clause = clauses[-1]
    each = _EACH_OF_CLASS.match(evidence, at + len(amount_text))  # 9个10亿元以上项目: each one's size
    if not each and _SHARED.search("".join(clauses[-2:])):  # its clause, or the one it sums up
        return "shared_total"
    other = [m.end() for m in _NOT_DEAL_WORD.finditer(clause)]
    invest = [m.end() for m in _INVESTMENT_WORD.finditer(clause)]
    if other and (not invest or max(other) > max(invest)):
        return "not_investment"
    return None
