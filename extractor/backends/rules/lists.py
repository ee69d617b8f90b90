"""Numbered lists of projects: which sentences are items, and what introduces them.

Articles list the projects of a signing or a groundbreaking under a lead-in::

    此次签约的重点项目包括：
    1、比亚迪储能电池项目，总投资120亿元；
    （2）美的智能家电产业园项目，总投资50亿元；

Each item is read as a sentence of its own; what it does not say (the event,
the place) comes from the lead-in. An item is a sentence opening with a list
marker (``1、`` ``（1）`` ``①`` ``一是`` ``其一`` ``一、``, see ``sentence``); the
sentences after it in its paragraph, and the paragraph under an item that is a
short heading, belong to it. A lead-in ends with a colon or talks about projects
or firms; a sentence whose colon opens the first item is its own lead-in, and
then items may go without markers, parted by semicolons (``包括：A项目…；B项目…；``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...schema import Stage
from .cues import stage_near
from .draft import Parsed
from .sentence import Sentence

_INTRODUCES = re.compile("[:：]$|项目|企业")
# Words of a lead-in that presents the projects or firms of the sentence before.
_PRESENTS = re.compile("项目|企业|如下|包括|分别|其中|以下|主要有|为[:：]$|有[:：]$")
# 签约项目包括：A项目，总投资25亿元；B项目…: items parted by semicolons, without markers.
_SEMICOLON_LEAD = re.compile("[:：][^:：]+[;；]$")


@dataclass(frozen=True, slots=True)
class InList:
    """A sentence inside a list: the index of its lead-in, and whether it opens an item
    (rather than going on with the item before it)."""

    lead: int
    opens: bool


def list_leads(parsed: list[Parsed]) -> dict[int, InList]:
    """Each sentence inside a list, by index: where its lead-in is, whether it opens an item."""
    out: dict[int, InList] = {}
    lead: int | None = None
    for i, p in enumerate(parsed):
        s = p.s
        prev = parsed[i - 1].s if i else None
        # the sentence before is an item of the current list, or a lead-in holding the first item
        member = prev is not None and (i - 1 in out or i - 1 == lead)
        opens = True
        if s.item:
            if prev is None or not member or s.paragraph - prev.paragraph > 1:
                sibling = _sibling_before(parsed, i, out)
                if sibling is not None:
                    # 1.A公司 / 认定事由：… / 2.B公司: the text of item 1 is no lead-in of item 2
                    lead = out[sibling].lead
                else:
                    lead = i - 1 if i and _introduces(parsed[i - 1], s.paragraph) else None
        elif s.markers or _SEMICOLON_LEAD.search(s.text):
            lead = i  # 包括：1、A项目…；/ 包括：A项目…；: the lead-in and the first item in one sentence
        elif not (member and prev is not None and _continues(prev, s.paragraph)):
            lead = None
        else:
            # after a semicolon in its paragraph, the next item; else more of the item before
            opens = prev is not None and prev.paragraph == s.paragraph and prev.text.endswith((";", "；"))
        if lead is not None:
            out[i] = InList(lead, opens)
    return out


# How many paragraphs back an item of the same list may stand (its own text between).
_SIBLING_REACH = 6


def _sibling_before(parsed: list[Parsed], i: int, out: dict[int, InList]) -> int | None:
    """The item of the same list nearest before item ``i`` (its marker of the same shape), when
    only that item's text stands between them; None when an item of another shape or a new lead-in
    (``同日集中开工的项目有：``) does."""
    s = parsed[i].s
    for j in range(i - 1, -1, -1):
        t = parsed[j].s
        if s.paragraph - t.paragraph > _SIBLING_REACH:
            return None
        if t.item:
            return j if t.shape == s.shape and j in out else None
        if t.markers or t.text.rstrip().endswith((":", "：")):
            return None
    return None


def _continues(prev: Sentence, paragraph: int) -> bool:
    """An item goes on to the end of its paragraph; a heading item, over the paragraph under it."""
    return paragraph == prev.paragraph or (prev.item and prev.heading and paragraph == prev.paragraph + 1)


def _introduces(p: Parsed, paragraph: int) -> bool:
    s = p.s
    return paragraph - s.paragraph <= 1 and not s.item and _INTRODUCES.search(s.text) is not None


def lead_stage(parsed: list[Parsed], lead: int) -> Stage | None:
    """The event a lead-in says of its list, nearest its end (签约, 集中开工 …).

    A lead-in that says none but introduces projects (``具体如下：``, ``其中：``) continues
    the sentence before it; one that says none about anything else (``会议强调：``) has none.
    """
    head = parsed[lead].s.text[: _lead_end(parsed[lead].s)]
    for i in (lead, lead - 1):
        if i < 0 or parsed[lead].s.paragraph - parsed[i].s.paragraph > 1:
            break
        if i < lead and not _PRESENTS.search(head):
            break
        p = parsed[i]
        end = _lead_end(p.s)
        stage = stage_near(p.s, [max(0, end - 1)], p.names(), within=(0, end))
        if stage is not None:
            return stage
    return None


def _lead_end(s: Sentence) -> int:
    """Where the lead-in part of a sentence ends: at its first item, else its colon."""
    if s.markers:
        return s.markers[0][0]
    colon = _SEMICOLON_LEAD.search(s.text)
    return colon.start() + 1 if colon else len(s.text)
