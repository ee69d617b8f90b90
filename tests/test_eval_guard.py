"""CI's regression guard: `dealqa eval` must not get worse than the guard files say.

The seeds (evals/guard.json), the real labelled corpus (evals/guard_corpus.json) and the fifteen
sets written for the project after the code (evals/guard_dev.json, guard_dev2.json … guard_dev18.json).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from extractor.cli import app

from .conftest import ROOT


def _get(report: dict[str, Any], dotted: str) -> float:
    value: Any = report
    for key in dotted.split("."):
        value = value[key]
    return float(value)


EVALS = ROOT / "evals"
SETS = {
    "seeds": (ROOT / "seeds", ROOT / "evals" / "gold", ROOT / "evals" / "guard.json"),
    "corpus": (
        ROOT / "evals" / "corpus" / "articles",
        ROOT / "evals" / "corpus",
        ROOT / "evals" / "guard_corpus.json",
    ),
    **{
        name: (EVALS / name / "articles", EVALS / name, EVALS / f"guard_{name}.json")
        for name in ["dev", *(f"dev{n}" for n in range(2, 21))]
    },
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_eval_holds_the_line(tmp_path: Path, name: str) -> None:
    articles, labels, guard_file = SETS[name]
    out = tmp_path / "eval.json"
    result = CliRunner().invoke(
        app,
        [
            "--data-dir", str(tmp_path / "unused"),
            "eval",
            "--articles", str(articles),
            "--deals", str(labels / "deals.jsonl"),
            "--qa", str(labels / "qa.jsonl"),
            "--backend", "rules",
            "--json", str(out),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["extraction"]["evidence_valid"] == 1.0
    guard = json.loads(guard_file.read_text(encoding="utf-8"))
    margin = guard.pop("margin")
    guard.pop("_comment", None)
    drops = {
        key: (round(_get(report, key), 4), floor)
        for key, floor in guard.items()
        if _get(report, key) < floor - margin
    }
    assert not drops, f"metrics fell below {guard_file.name} (value, guard): {drops}"
