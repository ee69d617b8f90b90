"""Places: find mentions in a sentence, resolve one to province / city / district.

Mentions come from jionlp's administrative table (full names such as 松江区 and
the short forms of provinces and cities, 重庆, 益阳), from the segmenter's place tag
for names the table lacks (两江), and from zone suffixes that make a place a
development zone (重庆高新区, 北京经济技术开发区, 西部(重庆)科学城).
Resolution is ``jionlp.parse_location`` with its guesses checked: it files
``两江新区`` under a county called ``新区`` and ``平安`` under 青海.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..schema import Location
from . import admin_places
from .jio import jionlp  # parse_location; finding places needs only the packaged table
from .lexicon import FIRM_END, NEW_AREAS, ORG_SUFFIX, STAGE_CUES, ZONE_SHORT, ZONE_SUFFIX, alternation
from .segment import tags

_SUFFIX = re.compile(alternation(ZONE_SUFFIX))
_TOWN = re.compile("[\u4e00-\u9fff]{2,3}?(?:镇|街道)")
_PAREN_ZONE = re.compile(r"[\u4e00-\u9fff]{2}[(（]$")
_CLOSE_ZONE = re.compile(rf"[)）]({alternation(ZONE_SUFFIX)})")
# Short forms that are everyday words far more often than places.
# fmt: off
_COMMON_WORDS = {
    "东方", "安康", "长治", "大同", "中山", "和平", "新华", "长安", "平安", "城中", "城东", "城西",
    "城南", "城北", "郊区", "矿区", "光明", "永定", "开平", "普陀", "宝山", "金山", "黄山", "朝阳",
    "新城", "城关", "江南", "江北", "河东", "河西", "龙华", "向阳", "红旗", "前进", "胜利", "合作",
    "高新", "开发", "新区", "市中", "白云", "青山", "东山", "西湖", "南山", "中原", "中国",
    # verbs that are also a district's short name (新建区): 新建4条生产线 builds, it is no place
    "新建",
}
# fmt: on
# Words jieba tags as places that are not place names.
_NOT_PLACES = {"城市", "重镇", "主城区", "城区", "市区", "全市", "全区", "全县", "辖区", "景区", "社区"}
# 各县市, 各县区, 各乡镇: every place of a level, none of them by name.
_EACH = ("各", "诸")


@dataclass(frozen=True, slots=True)
class _Admin:
    names: dict[str, str]  # name -> "full" | "alias" (province / city) | "county_alias"
    counties: frozenset[str]
    lengths: dict[str, tuple[int, ...]]  # first character -> lengths of the names it starts, longest first

    def mentions(self, text: str) -> Iterator[tuple[int, int]]:
        """Where names occur, left to right, the longest at each place, never overlapping: what
        one regex alternation of all ~6,500 names (longest first) finds, in a tenth of the time
        and with nothing to compile."""
        i, n = 0, len(text)
        while i < n:
            for length in self.lengths.get(text[i], ()):
                if i + length <= n and text[i : i + length] in self.names:
                    yield i, i + length
                    i += length
                    break
            else:
                i += 1


@functools.cache
def _admin() -> _Admin:
    table, counties = admin_places.load()  # jionlp's table, packaged
    names: dict[str, str] = {**table, **{n: "full" for n in NEW_AREAS}}
    lengths: dict[str, set[int]] = {}
    for name in names:
        lengths.setdefault(name[0], set()).add(len(name))
    return _Admin(names, counties, {c: tuple(sorted(ls, reverse=True)) for c, ls in lengths.items()})


_TIME_AFTER = re.compile(r"(?:今年|去年|前年|本年|上半年|下半年|前三季度|[一二三四]季度|\d{4}年|\d{1,2}月)")
# A level character that begins a word of its own: 市场, 市值, 区域, 区间, 区块.
_LEVEL_WORD = re.compile("市场|市值|市民|区域|区间|区块")


def find_places(text: str) -> list[tuple[int, int, str]]:
    """Place mentions in ``text`` as ``(start, end, text[start:end])``, in order.

    Zones keep their suffix (重庆高新区) and a town keeps its district
    (松江区洞泾镇); a bare 高新区 with no place before it is not a mention.
    """
    admin = _admin()
    tokens = tags(text)
    starts: set[int] = set()
    ends: set[int] = set()
    places_tagged: set[tuple[int, int]] = set()
    pos = 0
    for word, flag in tokens:
        starts.add(pos)
        pos += len(word)
        ends.add(pos)
        if flag == "ns":
            places_tagged.add((pos - len(word), pos))
    spans: list[tuple[int, int]] = []
    for s, e in admin.mentions(text):
        level = admin.names[text[s:e]]
        suffix = _suffix_at(text, e)
        # 禄丰市钛精深加工: jieba glued the name's own 市 to what follows (市钛); a full name
        # ending in its level still ends there (not 金华市场's 市)
        cut_level = text[e - 1] in "省市区县旗" and e - s >= 3 and not _LEVEL_WORD.match(text, e - 1)
        # 前郭县: a county's short form and its level, which jieba cut elsewhere (前|郭县)
        leveled = level == "county_alias" and text[e : e + 1] in ("县", "旗") and e + 1 in ends
        if leveled:
            spans.append((s, e + 1))
            continue
        if s not in starts or (e not in ends and not suffix and not cut_level):
            continue
        # 固安今年上半年…: a county's short form opening a text and followed by a time is the place
        # it speaks of, however jieba tagged it (固安 as an adjective)
        opening = s == 0 and _TIME_AFTER.match(text, e) is not None
        if not suffix and (
            text[s:e] in _COMMON_WORDS
            or (level == "county_alias" and (s, e) not in places_tagged and not opening)
        ):
            continue
        spans.append((s, e + len(suffix)))
    for s, e in sorted(places_tagged):
        word = text[s:e]
        suffix = _suffix_at(text, e)
        if word.startswith(_EACH):
            continue
        if suffix or (len(word) >= 3 and word[-1] in "省市区县镇" and word not in _NOT_PLACES):
            spans.append((s, e + len(suffix)))
    zones = [(s, z) for s, e in [*spans, *places_tagged] if (z := _zone_end(text, tokens, e)) is not None]
    return [(s, e, text[s:e]) for s, e in _merge(text, spans + zones)]


def without_places(text: str, places: list[tuple[int, int, str]] | None = None) -> str:
    """``text`` with its place mentions (``find_places``, or the ``places`` already found) cut out:
    北京天枢智能 → 天枢智能."""
    for a, b, _ in reversed(find_places(text) if places is None else places):
        text = text[:a] + text[b:]
    return text


# Words that may stand between a place and its zone suffix: 临港/新/片区, 冕宁/稀土/经济开发区,
# 海口/国家/高新技术/产业/开发区.
_ZONE_WORD_FLAGS = {"n", "nz", "nr", "nrt", "ns", "j", "s"}
# jieba tags some verbs and firm words as nouns (落户/n, 科技/n): they end a zone's name.
_NOT_ZONE_WORDS = frozenset(
    {w for words in STAGE_CUES.values() for w in words} | set(FIRM_END) | set(ORG_SUFFIX)
)
_ZONE_END = re.compile(f"(?:{alternation([z for z in ZONE_SUFFIX if z not in {'镇', '乡', '街道'}])})$")


def _zone_end(text: str, tokens: tuple[tuple[str, str], ...], end: int) -> int | None:
    """Where a development zone named after the place ending at ``end`` ends, if one does.

    Up to four nouns or adjectives (新, 先进) may stand between the place
    and the zone suffix; the longest zone wins. None when no zone follows.
    """
    pos, found, taken = 0, None, 0
    for word, flag in tokens:
        if pos < end:
            pos += len(word)
            continue
        if pos > end and taken == 0:
            return None
        noun = (flag in _ZONE_WORD_FLAGS or flag == "a") and word not in _NOT_ZONE_WORDS
        if not noun or taken >= 4:
            break
        pos += len(word)
        taken += 1
        if _ZONE_END.search(text, end, pos):
            found = pos
    return found


def _suffix_at(text: str, pos: int) -> str:
    """The zone suffix at ``pos``, two when they chain (绵阳科技城新区, 重庆高新区…片区)."""
    m = _SUFFIX.match(text, pos)
    if m is None:
        return ""
    more = _SUFFIX.match(text, m.end())
    return text[pos : (more or m).end()]


def _merge(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop spans inside others, join adjacent ones (广东省+深圳市), widen zones and towns."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans, key=lambda p: (p[0], -p[1])):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        elif out and s == out[-1][1]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    widened: list[tuple[int, int]] = []
    for s, e in out:
        close = _CLOSE_ZONE.match(text, e)
        if close and _PAREN_ZONE.search(text, 0, s):  # 西部(重庆)科学城
            s, e = s - 3, close.end()
        town = _TOWN.match(text, e)
        if town and text[e - 1] in "区县市":
            e = town.end()
        widened.append((s, e))
    return widened


class _Resolver:
    """jionlp's ``parse_location``, shown only the administrative entries whose names occur in
    the text. jionlp tries each of its ~3,500 entries against every text (most of the time
    spent extracting an article); an entry none of whose names occurs there can't match, so
    the answer is the same, found among a handful. The entries keep their order (ties)."""

    def __init__(self) -> None:
        self._parser: Any = jionlp().parse_location
        self._parser("北京市")  # loads its table
        self._entries: list[Any] = self._parser.administrative_map_list
        index: dict[str, list[int]] = {}
        for i, entry in enumerate(self._entries):
            for names in entry[1:4]:
                for name in names:
                    if name:
                        index.setdefault(name, []).append(i)
        self._index = index
        self._lengths = sorted({len(n) for n in index})
        self._lock = threading.Lock()

    def __call__(self, text: str) -> dict[str, Any]:
        found: set[int] = set()
        for n in self._lengths:
            for start in range(len(text) - n + 1):
                found.update(self._index.get(text[start : start + n], ()))
        with self._lock:  # the parser is one shared object
            self._parser.administrative_map_list = [self._entries[i] for i in sorted(found)]
            try:
                result: dict[str, Any] = self._parser(text)
            finally:
                self._parser.administrative_map_list = self._entries
        return result


@functools.cache
def _resolver() -> _Resolver:
    return _Resolver()


@functools.cache
def _parse(text: str) -> tuple[str | None, str | None, str | None]:
    jio = _resolver()
    admin = _admin()
    r = jio(text)
    province, city, county = r.get("province"), r.get("city"), r.get("county")
    if province is None and county is not None and len(text) <= 4:
        # a short county name jionlp knows but will not place (滨湖 → 滨湖区)
        for suffix in ("区", "县", "市"):
            r = jio(text + suffix)
            if r.get("province") and str(r.get("county") or "").startswith(text):
                province, city, county = r.get("province"), r.get("city"), r.get("county")
                break
    if province is None:
        for area, (prov, town) in NEW_AREAS.items():
            if area in text:
                return prov, town, None
        return None, None, None
    if county is not None and not (county in admin.counties and _written(county, text)):
        county = None
    return province, city, county


def _written(county: str, text: str) -> bool:
    """Whether ``text`` names ``county`` (in full or without its 区/县/市), not jionlp's guess."""
    return county in text or (len(county) > 2 and county[:-1] in text)


def parse_location(text: str) -> Location:
    """Resolve a place as written (重庆高新区, 松江区洞泾镇) to province / city / district.

    ``Location.text`` is ``text`` unchanged; levels jionlp cannot place stay None.
    """
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    province, city, district = _parse(key) if key else (None, None, None)
    return Location(text=text, province=province, city=city, district=district)


_ZONE_LONG = re.compile(alternation(list(ZONE_SHORT)))


def short_zone(text: str) -> str:
    """``text`` with each zone's full name in the short form news writes (芜湖经济技术开发区 →
    芜湖经开区), so the two forms of one place compare equal."""
    return _ZONE_LONG.sub(lambda m: ZONE_SHORT[m.group()], text)
