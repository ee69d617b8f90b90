"""How the CLI prints: tables for people, JSON, JSONL, CSV and XLSX for scripts, progress bars."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .. import render

# Piped or captured output is not squeezed to 80 columns: tables stay one row per record.
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True)


class Fmt(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"


def progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[item]}", style="dim"),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def emit(rows: Sequence[dict[str, Any]], fmt: Fmt, *, title: str, output: Path | None = None) -> None:
    if fmt is Fmt.xlsx:
        target = output or Path("deals.xlsx")
        target.write_bytes(render.to_xlsx(rows))
        err.print(f"wrote {len(rows)} rows to {target}")
        return
    if fmt is Fmt.csv:
        text = render.to_csv(rows)
    elif fmt is Fmt.jsonl:
        text = render.to_jsonl(rows)
    elif fmt is Fmt.json:
        text = json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"
    else:
        table = Table(title=title, show_lines=False, header_style="bold")
        for col in rows[0] if rows else ["（无）"]:
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(*(str(v) for v in row.values()))
        out.print(table)
        return
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {len(rows)} rows to {output}")
    else:
        sys.stdout.write(text)


def write(text: str, output: Path | None) -> None:
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def print_summary(summary: dict[str, Any]) -> None:
    table = Table(title="入库小结 ingest summary", show_header=False)
    for key, value in summary.items():
        if key in ("failed", "extraction_failed"):
            continue
        table.add_row(key, str(value))
    out.print(table)
    for key in ("failed", "extraction_failed"):
        for item in summary.get(key) or []:
            if isinstance(item, dict):
                src, reason = item.get("path") or item.get("source"), item.get("reason")
            else:
                src, reason = item
            err.print(f"[red]✗[/] {src}: {reason}")
