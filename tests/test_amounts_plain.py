"""Plain amounts are read without jionlp, exactly as jionlp reads them (``text/amounts._plain_money``).

A cold ``dealqa ask`` then does not import jionlp for the amounts in its answer. Two proofs that
nothing changes: every amount mention in the seeds and eval sets parses to the same ``Money`` with
and without the plain reader, and on a grid of forms the plain reader returns jionlp's own dict.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from extractor.text import amounts
from extractor.text.amounts import find_money, parse_money

from .conftest import ROOT, SEEDS, python_child


def _jionlp() -> Any:
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp
    return jionlp


def _eval_texts() -> Iterator[tuple[str, str]]:
    """(file, text) for the seeds and every eval set's articles, gold deals and questions."""
    folders = [SEEDS, *sorted(p for p in (ROOT / "evals").glob("*/articles") if p.is_dir())]
    for folder in folders:
        for path in sorted(folder.iterdir()):
            yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8", errors="replace")
    for path in sorted((ROOT / "evals").glob("*/*.jsonl")):
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def _mentions() -> list[str]:
    """Every distinct amount mention ``find_money`` sees in the eval texts, and every span its
    pattern matches (found or not: ``parse_money`` is also called on texts found elsewhere)."""
    seen: set[str] = set()
    for _, text in _eval_texts():
        seen.update(m.text for m in find_money(text))
        seen.update(m.group(0) for m in amounts._MONEY.finditer(text))
    return sorted(seen)


@pytest.fixture(scope="module")
def mentions() -> list[str]:
    return _mentions()


def test_every_eval_amount_parses_as_before(mentions: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    fast = {text: parse_money(text) for text in mentions}
    plain = [text for text in mentions if amounts._plain_money(amounts._clean(text)) is not None]
    monkeypatch.setattr(amounts, "_plain_money", lambda s: None)  # every mention through jionlp
    slow = {text: parse_money(text) for text in mentions}
    assert len(mentions) > 200
    assert len(plain) > len(mentions) / 2, "the plain reader should take most amounts"
    changed = {t: (fast[t], slow[t]) for t in mentions if fast[t] != slow[t]}
    assert changed == {}


def test_every_eval_text_finds_the_same_amounts(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [text for _, text in _eval_texts()]
    fast = [find_money(text) for text in texts]
    monkeypatch.setattr(amounts, "_plain_money", lambda s: None)
    slow = [find_money(text) for text in texts]
    assert sum(len(found) for found in slow) > 300
    assert fast == slow


_LEADS = ["", "人民币"]
_PRES = ["", "约", "大约", "近", "将近", "接近", "不足", "不到", "超过", "超", "逾"]
_NUMS = [
    "0", "7", "12", "007", "605.6", "0.5", "1.50", "1.23456", "12.345", "0.001", "99999", "123456789",
    "十", "百", "千", "一", "二", "两", "五", "九", "一十", "两十", "三十", "五百", "两千", "九千",
    "三十九", "九百九十", "数十", "几百", "上百", "十几", "〇", "零",
]  # fmt: skip
_MAGS = ["", "万", "十万", "百万", "千万", "亿", "十亿", "百亿", "千亿", "万亿", "十万亿", "百万亿", "千万亿"]
_CURS = ["", "元", "人民币", "元人民币", "美元", "港元", "港币", "欧元", "日元", "英镑"]
_POSTS = ["", "以上", "以下", "左右"]


def _grid() -> list[str]:
    """Every form along each axis from a plain 12亿元, then a fixed random sample of the product."""
    axes = [_LEADS, _PRES, _NUMS, _MAGS, _CURS, _POSTS]
    base = ["", "", "12", "亿", "元", ""]
    forms = {"".join([*base[:i], v, *base[i + 1 :]]) for i, axis in enumerate(axes) for v in axis}
    product = list(itertools.product(*axes))
    forms.update("".join(p) for p in random.Random(13).sample(product, 8000))
    return sorted(forms)


def test_the_plain_reader_returns_what_jionlp_returns() -> None:
    jionlp = _jionlp()
    read = 0
    for s in _grid():
        ours = amounts._plain_money(s)
        if ours is None:
            continue
        read += 1
        assert ours == jionlp.parse_money(s), s
    assert read > 800


def test_counts_in_chinese_read_as_jionlp_reads_them() -> None:
    jionlp = _jionlp()
    digits = "一二两三四五六七八九"
    counts = [*digits, *"十百千", *(d + u for d in digits for u in "十百千"), "三十九", "一百零五", "十二"]
    taken = 0
    for count in counts:
        ours = amounts._plain_money(count + "元")
        if ours is not None:
            taken += 1
            assert ours == jionlp.parse_money(count + "元"), count
    assert taken > 30
    assert [amounts.parse_number(c) for c in ("二十", "三十九", "十", "两千", "39")] == [20, 39, 10, 2000, 39]


@pytest.mark.parametrize(
    ("s", "num", "definition"),
    [
        ("605.6亿元", "60560000000.00", "accurate"),
        ("约3000万美元", "30000000.00", "blur"),
        ("10亿元以上", "1000000000.00", "blur+"),
        ("近百亿", "10000000000.00", "blur-"),
        ("三十亿元", "3000000000.00", "accurate"),
        ("九百九十亿元", None, None),  # a longer Chinese number: jionlp's
        ("数十亿元", None, None),  # a vague one: jionlp's range
        ("接近10亿元", None, None),  # jionlp refuses it, and so parse_money still does
        ("20余亿元", None, None),  # 余/多: jionlp's range
        ("约10亿元以上", None, None),  # two hedges: jionlp's
        ("12.345元", None, None),  # not a whole number of cents: jionlp rounds
        ("0.5十万亿元", None, None),  # jionlp reads it as 5e13
        ("9999万亿元", None, None),  # beyond the limit of exact cents in jionlp's floats
        ("人民币3000万美元", None, None),  # jionlp's case is 元 (parse_money reads USD from the text)
    ],
)
def test_what_the_plain_reader_takes(s: str, num: str | None, definition: str | None) -> None:
    ours = amounts._plain_money(s)
    assert (ours and ours["num"], ours and ours["definition"]) == (num, definition)


def test_a_cold_parse_of_a_plain_amount_imports_no_jionlp(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from extractor.text.amounts import parse_money\n"
        "m = parse_money('约605.6亿元')\n"
        "assert (m.cny, m.kind) == (60560000000.0, 'approx'), m\n"
        "print('jionlp' in sys.modules)\n"
    )
    assert python_child(code, timeout=120).strip() == "False"
