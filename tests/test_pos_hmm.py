"""The vectorised part-of-speech decoder returns jieba's own route and score, tie-breaks included."""

from __future__ import annotations

import random
import re
from typing import Any

import jieba.posseg
import pytest
from jieba.posseg.viterbi import viterbi as jieba_viterbi

from extractor.text import pos_hmm, segment
from extractor.text.segment import tags

from .conftest import ROOT

_TABLES = (jieba.posseg.char_state_tab_P, jieba.posseg.start_P, jieba.posseg.trans_P, jieba.posseg.emit_P)


def _runs() -> list[str]:
    """Runs of Han characters from every eval article, a sample of slices of them, and random
    characters (many outside the tag model's table: jieba then tries every state)."""
    rng = random.Random(7)
    han: list[str] = []
    for path in sorted((ROOT / "evals").rglob("*.txt")):
        han += re.findall("[\u4e00-\u9fff]+", path.read_bytes().decode("utf-8", "ignore"))
    joined = "".join(han)
    runs = rng.sample(han, 300)
    for _ in range(300):
        n = rng.randint(1, 24)
        i = rng.randrange(len(joined) - n)
        runs.append(joined[i : i + n])
    runs += ["".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(rng.randint(1, 12))) for _ in range(100)]
    return runs


def test_same_route_and_score_as_jieba() -> None:
    runs = _runs()
    differ = [r for r in runs if pos_hmm.viterbi(r, *_TABLES) != jieba_viterbi(r, *_TABLES)]
    assert not differ, differ[:5]


@pytest.mark.parametrize("run", ["澜岳光电", "吖一乐食品", "洞泾", "甲", "鼎鼎鼎鼎鼎鼎"])
def test_short_runs(run: str) -> None:
    assert pos_hmm.viterbi(run, *_TABLES) == jieba_viterbi(run, *_TABLES)


def test_segment_tags_with_it(monkeypatch: Any) -> None:
    """The tagger ``segment`` loads decodes with it, and tags a sentence as jieba's decoder would."""
    segment._jieba()
    assert jieba.posseg.viterbi is pos_hmm.viterbi
    sentence = "有澜岳光电与吖一乐食品在洞泾镇签约，总投资3亿元。"
    ours = tags.__wrapped__(sentence)
    monkeypatch.setattr(jieba.posseg, "viterbi", jieba_viterbi)
    assert ours == tags.__wrapped__(sentence)
