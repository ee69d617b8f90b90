"""Item cards: a project's name on a line of its own, then lines with its facts.

Year-end reviews and notices list projects as cards rather than sentences::

    NO.3 康柏医药原料药及制剂项目
    投资方：南京康柏医药有限公司
    总投资约20亿元，其中一期投资8亿元，10月开工。

or as a project list's entries, a title with its tag over one line of fields::

    2.冷链物流枢纽项目（新开工）
    建设单位：港通供应链有限公司　建设地点：新港区　总投资：约18亿元　建设年限：2024—2026年

or as blocks of fields::

    项目名称：高端功能性纺织面料智能制造项目
    投资方：绍兴织锦新材料有限公司
    投资额：35亿元
    建设内容：新建智能化织造车间
    签约类型：投资意向书

The fact lines name no project: their amount and event are the titled project's, a
``投资方：`` line names its investor and a ``签约类型：`` line its stage. A card ends at the
next title or at any line that is neither a field of it nor a fact line. A line of fields that
states the amount (``总投资：``) is the card's fact line, and its ``建设单位：`` the investor; the
title's tag (lexicon ``card_status``) says how far the project is, and a reserve project
(``（预备）``) is no deal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import cast

from ...schema import DealDraft, Stage
from ...text.lexicon import (
    CARD_STATUS,
    INVESTOR_FIELDS,
    PROJECT_FIELDS,
    REFUSALS,
    ROLE_FIELDS,
    SITE_FIELDS,
    STAGE_FIELDS,
    alternation,
)
from ...text.names import same_firm
from ...text.paragraphs import LIST_MARKER
from .cues import AMOUNT_FIELD, stage_near
from .draft import Parsed

# A field line naming who invests.
_INVESTOR_FIELD = re.compile(rf"(?:{alternation(INVESTOR_FIELDS)})[：:]")
# A field line naming the project, one saying its stage, and any other field (建设内容：…).
_PROJECT_FIELD = re.compile(rf"(?:{alternation(PROJECT_FIELDS)})[：:]")
_STAGE_FIELD = re.compile(rf"(?:{alternation(STAGE_FIELDS)})[：:]")
_FIELD = re.compile(r"[\u4e00-\u9fff]{2,10}[：:]")
# A fact line: it opens with the money it states, as the project's (what it then builds, 主要建设
# 年产5万吨薄膜生产线, describes the project and is no other one).
_FACT_LINE = re.compile(r"(?:项目)?(?:计划|协议|合同)?(?:总投资|投资总额|投资额|投资)")
# A field naming the project's site (建设地点：城陵矶新港区), and where a field's value ends in the
# line as written (the full-width space or the spaces before the next field).
_SITE_FIELD = re.compile(rf"(?:{alternation(SITE_FIELDS)})[：:]")
# A field naming a party of a deal by its role (受让方：X), and a sentence opening with that role
# (备注：受让方已…) after a field key at most.
_ROLE_FIELD = re.compile(rf"({alternation(ROLE_FIELDS)})[：:]")
_ROLE_OPENS = re.compile(rf"(?:[\u4e00-\u9fff]{{2,4}}[：:])?({alternation(ROLE_FIELDS)})")
# The project's key right before its name, at the end of what stands before it.
_KEYED_TITLE = re.compile(rf"(?:{alternation(PROJECT_FIELDS)})[：:]$")
# A numbered section of a notice; one whose projects were refused (二、拟不予同意的项目) holds no
# deals, until the next section.
_SECTION = re.compile(r"(?:^|(?<=[\s：:。；;]))[一二三四五六七八九十]+、(?P<head>[^，,。；;：:]{0,16})")
_REFUSED = re.compile(alternation(REFUSALS))
# A section of projects offered to investors (一、拟招商项目), unless its head reports an event
# (二、招商项目签约情况): what it lists is pitched, not signed. (Not 三、重点招商项目, whose cards may
# report progress.)
_OFFERED = re.compile("拟招商|拟引进|推介项目|储备项目|谋划项目|招商项目推介")
_EVENT_HEAD = re.compile("签约|签订|开工|投产|落地|落户|竣工|成果|引进|进展")
_CELL_END = re.compile(r"\u3000|\s{2,}|\t|$")
# A field that tells the project's facts in sentences (项目概况：…总投资5.2亿元…).
_OVERVIEW_FIELD = re.compile(r"(?:项目概况|项目简介|项目情况|基本情况|项目基本情况|建设内容及规模)[：:]")
# A list's tag after a title (（续建）, （预备）), and the stage it says ("none": no deal).
_TAG = re.compile(r"[(（]([^()（）]{1,6})[)）]")
# What a contract's title line may say of its name after it: （以下简称“本项目”）.
_ALIAS_NOTE = re.compile(r"[(（](?:以下)?简称[^()（）]{0,16}[)）]")
_STATUS_OF_TAG: dict[str, str] = {w: status for status, words in CARD_STATUS.items() for w in words}


# A contract's party line (甲方：金溪县人民政府, 乙方（盖章）：X有限公司).
_PARTY_FIELD = re.compile(r"[甲乙丙丁]方(?:[(（]盖章[)）])?[：:]")


def contract_firm(parsed: list[Parsed]) -> str | None:
    """The one firm a contract's party lines name (a government party is no firm), or None: the
    investor of the contract's project (its card's title) wherever its lines leave it out."""
    firms: set[str] = set()
    for p in parsed:
        keys = {k.end() for k in _PARTY_FIELD.finditer(p.s.text)}
        firms |= {o.name for o in p.orgs if not o.generic and o.start in keys}
    return next(iter(firms)) if len(firms) == 1 else None


@dataclass
class Card:
    """The project a title line names, and the investors its field lines give."""

    project: str
    paragraph: int
    investors: list[str] = field(default_factory=list)
    stage: Stage | None = None  # what a 签约类型 line says
    tagged: Stage | None = None  # what the title's tag says (（续建）): the list's word for it
    reserve: bool = False  # the list's reserve (预备项目): no deal
    site: str | None = None  # what a 建设地点 field says
    overview: bool = False  # whether a 项目概况 field is being read (its sentences are the card's)
    slots: list[int] = field(default_factory=list)  # where its deals are in the article's list


def title_of(p: Parsed, alone: bool) -> str | None:
    """The project a line names and nothing else (after a list marker; a list's tag may follow
    it), or None."""
    if not alone:
        return None
    named = [m for m in p.projects if not m.generic]
    if len(named) != 1:
        return None
    m, text = named[0], p.s.text
    start = m.start
    # 浙江华屹新材料股份有限公司高性能尼龙切片项目: the firm before the name stays in it
    firm = next((o for o in p.orgs if o.end == m.start and not o.generic), None)
    if firm is not None:
        start = firm.start
    # only a list marker (NO.1, 1、, （一）, ①: the sentence's own) or a 项目名称： key may stand
    # before the name
    key = _PROJECT_FIELD.fullmatch(text, p.s.marker_end(start), start)  # (1.项目名称：…)
    # 二、拟同意的项目 1.项目名称：X项目；: in a run of fields, the key names it whatever stands before
    if key is None and text.endswith(("；", ";")):
        key = _KEYED_TITLE.search(text, 0, start)
    rest = text[m.end :].strip(" 。；;")
    if (start and not key and not (p.s.item and p.s.marker_end(start) == start)) or (
        rest and not _TAG.fullmatch(rest) and not _ALIAS_NOTE.fullmatch(rest)
    ):
        return None
    return p.s.name(start, m.end)


def _site(p: Parsed) -> str | None:
    """The value of a line's 建设地点 field as written, where the line's fields are set apart by
    spaces (a value run into the next field can't be told from it)."""
    key = _SITE_FIELD.search(p.s.text)
    if key is None:
        return None
    raw = p.s.quote(key.end(), len(p.s.text))
    value = raw[: _CELL_END.search(raw).start()].strip()  # type: ignore[union-attr]
    return value if 2 <= len(value) <= 20 and len(value) < len(raw.strip()) else None


def tag_status(p: Parsed) -> str | None:
    """What the tag closing a title line says of its project: a stage, "none" (a reserve
    project), or None (no tag, or one that says no stage, such as （二期）)."""
    tag = _TAG.search(p.s.text.rstrip(" 。"))
    if tag is None or tag.end() != len(p.s.text.rstrip(" 。")):
        return None
    return _STATUS_OF_TAG.get(tag.group(1))


def latest_stage(p: Parsed) -> Stage | None:
    """The last event a fact line states as done (``7月签约，10月开工`` → started; a
    ``预计明年投产`` after it is a plan and does not count)."""
    return stage_near(p.s, [max(0, len(p.s.text) - 1)], p.names())


def on_card(deal: DealDraft, card: Card, p: Parsed) -> DealDraft:
    """A deal of a card's fact line: its latest event, and the investor its 投资方 line names in
    place of one read off the project's name (a short form of it, or a word that only looks like a
    firm); an investor the fact line itself names stays."""
    if deal.project != card.project:
        return deal
    others = deal.investors
    if card.investors:
        others = [i for i in others if i in p.s.text and not any(same_firm(i, c) for c in card.investors)]
    return deal.model_copy(
        update={
            "investors": list(dict.fromkeys([*card.investors, *others])),
            "stage": latest_stage(p) or deal.stage,
            "location": card.site or deal.location,
        }
    )


class Cards:
    """The card each line belongs to, read line by line in the article's order."""

    @staticmethod
    def alone(parsed: list[Parsed], i: int, alone: bool) -> bool:
        """Whether sentence ``i`` reads as a line of its own: it is one, or it is a field in a
        paragraph that runs fields together parted by semicolons (项目名称：X；建设单位：Y；…)."""
        s = parsed[i].s
        if alone or not _FIELD.search(s.text):
            return alone
        after_field = i > 0 and parsed[i - 1].s.paragraph == s.paragraph
        after_field = after_field and parsed[i - 1].s.text.endswith(("；", ";"))
        return s.text.endswith(("；", ";")) or after_field

    def __init__(self) -> None:
        self.card: Card | None = None
        self.title_line = False  # whether the last line read is the card's title
        self.refused = False  # whether the cards read are in a section of refused projects
        self.roles: dict[str, tuple[str, int]] = {}  # 受让方 → the firm its field named, and where
        self.titles: set[str] = set()  # the projects the cards read so far are titled with

    def by_role(self, deals: list[DealDraft], p: Parsed) -> list[DealDraft]:
        """``受让方：X`` then ``备注：受让方已与…签订投资协议，拟投资…``: the party a later sentence
        names by its role is the firm the role's field named; read the field, or give its firm to the
        deals of a sentence that opens with the role."""
        text = p.s.text
        if (field := _ROLE_FIELD.match(text)) is not None:
            firms = [o.name for o in p.orgs if not o.generic and o.start == field.end()]
            if firms:
                self.roles[field.group(1)] = (firms[0], p.s.paragraph)
            return deals
        opens = _ROLE_OPENS.match(text)
        known = self.roles.get(opens.group(1)) if opens else None
        if known is None or p.s.paragraph - known[1] > 2:
            return deals
        return [d.model_copy(update={"investors": [known[0]]}) if not d.investors else d for d in deals]

    def own(self, deals: list[DealDraft], card: Card | None, p: Parsed) -> list[DealDraft]:
        """The deals read off a line, as its card says: a fact line's are the card's
        (``on_card``); a tagged card's stage is its tag's, and a reserve card has none."""
        if card is not None:
            deals = [on_card(d, card, p) for d in deals]
        owner = card or (self.card if self.title_line else None)
        if owner is None:
            return deals
        if owner.reserve:
            return []
        if owner.tagged is not None:
            deals = [
                d.model_copy(update={"stage": owner.tagged}) if d.project == owner.project else d
                for d in deals
            ]
        return deals

    def restage(self, deals: list[DealDraft]) -> None:
        """Give the deals of the card being read the stage its field line says, where their fact
        line said none, or where the paper signed was only an intention (签约类型：投资意向书)."""
        card = self.card
        if card is None or card.stage is None:
            return
        for k in card.slots:
            if deals[k].stage in ("other", "signed") and (
                card.stage == "intent" or deals[k].stage == "other"
            ):
                deals[k] = deals[k].model_copy(update={"stage": card.stage})

    def step(self, p: Parsed, alone: bool) -> Card | None:
        """Read the next sentence; the card whose fact line it is (None when it is none)."""
        for section in _SECTION.finditer(p.s.text):
            head = section["head"]
            offered = _OFFERED.search(head) is not None and _EVENT_HEAD.search(head) is None
            self.refused = offered or _REFUSED.search(head) is not None  # until the next section
        title = title_of(p, alone)
        self.title_line = title is not None
        if title is not None:
            self.titles.add(title)
            status = tag_status(p)
            self.card = Card(
                title,
                p.s.paragraph,
                tagged=cast(Stage, status) if status not in (None, "none") else None,
                reserve=status == "none" or self.refused,
            )
            return None
        card = self.card
        if card is None or p.s.paragraph - card.paragraph > 1:
            self.card = None
            return None
        text = p.s.text
        # a numbered field line (3.建设内容：…, （二）投资方：…): its key comes after the number
        at = number.end() if (number := LIST_MARKER.match(text)) else 0
        if alone and _FIELD.match(text, at) and AMOUNT_FIELD.search(text):
            # 建设单位：X　建设地点：Y　总投资：18亿元: the card's fact line, its investor in its field
            keys = [k.end() for k in _INVESTOR_FIELD.finditer(text)]
            card.investors += [o.name for o in p.orgs if not o.generic and o.start in keys]
            card.site = _site(p) or card.site
            card.paragraph = p.s.paragraph
            return card
        if _INVESTOR_FIELD.match(text, at) and alone:
            card.investors += [o.name for o in p.orgs if not o.generic]
            card.paragraph = p.s.paragraph
            return None
        if alone and (site := _SITE_FIELD.match(text, at)):
            # 建设地点：南平市建阳区莒口镇: the whole value is the site
            value = p.s.quote(site.end(), len(text)).strip(" 。；;\u3000")
            card.site = value if 2 <= len(value) <= 20 else card.site
            card.paragraph = p.s.paragraph
            return None
        if _OVERVIEW_FIELD.match(text, at) or (card.overview and p.s.paragraph == card.paragraph):
            # 项目概况：项目系…签约项目，总投资5.2亿元，新建…生产线: the card's facts in sentences
            card.overview = True
            card.paragraph = p.s.paragraph
            if not p.moneys and not [m for m in p.projects if not m.generic]:
                # 项目情况：2024年9月签订投资协议。 after the amount's field (not 一期项目已投产)
                card.stage = latest_stage(p) or card.stage
            return card
        first = min((m.start for m in p.moneys), default=len(text))
        if _FACT_LINE.match(text, at) and not [m for m in p.projects if not m.generic and m.start < first]:
            card.paragraph = p.s.paragraph
            return card
        if alone and _FIELD.match(text, at):
            # 建设内容：… says what it builds; 签约类型：投资意向书 how far it got
            card.paragraph = p.s.paragraph
            if _STAGE_FIELD.match(text, at):
                card.stage = latest_stage(p) or card.stage
            return None
        self.card = None
        return None
