"""How the CLI prints: tables for people, JSON, JSONL, CSV and XLSX for scripts, progress bars.

CSV and XLSX are ``extractor.export``'s, byte for byte what the web page downloads.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

# Piped or captured output is not squeezed to 80 columns: tables stay one row per record.
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True)


class Fmt(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"


class TextFmt(StrEnum):
    """What a command that prints one result (an answer) can print."""

    table = "table"
    json = "json"


Rows = Sequence[Mapping[str, Any]]


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


def check_target(fmt: Fmt, output: Path | None, *, name: str) -> None:
    """A binary format (xlsx) goes to ``-o FILE`` or a redirect, never to a terminal: exit 2 with how;
    ``name`` is the command's own, so the file it suggests is (``sources.xlsx``, never ``deals.xlsx``)."""
    if fmt is Fmt.xlsx and output is None and sys.stdout.isatty():
        file = f"{name}.xlsx"
        err.print(
            f"[bold red]错误 error:[/] --format xlsx is a binary file and stdout is a terminal: "
            f"add -o {file} (or redirect: > {file})"
        )
        raise typer.Exit(2)


def emit(
    rows: Rows,
    fmt: Fmt,
    *,
    title: str,
    name: str,
    output: Path | None = None,
    sheet: str | None = None,
    more_sheets: Sequence[tuple[str, Rows]] = (),
) -> None:
    """Print ``rows`` as ``fmt``, to ``output`` or stdout. ``name`` is the command's, for the file a
    hint suggests; ``sheet`` and ``more_sheets`` name the workbook's sheets (xlsx only)."""
    from .. import export

    if fmt is Fmt.xlsx:
        check_target(fmt, output, name=name)
        data = export.to_xlsx([(sheet or title, rows), *more_sheets])
        if output:
            output.write_bytes(data)
            err.print(f"wrote {len(rows)} rows to {output}")
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        return
    if fmt is Fmt.csv:
        text = export.to_csv(rows)
    elif fmt is Fmt.jsonl:
        text = export.to_jsonl(rows)
    elif fmt is Fmt.json:
        text = json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"
    else:
        table = Table(title=title, show_lines=False, header_style="bold")
        for col in rows[0] if rows else ["（无）"]:
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in row.values()))
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
