"""Character postings find exactly the segments a full scan of the record index finds."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from extractor.qa import postings
from extractor.qa.postings import CharPostings

WORDS = ["智博会", "集中签约", "滨湖区", "重点项目", "督办", "2023年", "10亿元", "光伏"]
WORDS += ["博览会", "智能", "会展", "签约仪式"]
TERMS = [*WORDS, "智博", "博会", "会智", "约仪", "3年", "亿", "区", "量子", "智博会集中签约", "𠀀"]


def segments(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(WORDS) for _ in range(rng.randint(0, 6))) + "\x01" for _ in range(n)]


def scanned(parts: list[str], term: str) -> list[int]:
    return [k for k, p in enumerate(parts) if term in p]


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("per_candidate", [0, 2500, 10**9])  # always scan, as shipped, never scan
def test_postings_find_what_a_scan_finds(
    seed: int, per_candidate: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(postings, "SCAN_BYTES_PER_CANDIDATE", per_candidate)
    parts = segments(400, seed)
    hay = "".join(parts).encode("utf-8")
    bounds = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum([len(p.encode("utf-8")) for p in parts], out=bounds[1:])
    index = CharPostings.build(parts)
    for term in TERMS:
        assert index.holding(term, hay, bounds).tolist() == scanned(parts, term), term


def test_a_segment_with_every_character_but_not_the_term_is_left_out() -> None:
    parts = ["博会智\x01", "智博会\x01", "会博智会\x01"]
    hay = "".join(parts).encode("utf-8")
    bounds = np.asarray([0, 10, 20, 33], dtype=np.int64)
    assert CharPostings.build(parts).holding("智博会", hay, bounds).tolist() == [1]


def test_saved_postings_load_memory_mapped_and_damage_is_refused(tmp_path: Path) -> None:
    parts = segments(50, 7)
    hay = "".join(parts).encode("utf-8")
    bounds = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum([len(p.encode("utf-8")) for p in parts], out=bounds[1:])
    CharPostings.build(parts).save(tmp_path)
    loaded = CharPostings.load(tmp_path)
    assert loaded.holding("滨湖区", hay, bounds).tolist() == scanned(parts, "滨湖区")
    np.save(tmp_path / "char_starts.npy", np.zeros(3, dtype=np.int64))
    with pytest.raises(ValueError):
        CharPostings.load(tmp_path)


def test_no_segments() -> None:
    postings = CharPostings.build([])
    assert postings.holding("智博会", b"", np.zeros(1, dtype=np.int64)).tolist() == []


def test_each_character_lists_the_segments_holding_it_in_order() -> None:
    """The postings as a dictionary would give them: every character once, ascending, each with
    the segments it occurs in, ascending (empty segments, astral characters and repeats too)."""
    rng = random.Random(7)
    alphabet = "签约项目投资亿元重庆高新区0123456789ab，。\U00020000"
    parts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30))) for _ in range(500)]
    built = CharPostings.build(parts)
    expected: dict[int, list[int]] = {}
    for k, part in enumerate(parts):
        for code in sorted({ord(c) for c in part}):
            expected.setdefault(code, []).append(k)
    assert built.chars.tolist() == sorted(expected)
    assert [str(a.dtype) for a in (built.chars, built.segments, built.starts)] == ["uint32", "int32", "int64"]
    for j, code in enumerate(built.chars.tolist()):
        assert built.segments[built.starts[j] : built.starts[j + 1]].tolist() == expected[code]
    assert int(built.starts[-1]) == len(built.segments) == sum(len(v) for v in expected.values())
