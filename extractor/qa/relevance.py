"""Does a piece of an article speak about what the question asks? Term coverage with context.

News writing states its subject once and then says 全区, 该项目, 公司: so the
*context* of a sentence is its paragraph, the paragraph before it, the lead
and the article's title, and a question's names must all appear there; the sentence
itself must carry most of the question's content words. Place names also
match without their administrative suffix (滨湖区 ~ 滨湖).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from ..schema import Article, Location
from ..text.lexicon import (
    FOREIGN_PLACES,
    PROJECT_FIELDS,
    ZONE_SUFFIX,
    alternation,
)
from ..text.names import opens_a_name
from ..text.normalize import normalize_text
from .qualifiers import period_said, reported_year, title_year

_ADMIN = ("省", "市", "自治区", "特别行政区", "区", "县", "镇")
_ADMIN_SUFFIX = re.compile(f"(?:{alternation(_ADMIN)})$")
# what names a place's kind: an administrative level or a zone (高新区, 示范区)
_PLACE_KIND = re.compile(f"(?:{alternation([*ZONE_SUFFIX, *_ADMIN])})$")


@lru_cache(maxsize=4096)
def variants(term: str) -> frozenset[str]:
    """A term as written (normalised) and without its administrative level (洞泾镇 → 洞泾)."""
    norm = normalize_text(term)
    short = _ADMIN_SUFFIX.sub("", norm)
    return frozenset(v for v in (norm, short) if len(v) >= 2)


def present(term: str, norm_text: str) -> bool:
    return any(v in norm_text for v in variants(term))


def present_in(term: str, text: str) -> bool:
    return present(term, normalize_text(text))


@lru_cache(maxsize=256)
def places_asked(question: str) -> tuple[str, ...]:
    """The places ``question`` names (read once per question, not per value or record checked)."""
    from ..text.places import find_places

    return tuple(p for _, _, p in find_places(question))


def place_cores(question: str) -> list[str]:
    """The proper part of each place the question names (宝鸡 of 宝鸡高新区, 长三角 of 长三角示范区):
    what an answer's context must name, however it writes the zone (宝鸡高新技术产业开发区)."""
    from ..text.places import find_places, parse_location

    cores = []
    for _, _, place in find_places(question):
        core = normalize_text(place)
        loc = parse_location(place) if len(core) > 3 else None
        inner = _core(normalize_text(loc.district)) if loc and loc.district else ""
        # 雅安荥经, 岳阳市平江县: the county, which an article may name without its city; not a
        # namesake (南京市鼓楼区: 鼓楼区 alone is also 福州's)
        alone = parse_location(inner).city if len(inner) >= 2 else None
        if len(inner) >= 2 and core.find(inner) >= 2 and loc is not None and alone == loc.city:
            core = inner
        cores.append(_core(core))
    return list(dict.fromkeys(cores))


def _core(place: str) -> str:
    while (m := _PLACE_KIND.search(place)) and m.start() >= 2:
        place = place[: m.start()]
    return place


def whole_area(core: str, norm: str, article_text: str) -> bool:
    """Whether ``norm`` (a normalised context) speaks of the whole of the place ``core`` (全省 for
    河北, 全市 for 九江) in an article that names it somewhere (a byline: 河北省商务厅)."""
    from ..text.places import parse_location

    loc = parse_location(core)
    level = "省" if loc.province and not loc.city else "市" if loc.city and not loc.district else None
    # (我市二季度重大项目集中开工…, in a report of 六安市融媒体中心: the city as a whole)
    said = level is not None and any(f"{w}{level}" in norm for w in ("全", "我", "本"))
    return said and core in normalize_text(article_text)


def zone_of_named_city(core: str, norm: str, article_text: str) -> bool:
    """Whether ``norm`` names the zone ``core`` asks for without its city (稀土高新区 for
    包头稀土高新区) in an article that names the city (包头市投资促进局)."""
    from ..text.places import find_places

    city = next((p for a, b, p in find_places(core) if a == 0 and b < len(core) - 1), None)
    if city is None:
        return False
    rest = core[len(city) :]
    return rest in norm and normalize_text(city) in normalize_text(article_text)


# A place stated as where something is (在湖口县签约, 落户瑞昌市), not where a meeting was (在杭州举办).
_SITE_WORDS = "(?:在|落户|落地|位于|落子|入驻|进驻)"
_SITE_BEFORE = re.compile(f"{_SITE_WORDS}$")
_VENUE_AFTER = re.compile("(?:举办|举行|召开|开幕)")
# 总部位于深圳市, 注册在: the firm's home, not its project's site
_HOME_BEFORE = re.compile("(?:总部|注册地?)(?:设|均|也|都)?(?:位于|在|设在)$")
_PARTNER_BEFORE = re.compile("[与同和]$")
_SIGNS_AFTER = re.compile("(?:正式)?(?:签约|签订|签署)")
_HOSTS_AFTER = re.compile(r"(?:今年|去年|前年|\d{4}年)?(?:\d{1,2}月)?(?:签约|引进|落地|开工|投产)的")
_CLAUSE_MARK = re.compile(r"[，,；;。！？!?]")
_GOVERNMENT_SIGNS = re.compile(
    r"(?:人民政府|政府|管委会|管理委员会)(?:与|同|和)[^，,。；;]{2,40}?(?:签订|签约|签署)"
)
# A town, which no place table holds: 潭门镇, 嘉积镇, 泽口街道.
_TOWN_LEVELS = alternation([z for z in ZONE_SUFFIX if z in ("镇", "乡", "街道")])
_TOWN = re.compile(rf"[\u4e00-\u9fff]{{2,3}}?(?:{_TOWN_LEVELS})(?![\u4e00-\u9fff]{{0,2}}(?:政府|党委))")
_TOWN_END = re.compile(f"(?:{_TOWN_LEVELS})$")
_TOWN_SITE = re.compile(rf"{_SITE_WORDS}({_TOWN.pattern})")


def _town_elsewhere(question: str, window: str) -> str | None:
    """The town ``window`` puts its project in, when the question asks about a project in another
    town that the window never names."""
    asked = [m.group() for m in re.finditer(rf"(?<=[在的于])({_TOWN.pattern})", question)]
    if not asked or any(_TOWN_END.sub("", a) in window for a in asked):
        return None  # (落户潭门: the town named without its level)
    site = next((s for s in _TOWN_SITE.finditer(window) if not _VENUE_AFTER.match(window, s.end())), None)
    return site.group(1) if site else None  # (签约仪式在嘉积镇举行: where it was signed)
_COUNTY_END = re.compile("(?:县|旗|区)$")
_ZONE_END = re.compile(f"(?:{alternation([z for z in ZONE_SUFFIX if z not in ('镇', '乡', '街道')])})$")


def asked_abroad(question: str) -> list[str]:
    """Places the question puts a project in (在越南的工厂) that are no Chinese place: another
    country or a region abroad, as jieba tags a place name."""
    from .parse import tagged

    tags = tagged(question)
    return [
        w
        for i, (w, flag) in enumerate(tags)
        if flag == "ns" and i and tags[i - 1][0] in {"在", "于", "赴", "到"} and w in FOREIGN_PLACES
    ]


def site_elsewhere(question: str, window: str) -> str | None:
    """The place ``window`` says its project is at, when it is none the question places it in
    (问瑞昌市的项目, 文中 ``在湖口县签约``); None when they agree, or either states no site."""
    from ..text.places import find_places, parse_location

    # 深圳市沃能储能科技有限公司: a place opening a firm's name says where the firm is from
    named = [parse_location(p) for _, b, p in find_places(question) if not opens_a_name(question, b)]
    abroad = asked_abroad(question)
    if abroad and not any(a in window for a in abroad):
        # 在越南的新工厂投资多少, 文中 ``在鹤山工业城…追加投资``: a site abroad the statement doesn't name
        said = (p for a, _, p in find_places(window) if _SITE_BEFORE.search(window, max(0, a - 2), a))
        site = next(said, None)
        if site is not None:
            return site
    town = _town_elsewhere(question, window)
    if town is not None:
        return town  # 问潭门镇的项目, 文中 ``…项目落户嘉积镇``
    if not named:
        return None
    # the most precise places asked (瑞昌市, not the 九江 of 九江恒锂新材料有限公司)
    depth = max(_depth(q) for q in named)
    asked = [q for q in named if _depth(q) == depth]
    sites = [
        (place, parse_location(place), a)
        for a, b, place in find_places(window)
        if (
            (_SITE_BEFORE.search(window, max(0, a - 2), a) and not _HOME_BEFORE.search(window, 0, a))
            # 甲公司与开鲁县签约: the county it signs with; 玉溪市去年签约的一个项目: its host
            or (_PARTNER_BEFORE.search(window, max(0, a - 1), a) and _SIGNS_AFTER.match(window, b))
            or _HOSTS_AFTER.match(window, b)
            # 乌拉特中旗人民政府与…签订…投资协议: the county whose government signs hosts it
            or _GOVERNMENT_SIGNS.match(window, b)
        )
        and not _VENUE_AFTER.match(window, b)
        and not _zone_guessed(place)
    ]
    if not sites or any(_agree(site, q) for _, site, _ in sites for q in asked):
        return None
    clauses = {_clause(window, at) for _, _, at in sites}
    if any(present(q.text, normalize_text(c)) for q in asked for c in clauses):
        return None  # 瑞昌市锂电池隔膜项目在南昌市签约: the asked place is the project's own
    return sites[0][0]


def _zone_guessed(place: str) -> bool:
    """Whether ``place`` is a zone whose county would be a guess (独山港经济开发区 read as 独山县;
    铁岭经济开发区, named after a city that has a county of its name), not one named after its
    county alone (贵溪经济开发区 is 贵溪市's, 固镇经济开发区 固镇县's)."""
    from ..text.places import parse_location

    zone = _ZONE_END.search(place)
    if zone is None:
        return False
    core, loc = place[: zone.start()], parse_location(place)
    if loc.district is None or core != _ADMIN_SUFFIX.sub("", loc.district):
        return True
    return loc.city is not None and core == _ADMIN_SUFFIX.sub("", loc.city)


def _clause(text: str, at: int) -> str:
    """The clause of ``text`` around ``at`` (between commas or stops)."""
    start = max((m.end() for m in _CLAUSE_MARK.finditer(text, 0, at)), default=0)
    end = _CLAUSE_MARK.search(text, at)
    return text[start : end.start() if end else len(text)]


def _depth(place: Location) -> int:
    return 3 if place.district else 2 if place.city else 1 if place.province else 0


def _agree(a: Location, b: Location) -> bool:
    """Whether two places can be one: the same, or one inside the other (九江市 and 湖口县)."""
    if normalize_text(a.text) == normalize_text(b.text) or not (_depth(a) and _depth(b)):
        return True  # a zone the place table can't resolve (独山港经济开发区) may well be in it
    levels = ((a.province, b.province), (a.city, b.city), (_county(a), _county(b)))
    return all(x is None or y is None or x == y for x, y in levels)


def _county(place: Location) -> str | None:
    """The county a place is, or is in: the table's, else a county-level name the table lacks
    (察右前旗, a short form) as written; a zone's county stays unknown."""
    if place.district is not None:
        return place.district
    text = normalize_text(place.text)
    return text if _COUNTY_END.search(text) and not _ZONE_END.search(text) else None


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
        if present(t, norm) or period_said(t, norm):  # (上半年 written 1—6月)
            got += _weight(t)
        elif around and (present(t, around) or period_said(t, around)):
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


_SECTION_REACH = 8


def section_heading(article: Article, n: int) -> str:
    """The heading paragraph ``n`` stands under (a card's 【项目一】光伏新材料产业园项目, a memo's
    二、关于…项目), when it is a few paragraphs up and not right before it (``context`` has that
    one); else ''."""
    for k in range(n - 1, max(0, n - _SECTION_REACH), -1):
        if _section_head(article, k):
            return article.paragraph_text(k) if k < n - 1 else ""
    return ""


# 建设地点：哈密高新区: a card's field, not the heading of its section; but 1.项目名称：X项目 heads
# the card it names
_FIELD = re.compile("[:：]")
_NAME_FIELD = re.compile(
    rf"\s*(?:[\d.、()（）一二三四五六七八九十]+\s*)?(?:{alternation(PROJECT_FIELDS)})[:：]"
)


def section_below(article: Article, paragraphs: list[int]) -> list[int]:
    """``paragraphs`` and, when a section's heading among them (【项目一】光伏新材料产业园项目) has
    its section go on past the last of them (a chunk ends inside a project's card), the rest of
    that section, up to the next heading."""
    heads = [k for k in paragraphs if _section_head(article, k)]
    if not heads or not paragraphs:
        return paragraphs
    last, head = paragraphs[-1], heads[-1]
    below: list[int] = []
    for k in range(last + 1, min(len(article.paragraphs), head + _SECTION_REACH) + 1):
        if _section_head(article, k):
            break
        below.append(k)
    return [*paragraphs, *below]


def report_year(article: Article, n: int) -> str | None:
    """The year paragraph ``n`` reports on when it names none (``qualifiers.reported_year``): the
    year of the numbered section it stands in (一、2023年工作回顾; （二）… within it), or the
    title's."""
    section = ""
    for k in range(n - 1, 0, -1):
        text = article.paragraph_text(k)
        numbered = _NUMBERED_HEAD.match(text)
        if article.paragraph(k).kind != "heading" or numbered is None:
            continue
        since = _SINCE.search(text) is not None  # 一、2023年以来工作成效: years, not one
        if title_year(text) or numbered["top"]:
            section = text if title_year(text) and not since else ""
            break  # a sub-section (（一）招商引资) without a year stands in its section's
    return reported_year(article.title, article.published, section)


_SINCE = re.compile(r"年(?:以来|至今)|\d{4}\s*[—\-–~至到]\s*\d{4}")
_NUMBERED_HEAD = re.compile(r"\s*(?:(?P<top>[一二三四五六七八九十]+、)|[（(][一二三四五六七八九十]+[)）])")


def _section_head(article: Article, k: int) -> bool:
    text = article.paragraph_text(k)
    named = not _FIELD.search(text) or _NAME_FIELD.match(text) is not None
    return article.paragraph(k).kind == "heading" and named
