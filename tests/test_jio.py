"""jionlp prints a banner to stdout on import: no use of it may let that into ``--format json``."""

from __future__ import annotations

from .conftest import python_child

# every module that calls jionlp, each first in a fresh process
_FIRST_USES = [
    "from extractor.text.dates import resolve_date; resolve_date('7月28日', base='2024-08-01')",
    "from extractor.text.amounts import parse_money; parse_money('一百二十亿元')",
    "from extractor.text.places import parse_location; parse_location('重庆高新区')",
]


def test_the_first_use_of_jionlp_prints_nothing() -> None:
    for code in _FIRST_USES:
        out = python_child(code + "; import sys; assert 'jionlp' in sys.modules", timeout=120)
        assert out == "", (code, out)
