"""One store per user wherever dealqa runs; `dealqa info`; empty stores say what to do; --version."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.config import LOCAL_DATA_DIR, Settings, local_store_note

from .conftest import ROOT, SEEDS, seed_path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No DEALQA_DATA_DIR; the user data folder in ``tmp_path/xdg``; the current folder ``tmp_path/cwd``."""
    monkeypatch.delenv("DEALQA_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    return tmp_path


def test_the_default_store_is_per_user(home: Path) -> None:
    settings = Settings()
    assert settings.data_dir == home / "xdg" / "dealqa"
    assert local_store_note(settings) is None


def test_a_store_in_the_current_folder_is_still_used_and_said_so(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (home / "cwd" / ".dealqa").mkdir()
    settings = Settings()
    assert settings.data_dir == LOCAL_DATA_DIR
    note = local_store_note(settings)
    assert note is not None and str(home / "cwd" / ".dealqa") in note and "DEALQA_DATA_DIR" in note
    # an explicit choice wins, and needs no note
    monkeypatch.setenv("DEALQA_DATA_DIR", str(home / "chosen"))
    chosen = Settings()
    assert chosen.data_dir == home / "chosen" and local_store_note(chosen) is None
    assert local_store_note(Settings(data_dir=LOCAL_DATA_DIR)) is None


def _dealqa(cwd: Path, *args: str, xdg: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DEALQA_DATA_DIR"}
    env |= {"XDG_DATA_HOME": str(xdg), "PYTHONPATH": str(ROOT), "DEALQA_BACKEND": "rules"}
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_store_is_found_from_another_folder(tmp_path: Path) -> None:
    xdg = tmp_path / "xdg"
    one, two, three = (tmp_path / name for name in ("one", "two", "three"))
    for folder in (one, two, three):
        folder.mkdir()
    ingested = _dealqa(one, "ingest", str(SEEDS), xdg=xdg)
    assert ingested.returncode == 0, ingested.stderr
    listed = _dealqa(two, "sources", "--format", "json", xdg=xdg)
    assert listed.returncode == 0, listed.stderr
    assert [row["id"] for row in json.loads(listed.stdout)] == sorted(p.name for p in SEEDS.glob("*.txt"))
    answer = _dealqa(two, "ask", "光大人工智能产业基地总投资多少?", "--format", "json", xdg=xdg)
    assert answer.returncode == 0 and "200亿元" in json.loads(answer.stdout)["answer"]
    assert not (one / ".dealqa").exists() and not (two / ".dealqa").exists()
    assert (xdg / "dealqa" / "chroma").is_dir()
    # a folder with its own (empty) .dealqa uses it, says so once, and says how to fill it
    (three / ".dealqa").mkdir()
    empty = _dealqa(three, "sources", xdg=xdg)
    assert empty.returncode == 1
    lines = [line for line in empty.stderr.splitlines() if line.strip()]
    assert len(lines) == 2 and "Traceback" not in empty.stderr, lines
    assert lines[0].startswith("using the store in this folder") and str(three / ".dealqa") in lines[0]
    assert lines[1].endswith(f"no articles in {three / '.dealqa'}: run dealqa ingest PATH first")


def test_info_names_the_store_and_what_is_in_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    runner = CliRunner()
    assert (
        runner.invoke(app, ["--data-dir", str(data), "ingest", str(SEEDS), "--backend", "rules"]).exit_code
        == 0
    )
    result = runner.invoke(app, ["--data-dir", str(data), "info", "--format", "json"])
    assert result.exit_code == 0, result.output
    facts = json.loads(result.stdout)
    assert facts["store"] == str(data.absolute()) and facts["server"] is False
    assert facts["articles"] == 5 and facts["chunks"] > 5 and facts["deals"] > 10
    assert facts["bytes_on_disk"] > 100_000
    assert facts["embedder"] == "hash-v1" and facts["embed_dim"] == 1024
    assert facts["backend"] in ("rules", "llm")
    table = runner.invoke(app, ["--data-dir", str(data), "info"])
    assert table.exit_code == 0 and str(data.absolute()) in table.stdout and " MB" in table.stdout


def test_sources_on_an_empty_store_says_how_to_fill_it(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--data-dir", str(tmp_path / "empty"), "sources"])
    assert result.exit_code == 1
    assert result.output.strip().endswith(
        f"no articles in {tmp_path / 'empty'}: run dealqa ingest PATH first"
    )


def test_sources_shows_an_empty_cell_for_a_missing_date(tmp_path: Path) -> None:
    data = tmp_path / "data"
    runner = CliRunner()
    undated = seed_path("001")
    assert (
        runner.invoke(app, ["--data-dir", str(data), "ingest", str(undated), "--no-extract"]).exit_code == 0
    )
    rows = json.loads(runner.invoke(app, ["--data-dir", str(data), "sources", "--format", "json"]).stdout)
    assert rows[0]["published"] is None  # scripts still get null
    table = runner.invoke(app, ["--data-dir", str(data), "sources"])
    assert table.exit_code == 0 and undated.name in table.stdout
    assert "None" not in table.stdout


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"dealqa {metadata.version('dealqa')}"
