"""Quote matching costs the window it is asked about, not the whole article (issue 14).

A one-line article of a million characters holds thousands of aggregates, and
each one's scope words (今年, 高新区) occur thousands of times. Verification
used to list every occurrence in the whole text for every record: quadratic,
a 200 KB one-line article spent half its 31 s there. These tests pin both the
results (identical to a plain scan) and the work (no occurrence outside the
window is mapped back to the original).
"""

from __future__ import annotations

import random

import pytest

from extractor.evidence import scope_supported
from extractor.text.article import build_article
from extractor.text.normalize import Normalized, find_all, normalize, normalize_text, occurs

# characters whose matching copy differs: full-width digits and letters, a circled
# number, a unit that NFKC expands to two characters, and whitespace that vanishes
ALPHABET = "今年高新区签约项目亿元１２3５①㎏kg 　\u00a0,，"


def _reference(text: str, quote: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Every occurrence in the whole matching copy, then kept if it lies inside ``[lo, hi)``."""
    needle = normalize_text(quote)
    if not needle:
        return []
    norm = normalize(text)
    hits = []
    pos = norm.text.find(needle)
    while pos != -1:
        start, end = norm.to_original(pos, pos + len(needle))
        if start >= lo and end <= hi:
            hits.append((start, end))
        pos = norm.text.find(needle, pos + 1)
    return hits


@pytest.mark.parametrize("seed", range(40))
def test_a_window_finds_exactly_what_a_whole_scan_keeps(seed: int) -> None:
    rng = random.Random(seed)
    text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 60)))
    for _ in range(30):
        start = rng.randint(0, max(len(text) - 1, 0))
        quote = text[start : start + rng.randint(1, 4)] or "亿元"
        lo = rng.randint(0, len(text))
        hi = rng.randint(lo, len(text) + 2)
        assert find_all(text, quote, lo=lo, hi=hi) == _reference(text, quote, lo, hi)
        assert find_all(text, quote) == _reference(text, quote, 0, len(text))
        assert occurs(text, quote) == bool(_reference(text, quote, 0, len(text)))


def test_an_expanded_character_is_matched_whole_or_not_at_all() -> None:
    text = "重量5㎏以上"  # ㎏ is "kg" in the matching copy, one character in the text
    assert find_all(text, "kg") == [(3, 4)]
    assert find_all(text, "kg", lo=3, hi=4) == [(3, 4)]
    assert find_all(text, "kg", lo=4) == []
    assert find_all(text, "5kg") == [(2, 4)]
    assert find_all(text, "5kg", hi=3) == []
    assert find_all(text, "亿元", lo=4, hi=2) == []
    assert not occurs(text, "") and not occurs(text, "亿元") and occurs(text, "５ kg")


class _Counting:
    """Counts the occurrences mapped back to the original text (the per-hit work)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        original = Normalized.to_original

        def counted(norm: Normalized, start: int, end: int) -> tuple[int, int]:
            self.calls += 1
            return original(norm, start, end)

        monkeypatch.setattr(Normalized, "to_original", counted)


SENTENCE = "今年高新区签约项目12个，总投资80亿元。"


def test_a_bounded_search_does_no_work_outside_its_window(monkeypatch: pytest.MonkeyPatch) -> None:
    text = SENTENCE * 2000  # one line; 今年 occurs 2,000 times
    normalize(text)
    counter = _Counting(monkeypatch)
    lo = len(SENTENCE) * 1000
    hits = find_all(text, "今年", lo=lo, hi=lo + len(SENTENCE))
    assert hits == [(lo, lo + 2)]
    assert counter.calls == 1  # the whole-text scan mapped all 2,000


def test_checking_a_scope_maps_no_occurrence(monkeypatch: pytest.MonkeyPatch) -> None:
    article = build_article(SENTENCE * 2000, source="one-line.txt")
    counter = _Counting(monkeypatch)
    assert scope_supported(article, "今年 高新区")
    assert not scope_supported(article, "今年 两江新区")
    assert counter.calls == 0  # it listed every occurrence of each word, for every aggregate
