"""The packaged administrative table is jionlp's, and finding its names without a regex finds
what the one big alternation found."""

from __future__ import annotations

import random
import re
from importlib import resources

import pytest

from extractor.text import admin_places
from extractor.text.lexicon import alternation
from extractor.text.places import _admin, find_places

from .conftest import ROOT, SEEDS


def test_the_packaged_table_is_what_the_installed_jionlp_yields() -> None:
    names, counties = admin_places.from_jionlp()
    assert admin_places.load() == (names, counties)
    # and the file is exactly what the generator writes (regenerate: python -m extractor.text.admin_places)
    packaged = resources.files("extractor.text").joinpath(admin_places.FILE).read_text(encoding="utf-8")
    assert packaged == admin_places.dump(names, counties)
    assert names["松江区"] == "full" and names["松江"] == "county_alias" and names["重庆"] == "alias"
    assert "松江区" in counties and len(names) > 6000


@pytest.fixture(scope="module")
def alternation_pattern() -> re.Pattern[str]:
    """How places were found before: one regex alternation of every name, longest first."""
    return re.compile(alternation(list(_admin().names)))


def _texts() -> list[str]:
    folders = [SEEDS, *(ROOT / "evals").glob("*/articles")]
    paths = [p for folder in folders for p in sorted(folder.glob("*.txt"))]
    # a few articles are in GB18030 (the decoding tests): garbled text is as good a test
    return [p.read_bytes().decode("utf-8", "replace") for p in paths]


def test_the_scan_finds_what_the_alternation_found_in_every_article(
    alternation_pattern: re.Pattern[str],
) -> None:
    texts = _texts()
    assert len(texts) > 40
    found = 0
    for text in texts:
        expected = [m.span() for m in alternation_pattern.finditer(text)]
        assert list(_admin().mentions(text)) == expected
        found += len(expected)
    assert found > 500


def test_the_scan_finds_what_the_alternation_found_in_names_run_together(
    alternation_pattern: re.Pattern[str],
) -> None:
    """Names cut short, overlapping, at the very end of a text: the leftmost, longest one wins."""
    rng = random.Random(13)
    names = sorted(_admin().names)
    pieces = [*names, *(n[1:] for n in names), *(n[:-1] for n in names), *"的在市区县省新高开发园"]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 60)))
        assert list(_admin().mentions(text)) == [m.span() for m in alternation_pattern.finditer(text)]
    for text in ["", "松", "松江", "上海市松江区", "松江区洞泾镇", "英德市", "重庆两江新区", "中华人民"]:
        assert list(_admin().mentions(text)) == [m.span() for m in alternation_pattern.finditer(text)]


def test_places_are_found_from_the_packaged_table() -> None:
    found = find_places("上海市松江区洞泾镇与益阳高新区签约")
    assert [p[2] for p in found] == ["上海市松江区洞泾镇", "益阳高新区"]
