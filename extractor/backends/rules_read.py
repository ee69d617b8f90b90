"""Reading one sentence into deal and aggregate drafts (the rules backend's core).

Order matters: enumerations and size classes claim their amounts first, then
each remaining amount becomes an aggregate (a count or a total word goes with
it), a deal (a named project or investor goes with it), or nothing. Named
projects and firms with a stated event but no amount come last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..schema import AggregateDraft, DealDraft, Measure, Stage
from ..text.amounts import MoneyMatch, find_money
from ..text.lexicon import FIRM_END, alternation
from ..text.places import find_places
from .rules_cues import (
    Count,
    date_in,
    find_counts,
    has_total,
    industry_of,
    measure_of,
    money_role,
    scope_time,
    stage_near,
)
from .rules_names import (
    Enumeration,
    Mention,
    find_enumerations,
    find_orgs,
    find_projects,
    is_generic,
    org_prefix,
    walk_back,
)
from .rules_text import Sentence

# A place right after one of these is where the project is.
_LOCATIVE = re.compile("(?:在|落户|落地|位于|于|入驻|落子|扎根|进驻|来到)$")
# ``百亿级项目`` / ``亿元以上企业``: an amount that sizes a class of projects.
_CLASS_NOUN = re.compile(r"[^,，;；。、的]{0,8}?(?:项目|企业)")
_COUNTED = re.compile(r"(?:\d+|[一二两三四五六七八九十]+)[个家项]$")
_EACH_WITH = re.compile("分别(?:与|同|和)")
_REPRESENTATIVE = re.compile(r"为代表的(?:一批)?[^,，;；。]{0,8}?(?P<noun>企业|项目)")
_FIRM_EVENT = re.compile("落户|入驻|落地|签约|投产|开工")
_FIRM_END = re.compile(f"(?:{alternation(FIRM_END)})$")
_LEAD_TIME = re.compile(r"(?:\d+年|\d+月|\d+日|今年|去年|近日|日前|目前|近年来|随后|当天|已|也|还)*")
_PROJECT_LIKE = re.compile(r"(?:项目|产业园|基地|中心|总部|工厂|研究院|工作站|乐园|博物馆|小镇|园)$")


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

    def names(self) -> list[tuple[int, int]]:
        """Spans of real names (not 新开工项目), where cue words are part of a name."""
        spans = [(m.start, m.end) for m in (*self.projects, *self.orgs) if not m.generic]
        return spans + [(i.start, i.end) for e in self.enums for i in e.items]


def parse_sentence(s: Sentence, aliases: dict[str, str]) -> Parsed:
    moneys = find_money(s.text)
    orgs = find_orgs(s, aliases)
    in_org = [(o.start, o.end) for o in orgs]
    places = [p for p in find_places(s.text) if not any(a <= p[0] < b for a, b in in_org)]
    return Parsed(
        s, moneys, find_projects(s, aliases), orgs, find_enumerations(s), find_counts(s, moneys), places
    )


class Reader:
    """Reads one parsed sentence.

    ``context`` is the place the paragraphs around it are about; ``inherited`` the
    stage of the sentence it details (``其中…``), for deals whose own sentence says none.
    """

    def __init__(self, p: Parsed, context: str | None, inherited: Stage | None = None) -> None:
        self.p, self.s, self.context, self.inherited = p, p.s, context, inherited
        self.deals: list[DealDraft] = []
        self.aggregates: list[AggregateDraft] = []
        self.used_money: set[int] = set()
        self.used_counts: set[int] = set()
        self.used_names: list[tuple[int, int]] = []

    def read(self) -> None:
        if self.s.heading:
            # a heading restates its story; only a project's amount in it is worth a record
            for m in self.p.moneys:
                self._money(m, deals_only=True)
            return
        enum_stage = {id(e): self._enumeration(e) for e in self.p.enums}
        for c in self.p.counts:
            if c.size_class is not None:
                enum = next((e for e in self.p.enums if e.tail_start <= c.start < e.tail_end), None)
                self._size_class(c, c.size_class, enum_stage.get(id(enum)) if enum else None)
        for m in self.p.moneys:
            if m.start not in self.used_money:
                self._money(m)
        self._each_with()
        self._representative()
        self._firm_event()
        self._counted_projects()
        self._named_projects()

    # ------------------------------------------------------------------ names without amounts

    def _enumeration(self, e: Enumeration) -> Stage | None:
        """``A、B、C等…项目``: one deal per item; the amount in ``2个百亿级项目`` goes to each."""
        self.used_counts.update(c.start for c in self.p.counts if e.tail_start <= c.start < e.tail_end)
        money = next((m for m in self.p.moneys if e.mid[0] <= m.start < e.mid[1]), None)
        if money is not None:
            self.used_money.add(money.start)
            if money_role(self.s, money) == "not_deal":
                return None
        within = None if e.closes_clause else self.s.clause_bounds(e.tail_start)
        stage = stage_near(self.s, [e.items[0].start, e.tail_start], self.p.names(), within=within)
        if stage is None:
            return None
        projects = e.noun == "项目" and any(_PROJECT_LIKE.search(i.name) for i in e.items)
        subject = [o.name for o in self.p.orgs if not o.generic and o.end <= e.items[0].start]
        subject = subject if self.s.clause_index(e.items[0].start) == self._org_clause(subject) else []
        tail = self.s.text[e.tail_start : e.tail_end]
        for item in e.items:
            if item.generic:
                continue
            self.used_names.append((item.start, item.end))
            texts = (item.name, tail)
            if projects:
                investors = subject + org_prefix(item.name, self.p.orgs, item.start)
                self._deal(item.name, investors, money, stage, item, industry_from=texts)
            else:
                self._deal(None, [item.name], money, stage, item, industry_from=texts)
        return stage

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

    def _named_projects(self) -> None:
        """A named project with an event in its own clause: ``腾讯未来中心于6月落地``."""
        for proj in self.p.projects:
            if proj.generic or self._used(proj) or any(o.start <= proj.start < o.end for o in self.p.orgs):
                continue
            stage = stage_near(self.s, [proj.start], self.p.names(), within=self.s.clause_bounds(proj.start))
            if stage is None:
                continue
            self.used_names.append((proj.start, proj.end))
            investors = org_prefix(proj.name, self.p.orgs, proj.start) + self._adjacent_org(proj)
            self._deal(proj.name, investors, None, stage, proj, industry_from=(proj.name,))

    def _used(self, m: Mention) -> bool:
        return any(a < m.end and m.start < b for a, b in self.used_names)

    # ------------------------------------------------------------------ amounts

    def _money(self, m: MoneyMatch, *, deals_only: bool = False) -> None:
        s, t = self.s, self.s.text
        role = money_role(s, m)
        if role == "not_deal" or self._is_class(m):
            return
        c_start, c_end = s.clause_bounds(m.start)
        measure = measure_of(s, m)
        pooled = measure in {"funds_in_place", "contracted_foreign_capital"}
        # funds in place cover earlier years' projects too: not the count's
        count = None if measure == "funds_in_place" else self._count_for(m)
        if count is not None or pooled or has_total(s, c_start, m.start) or self._after_list(m):
            if not deals_only:
                self._aggregate(count, m, measure)
            return
        stage = stage_near(s, [m.start], self.p.names()) or self.inherited
        if role == "unknown" and stage is None:
            return
        projects = self._projects_for(m, c_start, c_end)
        investors = [o for o in self.p.orgs if not o.generic and self._near(o, m) and not self._used(o)]
        if not projects and not investors:
            return
        each = "分别" in t[c_start : m.start]
        if each and len(investors) > 1 and len(projects) <= 1:
            for o in investors:
                self._deal(projects[0].name if projects else None, [o.name], m, stage, o)
            return
        if not (each and len(projects) > 1):
            projects = projects[:1]
        targets: list[Mention | None] = [*projects] or [None]
        for proj in targets:
            names = [o.name for o in investors if not (proj and proj.start <= o.start < proj.end)]
            if proj is not None:
                names += org_prefix(proj.name, self.p.orgs, proj.start) + self._adjacent_org(proj)
                stage = stage_near(s, [proj.start, m.start], self.p.names()) or stage
            self._deal(proj.name if proj else None, names, m, stage, proj or Mention(m.start, m.end, m.text))

    def _after_list(self, m: MoneyMatch) -> bool:
        """``包括A、B、C等，总投资超过150亿元``: a sum right after a list of projects is their total."""
        here = self.s.clause_index(m.start)
        listed = [p for p in self.p.projects if not p.generic and p.end <= m.start]
        if not listed:
            return False
        last = listed[-1]
        around = self.s.text[max(0, last.start - 1) : last.end + 1]
        in_list = "、" in around or any(e.items[-1].end <= m.start for e in self.p.enums)
        return in_list and self.s.clause_index(last.start) in {here, here - 1}

    def _is_class(self, m: MoneyMatch) -> bool:
        """``50亿元以上重大产业项目`` / ``百亿级项目``: a class of projects, not an amount of one."""
        t = self.s.text
        noun = _CLASS_NOUN.match(t, m.end)
        if noun is None:
            return False
        counted = _COUNTED.search(t, max(0, m.start - 4), m.start) is not None
        counted = counted or re.match(r"\d+[个家项]", t[noun.end() : noun.end() + 5]) is not None
        return counted or m.money.kind == "at_least"

    def _count_for(self, m: MoneyMatch) -> Count | None:
        """A count of projects or firms in the money's clause or the one before."""
        here = self.s.clause_index(m.start)
        for c in reversed(self.p.counts):
            if c.start >= m.start or c.size_class is not None or c.start in self.used_counts:
                continue
            if self.s.clause_index(c.start) in {here, here - 1}:
                self.used_counts.add(c.start)
                return c
        return None

    def _projects_for(self, m: MoneyMatch, c_start: int, c_end: int) -> list[Mention]:
        """The money's projects: ``X亿元的P``, else the named P before it, else one after it."""
        free = [p for p in self.p.projects if not self._used(p)]
        free = [p for p in free if not any(o.start <= p.start and p.end <= o.end for o in self.p.orgs)]
        after = [p for p in free if m.end <= p.start < c_end]
        if not after and c_end < len(self.s.text):
            # 投资约50亿元，在X建设年产20万吨新材料项目: the purpose clause names it
            after = [p for p in free if c_end < p.start < self.s.clause_bounds(c_end + 1)[1]]
        if after and self.s.text.startswith("的", m.end) and after[0].start == m.end + 1:
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
                chosen = before[-1:] or named_after[:1] or described[-1:]
        self.used_names.extend((p.start, p.end) for p in chosen)
        return chosen

    def _adjacent_org(self, proj: Mention) -> list[str]:
        """``天合光能股份有限公司年产10GW高效组件项目``: the firm right before the project."""
        return [o.name for o in self.p.orgs if o.end == proj.start and not o.generic]

    def _near(self, o: Mention, m: MoneyMatch) -> bool:
        """An organisation in the money's clause or the three before may be its investor."""
        here = self.s.clause_index(m.start)
        return here - 3 <= self.s.clause_index(o.start) <= here

    # ------------------------------------------------------------------ drafts

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
        s = self.s
        a, b = s.clause_bounds(at.start)
        industry = industry_of(*(industry_from or (at.name, s.text[a:b])))
        date = date_in(s, a, b) or date_in(s, 0, len(s.text))
        self.deals.append(
            DealDraft(
                paragraph=s.paragraph,
                evidence=s.raw,
                project=project,
                investors=list(dict.fromkeys(investors)),
                location=self._location(at),
                industry=industry,
                amount_text=s.quote(money.start, money.end) if money else None,
                stage=stage or "other",
                date_text=s.quote(*date) if date else None,
            )
        )

    def _location(self, at: Mention) -> str | None:
        """A place the sentence puts the project in, else the context, else one in its name."""
        names = self.p.names()
        outside = [p for p in self.p.places if not any(a <= p[0] < b for a, b in names)]
        located = [p for p in outside if _LOCATIVE.search(self.s.text, max(0, p[0] - 2), p[0])]
        if located:
            best = min(located, key=lambda p: abs(p[0] - at.start))
            return self.s.name(best[0], best[1])
        if outside:
            return self.s.name(outside[0][0], outside[0][1])
        if self.context:
            return self.context
        inside = [p for p in self.p.places if at.start <= p[0] < at.end]
        return self.s.name(inside[0][0], inside[0][1]) if inside else None

    def _aggregate(
        self, count: Count | None, m: MoneyMatch | None, measure: Measure, stage: Stage | None = None
    ) -> None:
        s = self.s
        anchors = ([count.start] if count else []) + ([m.start] if m else [])
        for anchor in anchors:
            if stage is not None:
                break
            stage = stage_near(s, [anchor], self.p.names(), within=s.clause_bounds(anchor))
        end = min(anchors)
        time = scope_time(s, end)
        places = [p for p in self.p.places if p[0] < end]
        place = s.name(places[-1][0], places[-1][1]) if places else self.context
        scope = " ".join(x for x in (s.quote(*time) if time else None, place) if x) or None
        self.aggregates.append(
            AggregateDraft(
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
        if money_role(self.s, m) != "not_deal":
            self._aggregate(c, m, "other", stage)

    def _counted_projects(self) -> None:
        """``共引进项目23个`` / ``43个产业项目新开工``: a count of projects with an event, no sum."""
        for c in self.p.counts:
            if c.size_class is not None or c.start in self.used_counts or c.noun != "项目":
                continue
            if stage_near(self.s, [c.start], self.p.names(), within=self.s.clause_bounds(c.start)) is None:
                continue
            self.used_counts.add(c.start)
            self._aggregate(c, None, "investment")
