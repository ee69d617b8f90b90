"""The ``dealqa`` command, driven in-process over a real embedded store."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from extractor.cli import app
from extractor.schema import Answer
from tests.conftest import ROOT, SEEDS, seed_article, seed_path

SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))
XSS = "<script>alert(1)</script>"


@dataclass
class Ingested:
    data_dir: Path
    first: Result


def run(data_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--data-dir", str(data_dir), *args])


def flat(text: str) -> str:
    """Console output without the line breaks rich adds at 80 columns."""
    return re.sub(r"\s+", "", text)


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    data_dir = tmp_path_factory.mktemp("cli") / "data"
    return Ingested(data_dir, run(data_dir, "ingest", str(SEEDS), "--backend", "rules"))


def json_out(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ---------------------------------------------------------------------------- ingest, sources, show


def test_ingest_the_seeds(ingested: Ingested) -> None:
    result = ingested.first
    assert result.exit_code == 0, result.output
    no_traceback(result)
    assert re.search(r"files\W+5\b", result.stdout)
    assert re.search(r"ingested\W+5\b", result.stdout)
    assert re.search(r"backend\W+rules\b", result.stdout)


def test_a_rerun_skips_unchanged_files_and_extractions(ingested: Ingested) -> None:
    summary = json_out(run(ingested.data_dir, "ingest", str(SEEDS), "--backend", "rules", "--format", "json"))
    assert summary["files"] == 5 and summary["ingested"] == 0 and summary["skipped_unchanged"] == 5
    assert summary["extracted"] == 0 and summary["extraction_skipped_unchanged"] == 5
    assert summary["failed"] == [] and summary["extraction_failed"] == []


def test_sources_lists_the_five_seeds(ingested: Ingested) -> None:
    rows = json_out(run(ingested.data_dir, "sources", "--format", "json"))
    assert [r["id"] for r in rows] == SEED_NAMES
    for row in rows:
        article = seed_article(row["id"][:3])
        assert row["paragraphs"] == len(article.paragraphs) > 0
        assert row["chunks"] > 0
        assert row["title"] == article.title


def test_show_one_paragraph_prints_exactly_it(ingested: Ingested) -> None:
    article = seed_article("004")
    result = run(ingested.data_dir, "show", f"{article.source}#4")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"  4  {article.paragraph_text(4)}\n"
    assert "605.6亿元" in result.stdout


def test_show_a_whole_article_numbers_every_paragraph(ingested: Ingested) -> None:
    article = seed_article("001")
    result = run(ingested.data_dir, "show", article.source)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert article.title and article.title in lines[0]
    assert lines[1:] == [f"{p.n:>3}  {article.paragraph_text(p.n)}" for p in article.paragraphs]


def test_show_a_missing_source_says_how_to_find_one(ingested: Ingested) -> None:
    result = run(ingested.data_dir, "show", "nope.txt#2")
    assert result.exit_code == 1
    no_traceback(result)
    assert "noarticle'nope.txt'" in flat(result.stderr)
    assert "`dealqasources`" in flat(result.stderr)


def test_show_a_missing_paragraph_says_which_exist(ingested: Ingested) -> None:
    article = seed_article("004")
    result = run(ingested.data_dir, "show", f"{article.source}#999")
    assert result.exit_code == 1
    no_traceback(result)
    assert f"paragraphs1–{len(article.paragraphs)}" in flat(result.stderr)


# ---------------------------------------------------------------------------- deals


@pytest.fixture(scope="module")
def deal_rows(ingested: Ingested) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json_out(run(ingested.data_dir, "deals", "--format", "json"))
    return rows


def test_deals_json_rows_cite_exact_evidence(deal_rows: list[dict[str, Any]]) -> None:
    assert len(deal_rows) >= 10
    texts = {name: (SEEDS / name).read_text(encoding="utf-8") for name in SEED_NAMES}
    for row in deal_rows:
        assert row["source"] in texts
        assert texts[row["source"]][row["start"] : row["end"]] == row["evidence"]
    assert {r["source"] for r in deal_rows} == set(SEED_NAMES)


def test_deals_min_yi_filters(ingested: Ingested, deal_rows: list[dict[str, Any]]) -> None:
    rows = json_out(run(ingested.data_dir, "deals", "--min-yi", "100", "--format", "json"))
    assert rows and len(rows) < len(deal_rows)
    assert all(r["amount_cny"] is not None and r["amount_cny"] >= 1e10 for r in rows)
    assert "光大人工智能产业基地" in {r["project"] for r in rows}
    want = [r for r in deal_rows if (r["amount_cny"] or 0) >= 1e10]
    assert sorted((r["source"], r["start"]) for r in rows) == sorted((r["source"], r["start"]) for r in want)


def test_deals_stage_and_province_filters(ingested: Ingested) -> None:
    rows = json_out(
        run(ingested.data_dir, "deals", "--stage", "started", "--province", "重庆市", "--format", "json")
    )
    assert rows and all(r["stage"] == "started" and r["province"] == "重庆市" for r in rows)


def test_deals_dedupe_never_adds_rows(ingested: Ingested, deal_rows: list[dict[str, Any]]) -> None:
    rows = json_out(run(ingested.data_dir, "deals", "--dedupe", "--format", "json"))
    assert 0 < len(rows) <= len(deal_rows)


def test_deals_aggregates(ingested: Ingested) -> None:
    rows = json_out(run(ingested.data_dir, "deals", "--aggregates", "--format", "json"))
    assert any(r["count"] == 39 and r["amount_yi"] == 605.6 and r["measure"] == "investment" for r in rows)
    assert all({"scope", "count", "amount_text", "measure", "stage", "sources"} <= set(r) for r in rows)
    table = run(ingested.data_dir, "deals", "--aggregates")
    assert table.exit_code == 0, table.output
    assert "汇总 aggregates" in table.stdout and "605.6亿元" in table.stdout


def test_deals_csv(ingested: Ingested, deal_rows: list[dict[str, Any]]) -> None:
    result = run(ingested.data_dir, "deals", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("\ufeff项目,")  # Excel reads it as UTF-8, headers in Chinese
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert len(rows) == len(deal_rows)
    assert [r["证据原文"] for r in rows] == [r["evidence"] for r in deal_rows]
    codes = run(ingested.data_dir, "deals", "--format", "csv", "--codes")
    rows = list(csv.DictReader(io.StringIO(codes.stdout.removeprefix("\ufeff"))))
    assert list(rows[0]) == list(deal_rows[0])
    assert [r["stage"] for r in rows] == [r["stage"] for r in deal_rows]


def test_deals_xlsx(ingested: Ingested, deal_rows: list[dict[str, Any]], tmp_path: Path) -> None:
    target = tmp_path / "deals.xlsx"
    result = run(ingested.data_dir, "deals", "--format", "xlsx", "-o", str(target))
    assert result.exit_code == 0, result.output
    sheet = load_workbook(target).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:2] == ("项目", "投资方")
    assert len(values) == len(deal_rows) + 1
    projects = {row[0] for row in values[1:]}
    assert "光大人工智能产业基地" in projects


# ---------------------------------------------------------------------------- extract, ask


def test_extract_writes_an_audit_page_with_the_article_escaped(tmp_path: Path) -> None:
    article = tmp_path / "xss.txt"
    # in the title, and before, inside and after the highlighted span
    deal = f"2023年5月6日,星河园区与示例科技公司签约星河智能制造基地项目{XSS},总投资12亿元。"
    article.write_text(f"星河园区{XSS}签约\n\n据报道{XSS}。{deal}{XSS}\n", encoding="utf-8")
    page = tmp_path / "out.html"
    result = run(tmp_path / "data", "extract", str(article), "--html", str(page), "--backend", "rules")
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert XSS not in html and "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5  # <title>, <h1>, paragraphs 1 and 2
    assert "<mark" in html and "12亿元" in html
    assert not (tmp_path / "data").exists(), "extract does not store anything"


def test_extract_json_prints_verified_deals(tmp_path: Path) -> None:
    path = seed_path("004")
    results = json_out(run(tmp_path, "extract", str(path), "--backend", "rules", "--format", "json"))
    (result,) = results
    text = path.read_text(encoding="utf-8")
    assert result["backend"] == "rules" and result["deals"]
    for deal in result["deals"]:
        for s in deal["evidence"]:
            assert text[s["start"] : s["end"]] == s["quote"]


def test_ask_json_cites_the_amount(ingested: Ingested) -> None:
    result = run(
        ingested.data_dir, "ask", "光大人工智能产业基地总投资多少?", "--format", "json", "--backend", "rules"
    )
    answer = Answer.model_validate(json_out(result))
    assert not answer.abstained and "200亿元" in answer.answer
    assert answer.citations and any("200亿元" in c.quote for c in answer.citations)
    for c in answer.citations:
        text = (SEEDS / c.source).read_text(encoding="utf-8")
        assert text[c.start : c.end] == c.quote


def test_ask_table_shows_the_citation(ingested: Ingested) -> None:
    result = run(ingested.data_dir, "ask", "光大人工智能产业基地总投资多少?", "--backend", "rules")
    assert result.exit_code == 0, result.output
    assert "200亿元" in result.stdout and "004_9799bbb4fcc4f8c1.txt#" in flat(result.stdout)


# ---------------------------------------------------------------------------- bad input


def test_a_bad_folder_ingests_what_it_can_and_says_why_not_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "good.txt").write_text(
        "2023年5月6日,星河园区与示例科技公司签约星河智能制造基地项目,总投资12亿元。\n", encoding="utf-8"
    )
    data = tmp_path / "data"
    result = run(data, "ingest", str(folder), "--backend", "rules")
    assert result.exit_code == 1
    no_traceback(result)
    errors = flat(result.stderr)
    assert "empty.txt" in errors and "emptyfile" in errors
    assert "binary.txt" in errors and "binaryfile" in errors and "PNG" in errors
    assert "good.txt:" not in errors
    assert [r["id"] for r in json_out(run(data, "sources", "--format", "json"))] == ["good.txt"]
    rows = json_out(run(data, "deals", "--format", "json"))
    assert [r["amount_cny"] for r in rows] == [1.2e9]


def test_a_missing_path_is_reported_not_raised(tmp_path: Path) -> None:
    result = run(
        tmp_path / "data", "ingest", str(tmp_path / "nowhere"), "--backend", "rules", "--format", "json"
    )
    assert result.exit_code == 1
    no_traceback(result)
    summary = json.loads(result.stdout)
    assert summary["failed"] == [{"path": str(tmp_path / "nowhere"), "reason": "no such file or folder"}]


# ---------------------------------------------------------------------------- the command list


def readme_commands() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `dealqa ([a-z][\w-]*)", section, flags=re.M))


def test_the_readme_lists_exactly_the_commands() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    registered = set(group.commands)
    assert len(readme_commands()) >= 9
    assert readme_commands() == registered
    for name, command in group.commands.items():
        assert (command.help or "").strip(), f"`dealqa {name}` has no help text"


@pytest.mark.parametrize("name", sorted(readme_commands()))
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.stdout and name in result.stdout


def test_python_dash_m_extractor_is_the_same_command() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "extractor", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "dealqa" in proc.stdout
    for name in readme_commands():
        assert name in proc.stdout


def test_bad_paragraph_reference_and_bad_date_are_clear_errors(ingested: Ingested) -> None:
    result = run(ingested.data_dir, "show", "004_9799bbb4fcc4f8c1.txt#abc")
    assert result.exit_code == 1 and "paragraphnumber" in flat(result.output)
    no_traceback(result)
    result = run(ingested.data_dir, "deals", "--from", "yesterday")
    assert result.exit_code == 2 and "2023-07-28" in flat(result.output)
    no_traceback(result)


def test_an_ingest_leaves_the_record_index_of_its_generation_for_readers(ingested: Ingested) -> None:
    from extractor.store import Store

    from .conftest import offline_settings

    generation = Store(offline_settings(ingested.data_dir)).generation()
    assert (ingested.data_dir / "records" / str(generation)).is_dir()
