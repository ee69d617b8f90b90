"""Consistency checks for the hand-annotated gold data in evals/gold/.

The gold files are written by hand; these tests keep them honest against the seed articles:
every quote is an exact substring, amounts agree with their text, ids are unique.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "evals" / "gold"
SEEDS = ROOT / "seeds"

KINDS = {"deal", "aggregate"}
STAGES = {"签约", "意向", "落地", "开工", "投产", "其他"}
AMOUNT_KINDS = {"exact", "approx", "at_least", "at_most", "range"}
NOT_FOUND = "资料中未找到相关信息。"
Types = type | tuple[type, ...]
COMMON_FIELDS: dict[str, Types] = {
    "file": str,
    "kind": str,
    "project": (str, type(None)),
    "investors": list,
    "location": (str, type(None)),
    "industry": (str, type(None)),
    "amount_text": (str, type(None)),
    "currency": (str, type(None)),
    "amount_cny": (int, float, type(None)),
    "amount": (int, float, type(None)),
    "amount_kind": (str, type(None)),
    "stage": str,
    "evidence": str,
}
AGGREGATE_FIELDS: dict[str, Types] = {
    "count": (int, type(None)),
    "scope": (str, type(None)),
    "measure": (str, type(None)),
}
OPTIONAL_FIELDS: dict[str, Types] = {
    "date": (str, type(None)),
    "aliases": list,
    "extra_evidence": list,
    "count_text": str,
    "note": str,
}


def _load(name: str) -> list[dict[str, Any]]:
    path = GOLD / name
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            row["_line"] = n
            rows.append(row)
    return rows


DEALS = _load("deals.jsonl")
QA = _load("qa.jsonl")


@cache
def article(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def _rid(row: dict[str, Any]) -> str:
    return f"{row.get('file', row.get('id'))}:{row['_line']}"


# ----------------------------------------------------------------------------- a tiny amount parser

_HEDGES = {
    "at_least": ("超过", "超", "逾", "以上", "余", "多", "级"),
    "approx": ("近", "约", "左右"),
    "at_most": ("以下", "不超过"),
}
_UNITS = {
    "千亿": 1e11,
    "百亿": 1e10,
    "十亿": 1e9,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "万": 1e4,
}


def parse_cny(text: str) -> tuple[float, str]:
    """Value in yuan and its kind for the small set of forms used in the seeds."""
    t = text.replace(",", "").replace("，", "")
    kind = "exact"
    for k, words in _HEDGES.items():
        if any(w in t for w in words):
            kind = k
    t = re.sub(r"不超过|超过|高达|以上|以下|左右|[超逾近约达余多级元]", "", t)
    m = re.fullmatch(r"(\d+(?:\.\d+)?)?(千亿|百亿|十亿|亿|千万|百万|十万|万)?", t)
    assert m and (m.group(1) or m.group(2)), f"cannot parse amount {text!r}"
    number = float(m.group(1)) if m.group(1) else 1.0
    return number * (_UNITS[m.group(2)] if m.group(2) else 1.0), kind


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("200亿元", 2e10, "exact"),
        ("近百亿", 1e10, "approx"),
        ("超百亿", 1e10, "at_least"),
        ("约6876亿元", 6.876e11, "approx"),
        ("5000万元以上", 5e7, "at_least"),
        ("80万元", 8e5, "exact"),
        ("百亿级", 1e10, "at_least"),
    ],
)
def test_parser(text: str, value: float, kind: str) -> None:
    got, got_kind = parse_cny(text)
    assert got == pytest.approx(value)
    assert got_kind == kind


# ----------------------------------------------------------------------------- deals.jsonl


def test_deals_not_empty() -> None:
    files = {r["file"] for r in DEALS}
    assert files == {p.name for p in SEEDS.glob("*.txt")}, "every seed has at least one record"
    assert any(r["kind"] == "deal" for r in DEALS)
    assert any(r["kind"] == "aggregate" for r in DEALS)


@pytest.mark.parametrize("row", DEALS, ids=_rid)
def test_deal_fields(row: dict[str, Any]) -> None:
    expected = dict(COMMON_FIELDS)
    if row.get("kind") == "aggregate":
        expected |= AGGREGATE_FIELDS
    keys = set(row) - {"_line"}
    assert keys >= set(expected), f"missing {set(expected) - keys}"
    assert keys <= set(expected) | set(OPTIONAL_FIELDS), (
        f"unknown {keys - set(expected) - set(OPTIONAL_FIELDS)}"
    )
    for key, types in (expected | OPTIONAL_FIELDS).items():
        if key in row:
            assert isinstance(row[key], types), f"{key} has type {type(row[key]).__name__}"
    assert row["kind"] in KINDS
    assert row["stage"] in STAGES
    assert (SEEDS / row["file"]).is_file()
    assert all(isinstance(i, str) and i for i in row["investors"])
    if row["kind"] == "aggregate":
        assert row["project"] is None
        assert row["count"] is not None or row["amount_text"] is not None, "an aggregate says something"
        if row["count"] is not None:
            assert row["count"] > 0
        assert (row["measure"] is None) == (row["amount_text"] is None)


@pytest.mark.parametrize("row", DEALS, ids=_rid)
def test_deal_quotes_are_exact(row: dict[str, Any]) -> None:
    text = article(row["file"])
    assert row["evidence"].strip(), "empty evidence"
    assert row["evidence"] in text, f"evidence not in {row['file']}: {row['evidence']!r}"
    for quote in row.get("extra_evidence", []):
        assert quote in text, f"extra evidence not in {row['file']}: {quote!r}"
    for key in ("location", "scope"):
        if row.get(key) is not None:
            assert row[key] in text, f"{key} {row[key]!r} not in {row['file']}"
    for investor in row["investors"]:
        assert investor in text, f"investor {investor!r} not in {row['file']}"
    if row["amount_text"] is not None:
        assert row["amount_text"] in text
        assert row["amount_text"] in row["evidence"], "amount_text must sit inside the evidence"


@pytest.mark.parametrize("row", DEALS, ids=_rid)
def test_deal_amounts(row: dict[str, Any]) -> None:
    if row["amount_text"] is None:
        assert row["amount_cny"] is None and row["amount"] is None
        assert row["amount_kind"] is None and row["currency"] is None
        return
    assert row["amount_kind"] in AMOUNT_KINDS
    assert isinstance(row["currency"], str) and re.fullmatch(r"[A-Z]{3}", row["currency"])
    if row["currency"] != "CNY":
        assert row["amount_cny"] is None and row["amount"] is not None and row["amount"] > 0
        return
    assert row["amount"] is None
    assert row["amount_cny"] is not None and row["amount_cny"] > 0
    value, kind = parse_cny(row["amount_text"])
    assert kind == row["amount_kind"], f"{row['amount_text']!r} reads as {kind}"
    tolerance = 0.005 if kind == "exact" else 0.2
    assert row["amount_cny"] == pytest.approx(value, rel=tolerance)


def test_no_duplicate_deals() -> None:
    seen = set()
    for row in DEALS:
        key = (
            row["file"],
            row["kind"],
            row["project"],
            tuple(row["investors"]),
            row["evidence"],
            row["amount_text"],
            row.get("count"),
            row.get("measure"),
        )
        assert key not in seen, f"duplicate record at line {row['_line']}"
        seen.add(key)


# ----------------------------------------------------------------------------- qa.jsonl


def test_qa_size_and_ids() -> None:
    ids = [q["id"] for q in QA]
    assert len(ids) == len(set(ids)), "ids are unique"
    assert all(re.fullmatch(r"q\d{2,}", i) for i in ids)
    assert len(QA) >= 30
    assert sum(not q["answerable"] for q in QA) >= 5
    questions = [q["question"] for q in QA]
    assert len(questions) == len(set(questions)), "questions are unique"


@pytest.mark.parametrize("q", QA, ids=lambda q: q["id"])
def test_qa_fields(q: dict[str, Any]) -> None:
    assert set(q) - {"_line"} == {"id", "question", "answer", "answerable", "evidence"}
    assert isinstance(q["question"], str) and re.search(r"[\u4e00-\u9fff]", q["question"])
    assert isinstance(q["answer"], str) and q["answer"].strip()
    assert isinstance(q["answerable"], bool)
    assert isinstance(q["evidence"], list)
    if q["answerable"]:
        assert q["evidence"], "an answerable question cites evidence"
        assert q["answer"] != NOT_FOUND
    else:
        assert q["answer"] == NOT_FOUND
        assert q["evidence"] == []


@pytest.mark.parametrize("q", QA, ids=lambda q: q["id"])
def test_qa_quotes_are_exact(q: dict[str, Any]) -> None:
    for ev in q["evidence"]:
        assert set(ev) == {"file", "quote"}
        assert (SEEDS / ev["file"]).is_file()
        assert ev["quote"].strip()
        assert ev["quote"] in article(ev["file"]), f"quote not in {ev['file']}: {ev['quote']!r}"
