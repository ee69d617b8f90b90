"""Drafting for the rules backend: what one sentence mentions, and the draft records.

``Parsed`` holds a sentence's mentions (money, names, lists, counts, places),
computed once. ``Drafter`` turns a decision into a ``DealDraft`` or an
``AggregateDraft``: the evidence is the sentence as written, amounts are
quoted from it, the place is the one the sentence gives or else the context.
The rules that decide live in ``named`` and ``read``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from ...schema import AggregateDraft, DealDraft, Measure, Stage
from ...text.amounts import MoneyMatch, find_money
from ...text.lexicon import (
    COMPLETED_INVESTMENT,
    FOREIGN_PLACES,
    HEARSAY,
    INTENT_DOCUMENTS,
    MEDIA,
    NOT_YET,
    OFFICIAL_TITLES,
    STAGE_CUES,
    UNDONE,
    ZONE_SUFFIX,
    alternation,
)
from ...text.names import firm_prefix, opens_a_name, same_firm, without_subsidiary_lead
from ...text.places import find_places, parse_location
from .cues import (
    Count,
    date_in,
    find_counts,
    industry_of,
    money_role,
    next_clause_stage,
    scope_time,
    stage_near,
)
from .mentions import Enumeration, Mention, find_enumerations, find_orgs, find_projects
from .sentence import Sentence
from .signers import find_described, find_signers
from .tables import Row, table_row

_HEARSAY = re.compile(alternation(HEARSAY))
# A site abroad that the project's name follows (在墨西哥蒙特雷设立的海外工厂, 在海外建设的X项目);
# not a firm described by where it has invested (在德国设立研发中心的X公司投资…建设Y项目).
_ABROAD_SITE = re.compile(
    rf"在(?:{alternation(FOREIGN_PLACES)}|海外|境外)[^，,。；;的]{{0,8}}?"
    r"(?:设立|建设|新建|建立|建成|投资|收购|并购)的?$"
)
_HYPHENATED = re.compile(r"(?<=的)[\u4e00-\u9fffA-Za-z0-9]{1,4}[-－]$")
# A place written with its level: 喜德县, 南湖区, 冕宁稀土经济开发区 (not a bare 深圳 or 宁德).
_EXPLICIT = re.compile(f"(?:县|区|镇|乡|旗|{alternation(ZONE_SUFFIX)})$")
# A place written with any level, a city or province included (宁德市, 四川省).
_LEVELLED = re.compile(f"(?:省|市|县|区|镇|乡|旗|{alternation(ZONE_SUFFIX)})$")
# What states an intention to invest, where talks (洽谈) and plans (拟) do not.
# 尚未签约: there is no deal yet (尚未落地 or 尚未投产 says only how far a signed one got)
# 尚未签约, 未就该事项与任何一方进行洽谈或签署协议 (not 未来将签约)
_NOT_YET = re.compile(
    f"(?:{alternation(NOT_YET)})(?!来)(?:[^，,。；;：:]{{0,16}}?)(?:{alternation(STAGE_CUES['signed'])})"
)
# A clause saying the projects counted have not started, signed or opened (仍未开工).
_UNDONE = re.compile(UNDONE)
# Totals of other, unnamed places (在其他两地; not 外地客商, investors from elsewhere).
_ELSEWHERE = re.compile(r"其他[两三四五几\d]?地|其他城市|其他地区")
# A further paper still to come after an intention signed (具体项目投资协议, 正式协议).
_FURTHER = re.compile("具体|正式|项目投资协议|投资合同")
_SIGNED_ALREADY = re.compile(
    f"已(?:经)?(?:于[^,，;；。]{{0,12}})?(?:正式)?(?:{alternation(STAGE_CUES['signed'])})"
)
# 来自深圳市的X项目: where it comes from, not where it is
_ORIGIN = re.compile("(?:来自|源自|源于|从)$")
_COMPLETED = re.compile(alternation(COMPLETED_INVESTMENT))
_INTENT_SAID = re.compile(alternation(["意向", *INTENT_DOCUMENTS]))
# A place in a person's title (遵义市人大常委会副主任, 播州区委书记, 石嘴山市商务局局长) says who
# spoke, not where anything is.
_MEDIA_AFTER = re.compile(alternation(MEDIA))
_TITLE_AFTER = re.compile(
    "(?:委|人大常委会|人大|政协|人民政府|政府|党工委|管委会|[\u4e00-\u9fff]{1,4}局)?(?:党组)?副?"
    f"(?:{alternation([*OFFICIAL_TITLES, '常委', '旗长', '主席', '秘书长'])})"
)
# A place right before one of these is where a meeting was held, not where its projects are.
# 全市 / 全省 in a total's scope: the whole city or province, whatever smaller place is near.
_WHOLE_AREA = re.compile("全市|全省")
# The whole area as the subject of an event held at a county's venue (我市…集中开工活动在霍邱县主会场
# …举行): not 我市江川区 (a county of it) nor 我市副市长 (an official).
AREA_AT_VENUE = re.compile("(?:全市|我市|本市|全省|我省|本省)(?=.*[主分]会场)")
# 这次集中开工的项目一共有五十六个 after 我市…集中开工活动…举行: the event of the sentence before
_BACK_TO_EVENT = re.compile("(?:这次|此次|本次|这场|本场)")
_AREA_LEVEL = {"市": 2, "省": 1}
VENUE_AFTER = re.compile("(?:隆重)?(?:举办|举行|召开|开幕)")
# A place right after one of these is where the project is.
_SETTLED = re.compile("(?:落户|落地|位于|落子|扎根|入驻|进驻|选址|地点[:：])$")
_LOCATIVE = re.compile("(?:在|落户|落地|位于|于|入驻|落子|扎根|进驻|来到|地点[:：]|选址[:：])$")


@dataclass
class Parsed:
    """What one sentence mentions; computed once, read by every rule."""

    s: Sentence
    moneys: list[MoneyMatch]
    projects: list[Mention]
    orgs: list[Mention]
    enums: list[Enumeration]
    counts: list[Count]
    places: list[tuple[int, int, str]]
    signers: list[Mention] = field(default_factory=list)  # firms named only by signing (signers.py)
    described: list[Mention] = field(default_factory=list)  # firms described as firms (signers.py)
    row: Row | None = None  # the deal the sentence states as a flattened table row (tables.py)

    def names(self) -> list[tuple[int, int]]:
        """Spans of real names (not 新开工项目), where cue words are part of a name."""
        spans = [(m.start, m.end) for m in (*self.projects, *self.orgs) if not m.generic]
        return spans + [(i.start, i.end) for e in self.enums for i in e.items]


def parse_sentence(s: Sentence, aliases: dict[str, str]) -> Parsed:
    """Everything the rules read in one sentence; places inside firm names are not places."""
    moneys = find_money(s.text)
    found = find_places(s.text)
    orgs = find_orgs(s, aliases, places=[p for _, _, p in found])
    places = [
        p
        for p in _outside(found, orgs)
        if not _TITLE_AFTER.match(s.text, p[1]) and not _MEDIA_AFTER.match(s.text, p[1])
    ]
    signers = [m for m in find_signers(s, places) if not _overlaps(m, orgs)]
    described = [m for m in find_described(s) if not _overlaps(m, [*orgs, *signers])]
    orgs = sorted([*orgs, *signers, *described], key=lambda o: o.start)
    places = _outside(places, [*signers, *described])
    named_places = frozenset(text for _, _, text in places)
    projects = [_from_org(s, p, orgs) for p in find_projects(s, aliases, named_places)]
    counts = find_counts(s, moneys)
    enums = find_enumerations(s)
    if (said := _HEARSAY.search(s.text)) is not None:
        # 有自媒体称公司将投资50亿元: what others say, from the cue on, names no deal, no total and
        # no project a later sentence could mean (该项目)
        cut = said.start()
        moneys = [m for m in moneys if m.start < cut]
        counts = [c for c in counts if c.start < cut]
        projects = [x for x in projects if x.start < cut]
    return Parsed(s, moneys, projects, orgs, enums, counts, places, signers, described, table_row(s))


# Parks and zones: a project suffix, but also one side of a signing (浮梁产业园与…签约).
PARKS = ("产业园", "工业园", "园区", "开发区", "高新区", "经开区", "新区", "示范区", "集聚区", "片区")
# (a park) 与/同/和 a firm, then the signing: the park is one side of it
SIGNS_WITH = re.compile(r"(?:还|也|又)?(?:与|同|和|跟)[^，,。；;]{2,30}?(?:签约|签订|签署|签下)")
_TIME_LEAD = re.compile(r"(?:\d+年|\d+月|\d+日|今年|近日|日前|当天|同日|随后|此外|另外|[，,\s])*")


def _below_city(place: str) -> bool:
    """A county, district or zone (喜德县, 冕宁稀土经济开发区), or a county-level city (河津市)."""
    return _EXPLICIT.search(place) is not None or (
        place.endswith("市") and parse_location(place).district is not None
    )


def _opening_site(name: str) -> str | None:
    """The county, district or zone a project's name opens with (as ``_location`` reads it in
    the sentence that names it), for a sentence that only refers back to it."""
    first = next(iter(find_places(name)), None)
    if first is None or first[0] != 0 or not _below_city(first[2]) or len(name) - first[1] < 4:
        return None
    return name[first[0] : first[1]]


def is_venue(text: str, start: int, end: int) -> bool:
    """Whether the place at ``text[start:end]`` is where a meeting was held elsewhere (我市在杭州举办
    推介会), not the host that held it (南昌经开区举行签约仪式)."""
    if text.endswith("赴", 0, start):
        return True  # 平江县赴长沙开展招商活动，签约项目8个: where they went, not whose total it is
    return text.endswith("在", 0, start) and VENUE_AFTER.match(text, end) is not None


def _overlaps(m: Mention, orgs: list[Mention]) -> bool:
    return any(o.start < m.end and m.start < o.end for o in orgs)


def _outside(places: list[tuple[int, int, str]], orgs: list[Mention]) -> list[tuple[int, int, str]]:
    """Places not inside a firm's name (the 宁德 of 宁德时代)."""
    return [p for p in places if not any(o.start <= p[0] < o.end for o in orgs)]


def _from_org(s: Sentence, p: Mention, orgs: list[Mention]) -> Mention:
    """A project whose name starts inside a firm's (大众汽车有限公司|佛山分公司新能源…项目) starts
    with the firm: the walk back stopped at 有限公司, the branch after it is the firm's."""
    org = next((o for o in orgs if o.start < p.start < o.end and not o.generic), None)
    if org is None:
        return p
    start = org.start
    joined = _HYPHENATED.search(s.text, max(0, start - 5), start)
    start = joined.start() if joined else start  # 一汽-大众…: a joint venture's name
    return Mention(start, p.end, s.name(start, p.end), p.generic)


def _distinct_firms(names: list[str]) -> list[str]:
    """Each firm once, by its longest name (澳门嘉润海洋集团 over 嘉润海洋集团 said again)."""
    out: list[str] = []
    for name in sorted(dict.fromkeys(names), key=len, reverse=True):
        if not any(same_firm(name, kept) for kept in out):
            out.append(name)
    return sorted(out, key=names.index)


def _rule_name() -> str:
    """The named rule drafting a record: the rule method that called ``_deal`` / ``_aggregate``
    (``firms_sign_with``, ``enumeration`` …), kept on the record so a wrong row is traced in one step."""
    frame = sys._getframe(2)
    return frame.f_code.co_name.strip("_")


class Drafter:
    """The state of reading one sentence, and the records it yields.

    ``context`` is the place the paragraphs around it are about; ``inherited`` the
    stage of the sentence it details (``其中…``), for deals whose own sentence says none;
    ``referent`` the project the sentence before named, which ``该项目`` points back to;
    ``listed`` whether the sentence is (part of) an item of a list, whose lead-in gave ``inherited``;
    ``opens_item`` whether it begins an item (``1、A项目…``), not goes on with one;
    ``event`` the stage of the ceremony the article reports (集中签约, 开工仪式), for listed
    projects whose lead-in says none; ``fact_line`` whether the sentence is a fact line of an
    item card (``cards``), whose opening amount is ``referent``'s.
    """

    def __init__(
        self,
        p: Parsed,
        context: str | None,
        inherited: Stage | None = None,
        referent: str | None = None,
        *,
        listed: bool = False,
        opens_item: bool = False,
        event: Stage | None = None,
        fact_line: bool = False,
        widen: Callable[[str, int], str | None] | None = None,
        part_of: bool = False,
        province: str | None = None,
        area_before: str | None = None,
    ) -> None:
        self.p, self.s, self.context, self.inherited, self.referent = p, p.s, context, inherited, referent
        self.widen = widen
        self.part_of = part_of
        self.area_before = area_before  # 我市, 全省: the whole area the sentence before speaks of
        self.province = province  # where the article mostly is, if clearly one province
        self.listed, self.opens_item, self.event = listed, opens_item, event
        self.fact_line = fact_line
        self.deals: list[DealDraft] = []
        self.aggregates: list[AggregateDraft] = []
        self.used_money: set[int] = set()
        self.used_counts: set[int] = set()
        self.listed_counts: set[int] = set()  # 等5个项目: used by a list, still the count of its total
        self.used_names: list[tuple[int, int]] = []

    def _used(self, m: Mention) -> bool:
        return any(a < m.end and m.start < b for a, b in self.used_names)

    def _deal(
        self,
        project: str | None,
        investors: list[str],
        money: MoneyMatch | None,
        stage: Stage | None,
        at: Mention,
        *,
        industry_from: tuple[str, ...] | None = None,
    ) -> None:
        """One deal draft; its industry is read from ``industry_from`` (default: name, then clause)."""
        if project is None and not investors:
            return
        if stage == "intent" and (money is None or not investors) and not _INTENT_SAID.search(self.s.text):
            # 拟引进…正在洽谈: talks and plans; an intention is stated (意向, 备忘录, or the sum
            # a firm means to invest: 拟投资20亿元) or there is none; 拟由一家央企…投资建设 is
            # the host's plan for a firm it does not name
            return
        s = self.s
        a, b = s.clause_bounds(at.start)
        # 洽谈中，尚未签约: in the deal's clause, or anywhere in a sentence (a table's row) about
        # it alone that says nothing was signed already (…已签约，另有3个项目尚未签约)
        alone = len(self.p.projects) <= 1 and not _SIGNED_ALREADY.search(s.text)
        not_yet = _NOT_YET.search(s.text, *((0, len(s.text)) if alone else (a, b)))
        further = not_yet is not None and _FURTHER.search(s.text, not_yet.start(), not_yet.end() + 12)
        if not_yet and not (further and _INTENT_SAID.search(s.text)):
            return  # (签订战略合作框架协议…，尚未签订具体项目投资协议: the framework is the intent)
        if _ABROAD_SITE.search(s.text, a, at.start):
            return  # 在墨西哥蒙特雷设立的海外工厂: a firm's investment abroad is no deal of the region's
        investors = [without_subsidiary_lead(i) for i in investors]
        project = without_subsidiary_lead(project) if project else project  # 台资企业X公司…项目
        if project is not None and not investors:
            investors = [firm] if (firm := firm_prefix(project)) else []
        industry = industry_of(*(industry_from or (at.name, s.text[a:b])))
        date = date_in(s, a, b) or date_in(s, 0, len(s.text))
        self.deals.append(
            DealDraft(
                rule=_rule_name(),
                paragraph=s.paragraph,
                evidence=s.raw,
                project=project,
                investors=_distinct_firms(investors),
                location=self._location(at),
                industry=industry,
                amount_text=s.quote(money.start, money.end) if money else None,
                stage=stage or "other",
                date_text=s.quote(*date) if date else None,
            )
        )

    def _signing_park(self) -> str | None:
        """The park that opens the sentence as one side of its signing (浮梁产业园与…签约)."""
        t = self.s.text
        lead = _TIME_LEAD.match(t)
        start = lead.end() if lead else 0
        park = next((m for m in self.p.projects if m.start == start and m.name.endswith(PARKS)), None)
        return park.name if park is not None and SIGNS_WITH.match(t, park.end) else None

    def _location(self, at: Mention) -> str | None:
        """A place the sentence puts the project in, else the context, else one in its name."""
        names = self.p.names()
        outside = [p for p in self.p.places if not any(a <= p[0] < b for a, b in names)]
        outside = [p for p in outside if not opens_a_name(self.s.text, p[1])]  # 陕西芃蘅…有限公司
        # a bare name read as another province's county (太湖 of 太湖图影旅游度假区 in a story about
        # 浙江 is no 安徽 太湖县) places nothing
        outside = [p for p in outside if _LEVELLED.search(p[2]) or self._in_province(p[2])]
        t = self.s.text
        located = [p for p in outside if _LOCATIVE.search(t, max(0, p[0] - 3), p[0])]
        located = [p for p in located if not VENUE_AFTER.match(t, p[1])]
        # 在中卫签约…，项目落户山丹县城北工业园区: where it settles, over where it was signed
        located = [p for p in located if _SETTLED.search(t, max(0, p[0] - 3), p[0])] or located
        owned = next((p for p in outside if p[1] + 1 == at.start and t.startswith("的", p[1])), None)
        # 永城市的铝基…项目, 位于韶关市曲江区的…项目: the place before 的 is the site, unless it is an
        # origin (来自深圳市的) or a site is said after the name (…项目，落户瑞昌市)
        if (
            owned is not None
            and not _ORIGIN.search(t, max(0, owned[0] - 3), owned[0])
            and not any(p[0] > at.end for p in located)
        ):
            return self.s.name(owned[0], owned[1])
        if t[at.end : at.end + 1] in {"(", "（"}:
            # A项目（总投资25亿元，落户X）: the bracket after the name says where it is
            close = min((i for i in (t.find(")", at.end), t.find("）", at.end)) if i > 0), default=len(t))
            inside = [p for p in self.p.places if at.end < p[0] < close]
            located = [p for p in inside if _LOCATIVE.search(t, max(0, p[0] - 3), p[0])] or located
        if located:
            best = min(located, key=lambda p: abs(p[0] - at.start))
            return self.s.name(best[0], best[1])
        opening = [p for p in self.p.places if p[0] == at.start and _below_city(p[2])]
        if opening and at.end - opening[0][1] >= 4:
            # 喜德县…产业园项目 / 冕宁稀土经济开发区…项目 / 河津市…项目: a county, district or zone
            # opening the name is the site, more precise than the context (a firm's 深圳… is not: no suffix)
            return self.s.name(opening[0][0], opening[0][1])
        # a place written with its level states where; a bare 宁德 or 上海 may open a firm's
        # name (宁德时代与宜宾市签约)
        written = [p for p in outside if _LEVELLED.search(p[2])]
        if written or outside:
            best = (written or outside)[0]
            return self.s.name(best[0], best[1])
        if (host := self._signing_park()) is not None:
            return host  # 浮梁产业园与X有限公司签约Y项目；与Z公司签约W项目: the park hosts both
        if at.name not in t and (site := _opening_site(at.name)) is not None:
            return site  # 该项目…总投资60亿元 after 集宁区X数据中心项目: the county its name opens with
        if self.context:
            return self.context
        # the last place in the name is the site (宁德时代四川宜宾基地); a bare one opening the
        # name is the firm's (宁德时代动力电池项目), not where the project is
        inside = [
            p
            for p in self.p.places
            if at.start <= p[0] < at.end and (p[0] > at.start or _LEVELLED.search(p[2]))
        ]
        return self.s.name(inside[-1][0], inside[-1][1]) if inside else None

    def _in_province(self, place: str) -> bool:
        found = parse_location(place).province
        return self.province is None or found is None or found == self.province

    def _aggregate(
        self,
        count: Count | None,
        m: MoneyMatch | None,
        measure: Measure,
        stage: Stage | None = None,
        *,
        fallback: Stage | None = None,
        place: tuple[int, int] | None = None,
    ) -> None:
        """A total; its stage is ``stage``, else the one said in its count's or money's clause,
        else ``fallback`` (the event the total breaks down); its place ``place`` (a span of the
        sentence) when the caller paired them (甲、乙分别…), else the last one before it."""
        s = self.s
        anchors = ([count.start] if count else []) + ([m.start] if m else [])
        if any(_UNDONE.search(s.text, *s.clause_bounds(a)) for a in anchors):
            return  # 有9个项目签约一年以上仍未开工: counted for what they have not done
        if _ELSEWHERE.search(s.text, 0, min(anchors)):
            return  # 此前在其他两地举办的两站活动共促成签约项目9个: other places' totals
        for anchor in anchors:
            if stage is not None:
                break
            stage = stage_near(s, [anchor], self.p.names(), within=s.clause_bounds(anchor))
        if stage is None and count is not None:
            stage = next_clause_stage(s, count.start)  # 三个项目总投资21亿元，同一天开工
        stage = stage or fallback
        if stage == "intent" and m is None and not _INTENT_SAID.search(s.text):
            return  # 另有3个项目正在洽谈对接中: talks are no deals, so their count is no total
        end = min(anchors)
        time = scope_time(s, end)
        names = self.p.names()
        places = [p for p in self.p.places if p[0] < end and not any(a <= p[0] < b for a, b in names)]
        # 我市在杭州举办推介会，现场签约项目12个: where the meeting was held is not whose total it is
        places = [p for p in places if not is_venue(s.text, p[0], p[1])]
        if place is not None:
            places = [(*place, s.text[place[0] : place[1]])]
        where = s.name(places[-1][0], places[-1][1]) if places else self.context
        whole = _WHOLE_AREA.search(s.text, 0, end)
        area = whole.group() if whole else None
        if area is None and _BACK_TO_EVENT.match(s.text) and self.area_before:
            area = self.area_before  # 我市…集中开工活动在霍邱县主会场举行。这次集中开工的项目…
        if not places and where and area and self.widen is not None:
            # 全市新签约项目214个 after a sentence on a county's project: the city the county is in
            # (when the article names no such city, no place: the county's name would be wrong)
            where = self.widen(where, _AREA_LEVEL[area[-1]])
        scope = " ".join(x for x in (s.quote(*time) if time else None, where) if x) or None
        self.aggregates.append(
            AggregateDraft(
                rule=_rule_name(),
                paragraph=s.paragraph,
                evidence=s.raw,
                scope=scope,
                count=count.n if count else None,
                amount_text=s.quote(m.start, m.end) if m else None,
                measure=measure,
                stage=stage or "other",
            )
        )

    def _size_class(self, c: Count, m: MoneyMatch, stage: Stage | None) -> None:
        """``完成投资50亿元以上重大产业项目1个``: a count with each member's threshold."""
        self.used_money.add(m.start)
        self.used_counts.add(c.start)
        # 完成投资50亿元以上…项目1个: the class is sized by what its members have spent
        completed = _COMPLETED.search(self.s.text, self.s.clause_bounds(m.start)[0], m.start)
        if money_role(self.s, m) != "not_deal" or completed:
            self._aggregate(c, m, "other", stage)
