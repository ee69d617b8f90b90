"""What the words around a number say: deal or not, stage, counts, measure, dates.

Every function reads one ``Sentence`` (its matching copy ``s.text``) and
offsets into it. The deciding cue is the *nearest* one, in the same clause
when there is one: ``发放贷款95.9亿元`` is a loan even in a sentence about
investment, and ``总投资10亿元，年产值20亿元`` holds one investment and one
output figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ...schema import STAGE_PROGRESS, Measure, Stage
from ...text.amounts import SPOKEN_YI, MoneyMatch, parse_number
from ...text.lexicon import (
    AMOUNT_FIELDS,
    CLAIMS,
    COUNT_NUMBER,
    COURT,
    CREDIT,
    DONE_NOW,
    FOREIGN_CAPITAL,
    FUNDS_IN_PLACE,
    FUTURE_CLAUSE,
    FUTURE_NEAR,
    GENERIC,
    INDUSTRY,
    INTENT_DOCUMENTS,
    INVESTMENT,
    NOT_DEAL,
    REWARD,
    SET_APART,
    SPENT_SO_FAR,
    STAGE_FIELDS,
    STAGE_OF_WORD,
    SUPERSEDED,
    TOTAL,
    WORK_TARGET,
    alternation,
)
from .sentence import Sentence

# A card's field stating the project's amount (总投资：, 投资额：). 年度计划投资额：, 累计完成投资额：,
# 本期投资额： say what a year plans or a period spent, not what the project costs.
AMOUNT_FIELD = re.compile(
    rf"(?<!计划)(?<!完成)(?<!累计)(?<!年度)(?<!本期)(?:{alternation(AMOUNT_FIELDS)})[:：]"
)
# The same field right before a money (建设单位：X　总投资：约18亿元).
AMOUNT_FIELD_BEFORE = re.compile(AMOUNT_FIELD.pattern + "$")

Role = Literal["not_deal", "investment", "unknown"]

_POSITIVE = set(INVESTMENT) | set(TOTAL) | set(FUNDS_IN_PLACE) | set(FOREIGN_CAPITAL)
_CUES = re.compile(alternation(list(NOT_DEAL) + list(_POSITIVE) + list(GENERIC)))
_NOT_DEAL = re.compile(alternation(NOT_DEAL))
_CLAIM = re.compile(alternation(CLAIMS))
_COURT = re.compile(alternation(COURT))
_STAGE_OF = STAGE_OF_WORD
_STAGE = re.compile(alternation(list(_STAGE_OF)))
_INTENT_PAPER = re.compile(alternation(INTENT_DOCUMENTS))
_INTENT_PAPER_BEFORE = re.compile(f"(?:{alternation(INTENT_DOCUMENTS)})$")
# 计划开工, 计划于2024年6月底前动工, 预计2025年建成投产: a plan, whatever time stands between;
# 计划总投资10亿元的项目开工 is not (money between).
_FUTURE_GAP = 12
_FUTURE_NEAR = re.compile(f"(?:{alternation(FUTURE_NEAR)})(?:(?!投资|元)[^,，;；。]){{0,{_FUTURE_GAP}}}$")
_FUTURE_CLAUSE = re.compile(
    # 将近 is "nearly"; 现将…公示如下 is "hereby", the notice's formula, no plan
    alternation([w for w in FUTURE_CLAUSE if w not in {"将", "想"}])
    + "|(?<!现)将(?!近)|(?<![理思设梦构联回])想"
)
# Stage words that are part of another word here: 运营商, 建成后, 模拟 …
_STAGE_FALSE = re.compile(
    "运营商|运营成本|(?:建成|达产|投产|竣工|运营|落地|开工)后|模拟|虚拟|落地意愿|启动资金"
    "|引进人才|引进高层次|引进和培育"
    "|拟于|拟在|拟定"  # 拟于2024年开工: a schedule, not an intent to invest
    "|在建设|在建成"  # 在建设初期: 在 and 建设, not 在建
    "|(?:根据|按照|依据|按)协议|协议(?:约定|规定)"  # 根据协议，…拟投资: a paper referred to, no event
)
# 从接洽到签约只用了两个月 / 从落地到投产不到一年: how fast it went, no event of its own.
_FROM_TO = re.compile("从[^，,。；;]{1,10}?(?:到|至)[^，,。；;]{1,6}?(?:用时|用了|仅用|只用|历时|不到|仅|只)")
# 签订授信协议 / 与…签署银企合作协议 / 贷款合同: a bank lending; its 签订 and 协议 are no project's event.
_CREDIT_AGREEMENT = re.compile(
    rf"(?:签订|签署|签约|签下|达成)?[^,，;；。、]{{0,4}}?(?:{alternation(CREDIT)})[^,，;；。、]{{0,4}}?(?:协议|合同)"
    r"|联盟签约|联盟协议"  # an alliance of firms, universities and banks: no investment
)
# Words that add up or name a sum without saying what it is: 贷款金额合计18.6亿元 stays a loan.
_NEUTRAL = frozenset(TOTAL) | {"金额", "总额"}
_TOTAL = re.compile(alternation([w for w in TOTAL if w != "共"]) + "|共(?=[签引有计实落完吸新开\\d])")
_N = COUNT_NUMBER
# 项目39个 / 项目共12个 / 企业达40余家 / spoken: 项目是52个, 项目一共是18个 (项目是5个亿 is money)
_COUNT_AFTER = re.compile(
    rf"(?P<noun>项目|企业)(?:新开工|新签约|新落地|开工|签约|落地|投产|竣工)?"
    rf"(?:累计达到|累计达|累计|共有|共计|合计|总计|一共有|一共|总共有|总共|共|计|达到|达|有"
    # spoken: 项目是52个, 项目一共是18个, the count ending its clause (是三个方面的 counts no projects)
    rf"|(?:一共|总共|共)?是(?={_N}(?:余|多)?[个家项](?:[，,。；;、]|$)))?"
    rf"(?P<n>{_N})(?:余|多)?(?P<cls>[个家项])(?![亿万千百])"
)
_COUNT_BEFORE = re.compile(
    # (4个亿的…项目 is money: spoken Chinese counts 亿 with 个)
    rf"(?P<n>{_N})(?:余|多)?(?P<cls>[个家项份])(?!{SPOKEN_YI})(?P<mid>(?:(?!公司|集团|举行|仪式|银行|金融)[^,，;；。、]){{0,10}}?)"
    r"(?P<noun>项目|企业|协议)"
)
_COUNT_PROJECTS = re.compile(
    rf"(?P<n>\d+)(?:余|多)?项(?=[^,，;；。]{{0,4}}(?:{alternation(list(_STAGE_OF))}))"
)
# A list section's count in the bracket after its heading: （一）岳阳市（共32个，总投资2160亿元）.
_COUNT_SECTION = re.compile(
    rf"(?<=[(（])(?:共计|合计|共)(?P<n>{_N})(?P<cls>[个项])(?=[,，、;；](?:计划)?(?:总投资|投资总额))"
)
# A count of projects said done after a count planned (计划新开工项目43个，已开工35个): the event
# before the number, the noun left out.
_COUNT_DONE = re.compile(
    rf"(?<=[,，;；])(?:已经|已)(?:{alternation(list(_STAGE_OF))})(?P<n>{_N})(?:余|多)?(?P<cls>[个项])"
    r"(?![\u4e00-\u9fff])"
)
# A year's count said after another's, the noun left out (…签了31个项目，去年是43个、协议投资128亿元):
# the sum after it is that year's, not the earlier count's.
_COUNT_OF_YEAR = re.compile(
    rf"(?<=[,，;；])(?:去年|上年|前年|今年|\d{{4}}年)(?:同期|全年)?(?:是|为|有)(?P<n>{_N})(?P<cls>[个项])"
    r"(?![\u4e00-\u9fff])"
)
# A clause that is nothing but a time before its stage word: 2025年建成投产, 年底前全面投产.
_SCHEDULE = re.compile(
    r"(?:\d{4}年|明年|今年|后年|年内|年底|年末|年初|\d{1,2}月|[上下]半年|第?[一二三四]季度|底|末|前|初|内"
    r"|全面|正式|实现|并|力争|争取|确保)+"
)
_PLANNED_DATE = re.compile(
    f"(?:{alternation(FUTURE_NEAR)}|将|力争|有望|争取|确保)[于在到至]?(?:今年|明年|后年|年内)?$"
)
_BARE_COUNT = re.compile(rf"(?P<n>{_N})[个项](?![^,，;；。、]{{0,10}}(?:项目|企业))")
# 这12个项目: the count said before; 另外2个项目, 其余3个: some of a group, said apart from the rest
_BACK_REFERENCE = re.compile(f"(?:这|该|此|上述|前述|这些|{alternation(SET_APART)})$")
_SEGMENT = re.compile(r"[,，;；。、:：]")
# 给予最高1000万元奖励: what a sum right before these is, whatever came before it.
_REWARD_AFTER = re.compile(rf"(?:的)?(?:一次性)?(?:{alternation(REWARD)})")
# Before a stage word, these say it is done (已开工, 今天正式开工, 当天顺利投产).
_DONE = re.compile(alternation(DONE_NOW))
_DATE = re.compile(r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?![底末份中上下])")
_PART_DONE = re.compile("主体|基本|部分")
# Between a project and what is said of it, another project (…，B项目已开工); not the project
# itself again as a clause's subject (…，项目总投资25亿元，…于6月开工建设).
_OTHER_PROJECT = re.compile(r"(?<![，,；;。该此本])项目")
_SPAN = r"\d{1,2}[—–\-~至]\d{1,2}月"  # 1-5月
_SCOPE_TIME = re.compile(
    "|".join(
        [
            r"截[至止]到?(?:目前|(?:今年|去年|\d{4}年)?(?:\d{1,2}月(?:底|末)?|年底|年末))",
            r"(?:去年|近年|今年|年初|本年度)以来",
            rf"今年(?:上半年|下半年|以来|前\d+个?月|前[一二三四五六七八九十]+个?月|[一二三四]季度|前三季度|{_SPAN})?",
            r"上半年|下半年|第?[一二三四]季度|前三季度|全年",
            rf"\d{{4}}年(?:[—–\-~至]\d{{4}}年)?"
            rf"(?:\d+届[\u4e00-\u9fff]{{1,4}}会|[上下]半年|第?[一二三四]季度|前三季度|{_SPAN}|\d{{1,2}}月(?:份|底|末)?)?",
            _SPAN,
            "目前",
        ]
    )
)


@dataclass(frozen=True, slots=True)
class Count:
    start: int
    end: int
    n: int
    noun: str  # 项目 or 企业
    size_class: MoneyMatch | None  # 50亿元以上项目1个: each project's threshold, not a total


# A fund as the subject of paying out: 基金已累计出资, 基金共投放.
_FUND_SPENDS = re.compile("基金(?:已经|已|累计|共计|共|先后|目前)*(?:出资|投资|投放|认缴|募集|投向)")


# The key of a field line (投资额：, 总投资:) right before the clause of its value.
_FIELD_KEY = re.compile(r"[\u4e00-\u9fff]{2,6}[:：]$")


# A sum restated in another currency, in brackets after the one stated (（约合5.4亿元人民币）).
_CONVERTED = re.compile(r"[(（](?:约合|折合|合计约|合约|约折合|合)$")


# A sentence about the works that supply a project (为保障项目用电，…), by a utility: the utility's,
# not a deal (为满足用电需求，X新能源公司投资5亿元建设光伏项目 is one).
_UTILITY = re.compile("供电|电网|电力公司|供水|水务|燃气|热力")
_SUPPLY_WORKS = re.compile(
    r"为(?:保障|满足|配合|服务)[^，,。；;]{0,8}(?:用电|用水|用气|用能|供电|供水|供气|供热)"
)


# A figure changed into another right after it.
_SUPERSEDED = re.compile(alternation(SUPERSEDED))
# 前期报的是12个亿，后来调整了方案，现在是10.5亿: a figure said to be the earlier one, then a
# later one: the earlier is no longer what it is.
_EARLIER = re.compile("前期|原来|原先|原本|原计划|起初|最初|本来|之前|此前")
# …现在是10.5亿 / 后来改为8亿元 / 现更正为83.7亿元: a word of now, then the figure restated
# (现在追加投资3亿元 adds, and 目前已完成投资2亿元 reports progress: neither restates the figure).
_LATER = re.compile(
    r"(?:后来|现在|(?<![实发出表呈体])现(?=更正|改为|调整|变更)|目前|最终|调整后|核实后)[^，,。；;]{0,4}?"
    r"(?:是|为|改为|变为|调整为)\s*"
    r"[\d一二两三四五六七八九十][\d.．]*个?[十百千]?(?:亿|万元)"
)
# A speaker taking a figure back and saying another (——不好意思，我更正一下，是386.2亿元).
_TAKEN_BACK = re.compile(
    r"[^。；;]{0,12}?(?:更正|纠正|说错|口误|说反|不对)[^。；;]{0,16}?(?:是|为|应为|应该是)\s*"
    r"[\d一二两三四五六七八九十][\d.．]*个?[十百千]?(?:亿|万元)"
)
_AVERAGE = re.compile("平均|人均|户均|项均")
# 按平均每年1亿元的进度投资5亿元: an amount between the average and the money, which is no average
_AMOUNT_SAID = re.compile(r"\d[\d.．]*个?[十百千]?[亿万]")
# A clause that says no such thing exists (没有哪个项目…, 并无…).
_NONE_SUCH = re.compile("没有哪[个家项]|没有一[个家项]|并无|没有任何|从未|不存在")


_CORRECTION_AFTER = re.compile("应为|有误|更正为|实为")


def _quoted_phrase(t: str, start: int, end: int) -> bool:
    """Whether ``t[start:end]`` stands in a short phrase in quotation marks (a name or a claim
    cited: “总投资30亿元的石墨烯产业园项目”), or in a quote a correction follows (“…协议投资额5亿元”，
    协议投资额应为3.5亿元), not in a quoted speech, which reports."""
    opened, closed = t.rfind("“", 0, start), t.find("”", end)
    if opened < 0 or t.find("”", opened, start) >= 0 or closed < 0:
        return False
    return closed - opened <= 30 or _CORRECTION_AFTER.search(t, closed, closed + 14) is not None


def _revised_later(s: Sentence, m: MoneyMatch) -> bool:
    """The money is said to be the earlier figure (前期/原来…) and a later one follows it in the
    sentence after a word of now (后来/现在…); or the speaker takes it back right after it
    (368.2亿元——不好意思，我更正一下，是386.2亿元)."""
    t = s.text
    if _TAKEN_BACK.match(t, m.end):
        return True
    if not _EARLIER.search(t, s.clause_bounds(m.start)[0], m.start):
        return False
    return _LATER.search(t, m.end) is not None


_SPENT = re.compile(f"(?:{alternation(SPENT_SO_FAR)})[^，,。；;]{{0,2}}$")
_PLANNED_SUM = re.compile(r"(?:拟|计划|预计|协议|总)投资[^，,。；;]{0,4}[\d一二两三四五六七八九十]")


def money_role(s: Sentence, m: MoneyMatch) -> Role:
    """Whether the money is a project's investment, something else, or unclear."""
    t = s.text
    if _CONVERTED.search(t, max(0, m.start - 4), m.start):
        return "not_deal"  # 7000万欧元（约合5.4亿元人民币）: the same sum in another currency
    if _SUPPLY_WORKS.match(t) and _UTILITY.search(t, s.clause_bounds(m.start)[0], m.start):
        return "not_deal"  # 为保障项目用电，供电公司投资1.8亿元建设变电站: a utility's works for it
    if _quoted_phrase(t, m.start, m.end):
        return "not_deal"  # “总投资30亿元的石墨烯产业园项目”相关信息: a phrase quoted, not a report
    if _CLAIM.search(t) and _COURT.search(t):
        return "not_deal"  # 原告主张的投资额…本院不予采信: a sum claimed in court, not a fact
    if _SUPERSEDED.match(t, m.end) or _revised_later(s, m):
        return "not_deal"  # 计划总投资由3.8亿元调整为4.5亿元: the figure it no longer is
    if _NONE_SUCH.search(t, s.clause_bounds(m.start)[0], m.start):
        return "not_deal"  # 没有哪个单体项目投资500亿元: said of no project
    average = _AVERAGE.search(t, s.clause_bounds(m.start)[0], m.start)
    if average is not None and not _AMOUNT_SAID.search(t, average.end(), m.start):
        return "not_deal"  # 平均每个签约项目的协议投资额仅为5.5亿元: an average, no one's sum
    c_start, c_end = s.clause_bounds(m.start)
    key = _FIELD_KEY.search(t, 0, c_start) if c_start else None
    if key is not None and key.start() == s.clause_bounds(c_start - 1)[0]:
        c_start = key.start()  # 投资额：35亿元: a field's key says what its value is
    if _FUND_SPENDS.search(t, c_start, m.start):
        return "not_deal"  # 租赁基金已累计出资54.4亿元: what a fund paid out, not a project's investment
    before = s.clause_bounds(c_start - 1)[0] if c_start else 0
    if _SPENT.search(t, c_start, m.start) and _PLANNED_SUM.search(t, before, c_start):
        return "not_deal"  # 拟投资2.8亿元，已投资1.6亿元: spent so far, beside the sum planned
    cues = list(_CUES.finditer(t, c_start, m.start))
    if cues:
        deciding = [c for c in cues if c.group() not in _NEUTRAL]
        if deciding and deciding[-1].group() in NOT_DEAL:
            return "not_deal"  # 贷款金额合计18.6亿元, 授信总额达126亿元
        cue = cues[-1].group()
        if cue in NOT_DEAL or cue in GENERIC:
            return "not_deal"
        # 投资10亿元的产业基金: the noun the money describes still counts; so does the one it is
        # (按到位资金给予最高1000万元奖励)
        after = t[m.end : c_end]
        if after.startswith("的") and _NOT_DEAL.search(after[:14]):
            return "not_deal"
        if _REWARD_AFTER.match(after):
            return "not_deal"
        return "investment"
    # no cue before: the words after it, up to the next list item, say what it is (补助约2140万元 aside)
    seg = _SEGMENT.search(t, m.end, c_end)
    if _NOT_DEAL.search(t, m.end, seg.start() if seg else c_end):
        return "not_deal"
    return "unknown"


# 三个项目总投资21亿元，同一天开工: a clause of only when-words and a stage verb has no subject
# of its own; it says the event of the clause before it.
_BARE_EVENT = re.compile(
    r"(?:同一天|同日|同时|当天|当日|一起|一同|集中|陆续|相继|先后|均已|都已|均|都|已经|已|正式|全部)*"
    rf"(?P<w>{alternation(sorted(STAGE_OF_WORD, key=len, reverse=True))})(?:建设|了)?"
)


def next_clause_stage(s: Sentence, pos: int) -> Stage | None:
    """The stage said by the clause after the one around ``pos`` when that clause is nothing but
    when-words and a stage verb (``，同一天开工``), else None."""
    end = s.clause_bounds(pos)[1]
    if end >= len(s.text) or s.text[end] not in "，,":
        return None
    a, b = s.clause_bounds(end + 1)
    m = _BARE_EVENT.fullmatch(s.text, a, b)
    if m is None or _planned(s, m.start("w")):
        return None
    return STAGE_OF_WORD[m["w"]]


# A field that states an item's stage (状态：在建, 项目进展：已签约，待开工), right before the stage word.
_STATUS_FIELD = re.compile(rf"(?:{alternation(STAGE_FIELDS)})[：:]\s*(?:已经|已|正在|目前)?$")


def stage_near(
    s: Sentence, anchors: list[int], skip: list[tuple[int, int]], *, within: tuple[int, int] | None = None
) -> Stage | None:
    """The stage said nearest to ``anchors`` (in an anchor's clause first), or None.

    Cues inside ``skip`` (names such as 浪潮集团西部运营总部) and plans or wishes
    (计划开工, 将…落地, 希望…落地) do not count; ``within`` limits the search.
    """
    t = s.text
    lo, hi = within or (0, len(t))
    cues: list[tuple[int, Stage]] = []
    # credit agreements (签订授信协议) and durations (从签约到投产) state no event of a project
    masked = [c.span() for c in _CREDIT_AGREEMENT.finditer(t)] + [c.span() for c in _FROM_TO.finditer(t)]
    for m in _STAGE.finditer(t, lo, hi):
        if any(a <= m.start() < b for a, b in (*skip, *masked)):
            continue
        if any(
            f.start() <= m.start() < f.end()
            for f in _STAGE_FALSE.finditer(t, max(0, m.start() - 3), m.end() + 4)
        ):
            continue
        if _planned(s, m.start()):
            continue
        cues.append((m.start(), _STAGE_OF[m.group()]))
    if not cues:
        return None
    # 拟投资5000万元，已投资2300万元，状态：在建: a status field says how far the item is, over
    # any stage word the line's figures are said with
    status = [c for c in cues if _STATUS_FIELD.search(t, max(0, c[0] - 8), c[0])]
    if status:
        return _compound(t, cues, status[-1])
    # 去年签约的A项目已于3月开工: a stage word before 的 tells the project's past; what the
    # sentence goes on to say of it, before any other name, is how far it got
    past = [c for c in cues if _attributive(t, cues, c, anchors[0])]
    later = [c for c in cues if c not in past and _said_of_it_later(t, skip, anchors[0], c[0])]
    if past and later:
        cue = min(later, key=lambda c: c[0])
        return _signed_paper(s, _compound(t, cues, cue), cue[0])
    near = _nearest(s, cues, anchors)
    stage = _signed_paper(s, _compound(t, cues, near), near[0])
    if stage == "intent" and _signed_contract_before(s, near[0]):
        stage = "signed"
    # 2023年10月签约，总投资约22亿元，…主体工程于4月25日开工建设: what the sentence goes on to
    # say it did since (dated, or 已) is how far it got, when that is further
    done = [_compound(t, cues, c) for c in later]
    furthest = max(done, key=STAGE_PROGRESS.index, default=stage)
    return furthest if STAGE_PROGRESS.index(furthest) > STAGE_PROGRESS.index(stage) else stage


def _nearest(s: Sentence, cues: list[tuple[int, Stage]], anchors: list[int]) -> tuple[int, Stage]:
    """The cue in an anchor's clause nearest to it (the first anchor's first), else the nearest."""
    for anchor in anchors:
        a, b = s.clause_bounds(anchor)
        inside = [c for c in cues if a <= c[0] < b]
        if inside:
            return min(inside, key=lambda c: abs(c[0] - anchor))
    return min(cues, key=lambda c: abs(c[0] - anchors[0]))


def _attributive(t: str, cues: list[tuple[int, Stage]], cue: tuple[int, Stage], anchor: int) -> bool:
    """Whether the stage words at ``cue`` (with those written after them: 签约落地) modify a
    name that follows with 的, up to ``anchor``: ``去年签约的`` before the project."""
    if cue[0] >= anchor:
        return False
    end = _chain_end(t, cues, cue)
    return t.startswith("的", end) and not _SEGMENT.search(t, end, anchor)


def _said_of_it_later(t: str, names: list[tuple[int, int]], anchor: int, at: int) -> bool:
    """Whether the stage word at ``at`` is what the sentence goes on to say of the project at
    ``anchor``: after its name with no other project in between, as done (已…开工, 已正式投产),
    and not a modifier of other projects (已开工项目达到30个)."""
    own_end = next((end for start, end in names if start <= anchor < end), anchor)
    if at < own_end or _OTHER_PROJECT.search(t, own_end, at):
        return False
    if t.startswith(("项目", "的"), _chain_end_at(t, at)):
        return False
    c_start = max((m.end() for m in _SEGMENT.finditer(t, 0, at)), default=0)
    said = t[max(c_start, own_end) : at]
    # 已开工, 今天也正式开工, 当天顺利投产, 于6月开工建设, 2023年7月一期建成投产: done;
    # 将于明年正式投产 is not
    done = _DONE.search(said) or _DATE.search(said)
    if done is None or _FUTURE_NEAR.search(said) or _FUTURE_CLAUSE.search(said):
        return False
    # 主体工程已完工, 已基本完工: a part of it is finished, or nearly; the project is not running
    # yet (主体工程于4月25日开工建设 did start it)
    word = _STAGE.match(t, at)
    return not (word is not None and _STAGE_OF[word.group()] == "operating" and _PART_DONE.search(said))


def _chain_end_at(t: str, at: int) -> int:
    m = _STAGE.match(t, at)
    return m.end() if m else at


# 已与县政府签订投资协议，拟投资2.5亿元建设…: the contract is signed; 拟 tells what it provides for.
_SIGNED_CONTRACT = re.compile(
    r"已(?:与[^，,。；;]{1,30}?)?(?:签订|签署|签下)(?P<paper>[^，,。；;]{0,8}?(?:投资|项目|入园|入驻|落户))"
    r"(?:协议书?|合同)[，,]$"
)


def _signed_contract_before(s: Sentence, pos: int) -> bool:
    """Whether the clause before the one at ``pos`` says a project's contract is signed (not a
    framework or an intention: ``_INTENT_PAPER``) and the clause at ``pos`` opens with 拟."""
    c_start, _ = s.clause_bounds(pos)
    if c_start == 0 or pos != c_start or not s.text.startswith("拟", pos):
        return False
    done = _SIGNED_CONTRACT.search(s.text, s.clause_bounds(c_start - 1)[0], c_start)
    return done is not None and not _INTENT_PAPER.search(done.group())


def _signed_paper(s: Sentence, stage: Stage, pos: int) -> Stage:
    """``签署战略合作备忘录`` / ``签订框架协议``: what is signed is an intention, not a project's
    contract; any other signing stays signed."""
    if stage != "signed":
        return stage
    _, end = s.clause_bounds(pos)
    # (…战略合作框架协议签约仪式: the paper named right before its signing)
    before = _INTENT_PAPER_BEFORE.search(s.text, max(0, pos - 12), pos)
    return "intent" if _INTENT_PAPER.search(s.text, pos, end) or before else stage


def _compound(t: str, cues: list[tuple[int, Stage]], cue: tuple[int, Stage]) -> Stage:
    """``开工投产`` / ``签约落地`` / ``落地投产``: of stage words written together (or joined by
    并/及/和), the last says how far the project got."""
    return _last_of_chain(t, cues, cue)[1]


def _chain_end(t: str, cues: list[tuple[int, Stage]], cue: tuple[int, Stage]) -> int:
    """Where the stage words written together from ``cue`` end."""
    start, _ = _last_of_chain(t, cues, cue)
    m = _STAGE.match(t, start)
    return m.end() if m else start


def _last_of_chain(t: str, cues: list[tuple[int, Stage]], cue: tuple[int, Stage]) -> tuple[int, Stage]:
    m = _STAGE.match(t, cue[0])
    end = m.end() if m else cue[0]
    for start, stage in cues:
        if start == end or (start == end + 1 and t[end] in "并及和、"):
            return _last_of_chain(t, cues, (start, stage))
    return cue


_DONE_JUST_BEFORE = re.compile(r"已(?:于|经)?[^，,。；;将拟]{0,10}$")
_WORK_TARGET = re.compile(WORK_TARGET)


def _planned(s: Sentence, pos: int) -> bool:
    """Whether the stage word at ``pos`` is a plan: 计划于2024年开工, 将…落地, and the
    schedule going on after a comma (计划明年开工，2025年建成投产)."""
    t = s.text
    c_start, _ = s.clause_bounds(pos)
    if _DONE_JUST_BEFORE.search(t, max(c_start, pos - 12), pos):
        return False  # 拟于年内投产的…项目已于5月8日正式签约: said done, whatever was planned before
    if _WORK_TARGET.search(t, 0, pos):
        return True  # 推动A项目上半年开工、B项目年内投产: a work plan's deadlines
    near = max(c_start, pos - _FUTURE_GAP - 4)
    if _FUTURE_NEAR.search(t, near, pos) or _FUTURE_CLAUSE.search(t, c_start, pos):
        return True
    first = _STAGE.search(t, c_start)  # 2025年建成投产: both verbs are on the schedule
    if c_start == 0 or t[c_start - 1] not in ",，" or first is None:
        return False
    if not _SCHEDULE.fullmatch(t, c_start, first.start()):
        return False
    p_start, _ = s.clause_bounds(c_start - 1)
    return any(_planned(s, x.start()) for x in _STAGE.finditer(t, p_start, c_start - 1))


def find_counts(s: Sentence, moneys: list[MoneyMatch]) -> list[Count]:
    """Counts of projects or firms: 项目39个, 207项…项目, 20余家企业, 128项开工.

    A count whose own segment holds an amount (``50亿元以上重大产业项目1个``,
    ``9个10亿元以上项目``) is a size class and carries that amount.
    """
    t = s.text
    out: list[Count] = []
    for rx in (_COUNT_AFTER, _COUNT_BEFORE, _COUNT_PROJECTS, _COUNT_SECTION, _COUNT_DONE, _COUNT_OF_YEAR):
        for m in rx.finditer(t):
            if any(c.start <= m.start() < c.end for c in out):
                continue
            n = parse_number(m.group("n"))
            if n is None or _BACK_REFERENCE.search(t, max(0, m.start() - 3), m.start()):
                continue  # 这12个项目, 另外2个项目: said before, or a part set apart: no new total
            if t[m.start() - 1 : m.start()] in {"“", '"', "「"}:
                continue  # “三个一批”活动: a name in quotes, no count
            if t[m.start() - 1 : m.start()] == "第":
                continue  # 签约的第7个外资项目: an ordinal, no count
            seg_start = max((x.end() for x in _SEGMENT.finditer(t, 0, m.start())), default=0)
            lo, hi = (m.start("mid"), m.end("mid")) if "mid" in rx.groupindex else (seg_start, m.start())
            size = next((x for x in moneys if lo <= x.start < hi), None)
            if size is None and n < 2:
                continue  # 一个项目的落地: one project, not a count
            noun = m.groupdict().get("noun") or "项目"
            out.append(Count(m.start(), m.end(), n, noun, size))
    for money in moneys:
        # 其中50亿元以上15个: a size class counted with no noun after it
        bare = _BARE_COUNT.match(t, money.end)
        if bare and money.money.kind == "at_least" and not any(c.start <= bare.start() < c.end for c in out):
            n = parse_number(bare.group("n"))
            if n is not None:
                out.append(Count(bare.start(), bare.end(), n, "项目", money))
    return sorted(out, key=lambda c: c.start)


def has_total(s: Sentence, start: int, end: int) -> bool:
    """Whether a total word (累计, 合计, 共…) stands in ``text[start:end]``."""
    return _TOTAL.search(s.text, start, end) is not None


def measure_of(s: Sentence, m: MoneyMatch) -> Measure:
    a, _ = s.clause_bounds(m.start)
    before = s.text[a : m.end]
    if any(w in before for w in FUNDS_IN_PLACE):
        return "funds_in_place"
    if any(w in before for w in FOREIGN_CAPITAL):
        return "contracted_foreign_capital"
    if any(w in before for w in (*INVESTMENT, "合同额", "签约", "总额", "金额")):
        return "investment"
    return "other"


_INDUSTRY = [
    (re.compile("(?<![字能动])化工" if w == "化工" else re.escape(w)), label) for w, label in INDUSTRY
]


def industry_of(*texts: str) -> str | None:
    """The first industry keyword found, looking in ``texts`` in order (数字化工厂 is not 化工)."""
    for text in texts:
        for rx, label in _INDUSTRY:
            if rx.search(text):
                return label
    return None


def date_in(s: Sentence, start: int, end: int) -> tuple[int, int] | None:
    """A date (7月28日, 2021年3月) in ``text[start:end]`` that is not a cut-off (6月底)
    or a plan (计划于2025年6月, 将在10月)."""
    for m in _DATE.finditer(s.text, start, end):
        if s.text[max(0, m.start() - 2) : m.start()] in {"截至", "截止"}:
            continue
        if _PLANNED_DATE.search(s.text, max(0, m.start() - 6), m.start()):
            continue
        return m.span()
    return None


def scope_time(s: Sentence, end: int) -> tuple[int, int] | None:
    """The first time scope (今年上半年, 截至6月底, 2020年—2022年3届智博会) before ``end``."""
    m = _SCOPE_TIME.search(s.text, 0, end)
    return m.span() if m else None
