"""Reading one sentence into deal and aggregate drafts (the rules backend's core).

Order matters: enumerations and size classes claim their amounts first, then
each remaining amount becomes an aggregate (a count or a total word goes with
it), a deal (a named project or investor goes with it), or nothing. Named
projects and firms with a stated event but no amount come last (``named``).
"""

from __future__ import annotations

import re

from ...schema import Stage
from ...text.amounts import MoneyMatch
from ...text.lexicon import (
    CANCELLED,
    COST_PARTS,
    DONE_SINCE,
    FOREIGN_CAPITAL,
    GOAL,
    NEW_FOREIGN_FIRMS,
    OFFERED_PROJECTS,
    PLAN_TARGET,
    alternation,
)
from ...text.names import investor_problem, is_generic
from .cues import AMOUNT_FIELD_BEFORE, Count, has_total, measure_of, money_role, stage_near
from .draft import Parsed, parse_sentence
from .mentions import Mention, org_prefix
from .named import NamedRules
from .tables import Row

__all__ = ["REFERS", "Parsed", "Reader", "parse_sentence"]

# ``百亿级项目`` / ``亿元以上企业``: an amount that sizes a class of projects.
_CLASS_NOUN = re.compile(r"[^,，;；。、的]{0,8}?(?:项目|企业)")
_COUNTED = re.compile(r"(?:\d+|[一二两三四五六七八九十]+)[个家项]$")
# Words that make a generic project noun a set of projects: 签约项目, 重点项目, 全县…项目.
_PLURAL = re.compile(
    "签约|开工|投产|竣工|集中|一批|这些|此次|本次|重点|重大|全县|全市|全区|全省|引进|新建|续建|在建"
)
# A clause that points back at the project just named: 该项目总投资…, 项目计划投资…, 其中一期…
# 年度计划投资620亿元 / 力争全年…实际使用外资7.8亿美元以上: a target, not a reported total.
# An agreement undone (lexicon `cancelled`), also with words between: 终止以下两个项目的投资协议.
_CANCELLED = re.compile(
    alternation(CANCELLED) + r"|(?:终止|解除)(?:以下|上述)[^，,。；;]{1,12}?(?:协议|合同)"
)
# 曾因疫情停止洽谈, 没有放弃投资: an undoing said of the past, or denied, undoes nothing; nor does one
# the sentence goes on past (…停止洽谈，后经多轮对接，于5月8日正式签约).
_UNDOING_DENIED = re.compile("(?:曾|曾经|没有|未|不|并未|没|从未)$")
_EVENT_AFTER = re.compile(
    r"(?:后经|后来|此后|随后|之后|再次|重新|最终)[^。；;]{0,24}?(?:签约|签订|开工|投产|落地|落户|建成)"
)


def _cancelled(text: str) -> bool:
    """Whether the sentence undoes an agreement (终止合作, 已终止洽谈) and says nothing after it."""
    for m in _CANCELLED.finditer(text):
        if _UNDOING_DENIED.search(text, max(0, m.start() - 3), m.start()):
            continue
        if _EVENT_AFTER.search(text, m.end()):
            continue
        return True
    return False


# A项目这样投资约56亿元的重大项目: an instance, then what it is like
_LIKE = re.compile(r"(?:这样|这种|一样|式)的?(?:总投资|投资总额|投资额?|计划投资)(?:达|约|为)?")
_CLASS_SUM = re.compile(r"[，,]?(?:协议|合同|签约)?(?:引资|投资额?|金额|签约额|引资额)(?:为|达|达到|约)?")
# A goal governs the rest of its sentence, until something is said to be done already.
_GOAL = re.compile(alternation(GOAL))
_DONE_SINCE = re.compile(alternation(DONE_SINCE))
# A figure named as a goal after it: 对照全年新签约项目50个、协议投资额200亿元的目标.
_TARGET_AFTER = re.compile(f"的(?:年度|全年)?(?:{alternation(GOAL)}|任务)")
_PLAN_TARGET = re.compile(alternation(PLAN_TARGET + OFFERED_PROJECTS))
# 池州经开区、江南新兴产业集中区两个园区…合计: units named one by one, then counted, then summed (a
# subtotal of them; 两个县联合举办…共签约 is their joint event's total).
_SUBTOTAL = re.compile("合计|占全")
_NAMED_UNITS = re.compile(
    r"[\u4e00-\u9fff]{2,12}(?:、[\u4e00-\u9fff]{2,12})+(?:[两二三四五六七八九十]|\d+)个"
    r"(?:园区|开发区|县区|县市区|县市|区县|县|区|市|乡镇|镇|街道)"
)
# 19个、16个: the counts of a 分别 list, one per place named before it.
_EACH_COUNTS = re.compile(r"\d+个(?:[、和及与]\d+个)+")
_COUNT_NUMBER = re.compile(r"(\d+)个")
# 绿色能源项目80个、新材料项目29个: counts of projects by kind, in a list.
_COUNT_LIST = re.compile(r"项目\d+个[、，,][^，,。；;]{1,12}项目\d+个")
REFERS = re.compile(
    r"(?:该|此|这一?个?|本|其|本次)?(?:[一二三四五六七八九十]期)?(?:项目|基地|产业园|工厂)(?:由|总|计划|预计|拟|投资|占地)"
)


# 其中一期投资18亿元: the part of a total a phase takes.
_PHASE_OF = re.compile(
    r"(?:其中|分[两二三四]期建设[，,]?)(?:[一二三四首]|\d)期|^(?:[一二三四首]|\d)期(?:工程|项目)?(?:计划|预计)?投资"
    # 总投资6000万美元，其中外方出资3600万美元: one party's share of a total already stated
    r"|其中[^，,。；;]{0,4}出资"
    # 总投资6.85亿元，其中建设投资6.12亿元 / ，建设投资6.12亿元 / 经核定设备投资1.35亿元: a part of
    # what it costs
    rf"|^(?:其中|经核定|经核实|经审核|核定|认定)?[，,]?(?:{alternation(COST_PARTS)})"
)
_PHASE_NEXT = re.compile(r"[^，,。；;]{0,6}[，,](?:其中)?(?:分[两二三四]期|(?:[一二三四首]|\d)期)")
# 甲、乙和丙分别投资…: the firms of a list before 分别.
_LISTED = re.compile(r"[、和及与]")
# A clause that says what fields a counted group covers, between its count and its sum.
_FIELDS = re.compile("涉及|涵盖|覆盖|包括|主要集中在|主要涉及|聚焦")
# X项目，合同外资3000万美元: only a comma between a project and its money's clause.
_JUST_A_COMMA = re.compile(r"\s*[,，]\s*")
_NEW_FOREIGN_FIRMS = re.compile(rf"(?:{alternation(NEW_FOREIGN_FIRMS)})$")
# 其中5个项目 / 其余4个项目: a part of a set, named by no kind (工业项目8个 is a kind)
_BARE_PART = re.compile("(?:其中|其余|另有|另外|余下)$")
_BARE_COUNT = re.compile(r"(?:\d+|[一二两三四五六七八九十]+)[个项]项目")
# 集团在孝累计投资 / 该公司已累计投入: a firm's own investments so far
_FIRM_STOCK = re.compile(
    r"(?P<noun>集团|公司|企业)?(?:在[\u4e00-\u9fff]{1,4})?(?:已经|已|目前)?(?:累计|先后)(?:投资|投入)"
)
# 全市累计投资…, 开发区成立以来累计投资…: an area's sum, not one firm's
# (not where a firm went: 落户新区, 在开发区)
_WHOLE_SUBJECT = re.compile(
    "(?<![在于到户入驻])(?:全市|全县|全区|全省|全州|全旗|我市|我县|我区|我省|开发区|高新区|经开区|园区|新区)"
)
_FIELD_KEY = re.compile(r"(?:[\u4e00-\u9fff]{2,6}[:：])?")
# A phase word (二期), which a pointer to a project must share with the project it points at.
PHASE_WORD = re.compile("[一二三四五六七八九十]期")
# An entry of a paper's reference list: [23]宁城县融媒体中心.某某项目正式投产[N].2022-10-28.
_REFERENCE_ENTRY = re.compile(r"^\[\d{1,3}\].*\[(?:N|J|M|D|R|Z|C|EB/OL|N/OL)\]")
# One project pointed back at, anywhere in a clause (将该项目到位资金…误填为…).
_ONE_PROJECT = re.compile("(?:该|此|本|这个|这一)项目(?!所在)")  # (该项目所在的经开区: the zone's)
# A sentence that opens with the project read about (该项目…).
_THIS_PROJECT = re.compile("(?:^|[,，;；:：])(?:该|此|本)项目")
# An ellipsis ending a teaser (……, ..., as the matching copy writes it).
_ELLIPSIS = re.compile(r"(?:…|\.\.\.)+")
# A clause of a card's overview that opens with the project's total (…签约项目，总投资5.2亿元).
_TOTAL_OPENS = re.compile(
    r"(?:本次|本|该)?(?:[一二三四五六七八九十\d]期)?(?:项目|工程)?(?:拟|计划)?(?:总投资|投资总额)"
)
# A sum's purpose right after it (投资不低于3亿元建设…).
_BUILDS = re.compile("(?:用于|新建|建设|打造|投资建设|实施)")
# A clause that lists what a project builds (主要建设速溶咖啡生产线及仓储设施), not what it is.
_WORKS_LEAD = re.compile(r"(?:主要|重点)(?:建设|生产|包括|建有)|建设内容|内容包括|主要内容")
_MEASURE_LEAD = re.compile(rf"(?:{alternation(FOREIGN_CAPITAL)})(?:金额|额)?(?:为|达|约)?$")


def _lead(t: str, m: MoneyMatch) -> str:
    """The measure words that open the money's clause (合同外资) before the amount."""
    lead = _MEASURE_LEAD.search(t, 0, m.start)
    return lead.group() if lead else ""


class Reader(NamedRules):
    """Reads one parsed sentence into ``deals`` and ``aggregates``."""

    def read(self) -> None:
        if self.s.question or _cancelled(self.s.text) or _REFERENCE_ENTRY.match(self.s.text):
            return  # 问：…？ asks, it states nothing; …解除协议 / 不计入…: undone, or not counted;
            # [23]作者.题名[N].2022-10-28.: a reference list's entry cites, it reports nothing
        if (row := self.p.row) is not None:
            self._table_row(row)
            return
        if self.s.heading and not self.listed:
            # a heading restates its story; only a project's amount in it is worth a record
            for m in self.p.moneys:
                self._money(m, deals_only=True)
            return
        enum_stage = {id(e): self._enumeration(e) for e in self.p.enums}
        for c in self.p.counts:
            planned = c.size_class and self._target(c.size_class, self.s.clause_bounds(c.start)[0], None)
            if c.size_class is not None and planned:
                self.used_counts.add(c.start)  # 计划实施亿元以上项目85个: a plan
                self.used_money.add(c.size_class.start)
                continue
            if c.size_class is not None:
                if (total := self._sized_total(c)) is not None:
                    # 1亿元以上项目30个，签约投资总额210.5亿元: the class is the scope of a total
                    self.used_money |= {c.size_class.start, total.start}
                    self.used_counts.add(c.start)
                    self._aggregate(c, total, measure_of(self.s, total))
                    continue
                enum = next((e for e in self.p.enums if e.tail_start <= c.start < e.tail_end), None)
                own = stage_near(self.s, [c.start], self.p.names(), within=self.s.clause_bounds(c.start))
                stage = (enum_stage.get(id(enum)) if enum else None) or own or self._breakdown_stage(c)
                self._size_class(c, c.size_class, stage)
        for m in self.p.moneys:
            if m.start not in self.used_money:
                self._money(m)
        self._each_with()
        self._representative()
        self._firm_event()
        self._counted_projects()
        self._lead_in_list()
        self._firms_sign_with()
        self._firm_list_after_lead_in()
        self._including_firm()
        self._introduced_firm()
        self._described_firm()
        self._named_projects()
        self._subject_described()
        self._listed_firm()

    def _table_row(self, row: Row) -> None:
        """``X基地 X有限公司 10-15亿元 已签约``: a row of a flattened table of deals."""
        if row.ended:
            return  # 已终止, 撤销备案: the table's row, of a project given up
        if row.money is not None:
            self.used_money.add(row.money.start)
        investors = [row.org.name] if row.org else []
        stage = row.stage or self.inherited or self.event
        name = row.project.name
        self._deal(name, investors, row.money, stage, row.project, industry_from=(name,))

    # ------------------------------------------------------------------ amounts

    def _money(self, m: MoneyMatch, *, deals_only: bool = False) -> None:
        s, t = self.s, self.s.text
        role = money_role(s, m)
        if role == "not_deal" or self._is_class(m):
            return
        c_start, c_end = s.clause_bounds(m.start)
        opening = _TOTAL_OPENS.match(t, c_start)
        opens_total = opening is not None and opening.end() >= m.start - 2
        if opening is not None and (phase := PHASE_WORD.search(opening.group())) and self.referent:
            opens_total = opens_total and phase.group() in self.referent  # 一期总投资3亿元 is a phase's
        if self.fact_line and self.referent and (AMOUNT_FIELD_BEFORE.search(t, 0, m.start) or opens_total):
            # a line of a card's fields, or a clause of its overview (项目概况：…，总投资5.2亿元):
            # its amount is the titled project's
            stage = stage_near(s, [m.start], self.p.names()) or self.inherited or self.event
            self._deal(self.referent, [], m, stage, Mention(m.start, m.end, self.referent))
            return
        measure = measure_of(s, m)
        pooled = measure in {"funds_in_place", "contracted_foreign_capital"}
        if measure == "contracted_foreign_capital" and self._project_just_before(m):
            pooled = False  # X项目，合同外资3000万美元: that project's own foreign capital
        if measure == "funds_in_place" and _ONE_PROJECT.search(t, c_start, m.start):
            return  # 将该项目1—9月到位资金2.3亿元…: one project's money in place, no area's total
        if _PHASE_OF.search(t[c_start : m.start]) and any(x.start < c_start for x in self.p.moneys):
            return  # 总投资45亿元，其中一期投资18亿元: a phase's part of a total already stated
        respective = self._respective(m, c_start, c_end) if "分别" in t[c_start : m.start] else None
        if respective is not None:
            # A项目和B项目…总投资分别为5亿元和3亿元 / 甲、乙分别投资45亿元、28亿元，建设A项目和B项目:
            # the i-th sum is the i-th item's; when they don't pair one to one, no item gets a
            # sum it may not own
            if respective:
                at, project, firm = respective
                self.used_names.append((at.start, at.end))
                stage = stage_near(s, [at.start, m.start], self.p.names()) or self.inherited
                self._deal(project, [firm] if firm else [], m, stage or self.event, at)
            return
        # funds in place cover earlier years' projects too: not the count's
        own = self._attributed(m)
        count = None if measure == "funds_in_place" or own else self._count_for(m)
        total = not own and (
            has_total(s, c_start, m.start) or self._after_list(m) or self._plural_before(m, c_start)
        )
        if count is None and total and self._firm_stock(m, c_start):
            return  # 集团在孝累计投资已超过60亿元: one firm's investments over the years, no reported total
        if count is not None or pooled or total:
            if _NAMED_UNITS.search(t, 0, m.start) and _SUBTOTAL.search(t, 0, m.end + 8):
                return  # A区、B区两个园区…合计360.9亿元: a sum of units whose own figures stand apart
            if not deals_only and not self._target(m, c_start, count):
                # 本次开工的16个项目中，工业项目11个，总投资78.4亿元: the breakdown's event
                self._aggregate(count, m, measure, fallback=self._breakdown_stage(count) if count else None)
            return
        stage = stage_near(s, [m.start], self.p.names()) or self.inherited
        if role == "unknown" and stage is None:
            return
        # an investment the sentence gives no stage happens as the article's ceremony says
        # (集中签约活动: its listed projects' amounts are signed ones)
        stage = stage or self.event
        investors = [
            o
            for o in self.p.orgs
            if not o.generic
            and self._near(o, m)
            and not self._used(o)
            and not self._opens_project(o, m)
            and not _visits(t, o.end, m.start)
        ]
        named_before = [p for p in self.p.projects if not (p.generic or p.end > m.start or self._used(p))]
        # a card's fact line opens with its money, after a field key at most (投资额：35亿元)
        refers = (
            REFERS.match(t)
            or REFERS.match(t, c_start)
            or (self.fact_line and _FIELD_KEY.fullmatch(t, 0, c_start))
            # 该项目实施地点由…变更为…，计划总投资由3.8亿元调整为4.5亿元: the sentence is about it
            or (_THIS_PROJECT.search(t, 0, c_start) is not None and _TOTAL_OPENS.match(t, c_start))
        )
        if self.referent and not named_before and refers:
            # 该项目由X投资建设，总投资10亿元 after a sentence that named the project
            names = [o.name for o in investors]
            self._deal(self.referent, names, m, stage, Mention(m.start, m.end, self.referent))
            return
        each = "分别" in t[c_start : m.start]
        projects = self._projects_for(m, c_start, c_end)
        if not investors and all(p.generic for p in projects):
            return  # 年度计划投资120亿元 of 重点项目: no one and nothing named
        if each and len(investors) > 1 and len(projects) <= 1:
            for o in investors:
                self._deal(projects[0].name if projects else None, [o.name], m, stage, o)
            return
        if not (each and len(projects) > 1):
            projects = projects[:1]
        targets: list[Mention | None] = [*projects] or [None]
        # 甲公司A项目总投资20亿元，B项目总投资11亿元: 甲 is A's investor, not B's
        others = [p for p in self.p.projects if not p.generic and p not in projects]
        investors = [
            o for o in investors if not any(p.start <= o.start < p.end or o.end == p.start for p in others)
        ]
        for proj in targets:
            names = [o.name for o in investors if not (proj and proj.start <= o.start < proj.end)]
            if proj is not None:
                names += org_prefix(proj.name, self.p.orgs, proj.start) + self._adjacent_org(proj)
                partners = self._partner_before(proj, self.s.clause_bounds(proj.start)[0])
                names += [n for n in partners if n not in names]
                stage = stage_near(s, [proj.start, m.start], self.p.names()) or stage
            self._deal(proj.name if proj else None, names, m, stage, proj or Mention(m.start, m.end, m.text))

    def _firm_stock(self, m: MoneyMatch, c_start: int) -> bool:
        """Whether the sum before ``m`` is what one firm has invested so far: its clause opens
        with the firm (its name, or 集团/公司/企业) before 累计投资."""
        stock = _FIRM_STOCK.search(self.s.text, c_start, m.start)
        if stock is None:
            return False
        if not stock.group("noun") and stock.start() == c_start and not self.p.counts:
            # 该企业一期项目…，累计投资约5000万欧元 / 晟鸿电子于2012年落户吉安，…，累计投资已超过二亿美元:
            # the clause goes on about the sentence's one firm, unless a whole area is its subject
            return _WHOLE_SUBJECT.search(self.s.text, 0, c_start) is None
        if stock.group("noun"):
            # 集团在孝累计投资 opening its clause, or 该企业: one firm; 全市外资企业累计投资 is many
            return stock.start() == c_start or self.s.text[max(0, stock.start() - 1) : stock.start()] in {
                "该",
                "此",
                "本",
                "其",
            }
        return any(c_start <= o.start and o.end == stock.start() and not o.generic for o in self.p.orgs)

    def _sized_total(self, c: Count) -> MoneyMatch | None:
        """The total that a size class's count sums (``…以上项目30个，总投资210.5亿元``): an
        investment total right after the count, in its clause or the next."""
        here = self.s.clause_index(c.end - 1)
        for m in self.p.moneys:
            if m.start < c.end or self.s.clause_index(m.start) not in {here, here + 1}:
                continue
            a, _ = self.s.clause_bounds(m.start)
            role_ok = money_role(self.s, m) != "not_deal" and not self._is_class(m)
            lead = self.s.text[max(a, c.end) : m.start]
            # 投资总额, 总投资; 亿元以上项目412个，协议引资2105.6亿元: the class's sum, named by its measure
            summed = has_total(self.s, max(a, c.end), m.start) or "总" in lead or _CLASS_SUM.fullmatch(lead)
            if role_ok and summed and measure_of(self.s, m) == "investment":
                return m
            return None
        return None

    def _opens_project(self, o: Mention, m: MoneyMatch) -> bool:
        """``投资额160亿元的A公司B项目``: a firm inside (or opening) a project's name after another
        amount (or after this one) invests in that project, not in this amount's."""
        nxt = next((p for p in self.p.projects if p.start <= o.start <= p.end and not p.generic), None)
        if nxt is None:
            return False
        return any(x.start > m.end and x.end < o.start for x in self.p.moneys) or o.start > m.end + 1

    def _attributed(self, m: MoneyMatch) -> bool:
        """``总投资15亿元的B项目``: the money describes the named project right after its 的,
        even as the second item of a list (``总投资22亿元的A项目、总投资15亿元的B项目``); or it
        stands in the bracket right after one (``A项目（总投资25亿元，落户X）、B项目（…）等``)."""
        t = self.s.text
        if t.startswith("的", m.end):
            return any(p.start == m.end + 1 and not p.generic for p in self.p.projects)
        opened = max(t.rfind("(", 0, m.start), t.rfind("（", 0, m.start))
        closed = max(t.rfind(")", 0, m.start), t.rfind("）", 0, m.start))
        return opened > closed and any(p.end == opened and not p.generic for p in self.p.projects)

    def _target(self, m: MoneyMatch, c_start: int, count: Count | None) -> bool:
        """A plan or goal (``年度计划投资620亿元``, ``力争全年…实际使用外资7.8亿美元以上``):
        a plan word before the money in its clause, or in its count's clause."""
        if _PLAN_TARGET.search(self.s.text, c_start, m.start) or _TARGET_AFTER.match(self.s.text, m.end):
            return True  # 年度计划投资620亿元 / 对照…协议投资额200亿元的目标
        if self._goal_governs(m.start):
            return True  # 力争全年新签约项目100个以上，实际利用外资3亿美元以上: the goal runs on
        if count is None:
            return False
        a, _ = self.s.clause_bounds(count.start)
        return _PLAN_TARGET.search(self.s.text, a, count.start) is not None

    def _goal_governs(self, pos: int) -> bool:
        """Whether a goal said before ``pos`` in the sentence (力争, 争取) still governs it: nothing
        is said to be done already in between."""
        goals = list(_GOAL.finditer(self.s.text, 0, pos))
        return bool(goals) and not _DONE_SINCE.search(self.s.text, goals[-1].end(), pos)

    def _after_list(self, m: MoneyMatch) -> bool:
        """``包括A、B、C等，总投资超过150亿元``: a sum right after a list is the list's total."""
        here = self.s.clause_index(m.start)
        near = {here, here - 1}
        if any(e.tail_end <= m.start and self.s.clause_index(e.tail_start) in near for e in self.p.enums):
            return True
        listed = [p for p in self.p.projects if not p.generic and p.end <= m.start]
        if not listed:
            return False
        last = listed[-1]
        t = self.s.text
        before = t[last.start - 1] if last.start and not self.s.in_marker(last.start - 1) else ""
        if t.startswith("等", last.end) and self.s.clause_index(last.start) in near:
            return True  # 涉及A项目，B项目等，投资金额125亿元: a list closed by 等
        return "、" in before + t[last.end : last.end + 1] and self.s.clause_index(last.start) in near

    def _plural_before(self, m: MoneyMatch, c_start: int) -> bool:
        """``本次签约项目总投资额达1200亿元``: the money's subject is a set of projects.

        A generic 项目 before it, words that make it plural, and no firm or named project.
        """
        before = self.s.text[c_start : m.start]
        subject = [p for p in self.p.projects if p.generic and c_start <= p.start and p.end <= m.start]
        mentions = (*self.p.projects, *self.p.orgs)
        named = [x for x in mentions if not x.generic and c_start <= x.start < m.start]
        # 该项目, 一个项目就签约了120亿元: one project, unnamed, is no total
        singular = re.search("(?:该|此|这个|这一|(?<![第每])一个|单个)(?:[^,，]{0,4})项目", before)
        # …项目总投资52亿元，一期工程于5月建成投产: a set of projects has no phases
        singular = singular or _PHASE_NEXT.match(self.s.text, m.end)
        return bool(subject) and not named and not singular and _PLURAL.search(before) is not None

    def _is_class(self, m: MoneyMatch) -> bool:
        """``50亿元以上重大产业项目`` / ``百亿级项目`` / ``超过1亿美元的项目``: a class of projects,
        not an amount of one."""
        t = self.s.text
        alt = next((x for x in self.p.moneys if x.start == m.end + 1 and t.startswith("或", m.end)), None)
        if alt is not None:
            # 1亿元或1000万美元以上项目: two thresholds of one class
            return self._is_class(alt)
        if m.money.kind == "at_least" and t.startswith("的", m.end):
            # 对实际使用外资超过1亿美元的项目: a threshold, unless a named project follows
            noun = _CLASS_NOUN.match(t, m.end + 1)
            return noun is not None and is_generic(noun.group())
        noun = _CLASS_NOUN.match(t, m.end)
        if noun is None or _BUILDS.match(t, m.end):
            return False  # (投资不低于3亿元建设X项目: what the sum builds, not a class of projects)
        counted = _COUNTED.search(t, max(0, m.start - 4), m.start) is not None
        counted = counted or re.match(r"\d+[个家项]", t[noun.end() : noun.end() + 5]) is not None
        return counted or m.money.kind == "at_least"

    def _count_for(self, m: MoneyMatch) -> Count | None:
        """A count of projects or firms in the money's clause or the one before
        (``A、B等5个项目签约，总投资超过100亿元``: a list's count too)."""
        here = self.s.clause_index(m.start)
        after = next((c for c in self.p.counts if c.start == m.end + 1 and c.size_class is None), None)
        if after is not None and self.s.text.startswith("的", m.end) and after.start not in self.used_counts:
            self.used_counts.add(after.start)  # 总投资109.3亿元的15个重点项目: the count it sums
            return after
        for c in reversed(self.p.counts):
            if c.start >= m.start or c.size_class is not None:
                continue
            if c.start in self.used_counts and c.start not in self.listed_counts:
                continue
            between = self.s.clause_index(c.start) == here - 2 and _FIELDS.match(
                self.s.text, self.s.clause_bounds(c.start)[1] + 1
            )
            if self.s.clause_index(c.start) in {here, here - 1} or between:
                # 共签约项目13个，涉及A、B等领域，签约金额56.3亿元: what they cover stands between
                self.used_counts.add(c.start)
                self.listed_counts.discard(c.start)
                return c
        return None

    def _projects_for(self, m: MoneyMatch, c_start: int, c_end: int) -> list[Mention]:
        """The money's projects: ``X亿元的P``, else the named P before it, else one after it."""
        free = [p for p in self.p.projects if not self._used(p)]
        free = [p for p in free if not any(o.start <= p.start and p.end <= o.end for o in self.p.orgs)]
        after = [p for p in free if m.end <= p.start < c_end]
        if not after and c_end < len(self.s.text) and not _WORKS_LEAD.match(self.s.text, c_end + 1):
            # 投资约50亿元，在X建设年产20万吨新材料项目: the purpose clause names it (not 主要建设
            # A生产线及B设施, which lists what it builds)
            after = [p for p in free if c_end < p.start < self.s.clause_bounds(c_end + 1)[1]]
        like = [p for p in free if not p.generic and _LIKE.fullmatch(self.s.text, p.end, m.start)]
        if like:
            chosen = like  # 既有A项目这样投资约56亿元的重大项目: A is the one that costs it
        elif after and self.s.text.startswith("的", m.end) and after[0].start == m.end + 1:
            chosen = after[:1]
        else:
            before = [p for p in free if p.end <= m.start and not p.generic]
            named_after = [p for p in after if not p.generic]
            if "分别" in self.s.text[c_start : m.start]:
                chosen = before or named_after
            else:
                # a generic description (锂电池生产基地) serves when a firm names the deal
                described = [p for p in free if p.end <= m.start and len(p.name) > 3][-1:]
                described += [p for p in after if len(p.name) > 3][:1]
                chosen = before[-1:] or named_after[:1] or described[-1:] or self._teased(m, free)
        self.used_names.extend((p.start, p.end) for p in chosen)
        return chosen

    def _teased(self, m: MoneyMatch, free: list[Mention]) -> list[Mention]:
        """``投资58亿元，可实现年产值80亿元……近日，X项目签约落子…``: a teaser of figures with no
        subject, cut off by an ellipsis, tells the figures of the one project the story then names
        (with no sum of its own)."""
        t = self.s.text
        cut = _ELLIPSIS.search(t, m.end)  # (a sentence holds no 。；: the ellipsis is in this one's run)
        if cut is None:
            return []
        named = [p for p in free if not p.generic]
        if len(named) != 1 or named[0].start < cut.end() or any(x.start >= cut.end() for x in self.p.moneys):
            return []
        return named

    def _respective(
        self, m: MoneyMatch, c_start: int, c_end: int
    ) -> tuple[Mention, str | None, str | None] | tuple[()] | None:
        """For a sum among several after 分别 in its clause: ``(where, project, firm)`` of the
        item it pairs with one to one (named projects before the sums, else the firms listed
        before 分别 with the projects the next clause builds), ``()`` when the sums pair with
        nothing one to one, None when the sum stands alone (one sum each: 分别投资50亿元)."""
        t = self.s.text
        sums = [x for x in self.p.moneys if c_start <= x.start < c_end]
        if len(sums) < 2:
            return None
        i = sums.index(m)
        named = [p for p in self.p.projects if not p.generic and p.end <= sums[0].start]
        if len(named) == len(sums):
            return named[i], named[i].name, None
        each = t.find("分别", c_start, m.start)
        firms = [f for f in _LISTED.split(t[c_start:each]) if f]
        if len(firms) != len(sums) or any(investor_problem(f) or is_generic(f) for f in firms):
            # 与甲公司、乙公司分别签订投资协议，投资额分别为6亿元和8.5亿元: the firms of the clause before
            p_start = self.s.clause_bounds(c_start - 2)[0] if c_start >= 2 else c_start
            before = [o.name for o in self.p.orgs if not o.generic and p_start <= o.start < c_start]
            if "分别" not in t[p_start:c_start] or len(before) != len(sums):
                return ()
            firms = before
        _, nxt = self.s.clause_bounds(c_end + 1) if c_end < len(t) else (c_end, c_end)
        built = [p for p in self.p.projects if c_end < p.start < nxt]  # a kind of project too
        project = built[i] if len(built) == len(sums) else None
        return Mention(m.start, m.end, m.text), (project.name if project else None), firms[i]

    def _project_just_before(self, m: MoneyMatch) -> bool:
        """A named project ends right before the money's clause, nothing but a comma between."""
        t = self.s.text
        opens = m.start - len(_lead(t, m))  # where the money's clause starts: 合同外资…
        named = [p for p in self.p.projects if not p.generic and p.end <= opens]
        return any(_JUST_A_COMMA.fullmatch(t, p.end, opens) for p in named)

    def _near(self, o: Mention, m: MoneyMatch) -> bool:
        """An organisation in the money's clause, the three before, or ``由X投资`` right after."""
        here, there = self.s.clause_index(m.start), self.s.clause_index(o.start)
        if there == here + 1:
            start, _ = self.s.clause_bounds(o.start)
            return self.s.text.startswith("由", start)
        return here - 3 <= there <= here

    def _counted_projects(self) -> None:
        """``共引进项目23个`` / ``43个产业项目新开工``: a count of projects with an event, no sum."""
        for c in self.p.counts:
            if c.size_class is not None or c.start in self.used_counts or self._goal_governs(c.start):
                continue  # (力争…新设外商投资企业40家以上: a goal)
            if _PLAN_TARGET.search(self.s.text, self.s.clause_bounds(c.start)[0], c.start):
                continue  # 计划新开工项目43个: how many were planned, not how many happened
            stage = stage_near(self.s, [c.start], self.p.names(), within=self.s.clause_bounds(c.start))
            # 已落户企业460余家: firms are counted after their event (not 30家…企业接洽并落地)
            after = self.s.text.startswith("企业", c.start)
            if c.noun == "企业" and after and _NEW_FOREIGN_FIRMS.search(self.s.text, 0, c.start):
                self.used_counts.add(c.start)  # 新设外商投资企业126家: a count the bulletins report
                self._aggregate(c, None, "other")
                continue
            if c.noun == "企业" and not (after and stage in {"signed", "landed", "operating"}):
                continue
            stage = stage or self._breakdown_stage(c)
            if stage is None:
                continue
            self.used_counts.add(c.start)
            each = self._each_place(c)
            if each is None:
                self._aggregate(c, None, "investment", stage)
            for count, place in each or ():
                self._aggregate(count, None, "investment", stage, place=place)

    def _each_place(self, c: Count) -> list[tuple[Count, tuple[int, int]]] | None:
        """``平江县、湘阴县分别签约项目19个、16个``: each place's count, paired in order; ``[]`` when
        the places and counts after 分别 don't pair one to one (no total is then any one's);
        None when the count is no such list's."""
        t = self.s.text
        a, b = self.s.clause_bounds(c.start)
        k = t.find("分别", a, c.start)
        if k < 0:
            return None
        names = self.p.names()
        places = [
            (x, y) for x, y, _ in self.p.places if a <= x and y <= k and not any(p <= x < q for p, q in names)
        ]
        if len(places) < 2:
            return None
        run = _EACH_COUNTS.match(t, t.find(str(c.n), c.start), b)
        numbers = _COUNT_NUMBER.findall(run.group()) if run else []
        if len(numbers) != len(places):
            return []
        at = c.start
        return [
            (Count(at, c.end, int(n), c.noun, None) if i else c, place)
            for i, (n, place) in enumerate(zip(numbers, places, strict=True))
        ]

    def _breakdown_stage(self, c: Count) -> Stage | None:
        """The event of the count a breakdown breaks down, for a count that says none.

        ``签约项目116个，其中50亿元以上15个`` / ``本次签约项目中，10亿元以上项目116个``: said
        before 其中 or 项目中; ``从产业分布看，绿色能源项目80个、新材料项目29个``: a list of
        counts by kind, whose event is the sentence before's or the article's.
        """
        t = self.s.text
        if _BARE_PART.search(t, 0, c.start) and _BARE_COUNT.fullmatch(t, c.start, c.end):
            return None  # 其中5个项目信息公布如下 / 其余4个项目涉及商业秘密: some of them, of no kind
        at = max(t.rfind("其中", 0, c.start), t.rfind("项目中", 0, c.start))
        if at > 0:
            before = stage_near(self.s, [at], self.p.names(), within=(0, at))
            if before is not None:
                return before
        if at >= 0 or _COUNT_LIST.search(self.s.text) or self.part_of:
            return self.inherited or self.event
        return None


# 甲集团董事长一行到乙园区调研，实地察看了投资2.6亿元建设的丙项目: who visits is not who invests.
_VISIT = re.compile("一行|调研|考察|察看|参观|走访|观摩")
_INVESTS = re.compile("签约|签订|签署|投资|建设|落户|入驻|合作|出资")


def _visits(text: str, after: int, before: int) -> bool:
    """Whether the firm ending at ``after`` comes to visit, in its own clause, before the money at
    ``before`` (and that clause says nothing of investing)."""
    end = next((m.start() for m in re.finditer("[，,；;。]", text[after:before])), before - after)
    own = text[after : after + end]
    return _VISIT.search(own) is not None and _INVESTS.search(own) is None
