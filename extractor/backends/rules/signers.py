"""Firms named by their short names, found by what the sentence says of them: one side of a
signing with a government (``晶科电子与红河州签约``), or described as a firm
(``作为…领军企业之一的青藤云安全，…``).

A firm known by its short name (晶科电子, 宁德时代) carries no legal suffix, so the
organisation finder, which reads suffixes (有限公司, 集团), does not see it. The
signing itself says what it is: the party that signs with a place or a government
body is the investor. Both orders are read:

- ``firm_then_government``: ``晶科电子与红河州人民政府签订投资协议`` (the firm opens its clause);
- ``government_then_firm``: ``开发区与晶科电子签约`` (the firm follows the link).

A signer must be a name of one organisation (the shared validator: no place, no
industry, no government body, no 双方/企业), and the signing must follow it in the same
clause, with only ceremony words between (正式, 成功, 举行, 进行了, 项目, 投资).
"""

from __future__ import annotations

import re

from ...text.lexicon import GOVERNMENT_BODY, GOVERNMENT_WORD, INVESTOR_FIELDS, alternation
from ...text.names import is_generic, refused_investor
from .mentions import Mention, walk_back
from .sentence import Sentence

# The government side: a place the sentence names, or a government word, with its body.
_GOVERNMENT_WORD = re.compile(GOVERNMENT_WORD)
_BODY_AFTER = re.compile(rf"(?:{alternation(GOVERNMENT_BODY)})?")
_ADVERB = re.compile("(?:还|也|再|又|同时)?")
# What may stand between the other side and the signing: ceremony words, nothing that is a name.
_TO_SIGN = re.compile(
    r"(?:正式|成功|顺利|现场|集中)?(?:举行了?|进行了?)?(?:项目|投资|合作)?(?:签约|签订|签署|签下)"
)
LINK = re.compile("与|同|和|跟")  # the word joining a firm and the government it signs with
# Times and connectives a clause may open with before its subject (近日，7月5日 …).
_LEAD = re.compile(r"(?:\d+年|\d+月|\d+日|今年|近日|日前|当天|随后|同时|此外|另外|也|还)*")
_NAME = re.compile(r"[^\W的是为在与和同跟及]{2,15}")


def find_signers(s: Sentence, places: list[tuple[int, int, str]]) -> list[Mention]:
    """Firms that sign with a government in ``s``, by their short names."""
    t = s.text
    out: list[Mention] = []
    for link in LINK.finditer(t):
        a, _ = s.clause_bounds(link.start())
        side = _government_at(t, link.end(), places)
        if side is not None and _TO_SIGN.match(t, side) is not None:
            # firm_then_government: the firm opens the clause, right before the link
            start = walk_back(s, link.start())
            if start is not None and _LEAD.fullmatch(t, a, start):
                _add(out, s, start, link.start())
            continue
        if government_opens(s, a, link.start(), places):
            # government_then_firm: a name after the link, then the signing
            _, b = s.clause_bounds(link.end())
            sign = _TO_SIGN.search(t, link.end(), b)
            if sign is not None and _NAME.fullmatch(t, link.end(), sign.start()):
                _add(out, s, link.end(), sign.start())
    return out


def government_opens(s: Sentence, a: int, link: int, places: list[tuple[int, int, str]]) -> bool:
    """Whether the clause at ``a`` opens (after times) with the government side, and the
    link (与/同/和/跟) at ``link`` follows it: ``准格尔旗还与…``, ``开发区与…``."""
    t = s.text
    if not (a <= link < len(t)) or not LINK.fullmatch(t, link, link + 1):
        return False
    for start in range(a, link):
        if _LEAD.fullmatch(t, a, start) and _government_at(t, start, places, adverbs=True) == link:
            return True
    return False


def _government_at(
    t: str, pos: int, places: list[tuple[int, int, str]], *, adverbs: bool = False
) -> int | None:
    """Where the government side that starts at ``pos`` ends (a place and its body, or a
    government word; with ``adverbs``, and an adverb after it: 还, 也), or None."""
    place = next((p for p in places if p[0] == pos), None)
    if place is not None:
        body = _BODY_AFTER.match(t, place[1])
        end = body.end() if body else place[1]
    elif (word := _GOVERNMENT_WORD.match(t, pos)) is not None:
        end = word.end()
    else:
        return None
    adverb = _ADVERB.match(t, end) if adverbs else None
    return adverb.end() if adverb else end


def _add(out: list[Mention], s: Sentence, start: int, end: int) -> None:
    name = s.name(start, end)
    if not 2 <= len(name) <= 15 or is_generic(name) or refused_investor(name):
        return
    out.append(Mention(start, end, name))


# 作为…领军企业之一的A，: an organisation the sentence introduces by what kind it is.
_DESCRIBED = re.compile(
    r"作为[^，,。；;]{2,30}?(?:企业|公司|集团|机构|厂商)(?:之一)?的(?P<name>[^，,。；;、的与和]{2,12})[，,]"
)


# 投资方是A，: an organisation the sentence names as the investor (its field's key, then 是/为).
_NAMED_INVESTOR = re.compile(
    rf"(?:{alternation(INVESTOR_FIELDS)})(?:是|为)(?P<name>[^\W的是为在与和同跟及将已]{{2,15}})(?=[，,。；;])"
)


def find_described(s: Sentence) -> list[Mention]:
    """Firms the sentence describes as firms (作为…企业之一的A，) or names as the investor
    (投资方是A，), by their short names."""
    out: list[Mention] = []
    for rx in (_DESCRIBED, _NAMED_INVESTOR):
        for m in rx.finditer(s.text):
            _add(out, s, *m.span("name"))
    return out
