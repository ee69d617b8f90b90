"""The ``dealqa`` Typer app: global options, settings, and errors translated at the boundary."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from ..config import Settings, get_settings
from ..errors import DealqaError
from .output import err

app = typer.Typer(
    help="dealqa: 招商引资新闻 → 可核查的项目数据与带引用的问答 (investment news into checkable deals).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class State:
    settings: Settings = get_settings()


@app.callback()
def _root(
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="Where the store lives (DEALQA_DATA_DIR).")
    ] = None,
    chroma_host: Annotated[
        str | None, typer.Option("--chroma-host", help="Use a `chroma run` server (DEALQA_CHROMA_HOST).")
    ] = None,
    chroma_port: Annotated[int | None, typer.Option("--chroma-port", help="Server port.")] = None,
) -> None:
    changes: dict[str, Any] = {}
    if data_dir is not None:
        changes["data_dir"] = data_dir
    if chroma_host is not None:
        changes["chroma_host"] = chroma_host
    if chroma_port is not None:
        changes["chroma_port"] = chroma_port
    State.settings = get_settings().with_(**changes) if changes else get_settings()


@contextmanager
def guard() -> Iterator[None]:
    try:
        yield
    except DealqaError as exc:
        err.print(f"[bold red]错误 error:[/] {exc}")
        raise typer.Exit(1) from exc


def main(argv: Sequence[str] | None = None) -> None:
    # instructor logs exhausted re-asks as errors; dealqa reports them in each result's diagnostics
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    app(args=list(argv) if argv is not None else None, prog_name="dealqa")
