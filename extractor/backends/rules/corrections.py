"""Corrections an article makes to itself: ``原公示第2项“甲项目”总投资“3.5亿元”有误，应为“5.3亿元”``.

A figure the article retracts is never a record's amount. The deal keeps its name, investors and
stage, and loses the retracted amount: the right one is stated in another sentence, and a record's
amount must be quoted from its own evidence.
"""

from __future__ import annotations

import re

from ...schema import DealDraft
from ...text.lexicon import CORRECTED, alternation
from ...text.normalize import normalize_text

# “甲项目”…“3.5亿元”有误: the quoted name, then the quoted figure the text retracts.
_RETRACTION = re.compile(
    rf"“(?P<name>[^“”。；;]{{2,40}})”[^“”。；;]{{0,12}}?“(?P<figure>[^“”。；;]{{1,20}})”(?:{alternation(CORRECTED)})"
)


def retracted(text: str) -> list[tuple[str, str]]:
    """The (name, figure) pairs ``text`` retracts, normalised (spaces gone, full-width digits ASCII)."""
    return [(_key(m["name"]), _key(m["figure"])) for m in _RETRACTION.finditer(text)]


def without_retracted(deals: list[DealDraft], text: str) -> list[DealDraft]:
    """The deals, each without an amount the article retracts for its project."""
    pairs = retracted(text)
    if not pairs:
        return deals
    return [d.model_copy(update={"amount_text": None}) if _retracted(d, pairs) else d for d in deals]


def _retracted(deal: DealDraft, pairs: list[tuple[str, str]]) -> bool:
    if not deal.project or not deal.amount_text:
        return False
    name, figure = _key(deal.project), _key(deal.amount_text)
    return any(n in name and f == figure for n, f in pairs)


def _key(s: str) -> str:
    return normalize_text(s)  # NFKC, whitespace dropped
