"""The one export (``extractor.export``): the same CSV and XLSX from the CLI and the web, escaped
against formula injection, and the CLI's rules for where a binary file may go."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from extractor.export import (
    YI_FORMAT,
    aggregate_rows,
    deal_rows,
    safe_cell,
    to_csv,
    to_xlsx,
)
from extractor.filters import DatedDeal
from extractor.render import format_money
from extractor.schema import Aggregate, Deal, Money, Span
from extractor.text.amounts import parse_money
from extractor.text.normalize import display_width
from tests.conftest import ROOT, cli, cli_store

EVIL = {
    # quotes that start with a formula: a spreadsheet must show them, never run them
    "evil.txt": "园区动态\n\n=1+1星河园区与示例科技公司签约星河智能制造基地项目,总投资近3.26亿元。\n\n"
    "@SUM(A1)明月园区与长风新能源有限公司签约储能项目,总投资30亿元。\n",
    # one firm, no project name, told by two articles (one with the amount): one row with --dedupe
    "a.txt": "新能源动态\n\n明月园区与长风新能源有限公司签约储能项目,总投资30亿元。\n",
    "b.txt": "长风来了\n\n近日,长风新能源有限公司与明月园区签约,总投资30亿元。\n",
}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cli_store(tmp_path_factory.mktemp("export"), EVIL)


def _span(quote: str, source: str = "x.txt") -> Span:
    return Span(source=source, paragraph=2, start=0, end=len(quote), quote=quote)


def _deal(project: str, quote: str, money: str | None = "12亿元", stage: str = "signed") -> Deal:
    return Deal.model_validate(
        {"project": project, "amount": parse_money(money) if money else None, "stage": stage,
         "evidence": [_span(quote)]}
    )  # fmt: skip


# --------------------------------------------------------------------------- formula injection


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_like_text_is_prefixed(text: str) -> None:
    assert safe_cell(text) == "'" + text
    assert safe_cell("星河" + text) == "星河" + text
    assert safe_cell(-5) == -5 and safe_cell(3.26) == 3.26  # numbers stay numbers


def test_xlsx_holds_no_formula_and_csv_escapes_the_cell() -> None:
    deals = [
        _deal("=1+1", "=1+1星河园区签约星河智能制造基地项目"),
        _deal("@SUM(A1)", "@SUM(A1)明月园区签约储能项目", money="-5亿元"),
    ]
    rows = deal_rows([[DatedDeal(d, "2023-05-06")] for d in deals])
    book = load_workbook(io.BytesIO(to_xlsx([("项目", rows)])))
    cells = [c for row in book["项目"].iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if c.data_type == "s"}
    assert {"=1+1", "@SUM(A1)", "=1+1星河园区签约星河智能制造基地项目"} <= texts
    amounts = [c for c in cells if book["项目"].cell(1, c.column).value == "金额(亿元)" and c.row > 1]
    assert [c.value for c in amounts] == [12] and amounts[0].data_type == "n"
    parsed = list(csv.DictReader(io.StringIO(to_csv(rows).removeprefix("\ufeff"))))
    assert [r["项目"] for r in parsed] == ["'=1+1", "'@SUM(A1)"]
    assert parsed[0]["证据原文"] == "'=1+1星河园区签约星河智能制造基地项目"
    assert parsed[0]["金额(亿元)"] == "12"


def test_stored_evidence_starting_with_a_formula_exports_as_text(store_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "deals.xlsx"
    result = cli(store_dir, "deals", "--format", "xlsx", "-o", str(target))
    assert result.exit_code == 0, result.output
    book = load_workbook(target)
    sheet = book["项目"]
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert any(isinstance(v, str) and v.startswith("=1+1") for v in values)
    assert any(isinstance(v, str) and v.startswith("@SUM(A1)") for v in values)
    assert not [c.coordinate for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]
    text = cli(store_dir, "deals", "--format", "csv").stdout
    evidence = [r["证据原文"] for r in csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))]
    assert any(e.startswith("'=1+1") for e in evidence) and any(e.startswith("'@SUM(A1)") for e in evidence)
    assert not any(e.startswith(("=", "@")) for e in evidence)


# --------------------------------------------------------------------------- what the files look like


def test_csv_has_a_bom_chinese_headers_labels_and_amounts_in_yi() -> None:
    deal = _deal("星河智能制造基地项目", "星河园区签约星河智能制造基地项目", money="近3.26亿元")
    text = to_csv(deal_rows([[DatedDeal(deal, "2023-05-06")]]))
    assert text.startswith("\ufeff项目,投资方,地点,")
    (row,) = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    assert row["阶段"] == "签约" and row["金额"] == "近3.26亿元" and row["金额(亿元)"] == "3.26"
    assert row["日期"] == "2023-05-06" and row["日期来源"] == "文章发布"
    (codes,) = deal_rows([[DatedDeal(deal, "2023-05-06")]], codes=True)
    assert codes["stage"] == "signed" and codes["date_source"] == "article" and codes["amount_yi"] == 3.26


def test_xlsx_formats_widths_frozen_header_filter_and_aggregates_sheet() -> None:
    deal = _deal("星河智能制造基地项目" * 2, "星河园区签约", money="200亿元")
    agg = Aggregate(
        scope="重庆高新区上半年", count=39, amount=parse_money("605.6亿元"), evidence=[_span("共39个")]
    )
    data = to_xlsx([("项目", deal_rows([[DatedDeal(deal)]])), ("汇总", aggregate_rows([agg]))])
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["项目", "汇总"]
    sheet = book["项目"]
    headers = [c.value for c in sheet[1]]
    amount = sheet.cell(2, headers.index("金额(亿元)") + 1)
    assert amount.value == 200 and amount.number_format == YI_FORMAT
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
    width = sheet.column_dimensions["A"].width
    assert width is not None and width >= display_width("星河智能制造基地项目" * 2) == 40
    aggs = book["汇总"]
    row = dict(zip([c.value for c in aggs[1]], [c.value for c in aggs[2]], strict=True))
    assert row["范围"] == "重庆高新区上半年" and row["项目数"] == 39 and row["金额(亿元)"] == 605.6
    assert row["口径"] == "投资额" and aggs.freeze_panes == "A2"


# --------------------------------------------------------------------------- money as written


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("近3.26亿元", "近3.26亿元"),
        ("约2亿元", "约2亿元"),
        ("5亿元左右", "5亿元左右"),
        ("将近10亿元", "将近10亿元"),
    ],
)
def test_an_approximate_amount_keeps_its_own_word(written: str, shown: str) -> None:
    money = parse_money(written)
    assert money is not None and money.kind == "approx"
    assert format_money(money) == shown


def test_an_approximate_amount_without_a_known_word_is_shown_as_written() -> None:
    money = Money(text="数亿元", value=1e8, cny=1e8, kind="approx")
    assert format_money(money) == "数亿元"


# --------------------------------------------------------------------------- the CLI


def test_dedupe_groups_investor_only_records_and_lists_sources(store_dir: Path) -> None:
    plain = json.loads(cli(store_dir, "deals", "--format", "json").stdout)
    firm = [r for r in plain if r["investors"] == ["长风新能源有限公司"] and not r["project"]]
    assert {r["source"] for r in firm} >= {"a.txt", "b.txt"}
    deduped = json.loads(cli(store_dir, "deals", "--dedupe", "--format", "json").stdout)
    (group,) = [r for r in deduped if r["investors"] == ["长风新能源有限公司"] and not r["project"]]
    assert isinstance(group["sources"], list) and len(group["sources"]) == len(firm)
    assert group["amount_yi"] == 30  # the report with the amount leads
    text = cli(store_dir, "deals", "--dedupe", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    (row,) = [r for r in rows if r["投资方"] == "长风新能源有限公司" and not r["项目"]]
    assert row["来源"] == "；".join(group["sources"])


def test_xlsx_redirected_goes_to_stdout(
    store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli(store_dir, "deals", "--format", "xlsx")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes[:2] == b"PK"
    assert load_workbook(io.BytesIO(result.stdout_bytes))["项目"].max_row > 1
    assert list(tmp_path.iterdir()) == []  # no deals.xlsx left in the current folder


def _in_a_terminal(*args: str, cwd: Path) -> tuple[int, str]:
    """Run ``dealqa`` with stdout on a pseudo-terminal, as a person at a shell does."""
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    proc = subprocess.run(
        [sys.executable, "-m", "extractor", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )
    os.close(follower)
    os.close(leader)
    return proc.returncode, proc.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize(("command", "name"), [("deals", "deals"), ("sources", "sources")])
def test_xlsx_to_a_terminal_needs_a_file(store_dir: Path, tmp_path: Path, command: str, name: str) -> None:
    code, stderr = _in_a_terminal("--data-dir", str(store_dir), command, "--format", "xlsx", cwd=tmp_path)
    assert code == 2, stderr
    assert f"-o {name}.xlsx" in stderr and "terminal" in stderr
    assert list(tmp_path.iterdir()) == []  # nothing written behind the user's back


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_ask_refuses_formats_it_cannot_print(store_dir: Path, fmt: str) -> None:
    result = cli(store_dir, "ask", "星河智能制造基地总投资多少?", "--format", fmt)
    assert result.exit_code == 2
    assert "table" in result.output and "json" in result.output


@pytest.mark.parametrize(
    "args", [("ask", "星河智能制造基地总投资多少?"), ("deals",), ("deals", "--format", "json")]
)
def test_an_empty_store_says_to_ingest_first(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = cli(tmp_path / "empty", *args)
    assert result.exit_code == 1, result.output
    said = re.sub(r"\s+", "", result.output)
    assert "noarticlesin" in said and "rundealqaingestPATHfirst" in said
    assert "Traceback" not in result.output


def test_web_and_cli_csv_are_the_same(store_dir: Path) -> None:
    from fastapi.testclient import TestClient

    from extractor.web.app import create_app
    from tests.conftest import offline_settings

    from_cli = cli(store_dir, "deals", "--format", "csv").stdout
    with TestClient(create_app(offline_settings(store_dir))) as client:
        web = client.get("/api/deals", params={"format": "csv"})
    assert web.status_code == 200, web.text
    as_rows: Any = lambda text: sorted(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))  # noqa: E731
    assert web.content.decode("utf-8").startswith("\ufeff")
    assert as_rows(web.content.decode("utf-8")) == as_rows(from_cli)
