"""Money in Chinese text: find mentions, parse them into ``Money``, compare them.

``find_money`` is a regex of our own: jionlp's ``extract_money`` swallows verbs
(``达605.6亿元``), counts (``9个10亿元以上``) and bare numbers (``20``), and
misses ``超百亿``. Parsing a mention we found is left to ``jionlp.parse_money``;
we only map its vocabulary (accurate / blur / blur+ / blur-, value lists) to
``Money.kind`` and add the cases it refuses (``百亿级``, ``以内``).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from ..schema import AmountKind, Money
from .jio import jionlp
from .lexicon import CN_NUMERAL, MONEY_CONTEXT, alternation
from .traditional import simplified

_CN_NUM = f"[{CN_NUMERAL}]+"
# 一点五亿元, 十二点三亿: a Chinese number with a decimal point (spoken, and in transcripts).
_CN_DIGITS = "零〇一二两三四五六七八九"
_DIGIT_VALUE = {c: v for c, v in zip(_CN_DIGITS, (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True)}
_CN_POINT = f"[{CN_NUMERAL}]+点[{_CN_DIGITS}]+"
_CN_DECIMAL = re.compile(f"(?P<whole>[{CN_NUMERAL}]+)点(?P<frac>[{_CN_DIGITS}]+)")
_AR_NUM = r"\d+(?:[,，]\d{3})*(?:[.．]\d+)?"
# 数十 / 几百 / 上百 / 十几 / 二十多: vague Chinese numbers jionlp reads as ranges.
_NUM = rf"(?:{_AR_NUM}|{_CN_POINT}|(?:数|几|上)?{_CN_NUM}几?)"
_MID = "(?:多|余)?"  # 20余亿元, 800多万元, 3万余元
_MAG = "(?:[十百千]?万亿|[十百千]?亿|[十百千]?万)"
_CUR = "(?:元人民币|元|人民币|美元|港元|港币|欧元|日元|英镑)"
# One space may stand between a number and its unit (1 亿元, 10 亿元-15 亿元): pages set
# numbers apart so; the span keeps it, parse_money reads past it.
_SP = "(?:[ \u00a0\u3000]|[ \u3000]*\n[ \u3000]*)?"  # a hard-wrapped line may break there too
# 4.5个亿: spoken Chinese counts 亿 with a measure word, and means money (but 3个亿元以上项目 and
# 3个百亿元项目 count projects of a size class).
# (3个亿元项目 counts projects of a size; 3个亿的项目 is one project of 3亿)
SPOKEN_YI = "[十百千]?亿(?!元?级|元?以上|元(?:项目|企业)|(?:项目|企业))"
_GE = f"个(?={SPOKEN_YI})"
_ONE = rf"{_NUM}{_SP}{_MID}(?:{_GE})?{_MAG}{_MID}(?:{_SP}{_CUR})?"
_RANGE = rf"{_NUM}{_SP}{_MAG}?{_CUR}?{_SP}[-－—–~～至到]{_SP}{_NUM}{_SP}(?:{_GE})?{_MAG}{_CUR}?"  # 三到四个亿
# 三亿五千万元, 12亿5000万元: 亿 and 万 in one sum (its currency written, or 3亿5000万人 would do).
_COMPOUND = rf"(?P<yi>{_NUM}){_SP}亿零?{_SP}(?P<wan>{_NUM}){_SP}万{_SP}(?P<ccur>{_CUR})"
# Hedge words before an amount (also what answers quote with a quantity: 约20亿元).
HEDGES_BEFORE = "不超过|不超|不高于|不低于|不少于|上限为|最高|至少|不足|不到|将近|接近|大约|超过|约|近|超|逾"
_PRE = HEDGES_BEFORE
# Hedges jionlp does not read (or reads as their opposite: 不超 as 超): we set the kind.
_OUR_HEDGES: dict[str, AmountKind] = {
    "不超过": "at_most", "不超": "at_most", "不高于": "at_most", "上限为": "at_most", "最高": "at_most",
    "不低于": "at_least", "不少于": "at_least", "至少": "at_least",
}  # fmt: skip
_SCALE = {"": 1e8, "十": 1e9, "百": 1e10, "千": 1e11}
# 亿元项目 / 百亿级以上项目 / 亿元以上固投项目: a class of projects by size, with no number.
_CLASS = re.compile(r"(?P<scale>[十百千]?)亿元?级?(?:以上)?")
_CLASS_BEFORE = re.compile(
    r"(?<![\d.．零〇一二两三四五六七八九十百千万])(?P<m>[十百千]?亿(?:元级?(?:以上)?|级(?:以上)?|以上))"
    r"(?=[^,，。；;、]{0,4}(?:项目|企业))"
)
_POST = "以上|以下|以内|左右|上下"
_MONEY = re.compile(
    rf"(?:(?P<pre>{_PRE}){_SP})?(?P<body>{_COMPOUND}|{_RANGE}|{_ONE})(?P<level>级)?(?P<post>{_POST})?"
)
_COMPOUND_WHOLE = re.compile(rf"(?:人民币)?(?P<pre>{_PRE})?{_COMPOUND}(?P<post>{_POST})?")
# What parse_money accepts: one mention as find_money returns it, nothing around it.
# A small sum (500元) parses, though find_money only looks for 万 and 亿.
_WHOLE = re.compile(rf"(?:人民币)?(?:{_PRE})?(?:{_RANGE}|{_ONE}|{_AR_NUM}{_CUR})级?(?:{_POST})?")
_HAS_CUR = re.compile(rf"{_CUR}|{_GE}")
_HAS_YI = re.compile("亿")
_CONTEXT = re.compile(alternation(MONEY_CONTEXT))
_CLAUSE_END = re.compile("[,，。；;、:：!！?？]")
# A bare number followed by one of these counts people, things or area, not money.
_MEASURE_WORDS = set("人户吨亩平方米台辆套件个家次座栋张株头只股册部名位条项篇本份片瓦度斤里克升批所")
# Single-character hedges that are really the end of another word (签约, 最近, …).
_NOT_HEDGE: dict[str, set[str]] = {
    "约": set("签合预节公条制邀履特违相守婚契誓集和缔"),
    "近": set("最附接临将亲靠贴逼"),
    "超": set("赶高"),
}
_CONTEXT_WINDOW = 8
# What a phase's bare 亿 may not be followed by: a unit of something else (5亿颗, 5亿千瓦时, 5亿Wh).
_UNIT_NEXT = re.compile(r"[\u4e00-\u9fffA-Za-z]")
# A project's phase right before a number of 亿 (一期5亿, 二期约7亿): its share of the money.
_PHASE_BEFORE = re.compile(r"[一二三四五六七八九首]期(?:约|计划|投资)?$")


@dataclass(frozen=True, slots=True)
class MoneyMatch:
    """One money mention: ``text[start:end]`` with its parsed value."""

    start: int
    end: int
    text: str
    money: Money


def find_money(text: str) -> list[MoneyMatch]:
    """Every money mention in ``text``, hedge words (近/约/超/以上/左右…) included.

    Verbs such as 达/高达 are left out. A number without a currency (``近百亿``)
    counts only when money words come just before it (``投资金额近百亿``) or it
    is an order of magnitude (``百亿级``).
    """
    out: list[MoneyMatch] = []
    raw, text = text, simplified(text)  # 18億元 reads as 18亿元; offsets and quotes stay the raw text's
    for m in _MONEY.finditer(text):
        start, end = m.span()
        pre = m.group("pre")
        if pre and len(pre) == 1 and start > 0 and text[start - 1] in _NOT_HEDGE.get(pre, set()):
            start += 1
        body = m.group("body")
        if not _HAS_CUR.search(body) and not _bare_number_is_money(text, m, start):
            continue
        money = parse_money(raw[start:end])
        if money is not None:
            out.append(MoneyMatch(start, end, raw[start:end], money))
    for i, (first, second) in enumerate(itertools.pairwise(list(out))):
        joined = second.start == first.end + 1 and text[first.end] == "或"
        if joined and first.money.kind == "exact" and simplified(second.text).endswith(("以上", "级")):
            # 10亿元或1亿美元以上: the bound holds for both
            bounded = first.money.model_copy(update={"kind": "at_least"})
            out[i] = MoneyMatch(first.start, first.end, first.text, bounded)
    for m in _CLASS_BEFORE.finditer(text):
        start, end = m.span("m")
        if not any(x.start <= start < x.end for x in out):
            out.append(MoneyMatch(start, end, raw[start:end], _least_of_class(raw[start:end])))
    return sorted(out, key=lambda x: x.start)


def _bare_number_is_money(text: str, m: re.Match[str], start: int) -> bool:
    if m.group("level"):
        return _HAS_YI.search(m.group("body")) is not None
    nxt = text[m.end()] if m.end() < len(text) else ""
    if nxt in _MEASURE_WORDS:
        return False
    before = text[max(0, start - _CONTEXT_WINDOW) : start]
    cut = max((c.end() for c in _CLAUSE_END.finditer(before)), default=0)
    after = text[m.end() : m.end() + 1]
    if _PHASE_BEFORE.search(before[cut:]) and _HAS_YI.search(m.group("body")) and not _UNIT_NEXT.match(after):
        return True  # 总投资12亿元，其中一期5亿: a phase's share of the project's money (not 5亿颗芯片)
    return _CONTEXT.search(before[cut:]) is not None


def _least_of_class(text: str) -> Money:
    """亿元以上 / 百亿级 / 百亿(项目): the least size of a class of projects."""
    size = _CLASS.fullmatch(_clean(text))
    value = _SCALE[size["scale"] if size else ""]
    return Money(text=text, value=value, max_value=None, currency="CNY", cny=value, kind="at_least")


def _clean(text: str) -> str:
    s = simplified(unicodedata.normalize("NFKC", text))
    s = re.sub(r"\s+", "", s)
    s = re.sub(rf"(?<=[\d{CN_NUMERAL}]){_GE}", "", s)  # 4.5个亿 reads as 4.5亿
    s = re.sub(r"(?<=\d),(?=\d{3})", "", s)
    return _CN_DECIMAL.sub(_arabic_decimal, s)


def _arabic_decimal(m: re.Match[str]) -> str:
    """一点五 → 1.5 (its whole part read as a count; left as written when that fails)."""
    whole = parse_number(m["whole"]) if m["whole"] not in ("零", "〇") else 0
    if whole is None:
        return m.group()
    return f"{whole}." + "".join(str(_DIGIT_VALUE[c]) for c in m["frac"])


# Plain amounts (605.6亿元, 约3000万美元, 10亿元以上) are read here exactly as jionlp reads them
# (tests/test_amounts_plain.py compares the two on every amount of the eval sets and on a grid):
# importing jionlp costs a cold ``dealqa ask`` about 0.1 s. Anything else still goes to jionlp.
_PLAIN_DEFINITION = {
    "约": "blur", "大约": "blur", "左右": "blur", "近": "blur-", "将近": "blur-", "不足": "blur-",
    "不到": "blur-", "以下": "blur-", "超": "blur+", "超过": "blur+", "逾": "blur+", "以上": "blur+",
}  # fmt: skip
# A number in digits, or in Chinese of one digit and one unit at most (百亿, 三十亿, 五百万); not
# 十万亿 and up (jionlp reads 0.5十万亿 as 5e13), nor 人民币 before another currency (its case is 元).
_PLAIN = re.compile(
    r"(?P<rmb>人民币)?(?P<pre>约|大约|近|将近|不足|不到|超过|超|逾)?"
    r"(?:(?P<num>\d+(?:\.\d+)?)|(?P<cn>[一二两三四五六七八九]?[十百千]|[一二两三四五六七八九]))"
    rf"(?P<mag>[十百千]?万|[十百千]?亿|万亿)?(?P<cur>{_CUR})?(?P<post>以上|以下|左右)?"
)
_PLAIN_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
_PLAIN_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_PLAIN_CASE = {"美元": "美元", "港元": "港元", "港币": "港元", "欧元": "欧元", "日元": "日元", "英镑": "英镑"}
# Above this jionlp's float arithmetic may show in the cents; below it, it rounds to the exact sum.
_PLAIN_LIMIT = Decimal(10**13)
_CENT = Decimal("0.01")


def _plain_money(s: str) -> dict[str, str] | None:
    """What ``jionlp.parse_money(s)`` returns, for a plain amount in digits (one hedge at most, one
    currency, a whole number of cents); None for anything else."""
    m = _PLAIN.fullmatch(s)
    if m is None or (m["pre"] and m["post"]):
        return None
    case = _PLAIN_CASE.get(m["cur"] or "", "元")
    if m["rmb"] and case != "元":
        return None
    # in Chinese, a digit then units: 三十 = 3 × 10, 百 = 1 × 100, 五 = 5
    value = Decimal(m["num"]) if m["num"] else Decimal(_PLAIN_DIGIT.get(m["cn"][0], 1))
    for unit in (m["cn"] or "").lstrip("一二两三四五六七八九") + (m["mag"] or ""):
        value *= _PLAIN_UNIT[unit]
    if value >= _PLAIN_LIMIT or value != value.quantize(_CENT):
        return None
    return {
        "num": f"{value:.2f}",
        "case": case,
        "definition": _PLAIN_DEFINITION.get(m["pre"] or m["post"] or "", "accurate"),
    }


_CURRENCIES = {"美元": "USD", "港元": "HKD", "港币": "HKD", "欧元": "EUR", "日元": "JPY", "英镑": "GBP"}
_MORE = re.compile("[0-9十百千][多余]")
_NEAR = ("近", "将近", "接近")


def parse_money(text: str) -> Money | None:
    """Parse one money mention (as ``find_money`` returns it) into ``Money``.

    ``Money.text`` is ``text`` unchanged; ``value`` is in currency units.
    Returns None when the text is not an amount of money.
    """
    s = _clean(text)
    if _CLASS.fullmatch(s) and s not in {"亿", "十亿", "百亿", "千亿"}:
        return _least_of_class(text)
    if (compound := _COMPOUND_WHOLE.fullmatch(s)) is not None:
        return _compound_money(text, compound)
    if not _WHOLE.fullmatch(s):
        return None  # jionlp would read 三十九个 as 39
    hedge = next((h for h in sorted(_OUR_HEDGES, key=len, reverse=True) if s.startswith(h)), None)
    if hedge is not None:
        plain = parse_money(s[len(hedge) :])
        if plain is None or plain.kind == "range":
            return None
        return plain.model_copy(update={"text": text, "kind": _OUR_HEDGES[hedge]})
    level = s.endswith("级")
    if level:
        s = s[:-1]
    s = s.replace("以内", "以下").replace("上下", "左右")
    if not s:
        return None
    try:
        parsed = _plain_money(s) or jionlp().parse_money(s)
    except (ValueError, TypeError, KeyError, IndexError):
        return None
    if not isinstance(parsed, dict) or "num" not in parsed:
        return None
    currency = next((code for word, code in _CURRENCIES.items() if word in s), "CNY")
    num = parsed["num"]
    definition = str(parsed.get("definition", "accurate"))
    kind: AmountKind
    max_value: float | None = None
    if isinstance(num, list):
        value = float(num[0])
        if _MORE.search(s):
            # 20余亿元 means "more than 20亿", not jionlp's guess of 20–30亿
            kind = "at_least"
        else:
            kind, max_value = "range", float(num[-1])
    else:
        value = float(num)
        kind = _kind(definition, s)
    if level:
        kind, max_value = "at_least", None
    return _money(text, value, currency, kind, max_value)


def _money(text: str, value: float, currency: str, kind: AmountKind, max_value: float | None = None) -> Money:
    """A ``Money``, its yuan value set when its currency is yuan."""
    cny = value if currency == "CNY" else None
    return Money(text=text, value=value, max_value=max_value, currency=currency, cny=cny, kind=kind)


def _compound_money(text: str, m: re.Match[str]) -> Money | None:
    """三亿五千万元 = 3 × 1e8 + 5000 × 1e4 (jionlp reads 12亿5000万元 as 15.5亿)."""
    yi, wan = _whole_or_decimal(m["yi"]), _whole_or_decimal(m["wan"])
    if yi is None or wan is None or wan >= 10**4:
        return None
    value = yi * 1e8 + wan * 1e4
    currency = _CURRENCIES.get(m["ccur"], "CNY")
    hedge = m["pre"] or m["post"] or ""
    kind: AmountKind = _OUR_HEDGES.get(hedge) or _kind(_PLAIN_DEFINITION.get(hedge, "accurate"), hedge)
    return _money(text, value, currency, kind)


def _whole_or_decimal(s: str) -> float | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    n = parse_number(s)
    return None if n is None else float(n)


def _kind(definition: str, s: str) -> AmountKind:
    if definition == "accurate":
        return "exact"
    if definition == "blur+":
        return "at_least"
    if definition == "blur-":
        # jionlp files 近百亿 with 不超过; a reader says "about"
        return "approx" if s.startswith(_NEAR) else "at_most"
    return "approx"


def parse_number(text: str) -> int | None:
    """A whole number written in digits or Chinese numerals (39, 三十九, 二十), for counts."""
    s = _clean(text)
    if s.isdigit():
        return int(s)
    if not re.fullmatch("[零〇一二两三四五六七八九十百千万]+", s) or _DIGITS_RUN.search(s):
        return None  # (唯一一个 is no count of 一一)
    try:
        # jionlp reads Chinese numerals as amounts only
        parsed = _plain_money(s + "元") or jionlp().parse_money(s + "元")
    except (ValueError, TypeError, KeyError, IndexError):
        return None
    num = parsed.get("num") if isinstance(parsed, dict) else None
    return int(float(num)) if isinstance(num, str) else None


# Two digits in a row with no unit between them make no Chinese number (一一, 二三).
_DIGITS_RUN = re.compile("[一二两三四五六七八九]{2}")

MoneyKey = tuple[str, str, float, float | None]


def money_key(text: str) -> MoneyKey | None:
    """A comparable key for an amount: 2.5亿元 and 25000万元 share one."""
    money = parse_money(text)
    if money is None:
        return None
    high = None if money.max_value is None else round(money.max_value, 2)
    return money.currency, money.kind, round(money.value, 2), high


def money_equal(a: str, b: str) -> bool:
    """Whether two amount texts say the same amount (value, bound kind and currency)."""
    key = money_key(a)
    return key is not None and key == money_key(b)


# A number written bare, as a table's cell holds it (28, 9.6, 126,000).
BARE_NUMBER = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def money_in_unit(number: str, unit: str) -> Money | None:
    """A bare number (28, 126,000) read in the unit its table's header names (亿元, 万元), written
    as the cell is."""
    if not BARE_NUMBER.fullmatch(number):
        return None
    money = parse_money(number.replace(",", "") + unit)
    return money.model_copy(update={"text": number}) if money is not None else None
