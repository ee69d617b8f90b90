"""The lexicon as package data: loaded once, well formed, one home for each word list."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import extractor.text.lexicon as lexicon
from extractor.schema import Stage

from .conftest import ROOT


def test_the_word_lists_come_from_the_data_file() -> None:
    assert (ROOT / "extractor" / "text" / "lexicon.toml").is_file()
    assert "签约" in lexicon.STAGE_CUES["signed"]
    assert set(lexicon.STAGE_CUES) == set(get_args(Stage))
    assert ("芯片", "集成电路") in lexicon.INDUSTRY
    assert lexicon.NEW_AREAS["两江新区"] == ("重庆市", "重庆市")


def test_no_list_repeats_a_word_or_holds_an_empty_one() -> None:
    lists = {
        name: value for name, value in vars(lexicon).items() if name.isupper() and isinstance(value, tuple)
    }
    lists |= {f"STAGE_CUES.{k}": v for k, v in lexicon.STAGE_CUES.items()}
    for name, words in lists.items():
        flat = [w for w in words if isinstance(w, str)]
        assert all(w.strip() == w and w for w in flat), name
        assert len(flat) == len(set(flat)), (name, [w for w in flat if flat.count(w) > 1])


def test_a_stage_word_belongs_to_one_stage() -> None:
    seen: dict[str, str] = {}
    for stage, words in lexicon.STAGE_CUES.items():
        for w in words:
            assert w not in seen, (w, seen.get(w), stage)
            seen[w] = stage


def test_no_module_keeps_a_second_copy_of_the_stage_words() -> None:
    """The stage words are written once, in lexicon.toml; code reads STAGE_CUES."""
    words = {w for ws in lexicon.STAGE_CUES.values() for w in ws if len(w) >= 3}
    for path in (ROOT / "extractor").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        copied = [w for w in words if f'"{w}", "' in text and path.name != "lexicon.py"]
        assert len(copied) < 3, (path.relative_to(ROOT), copied)


def test_the_file_is_shipped_beside_its_loader() -> None:
    assert Path(lexicon.__file__).with_name("lexicon.toml").is_file()
