"""CI's regression guard: `dealqa eval` on the seeds must not get worse than evals/guard.json says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from extractor.cli import app

from .conftest import ROOT


def _get(report: dict[str, Any], dotted: str) -> float:
    value: Any = report
    for key in dotted.split("."):
        value = value[key]
    return float(value)


def test_eval_on_the_seeds_holds_the_line(tmp_path: Path) -> None:
    out = tmp_path / "eval.json"
    result = CliRunner().invoke(
        app,
        [
            "--data-dir", str(tmp_path / "unused"),
            "eval",
            "--articles", str(ROOT / "seeds"),
            "--deals", str(ROOT / "evals" / "gold" / "deals.jsonl"),
            "--qa", str(ROOT / "evals" / "gold" / "qa.jsonl"),
            "--backend", "rules",
            "--json", str(out),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["extraction"]["evidence_valid"] == 1.0
    guard = json.loads((ROOT / "evals" / "guard.json").read_text(encoding="utf-8"))
    margin = guard.pop("margin")
    guard.pop("_comment", None)
    drops = {
        key: (round(_get(report, key), 4), floor)
        for key, floor in guard.items()
        if _get(report, key) < floor - margin
    }
    assert not drops, f"metrics fell below evals/guard.json (value, guard): {drops}"
