"""Deals named without an amount: lists, paired signings, examples, firms, projects.

Each rule needs a name and an event said of it (签约, 落户, 开工 … not a plan
or a wish). A list closed by ``等…项目`` types its items; ``分别与两家公司``
gives each named firm a deal; ``以X为代表的企业`` names an example; a firm
opening its clause before 落户 / 签约 is one; and a named project with an event
in its own clause is one, unless it only hosts others or is where others are.
"""

from __future__ import annotations

import re

from ...schema import STAGE_PROGRESS, Stage
from ...text.amounts import MoneyMatch, parse_number
from ...text.lexicon import FIRM_END, ORG_SUFFIX, PROJECT_SUFFIX, THESE, WORKS_SUFFIX, alternation
from ...text.names import is_generic, project_problem
from .cues import money_role, next_clause_stage, stage_near
from .draft import PARKS, SIGNS_WITH
from .firms import FirmRules
from .mentions import Enumeration, Mention, org_prefix, walk_back

_EACH_WITH = re.compile("分别(?:与|同|和)")
_REPRESENTATIVE = re.compile(r"为代表的(?:一批)?[^,，;；。]{0,8}?(?P<noun>企业|项目)")
_FIRM_EVENT = re.compile("落户|入驻|落地|签约|投产|开工")
_FIRM_END = re.compile(f"(?:{alternation(FIRM_END)})$")
# 由X公司投资建设的P / X公司投资的P: the firm that builds the project named right after.
_BUILT_BY = re.compile("(?:投资建设|出资建设|投资兴建|投资打造|投资|建设)的")
_LEAD_TIME = re.compile(r"(?:\d+年|\d+月|\d+日|今年|去年|近日|日前|目前|近年来|随后|当天|已|也|还)*")
# ``在XX产业园开工``: a project name after these is where something else happens.
# What names a park a project lands in, not a project (三教产业园, 高新区).
_AT = re.compile("(?:在|于|位于|至|到)$")
# 等配套企业: the list before names the kinds of firm (齿轮箱、塔架), unless an item is a firm's name
_SHELL = re.compile("主体[^，,。；;]{0,4}完工")  # the lexicon's 主体…完工 (started): the shell built
_KINDS_OF_FIRMS = re.compile("配套(?:企业|厂商|公司)")
_FIRM_NAMED = re.compile(f"(?:{alternation([*FIRM_END, *ORG_SUFFIX])})$")

_LANDS_IN = re.compile("(?:落户|入驻|落地|进驻|落子)$")
# 主会场设在 / 分会场设置于 right before a project: the ceremony's venue is that project's site.
_VENUE = re.compile("(?:主|分)会场(?:设置|设立|设|位于|放)?(?:在|于)$")
# ``已入驻企业50家`` / ``引进项目12个``: the named place hosts the projects, it is not one.
_HOSTED = re.compile(r"(?:企业|项目|公司|商户)\d+(?:余|多)?[家个项]|\d+(?:余|多)?[家个项](?:企业|项目|公司)")
_PROJECT_LIKE = re.compile(
    rf"(?:项目|产业园|基地|中心|总部|工厂|研究院|工作站|乐园|博物馆|小镇|园|{alternation(WORKS_SUFFIX)})$"
)
# ``3个项目分别是A、B、C`` / ``共签约项目13个，涉及A，B，C`` / ``分会场包括A、B``: a lead-in that
# says the names after it are the projects it talks about.
_LEAD_IN = re.compile("(?:分别是|分别为|具体是|具体为|包括|包含|涉及|主要有|主要是)[:：]?")
_LEAD_SUBJECT = re.compile("项目|会场")
_PROJECT_SUFFIX_END = re.compile(f"(?:{alternation(PROJECT_SUFFIX)})$")
_ITEM_SEP = re.compile("[、,，]")
_LIST_END = re.compile("[;；。!！?？:：]|等")
_JOINED = re.compile("以及|和|及")
_DETAILS = re.compile("包括|以及|其中|如")
# A sentence about the projects the article's ceremony already counted.
_AMONG_THESE = re.compile(f"(?:{alternation(THESE)})[^,，。]{{0,8}}中")
# ``3个项目分别是A、B、C``: a count in the lead-in, checked against the items listed.
_LEAD_COUNT = re.compile(r"(?P<n>\d+|[一二两三四五六七八九十]+)个(?:[^,，;；。]{0,6})?项目[^,，;；。]{0,4}$")


def _split_joined(t: str, a: int, b: int) -> list[tuple[int, int]]:
    """``A项目和B基地项目``: two whole names joined by 和/及/以及 (but ``A中心及B基地项目`` is one)."""
    for m in _JOINED.finditer(t, a, b):
        if t.endswith("项目", a, m.start()) and _PROJECT_SUFFIX_END.search(t, m.end(), b):
            return [(a, m.start()), *_split_joined(t, m.end(), b)]
    return [(a, b)]


# 这些项目质量高，既有A…，也有B…，还有C等一批项目: examples of a group said before.
_EXAMPLES = re.compile(r"(?:既有|也有|还有|又有)")
_OF_THESE = re.compile(f"(?:{alternation((*THESE, '此次签约的', '本次签约的'))})项目")


# A sentence that says what kind of project the one being read about is (本项目系…签约项目).
_DESCRIBED_AS = re.compile(
    r"(?:[\d.]+\s*)?(?:[\u4e00-\u9fff]{2,8}[:：])?(?:本|该)(?:项目|工程)(?:系|是|为|属于|属|已列入|列入)"
)
# What stands between the partner and the project it signed (签约的, 正式签订投资协议的).
_SIGNED_WITH = re.compile(r"(?:正式|成功)?(?:签约|签订|签署|合作|共建|合资)[^，,。；;]{0,6}的")


class NamedRules(FirmRules):
    """The rules for deals that are named but carry no amount of their own."""

    def _enumeration(self, e: Enumeration) -> Stage | None:
        """``A、B、C等…项目``: one deal per item; the amount in ``2个百亿级项目`` goes to each."""
        counted = {c.start for c in self.p.counts if e.tail_start <= c.start < e.tail_end}
        self.used_counts |= counted
        self.listed_counts |= counted
        money = next((m for m in self.p.moneys if e.mid[0] <= m.start < e.mid[1]), None)
        if money is not None:
            self.used_money.add(money.start)
            if money_role(self.s, money) == "not_deal":
                return None
        stage = self._enumeration_stage(e)
        if stage is None:
            return None
        if self.event is not None and _AMONG_THESE.search(self.s.text, 0, e.items[0].start):
            stage = self.event  # 这些重点项目中，…以及A、B等外资企业进驻: items of the ceremony
        projects = e.noun == "项目" and any(_PROJECT_LIKE.search(i.name) for i in e.items)
        if not projects and any(i.generic for i in e.items):
            # 当地智慧家居、市政基础设施建设等项目: one item is no firm, so the list is of kinds
            return stage
        tail = self.s.text[e.tail_start : e.tail_end]
        kinds = _KINDS_OF_FIRMS.search(tail) and not any(_FIRM_NAMED.search(i.name) for i in e.items)
        if not projects and kinds:
            # 齿轮箱、塔架、主轴等配套企业7家: what the firms make, no firm's name
            return stage
        subject = [o.name for o in self.p.orgs if not o.generic and o.end <= e.items[0].start]
        subject = subject if self.s.clause_index(e.items[0].start) == self._org_clause(subject) else []
        for item in e.items:
            if item.generic:
                continue
            self.used_names.append((item.start, item.end))
            texts = (item.name, tail)
            own = self._attributed_money(item)
            if projects:
                investors = subject + org_prefix(item.name, self.p.orgs, item.start)
                self._deal(item.name, investors, own or money, stage, item, industry_from=texts)
            else:
                self._deal(None, [item.name], own or money, stage, item, industry_from=texts)
        return stage

    def _attributed_money(self, item: Mention) -> MoneyMatch | None:
        """``总投资约80亿元的A项目、…``: the amount right before an item, joined by 的."""
        m = next((m for m in self.p.moneys if m.end + 1 == item.start), None)
        if m is None or not self.s.text.startswith("的", m.end) or money_role(self.s, m) == "not_deal":
            return None
        self.used_money.add(m.start)
        return m

    def _enumeration_stage(self, e: Enumeration) -> Stage | None:
        """The event the list is the subject or object of.

        ``A、B等项目纷纷落户``: the verb follows the tail closely (``等企业负责人参加了签约仪式``
        is about people). ``成功引进A、B等项目``: it comes before the first item. A clause
        that is nothing but the list (``C等9个10亿元以上项目``) continues the clause before.
        """
        s, names = self.s, self.p.names()
        c_start, c_end = s.clause_bounds(e.tail_start)
        if not e.closes_clause:
            # A、B等企业的项目也相继落户: the firms' projects are what the verb is said of
            after = e.tail_end + (3 if s.text.startswith("的项目", e.tail_end) else 0)
            near = stage_near(s, [after], names, within=(after, min(c_end, after + 6)))
            return near or next_clause_stage(s, e.tail_end)
        if e.items[0].start > c_start:
            own = stage_near(s, [e.items[0].start], names, within=(c_start, e.items[0].start))
            if own is None and _DETAILS.match(s.text, c_start):
                # 本次集中开工的项目共12个，…，以及A、B等外资项目: the list details the clause before
                return stage_near(s, [c_start], names, within=(0, c_start)) or self.event
            return own
        return stage_near(s, [e.items[0].start], names, within=(0, c_start))

    def _org_clause(self, names: list[str]) -> int:
        orgs = [o for o in self.p.orgs if o.name in names]
        return self.s.clause_index(orgs[-1].start) if orgs else -1

    def _each_with(self) -> None:
        """``在A和B，…分别与两家公司举行项目签约仪式``: one deal per named firm."""
        m = _EACH_WITH.search(self.s.text)
        if m is None or any(x.start > m.start() for x in self.p.moneys):
            return
        firms = [o for o in self.p.orgs if not o.generic and o.end <= m.start() and not self._used(o)]
        _, b = self.s.clause_bounds(m.start())
        stage = stage_near(self.s, [m.end()], self.p.names(), within=(m.end(), b))
        if len(firms) < 2 or stage is None:
            return
        for o in firms:
            self.used_names.append((o.start, o.end))
            self._deal(None, [o.name], None, stage, o)

    def _representative(self) -> None:
        """``以科大智能为代表的一批企业入驻``: the example named is a deal."""
        for m in _REPRESENTATIVE.finditer(self.s.text):
            start = walk_back(self.s, m.start())
            if start is None or m.start() - start < 2:
                continue
            name = Mention(start, m.start(), self.s.name(start, m.start()))
            if self._used(name) or is_generic(name.name):
                continue
            _, b = self.s.clause_bounds(m.start())
            stage = stage_near(self.s, [m.end()], self.p.names(), within=(m.end(), b))
            if stage is not None:
                self.used_names.append((name.start, name.end))
                firm = m.group("noun") == "企业"
                self._deal(None if firm else name.name, [name.name] if firm else [], None, stage, name)

    def _firm_event(self) -> None:
        """``云潼科技落户两江新区``: a firm opening its clause, right before the event."""
        t = self.s.text
        for m in _FIRM_EVENT.finditer(t):
            start = walk_back(self.s, m.start(), keep={"投资", "科技", "控股"})
            if start is None or m.start() - start < 3:
                continue
            firm = Mention(start, m.start(), self.s.name(start, m.start()))
            a, b = self.s.clause_bounds(m.start())
            lead = _LEAD_TIME.fullmatch(t, a, start)
            if lead is None or not _FIRM_END.search(firm.name) or is_generic(firm.name) or self._used(firm):
                continue
            stage = stage_near(self.s, [m.start()], self.p.names(), within=(m.start(), b))
            if stage is not None:
                self.used_names.append((firm.start, firm.end))
                self._deal(None, [firm.name], None, stage, firm)

    def _lead_in_list(self) -> None:
        """``青浦区的3个项目分别是A项目、B中心`` / ``共签约项目13个，涉及A项目，B项目…``: each named
        project after a lead-in about projects is a deal, with the lead-in's event (else the
        sentence's, the list's context, or the article's ceremony).

        Items are parted by 、 or ，and end at the first that is no project name (it must end
        in a project's suffix and name one project): a list of names, not of clauses.
        """
        t = self.s.text
        for lead in _LEAD_IN.finditer(t):
            c_start, _ = self.s.clause_bounds(lead.start())
            # the projects are the lead-in's subject, in its clause or the one before
            prev_start = self.s.clause_bounds(c_start - 1)[0] if c_start else 0
            if not _LEAD_SUBJECT.search(t, prev_start, lead.start()):
                continue
            items = self._counted_items(lead.start(), lead.end()) or self._list_items(lead.end())
            if len(items) < 2 and not (items and t.startswith(("分别", "包括", "涉及"), lead.start())):
                continue
            names = self.p.names()
            stage = stage_near(self.s, [lead.start()], names, within=(0, lead.start()))
            stage = stage or stage_near(self.s, [lead.start()], names) or self.inherited or self.event
            for item in items:
                self.used_names.append((item.start, item.end))
                investors = org_prefix(item.name, self.p.orgs, item.start)
                self._deal(item.name, investors, None, stage, item, industry_from=(item.name,))

    def _counted_items(self, lead: int, start: int) -> list[Mention]:
        """``青浦区的3个项目分别是A、B中心、C项目``: as many items parted by 、 as the lead-in
        counts are all project names, suffix or not; none when the numbers disagree."""
        t = self.s.text
        m = _LEAD_COUNT.search(t, self.s.clause_bounds(lead)[0], lead)
        n = parse_number(m["n"]) if m else None
        end = _LIST_END.search(t, start)
        stop = end.start() if end else len(t)
        if n is None or not start < stop:
            return []
        spans, pos = [], start
        for sep in [*re.finditer("、", t[start:stop]), None]:
            seg_end = start + sep.start() if sep else stop
            spans.append((pos, seg_end))
            pos = seg_end + 1
        if len(spans) != n or any(not 2 <= b - a <= 40 or project_problem(t, a, b) for a, b in spans):
            return []
        items = [Mention(a, b, self.s.name(a, b)) for a, b in spans]
        return [] if any(self._used(i) for i in items) else items

    def _list_items(self, start: int) -> list[Mention]:
        """The project names listed from ``start``, up to the first segment that is none."""
        t = self.s.text
        out: list[Mention] = []
        pos = start
        m = _LIST_END.search(t, start)
        end = m.start() if m else len(t)
        while pos < end:
            sep = _ITEM_SEP.search(t, pos, end)
            seg_end = sep.start() if sep else end
            for a, b in _split_joined(t, pos, seg_end):
                if not 3 <= b - a <= 40 or not _PROJECT_SUFFIX_END.search(t, a, b):
                    return out
                if project_problem(t, a, b) is not None:
                    return out
                item = Mention(a, b, self.s.name(a, b))
                if not self._used(item):
                    out.append(item)
            pos = seg_end + 1
        return out

    def _named_projects(self) -> None:
        """A named project with an event in its own clause: ``腾讯未来中心于6月落地``, or
        opening an item of a list whose lead-in says the event.

        Not a park that hosts others (``XX产业园已入驻企业50家``) or the place of
        another project (``在XX产业园开工``).
        """
        t = self.s.text
        for proj in self.p.projects:
            inside_org = any(o.start <= proj.start and proj.end <= o.end for o in self.p.orgs)
            if proj.generic or self._used(proj) or inside_org:
                continue
            c_start, c_end = self.s.clause_bounds(proj.start)
            venue = _VENUE.search(t, c_start, proj.start)
            if venue is not None and self.event is not None:
                # 主会场设在A项目地块上: the ceremony is held at one of its own projects
                self.used_names.append((proj.start, proj.end))
                investors = org_prefix(proj.name, self.p.orgs, proj.start) + self._adjacent_org(proj)
                self._deal(proj.name, investors, None, self.event, proj, industry_from=(proj.name,))
                continue
            if _LANDS_IN.search(t, max(0, proj.start - 2), proj.start) and proj.name.endswith(PARKS):
                continue  # …项目落户三教产业园: the park it lands in, no project of its own
            if _AT.search(t, max(0, proj.start - 2), proj.start):
                continue
            if _HOSTED.search(t, proj.end, c_end):
                continue
            if proj.name.endswith(PARKS) and SIGNS_WITH.match(t, proj.end):
                continue  # 浮梁产业园与X有限公司签约Y项目: the park signs as the host, it is no project
            # 惠农区招引的X项目已进入试生产: what the clause says happened to it (after its name)
            # outranks a modifier before it (招引的, 签约的)
            names = self.p.names()
            stage = stage_near(self.s, [proj.end], names, within=(proj.end, c_end))
            stage = stage or stage_near(self.s, [proj.start], names, within=(c_start, c_end))
            stage = stage or self._list_stage(proj, c_start)
            if stage == "started" and _SHELL.search(t, c_start, c_end):
                # 主体厂房已完工，目前已正式投产: the shell built, then what the sentence says it did since
                whole = stage_near(self.s, [proj.end], names, within=(proj.end, len(t)))
                further = whole is not None and STAGE_PROGRESS.index(whole) > STAGE_PROGRESS.index(stage)
                stage = whole if further and whole else stage
            if stage is None and _EXAMPLES.match(t, c_start) and _OF_THESE.search(t, 0, c_start):
                # 这些项目…，既有A项目…，也有B项目…，还有C等: examples of the projects said before
                stage = self.inherited or self.event
            if stage is None:
                continue
            if t.startswith("的", proj.start - 1):
                # 去年签约的X项目，从签约到投产只用了10个月，今年2月已实现投产: a later clause says
                # how far it got since the event that names it
                later = stage_near(self.s, [proj.start], names)
                if later is not None and STAGE_PROGRESS.index(later) > STAGE_PROGRESS.index(stage):
                    stage = later
            self.used_names.append((proj.start, proj.end))
            investors = org_prefix(proj.name, self.p.orgs, proj.start) + self._adjacent_org(proj)
            investors += self._partner_before(proj, c_start)
            self._deal(proj.name, investors, None, stage, proj, industry_from=(proj.name,))

    def _subject_described(self) -> None:
        """``本项目系隆阳区2023年11月招商引资签约项目``: the project being read about, said to be a
        signed (landed, started…) one."""
        described = _DESCRIBED_AS.match(self.s.text)
        if self.referent is None or described is None:
            return
        a, b = self.s.clause_bounds(described.end())
        stage = stage_near(self.s, [described.end()], self.p.names(), within=(a, b))
        if stage is not None and stage != "intent":
            self._deal(self.referent, [], None, stage, Mention(0, described.end(), self.referent))

    def _partner_before(self, proj: Mention, c_start: int) -> list[str]:
        """``与汇驰车桥科技有限公司签约的X项目``: the firm the project was signed with, named in the
        clause that describes it."""
        t = self.s.text
        return [
            o.name
            for o in self.p.orgs
            if not o.generic
            and c_start < o.start
            and o.end < proj.start
            and t[o.start - 1] in "与同跟"
            and _SIGNED_WITH.fullmatch(t, o.end, proj.start)
        ]

    def _list_stage(self, proj: Mention, c_start: int) -> Stage | None:
        """The event a list says of a project it names: ``签约项目包括：A项目、B项目`` (the
        words before the colon), or ``1、A项目；`` opening an item (its lead-in)."""
        t = self.s.text
        if c_start > 0 and t[c_start - 1] in ":：":
            before = stage_near(self.s, [c_start - 1], self.p.names(), within=(0, c_start))
            return before or (self.inherited if self.listed else None)
        if self.opens_item and c_start == self.s.clause_bounds(self.s.marker_end(proj.start))[0]:
            return self.inherited
        return None

    def _listed_firm(self) -> None:
        """``1、海尔智家股份有限公司；`` under 签约企业包括：: an item that is only a firm's name."""
        if not self.opens_item or self.inherited is None:
            return
        for _, b in self.s.markers:
            _, c_end = self.s.clause_bounds(b)
            firm = next((o for o in self.p.orgs if (o.start, o.end) == (b, c_end)), None)
            if firm is not None and not firm.generic and not self._used(firm):
                self.used_names.append((firm.start, firm.end))
                self._deal(None, [firm.name], None, self.inherited, firm)

    def _adjacent_org(self, proj: Mention) -> list[str]:
        """``天合光能股份有限公司年产10GW高效组件项目``: the firm right before the project, or the
        one that builds it (``由X有限公司投资建设的P``)."""
        t = self.s.text
        return [
            o.name
            for o in self.p.orgs
            if not o.generic and (o.end == proj.start or _BUILT_BY.fullmatch(t, o.end, proj.start))
        ]
