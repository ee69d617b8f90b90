"""The ``dealqa`` Typer app: global options, settings, and errors translated at the boundary."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from ..config import Settings, get_settings, local_store_note
from ..errors import DealqaError, InterruptedRunError
from ..workers import limit_malloc_arenas
from .output import err

app = typer.Typer(
    help="dealqa: 招商引资新闻 → 可核查的项目数据与带引用的问答 (investment news into checkable deals).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


# The shell's exit status for a run stopped by Ctrl-C (128 + SIGINT).
INTERRUPTED = 130


class State:
    settings: Settings = get_settings()


def _version(value: bool) -> None:
    if value:
        try:
            number = metadata.version("dealqa")
        except metadata.PackageNotFoundError:  # run from a source tree that was never installed
            number = "unknown (not installed)"
        sys.stdout.write(f"dealqa {number}\n")
        raise typer.Exit()


@app.callback()
def _root(
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help="Where the store lives (DEALQA_DATA_DIR; default: ./.dealqa if present, else one per user).",
        ),
    ] = None,
    chroma_host: Annotated[
        str | None, typer.Option("--chroma-host", help="Use a `chroma run` server (DEALQA_CHROMA_HOST).")
    ] = None,
    chroma_port: Annotated[int | None, typer.Option("--chroma-port", help="Server port.")] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    changes: dict[str, Any] = {}
    if data_dir is None and (note := local_store_note(get_settings())):
        err.print(note, soft_wrap=True, markup=False, highlight=False)
    if data_dir is not None:
        changes["data_dir"] = data_dir
    if chroma_host is not None:
        changes["chroma_host"] = chroma_host
    if chroma_port is not None:
        changes["chroma_port"] = chroma_port
    State.settings = get_settings().with_(**changes) if changes else get_settings()


@contextmanager
def guard() -> Iterator[None]:
    """Errors end a command in one line that says how to fix them (exit 1); Ctrl-C in one line (130)."""
    try:
        yield
    except InterruptedRunError as exc:
        err.print(str(exc), soft_wrap=True, markup=False, highlight=False)
        raise typer.Exit(INTERRUPTED) from None
    except KeyboardInterrupt:
        err.print("interrupted: run the same command again to resume", soft_wrap=True, highlight=False)
        raise typer.Exit(INTERRUPTED) from None
    except DealqaError as exc:
        message = " ".join(str(exc).split())
        err.print(Text.assemble(("错误 error: ", "bold red"), message), soft_wrap=True, highlight=False)
        raise typer.Exit(1) from exc


def main(argv: Sequence[str] | None = None) -> None:
    limit_malloc_arenas()  # before Chroma's threads start (see ``workers``)
    # instructor logs exhausted re-asks as errors; dealqa reports them in each result's diagnostics
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    app(args=list(argv) if argv is not None else None, prog_name="dealqa")
