"""``dealqa cache``: the LLM backend's cache of verified drafts."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from .app import State, app, guard
from .output import Fmt, out

cache_app = typer.Typer(help="The LLM cache of verified extraction drafts.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("clear")
def clear(
    fmt: Annotated[Fmt, typer.Option("--format", help="table or json.")] = Fmt.table,
) -> None:
    """Empty the LLM cache, so the next extraction asks the model again."""
    from ..extract import clear_llm_cache

    with guard():
        removed, where = clear_llm_cache(State.settings)
    if fmt is Fmt.json:
        sys.stdout.write(json.dumps({"removed": removed, "cache": str(where)}) + "\n")
    else:
        out.print(f"已清空 LLM 缓存 cleared the LLM cache: {removed} drafts removed ({where})")
