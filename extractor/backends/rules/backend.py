"""The offline backend: deals and aggregates from cue words, no model.

Per sentence (``read``): find money, drop what is not an investment
(loans, subsidies, revenue, GDP, fund registrations …, see ``cues``),
pair totals with their project counts as aggregates, and give the rest to the
nearest named project or investor as a deal. Named projects or firms in a
list closed by ``等…项目``, and a named project with an event in its clause,
are deals without an amount. Each item of a numbered list (``lists``) is read
on its own, with the event and place of its lead-in. A deal whose sentence names
no place sits in the place the surrounding paragraphs talk about. Mentions of one project across
the article are merged, keeping the most complete.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections import Counter

from ...schema import STAGE_PROGRESS, AggregateDraft, Article, DealDraft, ExtractionDraft, Stage
from ...text.lexicon import (
    AREA_HEADS,
    GOAL_LEAD,
    OFFICIAL_TITLES,
    PLAN_HEADS,
    PROGRESS_TIME,
    REPORT_HEADS,
    THESE,
    ZONE_SUFFIX,
    alternation,
)
from ...text.names import is_generic, opens_a_name, same_firm, same_project
from ...text.normalize import normalize_text
from ...text.paragraphs import LIST_MARKER, marker_shape
from ...text.places import find_places, parse_location
from ..base import BackendResult
from .cards import Cards, contract_firm
from .corrections import without_retracted
from .cues import stage_near
from .draft import AREA_AT_VENUE, is_venue
from .lists import lead_stage, list_leads
from .mentions import find_aliases
from .read import PHASE_WORD, REFERS, Parsed, Reader, parse_sentence
from .sentence import split_sentences
from .tables import Header, rule_row, table_header

_ZONE = re.compile(f"(?:{alternation(ZONE_SUFFIX)})$")
# 其中… / 按产业分：… / 从产业分布看，…: the sentence breaks down the one before.
_PART_OF = re.compile(
    "(?:其中|当中|这其中|按[^，,：:。]{1,6}分[：:，,]|从[^，,：:。]{1,8}看[：:，,]|分[^，,：:。]{1,4}看[：:，,])"
)
# How many paragraphs back the context place is looked for.
_CONTEXT_PARAGRAPHS = 3
# How far before the context's paragraphs an earlier item of the same list is looked for.
_ITEM_REACH = 10


_ZONE_HEAD = re.compile(f"^[\u4e00-\u9fff]{{2,12}}(?:{alternation(ZONE_SUFFIX + AREA_HEADS)})$")


# A report's numbered section (二、2023年主要目标和重点工作) and a goal's lead-in (主要预期目标是：).
_TOP_SECTION = re.compile(r"^[一二三四五六七八九十]+、(?P<head>[^，,。；;]{0,24})")
_PLAN_HEAD = re.compile(f"(?:{alternation(PLAN_HEADS)})$")
_REPORT_HEAD = re.compile(alternation(REPORT_HEADS))
_GOAL_LEAD = re.compile(GOAL_LEAD)
_DONE_SAID = re.compile(r"已(?:经)?[^，,。；;]{0,6}(?:签约|签订|开工|投产|落地|落户|建成|竣工)")
_PROGRESS_TIME = re.compile(PROGRESS_TIME)


class _Plans:
    """Whether each sentence, read in order, stands where a report sets out what is to be done: in
    a section whose head ends in targets or tasks (二、2023年主要目标和重点工作; not 一、主要目标全面完成,
    nor a head that reports on them), or after a lead-in that sets targets (主要预期目标是：…), up to
    the lead-in's full stop. Such a sentence reports no deal, unless it says something was done
    (已签约) or dates progress (截至11月底, 今年以来, 1—5月)."""

    def __init__(self) -> None:
        self.section = False
        self.goal = False

    def step(self, p: Parsed) -> bool:
        text = p.s.text
        if (m := _TOP_SECTION.match(text)) is not None:
            head = m["head"].rstrip("。 ")
            self.section = _PLAN_HEAD.search(head) is not None and _REPORT_HEAD.search(head) is None
        elif text.startswith(("附件", "附表", "附：")):
            self.section = False  # an appendix is no part of the last section
        if _GOAL_LEAD.search(text):
            self.goal = True
        planned = self.section or self.goal
        if text.rstrip().endswith(("。", "！", "!")):
            self.goal = False  # a goal's lead-in governs its own sentence and the parts after ；
        return planned and _DONE_SAID.search(text) is None and _PROGRESS_TIME.search(text) is None


# An article about a trip to other places (外出招商, 赴长三角招商, 拜访客商), as its title or lead says.
_LEAD_CHARS = 200
_TRIP = re.compile(r"外出招商|赴[^，,。；;]{0,8}(?:招商|考察|拜访|对接)|拜访|走访客商|小分队")


def _head_place(text: str) -> str | None:
    """The place an item's head is, when the head is a place alone (（一）池州经开区。, 3.石台县：)."""
    m = LIST_MARKER.match(text)
    if m is None:
        return None
    head = re.match(r"[^，,。；;：:]{2,16}(?=[。：:])", text[m.end() :])
    if head is None:
        return None
    name = head.group()
    places = find_places(name)
    whole = len(places) == 1 and places[0][:2] == (0, len(name))
    # (a zone no place table holds: （二）江南新兴产业集中区。)
    return name if whole or (_ZONE_HEAD.search(name) and not _CLAUSE_MARKS.search(name)) else None


def _item_shape(text: str) -> str | None:
    """The shape of the list marker a paragraph opens with (``marker_shape``), None for none."""
    m = LIST_MARKER.match(text)
    return marker_shape(m.group()) if m else None


class RulesBackend:
    """Deals and aggregates from cue words and patterns; deterministic and offline."""

    name = "rules"

    def extract(self, article: Article) -> BackendResult:
        sentences = split_sentences(article)
        aliases = find_aliases(sentences)
        parsed = [parse_sentence(s, aliases) for s in sentences]
        leads = list_leads(parsed)
        places = _Places(parsed, article)
        article_place = places.article()
        event = _article_event(parsed)
        deals: list[DealDraft] = []
        aggregates: list[AggregateDraft] = []
        referent: str | None = None
        subject = _title_project(parsed)
        visited = _visited(article.text)
        cards, plans = Cards(), _Plans()
        table_lead: int | None = None  # the lead-in (…公示如下：) of the table being read
        item_firm: str | None = None  # the firm the list item being read is headed by (3.X有限公司)
        item_at = 0  # the paragraph that item opens
        item_name: tuple[str, str | None] | None = None  # the project an item names alone (5.X项目。)
        header: Header | None = None  # the header of the table whose rows are being read
        for i, p in enumerate(parsed):
            row = header.row(p.s) if header is not None else None
            if row is not None:
                p = parsed[i] = dataclasses.replace(p, row=row)  # read by its columns
            elif header is None or not rule_row(p.s):
                header = table_header(p.s)
            if i and p.s.paragraph - parsed[i - 1].s.paragraph > 1:
                referent = table_lead = None
            if p.s.heading:
                referent = None  # a heading opens another story (the 简讯 of a page)
            alone = (i == 0 or parsed[i - 1].s.paragraph != p.s.paragraph) and (
                i + 1 == len(parsed) or parsed[i + 1].s.paragraph != p.s.paragraph
            )
            card = cards.step(p, cards.alone(parsed, i, alone))
            context, inherited = places.context(parsed, i), _inherited_stage(parsed, i)
            listed = leads.get(i)
            if listed is not None:
                # a list item happens where, and as, its lead-in says, unless its own lines or the
                # heading it stands under say where ((一)当涂县 / 1.… / 2.…)
                own = context if places.sectioned(p.s.paragraph) or places.head(p.s.paragraph) else None
                context = own or places.context(parsed, listed.lead) or context
                inherited = inherited or lead_stage(parsed, listed.lead)
            if p.row is not None and table_lead is not None:
                # a table's rows happen as its lead-in says (新签约招商引资项目情况公示如下：)
                inherited = inherited or lead_stage(parsed, table_lead)
            elif p.s.text.rstrip().endswith(("：", ":")):
                table_lead = i
            context = context or places.fallback(parsed, i, article_place)
            opens = listed is not None and listed.opens
            # 本项目系…, 二期项目总投资…: with no project read lately, a notice's own project
            pointer = _POINTS_AT_SUBJECT.match(p.s.text) if referent is None else None
            phase = PHASE_WORD.search(pointer.group()) if pointer else None
            # (二期项目总投资… under a title naming the 一期项目: another phase than the title's)
            fits = pointer is not None and subject is not None and (phase is None or phase.group() in subject)
            about = subject if fits else referent
            reader = Reader(
                p,
                context,
                inherited,
                card.project if card else about,
                listed=listed is not None,
                opens_item=opens,
                event=event,
                fact_line=card is not None,
                widen=places.widen,
                province=places.province,
                part_of=_continues_part(parsed, i),
                area_before=_area_before(parsed, i),
            )
            planned = plans.step(p)
            if not (visited and _about_visited(p, visited)) and not planned:
                reader.read()  # (中卫市…新签约项目21个, in a report on a visit to 中卫: theirs, not ours)
            reader.deals = cards.own(cards.by_role(reader.deals, p), card, p)
            if p.s.item:
                item_firm, item_at = _item_firm(p), p.s.paragraph
            elif p.s.paragraph - item_at > _ITEM_LINES:
                item_firm = None  # past the item's lines
            # 3.X有限公司 / 认定事由：该企业投资建设的Y项目…: X invests in Y
            pointed = item_firm if item_firm is not None and _points_at(p, item_firm) else None
            if not p.s.item and any(not o.generic for o in p.orgs):
                item_firm = None  # another firm named: a later 该企业 is that one
            # 有请甲县和X有限公司的代表上台。签约项目是Y项目，总投资…: X signs Y
            firm = pointed or (_introduced_firm(parsed[i - 1], p) if i else None)
            if firm is not None:
                reader.deals = [
                    d if d.investors else d.model_copy(update={"investors": [firm]}) for d in reader.deals
                ]
            if p.s.item:
                item_name = _named_alone(p, reader.deals)
            elif item_name is not None and p.s.paragraph == item_at:
                # 5.X项目。由Y公司投资5.6亿元建设: the item's lines are of the project it names (and
                # where it names it: 1.水富市…项目)
                reader.deals = [d if d.project else _of_item(d, item_name) for d in reader.deals]
            else:
                item_name = None
            if card is not None:
                card.slots += range(len(deals), len(deals) + len(reader.deals))
            deals.extend(reader.deals)
            cards.restage(deals)
            aggregates.extend(reader.aggregates)
            named = [m.name for m in p.projects if not m.generic]
            named += [d.project for d in reader.deals if d.project]
            # (6.威信县现代物流园项目。项目总投资约4.6亿元: the item's own name, read or not)
            referent = named[-1] if named else item_name[0] if item_name and p.s.item else referent
        headings = {p.s.paragraph for p in parsed if p.s.heading}
        merged = _fold_firm_only(_merge_deals(_without_restated(deals, headings), aliases))
        merged = without_retracted(merged, article.text)
        if (party := contract_firm(parsed)) is not None:
            # 乙方：X有限公司 … 1.项目名称：Y项目 … 4.投资规模：总投资6.8亿元: the firm invests in Y (not
            # in another project the same page reports)
            titled = cards.titles
            merged = [
                d.model_copy(update={"investors": [party]}) if not d.investors and d.project in titled else d
                for d in merged
            ]
        # the first line of an article of several is its headline, whatever its punctuation
        titles = headings | ({parsed[0].s.paragraph} if len({p.s.paragraph for p in parsed}) > 1 else set())
        draft = ExtractionDraft(deals=merged, aggregates=_merge_aggregates(aggregates, titles))
        return BackendResult(draft=draft)


# A ceremony's call to the stage (有请甲县和X有限公司的代表上台), and a new group called after it.
_CALLED_UP = re.compile("有请|上台")
_NEW_GROUP = re.compile(r"^第[一二三四五六七八九十\d]+组")


def _introduced_firm(before: Parsed, p: Parsed) -> str | None:
    """The one firm the sentence before ``p``, in its paragraph, calls up to sign and does nothing
    else with (no project, no money), when ``p`` names no firm itself and calls no other group:
    the firm ``p``'s deals are of (a firm met, or speaking, is no investor)."""
    if before.s.paragraph != p.s.paragraph or any(not o.generic for o in p.orgs):
        return None
    if not _CALLED_UP.search(before.s.text) or _NEW_GROUP.match(p.s.text):
        return None
    if before.moneys or any(not m.generic for m in before.projects):
        return None
    firms = {o.name for o in before.orgs if not o.generic}
    return next(iter(firms)) if len(firms) == 1 else None


# 该企业投资建设的…: a sentence about the firm named before it
_POINTS_AT_FIRM = re.compile("该(企业|公司|集团)")
# How many paragraphs an item headed by a firm may run (its code line, its reason …).
_ITEM_LINES = 3


def _points_at(p: Parsed, firm: str) -> bool:
    """Whether the sentence speaks of ``firm``, named before it, as 该企业 (该集团 of a 集团 only),
    naming no firm itself."""
    m = _POINTS_AT_FIRM.search(p.s.text)
    if m is None or any(not o.generic for o in p.orgs):
        return False
    return m.group(1) != "集团" or "集团" in firm


def _item_firm(p: Parsed) -> str | None:
    """The firm an item of a list is headed by when the item's first line is only its name
    (``3.调兵山市X机械制造有限公司``): what the item's 该企业 points back at."""
    if not p.s.item:
        return None
    start, end = p.s.markers[0][1], len(p.s.text.rstrip("；;。，,"))
    return next((o.name for o in p.orgs if (o.start, o.end) == (start, end) and not o.generic), None)


# A sentence that opens with the project a notice is about (本项目系…签约项目, 二期项目总投资…).
_POINTS_AT_SUBJECT = re.compile(
    r"(?:[\d.]+\s*)?(?:[\u4e00-\u9fff]{2,8}[:：])?(?:(?:本|该)(?:项目|工程)|(?:本次)?[一二三四五六七八九十]期(?:项目|工程))"
)


# A report on a study visit elsewhere: 赴中卫、固原学习考察招商引资工作 (learning from them; not 客商赴乐山
# 考察, investors visiting the place that reports).
_VISIT = re.compile(r"赴([^，。；;]{2,24}?)(?:学习考察|考察学习|对标学习|学习调研|调研学习)")


def _visited(text: str) -> frozenset[str]:
    """The places an article reports a study visit to (their figures are not its deals)."""
    return frozenset(
        place.rstrip("市县区")
        for visit in _VISIT.finditer(text)
        for _, _, place in find_places(visit.group(1))
    )


def _about_visited(p: Parsed, visited: frozenset[str]) -> bool:
    """Whether the sentence opens with a place visited (中卫市依托…), not a firm of it."""
    start = p.s.marker_end(len(p.s.text))
    first = next((x for x in p.places if x[0] >= start), None)
    return (
        first is not None
        and first[0] == start
        and first[2].rstrip("市县区") in visited
        and not any(o.start <= first[0] < o.end for o in p.orgs)
    )


_CLAUSE_MARKS = re.compile("[，,。；;]")


def _title_project(parsed: list[Parsed]) -> str | None:
    """The one project a notice's title names (X公司年产2万吨咖啡精深加工二期项目EPC招标公告), which
    its body calls 本项目: None when the title names none, or several."""
    first = parsed[0].s.paragraph if parsed else 0
    # a title line (a time stamp may come first), not a sentence of the story
    head = [p for p in parsed if p.s.paragraph <= first + 1 and not _CLAUSE_MARKS.search(p.s.text)]
    named = {normalize_text(m.name): m.name for p in head for m in p.projects if not m.generic}
    if len(named) != 1:
        return None
    return next(iter(named.values()))


class _Places:
    """The places each paragraph mentions, weighted by precision, read once per article.

    A place whose province disagrees with where the article mostly is (a bare 盐湖, read
    as 运城's 盐湖区 in a story about 青海) is left out of the context. Each paragraph keeps,
    per place, the sentences that name it, so the context of a sentence costs the number of
    distinct places near it, not the number of mentions (a one-paragraph article stays linear).
    """

    def __init__(self, parsed: list[Parsed], article: Article) -> None:
        self.text = text = article.text
        # the numbered items (3.调兵山市X有限公司 …) each paragraph opens, by the shape of their marker
        self.items = {
            q.n: shape for q in article.paragraphs if (shape := _item_shape(article.paragraph_text(q.n)))
        }
        # the place an item's head names (（一）池州经开区。…): where the item's deals are, unless the
        # article reports a trip (外出招商: （一）上海。 is where the visits were, not the projects)
        heads = {n: head for n in self.items if (head := _head_place(article.paragraph_text(n)))}
        self.heads = {} if _TRIP.search(text, 0, _LEAD_CHARS) else heads
        # (a head the place table reads whole: its province can be checked against the article's)
        self.known_heads = {
            h for h in self.heads.values() if [x[:2] for x in find_places(h)] == [(0, len(h))]
        }
        self.windows: dict[int, tuple[list[int], bool]] = {}  # by paragraph, as ``_window`` reads it
        self.lead_ins = {
            q.n for q in article.paragraphs if article.paragraph_text(q.n).rstrip().endswith((":", "："))
        }
        mentions: list[tuple[int, int, str]] = []  # (paragraph, sentence, place)
        # every place written, names' included (常德市人民政府): what a smaller place is part of
        self.written: Counter[str] = Counter()
        towns = _towns(text)  # 夏云镇人民政府: a township no place table holds
        for j, p in enumerate(parsed):
            mentions += [(p.s.paragraph, j, town) for town in towns if town in p.s.text]
            names = p.names()  # a place inside a firm's or project's name is not where it is
            outside = [(a, b) for a, b, _ in p.places if not any(x <= a < y for x, y in names)]
            # 陕西芃蘅生物科技有限公司, a firm whose name was read short: where it comes from
            outside = [(a, b) for a, b in outside if not opens_a_name(p.s.text, b)]
            # 在杭州举办推介会: a venue is not where the story's projects are
            outside = [(a, b) for a, b in outside if not is_venue(p.s.text, a, b)]
            mentions += [(p.s.paragraph, j, p.s.name(a, b)) for a, b in outside]
            self.written.update(p.s.name(a, b) for a, b, _ in p.places)
        provinces = Counter(pr for _, _, t in mentions if (pr := parse_location(t).province) is not None)
        top = provinces.most_common(2)
        # a clear majority only (twice the next): two provinces named alike leave every place in
        province = top[0][0] if top and (len(top) == 1 or top[0][1] >= 2 * top[1][1]) else None
        self.province = province
        self.by_paragraph: dict[int, dict[str, list[int]]] = {}
        for paragraph, j, text in mentions:
            if province is None or parse_location(text).province in {None, province}:
                self.by_paragraph.setdefault(paragraph, {}).setdefault(text, []).append(j)

    def context(self, parsed: list[Parsed], i: int) -> str | None:
        """The place this and the few paragraphs before talk about most (the latest wins ties).

        Mentions are weighted by how precise they are (a district over a city over
        a province), so 松江区洞泾镇 wins over a passing list of 上海、安徽、江苏.
        The sentence's own paragraph counts whole: a lead may name its place a
        sentence later.
        """
        n = parsed[i].s.paragraph
        head = self.head(n)
        if head is not None:
            return head  # （一）池州经开区。X项目…: the item's head, not the place before it
        seen: Counter[str] = Counter()
        last: dict[str, int] = {}
        for paragraph in self._near(n):
            for text, sentences in self.by_paragraph.get(paragraph, {}).items():
                seen[text] += _precision(text) * len(sentences)
                k = bisect.bisect_right(sentences, i)  # the latest mention up to this sentence
                last[text] = max(last.get(text, -1), sentences[k - 1] if k else -1)
        if not seen:
            return None
        return max(seen, key=lambda t: (seen[t], last[t], len(t)))

    def head(self, n: int) -> str | None:
        """The place the head of the item paragraph ``n`` stands in names, if it names one alone."""
        own = next((q for q in range(n, n - _CONTEXT_PARAGRAPHS - 1, -1) if q in self.items), None)
        head = self.heads.get(own) if own is not None else None
        if head in self.known_heads and parse_location(head).province not in {None, self.province}:
            return None  # a head in another province than the article's is not where its deals are
        return head

    def _near(self, n: int) -> list[int]:
        if n not in self.windows:
            self.windows[n] = self._window(n)
        return self.windows[n][0]

    def _window(self, n: int) -> tuple[list[int], bool]:
        """The paragraphs whose places are the context of paragraph ``n``: the few before it, less
        those of the items before its own in a numbered list (1.A公司… 2.B公司…): another item's
        place is another project's. The list's lead-in, or the heading of another shape it stands
        under (（一）当涂县), counts up to ``_ITEM_REACH`` paragraphs above the context's. Also
        whether ``n`` is in such a list (its context is then its item's own, over the lead-in's)."""
        lo = n - _CONTEXT_PARAGRAPHS
        own = next((q for q in range(n, lo - 1, -1) if q in self.items), None)
        if own is None:
            return list(range(lo, n + 1)), False
        first = own  # the first item of the list paragraph ``n`` is in, as far as it is in reach
        above: int | None = None  # the heading (（一）当涂县) or lead-in the list stands under
        for q in range(own - 1, lo - _ITEM_REACH - 1, -1):
            if self.items.get(q) == self.items[own]:
                first = q
            elif q in self.items or q in self.lead_ins:
                above = q  # a heading of another shape, or the list's lead-in (同日开工的项目有：)
                break
        near = [q for q in range(lo, n + 1) if q < first or q >= own]
        if above is not None and above < lo:
            near.insert(0, above)
        return near, first < own or (above is not None and above in self.items)

    def sectioned(self, n: int) -> bool:
        """Whether paragraph ``n`` is in an item of a list whose context is its own: other items
        left out, or under a heading of another shape."""
        self._near(n)
        return self.windows[n][1]

    def fallback(self, parsed: list[Parsed], i: int, place: str | None) -> str | None:
        """The place of a sentence whose paragraphs name none: the article's ``place``; only its
        city when that place is one of the other items' of its list, left out of its context
        (1.…落户大丰区 2.…落户东台市 3.… in a story about 盐城: 大丰区 is item 1's)."""
        n = parsed[i].s.paragraph
        near = self._near(n)
        left_out = {
            text
            for q in range(n - _CONTEXT_PARAGRAPHS, n + 1)
            if q not in near
            for text in self.by_paragraph.get(q, {})
        }
        return self.widen(place, 2) if place in left_out else place

    def widen(self, place: str, level: int) -> str | None:
        """The place of ``level`` (2 a city, 1 a province) the article names that holds ``place``
        (晋城市 for 泽州县), the most named first; ``place`` itself when it is that wide already."""
        if _precision(place) <= level:
            return place
        inside = parse_location(place)
        key = inside.city if level == 2 else inside.province
        if key is None:
            return None
        wider = [
            text
            for text in self.written
            if _precision(text) == level
            and (parse_location(text).city if level == 2 else parse_location(text).province) == key
        ]
        if wider:
            return max(wider, key=lambda t: (self.written[t], len(t)))
        # named only where no sentence is read (来源：常德市人民政府办公室)
        return key if key in self.text else None

    def article(self) -> str | None:
        """The place the whole article talks about most, weighted by precision (a last resort)."""
        seen: Counter[str] = Counter()
        for places in self.by_paragraph.values():
            for text, sentences in places.items():
                seen[text] += _precision(text) * len(sentences)
        return max(seen, key=lambda t: (seen[t], len(t))) if seen else None


# A ceremony or meeting where many projects are signed or started at once.
_CEREMONY = re.compile("仪式|活动|大会|推介会|洽谈会|签约会|博览会|交易会|论坛|集中签约|集中开工|集中竣工")


def _article_event(parsed: list[Parsed]) -> Stage | None:
    """The stage of the first ceremony the article reports (集中开工仪式 → started), if any."""
    for p in parsed:
        for m in _CEREMONY.finditer(p.s.text):
            a, b = p.s.clause_bounds(m.start())
            stage = stage_near(p.s, [m.start()], p.names(), within=(a, b))
            if stage is not None and stage != "other":
                return stage
    return None


_PER_AGREEMENT = re.compile(r"(?:根据|按照|依据|按)协议")
# 本次开工的16个项目中，工业项目11个…；基础设施项目5个: a breakdown goes on after a semicolon.
_PART_LEAD = re.compile("其中|项目中")


_THESE = re.compile(f"(?:{alternation(THESE)})项目")


def _named_alone(p: Parsed, deals: list[DealDraft]) -> tuple[str, str | None] | None:
    """The project a list item's sentence is no more than the name of (5.彝良县天麻全产业链项目。),
    and the place it is read at. A name of common words counts when a place opens it
    (6.威信县现代物流园项目。: an item of a list of projects, not a heading of a kind)."""
    if p.moneys:
        return None
    rest = p.s.text[p.s.marker_end(0) :].strip().rstrip("。；;，, ")
    named = [(d.project, d.location) for d in deals if d.project]
    placed = [(m.name, place) for m in p.projects for a, _, place in p.places if a == m.start]
    found = named or placed
    if len(found) != 1:
        return None
    name, where = found[0]
    return (name, where) if rest.endswith(name) and len(rest) - len(name) <= 4 else None


def _of_item(deal: DealDraft, item: tuple[str, str | None]) -> DealDraft:
    """A deal of an item's lines, as the project its opening names; placed where that name places it
    (1.水富市…项目), else where the line does."""
    name, location = item
    placed = location if location and location in name else None
    return deal.model_copy(update={"project": name, "location": placed or deal.location or location})


def _area_before(parsed: list[Parsed], i: int) -> str | None:
    """The whole area (我市, 全省) whose event, held at a county's venue, the sentence before ``i``
    in its paragraph reports, if any."""
    if i == 0 or parsed[i - 1].s.paragraph != parsed[i].s.paragraph:
        return None
    before = parsed[i - 1]
    m = AREA_AT_VENUE.search(before.s.text)
    if m is None or any(a == m.end() for a, _, _ in before.places) or _TITLED.match(before.s.text, m.end()):
        return None  # 我市江川区举行…, 我市副市长出席…
    return m.group()


_TITLED = re.compile(f"(?:{alternation(OFFICIAL_TITLES)}|副|委|人大|政协|政府)")


def _continues_part(parsed: list[Parsed], i: int) -> bool:
    """Whether sentence ``i`` goes on with a breakdown the sentence before began (…项目中，A类N个；B类M个)."""
    if i == 0 or parsed[i - 1].s.paragraph != parsed[i].s.paragraph:
        return False
    p, prev = parsed[i], parsed[i - 1]
    lead = _PART_LEAD.search(prev.s.text)
    named = any(not m.generic for m in (*p.projects, *p.orgs))
    # counts of kinds on both sides (…项目中，工业项目11个…；基础设施项目5个), not a phase (其中一期投资…)
    return (
        prev.s.text.rstrip().endswith((";", "；"))
        and lead is not None
        and any(c.start > lead.start() for c in prev.counts)
        and bool(p.counts)
        and not named
    )


def _inherited_stage(parsed: list[Parsed], i: int) -> Stage | None:
    """The stage of the sentence this one details, for deals whose own sentence says none:
    ``其中，A项目总投资35亿元`` after 此次签约项目…, ``项目总投资120亿元`` after the
    sentence that named the project (X与Y签订投资协议，建设A项目)."""
    if i == 0 or parsed[i - 1].s.paragraph < parsed[i].s.paragraph - 1:
        return None
    prev, t = parsed[i - 1], parsed[i].s.text
    if _PER_AGREEMENT.match(t):
        # 根据协议，青禾集团将投资20亿元…: the agreement a sentence before says was signed (a
        # framework: an intention)
        for j in range(i - 1, max(-1, i - 4), -1):
            if parsed[j].s.paragraph < parsed[i].s.paragraph - 1:
                break
            if (at := parsed[j].s.text.find("协议")) >= 0:
                return stage_near(parsed[j].s, [at], parsed[j].names())
    if _continues_part(parsed, i):
        lead = _PART_LEAD.search(prev.s.text)
        if lead is not None:
            return stage_near(prev.s, [lead.start()], prev.names(), within=(0, lead.start()))
    if _PART_OF.match(t) or _THESE.match(t):
        # 这些项目…: the projects the sentence before counted
        # the nearest of the few sentences before that says a stage: 按规模分：… then 按产业分：…
        # both break down the total said before them (a sentence on funds may stand between)
        for j in range(i - 1, max(-1, i - 4), -1):
            if parsed[j].s.paragraph < parsed[j + 1].s.paragraph - 1:
                break
            stage = stage_near(parsed[j].s, [0], parsed[j].names())
            if stage is not None:
                return stage
        return None
    named = [m for m in prev.projects if not m.generic]
    refers = REFERS.match(t)
    if named and refers:
        phase = PHASE_WORD.search(refers.group())
        if phase is not None and phase.group() not in named[-1].name:
            return None  # 一期项目已投产。本次二期项目总投资…: another phase than the one named
        return stage_near(prev.s, [named[-1].start], prev.names())
    return None



# A township named by its government (夏云镇人民政府, 小河乡党委): a place of the story.
_TOWN_BODY = re.compile(r"(?=([\u4e00-\u9fff]{2,3}(?:镇|乡|街道))(?:人民政府|党委|政府|办事处))")


_NOT_TOWN_START = set("到在所各全本该每其区县市省")


def _towns(text: str) -> list[str]:
    """The townships whose government the article names and that it names again (推进会白岩镇人民政府
    is 白岩镇, written alone elsewhere), none of them one a place table knows."""
    norm = normalize_text(text)
    found = {n for m in _TOWN_BODY.finditer(norm) for n in (m.group(1), m.group(1)[1:]) if len(n) >= 3}
    named = {t for t in found if norm.count(t) >= 2 and t[0] not in _NOT_TOWN_START and "乡镇" not in t}
    named = {t for t in named if not find_places(t)}
    # 石门坎乡 over 门坎乡: the longer name when both are written as often
    shadowed = {t for t in named for u in named if t != u and t in u and norm.count(u) == norm.count(t)}
    return sorted(named - shadowed)


@functools.lru_cache(maxsize=4096)
def _precision(place: str) -> int:
    """A zone (临港新片区, 高新区) or a district over a city over a province.

    The written level decides when there is one (…区, …县, …市, …省); only a bare name
    (重庆, 宜宾) needs the administrative table, which is slow to ask.
    """
    if _ZONE.search(place) or place.endswith(("区", "县", "镇", "乡", "旗")):
        return 3
    if place.endswith("市"):
        return 2
    if place.endswith("省"):
        return 1
    loc = parse_location(place)
    return 3 if loc.district else 2 if loc.city else 1


def _without_restated(deals: list[DealDraft], headings: set[int]) -> list[DealDraft]:
    """Without a heading's deal whose amount a deal of the story also states (``茂名电白签下1.2亿美元
    冷链项目`` over ``…投资1.2亿美元，在电白建设水产品精深加工及冷链物流项目``): the headline
    shortens the story's project, it is no other one."""
    told = [d for d in deals if d.paragraph not in headings and d.amount_text]
    return [d for d in deals if not (d.paragraph in headings and any(_restates(d, e) for e in told))]


def _restates(head: DealDraft, story: DealDraft) -> bool:
    """Whether a headline's deal is a story's deal said short: the same amount, and a name the
    story's holds (冷链项目 in 水产品精深加工及冷链物流项目) or none."""
    if _bare(head.amount_text) != _bare(story.amount_text):
        return False
    if not (head.project and story.project):
        return True
    short = head.project.removesuffix("项目")
    return same_project(head.project, story.project) or (len(short) >= 2 and short in story.project)


def _merge_deals(deals: list[DealDraft], aliases: dict[str, str]) -> list[DealDraft]:
    """One draft per project (an alias or a shortened name joins its full name), else per
    investor and amount.

    The first mention with an amount wins, else the first mention; what it lacks
    (investors, place, industry, date, a stage) is taken from the other mentions,
    the stage being the most advanced one said.
    """
    groups: list[tuple[str, list[DealDraft]]] = []
    for d in deals:
        if d.project:
            name = re.sub(r"\s+", "", d.project)
            key = "p:" + aliases.get(name, name)
        else:
            key = "f:" + "|".join(d.investors) + "|" + _bare(d.amount_text)
        group = next((g for k, g in groups if k == key or _same_names(k, key)), None)
        if group is None:
            groups.append((key, [d]))
        else:
            group.append(d)
    lists = [g for _, g in groups]
    renamed: set[int] = set()
    for g in list(lists):
        host = _brand_host(g, lists)
        if host is not None:
            host.extend(g)
            lists.remove(g)
            renamed.add(id(host))
    return [_merged(g, full_name=id(g) in renamed) for g in lists]


# 晶锂项目: a brand and 项目, the short form of a project named in full before.
_BRAND_ONLY = re.compile(r"[\u4e00-\u9fff]{2,4}项目")


def _brand_host(group: list[DealDraft], groups: list[list[DealDraft]]) -> list[DealDraft] | None:
    """The group of the one project named earlier whose full name holds this group's brand
    (常州晶锂新能源材料有限公司年产10万吨…项目 for 晶锂项目), or None."""
    name = group[0].project
    if name is None or not _BRAND_ONLY.fullmatch(name) or is_generic(name) or "期" in name:
        return None
    brand = name[:-2]
    if any(a == 0 and b == len(brand) for a, b, _ in find_places(brand)):
        return None  # 曲靖项目: a place, not a brand
    before = groups[: groups.index(group)]
    hosts = [h for h in before if h[0].project and brand in h[0].project and h[0].project != name]
    return hosts[0] if len(hosts) == 1 else None


def _fold_firm_only(deals: list[DealDraft]) -> list[DealDraft]:
    """A firm's deal with neither project nor amount (``A科技股份有限公司签订投资协议``) says
    nothing that a deal of the same firm with a project doesn't: it is folded into that
    one, which keeps its stage (or takes the folded deal's when its own is "other"). The
    host is a deal whose investors or project name the same firm (``A科技…储能电池项目``), or
    the one project its own sentence names (``…签订投资协议，A科技将投资建设储能电池项目``)
    when that project has no investor yet."""
    out = list(deals)
    for d in deals:
        if d.project is not None or d.amount_text is not None or not d.investors:
            continue
        same = [o for o in out if o.project is not None and all(_names_firm(o, i) for i in d.investors)]
        named = [o for o in out if o.project is not None and not o.investors and o.project in d.evidence]
        host = same[0] if same else (named[0] if len(named) == 1 else None)
        if host is None:
            continue
        out.remove(d)
        update: dict[str, object] = {"investors": host.investors or d.investors}
        if host.stage == "other" and d.stage != "other":
            update["stage"] = d.stage
        out[out.index(host)] = host.model_copy(update=update)
    return out


def _names_firm(deal: DealDraft, firm: str) -> bool:
    return any(same_firm(firm, name) for name in (*deal.investors, deal.project or ""))


def _merged(group: list[DealDraft], *, full_name: bool = False) -> DealDraft:
    """The group's mentions as one draft; ``full_name``: named as its first mention names it (a
    brand's short form, 晶锂项目, said the amount)."""
    best = next((d for d in group if d.amount_text is not None), group[0])
    update: dict[str, object] = {"project": group[0].project} if full_name else {}
    if not best.investors:
        update["investors"] = next((d.investors for d in group if d.investors), [])
    for name in ("location", "industry", "date_text"):
        if getattr(best, name) is None:
            update[name] = next((getattr(d, name) for d in group if getattr(d, name) is not None), None)
    # 7月12日…项目正式投产。该项目…2023年8月签约: as far as the latest event its paragraph says
    # (a stage said elsewhere would not be backed by the record's evidence)
    said = [d.stage for d in group if d.paragraph == best.paragraph or best.stage == "other"]
    update["stage"] = max(said, key=STAGE_PROGRESS.index)
    return best.model_copy(update=update)


def _same_names(a: str, b: str) -> bool:
    return a.startswith("p:") and b.startswith("p:") and same_project(a[2:], b[2:])


def _join_count_and_sum(aggregates: list[AggregateDraft]) -> list[AggregateDraft]:
    out = list(aggregates)
    for count in aggregates:
        if count.amount_text or count.count is None or count.measure != "investment":
            continue
        sums = [a for a in out if a.evidence == count.evidence and a.count is None and a.amount_text]
        sums = [a for a in sums if a.measure == "investment"]
        if len(sums) == 1 and sums[0].stage in {count.stage, "other"}:
            out.remove(sums[0])
            out[out.index(count)] = count.model_copy(update={"amount_text": sums[0].amount_text})
    return out


def _merge_aggregates(
    aggregates: list[AggregateDraft], headings: set[int] | None = None
) -> list[AggregateDraft]:
    """One record per total. A bare count or a bare sum that a total with both states too is that
    total said again: dropped (举行5个重大项目集中开工仪式，…等5个项目集中开工，总投资135亿元; 本次开工的
    16个项目中 after 开工项目16个，总投资103.6亿元; a page title: 签约项目37个 协议投资超400亿元). A bare
    count and a bare investment sum of one sentence are one total
    (共签约项目13个，涉及A、B…等，投资金额125亿元)."""
    aggregates = _join_count_and_sum(aggregates)
    seen: dict[tuple[object, ...], AggregateDraft] = {}
    headings = headings or set()
    for a in aggregates:
        key = (a.count, _bare(a.amount_text), a.measure, a.stage)
        kept = seen.setdefault(key, a)
        if kept.paragraph in headings and a.paragraph not in headings:
            seen[key] = a  # the story's statement of a total its headline gave first
    full = [a for a in seen.values() if a.amount_text and a.count]
    counts = {(a.count, a.stage) for a in full}
    sums = {(_bare(a.amount_text), a.measure, a.stage) for a in full}
    return [
        a
        for a in seen.values()
        if not (a.amount_text is None and (a.count, a.stage) in counts)
        and not (a.count is None and (_bare(a.amount_text), a.measure, a.stage) in sums)
    ]


def _bare(amount_text: str | None) -> str:
    return normalize_text(amount_text or "")  # NFKC, whitespace dropped
