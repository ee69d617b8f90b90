"""Does a piece of an article speak about what the question asks? Term coverage with context.

News writing states its subject once and then says 全区, 该项目, 公司: so the
*context* of a sentence is its paragraph, the paragraph before it, the lead
and the article's title, and a question's names must all appear there; the sentence
itself must carry most of the question's content words. Place names also
match without their administrative suffix (滨湖区 ~ 滨湖).
"""

from __future__ import annotations

import re
from functools import cache

from ..schema import Article
from ..text.lexicon import ZONE_SUFFIX, alternation
from ..text.normalize import normalize_text

_ADMIN = ("省", "市", "自治区", "特别行政区", "区", "县", "镇")
_ADMIN_SUFFIX = re.compile(f"(?:{alternation(_ADMIN)})$")
# what names a place's kind: an administrative level or a zone (高新区, 示范区)
_PLACE_KIND = re.compile(f"(?:{alternation([*ZONE_SUFFIX, *_ADMIN])})$")


def variants(term: str) -> set[str]:
    norm = normalize_text(term)
    short = _ADMIN_SUFFIX.sub("", norm)
    return {v for v in (norm, short) if len(v) >= 2}


def present(term: str, norm_text: str) -> bool:
    return any(v in norm_text for v in variants(term))


def present_in(term: str, text: str) -> bool:
    return present(term, normalize_text(text))


def place_cores(question: str) -> list[str]:
    """The proper part of each place the question names (宝鸡 of 宝鸡高新区, 长三角 of 长三角示范区):
    what an answer's context must name, however it writes the zone (宝鸡高新技术产业开发区)."""
    from ..text.places import find_places

    cores = []
    for _, _, place in find_places(question):
        core = normalize_text(place)
        while (m := _PLACE_KIND.search(core)) and m.start() >= 2:
            core = core[: m.start()]
        cores.append(core)
    return list(dict.fromkeys(cores))


@cache
def is_place(term: str) -> bool:
    """Is the term a place name (重庆, 松江区, 贵阳)?"""
    from ..text.places import find_places

    return any(s == 0 and e == len(term) for s, e, _ in find_places(term))


def _weight(term: str) -> float:
    return float(min(len(term), 6))


def coverage(terms: list[str], text: str, *, context: str | None = None, normalized: bool = False) -> float:
    """Share of ``terms`` (weighted by length) in ``text``; 1.0 for no terms.

    With ``context``, a term found only there counts half: the paragraph may
    name the subject once and the answering sentence refer back to it.
    """
    if not terms:
        return 1.0
    norm = text if normalized else normalize_text(text)
    around = normalize_text(context) if context is not None else ""
    total = sum(_weight(t) for t in terms)
    got = 0.0
    for t in terms:
        if present(t, norm):
            got += _weight(t)
        elif around and present(t, around):
            got += _weight(t) / 2
    return got / total


def lead(article: Article) -> int | None:
    """The first body paragraph: where a news article sets its scene."""
    return next((p.n for p in article.paragraphs if p.kind == "body"), None)


def context(article: Article, n: int) -> str:
    """The title, the lead, the previous paragraph (unless furniture) and paragraph ``n``."""
    parts = [article.title or ""]
    first = lead(article)
    if first is not None and first < n - 1:
        parts.append(article.paragraph_text(first))
    if n > 1 and article.paragraph(n - 1).kind != "boilerplate":
        parts.append(article.paragraph_text(n - 1))
    parts.append(article.paragraph_text(n))
    return "\n".join(parts)
