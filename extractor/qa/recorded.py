"""A named project's amount or investor from its deal record, when no one sentence states both.

Cards and tables give a project's name on one line and its amount or investor on another
(``项目名称：印染产业数字化改造提升项目`` / ``投资方：柯桥恒美印染有限公司`` / ``投资额：10亿-15亿元``):
the passage route, which wants the name and the value in one statement, finds nothing. The
record the extraction made of it holds both, each backed by an exact quote, and that quote is
what the answer cites. Only one record may carry the name (two namesakes answer nothing), and
a question about a part or another measure of it (一期, 完成投资, 注册资本) is not answered by
the record's total.
"""

from __future__ import annotations

import re

from ..schema import Answer, Deal, Span
from ..text.lexicon import INVESTOR_FIELDS, alternation
from ..text.names import same_firm
from ..text.normalize import normalize_text
from ..text.places import without_places
from .binding import item_subject
from .parse import answer_type
from .qualifiers import asked_measure
from .records import Records
from .relevance import place_cores, site_elsewhere
from .values import org_names, value_in

# What a record's one amount does not answer: a phase's (not a name's own phase: X二期项目), what
# has been spent or paid in, a firm's capital, and figures that are no investment at all.
_OTHER_MEASURE = re.compile(
    r"[一二三四首\d]期(?!项目|工程)|完成|到位|注册|实缴|认缴|外资|产值|营收|收入|税|销售|贷款|授信|补贴|奖励|年产"
)


_ASKS_INVESTOR = re.compile(rf"{alternation(INVESTOR_FIELDS)}|谁投资|哪家企业投资|哪个企业投资|投资人")
_ASKS_AMOUNT = re.compile("投资额|金额|投资多少|总投资|多少钱")
_ASKS_PROJECT = re.compile("什么项目|哪个项目|项目是什么|项目是哪个|项目叫什么|项目名称")


def answer_from_record(question: str, deals: Records[Deal], *, part: str | None = None) -> Answer | None:
    """The amount and/or investors of the one deal record the question names, cited; else None."""
    asked = part or question
    kind = answer_type(asked)
    wants_firm = kind == "org" or _ASKS_INVESTOR.search(asked) is not None
    wants_money = kind == "amount" or _ASKS_AMOUNT.search(asked) is not None
    firms = org_names(question)
    # 甲公司在乙县的项目是什么: the project of the one record 甲 invests in
    wants_project = len(firms) == 1 and _ASKS_PROJECT.search(asked) is not None
    if not (wants_firm or wants_money or wants_project) or _OTHER_MEASURE.search(asked):
        return None
    if asked_measure(asked) is not None:
        return None  # 固定资产投资多少, 注册资本多少: a measure the record's one amount is not
    subject = item_subject(asked) or (item_subject(question) if part else None)
    deal = _the_record(subject, deals) if subject else None
    if (
        deal is None
        and len(firms) == 1
        and not wants_firm
        and not value_in("project", question.replace(firms[0], "，"), [])
    ):
        # 甲公司在乙县的项目: no project named, the firm's one record is meant (not so for 甲公司的丙项目)
        deal = _invested_by(firms[0], deals)
    if deal is None or not _placed(question, deal):
        return None
    said: list[str] = []
    cited: list[Span] = []
    if wants_project:
        # the project's name, and the quote that names the firm as its investor
        span = _quoting(deal, deal.project) if deal.project else None
        named = normalize_text(firms[0])
        firm = next((_quoting(deal, i) for i in deal.investors if same_firm(named, i)), None)
        if deal.project is None or span is None or firm is None:
            return None
        cited += [span] if span == firm else [span, firm]
        said.append(f"{deal.project}。原文：“{span.quote}”{''.join(f'[{i + 1}]' for i in range(len(cited)))}")
    if wants_firm:
        # every investor named, each by the quote that states it
        spans = [_quoting(deal, firm) for firm in deal.investors]
        if not spans or any(span is None for span in spans):
            return None  # the record names no one (暂不公开), or a name no quote of it holds
        marks = "".join(f"[{len(cited) + i + 1}]" for i in range(len(spans)))
        cited += [span for span in spans if span is not None]
        said.append("、".join(deal.investors) + f"。{marks}")
    if wants_money:
        span = _quoting(deal, deal.amount.text) if deal.amount else None
        if deal.amount is None or span is None:
            return None
        cited.append(span)
        said.append(f"{deal.amount.text}。原文：“{span.quote}”[{len(cited)}]")
    return Answer(question=asked, answer=" ".join(said), citations=cited)


def _quoting(deal: Deal, value: str) -> Span | None:
    """The record's quote that states ``value`` as a whole (5亿元 is not the end of 15亿元)."""
    pattern = re.compile(rf"(?<![\d.,，A-Za-z]){re.escape(value)}")
    return next((s for s in deal.evidence if pattern.search(s.quote)), None)


def _the_record(subject: str, deals: Records[Deal]) -> Deal | None:
    """The one record of the project ``subject`` names, or None (none, or namesakes)."""
    owner, _, item = subject.rpartition("的")
    wanted = normalize_text(item or subject)
    # 柯桥区印染产业…项目 names the record 印染产业…项目: a place before the name is where it is
    core = len(without_places(wanted))
    inside = [d for d in deals.named(wanted) if d.project and len(normalize_text(d.project)) >= 0.8 * core]
    # 常州晶锂的磷酸锰铁锂正极材料项目: the end of a full name, its owner named in it
    ending = [
        d
        for d, _ in (deals.in_scope([{wanted}]) if owner and len(wanted) >= 6 else [])
        if d.project and normalize_text(d.project).endswith(wanted)
    ]
    found = {
        (d.evidence[0].source, d.project, d.amount and d.amount.text): d
        for d in [*inside, *deals.called(wanted), *ending]
    }
    if len(found) != 1:
        return None
    deal = next(iter(found.values()))
    # 甲公司的乙项目: 乙's record answers only if it says 甲 is who invests: among its investors, or,
    # when it names none, in its quotes as the one who invests (not 甲集团一行到…调研，察看了…乙项目)
    if owner and deal.investors:
        return deal if any(owner in i for i in deal.investors) else None
    name = re.escape(owner)
    invests = re.compile(rf"由{name}|{name}[^，,。；;]{{0,12}}?(?:投资|签约|签订|签署|建设)")
    if owner and not any(invests.search(s.quote) for s in deal.evidence):
        return None
    return deal


def _invested_by(firm: str, deals: Records[Deal]) -> Deal | None:
    """The one record whose investors include ``firm``, or None (none, or several projects)."""
    wanted = normalize_text(firm)
    found = {
        (d.evidence[0].source, d.project, d.amount and d.amount.text): d
        for d, _ in deals.in_scope([{wanted}])
        if any(same_firm(wanted, normalize_text(i)) for i in d.investors)
    }
    return next(iter(found.values())) if len(found) == 1 else None


def _placed(question: str, deal: Deal) -> bool:
    """Whether every place the question names is the record's (its location, or its quotes)."""
    where = "\n".join(s.quote for s in deal.evidence)
    said = normalize_text(where + (deal.location.text if deal.location else ""))
    return all(core in said for core in place_cores(question)) and site_elsewhere(question, where) is None
